"""The kocledger command: serve, user create, token create, demo."""

from __future__ import annotations

import argparse
import contextlib
import os
import socket
import subprocess
import sys
from collections.abc import Sequence
from typing import Any

from pydantic import ValidationError
from sqlmodel import Session

from app import clock
from app.db import make_engine
from app.errors import NotFound, RuleError
from app.settings import Settings


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="kocledger", description="KOC Ledger (合作账本)")
    sub = parser.add_subparsers(dest="command", required=True)

    serve = sub.add_parser("serve", help="apply pending migrations, then serve the app")
    # Only this machine by default: reaching it from a phone is a choice (--host 0.0.0.0).
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--workers", type=int, default=1)

    sub.add_parser("migrate", help="apply pending migrations")

    user = sub.add_parser("user", help="manage accounts").add_subparsers(
        dest="action", required=True
    )
    create = user.add_parser("create", help="create an account")
    create.add_argument("name")
    create.add_argument(
        "--password-stdin",
        action="store_true",
        required=True,
        help="read the password from standard input",
    )
    create.add_argument("--owner", action="store_true", help="make it the instance owner")
    password = user.add_parser(
        "password", help="set an account's password (signs it out everywhere)"
    )
    password.add_argument("name")
    password.add_argument(
        "--password-stdin",
        action="store_true",
        required=True,
        help="read the new password from standard input",
    )
    signout = user.add_parser("signout-all", help="end every session of an account")
    signout.add_argument("name")

    token = sub.add_parser("token", help="manage API tokens").add_subparsers(
        dest="action", required=True
    )
    token_create = token.add_parser("create", help="make an API token and print it")
    token_create.add_argument("name", help="the account's username")
    token_create.add_argument("--label", default="cli")

    backup = sub.add_parser("backup", help="copy the whole database to a file (safe while serving)")
    backup.add_argument("path", nargs="?", help="default: DATA_DIR/backups/kocledger-<time>.*")
    restore = sub.add_parser("restore", help="replace the database with a backup")
    restore.add_argument("path")
    restore.add_argument("--force", action="store_true", help="overwrite a database with data")
    restore.add_argument(
        "--drop-dependents",
        action="store_true",
        help="PostgreSQL: also drop your own objects that depend on the ledger's tables (a view,"
        " a foreign key into them), which otherwise stop the restore; each one dropped is named",
    )

    export = sub.add_parser("export", help="write one account as versioned JSON")
    export.add_argument("--user", required=True)
    export.add_argument("--output", "-o", help="a file (default: standard output)")
    export.add_argument("--force", action="store_true", help="overwrite --output if it exists")
    import_ = sub.add_parser("import", help="add an exported account's records to an account")
    import_.add_argument("path")
    import_.add_argument("--user", required=True)

    collectives = sub.add_parser("collectives", help="collectives hosted here").add_subparsers(
        dest="action", required=True
    )
    collectives.add_parser(
        "release-due",
        help="make each collective's scheduled release when its date has come (for cron)",
    )

    demo = sub.add_parser("demo", help="fill an account with realistic demo data")
    demo.add_argument("--deals", type=int, default=60)
    demo.add_argument("--user", default="demo")
    demo.add_argument("--seed", type=int, default=7)
    return parser


def _fewer_malloc_arenas() -> None:
    """glibc gives threads their own malloc arenas (up to 8 per core), each keeping freed
    memory resident; two arenas keep the server's resident memory down (QUALITY.md, VmRSS).
    And glibc raises its mmap threshold to the largest block freed so far: after a sign-in's
    argon2 buffer (19 MiB) was freed once, the next ones came from the heap and stayed
    resident. A fixed threshold keeps large blocks mapped, so they go back when freed.
    The variables reach worker processes; mallopt applies them to this one. Freed heap memory
    is also handed back after requests (app.web.trim)."""
    os.environ.setdefault("MALLOC_ARENA_MAX", "2")
    os.environ.setdefault("MALLOC_MMAP_THRESHOLD_", str(256 * 1024))
    os.environ.setdefault("KOCLEDGER_MALLOC_TRIM", "1")  # app.web.trim
    try:
        import ctypes

        libc = ctypes.CDLL("libc.so.6")
        libc.mallopt(-8, int(os.environ["MALLOC_ARENA_MAX"]))  # M_ARENA_MAX
        libc.mallopt(-3, int(os.environ["MALLOC_MMAP_THRESHOLD_"]))  # M_MMAP_THRESHOLD
    except (OSError, AttributeError, ValueError):
        pass  # not glibc: nothing to tune


