"""Profile rules about sequencing and resource groups (clauses 5.3.1.2, 5.4, 5.5)."""

from __future__ import annotations

from collections.abc import Iterator

from ddex_ai.findings import Hit
from ddex_ai.rules.profiles.base import Context, at, profile_rule, value
from ddex_ai.rules.registry import fix

# Kinds of ResourceGroup that must be numbered (RP019).
SEQUENCED_GROUPS = ("Component", "ComponentRelease", "Side", "MultiWorkPart")

SEQUENCE_WHY = (
    "The order of artists, discs and tracks is what a DSP shows; without sequence numbers, "
    "or with two items sharing one, the track list or artist credit is shown in an order "
    "nobody chose."
)
GROUP_WHY = (
    "Resource groups are the release's track list: the profile fixes how they nest and what "
    "they hold so that every recipient builds the same discs, sides and works."
)
LINK_WHY = (
    "Cover art and screen captures reach the right place in a store only when they are "
    "linked where the profile says; an unlinked image is shown nowhere, or on the wrong "
    "track."
)


def _group_type(group) -> str | None:
    return group.get("ResourceGroupType")


def _second_level(ctx: Context) -> list:
    return [
        sub
        for r in ctx.main_releases
        for g in r.findall("ResourceGroup")
        for sub in g.findall("ResourceGroup")
    ]


@profile_rule(
    "RP016",
    "display-artist-sequenced",
    why=SEQUENCE_WHY,
    example='`<DisplayArtist>` without `SequenceNumber="1"`.',
)
def display_artist_sequenced(ctx: Context) -> Iterator[Hit]:
    """A `DisplayArtist` has no `SequenceNumber` attribute."""
    for artist in ctx.all("DisplayArtist"):
        if artist.get("SequenceNumber") is None:
            yield at(artist, "DisplayArtist has no SequenceNumber")


@fix("RP016", "safe")
def fix_display_artist_sequenced(message) -> Iterator:
    """Give a DisplayArtist without a SequenceNumber its place among its siblings (document
    order), unless another sibling already has that number."""
    from ddex_ai.fixing.edits import SetAttribute

    parents = {id(a.getparent()): a.getparent() for a in message.root.iter("DisplayArtist")}
    for parent in parents.values():
        artists = list(parent.iterchildren("DisplayArtist"))
        numbers = [a.get("SequenceNumber") for a in artists]
        for place, (artist, number) in enumerate(zip(artists, numbers, strict=True), 1):
            if number is None and str(place) not in numbers:
                yield SetAttribute(artist, "SequenceNumber", str(place))


@profile_rule(
    "RP017",
    "one-main-artist",
    why=SEQUENCE_WHY,
    assessable=False,
    example="Two `DisplayArtist`s of a release, both `<DisplayArtistRole>MainArtist`.",
)
def one_main_artist(ctx: Context) -> Iterator[Hit]:
    """A release or resource has more than one DisplayArtist with role MainArtist.

    The condition (whether the further artists are additional artists) cannot be told from
    the message: co-headlining artists are all main artists.
    """
    for el in [*ctx.main_releases, *ctx.resources]:
        mains = [
            a
            for a in el.findall("DisplayArtist")
            if "".join(a.findtext("DisplayArtistRole") or "").strip() == "MainArtist"
            or value(a.find("DisplayArtistRole/Value")) == "MainArtist"
        ]
        if len(mains) > 1:
            yield at(el, f"{el.tag} has {len(mains)} DisplayArtists with role MainArtist")


@profile_rule(
    "RP018",
    "second-level-group-type",
    why=GROUP_WHY,
    example='`<ResourceGroup ResourceGroupType="MultiWorkPart">` inside the release\'s group, '
    "without a variant.",
)
def second_level_group_type(ctx: Context) -> Iterator[Hit]:
    """A second-level ResourceGroup is neither a Component nor a Side (without a variant)."""
    if ctx.root.get("ReleaseProfileVariantVersionId") is not None:
        return
    for group in _second_level(ctx):
        if _group_type(group) not in ("Component", "Side"):
            yield at(
                group,
                f"a second-level ResourceGroup of type {_group_type(group)!r} must "
                "be a Component or a Side",
            )


