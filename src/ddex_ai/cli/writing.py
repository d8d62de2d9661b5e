"""Writing what ``fix`` and ``upgrade`` make: a diff by default, or files written atomically
(permissions and owner kept), mirrored below an output folder."""

from __future__ import annotations

import contextlib
import difflib
import os


def unified_diff(path: str, before: bytes, after: bytes, label: str) -> str:
    old = before.decode("utf-8", "surrogateescape").splitlines(keepends=True)
    new = after.decode("utf-8", "surrogateescape").splitlines(keepends=True)
    lines = difflib.unified_diff(old, new, path, f"{path} ({label})")
    return "".join(line if line.endswith("\n") else line + "\n" for line in lines)


def write_atomically(target: str, data: bytes, like: str | None) -> None:
    """Replace ``target`` with ``data`` at once, with the permissions and owner of ``like``."""
    import tempfile

    folder = os.path.dirname(target) or "."
    fd, temporary = tempfile.mkstemp(prefix=f".{os.path.basename(target)}.", dir=folder)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        if like is not None:
            info = os.stat(like)
            os.chmod(temporary, info.st_mode & 0o7777)
            with contextlib.suppress(PermissionError):  # not root: it stays ours, as an edit
                os.chown(temporary, info.st_uid, info.st_gid)
        os.replace(temporary, target)
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise


def mirrored(path: str, given: list[str], output_dir: str) -> str:
    """Where ``path`` goes below ``output_dir``: its place below the folder it was found in."""
    for top in given:
        if os.path.isdir(top):
            relative = os.path.relpath(path, top)
            if not relative.startswith(".."):
                return os.path.join(output_dir, relative)
    return os.path.join(output_dir, os.path.basename(path))


def write_copy(path: str, given: list[str], output_dir: str, data: bytes) -> None:
    """Write ``data`` for ``path`` at its mirrored place below ``output_dir``."""
    target = mirrored(path, given, output_dir)
    os.makedirs(os.path.dirname(target) or ".", exist_ok=True)
    write_atomically(target, data, path)


def read_input(item, verb: str) -> bytes | None:
    """A local input's bytes; None, said on stderr, for a URL, an archive member, an input
    that discovery refused, or a file that cannot be read."""
    import click

    if item.source is not None or item.error:
        click.echo(f"{item.path}: not {verb}: only local files are {verb}", err=True)
        return None
    try:
        with open(item.path, "rb") as handle:
            return handle.read()
    except OSError as exc:
        click.echo(f"{item.path}: cannot read file: {exc.strerror or exc}", err=True)
        return None


def output_dir_problem(output_dir: str, given: list[str]) -> str | None:
    """Why ``output_dir`` cannot take the copies of ``given``: it is an input folder or
    inside one, so copies would replace inputs or be read as inputs on the next run."""
    out = os.path.realpath(output_dir)
    for top in given:
        if os.path.isdir(top):
            folder = os.path.realpath(top)
            if out == folder or out.startswith(folder + os.sep):
                return (
                    f"--output-dir {output_dir} is inside the input folder {top}: the copies "
                    "would replace the inputs or be read as inputs (use --write to replace "
                    "them, or another folder)"
                )
    return None
