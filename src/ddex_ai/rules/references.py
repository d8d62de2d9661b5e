"""Reference checks the XSD cannot do."""

from collections.abc import Iterator

from ddex_ai.findings import Hit, Severity
from ddex_ai.model import Message, reference_elements
from ddex_ai.model.references import ANCHOR_ELEMENTS
from ddex_ai.model.xml import path_of, text
from ddex_ai.rules.registry import rule


@rule("REF001", "dangling-reference", Severity.ERROR)
def dangling_reference(message: Message) -> Iterator[Hit]:
    """
    A reference points to a party, resource or release the message does not define.

    ## What it does
    Checks that every `ContributorPartyReference`, `ArtistPartyReference`,
    `ReleaseLabelReference`, `RightsControllerPartyReference` and
    `RecordCompanyPartyReference` matches a `PartyList/Party/PartyReference`; every
    `ReleaseResourceReference`, `LinkedReleaseResourceReference` and `DealResourceReference`
    a `ResourceReference`; every `DealReleaseReference` a `ReleaseReference`. ERN 3.x is
    checked for the references it has.

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
    anchors = {kind: message.anchors(kind) for kind in ANCHOR_ELEMENTS}
    for el, target in reference_elements(message.root):
        value = text(el) or ""
        if value not in anchors[target]:
            yield Hit(
                f"{el.tag} {value!r} matches no {ANCHOR_ELEMENTS[target]}",
                line=el.sourceline,
                path=path_of(el),
            )
