"""Compiled schemas kept for the process, and compiles started ahead of need.

Checks made one after another (the API, a Dask worker's batches) compile a set once, and the
console script leaves without freeing them (27 ms for 4.3.2). The console script also starts
compiling the schema its first files name in a thread while the rest of it imports.
"""

from __future__ import annotations

import contextlib
import os
import sys
import threading
from collections import OrderedDict
from typing import TYPE_CHECKING

from lxml import etree

if TYPE_CHECKING:
    from ddex_ai.schema_loader import SchemaFiles

# What a compiled set is for. SCREEN: the sets the schema uses, each as one pattern
# (avs_patterns): accepts what the schema accepts, soonest, but does not word its errors as
# libxml2 does for enumerations. USED: those sets as enumerations, for the messages. WHOLE:
# every set (an xsi:type may name one the schema does not use).
SCREEN, USED, WHOLE = "screen", "used", "whole"

# Per thread: an XMLSchema's error log is not safe to share.
_COMPILED: OrderedDict[tuple, etree.XMLSchema] = OrderedDict()
_COMPILED_KEPT = 8
# Keys of the screens compiled with the enumerations, for a run of one file (compile_ahead).
_ENUMERATED: set[tuple] = set()
_COMPILED_LOCK = threading.Lock()
# One compile at a time in the process: libxml2's schema parser shares global state (its
# built-in types); two compiles at once (the versions compiled ahead, each in its thread)
# once left a process where every schema failed with "the given type is not a built-in
# type" (1 run in 20 of `check --jobs 2 fixtures`).
_COMPILING = threading.Lock()


def _compile(files: SchemaFiles, form: str = SCREEN) -> etree.XMLSchema:
    from ddex_ai.schema_loader import compile_files

    with _COMPILING:
        return compile_files(files, form)


def _fingerprint(files: SchemaFiles, form: str = SCREEN) -> tuple:
    """What a compiled set depends on: its entry, imports and the XSD files beside them and
    one folder up (ERN 4.3's allowed-value sets sit beside the version folders), each by
    size and modification time."""
    stats = []
    for folder in (files.path.parent, files.path.parent.parent):
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
            stats += [
                (e.path, e.stat().st_size, e.stat().st_mtime_ns)
                for e in entries
                if e.name.endswith(".xsd")
            ]
        except OSError:
            stats.append((str(folder), None, None))
    imports = tuple(sorted(files.imports.items()))
    return (
        threading.get_ident(),
        str(files.path),
        files.base_url,
        imports,
        tuple(stats),
        form,
    )


def compiled(files: SchemaFiles, form: str = SCREEN) -> etree.XMLSchema:
    """``compile_files``, once per process and thread for unchanged files."""
    key = _fingerprint(files, form)
    if form == USED:  # a screen compiled with the enumerations serves for the messages too
        screen_key = (*key[:-1], SCREEN)  # the same files: no second look at their stats
        with _COMPILED_LOCK:
            if screen_key in _ENUMERATED and screen_key in _COMPILED:
                return _COMPILED[screen_key]
    with _COMPILED_LOCK:
        thread = _AHEAD.pop(key, None)
    if thread is not None:
        thread.join()  # its work is ours; once it has ended, workers may be forked
    with _COMPILED_LOCK:
        if key in _COMPILED:
            _COMPILED.move_to_end(key)
            return _COMPILED[key]
    schema = _compile(files, form)  # a failure is raised here, where it is reported
    _keep(key, schema)
    return schema


def _keep(key: tuple, schema: etree.XMLSchema, enumerated: bool = False) -> None:
    with _COMPILED_LOCK:
        _COMPILED[key] = schema
        if enumerated:
            _ENUMERATED.add(key)
        else:
            _ENUMERATED.discard(key)
        while len(_COMPILED) > _COMPILED_KEPT:
            _ENUMERATED.discard(_COMPILED.popitem(last=False)[0])


# Compiles started ahead for the thread that will ask for them (the console script's).
_AHEAD: dict[tuple, threading.Thread] = {}


class _Switching:
    """A shorter switch interval while any compile runs ahead, the old one restored after."""

    FAST = 0.0005  # seconds

    def __init__(self) -> None:
        self.running, self.saved = 0, sys.getswitchinterval()

    def started(self) -> None:  # under _COMPILED_LOCK
        if not self.running:
            self.saved = sys.getswitchinterval()
            sys.setswitchinterval(self.FAST)
        self.running += 1

    def done(self) -> None:
        with _COMPILED_LOCK:
            self.running -= 1
            if not self.running:
                sys.setswitchinterval(self.saved)


_switching = _Switching()


def compile_ahead(files: SchemaFiles, enumerated: bool = False) -> None:
    """Start compiling ``files`` in a thread, for this thread's later ``compiled(files)``.

    libxml2 compiles without holding the GIL, so the imports and set-up that come next run
    meanwhile (about 60 ms of a one-file run). It still takes the GIL for a moment now and
    then (lxml's callbacks), so the interpreter switches threads more often meanwhile: at
    the default 5 ms the compile would take half as long again.

    ``enumerated``: a run of one file, whose screen is then the schema with its sets as
    enumerations (it accepts the same files and words their errors too): preparing the
    patterns costs about 10 ms of a one-file run, and saves 0.4 ms a file."""
    key = _fingerprint(files)

    def work() -> None:
        try:
            # On failure nothing is kept: compiled() compiles again and reports it.
            with contextlib.suppress(Exception):
                _keep(key, _compile(files, USED if enumerated else SCREEN), enumerated)
        finally:
            _switching.done()

    with _COMPILED_LOCK:
        if key in _COMPILED or key in _AHEAD:
            return
        thread = _AHEAD[key] = threading.Thread(target=work, name="ddex-ai-schema", daemon=True)
        _switching.started()
    thread.start()


def settle_ahead() -> None:
    """Wait for every compile started ahead: no thread may be running when workers fork."""
    with _COMPILED_LOCK:
        threads = list(_AHEAD.values())
    for thread in threads:
        thread.join()