@profile_rule(
    "RP019",
    "group-sequenced",
    why=SEQUENCE_WHY,
    example='`<ResourceGroup ResourceGroupType="Component">` (a disc) without `<SequenceNumber>`.',
)
def group_sequenced(ctx: Context) -> Iterator[Hit]:
    """A ResourceGroup of type Component, ComponentRelease, Side or MultiWorkPart has no
    SequenceNumber."""
    for group in ctx.all("ResourceGroup"):
        if _group_type(group) in SEQUENCED_GROUPS and group.find("SequenceNumber") is None:
            yield at(group, f"a ResourceGroup of type {_group_type(group)} has no SequenceNumber")


@fix("RP019", "safe")
def fix_group_sequenced(message) -> Iterator:
    """Give a sequenced kind of ResourceGroup (a disc, a side) without a SequenceNumber its
    place among its sibling groups (document order), unless a sibling has that number."""
    from ddex_ai.fixing.edits import Insert

    parents = {id(g.getparent()): g.getparent() for g in message.root.iter("ResourceGroup")}
    for parent in parents.values():
        groups = list(parent.iterchildren("ResourceGroup"))
        numbers = [(g.findtext("SequenceNumber") or "").strip() or None for g in groups]
        for place, (group, number) in enumerate(zip(groups, numbers, strict=True), 1):
            kind = _group_type(group)
            if number is None and kind in SEQUENCED_GROUPS and str(place) not in numbers:
                yield Insert(group, "SequenceNumber", str(place))


@profile_rule(
    "RP020",
    "primary-resource-sequenced",
    why=SEQUENCE_WHY,
    example="A track's `ResourceGroupContentItem` without `<SequenceNumber>`.",
)
def primary_resource_sequenced(ctx: Context) -> Iterator[Hit]:
    """A primary resource is not sequenced in a ResourceGroupContentItem."""
    sequenced = ctx.sequenced_refs
    for resource in ctx.primary:
        if ctx.reference(resource) not in sequenced:
            yield at(
                resource,
                f"{resource.tag} {ctx.reference(resource)} is not sequenced in a "
                "ResourceGroupContentItem",
            )


@fix("RP020", "safe")
def fix_primary_resource_sequenced(message) -> Iterator:
    """Give a ResourceGroupContentItem without a SequenceNumber its place in its group
    (document order), unless another item of the group already has that number."""
    from ddex_ai.fixing.edits import Insert

    for group in message.root.iter("ResourceGroup"):
        items = list(group.iterchildren("ResourceGroupContentItem"))
        numbers = [(item.findtext("SequenceNumber") or "").strip() or None for item in items]
        for place, (item, number) in enumerate(zip(items, numbers, strict=True), 1):
            if number is None and str(place) not in numbers:
                yield Insert(item, "SequenceNumber", str(place))


@profile_rule(
    "RP021",
    "sequence-numbers-differ",
    why=SEQUENCE_WHY,
    example="Two tracks of one disc, both `<SequenceNumber>3</SequenceNumber>`.",
)
def sequence_numbers_differ(ctx: Context) -> Iterator[Hit]:
    """Two siblings of the same kind share a SequenceNumber."""
    groups: dict = {}
    for number in ctx.all("SequenceNumber"):
        owner = number.getparent()
        holder = owner.getparent()
        if holder is None:
            continue
        groups.setdefault((holder, owner.tag, value(number)), []).append(number)
    for numbers in groups.values():
        if len(numbers) > 1:
            for number in numbers:
                yield at(
                    number,
                    f"{number.getparent().tag} SequenceNumber {value(number)} is "
                    "used more than once here",
                )


