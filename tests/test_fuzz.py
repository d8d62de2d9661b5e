"""Fuzzing: mutated deliveries always give exactly one result with a status, quickly.

CI runs a bounded, repeatable number of examples. A longer run, with fresh random examples:

    DDEX_AI_FUZZ_EXAMPLES=20000 DDEX_AI_SCHEMAS=../shared/ddex/schemas \\
        .venv/bin/python -m pytest tests/test_fuzz.py -q
"""

from __future__ import annotations

import copy
import os
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from conftest import FIXTURES, SCHEMAS
from ddex_ai.checker import Checker
from ddex_ai.findings import Status
from ddex_ai.schema_loader import SchemaRoot, SchemaStore

EXAMPLES = int(os.environ.get("DDEX_AI_FUZZ_EXAMPLES", "60"))
LONG_RUN = "DDEX_AI_FUZZ_EXAMPLES" in os.environ
SECONDS_PER_FILE = 2.0
SEEDS = [
    (FIXTURES / name).read_bytes()
    for name in (
        "ern432/single_ai_vocals.xml",
        "ern432/album_ai_mixed.xml",
        "ern432/rules/AI005.xml",
        "ern43/single.xml",
        "ern382/single.xml",
    )
]
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,  # the bound is asserted per file below, with the time it really took
    derandomize=not LONG_RUN,  # CI: the same examples every run
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
CHECKER = Checker(SchemaStore([SchemaRoot(SCHEMAS, "test")] if SCHEMAS else []))
TEXTS = st.text(alphabet=st.characters(blacklist_categories=("Cs",), min_codepoint=1), max_size=40)


def check(data: bytes) -> None:
    started = time.perf_counter()
    result = CHECKER.check_bytes(data, "fuzzed.xml")
    elapsed = time.perf_counter() - started
    assert isinstance(result.status, Status)
    assert result.path == "fuzzed.xml"
    assert elapsed < SECONDS_PER_FILE, f"{elapsed:.2f} s"
    result.to_json()  # every report can be written
    if result.status is Status.ERROR:
        assert result.findings, "a file that could not be checked says why"
    assert not [f for f in result.findings if f.rule == "INT001"], result.findings


seeds = st.sampled_from(SEEDS)


@FUZZ
@given(
    seeds, st.lists(st.tuples(st.integers(0, 10**9), st.integers(0, 255)), min_size=1, max_size=8)
)
def test_byte_flips(seed, flips):
    data = bytearray(seed)
    for position, value in flips:
        data[position % len(data)] = value
    check(bytes(data))


@FUZZ
@given(seeds, st.integers(0, 10**9))
def test_truncation(seed, cut):
    check(seed[: cut % len(seed)])


def _mutate_tree(seed: bytes, mutate) -> bytes:
    root = etree.fromstring(seed)
    elements = list(root.iter())
    mutate(root, elements)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


@FUZZ
@given(seeds, st.lists(st.integers(1, 10**9), min_size=1, max_size=4))
def test_element_deletion(seed, picks):
    def delete(root, elements):
        for pick in picks:
            element = elements[pick % len(elements)]
            parent = element.getparent()
            if parent is not None and element in parent:
                parent.remove(element)

    check(_mutate_tree(seed, delete))


@FUZZ
@given(seeds, st.lists(st.integers(1, 10**9), min_size=1, max_size=4))
def test_element_duplication(seed, picks):
    def duplicate(root, elements):
        for pick in picks:
            element = elements[pick % len(elements)]
            if element.getparent() is not None:
                element.addnext(copy.deepcopy(element))

    check(_mutate_tree(seed, duplicate))


@FUZZ
@given(seeds, st.integers(0, 10**9), st.sampled_from(["text", "attribute", "tail"]), TEXTS, TEXTS)
def test_text_and_attribute_changes(seed, pick, where, name, value):
    def change(root, elements):
        element = elements[pick % len(elements)]
        try:
            if where == "text":
                element.text = value
            elif where == "tail" and element.getparent() is not None:
                element.tail = value
            elif where == "attribute":
                element.set(name or "x", value)
        except ValueError:
            pass  # not allowed in XML at all (e.g. a control character): lxml refuses it

    check(_mutate_tree(seed, change))


@pytest.mark.parametrize("seed", SEEDS, ids=lambda s: str(len(s)))
def test_seeds_themselves_are_checked(seed):
    check(seed)
