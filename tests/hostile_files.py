"""Files made to hurt a server: small on the wire, enormous once a parser believes them.

Built on the fly (never stored): each is about 1 MB and unfolds to `inflated_mib` MiB.

    lying_zip_docx()   a .docx whose zip headers declare 900 bytes for a document.xml of 1 GiB
    flate_bomb_pdf()   a one-page PDF whose content stream inflates to 1 GiB of spaces
"""

from __future__ import annotations

import functools
import zlib

from tests.parsing.builders import _CONTENT_TYPES, _ROOT_RELS, _deflated, _raw_zip

_MIB_OF_SPACES = b" " * (1 << 20)


def _deflate_spaces(compressor: zlib._Compress, inflated_mib: int) -> bytes:
    """`inflated_mib` MiB of spaces through `compressor`: one flushed MiB, repeated, is cheap."""
    segment = compressor.compress(_MIB_OF_SPACES) + compressor.flush(zlib.Z_FULL_FLUSH)
    return segment * inflated_mib


@functools.cache
def lying_zip_docx(inflated_mib: int = 1024, declared: int = 900) -> bytes:
    """A .docx whose headers say document.xml is `declared` bytes; it inflates to far more."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    raw = _deflate_spaces(compressor, inflated_mib) + compressor.flush(zlib.Z_FINISH)
    return _raw_zip(
        [
            ("[Content_Types].xml", *_deflated(_CONTENT_TYPES.encode())),
            ("_rels/.rels", *_deflated(_ROOT_RELS.encode())),
            ("word/document.xml", raw, 0, declared),
        ]
    )


@functools.cache
def flate_bomb_pdf(inflated_mib: int = 1024) -> bytes:
    """A valid one-page PDF whose page content is a FlateDecode stream of spaces in a text run."""
    compressor = zlib.compressobj(9)
    stream = compressor.compress(b"BT /F1 12 Tf 72 700 Td (")
    stream += _deflate_spaces(compressor, inflated_mib)
    stream += compressor.compress(b") Tj ET") + compressor.flush(zlib.Z_FINISH)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)
