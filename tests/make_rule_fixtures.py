"""Write the AI-rule fixtures: ``python tests/make_rule_fixtures.py``.

The files are committed so that people can run ``ddex-ai check fixtures/ern432/rules`` and read
them; ``test_ai_rules.py`` fails when they are out of date with ``rule_cases.py``.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from ernbuilder import render
from rule_cases import CASES, Case

RULES_DIR = Path(__file__).resolve().parent.parent / "fixtures" / "ern432" / "rules"


def fixture_text(case: Case) -> str:
    xml = render(case.build())
    declaration, rest = xml.split("\n", 1)
    return f"{declaration}\n<!-- ddex-ai fixture {case.name}: {case.comment}. -->\n{rest}"


def main() -> None:
    RULES_DIR.mkdir(parents=True, exist_ok=True)
    for case in CASES:
        (RULES_DIR / f"{case.name}.xml").write_text(fixture_text(case), encoding="utf-8")
    print(f"wrote {len(CASES)} files to {RULES_DIR}")


if __name__ == "__main__":
    main()
