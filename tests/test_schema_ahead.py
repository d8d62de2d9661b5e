"""Compiled schemas are kept for the process, and a run compiles its first files' ahead."""

import json
import subprocess
import sys
import threading

import pytest
from lxml import etree

from conftest import FIXTURES, SCHEMAS, needs_schemas
from ddex_ai.compiled_schemas import compile_ahead, compiled, settle_ahead
from ddex_ai.schema_loader import SchemaRoot, SchemaStore, SchemaUnavailable
from ddex_ai.versions import version_from_code

V432 = version_from_code("432")
SCHEMA = """<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"
  targetNamespace="http://ddex.net/xml/ern/432" elementFormDefault="qualified">
  <xs:element name="NewReleaseMessage" type="xs:{kind}"/>
</xs:schema>"""
MESSAGE = b'<NewReleaseMessage xmlns="http://ddex.net/xml/ern/432">12</NewReleaseMessage>'


def _root(tmp_path, kind="integer"):
    folder = tmp_path / "ern/432"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "release-notification.xsd").write_text(SCHEMA.format(kind=kind))
    return SchemaRoot(tmp_path, "--schemas")


def _ahead_threads():
    return [t for t in threading.enumerate() if t.name == "ddex-ai-schema"]


def test_checkers_of_one_process_share_an_unchanged_compiled_schema(tmp_path):
    root = _root(tmp_path)
    first = SchemaStore([root]).get(V432)
    second = SchemaStore([root]).get(V432)
    assert first.validator is second.validator


def test_a_changed_schema_file_is_compiled_again(tmp_path):
    root = _root(tmp_path)
    before = SchemaStore([root]).get(V432).validator
    assert before.validate(etree.fromstring(MESSAGE))
    _root(tmp_path, kind="boolean")  # 12 is no longer valid
    after = SchemaStore([root]).get(V432).validator
    assert after is not before
    assert not after.validate(etree.fromstring(MESSAGE))


def test_a_changed_file_one_folder_up_is_compiled_again(tmp_path):
    """ERN 4.3's allowed-value sets sit beside the version folders, imported from each."""
    root = _root(tmp_path)
    shared = tmp_path / "ern/allowed-value-sets.xsd"
    shared.write_text("<!-- version 1 -->")
    before = SchemaStore([root]).get(V432).validator
    shared.write_text("<!-- version 2, longer -->")
    assert SchemaStore([root]).get(V432).validator is not before


def test_a_compile_started_ahead_is_the_one_used_and_leaves_no_thread(tmp_path):
    store = SchemaStore([_root(tmp_path)])
    interval = sys.getswitchinterval()
    compile_ahead(store.files(V432))
    schema = store.get(V432)
    assert schema.validator is compiled(store.files(V432))
    assert _ahead_threads() == []  # joined: worker processes may be forked now
    assert sys.getswitchinterval() == interval  # restored once the compile ended


def test_a_compile_ahead_that_fails_is_reported_by_the_file_that_needs_it(tmp_path):
    root = _root(tmp_path)
    (tmp_path / "ern/432/release-notification.xsd").write_text("<xs:schema broken")
    store = SchemaStore([root])
    compile_ahead(store.files(V432))  # raises nothing, prints nothing
    settle_ahead()
    assert _ahead_threads() == []
    with pytest.raises(etree.XMLSyntaxError):
        compiled(store.files(V432))
    unavailable = store.get(V432)
    assert isinstance(unavailable, SchemaUnavailable)
    assert "does not compile" in unavailable.reason


@needs_schemas
@pytest.mark.parametrize(
    "fixture, code, status",
    [("ern432/single_ai_vocals.xml", 0, "pass"), ("broken/dangling_references_432.xml", 1, "fail")],
)
def test_the_console_script_leaves_with_its_exit_status_and_whole_report(fixture, code, status):
    """It exits without the interpreter's teardown: nothing written may be lost."""
    path, album = str(FIXTURES / fixture), str(FIXTURES / "ern432/album_ai_mixed.xml")
    run = subprocess.run(
        [sys.executable, "-m", "ddex_ai", "check", "--schemas", str(SCHEMAS), "--format", "jsonl",
         path, album],
        capture_output=True,
    )  # fmt: skip
    assert run.returncode == code, run.stderr
    reports = [json.loads(line) for line in run.stdout.decode().splitlines()]
    found = [(r["path"], r["status"]) for r in reports]
    assert found == sorted([(path, status), (album, "pass")])  # reports are in path order


