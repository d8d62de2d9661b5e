"""Profile rules about resources' and releases' descriptive details (clauses 5.3.1, 5.4.1-3)."""

from __future__ import annotations

from collections.abc import Iterator

from ddex_ai.findings import Hit
from ddex_ai.rules.profiles.base import Context, at, filled, profile_rule, value

DETAIL_WHY = (
    "These details are what DSPs display and what rights reporting relies on: a value the "
    "profile bounds or requires, missing or out of range, is shown wrongly or reported "
    "against the wrong party."
)
CONDITIONAL = "Conditional: reported as info (see Verdict)."


@profile_rule(
    "RP013",
    "right-share-percentage",
    why=DETAIL_WHY,
    example="`<RightSharePercentage>150</RightSharePercentage>`.",
    deviation="""
        Rule 1013's test compares *every* `RightSharePercentage` of the document at once
        (`//RightSharePercentage > 0 and //RightSharePercentage < 100`), so one valid share
        hides an invalid one and a single 100 % share fails. ddex-ai checks each share and
        accepts 100: a share must be above 0 and at most 100.
    """,
)
def right_share_percentage(ctx: Context) -> Iterator[Hit]:
    """A `RightSharePercentage` is not above 0 and at most 100."""
    for share in ctx.all("RightSharePercentage"):
        try:
            amount = float(value(share))
        except ValueError:
            amount = None
        if amount is None or not 0 < amount <= 100:
            yield at(share, f"RightSharePercentage {value(share)!r} is not above 0 and at most 100")


@profile_rule(
    "RP014",
    "one-default",
    why=DETAIL_WHY,
    example='Two `<DisplayTitle IsDefault="true">` of one release.',
    deviation="""
        Rule 1014 requires exactly one sibling with `IsDefault="true"` wherever any sibling
        has an `IsDefault` attribute, so a lone `IsDefault="false"` fails. The clause
        (5.3.1.1(7.2)) only forbids giving the flag as true more than once; ddex-ai checks
        that.
    """,
)
def one_default(ctx: Context) -> Iterator[Hit]:
    """More than one sibling of the same name says `IsDefault="true"`."""
    seen: dict = {}
    for el in ctx.flagged:
        if el.get("IsDefault") != "true":
            continue
        seen.setdefault((el.getparent(), el.tag), []).append(el)
    for elements in seen.values():
        if len(elements) > 1:
            for el in elements:
                yield at(el, f"{len(elements)} {el.tag} siblings say IsDefault true; one may")


CREATOR_ROLES = {
    "Adapter",
    "Arranger",
    "Author",
    "Composer",
    "ComposerLyricist",
    "Librettist",
    "Lyricist",
    "NonLyricAuthor",
    "SubArranger",
    "Translator",
}


@profile_rule(
    "RP015",
    "creators-credited",
    why=DETAIL_WHY,
    assessable=False,
    example="A recording credited only to its performers, with no `Composer` or `Lyricist`.",
    deviation="""
        Rule 1015 is meant per resource, but its test searches the whole document
        (`//Contributor[…]`): one credited composer anywhere satisfies it for every
        recording. ddex-ai checks each primary resource's own contributors (4.3.2 roles in
        `Role/Value` included).
    """,
)
def creators_credited(ctx: Context) -> Iterator[Hit]:
    """A primary resource credits no writer (Composer, Lyricist, Arranger, …)."""
    for resource in ctx.primary:
        contributors = [
            *resource.findall("Contributor"),
            *resource.findall(f"{resource.tag}Edition/EditionContributor"),
        ]
        if not any(CREATOR_ROLES & set(ctx.roles(c)) for c in contributors):
            yield at(
                resource,
                f"{resource.tag} {ctx.reference(resource)} credits no composer, "
                "lyricist, arranger or other writer",
            )


