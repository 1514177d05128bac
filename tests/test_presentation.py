from reports.models import Section
from reports.presentation import Highlight, layout

TEXT = "标题\n一、主要举措\n全年办理案件12件。开展培训3次。\n\n二、存在的不足和原因\n培训不够。"


def sections():
    return [
        Section(order=1, level=1, number="一", heading="主要举措", start=3, end=TEXT.index("二、")),
        Section(
            order=2,
            level=1,
            number="二",
            heading="存在的不足和原因",
            start=TEXT.index("二、"),
            end=len(TEXT),
        ),
    ]


def test_layout_keeps_offsets_of_every_paragraph():
    paragraphs = layout(TEXT, sections(), [])

    assert [TEXT[p.start : p.end] for p in paragraphs] == [
        "标题",
        "一、主要举措",
        "全年办理案件12件。开展培训3次。",
        "二、存在的不足和原因",
        "培训不够。",
    ]
    assert [p.section.order if p.section else None for p in paragraphs] == [None, 1, None, 2, None]


def test_layout_marks_a_span_inside_a_paragraph():
    start = TEXT.index("开展培训")

    paragraph = layout(TEXT, [], [Highlight(start, start + 4, "comment", "quote-1")])[2]

    assert [(p.text, p.kinds, p.anchors) for p in paragraph.pieces] == [
        ("全年办理案件12件。", (), ()),
        ("开展培训", ("comment",), ("quote-1",)),
        ("3次。", (), ()),
    ]


def test_layout_span_across_paragraphs_gets_its_id_once():
    start = TEXT.index("3次")
    end = TEXT.index("二、") + 2

    paragraphs = layout(TEXT, [], [Highlight(start, end, "warning", "finding-0")])

    anchors = [a for p in paragraphs for piece in p.pieces for a in piece.anchors]
    marked = "".join(piece.text for p in paragraphs for piece in p.pieces if piece.kinds)
    assert (anchors, marked) == (["finding-0"], "3次。二、")


def test_layout_two_spans_from_one_place_keep_both_ids():
    start = TEXT.index("全年")
    highlights = [
        Highlight(start, start + 2, "info", "finding-0"),
        Highlight(start, start + 6, "comment", "quote-7"),
    ]

    piece = layout(TEXT, [], highlights)[2].pieces[0]

    assert (piece.text, piece.anchors) == ("全年", ("finding-0", "quote-7"))


def test_layout_runon_heading_paragraph_bolds_first_clause():
    text = (
        "（一）强化组织领导。成立领导小组，由局长任组长，分管领导任副组长，各科室负责人为成员。" * 2
    )
    section = Section(
        order=1, level=2, number="（一）", heading="强化组织领导", start=0, end=len(text)
    )

    paragraph = layout(text, [section], [])[0]

    first = paragraph.pieces[0]
    assert (first.text, first.kinds) == (
        "（一）强化组织领导。",
        ("heading",),
    )
    assert paragraph.is_heading is False


def test_markup_escapes_as_format_html_does():
    from django.utils.html import format_html
    from django.utils.safestring import mark_safe

    from reports.markup import markup

    args = ("<b>\"甲县\"</b> & '局'", mark_safe("<i>safe</i>"), 3, None)

    assert markup("<td title='{}'>{}{}{}</td>", *args) == format_html(
        "<td title='{}'>{}{}{}</td>", *args
    )
