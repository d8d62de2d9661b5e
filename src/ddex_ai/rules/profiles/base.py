"""What every release-profile rule shares: its official numbers, its registration, and a
context that reads each ERN 4 version's real paths.

A profile rule is a pure function ``Context -> Iterable[Hit]``. Its docstring says what it
checks; the registration adds why it matters, an example, the official rule numbers per
profile, and how ddex-ai differs from DDEX's Schematron where it does.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterable
from dataclasses import field
from functools import cached_property
from typing import Any

from lxml import etree

from ddex_ai.findings import Hit, Severity
from ddex_ai.model import Message
from ddex_ai.model.index import elements as elements_named
from ddex_ai.model.xml import path_of
from ddex_ai.records import record
from ddex_ai.rules.profiles.official import CLAUSES, OFFICIAL, ROLES
from ddex_ai.rules.registry import REGISTRY, Rule

# Roles of the certification model and the severity each starts from.
ROLE_SEVERITY = {
    "fatal": Severity.ERROR,
    "conditional-fatal": Severity.ERROR,
    "error": Severity.ERROR,
    "conditional-error": Severity.ERROR,
    "warning": Severity.WARNING,
}
ROLE_NAMES = {
    "fatal": "Fatal Error",
    "conditional-fatal": "Conditional Fatal Error",
    "error": "Error",
    "conditional-error": "Conditional Error",
    "warning": "Warning",
}
VARIANTS = ("BoxedSet", "Classical")

ProfileCheckFunction = Callable[["Context"], Iterable[Hit]]
# Attribute scans run in libxml2: a Python walk over every element costs several times more.
_FLAGGED = {
    frozenset(): etree.XPath("//@IsDefault|//@UserDefinedValue"),
    frozenset({"UserDefinedValue"}): etree.XPath("//@IsDefault"),
    frozenset({"IsDefault"}): etree.XPath("//@UserDefinedValue"),
}


@record(frozen=True, slots=True)
class ProfileCheck:
    """The official side of a profile rule."""

    official: dict[str, str]  # profile or variant -> official number ("1001", "G.3")
    roles: dict[str, str]  # sub-rule ("1", "2"; "" for a generic rule) -> role
    clauses: dict[str, str]  # profile -> clause of the release profile standard
    # A conditional rule whose condition ddex-ai cannot know (is the information available?):
    # its findings are info and do not count toward the verdict.
    assessable: bool = True
    deviation: str = ""  # where and why ddex-ai differs from DDEX's Schematron
    versions: str = ""  # how the check reads each ERN 4 version, or where it no longer applies
    # The first ERN version on which ddex-ai reads another place than the Schematron.
    ported: tuple[int, ...] | None = None

    def applies_to(self, profile: str, variants: Iterable[str]) -> bool:
        return profile in self.official or any(v in self.official for v in variants)

    def number(self, profile: str, variants: Iterable[str]) -> str:
        if profile in self.official:
            return self.official[profile]
        return next(self.official[v] for v in variants if v in self.official)

    def same_as_schematron(self, version: tuple[int, ...]) -> bool:
        """Whether ddex-ai reports what DDEX's Schematron reports on that ERN version."""
        return not self.deviation and (self.ported is None or version < self.ported)

    def official_id(self, profile: str, variants: Iterable[str], sub: str | None) -> str:
        """``1001-1`` as the Schematron text names it; ``G.3`` for a generic rule."""
        number = self.number(profile, variants)
        if number.startswith("G."):
            return number
        return f"{number}-{sub or next(iter(self.roles))}"

    def role(self, sub: str | None) -> str:
        return self.roles.get(sub or "", None) or next(iter(self.roles.values()))

    @property
    def counted(self) -> bool:
        """Whether its findings count toward the certification verdict."""
        return self.assessable


def _severity(spec: ProfileCheck) -> Severity:
    if not spec.assessable:
        return Severity.INFO
    return max((ROLE_SEVERITY[r] for r in spec.roles.values()), key=lambda s: s.rank)


def _official_table(spec: ProfileCheck) -> str:
    subs = ", ".join(
        f"{('-' + sub) if sub else ''} {ROLE_NAMES[role]}" for sub, role in spec.roles.items()
    )
    rows = [
        f"| {profile} | {number} | {spec.clauses.get(profile, '')} |"
        for profile, number in sorted(spec.official.items())
    ]
    return (
        f"Role{'s' if len(spec.roles) > 1 else ''}: {subs.strip()}.\n\n"
        "| Profile | Official rule | Clause |\n|---|---|---|\n" + "\n".join(rows)
    )