def _migrate(settings: Settings) -> int:
    """Apply pending migrations; a database that cannot be reached or opened (a server down, a
    file that cannot be made, a lock held too long) or a run rolled back is one line of error,
    not a traceback."""
    from alembic.util import CommandError
    from sqlalchemy.exc import DBAPIError

    from app import migrate

    try:
        engine = make_engine(settings)
        try:
            migrate.upgrade(engine)
        finally:
            engine.dispose()
    # CommandError: a revision these migrations do not know (a database of a newer version).
    except (DBAPIError, OSError, migrate.MigrationError, CommandError) as exc:
        lines = str(getattr(exc, "orig", None) or exc).strip().splitlines()
        reason = lines[0] if lines else type(exc).__name__
        print(f"error: cannot migrate the database: {reason}", file=sys.stderr)
        return 2
    return 0


def tcp_listener(sock: socket.socket) -> socket.socket:
    """The same listening socket, known to Python as TCP (IPPROTO_TCP) rather than protocol 0.

    uvicorn binds the socket it shares between workers as socket(AF_INET, SOCK_STREAM), protocol
    0; asyncio sets TCP_NODELAY only on accepted sockets whose protocol reads IPPROTO_TCP, so with
    --workers 2 every answer sent in two writes (headers, then body) waited for the client's
    delayed ACK: 44 ms per request on /healthz, against 0.7 ms with one worker (bench.hub)."""
    if sock.family in (socket.AF_INET, socket.AF_INET6) and sock.proto == 0:
        return socket.socket(sock.family, sock.type, socket.IPPROTO_TCP, fileno=sock.detach())
    return sock


