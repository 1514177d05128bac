"""Writing an agency list that ``reports.imports`` has read: all of it, or its good rows, at once."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from reports.imports import ImportRow, RowResult, validate
from reports.models import Agency, AgencyAlias, Role, User, pinyin_key

logger = logging.getLogger(__name__)

_BATCH = 500


class ImportRefused(Exception):
    """Nothing was written; the message is for the administrator."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class ImportSummary:
    agencies_created: int
    agencies_updated: int
    aliases_created: int
    users_created: int
    skipped_rows: list[int]
    new_usernames: list[str]


def import_agencies(
    *,
    rows: list[ImportRow],
    only_valid: bool,
    user: User,
    update_existing: bool = False,
) -> ImportSummary:
    """Create the agencies, aliases and staff users of ``rows`` in one transaction.

    The rows are validated again here, inside the transaction: the preview the administrator saw
    may be minutes old. Any bad row refuses the whole import unless ``only_valid``, which imports
    the good rows and skips the others. New users get an unusable password until they follow
    the invitation to set one (reports/invitations.py).
    """
    if user.role != Role.ADMIN:
        raise ImportRefused(_("Only administrators can import agencies."))
    try:
        with transaction.atomic():
            summary = _import(rows=rows, only_valid=only_valid, update_existing=update_existing)
    except IntegrityError as error:
        # Someone else created one of these names between our check and our write.
        logger.warning("Agency import collided with a concurrent change", exc_info=error)
        raise ImportRefused(
            _("The data changed while importing; nothing was imported. Please check again.")
        ) from error
    logger.info(
        "%s imported agencies: %s created, %s updated, %s users, rows skipped: %s",
        user.username,
        summary.agencies_created,
        summary.agencies_updated,
        summary.users_created,
        summary.skipped_rows,
    )
    return summary


def _import(*, rows: list[ImportRow], only_valid: bool, update_existing: bool) -> ImportSummary:
    results = validate(rows, update_existing=update_existing)
    good = [result for result in results if result.ok]
    skipped = [result.row.number for result in results if not result.ok]
    if skipped and not only_valid:
        raise ImportRefused(
            ngettext(
                "%(count)s row has errors; nothing was imported.",
                "%(count)s rows have errors; nothing was imported.",
                len(skipped),
            )
            % {"count": len(skipped)}
        )
    if not good:
        raise ImportRefused(_("No row is free of errors; nothing was imported."))

    created = [
        Agency(
            name=result.row.name,
            sort_key=pinyin_key(result.row.name),
            kind=result.kind,
            region=result.region,
        )
        for result in good
        if result.existing is None
    ]
    Agency.objects.bulk_create(created, batch_size=_BATCH)
    # bulk_create sets primary keys only on databases that return them; ask by name instead.
    agency_ids = _ids_by_name([agency.name for agency in created])
    updated = _update_existing([result for result in good if result.existing is not None])
    for result in good:
        if result.existing is not None:
            agency_ids[result.existing.name] = result.existing.pk

    aliases = _new_aliases(good, agency_ids)
    AgencyAlias.objects.bulk_create(aliases, batch_size=_BATCH)
    users = [
        _new_user(result, agency_ids[result.row.name]) for result in good if result.creates_user
    ]
    User.objects.bulk_create(users, batch_size=_BATCH)
    return ImportSummary(
        agencies_created=len(created),
        agencies_updated=updated,
        aliases_created=len(aliases),
        users_created=len(users),
        skipped_rows=skipped,
        new_usernames=[user.username for user in users],
    )


def _ids_by_name(names: list[str]) -> dict[str, int]:
    ids: dict[str, int] = {}
    for start in range(0, len(names), _BATCH):
        chunk = names[start : start + _BATCH]
        ids.update(Agency.objects.filter(name__in=chunk).values_list("name", "pk"))
    return ids


def _update_existing(results: list[RowResult]) -> int:
    """Region and kind from the file; an empty kind keeps the agency's own. Aliases are added."""
    changed = []
    for result in results:
        agency = result.existing
        assert agency is not None  # only rows for existing agencies come here
        assert result.region is not None  # and only valid ones
        kind = result.kind if result.row.kind else agency.kind
        if (agency.region_id, agency.kind) != (result.region.pk, kind):
            agency.region, agency.kind = result.region, kind
            changed.append(agency)
    Agency.objects.bulk_update(changed, ["region", "kind"], batch_size=_BATCH)
    return len(changed)


def _new_aliases(results: list[RowResult], agency_ids: dict[str, int]) -> list[AgencyAlias]:
    existing_ids = [result.existing.pk for result in results if result.existing is not None]
    known: set[tuple[int, str]] = set()
    for start in range(0, len(existing_ids), _BATCH):
        known.update(
            AgencyAlias.objects.filter(
                agency_id__in=existing_ids[start : start + _BATCH]
            ).values_list("agency_id", "name")
        )
    return [
        AgencyAlias(agency_id=agency_ids[result.row.name], name=alias)
        for result in results
        for alias in result.aliases
        if (agency_ids[result.row.name], alias) not in known
    ]


def _new_user(result: RowResult, agency_id: int) -> User:
    row = result.row
    user = User(
        username=User.normalize_username(row.username),
        role=Role.AGENCY,
        agency_id=agency_id,
        # One field for a Chinese name, as the demo data and the admin list have it.
        last_name=row.full_name,
        email=User.objects.normalize_email(row.email),
    )
    user.set_unusable_password()
    return user
