"""Official schemas on any machine: fetch from a local mirror, import, list; validation offline.

The mirror is an HTTP server on 127.0.0.1 serving ../shared/ddex/schemas in the layout of
DDEX's site (http://ddex.net/xml/ern/<version>/release-notification.xsd and what it imports).
"""

from __future__ import annotations

import hashlib
import json
import shutil
import socket
import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from typing import ClassVar

import pytest

from conftest import FIXTURES, SCHEMAS, json_report, needs_schemas
from ddex_ai.schema_catalog import OFFICIAL_BASE, catalog, official_url
from ddex_ai.versions import KNOWN_VERSIONS

pytestmark = needs_schemas


class Mirror(SimpleHTTPRequestHandler):
    """Serves /xml/<path> from a folder; a test can corrupt or break single files."""

    broken: ClassVar[dict[str, bytes | int]] = {}

    def do_GET(self):
        path = self.path.split("?")[0]
        if not path.startswith("/xml/"):
            self.send_error(404)
            return
        name = path[len("/xml/") :]
        override = self.broken.get(name)
        if isinstance(override, int):
            self.send_error(override)
            return
        file = self.directory_path / name
        if override is None and not file.is_file():
            self.send_error(404)
            return
        data = override if override is not None else file.read_bytes()
        self.send_response(200)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


@pytest.fixture
def mirror():
    root = SCHEMAS

    class Handler(Mirror):
        broken: ClassVar[dict[str, bytes | int]] = {}
        directory_path = root

    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(Handler))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/xml/", Handler.broken
    server.shutdown()
    server.server_close()