def _serve_workers(config: Any) -> None:
    """uvicorn.run's several-workers path, on a listener marked TCP (tcp_listener)."""
    from uvicorn.supervisors import Multiprocess

    sock = tcp_listener(config.bind_socket())
    with contextlib.suppress(KeyboardInterrupt):  # Ctrl+C: the workers stop, as uvicorn.run
        Multiprocess(config, sockets=[sock]).run()


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        settings = Settings()
    except ValidationError as exc:
        # A setting refused (a placeholder secret, a proxy of "*"): one line each, no traceback.
        for error in exc.errors():
            print(f"error: {error['msg'].removeprefix('Value error, ')}", file=sys.stderr)
        return 2
    if args.command == "migrate":
        return _migrate(settings)
    if args.command == "serve":
        # Migrations run in a child process: Alembic, Mako and Pygments (about 10 MB resident)
        # are never loaded into the server, which lives for months. The child says what went
        # wrong (one line); the server starts only after it finished.
        migrated = subprocess.run([sys.executable, "-m", "app.cli", "migrate"], check=False)
        if migrated.returncode != 0:
            print(
                "error: the migrations did not finish; the server was not started", file=sys.stderr
            )
            return migrated.returncode if migrated.returncode > 0 else 2
        import uvicorn

        _fewer_malloc_arenas()
        os.umask(0o077)  # whatever the server creates is private to its user

        print(f"KOC Ledger: http://{args.host}:{args.port}/", file=sys.stderr)
        # Forwarded headers are believed only from the proxies named in the settings.
        proxies = settings.trusted_proxies.strip()
        options = dict(
            host=args.host,
            port=args.port,
            workers=args.workers,
            proxy_headers=bool(proxies),
            forwarded_allow_ips=proxies or None,
            log_level="info",
        )
        if args.workers <= 1:
            uvicorn.run("app.asgi:app", **options)
        else:
            _serve_workers(uvicorn.Config("app.asgi:app", **options))
        return 0

    # Before the migrations below: a restore replaces the database, and a backup copies it as it is.
    if args.command in {"backup", "restore"}:
        return _backup_or_restore(args, settings)

    # Any other command runs on a migrated database; what stops that is one line of error.
    status = _migrate(settings)
    if status != 0:
        return status
    engine = make_engine(settings)
    from app.accounts import service as accounts

    with Session(engine, expire_on_commit=False) as db:
        if args.command == "user" and args.action != "create":
            return _user_sessions(args, db)
        if args.command == "user":
            password = sys.stdin.readline().rstrip("\r\n")
            try:
                # The first account made is the owner, as on the setup page.
                is_owner = args.owner or accounts.count_users(db) == 0
                user = accounts.create_user(
                    db, username=args.name, password=password, now=clock.utcnow(), is_owner=is_owner
                )
            except RuleError as exc:
                print(f"error: {exc.field}: {exc.message}", file=sys.stderr)
                return 2
            # Messages go to stderr, results to stdout: `token create` prints only the token, for
            # scripts.
            print(f"created {user.username}", file=sys.stderr)
            return 0
        if args.command == "token":
            user_id = _account_id(db, args.name)
            if user_id is None:
                return 2
            secret, _row = accounts.create_token(
                db, user_id=user_id, label=args.label, now=clock.utcnow()
            )
            # The secret alone on one line (API.md), so `$(kocledger token create …)` captures it.
            print(secret)
            return 0
        if args.command in {"export", "import"}:
            return _export_or_import(args, db)
        if args.command == "collectives":
            from app.collective.service import REFUSALS, release_due

            # Releases are dated in UTC when made by the server (no account's time zone applies).
            for slug, outcome in release_due(db, today=clock.utcnow().date()):
                if isinstance(outcome, int):
                    print(f"{slug}: release {outcome}")
                else:
                    # A collective not due is no error for cron: the exit status stays 0.
                    print(f"{slug}: {REFUSALS.get(outcome, outcome)}", file=sys.stderr)
            return 0
        if args.command == "demo":
            from app.demo import fill_demo

            try:
                count = fill_demo(
                    db, username=args.user, deals=args.deals, seed=args.seed, now=clock.utcnow()
                )
            except RuleError as exc:  # a name the accounts refuse (too short, a space in it)
                print(f"error: {exc.field}: {exc.message}", file=sys.stderr)
                return 2
            print(f"{count} demo deals for {args.user}", file=sys.stderr)
            return 0
    return 1


def _account_id(db: Session, name: str) -> int | None:
    """The id of the account with this name, or None after saying so on stderr."""
    from app.accounts import service as accounts

    try:
        user = accounts.find_user(db, username=name)
    except NotFound:
        print(f"error: no account named {name}", file=sys.stderr)
        return None
    assert user.id is not None
    return user.id


def _user_sessions(args: argparse.Namespace, db: Session) -> int:
    from app.accounts import service as accounts

    user_id = _account_id(db, args.name)
    if user_id is None:
        return 2
    if args.action == "password":
        password = sys.stdin.readline().rstrip("\r\n")
        try:
            accounts.set_password(db, user_id=user_id, password=password)
        except RuleError as exc:
            print(f"error: {exc.field}: {exc.message}", file=sys.stderr)
            return 2
        print(f"password set for {args.name}; every session ended", file=sys.stderr)
        return 0
    ended = accounts.end_sessions(db, user_id=user_id)
    print(f"{ended} sessions of {args.name} ended", file=sys.stderr)
    return 0


