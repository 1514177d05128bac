"""Plain-text files and text clean-up shared by the readers.

b"\\xef\\xbb\\xbf\\xe4\\xb8\\x80\\xe3\\x80\\x81..." (UTF-8 with BOM) or GB18030 bytes → lines → blocks.
"""

from __future__ import annotations

import codecs
import re
import unicodedata

from .types import Block, ExtractedDocument, ReadError

_CJK = (
    "\u2e80-\u2fdf\u3000-\u303f\u3040-\u30ff\u3100-\u312f\u3190-\u31ff\u3400-\u4dbf"
    "\u4e00-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef\u2018-\u201d\u2026\u2014"
    "\U00020000-\U0003134f"
)
_SPACE_IN_CJK = re.compile(
    rf"(?<=[{_CJK}])[ \u00a0]+(?=[{_CJK}0-9])|(?<=[0-9])[ \u00a0]+(?=[{_CJK}])"
)
# Text is garbage when more than this share of it is control, private-use or replacement chars.
_MAX_GARBAGE_SHARE = 0.01
# Characters that are never garbage; the per-character test runs only on what is left.
_PLAIN = re.compile(
    r"[\t\n\r\x0b\x0c\x20-\x7e\u00a0-\u024f\u2000-\u2064\u3000-\u303f\u4e00-\u9fff\uff01-\uff9f]+"
)
#: What no database keeps faithfully: C0 controls but tab and newline, DEL, lone surrogates and
#: the two non-characters. PostgreSQL refuses NUL in text and in JSON outright.
UNSTORABLE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\ud800-\udfff\ufffe\uffff]")

#: Punctuation that ends a sentence or a clause a line may stop at, and what may close after it.
SENTENCE_END = frozenset("。！？!?；;：:…")
CLOSERS = "”’」』）)》〕】\"'"
#: A line that is only a page number, as word processors print them: — 3 —, 第3页 共9页, 3/9.
#: A bare number is left to the caller: in a PDF it is a page number, in a text file it may not be.
PAGE_NUMBER = re.compile(
    r"[-—–－~～·]+\s*\d{1,4}\s*[-—–－~～·]+"
    r"|第\s*\d{1,4}\s*页(?:\s*[,，/、]?\s*共\s*\d{1,4}\s*页)?"
    r"|\d{1,4}\s*/\s*\d{1,4}"
    r"|(?:page|Page|PAGE)\s*\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?"
)

UNDECODABLE = "无法识别文件的文字编码，请另存为 UTF-8 编码的 .txt 或上传 Word 文件"
NOT_TEXT = "文件内容不是文字（可能是其他类型的文件改了扩展名），无法读取"
EMPTY = "文件是空的"


def remove_cjk_spaces(text: str) -> str:
    """Drop the spaces PDF extraction puts between Chinese characters and next to digits."""
    return _SPACE_IN_CJK.sub("", text)


def decode_text(data: bytes) -> str:
    """BOM (UTF-8, UTF-16) → strict UTF-8 → GB18030, which also covers GBK and GB2312."""
    for bom, encoding in (
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
    ):
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(encoding)
            except UnicodeDecodeError as exc:
                raise ReadError(UNDECODABLE, code="undecodable") from exc
    for encoding in ("utf-8", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ReadError(UNDECODABLE, code="undecodable")


def ends_sentence(line: str) -> bool:
    """Whether `line` ends a sentence, closing quotes and brackets after the stop allowed."""
    stripped = line.rstrip(CLOSERS)
    return not stripped or stripped[-1] in SENTENCE_END


def strip_unstorable(text: str) -> str:
    """`text` without the characters UNSTORABLE names."""
    return UNSTORABLE.sub("", text)


def looks_like_garbage(text: str) -> bool:
    """Decoded bytes of something that is not text: NULs, control and private-use characters."""
    if not text:
        return False
    rest = _PLAIN.sub("", text)
    bad = sum(
        1
        for char in rest
        if char == "\ufffd" or unicodedata.category(char) in ("Cc", "Co", "Cs", "Cn")
    )
    return bad > _MAX_GARBAGE_SHARE * len(text)


def read_txt(data: bytes) -> ExtractedDocument:
    """Blocks of a plain-text file: one per non-blank line."""
    text = decode_text(data)
    if not text.strip():
        raise ReadError(EMPTY, code="empty")
    if looks_like_garbage(text):
        raise ReadError(NOT_TEXT, code="undecodable")
    blocks = tuple(Block(text=line.strip()) for line in text.splitlines() if line.strip())
    return ExtractedDocument(format="txt", blocks=blocks)
