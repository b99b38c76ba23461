"""Files only the user running shopkeeper may read: the shop's data (customers' names and
e-mails, orders, conversations) never becomes readable by other users of the machine.

Folders shopkeeper creates are 0700 and files 0600 whatever the umask. Files other libraries
create in them (SQLite's -wal/-shm/-journal files take the database file's mode; chromadb's
index files) are covered by `keep_private`, which tightens the process's umask once at
start-up. Files made before this existed keep their mode (`chmod -R go= data` fixes them).
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

FOLDER_MODE = 0o700
FILE_MODE = 0o600
PRIVATE_UMASK = 0o077


def keep_private() -> None:
    """Make every file this process creates from now on unreadable by group and others
    (a stricter umask the user chose stays as it is)."""
    os.umask(os.umask(PRIVATE_UMASK) | PRIVATE_UMASK)


def private_folder(path: Path) -> Path:
    """Create `path` and its missing parents as 0700 folders; an existing folder is kept."""
    missing = [p for p in (path, *path.parents) if not p.exists()]
    for folder in reversed(missing):
        with contextlib.suppress(FileExistsError):  # made meanwhile by another process
            folder.mkdir(mode=FOLDER_MODE)
            os.chmod(folder, FOLDER_MODE)  # mkdir's mode is cut by the umask; set it exactly
    return path


def private_file(path: Path) -> Path:
    """Create an empty 0600 file at `path` if there is none (its folder 0700 if missing),
    so that whoever opens it next (SQLite, a log) finds it private already."""
    private_folder(path.parent)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    except FileExistsError:
        return path
    os.fchmod(fd, FILE_MODE)
    os.close(fd)
    return path


def write_private(path: Path, text: str) -> Path:
    """Write `text` to `path` as a 0600 file, all at once: a reader (or a crash) never sees
    half a file; an existing file is replaced only once the new one is complete."""
    private_folder(path.parent)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
        os.chmod(tmp, FILE_MODE)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    return path