@profile_rule(
    "RP022",
    "one-sequence-per-group",
    why=SEQUENCE_WHY,
    example="A group holding a sub-group numbered 1 and a track numbered 1.",
)
def one_sequence_per_group(ctx: Context) -> Iterator[Hit]:
    """A sub-group and a content item of one ResourceGroup share a SequenceNumber."""
    for group in ctx.all("ResourceGroup"):
        items = {value(n) for n in group.findall("ResourceGroupContentItem/SequenceNumber")}
        for number in group.findall("ResourceGroup/SequenceNumber"):
            if value(number) in items:
                yield at(
                    number,
                    f"sub-group SequenceNumber {value(number)} is also a content "
                    "item's: a ResourceGroup has one sequence",
                )


@profile_rule(
    "RP023",
    "secondary-resource-not-sequenced",
    why=SEQUENCE_WHY,
    example="The cover image's content item with `<SequenceNumber>`.",
)
def secondary_resource_not_sequenced(ctx: Context) -> Iterator[Hit]:
    """A secondary resource is sequenced in its ResourceGroupContentItem."""
    secondary = {ctx.reference(r) for r in ctx.secondary}
    for item in ctx.items:
        if item.sequenced and item.ref in secondary:
            yield at(item.el, f"secondary resource {item.ref} is sequenced")


@profile_rule(
    "RP056",
    "bonus-resource-not-sequenced",
    why=SEQUENCE_WHY,
    example="A bonus item with `<IsBonusResource>true</IsBonusResource>` and a `<SequenceNumber>`.",
)
def bonus_resource_not_sequenced(ctx: Context) -> Iterator[Hit]:
    """A bonus resource is sequenced in its ResourceGroupContentItem."""
    for item in ctx.items:
        if item.bonus and item.sequenced:
            yield at(item.el, f"bonus resource {item.ref} is sequenced")


@profile_rule(
    "RP057",
    "front-cover-linked-from-release",
    why=LINK_WHY,
    example="A `FrontCoverImage` referenced from a track's content item instead of "
    "`<LinkedReleaseResourceReference>` of the release's top-level group.",
)
def front_cover_linked_from_release(ctx: Context) -> Iterator[Hit]:
    """A FrontCoverImage is not linked from a release's top-level ResourceGroup."""
    linked = {
        value(link)
        for r in ctx.main_releases
        for link in r.findall("ResourceGroup/LinkedReleaseResourceReference")
    }
    for image in ctx.of_kind("Image"):
        if ctx.type_of(image) == "FrontCoverImage" and ctx.reference(image) not in linked:
            yield at(
                image,
                f"FrontCoverImage {ctx.reference(image)} is not linked from the "
                "release's top-level ResourceGroup",
            )


@profile_rule(
    "RP126",
    "screen-capture-linked",
    why=LINK_WHY,
    example='A `VideoScreenCapture` linked without `LinkDescription="VideoScreenCapture"`.',
)
def screen_capture_linked(ctx: Context) -> Iterator[Hit]:
    """A VideoScreenCapture is not linked from a content item with LinkDescription
    VideoScreenCapture."""
    linked = {
        value(link)
        for item in ctx.items
        for link in item.links
        if link.get("LinkDescription") == "VideoScreenCapture"
    }
    for image in ctx.of_kind("Image"):
        if ctx.type_of(image) == "VideoScreenCapture" and ctx.reference(image) not in linked:
            yield at(
                image,
                f"VideoScreenCapture {ctx.reference(image)} is not linked from a "
                "ResourceGroupContentItem with LinkDescription VideoScreenCapture",
            )


@profile_rule(
    "RP142",
    "no-bonus-resources",
    why=GROUP_WHY,
    example="`<IsBonusResource>true</IsBonusResource>` in a single.",
)
def no_bonus_resources(ctx: Context) -> Iterator[Hit]:
    """A ResourceGroupContentItem is a bonus resource, which this profile does not allow."""
    for item in ctx.items:
        if item.bonus:
            yield at(item.el, "this profile allows no bonus resources")


