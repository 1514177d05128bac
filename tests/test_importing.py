"""The import service: all rows or, when asked, the good ones, in one transaction."""

import pytest

from reports.importing import ImportRefused, ImportSummary, import_agencies
from reports.imports import ImportRow
from reports.models import Agency, AgencyAlias, Role, User


def agencies():
    return sorted(Agency.objects.values_list("name", "region__code", "kind"))


def aliases():
    return sorted(AgencyAlias.objects.values_list("agency__name", "name"))


def staff():
    return sorted(
        User.objects.filter(role=Role.AGENCY).values_list(
            "username", "agency__name", "last_name", "email"
        )
    )


GOOD = [
    ImportRow(
        number=2,
        name="甲县教育局",
        region_code="100001",
        aliases="县教育局、教体局",
        username="jiaoyu",
        full_name="李四",
        email="li@Example.CN",
    ),
    ImportRow(number=3, name="乙县青山镇", region="乙县", kind="乡镇"),
]


def test_import_agencies_creates_agencies_aliases_and_users(admin_user, region, other_region):
    summary = import_agencies(rows=GOOD, only_valid=False, user=admin_user)

    assert summary == ImportSummary(
        agencies_created=2,
        agencies_updated=0,
        aliases_created=2,
        users_created=1,
        skipped_rows=[],
        new_usernames=["jiaoyu"],
    )
    assert agencies() == [
        ("乙县青山镇", "100002", "township"),
        ("甲县教育局", "100001", "department"),
    ]
    assert aliases() == [("甲县教育局", "县教育局"), ("甲县教育局", "教体局")]
    assert staff() == [("jiaoyu", "甲县教育局", "李四", "li@example.cn")]


def test_import_agencies_gives_new_users_no_password(admin_user, region, other_region):
    import_agencies(rows=GOOD, only_valid=False, user=admin_user)

    user = User.objects.get(username="jiaoyu")
    assert (user.has_usable_password(), user.is_staff, user.is_active) == (False, False, True)


def test_import_agencies_writes_nothing_when_a_row_is_bad(admin_user, region, other_region):
    bad = ImportRow(number=4, name="丙县司法局", region_code="999999", username="sifa")

    with pytest.raises(ImportRefused) as refused:
        import_agencies(rows=[*GOOD, bad], only_valid=False, user=admin_user)

    assert refused.value.message == "有 1 行存在错误，未导入任何内容。"
    assert (agencies(), aliases(), staff()) == ([], [], [])


def test_import_agencies_only_valid_imports_exactly_the_good_rows(admin_user, region, other_region):
    rows = [
        GOOD[0],
        ImportRow(number=3, name="甲县教育局", region_code="100001"),  # same name again
        ImportRow(number=4, name="甲县财政局", region_code="100001", username="jiaoyu2"),
        ImportRow(number=5, name="甲县水利局", region_code="100001", kind="局"),
    ]

    summary = import_agencies(rows=rows, only_valid=True, user=admin_user)

    assert summary.skipped_rows == [2, 3, 5]
    assert agencies() == [("甲县财政局", "100001", "department")]
    assert staff() == [("jiaoyu2", "甲县财政局", "", "")]


def test_import_agencies_refuses_when_no_row_is_good(admin_user, region):
    rows = [ImportRow(number=2, name="甲县教育局", region_code="999999")]

    with pytest.raises(ImportRefused) as refused:
        import_agencies(rows=rows, only_valid=True, user=admin_user)

    assert refused.value.message == "没有无误的行，未导入任何内容。"


@pytest.mark.parametrize("role", [Role.REVIEWER, Role.AGENCY])
def test_import_agencies_refuses_non_admin(reviewer, agency_user, region, role):
    user = reviewer if role == Role.REVIEWER else agency_user

    with pytest.raises(ImportRefused):
        import_agencies(rows=GOOD[:1], only_valid=False, user=user)

    assert Agency.objects.filter(name="甲县教育局").exists() is False


def test_import_agencies_updates_existing_when_asked(admin_user, agency, agency_user, other_region):
    agency.kind = Agency.Kind.TOWNSHIP
    agency.save(update_fields=["kind"])
    AgencyAlias.objects.create(agency=agency, name="县司法局")
    rows = [
        ImportRow(
            number=2,
            name="甲县司法局",
            region_code="100002",
            aliases="县司法局、司法局",
            username="clerk",
        )
    ]

    summary = import_agencies(rows=rows, only_valid=False, user=admin_user, update_existing=True)

    assert summary == ImportSummary(
        agencies_created=0,
        agencies_updated=1,
        aliases_created=1,
        users_created=0,
        skipped_rows=[],
        new_usernames=[],
    )
    # An empty type keeps the agency's own; the region comes from the file.
    assert agencies() == [("甲县司法局", "100002", "township")]
    assert aliases() == [("甲县司法局", "县司法局"), ("甲县司法局", "司法局")]
    assert staff() == [("clerk", "甲县司法局", "", "")]


def test_import_agencies_refuses_existing_agency_by_default(admin_user, agency):
    rows = [ImportRow(number=2, name="甲县司法局", region_code="100001")]

    with pytest.raises(ImportRefused):
        import_agencies(rows=rows, only_valid=False, user=admin_user)

    assert agencies() == [("甲县司法局", "100001", "department")]


def test_import_agencies_handles_many_rows_in_few_queries(
    admin_user, region, django_assert_max_num_queries
):
    rows = [
        ImportRow(
            number=n, name=f"单位{n}", region_code="100001", aliases=f"别名{n}", username=f"u{n}"
        )
        for n in range(2, 1202)
    ]

    # Reads and writes go in slices of 500: some 45 queries for 1,200 rows, not thousands.
    with django_assert_max_num_queries(50):
        summary = import_agencies(rows=rows, only_valid=False, user=admin_user)

    assert (summary.agencies_created, Agency.objects.count(), AgencyAlias.objects.count()) == (
        1200,
        1200,
        1200,
    )
    assert User.objects.filter(role=Role.AGENCY, agency__name="单位1201").count() == 1
