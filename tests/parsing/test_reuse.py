import random
from pathlib import Path

import opencc
import pytest

from reports.parsing import Part, check_text
from reports.parsing.reuse import (
    BandIndex,
    Fingerprint,
    PhraseStats,
    compare,
    fingerprint,
    lookup_keys,
)
from tests.parsing.reuse_samples import (
    EARLIER,
    LATER,
    LATER_KEPT,
    SENTENCES,
    STRANGER,
    Report,
    boilerplate,
)

SEEDS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus" / "seeds"
_NUMERALS = set("〇零一二三四五六七八九十百千万两")


def _read(report, names=None):
    result = check_text(report.text)
    return result, fingerprint(result, agency_names=[report.agency] if names is None else names)


def _letters(text):
    """Han characters other than numerals: roughly what the share is counted in."""
    return sum(1 for ch in text if "\u4e00" <= ch <= "\u9fff" and ch not in _NUMERALS)


def _span(result, report, *sids):
    start = result.text.index(report.sentence(sids[0]))
    last = report.sentence(sids[-1])
    return start, result.text.index(last, start) + len(last)


def _body_letters(report):
    sentences = [s for paragraphs in report.parts.values() for p in paragraphs for s in p]
    return _letters("".join(report.sentence(s) for s in sentences)) + _letters(
        f"现将{report.year}年度法治政府建设情况报告如下："
    )


def test_compare_later_report_share_counts_the_kept_sentences():
    _old_result, old = _read(EARLIER)
    _result, new = _read(LATER)

    reuse = compare(new, [("2022", old)])

    kept = _letters("".join(LATER.sentence(s) for s in LATER_KEPT))
    assert reuse.copied_share == pytest.approx(kept / _body_letters(LATER), abs=0.03)
    assert [(s.source, s.share) for s in reuse.sources] == [("2022", reuse.copied_share)]


def test_compare_later_report_passages_are_exactly_the_kept_sentences():
    _old_result, old = _read(EARLIER)
    result, new = _read(LATER)

    (source,) = compare(new, [("2022", old)]).sources

    groups = [("M1",), ("M3", "M2"), ("M6", "M5"), ("M9", "M8r")]
    groups += [("S1",), ("S4",), ("L2",), ("P2", "P3")]
    assert [(p.start, p.end) for p in source.passages] == [
        _span(result, LATER, *group) for group in groups
    ]
    assert [p.text for p in source.passages] == [
        result.text[p.start : p.end] for p in source.passages
    ]


def test_compare_passages_point_at_their_source_sentences():
    old_result, old = _read(EARLIER)
    _result, new = _read(LATER)

    (source,) = compare(new, [("2022", old)]).sources

    spans = [old_result.text[p.source_start : p.source_end] for p in source.passages]
    # M3 and M2 moved: the source span runs over both, in the earlier report's order.
    assert spans[:4] == [
        EARLIER.sentence("M1"),
        EARLIER.sentence("M2") + EARLIER.sentence("M3"),
        EARLIER.sentence("M5") + EARLIER.sentence("M6"),
        EARLIER.sentence("M8") + EARLIER.sentence("M9"),
    ]
    assert spans[-1] == EARLIER.sentence("P2") + EARLIER.sentence("P3")


def test_compare_paragraph_keeping_two_old_sentences_among_three_new_reports_those_two():
    earlier = Report("青禾县农业农村局", 2022, {"measures": [["M1", "M2", "M3"]]})
    later = Report("青禾县农业农村局", 2023, {"measures": [["N1", "M2", "N2", "N3", "M3"]]})
    _old_result, old = _read(earlier)
    _result, new = _read(later)

    (source,) = compare(new, [("old", old)]).sources

    assert [p.text for p in source.passages] == [later.sentence("M2"), later.sentence("M3")]


def test_compare_parts_get_their_own_shares():
    _old_result, old = _read(EARLIER)
    _result, new = _read(LATER)

    shares = compare(new, [("2022", old)]).part_shares

    assert set(shares) == {Part.MEASURES, Part.SHORTCOMINGS, Part.LEADERSHIP, Part.PLANS}
    assert shares[Part.LEADERSHIP] == pytest.approx(
        _letters(LATER.sentence("L2"))
        / _letters("".join(LATER.sentence(s) for s in ("N8", "L2", "N9"))),
        abs=0.01,
    )


