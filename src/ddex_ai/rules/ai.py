"""AI-disclosure rules: what the ERN 4.3.1/4.3.2 XSD documentation states but cannot enforce."""

from __future__ import annotations

from collections.abc import Iterator

from ddex_ai.findings import Hit, Severity
from ddex_ai.model import Contributor, Message, Resource
from ddex_ai.model.types import GENERATIVE_AI
from ddex_ai.rules.hits import hit_at, hit_at_message
from ddex_ai.rules.registry import fix, rule

AI_VALUES = ("All", "Partly")


def _either(preferred, fallback):
    """The preferred element when present (lxml elements must not be tested for truth)."""
    return preferred if preferred is not None else fallback


def _contributors(message: Message) -> Iterator[tuple[Resource, Contributor]]:
    for resource in message.resources.values():
        for contributor in resource.contributors:
            yield resource, contributor


def _signalling(message: Message) -> list[tuple[Resource, Contributor]]:
    """Contributors that say anything about AI (GenerativeAI, or an AiContribution), found in
    one pass for the rules that look at nothing else: on most files none."""
    found = message.memo.get("ai_signalling")
    if found is None:
        found = message.memo["ai_signalling"] = [
            (resource, contributor)
            for resource, contributor in _contributors(message)
            if contributor.special == GENERATIVE_AI or contributor.ai_contribution is not None
        ]
    return found


def _declaring(message: Message, value: str) -> Iterator[Resource]:
    for resource in message.resources.values():
        if resource.contains_ai == value:
            yield resource


@rule("AI001", "all-ai-resource-credits-a-person", Severity.ERROR, needs_ai_disclosure=True)
def all_ai_resource_credits_a_person(message: Message) -> Iterator[Hit]:
    """
    A resource declared `ContainsAI` = `All` credits a contributor that is not `GenerativeAI`.

    ## What it does
    For every `SoundRecording`, `Video`, `Image` and `Text` whose `ContainsAI` is `All`, reports
    each `Contributor` or `EditionContributor` that is not a `GenerativeAI` special
    contributor.

    ## Why it matters
    The ERN 4.3.2 XSD states: "If the value of this element is All, only Contributors of type
    GenerativeAI shall be specified." A person credited on a fully generated resource makes the
    disclosure self-contradictory: a DSP cannot tell whether the track is AI-made or not, and
    may show a human credit on AI output (or reject the delivery).

    ## Example
    ```xml
    <Contributor><ContributorPartyReference>PLena</ContributorPartyReference>
      <Role><Value>Composer</Value></Role></Contributor>
    …
    <ContainsAI>All</ContainsAI>
    ```
    If a person took part, declare `Partly`; if not, credit the role to
    `<SpecialContributor>GenerativeAI</SpecialContributor>` instead.
    """
    for resource in _declaring(message, "All"):
        for contributor in resource.contributors:
            if not contributor.is_generative_ai:
                yield hit_at(
                    contributor.el,
                    f"{resource.label} declares ContainsAI All, but credits "
                    f"{contributor.label}, who is not GenerativeAI",
                    resource,
                )


@rule("AI002", "no-ai-resource-credits-ai", Severity.ERROR, needs_ai_disclosure=True)
def no_ai_resource_credits_ai(message: Message) -> Iterator[Hit]:
    """
    A resource declared `ContainsAI` = `None` credits AI.

    ## What it does
    For every resource whose `ContainsAI` is `None`, reports each contributor whose effective
    `AiContribution` is `Partly` or `All` (a `GenerativeAI` contributor is `All` unless it
    says otherwise), and each `GenerativeAI` contributor or `SpecialDisplayArtist`.

    ## Why it matters
    The XSD states: "If the value of this element is None, no Contributors with AiContribution
    set to Partly or All shall be specified." A recipient reading `None` labels the resource as
    human-made while its credits say otherwise; that is the mislabelling AI disclosure exists
    to prevent.

    ## Example
    ```xml
    <Contributor><SpecialContributor>GenerativeAI</SpecialContributor>
      <Role><Value>BackgroundVocalist</Value></Role></Contributor>
    …
    <ContainsAI>None</ContainsAI>
    ```
    Declare `Partly` (or `All`), or remove the AI credit if no AI was used.
    """
    for resource in _declaring(message, "None"):
        for credit in resource.ai_credits:
            kind = "contributor" if isinstance(credit, Contributor) else "display artist"
            yield hit_at(
                credit.el,
                f"{resource.label} declares ContainsAI None, but credits AI: {kind} {credit.label}",
                resource,
            )