@profile_rule(
    "RP145",
    "one-resource-group",
    why=GROUP_WHY,
    example="A single with two top-level `ResourceGroup`s.",
)
def one_resource_group(ctx: Context) -> Iterator[Hit]:
    """The main release does not hold exactly one ResourceGroup."""
    for release in ctx.main_releases:
        count = len(release.findall("ResourceGroup"))
        if count != 1:
            yield at(
                release, f"the main release holds {count} ResourceGroups; this profile needs one"
            )


@profile_rule(
    "RP149",
    "one-content-item",
    why=GROUP_WHY,
    example="A single's group listing the track and its cover as two content items.",
)
def one_content_item(ctx: Context) -> Iterator[Hit]:
    """The release's ResourceGroup does not hold exactly one ResourceGroupContentItem."""
    for release in ctx.main_releases:
        for group in release.findall("ResourceGroup"):
            count = len(group.findall("ResourceGroupContentItem"))
            if count != 1:
                yield at(
                    group,
                    f"the release's ResourceGroup holds {count} "
                    "ResourceGroupContentItems; this profile needs one",
                )


def _points_to(ctx: Context, kind: str) -> Iterator[Hit]:
    refs = {ctx.reference(r) for r in ctx.of_kind(kind)}
    for item in ctx.items:
        if item.ref not in refs:
            yield at(
                item.el,
                f"the content item points to {item.ref or '(nothing)'}, not to the release's "
                f"{kind}",
            )


@profile_rule(
    "RP146",
    "content-item-is-the-recording",
    why=GROUP_WHY,
    example="A single's content item pointing to the cover image.",
)
def content_item_is_the_recording(ctx: Context) -> Iterator[Hit]:
    """A ResourceGroupContentItem does not point to the SoundRecording."""
    yield from _points_to(ctx, "SoundRecording")


@profile_rule(
    "RP153",
    "content-item-is-the-video",
    why=GROUP_WHY,
    example="A video single's content item pointing to the screen capture.",
)
def content_item_is_the_video(ctx: Context) -> Iterator[Hit]:
    """A ResourceGroupContentItem does not point to the Video."""
    yield from _points_to(ctx, "Video")


@profile_rule(
    "RP147",
    "image-linked-from-content-item",
    why=LINK_WHY,
    example="A single's cover linked from the group, not from the track's content item.",
)
def image_linked_from_content_item(ctx: Context) -> Iterator[Hit]:
    """An Image is not linked from a ResourceGroupContentItem of the release's group."""
    linked = {
        value(link)
        for r in ctx.main_releases
        for link in r.findall(
            "ResourceGroup/ResourceGroupContentItem/LinkedReleaseResourceReference"
        )
    }
    for image in ctx.of_kind("Image"):
        if ctx.reference(image) not in linked:
            yield at(
                image,
                f"Image {ctx.reference(image)} is not linked from the "
                "ResourceGroupContentItem's LinkedReleaseResourceReference",
            )


def _top_level_refs(ctx: Context) -> set[str]:
    return {
        value(ref)
        for r in ctx.main_releases
        for ref in r.findall("ResourceGroup/ResourceGroupContentItem/ReleaseResourceReference")
    }


def _mixes(ctx: Context, supplemental: bool) -> list:
    return [
        r
        for r in ctx.of_kind("SoundRecording")
        if (r.get("IsSupplemental") == "true") == supplemental
        and ctx.type_of(r) == "MusicalWorkSoundRecording"
    ]


