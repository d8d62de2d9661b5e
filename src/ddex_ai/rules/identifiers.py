"""Identifier rules: the check characters of ISRC, ICPN, GRid, ISNI, ISWC, ISMN and ISBN,
verified wherever the identifiers occur, in every ERN version, profile or not."""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterator

from ddex_ai.checkdigits import (
    ISRC_COUNTRY_CODES,
    ISRC_RE,
    gs1_check,
    isbn_check,
    ismn_check,
    iswc_check,
    mod11_2_check,
    mod37_36_check,
)
from ddex_ai.findings import Hit, Severity
from ddex_ai.model import Message
from ddex_ai.model.index import elements
from ddex_ai.model.xml import path_of
from ddex_ai.rules.registry import rule

WHY = """
    Recipients match releases, recordings, works and parties by these identifiers. A value
    with a wrong check character is almost always a typing or copying error: it identifies
    nothing, or another product, so sales, streams, royalties and AI credits go to the wrong
    place or nowhere. The release profiles check only the shape; no other public tool checks
    the check character.
"""


def _with_why(check):
    """Put the shared "why it matters" into a rule's docstring."""
    why = "\n    ".join(inspect.cleandoc(WHY).splitlines())
    check.__doc__ = check.__doc__.replace("{why}", why)
    return check


def _values(message: Message, tag: str) -> Iterator[tuple[object, str]]:
    for el in elements(message, tag):
        value = (el.text or "").strip()
        if value:
            yield el, value


def _verify(
    message: Message, tag: str, check: Callable[[str], str | None], shape: str
) -> Iterator[Hit]:
    for el, value in _values(message, tag):
        expected = check(value)
        if expected is None:
            yield _hit(
                el, f"{tag} {value!r} is not {shape}: its check character cannot be verified"
            )
        elif value[-1].upper() != expected:
            yield _hit(
                el,
                f"{tag} {value} has check character {value[-1]}; expected "
                f"{expected} ({value[:-1]}{expected})",
            )


def _hit(el, message: str) -> Hit:
    return Hit(message, line=el.sourceline, path=path_of(el))


@rule("ID001", "isrc-invalid", Severity.ERROR)
@_with_why
def isrc_invalid(message: Message) -> Iterator[Hit]:
    """
    An `ISRC` is not 12 characters CC-XXX-YY-NNNNN, or its country code does not exist.

    ## What it does
    Checks every `ISRC` of the message (resources, TrackReleases, cues): two letters of an
    ISO 3166-1 country (or the ISRC prefixes FX, QM, QZ, UK, CP, DG, ZZ), three alphanumeric
    registrant characters, two digits of the year and five of the designation, uppercase and
    without hyphens (ISO 3901). An ISRC has no check digit: the country code is what can be
    verified.

    ## Why it matters
    {why}

    ## Example
    `<ISRC>XXNWR2600001</ISRC>`: XX is no country; `<ISRC>GB-NWR-26-00001</ISRC>`: write
    GBNWR2600001.
    """
    for el, value in _values(message, "ISRC"):
        if not ISRC_RE.fullmatch(value):
            yield _hit(
                el, f"ISRC {value!r} is not 12 characters CC XXX YY NNNNN (uppercase, no hyphens)"
            )
        elif value[:2] not in ISRC_COUNTRY_CODES:
            yield _hit(
                el,
                f"ISRC {value} starts with {value[:2]}, which is no ISO 3166 country "
                "code nor an ISRC prefix (FX, QM, QZ, UK, CP, DG, ZZ)",
            )


@rule("ID002", "icpn-check-digit", Severity.ERROR)
@_with_why
def icpn_check_digit(message: Message) -> Iterator[Hit]:
    """
    An `ICPN` (EAN-13, UPC-A, EAN-8 or GTIN-14) has a wrong check digit.

    ## What it does
    Verifies the GS1 mod-10 check digit (the last digit) of every `ICPN`, and reports one
    that is not 8, 12, 13 or 14 digits. The message names the digit expected.

    ## Why it matters
    {why}

    ## Example
    `<ICPN>5060000000000</ICPN>`: the check digit of 506000000000 is 9, so the barcode is
    5060000000009.
    """
    yield from _verify(message, "ICPN", gs1_check, "8, 12, 13 or 14 digits")


