"""`python manage.py similarity NEW --against OLD... [--json]`: text NEW reuses, no database needed.

The agencies' names are read as one placeholder on both sides, so a template passed between
agencies with the name swapped still counts: NEW's are --agency and --alias, OLD's are
--against-agency; each side also takes the name the checker reads in its title or header.
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from reports.checking import check_upload
from reports.management.commands.checkreport import _dumps, _read
from reports.parsing import CheckResult, ReadError
from reports.parsing.reuse import Fingerprint, ReuseResult, compare, fingerprint

_QUOTE = 40


class Command(BaseCommand):
    # A file tool, like checkreport: no database, no deployment settings it would have to pass.
    requires_system_checks: list[str] = []
    help = (
        "Share of NEW's body text that also stands in the OLD reports, with the passages. "
        "Prints a summary, or one JSON line with --json. Exits 1 when a file could not be read."
    )

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("new", metavar="NEW")
        parser.add_argument("--against", nargs="+", required=True, metavar="OLD")
        parser.add_argument("--json", action="store_true", dest="as_json", help="One JSON line.")
        parser.add_argument("--agency", action="append", default=[], help="NEW's agency.")
        parser.add_argument(
            "--alias", action="append", default=[], help="Another name of NEW's agency."
        )
        parser.add_argument(
            "--against-agency",
            action="append",
            default=[],
            dest="against_agency",
            help="A name the OLD reports' agencies go by (repeat for several).",
        )

    def handle(  # type: ignore[no-untyped-def]
        self,
        *args,
        new: str,
        against: list[str],
        as_json: bool,
        agency: list[str],
        alias: list[str],
        against_agency: list[str],
        **options,
    ):
        unreadable = False
        new_result = self._check(new, as_json=as_json)
        sources: list[tuple[str, Fingerprint]] = []
        for name in against:
            result = self._check(name, as_json=as_json)
            if result is None:
                unreadable = True
                continue
            sources.append(
                (name, fingerprint(result, agency_names=[*against_agency, result.agency]))
            )
        if new_result is not None:
            names = [*agency, *alias, new_result.agency]
            reuse = compare(fingerprint(new_result, agency_names=names), sources)
            if as_json:
                self.stdout.write(_dumps(_as_dict(new, reuse, [name for name, _fp in sources])))
            else:
                self._summary(new, reuse)
        if unreadable or new_result is None:
            # Exit 1 without Django's "CommandError:" line: the error lines already said why.
            raise SystemExit(1)

    def _check(self, name: str, *, as_json: bool) -> CheckResult | None:
        try:
            # The upload's door: a hostile file is read in a limited child here too.
            return check_upload(_read(name), Path(name).name)
        except ReadError as error:
            if as_json:
                self.stdout.write(_dumps({"file": name, "error": error.message}))
            else:
                self.stderr.write(f"{name}: {error.message}")
            return None

    def _summary(self, name: str, reuse: ReuseResult[str]) -> None:
        out = self.stdout.write
        out(
            self.style.MIGRATE_HEADING(
                _("%(file)s: %(share)s of the body also stands in the reports compared")
                % {"file": name, "share": _percent(reuse.copied_share)}
            )
        )
        for source in reuse.sources:
            out(
                "  "
                + _("%(file)s  %(share)s in %(count)d passages")
                % {
                    "file": source.source,
                    "share": _percent(source.share),
                    "count": len(source.passages),
                }
            )
            for passage in source.passages:
                quote = passage.text.replace("\n", " ")
                quote = quote if len(quote) <= _QUOTE else quote[: _QUOTE - 1] + "…"
                out(f"    {passage.start}–{passage.end}  {quote}")


def _as_dict(name: str, reuse: ReuseResult[str], compared: list[str]) -> dict:
    """The JSON contract of DOMAIN.md: every readable OLD file, largest share first."""
    found = {source.source: source for source in reuse.sources}
    sources = [
        {
            "file": source.source,
            "share": round(source.share, 4),
            "passages": [passage.to_dict() for passage in source.passages],
        }
        for source in reuse.sources
    ]
    sources += [
        {"file": other, "share": 0.0, "passages": []} for other in compared if other not in found
    ]
    return {"file": name, "copied_share": round(reuse.copied_share, 4), "sources": sources}


def _percent(share: float) -> str:
    return f"{share:.0%}"
