"""Reused text at county scale: a new report against 15,000 stored ones (3,000 agencies x 5 years).

Prints the time from a new report's fingerprint to its result (target: under 200 ms on one core):
the band-key lookup in an indexed SQLite table, loading the candidates' stored fingerprints, and
their exact comparison; then the index's size as stored (rows and bytes).

The stored reports are synthetic, written to have the structure reuse depends on:

- the words of each agency's own sentences are drawn from a vocabulary of a few thousand made-up
  two- and three-character words, Zipf-distributed, so that independent reports share runs of
  characters about as rarely as real ones do (a few per cent of their shingles);
- stock phrases (STOCK_PHRASES) are sprinkled through all of them, and each county has a dozen
  sentences of its own that most of its agencies use;
- an agency keeps 40-80 % of last year's sentences, figures changed, some moved within their
  paragraph; one report in twenty takes a third to two thirds of a neighbour's (same county,
  same year) with the names swapped.

The project's load generator (benchmarks/loadgen) does not fit: its few dozen composed
reports give every agency of a kind the same paragraphs, so all its reports copy each other.
"""

from __future__ import annotations

import itertools
import multiprocessing
import os
import random
import sqlite3
import statistics
import tempfile
import time
from pathlib import Path

from reports.parsing import check_text
from reports.parsing.reuse import (
    STOCK_PHRASES,
    Fingerprint,
    PhraseStats,
    compare,
    fingerprint,
    lookup_keys,
    max_postings,
)
from reports.parsing.reuse.index import CANDIDATES, MIN_HITS

COUNTIES = 100
AGENCIES_PER_COUNTY = 30
YEARS = tuple(range(2019, 2024))
NEW_REPORTS = 40
STATS_SAMPLE = 3000
TARGET_MS = 200

# Characters common in these reports, from which the made-up words are built.
_CHARS = (
    "法治政府建设依法行政推进工作开展加强组织领导责任落实制度机制完善健全规范执法监督检查宣传教育"
    "培训学习干部群众服务管理审查决策程序公开信息社会经济发展改革创新安全生产环境保护市场企业项目"
    "资金财政预算审计考核评估调研问题整改风险防控矛盾纠纷调解信访平台系统数据网络技术标准质量能力"
    "水平意识思想理论实践基层农村社区街道乡镇部门单位机关队伍人员专业业务职能职责任务目标措施方案"
    "计划总结报告会议文件政策法规条例办法规定通知意见要求重点难点亮点特色成效成果经验做法亲自主持"
    "部署研究协调督促指导支持配合参与合作交流沟通联系走访慰问帮扶救助保障民生就业教育医疗卫生文化"
    "旅游交通水利农业林业畜牧土地规划住房城乡建筑消防应急气象统计档案保密人事编制财务资产采购合同"
)
_PLACES = "青白云山河湖松柏桃李梅竹兰石金银龙凤安平宁康泰和丰盛兴华明光新东南西北"
_KINDS = (
    "司法局",
    "财政局",
    "教育局",
    "民政局",
    "交通运输局",
    "水利局",
    "农业农村局",
    "自然资源局",
    "卫生健康局",
    "市场监督管理局",
    "应急管理局",
    "人力资源和社会保障局",
    "住房和城乡建设局",
    "文化旅游广电局",
    "统计局",
)
_HEADINGS = (
    ("推进法治政府建设的主要举措和成效", "measures"),
    ("存在的不足和原因", "shortcomings"),
    ("党政主要负责人履行推进法治建设第一责任人职责情况", "leadership"),
    ("下一年度推进法治政府建设的主要安排", "plans"),
)


class Writer:
    """Made-up sentences with the statistics of report text: shared words, rare long runs."""

    def __init__(self, seed: int) -> None:
        rng = random.Random(seed)
        self.words = [
            "".join(rng.choice(_CHARS) for _ in range(rng.choice((2, 2, 2, 3))))
            for _ in range(6000)
        ]
        # Zipf-like, flattened at the top: no word is more than 1 % of the text.
        weights = [1 / (rank + 20) for rank in range(len(self.words))]
        self.cumulative = list(itertools.accumulate(weights))

    def sentence(self, rng: random.Random, name: str) -> str:
        clauses = []
        for _ in range(rng.randint(2, 4)):
            words = rng.choices(self.words, cum_weights=self.cumulative, k=rng.randint(3, 6))
            clause = "".join(words)
            if rng.random() < 0.3:
                clause += f"{rng.randint(2, 900)}{rng.choice('次项件场人个')}"
            clauses.append(clause)
        if rng.random() < 0.15:
            clauses.insert(rng.randrange(len(clauses) + 1), rng.choice(STOCK_PHRASES))
        if rng.random() < 0.1:
            clauses[0] = name + clauses[0]
        return "，".join(clauses) + "。"


def _name(county: int, agency: int) -> tuple[str, str]:
    rng = random.Random(county)
    place = "".join(rng.sample(_PLACES, 2)) + "县"
    return place, place + _KINDS[agency % len(_KINDS)] + ("" if agency < 15 else "二分局")


