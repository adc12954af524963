"""jusText: body paragraphs only, judged with the stoplist of the `language` option."""

from __future__ import annotations

import pytest

from harness import runner
from harness.errors import UsageError

from .helpers import make, page


def test_english_by_default() -> None:
    extractor = make("justext")
    assert extractor.options == {"language": "English"}
    record = runner.extract(extractor, page("news-en"))
    assert record.body[0] == "Eastmere council approves tidal barrier after decade of floods"
    assert "Opposition from fishing crews" in record.body
    text = "\n".join(record.body)
    for boilerplate in ("Subscribe for unlimited access", "All rights reserved", "Related stories"):
        assert boilerplate not in text


def test_the_language_option_picks_the_stoplist() -> None:
    blog = page("blog-de-cp1252")
    assert runner.extract(make("justext"), blog).body == ()
    german = make("justext", language="german")
    assert german.options == {"language": "German"}
    body = runner.extract(german, blog).body
    assert any(p.startswith("Vor genau einem Jahr habe ich meinen ersten Sauerteig") for p in body)
    assert any("„Brot backen heißt warten können.“" in p for p in body)
    assert not any("Datenschutzerklärung" in p or "Neueste Beiträge" in p for p in body)


def test_an_unknown_stoplist_is_refused_with_the_known_ones() -> None:
    with pytest.raises(UsageError, match="use one of: Afrikaans, Albanian"):
        make("justext", language="Klingon")
