"""Each user's notices: the list, opening one (which marks it read), marking all read."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from reviews.notices import title

PAGE_SIZE = 30


@login_required
def notice_list(request: HttpRequest) -> HttpResponse:
    notices = request.user.notices.select_related("agency", "period", "report", "actor")
    page = Paginator(notices, PAGE_SIZE).get_page(request.GET.get("page"))
    items = [(notice, title(notice)) for notice in page.object_list]
    return render(request, "reviews/notices.html", {"page": page, "items": items})


@login_required
def open_notice(request: HttpRequest, pk: int) -> HttpResponse:
    """Follow a notice to its page; following it is reading it."""
    notice = get_object_or_404(request.user.notices, pk=pk)
    if notice.read_at is None:
        notice.read_at = timezone.now()
        notice.save(update_fields=["read_at"])
    target = notice.url
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = "notices:list"
    return redirect(target)


@login_required
@require_POST
def mark_all_read(request: HttpRequest) -> HttpResponse:
    request.user.notices.filter(read_at__isnull=True).update(read_at=timezone.now())
    return redirect("notices:list")