@rule("AI003", "generative-ai-contribution-not-all", Severity.ERROR, needs_ai_disclosure=True)
def generative_ai_contribution_not_all(message: Message) -> Iterator[Hit]:
    """
    A `GenerativeAI` contributor declares an `AiContribution` other than `All`.

    ## What it does
    Reports a contributor whose `SpecialContributor` is `GenerativeAI` and whose
    `AiContribution` is `Partly` or `None`.

    ## Why it matters
    `AiContribution` "defaults to All if SpecialContributor is GenerativeAI": what the AI
    contributed in a role is entirely AI. A partial AI contribution belongs to the person who
    used the tool (`AiContribution` `Partly` on their credit), and `None` on an AI credit
    contradicts itself.

    ## Example
    ```xml
    <Contributor><SpecialContributor>GenerativeAI</SpecialContributor>
      <Role><Value>Lyricist</Value></Role><AiContribution>Partly</AiContribution></Contributor>
    ```
    Drop the `AiContribution` (it is `All`), or credit the person as `Lyricist` with
    `<AiContribution>Partly</AiContribution>`.
    """
    for resource, contributor in _signalling(message):
        if contributor.is_generative_ai and contributor.ai_contribution not in (None, "All"):
            yield hit_at(
                _either(contributor.ai_contribution_el, contributor.el),
                f"{contributor.label} has AiContribution {contributor.ai_contribution}; "
                "a GenerativeAI contribution is All",
                resource,
            )


@fix("AI003", "unsafe")
def fix_generative_ai_contribution_not_all(message: Message) -> Iterator:
    """Remove the `AiContribution` of a `GenerativeAI` contributor, so that it means `All`."""
    from ddex_ai.fixing.edits import Remove

    for _, contributor in _contributors(message):
        wrong = contributor.ai_contribution not in (None, "All")
        if contributor.is_generative_ai and wrong and contributor.ai_contribution_el is not None:
            yield Remove(contributor.ai_contribution_el)


@rule("AI004", "person-contribution-all-ai", Severity.ERROR, needs_ai_disclosure=True)
def person_contribution_all_ai(message: Message) -> Iterator[Hit]:
    """
    A contributor that is not `GenerativeAI` declares `AiContribution` = `All`.

    ## What it does
    Reports a party contributor (or a special contributor other than `GenerativeAI`) whose
    `AiContribution` is `All`.

    ## Why it matters
    The XSD: "In all other cases, the contribution of GenerativeAI can be None or Partly." A
    person whose contribution was entirely generated did not contribute that role: the credit
    goes to `GenerativeAI`. DSPs that show AI credits per role would otherwise show a person as
    the AI.

    ## Example
    ```xml
    <Contributor><ContributorPartyReference>PTom</ContributorPartyReference>
      <Role><Value>Programmer</Value></Role><AiContribution>All</AiContribution></Contributor>
    ```
    Credit the role to `<SpecialContributor>GenerativeAI</SpecialContributor>`, or use
    `Partly` if the person shaped the AI output.
    """
    for resource, contributor in _signalling(message):
        if not contributor.is_generative_ai and contributor.ai_contribution == "All":
            yield hit_at(
                _either(contributor.ai_contribution_el, contributor.el),
                f"{contributor.label} has AiContribution All, which only a GenerativeAI "
                "contributor can have (a person's share is None or Partly)",
                resource,
            )


@rule("AI005", "release-contradicts-resources", Severity.ERROR, needs_ai_disclosure=True)
def release_contradicts_resources(message: Message) -> Iterator[Hit]:
    """
    A `Release`'s `ContainsAI` contradicts the `ContainsAI` its resources declare.

    ## What it does
    Compares a `Release`'s declared `ContainsAI` with the declared `ContainsAI` of every
    resource it contains (tracks, videos, linked artwork and text): `None` while a resource
    declares `Partly` or `All`, or `All` while a resource declares `None`. Only declared values
    are compared: a resource without `ContainsAI` contradicts nothing. `Partly` contradicts
    nothing either: AI artwork on a release of human tracks is a `Partly` release.

    ## Why it matters
    The release-level value is what a store shows on the product page; it must not hide an AI
    track, nor label a partly human album as fully generated.

    ## Example
    An album with `<ContainsAI>None</ContainsAI>` whose cover `Image` declares `All`:
    declare the album `Partly`.
    """
    for release in message.releases:
        if release.contains_ai not in ("None", "All"):
            continue
        if release.contains_ai == "None":
            clashing = [r for r in message.resources_of(release) if r.contains_ai in AI_VALUES]
        else:
            clashing = [r for r in message.resources_of(release) if r.contains_ai == "None"]
        if clashing:
            listed = ", ".join(f"{r.reference} ({r.contains_ai})" for r in clashing)
            yield hit_at(
                _either(release.contains_ai_el, release.el),
                f"{release.kind} {release.reference} declares ContainsAI {release.contains_ai}, "
                f"but its resources declare otherwise: {listed}",
                release=release,
                kinds=tuple(sorted({r.kind for r in clashing})),
            )


