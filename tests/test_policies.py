"""Policy packs, custom policies, project configuration and their errors."""

import json
import textwrap
import tomllib

import jsonschema
import pytest

from conftest import FIXTURES, REPO, json_report
from ddex_ai.findings import Severity
from ddex_ai.policy import PolicyError, load_policy, pack_names, resolve
from ddex_ai.policy.source import read_file, read_pack
from ernbuilder import GENAI, Credit, render, single

RULES = FIXTURES / "ern432/rules"
POLICY_SCHEMA = json.loads((REPO / "schemas/policy.schema.json").read_text())


def findings(run_cli, *args):
    # With the schemas: strict and spotify make a file without its XSD (XSD002) an error.
    result = run_cli("check", *args, "--format", "json", schemas=True)
    report = json_report(result)
    found = {(f["rule"], f["severity"]) for file in report["files"] for f in file["findings"]}
    return result.exit_code, found


def test_the_four_packs_are_shipped(run_cli):
    assert pack_names() == ["ddex", "no-ai-training", "spotify", "strict"]
    result = run_cli("policies")
    assert result.exit_code == 0
    for name in pack_names():
        assert name in result.stdout


@pytest.mark.parametrize("name", ["ddex", "no-ai-training", "spotify", "strict"])
def test_packs_follow_the_policy_schema(name):
    jsonschema.validate(read_pack(name).data, POLICY_SCHEMA)


def test_default_is_the_standard_without_store_rules():
    policy = load_policy(None)
    assert policy.name == "ddex"
    assert policy.severity("AI001") is Severity.ERROR
    assert policy.severity("AI006") is Severity.WARNING
    assert policy.severity("AI008") is Severity.INFO
    assert policy.severity("AI013") is None and policy.severity("AI014") is None


def test_strict_fails_a_delivery_without_any_disclosure(run_cli, tmp_path):
    delivery = single()
    for resource in delivery.resources:
        resource.contains_ai = None
    delivery.release().contains_ai = None
    path = tmp_path / "undisclosed.xml"
    path.write_text(render(delivery))
    code, found = findings(run_cli, str(path))
    assert code == 0 and ("AI008", "info") in found and ("AI009", "info") in found
    code, found = findings(run_cli, "--policy", "strict", str(path))
    assert code == 1
    assert {("AI008", "error"), ("AI009", "error")} <= found


def test_strict_errors_on_undeclared_ai_credits_and_old_versions(run_cli):
    code, found = findings(run_cli, "--policy", "strict", str(RULES / "AI006.xml"))
    assert code == 1 and ("AI006", "error") in found
    code, found = findings(run_cli, "--policy", "strict", str(FIXTURES / "ern43/single.xml"))
    assert code == 1 and found == {("AI010", "error")}  # validated: the schemas are given


def test_no_ai_training_fails_a_training_grant(run_cli):
    fixture = str(RULES / "AI012.xml")
    assert findings(run_cli, fixture)[0] == 0
    code, found = findings(run_cli, "--policy", "no-ai-training", fixture)
    assert code == 1 and ("AI012", "error") in found


def test_spotify_needs_roles_on_ai_credits(run_cli):
    fixture = str(RULES / "AI007.xml")
    assert findings(run_cli, fixture)[0] == 0  # a warning in the default policy
    code, found = findings(run_cli, "--policy", "spotify", fixture)
    assert code == 1 and ("AI007", "error") in found


def test_spotify_refuses_free_text_ai_roles(run_cli, tmp_path):
    delivery = single()
    track = delivery.resource("A1")
    track.contains_ai = delivery.release().contains_ai = "Partly"
    track.credits.append(Credit(GENAI, ["UserDefined"]))
    path = tmp_path / "free_text_role.xml"
    path.write_text(
        render(delivery).replace(">UserDefined<", ' UserDefinedValue="AI voice">UserDefined<')
    )
    code, found = findings(run_cli, "--policy", "spotify", str(path))
    assert code == 1 and ("AI013", "error") in found
    assert "AI013" not in {rule for rule, _ in findings(run_cli, str(path))[1]}  # off by default
    clean_code, clean = findings(run_cli, "--policy", "spotify", str(RULES / "clean_mixed.xml"))
    assert clean_code == 0 and not {r for r, _ in clean} & {"AI013", "AI014"}


@pytest.mark.parametrize(
    ("fixture", "refused"),
    [
        ("ern382/single.xml", True),
        ("ern43/single.xml", False),
        ("ern432/single_ai_vocals.xml", False),
    ],
)
def test_spotify_refuses_ern_older_than_4_3(run_cli, fixture, refused):
    code, found = findings(run_cli, "--policy", "spotify", str(FIXTURES / fixture))
    assert (("AI014", "error") in found) is refused
    assert (code == 1) is refused


