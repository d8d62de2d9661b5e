"""Profile rules about TrackReleases (clauses 5.1.1(b), 5.3.1.3(3), 5.6)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from lxml import etree

from ddex_ai.findings import Hit
from ddex_ai.rules.profiles.base import Context, at, profile_rule, value

WHY = (
    "A TrackRelease is how one track is sold or streamed on its own; DSPs build track pages "
    "from it, so each primary resource needs exactly one, pointing at that resource alone."
)


def _track_resources(ctx: Context) -> list[tuple[object, list[str]]]:
    """Each TrackRelease with the resources it refers to (read once per file)."""
    found = ctx._cache.get("track_resources")
    if found is None:
        found = ctx._cache["track_resources"] = [
            (track, [value(r) for r in track.iterchildren("ReleaseResourceReference")])
            for track in ctx.track_releases
        ]
    return found


def _track_refs(ctx: Context) -> list[str]:
    return [ref for _, refs in _track_resources(ctx) for ref in refs]


@profile_rule(
    "RP045",
    "one-track-release-per-primary",
    why=WHY,
    example="An album of ten tracks with nine TrackReleases.",
)
def one_track_release_per_primary(ctx: Context) -> Iterator[Hit]:
    """A primary resource does not have exactly one TrackRelease."""
    refs = Counter(_track_refs(ctx))
    for resource in ctx.primary:
        count = refs[ctx.reference(resource)]
        if count != 1:
            yield at(
                resource,
                f"{resource.tag} {ctx.reference(resource)} has {count} "
                "TrackReleases; it needs exactly one",
            )


@profile_rule(
    "RP046",
    "track-release-isrc-as-proprietary-id",
    why=WHY,
    example="`<TrackRelease><ReleaseId><ISRC>…` instead of a ProprietaryId.",
)
def track_release_isrc_as_proprietary_id(ctx: Context) -> Iterator[Hit]:
    """A TrackRelease is identified by an ISRC (give it as a ProprietaryId)."""
    for isrc in ctx.all("ISRC"):  # every ISRC is found once per file anyway
        owner = isrc.getparent()
        if owner.tag == "ReleaseId" and owner.getparent().tag == "TrackRelease":
            yield at(isrc, "a TrackRelease's ISRC must be given as a ProprietaryId")


@profile_rule(
    "RP047",
    "track-release-one-resource",
    why=WHY,
    example="A TrackRelease with two `ReleaseResourceReference`s.",
)
def track_release_one_resource(ctx: Context) -> Iterator[Hit]:
    """A TrackRelease does not refer to exactly one resource."""
    for track, refs in _track_resources(ctx):
        count = len(refs)
        if count != 1:
            yield at(track, f"the TrackRelease refers to {count} resources; it must refer to one")


@profile_rule(
    "RP048", "track-release-not-secondary", why=WHY, example="A TrackRelease of the cover image."
)
def track_release_not_secondary(ctx: Context) -> Iterator[Hit]:
    """A TrackRelease refers to a secondary resource."""
    refs = set(_track_refs(ctx))
    for resource in ctx.secondary:
        if ctx.reference(resource) in refs:
            yield at(
                resource,
                f"{resource.tag} {ctx.reference(resource)} is secondary, but a "
                "TrackRelease refers to it",
            )


_TITLED_TRACKS = etree.XPath(
    "ReleaseList/TrackRelease[DisplayTitle or DisplayTitleText or AdditionalTitle"
    " or FormalTitle or GroupingTitle]"
)


def _titles(el, tag: str) -> set[str]:
    return {" ".join("".join(t.itertext()).split()) for t in el.findall(tag)}


@profile_rule(
    "RP049",
    "track-release-title-differs",
    why=WHY,
    example="A TrackRelease repeating its recording's `<DisplayTitleText>`.",
    versions="""
        Sub-rule 3 compares `AdditionalTitle`s up to ERN 4.3, and in 4.3.2 (where
        `AdditionalTitle` is gone) `FormalTitle` and `GroupingTitle`.
    """,
    ported=(4, 3, 2),
)
def track_release_title_differs(ctx: Context) -> Iterator[Hit]:
    """A TrackRelease repeats its resource's DisplayTitle (-1), DisplayTitleText (-2) or
    additional titles (-3): titles belong on a TrackRelease only when they differ."""
    third = ("FormalTitle", "GroupingTitle") if ctx.version >= (4, 3, 2) else ("AdditionalTitle",)
    for track in _TITLED_TRACKS(ctx.root):  # most TrackReleases carry no titles of their own
        for ref in track.findall("ReleaseResourceReference"):
            resource = ctx.resource_by_ref.get(value(ref))
            if resource is None:
                continue
            for sub, tags in (("1", ("DisplayTitle",)), ("2", ("DisplayTitleText",)), ("3", third)):
                for tag in tags:
                    same = _titles(track, tag) & _titles(resource, tag)
                    if same:
                        yield at(
                            track.find(tag),
                            f"the TrackRelease repeats its resource's {tag} {sorted(same)[0]!r}",
                            sub,
                        )
