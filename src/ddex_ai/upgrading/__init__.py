"""``ddex-ai upgrade``: bring an ERN 4.3 message to 4.3.2, the version that can carry AI
disclosure, without losing anything it says.

The message must be valid ERN 4.3; it is walked with both versions' XSD types
(``walk``), written back with its prolog and root tag as they were (``splice``), and the
result must validate against the 4.3.2 XSD and say the same about every release
(``summary``). When anything would be lost or the result would not be valid, no bytes are
returned and the outcome says why."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from ddex_ai.schema_loader import SchemaFiles, SchemaStore, SchemaUnavailable
from ddex_ai.versions import version_from_code

TARGETS = ("4.3.2",)


@dataclass
class UpgradeOutcome:
    path: str
    original: bytes
    source: str | None = None  # the message's ERN version
    target: str = "4.3.2"
    upgraded: bytes | None = None  # None: not upgraded (see ``problems``)
    changes: Counter = field(default_factory=Counter)  # what changed -> how often
    losses: list[str] = field(default_factory=list)  # what the target cannot carry
    problems: list[str] = field(default_factory=list)  # why there are no bytes

    @property
    def current(self) -> bool:
        """Already at the target version: ``upgraded`` is the original."""
        return self.source == self.target

    @property
    def ok(self) -> bool:
        return self.upgraded is not None


_TABLES: dict[tuple[Path, str], object] = {}


def _tables(files: SchemaFiles):
    """An XSD's tables, read once per process."""
    from ddex_ai.upgrading.xsd_tables import read_tables

    key = (files.path, files.sha256)
    if key not in _TABLES:
        _TABLES[key] = read_tables(files)
    return _TABLES[key]


def _first_error(log) -> str:
    error = log[0] if len(log) else None
    if error is None:
        return "invalid"
    message = error.message.split(" is not an element of the set")[0]
    return f"line {error.line}: {message}"


def upgrade_bytes(
    data: bytes,
    path: str,
    store: SchemaStore,
    to: str = "4.3.2",
    *,
    untyped_titles: str = "auto",
    allow_loss: bool = False,
) -> UpgradeOutcome:
    """The message upgraded to ``to``. ``untyped_titles``: ``"auto"`` maps an AdditionalTitle
    without TitleType as ``ern43.ERN_43_TO_432`` says, ``"refuse"`` counts it a loss.
    ``allow_loss``: what has no place in the target is dropped (left as an XML comment) and
    listed in ``losses`` instead of stopping the upgrade."""
    from ddex_ai.instance_loader import DEFAULT_MAX_SIZE, load_bytes, safe_parser
    from ddex_ai.upgrading import splice
    from ddex_ai.upgrading.ern43 import ERN_43_TO_432
    from ddex_ai.upgrading.summary import release_summary
    from ddex_ai.upgrading.walk import TreeWalk

    outcome = UpgradeOutcome(path, data, target=to)
    if to not in TARGETS:
        outcome.problems.append(f"cannot upgrade to ERN {to}: only to {', '.join(TARGETS)}")
        return outcome
    loaded = load_bytes(data, DEFAULT_MAX_SIZE)
    if loaded.message is None:
        reason = loaded.hits[0][1].message if loaded.hits else "not an ERN message"
        outcome.problems.append(f"not upgraded: {reason}")
        return outcome
    version = loaded.message.version
    outcome.source = version.label
    if outcome.current:
        outcome.upgraded = data
        return outcome
    mapping = ERN_43_TO_432
    if version.label != mapping.source:
        outcome.problems.append(
            f"not upgraded: upgrading from ERN {version} is not supported "
            f"(ERN {mapping.source} to {to} is)"
        )
        return outcome
    schemas = {}
    for label in (mapping.source, to):
        schema = store.get(version_from_code(label))
        if isinstance(schema, SchemaUnavailable):
            outcome.problems.append(f"not upgraded: {schema.reason}")
            return outcome
        schemas[label] = schema
    if not schemas[mapping.source].validator.validate(loaded.message.tree):
        error = _first_error(schemas[mapping.source].validator.error_log)
        outcome.problems.append(
            f"not upgraded: not valid ERN {mapping.source} ({error}); fix that first"
        )
        return outcome
    old_code, new_code = version.code, version_from_code(to).code
    try:
        parts = splice.locate(data)
        root_tag = splice.start_tag(
            data[parts.start : parts.body], old_code, new_code, schemas[to].avs_version
        )
        patched = data[: parts.start] + root_tag + data[parts.body :]
        root = etree.fromstring(patched, safe_parser(huge=True, keep_whitespace=True))
        encoding = root.getroottree().docinfo.encoding or "UTF-8"
        if not splice.ascii_compatible(encoding):
            raise splice.NotSpliceable(f"files in {encoding} are not upgraded")
    except (splice.NotSpliceable, etree.XMLSyntaxError) as exc:
        outcome.problems.append(f"not upgraded: {exc}")
        return outcome
    walk = TreeWalk(
        _tables(schemas[mapping.source].files),
        _tables(schemas[to].files),
        mapping,
        untyped=untyped_titles,
        allow_loss=allow_loss,
    )
    walk.run(root)
    outcome.changes = walk.changes
    outcome.changes[f"namespace ern/{old_code} -> ern/{new_code}"] += 1
    outcome.losses = walk.losses
    if walk.losses and not allow_loss:
        outcome.problems.append(
            f"not upgraded: {len(walk.losses)} thing(s) would be lost in ERN {to}"
        )
        return outcome
    body = splice.content(root, encoding)
    if b"\r\n" in data[: parts.body]:  # the parser read CRLF as LF: write them back
        body = body.replace(b"\n", b"\r\n")
    upgraded = data[: parts.start] + root_tag + body + data[parts.end :]
    check = load_bytes(upgraded, max(DEFAULT_MAX_SIZE, len(upgraded)))
    if (
        check.message is None
        or check.message.version.label != to
        or not schemas[to].validator.validate(check.message.tree)
    ):
        error = _first_error(schemas[to].validator.error_log) if check.message else "unreadable"
        outcome.problems.append(f"not upgraded: the result would not be valid ERN {to} ({error})")
        return outcome
    before = release_summary(loaded.message.tree.getroot(), skip=walk.dropped)
    after = release_summary(check.message.tree.getroot())
    if before != after:
        changed = next(
            (b["reference"] for b, a in zip(before, after, strict=False) if b != a), "a release"
        )
        outcome.problems.append(
            f"not upgraded: release {changed} would not say the same after the upgrade"
        )
        return outcome
    outcome.upgraded = upgraded
    return outcome


def upgrade_file(path: str | Path, store: SchemaStore, to: str = "4.3.2") -> UpgradeOutcome:
    with open(path, "rb") as handle:
        return upgrade_bytes(handle.read(), str(path), store, to)