def profile_rule(
    rule_id: str,
    name: str,
    *,
    why: str,
    example: str,
    assessable: bool = True,
    deviation: str = "",
    versions: str = "",
    ported: tuple[int, ...] | None = None,
) -> Callable[[ProfileCheckFunction], ProfileCheckFunction]:
    """Register a release-profile rule; its docstring says what it checks."""

    def register(check: ProfileCheckFunction) -> ProfileCheckFunction:
        spec = ProfileCheck(
            OFFICIAL[rule_id],
            ROLES[rule_id],
            CLAUSES[rule_id],
            assessable,
            inspect.cleandoc(deviation),
            inspect.cleandoc(versions),
            ported,
        )
        what = inspect.cleandoc(check.__doc__ or "")
        first, _, body = what.partition("\n\n")
        summary = " ".join(first.split())  # the first paragraph, on one line
        where = ", ".join(sorted(spec.official))
        reports = "Reports where " + summary[:1].lower() + summary[1:]
        what = f"{reports}\n\n{body.strip()}" if body.strip() else reports
        doc = [summary, "", "## What it does", what, "", f"Checked for {where}.", ""]
        doc += ["## Why it matters", inspect.cleandoc(why), ""]
        doc += ["## Example", inspect.cleandoc(example), ""]
        if not assessable:
            doc += [
                "## Verdict",
                "A conditional rule: ddex-ai cannot know whether its condition holds (the "
                "information may not exist), so its findings are `info` and, as the "
                "profile allows, do not count toward the certification verdict.",
                "",
            ]
        if spec.deviation:
            doc += ["## Differs from DDEX's Schematron", spec.deviation, ""]
        if spec.versions:
            doc += ["## ERN versions", spec.versions, ""]
        doc += ["## Official rules", _official_table(spec)]
        rule = Rule(rule_id, name, _severity(spec), "\n".join(doc), check, profile=spec)
        if rule_id in REGISTRY:
            raise ValueError(f"rule {rule_id} registered twice")
        REGISTRY[rule_id] = rule
        return check

    return register


def filled(el: Any) -> bool:
    """An element that is there and has text (``string-length(normalize-space()) > 0``)."""
    return el is not None and bool((el.text or "").strip())


def value(el: Any) -> str:
    """The element's text, stripped; "" when missing."""
    return (el.text or "").strip() if el is not None else ""


def at(el: Any, message: str, sub: str | None = None, **where: str | None) -> Hit:
    """A hit at an element, for sub-rule ``sub`` of the rule's official number."""
    return Hit(message, line=el.sourceline, path=path_of(el), sub=sub, **where)


def elements(parent: Any) -> list:
    """Child elements (no comments or processing instructions)."""
    if parent is None:
        return []
    return [child for child in parent if child.tag.__class__ is str]


@record(slots=True)
class Item:
    """A ResourceGroupContentItem as the rules see it."""

    el: Any
    ref: str = ""
    sequenced: bool = False
    bonus: bool = False
    links: list = field(default_factory=list)