def test_compare_template_with_the_agency_name_swapped_still_counts():
    neighbour = Report("青禾县水利局", 2022, EARLIER.parts)
    _old_result, old = _read(EARLIER)
    result, new = _read(neighbour)

    with_names = compare(new, [("农业农村局", old)])
    without = compare(
        fingerprint(result, agency_names=()), [("农业农村局", fingerprint(_read(EARLIER)[0]))]
    )

    named = neighbour.sentence("M10")  # 青禾县水利局被评为先进单位: the name is half of it
    assert with_names.copied_share > 0.97  # all but the stock opening 现将……报告如下
    assert any(named in p.text for p in with_names.sources[0].passages)
    assert not any(named in p.text for p in without.sources[0].passages)


def test_compare_reads_the_abbreviations_a_report_uses_for_its_own_agency():
    # 县农业局 and 县交通局 keep their full names' characters in order: the same placeholder.
    earlier = Report(
        "青禾县农业农村局", 2022, {"measures": [["N6", "M11"]]}, name_in_text="县农业局"
    )
    later = Report("青禾县交通运输局", 2022, {"measures": [["N5", "M11"]]}, name_in_text="县交通局")
    _old_result, old = _read(earlier)
    _result, new = _read(later)

    (source,) = compare(new, [("农业农村局", old)]).sources

    assert [p.text for p in source.passages] == [later.sentence("M11")]


def test_compare_traditional_characters_match_their_simplified_forms():
    traditional = Report("青禾县农业农村局", 2022, EARLIER.parts)
    result = check_text(opencc.OpenCC("s2t").convert(traditional.text))
    _old_result, old = _read(EARLIER)

    reuse = compare(fingerprint(result, agency_names=["青禾县农业农村局"]), [("简体", old)])

    assert reuse.copied_share > 0.97


def test_compare_independent_reports_come_out_near_zero():
    _old_result, old = _read(EARLIER)
    _result, new = _read(STRANGER)

    assert compare(new, [("农业农村局", old)]).copied_share < 0.03


@pytest.mark.skipif(not SEEDS.is_dir(), reason=f"the seed corpus is not checked out at {SEEDS}")
def test_compare_independent_real_reports_come_out_near_zero():
    results = [check_text(path.read_text(encoding="utf-8")) for path in sorted(SEEDS.glob("*.txt"))]
    prints = [fingerprint(r, agency_names=[r.agency]) for r in results]

    shares = [
        compare(fp, [(j, other) for j, other in enumerate(prints) if j != i]).copied_share
        for i, fp in enumerate(prints)
    ]

    assert max(shares) < 0.03


def test_compare_boilerplate_alone_is_not_copying():
    _old_result, old = _read(boilerplate("青禾县农业农村局", "我局"))
    _result, new = _read(boilerplate("松溪县城关镇人民政府", "我镇"))

    assert compare(new, [("套话", old)]).copied_share < 0.05


def test_compare_phrases_common_in_the_store_do_not_count():
    phrase = "坚持把巡回审判车开进田间地头作为服务群众的固定动作"
    rng = random.Random(5)
    pool = "".join(dict.fromkeys("".join(SENTENCES.values())))
    pool = "".join(ch for ch in pool if "\u4e00" <= ch <= "\u9fff")

    def report(agency):
        own = "，".join("".join(rng.choices(pool, k=12)) for _ in range(3))
        text = f"{agency}2023年度法治政府建设年度报告\n一、主要举措和成效\n{phrase}。{own}。"
        return fingerprint(check_text(text), agency_names=[agency])

    stats = PhraseStats.build(report(f"第{i}号单位") for i in range(60))
    new, old = report("新单位"), report("旧单位")

    assert compare(new, [("旧", old)]).copied_share > 0.4
    assert compare(new, [("旧", old)], common=stats).copied_share == 0.0


def test_compare_says_how_much_of_the_source_a_later_report_reuses():
    _old_result, old = _read(EARLIER)
    _result, new = _read(LATER)

    (source,) = compare(new, [("2022", old)]).sources

    kept_in_old = ["M1", "M2", "M3", "M5", "M6", "M8", "M9", "S1", "S4", "L2", "P2", "P3"]
    assert source.source_share == pytest.approx(
        _letters("".join(EARLIER.sentence(s) for s in kept_in_old)) / _body_letters(EARLIER),
        abs=0.03,
    )


