"""The model of an ERN message that rules work on, built once per file.

Every part keeps its source element (``el``) so that a finding can name its line and path;
paths are computed only when a finding needs one.
"""

from __future__ import annotations

from dataclasses import field
from typing import Any

from ddex_ai.model.xml import path_of, text
from ddex_ai.records import record
from ddex_ai.versions import NEW_RELEASE, ErnVersion

GENERATIVE_AI = "GenerativeAI"
# Deal use types that consent to AI training (AVS 9).
TRAINING_USE_TYPES = ("UseForTrainingGenerativeAI", "UseForTrainingNonGenerativeAI")


@record(slots=True)
class Node:
    el: Any = field(repr=False, compare=False)

    @property
    def line(self) -> int | None:
        return self.el.sourceline

    @property
    def path(self) -> str:
        return path_of(self.el)


@record(slots=True)
class Party(Node):
    reference: str | None = None
    name: str | None = None


@record(slots=True)
class Role:
    value: str
    user_defined: str | None = None

    @property
    def label(self) -> str:
        """The role as a person reads it: a user-defined role shows its own name."""
        if self.value == "UserDefined" and self.user_defined:
            return self.user_defined
        return self.value


@record(slots=True)
class Contributor(Node):
    """A ``Contributor`` or ``EditionContributor`` (3.x: ``ResourceContributor``)."""

    party_reference: str | None = None
    special: str | None = None  # SpecialContributor, e.g. "GenerativeAI"
    name: str | None = None
    roles: list[Role] = field(default_factory=list)
    ai_contribution: str | None = None
    element: str = "Contributor"

    @property
    def is_generative_ai(self) -> bool:
        return self.special == GENERATIVE_AI

    @property
    def effective_contribution(self) -> str | None:
        """AiContribution, which defaults to All for a GenerativeAI contributor."""
        if self.ai_contribution is not None:
            return self.ai_contribution
        return "All" if self.is_generative_ai else None

    @property
    def credits_ai(self) -> bool:
        return self.is_generative_ai or self.effective_contribution in ("All", "Partly")

    @property
    def label(self) -> str:
        """Who it is and in which roles: ``GenerativeAI (LeadVocalist)``."""
        who = self.special or self.name or self.party_reference or "contributor"
        roles = ", ".join(r.label for r in self.roles)
        return f"{who} ({roles})" if roles else who

    @property
    def ai_contribution_el(self):
        return self.el.find("AiContribution")


@record(slots=True)
class DisplayArtist(Node):
    party_reference: str | None = None
    special: str | None = None  # SpecialDisplayArtist
    name: str | None = None

    @property
    def is_generative_ai(self) -> bool:
        return self.special == GENERATIVE_AI

    @property
    def label(self) -> str:
        return self.special or self.name or self.party_reference or "display artist"


@record(slots=True)
class Resource(Node):
    kind: str = ""  # SoundRecording, Video, Image, Text, ...
    type: str | None = None  # its Type, e.g. MusicalWorkSoundRecording, FrontCoverImage
    reference: str | None = None
    ids: dict[str, str] = field(default_factory=dict)
    title: str | None = None
    artist: str | None = None
    contains_ai: str | None = None
    contains_ai_el: Any = field(default=None, repr=False, compare=False)
    is_computer_generated: bool | None = None
    is_computer_generated_el: Any = field(default=None, repr=False, compare=False)
    contributors: list[Contributor] = field(default_factory=list)
    display_artists: list[DisplayArtist] = field(default_factory=list)
    _ai_credits: list | None = field(default=None, repr=False, compare=False)

    @property
    def label(self) -> str:
        return f"{self.kind} {self.reference or '(no reference)'}"

    @property
    def ai_credits(self) -> list[Contributor | DisplayArtist]:
        """Contributors and display artists that credit generative AI (read once)."""
        if self._ai_credits is None:
            credits: list = [c for c in self.contributors if c.credits_ai]
            self._ai_credits = credits + [a for a in self.display_artists if a.is_generative_ai]
        return self._ai_credits


