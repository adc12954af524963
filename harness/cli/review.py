"""`harness pending`, `review`, `approve`, `reject` and `prune`: deciding what becomes golden."""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

from harness import config as configuration
from harness import output
from harness.cli import text_option
from harness.errors import HarnessError

if TYPE_CHECKING:  # imported where they are used: `harness --help` needs none of them
    from harness.goldens import pending


def register(sub: Any) -> None:
    listing = sub.add_parser("pending", help="list outputs waiting for review")
    _select(listing, needed=False)
    listing.add_argument("--format", choices=("table", "json"), default="table")
    listing.set_defaults(handler=cmd_pending)
    interactive = sub.add_parser("review", help="review pending outputs one at a time")
    _select(interactive, needed=False)
    interactive.add_argument("--reason", help="kept in every golden accepted")
    interactive.add_argument("--force", action="store_true", help="allow on a CI machine")
    interactive.add_argument(
        "--web",
        action="store_true",
        help="review in a browser: serves a page on 127.0.0.1 and prints its URL (with a token)",
    )
    interactive.add_argument(
        "--port", type=int, default=0, help="--web: the port to listen on (default: a free one)"
    )
    interactive.set_defaults(handler=cmd_review)
    approve = sub.add_parser("approve", help="write pending outputs as goldens")
    _select(approve, needed=True)
    approve.add_argument("--reason", help="kept in the golden")
    approve.add_argument("--force", action="store_true", help="allow on a CI machine")
    approve.set_defaults(handler=cmd_approve)
    reject = sub.add_parser("reject", help="drop pending outputs; the goldens stay")
    _select(reject, needed=True)
    reject.set_defaults(handler=cmd_reject)
    orphans = sub.add_parser("prune", help="list goldens whose capture or extractor is gone")
    orphans.add_argument("--delete", action="store_true", help="remove them")
    orphans.set_defaults(handler=cmd_prune)


def _select(parser: argparse.ArgumentParser, *, needed: bool) -> None:
    parser.add_argument("--extractor", action="append", help="repeatable")
    parser.add_argument("--capture", action="append", help="repeatable")
    if needed:
        parser.add_argument(
            "--cluster",
            action="append",
            metavar="ID",
            help="the pending outputs of a drift cluster `harness run` printed (repeatable)",
        )
        parser.add_argument("--all", action="store_true", help="every pending output")


def _entries(args: argparse.Namespace, config: configuration.Config) -> list[pending.Entry]:
    from harness.goldens import pending

    if hasattr(args, "all") and not (args.all or args.extractor or args.capture or args.cluster):
        raise HarnessError(
            "says nothing to act on",
            where=f"harness {args.command}",
            fix="name --extractor and/or --capture, a --cluster, or give --all",
        )
    _check_selection(args, config)
    selected = pending.select(config.pending, args.extractor, args.capture)
    return _in_clusters(config, selected, args.cluster) if args.cluster else selected


def _in_clusters(
    config: configuration.Config, entries: list[pending.Entry], wanted: list[str]
) -> list[pending.Entry]:
    """The entries in the drift clusters `wanted`, each cluster recomputed from the pending
    output and the current golden; an id no pending output has is refused, listing those
    there are."""
    from harness.goldens import review
    from harness.running.runner import listing

    found = {id(c.entry): c.cluster for c in review.changes(config, entries)}
    present = sorted({c for c in found.values() if c is not None})
    if unknown := [w for w in wanted if w not in present]:
        raise HarnessError(
            f"no pending output is in cluster {', '.join(map(repr, unknown))}",
            where="--cluster",
            fix=f"use one of: {listing(present)} (run `harness run` to see the clusters)",
        )
    return [e for e in entries if found[id(e)] in wanted]


def _check_selection(args: argparse.Namespace, config: configuration.Config) -> None:
    """--extractor and --capture are names, never paths, of an extractor or a capture there
    is (registered, or with a pending output): anything else is refused, listing them."""
    from harness.corpus.capture import check_id

    for option in ("extractor", "capture"):
        for value in getattr(args, option) or ():
            check_id(value, where=f"--{option}")
    if not (args.extractor or args.capture):
        return
    from harness import registry
    from harness.goldens import pending
    from harness.running.runner import listing, present_ids

    waiting = pending.entries(config.pending)
    present: dict[str, Callable[[], set[str]]] = {  # read only for a name nothing waits for
        "extractor": lambda: set(registry.from_config(config).extractors),
        "capture": lambda: set(present_ids(config.captures)),
    }
    for option, listed in present.items():
        waits = {getattr(e, option) for e in waiting}
        given = [v for v in getattr(args, option) or () if v not in waits]
        if not given:
            continue
        names = listed() | waits
        if unknown := [v for v in given if v not in names]:
            raise HarnessError(
                f"unknown {option} {', '.join(map(repr, unknown))}",
                where=f"--{option}",
                fix=f"use one of: {listing(sorted(names))}",
            )


