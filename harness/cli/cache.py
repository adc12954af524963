"""`harness cache info` and `harness cache clear`: the record cache of incremental runs."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from harness.errors import UsageError


def register(sub: Any) -> None:
    cache = sub.add_parser("cache", help="the record cache of incremental runs: info, clear")
    actions = cache.add_subparsers(dest="action", required=True)
    for name, text, handler in (
        ("info", "entries, size and folder of the record cache", cmd_info),
        ("clear", "remove every entry of the record cache (nothing else)", cmd_clear),
    ):
        action = actions.add_parser(name, help=text)
        action.add_argument(
            "--cache", type=Path, metavar="DIR", help="the cache folder (default .harness/cache)"
        )
        action.set_defaults(handler=handler)


def _cache(args: argparse.Namespace) -> Any:
    from harness import config as configuration
    from harness.running.cache import Cache

    config = configuration.load().with_paths(cache=args.cache)
    if config.cache is None:  # pragma: no cover (a loaded configuration always has one)
        raise UsageError("has no cache folder", where="[tool.harness]", fix="set cache")
    if config.cache.exists() and not config.cache.is_dir():
        raise UsageError(
            "is not a folder", where=config.cache, fix="give the cache folder with --cache"
        )
    return Cache.of(config.cache, config.cache_mb), config


def cmd_info(args: argparse.Namespace) -> int:
    from harness import output

    cache, config = _cache(args)
    found = cache.info()
    folder = output.relative(str(found.folder), config.root)
    print(f"folder: {folder}")
    print(f"entries: {found.entries}")
    size = (
        f"{found.size / 1024:.1f} KiB"
        if found.size < 1 << 20
        else f"{found.size / (1 << 20):.1f} MiB"
    )
    print(f"size: {size} (limit {config.cache_mb:g} MiB, cache_mb)")
    return 0


def cmd_clear(args: argparse.Namespace) -> int:
    from harness import output

    cache, config = _cache(args)
    removed = cache.clear()
    print(
        f"removed {removed} entr{'y' if removed == 1 else 'ies'} from "
        f"{output.relative(str(cache.folder), config.root)}"
    )
    return 0
