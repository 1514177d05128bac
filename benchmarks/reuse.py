"""Reused text at county scale: a new report against 15,000 stored ones (3,000 agencies x 5 years).

The web side's own path, in a throwaway database: the reports, their fingerprints and the band-key
index stored as uploads store them, then, for new reports of the latest year, the comparison
reviews.reuse.services.compare_report makes at upload (own earlier years, the index lookup,
loading the candidates' fingerprints, the exact comparison, last year's plans, the writes).
Prints its time (target: under 200 ms on one core) and the index's size in the database, on
SQLite and, where the local server answers, on PostgreSQL (BENCH_POSTGRES_URL, as in
benchmarks/dashboard.py; the database is dropped first, so its name must contain "bench").

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

import datetime
import itertools
import multiprocessing
import os
import pickle
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks.databases import DEFAULT_POSTGRES_URL, throwaway_database
from reports.parsing import check_text
from reports.parsing.reuse import STOCK_PHRASES

COUNTIES = 100
AGENCIES_PER_COUNTY = 30
YEARS = tuple(range(2019, 2024))
NEW_REPORTS = 40
TARGET_MS = 200
_BATCH = 5000

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


def _setup() -> None:
    """Django set up, without a database: the pool's workers compute what an upload would,
    through the web side's own code."""
    import django

    os.environ["DJANGO_SETTINGS_MODULE"] = "config.test_settings"
    django.setup()


def _check(item: tuple[int, int, int, str]) -> dict[str, Any]:
    """What an upload keeps of one report: its reading, its text and its fingerprint."""
    from reports.stored import report_fields
    from reviews.reuse.services import prepare

    report, agency, year, text = item
    result = check_text(text, period_year=year)
    return {
        "report": report,
        "agency": agency,
        "year": year,
        "fields": report_fields(result),
        "prepared": prepare(result, agency_names=[]),
    }


def main() -> None:
    started = time.perf_counter()
    workdir = Path(tempfile.mkdtemp(prefix="nianbao-bench-reuse-"))
    _setup()  # the results the workers send back are the web side's values
    try:
        with multiprocessing.Pool(min(4, os.cpu_count() or 1), initializer=_setup) as pool:
            checked = pool.map(_check, corpus(), chunksize=200)
        with (workdir / "reports.pickle").open("wb") as out:
            pickle.dump(checked, out, protocol=pickle.HIGHEST_PROTOCOL)
        del checked
        print(
            f"Reused text: {COUNTIES * AGENCIES_PER_COUNTY:,} agencies x {len(YEARS)} years "
            f"written and checked in {time.perf_counter() - started:.0f} s"
        )
        for backend in ("sqlite", "postgres"):
            done = subprocess.run(
                [sys.executable, "-m", "benchmarks.reuse", backend, str(workdir)], check=False
            )
            if done.returncode:
                print(f"Reused text ({backend}): failed with exit status {done.returncode}")
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def run(backend: str, workdir: Path) -> None:
    label = {"sqlite": "SQLite", "postgres": "PostgreSQL"}[backend]
    url = os.environ.get("BENCH_POSTGRES_URL") or DEFAULT_POSTGRES_URL
    with throwaway_database(backend, workdir, url=url, label=f"Reused text ({label})") as ready:
        if ready:
            _measure(label, workdir)


def _measure(label: str, workdir: Path) -> None:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from reports.models import Report
    from reports.parsing.reuse import compare
    from reports.parsing.reuse.index import CANDIDATES
    from reviews.models import BandKey, ReportFingerprint, ReusedSource
    from reviews.reuse import services

    call_command("migrate", verbosity=0)
    with (workdir / "reports.pickle").open("rb") as stored:
        checked: list[dict[str, Any]] = pickle.load(stored)
    rng = random.Random(11)
    newest = [item["report"] for item in checked if item["year"] == max(YEARS)]
    new_ids = set(rng.sample(newest, NEW_REPORTS))
    began = time.perf_counter()
    ids = _store(checked, new_ids)
    stored_in = time.perf_counter() - began
    began = time.perf_counter()
    phrases = services.refresh_common_phrases()
    counted_in = time.perf_counter() - began
    print(
        f"Reused text ({label}): {Report.objects.count():,} stored reports with "
        f"their fingerprints and index, stored in {stored_in:.0f} s; common phrases counted over "
        f"{phrases.documents:,} of them in {counted_in:.1f} s"
    )

    timings: list[float] = []
    lookups: list[float] = []
    storing: list[float] = []
    shares: list[float] = []
    compared: list[int] = []
    found = wanted_total = 0
    for item in checked:
        if item["report"] not in new_ids:
            continue
        report = _report(ids, item, status=Report.Status.DRAFT)
        began = time.perf_counter()
        services.store_fingerprint(report=report, prepared=item["prepared"])
        storing.append((time.perf_counter() - began) * 1000)
        began = time.perf_counter()
        comparison = services.compare_report(report=report)
        timings.append((time.perf_counter() - began) * 1000)
        assert comparison is not None
        shares.append(comparison.share)
        compared.append(comparison.compared)
        new = services.readable_fingerprint(
            ReportFingerprint.objects.get(report=report), text=report.text
        )
        began = time.perf_counter()
        services.candidates(report, new, common=services.common_phrases(), before=None)
        lookups.append((time.perf_counter() - began) * 1000)
        # The whole county of the year, compared without the index: the sources to be found.
        county = list(services.neighbours(report, None).values_list("pk", flat=True))
        everyone = compare(
            new,
            [(pk, fp) for batch in services.stored_fingerprints(county) for pk, fp, _x in batch],
            common=services.common_phrases(),
        )
        wanted = {source.source for source in everyone.sources if source.share >= 0.1}
        got = set(ReusedSource.objects.filter(report=report).values_list("source", flat=True))
        wanted_total += len(wanted)
        found += len(wanted & got)

    timings.sort()
    print(
        f"  a new report compared through the stored index ({NEW_REPORTS} new reports, one "
        f"core): median {statistics.median(timings):.0f} ms, 90th percentile "
        f"{timings[int(0.9 * len(timings))]:.0f} ms, max {timings[-1]:.0f} ms "
        f"(target < {TARGET_MS} ms: {'met' if statistics.median(timings) < TARGET_MS else 'MISSED'})"
    )
    print(
        f"    of which the index lookup {statistics.median(lookups):.0f} ms; reports compared: "
        f"median {statistics.median(compared):.0f} (own earlier years and at most {CANDIDATES} "
        f"candidates); copied share: median {statistics.median(shares):.0%}; storing the "
        f"fingerprint and its index rows {statistics.median(storing):.0f} ms"
    )
    print(
        f"    sources of 10 % or more (exact comparison with the whole county) found through "
        f"the index: {found} of {wanted_total}"
    )
    rows, reports = BandKey.objects.count(), Report.objects.count()
    table, index = _sizes(connection, BandKey._meta.db_table)
    prints = _sizes(connection, ReportFingerprint._meta.db_table)[0]
    print(
        f"  index: {rows:,} rows (report, band, key), {table / 2**20:.0f} MiB of table and "
        f"{index / 2**20:.0f} MiB of indexes, {(table + index) / reports:.0f} "
        f"bytes a report; fingerprints {prints / 2**20:.0f} MiB"
    )


