"""Capture ids people can read: from a corpus folder's name, a page's title or its URL.

Ids are lower-case ASCII words joined by '-', at most `MAX_ID` characters, cut at a word.
Other scripts are transliterated by `anyascii` (a maintained table of every Unicode
character); a character of a script written without spaces (Chinese, Japanese, Thai, a
Hangul syllable) becomes a word of its own, so "清河市新图书馆" reads "qing-he-shi-xin-tu-shu-guan".
"""

from __future__ import annotations

import ipaddress
import re
from urllib.parse import unquote, urlsplit

MAX_ID = 40  # characters of a new capture's id
WARC_MAX_ID = 60  # ids of WARC records, kept as they were so that their goldens stay theirs
_UNSPACED = re.compile(
    r"[\u0e00-\u0e7f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af]"
)
_SITE_PART = re.compile(r"\s+[|\u2013\u2014\u00b7:\u00bb-]\s+")
_WEAK = frozenset({"index", "page", "default", "home", "article", "story", "post", "html"})


def readable_id(*, name: str | None, title: str | None, url: str | None, source: str) -> str:
    """A new capture's id: the corpus folder's own name, else the page's title (its longest
    part when a site name is joined to it), else the URL's words, else the source's."""
    for candidate in (name, _headline(title), _url_words(url), source):
        found = slug(candidate or "")
        if found and found not in _WEAK:
            return found
    return "page"


def _headline(title: str | None) -> str | None:
    if not title:
        return None
    parts = [p for p in _SITE_PART.split(title.strip()) if p]
    return max(parts, key=len) if parts else None


def _url_words(url: str | None) -> str | None:
    """The URL's last path segment that has words; the host only when the path has none and
    the host is a name (an address or 'localhost' says nothing of the page)."""
    if not url:
        return None
    parts = urlsplit(url)
    segments = [unquote(s).rsplit(".", 1)[0] for s in parts.path.split("/") if s]
    for segment in reversed(segments):
        words = slug(segment)
        if words and words not in _WEAK and not words.isdigit():
            return segment
    host = (parts.hostname or "").removeprefix("www.")
    return None if _is_address(host) else host


def _is_address(host: str) -> bool:
    if host in ("", "localhost") or host.endswith(".localhost"):
        return True
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


def id_from_url(url: str) -> str:
    """A WARC record's id: the host (less www.) and the last two path segments."""
    parts = urlsplit(url)
    host = parts.netloc.split("@")[-1].split(":")[0].removeprefix("www.")
    path = unquote(parts.path)
    if "." in path.rsplit("/", 1)[-1]:
        path = path.rsplit(".", 1)[0]
    words = " ".join([host, *[s for s in path.split("/") if s][-2:]])
    return slug(words, WARC_MAX_ID) or "page"


def slug(text: str, most: int = MAX_ID) -> str:
    """Lower-case ASCII words joined by '-', at most `most` characters, cut at a word."""
    words = re.findall(r"[a-z0-9]+", ascii_words(text).lower())
    out = ""
    for word in words:
        candidate = f"{out}-{word}" if out else word
        if len(candidate) > most:
            break
        out = candidate
    return out or (words[0][:most] if words else "")


def ascii_words(text: str) -> str:
    """`text` transliterated to ASCII, each character of an unspaced script a word."""
    from anyascii import anyascii

    spaced = _UNSPACED.sub(lambda m: f" {m.group()} ", text)
    return str(anyascii(spaced))
