"""Recognise boilerplate lines: share buttons, navigation labels, footers, notices, trailers."""

from __future__ import annotations

import re
from functools import lru_cache

from harness.rendered.blocks import Line, unspaced_chars
from harness.rendered.datetext import find_dates

_SOCIAL = re.compile(
    r"^(?:(?:share|tweet|pin|e-?mail|print|copy link|facebook|twitter|x|youtube|linkedin|"
    r"reddit|pocket|whatsapp|telegram|instagram|pinterest|tumblr|flipboard|xing|rss|"
    r"messenger|mastodon|threads|bluesky|vk|teilen|partager|imprimer|drucken|compartir|"
    r"condividi|delen|\+1|sms|comment|comments|save|follow|subscribe|feed|google\+?|"
    r"on|to|with|us|via|this|article|page|link|story|auf|sur|en|su|op|per|por|mit|avec|con|"
    r"[|/,:·•])\s*)+$|"
    r"^share (?:to|on|via|with) \w+$",
    re.IGNORECASE,
)
_BOILER = re.compile(
    r"©|\(c\) ?\d{4}|copyright|all rights reserved|alle rechte vorbehalten|"
    r"tous droits réservés|todos los derechos|tutti i diritti|alle rechten voorbehouden|"
    r"\bcookies?\b|privacy policy|terms of (?:use|service)|datenschutz|impressum|"
    r"mentions légales|sign up for|newsletter|subscribe to|abonnieren|s'abonner|"
    r"(?:enable|activate|turn on|aktivieren sie) javascript|javascript (?:is )?(?:disabled|"
    r"required|must be enabled|deaktiviert)|(?:update|upgrade) your browser|"
    r"your browser (?:does not|doesn't|is (?:out of date|outdated|not supported))|"
    r"sponsored|"
    r"\b(?:follow|like|find|join|folgen sie|suivez)\b[\w ]{0,30}?\b(?:on|auf|sur)\s+"
    r"(?:facebook|twitter|instagram|youtube|linkedin|tiktok|x)\b|"
    r"skip to (?:main )?content|zum inhalt springen|aller au contenu|"
    r"log ?in\b|sign ?in\b|(?:signed|logged) in\b|anmelden|se connecter|register\b|"
    r"click here|klicken sie hier|cliquez ici|read more\b|weiterlesen|lire la suite|"
    r"leer más|leggi (?:anche|tutto)|lees meer|mozilla/\d|compatible;|loading\.\.\.",
    re.IGNORECASE,
)
# Words that are a label on their own ("Advertisement", "Anzeige") but ordinary words in a
# sentence ("Anzeige erstatten", an article about advertising).
_LABEL = re.compile(
    r"^\W*(?:advertisement|advertising|ad|anzeige|werbung|publicité|publicidad|pubblicità|"
    r"advertentie|sponsored content|paid content)\W*$",
    re.IGNORECASE,
)
_HARD_END = re.compile(
    r"^(?:previous|next|prev|older|newer|leave a|post a|add a|join the|"
    r"\d+ (?:comments?|responses?|replies|kommentare?|commentaires?|comentarios?|commenti|"
    r"reacties)|"
    r"comments?|responses|replies|tags?|filed under|categories|share this|about the author|"
    r"kommentare?|schlagwörter|commentaires?|comentarios?|commenti|reacties|"
    r"vorheriger|nächster|précédent|suivant|anterior|siguiente|precedente|successivo|vorige|volgende)\b",
    re.IGNORECASE,
)
_SOFT_END = re.compile(
    r"^(?:related|more|recommended|popular|trending|most|also|read|"
    r"you (?:may|might)|see also|further reading|weitere|mehr|ähnliche|"
    r"verwandte|das könnte|auch interessant|themen|"
    r"à lire|lire aussi|sur le même|articles? (?:similaires|liés)|"
    r"plus d|voir aussi|dans la même|relacionad|más|otras noticias|"
    r"potrebbe|leggi anche|articoli correlati|meer|gerelateerd|"
    r"lees ook)\b",
    re.IGNORECASE,
)
_MARKER_WORDS = 6
_COMMENTS_HEADING = re.compile(
    r"(?:^|\s|-)(?:comments?|responses|replies|discussion|kommentare?|leserkommentare|"
    r"diskussion|commentaires?|réactions|comentarios?|commenti|reacties)\W*$|"
    r"^(?:leave a (?:reply|comment)|post a comment|join the (?:discussion|conversation))",
    re.IGNORECASE,
)
_META = re.compile(
    r"\b\d+\s*(?:seconds?|minutes?|mins?|hours?|hrs?|days?|weeks?|months?|years?)\s+ago\b|"
    r"\bvor\s+\d+\s+(?:sekunden|minuten|stunden|tagen|wochen|monaten|jahren)\b|"
    r"\bil y a\s+\d+\s+(?:secondes?|minutes?|heures?|jours?|semaines?|mois|ans)\b|"
    r"\bhace\s+\d+\s+(?:segundos?|minutos?|horas?|días?|semanas?|meses?|años?)\b|"
    r"^rating:|\b\d+\s+(?:votes|likes|points)\b",
    re.IGNORECASE,
)
# A comment's buttons; also under an embedded post or a tweet, so no sign of a thread alone.
_BUTTON = re.compile(
    r"^(?:reply|antworten|répondre|responder|rispondi|beantwoorden|report|like|quote)$",
    re.IGNORECASE,
)
# A picture's caption or credit, by its label: "Image caption ...", "Photo: ...", "Foto: ...".
_CAPTION = re.compile(
    r"^(?:(?:image|media|photo|picture|video) (?:caption|copyright|credit)|"
    r"(?:photos?|fotos?|bild(?:er)?|image|picture|credits?|quelle|crédits?|photo credit)\s*:)",
    re.IGNORECASE,
)
_CAPTION_WORDS = 40
# A caption with its credit at the end, "Protesters wore masks (Image: GETTY )", or a credit
# line of its own, "Sanjeev Verma/Hindustan Times/Getty Images".
_CREDITED = re.compile(
    r"\((?:images?|photos?|pictures?|pics?|credits?|fotos?|bild|source)\s*:[^)]*\)\s*$|"
    r"^[^.!?]{0,60}/\s*(?:getty images|ap|afp|reuters|epa|shutterstock|istock(?:photo)?|"
    r"dpa|imago|picture alliance)\s*$",
    re.IGNORECASE,
)
# A link to another story inside an article: "SEE MORE: ...", "Related: ...", "DON'T MISS".
_PROMO = re.compile(
    r"^(?:see more|read more|read also|also read|related|more|watch|listen)\s*:|"
    r"^(?:don'?t miss|continue reading(?: below)?|must read)\W*$",
    re.IGNORECASE,
)
_META_LINE_WORDS = 12
_SAID = re.compile(r"(?:says|said|wrote|schreibt|sagt|schrieb|a écrit|dice|scrive|schreef)\s*:$")
_HEADER_WORDS = 20
_NAME_WORDS = 4  # "Jane Doe says:" needs no date to be a comment's header
# A line of code that starts with "next" or the like: a call, a block, a statement, not the
# count in "Comments (12)".
_SOURCE_PUNCTUATION = re.compile(r"\w\(|[{};=]|\(\)")
_LEAD = re.compile(r"^[^\w]+")  # arrows and quotes before a label: "« Previous", "> Next"
_COOKIE = re.compile(r"\bcookies?\b", re.IGNORECASE)
_COOKIE_WORDS = 150
_ID_CHARS = 15
_DOUBLED_CHARS = 8
_SPACED_COPY_WORDS = 3  # copies separated by a space must be this long to count as doubled
_ID_LIKE = re.compile(r"^[\w.\-:/?=&%+#]+$")
# How lynx shows an embedded frame or player: "IFRAME: https://.../embed/video/?v=1.77d1ff0c".
_EMBED = re.compile(r"^(?:IFRAME|FRAME|EMBED|OBJECT|VIDEO|AUDIO):\s")
_LINK_LIST = re.compile(r"^#[^\s#]")
_NUMERIC = re.compile(r"^[\W\d_]+$")
_MARKUP = re.compile(r"</?[a-z][a-z0-9]*(?:\s[^>]*)?>|\w=\"|https?://\S+\s*$")
_SOURCE = re.compile(
    r"[;{]$|^[})\]]|^//|^#include|^[\w\"'-]+\s*:\s*[\"'\d\[{].*[,{\[]$|"
    r"^(?:var|let|const|function|def|return|import|from|if|elif|else|for|while|with|try|except|"
    r"class|public|private|async|await|yield)\b.*[=({:;]$"
)