@profile_rule(
    "RP117",
    "mix-in-release",
    why=GROUP_WHY,
    example="A DJ mix whose release's group does not list the mix.",
)
def mix_in_release(ctx: Context) -> Iterator[Hit]:
    """The mix (the primary MusicalWorkSoundRecording) is not listed in the release's
    top-level ResourceGroup."""
    refs = _top_level_refs(ctx)
    for mix in _mixes(ctx, False):
        if ctx.reference(mix) not in refs:
            yield at(
                mix, f"the mix {ctx.reference(mix)} is not listed in the release's ResourceGroup"
            )


@profile_rule(
    "RP118",
    "mix-component-not-in-release",
    why=GROUP_WHY,
    example="A DJ mix whose release lists a component track as a content item.",
)
def mix_component_not_in_release(ctx: Context) -> Iterator[Hit]:
    """A mix component (a secondary MusicalWorkSoundRecording) is listed in the release's
    top-level ResourceGroup."""
    refs = _top_level_refs(ctx)
    for component in _mixes(ctx, True):
        if ctx.reference(component) in refs:
            yield at(
                component,
                f"mix component {ctx.reference(component)} is listed in the "
                "release's ResourceGroup; only the mix is",
            )


@profile_rule(
    "RP119",
    "mix-component-related",
    why=GROUP_WHY,
    example="A component track no `HasContentFrom` of the mix points to.",
)
def mix_component_related(ctx: Context) -> Iterator[Hit]:
    """A mix component is not named by the mix's RelatedResource of type HasContentFrom."""
    named = {
        value(related.find("ResourceRelatedResourceReference"))
        for mix in ctx.of_kind("SoundRecording")
        if mix.get("IsSupplemental") != "true"
        for related in mix.findall("RelatedResource")
        if value(related.find("ResourceRelationshipType")) == "HasContentFrom"
    }
    for component in _mixes(ctx, True):
        if ctx.reference(component) not in named:
            yield at(
                component,
                f"mix component {ctx.reference(component)} is not named by the "
                "mix's RelatedResource (HasContentFrom)",
            )


@profile_rule(
    "RP120",
    "mix-component-timing",
    why=GROUP_WHY,
    example="`<RelatedResource>` of type HasContentFrom without `<Timing><StartPoint>`.",
)
def mix_component_timing(ctx: Context) -> Iterator[Hit]:
    """A HasContentFrom RelatedResource has no Timing StartPoint and DurationUsed."""
    for recording in ctx.of_kind("SoundRecording"):
        for related in recording.findall("RelatedResource"):
            if value(related.find("ResourceRelationshipType")) != "HasContentFrom":
                continue
            if (
                related.find("Timing/StartPoint") is None
                or related.find("Timing/DurationUsed") is None
            ):
                yield at(
                    related,
                    "a HasContentFrom RelatedResource needs Timing/StartPoint and "
                    "Timing/DurationUsed",
                )


# --- variants -------------------------------------------------------------------------------


def _variant_second_level(ctx: Context, allowed: tuple[str, ...], variant: str) -> Iterator[Hit]:
    for group in _second_level(ctx):
        if _group_type(group) not in allowed:
            yield at(
                group,
                f"in a {variant} release a second-level ResourceGroup is "
                f"{', '.join(allowed)}, not {_group_type(group)!r}",
            )


VARIANT_GROUP_DEVIATION = """
    The Schematron applies this rule only when `ReleaseProfileVariantVersionId` is exactly
    the one variant, not "BoxedSet Classical"; ddex-ai applies it whenever the variant is
    checked.
"""


@profile_rule(
    "RP101",
    "boxed-set-second-level-group-type",
    why=GROUP_WHY,
    example='A boxed set\'s disc group of type "MultiWorkPart".',
    deviation=VARIANT_GROUP_DEVIATION,
)
def boxed_set_second_level_group_type(ctx: Context) -> Iterator[Hit]:
    """In a boxed set, a second-level ResourceGroup is not a Component, Side,
    ComponentRelease or ReleaseComponent."""
    yield from _variant_second_level(
        ctx, ("Component", "Side", "ComponentRelease", "ReleaseComponent"), "BoxedSet"
    )


