"""The AI disclosure of a release, summed up from its resources, credits and deals.

It also maps the disclosure to the labels people know: Apple Music's transparency tags and
the IPTC digital source type (the vocabulary C2PA uses).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from ddex_ai.model import Message, Release, Resource
from ddex_ai.model.types import TRAINING_USE_TYPES

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


@dataclass(slots=True)
class Training:
    granted: bool = False
    use_types: list[str] = field(default_factory=list)
    territories: list[str] = field(default_factory=list)
    excluded_territories: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Disclosure:
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
        return asdict(self)


def resource_effective(resource: Resource) -> str | None:
    """Declared ContainsAI; an undeclared resource that credits AI counts as Partly."""
    if resource.contains_ai in AI_VALUES:
        return resource.contains_ai
    return "Partly" if resource.ai_credits else None


def release_effective(resources: list[Resource]) -> str | None:
    """All if every resource is All; Partly if any is AI; None if every one declares None.

    None (undetermined) when some resources say nothing and none credits AI.
    """
    values = [resource_effective(r) for r in resources]
    if not values:
        return None
    if all(v == "All" for v in values):
        return "All"
    if any(v in ("All", "Partly") for v in values):
        return "Partly"
    if all(v == "None" for v in values):
        return "None"
    return None


def disclose(release: Release, message: Message) -> Disclosure:
    resources = message.resources_of(release)
    effective = release_effective(resources)
    return Disclosure(
        supported=message.version.carries_ai_disclosure,
        declared=release.contains_ai,
        effective=effective,
        resources=_counts(resources),
        ai_roles=_ai_roles(resources),
        training=_training(release, message),
        apple_music_tags=_apple_music_tags(resources),
        iptc_digital_source_type=IPTC_SOURCE_TYPES.get(effective or ""),
    )


def _counts(resources: list[Resource]) -> dict[str, dict[str, int]]:
    counts = {group: dict.fromkeys(COUNT_KEYS, 0) for group in RESOURCE_GROUPS.values()}
    for resource in resources:
        group = RESOURCE_GROUPS.get(resource.kind, "other")
        bucket = counts.setdefault(group, dict.fromkeys(COUNT_KEYS, 0))
        value = resource.contains_ai
        bucket[value if value in AI_VALUES else "undeclared"] += 1
    return counts


def _ai_roles(resources: list[Resource]) -> list[str]:
    roles = {
        role.label
        for resource in resources
        for contributor in resource.contributors
        if contributor.credits_ai
        for role in contributor.roles
    }
    return sorted(roles)


def _apple_music_tags(resources: list[Resource]) -> list[str]:
    tags = set()
    for resource in resources:
        if resource_effective(resource) not in ("All", "Partly"):
            continue
        if resource.kind == "Image":
            tags.add("Artwork")
        elif resource.kind == "SoundRecording":
            tags.add("Track")
        elif resource.kind == "Video":
            tags.add("Music Video")
        if resource.kind == "Text" and resource.type == "LyricText":
            tags.add("Composition")
        if any(
            role.value in COMPOSITION_ROLES
            for c in resource.contributors
            if c.credits_ai
            for role in c.roles
        ):
            tags.add("Composition")
    return [t for t in ("Artwork", "Track", "Composition", "Music Video") if t in tags]


def _training(release: Release, message: Message) -> Training:
    training = Training()
    for deal in message.deals:
        if release.reference not in deal.release_refs:
            continue
        granted = [u for u in TRAINING_USE_TYPES if u in deal.use_types]
        if not granted:
            continue
        training.granted = True
        for values, new in (
            (training.use_types, granted),
            (training.territories, deal.territories),
            (training.excluded_territories, deal.excluded_territories),
        ):
            values.extend(v for v in new if v not in values)
    return training
