"""The security and reliability scorecard (issue: "Nothing lost, nobody in"), in one table.

    python -m bench.scorecard [--crash-rounds 10]

Runs the tests that attack the app (over the whole route inventory), the money properties at
10,000 examples, schemathesis, the XSS corpus in Chromium, backup/restore and import checks,
then the SIGKILL crash script, and prints what each tried and how many failed. Every figure
should read 0 failures. Traffic goes only to 127.0.0.1.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

from bench.crash import run as crash_run

ROOT = Path(__file__).resolve().parent.parent
GROUPS = {
    "sessions: rotation, sign-out replay, idle and absolute expiry": (
        "tests/accounts/test_sessions_throttle.py::test_sessions_expire",
        "tests/test_security.py::test_session_rotates_at_sign_in_and_dies_at_sign_out",
    ),
    "login throttling (account, client, two workers, hasher not called, proxies)": (
        "tests/accounts/test_sessions_throttle.py::test_throttle",
        "tests/accounts/test_sessions_throttle.py::test_forwarded",
        "tests/accounts/test_sessions_throttle.py::test_per_client",
    ),
    "headers: CSP, nosniff, frame-ancestors, referrer, no-store": (
        "tests/test_security.py::test_security_headers",
        "tests/test_templates.py::test_no_inline",
        "tests/test_templates.py::test_htmx",
    ),
    "uploads over the size limit refused": (
        "tests/accounts/test_sessions_throttle.py::test_oversized",
    ),
    "money properties at 10,000 examples (parse, format, sums)": ("tests/test_money.py",),
    "backup → restore row for row; lossless, all-or-nothing import": (
        "tests/test_backup_transfer.py",
        "tests/test_spreadsheet.py",
    ),
}
SELECTED = [
    "tests/test_security.py",
    "tests/accounts",
    "tests/test_fuzz_api.py",
    "tests/browser/test_xss.py",
    "tests/test_money.py",
    "tests/test_templates.py",
    "tests/test_backup_transfer.py",
    "tests/test_spreadsheet.py",
]


def issue9b_selection() -> list[str]:
    """Issue 9, part B: races on a real two-worker server (on the suite's database: SQLite, or
    PostgreSQL with KOCLEDGER_TEST_DATABASE=postgresql), file modes, tokens in logs."""
    return [
        "tests/test_concurrency.py",
        "tests/test_file_modes.py",
        "tests/test_tokens_hosts.py",
        "tests/test_asgi.py",
        "tests/accounts/test_signin_locks.py",
        "tests/accounts/test_password_sessions.py",
        "tests/test_https_setting.py",
    ]


def issue9b_groups() -> dict[str, tuple[str, ...]]:
    return {
        "tokens in logs: redaction, hashed calendar token, hostile Host": (
            "tests/test_tokens_hosts.py",
        ),
        "headers on 500/503/413 pages, streamed body limit, /readyz, retries": (
            "tests/test_asgi.py",
        ),
        "sign-in: no lock while hashing, no session row before sign-in": (
            "tests/accounts/test_signin_locks.py",
        ),
        "password change, sign out everywhere, 30-day sessions, HTTPS=1": (
            "tests/accounts/test_password_sessions.py",
            "tests/test_https_setting.py",
        ),
    }


def issue9b_crash_target(work: Path) -> tuple[str | None, int]:
    """The crash run's database and worker count: PostgreSQL with two workers when the suite
    runs on PostgreSQL (a throwaway database, dropped by issue9b_drop), else SQLite, one."""
    if not os.environ.get("KOCLEDGER_TEST_DATABASE", "sqlite").startswith("postgres"):
        return None, 1
    from sqlalchemy import create_engine, text

    base = os.environ.get("KOCLEDGER_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432")
    name = "koc_crash_" + "".join(c for c in work.name.lower() if c.isalnum())[-12:]
    admin = create_engine(f"{base}/postgres", isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return f"{base}/{name}", 2


def issue9b_drop(url: str | None) -> None:
    if url is None:
        return
    from sqlalchemy import create_engine, text

    base, name = url.rsplit("/", 1)
    admin = create_engine(f"{base}/postgres", isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def _junit(path: Path) -> list[tuple[str, bool]]:
    tree = ET.parse(path)  # noqa: S314 - our own file
    out = []
    for case in tree.iter("testcase"):
        name = case.get("classname", "").replace(".", "/") + ".py::" + case.get("name", "")
        failed = any(child.tag in {"failure", "error"} for child in case)
        skipped = any(child.tag == "skipped" for child in case)
        if not skipped:
            out.append((name, not failed))
    return out


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--crash-rounds", type=int, default=10)
    parser.add_argument(
        "--only-9b",
        action="store_true",
        help="only issue 9 part B's classes (races, file modes, tokens in logs) and the crash",
    )
    args = parser.parse_args()
    selected = issue9b_selection() if args.only_9b else [*SELECTED, *issue9b_selection()]
    groups = issue9b_groups() if args.only_9b else {**GROUPS, **issue9b_groups()}
    rows: list[tuple[str, int, int]] = []
    with tempfile.TemporaryDirectory() as work:
        figures = Path(work) / "figures.jsonl"
        report = Path(work) / "junit.xml"
        env = {**os.environ, "KOCLEDGER_FIGURES": str(figures), "KOCLEDGER_MONEY_EXAMPLES": "10000"}
        subprocess.run(
            [
                sys.executable,
                "-m",
                "pytest",
                "-q",
                "-p",
                "no:warnings",
                f"--junitxml={report}",
                *selected,
            ],
            cwd=ROOT,
            env=env,
            check=False,
        )
        for line in figures.read_text().splitlines() if figures.exists() else []:
            item = json.loads(line)
            rows.append((item["name"], item["tried"], item["failed"]))
        results = _junit(report)
        for title, prefixes in groups.items():
            chosen = [ok for name, ok in results if name.startswith(prefixes)]
            rows.append((title + " (tests)", len(chosen), chosen.count(False)))
        url, workers = issue9b_crash_target(Path(work))
        try:
            crash = crash_run(
                args.crash_rounds,
                4,
                str(Path(work) / "crash"),
                database_url=url,
                workers=workers,
            )
        finally:
            issue9b_drop(url)
    where = f"{crash['database']}, {crash['workers']} worker(s)"
    rows.append(
        (
            f"stored figures and rollups differ from the entries after the crashes ({where})",
            1,
            int(not crash["figures_match"]),
        )
    )
    rows.append(
        (
            f"SIGKILL during writes ({where}), {crash['rounds']} rounds: acknowledged writes lost",
            int(crash["acknowledged"]),
            int(crash["lost"]),
        )
    )  # type: ignore[call-overload]
    rows.append(
        (
            "database integrity check after the crashes (1 = not ok)",
            1,
            int(crash["integrity"] != "ok"),
        )
    )
    width = max(len(r[0]) for r in rows)
    print(f"\n{'check':<{width}}  {'tried':>7}  {'failures':>8}")
    for name, tried, failed in rows:
        print(f"{name:<{width}}  {tried:>7}  {failed:>8}")
    total = sum(r[2] for r in rows)
    print(f"\n{'all checks':<{width}}  {sum(r[1] for r in rows):>7}  {total:>8}")
    return 0 if total == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
