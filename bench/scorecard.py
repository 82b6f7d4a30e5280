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


# --- attack classes (issue 9): each names its tests and the figures they record -------------
# A class row sums the figures whose names start with its prefixes; a test of the class that
# failed without recording (it crashed first) counts as one more failure.
AttackClass = tuple[str, tuple[str, ...], tuple[str, ...]]


def class_ids_across_accounts() -> AttackClass:
    return (
        "ids inside uploaded files and JSON bodies × other accounts",
        ("tests/test_ids_across_accounts.py",),
        ("ids in JSON bodies", "ids in form fields", "ids inside uploaded files"),
    )


def class_hostile_values() -> AttackClass:
    return (
        "non-finite numbers, surrogates and NUL in every JSON field and form",
        ("tests/test_hostile_input.py",),
        ("non-finite numbers", "NUL in query strings"),
    )


def class_extreme_dates() -> AttackClass:
    return (
        "extreme dates and offsets on every route that takes them",
        ("tests/test_extreme_dates.py",),
        ("year 9999 / year 1", "extreme dates and offsets"),
    )


def class_csv_formulas() -> AttackClass:
    return (
        "CSV formula cells",
        ("tests/economics/test_csv_formulas.py",),
        ("CSV formula cells",),
    )


ATTACK_CLASSES = (
    class_ids_across_accounts,
    class_hostile_values,
    class_extreme_dates,
    class_csv_formulas,
)


def attack_rows(
    figures: list[tuple[str, int, int]], results: list[tuple[str, bool]]
) -> list[tuple[str, int, int]]:
    rows = []
    for make in ATTACK_CLASSES:
        title, paths, prefixes = make()
        mine = [(t, f) for name, t, f in figures if name.startswith(prefixes)]
        crashed = [ok for name, ok in results if name.startswith(paths) and not ok]
        tried = sum(t for t, _ in mine)
        failed = sum(f for _, f in mine)
        rows.append((title, tried, failed if failed else len(crashed)))
    return rows


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
        "--attacks-only",
        action="store_true",
        help="only the attack classes of issue 9 (no crash rounds, schemathesis or browser)",
    )
    parser.add_argument(
        "--only-9b",
        action="store_true",
        help="only issue 9 part B's classes (races, file modes, tokens in logs) and the crash",
    )
    args = parser.parse_args()
    attack_paths = [p for make in ATTACK_CLASSES for p in make()[1]]
    if args.attacks_only:
        selected = attack_paths
    elif args.only_9b:
        selected = issue9b_selection()
    else:
        selected = [*SELECTED, *issue9b_selection(), *attack_paths]
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
        recorded = []
        for line in figures.read_text().splitlines() if figures.exists() else []:
            item = json.loads(line)
            recorded.append((item["name"], item["tried"], item["failed"]))
        results = _junit(report)
        if args.attacks_only:
            return _print(attack_rows(recorded, results))
        if not args.only_9b:
            rows.extend(recorded)
        for title, prefixes in groups.items():
            chosen = [ok for name, ok in results if name.startswith(prefixes)]
            rows.append((title + " (tests)", len(chosen), chosen.count(False)))
        if not args.only_9b:
            rows.extend(attack_rows(recorded, results))
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
    return _print(rows)


def _print(rows: list[tuple[str, int, int]]) -> int:
    database = os.environ.get("KOCLEDGER_TEST_DATABASE", "sqlite")
    print(f"\ndatabase: {database}")
    width = max(len(r[0]) for r in rows)
    print(f"\n{'check':<{width}}  {'tried':>7}  {'failures':>8}")
    for name, tried, failed in rows:
        print(f"{name:<{width}}  {tried:>7}  {failed:>8}")
    total = sum(r[2] for r in rows)
    print(f"\n{'all checks':<{width}}  {sum(r[1] for r in rows):>7}  {total:>8}")
    return 0 if total == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
