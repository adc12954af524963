"""`harness add` and `harness truth`: new regression cases, and what they really say."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from harness import config as configuration
from harness import output
from harness.cli import add_network, read_text, text_option
from harness.config import option
from harness.errors import HarnessError

if TYPE_CHECKING:  # imported where they are used: `harness --help` needs none of them
    from harness.corpus import intake, render
    from harness.corpus.capture import Capture
    from harness.running import runner


def register(sub: Any) -> None:
    add = sub.add_parser("add", help="add a page as a capture: a file, a folder, a URL or a WARC")
    add.add_argument("source", help="a page file, a corpus folder, an http(s) URL or a .warc[.gz]")
    add.add_argument("--id", help="the capture id (default: from the URL or title)")
    add.add_argument("--kind", choices=("html", "text"), help="for a file: html or rendered text")
    add.add_argument("--truth", type=Path, help="a JSON file with the page's true fields")
    add.add_argument("--record", help="WARC: the URL of the response record to add")
    add.add_argument(
        "--timeout",
        type=option("timeout"),
        default=30.0,
        help="URL: seconds for the whole fetch, redirects and body included (30)",
    )
    add.add_argument(
        "--max-bytes",
        type=option("max_bytes"),
        default=20 * 1024 * 1024,
        help="size limit of the page: a file, a WARC record or a URL's body after "
        "decompression (20 MiB)",
    )
    add.add_argument(
        "--allow-private",
        action="store_true",
        help="URL: follow redirects from a public address to a loopback, private, link-local "
        "or reserved one (refused by default; a local URL given here is always fetched)",
    )
    add.add_argument(
        "--render",
        action="store_true",
        help="keep what headless Chromium showed: its DOM, text and a screenshot (a URL is "
        "fetched by the browser; a file or WARC record is rendered offline from itself)",
    )
    _render_options(add)
    add_network(add)
    add.set_defaults(handler=cmd_add)
    again = sub.add_parser("render", help="add the rendered views to an HTML capture (offline)")
    again.add_argument("capture", help="the capture id")
    again.add_argument(
        "--timeout", type=option("timeout"), default=30.0, help="seconds for the render (30)"
    )
    _render_options(again)
    again.set_defaults(handler=cmd_render)
    edit = sub.add_parser("truth", help="show or set a capture's truth")
    edit.add_argument("capture")
    edit.add_argument("--title")
    edit.add_argument("--published")
    edit.add_argument("--updated")
    edit.add_argument("--author", action="append", dest="authors")
    edit.add_argument("--language")
    edit.add_argument("--body-file", type=Path, help="plain text, paragraphs split by blank lines")
    edit.add_argument("--from", type=Path, dest="from_file", help="a JSON truth file to merge")
    edit.add_argument("--unset", action="append", default=[], help="make a field unknown")
    edit.set_defaults(handler=cmd_truth)


def _render_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--browser", help="the Chromium to render with (default: HARNESS_CHROMIUM, or on PATH)"
    )
    parser.add_argument(
        "--viewport", type=_viewport, default=(1280, 800), help="WIDTHxHEIGHT (1280x800)"
    )
    parser.add_argument(
        "--quiet-ms",
        type=int,
        default=500,
        help="the render ends once no request was in flight for this long (500), or at --timeout",
    )


def _viewport(text: str) -> tuple[int, int]:
    width, _, height = text.partition("x")
    if not (width.isdigit() and height.isdigit() and 0 < int(width) <= 4000 > int(height) > 0):
        raise argparse.ArgumentTypeError(f"{text!r} is not WIDTHxHEIGHT (e.g. 1280x800)")
    return int(width), int(height)


def _settings(args: argparse.Namespace) -> render.Settings:
    from harness.corpus import render

    if args.quiet_ms < 0:
        raise HarnessError("must be 0 or more", where="--quiet-ms", fix="give milliseconds")
    return render.Settings(
        browser=render.find_browser(args.browser, os.environ),
        width=args.viewport[0],
        height=args.viewport[1],
        quiet_ms=args.quiet_ms,
        timeout=args.timeout,
        allow_private=getattr(args, "allow_private", False),
    )


def _pages(args: argparse.Namespace) -> list[intake.NewPage]:
    pages = _saved(args)
    if not args.render:
        return pages
    from harness.corpus import shown

    settings = _settings(args)
    source: str = args.source
    if source.startswith(("http://", "https://")):
        return [shown.online(source, settings)]
    if len(pages) != 1:
        raise HarnessError(
            "renders one page at a time", where=source, fix="name the page with --record URL"
        )
    warc = Path(source) if source.endswith((".warc", ".warc.gz")) else None
    return [shown.offline(pages[0], settings, warc=warc, max_bytes=args.max_bytes)]


def _saved(args: argparse.Namespace) -> list[intake.NewPage]:
    from harness.corpus import fetch, intake

    source: str = args.source
    if source.startswith(("http://", "https://")) and args.render:
        return []  # the browser fetches it
    if source.startswith(("http://", "https://")):
        limits = fetch.Limits(
            seconds=args.timeout, max_bytes=args.max_bytes, allow_private=args.allow_private
        )
        got = fetch.fetch(source, limits)
        return [
            intake.NewPage(
                got.body,
                "text" if got.kind == "text" else "html",
                source=f"fetched {source}",
                url=got.final_url,
                captured_at=got.fetched_at,
                extra={"fetch": got.manifest()},
                charset=got.charset,
            )
        ]
    text_option(source, "harness add", "rename the file (its name goes into the manifest)")
    path = Path(source)
    if path.name.endswith((".warc", ".warc.gz")):
        return _warc_pages(path, args.record, args.max_bytes)
    if args.record:
        raise HarnessError("--record goes with a WARC file", where=source, fix="leave out --record")
    return [intake.from_file(path, args.kind, max_bytes=args.max_bytes)]


def _warc_pages(path: Path, record: str | None, max_bytes: int) -> list[intake.NewPage]:
    from harness.corpus import intake, warc

    found = [
        p for p in warc.iter_pages(path, max_bytes=max_bytes) if record is None or p.url == record
    ]
    for problem in (p for p in found if isinstance(p, warc.WarcProblem)):
        raise HarnessError(
            f"refused: {problem.message}; nothing was written",
            where=path,
            fix="add the other records one at a time (--record URL); for a page over the "
            "limit, raise --max-bytes",
        )
    pages = [
        intake.NewPage(
            p.body,
            "text" if p.kind == "text" else "html",
            source=f"{path.name} @{p.offset}",
            url=p.url,
            captured_at=p.date,
            extra={"warc": {"file": path.name, "offset": p.offset, "status": p.status}},
            charset=p.charset,
        )
        for p in found
        if isinstance(p, warc.WarcPage)
    ]
    if not pages:
        what = f"no response record for {record}" if record else "no page response records"
        raise HarnessError(f"has {what}", where=path, fix="check --record against the WARC's URLs")
    return pages


def cmd_add(args: argparse.Namespace) -> int:
    from harness.corpus import decode, intake
    from harness.reports import terminal as report

    config = configuration.load()
    pages = _pages(args)
    if args.truth is not None:
        if len(pages) != 1:
            raise HarnessError("goes with one page", where="--truth", fix="add pages one at a time")
        pages = [
            intake.NewPage(
                **{**pages[0].__dict__, "truth": intake.read_truth(args.truth, "--truth")}
            )
        ]
    added = intake.add(config.captures, pages, capture_id=args.id)
    captures = [a.capture for a in added if a.capture is not None]
    for note in (a.skipped for a in added if a.skipped):
        print(f"skipped {note}", file=sys.stderr)
    for capture in captures:
        print(f"added capture {capture.id} ({capture.kind}, {capture.path})")
        for note in decode.decode(capture.read_bytes(), declared=capture.declared_encoding).notes:
            print(f"note: {capture.id}: {note}", file=sys.stderr)
    outcomes = _run_extractors(config, captures, allow_network=args.allow_network)
    if outcomes:
        print(report.matrix(outcomes))
        print("outputs are pending review: `harness review`, or `harness approve --capture ID`")
    failed = sorted({o.extractor for o in outcomes if o.status == "error"})
    if failed:  # the captures are added; the extractors that failed on them are the news
        print(f"harness: {', '.join(failed)} failed on the added page(s)", file=sys.stderr)
    return 1 if failed else 0


def _run_extractors(
    config: configuration.Config, captures: list[Capture], *, allow_network: bool
) -> list[runner.Outcome]:
    """Every enabled extractor on the new captures, in the isolated workers `harness run`
    uses; the outputs are kept as pending."""
    from harness import registry
    from harness.goldens import pending
    from harness.running import pool

    extractors = registry.from_config(config).select(None)
    by_id = {c.id: c for c in captures}
    cells = [(e, c) for c in captures for e in extractors]
    bounds = pool.Limits(config.timeout, config.memory_mb, allow_network=allow_network)
    outcomes = []
    for outcome in pool.run(config, cells, jobs=pool.default_jobs(), limits=bounds):
        pending.note(config.pending, outcome, by_id[outcome.capture].actual_sha256, config.captures)
        outcomes.append(outcome)
    return outcomes


def cmd_render(args: argparse.Namespace) -> int:
    from harness.corpus import shown

    config = configuration.load()
    capture = shown.render_capture(config.captures, args.capture, _settings(args))
    names = ", ".join(v.name for v in capture.views)
    print(f"rendered capture {capture.id}: {names}")
    print("run `harness run` to check the extractors on its views")
    return 0


def cmd_truth(args: argparse.Namespace) -> int:
    from harness import confine
    from harness.corpus import intake, truth
    from harness.corpus.capture import check_id
    from harness.running import runner

    config = configuration.load()
    folder = config.captures / check_id(args.capture, where="harness truth")
    found = confine.kind(config.captures, folder) if config.captures.is_dir() else None
    if found == "link":
        raise confine.link_refused(folder, config.captures)
    if found != "dir":
        raise HarnessError(
            f"has no capture folder {args.capture}",
            where=config.captures,
            fix="use one of: "
            + runner.listing(runner.present_ids(config.captures))
            + " (truths are kept in capture folders, not in a WARC)",
        )
    changes: dict[str, Any] = (
        dict(intake.read_truth(args.from_file, "--from")) if args.from_file else {}
    )
    changes.pop("url", None)
    for name in ("title", "published", "updated", "language", "authors"):
        if (value := getattr(args, name)) is not None:
            option = "--author" if name == "authors" else f"--{name}"
            for text in value if isinstance(value, list) else [value]:
                text_option(text, option)
            changes[name] = value
    if args.body_file is not None:
        changes["body"] = read_text(args.body_file, "--body-file")
    for name in args.unset:
        changes[name] = None
    data = truth.update(folder, changes) if changes else truth.read(folder)
    print(output.dumps(data, indent=2, sort_keys=True))
    return 0
