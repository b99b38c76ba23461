"""The shop's log file: private (0600), and never a crash or a traceback when it cannot be
written (full disk, read-only folder): then it says so once on stderr and carries on there."""

from __future__ import annotations

import contextlib
import logging
import os
import sys
from io import TextIOWrapper
from pathlib import Path

from shopkeeper.core.store.private_files import FILE_MODE, private_folder

LOG_NAME = "shopkeeper.log"
FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


class PrivateLogFile(logging.FileHandler):
    """Appends to a 0600 file; when a write fails, one line on stderr names the problem and
    later records go to stderr as single lines.

    Attributes:
        problem: Why the file could not be written (None while it works).
    """

    def __init__(self, path: Path) -> None:
        super().__init__(path, encoding="utf-8", delay=True)
        self.problem: str | None = None

    def _open(self) -> TextIOWrapper:
        private_folder(Path(self.baseFilename).parent)
        fd = os.open(self.baseFilename, os.O_WRONLY | os.O_CREAT | os.O_APPEND, FILE_MODE)
        os.fchmod(fd, FILE_MODE)
        return os.fdopen(fd, "a", encoding=self.encoding, errors=self.errors)

    def emit(self, record: logging.LogRecord) -> None:
        if self.problem is None:
            try:
                super().emit(record)  # FileHandler opens the file here: that may fail too
                return
            except OSError as err:
                self._failed(err)
        _to_stderr(record)

    def handleError(self, record: logging.LogRecord) -> None:
        """A failed write (StreamHandler catches it and calls this): no traceback."""
        err = sys.exc_info()[1]
        if self.problem is None:
            self._failed(err)
        _to_stderr(record)

    def _failed(self, err: BaseException | None) -> None:
        reason = getattr(err, "strerror", None) or str(err) or type(err).__name__
        self.problem = str(reason)
        if self.stream is not None:
            with contextlib.suppress(OSError):  # closing flushes, and the flush failed
                self.stream.close()
            self.stream = None
        sys.stderr.write(
            f"shopkeeper: cannot write the log file {self.baseFilename} ({self.problem}); "
            "log messages go to this terminal instead.\n"
        )


def _to_stderr(record: logging.LogRecord) -> None:
    sys.stderr.write(f"{record.levelname} {record.name}: {record.getMessage()}\n")


def open_log(data_dir: Path, *, console: bool = False) -> PrivateLogFile:
    """Log INFO and above to `data_dir/shopkeeper.log` (once per process and file);
    `console` also prints every record (the bot, run in a terminal).

    Returns:
        The file's handler: its `problem` says whether writing has failed.
    """
    root = logging.getLogger()
    path = Path(data_dir) / LOG_NAME
    for handler in root.handlers:
        if isinstance(handler, PrivateLogFile) and handler.baseFilename == str(path.absolute()):
            return handler
    found = PrivateLogFile(path)
    found.setFormatter(logging.Formatter(FORMAT))
    root.addHandler(found)
    if console:
        stream = logging.StreamHandler()
        stream.setFormatter(logging.Formatter(FORMAT))
        root.addHandler(stream)
    root.setLevel(logging.INFO)
    return found