def test_compare_new_fingerprint_needs_its_text():
    _old_result, old = _read(EARLIER)
    _result, new = _read(LATER)

    with pytest.raises(ValueError, match="text"):
        compare(Fingerprint.from_bytes(new.to_bytes()), [("2022", old)])


def test_fingerprint_leaves_out_title_headings_and_signature():
    result, fp = _read(EARLIER)

    texts = [result.text[s.start : s.end] for s in fp.sentences]

    assert texts[0] == "现将2022年度法治政府建设情况报告如下："
    assert texts[1] == EARLIER.sentence("M1")
    assert texts[-1] == EARLIER.sentence("P4")
    assert not any("强化农业执法" in text or "主要安排" in text for text in texts)


def test_fingerprint_round_trips_through_bytes():
    result, fp = _read(LATER)

    again = Fingerprint.from_bytes(fp.to_bytes(), text=result.text)

    assert again == fp
    assert again.text == result.text
    assert again.band_keys() == fp.band_keys()


def test_fingerprint_from_bytes_refuses_what_it_did_not_write():
    _result, fp = _read(LATER)
    data = fp.to_bytes()

    for bad in (b"", b"NBFP\x09" + data[5:], data[:-3]):
        with pytest.raises(ValueError, match="fingerprint"):
            Fingerprint.from_bytes(bad)


def test_phrase_stats_count_round_trip_and_remove():
    prints = [_read(EARLIER)[1], _read(LATER)[1], _read(STRANGER)[1]]
    shingle = next(iter(prints[0].shingle_set() & prints[1].shingle_set()))
    stats = PhraseStats.build(prints, min_documents=2, share=0.5)

    again = PhraseStats.from_bytes(stats.to_bytes(), min_documents=2, share=0.5)
    assert (again.documents, again.frequency(shingle), again.is_common(shingle)) == (3, 2, True)
    again.remove(prints[1])
    assert (again.documents, again.frequency(shingle), again.is_common(shingle)) == (2, 1, False)


def _random_report(rng, pool, agency, sentences=40):
    lines = [f"{agency}2023年度法治政府建设年度报告", "一、主要举措和成效"]
    lines += ["".join(rng.choices(pool, k=rng.randint(18, 40))) + "。" for _ in range(sentences)]
    return "\n".join(lines)


def test_index_finds_a_report_that_takes_a_third_of_another_among_many():
    rng = random.Random(9)
    pool = [ch for ch in dict.fromkeys("".join(SENTENCES.values())) if "\u4e00" <= ch <= "\u9fff"]
    index = BandIndex()
    texts = {}
    for number in range(300):
        texts[number] = _random_report(rng, pool, f"第{number}单位")
        index.add(number, fingerprint(check_text(texts[number])))
    source_lines = texts[123].split("\n")
    taken = source_lines[2:16]  # 14 of its 40 sentences
    new_text = _random_report(rng, pool, "新单位", sentences=28) + "\n" + "\n".join(taken)
    new = fingerprint(check_text(new_text))

    found = index.candidates(new)

    assert found == [(123, 2 * len(taken))]  # every band key of every taken sentence
    body = new_text.split("\n", 2)[2]
    assert compare(new, [(123, fingerprint(check_text(texts[123])))]).copied_share == (
        pytest.approx(_letters("".join(taken)) / _letters(body), abs=0.005)
    )


def test_index_leaves_out_what_it_removed_and_what_is_excluded():
    index = BandIndex()
    _result, old = _read(EARLIER)
    _result, new = _read(LATER)
    index.add("2022", old)
    index.add("2021", old)

    assert [r for r, _n in index.candidates(new, exclude=frozenset({"2021"}))] == ["2022"]
    index.remove("2022")
    assert (index.candidates(new, exclude=frozenset({"2021"})), len(index)) == ([], 1)
    assert index.rows == len(old.band_keys())


def test_lookup_keys_leave_out_sentences_of_stock_phrases():
    _result, fp = _read(boilerplate("青禾县农业农村局", "我局"))

    assert lookup_keys(fp) == ()
    assert lookup_keys(_read(EARLIER)[1]) != ()