def _store(checked: list[dict[str, Any]], new_ids: set[int]) -> dict[str, Any]:
    """Regions, agencies, periods and every report but the new ones, in bulk."""
    from django.db import connection, transaction

    from reports.models import Agency, Region, Report, ReportingPeriod, Role, User
    from reviews.models import BandKey, ReportFingerprint

    with transaction.atomic():
        regions = Region.objects.bulk_create(
            Region(name=f"{_name(county, 0)[0]}{county}", code=f"bench-{county}")
            for county in range(COUNTIES)
        )
        agencies = Agency.objects.bulk_create(
            Agency(name=f"{_name(county, agency)[1]}{county}", region=regions[county])
            for county in range(COUNTIES)
            for agency in range(AGENCIES_PER_COUNTY)
        )
        periods = {year: ReportingPeriod.objects.create(year=year) for year in YEARS}
        user = User.objects.create_user(username="bench-clerk", role=Role.ADMIN, is_staff=True)
        ids = {"agencies": agencies, "periods": periods, "user": user}
        for at in range(0, len(checked), _BATCH):
            batch = [item for item in checked[at : at + _BATCH] if item["report"] not in new_ids]
            reports = Report.objects.bulk_create(
                _report(ids, item, status=Report.Status.ACCEPTED, save=False) for item in batch
            )
            ReportFingerprint.objects.bulk_create(
                ReportFingerprint(
                    report=report,
                    scheme=_scheme(),
                    data=item["prepared"].data,
                    extras=item["prepared"].extras,
                    part_lengths=item["prepared"].part_lengths,
                )
                for report, item in zip(reports, batch, strict=True)
            )
            # The rows store_fingerprint writes, inserted without building model instances.
            with connection.cursor() as cursor:
                cursor.executemany(
                    f"INSERT INTO {BandKey._meta.db_table} (report_id, band, key) "
                    "VALUES (%s, %s, %s)",
                    [
                        (report.pk, band, key)
                        for report, item in zip(reports, batch, strict=True)
                        for band, key in item["prepared"].keys
                    ],
                )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return ids


def _scheme() -> int:
    from reports.parsing.reuse.fingerprint import SCHEME

    return SCHEME


def _report(ids: dict[str, Any], item: dict[str, Any], *, status: str, save: bool = True) -> Any:
    from reports.models import Report

    year, agency = item["year"], ids["agencies"][item["agency"]]
    handed_in = datetime.datetime(year + 1, 2, 1, tzinfo=datetime.UTC) + datetime.timedelta(
        minutes=item["agency"]
    )
    report = Report(
        agency=agency,
        period=ids["periods"][year],
        file=f"reports/bench/{item['report']}.txt",
        original_name="报告.txt",
        size=len(item["fields"]["text"].encode()),
        sha256=f"{item['report']:064x}",
        uploaded_by=ids["user"],
        created_at=handed_in,
        status=status,
        **item["fields"],
    )
    if status != Report.Status.DRAFT:
        report.submitted_at, report.submitted_by = handed_in, ids["user"]
        # Its agency's only version of the year: the one the legal office has, and so the one
        # later reports are compared with (as submit_report marks it).
        report.first_submitted_at, report.is_latest_handed_in = handed_in, True
    if save:
        report.save()
    return report


def _sizes(connection: Any, table: str) -> tuple[int, int]:
    """Bytes of a table and of its indexes as the database holds them."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT pg_table_size(%s), pg_indexes_size(%s)", [table, table])
            return cursor.fetchone()
        cursor.execute(
            "SELECT name, SUM(pgsize) FROM dbstat WHERE name = %s OR name IN "
            "(SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = %s) "
            "GROUP BY name",
            [table, table],
        )
        sizes = dict(cursor.fetchall())
    own = sizes.pop(table, 0)
    return own, sum(sizes.values())


if __name__ == "__main__":
    # `python -m benchmarks.reuse` runs it all; main() runs each database as `… BACKEND FOLDER`.
    if len(sys.argv) == 3:
        run(sys.argv[1], Path(sys.argv[2]))
    else:
        main()