def test_spotify_rule_dates_come_from_the_policy(run_cli, tmp_path):
    policy = tmp_path / "later.toml"
    policy.write_text('extends = "spotify"\n[options.AI014]\neffective-from = 2999-01-01\n')
    code, found = findings(run_cli, "--policy", str(policy), str(FIXTURES / "ern382/single.xml"))
    assert "AI014" not in {rule for rule, _ in found} and code == 0


def test_spotify_treats_artwork_disclosure_as_information(run_cli, tmp_path):
    delivery = single()
    cover = delivery.resource("A2")
    cover.contains_ai = "All"
    cover.credits = [Credit(GENAI, ["GraphicArtist"]), Credit("PProducer", ["Photographer"])]
    path = tmp_path / "artwork.xml"
    path.write_text(render(delivery))  # AI001 on the image, AI005 on the release (image only)
    code, found = findings(run_cli, str(path))
    assert code == 1 and {("AI001", "error"), ("AI005", "error")} <= found
    code, found = findings(run_cli, "--policy", "spotify", str(path))
    assert code == 0 and {("AI001", "info"), ("AI005", "info")} <= found


def write(path, text):
    path.write_text(textwrap.dedent(text).lstrip())
    return path


def test_custom_policy_extends_overrides_selects_and_ignores(run_cli, tmp_path):
    policy = write(
        tmp_path / "label.toml",
        """
        name = "northwind"
        extends = "strict"
        ignore = ["AI01", "XSD"]  # prefixes: AI010-AI014 and the XSD stage

        [severity]
        AI008 = "warning"         # softer than strict
        REF001 = "off"
        """,
    )
    resolved = load_policy(str(policy))
    assert resolved.name == "northwind"
    assert resolved.severity("AI009") is Severity.ERROR  # from strict
    assert resolved.severity("AI008") is Severity.WARNING
    assert resolved.severity("AI010") is None and resolved.severity("AI012") is None
    assert resolved.severity("XSD001") is None and resolved.severity("REF001") is None
    assert resolved.severity("IO001") is Severity.ERROR  # never off
    code, found = findings(run_cli, "--policy", str(policy), str(FIXTURES / "ern43/single.xml"))
    assert code == 0 and found == set()
    report = json_report(
        run_cli("check", "--policy", str(policy), str(FIXTURES / "ern43"), "--format", "json")
    )
    assert report["policy"] == "northwind"


def test_select_runs_only_the_selected_rules(tmp_path):
    policy = load_policy(str(write(tmp_path / "ai.toml", 'select = ["AI00"]\n')))
    assert set(policy.severities) == {f"AI00{n}" for n in range(1, 10)} | {
        "IO001",
        "IO002",
        "INT001",
        "INT002",
    }


def test_extends_a_file_relative_to_the_policy(tmp_path):
    (tmp_path / "base").mkdir()
    write(
        tmp_path / "base/base.toml", 'extends = "no-ai-training"\n[severity]\nAI009 = "warning"\n'
    )
    child = write(tmp_path / "child.toml", 'extends = "base/base.toml"\n')
    policy = load_policy(str(child))
    assert (
        policy.severity("AI012") is Severity.ERROR and policy.severity("AI009") is Severity.WARNING
    )


def test_project_config_is_found_upward(run_cli, tmp_path, monkeypatch):
    write(
        tmp_path / "pyproject.toml",
        """
        [project]
        name = "deliveries"

        [tool.ddex-ai]
        extends = "no-ai-training"
        """,
    )
    nested = tmp_path / "label/2026"
    nested.mkdir(parents=True)
    monkeypatch.chdir(nested)
    assert load_policy(None).severity("AI012") is Severity.ERROR
    code, found = findings(run_cli, str(RULES / "AI012.xml"))
    assert code == 1 and ("AI012", "error") in found
    # A ddex-ai.toml nearer the working folder wins.
    write(nested / "ddex-ai.toml", 'extends = "spotify"\n')
    assert load_policy(None).severity("AI013") is Severity.ERROR
    # --policy wins over both.
    assert load_policy("ddex").severity("AI013") is None


def test_pyproject_without_a_table_is_skipped(tmp_path, monkeypatch):
    write(tmp_path / "pyproject.toml", '[project]\nname = "x"\n')
    monkeypatch.chdir(tmp_path)
    assert load_policy(None).name == "ddex"