def _refigure(sentence: str, rng: random.Random) -> str:
    return "".join(str(rng.randint(0, 9)) if ch.isdigit() else ch for ch in sentence)


def corpus(seed: int = 7) -> list[tuple[int, int, int, str]]:
    """(report id, agency id, year, text) of every synthetic report, oldest year first."""
    writer = Writer(seed)
    rng = random.Random(seed)
    paragraphs: dict[int, list[list[str]]] = {}
    reports: list[tuple[int, int, int, str]] = []
    county_lines = [[writer.sentence(rng, "") for _ in range(12)] for _ in range(COUNTIES)]
    for year in YEARS:
        this_year: dict[int, list[list[str]]] = {}
        for county in range(COUNTIES):
            for agency in range(AGENCIES_PER_COUNTY):
                key = county * AGENCIES_PER_COUNTY + agency
                _place, name = _name(county, agency)
                last = paragraphs.get(key)
                body = []
                for index in range(14):
                    kept = last[index] if last else []
                    share = rng.uniform(0.4, 0.8)
                    sentences = [_refigure(s, rng) for s in kept if rng.random() < share]
                    while len(sentences) < rng.randint(4, 7):
                        sentences.insert(
                            rng.randrange(len(sentences) + 1), writer.sentence(rng, name)
                        )
                    if rng.random() < 0.3:
                        rng.shuffle(sentences)
                    body.append(sentences)
                this_year[key] = body
        # Templates: a neighbour's paragraphs taken over, its name replaced by one's own.
        for key, body in this_year.items():
            if rng.random() < 0.05:
                county = key // AGENCIES_PER_COUNTY
                other = county * AGENCIES_PER_COUNTY + rng.randrange(AGENCIES_PER_COUNTY)
                if other == key:
                    continue
                own, theirs = _name(county, key % 30)[1], _name(county, other % 30)[1]
                taken = rng.uniform(0.33, 0.66)
                for index, sentences in enumerate(this_year[other]):
                    if rng.random() < taken:
                        body[index] = [s.replace(theirs, own) for s in sentences]
        paragraphs = this_year
        for key, body in this_year.items():
            county, agency = divmod(key, AGENCIES_PER_COUNTY)
            reports.append(
                (
                    len(reports),
                    key,
                    year,
                    _text(
                        name=_name(county, agency)[1],
                        year=year,
                        body=body,
                        county=county_lines[county],
                        rng=rng,
                    ),
                )
            )
    return reports


def _text(
    *, name: str, year: int, body: list[list[str]], county: list[str], rng: random.Random
) -> str:
    lines = [f"{name}{year}年度法治政府建设年度报告", "县人民政府："]
    lines.append("".join(rng.sample(county, 3)) + "现将有关情况报告如下：")
    numerals = "一二三四五六七八九十"
    paragraphs = iter(body)
    for top, (heading, _part) in enumerate(_HEADINGS):
        lines.append(f"{numerals[top]}、{heading}")
        for sub in range(5 if top == 0 else 3):
            lines.append(f"（{numerals[sub]}）" + body[(top * 3 + sub) % len(body)][0][:12])
            lines.append("".join(next(paragraphs, rng.choice(body))))
    lines.append("".join(rng.sample(county, 2)))
    lines += [name, f"{year + 1}年2月{rng.randint(1, 28)}日"]
    return "\n".join(lines)


def _fingerprint(item: tuple[int, int, int, str]) -> tuple[int, int, bytes]:
    report, agency, year, text = item
    result = check_text(text, period_year=year)
    return report, agency, fingerprint(result, agency_names=[result.agency]).to_bytes()


class Store:
    """The two tables the web side keeps, in SQLite files: fingerprints and band keys."""

    def __init__(self, folder: Path, stored: list[tuple[int, int, bytes]]) -> None:
        self.folder = folder
        self.index = sqlite3.connect(folder / "index.sqlite3")
        self.index.execute(
            "CREATE TABLE reuse_bandkey (report_id INTEGER, band INTEGER, key INTEGER)"
        )
        self.prints = sqlite3.connect(folder / "fingerprints.sqlite3")
        self.prints.execute(
            "CREATE TABLE reuse_fingerprint (report_id INTEGER PRIMARY KEY, data BLOB)"
        )
        for report, _agency, blob in stored:
            self.prints.execute("INSERT INTO reuse_fingerprint VALUES (?, ?)", (report, blob))
            self.index.executemany(
                "INSERT INTO reuse_bandkey VALUES (?, ?, ?)",
                [(report, band, key) for band, key in Fingerprint.from_bytes(blob).band_keys()],
            )
        self.index.execute("CREATE INDEX reuse_bandkey_key ON reuse_bandkey (key)")
        self.index.commit()
        self.prints.commit()
        self.reports = len(stored)

    def candidates(self, new: Fingerprint, stats: PhraseStats) -> list[int]:
        """The query of reports/parsing/reuse/index.py."""
        keys = [key for _band, key in lookup_keys(new, common=stats)]
        marks = ",".join("?" * len(keys))
        crowded = {
            key
            for (key,) in self.index.execute(
                f"SELECT key FROM reuse_bandkey WHERE key IN ({marks}) GROUP BY key "
                "HAVING COUNT(*) > ?",
                [*keys, max_postings(self.reports)],
            )
        }
        keys = [key for key in keys if key not in crowded]
        marks = ",".join("?" * len(keys))
        return [
            report
            for report, _hits in self.index.execute(
                f"SELECT report_id, COUNT(*) AS hits FROM reuse_bandkey WHERE key IN ({marks}) "
                "GROUP BY report_id HAVING hits >= ? ORDER BY hits DESC LIMIT ?",
                [*keys, MIN_HITS, CANDIDATES],
            )
        ]

    def load(self, reports: list[int]) -> list[tuple[int, Fingerprint]]:
        marks = ",".join("?" * len(reports))
        return [
            (report, Fingerprint.from_bytes(data))
            for report, data in self.prints.execute(
                f"SELECT report_id, data FROM reuse_fingerprint WHERE report_id IN ({marks})",
                reports,
            )
        ]

    def sizes(self) -> tuple[int, int, int]:
        """Rows of the index, bytes of the index's file (table and index), of the fingerprints'."""
        rows = self.index.execute("SELECT COUNT(*) FROM reuse_bandkey").fetchone()[0]
        return (
            rows,
            (self.folder / "index.sqlite3").stat().st_size,
            (self.folder / "fingerprints.sqlite3").stat().st_size,
        )


