"""ddex-ai agrees with libxml2 on every official and third-party sample in ../shared.

The samples are read in place through DDEX_AI_SCHEMAS (their folder sits beside the schemas).
"""

import subprocess

import pytest

from conftest import SAMPLES, SCHEMAS, tool

# Without the samples the parametrized tests have no case, and the count test below says why
# (a failure under CI).
SAMPLE_FILES = sorted(SAMPLES.rglob("*.xml")) if SAMPLES and SAMPLES.is_dir() else []
FOLDER_VERSION = {"ern43": "4.3", "ern42": "4.2", "ern411": "4.1.1"}
# libxml2's verdicts for the files that are not valid 3.8.2 (../shared/ddex/README.md).
SPECIAL = {
    "002_erroneous_xml.xml": (None, "not-well-formed"),
    "003_version_not_supported.xml": (None, "not-ern"),
    "004_xmlns_ern_missing.xml": (None, "not-ern"),
    "005_not_valid_xsd.xml": ("3.8.2", "invalid"),
    "012_missing_isrc.xml": ("3.8.2", "invalid"),
    "015_ern411.xml": ("4.1.1", "valid"),
    "dealTypes.xml": ("3.8.2", "invalid"),
    "mead_artist_update.xml": (None, "not-ern"),
}


def expected(path):
    if path.name in SPECIAL:
        return SPECIAL[path.name]
    return FOLDER_VERSION.get(path.parent.name, "3.8.2"), "valid"


def verdict(result) -> str:
    rules = {f.rule for f in result.findings}
    if "ERN001" in rules:
        return "not-well-formed"
    if "ERN002" in rules and result.ern_version is None:
        return "not-ern"
    return "invalid" if "XSD001" in rules else "valid"


def test_every_sample_is_covered(official_samples):
    assert len(SAMPLE_FILES) >= 52


@pytest.mark.parametrize("path", SAMPLE_FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_verdict_and_version(checker, path):
    result = checker.check_path(str(path))
    assert (result.ern_version, verdict(result)) == expected(path)
    # A valid file gets no schema-stage finding at all.
    if verdict(result) == "valid":
        assert not {"ERN001", "ERN002", "XSD001", "XSD002"} & {f.rule for f in result.findings}


@pytest.mark.parametrize("path", SAMPLE_FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_agrees_with_xmllint_run_now(checker, path):
    XMLLINT = tool("xmllint", "libxml2-utils")
    result = checker.check_path(str(path))
    if result.ern_version is None:
        # No schema applies; xmllint can still say whether the file is well-formed.
        run = subprocess.run([XMLLINT, "--noout", "--nonet", str(path)], capture_output=True)
        assert (run.returncode == 0) == (verdict(result) != "not-well-formed")
        return
    code = result.ern_version.replace(".", "")
    xsd = SCHEMAS / "ern" / code / "release-notification.xsd"
    run = subprocess.run(
        [XMLLINT, "--noout", "--nonet", "--schema", str(xsd), str(path)], capture_output=True
    )
    libxml2 = {0: "valid", 1: "not-well-formed", 3: "invalid", 4: "invalid"}[run.returncode]
    assert verdict(result) == libxml2
    xmllint_lines = sorted(
        int(line.split(b":")[1]) for line in run.stderr.splitlines() if b"validity error" in line
    )
    ours = sorted(f.line for f in result.findings if f.rule == "XSD001")
    assert ours == xmllint_lines
