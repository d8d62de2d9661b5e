"""Reading a file: well-formedness (ERN001), what it is (ERN002), unreadable files (IO001)."""

import pytest

from conftest import FIXTURES, rules_of
from ddex_ai.discovery.reading import Fetcher
from ddex_ai.findings import Status


def test_truncated_file_is_not_well_formed_with_its_line(offline_checker):
    result = offline_checker.check_path(str(FIXTURES / "broken/truncated_432.xml"))
    assert result.status is Status.ERROR
    assert rules_of(result.findings) == ["ERN001"]
    finding = result.findings[0]
    assert finding.line == 66
    assert "not well-formed" in finding.message
    assert result.ern_version is None and result.releases == []


def test_empty_file_is_not_well_formed(offline_checker, tmp_path):
    empty = tmp_path / "empty.xml"
    empty.write_bytes(b"")
    result = offline_checker.check_path(str(empty))
    assert result.status is Status.ERROR
    assert rules_of(result.findings) == ["ERN001"]
    assert "empty" in result.findings[0].message


def test_errors_of_an_earlier_file_do_not_leak_into_the_next(offline_checker, tmp_path):
    """libxml2 keeps a global error log; each file must report only its own errors."""
    broken = tmp_path / "broken.xml"
    broken.write_bytes(b"<a>\n<b>\n</a>")
    unbound = tmp_path / "unbound.xml"
    unbound.write_bytes(b'<ern:NewReleaseMessage MessageSchemaVersionId="ern/382"/>')
    offline_checker.check_path(str(broken))
    result = offline_checker.check_path(str(unbound))
    assert rules_of(result.findings) == ["ERN002"]
    assert "prefix ern" in result.findings[0].message


@pytest.mark.parametrize(
    ("fixture", "expected"),
    [
        ("broken/not_ern.xml", "root element <playlist> is in namespace urn:example:playlist"),
        ("broken/unknown_version.xml", "unknown ERN version: namespace http://ddex.net/xml/ern/99"),
    ],
)
def test_not_an_ern_message(offline_checker, fixture, expected):
    result = offline_checker.check_path(str(FIXTURES / fixture))
    assert rules_of(result.findings) == ["ERN002"]
    assert expected in result.findings[0].message
    assert result.findings[0].line is not None
    assert result.status is Status.FAIL
    assert result.ern_version is None


def test_root_without_namespace_is_not_ern(offline_checker, tmp_path):
    path = tmp_path / "plain.xml"
    path.write_bytes(b"<NewReleaseMessage/>")
    result = offline_checker.check_path(str(path))
    assert rules_of(result.findings) == ["ERN002"]
    assert "has no namespace" in result.findings[0].message


def test_root_that_is_not_a_message_of_the_version(offline_checker, tmp_path):
    path = tmp_path / "catalog43.xml"
    path.write_bytes(b'<ern:CatalogListMessage xmlns:ern="http://ddex.net/xml/ern/43"/>')
    result = offline_checker.check_path(str(path))
    assert rules_of(result.findings) == ["ERN002"]
    assert "not an ERN 4.3 message" in result.findings[0].message
    assert result.ern_version == "4.3"


def test_schema_version_id_that_contradicts_the_namespace(offline_checker):
    result = offline_checker.check_path(str(FIXTURES / "broken/version_mismatch_382.xml"))
    assert "ERN002" in rules_of(result.findings)
    assert result.ern_version == "3.8.2"
    assert len(result.releases) == 1  # still checked as 3.8.2


def test_matching_schema_version_id_is_clean(offline_checker):
    result = offline_checker.check_path(str(FIXTURES / "ern382/single.xml"))
    assert "ERN002" not in rules_of(result.findings)


@pytest.mark.parametrize(
    ("fixture", "version", "message_type"),
    [
        ("ern432/single_ai_vocals.xml", "4.3.2", "NewReleaseMessage"),
        ("ern431/single_ai_vocals.xml", "4.3.1", "NewReleaseMessage"),
        ("ern43/single.xml", "4.3", "NewReleaseMessage"),
        ("ern382/single.xml", "3.8.2", "NewReleaseMessage"),
        ("ern432/purge.xml", "4.3.2", "PurgeReleaseMessage"),
        ("ern382/catalog_list.xml", "3.8.2", "CatalogListMessage"),
    ],
)
def test_version_and_message_type_are_named(offline_checker, fixture, version, message_type):
    result = offline_checker.check_path(str(FIXTURES / fixture))
    assert (result.ern_version, result.message_type) == (version, message_type)


