"""The AI disclosure of a release, summed up from its resources, credits and deals.

It also maps the disclosure to the labels people know: Apple Music's transparency tags and
the IPTC digital source type (the vocabulary C2PA uses).
"""

from __future__ import annotations

from dataclasses import field

from ddex_ai.model import Message, Release, Resource
from ddex_ai.records import record

RESOURCE_GROUPS = {"SoundRecording": "track", "Video": "video", "Image": "artwork", "Text": "text"}
AI_VALUES = ("All", "Partly", "None")
COUNT_KEYS = (*AI_VALUES, "undeclared")
# Roles whose AI credit makes the composition (music or lyrics) AI-made, for Apple's tag.
COMPOSITION_ROLES = frozenset(
    {"Composer", "ComposerLyricist", "Lyricist", "Librettist", "SubLyricist", "Author"}
)
IPTC_SOURCE_TYPES = {
    "All": "trainedAlgorithmicMedia",
    "Partly": "compositeWithTrainedAlgorithmicMedia",
}
IPTC_VOCABULARY = "http://cv.iptc.org/newscodes/digitalsourcetype/"
GROUP_NAMES = tuple(RESOURCE_GROUPS.values())
APPLE_TAGS = {"Image": "Artwork", "SoundRecording": "Track", "Video": "Music Video"}
APPLE_TAG_ORDER = ("Artwork", "Track", "Composition", "Music Video")


@record(slots=True)
class Training:
    granted: bool = False
    use_types: list[str] = field(default_factory=list)
    territories: list[str] = field(default_factory=list)
    excluded_territories: list[str] = field(default_factory=list)


@record(frozen=True, slots=True)
class Disclosure:
    """Shared by releases that disclose the same: treat it, and what it holds, as read-only."""

    # False before ERN 4.3.1: the message cannot say anything about AI.
    supported: bool
    declared: str | None
    effective: str | None
    resources: dict[str, dict[str, int]]
    ai_roles: list[str]
    training: Training
    apple_music_tags: list[str]
    iptc_digital_source_type: str | None

    def to_dict(self) -> dict:
        training = self.training
        return {
            "supported": self.supported,
            "declared": self.declared,
            "effective": self.effective,
            "resources": self.resources,
            "ai_roles": self.ai_roles,
            "training": {
                "granted": training.granted,
                "use_types": training.use_types,
                "territories": training.territories,
                "excluded_territories": training.excluded_territories,
            },
            "apple_music_tags": self.apple_music_tags,
            "iptc_digital_source_type": self.iptc_digital_source_type,
        }


NO_TRAINING = Training()  # shared by every release without a training grant: never changed


def resource_effective(resource: Resource) -> str | None:
    """Declared ContainsAI; an undeclared resource that credits AI counts as Partly."""
    if resource.contains_ai in AI_VALUES:
        return resource.contains_ai
    return "Partly" if resource.ai_credits else None


def release_effective(resources: list[Resource]) -> str | None:
    """All if every resource is All; Partly if any is AI; None if every one declares None.

    None (undetermined) when some resources say nothing and none credits AI.
    """
    return _combine([resource_effective(r) for r in resources])


def _combine(values: list[str | None]) -> str | None:
    if not values:
        return None
    if all(v == "All" for v in values):
        return "All"
    if any(v in ("All", "Partly") for v in values):
        return "Partly"
    if all(v == "None" for v in values):
        return "None"
    return None


@record(frozen=True, slots=True)
class _Facts:
    """What one resource adds to the disclosure of every release that contains it."""

    group: str
    bucket: str
    effective: str | None
    roles: frozenset[str]
    tags: frozenset[str]


def _facts(resource: Resource) -> _Facts:
    effective = resource_effective(resource)
    credited = [c for c in resource.contributors if c.credits_ai]
    roles = frozenset(role.label for c in credited for role in c.roles)
    tags = set()
    if effective in ("All", "Partly"):
        tag = APPLE_TAGS.get(resource.kind)
        if tag:
            tags.add(tag)
        lyrics = resource.kind == "Text" and resource.type == "LyricText"
        composed = any(role.value in COMPOSITION_ROLES for c in credited for role in c.roles)
        if lyrics or composed:
            tags.add("Composition")
    bucket = resource.contains_ai if resource.contains_ai in AI_VALUES else "undeclared"
    group = RESOURCE_GROUPS.get(resource.kind, "other")
    return _Facts(group, bucket, effective, roles, frozenset(tags))


class Discloser:
    """Sums up releases of one message; what resources and deals say is read once."""

    def __init__(self, message: Message) -> None:
        self.message = message
        self.supported = message.version.carries_ai_disclosure
        self._facts: dict[str, _Facts] = {}
        self._training = _training_by_release(message)
        # Releases that disclose the same share one Disclosure: a box set's thousands of
        # track releases are mostly alike.
        self._known: dict[tuple, Disclosure] = {}

    def disclose(self, release: Release) -> Disclosure:
        facts = tuple(f for ref in release.resource_refs if (f := self._fact(ref)) is not None)
        training = self._training.get(release.reference, NO_TRAINING)
        key = (release.contains_ai, id(training), facts)
        known = self._known.get(key)
        if known is None:
            known = self._known[key] = self._summed(release.contains_ai, training, facts)
        return known

    def _summed(self, declared: str | None, training: Training, facts: tuple) -> Disclosure:
        counts = {group: dict.fromkeys(COUNT_KEYS, 0) for group in GROUP_NAMES}
        roles: set[str] = set()
        tags: set[str] = set()
        for fact in facts:
            bucket = counts.get(fact.group)
            if bucket is None:
                bucket = counts[fact.group] = dict.fromkeys(COUNT_KEYS, 0)
            bucket[fact.bucket] += 1
            roles |= fact.roles
            tags |= fact.tags
        effective = _combine([f.effective for f in facts])
        return Disclosure(
            supported=self.supported,
            # A value outside the allowed ones declares nothing (AI015 reports it).
            declared=declared if declared in AI_VALUES else None,
            effective=effective,
            resources=counts,
            ai_roles=sorted(roles),
            training=training,
            apple_music_tags=[t for t in APPLE_TAG_ORDER if t in tags],
            iptc_digital_source_type=IPTC_SOURCE_TYPES.get(effective or ""),
        )

    def _fact(self, reference: str) -> _Facts | None:
        fact = self._facts.get(reference)
        if fact is None:
            resource = self.message.resources.get(reference)
            if resource is None:
                return None
            fact = self._facts[reference] = _facts(resource)
        return fact


def _training_by_release(message: Message) -> dict[str | None, Training]:
    found: dict[str | None, Training] = {}
    for deal in message.deals:
        granted = deal.training_use_types
        if not granted:
            continue
        for reference in deal.release_refs:
            training = found.setdefault(reference, Training(granted=True))
            for values, new in (
                (training.use_types, granted),
                (training.territories, deal.territories),
                (training.excluded_territories, deal.excluded_territories),
            ):
                values.extend(v for v in new if v not in values)
    return found
