"""One case per release-profile rule and identifier rule: a profile-conformant delivery from
``ernbuilder`` with one defect planted, and the official rule ids it must then fail.

``expect``: the official ids (``profile_rule``) the case's rule must report. ``also``: the
other profile or identifier rules the defect necessarily breaks too (removing a cover also
leaves it unlinked). ``on``: the rule is off in the default policy (a conditional rule
ddex-ai cannot assess) and is turned on for the case. ``profile``/``variants``: what to
check against instead of what the message names.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass

from lxml import etree

import ernbuilder as b


@dataclass
class ProfileCase:
    rule: str
    base: Callable[[], b.Delivery]
    edit: Callable[[etree._Element], None]
    expect: set[str]
    also: frozenset[str] = frozenset()
    on: bool = False
    profile: str | None = None
    variants: tuple[str, ...] = ()

    @property
    def name(self) -> str:
        return self.rule

    def xml(self) -> bytes:
        root = etree.fromstring(b.render(self.base()).encode())
        self.edit(root)
        return etree.tostring(root.getroottree(), xml_declaration=True, encoding="UTF-8")


# --- editing helpers ------------------------------------------------------------------------


def find(root, path: str):
    found = root.find(path)
    assert found is not None, f"no {path}"
    return found


def drop(*paths: str):
    def edit(root):
        for path in paths:
            el = find(root, path)
            el.getparent().remove(el)

    return edit


def put_text(path: str, value: str):
    def edit(root):
        find(root, path).text = value

    return edit


def put_attr(path: str, name: str, value: str | None):
    def edit(root):
        el = find(root, path)
        if value is None:
            del el.attrib[name]
        else:
            el.set(name, value)

    return edit


def add(path: str, snippet: str, index: int | None = None):
    def edit(root):
        parent = find(root, path)
        new = etree.fromstring(snippet)
        if index is None:
            parent.append(new)
        else:
            parent.insert(index, new)

    return edit


def duplicate(path: str, **texts: str):
    """A copy of the element after it, with children's texts replaced (``ResourceReference``)."""

    def edit(root):
        el = find(root, path)
        twin = copy.deepcopy(el)
        for tag, value in texts.items():
            for child in twin.iter(tag):
                child.text = value
        el.addnext(twin)

    return edit


def every(path: str, edit_one: Callable):
    def edit(root):
        for el in root.iterfind(path):
            edit_one(el)

    return edit


def steps(*edits: Callable):
    def edit(root):
        for one in edits:
            one(root)

    return edit


def boxed_set() -> b.Delivery:
    """An album whose two discs are component releases with their own ICPNs."""
    d = b.album(4)
    release = d.release()
    release.groups = [["A1", "A2"], ["A3", "A4"]]
    d.variant = "BoxedSet"
    return d


def _boxed(root) -> None:
    for n, group in enumerate(root.iterfind("ReleaseList/Release/ResourceGroup/ResourceGroup")):
        group.set("ResourceGroupType", "ReleaseComponent")
        ids = etree.fromstring(f"<ReleaseId><ICPN>{b.ean13(f'50602000000{n}')}</ICPN></ReleaseId>")
        group.find("SequenceNumber").addnext(ids)


def boxed(edit: Callable | None = None):
    return steps(_boxed, edit) if edit else _boxed


SR1 = "ResourceList/SoundRecording"
EDITION_ID = "ResourceList/SoundRecording/SoundRecordingEdition/ResourceId"
IMAGE = "ResourceList/Image"
RELEASE = "ReleaseList/Release"
GROUP = "ReleaseList/Release/ResourceGroup"
ITEM = "ReleaseList/Release/ResourceGroup/ResourceGroupContentItem"
SUB = "ReleaseList/Release/ResourceGroup/ResourceGroup"
TRACK = "ReleaseList/TrackRelease"
TERMS = "DealList/ReleaseDeal/Deal/DealTerms"
VIDEO = "ResourceList/Video"
CUE = (
    "<CueSheetList><CueSheet><CueSheetReference>Q1</CueSheetReference>"
    "<CueSheetType>MusicalWorkReadoutCueSheet</CueSheetType>{}</CueSheet></CueSheetList>"
)
CUE_ISRC = "<ResourceId><ISRC>GBNWR2600001</ISRC></ResourceId>"
CUE_BY = "<Contributor><ContributorPartyReference>PWriter</ContributorPartyReference></Contributor>"
CUE_P = "<PLine><PLineText>(P) 2026 Northwind Records</PLineText></PLine>"
CUE_START = "<StartTime>PT0S</StartTime>"
CHAPTER = "<ChapterList><Chapter><ChapterReference>X1</ChapterReference>{}</Chapter></ChapterList>"
FATAL_G3 = frozenset({"RP035"})