def derived_release_value(resources: list[Resource]) -> str | None:
    """What a release's ContainsAI is, from its resources' declared values (None: nothing
    declared): All when every one is All, None when every one is None, else Partly."""
    declared = [r.contains_ai for r in resources if r.contains_ai in (*AI_VALUES, "None")]
    if not declared:
        return None
    if all(v == "All" for v in declared) and len(declared) == len(resources):
        return "All"
    if all(v == "None" for v in declared):
        return "None" if len(declared) == len(resources) else None
    return "Partly"


@fix("AI005", "unsafe")
def fix_release_contradicts_resources(message: Message) -> Iterator:
    """Set the release's `ContainsAI` to what its resources declare."""
    from ddex_ai.fixing.edits import SetText

    for hit_release in message.releases:
        if hit_release.contains_ai not in ("None", "All") or hit_release.contains_ai_el is None:
            continue
        resources = message.resources_of(hit_release)
        values = {r.contains_ai for r in resources}
        clash = (
            ("Partly" in values or "All" in values)
            if hit_release.contains_ai == "None"
            else "None" in values
        )
        if clash:
            wanted = derived_release_value(resources) or "Partly"
            if wanted != hit_release.contains_ai:
                yield SetText(hit_release.contains_ai_el, wanted)


@rule("AI006", "ai-credit-without-disclosure", Severity.WARNING, needs_ai_disclosure=True)
def ai_credit_without_disclosure(message: Message) -> Iterator[Hit]:
    """
    A resource credits AI but declares no `ContainsAI`.

    ## What it does
    Reports a resource that has an AI credit (as in AI002: a `GenerativeAI` contributor or
    display artist, or a contributor with `AiContribution` `Partly`/`All`) and no
    `ContainsAI` element.

    ## Why it matters
    Stores and labels read `ContainsAI` first. An AI credit without it is half a disclosure:
    the credit may be shown, but the resource is not labelled as AI-assisted.

    ## Example
    A `SoundRecording` crediting `GenerativeAI` as `Vocalist`: add
    `<ContainsAI>Partly</ContainsAI>` (or `All`) after `CompositeMusicalWorkType`.
    """
    for resource in message.resources.values():
        if resource.contains_ai is None and resource.ai_credits:
            first = resource.ai_credits[0]
            yield hit_at(
                resource.el,
                f"{resource.label} credits AI ({first.label}) but declares no ContainsAI",
                resource,
            )


@fix("AI006", "safe")
def fix_ai_credit_without_disclosure(message: Message) -> Iterator:
    """Insert `ContainsAI` `Partly`, or `All` when every contributor is `GenerativeAI`."""
    from ddex_ai.fixing.edits import Insert

    for resource in message.resources.values():
        if resource.contains_ai is None and resource.ai_credits:
            every = resource.contributors and all(c.is_generative_ai for c in resource.contributors)
            yield Insert(resource.el, "ContainsAI", "All" if every else "Partly")


@rule("AI007", "ai-credit-without-role", Severity.WARNING, needs_ai_disclosure=True)
def ai_credit_without_role(message: Message) -> Iterator[Hit]:
    """
    A `GenerativeAI` contributor has no `Role`.

    ## What it does
    Reports a `Contributor` or `EditionContributor` whose `SpecialContributor` is
    `GenerativeAI` and that names no `Role`.

    ## Why it matters
    AI credits are per role: stores show "AI: vocals" or "AI: lyrics", and human and AI
    contributions to one role are credited separately. An AI credit without a role says only
    that some AI did something.

    ## Example
    ```xml
    <Contributor><SpecialContributor>GenerativeAI</SpecialContributor></Contributor>
    ```
    Add the role(s) the AI performed: `<Role><Value>Vocalist</Value></Role>`.
    """
    for resource, contributor in _signalling(message):
        if contributor.is_generative_ai and not contributor.roles:
            yield hit_at(
                contributor.el,
                f"{contributor.element} {GENERATIVE_AI} on {resource.label} has no Role",
                resource,
            )