@record
class Context:
    """One message seen through one profile (and its variants), with the lookups rules share.

    Lookups follow the version: from ERN 4.3 a SoundRecording's or Video's ResourceId, PLine
    and TechnicalDetails sit in its ``SoundRecordingEdition``/``VideoEdition``; from 4.2
    preview dates sit in ``DealList/ReleaseVisibility``; from 4.3.2 ``FormalTitle`` and
    ``GroupingTitle`` replace ``AdditionalTitle``.
    """

    message: Message
    profile: str
    variants: tuple[str, ...] = ()
    _cache: dict = field(default_factory=dict, repr=False)

    @property
    def root(self) -> Any:
        return self.message.root

    @property
    def version(self) -> tuple[int, ...]:
        return self.message.version.key

    @property
    def editions(self) -> bool:
        """Whether SoundRecording and Video keep ids, PLine and TechnicalDetails in editions."""
        return self.version >= (4, 3)

    def all(self, tag: str) -> list:
        """Every element of that name, in document order (``//tag``)."""
        return elements_named(self.message, tag)

    @cached_property
    def resources(self) -> list:
        return elements(self.root.find("ResourceList"))

    def of_kind(self, *kinds: str) -> list:
        return [r for r in self.resources if r.tag in kinds]

    @cached_property
    def primary(self) -> list:
        """Primary resources: SoundRecordings and Videos not marked IsSupplemental."""
        return [
            r
            for r in self.resources
            if r.tag in ("SoundRecording", "Video") and r.get("IsSupplemental") != "true"
        ]

    @cached_property
    def secondary(self) -> list:
        primary = set(self.primary)
        return [
            r
            for r in self.resources
            if r not in primary
            and r.tag in ("SoundRecording", "Video", "Image", "Text", "SheetMusic", "Software")
        ]

    @cached_property
    def main_releases(self) -> list:
        release_list = self.root.find("ReleaseList")
        return [] if release_list is None else release_list.findall("Release")

    @cached_property
    def track_releases(self) -> list:
        release_list = self.root.find("ReleaseList")
        return [] if release_list is None else release_list.findall("TrackRelease")

    @cached_property
    def content_items(self) -> list:
        return self.all("ResourceGroupContentItem")

    @cached_property
    def items(self) -> list[Item]:
        """Every ResourceGroupContentItem, read once for the rules that look at them."""
        found = []
        for el in self.content_items:
            item = Item(el)
            for child in el:
                tag = child.tag
                if tag == "ReleaseResourceReference":
                    item.ref = value(child)
                elif tag == "SequenceNumber":
                    item.sequenced = True
                elif tag == "IsBonusResource":
                    item.bonus = value(child) == "true"
                elif tag == "LinkedReleaseResourceReference":
                    item.links.append(child)
            found.append(item)
        return found

    @cached_property
    def bonus_refs(self) -> set[str]:
        """Resources a ResourceGroupContentItem marks IsBonusResource."""
        return {item.ref for item in self.items if item.bonus}

    @cached_property
    def sequenced_refs(self) -> set[str]:
        """Resources a ResourceGroupContentItem with a SequenceNumber refers to."""
        return {item.ref for item in self.items if item.sequenced}

    @cached_property
    def _modelled(self) -> dict:
        """Resource element -> its model (built once per file, with ids from every edition)."""
        return {r.el: r for r in self.message.resources.values()}

    @cached_property
    def resource_by_ref(self) -> dict[str, Any]:
        return {self.reference(r): r for r in self.resources}

    def reference(self, el: Any) -> str:
        """A resource's ResourceReference."""
        modelled = self._modelled.get(el)
        if modelled is not None:
            return modelled.reference or ""
        return value(el.find("ResourceReference"))

    def type_of(self, el: Any) -> str:
        modelled = self._modelled.get(el)
        if modelled is not None:
            return modelled.type or ""
        return value(el.find("Type"))

    @cached_property
    def deal_terms(self) -> list:
        return self.root.findall("DealList/ReleaseDeal/Deal/DealTerms")

    @cached_property
    def flagged(self) -> list:
        """Elements with an IsDefault or UserDefinedValue attribute (one scan, in libxml2;
        none for a name the file's bytes never spell, which the loader tells)."""
        absent = self.message.memo.get("absent", frozenset()) & {"IsDefault", "UserDefinedValue"}
        scan = _FLAGGED.get(absent)
        return [] if scan is None else [attribute.getparent() for attribute in scan(self.root)]

    def _edition_children(self, resource: Any, tag: str) -> list:
        if self.editions and resource.tag in ("SoundRecording", "Video"):
            return resource.findall(f"{resource.tag}Edition/{tag}")
        return resource.findall(tag)

    def resource_ids(self, resource: Any) -> list:
        """The resource's ResourceId composites, where the version keeps them."""
        return self._edition_children(resource, "ResourceId")

    def technical_details(self, resource: Any) -> list:
        return self._edition_children(resource, "TechnicalDetails")

    def plines(self, resource: Any) -> list:
        return self._edition_children(resource, "PLine")

    def has_id(self, resource: Any, kind: str) -> bool:
        """Whether the resource has a non-empty id of that kind, where the version keeps ids."""
        modelled = self._modelled.get(resource)
        if modelled is not None:
            return kind in modelled.ids
        return any(filled(i.find(kind)) for i in self.resource_ids(resource))

    def titles(self, el: Any, title_type: str) -> list:
        """FormalTitle or GroupingTitle: elements of their own in 4.3.2, AdditionalTitle
        with that TitleType before."""
        if self.version >= (4, 3, 2):
            return el.findall(title_type)
        return [t for t in el.findall("AdditionalTitle") if t.get("TitleType") == title_type]

    def roles(self, contributor: Any) -> list[str]:
        """A contributor's roles: ``Role`` text, or ``Role/Value`` (4.3.2)."""
        found = []
        for role in contributor.findall("Role"):
            found.append(value(role.find("Value")) if len(role) else value(role))
        return found