@profile_rule(
    "RP024",
    "cue-timed",
    why=DETAIL_WHY,
    example="A `<Cue>` with neither `<StartTime>` nor `<Duration>`.",
)
def cue_timed(ctx: Context) -> Iterator[Hit]:
    """A Cue has neither a StartTime nor a Duration."""
    for cue in ctx.all("Cue"):
        if not filled(cue.find("StartTime")) and not filled(cue.find("Duration")):
            yield at(cue, "the Cue has no StartTime or Duration")


@profile_rule(
    "RP026",
    "release-c-line",
    why=DETAIL_WHY,
    assessable=False,
    example="A `Release` without `<CLine>`.",
)
def release_c_line(ctx: Context) -> Iterator[Hit]:
    """The main release has no CLine."""
    for release in ctx.main_releases:
        if release.find("CLine") is None:
            yield at(release, "the main release has no CLine")


@profile_rule(
    "RP027",
    "release-date",
    why=DETAIL_WHY,
    assessable=False,
    example="A `Release` with neither `<ReleaseDate>` nor `<OriginalReleaseDate>`.",
)
def release_date(ctx: Context) -> Iterator[Hit]:
    """The main release has neither a ReleaseDate nor an OriginalReleaseDate."""
    for release in ctx.main_releases:
        if release.find("ReleaseDate") is None and release.find("OriginalReleaseDate") is None:
            yield at(release, "the main release has no ReleaseDate or OriginalReleaseDate")


@profile_rule(
    "RP028",
    "side-only-physical",
    why=DETAIL_WHY,
    example='A download-only album with `ResourceGroupType="Side"` groups.',
    deviation="""
        Rule 1028's test path (`*:NewReleaseMessage/DealList/…` from a `Release`) can never
        match, so it fires on every release of a message with a Side group. ddex-ai
        implements the clause: a release with a Side group needs a deal of UseType
        PurchaseAsPhysicalProduct. A message without a `DealList` cannot say, and is not
        reported.
    """,
)
def side_only_physical(ctx: Context) -> Iterator[Hit]:
    """A release with a Side ResourceGroup has no deal of UseType PurchaseAsPhysicalProduct."""
    sided = [
        r
        for r in ctx.main_releases
        if any(g.get("ResourceGroupType") == "Side" for g in r.iter("ResourceGroup"))
    ]
    if not sided or ctx.root.find("DealList") is None:
        return
    physical = {
        value(ref)
        for deal in ctx.root.iterfind("DealList/ReleaseDeal")
        if any(
            value(u) == "PurchaseAsPhysicalProduct" for u in deal.iterfind("Deal/DealTerms/UseType")
        )
        for ref in deal.findall("DealReleaseReference")
    }
    for release in sided:
        sides = [g for g in release.iter("ResourceGroup") if g.get("ResourceGroupType") == "Side"]
        if sides and value(release.find("ReleaseReference")) not in physical:
            yield at(
                sides[0], "a Side ResourceGroup in a release with no PurchaseAsPhysicalProduct deal"
            )


@profile_rule(
    "RP030",
    "contributor-once",
    why=DETAIL_WHY,
    example="Two `Contributor`s of one recording with the same "
    "`ContributorPartyReference`: give one with two `Role`s.",
)
def contributor_once(ctx: Context) -> Iterator[Hit]:
    """A resource credits the same party in two Contributor elements."""
    for resource in ctx.message.resources.values():
        refs = [c.party_reference for c in resource.contributors if c.party_reference]
        if len(refs) == len(set(refs)):
            continue  # the common case, decided without a loop in Python
        seen: set[str] = set()
        for contributor in resource.contributors:
            ref = contributor.party_reference
            if ref is None or contributor.element != "Contributor":
                continue
            if ref in seen:
                yield at(
                    contributor.el,
                    f"{ref} is credited twice on {resource.reference}; "
                    "give one Contributor with several roles",
                )
            seen.add(ref)


