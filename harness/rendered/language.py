"""Guess the language of a text from its script or from counts of very common words."""

from __future__ import annotations

import re

_STOPWORDS: dict[str, frozenset[str]] = {
    code: frozenset(words.split())
    for code, words in (
        ("en", "the and of to in is that for it with was on as are be by this have from"),
        ("de", "der die und das ist nicht ein eine zu den mit von sich des auf für im dem"),
        ("fr", "le la les et des est un une du que dans pour pas qui sur au avec ce sont"),
        ("es", "el la los las y de que en un una es por con para del se no al lo como"),
        ("it", "il di che e la per un una non sono della del le gli con si è nel alla"),
        ("nl", "de het een en van is dat op te in niet zijn met voor er aan ook wordt"),
        ("pt", "o a os as e de que em um uma do da não para com por se no na"),
    )
}
_WORD = re.compile(r"[^\W\d_]+")
_MIN_HITS = 3
_LETTER = re.compile(r"[^\W\d_]")
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_KANA = re.compile(r"[\u3040-\u30ff]")
_HANGUL = re.compile(r"[\uac00-\ud7af]")
_SCRIPT_SHARE = 0.3  # of a text's letters, to call it Chinese, Japanese or Korean
_KANA_SHARE = 0.1  # of its Han and kana: Japanese rather than Chinese


def _by_script(text: str) -> str | None:
    """zh, ja or ko for a text mostly in those scripts, which stop words cannot tell."""
    letters = len(_LETTER.findall(text))
    han, kana, hangul = (len(pattern.findall(text)) for pattern in (_HAN, _KANA, _HANGUL))
    if not letters:
        return None
    if hangul >= _SCRIPT_SHARE * letters:
        return "ko"
    if han + kana >= _SCRIPT_SHARE * letters:
        return "ja" if kana >= _KANA_SHARE * (han + kana) else "zh"
    return None


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of the language whose stop words occur most often, or None."""
    script = _by_script(text)
    if script is not None:
        return script
    words = [word.lower() for word in _WORD.findall(text)]
    scores = {
        code: sum(1 for word in words if word in stopwords)
        for code, stopwords in _STOPWORDS.items()
    }
    code, hits = max(scores.items(), key=lambda item: item[1])
    if hits < _MIN_HITS or hits * 20 < len(words):
        return None
    return code
