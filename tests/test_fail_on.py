"""--fail-on decides the exit status; statuses and reports stay the same."""

import pytest

from conftest import FIXTURES

RULES = FIXTURES / "ern432/rules"
ERROR = RULES / "AI001.xml"  # an error finding
WARNING = RULES / "AI007.xml"  # a warning, no error
INFO = RULES / "AI008.xml"  # information only
CLEAN = RULES / "clean_mixed.xml"
UNREADABLE = FIXTURES / "broken/truncated_432.xml"

# threshold -> files that make the run exit 1
FAILING = {
    "error": {ERROR, UNREADABLE},
    "warning": {ERROR, WARNING, UNREADABLE},
    "info": {ERROR, WARNING, INFO, UNREADABLE},
    "never": set(),
}


@pytest.mark.parametrize("threshold", FAILING)
@pytest.mark.parametrize("fixture", [ERROR, WARNING, INFO, CLEAN, UNREADABLE], ids=lambda p: p.stem)
def test_exit_status_per_fail_on(run_cli, threshold, fixture):
    result = run_cli(
        "check", str(fixture), "--fail-on", threshold, "--format", "json", schemas=True
    )
    assert result.exit_code == (1 if fixture in FAILING[threshold] else 0)


def test_default_is_error(run_cli):
    assert run_cli("check", str(WARNING), schemas=True).exit_code == 0
    assert run_cli("check", str(ERROR), schemas=True).exit_code == 1


def test_usage_errors_stay_2_whatever_the_threshold(run_cli):
    assert run_cli("check", "missing.xml", "--fail-on", "never").exit_code == 2