@profile_rule(
    "RP031",
    "first-publication-date",
    why=DETAIL_WHY,
    assessable=False,
    example="A recording without `<FirstPublicationDate>`.",
)
def first_publication_date(ctx: Context) -> Iterator[Hit]:
    """A primary resource has no FirstPublicationDate."""
    for resource in ctx.primary:
        if resource.find("FirstPublicationDate") is None:
            yield at(
                resource, f"{resource.tag} {ctx.reference(resource)} has no FirstPublicationDate"
            )


@profile_rule(
    "RP032",
    "technical-details-and-file",
    why=DETAIL_WHY,
    assessable=False,
    example="A recording with `TechnicalDetails` delivered without its audio file.",
    versions="""
        From ERN 4.3 `TechnicalDetails` of a SoundRecording or Video sit in its edition;
        ddex-ai reads them there (the Schematron does not, and reports 1032-2 on every
        4.3 recording).
    """,
    ported=(4, 3),
)
def technical_details_and_file(ctx: Context) -> Iterator[Hit]:
    """A resource has TechnicalDetails, so its file should come with the message (-1); or
    has none, so no file should (-2). Whether a file comes cannot be seen in the message."""
    for resource in ctx.resources:
        if ctx.technical_details(resource):
            yield at(
                resource,
                f"{resource.tag} {ctx.reference(resource)} has TechnicalDetails: "
                "its file should be delivered",
                "1",
            )
        else:
            yield at(
                resource,
                f"{resource.tag} {ctx.reference(resource)} has no "
                "TechnicalDetails: no file should be delivered",
                "2",
            )


def _chapters(ctx: Context) -> list:
    return ctx.root.findall("ChapterList/Chapter")


@profile_rule("RP128", "chapter-id", why=DETAIL_WHY, example="A `<Chapter>` without `<ChapterId>`.")
def chapter_id(ctx: Context) -> Iterator[Hit]:
    """A Chapter has no ChapterId."""
    for chapter in _chapters(ctx):
        if chapter.find("ChapterId") is None:
            yield at(chapter, "the Chapter has no ChapterId")


@profile_rule(
    "RP129", "chapter-start", why=DETAIL_WHY, example="A `<Chapter>` without `<StartTime>`."
)
def chapter_start(ctx: Context) -> Iterator[Hit]:
    """A Chapter has no StartTime."""
    for chapter in _chapters(ctx):
        if chapter.find("StartTime") is None:
            yield at(chapter, "the Chapter has no StartTime")


@profile_rule(
    "RP130",
    "chapter-image-is-screen-capture",
    why=DETAIL_WHY,
    example="A chapter's `RepresentativeImageReference` pointing to the poster.",
)
def chapter_image_is_screen_capture(ctx: Context) -> Iterator[Hit]:
    """A Chapter's RepresentativeImageReference does not point to a VideoScreenCapture."""
    captures = {
        ctx.reference(i) for i in ctx.of_kind("Image") if ctx.type_of(i) == "VideoScreenCapture"
    }
    for chapter in _chapters(ctx):
        for ref in chapter.findall("RepresentativeImageReference"):
            if value(ref) not in captures:
                yield at(ref, f"RepresentativeImageReference {value(ref)} is no VideoScreenCapture")


@profile_rule(
    "RP131",
    "cue-sheet-or-reason",
    why=DETAIL_WHY,
    example="A concert video with neither `VideoCueSheetReference` nor `ReasonForCueSheetAbsence`.",
)
def cue_sheet_or_reason(ctx: Context) -> Iterator[Hit]:
    """A primary long-form Video has neither a VideoCueSheetReference nor a
    ReasonForCueSheetAbsence."""
    for video in ctx.primary:
        if (
            video.tag == "Video"
            and ctx.type_of(video) in ("LongFormMusicalWorkVideo", "ConcertVideo")
            and video.find("VideoCueSheetReference") is None
            and video.find("ReasonForCueSheetAbsence") is None
        ):
            yield at(
                video,
                f"Video {ctx.reference(video)} has no VideoCueSheetReference or "
                "ReasonForCueSheetAbsence",
            )


