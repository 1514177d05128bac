"""Opening an untrusted .docx: zip pre-flight, bounded part reads and a hardened XML parser.

Everything here runs before, or instead of, any library that would inflate the whole package:
a 1 MB .docx that declares 1 GiB of XML is refused from its central directory alone.
"""

from __future__ import annotations

import io
import posixpath
import zipfile

from lxml import etree

from .types import ReadError

MAX_ENTRIES = 2000
MAX_TOTAL_UNCOMPRESSED = 200 * 1024 * 1024
MAX_RATIO = 100
# Small parts compress extremely well (an empty settings.xml); only large ones can be bombs.
RATIO_CHECK_ABOVE = 1024 * 1024
MAX_XML_PART = 64 * 1024 * 1024
_READ_CHUNK = 256 * 1024

_DOCTYPE_MARKS = (
    b"<!DOCTYPE",
    b"<!ENTITY",
    "<!DOCTYPE".encode("utf-16-le"),
    "<!DOCTYPE".encode("utf-16-be"),
    "<!ENTITY".encode("utf-16-le"),
    "<!ENTITY".encode("utf-16-be"),
)
_RELS_NS = "http://schemas.openxmlformats.org/package/2006/relationships"

TOO_LARGE_PART = "文档内容过大，无法读取"
CORRUPT_DOCX = "文件已损坏，无法作为 Word 文档读取，请在 Word 或 WPS 中重新保存为 .docx 后上传"


class DocxPackage:
    """The zip of a .docx, checked, with case-insensitive part lookup."""

    def __init__(self, data: bytes) -> None:
        try:
            self._zip = zipfile.ZipFile(io.BytesIO(data))
            infos = self._zip.infolist()
        except Exception as exc:  # zipfile raises many types on crafted input
            raise ReadError(CORRUPT_DOCX, code="corrupt") from exc
        _check_entries(infos)
        # Some generators write "word\\document.xml" or change case; Word itself tolerates both.
        self._names = {info.filename.replace("\\", "/").lower(): info for info in infos}

    def has(self, name: str) -> bool:
        return name.lower() in self._names

    def read(self, name: str) -> bytes:
        """The bytes of one part; a ReadError if it is missing, too large or damaged."""
        info = self._names.get(name.lower())
        if info is None:
            raise ReadError(CORRUPT_DOCX, code="corrupt")
        if info.file_size > MAX_XML_PART:
            raise ReadError(TOO_LARGE_PART, code="too_large")
        # The header's sizes are the file's word, not a fact: read in bounded steps and count
        # what actually comes out, so a part that inflates past its declared size costs at most
        # one step of memory before the CRC check or the cap stops it.
        pieces: list[bytes] = []
        inflated = 0
        try:
            with self._zip.open(info) as member:
                while piece := member.read(_READ_CHUNK):
                    inflated += len(piece)
                    if inflated > MAX_XML_PART:
                        raise ReadError(TOO_LARGE_PART, code="too_large")
                    pieces.append(piece)
        except ReadError:
            raise
        except Exception as exc:
            raise ReadError(CORRUPT_DOCX, code="corrupt") from exc
        return b"".join(pieces)

    def read_xml(self, name: str) -> etree._Element:
        return parse_xml(self.read(name))

    def relationships(self, part: str) -> dict[str, str]:
        """Relationship type (last path segment, e.g. "styles") → target part name."""
        directory, base = posixpath.split(part)
        rels_name = posixpath.join(directory, "_rels", base + ".rels")
        if not self.has(rels_name):
            return {}
        targets: dict[str, str] = {}
        for rel in self.read_xml(rels_name).iterchildren(f"{{{_RELS_NS}}}Relationship"):
            target = rel.get("Target")
            kind = rel.get("Type", "").rsplit("/", 1)[-1]
            if not target or rel.get("TargetMode") == "External" or kind in targets:
                continue
            if target.startswith("/"):
                resolved = target.lstrip("/")
            else:
                resolved = posixpath.normpath(posixpath.join(directory, target))
            targets[kind] = resolved
        return targets

    def close(self) -> None:
        self._zip.close()


def _check_entries(infos: list[zipfile.ZipInfo]) -> None:
    if len(infos) > MAX_ENTRIES:
        raise ReadError("文件结构异常（压缩包内文件过多），无法读取", code="zip_bomb")
    total = 0
    for info in infos:
        if info.flag_bits & 0x1:
            raise ReadError(
                "文件中有加密的内容，无法读取，请取消加密后重新保存为 .docx 再上传",
                code="encrypted",
            )
        total += info.file_size
        if info.file_size > RATIO_CHECK_ABOVE and info.file_size > MAX_RATIO * max(
            info.compress_size, 1
        ):
            raise ReadError("文件结构异常（解压后异常膨胀），无法读取", code="zip_bomb")
    if total > MAX_TOTAL_UNCOMPRESSED:
        raise ReadError("文件结构异常（解压后超过 200 MB），无法读取", code="zip_bomb")


def parse_xml(blob: bytes) -> etree._Element:
    """Parse one part with no DTD, no entities and no network; refuse any DOCTYPE outright."""
    # Word never writes a DTD, so one in a part is a crafted file (XXE, billion laughs).
    if any(mark in blob for mark in _DOCTYPE_MARKS):
        raise ReadError("文件含有不安全的内容（XML 实体声明），无法读取", code="unsafe")
    parser = etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        huge_tree=False,
        load_dtd=False,
        dtd_validation=False,
        remove_comments=True,
        remove_pis=True,
        collect_ids=False,
    )
    try:
        root = etree.fromstring(blob, parser)
    except Exception as exc:
        raise ReadError(CORRUPT_DOCX, code="corrupt") from exc
    if root is None:
        raise ReadError(CORRUPT_DOCX, code="corrupt")
    if root.getroottree().docinfo.internalDTD is not None:
        raise ReadError("文件含有不安全的内容（XML 实体声明），无法读取", code="unsafe")
    return root
