"""The one link policy: what a page may link to and load, read as a browser reads an address.

Python's ``urllib`` and a browser disagree on tricky addresses: a browser
reads ``https://evil.example\\@nordvpn.com/`` as the host ``evil.example``
(a backslash is a slash in http(s) addresses) and ``//evil.example/x`` as
another site. So addresses are parsed by Ada (``ada-url``), which follows
the WHATWG URL standard that browsers implement, and judged here only:

- a link (``<a href>``) goes to this site (a relative address), or over
  http(s) to one of the allowed hosts (``helpcenter_link_hosts``, and www. of
  each), with no user name or password, or is a ``mailto:`` whose every
  address (in the path and in the ``to``, ``cc`` and ``bcc`` fields) is at an
  allowed host;
- a resource the page loads (an image, a video) comes from this site only.
"""

from __future__ import annotations

from urllib.parse import unquote

import ada_url

#: A stand-in for the address of the page holding a link: relative links resolve under it.
_SITE = "site.invalid"
_PAGE = f"https://{_SITE}/section/page.html"
LINK_SCHEMES = {"http", "https", "mailto"}
#: The mailto: fields that name recipients (RFC 6068).
MAIL_FIELDS = ("to", "cc", "bcc")


def _parse(address: str) -> tuple[ada_url.URL | None, bool]:
    """(the address as a browser resolves it on a page of this site, whether it is relative)."""
    relative = not ada_url.check_url(address)
    try:
        return ada_url.URL(address, _PAGE) if relative else ada_url.URL(address), relative
    except ValueError:
        return None, relative


def is_local(address: str) -> bool:
    """Whether a browser resolves the address to this site (a relative address, not ``//host``)."""
    url, relative = _parse(address.strip())
    return url is not None and relative and url.hostname == _SITE


def hostname_of(address: str) -> str | None:
    """The host a browser would contact for an absolute address, or None if it cannot read it."""
    url, relative = _parse(address)
    return None if url is None or relative else url.hostname


def allowed_host(host: str, allowed: list[str] | tuple[str, ...]) -> bool:
    host = host.lower().rstrip(".")
    return any(host == name or host == f"www.{name}" for name in allowed)


def mail_addresses(url: ada_url.URL) -> list[str]:
    """Every recipient of a mailto: address: the path's and the to/cc/bcc fields', comma lists split."""
    fields = ada_url.parse_search_params(url.search) if url.search else {}
    # Field names are case-insensitive in mailto: (RFC 6068); the path is percent-encoded.
    values = [unquote(url.pathname)] + [v for name, vs in fields.items() if name.lower() in MAIL_FIELDS for v in vs]
    return [address.strip() for value in values for address in value.split(",") if address.strip()]


def link_problem(address: str, allowed: list[str] | tuple[str, ...]) -> str | None:
    """Why a page may not link to this address (a short phrase), or None."""
    address = address.strip()
    url, relative = _parse(address)
    if url is None:
        return "an address a browser cannot read"
    if "\\" in address:
        return "a backslash in an address (a browser reads it as a slash, which can change the host)"
    if relative:
        if url.hostname != _SITE:
            return f"a protocol-relative link to {url.hostname or 'no host'} (//host)"
        return None
    scheme = url.protocol.rstrip(":")
    if scheme not in LINK_SCHEMES:
        return f"a {scheme}: link"
    if scheme == "mailto":
        addresses = mail_addresses(url)
        if not addresses:
            return "a mailto: link without an address"
        for mail in addresses:
            if "@" not in mail:
                return f"a mailto: link to {mail!r}, which is not an address"
            domain = mail.rpartition("@")[2]
            if not allowed_host(domain, allowed):
                return f"a link to {domain}"
        return None
    if url.username or url.password:
        return "a link with a user name or password before the host"
    if not allowed_host(url.hostname, allowed):
        return f"a link to {url.hostname or 'no host'}"
    return None


def resource_problem(address: str) -> str | None:
    """Why a page may not load this image or media file, or None: it must come from this site."""
    address = address.strip()
    if "\\" in address:
        return "a backslash in an address (a browser reads it as a slash, which can change the host)"
    url, relative = _parse(address)
    if url is None:
        return "an address a browser cannot read"
    if not relative:
        return f"a file from {url.hostname or url.protocol} (pages load images and media from this site only)"
    if url.hostname != _SITE:
        return f"a file from {url.hostname or 'another host'} (//host; pages load images and media from this site only)"
    return None