@rule("AI008", "resource-without-disclosure", Severity.INFO, needs_ai_disclosure=True)
def resource_without_disclosure(message: Message) -> Iterator[Hit]:
    """
    A `SoundRecording` or `Video` declares no `ContainsAI`.

    ## What it does
    Reports every sound recording and video of an ERN 4.3.1+ message without a `ContainsAI`
    element (informational in the default policy; an error in `strict`).

    ## Why it matters
    Without a declaration a recipient cannot tell "no AI" from "not disclosed". Declaring
    `None` for human-made audio is cheap and protects it from being labelled by guesswork.

    ## Example
    Add `<ContainsAI>None</ContainsAI>` to a recording made without generative AI.
    """
    for resource in message.resources.values():
        if resource.kind in ("SoundRecording", "Video") and resource.contains_ai is None:
            yield hit_at(resource.el, f"{resource.label} declares no ContainsAI", resource)


@rule("AI009", "release-without-disclosure", Severity.INFO, needs_ai_disclosure=True)
def release_without_disclosure(message: Message) -> Iterator[Hit]:
    """
    A `Release` declares no `ContainsAI`.

    ## What it does
    Reports every `Release` of an ERN 4.3.1+ message without a `ContainsAI` element.
    (`TrackRelease` and `ClipRelease` cannot carry one.)

    ## Why it matters
    The release-level value is what a product page shows. Left out, the store must derive it
    from the resources, or show nothing.

    ## Example
    Add `<ContainsAI>None</ContainsAI>`, `Partly` or `All` after `HiResMusicDescription`.
    """
    for release in message.releases:
        if release.kind == "Release" and release.contains_ai is None:
            yield hit_at(
                release.el, f"Release {release.reference} declares no ContainsAI", release=release
            )


@fix("AI009", "safe")
def fix_release_without_disclosure(message: Message) -> Iterator:
    """Insert the `ContainsAI` every resource of the release declares (All, None, or
    Partly when they differ); no fix while a resource declares nothing."""
    from ddex_ai.fixing.edits import Insert

    for release in message.releases:
        if release.kind != "Release" or release.contains_ai is not None:
            continue
        resources = message.resources_of(release)
        if resources and all(r.contains_ai in (*AI_VALUES, "None") for r in resources):
            yield Insert(release.el, "ContainsAI", derived_release_value(resources))


@rule("AI010", "version-cannot-disclose-ai", Severity.INFO)
def version_cannot_disclose_ai(message: Message) -> Iterator[Hit]:
    """
    The message's ERN version cannot carry AI disclosure.

    ## What it does
    Reports once per `NewReleaseMessage` whose ERN version is older than 4.3.1 (3.x, 4.1 to
    4.3): those versions have no `ContainsAI`, `AiContribution` or `GenerativeAI` credit.

    ## Why it matters
    A delivery in such a version says nothing about generative AI, whatever was used. Stores
    now ask for AI credits (Spotify stops accepting ERN older than 4.3 from 2026-04-01), and
    re-delivery in 4.3.2 is the only way to disclose.

    ## Example
    Re-deliver the release as ERN 4.3.2 (namespace `http://ddex.net/xml/ern/432`) with
    `ContainsAI` on its resources and release.
    """
    if message.carries_resources and not message.version.carries_ai_disclosure:
        yield hit_at_message(
            message,
            f"ERN {message.version} cannot carry AI disclosure (ContainsAI, AiContribution "
            "and GenerativeAI credits exist from ERN 4.3.1 on)",
        )


@rule("AI011", "computer-generated-flag", Severity.WARNING)
def computer_generated_is_not_ai_disclosure(message: Message) -> Iterator[Hit]:
    """
    ERN 3.x `IsComputerGenerated` is `true`: this is not an AI disclosure.

    ## What it does
    Reports a 3.x resource flagged `IsComputerGenerated` = `true`.

    ## Why it matters
    The flag says the recording was "generated by a computer": it predates generative AI and
    says nothing of it. Sequenced or synthesised music is computer generated without any AI;
    a generated vocal may be delivered without the flag. Recipients will not read it as AI
    disclosure.

    ## Example
    Re-deliver in ERN 4.3.2 and declare `ContainsAI` with `GenerativeAI` credits per role.
    """
    for resource in message.resources.values():
        if resource.is_computer_generated:
            yield hit_at(
                resource.is_computer_generated_el,
                f"{resource.label} has IsComputerGenerated true, which says nothing of "
                "generative AI; disclose AI with ContainsAI in ERN 4.3.1+",
                resource,
            )