def _early(tmp_path, *args):
    from ddex_ai import _entry, compiled_schemas

    message = tmp_path / "single.xml"
    message.write_bytes(MESSAGE)
    root = _root(tmp_path / "schemas")
    files = SchemaStore([root]).files(V432)
    before = set(compiled_schemas._COMPILED)
    _entry._compile_early(["ddex-ai", "check", "--schemas", str(root.path), *args, str(message)])
    settle_ahead()
    return [key for key in compiled_schemas._COMPILED if key not in before], files


def test_the_console_script_starts_compiling_before_click_is_imported(tmp_path):
    started, files = _early(tmp_path, "--format", "jsonl")
    assert len(started) == 1 and started[0][1] == str(files.path)
    assert compiled(files) is not None  # kept for the check that asks for it


@pytest.mark.parametrize("option", ["--dask=local", "--cache", "--cache-dir"])
def test_no_early_compile_for_a_cluster_or_a_cache(tmp_path, option):
    started, _ = _early(tmp_path, option)
    assert started == []


def test_schemas_compile_one_at_a_time_however_many_are_compiled_ahead(tmp_path, monkeypatch):
    """libxml2's schema parser shares global state: two compiles at once once broke every
    schema of the process ("the given type is not a built-in type")."""
    import time

    from ddex_ai import schema_loader

    real, running, most = schema_loader.compile_files, [], []

    def watched(files, whole=False):
        running.append(files)
        most.append(len(running))
        time.sleep(0.05)  # long enough for another thread to start one meanwhile
        try:
            return real(files, whole)
        finally:
            running.remove(files)

    monkeypatch.setattr(schema_loader, "compile_files", watched)
    stores = [
        SchemaStore([_root(tmp_path / name, kind)])
        for name, kind in (("a", "integer"), ("b", "boolean"), ("c", "string"))
    ]
    for store in stores:
        compile_ahead(store.files(V432))
    stores[0].get(V432)  # the main thread asks meanwhile
    settle_ahead()
    assert len(most) == 3 and max(most) == 1


def _screen_after_early(tmp_path, *inputs):
    """The schema a check gets after the console script guessed from these arguments."""
    from ddex_ai import _entry

    root = _root(tmp_path / "schemas")
    _entry._compile_early(["ddex-ai", "check", "--schemas", str(root.path), *inputs])
    settle_ahead()
    return SchemaStore([root]).get(V432)


def test_a_one_file_run_compiles_one_schema_for_its_check_and_its_messages(tmp_path):
    """Preparing the allowed-value patterns costs a one-file run more than they save it."""
    message = tmp_path / "single.xml"
    message.write_bytes(MESSAGE)
    schema = _screen_after_early(tmp_path, "--format", "jsonl", str(message))
    assert schema.validator is schema.exact()


def test_a_run_of_one_large_file_gets_the_pattern_screen(tmp_path):
    """The patterns save 20-70 ms a MB: a 49 MB box set took 6.1 s without them, 2.3 s with."""
    message = tmp_path / "large.xml"
    message.write_bytes(MESSAGE + b" " * 300_000)
    schema = _screen_after_early(tmp_path, str(message))
    assert schema.validator is not schema.exact()


@pytest.mark.parametrize("other", ["folder", "second.xml", "deliveries.zip", "s3://bucket/", "-"])
def test_a_run_that_may_hold_more_files_gets_the_pattern_screen(tmp_path, other):
    message = tmp_path / "single.xml"
    message.write_bytes(MESSAGE)
    (tmp_path / "folder").mkdir()
    (tmp_path / "second.xml").write_bytes(MESSAGE)
    (tmp_path / "deliveries.zip").write_bytes(b"PK")
    arg = other if other in ("-", "s3://bucket/") else str(tmp_path / other)
    schema = _screen_after_early(tmp_path, str(message), arg)
    assert schema.validator is not schema.exact()
