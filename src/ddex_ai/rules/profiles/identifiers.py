"""Profile rules about identifiers: their shapes (clause 5.3.1.1(4)) and which resources and
releases must carry which (clauses 5.3.1.3, 5.3.1.4). Check digits are ID001-ID007's."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ddex_ai.checkdigits import ISRC_COUNTRY_CODES
from ddex_ai.findings import Hit
from ddex_ai.rules.profiles.base import Context, at, filled, profile_rule

SHAPE_WHY = (
    "Recipients match releases, recordings, works and parties across catalogues by these "
    "identifiers; one of the wrong shape matches nothing, so royalties, charts and AI "
    "credits attach to nothing. ddex-ai's ID rules also verify the check characters."
)
ID_WHY = (
    "Without the identifier the profile requires, the recipient cannot match the resource "
    "or release with its own catalogue, and reporting (sales, streams, royalties) breaks."
)


def _shape(ctx: Context, tag: str, pattern: str, described: str) -> Iterator[Hit]:
    regex = re.compile(pattern)
    for el in ctx.all(tag):
        text = el.text or ""
        if not regex.fullmatch(text):
            yield at(el, f"{tag} {text!r} does not match {described}")


def _shape_rule(rule_id: str, name: str, tag: str, pattern: str, described: str, example: str):
    def check(ctx: Context) -> Iterator[Hit]:
        yield from _shape(ctx, tag, pattern, described)

    article = "An" if tag[0] in "AEIOU" else "A"
    check.__doc__ = f"{article} `{tag}` does not have the shape `{described}`."
    check.__name__ = name.replace("-", "_")
    profile_rule(rule_id, name, why=SHAPE_WHY, example=example)(check)
    return check


_shape_rule(
    "RP001",
    "icpn-shape",
    "ICPN",
    r"[0-9]{8}|[0-9]{12,14}",
    "[0-9]{8} or [0-9]{12,14}",
    "`<ICPN>506000000000X</ICPN>`: an ICPN is 8 or 12 to 14 digits.",
)
_shape_rule(
    "RP003",
    "grid-shape",
    "GRid",
    r"[a-zA-Z0-9]{18}",
    "[a-zA-Z0-9]{18}",
    "`<GRid>A1-2425G-ABC1234002-M</GRid>`: write a GRid without hyphens.",
)
_shape_rule(
    "RP004",
    "sici-shape",
    "SICI",
    r"[0-9]{4}-[0-9]{3}[X0-9].+",
    "[0-9]{4}-[0-9]{3}[X0-9].+",
    "`<SICI>0095-4403</SICI>` lacks the item part.",
)
_shape_rule(
    "RP005",
    "issn-shape",
    "ISSN",
    r"[0-9]{4}-[0-9]{3}[X0-9]",
    "[0-9]{4}-[0-9]{3}[X0-9]",
    "`<ISSN>03178471</ISSN>`: an ISSN is written 0317-8471.",
)
_shape_rule(
    "RP006",
    "isbn-shape",
    "ISBN",
    r"97[8-9][0-9]{9}[X0-9]",
    "97[8-9][0-9]{9}[X0-9]",
    "`<ISBN>0306406152</ISBN>`: give the 13-digit ISBN, 9780306406157.",
)
_shape_rule(
    "RP007",
    "visan-shape",
    "VISAN",
    r"[A-F0-9]{24}",
    "[A-F0-9]{24}",
    "`<VISAN>0000-0000-D07A-0090-Q</VISAN>`: 24 hexadecimal digits, no hyphens.",
)
_shape_rule(
    "RP008",
    "isan-shape",
    "ISAN",
    r"[A-F0-9]{12}",
    "[A-F0-9]{12}",
    "`<ISAN>0000-0000-D07A</ISAN>`: 12 hexadecimal digits, no hyphens.",
)
_shape_rule(
    "RP009",
    "ismn-shape",
    "ISMN",
    r"979[0-9]{9}[X0-9]",
    "979[0-9]{9}[X0-9]",
    "`<ISMN>M230671187</ISMN>`: give the 13-digit ISMN, 9790230671187.",
)
_shape_rule(
    "RP010",
    "iswc-shape",
    "ISWC",
    r"[a-zA-Z][0-9]{10}",
    "[a-zA-Z][0-9]{10}",
    "`<ISWC>T-034.524.680-1</ISWC>`: write T0345246801.",
)


@profile_rule(
    "RP002",
    "isni-shape",
    why=SHAPE_WHY,
    example="`<ISNI>0000 0001 2146 438X</ISNI>`: 16 characters, no spaces.",
    versions="""
        The Schematron reads `PartyId[@IsISNI='true']`, an attribute no ERN 4 version has
        (it is ERN 3's): as published the rule never fires. In every ERN 4 version ddex-ai
        reads the `ISNI` elements (`PartyId/ISNI`, `DetailedPartyId/ISNI`,
        `PartyWithRole/ISNI`) instead.
    """,
    ported=(4, 1),
)
def isni_shape(ctx: Context) -> Iterator[Hit]:
    """An `ISNI` does not have the shape `[0-9]{15}[X0-9]`."""
    yield from _shape(ctx, "ISNI", r"[0-9]{15}[X0-9]", "[0-9]{15}[X0-9]")


@profile_rule(
    "RP011",
    "isrc-shape",
    why=SHAPE_WHY,
    example="`<ISRC>GB-NWR-26-00001</ISRC>` (hyphens) or `<ISRC>XXNWR2600001</ISRC>` "
    "(XX is no country code).",
)
def isrc_shape(ctx: Context) -> Iterator[Hit]:
    """An `ISRC` is not 2 letters, 3 alphanumerics and 7 digits (-1), or does not start with
    an ISO 3166 country code or FX, QM, QZ, UK, CP, DG or ZZ (-2)."""
    regex = re.compile(r"[a-zA-Z]{2}[a-zA-Z0-9]{3}[0-9]{7}")
    for el in ctx.all("ISRC"):
        text = el.text or ""
        if not regex.fullmatch(text):
            yield at(
                el, f"ISRC {text!r} does not match [a-zA-Z]{{2}}[a-zA-Z0-9]{{3}}[0-9]{{7}}", "1"
            )
        if text[:2] not in ISRC_COUNTRY_CODES:
            yield at(el, f"ISRC {text!r} does not start with a country code", "2")


@profile_rule(
    "RP012",
    "user-defined-value",
    why="A user-defined value means nothing without the namespace of whoever defined it, and "
    "it is only read when the element says `UserDefined`.",
    example='`<Value UserDefinedValue="AI voice">UserDefined</Value>` needs '
    '`Namespace="DPID:PADPIDA0000000001X"`.',
)
def user_defined_value(ctx: Context) -> Iterator[Hit]:
    """An element with `UserDefinedValue` does not say `UserDefined` (-1) or has no
    `Namespace` (-2)."""
    for el in ctx.flagged:
        if el.get("UserDefinedValue") is None:
            continue
        text = "".join(el.itertext())
        if "UserDefined" not in (text, el.get("LinkDescription"), el.get("LabelType")):
            yield at(el, f"{el.tag} has a UserDefinedValue but says {text!r}, not UserDefined", "1")
        if el.get("Namespace") is None:
            yield at(el, f"{el.tag} has a UserDefinedValue but no Namespace", "2")


@profile_rule(
    "RP025",
    "main-release-id",
    why=ID_WHY,
    example="`<ReleaseId><CatalogNumber …>NW-001</CatalogNumber></ReleaseId>` alone.",
)
def main_release_id(ctx: Context) -> Iterator[Hit]:
    """The main release has neither a GRid, an ICPN nor a ProprietaryId."""
    for release in ctx.main_releases:
        ids = release.findall("ReleaseId")
        if not any(
            filled(i.find("GRid")) or filled(i.find("ICPN")) or i.find("ProprietaryId") is not None
            for i in ids
        ):
            yield at(release, "the main release has no GRid, ICPN or ProprietaryId")


EDITION_VERSIONS = """
    From ERN 4.3 a SoundRecording's or Video's `ResourceId` sits in its
    `SoundRecordingEdition`/`VideoEdition`; the Schematron reads `ResourceId` under the
    resource and so fires on every 4.3 and 4.3.2 message. ddex-ai reads the editions there.
"""


@profile_rule(
    "RP029",
    "secondary-resource-proprietary-id",
    why=ID_WHY,
    example="An `Image` with `<ResourceId><ISRC>…</ISRC></ResourceId>` but no `ProprietaryId`.",
    versions=EDITION_VERSIONS,
    ported=(4, 3),
)
def secondary_resource_proprietary_id(ctx: Context) -> Iterator[Hit]:
    """A secondary SoundRecording or an Image has no `ProprietaryId`."""
    for resource in ctx.resources:
        supplemental = resource.tag == "SoundRecording" and resource.get("IsSupplemental") == "true"
        if (supplemental or resource.tag == "Image") and not ctx.has_id(resource, "ProprietaryId"):
            yield at(resource, f"{resource.tag} {ctx.reference(resource)} has no ProprietaryId")


@profile_rule(
    "RP058",
    "primary-resource-isrc",
    why=ID_WHY,
    example="A `SoundRecording` whose `ResourceId` holds only a `ProprietaryId`.",
    versions=EDITION_VERSIONS,
    ported=(4, 3),
)
def primary_resource_isrc(ctx: Context) -> Iterator[Hit]:
    """A primary SoundRecording or Video has no ISRC."""
    for resource in ctx.primary:
        if not ctx.has_id(resource, "ISRC"):
            yield at(resource, f"{resource.tag} {ctx.reference(resource)} has no ISRC")


@profile_rule(
    "RP059",
    "bonus-resource-proprietary-id",
    why=ID_WHY,
    example="A bonus video referenced with `<IsBonusResource>true</IsBonusResource>` that has "
    "only an ISRC.",
    versions=EDITION_VERSIONS,
    ported=(4, 3),
)
def bonus_resource_proprietary_id(ctx: Context) -> Iterator[Hit]:
    """A bonus resource has no `ProprietaryId`."""
    for resource in ctx.resources:
        if ctx.reference(resource) in ctx.bonus_refs and not ctx.has_id(resource, "ProprietaryId"):
            yield at(
                resource, f"bonus {resource.tag} {ctx.reference(resource)} has no ProprietaryId"
            )


@profile_rule(
    "RP121",
    "mix-component-isrc",
    why=ID_WHY,
    example="A DJ mix whose `HasContentFrom` component has no ISRC.",
    deviation="""
        Rule 1492 is checked on the SoundRecording that *has* `HasContentFrom` related
        resources (the mix), while its text and clause 5.4.4(6) require the ISRC of the mix
        components. ddex-ai checks each component a mix names.
    """,
    versions=EDITION_VERSIONS,
    ported=(4, 3),
)
def mix_component_isrc(ctx: Context) -> Iterator[Hit]:
    """A mix component (a resource a SoundRecording has content from) has no ISRC."""
    for resource in ctx.of_kind("SoundRecording"):
        for related in resource.findall("RelatedResource"):
            if (related.findtext("ResourceRelationshipType") or "").strip() != "HasContentFrom":
                continue
            ref = (related.findtext("ResourceRelatedResourceReference") or "").strip()
            component = ctx.resource_by_ref.get(ref)
            if component is not None and not ctx.has_id(component, "ISRC"):
                yield at(component, f"mix component {ref} has no ISRC")


def _isrc_or_proprietary(ctx: Context, kind: str) -> Iterator[Hit]:
    for resource in ctx.of_kind(kind):
        if not any(
            i.find("ISRC") is not None or i.find("ProprietaryId") is not None
            for i in ctx.resource_ids(resource)
        ):
            yield at(
                resource, f"{kind} {ctx.reference(resource)} has neither ISRC nor ProprietaryId"
            )


@profile_rule(
    "RP127",
    "video-isrc-or-proprietary-id",
    why=ID_WHY,
    example="A `Video` whose `ResourceId` holds only a `CatalogNumber`.",
    versions=EDITION_VERSIONS,
    ported=(4, 3),
)
def video_isrc_or_proprietary_id(ctx: Context) -> Iterator[Hit]:
    """A Video has neither an ISRC nor a ProprietaryId."""
    yield from _isrc_or_proprietary(ctx, "Video")


@profile_rule(
    "RP144",
    "sound-recording-isrc-or-proprietary-id",
    why=ID_WHY,
    example="A ringtone's `SoundRecording` whose `ResourceId` holds only a `CatalogNumber`.",
    versions=EDITION_VERSIONS,
    ported=(4, 3),
)
def sound_recording_isrc_or_proprietary_id(ctx: Context) -> Iterator[Hit]:
    """A SoundRecording has neither an ISRC nor a ProprietaryId."""
    yield from _isrc_or_proprietary(ctx, "SoundRecording")