# (policy text, key named, line named, whether the JSON Schema rejects it too)
MALFORMED = [
    ('extends = "strict"\nselct = ["AI"]\n', "selct", 2, True),
    ('[severity]\nAI008 = "fatal"\n', "severity.AI008", 2, True),
    ('[severity]\nAI999 = "error"\n', "severity.AI999", 2, True),
    ('ignore = ["ZZ"]\n', "ignore", 1, False),  # a prefix that matches no rule
    ('select = "AI"\n', "select", 1, True),
    (
        '# AI014 for another store\n[options.AI014]\nminimum-version = "9.9"\n',
        "options.AI014.minimum-version",
        3,
        True,
    ),
    ('[options.AI014]\neffective-from = "soon"\n', "options.AI014.effective-from", 2, True),
    ("[options.AI001]\nstrictness = 3\n", "options.AI001.strictness", 2, True),
    (
        '[options]\ninfo-only-resource-kinds = ["Artwork"]\n',
        "options.info-only-resource-kinds",
        2,
        True,
    ),
    ('extends = "no-such-pack"\n', "extends", 1, False),
    ('description = "x"\nseverity = {AI008 = "loud"}\n', "severity.AI008", 2, True),
]


@pytest.mark.parametrize(("text", "key", "line", "schema_rejects"), MALFORMED)
def test_malformed_policy_names_key_and_line(run_cli, tmp_path, text, key, line, schema_rejects):
    policy = tmp_path / "bad.toml"
    policy.write_text(text)
    with pytest.raises(PolicyError) as caught:
        load_policy(str(policy))
    assert f"bad.toml:{line}: {key}:" in str(caught.value)
    result = run_cli("check", "--policy", str(policy), str(FIXTURES / "ern43"))
    assert result.exit_code == 2
    assert f"bad.toml:{line}: {key}" in result.stderr
    # Editors and other tools read the JSON Schema: it rejects what it can describe.
    validator = jsonschema.Draft202012Validator(POLICY_SCHEMA)
    data = json.loads(json.dumps(tomllib.loads(text), default=str))
    assert (not validator.is_valid(data)) is schema_rejects


def test_policy_schema_lists_every_rule():
    from ddex_ai.rules import all_rules

    assert POLICY_SCHEMA["$defs"]["ruleId"]["enum"] == [r.id for r in all_rules()]


def test_toml_syntax_error_names_the_line(run_cli, tmp_path):
    policy = write(tmp_path / "broken.toml", 'extends = "strict"\n[severity\nAI008 = "error"\n')
    result = run_cli("check", "--policy", str(policy), str(FIXTURES / "ern43"))
    assert result.exit_code == 2
    assert "broken.toml:2:" in result.stderr and "not valid TOML" in result.stderr


def test_policy_that_extends_itself(tmp_path):
    write(tmp_path / "a.toml", 'extends = "b.toml"\n')
    write(tmp_path / "b.toml", 'extends = "a.toml"\n')
    with pytest.raises(PolicyError, match="extends itself"):
        load_policy(str(tmp_path / "a.toml"))


def test_unknown_pack_is_a_usage_error(run_cli):
    result = run_cli("check", "--policy", "lenient", str(FIXTURES / "ern43"))
    assert result.exit_code == 2 and "no such policy pack" in result.stderr


def test_policies_shows_one_policy(run_cli):
    result = run_cli("policies", "spotify")
    assert result.exit_code == 0
    assert "AI013" in result.stdout and "effective-from = 2026-04-01" in result.stdout
    data = json.loads(run_cli("policies", "strict", "--format", "json").stdout)
    assert data[0]["severities"]["AI008"] == "error"


def test_pyproject_policy_errors_point_into_the_tool_table(tmp_path):
    path = write(
        tmp_path / "pyproject.toml",
        """
        [project]
        name = "x"

        [tool.ddex-ai.severity]
        AI008 = "loud"
        """,
    )
    with pytest.raises(PolicyError, match=r"pyproject.toml:5: severity.AI008"):
        resolve(read_file(path))


def test_strict_and_spotify_require_schemas(run_cli):
    """No green run without schemas: XSD002 is an error in the packs CI uses."""
    fixture = str(RULES / "clean_mixed.xml")
    for pack in ("strict", "spotify"):
        result = run_cli("check", "--policy", pack, fixture, "--format", "json")
        found = {(f["rule"], f["severity"]) for f in json_report(result)["files"][0]["findings"]}
        assert result.exit_code == 1 and ("XSD002", "error") in found
    default = run_cli("check", fixture, "--format", "json")
    assert default.exit_code == 0  # XSD002 stays a warning in the default policy
    flag = run_cli("check", "--require-schemas", fixture, "--format", "json")
    assert flag.exit_code == 1
    assert json_report(flag)["summary"]["not_xsd_validated"] == 1


def test_require_schemas_policy_key(run_cli, tmp_path):
    policy = tmp_path / "ci.toml"
    policy.write_text("require-schemas = true\n")
    result = run_cli("check", "--policy", str(policy), str(RULES / "clean_mixed.xml"))
    assert result.exit_code == 1 and "Not XSD-validated: 1 file" in result.stdout
    policy.write_text('require-schemas = "yes"\n')
    bad = run_cli("check", "--policy", str(policy), str(RULES / "clean_mixed.xml"))
    assert bad.exit_code == 2 and "require-schemas" in bad.stderr
