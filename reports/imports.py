"""Reading and checking a list of agencies (and their staff) that an administrator uploads.

The input is a CSV or XLSX sheet whose first row names the columns, for example::

    单位名称,地区代码,类型,别名,用户名,姓名,电子邮箱
    甲县司法局,100001,部门,县司法局、甲县司法行政局,sifaju,张三,sifaju@example.gov.cn

``read_rows`` turns the bytes into ``ImportRow``s (no database); ``validate`` checks them against
each other and against the database and returns one ``RowResult`` per row, each with its errors.
Writing is ``reports.importing.import_agencies``.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import PurePath

from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db.models.functions import Lower
from django.utils.translation import gettext as _

from reports.models import Agency, AgencyAlias, Region, Role, User

MAX_FILE_SIZE = 5 * 1024 * 1024
MAX_ROWS = 20_000
ACCEPTED = (".csv", ".xlsx")

# Column keys, the Chinese header of each (as the template writes it) and the headers accepted.
NAME, REGION_CODE, REGION, KIND, ALIASES, USERNAME, FULL_NAME, EMAIL = (
    "name",
    "region_code",
    "region",
    "kind",
    "aliases",
    "username",
    "full_name",
    "email",
)
HEADERS = {
    NAME: "单位名称",
    REGION_CODE: "地区代码",
    REGION: "地区",
    KIND: "类型",
    ALIASES: "别名",
    USERNAME: "用户名",
    FULL_NAME: "姓名",
    EMAIL: "电子邮箱",
}
_HEADER_ALIASES = {
    NAME: ["单位名称", "单位", "名称", "name", "agency", "agency_name"],
    REGION_CODE: ["地区代码", "区划代码", "region_code", "code"],
    REGION: ["地区", "地区名称", "region", "region_name"],
    KIND: ["类型", "单位类型", "kind", "type"],
    ALIASES: ["别名", "aliases", "alias"],
    USERNAME: ["用户名", "账号", "username", "login"],
    FULL_NAME: ["姓名", "full_name", "person", "contact"],
    EMAIL: ["电子邮箱", "邮箱", "电子邮件", "email", "e_mail"],
}
_COLUMN_BY_HEADER = {
    header.lower(): key for key, headers in _HEADER_ALIASES.items() for header in headers
}

_KINDS = {
    "部门": Agency.Kind.DEPARTMENT,
    "乡镇": Agency.Kind.TOWNSHIP,
    "街道": Agency.Kind.TOWNSHIP,
    "乡镇街道": Agency.Kind.TOWNSHIP,
    "开发区": Agency.Kind.DEVELOPMENT_ZONE,
    "园区": Agency.Kind.DEVELOPMENT_ZONE,
    "人民政府": Agency.Kind.GOVERNMENT,
    "政府": Agency.Kind.GOVERNMENT,
    "省人民政府": Agency.Kind.PROVINCE,
    "省政府": Agency.Kind.PROVINCE,
    "示范地区": Agency.Kind.MODEL_AREA,
    "其他": Agency.Kind.OTHER,
    **{kind.value: kind for kind in Agency.Kind},
}
_ALIAS_SEPARATORS = ("、", ";", "；")
_NAME_MAX = Agency._meta.get_field("name").max_length
_USERNAME_MAX = User._meta.get_field("username").max_length
_PERSON_MAX = User._meta.get_field("last_name").max_length
# Beyond these a file is not a plausible agency list, whatever its compressed size says.
_XLSX_MAX_UNCOMPRESSED = 100 * 1024 * 1024
_XLSX_MAX_ENTRIES = 500


class ImportFileError(Exception):
    """The file as a whole cannot be used; the message is for the administrator."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class ImportRow:
    """One data row as written in the sheet, cells stripped; ``number`` is the sheet's row number."""

    number: int
    name: str = ""
    region_code: str = ""
    region: str = ""
    kind: str = ""
    aliases: str = ""
    username: str = ""
    full_name: str = ""
    email: str = ""


@dataclass
class RowResult:
    """A row with what it resolves to and what is wrong with it."""

    row: ImportRow
    errors: list[str] = field(default_factory=list)
    region: Region | None = None
    kind: str = Agency.Kind.DEPARTMENT
    aliases: list[str] = field(default_factory=list)
    existing: Agency | None = None  # set only when updating existing agencies is allowed
    creates_user: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def kind_label(self) -> str:
        if self.existing is not None and not self.row.kind:
            return self.existing.get_kind_display()
        return str(Agency.Kind(self.kind).label)


