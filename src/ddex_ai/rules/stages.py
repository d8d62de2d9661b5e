"""Rules reported by the reading and XSD stages of the pipeline."""

from ddex_ai.findings import Severity
from ddex_ai.rules.registry import stage_rule

stage_rule(
    "IO001",
    "unreadable-file",
    Severity.ERROR,
    """
    The file could not be read at all.

    ## What it does
    Reports an input that cannot be opened or read: a folder named `*.xml`, a file without
    read permission, a broken symbolic link. The file gets status `error`.

    ## Why it matters
    An unread file is an unchecked release. ddex-ai names it so that an audit never loses a
    file silently; the other files of the run are still checked.

    ## Example
    `chmod 000 delivery/R1.xml` makes `delivery/R1.xml` unreadable. Fix the permissions or
    the path and run the check again.
    """,
)

stage_rule(
    "IO002",
    "file-too-large",
    Severity.ERROR,
    """
    The file is larger than `--max-file-size` (default 2 GB) and was not read.

    ## What it does
    Reports an input (a file, or standard input) past the size limit instead of reading it:
    reading stops at the limit, so an endless standard input ends with this finding too. The
    file gets status `error`.

    ## Why it matters
    An ERN message of gigabytes is almost always a mistake (a wrong file, a concatenation),
    and parsing it could exhaust the memory of the machine and end the whole audit.

    ## Example
    `ddex-ai check --max-file-size 4GB huge_boxset.xml` raises the limit for a file that is
    really that large; otherwise split the delivery into one message per release.
    """,
)

stage_rule(
    "ERN001",
    "not-well-formed",
    Severity.ERROR,
    """
    The file is not well-formed XML.

    ## What it does
    Reports the first fatal XML error with its line and column: an unclosed tag, a truncated
    file, bytes that are not text in the declared encoding, an empty file. The file gets status
    `error`: nothing else in it can be checked.

    ## Why it matters
    No DDEX recipient can ingest a file that does not parse; the whole delivery is rejected.

    ## Example
    ```xml
    <SoundRecording>
      <ResourceReference>A1</ResourceReference>
    </SoundRecordin
    ```
    Close the tag as `</SoundRecording>`; a truncated file usually means a failed upload.
    """,
)

stage_rule(
    "ERN002",
    "not-an-ern-message",
    Severity.ERROR,
    """
    The file is not an ERN message ddex-ai knows, or it names its version inconsistently.

    ## What it does
    Reports a root element outside the ERN namespaces `http://ddex.net/xml/ern/<version>`
    (for example a MEAD message, or an undeclared prefix), an unknown ERN version (for example
    `ern/113`), a root that is not a message of that version (`NewReleaseMessage`,
    `PurgeReleaseMessage`, and in 3.x `CatalogListMessage`), and in ERN 3.x a
    `MessageSchemaVersionId` that names another version than the namespace.

    ## Why it matters
    A recipient picks the schema and the ingestion rules from the namespace. A file in the
    wrong namespace is rejected or, worse, read with the wrong rules.

    ## Example
    ```xml
    <ern:NewReleaseMessage xmlns:ern="http://ddex.net/xml/ern/432" AvsVersionId="9" …>
    ```
    Declare the prefix with the namespace of the version the file is written in.
    """,
)

stage_rule(
    "XSD001",
    "schema-invalid",
    Severity.ERROR,
    """
    The message does not validate against the official XSD of its ERN version.

    ## What it does
    Validates the file with libxml2 against `ern/<version>/release-notification.xsd` and
    reports every schema error with its line and element path: a missing or unexpected
    element, a value outside an allowed-value set, a malformed identifier.

    ## Why it matters
    DDEX recipients validate every delivery against the XSD first; an invalid file never
    reaches the AI-disclosure checks of a DSP and is rejected as a whole.

    ## Example
    ```xml
    <SoundRecording><ContainsAI>Some</ContainsAI>…
    ```
    `Some` is not one of `All`, `None`, `Partly`: use an allowed value.
    """,
)

stage_rule(
    "XSD002",
    "schema-unavailable",
    Severity.WARNING,
    """
    The official XSD of the message's ERN version is not available, so it was not validated.

    ## What it does
    Reports, once per file, that no schema for its version was found in the configured schema
    folders (`--schemas DIR`, then `$DDEX_AI_SCHEMAS`), or that the schema found does not
    compile. All other checks still run.

    ## Why it matters
    Without XSD validation a file can pass every AI-disclosure rule and still be rejected by
    its recipient for a schema error.

    ## Example
    Point ddex-ai at a folder laid out as `ern/432/release-notification.xsd`:
    `ddex-ai check --schemas ~/ddex-schemas delivery/`.
    """,
)

