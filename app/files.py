"""Private files: the data directory is 0700, the database and its backups 0600.

Modes are set at creation (never a moment world-readable) and fixed on start for files made
by older versions. SQLite gives its -wal and -shm files the mode of the database file.
"""

from __future__ import annotations

import os
from pathlib import Path

DIR_MODE = 0o700
FILE_MODE = 0o600


def private_dir(path: Path) -> None:
    path.mkdir(parents=True, exist_ok=True, mode=DIR_MODE)
    os.chmod(path, DIR_MODE)


def private_file(path: Path, *, exclusive: bool = False) -> None:
    """Create the file empty with mode 0600 if it is missing (or, exclusive, refuse an existing
    one: FileExistsError), else set its mode to 0600."""
    # An existing file is never opened: closing a descriptor of the database drops every POSIX
    # lock this process holds on it, SQLite's included (another process would then think it is
    # the last one using it and delete the -wal and -shm under the running server).
    if not exclusive and path.exists():
        os.chmod(path, FILE_MODE)
        return
    try:
        os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, FILE_MODE))
    except FileExistsError:
        if exclusive:
            raise
    os.chmod(path, FILE_MODE)


def secure_sqlite(database: Path) -> None:
    """The database file and its companions, created or fixed to 0600."""
    private_file(database)
    for suffix in ("-wal", "-shm", "-journal"):
        companion = database.with_name(database.name + suffix)
        if companion.exists():
            os.chmod(companion, FILE_MODE)
