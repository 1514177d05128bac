"""Inviting people to set their own password: a signed link by e-mail, not a password by phone.

The link is Django's password-reset token, valid for PASSWORD_RESET_TIMEOUT and spent once the
password is set (the token depends on the password hash).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import EmailMessage, get_connection
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from reports.models import User

logger = logging.getLogger(__name__)


@dataclass
class Invited:
    sent: list[User] = field(default_factory=list)
    without_email: list[User] = field(default_factory=list)
    failed: bool = False


def set_password_link(user: User) -> str:
    """The address where `user` chooses a password; it stops working once one is set."""
    path = reverse(
        "password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    return settings.SITE_URL.rstrip("/") + path


def invite(users: Iterable[User]) -> Invited:
    """E-mail each active user with an address a link to set their password."""
    invited = Invited()
    mails = []
    days = settings.PASSWORD_RESET_TIMEOUT // 86400
    with translation.override(settings.LANGUAGE_CODE):
        for user in users:
            if not user.is_active:
                continue
            if not user.email:
                invited.without_email.append(user)
                continue
            body = render_to_string(
                "account/invitation_email.txt",
                {"user": user, "link": set_password_link(user), "days": days},
            )
            subject = render_to_string(
                "account/invitation_subject.txt", {"site_title": settings.SITE_TITLE}
            ).strip()
            mails.append(EmailMessage(subject=subject, body=body, to=[user.email]))
            invited.sent.append(user)
    if not mails:
        return invited
    try:
        with get_connection() as connection:
            connection.send_messages(mails)
    except Exception:
        logger.exception("Could not send %d invitations", len(mails))
        return Invited(without_email=invited.without_email, failed=True)
    User.objects.filter(pk__in=[user.pk for user in invited.sent]).update(invited_at=timezone.now())
    return invited
