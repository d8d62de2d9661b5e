"""Shared test helpers. Official schemas and samples are read in place, never copied."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from typing import NoReturn

import pytest
from click.testing import CliRunner

from ddex_ai.checker import Checker
from ddex_ai.cli import main
from ddex_ai.policy import Policy
from ddex_ai.schema_loader import SchemaRoot, SchemaStore

REPO = Path(__file__).resolve().parent.parent
FIXTURES = REPO / "fixtures"
# Fixtures of every status and of three ERN versions: what whole-run tests check.
MIXED = (
    "ern432/album_ai_mixed.xml",
    "ern432/single_ai_vocals.xml",
    "broken/dangling_references_432.xml",
    "broken/truncated_432.xml",
    "ern43/single.xml",
    "ern382/single.xml",
)


def copy_fixtures(target: Path, names=MIXED, flat: bool = False) -> Path:
    """Copies of the fixtures below ``target``, in their folders (or side by side)."""
    for name in names:
        path = target / (name.replace("/", "_") if flat else name)
        path.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(FIXTURES / name, path)
    return target


# Under CI a missing test resource is a failure, never a skip: a green run must have run it.
IN_CI = bool(os.environ.get("CI"))


def missing(what: str) -> NoReturn:
    """Skip a test whose resource is not here (saying what), or fail it under CI."""
    if IN_CI:
        pytest.fail(f"CI is set but {what}", pytrace=False)
    pytest.skip(what)


def _schemas_dir() -> tuple[Path | None, str]:
    """The official schemas from DDEX_AI_SCHEMAS, or None and why not."""
    value = os.environ.get("DDEX_AI_SCHEMAS")
    if not value:
        return None, "DDEX_AI_SCHEMAS is not set (the official ERN schemas, see README)"
    path = Path(value)
    if not (path / "ern").is_dir():
        return None, f"DDEX_AI_SCHEMAS={value} has no ern/ folder"
    return path.resolve(), ""


SCHEMAS, NO_SCHEMAS = _schemas_dir()
# The samples sit beside the schemas in ../shared/ddex.
SAMPLES = SCHEMAS.parent / "samples" if SCHEMAS else None


@pytest.fixture
def official_schemas() -> Path:
    """The official schemas folder; skips (fails under CI) without it."""
    if SCHEMAS is None:
        missing(NO_SCHEMAS)
    return SCHEMAS


@pytest.fixture
def official_samples() -> Path:
    """The samples folder beside the official schemas; skips (fails under CI) without it."""
    if SAMPLES is None or not SAMPLES.is_dir():
        missing(f"no samples folder beside the schemas ({NO_SCHEMAS or SAMPLES})")
    return SAMPLES


# Only the tests it marks need the schemas: the others of a module still run without them.
needs_schemas = pytest.mark.usefixtures("official_schemas")


def tool(name: str, package: str) -> str:
    """The path of a command the test needs; skips (fails under CI) without it."""
    path = shutil.which(name)
    if path is None:
        missing(f"{name} is not installed (Debian package {package})")
    return path


@pytest.fixture(autouse=True)
def isolated_cache(tmp_path_factory, monkeypatch):
    """Every test gets an empty schema cache, never the user's own."""
    cache_home = tmp_path_factory.mktemp("cache-home")
    monkeypatch.setenv("XDG_CACHE_HOME", str(cache_home))
    return cache_home / "ddex-ai" / "schemas"


@pytest.fixture
def checker() -> Checker:
    """A checker with the official schemas and the default policy."""
    if SCHEMAS is None:
        missing(NO_SCHEMAS)
    return Checker(SchemaStore([SchemaRoot(SCHEMAS, "test")]), Policy.default())


@pytest.fixture
def deny_read(monkeypatch):
    """Make a file unreadable, for root too (root reads any file: its open fails instead)."""

    def deny(path: Path) -> None:
        path.chmod(0)
        if os.geteuid() != 0:
            return
        real_open, real_os_open = open, os.open

        def denied(file, *args, **kwargs):
            if str(file) == str(path):
                raise PermissionError(13, "Permission denied", str(file))
            return real_open(file, *args, **kwargs)

        def os_denied(file, *args, **kwargs):
            if str(file) == str(path):
                raise PermissionError(13, "Permission denied", str(file))
            return real_os_open(file, *args, **kwargs)

        monkeypatch.setattr("builtins.open", denied)
        monkeypatch.setattr("os.open", os_denied)

    return deny


@pytest.fixture
def offline_checker() -> Checker:
    """A checker with no schema folder: every file gets XSD002 and the other stages run."""
    return Checker(SchemaStore([]), Policy.default())


@pytest.fixture
def run_cli(monkeypatch):
    """Run ``ddex-ai`` in-process; DDEX_AI_SCHEMAS is unset unless ``schemas=True``."""

    def run(*args: str, schemas: bool = False):
        monkeypatch.delenv("DDEX_AI_SCHEMAS", raising=False)
        if schemas:
            if SCHEMAS is None:
                missing(NO_SCHEMAS)
            # Relative, as .ci/run gives it: messages then name the same folder on every machine.
            monkeypatch.setenv("DDEX_AI_SCHEMAS", os.path.relpath(SCHEMAS))
        return CliRunner().invoke(main, list(args), catch_exceptions=False)

    return run


def json_report(result) -> dict:
    return json.loads(result.stdout)


def rules_of(findings) -> list[str]:
    return sorted(f.rule if hasattr(f, "rule") else f["rule"] for f in findings)
