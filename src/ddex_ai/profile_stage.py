"""The release-profile stage: which profile a message is checked against, its rules' hits,
and the certification verdict DDEX's profile documents define.

Verdict: any failed (Conditional) Fatal Error rule: ``not-certified``; failed (Conditional)
Error rules: ``partial``, or ``not-certified`` past the profile's stated number of Error
rules; Warnings: no effect. A conditional rule whose condition ddex-ai cannot assess is
counted as ``unassessed`` and does not affect the verdict.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import field

from ddex_ai.findings import Finding, Hit
from ddex_ai.model import Message
from ddex_ai.profile_catalog import PROFILE_VERSION, PROFILES, VARIANT_IDS, VARIANTS
from ddex_ai.records import record
from ddex_ai.rules import Rule, profile_rules
from ddex_ai.rules.profiles.base import Context
from ddex_ai.rules.profiles.official import ERROR_LIMITS
from ddex_ai.versions import NEW_RELEASE

AUTO = "auto"  # the profile the message names (the default)
NONE = "none"  # no profile checks
UNKNOWN_PROFILE = "RP099"


@record(frozen=True, slots=True)
class Selection:
    profile: str
    variants: tuple[str, ...] = ()


def select(
    message: Message, wanted: str = AUTO, variants: tuple[str, ...] = ()
) -> tuple[Selection | None, list[Hit]]:
    """The profile and variants to check, and hits for names ddex-ai does not know."""
    if wanted == NONE or message.version.major < 4 or message.message_type != NEW_RELEASE:
        return None, []
    root = message.root
    hits: list[Hit] = []
    if wanted == AUTO:
        named = root.get("ReleaseProfileVersionId")
        if named is None:
            return None, []
        if named not in PROFILES:
            hits.append(
                _unknown(
                    root,
                    f"ReleaseProfileVersionId {named!r} is no release profile "
                    f"{PROFILE_VERSION} profile; no profile checks ran",
                )
            )
            return None, hits
        wanted = named
    if not variants:
        named_variant = root.get("ReleaseProfileVariantVersionId")
        if named_variant is not None:
            variants = VARIANT_IDS.get(named_variant, ())
            if not variants:
                hits.append(
                    _unknown(
                        root,
                        f"ReleaseProfileVariantVersionId {named_variant!r} "
                        "names no known variant; checked without one",
                    )
                )
    return Selection(wanted, tuple(v for v in VARIANTS if v in variants)), hits


def _unknown(root, message: str) -> Hit:
    return Hit(message, line=root.sourceline, path="/" + NEW_RELEASE)


def applicable(selection: Selection) -> list[Rule]:
    return [
        r for r in profile_rules() if r.profile.applies_to(selection.profile, selection.variants)
    ]


def run(
    message: Message,
    selection: Selection,
    rules: list[Rule],
    broken: Callable[[Rule, Exception], None],
) -> Iterator[tuple[Rule, Hit, str]]:
    """Each rule's hits, with the official rule id of the profile checked."""
    context = Context(message, selection.profile, selection.variants)
    for rule in rules:
        try:
            for hit in rule.check(context):
                yield (
                    rule,
                    hit,
                    rule.profile.official_id(selection.profile, selection.variants, hit.sub),
                )
        except Exception as exc:  # a broken rule must not hide the other rules' findings
            broken(rule, exc)


@record(slots=True)
class ProfileVerdict:
    id: str
    version: str = PROFILE_VERSION
    variants: list[str] = field(default_factory=list)
    verdict: str = "certified"
    counts: dict[str, int] = field(default_factory=dict)

    def to_dict(self) -> dict:
        return {
            "id": self.id,
            "version": self.version,
            "variants": list(self.variants),
            "verdict": self.verdict,
            "counts": dict(self.counts),
        }


def verdict(selection: Selection, findings: list[Finding]) -> ProfileVerdict:
    """The certification verdict from the profile findings the policy kept."""
    from ddex_ai.rules import get_rule

    counts = {"fatal": 0, "error": 0, "warning": 0, "unassessed": 0}
    failed_errors: dict[str, set[str]] = {}  # profile or variant -> Error rules failed
    for finding in findings:
        if finding.profile_rule is None:
            continue
        spec = get_rule(finding.rule).profile
        if not spec.counted:
            counts["unassessed"] += 1
            continue
        sub = finding.profile_rule.partition("-")[2]
        role = spec.role(sub).removeprefix("conditional-")
        counts[role] += 1
        if role == "error":
            owner = (
                selection.profile
                if selection.profile in spec.official
                else next((v for v in selection.variants if v in spec.official), selection.profile)
            )
            failed_errors.setdefault(owner, set()).add(finding.profile_rule)
    outcome = "certified"
    if counts["fatal"]:
        outcome = "not-certified"
    elif failed_errors:
        over = any(len(rules) > ERROR_LIMITS[owner] for owner, rules in failed_errors.items())
        outcome = "not-certified" if over else "partial"
    return ProfileVerdict(
        selection.profile, PROFILE_VERSION, list(selection.variants), outcome, counts
    )