def _backup_or_restore(args: argparse.Namespace, settings: Settings) -> int:
    from pathlib import Path

    from sqlalchemy.exc import DBAPIError

    from app import backup

    try:
        if args.command == "backup":
            # Named by the time it was made, so backups sort and never overwrite each other.
            target = Path(args.path) if args.path else backup.default_path(settings, clock.utcnow())
            print(backup.backup(settings, target))
        else:
            restored = backup.restore(
                settings, Path(args.path), force=args.force, drop_dependents=args.drop_dependents
            )
            for what in restored.dropped:
                print(f"dropped {_one_line(what)}", file=sys.stderr)
            if restored.skipped:
                shown = "; ".join(restored.skipped[:20])
                more = len(restored.skipped) - 20
                print(
                    "not restored, not part of the ledger: "
                    + _one_line(shown + (f"; and {more} more" if more > 0 else "")),
                    file=sys.stderr,
                )
            if restored.kept:
                print(f"the damaged database is kept as {restored.kept}", file=sys.stderr)
            print("every account is signed out (sessions are not restored)", file=sys.stderr)
            print(f"restored {args.path}", file=sys.stderr)
    except backup.BackupBusy as exc:
        print(f"error: {_one_line(exc.translated(_terminal_translator()))}", file=sys.stderr)
        return 2
    except backup.BackupError as exc:
        print(f"error: {_one_line(str(exc))}", file=sys.stderr)
        return 2
    except DBAPIError as exc:  # the restore asks the database which tables it holds first
        lines = str(exc.orig or exc).strip().splitlines()
        reason = lines[0] if lines else type(exc).__name__
        print(f"error: cannot use the database, nothing changed: {reason}", file=sys.stderr)
        return 2
    except OSError as exc:  # a folder where a file should be, a file where a folder should be
        print(f"error: {_one_line(str(exc))}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        # (A restore interrupted while it streams says itself whether anything changed.)
        print("error: interrupted", file=sys.stderr)
        return 130
    return 0


def _terminal_translator() -> Any:
    """The terminal's language (LC_ALL, LC_MESSAGES, LANG, as gettext reads them): Chinese for
    zh*, English otherwise."""
    from app.i18n import Translator

    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(name)
        if value:
            return Translator("zh-CN" if value.lower().startswith("zh") else "en")
    return Translator("en")


def _one_line(text: str) -> str:
    """A message on one line: a newline (or other control character) in a name the user gave an
    object is shown escaped."""
    return "".join(c if c.isprintable() else c.encode("unicode_escape").decode() for c in text)


def _export_or_import(args: argparse.Namespace, db: Session) -> int:
    import json
    from pathlib import Path

    from app.transfer import TransferError, export_account, import_account
    from app.validation import JsonRejected, loads_strict

    user_id = _account_id(db, args.user)
    if user_id is None:
        return 2
    if args.command == "export":
        text = json.dumps(
            export_account(db, user_id=user_id, now=clock.utcnow()), ensure_ascii=False, indent=1
        )
        if args.output:
            try:  # "x": created here, never silently over an existing file
                with open(args.output, "w" if args.force else "x", encoding="utf-8") as handle:
                    handle.write(text + "\n")
            except FileExistsError:
                print(f"error: {args.output} exists; use --force to overwrite it", file=sys.stderr)
                return 2
        else:
            print(text)
        return 0
    try:
        document = loads_strict(Path(args.path).read_text(encoding="utf-8"))
        count = import_account(db, user_id=user_id, document=document)
    except JsonRejected as exc:
        where = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in exc.loc)
        # The place in the file and the reason, as the settings page says it.
        print(f"error: nothing was imported: {where.lstrip('.')}: {exc.message}", file=sys.stderr)
        return 2
    except (OSError, ValueError) as exc:
        print(f"error: cannot read {args.path}: {exc}", file=sys.stderr)
        return 2
    except TransferError as exc:
        print("error: nothing was imported:", *exc.errors, sep="\n  ", file=sys.stderr)
        return 2
    print(f"imported {count} deals into {args.user}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