@rule("ID003", "grid-check-character", Severity.ERROR)
@_with_why
def grid_check_character(message: Message) -> Iterator[Hit]:
    """
    A `GRid` has a wrong check character (ISO 7064 MOD 37-36).

    ## What it does
    Verifies the 18th character of every `GRid` (identifier scheme, issuer code, release
    number, check character), and reports one that is not 18 letters and digits.

    ## Why it matters
    {why}

    ## Example
    `<GRid>A12425GABC1234002X</GRid>`: the check character of A12425GABC1234002 is M.
    """
    yield from _verify(message, "GRid", mod37_36_check, "18 letters and digits")


def _isni_elements(message: Message) -> Iterator[tuple[object, str]]:
    yield from _values(message, "ISNI")
    for el in elements(message, "PartyId"):  # ERN 3: <PartyId IsISNI="true">
        value = (el.text or "").strip()
        if el.get("IsISNI") == "true" and value:
            yield el, value


@rule("ID004", "isni-check-character", Severity.ERROR)
@_with_why
def isni_check_character(message: Message) -> Iterator[Hit]:
    """
    An ISNI has a wrong check character (ISO 7064 MOD 11-2).

    ## What it does
    Verifies the 16th character of every `ISNI` element (and ERN 3's
    `PartyId IsISNI="true"`), and reports one that is not 15 digits and a check character.

    ## Why it matters
    {why}

    ## Example
    `<ISNI>0000000218250098</ISNI>`: the check character of 000000021825009 is 7.
    """
    for el, value in _isni_elements(message):
        expected = mod11_2_check(value)
        tag = el.tag
        if expected is None:
            yield _hit(
                el,
                f"{tag} {value!r} is not 15 digits and a check character: its check "
                "character cannot be verified",
            )
        elif value[-1].upper() != expected:
            yield _hit(
                el,
                f"{tag} {value} has check character {value[-1]}; expected {expected} "
                f"({value[:-1]}{expected})",
            )


@rule("ID005", "iswc-check-digit", Severity.ERROR)
@_with_why
def iswc_check_digit(message: Message) -> Iterator[Hit]:
    """
    An `ISWC` has a wrong check digit.

    ## What it does
    Verifies the last digit of every `ISWC` written T + 9 digits + check digit (ISO 15707),
    and reports one of another shape (hyphens and dots are not part of the value in ERN).

    ## Why it matters
    {why}

    ## Example
    `<ISWC>T0345246802</ISWC>`: the check digit of T-034.524.680 is 1.
    """
    yield from _verify(message, "ISWC", iswc_check, "T followed by 10 digits")


@rule("ID006", "ismn-check-digit", Severity.ERROR)
@_with_why
def ismn_check_digit(message: Message) -> Iterator[Hit]:
    """
    An `ISMN` has a wrong check digit.

    ## What it does
    Verifies the check digit of every `ISMN`: 13 digits starting 9790 (EAN-13), or the
    older M + 9 digits.

    ## Why it matters
    {why}

    ## Example
    `<ISMN>9790260000437</ISMN>`: the check digit of 979026000043 is 8.
    """
    yield from _verify(message, "ISMN", ismn_check, "13 digits starting 9790 or M + 9 digits")


@rule("ID007", "isbn-check-digit", Severity.ERROR)
@_with_why
def isbn_check_digit(message: Message) -> Iterator[Hit]:
    """
    An `ISBN` has a wrong check digit.

    ## What it does
    Verifies the check character of every `ISBN`: ISBN-13 (prefix 978 or 979, EAN-13 check
    digit) or ISBN-10 (mod 11, X for 10).

    ## Why it matters
    {why}

    ## Example
    `<ISBN>9780306406158</ISBN>`: the check digit of 978030640615 is 7.
    """
    yield from _verify(message, "ISBN", isbn_check, "an ISBN-13 or ISBN-10")
