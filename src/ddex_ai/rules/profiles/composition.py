"""Profile rules about what a release of the profile consists of (clauses 5.1.1, 5.1.2)."""

from __future__ import annotations

from collections.abc import Iterator

from ddex_ai.findings import Hit
from ddex_ai.rules.profiles.base import Context, at, profile_rule, value

WHY = (
    "A profile fixes what a product of its kind contains, so that a DSP can present it "
    "without guessing; a message outside that shape is rejected or shown wrongly (an album "
    "without cover art, a video single with two videos)."
)


def _resource_list(ctx: Context):
    return ctx.root.find("ResourceList")


def _typed(ctx: Context, kind: str, types: tuple[str, ...], supplemental: bool | None = None):
    found = []
    for resource in ctx.of_kind(kind):
        if supplemental is not None and (resource.get("IsSupplemental") == "true") != supplemental:
            continue
        if ctx.type_of(resource) in types:
            found.append(resource)
    return found


def _needs(ctx: Context, kind: str, types: tuple[str, ...], what: str) -> Iterator[Hit]:
    resource_list = _resource_list(ctx)
    if resource_list is not None and not _typed(ctx, kind, types):
        yield at(resource_list, f"the ResourceList holds no {what}")


def _exactly(ctx: Context, kind: str, types: tuple[str, ...], what: str, n: int = 1):
    resource_list = _resource_list(ctx)
    found = _typed(ctx, kind, types) if types else ctx.of_kind(kind)
    if resource_list is not None and len(found) != n:
        yield at(
            resource_list, f"the ResourceList holds {len(found)} {what}; this profile needs {n}"
        )


def _rule(rule_id: str, name: str, doc: str, example: str, check):
    check.__doc__ = doc
    check.__name__ = name.replace("-", "_")
    profile_rule(rule_id, name, why=WHY, example=example)(check)


