"""Capture ids people can read: from a page's URL or title, stable from run to run."""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import unquote, urlsplit

MAX_ID = 60
LETTERS = str.maketrans(
    {
        "ß": "ss",
        "æ": "ae",
        "Æ": "AE",
        "ø": "o",
        "Ø": "O",
        "œ": "oe",
        "Œ": "OE",
        "ł": "l",
        "Ł": "L",
        "đ": "d",
        "Đ": "D",
        "þ": "th",
        "Þ": "Th",
    }
)


def id_from_url(url: str) -> str:
    """The host (less www.) and the last two path segments, as a slug."""
    parts = urlsplit(url)
    host = parts.netloc.split("@")[-1].split(":")[0].removeprefix("www.")
    path = unquote(parts.path)
    if "." in path.rsplit("/", 1)[-1]:
        path = path.rsplit(".", 1)[0]
    return slug(" ".join([host, *[s for s in path.split("/") if s][-2:]])) or "page"


def slug(text: str) -> str:
    """Lower-case ASCII words joined by '-', at most 60 characters, cut at a word."""
    folded = text.translate(LETTERS)
    ascii_text = unicodedata.normalize("NFKD", folded).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_text.lower())
    out = ""
    for word in words:
        candidate = f"{out}-{word}" if out else word
        if len(candidate) > MAX_ID:
            break
        out = candidate
    return out or (words[0][:MAX_ID] if words else "")
