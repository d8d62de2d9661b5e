"""Profile rules about the message as a whole: its profile, variants and main release."""

from __future__ import annotations

from collections.abc import Iterator

from ddex_ai.findings import Hit
from ddex_ai.profile_catalog import MAIN_RELEASE_TYPES, VARIANT_IDS
from ddex_ai.rules.profiles.base import Context, at, profile_rule, value

PROFILE_WHY = (
    "A recipient routes a message to the ingestion rules of the profile it names; a message "
    "checked against one profile but naming another is ingested by the wrong rules."
)


@profile_rule(
    "RP000",
    "one-main-release",
    why="Each profile describes one product: a message with two main releases (or none) is "
    "ambiguous about what is being released, and recipients reject it.",
    example="A `ReleaseList` with two `Release` elements: send them as two messages.",
)
def one_main_release(ctx: Context) -> Iterator[Hit]:
    """The `ReleaseList` does not hold exactly one main `Release`."""
    release_list = ctx.root.find("ReleaseList")
    if release_list is not None and len(ctx.main_releases) != 1:
        yield at(
            release_list,
            f"the ReleaseList holds {len(ctx.main_releases)} main Releases; this profile "
            "needs exactly one",
        )


@profile_rule(
    "RP050",
    "profile-named",
    why=PROFILE_WHY,
    example='`<ern:NewReleaseMessage ReleaseProfileVersionId="Audio" …>` checked with '
    "`--profile Video`.",
)
def profile_named(ctx: Context) -> Iterator[Hit]:
    """The message's `ReleaseProfileVersionId` is not the profile it is checked against.

    Reported only when `--profile` names a profile other than the message's own.
    """
    named = ctx.root.get("ReleaseProfileVersionId")
    if named != ctx.profile:
        said = "missing" if named is None else repr(named)
        yield at(
            ctx.root,
            f"ReleaseProfileVersionId is {said}, but the message is checked against "
            f"{ctx.profile!r}",
        )


@profile_rule(
    "RP051",
    "variant-id-allowed",
    why=PROFILE_WHY,
    example='`ReleaseProfileVariantVersionId="Deluxe"`: only BoxedSet, Classical, '
    '"BoxedSet Classical" and "Classical BoxedSet" exist.',
)
def variant_id_allowed(ctx: Context) -> Iterator[Hit]:
    """`ReleaseProfileVariantVersionId` names no variant of clause 5.2.2."""
    variant = ctx.root.get("ReleaseProfileVariantVersionId")
    if variant is not None and variant not in VARIANT_IDS:
        yield at(ctx.root, f"ReleaseProfileVariantVersionId {variant!r} names no known variant")


@profile_rule(
    "RP055",
    "main-release-type",
    why="The main release's type tells the recipient how to present the product (an album, "
    "a single, a ringtone); each profile lists the types its products can have.",
    example="`<ReleaseType>VideoSingle</ReleaseType>` on an `Audio` message.",
    versions="""
        Rule 1055 (Audio) lists `EBookRelease` and `StemBundle`, which ERN 4.3's allowed
        values lack; the other profiles' lists have the same kind of entries. ddex-ai keeps
        the lists as published: such a value is rejected by the XSD already.
    """,
)
def main_release_type(ctx: Context) -> Iterator[Hit]:
    """The main release's `ReleaseType` is not one the profile allows (clause 5.1.3)."""
    allowed = MAIN_RELEASE_TYPES[ctx.profile]
    for release in ctx.main_releases:
        types = [value(t) for t in release.findall("ReleaseType")]
        if not any(t in allowed for t in types):
            yield at(
                release,
                f"the main release's ReleaseType {', '.join(types) or '(none)'} is not one "
                f"the {ctx.profile} profile allows ({', '.join(allowed)})",
            )


def _variant_named(ctx: Context, variant: str) -> Iterator[Hit]:
    named = ctx.root.get("ReleaseProfileVariantVersionId")
    if variant not in VARIANT_IDS.get(named or "", ()):
        said = "missing" if named is None else repr(named)
        yield at(
            ctx.root,
            f"ReleaseProfileVariantVersionId is {said}, but the message is checked "
            f"against the {variant} variant",
        )


@profile_rule(
    "RP100",
    "boxed-set-variant-named",
    why=PROFILE_WHY,
    example="`--variant BoxedSet` on a message without "
    '`ReleaseProfileVariantVersionId="BoxedSet"`.',
)
def boxed_set_variant_named(ctx: Context) -> Iterator[Hit]:
    """The message is checked against the BoxedSet variant but does not name it."""
    yield from _variant_named(ctx, "BoxedSet")


@profile_rule(
    "RP104",
    "classical-variant-named",
    why=PROFILE_WHY,
    example="`--variant Classical` on a message without "
    '`ReleaseProfileVariantVersionId="Classical"`.',
)
def classical_variant_named(ctx: Context) -> Iterator[Hit]:
    """The message is checked against the Classical variant but does not name it."""
    yield from _variant_named(ctx, "Classical")
