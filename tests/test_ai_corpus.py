"""A varied corpus of valid 4.3.2 deliveries, each with one planted defect.

Six release profiles shaped like DDEX's samples (single, album, video single, mixed media, DJ
mix, classical) x one defect per rule. Every defect must be reported under its rule id, at the
right resource or release and on the line of the offending element; nothing else may be an
error or a warning, and the same deliveries without a defect must be clean.
"""

from __future__ import annotations

import pytest

from conftest import needs_schemas
from ddex_ai.findings import Severity
from ernbuilder import GENAI, PROFILES, Credit, Deal, Delivery, render

# The resource each defect is planted in, and the profile's artwork.
TARGET = {
    "single": "A1",
    "album": "A5",
    "video_single": "A1",
    "mixed_media": "A3",
    "dj_mix": "A1",
    "classical": "A4",
}
ARTWORK = {
    "single": "A2",
    "album": "A11",
    "video_single": "A2",
    "mixed_media": "A5",
    "dj_mix": "A6",
    "classical": "A7",
}


def _ai_credit(d: Delivery, ref: str, contains_ai: str = "Partly") -> None:
    """Make a resource AI-assisted, consistently: a GenerativeAI credit, release Partly."""
    resource = d.resource(ref)
    resource.contains_ai = contains_ai
    resource.credits.append(Credit(GENAI, ["BackgroundVocalist"]))
    d.release().contains_ai = "Partly"


def plant_ai001(d, target, art):
    resource = d.resource(target)
    resource.contains_ai = "All"
    resource.credits = [resource.credits[0], Credit(GENAI, ["Composer", "Vocalist"])]
    d.release().contains_ai = "Partly"
    return [("AI001", target, None)]


def plant_ai001_artwork(d, target, art):
    cover = d.resource(art)
    cover.contains_ai = "All"
    cover.credits = [Credit(GENAI, ["GraphicArtist"]), Credit("PProducer", ["Photographer"])]
    d.release().contains_ai = "Partly"
    return [("AI001", art, None)]


def plant_ai002(d, target, art):
    d.resource(target).credits.append(Credit(GENAI, ["BackgroundVocalist"]))
    return [("AI002", target, None)]


def plant_ai002_display_artist(d, target, art):
    d.resource(target).artists.append(GENAI)
    return [("AI002", target, None)]


def plant_ai003(d, target, art):
    _ai_credit(d, target)
    d.resource(target).credit(GENAI).ai = "None"
    return [("AI003", target, None)]


def plant_ai004(d, target, art):
    _ai_credit(d, target)
    d.resource(target).credits[0].ai = "All"
    return [("AI004", target, None)]


def plant_ai005(d, target, art):
    _ai_credit(d, target)
    d.release().contains_ai = "None"
    return [("AI005", None, "R0")]


def plant_ai005_all(d, target, art):
    _ai_credit(d, target, "All")
    d.resource(target).credits = [Credit(GENAI, ["Composer", "Vocalist"])]
    d.release().contains_ai = "All"  # but the artwork declares None
    return [("AI005", None, "R0")]


def plant_ai006(d, target, art):
    _ai_credit(d, target)
    d.resource(target).contains_ai = None
    return [("AI006", target, None), ("AI008", target, None)]


def plant_ai007(d, target, art):
    _ai_credit(d, target)
    d.resource(target).credit(GENAI).roles = []
    return [("AI007", target, None)]


def plant_ai008(d, target, art):
    d.resource(target).contains_ai = None
    return [("AI008", target, None)]


def plant_ai009(d, target, art):
    d.release().contains_ai = None
    return [("AI009", None, "R0")]


def plant_ai012(d, target, art):
    d.deals.append(Deal(["R0"], ["UseForTrainingNonGenerativeAI"], ["DE"], "FreeOfChargeModel"))
    return [("AI012", None, "R0")]


def plant_ref001(d, target, art):
    d.resource(target).credits[0].who = "PNobody"
    return [("REF001", target, None)]


DEFECTS = {name[len("plant_") :]: fn for name, fn in globals().items() if name.startswith("plant_")}

# What the line of each finding must show: the offending element.
LINE_SHOWS = {
    "AI001": "Contributor",
    "AI002": "GenerativeAI",
    "AI003": "<AiContribution>None",
    "AI004": "<AiContribution>All",
    "AI005": "<ContainsAI>",
    "AI006": "<",
    "AI007": "<SpecialContributor>GenerativeAI",
    "AI008": "<",
    "AI009": "<Release>",
    "AI012": "<Deal>",
    "REF001": "PNobody",
}
RESOURCE_START = {"AI006", "AI008"}


def _check(checker, tmp_path, delivery: Delivery, name: str):
    path = tmp_path / f"{name}.xml"
    xml = render(delivery)
    path.write_text(xml, encoding="utf-8")
    return checker.check_path(str(path)), xml.splitlines()


@needs_schemas
@pytest.mark.parametrize("profile", PROFILES)
@pytest.mark.parametrize("defect", DEFECTS)
def test_planted_defect_is_reported_where_it_is(checker, tmp_path, profile, defect):
    delivery = PROFILES[profile](seed=len(defect))
    planted = DEFECTS[defect](delivery, TARGET[profile], ARTWORK[profile])
    result, lines = _check(checker, tmp_path, delivery, f"{profile}-{defect}")
    found = {(f.rule, f.resource, f.release) for f in result.findings}
    assert set(planted) <= found
    loud = {
        (f.rule, f.resource, f.release)
        for f in result.findings
        if f.severity in (Severity.ERROR, Severity.WARNING)
    }
    assert loud <= set(planted), "a finding that was not planted"
    assert "XSD001" not in {f.rule for f in result.findings}  # still a schema-valid file
    for finding in result.findings:
        if (finding.rule, finding.resource, finding.release) not in planted:
            continue
        shown = lines[finding.line - 1]
        if finding.rule in RESOURCE_START:
            kind = delivery.resource(finding.resource).kind
            assert f"<{kind}>" in shown
        else:
            assert LINE_SHOWS[finding.rule] in shown, (finding, shown)


def _ai_clean(d: Delivery, target: str, art: str) -> None:
    """AI used and declared as the standard asks: AI and a person credited per role."""
    _ai_credit(d, target)
    d.resource(target).credits[0].ai = "Partly"
    cover = d.resource(art)
    cover.contains_ai = "All"
    cover.credits = [Credit(GENAI, ["GraphicArtist"])]


@needs_schemas
@pytest.mark.parametrize("profile", PROFILES)
@pytest.mark.parametrize("variant", ["human", "ai-assisted"])
def test_clean_deliveries_are_clean(checker, tmp_path, profile, variant):
    delivery = PROFILES[profile]()
    if variant == "ai-assisted":
        _ai_clean(delivery, TARGET[profile], ARTWORK[profile])
    result, _ = _check(checker, tmp_path, delivery, f"{profile}-{variant}")
    assert result.findings == []
    (album,) = [r for r in result.releases if r.kind == "Release"]
    expected = "None" if variant == "human" else "Partly"
    assert album.disclosure.effective == expected == album.disclosure.declared