stage_rule(
    "INT001",
    "internal-error",
    Severity.ERROR,
    """
    ddex-ai itself failed while checking this file.

    ## What it does
    Reports an unexpected exception inside a rule or stage, with the rule id, instead of
    ending the run. The other rules and files are still checked. `--debug` adds the traceback.

    ## Why it matters
    One odd file must not cost the audit of all the others; but a check that did not run is
    not a pass, so the finding is an error.

    ## Example
    `internal error in rule AI005: KeyError: 'A9'`. Please report it with the file (or a
    reduced copy of it) and the output of `ddex-ai check --debug`.
    """,
)

stage_rule(
    "INT002",
    "too-many-findings",
    Severity.WARNING,
    """
    A file had more findings than `--max-findings-per-file` (default 1,000): the rest are
    counted, not listed.

    ## What it does
    Keeps the first findings of the file and closes the list with one finding that says how
    many more there were, per rule. Its severity is the worst of the findings it stands for,
    so the file's status and the run's exit status are what they would be with every finding
    listed.

    ## Why it matters
    A file broken throughout (a wrong allowed-value set, a generator bug) can have a finding
    per element: hundreds of thousands. Listing them all makes reports unusable and costs
    time and memory out of proportion; the first thousand show what is wrong.

    ## Example
    `and 99,000 more findings not listed (XSD001 99,000); --max-findings-per-file 0 lists
    them all`. Fix the first ones and check again, or raise the limit.
    """,
)

stage_rule(
    "ERN003",
    "dtd-or-entities",
    Severity.ERROR,
    """
    The file uses a DTD, entities or XInclude, which ERN never needs.

    ## What it does
    Reports a `<!DOCTYPE …>` (with the entities it declares, and any external DTD it names),
    and `xi:include` elements. ddex-ai neither loads nor expands any of it: an entity stays
    unexpanded, an external DTD or entity is not fetched, an XInclude is not processed. A file
    whose entities are an expansion attack ("billion laughs", quadratic blow-up, entity loops)
    is refused outright and gets status `error`.

    ## Why it matters
    DDEX messages are validated against XML Schemas; none uses a DTD or an entity. These
    constructs are how XML attacks read files (`<!ENTITY x SYSTEM "file:///etc/passwd">`),
    reach internal servers, or exhaust memory in a recipient's ingestion system; a delivery
    that carries them is at best rejected.

    ## Example
    ```xml
    <!DOCTYPE ern:NewReleaseMessage [<!ENTITY label "Northwind Records">]>
    ```
    Remove the DOCTYPE and write the text itself where `&label;` stood.
    """,
)

stage_rule(
    "XSD003",
    "avs-newer-than-schema",
    Severity.INFO,
    """
    The message's AvsVersionId is newer than the allowed-value sets of the schema used.

    ## What it does
    Compares the `AvsVersionId` of the message's root with the AVS version documented in the
    allowed-value-sets XSD the message was validated with (ERN 4.3 and later document it).

    ## Why it matters
    DDEX adds values to its allowed-value sets (AVS 9 added `UseForTrainingGenerativeAI`).
    A message written against a newer AVS than the installed schema may use values the
    schema does not know yet, and get XSD001 errors that the recipient would not report.

    ## Example
    `AvsVersionId="10"` checked with a 4.3.2 schema carrying AVS 9: install the newer set
    with `ddex-ai schemas fetch 4.3.2`.
    """,
)

stage_rule(
    "RP099",
    "unknown-release-profile",
    Severity.WARNING,
    """
    The message names a release profile (or variant) ddex-ai does not know: no profile
    checks ran.

    ## What it does
    Reports a `ReleaseProfileVersionId` that is none of release profile 2.1's Audio,
    SimpleAudioSingle, Video, SimpleVideoSingle, MixedMedia, Ringtone, DjMix and
    LongFormMusicalWorkVideo, and a `ReleaseProfileVariantVersionId` that names neither
    BoxedSet nor Classical. The file's `profile` is `null` (for an unknown variant, the
    profile is checked without it).

    ## Why it matters
    A recipient that does not know the profile cannot apply its rules either, and the
    delivery goes unchecked or is rejected. Older profile names (1.x, such as
    `CommonReleaseTypes/14/AudioAlbumMusicOnly`) belong to ERN 3.

    ## Example
    `ReleaseProfileVersionId="AudioAlbum"`: name `Audio`, or check against a profile with
    `--profile Audio`.
    """,
)
