"""``ddex-ai cache info|clear``: the result cache."""

from __future__ import annotations

from pathlib import Path

import click


def _cache(cache_dir: str | None):
    from ddex_ai.cache import ResultCache, default_dir

    return ResultCache(
        Path(cache_dir) if cache_dir else default_dir(),
        warn=lambda m: click.echo(f"warning: {m}", err=True),
    )


@click.group("cache")
def cache_command() -> None:
    """The result cache of `ddex-ai check --cache`."""


@cache_command.command("info")
@click.option("--cache-dir", type=click.Path(file_okay=False), help="The cache's folder.")
def info(cache_dir: str | None) -> None:
    """Where the cache is, how many results it holds, its size on disk."""
    cache = _cache(cache_dir)
    try:
        found = cache.info()
    finally:
        cache.close()
    click.echo(f"cache: {found.path}")
    click.echo(f"results: {found.entries}")
    click.echo(f"size: {found.size / 1e6:.1f} MB")


@cache_command.command("clear")
@click.option("--cache-dir", type=click.Path(file_okay=False), help="The cache's folder.")
def clear(cache_dir: str | None) -> None:
    """Remove every stored result."""
    cache = _cache(cache_dir)
    try:
        count = cache.clear()
    finally:
        cache.close()
    click.echo(f"removed {count} results from {cache.path}")