def no_sockets(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("a socket was opened")

    monkeypatch.setattr(socket, "socket", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


def store_dirs(cache):
    return sorted(p.name for p in (cache / "store").iterdir()) if (cache / "store").exists() else []


def test_catalog_names_every_version_with_its_official_url():
    labels = [e.version.label for e in catalog()]
    assert labels == ["3.8.2", "3.8.3", "4.1", "4.1.1", "4.2", "4.3", "4.3.1", "4.3.2"]
    for entry in catalog():
        assert entry.url == f"{OFFICIAL_BASE}ern/{entry.version.code}/release-notification.xsd"
        assert official_url(entry.version) == entry.url
        assert entry.url.startswith(OFFICIAL_BASE) and entry.imports
        assert entry.version in KNOWN_VERSIONS


def test_fetch_then_validate_with_no_configuration(run_cli, mirror, isolated_cache, monkeypatch):
    base, _ = mirror
    result = run_cli("schemas", "fetch", "4.3.2", "4.3", "--base-url", base)
    assert result.exit_code == 0, result.output
    assert "ERN 4.3.2: installed 2 files, AVS 9" in result.stdout
    assert "ERN 4.3: installed 2 files, AVS 3" in result.stdout
    # DDEX's files are stored unchanged; imports are mapped by a manifest, not by edits.
    installed = isolated_cache / "ern/432"
    assert (installed / "release-notification.xsd").read_bytes() == (
        SCHEMAS / "ern/432/release-notification.xsd"
    ).read_bytes()
    manifest = json.loads((installed / "manifest.json").read_text())
    assert manifest["base_url"] == "http://ddex.net/xml/ern/432/release-notification.xsd"
    assert manifest["imports"] == {
        "http://ddex.net/xml/ern/allowed-value-sets.xsd": "imports/allowed-value-sets.xsd"
    }
    # Now validate with no --schemas and no $DDEX_AI_SCHEMAS, and no network at all.
    no_sockets(monkeypatch)
    ok = json_report(
        run_cli("check", str(FIXTURES / "ern432/single_ai_vocals.xml"), "--format", "json")
    )
    assert ok["files"][0]["status"] == "pass"
    bad = run_cli("check", str(FIXTURES / "broken/schema_invalid_432.xml"), "--format", "json")
    assert [f["rule"] for f in json_report(bad)["files"][0]["findings"]] == ["XSD001", "XSD001"]


def test_fetch_every_version_reports_the_missing_one(run_cli, mirror, isolated_cache):
    base, _ = mirror
    result = run_cli("schemas", "fetch", "--base-url", base)
    assert result.exit_code == 1
    assert (
        "ERN 4.3.1: not installed: cannot download" in result.stderr and "HTTP 404" in result.stderr
    )
    for code in ("382", "383", "41", "411", "42", "43", "432"):
        assert (isolated_cache / f"ern/{code}/release-notification.xsd").is_file(), code
    assert not (isolated_cache / "ern/431").exists()
    assert not [d for d in store_dirs(isolated_cache) if d.endswith(".partial")]


def test_offline_fetch_says_so_and_installs_nothing(run_cli, isolated_cache):
    closed = socket.socket()
    closed.bind(("127.0.0.1", 0))
    port = closed.getsockname()[1]
    closed.close()  # nothing listens there
    result = run_cli("schemas", "fetch", "4.3.2", "--base-url", f"http://127.0.0.1:{port}/xml/")
    assert result.exit_code == 1
    assert "cannot download" in result.stderr and "Offline?" in result.stderr
    assert "ddex-ai schemas import DIR" in result.stderr
    assert store_dirs(isolated_cache) == [] and not (isolated_cache / "ern").exists()


@pytest.mark.parametrize(
    ("broken", "message"),
    [
        (
            b'<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"><xs:simpleType',
            "not well-formed",
        ),
        (500, "HTTP 500"),
        (b'<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"/>', "does not compile"),
    ],
    ids=["truncated", "server-error", "incomplete"],
)
def test_a_bad_download_leaves_nothing_half_installed(
    run_cli, mirror, isolated_cache, broken, message
):
    base, overrides = mirror
    assert run_cli("schemas", "fetch", "4.3", "--base-url", base).exit_code == 0
    before = store_dirs(isolated_cache)
    overrides["ern/allowed-value-sets.xsd"] = broken  # imported by 4.3.2
    result = run_cli("schemas", "fetch", "4.3.2", "--base-url", base)
    assert result.exit_code == 1 and message in result.stderr
    assert not (isolated_cache / "ern/432").exists()
    assert store_dirs(isolated_cache) == before  # no staging folder left behind
    assert (isolated_cache / "ern/43/release-notification.xsd").is_file()  # the rest untouched


def test_a_new_set_replaces_the_old_one_in_one_step(run_cli, mirror, isolated_cache):
    base, overrides = mirror
    run_cli("schemas", "fetch", "4.3", "--base-url", base)
    first = (isolated_cache / "ern/43").resolve()
    run_cli("schemas", "fetch", "4.3", "--base-url", base)
    assert (isolated_cache / "ern/43").resolve() == first  # the same set: nothing changes
    avs = (SCHEMAS / "ern/43/allowed-value-sets.xsd").read_bytes()
    overrides["ern/43/allowed-value-sets.xsd"] = avs.replace(b"DDEX", b"DDEX ", 1)
    assert run_cli("schemas", "fetch", "4.3", "--base-url", base).exit_code == 0
    second = (isolated_cache / "ern/43").resolve()
    assert second != first and not first.exists()  # switched, and the old set removed
    assert (isolated_cache / "ern/43").is_symlink()


def test_import_a_folder_and_list(run_cli, isolated_cache):
    result = run_cli("schemas", "import", str(SCHEMAS))
    assert result.exit_code == 0, result.output
    for label in ("3.8.2", "3.8.3", "4.1", "4.1.1", "4.2", "4.3", "4.3.2"):
        assert f"ERN {label}: installed" in result.stdout
    rows = {
        r["version"]: r for r in json.loads(run_cli("schemas", "list", "--format", "json").stdout)
    }
    assert rows["4.3.1"]["origin"] is None
    assert rows["4.3.2"]["origin"] == "cache" and rows["4.3.2"]["avs_version"] == "9"
    assert rows["4.3"]["avs_version"] == "3"
    original = (SCHEMAS / "ern/432/release-notification.xsd").read_bytes()
    assert rows["4.3.2"]["sha256"] == hashlib.sha256(original).hexdigest()
    text = run_cli("schemas", "list").stdout
    assert "missing" in text and "cache" in text and "ddex-ai schemas fetch" in text


def test_import_of_a_broken_set_installs_nothing_of_it(run_cli, tmp_path, isolated_cache):
    folder = tmp_path / "ddex-offline"
    shutil.copytree(SCHEMAS / "ern/43", folder / "ern43")
    shutil.copytree(SCHEMAS / "ern/42", folder / "ern42")
    avs = folder / "ern43/allowed-value-sets.xsd"
    avs.write_bytes(avs.read_bytes()[:5000])  # a cut download
    result = run_cli("schemas", "import", str(folder))
    assert result.exit_code == 1
    assert "ERN 4.3: not installed" in result.stderr and "not well-formed" in result.stderr
    assert "ERN 4.2: installed" in result.stdout
    assert not (isolated_cache / "ern/43").exists()
    assert not [d for d in store_dirs(isolated_cache) if d.startswith("43")]


def test_import_finds_imports_beside_the_file(run_cli, tmp_path, isolated_cache):
    """DDEX's offline zips put the allowed-value sets next to release-notification.xsd."""
    flat = tmp_path / "ern432"
    flat.mkdir()
    shutil.copy(SCHEMAS / "ern/432/release-notification.xsd", flat)
    shutil.copy(SCHEMAS / "ern/allowed-value-sets.xsd", flat)
    assert run_cli("schemas", "import", str(flat)).exit_code == 0
    report = json_report(
        run_cli("check", str(FIXTURES / "ern432/single_ai_vocals.xml"), "--format", "json")
    )
    assert report["files"][0]["status"] == "pass"


def test_import_of_a_folder_without_schemas_is_a_usage_error(run_cli, tmp_path):
    result = run_cli("schemas", "import", str(tmp_path))
    assert result.exit_code == 2 and "no release-notification.xsd" in result.stderr


def test_lookup_order_is_option_then_environment_then_cache(run_cli, tmp_path):
    from click.testing import CliRunner

    from ddex_ai.cli import main

    run_cli("schemas", "import", str(SCHEMAS))
    option = tmp_path / "mine"
    shutil.copytree(SCHEMAS / "ern/43", option / "ern/43")
    env = tmp_path / "env"
    shutil.copytree(SCHEMAS / "ern/42", env / "ern/42")
    listed = CliRunner().invoke(
        main,
        ["schemas", "list", "--schemas", str(option), "--format", "json"],
        env={"DDEX_AI_SCHEMAS": str(env)},
    )
    rows = {r["version"]: r["origin"] for r in json.loads(listed.stdout)}
    assert (rows["4.3"], rows["4.2"], rows["4.3.2"]) == ("--schemas", "$DDEX_AI_SCHEMAS", "cache")


def test_path_prints_the_cache_folder(run_cli, isolated_cache):
    assert run_cli("schemas", "path").stdout.strip() == str(isolated_cache)


def test_missing_schema_says_which_command_installs_it(run_cli, tmp_path):
    report = json_report(
        run_cli("check", str(FIXTURES / "ern431/single_ai_vocals.xml"), "--format", "json")
    )
    (finding,) = [f for f in report["files"][0]["findings"] if f["rule"] == "XSD002"]
    assert "`ddex-ai schemas fetch 4.3.1`" in finding["message"]
    old = tmp_path / "ern37.xml"
    old.write_text((FIXTURES / "ern382/single.xml").read_text().replace("ern/382", "ern/37"))
    report = json_report(run_cli("check", str(old), "--format", "json"))
    (finding,) = [f for f in report["files"][0]["findings"] if f["rule"] == "XSD002"]
    assert "`ddex-ai schemas import DIR`" in finding["message"]


@pytest.mark.parametrize(("avs", "expected"), [("9", []), ("10", ["XSD003"]), ("x", [])])
def test_a_message_newer_than_its_schemas_allowed_values(run_cli, tmp_path, avs, expected):
    message = tmp_path / "avs.xml"
    message.write_text(
        (FIXTURES / "ern432/single_ai_vocals.xml")
        .read_text()
        .replace('AvsVersionId="9"', f'AvsVersionId="{avs}"')
    )
    report = json_report(run_cli("check", str(message), "--format", "json", schemas=True))
    found = [f for f in report["files"][0]["findings"] if f["rule"] == "XSD003"]
    assert [f["rule"] for f in found] == expected
    if found:
        assert found[0]["severity"] == "info" and "AVS 9" in found[0]["message"]
        assert "ddex-ai schemas fetch 4.3.2" in found[0]["message"]
