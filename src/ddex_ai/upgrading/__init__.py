"""``ddex-ai upgrade``: bring an ERN 4.3 (or 4.2) message to 4.3.2, the version that can
carry AI disclosure, without losing anything it says.

The message must be valid in its version; a 4.2 one goes through 4.3, a step at a time. At
each step it is walked with both versions' XSD types (``walk``), written back with its
prolog and root tag as they were (``splice``), and the result must validate against the
next XSD and say the same about every release (``summary``). When anything would be lost or
the result would not be valid, no bytes are returned and the outcome says why."""

from __future__ import annotations

from collections import Counter
from dataclasses import field
from pathlib import Path

from lxml import etree

from ddex_ai.records import record
from ddex_ai.schema_loader import SchemaFiles, SchemaStore, SchemaUnavailable
from ddex_ai.versions import version_from_code
from ddex_ai.xsd_stage import refusals

TARGETS = ("4.3.2",)


@record
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


def _invalid(tree, schema) -> str | None:
    """None when the schema accepts the tree, else its first error (as libxml2 words it)."""
    log = refusals(tree, schema)
    return None if log is None else _first_error(log)


def _first_error(log) -> str:
    error = log[0] if len(log) else None
    if error is None:
        return "invalid"
    message = error.message.split(" is not an element of the set")[0]
    return f"line {error.line}: {message}"


def _chains() -> dict[str, tuple]:
    """The mappings that take a version's messages to the target, in order."""
    from ddex_ai.upgrading.ern42 import ERN_42_TO_43
    from ddex_ai.upgrading.ern43 import ERN_43_TO_432

    return {"4.3": (ERN_43_TO_432,), "4.2": (ERN_42_TO_43, ERN_43_TO_432)}


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
    listed in ``losses`` instead of stopping the upgrade. A 4.2 message goes through 4.3,
    valid at each step."""
    from ddex_ai.instance_loader import DEFAULT_MAX_SIZE, load_bytes

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
    chain = _chains().get(version.label)
    if chain is None:
        outcome.problems.append(
            f"not upgraded: upgrading from ERN {version} is not supported "
            f"(from ERN {' and '.join(sorted(_chains()))} it is)"
        )
        return outcome
    schemas = {}
    for label in [version.label] + [m.target for m in chain]:
        schema = store.get(version_from_code(label))
        if isinstance(schema, SchemaUnavailable):
            outcome.problems.append(f"not upgraded: {schema.reason}")
            return outcome
        schemas[label] = schema
    error = _invalid(loaded.message.tree, schemas[version.label])
    if error is not None:
        outcome.problems.append(
            f"not upgraded: not valid ERN {version.label} ({error}); fix that first"
        )
        return outcome
    step = (data, loaded.message)
    for mapping in chain:
        step = _step(step, mapping, schemas, outcome, untyped_titles, allow_loss)
        if step is None:
            return outcome
    outcome.upgraded = step[0]
    return outcome


def _step(step, mapping, schemas, outcome, untyped_titles, allow_loss):
    """One version further: (bytes, loaded message) of the result, or None (``outcome``
    then says why)."""
    from ddex_ai.instance_loader import DEFAULT_MAX_SIZE, load_bytes, safe_parser
    from ddex_ai.upgrading import splice
    from ddex_ai.upgrading.summary import release_summary
    from ddex_ai.upgrading.walk import TreeWalk

    data, message = step
    to = mapping.target
    old_code, new_code = message.version.code, version_from_code(to).code
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
        return None
    walk = TreeWalk(
        _tables(schemas[mapping.source].files),
        _tables(schemas[to].files),
        mapping,
        untyped=untyped_titles,
        allow_loss=allow_loss,
    )
    walk.run(root)
    outcome.changes.update(walk.changes)
    outcome.changes[f"namespace ern/{old_code} -> ern/{new_code}"] += 1
    outcome.losses += walk.losses
    if walk.losses and not allow_loss:
        outcome.problems.append(
            f"not upgraded: {len(walk.losses)} thing(s) would be lost in ERN {to}"
        )
        return None
    body = splice.content(root, encoding)
    if b"\r\n" in data[: parts.body]:  # the parser read CRLF as LF: write them back
        body = body.replace(b"\n", b"\r\n")
    upgraded = data[: parts.start] + root_tag + body + data[parts.end :]
    check = load_bytes(upgraded, max(DEFAULT_MAX_SIZE, len(upgraded)))
    if check.message is None:
        error = "unreadable"
    elif check.message.version.label != to:
        error = "invalid"
    else:
        error = _invalid(check.message.tree, schemas[to])
    if error is not None:
        outcome.problems.append(f"not upgraded: the result would not be valid ERN {to} ({error})")
        return None
    before = release_summary(message.tree.getroot(), skip=walk.dropped)
    after = release_summary(check.message.tree.getroot())
    if before != after:
        changed = next(
            (b["reference"] for b, a in zip(before, after, strict=False) if b != a), "a release"
        )
        outcome.problems.append(
            f"not upgraded: release {changed} would not say the same after the upgrade"
        )
        return None
    return upgraded, check.message