@record(slots=True)
class Release(Node):
    kind: str = "Release"  # Release, TrackRelease, ClipRelease
    reference: str | None = None
    ids: dict[str, str] = field(default_factory=dict)
    title: str | None = None
    artist: str | None = None
    release_types: list[str] = field(default_factory=list)
    contains_ai: str | None = None
    contains_ai_el: Any = field(default=None, repr=False, compare=False)
    resource_refs: list[str] = field(default_factory=list)  # in order, without repeats
    display_artists: list[DisplayArtist] = field(default_factory=list)

    @property
    def label(self) -> str:
        return self.reference or f"{self.kind} at line {self.line}"


@record(slots=True)
class Deal(Node):
    """One ``Deal`` of a ``ReleaseDeal``, with the terms rules care about."""

    release_refs: list[str] = field(default_factory=list)
    use_types: list[str] = field(default_factory=list)

    @property
    def training_use_types(self) -> list[str]:
        """The use types that consent to AI training, in a fixed order."""
        return [u for u in TRAINING_USE_TYPES if u in self.use_types]

    # Territories are read only when asked for: a catalogue's deals list hundreds of them.
    @property
    def territories(self) -> list[str]:
        return self._codes("TerritoryCode")

    @property
    def excluded_territories(self) -> list[str]:
        return self._codes("ExcludedTerritoryCode")

    def _codes(self, tag: str) -> list[str]:
        return [
            value
            for terms in self.el.iterchildren("DealTerms")
            for code in terms.iterchildren(tag)
            if (value := text(code))
        ]


@record(slots=True)
class Message:
    version: ErnVersion
    message_type: str
    root: Any = field(repr=False)
    parties: dict[str, Party] = field(default_factory=dict)
    resources: dict[str, Resource] = field(default_factory=dict)
    releases: list[Release] = field(default_factory=list)
    # Only the deals granting a training use type: no rule or summary reads the others.
    deals: list[Deal] = field(default_factory=list)
    _owners: dict[str, tuple[str | None, str | None]] | None = field(default=None, repr=False)
    # What several rules compute from the tree once per file (e.g. the reference index).
    memo: dict = field(default_factory=dict, repr=False)

    @property
    def carries_resources(self) -> bool:
        return self.message_type == NEW_RELEASE

    def anchors(self, kind: str) -> set[str] | dict:
        """References defined in the message: "party", "resource" or "release"."""
        if kind == "party":
            return self.parties
        if kind == "resource":
            return self.resources
        return {r.reference for r in self.releases}

    def resources_of(self, release: Release) -> list[Resource]:
        return [self.resources[r] for r in release.resource_refs if r in self.resources]

    def detach(self) -> None:
        """Drop every element reference, so the parsed tree can be freed; lines and paths
        are no longer available afterwards."""
        nodes: list[Node] = [*self.parties.values(), *self.deals]
        for resource in self.resources.values():
            nodes += [resource, *resource.contributors, *resource.display_artists]
            resource.contains_ai_el = resource.is_computer_generated_el = None
        for release in self.releases:
            nodes += [release, *release.display_artists]
            release.contains_ai_el = None
        for node in nodes:
            node.el = None
        large = len(nodes) > 100_000
        self.root = None
        if large:
            release_freed_memory()

    def owner_of(self, path: str) -> tuple[str | None, str | None]:
        """(release, resource) a path lies in; built on first use, which few files need."""
        if self._owners is None:
            self._owners = owners(self)
        return self._owners.get(owner_key(path), (None, None))


def release_freed_memory() -> None:
    """Give the pages of a freed large tree back to the system (glibc keeps them otherwise)."""
    try:
        import ctypes

        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        pass  # not glibc: nothing to do


def owner_key(path: str) -> str:
    """The part of a path that names a top-level list entry: ``/Root/ResourceList/X[2]``."""
    return "/".join(path.split("/", 4)[:4])


def owners(message: Message) -> dict[str, tuple[str | None, str | None]]:
    found: dict[str, tuple[str | None, str | None]] = {}
    for resource in message.resources.values():
        found[owner_key(resource.path)] = (None, resource.reference)
    for release in message.releases:
        found[owner_key(release.path)] = (release.reference, None)
    known = message.anchors("release")
    for deal_group in message.root.iterfind("DealList/ReleaseDeal"):
        # A deal for one (existing) release concerns it; one for several stays file-level.
        refs = {v for r in deal_group.iterfind("DealReleaseReference") if (v := text(r))}
        if len(refs) == 1 and (release := refs.pop()) in known:
            found[owner_key(path_of(deal_group))] = (release, None)
    return found
