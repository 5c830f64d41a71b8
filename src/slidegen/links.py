"""Which addresses may become live links: one allow-list for every hyperlink slidegen writes.

Inline links (`[text](url)`), reference URLs and DOIs on the references slide and the
presenter's email on the closing slide all pass through `link_problem` before they become a
hyperlink, and the renderer checks again before writing one. Allowed:

- `https://` and `http://` with a host, and no user name or password before it (the
  "https://bank.example@evil.example" trick);
- `mailto:` with one or more addresses and no header parameters (`?cc=`, `?bcc=`, `?subject=`
  ...): a header can hide a copy to someone else;
- `tel:` with a phone number.

Anything else (`javascript:`, `file:`, `data:`, `vbscript:`, a relative path, an address with
spaces or control characters) is refused, and so is a link longer than MAX_URL characters
(what browsers and Office handle reliably). No imports beyond the standard library.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

ALLOWED = ("https", "http", "mailto", "tel")
MAX_URL = 2000
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.\-]*):")
_EMAIL = re.compile(r"[^@\s,;<>()\[\]\\\"]+@[^@\s,;<>()\[\]\\\"]+\.[^@\s,;<>()\[\]\\\".]+")
_PHONE = re.compile(r"\+?[0-9][0-9 ().\-]*")
ALLOWED_TEXT = "https://..., http://..., mailto:name@example.org or tel:+44..."


def link_problem(url: str) -> str | None:
    """Why `url` may not become a link (for a message), or None when it may."""
    if not isinstance(url, str) or not url:
        return "it is empty"
    if len(url) > MAX_URL:
        return f"it is {len(url):,} characters long; the limit is {MAX_URL:,}"
    if any(c.isspace() or ord(c) < 32 or ord(c) == 127 for c in url):
        if url[:4].lower() == "tel:":
            return "it contains spaces (write the number without them, or with hyphens)"
        return "it contains spaces or control characters (write a space as %20)"
    m = _SCHEME.match(url)
    if not m:
        return "it has no scheme (https://, http://, mailto: or tel:)"
    scheme = m.group(1).lower()
    if scheme not in ALLOWED:
        return f"links to '{m.group(1)}:' addresses are not allowed"
    rest = url[m.end() :]
    if scheme in ("http", "https"):
        try:
            parts = urlsplit(url)
        except ValueError as exc:
            return f"it is not a valid web address ({exc})"
        if not rest.startswith("//") or not parts.hostname:
            return "a web address needs a host after '//'"
        if "@" in parts.netloc:
            return "a web address with a user name or password before its host is not allowed"
        return None
    if scheme == "mailto":
        if "?" in rest or "&" in rest:
            return "a mail link may not carry header parameters (?cc=, ?bcc=, ?subject= ...)"
        addresses = rest.split(",")
        if not all(_EMAIL.fullmatch(a) for a in addresses):
            return "it is not a mail address (name@example.org)"
        return None
    if not _PHONE.fullmatch(rest):
        return "it is not a phone number"
    return None


def mail_link(email: str) -> str:
    """The mailto: link of an email address (check it with link_problem)."""
    return f"mailto:{email}"
