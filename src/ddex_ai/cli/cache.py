"""``ddex-ai cache info|clear``: the result cache."""

from __future__ import annotations

import contextlib
from pathlib import Path

import click


@contextlib.contextmanager
def _cache(cache_dir: str | None):
    """The cache, open for the block and closed after it."""
    from ddex_ai.cache import ResultCache, default_dir

    cache = ResultCache(
        Path(cache_dir) if cache_dir else default_dir(),
        warn=lambda m: click.echo(f"warning: {m}", err=True),
    )
    try:
        yield cache
    finally:
        cache.close()


@click.group("cache")
def cache_command() -> None:
    """The result cache of `ddex-ai check --cache`."""


@cache_command.command("info")
@click.option("--cache-dir", type=click.Path(file_okay=False), help="The cache's folder.")
def info(cache_dir: str | None) -> None:
    """Where the cache is, how many results it holds, its size on disk."""
    with _cache(cache_dir) as cache:
        found = cache.info()
    click.echo(f"cache: {found.path}")
    click.echo(f"results: {found.entries}")
    click.echo(f"size: {found.size / 1e6:.1f} MB")


@cache_command.command("clear")
@click.option("--cache-dir", type=click.Path(file_okay=False), help="The cache's folder.")
def clear(cache_dir: str | None) -> None:
    """Remove every stored result."""
    with _cache(cache_dir) as cache:
        count = cache.clear()
    click.echo(f"removed {count} results from {cache.path}")
