"""Speed work changes no output: the JSONL of generated benchmark corpora, of two large files and of
the shipped fixtures is the committed one, byte for byte, with one worker and with two.

The expected reports are snapshots stored gzipped (tests/snapshots/corpus/), regenerated as
every snapshot (tests/snapshot.py), after an intended change only.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from snapshot import assert_snapshot

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "benchmarks"))

from corpus import write_big, write_corpus  # noqa: E402

SCHEMAS = os.environ.get("DDEX_AI_SCHEMAS") and str(Path(os.environ["DDEX_AI_SCHEMAS"]).resolve())
pytestmark = pytest.mark.skipif(not SCHEMAS, reason="DDEX_AI_SCHEMAS is not set")


@pytest.fixture(scope="module")
def corpora(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("corpora")
    write_corpus(root / "seed0", 60, seed=0)
    write_corpus(root / "seed1", 60, seed=1)
    write_big(root / "boxset" / "boxset.xml", 2)  # an album of many tracks (its old name)
    write_big(root / "dealheavy" / "boxset.xml", 2, "boxset")  # track releases with deals
    return root


def _jsonl(cwd: Path, inputs: list[str], jobs: int) -> str:
    command = [sys.executable, "-m", "ddex_ai", "check", "--schemas", SCHEMAS]
    command += ["--format", "jsonl", "--jobs", str(jobs), *inputs]
    env = {**os.environ, "DDEX_AI_SCHEMAS": SCHEMAS}
    done = subprocess.run(command, cwd=cwd, env=env, capture_output=True, encoding="utf-8")
    assert done.returncode in (0, 1), done.stderr
    return done.stdout


@pytest.mark.parametrize("jobs", [1, 2])
@pytest.mark.parametrize("name", ["seed0", "seed1", "boxset", "dealheavy"])
def test_benchmark_corpus_reports_do_not_change(corpora: Path, name: str, jobs: int) -> None:
    assert_snapshot(f"corpus/{name}.jsonl.gz", _jsonl(corpora, [name], jobs))


@pytest.mark.parametrize("jobs", [1, 2])
def test_fixture_reports_do_not_change(jobs: int) -> None:
    assert_snapshot("corpus/fixtures.jsonl.gz", _jsonl(REPO, ["fixtures"], jobs))
