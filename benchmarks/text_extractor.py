"""Benchmark harness.rendered.extract_text on the reference corpus rendered to text.

Run from the project root:
    python benchmarks/text_extractor.py [--renderer w3m|inscriptis|chromium|lynx|links]

Pages are rendered in memory or in a temporary folder (never written into the project). Each
source's cases are split by sorted case id: the first half is the tuning half, the second the
held-out half. ``chromium`` is a real headless browser's ``innerText`` (JavaScript and images
off; Debian's chromium and chromedriver and the selenium package): a renderer the extractor was
never tuned on, so its figures are the nearest to pages and renderings not seen; ``lynx`` and
``links`` (``-dump``) are two more text browsers the rules were neither tuned nor fitted on.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import re
import shutil
import subprocess
import sys
import time
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from html import unescape
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from harness.rendered import TextExtraction, extract_text, render_html  # noqa: E402
from harness.scoring.metrics import aggregate, page_scores  # noqa: E402

SOURCES = ("article-extraction-benchmark", "readability", "htmldate")
SUFFIX_SEPARATORS = (" | ", " - ", " — ", " \u2013 ", " :: ", " · ")


@dataclass(frozen=True)
class Case:
    source: str
    case_id: str
    half: str
    text: str
    truth: dict[str, str | None]
    h1: str | None  # the page's one <h1>, where it has exactly one of 3+ words


_H1 = re.compile(r"<h1\b[^>]*>(.*?)</h1\s*>", re.IGNORECASE | re.DOTALL)
_TAG = re.compile(r"<[^>]+>")
_H1_WORDS = 3


def page_h1(html: str) -> str | None:
    """The text of the page's only ``<h1>`` of at least three words: the headline the page
    shows, a title truth derived from the markup (not published with the benchmark)."""
    found = [" ".join(unescape(_TAG.sub(" ", h)).split()) for h in _H1.findall(html)]
    found = [h for h in found if len(h.split()) >= _H1_WORDS]
    return found[0] if len(found) == 1 else None


@dataclass(frozen=True)
class Outcome:
    case: Case
    extraction: TextExtraction
    baselines: dict[str, str]


def decode(data: bytes, declared: str | None) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    for charset in (declared, "cp1252"):
        if charset:
            try:
                return data.decode(charset)
            except (LookupError, UnicodeDecodeError):
                continue
    return data.decode("latin-1")


def render_w3m(html: str) -> str:
    command = ["w3m", "-dump", "-T", "text/html", "-I", "UTF-8", "-O", "UTF-8", "-cols", "120"]
    done = subprocess.run(command, input=html.encode(), capture_output=True, check=False)
    return done.stdout.decode("utf-8", errors="replace")


def _render_file(command: list[str], html: str) -> str:
    import tempfile

    with tempfile.TemporaryDirectory(prefix="harness-bench-") as folder:
        page = Path(folder) / "page.html"
        # The page is already decoded; its own <meta charset> (gb2312, say) would be obeyed.
        page.write_text('<meta charset="utf-8">' + html, encoding="utf-8")
        done = subprocess.run([*command, str(page)], capture_output=True, check=False)
    return done.stdout.decode("utf-8", errors="replace")


def render_lynx(html: str) -> str:
    """``lynx -dump -nolist``: starts with lynx's list of the page's ``<link>`` elements."""
    return _render_file(
        ["lynx", "-dump", "-nolist", "-width=120", "-assume_charset=utf-8",
         "-display_charset=utf-8"],
        html,
    )  # fmt: skip


def render_links(html: str) -> str:
    """``links -dump``: headings centred, lists marked with ``*``."""
    return _render_file(["links", "-dump", "-width", "120", "-codepage", "utf-8"], html)


# Text browsers the extractor was never tuned or fitted on: a check that its rules are general.
COMMAND_RENDERERS = {"w3m": render_w3m, "lynx": render_lynx, "links": render_links}


class ChromiumRenderer:
    """``document.body.innerText`` of each page in one headless Chromium, as a browser shows
    the page's text (no ``<title>`` line, as in a crawler's text capture)."""

    BINARY = Path("/usr/bin/chromium")
    DRIVER = Path("/usr/bin/chromedriver")

    def __init__(self) -> None:
        import tempfile

        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service

        self._folder = tempfile.TemporaryDirectory(prefix="harness-bench-")
        options = webdriver.ChromeOptions()
        options.binary_location = str(self.BINARY)
        flags = (
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
            "--disable-background-networking", "--no-first-run", "--disable-sync",
            "--blink-settings=imagesEnabled=false", f"--user-data-dir={self._folder.name}/p",
        )  # fmt: skip
        for flag in flags:
            options.add_argument(flag)
        options.add_experimental_option(
            "prefs", {"profile.managed_default_content_settings.javascript": 2}
        )
        options.page_load_strategy = "eager"
        service = Service(executable_path=str(self.DRIVER))
        self._driver = webdriver.Chrome(options=options, service=service)
        self._driver.set_page_load_timeout(15)

    @classmethod
    def missing(cls) -> str | None:
        absent = [str(p) for p in (cls.BINARY, cls.DRIVER) if not p.exists()]
        try:
            import selenium  # noqa: F401
        except ImportError:
            absent.append("the selenium package")
        return ", ".join(absent) or None

    def __call__(self, html: str) -> str:
        from selenium.common.exceptions import TimeoutException

        page = Path(self._folder.name) / "page.html"
        page.write_text('<meta charset="utf-8">' + html, encoding="utf-8")
        with contextlib.suppress(TimeoutException):  # read what has loaded
            self._driver.get(page.as_uri())
        text = self._driver.execute_script("return document.body ? document.body.innerText : ''")
        return str(text or "")

    def close(self) -> None:
        self._driver.quit()
        self._folder.cleanup()


def load_cases(corpus: Path, render: Callable[[str], str]) -> list[Case]:
    cases: list[Case] = []
    for source in SOURCES:
        folders = sorted(p for p in (corpus / source).iterdir() if p.is_dir())
        for position, folder in enumerate(folders):
            meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
            truth = json.loads((folder / "truth.json").read_text(encoding="utf-8"))
            html = decode((folder / "page.html").read_bytes(), meta.get("declared_charset"))
            half = "tune" if position < (len(folders) + 1) // 2 else "held-out"
            cases.append(Case(source, folder.name, half, render(html), truth, page_h1(html)))
    return cases


def trafilatura_on_text(text: str) -> str:
    from html import escape

    import trafilatura  # imported lazily: slow to import

    paragraphs = "".join(f"<p>{escape(line)}</p>" for line in text.splitlines() if line.strip())
    return trafilatura.extract(f"<html><body>{paragraphs}</body></html>") or ""


_QUOTES = str.maketrans("\u2018\u2019\u201c\u201d", "''\"\"")


def normalise_title(title: str) -> str:
    """NFC, spaces collapsed, case folded, and curly quotes made straight: a page's headline
    often has typographic quotes where its <title> (the readability truth) has straight ones."""
    return " ".join(unicodedata.normalize("NFC", title).translate(_QUOTES).split()).casefold()


def title_variants(title: str) -> set[str]:
    variants = {title}
    for separator in SUFFIX_SEPARATORS:
        if separator in title:
            variants.add(title.rsplit(separator, 1)[0])
            variants.add(title.split(separator, 1)[0])
    return {v.strip() for v in variants if v.strip()}


def title_matches(truth: str, predicted: str | None) -> bool:
    if not predicted:
        return False
    want = title_variants(normalise_title(truth))
    got = title_variants(normalise_title(predicted))
    return bool(want & got)


def run(cases: Sequence[Case], with_trafilatura: bool) -> list[Outcome]:
    outcomes: list[Outcome] = []
    for case in cases:
        extraction = extract_text(case.text, url=case.truth.get("url"))
        baselines = {"whole text": case.text}
        if with_trafilatura and case.truth.get("body"):
            baselines["trafilatura on text"] = trafilatura_on_text(case.text)
        outcomes.append(Outcome(case, extraction, baselines))
    return outcomes


def report_group(name: str, outcomes: Sequence[Outcome]) -> None:
    with_body = [o for o in outcomes if o.case.truth.get("body")]
    with_title = [o for o in outcomes if o.case.truth.get("title")]
    with_date = [o for o in outcomes if o.case.truth.get("published")]
    print(f"\n== {name} ({len(outcomes)} pages)")
    if with_title:
        hits = sum(
            title_matches(str(o.case.truth["title"]), o.extraction.title) for o in with_title
        )
        print(f"  title exact: {hits}/{len(with_title)} = {hits / len(with_title):.1%}")
    with_h1 = [o for o in outcomes if o.case.h1 and not o.case.truth.get("title")]
    if with_h1:
        hits = sum(title_matches(str(o.case.h1), o.extraction.title) for o in with_h1)
        print(f"  title = page's h1: {hits}/{len(with_h1)} = {hits / len(with_h1):.1%}")
    if with_date:
        hits = sum(
            (o.extraction.published or "")[:10] == str(o.case.truth["published"])[:10]
            for o in with_date
        )
        print(f"  published (day): {hits}/{len(with_date)} = {hits / len(with_date):.1%}")
    if with_body:
        report_body("extract_text", [(o, "\n\n".join(o.extraction.body)) for o in with_body])
        for baseline in with_body[0].baselines:
            pairs = [(o, o.baselines.get(baseline, "")) for o in with_body]
            report_body(baseline, pairs)


def report_body(label: str, pairs: Sequence[tuple[Outcome, str]]) -> None:
    scores = [page_scores(str(o.case.truth["body"]), predicted) for o, predicted in pairs]
    total = aggregate(scores)
    print(
        f"  body {label:<20} P {total.precision:.3f}  R {total.recall:.3f}  "
        f"F1 {total.f1:.3f} ± {total.f1_std:.3f}"
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    parser.add_argument(
        "--renderer",
        choices=("w3m", "inscriptis", "chromium", "lynx", "links"),
        default="w3m",
    )
    parser.add_argument("--no-trafilatura", action="store_true", help="skip that baseline")
    args = parser.parse_args(argv)
    if not all((args.corpus / source).is_dir() for source in SOURCES):
        print(f"corpus not found at {args.corpus}: pass --corpus PATH", file=sys.stderr)
        return 2
    if args.renderer in COMMAND_RENDERERS and shutil.which(args.renderer) is None:
        print(f"{args.renderer} is not installed: apt-get install {args.renderer}")
        return 2
    if args.renderer == "chromium" and ChromiumRenderer.missing():
        print(f"chromium renderer needs {ChromiumRenderer.missing()}: apt-get install chromium")
        return 2
    chromium = ChromiumRenderer() if args.renderer == "chromium" else None
    render = {**COMMAND_RENDERERS, "inscriptis": render_html}.get(args.renderer, chromium)
    assert render is not None
    started = time.perf_counter()
    try:
        outcomes = run(load_cases(args.corpus, render), not args.no_trafilatura)
    finally:
        if chromium is not None:
            chromium.close()
    print(f"renderer {args.renderer}, {len(outcomes)} pages, {time.perf_counter() - started:.0f}s")
    for source in SOURCES:
        for half in ("tune", "held-out"):
            group = [o for o in outcomes if o.case.source == source and o.case.half == half]
            report_group(f"{source} / {half}", group)
    return 0


if __name__ == "__main__":
    sys.exit(main())