@profile_rule(
    "RP132",
    "long-form-cue-timed",
    why=DETAIL_WHY,
    example="A `<Cue>` with neither `<StartTime>` nor `<Duration>`.",
)
def long_form_cue_timed(ctx: Context) -> Iterator[Hit]:
    """A Cue has neither a StartTime nor a Duration element."""
    for cue in ctx.all("Cue"):
        if cue.find("StartTime") is None and cue.find("Duration") is None:
            yield at(cue, "the Cue has no StartTime or Duration")


@profile_rule(
    "RP133",
    "cue-isrc-or-iswc",
    why=DETAIL_WHY,
    example="A `<Cue>` naming neither the recording's ISRC nor the work's ISWC.",
)
def cue_isrc_or_iswc(ctx: Context) -> Iterator[Hit]:
    """A Cue has neither an ISRC nor an ISWC."""
    for cue in ctx.all("Cue"):
        if not filled(cue.find("ResourceId/ISRC")) and not filled(cue.find("WorkId/ISWC")):
            yield at(cue, "the Cue has no ISRC or ISWC")


@profile_rule(
    "RP134", "cue-contributor", why=DETAIL_WHY, example="A `<Cue>` without `<Contributor>`."
)
def cue_contributor(ctx: Context) -> Iterator[Hit]:
    """A Cue has no Contributor."""
    for cue in ctx.all("Cue"):
        if cue.find("Contributor") is None:
            yield at(cue, "the Cue has no Contributor")


@profile_rule(
    "RP135", "cue-p-line", why=DETAIL_WHY, example="A `<Cue>` with an ISRC but no `<PLine>`."
)
def cue_p_line(ctx: Context) -> Iterator[Hit]:
    """A Cue with an ISRC has no PLine."""
    for cue in ctx.all("Cue"):
        if cue.find("ResourceId/ISRC") is not None and cue.find("PLine") is None:
            yield at(cue, "the Cue has an ISRC but no PLine")


@profile_rule(
    "RP148",
    "ringtone-from-release",
    why=DETAIL_WHY,
    assessable=False,
    example="A ringtone without `<RelatedRelease>` of type IsReleaseFromRelease.",
)
def ringtone_from_release(ctx: Context) -> Iterator[Hit]:
    """A ringtone names no release it is taken from (RelatedRelease IsReleaseFromRelease)."""
    for release in ctx.main_releases:
        if not any(
            value(r.find("ReleaseRelationshipType")) == "IsReleaseFromRelease"
            for r in release.findall("RelatedRelease")
        ):
            yield at(release, "the ringtone has no RelatedRelease of type IsReleaseFromRelease")


@profile_rule(
    "RP150",
    "rights-controller-details",
    why=DETAIL_WHY,
    assessable=False,
    example="A `ResourceRightsController` without its role and share.",
    deviation="""
        Rule 1363 (SimpleAudioSingle; 1303 SimpleVideoSingle) asks a
        `ResourceRightsController` for `Territory` (-1), `StartDate` (-3) and `EndDate`
        (-4), elements no ERN 4 version has there: they cannot be given, so ddex-ai does
        not check them. It checks the role (-2) and the share (-5, `RightSharePercentage`
        or `RightShareUnknown`).
    """,
    versions="""
        The role is `RightsControllerRole` in ERN 4.1 and 4.1.1 and `RightsControlType`
        from 4.2.
    """,
    ported=(4, 2),
)
def rights_controller_details(ctx: Context) -> Iterator[Hit]:
    """A ResourceRightsController gives no role (-2) or no share (-5)."""
    role = "RightsControllerRole" if ctx.version < (4, 2) else "RightsControlType"
    for controller in ctx.all("ResourceRightsController"):
        if controller.find(role) is None:
            yield at(controller, f"the ResourceRightsController has no {role}", "2")
        if (
            controller.find("RightSharePercentage") is None
            and controller.find("RightShareUnknown") is None
        ):
            yield at(controller, "the ResourceRightsController has no RightSharePercentage", "5")