WORK_RECORDINGS = ("MusicalWorkSoundRecording", "NonMusicalWorkSoundRecording")
_rule(
    "RP052",
    "musical-work-sound-recording",
    "The release holds no SoundRecording of type MusicalWorkSoundRecording or "
    "NonMusicalWorkSoundRecording.",
    "An Audio album whose only SoundRecording is a `SpokenWordSoundRecording`.",
    lambda ctx: _needs(
        ctx,
        "SoundRecording",
        WORK_RECORDINGS,
        "MusicalWorkSoundRecording or NonMusicalWorkSoundRecording",
    ),
)
_rule(
    "RP053",
    "one-front-cover-image",
    "The release does not hold exactly one Image of type FrontCoverImage.",
    "An album with no `Image` of `<Type>FrontCoverImage</Type>`, or with two.",
    lambda ctx: _exactly(ctx, "Image", ("FrontCoverImage",), "Images of type FrontCoverImage"),
)
_rule(
    "RP106",
    "classical-musical-work-sound-recording",
    "A classical release holds no SoundRecording of type MusicalWorkSoundRecording.",
    "A classical album whose recordings are all `NonMusicalWorkSoundRecording`.",
    lambda ctx: _needs(
        ctx, "SoundRecording", ("MusicalWorkSoundRecording",), "MusicalWorkSoundRecording"
    ),
)
_rule(
    "RP115",
    "one-primary-mix",
    "A DJ mix does not hold exactly one primary SoundRecording of type "
    "MusicalWorkSoundRecording (the mix).",
    "A `DjMix` message whose two primary recordings are both mixes.",
    lambda ctx: (
        at(
            _resource_list(ctx),
            f"the ResourceList holds {n} primary MusicalWorkSoundRecordings; "
            "a DJ mix needs exactly one",
        )
        for n in [len(_typed(ctx, "SoundRecording", ("MusicalWorkSoundRecording",), False))]
        if _resource_list(ctx) is not None and n != 1
    ),
)
_rule(
    "RP116",
    "two-mix-components",
    "A DJ mix holds fewer than two secondary SoundRecordings of type "
    "MusicalWorkSoundRecording (its components).",
    "A `DjMix` message with one supplemental recording.",
    lambda ctx: (
        at(
            _resource_list(ctx),
            f"the ResourceList holds {n} secondary "
            "MusicalWorkSoundRecordings; a DJ mix needs at least two",
        )
        for n in [len(_typed(ctx, "SoundRecording", ("MusicalWorkSoundRecording",), True))]
        if _resource_list(ctx) is not None and n < 2
    ),
)
LONG_FORM = ("LongFormMusicalWorkVideo", "ConcertVideo")
_rule(
    "RP122",
    "one-long-form-video",
    "A long-form release does not hold exactly one Video of type LongFormMusicalWorkVideo "
    "or ConcertVideo.",
    "A `LongFormMusicalWorkVideo` message whose video is a `ShortFormMusicalWorkVideo`.",
    lambda ctx: _exactly(
        ctx, "Video", LONG_FORM, "Videos of type LongFormMusicalWorkVideo or ConcertVideo"
    ),
)
_rule(
    "RP123",
    "long-form-video-type",
    "A long-form release holds no Video of type LongFormMusicalWorkVideo, ConcertVideo, "
    "MusicalWorkTrailer or NonMusicalWorkTrailer.",
    "A `LongFormMusicalWorkVideo` message whose only video is a `ShortFormMusicalWorkVideo`.",
    lambda ctx: _needs(
        ctx,
        "Video",
        (*LONG_FORM, "MusicalWorkTrailer", "NonMusicalWorkTrailer"),
        "Video of type LongFormMusicalWorkVideo, ConcertVideo, MusicalWorkTrailer "
        "or NonMusicalWorkTrailer",
    ),
)
_rule(
    "RP124",
    "one-cover-or-poster",
    "A long-form release does not hold exactly one Image of type FrontCoverImage or Poster.",
    "A concert film with both a `FrontCoverImage` and a `Poster`.",
    lambda ctx: _exactly(
        ctx, "Image", ("FrontCoverImage", "Poster"), "Images of type FrontCoverImage or Poster"
    ),
)
_rule(
    "RP125",
    "long-form-image-type",
    "A long-form release holds no Image of type FrontCoverImage, Poster or VideoScreenCapture.",
    "A concert film with no image at all.",
    lambda ctx: _needs(
        ctx,
        "Image",
        ("FrontCoverImage", "Poster", "VideoScreenCapture"),
        "Image of type FrontCoverImage, Poster or VideoScreenCapture",
    ),
)
_rule(
    "RP137",
    "short-form-video",
    "The release holds no Video of type ShortFormMusicalWorkVideo.",
    "A `Video` message whose only video is a `LongFormMusicalWorkVideo`.",
    lambda ctx: _needs(
        ctx, "Video", ("ShortFormMusicalWorkVideo",), "Video of type ShortFormMusicalWorkVideo"
    ),
)
_rule(
    "RP138",
    "one-sound-recording",
    "The release does not hold exactly one SoundRecording.",
    "A `SimpleAudioSingle` with two recordings: use the `Audio` profile.",
    lambda ctx: _exactly(ctx, "SoundRecording", (), "SoundRecordings"),
)
_rule(
    "RP139",
    "ringtone-sound-recording-type",
    "A ringtone holds no SoundRecording of type MusicalWorkSoundRecording, "
    "NonMusicalWorkSoundRecording or SpokenWordSoundRecording.",
    "A ringtone whose recording is of type `UserDefined`.",
    lambda ctx: _needs(
        ctx,
        "SoundRecording",
        (*WORK_RECORDINGS, "SpokenWordSoundRecording"),
        "SoundRecording of type MusicalWorkSoundRecording, "
        "NonMusicalWorkSoundRecording or SpokenWordSoundRecording",
    ),
)
_rule(
    "RP140",
    "at-most-one-image",
    "The release holds more than one Image.",
    "A single with a front cover and a back cover image.",
    lambda ctx: (
        at(_resource_list(ctx), f"the ResourceList holds {n} Images; this profile allows one")
        for n in [len(ctx.of_kind("Image"))]
        if _resource_list(ctx) is not None and n > 1
    ),
)
_rule(
    "RP141",
    "front-cover-image",
    "The release holds no Image of type FrontCoverImage.",
    "A single whose only image is a `VideoScreenCapture`.",
    lambda ctx: _needs(ctx, "Image", ("FrontCoverImage",), "Image of type FrontCoverImage"),
)
_rule(
    "RP143",
    "no-text-sheet-music-software",
    "The release holds a Text, SheetMusic or Software resource, which this profile does not "
    "allow (they could only be bonus resources).",
    "A single with a `Text` resource of lyrics.",
    lambda ctx: (
        at(r, f"{r.tag} {ctx.reference(r)}: this profile allows no Text, SheetMusic or Software")
        for r in ctx.of_kind("Text", "SheetMusic", "Software")[:1]
    ),
)
_rule(
    "RP151",
    "one-video",
    "A video single does not hold exactly one Video.",
    "A `SimpleVideoSingle` with a video and its trailer.",
    lambda ctx: _exactly(ctx, "Video", (), "Videos"),
)
_rule(
    "RP152",
    "video-single-image-type",
    "A video single holds no Image of type FrontCoverImage or VideoScreenCapture.",
    "A video single whose only image is a `Poster`.",
    lambda ctx: _needs(
        ctx,
        "Image",
        ("FrontCoverImage", "VideoScreenCapture"),
        "Image of type FrontCoverImage or VideoScreenCapture",
    ),
)
_rule(
    "RP154",
    "video-album-front-cover",
    "A video release with other than one Video does not hold exactly one FrontCoverImage.",
    "A video album of ten videos with no `FrontCoverImage`.",
    lambda ctx: (
        hit
        for hit in _exactly(ctx, "Image", ("FrontCoverImage",), "Images of type FrontCoverImage")
        if len(ctx.of_kind("Video")) != 1
    ),
)
_rule(
    "RP155",
    "video-single-no-front-cover",
    "A video release with one Video holds an Image of type FrontCoverImage (a single video "
    "shows a screen capture).",
    "A one-video `Video` message with a `FrontCoverImage`.",
    lambda ctx: (
        at(
            image,
            f"Image {ctx.reference(image)} is a FrontCoverImage, which a release of one "
            "Video must not hold",
        )
        for image in _typed(ctx, "Image", ("FrontCoverImage",))[:1]
        if len(ctx.of_kind("Video")) == 1
    ),
)


