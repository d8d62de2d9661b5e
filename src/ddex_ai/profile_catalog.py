"""The release profiles of DDEX's release profile standard 2.1 and their variants."""

from __future__ import annotations

PROFILE_VERSION = "2.1"

# ReleaseProfileVersionId values, as the message names its profile.
PROFILES = (
    "Audio",
    "SimpleAudioSingle",
    "Video",
    "SimpleVideoSingle",
    "MixedMedia",
    "Ringtone",
    "DjMix",
    "LongFormMusicalWorkVideo",
)
VARIANTS = ("BoxedSet", "Classical")

# ReleaseProfileVariantVersionId values clause 5.2.2 allows, and the variants each names.
VARIANT_IDS = {
    "BoxedSet": ("BoxedSet",),
    "Classical": ("Classical",),
    "BoxedSet Classical": ("BoxedSet", "Classical"),
    "Classical BoxedSet": ("BoxedSet", "Classical"),
}

# Clause 5.1.3: the ReleaseTypes a profile's main release may have.
MAIN_RELEASE_TYPES = {
    "Audio": (
        "Album Bundle ClassicalAlbum ClassicalDigitalBoxedSet DigitalBoxSetRelease Documentary "
        "EBookRelease EP Episode KaraokeRelease MaxiSingle MiniAlbum Playlist Season Series "
        "Single StemBundle UserDefined"
    ),
    "SimpleAudioSingle": "KaraokeRelease Playlist Single SingleResourceRelease UserDefined",
    "Video": (
        "Album Bundle ClassicalAlbum ClassicalDigitalBoxedSet ConcertVideo DigitalBoxSetRelease "
        "Documentary EP Episode LiveEventVideo MaxiSingle MiniAlbum Playlist Season Series "
        "VideoAlbum VideoSingle UserDefined"
    ),
    "SimpleVideoSingle": "Playlist Single SingleResourceRelease UserDefined",
    "MixedMedia": (
        "Album Bundle ClassicalAlbum ClassicalDigitalBoxedSet ClassicalMultimediaAlbum "
        "DigitalBoxSetRelease Documentary EBookRelease EP Episode MaxiSingle MiniAlbum "
        "MultimediaAlbum MultimediaDigitalBoxedSet MultimediaSingle Playlist Season Series "
        "Single UserDefined"
    ),
    "Ringtone": (
        "AlertToneRelease Playlist RingbackToneRelease RingtoneRelease VideoMastertoneRelease "
        "UserDefined"
    ),
    "DjMix": "DjMix Playlist UserDefined",
    "LongFormMusicalWorkVideo": (
        "ConcertVideo DigitalBoxSetRelease Documentary Episode FeatureFilm "
        "LongFormMusicalWorkVideoRelease LongFormNonMusicalWorkVideoRelease Playlist Season "
        "Series UserDefined"
    ),
}
MAIN_RELEASE_TYPES = {
    profile: tuple(types.split()) for profile, types in MAIN_RELEASE_TYPES.items()
}
