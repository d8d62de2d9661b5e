"""The model of an ERN message that rules work on, built once per file.

Every part keeps its source element (``el``) so that a finding can name its line and path;
paths are computed only when a finding needs one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ddex_ai.model.xml import path_of
from ddex_ai.versions import ErnVersion

GENERATIVE_AI = "GenerativeAI"
# Deal use types that consent to AI training (AVS 9).
TRAINING_USE_TYPES = ("UseForTrainingGenerativeAI", "UseForTrainingNonGenerativeAI")


@dataclass(slots=True)
class Node:
    el: Any = field(repr=False, compare=False)

    @property
    def line(self) -> int | None:
        return self.el.sourceline

    @property
    def path(self) -> str:
        return path_of(self.el)


@dataclass(slots=True)
class Party(Node):
    reference: str | None = None
    name: str | None = None


@dataclass(slots=True)
class Role:
    value: str
    user_defined: str | None = None

    @property
    def label(self) -> str:
        """The role as a person reads it: a user-defined role shows its own name."""
        if self.value == "UserDefined" and self.user_defined:
            return self.user_defined
        return self.value


@dataclass(slots=True)
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


@dataclass(slots=True)
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


@dataclass(slots=True)
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

    @property
    def label(self) -> str:
        return f"{self.kind} {self.reference or '(no reference)'}"

    @property
    def ai_credits(self) -> list[Contributor | DisplayArtist]:
        """Contributors and display artists that credit generative AI."""
        credits: list[Contributor | DisplayArtist] = [c for c in self.contributors if c.credits_ai]
        return credits + [a for a in self.display_artists if a.is_generative_ai]


@dataclass(slots=True)
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


@dataclass(slots=True)
class Deal(Node):
    """One ``Deal`` of a ``ReleaseDeal``, with the terms rules care about."""

    release_refs: list[str] = field(default_factory=list)
    use_types: list[str] = field(default_factory=list)
    territories: list[str] = field(default_factory=list)
    excluded_territories: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Reference(Node):
    """A reference element (e.g. ``ContributorPartyReference``) and the anchor kind it targets."""

    element: str = ""
    target: str = ""  # "party", "resource" or "release"
    value: str = ""


@dataclass(slots=True)
class Message:
    version: ErnVersion
    message_type: str
    root: Any = field(repr=False)
    parties: dict[str, Party] = field(default_factory=dict)
    resources: dict[str, Resource] = field(default_factory=dict)
    releases: list[Release] = field(default_factory=list)
    deals: list[Deal] = field(default_factory=list)
    references: list[Reference] = field(default_factory=list)
    # Anchors defined in the message, by target kind: {"party": {"P1", …}, …}
    anchors: dict[str, set[str]] = field(default_factory=dict)
    # Path of a resource, release or release deal -> (release reference, resource reference).
    owners: dict[str, tuple[str | None, str | None]] = field(default_factory=dict)

    @property
    def carries_resources(self) -> bool:
        return self.message_type == "NewReleaseMessage"

    def resources_of(self, release: Release) -> list[Resource]:
        return [self.resources[r] for r in release.resource_refs if r in self.resources]

    def releases_containing(self, resource_ref: str) -> list[Release]:
        return [r for r in self.releases if resource_ref in r.resource_refs]
