"""Read one ERN file safely and tell which ERN version and message type it is.

The parser never touches the network, never loads a DTD and never expands entities, so
reading a hostile file cannot make the tool fetch or read anything else.
"""

from __future__ import annotations

import mmap
import os
import re
import stat
from dataclasses import field

from lxml import etree

from ddex_ai.findings import Hit
from ddex_ai.opening import OPEN_FLAGS
from ddex_ai.records import record
from ddex_ai.unsafe_markup import USES_DTD, RefuseExternal, entity_attack, markup_hits
from ddex_ai.versions import (
    KNOWN_VERSIONS,
    ErnVersion,
    namespace_code,
    schema_version_id_code,
    version_from_code,
)

# Rule ids of the findings this stage produces.
IO_ERROR = "IO001"
TOO_LARGE = "IO002"
NOT_WELL_FORMED = "ERN001"
NOT_ERN = "ERN002"


def safe_parser(huge: bool = False, keep_whitespace: bool = False) -> etree.XMLParser:
    """A parser that reads only the bytes it is given (whitespace between elements kept only
    for those who write the file back)."""
    parser = etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=huge,
        # ERN has no mixed content: dropping whitespace between elements makes parsing and
        # validation about 13% faster and changes no line number or value.
        remove_blank_text=not keep_whitespace,
    )
    parser.resolvers.add(RefuseExternal())
    return parser


@record(slots=True)
class LoadedMessage:
    tree: etree._ElementTree
    version: ErnVersion
    message_type: str
    # The SCREENED attribute names the file's bytes never spell (so no element has them).
    absent: frozenset[str] = frozenset()


@record(slots=True)
class LoadResult:
    """A parsed ERN message, or the reason there is none; plus findings either way."""

    message: LoadedMessage | None = None
    hits: list[tuple[str, Hit]] = field(default_factory=list)
    # The file could not be read or parsed: nothing further can be checked.
    unreadable: bool = False
    # The version even when the message is refused (e.g. its root is not a message type).
    version: ErnVersion | None = None
    size: int | None = None  # bytes read


# Attribute names rules look for anywhere in a message (the profile rules' IsDefault and
# UserDefinedValue scan): libxml2's XPath for one walks the whole tree (0.2 s on a 51 MB
# album), while the file's bytes tell in microseconds that it has none.
SCREENED = (b"IsDefault", b"UserDefinedValue")
_BOM = b"\xef\xbb\xbf"


def absent_names(data) -> frozenset[str]:
    """The SCREENED names ``data`` (a document's bytes, or a map of them) never spells;
    none when its encoding may not spell ASCII as ASCII (UTF-16, UTF-32, EBCDIC)."""
    head = data[:64]
    head = head[len(_BOM) :] if head.startswith(_BOM) else head
    head = head.lstrip(b" \t\r\n")
    if len(head) < 2 or head[0] != 0x3C or head[1] == 0:  # "<", then not UTF-16's zero
        return frozenset()
    return frozenset(name.decode() for name in SCREENED if data.find(name) < 0)


def _absent_in_file(fd: int) -> frozenset[str]:
    try:
        with mmap.mmap(fd, 0, access=mmap.ACCESS_READ) as mapped:
            return absent_names(mapped)
    except (OSError, ValueError):  # not mappable: the rules scan the tree instead
        return frozenset()


# Files larger than this are parsed from the open file instead of from a copy of their bytes.
LARGE_FILE = 8 * 1024 * 1024

_parsers: dict[bool, etree.XMLParser] = {}


def _parser(huge: bool = False) -> etree.XMLParser:
    if huge not in _parsers:
        _parsers[huge] = safe_parser(huge)
    return _parsers[huge]


# Past this a file gets IO002 instead of being read (``--max-file-size``).
DEFAULT_MAX_SIZE = 2 * 1000**3

_KINDS = {
    stat.S_IFIFO: "a FIFO (named pipe)",
    stat.S_IFCHR: "a character device",
    stat.S_IFBLK: "a block device",
    stat.S_IFSOCK: "a socket",
    stat.S_IFDIR: "a directory",
}


def not_a_file(mode: int) -> str:
    return f"not a regular file: it is {_KINDS.get(stat.S_IFMT(mode), 'a special file')}"


def too_large(size: int | str, limit: int) -> LoadResult:
    return unreadable(
        TOO_LARGE,
        f"not read: the file is {size} bytes, more than --max-file-size {limit} bytes",
    )


def load_file(path: str, max_size: int = DEFAULT_MAX_SIZE) -> LoadResult:
    try:
        fd = os.open(path, OPEN_FLAGS)
    except FileNotFoundError as exc:
        if os.path.islink(path):
            target = os.readlink(path)
            return unreadable(IO_ERROR, f"cannot read file: broken symbolic link (to {target})")
        return unreadable(IO_ERROR, f"cannot read file: {exc.strerror or exc}")
    except OSError as exc:
        try:  # a socket cannot be opened at all: say what it is
            mode = os.stat(path).st_mode
        except OSError:
            mode = stat.S_IFREG
        if not stat.S_ISREG(mode):
            return unreadable(IO_ERROR, not_a_file(mode))
        return unreadable(IO_ERROR, f"cannot read file: {exc.strerror or exc}")
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            return unreadable(IO_ERROR, not_a_file(info.st_mode))
        if info.st_size > max_size:
            return too_large(info.st_size, max_size)
        os.set_blocking(fd, True)
        with open(fd, "rb", closefd=False) as handle:  # read-only: inputs are never modified
            if info.st_size <= LARGE_FILE:
                # Ask for the size known (read(n) allocates n bytes first: the limit, 2 GB,
                # cost 0.1 ms a file); past it only if the file grew while read.
                data = handle.read(info.st_size + 1)
                if len(data) > info.st_size:
                    data += handle.read(max_size + 1 - len(data))
                return load_bytes(data, max_size)
            result = _load(lambda parser: etree.parse(handle, parser).getroot(), handle.seek)
            result.size = info.st_size
            if result.message is not None:
                result.message.absent = _absent_in_file(fd)
            return result
    except OSError as exc:
        return unreadable(IO_ERROR, f"cannot read file: {exc.strerror or exc}")
    finally:
        os.close(fd)