@profile_rule(
    "RP102",
    "boxed-set-components",
    why=GROUP_WHY,
    example="A boxed set with one `ResourceGroup` of type ReleaseComponent.",
)
def boxed_set_components(ctx: Context) -> Iterator[Hit]:
    """A boxed set holds fewer than two ResourceGroups of type ReleaseComponent."""
    for release in ctx.main_releases:
        count = sum(
            1 for g in release.iter("ResourceGroup") if _group_type(g) == "ReleaseComponent"
        )
        if count < 2:
            yield at(
                release,
                f"a boxed set needs at least two ResourceGroups of type "
                f"ReleaseComponent; this one has {count}",
            )


@profile_rule(
    "RP103",
    "boxed-set-component-id",
    why=GROUP_WHY,
    example="A ReleaseComponent group without `<ReleaseId><ICPN>…`.",
    deviation="""
        Rule 1546 reads only top-level groups (`Release/ResourceGroup[...]`), while rule 1544
        puts the ReleaseComponent groups of a boxed set at the second level, where the
        Schematron never looks. ddex-ai checks every ReleaseComponent group.
    """,
)
def boxed_set_component_id(ctx: Context) -> Iterator[Hit]:
    """A boxed set's ReleaseComponent group has no ReleaseId (-1), or one with neither GRid
    nor ICPN (-2)."""
    for release in ctx.main_releases:
        for group in release.iter("ResourceGroup"):
            if _group_type(group) != "ReleaseComponent":
                continue
            ids = group.findall("ReleaseId")
            if not ids:
                yield at(group, "a ReleaseComponent group has no ReleaseId", "1")
            if not any(value(i.find("GRid")) or value(i.find("ICPN")) for i in ids):
                yield at(group, "a ReleaseComponent group has no GRid or ICPN", "2")


@profile_rule(
    "RP105",
    "classical-second-level-group-type",
    why=GROUP_WHY,
    example='A classical album\'s second-level group of type "ReleaseComponent".',
    deviation=VARIANT_GROUP_DEVIATION,
)
def classical_second_level_group_type(ctx: Context) -> Iterator[Hit]:
    """In a classical release, a second-level ResourceGroup is not a Component, Side or
    MultiWorkPart."""
    yield from _variant_second_level(ctx, ("Component", "Side", "MultiWorkPart"), "Classical")


def _multi_work_parts(ctx: Context) -> list:
    return [g for g in ctx.all("ResourceGroup") if _group_type(g) == "MultiWorkPart"]


@profile_rule(
    "RP107",
    "classical-multi-work-part",
    why=GROUP_WHY,
    example="A classical album whose works are not grouped as MultiWorkPart.",
)
def classical_multi_work_part(ctx: Context) -> Iterator[Hit]:
    """A classical release holds no ResourceGroup of type MultiWorkPart."""
    for release in ctx.main_releases:
        if not any(_group_type(g) == "MultiWorkPart" for g in release.iter("ResourceGroup")):
            yield at(release, "a classical release needs a ResourceGroup of type MultiWorkPart")


@profile_rule(
    "RP108",
    "classical-work-parts",
    why=GROUP_WHY,
    example="A MultiWorkPart group holding one movement.",
)
def classical_work_parts(ctx: Context) -> Iterator[Hit]:
    """A MultiWorkPart ResourceGroup holds fewer than two ResourceGroupContentItems."""
    for group in _multi_work_parts(ctx):
        if len(group.findall("ResourceGroupContentItem")) < 2:
            yield at(group, "a MultiWorkPart ResourceGroup needs at least two content items")


