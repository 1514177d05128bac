"""Invitations: imported and admin-made users set their own password through a link, once."""

from __future__ import annotations

import re

from django.core import mail
from django.test import Client
from django.urls import reverse

from reports.models import Agency, Role, User
from tests.conftest import make_user
from tests.test_manage_views import GOOD_ROWS, confirm, csv_bytes, upload


def link_in(message) -> str:
    return re.search(r"https?://\S+/account/set-password/\S+/", message.body).group(0)


def path_of(link: str) -> str:
    return "/" + link.split("/", 3)[3]


def test_import_offers_to_invite_the_new_users_and_the_link_sets_a_password(
    client, admin_user, region, other_region
):
    client.force_login(admin_user)
    preview = upload(client, csv_bytes(GOOD_ROWS))
    client.get(preview.url)
    confirm(client, "all", 2)
    page = client.get(reverse("manage:import_agencies"))

    client.post(reverse("manage:import_invite"))

    assert page.context["to_invite"] == 1
    assert [message.to for message in mail.outbox] == [["li@example.cn"]]
    assert "jiaoyu" in mail.outbox[0].body
    visitor = Client()
    form_page = visitor.get(path_of(link_in(mail.outbox[0])), follow=True)
    done = visitor.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "Qingshan-2025!", "new_password2": "Qingshan-2025!"},
    )
    signed_in = Client()
    signed_in.post(reverse("login"), {"username": "jiaoyu", "password": "Qingshan-2025!"})
    assert (form_page.status_code, done.status_code) == (200, 302)
    assert signed_in.session.get("_auth_user_id") == str(User.objects.get(username="jiaoyu").pk)
    assert User.objects.get(username="jiaoyu").invited_at is not None


def test_invitation_link_works_only_once(client, admin_user, agency):
    clerk = make_user("wang", Role.AGENCY, agency=agency, email="wang@example.gov.cn")
    clerk.set_unusable_password()
    clerk.save()
    client.force_login(admin_user)
    client.post(
        "/admin/reports/user/",
        {"action": "send_invitations", "_selected_action": [clerk.pk]},
    )
    path = path_of(link_in(mail.outbox[0]))
    visitor = Client()
    first = visitor.get(path, follow=True)
    visitor.post(
        first.redirect_chain[-1][0],
        {"new_password1": "Wang-Secure-77", "new_password2": "Wang-Secure-77"},
    )

    again = Client().get(path, follow=True)

    assert first.context["validlink"] is True
    assert again.context["validlink"] is False
    assert "已失效" in again.content.decode()


def test_users_without_an_address_are_named_not_invited(client, admin_user, agency):
    nobody = make_user("zhao", Role.AGENCY, agency=agency)
    client.force_login(admin_user)

    response = client.post(
        "/admin/reports/user/",
        {"action": "send_invitations", "_selected_action": [nobody.pk]},
        follow=True,
    )

    assert mail.outbox == []
    assert "zhao" in " ".join(str(m) for m in response.context["messages"])


def test_forgot_password_sends_a_reset_link_to_a_known_address(client, agency):
    make_user("li", Role.AGENCY, agency=agency, email="li@example.gov.cn")
    Agency.objects.get(pk=agency.pk)

    response = client.post(reverse("password_reset"), {"email": "li@example.gov.cn"})

    assert (response.status_code, response.url) == (302, reverse("password_reset_done"))
    assert [message.to for message in mail.outbox] == [["li@example.gov.cn"]]
    assert "/account/set-password/" in mail.outbox[0].body
