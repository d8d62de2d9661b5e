"""Check digits of the identifiers ERN messages carry (ISO and GS1 algorithms).

Each ``*_check`` function takes the identifier without separators and returns the check
character it must end with, or None when the identifier's shape is wrong (so no check
character can be computed).
"""

from __future__ import annotations

import re

_ALNUM = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"

# ISO 3166-1 alpha-2 codes and the ISRC-specific prefixes, as release profile 2.1 lists them.
ISRC_COUNTRY_CODES = frozenset(
    """
    FX QM QZ UK CP DG ZZ AD AE AF AG AI AL AM AN AO AQ AR AS AT AU AW AX AZ BA BB BD BE
    BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN
    CO CR CS CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR
    GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL
    IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR
    LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ
    NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA
    RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD
    TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF
    WS YE YT ZA ZM ZW
    """.split()  # noqa: SIM905  (a list of 250 codes reads better as words)
)

ISRC_RE = re.compile(r"^[A-Z]{2}[A-Z0-9]{3}[0-9]{7}$")


def gs1_check(code: str) -> str | None:
    """GS1 mod-10 check digit of an EAN-8, UPC-A, EAN-13 or GTIN-14 (the last digit)."""
    if not code.isascii() or not code.isdigit() or len(code) not in (8, 12, 13, 14):
        return None
    total = sum(int(d) * (3 if i % 2 == 0 else 1) for i, d in enumerate(reversed(code[:-1])))
    return str((10 - total % 10) % 10)


def mod37_36_check(code: str) -> str | None:
    """ISO 7064 MOD 37-36 check character of an 18-character GRid (the last one)."""
    code = code.upper()
    if len(code) != 18 or any(c not in _ALNUM for c in code):
        return None
    p = 36
    for c in code[:-1]:
        p = (p + _ALNUM.index(c)) % 36 or 36
        p = (p * 2) % 37
    return _ALNUM[(37 - p) % 36]


def mod11_2_check(code: str) -> str | None:
    """ISO 7064 MOD 11-2 check character of a 16-character ISNI (the last one)."""
    code = code.upper()
    if len(code) != 16 or not code[:-1].isdigit() or not code.isascii():
        return None
    total = 0
    for d in code[:-1]:
        total = (total + int(d)) * 2
    value = (12 - total % 11) % 11
    return "X" if value == 10 else str(value)


def iswc_check(code: str) -> str | None:
    """Check digit of an ISWC written ``T`` + 9 digits + check digit (ISO 15707)."""
    if len(code) != 11 or code[0] not in "Tt" or not code[1:].isdigit() or not code.isascii():
        return None
    total = 1 + sum(int(d) * i for i, d in enumerate(code[1:10], 1))
    return str((10 - total % 10) % 10)


def isbn_check(code: str) -> str | None:
    """Check character of an ISBN-13 (EAN-13, prefix 978 or 979) or an ISBN-10 (mod 11)."""
    code = code.upper()
    if len(code) == 13 and code[:3] in ("978", "979"):
        return gs1_check(code)
    if len(code) == 10 and code[:9].isdigit() and code.isascii():
        total = sum(int(d) * (10 - i) for i, d in enumerate(code[:9]))
        value = (11 - total % 11) % 11
        return "X" if value == 10 else str(value)
    return None


def ismn_check(code: str) -> str | None:
    """Check digit of an ISMN: 13 digits starting 9790 (EAN-13), or ``M`` + 9 digits."""
    code = code.upper()
    if len(code) == 13 and code.startswith("9790"):
        return gs1_check(code)
    if len(code) == 10 and code[0] == "M" and code[1:].isdigit() and code.isascii():
        return gs1_check("9790" + code[1:])
    return None
