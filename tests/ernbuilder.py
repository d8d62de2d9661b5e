"""Build ERN 4.3.2 deliveries for tests and benchmarks, shaped like DDEX's release profiles.

A ``Delivery`` is plain data (parties, resources, one release and its track releases, deals);
``render`` writes it as XML valid against the 4.3.2 XSD. Profiles (single, album, video,
mixed media, DJ mix, classical) follow the structures of DDEX's ERN 4.3 profile samples. Tests
change the data to plant one defect, then render.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from xml.sax.saxutils import escape

NAMESPACE = "http://ddex.net/xml/ern/432"
GENAI = "GenerativeAI"
SENDER = "PADPIDA0000000001X"  # the DPID user-defined values and proprietary ids belong to
# Profiles whose cover is linked from the track's content item, not from the release's group.
SINGLE_PROFILES = ("SimpleAudioSingle", "SimpleVideoSingle", "Ringtone")
LONG_FORM_TYPES = ("LongFormMusicalWorkVideo", "ConcertVideo")


def ean13(code: str) -> str:
    """The first 12 digits of ``code`` with their GS1 check digit: a valid ICPN."""
    digits = code[:12]
    total = sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(digits))
    return digits + str((10 - total % 10) % 10)


RESOURCE_ORDER = ("SoundRecording", "Video", "Image", "Text")


@dataclass
class Credit:
    """A Contributor: ``who`` is a party reference or "GenerativeAI"."""

    who: str
    roles: list[str] = field(default_factory=list)
    ai: str | None = None  # AiContribution
    edition: bool = False  # an EditionContributor instead of a Contributor


@dataclass
class Resource:
    ref: str
    kind: str = "SoundRecording"
    title: str = "Untitled"
    type: str | None = None
    isrc: str | None = None
    contains_ai: str | None = "None"
    credits: list[Credit] = field(default_factory=list)
    artists: list[str] = field(default_factory=list)  # party refs, or "GenerativeAI"
    duration: str = "PT3M30S"
    related: list[str] = field(default_factory=list)  # HasContentFrom resources (DJ mix)
    supplemental: bool = False  # a secondary SoundRecording or Video (a DJ mix's component)
    work: str | None = None  # the work a movement belongs to: its FormalTitle, GroupingTitle

    def credit(self, who: str) -> Credit:
        return next(c for c in self.credits if c.who == who)


@dataclass
class Release:
    ref: str = "R0"
    kind: str = "Release"  # or TrackRelease
    release_type: str = "Album"
    title: str = "Untitled"
    icpn: str | None = "5060000000009"
    contains_ai: str | None = "None"
    artists: list[str] = field(default_factory=list)
    # Groups of resource references; nested lists are sub-groups (discs, classical works).
    groups: list = field(default_factory=list)
    group_type: str = "Component"  # of sub-groups: Component (discs), MultiWorkPart (works)
    group_titles: list[str] = field(default_factory=list)  # of sub-groups (a work's title)
    linked: list[str] = field(default_factory=list)  # e.g. cover art
    resource: str | None = None  # the one resource of a TrackRelease
    bonus: list[str] = field(default_factory=list)  # bonus resources (a booklet), unsequenced


@dataclass
class Deal:
    releases: list[str]
    use_types: list[str] = field(default_factory=lambda: ["OnDemandStream"])
    territories: list[str] = field(default_factory=lambda: ["Worldwide"])
    commercial_model: str = "SubscriptionModel"
    excluded: list[str] = field(default_factory=list)  # ExcludedTerritoryCode, instead of those


@dataclass
class Delivery:
    profile: str
    parties: dict[str, str]
    resources: list[Resource]
    releases: list[Release]
    deals: list[Deal]
    label: str = "PLabel"
    variant: str | None = None  # ReleaseProfileVariantVersionId, e.g. "Classical"

    def resource(self, ref: str) -> Resource:
        return next(r for r in self.resources if r.ref == ref)

    def release(self, ref: str = "R0") -> Release:
        return next(r for r in self.releases if r.ref == ref)

    def copy(self) -> Delivery:
        return copy.deepcopy(self)


# --- rendering ------------------------------------------------------------------------------


def _e(text: str) -> str:
    return escape(str(text))


def _artists(refs: list[str], indent: str) -> str:
    out = []
    for n, ref in enumerate(refs, 1):
        if ref == GENAI:
            who = f"<SpecialDisplayArtist>{GENAI}</SpecialDisplayArtist>"
        else:
            who = (
                f"<ArtistPartyReference>{ref}</ArtistPartyReference>"
                "<DisplayArtistRole>MainArtist</DisplayArtistRole>"
            )
        out.append(f'{indent}<DisplayArtist SequenceNumber="{n}">{who}</DisplayArtist>\n')
    return "".join(out)


def _role_value(role: str) -> str:
    """``"UserDefined:AI voice"`` is a free-text role: UserDefined with its value."""
    name, _, free_text = role.partition(":")
    if free_text:
        return f'<Value Namespace="DPID:{SENDER}" UserDefinedValue="{_e(free_text)}">{name}</Value>'
    return f"<Value>{name}</Value>"


def _credit(credit: Credit, n: int, indent: str) -> str:
    tag = "EditionContributor" if credit.edition else "Contributor"
    if credit.who == GENAI:
        who = f"<SpecialContributor>{GENAI}</SpecialContributor>"
    else:
        who = f"<ContributorPartyReference>{credit.who}</ContributorPartyReference>"
    roles = "".join(f"<Role>{_role_value(r)}</Role>" for r in credit.roles)
    ai = f"<AiContribution>{credit.ai}</AiContribution>" if credit.ai else ""
    return f'{indent}<{tag} SequenceNumber="{n}">{who}{roles}{ai}</{tag}>\n'


def _names(delivery: Delivery, refs: list[str]) -> str:
    return ", ".join(delivery.parties.get(r, r) for r in refs) or "Various Artists"


def _contains_ai(value: str | None, indent: str) -> str:
    return f"{indent}<ContainsAI>{value}</ContainsAI>\n" if value else ""


def _resource(d: Delivery, r: Resource) -> str:
    i = "      "
    contributors = "".join(_credit(c, n, i) for n, c in enumerate(r.credits, 1) if not c.edition)
    editions = "".join(_credit(c, n, i + "  ") for n, c in enumerate(r.credits, 1) if c.edition)
    title = f"{i}<DisplayTitleText>{_e(r.title)}</DisplayTitleText>\n"
    title += f"{i}<DisplayTitle><TitleText>{_e(r.title)}</TitleText></DisplayTitle>\n"
    if r.work:
        title += f"{i}<FormalTitle><TitleText>{_e(r.work)}</TitleText></FormalTitle>\n"
        title += f"{i}<GroupingTitle><TitleText>{_e(r.work)}</TitleText></GroupingTitle>\n"
    artist = f"{i}<DisplayArtistName>{_e(_names(d, r.artists))}</DisplayArtistName>\n"
    artist += _artists(r.artists, i)
    if r.kind in ("SoundRecording", "Video"):
        edition = "SoundRecordingEdition" if r.kind == "SoundRecording" else "VideoEdition"
        default_type = (
            "MusicalWorkSoundRecording"
            if r.kind == "SoundRecording"
            else "ShortFormMusicalWorkVideo"
        )
        related = "".join(
            f"{i}<RelatedResource><ResourceRelationshipType>HasContentFrom"
            f"</ResourceRelationshipType><ResourceRelatedResourceReference>{ref}"
            "</ResourceRelatedResourceReference><Timing>"
            f"<StartPoint>{n * 480}</StartPoint><DurationUsed>PT8M</DurationUsed></Timing>"
            "</RelatedResource>\n"
            for n, ref in enumerate(r.related)
        )
        secondary_id = (
            f'<ProprietaryId Namespace="{SENDER}">{r.ref}-{_e(r.title)}</ProprietaryId>'
            if r.supplemental
            else ""
        )
        supplemental = ' IsSupplemental="true"' if r.supplemental else ""
        no_cue_sheet = (
            f"{i}<ReasonForCueSheetAbsence>No cue sheet was made</ReasonForCueSheetAbsence>\n"
            if r.type in LONG_FORM_TYPES
            else ""
        )
        return (
            f"    <{r.kind}{supplemental}>\n"
            f"{i}<ResourceReference>{r.ref}</ResourceReference>\n"
            f"{i}<Type>{r.type or default_type}</Type>\n"
            f"{i}<{edition}>\n"
            f"{i}  <ResourceId><ISRC>{r.isrc}</ISRC>{secondary_id}</ResourceId>\n"
            f"{editions}"
            f"{i}  <PLine><Year>2026</Year>"
            f"<PLineText>(P) 2026 {_e(d.parties[d.label])}</PLineText></PLine>\n"
            f"{i}</{edition}>\n"
            f"{title}{artist}{contributors}"
            f"{i}<Duration>{r.duration}</Duration>\n"
            f"{i}<ParentalWarningType>NotExplicit</ParentalWarningType>\n"
            f"{related}{no_cue_sheet}"
            f"{_contains_ai(r.contains_ai, i)}"
            f"    </{r.kind}>\n"
        )
    ident = f'<ProprietaryId Namespace="PADPIDA0000000001X">{r.ref}-{_e(r.title)}</ProprietaryId>'
    if r.kind == "Image":
        return (
            f"    <Image>\n{i}<ResourceReference>{r.ref}</ResourceReference>\n"
            f"{i}<Type>{r.type or 'FrontCoverImage'}</Type>\n"
            f"{i}<ResourceId>{ident}</ResourceId>\n"
            f"{_artists(r.artists, i)}{contributors}"
            f"{_contains_ai(r.contains_ai, i)}    </Image>\n"
        )
    return (
        f"    <Text>\n{i}<ResourceReference>{r.ref}</ResourceReference>\n"
        f"{i}<Type>{r.type or 'LyricText'}</Type>\n"
        f"{i}<ResourceId>{ident}</ResourceId>\n"
        f"{title}{_artists(r.artists, i)}{contributors}"
        f"{_contains_ai(r.contains_ai, i)}    </Text>\n"
    )


def _group(
    items: list,
    indent: str,
    group_type: str = "Component",
    item_links: str = "",
    titles: list[str] | None = None,
) -> str:
    """Sub-groups, then content items; ``item_links`` go into the first content item."""
    out = []
    refs = [x for x in items if isinstance(x, str)]
    subs = [x for x in items if not isinstance(x, str)]
    for n, sub in enumerate(subs, 1):
        title = (titles or [])[n - 1 : n]
        titled = "".join(
            f"{indent}  <DisplayTitleText>{_e(t)}</DisplayTitleText>\n"
            f"{indent}  <FormalTitle><TitleText>{_e(t)}</TitleText></FormalTitle>\n"
            for t in title
        )
        out.append(
            f'{indent}<ResourceGroup ResourceGroupType="{group_type}">\n'
            f"{titled}{indent}  <SequenceNumber>{n}</SequenceNumber>\n"
            f"{_group(sub, indent + '  ')}{indent}</ResourceGroup>\n"
        )
    for n, ref in enumerate(refs, 1):
        out.append(
            f"{indent}<ResourceGroupContentItem><SequenceNumber>{n}</SequenceNumber>"
            f"<ReleaseResourceReference>{ref}</ReleaseResourceReference>"
            f"{item_links if n == 1 else ''}</ResourceGroupContentItem>\n"
        )
    return "".join(out)


def _is_capture(d: Delivery, ref: str) -> bool:
    return any(r.ref == ref and r.type == "VideoScreenCapture" for r in d.resources)


def _link(d: Delivery, ref: str) -> str:
    described = ' LinkDescription="VideoScreenCapture"' if _is_capture(d, ref) else ""
    return f"<LinkedReleaseResourceReference{described}>{ref}</LinkedReleaseResourceReference>"


def _release(d: Delivery, rel: Release) -> str:
    i = "      "
    if rel.kind == "TrackRelease":
        return (
            f"    <TrackRelease>\n{i}<ReleaseReference>{rel.ref}</ReleaseReference>\n"
            f'{i}<ReleaseId><ProprietaryId Namespace="PADPIDA0000000001X">'
            f"{rel.ref}-{rel.resource}</ProprietaryId></ReleaseId>\n"
            f"{i}<ReleaseResourceReference>{rel.resource}</ReleaseResourceReference>\n"
            f"{i}<ReleaseLabelReference>{d.label}</ReleaseLabelReference>\n"
            f"{i}<DisplayGenre><GenreText>Pop</GenreText></DisplayGenre>\n"
            f"    </TrackRelease>\n"
        )
    # Singles link their cover from the track's content item; screen captures say so.
    in_item = [r for r in rel.linked if d.profile in SINGLE_PROFILES or _is_capture(d, r)]
    item_links = "".join(_link(d, ref) for ref in in_item)
    linked = "".join(f"{i}  {_link(d, ref)}\n" for ref in rel.linked if ref not in in_item)
    bonus = "".join(
        f"{i}  <ResourceGroupContentItem><ReleaseResourceReference>{ref}"
        "</ReleaseResourceReference><IsBonusResource>true</IsBonusResource>"
        "</ResourceGroupContentItem>\n"
        for ref in rel.bonus
    )
    ids = f"<ICPN>{rel.icpn}</ICPN>" if rel.icpn else "<GRid>A1UCASE0000000401G</GRid>"
    return (
        f"    <Release>\n{i}<ReleaseReference>{rel.ref}</ReleaseReference>\n"
        f"{i}<ReleaseType>{rel.release_type}</ReleaseType>\n"
        f"{i}<ReleaseId>{ids}</ReleaseId>\n"
        f"{i}<DisplayTitleText>{_e(rel.title)}</DisplayTitleText>\n"
        f"{i}<DisplayTitle><TitleText>{_e(rel.title)}</TitleText></DisplayTitle>\n"
        f"{i}<DisplayArtistName>{_e(_names(d, rel.artists))}</DisplayArtistName>\n"
        f"{_artists(rel.artists, i)}"
        f"{i}<ReleaseLabelReference>{d.label}</ReleaseLabelReference>\n"
        f"{i}<DisplayGenre><GenreText>Pop</GenreText></DisplayGenre>\n"
        f"{i}<ParentalWarningType>NotExplicit</ParentalWarningType>\n"
        f"{i}<ResourceGroup>\n"
        f"{_group(rel.groups, i + '  ', rel.group_type, item_links, rel.group_titles)}"
        f"{bonus}{linked}{i}</ResourceGroup>\n"
        f"{_contains_ai(rel.contains_ai, i)}"
        f"    </Release>\n"
    )


def _deal(deal: Deal) -> str:
    refs = "".join(
        f"      <DealReleaseReference>{r}</DealReleaseReference>\n" for r in deal.releases
    )
    territories = "".join(f"<TerritoryCode>{t}</TerritoryCode>" for t in deal.territories)
    if deal.excluded:
        territories = "".join(
            f"<ExcludedTerritoryCode>{t}</ExcludedTerritoryCode>" for t in deal.excluded
        )
    uses = "".join(f"<UseType>{u}</UseType>" for u in deal.use_types)
    return (
        f"    <ReleaseDeal>\n{refs}      <Deal><DealTerms>{territories}"
        "<ValidityPeriod><StartDate>2026-01-01</StartDate></ValidityPeriod>"
        f"<CommercialModelType>{deal.commercial_model}</CommercialModelType>{uses}"
        "</DealTerms></Deal>\n    </ReleaseDeal>\n"
    )


def _referenced_parties(d: Delivery) -> set[str]:
    used = {d.label}
    for r in d.resources:
        used.update(c.who for c in r.credits)
        used.update(r.artists)
    for rel in d.releases:
        used.update(rel.artists)
    return used


def render(d: Delivery) -> str:
    # Only parties something refers to: an unreferenced party breaks profile rule G.4.
    used = _referenced_parties(d)
    parties = "".join(
        f"    <Party><PartyReference>{ref}</PartyReference>"
        f"<PartyName><FullName>{_e(name)}</FullName></PartyName></Party>\n"
        for ref, name in d.parties.items()
        if ref in used
    )
    resources = sorted(d.resources, key=lambda r: RESOURCE_ORDER.index(r.kind))
    releases = sorted(d.releases, key=lambda r: r.kind != "Release")
    deals = "".join(_deal(x) for x in d.deals)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<ern:NewReleaseMessage xmlns:ern="{NAMESPACE}" ReleaseProfileVersionId="{d.profile}" '
        + (f'ReleaseProfileVariantVersionId="{d.variant}" ' if d.variant else "")
        + 'LanguageAndScriptCode="en" AvsVersionId="9">\n'
        "  <MessageHeader>\n"
        "    <MessageId>DDEXAI-TEST-1</MessageId>\n"
        "    <MessageSender><PartyId>PADPIDA0000000001X</PartyId></MessageSender>\n"
        "    <MessageRecipient><PartyId>PADPIDA0000000002X</PartyId></MessageRecipient>\n"
        "    <MessageCreatedDateTime>2026-06-01T09:00:00Z</MessageCreatedDateTime>\n"
        "  </MessageHeader>\n"
        f"  <PartyList>\n{parties}  </PartyList>\n"
        f"  <ResourceList>\n{''.join(_resource(d, r) for r in resources)}  </ResourceList>\n"
        f"  <ReleaseList>\n{''.join(_release(d, r) for r in releases)}  </ReleaseList>\n"
        + (f"  <DealList>\n{deals}  </DealList>\n" if deals else "")
        + "</ern:NewReleaseMessage>\n"
    )


# --- profiles -------------------------------------------------------------------------------

PARTIES = {
    "PLabel": "Northwind Records",
    "PArtist": "Mira Vale",
    "PWriter": "Jonas Eide",
    "PProducer": "Ada Brennan",
}


def _isrc(n: int, seed: int = 0) -> str:
    return f"GBNWR26{(seed * 1000 + n) % 100000:05d}"


def _track(n: int, seed: int = 0, **kw) -> Resource:
    defaults = dict(
        title=f"Track {n}",
        isrc=_isrc(n, seed),
        credits=[
            Credit("PWriter", ["ComposerLyricist"]),
            Credit("PArtist", ["LeadVocalist"]),
            Credit("PProducer", ["StudioProducer"]),
        ],
        artists=["PArtist"],
    )
    defaults.update(kw)
    return Resource(f"A{n}", **defaults)


def _cover(ref: str, **kw) -> Resource:
    return Resource(ref, kind="Image", title="Cover", **kw)


def _with_track_releases(release: Release, tracks: list[Resource]) -> list[Release]:
    return [release] + [
        Release(f"R{n}", kind="TrackRelease", resource=t.ref) for n, t in enumerate(tracks, 1)
    ]


def single(seed: int = 0) -> Delivery:
    track = _track(1, seed, title="Paper Satellites")
    cover = _cover("A2")
    release = Release(
        release_type="Single",
        title="Paper Satellites",
        icpn=ean13(f"5060{seed % 10**8:08d}"),
        artists=["PArtist"],
        groups=["A1"],
        linked=["A2"],
    )
    return Delivery("SimpleAudioSingle", dict(PARTIES), [track, cover], [release], [Deal(["R0"])])


def album(tracks: int = 10, seed: int = 0) -> Delivery:
    recordings = [_track(n, seed) for n in range(1, tracks + 1)]
    cover = _cover(f"A{tracks + 1}")
    release = Release(
        title="Synthetic Dawn",
        icpn=ean13(f"5061{seed % 10**8:08d}"),
        artists=["PArtist"],
        groups=[r.ref for r in recordings],
        linked=[cover.ref],
    )
    releases = _with_track_releases(release, recordings)
    deals = [Deal([r.ref for r in releases])]
    return Delivery("Audio", dict(PARTIES), [*recordings, cover], releases, deals)


def video_single(seed: int = 0) -> Delivery:
    video = _track(1, seed, kind="Video", title="Paper Satellites (Official Video)")
    video.credit("PProducer").roles.append("FilmDirector")
    still = _cover("A2", type="VideoScreenCapture")
    release = Release(
        release_type="Single",
        title="Paper Satellites (Official Video)",
        artists=["PArtist"],
        groups=["A1"],
        linked=["A2"],
    )
    return Delivery("SimpleVideoSingle", dict(PARTIES), [video, still], [release], [Deal(["R0"])])


def mixed_media(seed: int = 0) -> Delivery:
    audio = [_track(n, seed) for n in (1, 2)]
    video = _track(3, seed, kind="Video", title="Track 1 (Video)")
    lyrics = Resource(
        "A4", kind="Text", title="Lyrics", credits=[Credit("PWriter", ["Lyricist"])], artists=[]
    )
    cover = _cover("A5")
    release = Release(
        release_type="MultimediaAlbum",
        title="Mixed Signals",
        artists=["PArtist"],
        groups=[["A1", "A2"], ["A3"]],
        linked=["A5"],
        bonus=["A4"],
    )
    releases = _with_track_releases(release, [*audio, video])
    return Delivery(
        "MixedMedia",
        dict(PARTIES),
        [*audio, video, lyrics, cover],
        releases,
        [Deal([r.ref for r in releases])],
    )


def dj_mix(seed: int = 0) -> Delivery:
    sources = [_track(n, seed, title=f"Source {n}", supplemental=True) for n in range(2, 6)]
    mix = _track(
        1,
        seed,
        title="Late Night Mix",
        duration="PT42M10S",
        credits=[Credit("PArtist", ["DJ"]), Credit("PProducer", ["MixingEngineer"])],
        related=[s.ref for s in sources],
    )
    cover = _cover("A6")
    release = Release(
        release_type="DjMix",
        title="Late Night Mix",
        artists=["PArtist"],
        groups=["A1"],
        linked=["A6"],
    )
    return Delivery("DjMix", dict(PARTIES), [mix, *sources, cover], [release], [Deal(["R0"])])


def classical(seed: int = 0) -> Delivery:
    parties = dict(PARTIES, PComposer="Antonio Vivaldi", POrchestra="The Harbour Consort")
    movements = [
        _track(
            n,
            seed,
            title=f"Concerto No. {(n - 1) // 3 + 1}: {('Allegro', 'Largo', 'Presto')[(n - 1) % 3]}",
            credits=[
                Credit("PComposer", ["Composer"]),
                Credit("POrchestra", ["Orchestra"]),
                Credit("PArtist", ["Soloist"]),
            ],
            artists=["POrchestra", "PArtist"],
            work=f"Concerto No. {(n - 1) // 3 + 1}",
        )
        for n in range(1, 7)
    ]
    cover = _cover("A7")
    release = Release(
        release_type="ClassicalAlbum",
        title="The Four Seasons",
        artists=["POrchestra", "PArtist"],
        groups=[["A1", "A2", "A3"], ["A4", "A5", "A6"]],
        group_type="MultiWorkPart",
        group_titles=["Concerto No. 1", "Concerto No. 2"],
        linked=["A7"],
    )
    releases = _with_track_releases(release, movements)
    return Delivery(
        "Audio",
        parties,
        [*movements, cover],
        releases,
        [Deal([r.ref for r in releases])],
        variant="Classical",
    )


def ringtone(seed: int = 0) -> Delivery:
    d = single(seed)
    d.profile = "Ringtone"
    d.release().release_type = "RingtoneRelease"
    return d


def video(seed: int = 0) -> Delivery:
    """A Video-profile release of one video (so: a screen capture, no front cover)."""
    d = video_single(seed)
    d.profile = "Video"
    d.release().release_type = "VideoSingle"
    d.releases += _with_track_releases(d.release(), [d.resource("A1")])[1:]
    d.deals = [Deal([r.ref for r in d.releases])]
    return d


def long_form(seed: int = 0) -> Delivery:
    film = _track(
        1, seed, kind="Video", type="LongFormMusicalWorkVideo", title="Live at the Harbour"
    )
    film.credit("PProducer").roles.append("FilmDirector")
    cover = _cover("A2")
    release = Release(
        release_type="ConcertVideo",
        title="Live at the Harbour",
        artists=["PArtist"],
        groups=["A1"],
        linked=["A2"],
    )
    return Delivery(
        "LongFormMusicalWorkVideo", dict(PARTIES), [film, cover], [release], [Deal(["R0"])]
    )


# More profiles, for the release-profile rules (not part of the AI corpus).
PROFILE_DELIVERIES = {"ringtone": ringtone, "video": video, "long_form": long_form}

PROFILES = {
    "single": single,
    "album": album,
    "video_single": video_single,
    "mixed_media": mixed_media,
    "dj_mix": dj_mix,
    "classical": classical,
}