@profile_rule(
    "RP054",
    "text-sheet-music-software-bonus",
    why=WHY,
    example="A `Text` (a booklet) referenced without `<IsBonusResource>true</IsBonusResource>`.",
    deviation="""
        Rule 1054 (and 1115, 1177, 1415, 1482) *reports* a Text, SheetMusic or Software that
        **is** a bonus resource, while its message and clause 5.1.2 say that such resources
        must be bonus resources. ddex-ai implements the clause: it reports those that are not.
    """,
)
def text_sheet_music_software_bonus(ctx: Context) -> Iterator[Hit]:
    """A Text, SheetMusic or Software resource is not a bonus resource."""
    for resource in ctx.of_kind("Text", "SheetMusic", "Software"):
        if ctx.reference(resource) not in ctx.bonus_refs:
            yield at(
                resource,
                f"{resource.tag} {ctx.reference(resource)} must be a bonus resource "
                "(IsBonusResource true in its ResourceGroupContentItem)",
            )


@profile_rule(
    "RP114",
    "no-track-releases",
    why=WHY,
    example="A `SimpleAudioSingle` with a `TrackRelease`: the single itself is the track.",
)
def no_track_releases(ctx: Context) -> Iterator[Hit]:
    """The release list holds a TrackRelease, which this profile does not allow."""
    for track in ctx.track_releases[:1]:
        yield at(track, "this profile allows no TrackRelease")


@profile_rule(
    "RP136",
    "feature-film-poster",
    why=WHY,
    example="A `FeatureFilm` release with a `FrontCoverImage` but no `Poster`.",
)
def feature_film_poster(ctx: Context) -> Iterator[Hit]:
    """A feature film holds no Image of type Poster."""
    films = [
        r
        for r in ctx.main_releases
        if any(value(t) == "FeatureFilm" for t in r.findall("ReleaseType"))
    ]
    if films and not _typed(ctx, "Image", ("Poster",)):
        yield at(films[0], "a FeatureFilm release needs an Image of type Poster")
