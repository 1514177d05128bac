"""The agency import pages: upload, preview, confirm, for administrators only."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from reports.models import Agency, AgencyAlias, Role, User
from tests.conftest import stored_files
from tests.test_imports import HEADER, csv_bytes, xlsx_bytes

IMPORT = reverse("manage:import_agencies")
PREVIEW = reverse("manage:import_preview")
CONFIRM = reverse("manage:import_confirm")

GOOD_ROWS = [
    HEADER,
    ["甲县教育局", "100001", "部门", "县教育局、教体局", "jiaoyu", "李四", "li@example.cn"],
    ["乙县青山镇", "100002", "乡镇", "", "", "", ""],
]


@pytest.fixture
def boss(client, admin_user, region, other_region):
    client.force_login(admin_user)
    return client


def upload(client, data, name="agencies.csv", **extra):
    return client.post(IMPORT, {"file": SimpleUploadedFile(name, data), **extra})


def confirm(client, mode, expected):
    token = client.session["agency_import"]["token"]
    return client.post(CONFIRM, {"token": token, "mode": mode, "expected": str(expected)})


def agencies():
    return sorted(Agency.objects.values_list("name", "region__code", "kind"))


def staff():
    return sorted(User.objects.filter(role=Role.AGENCY).values_list("username", "agency__name"))


def messages_of(response):
    return [str(message) for message in response.context["messages"]]


@pytest.mark.parametrize(
    "name", ["manage:import_agencies", "manage:import_preview", "manage:import_template"]
)
def test_import_pages_send_anonymous_visitor_to_login(client, db, name):
    url = reverse(name)

    response = client.get(url)

    assert (response.status_code, response.url) == (302, f"{reverse('login')}?next={url}")


@pytest.mark.parametrize(
    "name",
    [
        "manage:import_agencies",
        "manage:import_preview",
        "manage:import_template",
        "manage:import_confirm",
        "manage:import_cancel",
    ],
)
def test_import_pages_are_not_found_for_reviewer_and_agency_staff(
    client, reviewer, agency_user, name
):
    statuses = []
    for user in (reviewer, agency_user):
        client.force_login(user)
        method = client.post if name.endswith(("confirm", "cancel")) else client.get
        statuses.append(method(reverse(name)).status_code)

    assert statuses == [404, 404]


def test_import_upload_by_reviewer_writes_nothing(client, reviewer, region, media_root):
    client.force_login(reviewer)

    response = upload(client, csv_bytes(GOOD_ROWS))

    assert (response.status_code, agencies(), stored_files(media_root)) == (404, [], [])


def test_navigation_links_import_for_admins_only(client, admin_user, reviewer):
    links = []
    for user in (admin_user, reviewer):
        client.force_login(user)
        links.append(IMPORT in client.get(reverse("reviews:dashboard")).content.decode())

    assert links == [True, False]


def test_import_page_documents_the_format(boss):
    page = boss.get(IMPORT).content.decode()

    assert [column in page for column in HEADER] == [True] * len(HEADER)
    assert "下载模板（CSV）" in page
    assert "新用户没有密码" in page


@pytest.mark.parametrize(
    ("data", "name"),
    [
        (csv_bytes(GOOD_ROWS), "agencies.csv"),
        (csv_bytes(GOOD_ROWS, "gb18030"), "agencies.csv"),
        (xlsx_bytes(GOOD_ROWS), "agencies.xlsx"),
    ],
    ids=["utf8-csv", "gb18030-csv", "xlsx"],
)
def test_import_good_file_through_preview_and_confirm(boss, media_root, data, name):
    uploaded = upload(boss, data, name)
    preview = boss.get(uploaded.url)

    response = confirm(boss, "all", 2)

    assert (uploaded.status_code, uploaded.url) == (302, PREVIEW)
    assert (preview.context["total"], preview.context["good"], preview.context["bad"]) == (2, 2, 0)
    assert "导入全部 2 行" in preview.content.decode()
    assert (response.status_code, response.url) == (302, IMPORT)
    assert agencies() == [
        ("乙县青山镇", "100002", "township"),
        ("甲县教育局", "100001", "department"),
    ]
    assert sorted(AgencyAlias.objects.values_list("name", flat=True)) == ["县教育局", "教体局"]
    assert staff() == [("jiaoyu", "甲县教育局")]
    assert (stored_files(media_root), "agency_import" in boss.session) == ([], False)


def test_import_success_message_counts_what_was_created(boss):
    upload(boss, csv_bytes(GOOD_ROWS))

    response = confirm(boss, "all", 2)

    assert messages_of(boss.get(response.url)) == [
        "导入完成：新增单位 2 个，更新 0 个，别名 2 个，新用户 1 个。",
        "新用户还没有密码：请点击下方按钮发送邀请，由他们自己设置密码。",
    ]


def bad_rows(agency_user):
    return [
        HEADER,
        ["甲县教育局", "100001", "", "", "", "", ""],
        ["丙县教育局", "999999", "", "", "", "", ""],
        ["甲县教育局", "100001", "", "", "", "", ""],
        ["甲县司法局", "100001", "", "", "", "", ""],
        ["甲县水利局", "100001", "局", "", "", "", ""],
        ["甲县财政局", "100001", "", "", agency_user.username, "", ""],
        ["甲县农业局", "100001", "", "", "nongye", "", "not-an-email"],
        ["甲县林业局", "100001", "", "", "", "", ""],
    ]


def test_import_preview_shows_each_error_on_its_row(boss, agency, agency_user):
    upload(boss, csv_bytes(bad_rows(agency_user)))

    response = boss.get(PREVIEW)

    errors = {r.row.number: r.errors for r in response.context["results"] if r.errors}
    assert errors == {
        2: ["单位“甲县教育局”重复（另见第 4 行）。"],
        3: ["没有代码为“999999”的地区。"],
        4: ["单位“甲县教育局”重复（另见第 2 行）。"],
        5: ["单位“甲县司法局”已存在。"],
        6: ["类型“局”无法识别：请填写部门、乡镇、开发区、人民政府、省人民政府、示范地区或其他。"],
        7: ["用户名“clerk”已被占用。"],
        8: ["“not-an-email”不是有效的电子邮箱地址。"],
    }
    page = response.content.decode()
    assert '<tr class="import-row--bad" id="row-7">' in page
    assert "只导入无误的 1 行" in page
    assert "导入全部" not in page


def test_import_preview_of_missing_column_stays_on_upload_page(boss, media_root):
    response = upload(boss, csv_bytes([["单位", "类型"], ["甲县教育局", "部门"]]))

    assert response.status_code == 200
    assert response.context["form"].errors["file"] == ["缺少“地区代码”或“地区”列。"]
    assert stored_files(media_root) == []


def test_import_all_is_refused_when_any_row_is_bad(boss, agency, agency_user):
    upload(boss, csv_bytes(bad_rows(agency_user)))

    response = confirm(boss, "all", 1)

    assert (response.status_code, response.url) == (302, PREVIEW)
    assert messages_of(boss.get(PREVIEW)) == ["有 7 行存在错误，未导入任何内容。"]
    assert agencies() == [("甲县司法局", "100001", "department")]
    assert staff() == [("clerk", "甲县司法局")]


def test_import_only_valid_rows_imports_exactly_the_good_ones(
    boss, agency, agency_user, media_root
):
    upload(boss, csv_bytes(bad_rows(agency_user)))

    response = confirm(boss, "valid", 1)

    assert (response.status_code, response.url) == (302, IMPORT)
    assert agencies() == [
        ("甲县司法局", "100001", "department"),
        ("甲县林业局", "100001", "department"),
    ]
    assert staff() == [("clerk", "甲县司法局")]
    assert messages_of(boss.get(IMPORT)) == [
        "导入完成：新增单位 1 个，更新 0 个，别名 0 个，新用户 0 个。",
        "跳过的行：2、3、4、5、6、7、8。",
    ]
    assert stored_files(media_root) == []


def test_import_confirm_rechecks_when_data_changed_since_preview(boss, region):
    upload(boss, csv_bytes(GOOD_ROWS))
    boss.get(PREVIEW)
    Agency.objects.create(name="甲县教育局", region=region)

    response = confirm(boss, "all", 2)

    assert (response.status_code, response.url) == (302, PREVIEW)
    assert agencies() == [("甲县教育局", "100001", "department")]
    assert messages_of(boss.get(PREVIEW)) == ["预览之后数据发生了变化，请重新核对各行。"]


def test_import_confirm_with_wrong_token_writes_nothing(boss, media_root):
    upload(boss, csv_bytes(GOOD_ROWS))

    response = boss.post(CONFIRM, {"token": "0" * 32, "mode": "all", "expected": "2"})

    assert (response.status_code, response.url) == (302, IMPORT)
    assert agencies() == []
    assert len(stored_files(media_root)) == 1


def test_import_confirm_without_upload_writes_nothing(boss):
    response = boss.post(CONFIRM, {"token": "", "mode": "all", "expected": "0"})

    assert (response.status_code, response.url, agencies()) == (302, IMPORT, [])


def test_import_cancel_discards_the_file(boss, media_root):
    upload(boss, csv_bytes(GOOD_ROWS))

    response = boss.post(reverse("manage:import_cancel"))

    assert (response.status_code, stored_files(media_root)) == (302, [])
    assert boss.get(PREVIEW).url == IMPORT


def test_import_new_upload_replaces_the_pending_one(boss, media_root):
    upload(boss, csv_bytes(GOOD_ROWS))
    first = stored_files(media_root)

    upload(boss, csv_bytes(GOOD_ROWS[:2]))

    assert len(first) == len(stored_files(media_root)) == 1
    assert first != stored_files(media_root)


def test_import_update_existing_changes_region_and_adds_aliases(boss, agency):
    rows = [HEADER, ["甲县司法局", "100002", "乡镇", "县司法局", "", "", ""]]
    upload(boss, csv_bytes(rows), update_existing="on")

    confirm(boss, "all", 1)

    assert agencies() == [("甲县司法局", "100002", "township")]
    assert list(AgencyAlias.objects.values_list("agency__name", "name")) == [
        ("甲县司法局", "县司法局")
    ]


def test_import_name_with_comma_quote_and_newline_survives_csv_round_trip(boss):
    name = '甲县"法治"办,\n综合科'
    upload(boss, csv_bytes([HEADER, [name, "100001", "", "", "", "", ""]]))

    confirm(boss, "all", 1)

    assert list(Agency.objects.values_list("name", flat=True)) == [name]


def test_import_template_reads_back_as_one_good_row(boss):
    response = boss.get(reverse("manage:import_template"))
    data = response.content

    upload(boss, data, "template.csv")
    preview = boss.get(PREVIEW)

    assert response["Content-Type"] == "text/csv"
    assert data.startswith(b"\xef\xbb\xbf")
    assert next(csv.reader(io.StringIO(data.decode("utf-8-sig")))) == HEADER
    assert [(r.row.name, r.errors) for r in preview.context["results"]] == [("示例县司法局", [])]


def test_import_upload_when_storage_is_full_says_so_and_keeps_nothing(boss, media_root, settings):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "tests.faulty_storage.DiskFullStorage",
            "OPTIONS": {"location": media_root, "base_url": None},
        },
    }

    response = upload(boss, csv_bytes(GOOD_ROWS) * 20)

    assert response.status_code == 200
    assert "没有保存任何内容" in " ".join(response.context["form"].errors["file"])
    assert (stored_files(media_root), "agency_import" in boss.session) == ([], False)
