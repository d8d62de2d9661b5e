"""The pipeline for one file: read -> XSD -> model -> rules -> findings -> results."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import replace
from functools import partial

from ddex_ai import instance_loader, profile_stage, xsd_stage
from ddex_ai.background import Background
from ddex_ai.deadlines import FileTimeout, deadline
from ddex_ai.disclosure import Discloser
from ddex_ai.discovery import Input
from ddex_ai.findings import Finding, Hit, Severity, Status, status_of
from ddex_ai.instance_loader import IO_ERROR, LoadedMessage, LoadResult
from ddex_ai.model import Message, Release, build_message, owner_key
from ddex_ai.model.xml import reset_paths
from ddex_ai.policy import Policy
from ddex_ai.results import FileResult, ReleaseResult
from ddex_ai.rules import REGISTRY, model_rules
from ddex_ai.schema_loader import SchemaStore
from ddex_ai.xsd_stage import SCHEMA_INVALID, SCHEMA_UNAVAILABLE

INTERNAL_ERROR = "INT001"
TOO_MANY_FINDINGS = "INT002"
DEFAULT_TIMEOUT = 300.0  # seconds per file (``--timeout-per-file``)
DEFAULT_MAX_FINDINGS = 1000  # per file (``--max-findings-per-file``)
# Files from this size get their model built beside the XSD stage when a core is spare
# (background.py): below it a thread's start is a fair share of what it saves.
BACKGROUND_MODEL_SIZE = 1_000_000


def not_checked(path: str, message: str) -> FileResult:
    """The result of a file whose check did not finish: one INT001 error, status error."""
    finding = Finding(INTERNAL_ERROR, Severity.ERROR, f"internal error: {message}")
    return FileResult(path, Status.ERROR, findings=[finding])


def timed_out(path: str, seconds: float) -> FileResult:
    return not_checked(
        path,
        f"the check timed out after {seconds:g} s (--timeout-per-file); "
        "the run went on with the other files",
    )


class Checker:
    """Checks files one by one; holds what files share (the policy, compiled schemas)."""

    def __init__(
        self,
        schemas: SchemaStore,
        policy: Policy | None = None,
        debug: bool = False,
        max_file_size: int = instance_loader.DEFAULT_MAX_SIZE,
        timeout: float | None = DEFAULT_TIMEOUT,
        max_findings: int | None = DEFAULT_MAX_FINDINGS,
        profile: str = profile_stage.AUTO,
        variants: tuple[str, ...] = (),
    ) -> None:
        self.profile = profile
        self.variants = variants
        self.schemas = schemas
        self.max_findings = max_findings
        self.timeout = timeout
        self.max_file_size = max_file_size
        self.policy = policy = policy or Policy.default()
        self.debug = debug
        self._rules = [r for r in model_rules() if policy.severity(r.id) is not None]
        self._profile_rules: dict = {}  # selection -> the rules it runs
        self._validate = any(policy.severity(r) for r in (SCHEMA_INVALID, SCHEMA_UNAVAILABLE))
        self._archives = None  # opened on first use: members of archives, read in place
        # Whether a second thread may run beside this one (a file checked on its own, on
        # a machine with more than one core): the runner says so, never a worker.
        self.spare_core = False

    def check_input(self, item: Input) -> FileResult:
        started = time.perf_counter()
        try:
            with deadline(self.timeout):
                result = self._check_input(item)
        except FileTimeout:
            result = timed_out(item.path, self.timeout)
        result.elapsed = time.perf_counter() - started
        return result

    def _check_input(self, item: Input) -> FileResult:
        if item.source is not None and item.data is None and not item.error:
            item = self._resolve(item)  # not read ahead (the API, a worker of its own)
        if item.error:
            return self._check(item.path, lambda: instance_loader.unreadable(IO_ERROR, item.error))
        if item.data is not None:
            return self.check_bytes(item.data, item.path)
        return self.check_path(item.path)

    def _resolve(self, item: Input) -> Input:
        from ddex_ai.discovery.reading import ArchiveReader, resolved

        if self._archives is None:
            self._archives = ArchiveReader()
        return resolved(item, self.max_file_size + 1, self._archives)

    def check_path(self, path: str) -> FileResult:
        return self._check(path, lambda: instance_loader.load_file(path, self.max_file_size))

    def check_bytes(self, data: bytes, display_path: str) -> FileResult:
        return self._check(
            display_path, lambda: instance_loader.load_bytes(data, self.max_file_size)
        )

    def _check(self, path: str, load: Callable[[], LoadResult]) -> FileResult:
        try:
            return self._check_loaded(path, load)
        finally:
            reset_paths()  # the path steps hold the file's elements

    def _check_loaded(self, path: str, load: Callable[[], LoadResult]) -> FileResult:
        try:
            loaded = load()
        except Exception as exc:  # reading failed in a way nobody foresaw: say so, go on
            findings = _Findings(self.policy)
            findings.emit(INTERNAL_ERROR, Hit(f"internal error: {self._describe(exc)}"))
            return FileResult(path, Status.ERROR, findings=findings.items)
        result = self._result(path, loaded)
        result.size = loaded.size
        return result

    def _result(self, path: str, loaded: LoadResult) -> FileResult:
        findings = _Findings(self.policy)
        # A file that could not be read or parsed says why, whatever the policy turned off.
        findings.emit_all(loaded.hits, keep=loaded.message is None)
        version = loaded.version.label if loaded.version else None
        if loaded.message is None:
            status = Status.ERROR if loaded.unreadable else status_of(findings.items)
            return FileResult(path, status, version, findings=findings.items)
        try:
            return self._check_message(path, loaded.message, findings, loaded.size)
        except Exception as exc:  # one odd file must not end the run
            findings.emit(INTERNAL_ERROR, Hit(f"internal error: {self._describe(exc)}"))
            result = FileResult(path, Status.ERROR, version, findings=findings.items)
            result.message_type = loaded.message.message_type
            return result

    def _check_message(
        self, path: str, loaded: LoadedMessage, findings: _Findings, size: int | None = None
    ) -> FileResult:
        tree, loaded.tree = loaded.tree, None  # the message alone keeps the tree from now on
        message, validated = self._validated_model(tree, loaded, findings, size)
        message.memo["xsd_validated"] = validated
        message.memo["absent"] = loaded.absent
        del tree
        for rule in self._rules:
            if rule.needs_ai_disclosure and not loaded.version.carries_ai_disclosure:
                continue
            try:
                for hit in rule.run(message, self.policy.options_for(rule.id)):
                    findings.emit(rule.id, hit)
            except Exception as exc:  # a broken rule must not hide the other rules' findings
                self._broken(findings, rule, exc)
        profile = self._check_profile(message, findings)
        # In line order in every format (a file's own findings, without a line, first).
        ordered = sorted(findings.items, key=_line_order)
        items = [_attribute(f, message) for f in _limited(ordered, self.max_findings)]
        discloser = Discloser(message)  # reads the deals' territories while they are there
        # A release without a reference (allowed in 3.x) is known by where it is.
        places = {id(r): owner_key(r.path) for r in message.releases if r.reference is None}
        # Results need no element: free the parsed tree before building them (large files).
        message.detach()
        return FileResult(
            path,
            status_of(items),
            loaded.version.label,
            loaded.message_type,
            releases=_release_results(message.releases, discloser, items, places),
            findings=items,
            profile=profile,
            xsd_validated=validated,
        )

    def _validated_model(
        self, tree, loaded: LoadedMessage, findings: _Findings, size: int | None
    ) -> tuple[Message, bool | None]:
        """The model, after the XSD stage's findings (and whether it could validate).

        libxml2 validates without the GIL: with a core to spare, a large file's model is
        built meanwhile, in a second thread (background.py).
        """
        build = partial(build_message, tree, loaded.version, loaded.message_type)
        ahead = None
        if self._validate and self.spare_core and (size or 0) >= BACKGROUND_MODEL_SIZE:
            ahead = Background(build, self.timeout)
        validated = None
        try:
            if self._validate:
                hits = xsd_stage.validate(tree, loaded.version, self.schemas)
                validated = not any(rule_id == SCHEMA_UNAVAILABLE for rule_id, _ in hits)
                findings.emit_all(hits)
            return (ahead.result() if ahead is not None else build()), validated
        finally:
            if ahead is not None:
                ahead.wait()  # never two threads in this file's tree past this point

    def _broken(self, findings: _Findings, rule, exc: Exception) -> None:
        findings.emit(
            INTERNAL_ERROR, Hit(f"internal error in rule {rule.id}: {self._describe(exc)}")
        )

    def _check_profile(self, message: Message, findings: _Findings):
        """The profile rules' findings (in the same pass over the parsed message) and the
        verdict, or None when no profile applies."""
        selection, hits = profile_stage.select(message, self.profile, self.variants)
        for hit in hits:
            findings.emit(profile_stage.UNKNOWN_PROFILE, hit)
        if selection is None:
            return None
        rules = self._profile_rules.get(selection)
        if rules is None:
            rules = self._profile_rules[selection] = [
                r
                for r in profile_stage.applicable(selection)
                if self.policy.severity(r.id) is not None
            ]
        start = len(findings.items)
        broken = lambda rule, exc: self._broken(findings, rule, exc)  # noqa: E731
        for rule, hit, official in profile_stage.run(message, selection, rules, broken):
            findings.emit(rule.id, hit, official)
        return profile_stage.verdict(selection, findings.items[start:])

    def _describe(self, exc: Exception) -> str:
        if self.debug:
            import traceback  # only for --debug: 2 ms of every run's start otherwise

            return traceback.format_exc()
        return f"{type(exc).__name__}: {exc}"


class _Findings:
    """Findings of one file, given their severity by the policy."""

    def __init__(self, policy: Policy) -> None:
        self.policy = policy
        self.items: list[Finding] = []

    def emit(
        self, rule_id: str, hit: Hit, profile_rule: str | None = None, keep: bool = False
    ) -> None:
        severity = self.policy.severity_for(rule_id, hit)
        if severity is None and keep:
            severity = REGISTRY[rule_id].severity
        if severity is not None:
            self.items.append(
                Finding(
                    rule_id,
                    severity,
                    hit.message,
                    hit.line,
                    hit.path,
                    hit.release,
                    hit.resource,
                    profile_rule,
                    hit.column,
                )
            )

    def emit_all(self, hits: list[tuple[str, Hit]], keep: bool = False) -> None:
        for rule_id, hit in hits:
            self.emit(rule_id, hit, keep=keep)


def _line_order(finding: Finding) -> int:
    return finding.line or 0


def _limited(findings: list[Finding], limit: int | None) -> list[Finding]:
    """The first ``limit`` findings and one that counts the rest, as severe as the worst of
    them (so the statuses do not change); all of them when within the limit or no limit."""
    if limit is None or len(findings) <= limit:
        return findings
    rest = findings[limit:]
    by_rule: dict[str, int] = {}
    for finding in rest:
        by_rule[finding.rule] = by_rule.get(finding.rule, 0) + 1
    counts = ", ".join(f"{rule} {n:,}" for rule, n in sorted(by_rule.items()))
    worst = max((f.severity for f in rest), key=lambda s: s.rank)
    closing = Finding(
        TOO_MANY_FINDINGS,
        worst,
        f"and {len(rest):,} more finding{'s' if len(rest) != 1 else ''} not listed ({counts}); "
        "--max-findings-per-file 0 lists them all",
    )
    return [*findings[:limit], closing]


def _attribute(finding: Finding, message: Message) -> Finding:
    """Name the release or resource a finding lies in, from its path, unless the rule did."""
    if finding.release or finding.resource or not finding.path:
        return finding
    release, resource = message.owner_of(finding.path)
    if release is None and resource is None:
        return finding
    return replace(finding, release=release, resource=resource)


def _release_results(
    releases: list[Release],
    discloser: Discloser,
    findings: list[Finding],
    places: dict[int, str],
) -> list[ReleaseResult]:
    """Each release with the findings that concern it: in it, or in a resource it contains.

    ``places``: where each release without a ReleaseReference is (an owner key).
    """
    by_release: dict[str, list[int]] = {}
    by_resource: dict[str, list[int]] = {}
    for index, finding in enumerate(findings):
        if finding.release is not None:
            by_release.setdefault(finding.release, []).append(index)
        if finding.resource is not None:
            by_resource.setdefault(finding.resource, []).append(index)
    results = []
    for release in releases:
        indexes = set(by_release.get(release.reference, ())) if release.reference else set()
        if by_resource:
            for ref in release.resource_refs:
                indexes.update(by_resource.get(ref, ()))
        if release.reference is None:  # match by where the finding is
            key = places[id(release)]
            indexes.update(i for i, f in enumerate(findings) if f.path and owner_key(f.path) == key)
        own = [findings[i] for i in sorted(indexes)]
        results.append(
            ReleaseResult(
                release.reference,
                release.kind,
                release.ids,
                release.title,
                release.artist,
                status_of(own),
                discloser.disclose(release),
                own,
            )
        )
    return results
