"""Where each side of `migrate verify` runs a script: its own mirror of the script's folder.

A script reads files next to it (`pd.read_csv("data.csv")`, `open(os.path.join(
os.path.dirname(__file__), "vocab.txt"))`) and writes files there (checkpoints, logs,
plots). Each side runs in a mirror of that folder, so the data is visible and what one
side writes is not seen by the other, nor by the user's folder:

- the folder's files and subfolders are copied, up to COPY_BUDGET_BYTES and
  COPY_BUDGET_FILES in all (caches and version-control folders are skipped);
- an entry beyond the budget, every symbolic link and every special file (a FIFO or a
  device, never opened) is linked instead of copied: the
  script still reads it, but a write into it would reach the user's file, and the report
  names each such entry (`Mirror.linked`);
- the translation under test is written into the mirror under the script's own name, so
  `__file__`, `sys.argv[0]` and `sys.path[0]` point into the mirror.
"""
from __future__ import annotations

import os
import shutil
import stat
from dataclasses import dataclass, field

COPY_BUDGET_BYTES = 64 * 1024 * 1024
COPY_BUDGET_FILES = 2000
SKIPPED = frozenset({".git", ".hg", ".svn", "__pycache__", ".venv", "venv", "node_modules", ".mypy_cache",
                     ".pytest_cache", ".ipynb_checkpoints", ".tox"})


@dataclass
class Mirror:
    folder: str  # the mirror: the run's working directory
    script: str  # the translation, under the script's own name, inside the mirror
    linked: list = field(default_factory=list)  # entries of the user's folder linked, not copied


def _plain(path: str) -> bool:
    """A regular file or a folder, not a link: what is copied (a FIFO or a device is never
    opened: reading one could block or never end)."""
    mode = os.lstat(path).st_mode
    return stat.S_ISREG(mode) or stat.S_ISDIR(mode)


def _holds(folder: str, path: str) -> bool:
    """Is PATH inside FOLDER (or FOLDER itself)? Both real paths."""
    return os.path.commonpath([folder, path]) == folder


def _size(path: str, files_left: int, avoid: str) -> tuple[int, int]:
    """(bytes, files) of a file or a folder tree, counting at most files_left + 1 files;
    the folder AVOID (the mirror's own place) is not counted."""
    if os.path.islink(path) or not os.path.isdir(path):
        return (os.lstat(path).st_size, 1)
    total = count = 0
    for root, dirs, files in os.walk(path):
        dirs[:] = [d for d in dirs if d not in SKIPPED and not os.path.islink(os.path.join(root, d))
                   and not _holds(os.path.realpath(os.path.join(root, d)), avoid)]
        for name in files:
            count += 1
            if count > files_left:
                return total, count
            try:
                total += os.lstat(os.path.join(root, name)).st_size
            except OSError:
                pass
    return total, count


def _copy(source: str, target: str, avoid: str) -> None:
    """Copy a file or a tree; a folder holding AVOID (the mirror being made: a script in
    /tmp with verify's temporary folder under /tmp) is left out, or the copy would copy
    itself."""
    def ignored(folder, names):
        return [n for n in names if n in SKIPPED or _holds(os.path.realpath(os.path.join(folder, n)), avoid)
                or not os.path.islink(os.path.join(folder, n)) and not _plain(os.path.join(folder, n))]

    if os.path.isdir(source):
        shutil.copytree(source, target, symlinks=True, ignore=ignored)
    else:
        shutil.copy2(source, target)


def mirror(script_path: str, code: bytes, folder: str) -> Mirror:
    """Make FOLDER a mirror of SCRIPT_PATH's folder holding CODE under the script's name."""
    source_dir = os.path.dirname(os.path.abspath(script_path))
    name = os.path.basename(script_path)
    os.makedirs(folder, exist_ok=True)
    avoid = os.path.realpath(folder)
    result = Mirror(folder, os.path.join(folder, name))
    bytes_left, files_left = COPY_BUDGET_BYTES, COPY_BUDGET_FILES
    try:
        entries = sorted(os.listdir(source_dir))
    except OSError:
        entries = []
    for entry in entries:
        source, target = os.path.join(source_dir, entry), os.path.join(folder, entry)
        if entry == name or entry in SKIPPED or _holds(os.path.realpath(source), avoid):
            continue
        try:
            size, files = _size(source, files_left, avoid)
            if _plain(source) and size <= bytes_left and files <= files_left:
                _copy(source, target, avoid)
                bytes_left, files_left = bytes_left - size, files_left - files
                continue
            os.symlink(os.path.realpath(source), target)
            result.linked.append(entry)
        except OSError:
            continue  # unreadable or vanished: the script sees it missing, as it would
    with open(result.script, "wb") as f:
        f.write(code)
    return result
