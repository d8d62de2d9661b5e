"""One ERN 4.3.2 case per AI rule that triggers it, and near-misses that must not.

``python tests/make_rule_fixtures.py`` writes them to ``fixtures/ern432/rules/``; the tests
check both that the committed files are current and what each one reports.
Expectations: rule id -> sorted ``(resource, release)`` of its findings; ``[]`` means the rule
must not fire.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from ernbuilder import GENAI, Credit, Deal, Delivery, Resource, album, single

AI_RULES = [f"AI{n:03d}" for n in range(1, 13)]


@dataclass
class Case:
    name: str
    comment: str
    build: Callable[[], Delivery]
    expect: dict[str, list[tuple[str | None, str | None]]] = field(default_factory=dict)
    policy: str | None = None  # a policy pack the case is checked with (default: ddex)


def _ai_single(contains_ai: str = "Partly") -> Delivery:
    """A single whose track credits GenerativeAI as a vocalist, declared consistently."""
    d = single()
    track = d.resource("A1")
    track.contains_ai = contains_ai
    track.credits.append(Credit(GENAI, ["BackgroundVocalist"]))
    d.release().contains_ai = contains_ai if contains_ai != "None" else "Partly"
    return d


def ai001() -> Delivery:
    d = _ai_single("All")
    track = d.resource("A1")
    track.credits = [
        Credit(GENAI, ["ComposerLyricist", "LeadVocalist"]),
        Credit("PProducer", ["StudioProducer"]),
    ]
    d.release().contains_ai = "Partly"  # the cover is human-made
    return d


def ai001_ok() -> Delivery:
    d = ai001()
    d.resource("A1").credits.pop()  # only AI credits left; the display artist stays a person
    return d


def ai002() -> Delivery:
    d = single()
    d.resource("A1").credits.append(Credit(GENAI, ["BackgroundVocalist"]))
    return d


def ai002_ok() -> Delivery:
    d = single()
    for credit in d.resource("A1").credits:
        credit.ai = "None"  # explicit "no AI" on every person
    return d


def ai003() -> Delivery:
    d = _ai_single()
    d.resource("A1").credit(GENAI).ai = "Partly"
    return d


def ai003_ok() -> Delivery:
    d = _ai_single()
    d.resource("A1").credit(GENAI).ai = "All"
    d.resource("A1").credits.append(Credit(GENAI, ["Programmer"]))  # All by default
    return d


def ai004() -> Delivery:
    d = _ai_single()
    d.resource("A1").credit("PProducer").ai = "All"
    return d


def ai004_ok() -> Delivery:
    """The issue's near-miss: AI and a person credited for the same role on a Partly track."""
    d = _ai_single()
    track = d.resource("A1")
    track.credits = [
        Credit("PArtist", ["LeadVocalist"], ai="Partly"),
        Credit(GENAI, ["LeadVocalist"]),
        Credit("PWriter", ["ComposerLyricist"], ai="None"),
    ]
    return d


def ai005() -> Delivery:
    d = album(tracks=3)
    track = d.resource("A2")
    track.contains_ai = "Partly"
    track.credits.append(Credit(GENAI, ["BackgroundVocalist"]))
    d.release().contains_ai = "None"
    return d


def ai005_ok() -> Delivery:
    """The issue's near-miss: AI artwork on a release of human tracks, release Partly."""
    d = album(tracks=3)
    cover = d.resource("A4")
    cover.contains_ai = "All"
    cover.credits = [Credit(GENAI, ["GraphicArtist"])]
    d.release().contains_ai = "Partly"
    return d


def ai006() -> Delivery:
    d = _ai_single()
    d.resource("A1").contains_ai = None
    return d


def ai007() -> Delivery:
    d = _ai_single()
    d.resource("A1").credit(GENAI).roles = []
    return d


def ai008() -> Delivery:
    d = single()
    d.resource("A1").contains_ai = None
    return d


def ai008_ok() -> Delivery:
    d = single()
    d.resource("A2").contains_ai = None  # artwork need not declare (AI008 is for audio/video)
    return d


def ai009() -> Delivery:
    d = album(tracks=2)
    d.release().contains_ai = None
    return d


def ai012() -> Delivery:
    d = album(tracks=2)
    d.deals.append(
        Deal(["R0", "R1"], ["UseForTrainingGenerativeAI"], ["GB", "IE"], "FreeOfChargeModel")
    )
    return d


def ai012_excluded() -> Delivery:
    d = single()
    d.deals.append(
        Deal(["R0"], ["UseForTrainingNonGenerativeAI"], [], "FreeOfChargeModel", ["US", "CN"])
    )
    return d