def load_bytes(data: bytes, max_size: int = DEFAULT_MAX_SIZE) -> LoadResult:
    if len(data) > max_size:  # a file that grew while read, or standard input
        return too_large(f"at least {len(data)}", max_size)
    if not data.strip():
        result = unreadable(NOT_WELL_FORMED, "not well-formed XML: the file is empty", line=1)
    else:
        result = _load(lambda parser: etree.fromstring(data, parser))
        if result.message is not None:
            result.message.absent = absent_names(data)
    result.size = len(data)
    return result


def _load(parse, rewind=None) -> LoadResult:
    """Parse with libxml2's default limits; past them (a huge text node, very deep nesting)
    parse once more with ``huge_tree`` (still with no entity expansion)."""
    for huge in (False, True):
        parser = _parser(huge)
        try:
            root = parse(parser)
        except etree.XMLSyntaxError as exc:
            # The parser's log holds this parse only; the exception's may hold earlier ones.
            errors = list(parser.error_log)
            attack = entity_attack(errors)
            if attack:
                return unreadable(
                    USES_DTD, f"refused: the file's entities are an attack ({attack})"
                )
            if not huge and any(e.type_name == "ERR_RESOURCE_LIMIT" for e in errors):
                if rewind is not None:
                    rewind(0)
                continue
            return _syntax_error(exc, errors)
        tree = root.getroottree()
        result = identify(tree)
        result.hits[:0] = [(USES_DTD, hit) for hit in markup_hits(tree)]
        return result
    raise AssertionError("unreachable")


def identify(tree: etree._ElementTree) -> LoadResult:
    """Name the ERN version and message type of a parsed document."""
    root = tree.getroot()
    qname = etree.QName(root)
    here = {"line": root.sourceline, "path": "/" + qname.localname}
    code = namespace_code(qname.namespace)
    if qname.namespace is None:
        return _refused(
            f"not an ERN message: root element <{qname.localname}> has no namespace "
            f"(an ERN message's root is in {KNOWN_VERSIONS[-1].namespace} or another "
            "http://ddex.net/xml/ern/<version> namespace)",
            **here,
        )
    if code is None:
        return _refused(
            f"not an ERN message: root element <{qname.localname}> is in namespace "
            f"{qname.namespace}",
            **here,
        )
    version = version_from_code(code)
    if version is None:
        known = ", ".join(v.label for v in KNOWN_VERSIONS)
        return _refused(
            f"unknown ERN version: namespace {qname.namespace} (known versions: {known})", **here
        )
    if qname.localname not in version.message_types:
        expected = ", ".join(version.message_types)
        result = _refused(
            f"<{qname.localname}> is not an ERN {version} message (expected {expected})", **here
        )
        result.version = version
        return result
    result = LoadResult(LoadedMessage(tree, version, qname.localname), version=version)
    if version.major == 3:
        _check_schema_version_id(root, version, result, here)
    return result


def _check_schema_version_id(
    root: etree._Element, version: ErnVersion, result: LoadResult, here: dict
) -> None:
    declared = root.get("MessageSchemaVersionId")
    if declared is None:
        return  # the XSD reports a missing required attribute
    code = schema_version_id_code(declared)
    if code == version.code:
        return
    named = version_from_code(code) if code else None
    what = f"ERN {named}" if named else "no known ERN version"
    result.hits.append(
        (
            NOT_ERN,
            Hit(
                f"MessageSchemaVersionId {declared!r} names {what}, but the namespace is "
                f"ERN {version}; checked as ERN {version}",
                **here,
            ),
        )
    )


def _syntax_error(exc: etree.XMLSyntaxError, errors: list) -> LoadResult:
    fatal = [e for e in errors if e.level_name == "FATAL"]
    if errors and not fatal and all(e.domain_name == "NAMESPACE" for e in errors):
        # Well-formed XML whose prefixes are not declared: it has no ERN namespace.
        first = errors[0]
        return _refused(f"not an ERN message: {first.message}", line=first.line)
    first = fatal[0] if fatal else (errors[0] if errors else None)
    if first is None:
        line, column = exc.lineno, None
        text = str(exc)
    else:  # the line and column are the finding's own, not repeated in its message
        line, column = first.line, first.column or None
        text = _TRAILING_LINE_RE.sub("", first.message)  # libxml2 may name the line too
    return unreadable(
        NOT_WELL_FORMED, f"not well-formed XML: {text}", line=line or None, column=column
    )


_TRAILING_LINE_RE = re.compile(r"\s+line \d+\s*$")


def unreadable(
    rule: str, message: str, line: int | None = None, column: int | None = None
) -> LoadResult:
    return LoadResult(hits=[(rule, Hit(message, line=line, column=column))], unreadable=True)


def _refused(message: str, line: int | None = None, path: str | None = None) -> LoadResult:
    return LoadResult(hits=[(NOT_ERN, Hit(message, line=line, path=path))])
