"""`python manage.py checkreport FILE... [--json] [--agency NAME [--alias OTHER]...]`: read and check
report files, no database needed."""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from reports.checking import check_upload
from reports.parsing import REQUIRED_PARTS, CheckResult, ReadError
from reports.stored import PART_TITLES

MARKS = {"present": "✓", "embedded": "◐", "missing": "✗"}


class Command(BaseCommand):
    # A file tool: no database, no deployment settings it would have to pass.
    requires_system_checks: list[str] = []
    help = (
        "Check report files against the four-part structure. Prints a summary per file, or one "
        "JSON object per line with --json. Exits 1 when any file could not be read."
    )

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("files", nargs="+", metavar="FILE")
        parser.add_argument(
            "--json", action="store_true", dest="as_json", help="JSON Lines, one object a file."
        )
        parser.add_argument(
            "--year", type=int, default=None, help="The year reported on (default: the title's)."
        )
        parser.add_argument(
            "--agency",
            default=None,
            metavar="NAME",
            help="The agency handing the files in: a report naming another one is an error.",
        )
        parser.add_argument(
            "--alias",
            action="append",
            default=[],
            dest="aliases",
            metavar="OTHER",
            help="Another name of that agency; repeat for each.",
        )

    def handle(  # type: ignore[no-untyped-def]
        self,
        *args,
        files: list[str],
        as_json: bool,
        year: int | None,
        agency: str | None,
        aliases: list[str],
        **options,
    ):
        unreadable = 0
        names = [name for name in (agency, *aliases) if name]
        for name in files:
            try:
                result = check_upload(
                    _read(name), Path(name).name, period_year=year, agency_names=names
                )
            except ReadError as error:
                unreadable += 1
                self._error(name, error.message, error.code, as_json=as_json)
                continue
            if as_json:
                self.stdout.write(_dumps({**result.to_dict(), "file": name}))
            else:
                self._summary(name, result)
        if unreadable:
            # Exit 1 without Django's "CommandError:" line: the per-file lines already said why.
            raise SystemExit(1)

    def _error(self, name: str, message: str, code: str, *, as_json: bool) -> None:
        if as_json:
            self.stdout.write(_dumps({"file": name, "error": message, "code": code}))
        else:
            self.stderr.write(f"{name}: {message}")

    def _summary(self, name: str, result: CheckResult) -> None:
        out = self.stdout.write
        out(self.style.MIGRATE_HEADING(f"{name}  [{result.format}]  {_verdict(result)}"))
        missing = "—"
        out("  " + _("Title: %(title)s") % {"title": result.title or missing})
        out(
            "  "
            + _("Agency: %(agency)s   Year: %(year)s   Document number: %(number)s")
            % {
                "agency": result.agency or missing,
                "year": result.year or missing,
                "number": result.document_number or missing,
            }
        )
        for section in result.sections:
            part = (
                f"  → {PART_TITLES[section.part.value]}" if section.part in REQUIRED_PARTS else ""
            )
            out(f"    {_label(section.number)}{section.heading}{part}")
        for part, label in PART_TITLES.items():
            found = result.to_dict()["parts"][part]
            where = "、".join(found["sections"]) or found.get("where") or ""
            out(f"  {MARKS[found['status']]} {label}  {where}")
        order = _("Order kept") if result.order_ok else _("Order differs from Article 25")
        out(f"  {order}")
        for finding in result.findings:
            out(f"  [{finding.severity.value}] {finding.message}")


def _read(name: str) -> bytes:
    try:
        return Path(name).read_bytes()
    except OSError as error:
        raise ReadError(
            _("Cannot open the file: %(reason)s") % {"reason": error.strerror}, code="unopenable"
        ) from error


def _verdict(result: CheckResult) -> str:
    return {"complete": _("Complete"), "partial": _("Partial"), "incomplete": _("Incomplete")}[
        result.verdict.value
    ]


def _label(number: str) -> str:
    return number if number.startswith("#") else f"{number}、"


def _dumps(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False)
