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
    flags = os.O_CREAT | os.O_WRONLY | (os.O_EXCL if exclusive else 0)
    os.close(os.open(path, flags, FILE_MODE))
    os.chmod(path, FILE_MODE)


def secure_sqlite(database: Path) -> None:
    """The database file and its companions, created or fixed to 0600."""
    private_file(database)
    for suffix in ("-wal", "-shm", "-journal"):
        companion = database.with_name(database.name + suffix)
        if companion.exists():
            os.chmod(companion, FILE_MODE)
