"""Baselines: accept the findings of an earlier report and report only new ones.

A finding is matched by its file and its identity (``findings.identity``: rule, release,
resource, element path without positions, the value at fault), not by line, so edits
elsewhere in a file do not bring waived findings back, and a new finding that merely
resembles a waived one (another dangling reference in the same release) is not waived.
Matching counts: two identical findings in the baseline waive two now.

Paths are matched as absolute paths: a baseline written by ``--write-baseline`` records the
folder it was written from (``"root"``), so a run from another folder or with absolute paths
still matches. Any other JSON report or JSON Lines used as a baseline is read relative to the
current folder.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from dataclasses import replace

from ddex_ai.findings import Finding, Status, identity, status_of
from ddex_ai.results import FileResult

# Findings that mean the file was not checked at all: while one remains, the file is `error`.
UNCHECKED = ("IO001", "IO002", "ERN001", "INT001")

Key = tuple[str, str]


class BaselineError(ValueError):
    """A baseline that cannot be read: a usage error."""


def finding_key(path: str, finding_identity: str, root: str | None = None) -> Key:
    """The file (absolute, from ``root`` or the current folder) and the finding's identity."""
    return (os.path.normpath(os.path.join(root or os.getcwd(), path)), finding_identity)


# A baseline larger than this is refused rather than read into memory.
MAX_BASELINE_SIZE = 2 * 1000**3


def _file_reports(text: str, where: str) -> tuple[list[dict], str | None]:
    """The file results of a JSON report, or of JSON Lines (one file result a line).

    Which of the two it is comes from parsing, not from a look at its start: the whole text
    is a JSON document with "files" (a report), or one file result (a one-line JSON Lines),
    or else it is read line by line.
    """
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        if exc.msg != "Extra data":  # a whole first value, then more: JSON Lines
            raise BaselineError(f"{where}:{exc.lineno}: not valid JSON: {exc.msg}") from None
        document = None  # JSON Lines: read line by line below
    except RecursionError:
        raise BaselineError(f"{where}: nested too deeply to be a ddex-ai report") from None
    if isinstance(document, dict) and "files" in document:
        files = document["files"]
        if not isinstance(files, list):
            raise BaselineError(f'{where}: not a ddex-ai JSON report ("files" is not a list)')
        root = document.get("root")
        return files, root if isinstance(root, str) else None
    if isinstance(document, dict) and "path" in document:
        return [document], None
    if document is not None:
        raise BaselineError(f'{where}: not a ddex-ai JSON report (no "files" list)')
    files = []  # JSON Lines: one file object per line
    for number, line in enumerate(text.split("\n"), 1):
        if line.strip():
            try:
                files.append(json.loads(line))
            except json.JSONDecodeError as exc:
                raise BaselineError(f"{where}:{number}: not valid JSON: {exc.msg}") from None
            except RecursionError:
                raise BaselineError(f"{where}:{number}: nested too deeply") from None
    return files, None


class Baseline:
    def __init__(self, counts: Counter[Key]) -> None:
        self._counts = counts
        self.waived = 0

    @classmethod
    def read(cls, path: str) -> Baseline:
        try:
            if os.path.getsize(path) > MAX_BASELINE_SIZE:
                raise BaselineError(
                    f"{path}: larger than {MAX_BASELINE_SIZE:,} bytes; not read as a baseline"
                )
            with open(path, encoding="utf-8") as handle:
                text = handle.read()
        except FileNotFoundError:
            raise BaselineError(
                f"{path}: no such baseline (create it with --write-baseline)"
            ) from None
        except (OSError, UnicodeDecodeError) as exc:
            raise BaselineError(f"{path}: cannot read: {exc}") from None
        counts: Counter[Key] = Counter()
        files, root = _file_reports(text, path)
        for number, file in enumerate(files, 1):
            try:
                for f in file["findings"]:
                    found = identity(
                        f["rule"], f["release"], f["resource"], f["path"], f["message"]
                    )
                    counts[finding_key(file["path"], found, root)] += 1
            except (KeyError, TypeError, AttributeError):
                raise BaselineError(
                    f"{path}: file entry {number} is not a ddex-ai file result"
                ) from None
        return cls(counts)

    def apply(self, result: FileResult) -> FileResult:
        """The result with its baselined findings removed and its statuses recomputed."""
        if hasattr(result, "decoded"):  # a cached result: the whole of it, to edit
            result = result.decoded()
        new: list[Finding] = []
        waived: list[Finding] = []
        for finding in result.findings:
            key = finding_key(result.path, finding.identity)
            if self._counts[key] > 0:
                self._counts[key] -= 1
                self.waived += 1
                waived.append(finding)
            else:
                new.append(finding)
        if len(new) == len(result.findings):
            return result
        kept = {id(f) for f in new}
        releases = []
        for release in result.releases:
            own = [f for f in release.findings if id(f) in kept]
            releases.append(replace(release, findings=own, status=status_of(own)))
        unchecked = result.status is Status.ERROR and any(f.rule in UNCHECKED for f in new)
        status = Status.ERROR if unchecked else status_of(new)
        return replace(result, findings=new, releases=releases, status=status, waived=waived)