def cue(*parts: str):
    return add(".", CUE.format("<Cue>" + "".join(parts) + "</Cue>"))


def chapter(*parts: str):
    return add(".", CHAPTER.format("".join(parts)))


def price(snippet: str):
    return add(TERMS, snippet)


def visibility(start_tag: str):
    def edit(root):
        start = find(root, f"{TERMS}/ValidityPeriod/StartDate")
        if start_tag == "StartDateTime":
            start.tag, start.text = "StartDateTime", "2026-01-01T00:00:00"
        find(root, "DealList").append(
            etree.fromstring(
                "<ReleaseVisibility><VisibilityReference>V1</VisibilityReference>"
                "<ReleaseDisplayStartDateTime>2026-06-01T00:00:00</ReleaseDisplayStartDateTime>"
                "</ReleaseVisibility>"
            )
        )
        release = find(root, RELEASE)
        release.find("ResourceGroup").addprevious(
            etree.fromstring("<ReleaseVisibilityReference>V1</ReleaseVisibilityReference>")
        )

    return edit


C = b.classical
MWP = SUB  # the classical album's first work (a MultiWorkPart group)

CASES: list[ProfileCase] = [
    ProfileCase(
        "RP000",
        b.album,
        duplicate(RELEASE, ReleaseReference="R99"),
        {"1000-1"},
        frozenset({"RP037"}),
    ),
    ProfileCase(
        "RP001",
        b.single,
        put_text(f"{RELEASE}/ReleaseId/ICPN", "506000000000X"),
        {"1305-1"},
        frozenset({"ID002"}),
    ),
    ProfileCase(
        "RP002",
        b.single,
        add("PartyList/Party", "<PartyId><ISNI>0000 0002 1825 0097</ISNI></PartyId>", 1),
        {"1306-1"},
        frozenset({"ID004"}),
    ),
    ProfileCase(
        "RP003",
        b.single,
        steps(
            put_text(f"{RELEASE}/ReleaseId/ICPN", "A12425GABC1234002"),
            lambda r: setattr(find(r, f"{RELEASE}/ReleaseId/ICPN"), "tag", "GRid"),
        ),
        {"1307-1"},
        frozenset({"ID003"}),
    ),
    ProfileCase(
        "RP004", b.single, add(f"{IMAGE}/ResourceId", "<SICI>0095-4403</SICI>"), {"1308-1"}
    ),
    ProfileCase("RP005", b.single, add(f"{IMAGE}/ResourceId", "<ISSN>03178471</ISSN>"), {"1309-1"}),
    ProfileCase(
        "RP006", b.single, add(f"{IMAGE}/ResourceId", "<ISBN>0306406152</ISBN>"), {"1310-1"}
    ),
    ProfileCase(
        "RP007", b.single, add(f"{IMAGE}/ResourceId", "<VISAN>0000-D07A</VISAN>"), {"1311-1"}
    ),
    ProfileCase(
        "RP008", b.single, add(f"{IMAGE}/ResourceId", "<ISAN>0000-D07A</ISAN>"), {"1312-1"}
    ),
    ProfileCase(
        "RP009", b.single, add(f"{IMAGE}/ResourceId", "<ISMN>M230671187</ISMN>"), {"1313-1"}
    ),
    ProfileCase(
        "RP010",
        b.single,
        add(SR1, "<WorkId><ISWC>T-034.524.680-1</ISWC></WorkId>", 3),
        {"1314-1"},
        frozenset({"ID005"}),
    ),
    ProfileCase(
        "RP011",
        b.single,
        put_text(f"{EDITION_ID}/ISRC", "XX-NWR-26-00001"),
        {"1315-1", "1315-2"},
        frozenset({"ID001"}),
    ),
    ProfileCase(
        "RP012",
        b.single,
        put_attr(f"{SR1}/Contributor/Role/Value", "UserDefinedValue", "AI voice"),
        {"1316-1", "1316-2"},
    ),
    ProfileCase(
        "RP013",
        b.single,
        add(
            SR1,
            "<ResourceRightsController><RightsControllerPartyReference>"
            "PLabel</RightsControllerPartyReference><RightsControlType>RightsController"
            "</RightsControlType><RightSharePercentage>150</RightSharePercentage>"
            "</ResourceRightsController>",
        ),
        {"1317-1"},
    ),
    ProfileCase(
        "RP014",
        b.single,
        steps(
            put_attr(f"{RELEASE}/DisplayTitle", "IsDefault", "true"),
            duplicate(f"{RELEASE}/DisplayTitle"),
        ),
        {"1318-1"},
    ),
    ProfileCase(
        "RP015", b.single, drop(f"{SR1}/Contributor"), {"1319-1"}, frozenset({"RP036"}), on=True
    ),
    ProfileCase(
        "RP016", b.single, put_attr(f"{RELEASE}/DisplayArtist", "SequenceNumber", None), {"1320-1"}
    ),
    ProfileCase("RP017", b.single, duplicate(f"{RELEASE}/DisplayArtist"), {"1321-1"}, on=True),
    ProfileCase(
        "RP018", b.mixed_media, put_attr(SUB, "ResourceGroupType", "MultiWorkPart"), {"1140-1"}
    ),
    ProfileCase("RP019", b.mixed_media, drop(f"{SUB}/SequenceNumber"), {"1141-1"}),
    ProfileCase("RP020", b.album, drop(f"{ITEM}/SequenceNumber"), {"1020-1"}),
    ProfileCase("RP021", b.album, put_text(f"{ITEM}[2]/SequenceNumber", "1"), {"1021-1"}),
    ProfileCase(
        "RP022",
        b.mixed_media,
        add(
            GROUP,
            "<ResourceGroupContentItem><SequenceNumber>1"
            "</SequenceNumber><ReleaseResourceReference>A5</ReleaseResourceReference>"
            "</ResourceGroupContentItem>",
            2,
        ),
        {"1144-1"},
        frozenset({"RP023", "RP057"}),
    ),
    ProfileCase(
        "RP023",
        b.album,
        add(
            GROUP,
            "<ResourceGroupContentItem><SequenceNumber>11"
            "</SequenceNumber><ReleaseResourceReference>A11</ReleaseResourceReference>"
            "</ResourceGroupContentItem>",
        ),
        {"1023-1"},
    ),
    ProfileCase("RP024", b.album, cue(CUE_ISRC, CUE_BY, CUE_P), {"1024-1"}, frozenset({"RP034"})),
    ProfileCase(
        "RP025",
        b.single,
        steps(
            drop(f"{RELEASE}/ReleaseId/ICPN"),
            add(
                f"{RELEASE}/ReleaseId",
                '<CatalogNumber Namespace="PADPIDA0000000001X">NW-1</CatalogNumber>',
            ),
        ),
        {"1329-1"},
    ),
    ProfileCase("RP026", b.single, lambda root: None, {"1330-1"}, on=True),
    ProfileCase("RP027", b.single, lambda root: None, {"1331-1"}, on=True),
    ProfileCase("RP028", b.mixed_media, put_attr(SUB, "ResourceGroupType", "Side"), {"1150-1"}),
    ProfileCase("RP029", b.album, drop(f"{IMAGE}/ResourceId/ProprietaryId"), {"1029-1"}),
    ProfileCase("RP030", b.album, duplicate(f"{SR1}/Contributor"), {"1030-1"}),
    ProfileCase("RP031", b.single, lambda root: None, {"1335-1"}, on=True),
    ProfileCase("RP032", b.single, lambda root: None, {"1336-2"}, on=True),
    ProfileCase(
        "RP033",
        b.album,
        chapter(
            '<ChapterId><ProprietaryId Namespace="PADPIDA0000000001X">'
            "C1</ProprietaryId></ChapterId>",
            "<StartTime>PT0S</StartTime>",
        ),
        {"G.1"},
    ),
    ProfileCase("RP034", b.album, cue(CUE_ISRC, CUE_BY, CUE_P, CUE_START), {"G.2"}),
    ProfileCase(
        "RP035",
        b.album,
        steps(
            duplicate(IMAGE, ResourceReference="A99"),
            put_text(f"{IMAGE}[2]/Type", "BackCoverImage"),
        ),
        {"G.3"},
    ),
    ProfileCase(
        "RP036",
        b.album,
        add(
            "PartyList",
            "<Party><PartyReference>PNobody</PartyReference>"
            "<PartyName><FullName>Nobody</FullName></PartyName></Party>",
        ),
        {"G.4"},
    ),
    ProfileCase("RP037", b.album, drop("DealList/ReleaseDeal/DealReleaseReference"), {"G.5"}),
    ProfileCase("RP038", b.album, visibility("StartDate"), {"1038-5"}),
    ProfileCase("RP039", b.album, visibility("StartDateTime"), {"1039-5"}),
    ProfileCase(
        "RP040",
        b.album,
        price(
            '<PriceInformation PriceType="Retail"><WholesalePricePerUnit '
            'CurrencyCode="EUR">1</WholesalePricePerUnit></PriceInformation>'
        ),
        {"1040-1"},
    ),
    ProfileCase(
        "RP041",
        b.album,
        price(
            "<PriceInformation><BulkOrderWholesalePricePerUnit "
            'CurrencyCode="EUR">1</BulkOrderWholesalePricePerUnit></PriceInformation>'
        ),
        {"1041-1"},
    ),
    ProfileCase("RP042", b.album, price("<CarrierType>CD</CarrierType>"), {"1042-1"}),
    ProfileCase(
        "RP043",
        b.album,
        price(
            "<PhysicalReturns><PhysicalReturnsAllowed>true"
            "</PhysicalReturnsAllowed></PhysicalReturns>"
        ),
        {"1043-1"},
    ),
    ProfileCase(
        "RP044",
        b.album,
        price("<NumberOfProductsPerCarton>12</NumberOfProductsPerCarton>"),
        {"1044-1"},
    ),
    ProfileCase("RP045", b.album, drop(TRACK), {"1045-1"}),
    ProfileCase(
        "RP046", b.album, add(f"{TRACK}/ReleaseId", "<ISRC>GBNWR2600001</ISRC>", 0), {"1046-1"}
    ),
    ProfileCase(
        "RP047",
        b.album,
        duplicate(f"{TRACK}/ReleaseResourceReference"),
        {"1047-1"},
        frozenset({"RP045"}),
    ),
    ProfileCase(
        "RP048",
        b.album,
        put_text(f"{TRACK}/ReleaseResourceReference", "A11"),
        {"1048-1"},
        frozenset({"RP045"}),
    ),
    ProfileCase(
        "RP049", b.album, add(TRACK, "<DisplayTitleText>Track 1</DisplayTitleText>", 2), {"1049-2"}
    ),
    ProfileCase(
        "RP050",
        b.album,
        put_attr(".", "ReleaseProfileVersionId", "Video"),
        {"1050-1"},
        profile="Audio",
    ),
    ProfileCase(
        "RP051",
        b.album,
        put_attr(".", "ReleaseProfileVariantVersionId", "Deluxe"),
        {"1051-1"},
        frozenset({"RP099"}),
    ),
    ProfileCase(
        "RP052",
        b.album,
        every(f"{SR1}/Type", lambda t: setattr(t, "text", "SpokenWordSoundRecording")),
        {"1052-1"},
    ),
    ProfileCase("RP053", b.album, put_text(f"{IMAGE}/Type", "BackCoverImage"), {"1053-1"}),
    ProfileCase("RP054", b.mixed_media, drop(f"{ITEM}/IsBonusResource"), {"1177-1"}),
    ProfileCase("RP055", b.album, put_text(f"{RELEASE}/ReleaseType", "VideoSingle"), {"1055-1"}),
    ProfileCase(
        "RP056",
        b.mixed_media,
        add(ITEM, "<SequenceNumber>3</SequenceNumber>", 0),
        {"1179-1"},
        frozenset({"RP023"}),
    ),
    ProfileCase(
        "RP057",
        b.album,
        steps(
            drop(f"{GROUP}/LinkedReleaseResourceReference"),
            add(ITEM, "<LinkedReleaseResourceReference>A11</LinkedReleaseResourceReference>"),
        ),
        {"1057-1"},
    ),
    ProfileCase("RP058", b.album, drop(f"{EDITION_ID}/ISRC"), {"1058-1"}),
    ProfileCase(
        "RP059", b.mixed_media, drop("ResourceList/Text/ResourceId/ProprietaryId"), {"1183-1"}
    ),
    ProfileCase(
        "RP100",
        b.album,
        lambda root: None,
        {"1543-1"},
        frozenset({"RP102"}),
        variants=("BoxedSet",),
    ),
    ProfileCase(
        "RP101",
        boxed_set,
        boxed(put_attr(SUB, "ResourceGroupType", "MultiWorkPart")),
        {"1544-1"},
        frozenset({"RP102", "RP103"}),
    ),
    ProfileCase(
        "RP102", boxed_set, boxed(put_attr(SUB, "ResourceGroupType", "Component")), {"1545-1"}
    ),
    ProfileCase("RP103", boxed_set, boxed(drop(f"{SUB}/ReleaseId")), {"1546-1", "1546-2"}),
    ProfileCase(
        "RP104",
        b.album,
        lambda root: None,
        {"1547-1"},
        frozenset({"RP107"}),
        variants=("Classical",),
    ),
    ProfileCase(
        "RP105",
        C,
        put_attr(SUB, "ResourceGroupType", "ReleaseComponent"),
        {"1548-1"},
        frozenset({"RP109", "RP110", "RP111"}),
    ),
    ProfileCase(
        "RP106",
        C,
        every(f"{SR1}/Type", lambda t: setattr(t, "text", "NonMusicalWorkSoundRecording")),
        {"1549-1"},
    ),
    ProfileCase(
        "RP107", C, every(SUB, lambda g: g.set("ResourceGroupType", "Component")), {"1550-1"}
    ),
    ProfileCase(
        "RP108",
        C,
        steps(drop(f"{MWP}/ResourceGroupContentItem"), drop(f"{MWP}/ResourceGroupContentItem")),
        {"1551-1"},
        frozenset({"RP020", "RP035"}),
    ),
    ProfileCase("RP109", C, put_attr(f"{SUB}[2]", "ResourceGroupType", "Component"), {"1552-1"}),
    ProfileCase("RP110", C, drop(f"{SR1}/FormalTitle"), {"1553-1"}),
    ProfileCase("RP111", C, drop(f"{SR1}/GroupingTitle"), {"1554-1"}),
    ProfileCase("RP112", C, drop(f"{MWP}/DisplayTitleText"), {"1555-1"}),
    ProfileCase("RP113", C, drop(f"{MWP}/FormalTitle"), {"1556-1"}),
    ProfileCase(
        "RP114",
        b.single,
        add(
            "ReleaseList",
            "<TrackRelease><ReleaseReference>R1"
            "</ReleaseReference><ReleaseResourceReference>A1</ReleaseResourceReference>"
            "</TrackRelease>",
        ),
        {"1350-1"},
    ),
    ProfileCase(
        "RP115",
        b.dj_mix,
        put_attr(f"{SR1}[2]", "IsSupplemental", None),
        {"1479-1"},
        frozenset({"RP020", "RP029", "RP117"}),
    ),
    ProfileCase(
        "RP116",
        b.dj_mix,
        steps(*(put_text(f"{SR1}[{n}]/Type", "NonMusicalWorkSoundRecording") for n in (3, 4, 5))),
        {"1480-1"},
    ),
    ProfileCase(
        "RP117",
        b.dj_mix,
        put_text(f"{ITEM}/ReleaseResourceReference", "A6"),
        {"1488-1"},
        frozenset({"RP020", "RP023", "RP035"}),
    ),
    ProfileCase(
        "RP118",
        b.dj_mix,
        add(
            GROUP,
            "<ResourceGroupContentItem><ReleaseResourceReference>"
            "A2</ReleaseResourceReference></ResourceGroupContentItem>",
            1,
        ),
        {"1489-1"},
    ),
    ProfileCase("RP119", b.dj_mix, drop(f"{SR1}/RelatedResource"), {"1490-1"}, FATAL_G3),
    ProfileCase("RP120", b.dj_mix, drop(f"{SR1}/RelatedResource/Timing"), {"1491-1"}),
    ProfileCase(
        "RP121", b.dj_mix, drop(f"{SR1}[2]/SoundRecordingEdition/ResourceId/ISRC"), {"1492-1"}
    ),
    ProfileCase("RP122", b.long_form, put_text(f"{VIDEO}/Type", "MusicalWorkTrailer"), {"1411-1"}),
    ProfileCase(
        "RP123",
        b.long_form,
        put_text(f"{VIDEO}/Type", "ShortFormMusicalWorkVideo"),
        {"1412-1"},
        frozenset({"RP122"}),
    ),
    ProfileCase(
        "RP124",
        b.long_form,
        steps(duplicate(IMAGE, ResourceReference="A9"), put_text(f"{IMAGE}[2]/Type", "Poster")),
        {"1413-1"},
        FATAL_G3,
    ),
    ProfileCase(
        "RP125",
        b.long_form,
        put_text(f"{IMAGE}/Type", "BackCoverImage"),
        {"1414-1"},
        frozenset({"RP124"}),
    ),
    ProfileCase(
        "RP126",
        b.video_single,
        put_attr(f"{ITEM}/LinkedReleaseResourceReference", "LinkDescription", None),
        {"1297-1"},
    ),
    ProfileCase(
        "RP127",
        b.long_form,
        drop(f"{VIDEO}/VideoEdition/ResourceId/ISRC"),
        {"1422-1"},
        frozenset({"RP058"}),
    ),
    ProfileCase("RP128", b.long_form, chapter(CUE_START), {"1423-1"}, frozenset({"RP033"})),
    ProfileCase(
        "RP129",
        b.long_form,
        chapter(
            "<ChapterId><ProprietaryId Namespace="
            '"PADPIDA0000000001X">C1</ProprietaryId></ChapterId>'
        ),
        {"1424-1"},
        frozenset({"RP033"}),
    ),
    ProfileCase(
        "RP130",
        b.long_form,
        chapter(
            "<ChapterId><ProprietaryId Namespace="
            '"PADPIDA0000000001X">C1</ProprietaryId></ChapterId>',
            CUE_START,
            "<RepresentativeImageReference>A2</RepresentativeImageReference>",
        ),
        {"1425-1"},
        frozenset({"RP033"}),
    ),
    ProfileCase("RP131", b.long_form, drop(f"{VIDEO}/ReasonForCueSheetAbsence"), {"1426-1"}),
    ProfileCase(
        "RP132",
        b.long_form,
        cue(CUE_ISRC, CUE_BY, CUE_P),
        {"1427-1"},
        frozenset({"RP024", "RP034"}),
    ),
    ProfileCase("RP133", b.long_form, cue(CUE_BY, CUE_START), {"1428-1"}, frozenset({"RP034"})),
    ProfileCase(
        "RP134", b.long_form, cue(CUE_ISRC, CUE_P, CUE_START), {"1429-1"}, frozenset({"RP034"})
    ),
    ProfileCase(
        "RP135", b.long_form, cue(CUE_ISRC, CUE_BY, CUE_START), {"1430-1"}, frozenset({"RP034"})
    ),
    ProfileCase(
        "RP136", b.long_form, put_text(f"{RELEASE}/ReleaseType", "FeatureFilm"), {"1431-1"}
    ),
    ProfileCase("RP137", b.mixed_media, put_text(f"{VIDEO}/Type", "ConcertVideo"), {"1175-1"}),
    ProfileCase(
        "RP138",
        b.single,
        duplicate(SR1, ResourceReference="A9"),
        {"1351-1"},
        frozenset({"RP020", "RP035"}),
    ),
    ProfileCase("RP139", b.ringtone, put_text(f"{SR1}/Type", "UserDefined"), {"1232-1"}),
    ProfileCase(
        "RP140",
        b.single,
        steps(
            duplicate(IMAGE, ResourceReference="A9"), put_text(f"{IMAGE}[2]/Type", "BackCoverImage")
        ),
        {"1353-1"},
        frozenset({"RP035", "RP147"}),
    ),
    ProfileCase("RP141", b.single, put_text(f"{IMAGE}/Type", "BackCoverImage"), {"1354-1"}),
    ProfileCase(
        "RP142", b.single, add(ITEM, "<IsBonusResource>true</IsBonusResource>"), {"1355-1"}
    ),
    ProfileCase(
        "RP143",
        b.single,
        add(
            "ResourceList",
            "<Text><ResourceReference>A9</ResourceReference><Type>LyricText</Type></Text>",
        ),
        {"1356-1"},
        FATAL_G3,
    ),
    ProfileCase("RP144", b.ringtone, drop(f"{EDITION_ID}/ISRC"), {"1238-1"}),
    ProfileCase("RP145", b.single, duplicate(GROUP), {"1359-1"}),
    ProfileCase(
        "RP146",
        b.ringtone,
        put_text(f"{ITEM}/ReleaseResourceReference", "A2"),
        {"1240-1"},
        frozenset({"RP020", "RP023", "RP035"}),
    ),
    ProfileCase(
        "RP147",
        b.single,
        steps(
            drop(f"{ITEM}/LinkedReleaseResourceReference"),
            add(GROUP, "<LinkedReleaseResourceReference>A2</LinkedReleaseResourceReference>"),
        ),
        {"1362-1"},
    ),
    ProfileCase("RP148", b.ringtone, lambda root: None, {"1242-1"}, on=True),
    ProfileCase(
        "RP149",
        b.single,
        add(
            GROUP,
            "<ResourceGroupContentItem><ReleaseResourceReference>"
            "A2</ReleaseResourceReference></ResourceGroupContentItem>",
        ),
        {"1360-1"},
        frozenset({"RP146"}),
    ),
    ProfileCase(
        "RP150",
        b.single,
        add(
            SR1,
            "<ResourceRightsController><RightsControllerPartyReference>"
            "PLabel</RightsControllerPartyReference></ResourceRightsController>",
        ),
        {"1363-2", "1363-5"},
        on=True,
    ),
    ProfileCase(
        "RP151",
        b.video_single,
        duplicate(VIDEO, ResourceReference="A9"),
        {"1290-1"},
        frozenset({"RP020", "RP035"}),
    ),
    ProfileCase("RP152", b.video_single, put_text(f"{IMAGE}/Type", "Poster"), {"1293-1"}),
    ProfileCase(
        "RP153",
        b.video_single,
        put_text(f"{ITEM}/ReleaseResourceReference", "A2"),
        {"1301-1"},
        frozenset({"RP020", "RP023", "RP035"}),
    ),
    ProfileCase(
        "RP154",
        b.video,
        steps(duplicate(VIDEO, ResourceReference="A9")),
        {"1113-1"},
        frozenset({"RP020", "RP035", "RP045"}),
    ),
    ProfileCase(
        "RP155",
        b.video,
        put_text(f"{IMAGE}/Type", "FrontCoverImage"),
        {"1114-1"},
        frozenset({"RP057"}),
    ),
    # Identifier check characters, in any ERN version, profile or not.
    ProfileCase(
        "ID001",
        b.single,
        put_text(f"{EDITION_ID}/ISRC", "XXNWR2600001"),
        set(),
        frozenset({"RP011"}),
    ),
    ProfileCase("ID002", b.single, put_text(f"{RELEASE}/ReleaseId/ICPN", "5060000000000"), set()),
    ProfileCase(
        "ID003",
        b.single,
        steps(
            put_text(f"{RELEASE}/ReleaseId/ICPN", "A12425GABC1234002X"),
            lambda r: setattr(find(r, f"{RELEASE}/ReleaseId/ICPN"), "tag", "GRid"),
        ),
        set(),
    ),
    ProfileCase(
        "ID004",
        b.single,
        add("PartyList/Party", "<PartyId><ISNI>0000000218250098</ISNI></PartyId>", 1),
        set(),
    ),
    ProfileCase("ID005", b.single, add(SR1, "<WorkId><ISWC>T0345246802</ISWC></WorkId>", 3), set()),
    ProfileCase("ID006", b.single, add(f"{IMAGE}/ResourceId", "<ISMN>9790260000437</ISMN>"), set()),
    ProfileCase("ID007", b.single, add(f"{IMAGE}/ResourceId", "<ISBN>9780306406158</ISBN>"), set()),
]