@profile_rule(
    "RP109",
    "classical-groups-not-mixed",
    why=GROUP_WHY,
    example="A disc group holding a MultiWorkPart group and a Component group.",
)
def classical_groups_not_mixed(ctx: Context) -> Iterator[Hit]:
    """A ResourceGroup holds both MultiWorkPart groups and groups of another type."""
    for group in ctx.all("ResourceGroup"):
        types = {_group_type(g) for g in group.findall("ResourceGroup")}
        if "MultiWorkPart" in types and types - {"MultiWorkPart"}:
            yield at(
                group, "a ResourceGroup holds MultiWorkPart groups beside groups of another type"
            )


TITLE_DEVIATION = """
    The Schematron selects `ResourceGroup[ResourceGroupType='MultiWorkPart']`, a child
    element no ERN version has (`ResourceGroupType` is an attribute), so as published the
    rule never fires. ddex-ai reads the attribute.
"""
TITLE_VERSIONS = """
    Up to ERN 4.3 the title is an `AdditionalTitle` with that `TitleType`; in 4.3.2, where
    `AdditionalTitle` is gone, it is a `FormalTitle` or `GroupingTitle` element.
"""


def _work_part_resources(ctx: Context) -> list:
    refs = {
        value(ref)
        for g in _multi_work_parts(ctx)
        for ref in g.findall("ResourceGroupContentItem/ReleaseResourceReference")
    }
    return [r for r in ctx.resources if ctx.reference(r) in refs]


@profile_rule(
    "RP110",
    "classical-resource-formal-title",
    why=GROUP_WHY,
    example="A movement without its work's formal title.",
    deviation=TITLE_DEVIATION,
    versions=TITLE_VERSIONS,
)
def classical_resource_formal_title(ctx: Context) -> Iterator[Hit]:
    """A resource of a MultiWorkPart group has no FormalTitle."""
    for resource in _work_part_resources(ctx):
        if not ctx.titles(resource, "FormalTitle"):
            yield at(
                resource,
                f"{resource.tag} {ctx.reference(resource)} of a multi-part work has no FormalTitle",
            )


@profile_rule(
    "RP111",
    "classical-resource-grouping-title",
    why=GROUP_WHY,
    example="A movement without the grouping title of its work.",
    deviation=TITLE_DEVIATION,
    versions=TITLE_VERSIONS,
)
def classical_resource_grouping_title(ctx: Context) -> Iterator[Hit]:
    """A resource of a MultiWorkPart group has no GroupingTitle."""
    for resource in _work_part_resources(ctx):
        if not ctx.titles(resource, "GroupingTitle"):
            yield at(
                resource,
                f"{resource.tag} {ctx.reference(resource)} of a multi-part work "
                "has no GroupingTitle",
            )


def _titled_groups(ctx: Context) -> list:
    return [g for g in _multi_work_parts(ctx) if len(g.findall("ResourceGroupContentItem")) > 1]


@profile_rule(
    "RP112",
    "classical-group-display-title",
    why=GROUP_WHY,
    example="A MultiWorkPart group (a symphony) without `<DisplayTitleText>`.",
    deviation=TITLE_DEVIATION,
)
def classical_group_display_title(ctx: Context) -> Iterator[Hit]:
    """A MultiWorkPart group of several parts has neither DisplayTitle nor DisplayTitleText."""
    for group in _titled_groups(ctx):
        if group.find("DisplayTitle") is None and group.find("DisplayTitleText") is None:
            yield at(group, "a MultiWorkPart ResourceGroup has no DisplayTitle or DisplayTitleText")


@profile_rule(
    "RP113",
    "classical-group-formal-title",
    why=GROUP_WHY,
    example="A MultiWorkPart group without the work's formal title.",
    deviation=TITLE_DEVIATION,
    versions=TITLE_VERSIONS,
)
def classical_group_formal_title(ctx: Context) -> Iterator[Hit]:
    """A MultiWorkPart group of several parts has no FormalTitle."""
    for group in _titled_groups(ctx):
        if not ctx.titles(group, "FormalTitle"):
            yield at(group, "a MultiWorkPart ResourceGroup has no FormalTitle")