def is_social(line: Line) -> bool:
    """A row of share/follow buttons or a single social-network label."""
    return bool(_SOCIAL.match(line.text))


def is_junk(line: Line) -> bool:
    """File names, hashes, bare numbers, URLs and similar non-prose tokens, and what lynx
    shows for the document's ``<link>`` elements ("#alternate Site » Feed ...", first) and
    for embedded frames ("IFRAME: https://...")."""
    text = line.text
    if (line.index == 0 and _LINK_LIST.match(text)) or _EMBED.match(text):
        return True
    if is_code(line):
        return False
    if _NUMERIC.match(text) or _MARKUP.search(text):
        return True
    if " " in text or len(text) <= _ID_CHARS or unspaced_chars(text):  # Chinese has no spaces
        return False
    return bool(_ID_LIKE.match(text))


def is_code(line: Line) -> bool:
    """A line of program source (a statement, a brace, a call), as technical articles show."""
    return bool(_SOURCE.search(line.text))


def is_button(line: Line) -> bool:
    """A comment's or an embedded post's button: "Reply", "Report", "Like", "Quote"."""
    return bool(_BUTTON.match(line.text))


def is_comment_meta(line: Line) -> bool:
    """Comment furniture: "N hours ago", "Reply", "Name says:", vote counts, and a comment's
    header "Name on <date> at <time> said:"."""
    if is_button(line) or (line.words <= _META_LINE_WORDS and _META.search(line.text)):
        return True
    if line.words > _HEADER_WORDS or not _SAID.search(line.text):
        return False
    return line.words <= _NAME_WORDS or bool(find_dates(line.text))


