"""Write the rule fixtures: ``python tests/make_rule_fixtures.py``.

``fixtures/ern432/rules``: one file per AI-rule case (``rule_cases.py``); ``fixtures/profiles``:
one per release-profile and identifier rule (``profile_cases.py``).

The files are committed so that people can run ``ddex-ai check fixtures/ern432/rules`` and read
them; ``test_ai_rules.py`` fails when they are out of date with ``rule_cases.py``.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from ernbuilder import render
from profile_cases import CASES as PROFILE_CASES
from profile_cases import ProfileCase
from rule_cases import CASES, Case

RULES_DIR = Path(__file__).resolve().parent.parent / "fixtures" / "ern432" / "rules"
PROFILES_DIR = Path(__file__).resolve().parent.parent / "fixtures" / "profiles"


def fixture_text(case: Case) -> str:
    xml = render(case.build())
    declaration, rest = xml.split("\n", 1)
    return f"{declaration}\n<!-- ddex-ai fixture {case.name}: {case.comment}. -->\n{rest}"


def profile_fixture_bytes(case: ProfileCase) -> bytes:
    declaration, rest = case.xml().split(b"\n", 1)
    how = []
    if case.profile:
        how.append(f"--profile {case.profile}")
    how += [f"--variant {v}" for v in case.variants]
    if case.on:
        how.append(f"a policy that turns {case.rule} on")
    checked = f" (checked with {', '.join(how)})" if how else ""
    expected = ", ".join(sorted(case.expect)) or "no official id"
    comment = f"<!-- ddex-ai fixture {case.name}: fails {case.rule} ({expected}){checked}. -->"
    return declaration + b"\n" + comment.encode() + b"\n" + rest + b"\n"


def main() -> None:
    RULES_DIR.mkdir(parents=True, exist_ok=True)
    for case in CASES:
        (RULES_DIR / f"{case.name}.xml").write_text(fixture_text(case), encoding="utf-8")
    print(f"wrote {len(CASES)} files to {RULES_DIR}")
    PROFILES_DIR.mkdir(parents=True, exist_ok=True)
    for case in PROFILE_CASES:
        (PROFILES_DIR / f"{case.name}.xml").write_bytes(profile_fixture_bytes(case))
    print(f"wrote {len(PROFILE_CASES)} files to {PROFILES_DIR}")


if __name__ == "__main__":
    main()
