"""Mutation testing by hand: break one behaviour at a time and see whether the suite notices.

    DDEX_AI_SCHEMAS=../shared/ddex/schemas .venv/bin/python tools/mutate.py [-k NAME] [--jobs N]

Each mutation replaces one exact piece of source with a broken one, in a scratch copy of the
project (the work tree is never touched), and runs the whole test suite there (``pytest -x``,
the copy's ``src`` first on the path, ``CI`` set so that no missing resource is skipped).
The unbroken suite runs first and must pass. A mutation the suite fails on is *caught*; one it
passes is *survived*: a behaviour users rely on that no test pins. A mutation whose source no
longer matches is reported as *stale* (the list must follow the code), never silently skipped.
Exit status: 0 when every mutation is caught, 1 otherwise.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Mutation:
    name: str
    file: str  # below src/ddex_ai/
    old: str
    new: str


M = Mutation
MUTATIONS = [
    M(
        "text-report-not-through-the-bar",
        "cli/session.py",
        'if self.output_format == "text" and not self.output and same_terminal()',
        'if False and self.output_format == "text" and not self.output and same_terminal()',
    ),
    # --- release profiles ------------------------------------------------------------------
    M(
        "profile-error-limit-off-by-one",
        "profile_stage.py",
        "len(rules) > ERROR_LIMITS[owner]",
        "len(rules) >= ERROR_LIMITS[owner]",
    ),
    M(
        "profile-warnings-fail-certification",
        "profile_stage.py",
        'if counts["fatal"]:',
        'if counts["fatal"] or counts["warning"]:',
    ),
    M(
        "profile-rule-sub-ignored",
        "rules/profiles/base.py",
        'return f"{number}-{sub or next(iter(self.roles))}"',
        'return f"{number}-1"',
    ),
    M(
        "profile-bonus-test-as-published",
        "rules/profiles/composition.py",
        "if ctx.reference(resource) not in ctx.bonus_refs:",
        "if ctx.reference(resource) in ctx.bonus_refs:",
    ),
    M(
        "profile-ids-not-in-editions",
        "rules/profiles/base.py",
        "            return kind in modelled.ids\n",
        "            return kind in modelled.ids and not self.editions\n",
    ),
    M(
        "gs1-check-digit-weights-swapped",
        "checkdigits.py",
        "(3 if i % 2 == 0 else 1)",
        "(1 if i % 2 == 0 else 3)",
    ),
    M(
        "grid-check-character-off",
        "checkdigits.py",
        "return _ALNUM[(37 - p) % 36]",
        "return _ALNUM[(36 - p) % 36]",
    ),
    M(
        "references-from-xsd-ignored",
        "model/references.py",
        "    return REFERENCES[table_version(version)]",
        "    return {k: v for k, v in REFERENCES[table_version(version)].items()"
        ' if k != "DisplayCreditParty"}',
    ),
    # --- SARIF -----------------------------------------------------------------------------
    M(
        "sarif-start-line-always-1",
        "reporters/sarif_report.py",
        '"region": {"startLine": finding.line or 1}',
        '"region": {"startLine": 1}',
    ),
    M(
        "sarif-fingerprint-constant",
        "reporters/sarif_report.py",
        'return hashlib.sha256(key.encode("utf-8", "surrogateescape")).hexdigest()',
        'return "0" * 64',
    ),
    M(
        "sarif-no-logical-locations",
        "reporters/sarif_report.py",
        "        if finding.path:\n            place[",
        "        if False:\n            place[",
    ),
    M(
        "sarif-no-release-resource",
        "reporters/sarif_report.py",
        '"release": finding.release,\n                "resource": finding.resource,',
        "",
    ),
    M(
        "sarif-warning-as-note",
        "reporters/sarif_report.py",
        'Severity.WARNING: "warning"',
        'Severity.WARNING: "note"',
    ),
    M(
        "sarif-artifacts-all-pass",
        "reporters/sarif_report.py",
        '"status": result.status.value,\n                    "ernVersion"',
        '"status": "pass",\n                    "ernVersion"',
    ),
    M(
        "sarif-rule-index-off-by-one",
        "reporters/sarif_report.py",
        'data["ruleIndex"] = self.index[finding.rule]',
        'data["ruleIndex"] = self.index[finding.rule] + 1',
    ),
    # --- JUnit, CSV, JSON, text ------------------------------------------------------------
    M(
        "junit-failure-type-lost",
        "reporters/junit_report.py",
        "type={attr(first.rule)}",
        'type="finding"',
    ),
    M(
        "junit-errors-as-failures",
        "reporters/junit_report.py",
        "<error message={attr(message)}>{text(body)}</error>",
        "<failure message={attr(message)}>{text(body)}</failure>",
    ),
    M(
        "csv-guard-only-equals",
        "reporters/csv_report.py",
        r'FORMULA_STARTS = frozenset("=+-@\uff1d\uff0b\uff0d\uff20")',
        'FORMULA_STARTS = frozenset("=")',
    ),
    M(
        "csv-counts-warnings-as-errors",
        "reporters/csv_report.py",
        '"warnings": sum(f.severity is Severity.WARNING for f in findings)',
        '"warnings": sum(f.severity is Severity.ERROR for f in findings)',
    ),
    M("json-finding-line-dropped", "findings.py", '"line": self.line,', '"line": None,'),
    M(
        "summary-counts-statuses-wrong",
        "results.py",
        "self.statuses[result.status] += 1",
        "self.statuses[Status.PASS] += 1",
    ),
    M(
        "text-status-word-lost",
        "reporters/text_report.py",
        "return Text(status.value.upper(), STATUS_STYLE[status])",
        'return Text("", STATUS_STYLE[status])',
    ),
    M(
        "jsonl-not-flushed-per-file",
        "reporters/jsonl_report.py",
        "        self.stream.flush()\n",
        "",
    ),
    # --- rules and registry ----------------------------------------------------------------
    M(
        "ai001-default-severity-info",
        "rules/ai.py",
        '@rule("AI001", "all-ai-resource-credits-a-person", Severity.ERROR',
        '@rule("AI001", "all-ai-resource-credits-a-person", Severity.INFO',
    ),
    M(
        "ai001-never-fires",
        "rules/ai.py",
        "            if not contributor.is_generative_ai:\n                yield hit_at(\n"
        "                    contributor.el,",
        "            if False:\n                yield hit_at(\n                    contributor.el,",
    ),
    M(
        "ai005-ignores-all-vs-none",
        "rules/ai.py",
        'clashing = [r for r in message.resources_of(release) if r.contains_ai == "None"]',
        "clashing = []",
    ),
    M(
        "ai012-exclusions-lost",
        "rules/ai.py",
        "where = _territories(deal.territories, deal.excluded_territories)",
        "where = _territories(deal.territories, [])",
    ),
    M(
        "ref001-never-fires",
        "rules/references.py",
        "        if value not in anchors.get(letter, ()):",
        "        if False:",
    ),
    M(
        "ai-rules-on-every-version",
        "checker.py",
        "if rule.needs_ai_disclosure and not loaded.version.carries_ai_disclosure:",
        "if False:",
    ),
    M(
        "policy-severity-ignored",
        "policy/__init__.py",
        "        return self.severities.get(rule_id)",
        "        return REGISTRY[rule_id].severity if rule_id in self.severities else None",
    ),
    # --- disclosure summary ----------------------------------------------------------------
    M(
        "training-exclusions-lost",
        "disclosure.py",
        "(training.excluded_territories, deal.excluded_territories)",
        "(training.excluded_territories, [])",
    ),
    M(
        "effective-partly-as-all",
        "disclosure.py",
        '    if any(v in ("All", "Partly") for v in values):\n        return "Partly"',
        '    if any(v in ("All", "Partly") for v in values):\n        return "All"',
    ),
    M("apple-tag-for-video-lost", "disclosure.py", '"Video": "Music Video"', '"Video": None'),
    M(
        "iptc-all-wrong",
        "disclosure.py",
        '"All": "trainedAlgorithmicMedia"',
        '"All": "algorithmicMedia"',
    ),
    # --- baseline --------------------------------------------------------------------------
    M(
        "baseline-key-ignores-value",
        "baseline.py",
        "return (os.path.normpath(os.path.join(root or os.getcwd(), path)), finding_identity)",
        "return (os.path.normpath(os.path.join(root or os.getcwd(), path)), "
        'finding_identity.rsplit("\\0", 1)[0])',
    ),
    M(
        "baseline-waives-once-too-many",
        "baseline.py",
        "            if self._counts[key] > 0:",
        "            if self._counts[key] >= 0:",
    ),
    # --- reading and the XSD stage ---------------------------------------------------------
    M(
        "large-file-path-never-taken",
        "instance_loader.py",
        "            if info.st_size <= LARGE_FILE:",
        "            if True:",
    ),
    M(
        "huge-tree-retry-dropped",
        "instance_loader.py",
        'if not huge and any(e.type_name == "ERR_RESOURCE_LIMIT" for e in errors):',
        "if False:",
    ),
    M(
        "entity-attack-not-refused",
        "instance_loader.py",
        "            if attack:\n",
        "            if False:\n",
    ),
    M(
        "xsd-errors-dropped",
        "xsd_stage.py",
        "hits = [(SCHEMA_INVALID, hit) for hit in schema_errors(tree, schema)]",
        "hits = []",
    ),
    # --- run: exit codes, order, workers, signals, atomic writes ---------------------------
    M(
        "fail-on-ignored",
        "cli/session.py",
        "failed = failed or result.fails(self.fail_on)",
        "failed = False",
    ),
    M(
        "inputs-unsorted",
        "discovery.py",
        "    return sorted(found.values())",
        "    return list(found.values())[::-1]",
    ),
    M(
        "dead-worker-no-int001",
        "runner.py",
        "the worker process checking this file died",
        "the worker is fine",
    ),
    M(
        "ctrl-c-loses-the-reports",
        "cli/session.py",
        '                stopped_by = getattr(exc, "signum", signal.SIGINT)',
        "                raise",
    ),
    M(
        "ctrl-c-exit-status",
        "cli/session.py",
        "            return 128 + stopped_by",
        "            return EXIT_FINDINGS",
    ),
    M(
        "ctrl-c-not-held-during-a-write",
        "cli/session.py",
        "blocked = self.can_block and bool(self.previous)",
        "blocked = False",
    ),
    M(
        "report-not-atomic",
        "report_targets.py",
        "        os.replace(temporary, target.real)",
        "        os.replace(temporary, target.real + '.partial')",
    ),
    M(
        "report-over-an-input",
        "report_targets.py",
        "        if key in files:",
        "        if False:",
    ),
    M(
        "device-renamed-over",
        "report_targets.py",
        "    if st is not None and not stat.S_ISREG(st.st_mode):",
        "    if False:",
    ),
    M(
        "report-permissions-reset",
        "report_targets.py",
        "            os.chmod(temporary, target.mode)",
        "            os.chmod(temporary, 0o644)",
    ),
    # --- issue 11: reliability -------------------------------------------------------------
    M(
        "idle-dead-worker-not-replaced",
        "runner.py",
        "                        self._replace(worker)\n"
        "                        worker = self.workers[i]",
        "                        pass",
    ),
    M(
        "out-of-order-results-lost",
        "runner.py",
        "return [result for index in sorted(done) for result in done[index]]",
        "return []",
    ),
    M(
        "closed-stdout-ends-every-report",
        "cli/session.py",
        "        self.active.remove((reporter, target))",
        "        raise BrokenPipeError",
    ),
    M(
        "sigterm-not-handled",
        "cli/session.py",
        '(signal.SIGINT, signal.SIGTERM, getattr(signal, "SIGHUP", None))',
        "(signal.SIGINT,)",
    ),
    M(
        "fifo-read-as-a-file",
        "instance_loader.py",
        "        if not stat.S_ISREG(info.st_mode):",
        "        if False:",
    ),
    M(
        "endless-stdin-read-whole",
        "instance_loader.py",
        "    if len(data) > max_size:",
        "    if False:",
    ),
    M("timeout-ignored", "checker.py", "with deadline(self.timeout):", "with deadline(None):"),
    M(
        "findings-never-limited",
        "checker.py",
        "    if limit is None or len(findings) <= limit:",
        "    if True:",
    ),
    M(
        "element-path-off-by-one",
        "model/xml.py",
        'name = f"{name}[{seen[tag]}]"',
        'name = f"{name}[{seen[tag] - 1}]"',
    ),
    M(
        "json-surrogates-raw",
        "names.py",
        "    return _JSON_UNSAFE.sub(_json_escape, encoded)",
        "    return encoded",
    ),
    M(
        "terminal-escapes-raw",
        "names.py",
        "    return _unprintable(keep).sub(_printable_escape, value)",
        "    return value",
    ),
    M(
        "extends-loop-by-spelling",
        "policy/__init__.py",
        "    if _identity(source) in {key for key, _ in seen}:",
        "    if source.name in {name for _, name in seen}:",
    ),
    M(
        "baseline-replaced-after-int001",
        "cli/session.py",
        "        if unchecked:\n",
        "        if False:\n",
    ),
]


def apply(mutation: Mutation, root: Path) -> str | None:
    """Apply ``mutation`` under ``root``; None when applied, else why it is stale."""
    path = root / "src/ddex_ai" / mutation.file
    source = path.read_text(encoding="utf-8")
    count = source.count(mutation.old)
    if count != 1:
        return f"the source to break occurs {count} times in {mutation.file}"
    path.write_text(source.replace(mutation.old, mutation.new), encoding="utf-8")
    return None


def scratch_copy(source: Path = REPO) -> Path:
    # Beside the project, as CI's clone is: the schema folder is then named by the same
    # relative path (../shared/...), so outputs that show it wrap the same way.
    folder = Path(tempfile.mkdtemp(prefix=".ddex-ai-mutant-", dir=source.parent))
    ignore = shutil.ignore_patterns(".venv", ".git", "__pycache__", "*.pyc", ".ruff_cache")
    shutil.copytree(source, folder, ignore=ignore, dirs_exist_ok=True)
    return folder


def run_suite(root: Path) -> tuple[bool, str]:
    """Whether the suite passes in ``root``, and its last line."""
    env = {**os.environ, "CI": "1", "PYTHONPATH": str(root / "src"), "PYTHONDONTWRITEBYTECODE": "1"}
    # Paths relative to the project would not resolve from the scratch copy.
    for name in ("DDEX_AI_SCHEMAS", "DDEX_AI_SCHEMATRON"):
        if env.get(name):
            env[name] = os.path.abspath(env[name])
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider"],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
    )
    lines = [line for line in run.stdout.splitlines() if line.strip()]
    return run.returncode == 0, lines[-1] if lines else run.stderr.strip()[-200:]


def try_mutation(mutation: Mutation | None, source: Path = REPO) -> tuple[str, str]:
    root = scratch_copy(source)
    try:
        stale = apply(mutation, root) if mutation else None
        if stale:
            return "stale", stale
        passed, last = run_suite(root)
        return ("survived" if passed else "caught"), last
    finally:
        shutil.rmtree(root, ignore_errors=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-k", dest="only", help="only mutations whose name contains this")
    parser.add_argument("--jobs", type=int, default=1, help="mutations tried at once")
    parser.add_argument("--list", action="store_true", help="list the mutations and exit")
    args = parser.parse_args()
    chosen = [m for m in MUTATIONS if not args.only or args.only in m.name]
    if args.list:
        print("\n".join(m.name for m in chosen))
        return 0
    started = time.perf_counter()
    # One snapshot of the project: edits made while the mutations run do not leak into them.
    pristine = scratch_copy()
    try:
        # The unbroken suite must pass first: otherwise every mutation would look caught.
        passed, last = try_mutation(None, pristine)
        if passed != "survived":
            print(f"the suite fails without any mutation: {last}", file=sys.stderr)
            return 2
        counts = {"caught": 0, "survived": 0, "stale": 0}
        with ThreadPoolExecutor(max_workers=args.jobs) as pool:
            outcomes = pool.map(lambda m: try_mutation(m, pristine), chosen)
            for mutation, (outcome, detail) in zip(chosen, outcomes, strict=True):
                counts[outcome] += 1
                print(f"{outcome:8}  {mutation.name:34}  {detail}", flush=True)
    finally:
        shutil.rmtree(pristine, ignore_errors=True)
    print(
        f"\n{counts['caught']} caught, {counts['survived']} survived, {counts['stale']} stale "
        f"of {len(chosen)} mutations in {time.perf_counter() - started:.0f} s"
    )
    return 0 if counts["caught"] == len(chosen) else 1


if __name__ == "__main__":
    sys.exit(main())