@lru_cache(maxsize=4096)
def is_boilerplate(line: Line) -> bool:
    """Line is site furniture rather than article content."""
    return is_social(line) or is_junk(line) or is_notice(line)


@lru_cache(maxsize=4096)
def is_notice(line: Line) -> bool:
    """A line about cookies, sign-ups, log-ins, copyright or advertising: a site notice unless
    it sits among the paragraphs of an article."""
    if line.words < _COOKIE_WORDS and _COOKIE.search(line.text):
        return True
    if _LABEL.match(line.text) or _PROMO.match(line.text):
        return True
    if line.words < _CAPTION_WORDS and (_CAPTION.match(line.text) or _CREDITED.search(line.text)):
        return True
    return line.words < 40 and bool(_BOILER.search(line.text))


def is_comments_heading(line: Line) -> bool:
    """The heading of a comment section: "Comments", "12 Comments", "Top Rated Comments",
    "Leave a Reply", "Leserkommentare", "Commentaires"."""
    if line.words > _MARKER_WORDS or line.text.endswith((".", "!", "?")):
        return False
    return bool(_COMMENTS_HEADING.search(line.text))


def is_hard_end(line: Line) -> bool:
    """A short label after which an article does not continue (comments, prev/next, tags)."""
    if line.words > _MARKER_WORDS or _SOURCE_PUNCTUATION.search(line.text):
        return False
    return bool(_HARD_END.match(_LEAD.sub("", line.text)))


def is_end_marker(line: Line) -> bool:
    """A short label that typically starts what follows an article (related, comments...)."""
    if line.words > _MARKER_WORDS or line.text.endswith((".", "!", "?")):
        return False
    if _SOURCE_PUNCTUATION.search(line.text):
        return False
    label = _LEAD.sub("", line.text)
    return bool(_HARD_END.match(label) or _SOFT_END.match(label))


def is_doubled(text: str) -> bool:
    """A text written two or three times over, with or without a space between the copies
    ("Pear JamPear Jam", "How to Shop How to Shop How to Shop"): an image's alt text, its
    caption and a link's title, run together by the renderer."""
    if len(text) < _DOUBLED_CHARS:
        return False
    for copies in (2, 3):
        for gap in (0, 1):  # the copies run together, or separated by one space
            size = (len(text) - gap * (copies - 1)) / copies
            if size != int(size) or size < _DOUBLED_CHARS / 2:
                continue
            part = text[: int(size)]
            if gap and len(part.split()) < _SPACED_COPY_WORDS:  # "Bora Bora", "Go Go Go"
                continue
            if text == (" " * gap).join([part] * copies):
                return True
    return False
