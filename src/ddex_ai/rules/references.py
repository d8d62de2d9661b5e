"""Reference checks the XSD cannot do."""

from collections.abc import Iterator

from ddex_ai.findings import Hit, Severity
from ddex_ai.model import Message
from ddex_ai.model.references import ANCHOR_NAMES, reference_elements, reference_index
from ddex_ai.model.xml import path_of
from ddex_ai.rules.registry import rule


@rule("REF001", "dangling-reference", Severity.ERROR)
def dangling_reference(message: Message) -> Iterator[Hit]:
    """
    A reference points to a party, resource or release the message does not define.

    ## What it does
    Checks that every element the version's XSD types as a message-local reference (an
    `xs:IDREF`: `ContributorPartyReference`, `DisplayCreditParty`, `CharacterPartyReference`,
    `PartyRelatedPartyReference`, `ReleaseResourceReference`, `DealReleaseReference`,
    `ReleaseVisibilityReference`, `VideoCueSheetReference`, … 21 to 25 of them per version)
    matches an anchor of its kind: a `PartyReference` for `P…`, a `ResourceReference` for
    `A…`, a `ReleaseReference` for `R…`, a `VisibilityReference` for `V…`, and so on. The
    table of reference elements is derived from each version's XSD (a test checks it against
    every version). `ReleaseVisibilityReference` is checked only in messages with a
    `DealList`: the visibility it names lives there, and a message without deals (DDEX's
    own classical sample) cannot define it.

    ## Why it matters
    The XSD types these references as IDREFs, but libxml2 (like most validators) does not
    check that they resolve. A dangling reference drops a credit, a track or a deal at the
    recipient: an AI credit that points nowhere is an AI credit that is never shown.

    ## Example
    ```xml
    <Contributor>
      <ContributorPartyReference>P_VOCALIST</ContributorPartyReference>
    ```
    with no `<Party><PartyReference>P_VOCALIST</PartyReference>…` in the `PartyList`.
    Add the party, or correct the reference.
    """
    referenced, anchors = reference_index(message)
    no_deals = message.root.find("DealList") is None
    dangling = {
        letter: missing
        for letter, values in referenced.items()
        if not (letter == "V" and no_deals) and (missing := values - anchors.get(letter, set()))
    }
    if not dangling:
        return
    for el, letter in reference_elements(message.root, message.version):
        value = (el.text or "").strip()
        if value in dangling.get(letter, ()):
            yield Hit(
                f"{el.tag} {value!r} matches no {ANCHOR_NAMES.get(letter, letter)}",
                line=el.sourceline,
                path=path_of(el),
            )
