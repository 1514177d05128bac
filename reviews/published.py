"""Checking a published report against the accepted version: fetch the address, compare texts.

The server fetches an address an agency typed, so it must not become a way into the county's
own network (SSRF): only http and https, every address the name resolves to must be public
(unless PUBLICATION_CHECK_NETWORKS allows it: an intranet portal), the connection goes to the
address checked (no second lookup), at most three redirects each checked again, a time limit,
a size limit, and only HTML or PDF. What comes back is untrusted too: a PDF is read in the
sandbox like any upload.
"""

from __future__ import annotations

import http.client
import ipaddress
import re
import socket
import ssl
import urllib.parse
from collections.abc import Sequence
from dataclasses import dataclass

import lxml.html
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from reports.checking import check_upload
from reports.parsing import ReadError, check_text
from reports.parsing._text import decode_text
from reports.parsing.reuse import compare, fingerprint
from reviews.models import Publication

_TYPES = {"text/html": "html", "application/xhtml+xml": "html", "application/pdf": "pdf"}
_REDIRECTS = (301, 302, 303, 307, 308)
_BLOCKS = ("p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "section", "table")


class FetchRefused(Exception):
    """The address may not be fetched, or gave nothing to compare; `message` is for the user."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Fetched:
    kind: str  # "html" or "pdf"
    data: bytes
    url: str  # where it was found, after redirects
    charset: str = ""  # as the server declared it


def fetch(
    url: str,
    *,
    max_bytes: int,
    timeout: float,
    allowed_networks: Sequence[str] = (),
    redirects: int = 3,
) -> Fetched:
    """The HTML or PDF at `url`, fetched with the protections above."""
    networks = [ipaddress.ip_network(network, strict=False) for network in allowed_networks]
    for _hop in range(redirects + 1):
        parts = urllib.parse.urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise FetchRefused(_("Only http:// and https:// addresses can be checked."))
        port = parts.port or (443 if parts.scheme == "https" else 80)
        address = _public_address(parts.hostname, port, networks)
        response, connection = _get(parts, address, port, timeout)
        try:
            if response.status in _REDIRECTS and response.getheader("Location"):
                url = urllib.parse.urljoin(url, response.getheader("Location"))
                continue
            if response.status != 200:
                raise FetchRefused(
                    _("The address answered with status %(status)s.") % {"status": response.status}
                )
            content_type = response.getheader("Content-Type") or ""
            kind = _TYPES.get(content_type.split(";")[0].strip().lower())
            if kind is None:
                raise FetchRefused(_("The address gives neither a web page nor a PDF."))
            declared = response.getheader("Content-Length")
            if declared and declared.isdigit() and int(declared) > max_bytes:
                raise FetchRefused(_("What the address gives is too large to check."))
            data = response.read(max_bytes + 1)
            if len(data) > max_bytes:
                raise FetchRefused(_("What the address gives is too large to check."))
            charset = ""
            for parameter in content_type.split(";")[1:]:
                name, _sep, value = parameter.partition("=")
                if name.strip().lower() == "charset":
                    charset = value.strip().strip('"')
            return Fetched(kind=kind, data=data, url=url, charset=charset)
        finally:
            connection.close()
    raise FetchRefused(_("The address redirects too many times."))


def _public_address(host: str, port: int, networks: list) -> str:  # type: ignore[type-arg]
    try:
        found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except OSError as exc:
        raise FetchRefused(_("The address's host name is unknown.")) from exc
    addresses = [info[4][0] for info in found]
    for address in addresses:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
        if not ip.is_global and not any(ip in network for network in networks):
            raise FetchRefused(_("The address points into a private network and is not checked."))
    return addresses[0]


def _get(parts: urllib.parse.SplitResult, address: str, port: int, timeout: float):  # type: ignore[no-untyped-def]
    try:
        sock = socket.create_connection((address, port), timeout=timeout)
        if parts.scheme == "https":
            sock = ssl.create_default_context().wrap_socket(sock, server_hostname=parts.hostname)
        connection = http.client.HTTPConnection(parts.hostname, port, timeout=timeout)
        connection.sock = sock
        path = parts.path or "/"
        if parts.query:
            path += "?" + parts.query
        connection.request(
            "GET",
            path,
            headers={
                "Host": parts.netloc,
                "User-Agent": "Nianbao publication check",
                "Accept": "text/html, application/pdf",
            },
        )
        return connection.getresponse(), connection
    except (OSError, http.client.HTTPException) as exc:
        raise FetchRefused(_("The address could not be reached in time.")) from exc


def published_text(fetched: Fetched) -> str:
    """The text a reader sees at the address."""
    if fetched.kind == "pdf":
        try:
            return check_upload(fetched.data, "published.pdf").text
        except ReadError as exc:
            raise FetchRefused(exc.message) from exc
    document = lxml.html.document_fromstring(_decoded(fetched))
    for node in document.xpath("//script|//style|//noscript"):
        node.drop_tree()
    # text_content() runs paragraphs together; a line break after each block keeps the
    # report's lines apart, as the comparison reads them.
    for node in document.iter(*_BLOCKS):
        node.tail = "\n" + (node.tail or "")
    return "\n".join(line.strip() for line in document.text_content().splitlines() if line.strip())


def _decoded(fetched: Fetched) -> str | bytes:
    """The page as text: by the server's charset, else the page's own meta (lxml reads it),
    else UTF-8 or GB18030 as a Chinese site writes them."""
    if fetched.charset:
        try:
            return fetched.data.decode(fetched.charset, errors="replace")
        except LookupError:
            pass
    if re.search(rb"<meta[^>]+charset", fetched.data[:4096], re.IGNORECASE):
        return fetched.data
    try:
        return decode_text(fetched.data)
    except ReadError:
        return fetched.data.decode("utf-8", errors="replace")


def matched_share(accepted_text: str, published: str, agency_names: Sequence[str]) -> float:
    """How much of the accepted report's body stands in the published text."""
    accepted = fingerprint(check_text(accepted_text), agency_names=agency_names)
    online = fingerprint(check_text(published), agency_names=agency_names)
    result = compare(accepted, [("published", online)])
    return round(result.copied_share, 3)


def check_publication(publication: Publication) -> Publication:
    """Fetch the published address and store how much of the accepted text stands there."""
    report = publication.report
    share, problem = None, ""
    try:
        fetched = fetch(
            publication.url,
            max_bytes=settings.PUBLICATION_CHECK_MAX_MB * 1024 * 1024,
            timeout=settings.PUBLICATION_CHECK_TIMEOUT,
            allowed_networks=settings.PUBLICATION_CHECK_NETWORKS,
        )
        share = matched_share(report.text, published_text(fetched), report.agency.all_names())
    except FetchRefused as refusal:
        problem = refusal.message
    with transaction.atomic():
        publication.checked_at = timezone.now()
        publication.matched_share, publication.check_problem = share, problem
        publication.save(update_fields=["checked_at", "matched_share", "check_problem"])
    return publication