def cmd_pending(args: argparse.Namespace) -> int:
    from harness.goldens import pending

    config = configuration.load()
    _check_selection(args, config)
    entries = pending.select(config.pending, args.extractor, args.capture)
    if args.format == "json":
        print(output.dumps([_row(e) for e in entries], indent=2))
        return 0
    for entry in entries:
        fields = f" ({', '.join(map(output.name, entry.drift))})" if entry.drift else ""
        print(f"{entry.key:<50} {entry.status}{fields}")
    print(f"{len(entries)} pending" + ("; review with `harness review`" if entries else ""))
    return 0


def _row(entry: pending.Entry) -> dict[str, Any]:
    keys = ("extractor", "capture", "status", "drift", "version", "message")
    return {k: v for k, v in entry.to_json().items() if k in keys}


def cmd_approve(args: argparse.Namespace) -> int:
    from harness.goldens import approval

    approval.refuse_in_ci(os.environ, force=args.force, action="approve goldens")
    text_option(args.reason, "--reason")
    config = configuration.load()
    entries = _entries(args, config)
    from harness.running.runner import empty_note

    for entry in entries:
        done = approval.approve(config, entry, reason=args.reason)
        warning = f" — warning: {empty_note(entry.empty)}" if entry.empty else ""
        print(f"approved {entry.key} -> {done.path}{warning}")
    print(f"{len(entries)} golden(s) written" if entries else _nothing())
    return 0


def _nothing() -> str:
    return (
        "nothing pending for that selection: run `harness run` first to find new or changed outputs"
    )


def cmd_reject(args: argparse.Namespace) -> int:
    from harness.goldens import approval

    config = configuration.load()
    entries = _entries(args, config)
    for entry in entries:
        approval.reject(config, entry)
        print(f"rejected {entry.key}: the golden stays as it is")
    print(f"{len(entries)} pending output(s) dropped" if entries else _nothing())
    return 0


def cmd_review(args: argparse.Namespace) -> int:
    from harness.goldens import approval, pending, review

    approval.refuse_in_ci(os.environ, force=args.force, action="review goldens")
    text_option(args.reason, "--reason")
    if args.web:
        return _review_web(args)
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise HarnessError(
            "needs a terminal",
            where="harness review",
            fix="use `harness pending` to list, `harness approve` or `harness reject` "
            "with --extractor/--capture/--all to decide",
        )
    config = configuration.load()
    _check_selection(args, config)
    found = review.changes(config, pending.select(config.pending, args.extractor, args.capture))
    if not found:
        print(_nothing())
        return 0
    with _keys() as read_key:
        tally = review.run_review(config, found, read_key, _write, reason=args.reason)
    print(f"\n{tally.accepted} accepted, {tally.rejected} rejected, {tally.skipped} left pending")
    return 1 if tally.skipped else 0  # like `prune`: 1 while something still waits


def _review_web(args: argparse.Namespace) -> int:
    from harness.goldens import pending, review, review_server

    if not 0 <= args.port <= 65535:
        raise HarnessError("is not a port", where="--port", fix="give 0-65535 (0: a free one)")
    config = configuration.load()
    _check_selection(args, config)
    found = review.changes(config, pending.select(config.pending, args.extractor, args.capture))
    if not found:
        print(_nothing())
        return 0
    session = review_server.Session(config, found, args.reason, _write)
    try:
        tally = review_server.serve(session, args.port)
    except OSError as error:
        raise HarnessError(
            f"cannot listen: {error.strerror or error}",
            where=f"--port {args.port}",
            fix="choose another port, or leave out --port",
        ) from None
    print(f"\n{tally.accepted} accepted, {tally.rejected} rejected, {tally.skipped} left pending")
    return 1 if tally.skipped else 0


@contextlib.contextmanager
def _keys() -> Iterator[Callable[[], str]]:
    """Single key presses for the whole review; keys typed early are kept, not flushed."""
    import termios
    import tty

    fd = sys.stdin.fileno()
    saved = termios.tcgetattr(fd)
    tty.setcbreak(fd, termios.TCSANOW)
    try:
        yield lambda: sys.stdin.read(1)
    finally:
        termios.tcsetattr(fd, termios.TCSADRAIN, saved)


def _write(text: str) -> None:
    sys.stdout.write(text)
    sys.stdout.flush()


def cmd_prune(args: argparse.Namespace) -> int:
    """Exit 1 when there is an unused golden or a link under goldens/ (a check for CI and
    pre-commit), 0 when there is none, 2 when the corpus cannot be read."""
    from harness import registry
    from harness.goldens import prune

    config = configuration.load()
    names = list(registry.from_config(config).extractors)
    found = prune.find(config.goldens, config.captures, names)
    for link in found.links:
        print(
            f"{link.path}: is a symbolic link (to {link.target}); never followed nor deleted: "
            "replace it with the files themselves, or remove it by hand"
        )
    verb = "deleting" if args.delete else "would delete"
    for orphan in found.orphans:
        print(f"{verb} {orphan.path}: {orphan.reason}")
    if args.delete:
        print(f"{prune.remove(config.goldens, found.orphans, print)} golden(s) removed")
    elif found.orphans:
        count = len(found.orphans)
        print(f"{count} unused golden(s); remove them with `harness prune --delete`")
    else:
        print("no unused goldens")
    return 1 if found.orphans or found.links else 0