def clean_mixed() -> Delivery:
    """Every kind of AI credit, declared consistently: no finding of any AI rule."""
    d = album(tracks=3)
    d.resources[1] = Resource(
        "A2",
        title="Borrowed Voice",
        isrc="GBNWR2690002",
        contains_ai="Partly",
        credits=[
            Credit("PArtist", ["LeadVocalist"], ai="None"),
            Credit(GENAI, ["BackgroundVocalist"]),
            Credit("PProducer", ["StudioProducer"], ai="Partly"),
        ],
        artists=["PArtist"],
    )
    d.resources[2] = Resource(
        "A3",
        title="Machine Lullaby",
        isrc="GBNWR2690003",
        contains_ai="All",
        credits=[
            Credit(GENAI, ["Composer", "Vocalist"]),
            Credit(GENAI, ["MixingEngineer"], edition=True),
        ],
        artists=["PArtist", GENAI],
    )
    d.release().contains_ai = "Partly"
    return d


def ai013() -> Delivery:
    d = _ai_single()
    d.resource("A1").credits.append(Credit(GENAI, ["UserDefined:AI voice double"]))
    return d


# None of the resource and release rules of 4.3.1+ fires.
NONE_OF = {rule: [] for rule in AI_RULES[:9]}

CASES = [
    Case(
        "AI001", "a track declared All credits a human producer", ai001, {"AI001": [("A1", None)]}
    ),
    Case(
        "AI001_ok",
        "a track declared All credits only GenerativeAI; its display artist is a person",
        ai001_ok,
        {"AI001": []},
    ),
    Case(
        "AI002",
        "a track declared None credits a GenerativeAI background vocalist",
        ai002,
        {"AI002": [("A1", None)]},
    ),
    Case(
        "AI002_ok",
        "a track declared None whose people all declare AiContribution None",
        ai002_ok,
        {"AI002": []},
    ),
    Case(
        "AI003",
        "a GenerativeAI contributor declares AiContribution Partly",
        ai003,
        {"AI003": [("A1", None)]},
    ),
    Case(
        "AI003_ok",
        "GenerativeAI contributors with AiContribution All, and with none (All by default)",
        ai003_ok,
        {"AI003": []},
    ),
    Case(
        "AI004",
        "a producer (a person) declares AiContribution All",
        ai004,
        {"AI004": [("A1", None)]},
    ),
    Case(
        "AI004_ok",
        "a Partly track crediting a GenerativeAI vocalist and a human vocalist for one role",
        ai004_ok,
        NONE_OF,
    ),
    Case(
        "AI005",
        "an album declared None contains a track declared Partly",
        ai005,
        {"AI005": [(None, "R0")]},
    ),
    Case(
        "AI005_ok",
        "AI cover art on an album of human tracks, album declared Partly",
        ai005_ok,
        NONE_OF,
    ),
    Case(
        "AI006",
        "a track credits GenerativeAI but declares no ContainsAI",
        ai006,
        {"AI006": [("A1", None)], "AI008": [("A1", None)]},
    ),
    Case("AI007", "a GenerativeAI contributor without any Role", ai007, {"AI007": [("A1", None)]}),
    Case(
        "AI008",
        "a track that declares no ContainsAI",
        ai008,
        {"AI008": [("A1", None)], "AI006": []},
    ),
    Case(
        "AI008_ok",
        "cover art that declares no ContainsAI (only audio and video must)",
        ai008_ok,
        NONE_OF,
    ),
    Case(
        "AI009",
        "an album that declares no ContainsAI (its track releases cannot)",
        ai009,
        {"AI009": [(None, "R0")]},
    ),
    Case(
        "AI012",
        "a deal grants UseForTrainingGenerativeAI for two releases in GB and IE",
        ai012,
        {"AI012": [(None, "R0"), (None, "R1")]},
    ),
    Case(
        "AI012_excluded",
        "a deal grants UseForTrainingNonGenerativeAI worldwide except US and CN",
        ai012_excluded,
        {"AI012": [(None, "R0")]},
    ),
    Case(
        "AI013",
        "a GenerativeAI credit with a free-text (UserDefined) role, which Spotify refuses",
        ai013,
        {"AI013": [("A1", None)], **NONE_OF},
        policy="spotify",
    ),
    Case(
        "clean_mixed",
        "human, partly-AI and fully-AI tracks, all declared consistently",
        clean_mixed,
        {rule: [] for rule in AI_RULES},
    ),
]
