"""Whatever bytes arrive, read_document returns a document or raises ReadError, and soon."""

import datetime
import functools

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reports.parsing.extract import read_document
from reports.parsing.types import ExtractedDocument, ReadError
from tests.parsing import builders

FILENAMES = st.sampled_from(["report.docx", "report.pdf", "report.txt", "report.doc", "r.wps", "x"])
FUZZ = settings(
    max_examples=150,
    deadline=datetime.timedelta(seconds=3),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@functools.cache
def samples() -> tuple[bytes, ...]:
    lines = [
        "某某县2023年度法治政府建设年度报告",
        "一、主要举措",
        "（一）加强学习",
        "今年以来，我局坚持依法行政。",
    ]
    return (
        builders.docx_from_lines(lines, word_numbering=True, heading_styles=True),
        builders.pdf_from_lines(lines * 3, header="页眉"),
        "\n".join(lines).encode("gb18030"),
    )


def outcome(data: bytes, filename: str) -> str:
    try:
        result = read_document(data, filename)
    except ReadError as error:
        # "unreadable" is the safety net for an exception we did not foresee: a bug to fix.
        return "error" if error.code != "unreadable" and error.message else repr(error.__cause__)
    return "document" if isinstance(result, ExtractedDocument) else repr(result)


@st.composite
def mutated(draw: st.DrawFn) -> bytes:
    data = bytearray(draw(st.sampled_from(samples())))
    for _ in range(draw(st.integers(1, 4))):
        operation = draw(st.sampled_from(["flip", "truncate", "insert", "delete"]))
        at = draw(st.integers(0, max(len(data) - 1, 0)))
        if operation == "flip" and data:
            data[at] ^= draw(st.integers(1, 255))
        elif operation == "truncate":
            del data[at:]
        elif operation == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=64))
        elif operation == "delete":
            del data[at : at + draw(st.integers(1, 64))]
    return bytes(data)


@FUZZ
@given(data=st.binary(max_size=4096), filename=FILENAMES)
def test_read_random_bytes_gives_document_or_read_error(data, filename):
    assert outcome(data, filename) in ("document", "error")


@FUZZ
@given(data=mutated(), filename=FILENAMES)
def test_read_mutated_files_give_document_or_read_error(data, filename):
    assert outcome(data, filename) in ("document", "error")


@FUZZ
@given(prefix=st.sampled_from([b"PK\x03\x04", b"%PDF-1.7\n", b"\xef\xbb\xbf"]), rest=st.binary())
def test_read_magic_prefixed_garbage_gives_document_or_read_error(prefix, rest):
    assert outcome(prefix + rest, "report.docx") in ("document", "error")
