"""Shared test helpers. Official schemas and samples are read in place, never copied."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from ddex_ai.checker import Checker
from ddex_ai.cli import main
from ddex_ai.policy import Policy
from ddex_ai.schema_loader import SchemaRoot, SchemaStore

REPO = Path(__file__).resolve().parent.parent
FIXTURES = REPO / "fixtures"


def _schemas_dir() -> Path | None:
    value = os.environ.get("DDEX_AI_SCHEMAS")
    if not value:
        return None
    path = Path(value)
    if not (path / "ern").is_dir():
        raise RuntimeError(f"DDEX_AI_SCHEMAS={value} has no ern/ folder")
    return path.resolve()


SCHEMAS = _schemas_dir()
SAMPLES = SCHEMAS.parent / "samples" if SCHEMAS else None

needs_schemas = pytest.mark.skipif(
    SCHEMAS is None, reason="set DDEX_AI_SCHEMAS to the official ERN schemas (see README)"
)


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
        pytest.skip("set DDEX_AI_SCHEMAS to the official ERN schemas (see README)")
    return Checker(SchemaStore([SchemaRoot(SCHEMAS, "test")]), Policy.default())


@pytest.fixture
def deny_read(monkeypatch):
    """Make a file unreadable, for root too (root reads any file: its open fails instead)."""

    def deny(path: Path) -> None:
        path.chmod(0)
        if os.geteuid() != 0:
            return
        real_open = open

        def denied(file, *args, **kwargs):
            if str(file) == str(path):
                raise PermissionError(13, "Permission denied", str(file))
            return real_open(file, *args, **kwargs)

        monkeypatch.setattr("builtins.open", denied)

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
                pytest.skip("set DDEX_AI_SCHEMAS to the official ERN schemas (see README)")
            monkeypatch.setenv("DDEX_AI_SCHEMAS", str(SCHEMAS))
        return CliRunner().invoke(main, list(args), catch_exceptions=False)

    return run


def json_report(result) -> dict:
    return json.loads(result.stdout)


def rules_of(findings) -> list[str]:
    return sorted(f.rule if hasattr(f, "rule") else f["rule"] for f in findings)