@dataclass(frozen=True)
class ReadSheet:
    rows: list[ImportRow]
    ignored_columns: list[str]


def read_rows(data: bytes, filename: str) -> ReadSheet:
    """The data rows of a CSV or XLSX file; raises ImportFileError when the file is unusable."""
    if not data:
        raise ImportFileError(_("The file is empty."))
    if len(data) > MAX_FILE_SIZE:
        raise ImportFileError(
            _("The file is larger than %(limit)s MB.") % {"limit": MAX_FILE_SIZE // 1024 // 1024}
        )
    suffix = PurePath(filename).suffix.lower()
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise ImportFileError(
            _("This is an old Excel (.xls) file. Please save it as .xlsx or CSV and upload again.")
        )
    # Trust the content over the name: a renamed workbook is still a workbook.
    if data.startswith(b"PK\x03\x04"):
        lines = _xlsx_lines(data)
    elif suffix in (".csv", ".txt"):
        lines = _csv_lines(data)
    else:
        raise ImportFileError(_("Please upload a CSV (.csv) or Excel (.xlsx) file."))
    return _rows_from_lines(lines)


def _csv_lines(data: bytes) -> Iterator[list[str]]:
    text = _decode(data)
    if "\x00" in text:
        raise ImportFileError(_("The file could not be read as CSV text."))
    first_line = text.split("\n", 1)[0]
    delimiter = "\t" if first_line.count("\t") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        yield from reader
    except csv.Error as error:
        # The reader counts physical lines; a quoted cell may span several, so this is approximate.
        raise ImportFileError(
            _("The CSV file is malformed near line %(line)s: %(error)s")
            % {"line": reader.line_num, "error": error}
        ) from error


def _decode(data: bytes) -> str:
    """UTF-8 with a BOM, strict UTF-8, then GB18030 (Excel on Chinese Windows saves CSV in GBK)."""
    encodings = ["utf-8-sig"] if data.startswith(b"\xef\xbb\xbf") else ["utf-8", "gb18030"]
    for encoding in encodings:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ImportFileError(
        _("The file's text encoding was not recognised. Please save it as CSV UTF-8 or as .xlsx.")
    )


def _xlsx_lines(data: bytes) -> Iterator[list[str]]:
    # Imported here: only this path needs it, and it is a heavy import.
    import openpyxl

    unreadable = _("The Excel file could not be read. Please open it and save it again as .xlsx.")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            entries = package.infolist()
    except zipfile.BadZipFile as error:
        raise ImportFileError(unreadable) from error
    if (
        len(entries) > _XLSX_MAX_ENTRIES
        or sum(entry.file_size for entry in entries) > _XLSX_MAX_UNCOMPRESSED
    ):
        raise ImportFileError(unreadable)
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises a zoo of types for a broken package
        raise ImportFileError(unreadable) from error
    try:
        sheet = workbook.worksheets[0]
        sheet.reset_dimensions()  # some writers store a wrong (too small) sheet size
        for values in sheet.iter_rows(values_only=True):
            yield [_cell_text(value) for value in values]
    except ImportFileError:
        raise
    except Exception as error:
        raise ImportFileError(unreadable) from error
    finally:
        workbook.close()


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    # Codes typed into Excel become numbers: 100001, sometimes 100001.0.
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _rows_from_lines(lines: Iterable[list[str]]) -> ReadSheet:
    # Numbered as the spreadsheet shows them: the header is row 1 (unless blank rows precede it).
    numbered = enumerate(lines, start=1)
    header = next((cells for _number, cells in numbered if any(c.strip() for c in cells)), None)
    if header is None:
        raise ImportFileError(_("The file is empty."))
    columns, ignored = _columns(header)
    rows: list[ImportRow] = []
    for number, cells in numbered:
        values = {
            key: cells[index].strip() if index < len(cells) else ""
            for index, key in columns.items()
        }
        if not any(values.values()):
            continue  # Excel keeps formatted but empty rows at the end
        if len(rows) == MAX_ROWS:
            raise ImportFileError(
                _("The file has more than %(limit)s rows. Please split it.") % {"limit": MAX_ROWS}
            )
        rows.append(ImportRow(number=number, **values))
    if not rows:
        raise ImportFileError(_("The file has a header row but no agencies below it."))
    return ReadSheet(rows=rows, ignored_columns=ignored)


def _columns(header: list[str]) -> tuple[dict[int, str], list[str]]:
    """Column index → key; raises for a missing required column or a column named twice."""
    columns: dict[int, str] = {}
    ignored: list[str] = []
    for index, cell in enumerate(header):
        text = cell.strip().lstrip("\ufeff").rstrip("*＊")
        key = _COLUMN_BY_HEADER.get(text.lower().replace(" ", "_").replace("-", "_"))
        if key is None:
            if text:
                ignored.append(text)
            continue
        if key in columns.values():
            raise ImportFileError(
                _("The column “%(column)s” appears twice.") % {"column": HEADERS[key]}
            )
        columns[index] = key
    found = set(columns.values())
    if NAME not in found:
        raise ImportFileError(
            _("The column “%(column)s” is missing. The first row must name the columns.")
            % {"column": HEADERS[NAME]}
        )
    if REGION_CODE not in found and REGION not in found:
        raise ImportFileError(
            _("The column “%(code)s” or “%(name)s” is missing.")
            % {"code": HEADERS[REGION_CODE], "name": HEADERS[REGION]}
        )
    return columns, ignored


def split_aliases(text: str) -> list[str]:
    for separator in _ALIAS_SEPARATORS[1:]:
        text = text.replace(separator, _ALIAS_SEPARATORS[0])
    names = (name.strip() for name in text.split(_ALIAS_SEPARATORS[0]))
    return list(dict.fromkeys(name for name in names if name))


def validate(rows: list[ImportRow], *, update_existing: bool = False) -> list[RowResult]:
    """Check every row against the others and the database; a handful of queries in all.

    An agency already in the database is an error, unless ``update_existing``: then its region,
    kind and aliases are to be updated, and a username that already belongs to its staff is fine.
    """
    results = [RowResult(row=row, aliases=split_aliases(row.aliases)) for row in rows]
    names = Counter(row.name for row in rows if row.name)
    alias_rows = Counter(alias for result in results for alias in result.aliases)
    usernames = Counter(_login_key(row.username) for row in rows if row.username)

    all_names = set(names) | set(alias_rows)
    regions = list(Region.objects.all())
    regions_by_code = {region.code: region for region in regions}
    regions_by_name = {region.name: region for region in regions}
    agencies = {
        agency.name: agency
        for chunk in _chunks(all_names)
        for agency in Agency.objects.filter(name__in=chunk)
    }
    alias_owner = {
        name: agency_id
        for chunk in _chunks(all_names)
        for name, agency_id in AgencyAlias.objects.filter(name__in=chunk).values_list(
            "name", "agency_id"
        )
    }
    # Usernames differing only in case are refused too: 'Sifaju' and 'sifaju' would confuse people.
    users = {
        user.username.lower(): user
        for chunk in _chunks(usernames)
        for user in User.objects.annotate(lower=Lower("username")).filter(lower__in=chunk)
    }

    for result in results:
        row, errors = result.row, result.errors
        if not row.name:
            errors.append(_("The agency name is missing."))
        elif len(row.name) > _NAME_MAX:
            errors.append(
                _("The agency name is longer than %(max)s characters.") % {"max": _NAME_MAX}
            )
        elif names[row.name] > 1:
            others = [r.number for r in rows if r.name == row.name and r is not row]
            errors.append(
                _("The agency “%(name)s” appears more than once (also in row %(rows)s).")
                % {"name": row.name, "rows": "、".join(map(str, others))}
            )
        elif row.name in agencies:
            if update_existing:
                result.existing = agencies[row.name]
            else:
                errors.append(_("The agency “%(name)s” already exists.") % {"name": row.name})
        elif row.name in alias_owner:
            errors.append(
                _("“%(name)s” is already an alias of another agency.") % {"name": row.name}
            )

        result.region = _region(row, regions_by_code, regions_by_name, errors)

        kind = _KINDS.get(row.kind.lower()) if row.kind else Agency.Kind.DEPARTMENT
        if kind is None:
            errors.append(
                _(
                    "Unknown type “%(kind)s”: use 部门, 乡镇, 开发区, 人民政府, 省人民政府, 示范地区 or 其他."
                )
                % {"kind": row.kind}
            )
        else:
            result.kind = kind

        own_id = result.existing.pk if result.existing else None
        result.aliases = [alias for alias in result.aliases if alias != row.name]
        for alias in result.aliases:
            if len(alias) > _NAME_MAX:
                errors.append(
                    _("The alias “%(alias)s” is longer than %(max)s characters.")
                    % {"alias": alias, "max": _NAME_MAX}
                )
            elif names[alias]:
                errors.append(
                    _("The alias “%(alias)s” is also an agency name in the file.")
                    % {"alias": alias}
                )
            elif alias_rows[alias] > 1:
                errors.append(
                    _("The alias “%(alias)s” is used more than once in the file.")
                    % {"alias": alias}
                )
            elif alias in agencies and agencies[alias].pk != own_id:
                errors.append(
                    _("The alias “%(alias)s” is the name of another agency.") % {"alias": alias}
                )
            elif alias in alias_owner and alias_owner[alias] != own_id:
                errors.append(
                    _("The alias “%(alias)s” already belongs to another agency.") % {"alias": alias}
                )

        _check_user(result, usernames, users, errors)
    return results


def _region(
    row: ImportRow,
    by_code: dict[str, Region],
    by_name: dict[str, Region],
    errors: list[str],
) -> Region | None:
    if not row.region_code and not row.region:
        errors.append(_("The region is missing."))
        return None
    found = []
    if row.region_code:
        if row.region_code not in by_code:
            errors.append(
                _("There is no region with the code “%(code)s”.") % {"code": row.region_code}
            )
            return None
        found.append(by_code[row.region_code])
    if row.region:
        # The name column also takes a code: people put whatever they have there.
        region = by_name.get(row.region) or by_code.get(row.region)
        if region is None:
            errors.append(_("There is no region “%(region)s”.") % {"region": row.region})
            return None
        found.append(region)
    if len(set(found)) > 1:
        errors.append(
            _("The region code “%(code)s” and the region “%(region)s” do not match.")
            % {"code": row.region_code, "region": row.region}
        )
        return None
    return found[0]


def _check_user(
    result: RowResult, usernames: Counter[str], users: dict[str, User], errors: list[str]
) -> None:
    row = result.row
    if not row.username:
        if row.full_name or row.email:
            errors.append(_("A name or email address is given, but no username."))
        return
    try:
        UnicodeUsernameValidator()(row.username)
    except ValidationError:
        errors.append(
            _("The username “%(username)s” may contain only letters, digits and @ . + - _.")
            % {"username": row.username}
        )
        return
    if len(row.username) > _USERNAME_MAX:
        errors.append(_("The username is longer than %(max)s characters.") % {"max": _USERNAME_MAX})
        return
    if usernames[_login_key(row.username)] > 1:
        errors.append(
            _("The username “%(username)s” appears more than once in the file.")
            % {"username": row.username}
        )
        return
    existing = users.get(_login_key(row.username))
    if existing is not None:
        already_ours = (
            result.existing is not None
            and existing.role == Role.AGENCY
            and existing.agency_id == result.existing.pk
        )
        if not already_ours:
            errors.append(
                _("The username “%(username)s” is already taken.") % {"username": row.username}
            )
        return
    if len(row.full_name) > _PERSON_MAX:
        errors.append(_("The name is longer than %(max)s characters.") % {"max": _PERSON_MAX})
    if row.email:
        try:
            validate_email(row.email)
        except ValidationError:
            errors.append(_("“%(email)s” is not a valid email address.") % {"email": row.email})
    result.creates_user = True


def _login_key(username: str) -> str:
    """Usernames as stored (NFKC, like UserManager) and compared (ignoring case)."""
    return User.normalize_username(username).lower()


def _chunks(values: Iterable[str], size: int = 500) -> Iterator[list[str]]:
    """Values in slices for ``__in`` lookups: SQLite limits the parameters of one query."""
    ordered = sorted(values)
    for start in range(0, len(ordered), size):
        yield ordered[start : start + size]