def test_a_folder_named_xml_is_unreadable(offline_checker, tmp_path):
    folder = tmp_path / "looks_like.xml"
    folder.mkdir()
    result = offline_checker.check_path(str(folder))
    assert result.status is Status.ERROR
    assert rules_of(result.findings) == ["IO001"]
    assert "directory" in result.findings[0].message


def test_file_without_read_permission_is_unreadable(offline_checker, tmp_path, deny_read):
    path = tmp_path / "secret.xml"
    path.write_bytes((FIXTURES / "ern43/single.xml").read_bytes())
    deny_read(path)
    result = offline_checker.check_path(str(path))
    assert result.status is Status.ERROR
    assert rules_of(result.findings) == ["IO001"]
    assert "Permission denied" in result.findings[0].message


def test_entities_are_not_expanded(offline_checker, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET")
    path = tmp_path / "xxe.xml"
    path.write_text(
        f'<!DOCTYPE r [<!ENTITY x SYSTEM "file://{secret}">]>'
        '<ern:NewReleaseMessage xmlns:ern="http://ddex.net/xml/ern/432">&x;</ern:NewReleaseMessage>'
    )
    result = offline_checker.check_path(str(path))
    assert "ERN003" in {f.rule for f in result.findings}
    assert "TOP-SECRET" not in result.to_json()


# --- reading inputs that are not local files, ahead of checking --------------------------


class _CountingFetcher(Fetcher):
    """A Fetcher whose reads finish at once, counting those under way."""

    def __init__(self, fail: set[str] = frozenset()) -> None:
        self.under_way = self.most = 0
        self.fail = fail
        self.batches: list[int] = []  # how many reads each hand-over started

    def start_all(self, items):
        from concurrent.futures import Future

        from ddex_ai.discovery.sources import ReadFailed

        reads = []
        self.batches.append(len(items))
        for item in items:
            self.under_way += 1
            self.most = max(self.most, self.under_way)
            reading = Future()
            if item.path in self.fail:
                reading.set_exception(ReadFailed("cannot read file: no such object"))
            else:
                reading.set_result(item.path.encode())
            reads.append(reading)
        return reads

    def finish(self, item, reading):
        self.under_way -= 1
        return super().finish(item, reading)


def _objects(count: int, size: int) -> list:
    from ddex_ai.discovery import Input
    from ddex_ai.discovery.sources import RemoteObject

    return [
        Input(f"s3://b/{n}.xml", source=RemoteObject(f"s3://b/{n}.xml", size)) for n in range(count)
    ]


def test_a_workers_reads_come_in_order_with_failures_as_their_files_errors():
    from ddex_ai.discovery.reading import CHUNK_WINDOW, in_order

    items = _objects(40, 1000)
    fetcher = _CountingFetcher(fail={"s3://b/7.xml"})
    got = list(in_order(items, fetcher))
    assert [item.path for item in got] == [item.path for item in items]
    assert got[7].error == "cannot read file: no such object" and got[7].data is None
    assert got[8].data == b"s3://b/8.xml"
    assert fetcher.most == CHUNK_WINDOW  # the next ones were under way, never more


def test_a_worker_holds_large_objects_one_at_a_time():
    from ddex_ai.discovery.reading import CHUNK_BYTES, in_order

    fetcher = _CountingFetcher()
    got = list(in_order(_objects(5, CHUNK_BYTES), fetcher))
    assert len(got) == 5 and all(item.data for item in got)
    assert fetcher.most == 1


def test_a_workers_next_chunk_is_read_while_it_checks_this_one():
    from ddex_ai.discovery.reading import ReadWindow

    fetcher = _CountingFetcher()
    window = ReadWindow(fetcher)
    first, second = _objects(2, 1000), _objects(4, 1000)[2:]
    window.add(first)
    window.add(second)  # sent by the parent while the first was being checked
    assert window.next().path == first[0].path
    assert window.next().path == first[1].path
    assert fetcher.under_way == 2  # the second chunk's objects, before it is begun
    assert [window.next().data for _ in second] == [b"s3://b/2.xml", b"s3://b/3.xml"]


def test_a_worker_starts_its_reads_together_not_one_by_one():
    from ddex_ai.discovery.reading import CHUNK_WINDOW, READ_BATCH, in_order

    fetcher = _CountingFetcher()
    got = list(in_order(_objects(40, 1000), fetcher))
    assert len(got) == 40 and sum(fetcher.batches) == 40
    assert fetcher.batches[0] == CHUNK_WINDOW
    assert all(n >= READ_BATCH for n in fetcher.batches[1:-1])  # the last: what was left
