"""The generic profile rules G.1-G.5: every anchor a message defines is referenced."""

from __future__ import annotations

from collections.abc import Iterator

from ddex_ai.findings import Hit
from ddex_ai.model.references import anchor_tags, reference_index
from ddex_ai.rules.profiles.base import Context, at, profile_rule, value

WHY = (
    "An anchor nothing refers to is dead weight at best; usually it is a mistake: a party "
    "meant to be credited, a resource meant to be in the track list, a release without a "
    "deal."
)
DEVIATION = """
    The Schematron counts an anchor as referenced when *any* element whose name ends in
    `Reference` has its value. ddex-ai uses the references the version's XSD defines (the
    table REF001 uses), so only a reference that can point at the anchor counts.
"""


def _unreferenced(ctx: Context, path: str, letter: str, what: str) -> Iterator[Hit]:
    referenced, anchors = reference_index(ctx.message)
    refs = referenced.get(letter, set())
    tag = path.rpartition("/")[2]
    if anchor_tags(ctx.message.version).get(tag) == letter and anchors[letter] <= refs:
        return  # every anchor of this letter, wherever it is, is referenced: these too
    for anchor in ctx.root.iterfind(path):
        if value(anchor) not in refs:
            yield at(anchor, f"{what} {value(anchor)} is not referenced")


@profile_rule(
    "RP033",
    "chapter-referenced",
    why=WHY,
    deviation=DEVIATION,
    example="A `Chapter` that no `VideoChapterReference` names.",
)
def chapter_referenced(ctx: Context) -> Iterator[Hit]:
    """A Chapter's ChapterReference is not referenced."""
    yield from _unreferenced(ctx, "ChapterList/Chapter/ChapterReference", "X", "Chapter")


@profile_rule(
    "RP034",
    "cue-sheet-referenced",
    why=WHY,
    deviation=DEVIATION,
    example="A `CueSheet` that no `VideoCueSheetReference` names.",
)
def cue_sheet_referenced(ctx: Context) -> Iterator[Hit]:
    """A CueSheet's CueSheetReference is not referenced."""
    yield from _unreferenced(ctx, "CueSheetList/CueSheet/CueSheetReference", "Q", "CueSheet")


@profile_rule(
    "RP035",
    "resource-referenced",
    why=WHY,
    deviation=DEVIATION,
    example="A `SoundRecording` that no release's group lists.",
)
def resource_referenced(ctx: Context) -> Iterator[Hit]:
    """A resource's ResourceReference is not referenced."""
    yield from _unreferenced(ctx, "ResourceList/*/ResourceReference", "A", "resource")


@profile_rule(
    "RP036",
    "party-referenced",
    why=WHY,
    example="A `Party` in the `PartyList` that nothing credits.",
    deviation=DEVIATION + "\n(The Schematron also counts elements named `Label` or "
    "`MusicRightsSociety`, which hold names, not references, in ERN 4.)",
)
def party_referenced(ctx: Context) -> Iterator[Hit]:
    """A party's PartyReference is not referenced."""
    yield from _unreferenced(ctx, "PartyList/Party/PartyReference", "P", "party")


@profile_rule(
    "RP037",
    "release-referenced",
    why=WHY,
    deviation=DEVIATION,
    example="A `Release` that no deal names.",
)
def release_referenced(ctx: Context) -> Iterator[Hit]:
    """A release's ReleaseReference is not referenced."""
    yield from _unreferenced(ctx, "ReleaseList/Release/ReleaseReference", "R", "release")
