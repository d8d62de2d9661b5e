"""The Python API: the same checks and results as ``ddex-ai check``, for those who build on it.

import ddex_ai

for result in ddex_ai.check(["deliveries/"], policy="spotify", schemas="ddex-schemas/"):
    print(result.path, result.status.value, result.profile and result.profile.verdict)
    report = result.to_dict()  # the JSON contract of one file (schemas/report.schema.json)
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator

from ddex_ai.checker import Checker
from ddex_ai.discovery import DEFAULT_GLOB, expand
from ddex_ai.policy import Policy, load_policy
from ddex_ai.results import FileResult
from ddex_ai.schema_loader import SchemaStore, configured_roots


def _checker(
    policy: str | Policy | None,
    schemas: str | os.PathLike | None,
    profile: str,
    variants: Iterable[str],
) -> Checker:
    if not isinstance(policy, Policy):
        policy = load_policy(policy)
    return Checker(
        SchemaStore(configured_roots(schemas)), policy, profile=profile, variants=tuple(variants)
    )


def check(
    paths: Iterable[str | os.PathLike],
    *,
    policy: str | Policy | None = None,
    schemas: str | os.PathLike | None = None,
    globs: Iterable[str] = (DEFAULT_GLOB,),
    profile: str = "auto",
    variants: Iterable[str] = (),
) -> Iterator[FileResult]:
    """Check files and folders (searched for ``globs``), one result per file, in path order.

    ``policy``: a pack name, a policy file, a ``Policy``, or None for the project's
    configuration (else the default pack), as the command line finds it. ``schemas``: a
    folder of official XSDs, searched before ``$DDEX_AI_SCHEMAS`` and the schema cache.
    ``profile``: ``"auto"`` (the message's), ``"none"`` or a release profile's name.
    A path that does not exist raises ``ddex_ai.discovery.MissingPath``; a file that cannot
    be read or checked is a result with status ``error``, never an exception.
    """
    checker = _checker(policy, schemas, profile, variants)
    for item in expand([os.fspath(p) for p in paths], tuple(globs)):
        yield checker.check_input(item)


def check_bytes(
    data: bytes,
    name: str = "stdin.xml",
    *,
    policy: str | Policy | None = None,
    schemas: str | os.PathLike | None = None,
    profile: str = "auto",
    variants: Iterable[str] = (),
) -> FileResult:
    """Check one message held in memory; ``name`` is the path its result reports."""
    return _checker(policy, schemas, profile, variants).check_bytes(data, name)


def _read(source: str | os.PathLike | bytes, display_path: str | None) -> tuple[bytes, str]:
    """A file's bytes (or the bytes given) and the path its outcome reports."""
    if isinstance(source, bytes):
        return source, display_path or "stdin.xml"
    with open(source, "rb") as handle:
        return handle.read(), display_path or os.fspath(source)


def fix(
    source: str | os.PathLike | bytes,
    *,
    unsafe: bool = False,
    policy: str | Policy | None = None,
    schemas: str | os.PathLike | None = None,
    display_path: str | None = None,
):
    """The fixes of a file (a path, or its bytes): a ``fixing.FixOutcome`` with the new bytes
    (``fixed``), what was applied per rule, what was refused and why, and the findings left.
    Nothing is written: the caller decides what to do with the bytes."""
    from ddex_ai.fixing import fix_bytes

    data, path = _read(source, display_path)
    return fix_bytes(data, path, _checker(policy, schemas, "auto", ()), unsafe)


def upgrade(
    source: str | os.PathLike | bytes,
    *,
    to: str = "4.3.2",
    schemas: str | os.PathLike | None = None,
    untyped_titles: str = "auto",
    allow_loss: bool = False,
    display_path: str | None = None,
):
    """An ERN 4.3 or 4.2 message (a path, or its bytes) upgraded to ``to``: an
    ``upgrading.UpgradeOutcome`` with the new bytes (``upgraded``, None when it was not
    upgraded), what changed (``changes``), what would be lost (``losses``) and why it was
    refused (``problems``). Nothing is written. Needs the XSDs of both versions."""
    from ddex_ai.upgrading import upgrade_bytes

    data, path = _read(source, display_path)
    store = SchemaStore(configured_roots(schemas))
    return upgrade_bytes(
        data,
        path,
        store,
        to,
        untyped_titles=untyped_titles,
        allow_loss=allow_loss,
    )