def main() -> None:
    started = time.perf_counter()
    reports = corpus()
    with multiprocessing.Pool(min(4, os.cpu_count() or 1)) as pool:
        fingerprinted = pool.map(_fingerprint, reports, chunksize=200)
    rng = random.Random(11)
    newest = [
        item for item, report in zip(fingerprinted, reports, strict=True) if report[2] == max(YEARS)
    ]
    new_ids = {report for report, _agency, _blob in rng.sample(newest, NEW_REPORTS)}
    stored = [item for item in fingerprinted if item[0] not in new_ids]
    sample = rng.sample(stored, min(STATS_SAMPLE, len(stored)))
    stats = PhraseStats.build(Fingerprint.from_bytes(blob) for _r, _a, blob in sample)
    store = Store(Path(tempfile.mkdtemp(prefix="nianbao-reuse-")), stored)
    built = time.perf_counter() - started

    texts = {report: text for report, _agency, _year, text in reports}
    timings: list[tuple[float, float, float, int, float]] = []
    found = sources_seen = 0
    for report, agency, blob in fingerprinted:
        if report not in new_ids:
            continue
        new = Fingerprint.from_bytes(blob, text=check_text(texts[report]).text)
        begin = time.perf_counter()
        candidates = store.candidates(new, stats)
        looked_up = time.perf_counter()
        sources = store.load(candidates)
        loaded = time.perf_counter()
        result = compare(new, sources, common=stats)
        done = time.perf_counter()
        timings.append(
            (done - begin, looked_up - begin, loaded - looked_up, len(sources), result.copied_share)
        )
        # Every report of its county, compared without the index: the sources it should find.
        county = agency // AGENCIES_PER_COUNTY
        neighbours = [r for r, a, _b in stored if a // AGENCIES_PER_COUNTY == county]
        everyone = compare(new, store.load(neighbours), common=stats)
        wanted = {s.source for s in everyone.sources if s.share >= 0.1}
        sources_seen += len(wanted)
        found += len(wanted & set(candidates))

    totals = sorted(t[0] * 1000 for t in timings)
    rows, index_bytes, print_bytes = store.sizes()
    print(
        f"Reused text: a new report against {len(stored):,} stored ones "
        f"({COUNTIES * AGENCIES_PER_COUNTY:,} agencies x {len(YEARS)} years), one core; "
        f"{NEW_REPORTS} new reports (set up in {built:.0f} s)"
    )
    print(
        f"  index lookup + loading + exact comparison: median {statistics.median(totals):.1f} ms, "
        f"90th percentile {totals[int(0.9 * len(totals))]:.1f} ms, max {totals[-1]:.1f} ms "
        f"(target < {TARGET_MS} ms)"
    )
    print(
        f"    lookup {statistics.median(t[1] * 1000 for t in timings):.1f} ms, "
        f"loading {statistics.median(t[2] * 1000 for t in timings):.1f} ms; "
        f"candidates compared: median {statistics.median(t[3] for t in timings):.0f}, "
        f"at most {CANDIDATES}; copied share: median "
        f"{statistics.median(t[4] for t in timings):.0%}"
    )
    print(
        f"    sources of 10 % or more (exact comparison with the whole county) found through "
        f"the index: {found} of {sources_seen}"
    )
    print(
        f"  index: {rows:,} rows (report, band, key), {index_bytes / 2**20:.1f} MiB in SQLite "
        f"with its index on key, {index_bytes / len(stored):.0f} bytes a report; fingerprints "
        f"{print_bytes / 2**20:.1f} MiB ({print_bytes / len(stored) / 1024:.1f} KiB a report); "
        f"phrase statistics {len(stats.to_bytes()) / 2**20:.1f} MiB"
    )


if __name__ == "__main__":
    main()