@rule("AI012", "training-use-granted", Severity.INFO)
def training_use_granted(message: Message) -> Iterator[Hit]:
    """
    A deal grants use for AI training.

    ## What it does
    Reports each deal whose `UseType` is `UseForTrainingGenerativeAI` or
    `UseForTrainingNonGenerativeAI`, once per release it covers, naming the territories.

    ## Why it matters
    These use types are consent: the rights controller authorises the recipient to train AI
    on the release. Artists and labels increasingly require explicit agreement first; a policy
    such as `no-ai-training` turns this finding into an error.

    ## Example
    ```xml
    <UseType>UseForTrainingGenerativeAI</UseType>
    ```
    Remove the use type unless training was agreed with the rights holders.
    """
    known = {r.reference for r in message.releases}
    for deal in message.deals:
        granted = deal.training_use_types
        if not granted:
            continue
        where = _territories(deal.territories, deal.excluded_territories)
        for reference in deal.release_refs or [None]:
            yield Hit(
                f"deal grants {', '.join(granted)} for release {reference or '(none)'} in {where}",
                line=deal.line,
                path=deal.path,
                release=reference if reference in known else None,
            )


def _territories(included: list[str], excluded: list[str]) -> str:
    if excluded:
        return "Worldwide except " + ", ".join(excluded)
    return ", ".join(included) or "no territory named"


ALLOWED_CONTAINS_AI = ("All", "None", "Partly")  # avs:ContainsAI, also AiContribution's type
ALLOWED_SPECIAL = ("GenerativeAI", "Traditional", "UserDefined", "VariousArtists",
                   "AssetsNeeded", "AwaitingMaterials")  # avs:SpecialContributorType  # fmt: skip


def _not_allowed(el, what: str, value: str, allowed: tuple[str, ...], owner) -> Hit:
    kind = {"resource": owner} if isinstance(owner, Resource) else {"release": owner}
    return hit_at(
        el,
        f"{what} {value!r} is not one of its allowed values ({', '.join(allowed)}); it "
        "declares nothing",
        **kind,
    )


@rule("AI015", "ai-value-not-allowed", Severity.ERROR, needs_ai_disclosure=True)
def ai_value_not_allowed(message: Message) -> Iterator[Hit]:
    """
    A `ContainsAI`, `AiContribution`, `SpecialContributor` or `SpecialDisplayArtist` value
    is not one of its allowed values, and the file was not XSD-validated.

    ## What it does
    When no XSD for the file's version was available (`XSD002`), or the policy turned the
    XSD stage off, checks the values the AI rules rely on against the ERN 4.3.2 allowed
    values: `ContainsAI` and `AiContribution` are `All`, `None` or `Partly`;
    `SpecialContributor` and `SpecialDisplayArtist` are `GenerativeAI`, `Traditional`,
    `UserDefined`, `VariousArtists`, `AssetsNeeded` or `AwaitingMaterials`. A validated file
    gets `XSD001` for the same mistake instead.

    ## Why it matters
    The AI rules and the disclosure summary reason from these values. Unvalidated, a
    `<ContainsAI>Maybe</ContainsAI>` would otherwise be summed up as a declaration; it
    declares nothing, and a DSP rejects it.

    ## Example
    `<ContainsAI>partly</ContainsAI>`: the values are case-sensitive, write `Partly`.
    """
    if message.memo.get("xsd_validated"):
        return
    for release in message.releases:
        value = release.contains_ai
        if value is not None and value not in ALLOWED_CONTAINS_AI:
            yield _not_allowed(release.contains_ai_el, "ContainsAI", value, ALLOWED_CONTAINS_AI,
                               release)  # fmt: skip
    for resource in message.resources.values():
        value = resource.contains_ai
        if value is not None and value not in ALLOWED_CONTAINS_AI:
            yield _not_allowed(resource.contains_ai_el, "ContainsAI", value,
                               ALLOWED_CONTAINS_AI, resource)  # fmt: skip
        for contributor in resource.contributors:
            ai = contributor.ai_contribution
            if ai is not None and ai not in ALLOWED_CONTAINS_AI:
                el = contributor.el.find("AiContribution")
                yield _not_allowed(el if el is not None else contributor.el, "AiContribution",
                                   ai, ALLOWED_CONTAINS_AI, resource)  # fmt: skip
            if contributor.special is not None and contributor.special not in ALLOWED_SPECIAL:
                el = contributor.el.find("SpecialContributor")
                yield _not_allowed(el if el is not None else contributor.el,
                                   "SpecialContributor", contributor.special, ALLOWED_SPECIAL,
                                   resource)  # fmt: skip
        for artist in resource.display_artists:
            if artist.special is not None and artist.special not in ALLOWED_SPECIAL:
                el = artist.el.find("SpecialDisplayArtist")
                yield _not_allowed(el if el is not None else artist.el, "SpecialDisplayArtist",
                                   artist.special, ALLOWED_SPECIAL, resource)  # fmt: skip
