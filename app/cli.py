"""The kocledger command: serve, user create, token create, demo."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from sqlmodel import Session

from app import clock
from app.db import make_engine
from app.errors import NotFound, RuleError
from app.settings import Settings


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="kocledger", description="KOC Ledger (合作账本)")
    sub = parser.add_subparsers(dest="command", required=True)

    serve = sub.add_parser("serve", help="apply pending migrations, then serve the app")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--workers", type=int, default=1)

    sub.add_parser("migrate", help="apply pending migrations")

    user = sub.add_parser("user", help="manage accounts").add_subparsers(dest="action",
                                                                         required=True)
    create = user.add_parser("create", help="create an account")
    create.add_argument("name")
    create.add_argument("--password-stdin", action="store_true", required=True,
                        help="read the password from standard input")
    create.add_argument("--owner", action="store_true", help="make it the instance owner")

    token = sub.add_parser("token", help="manage API tokens").add_subparsers(dest="action",
                                                                            required=True)
    token_create = token.add_parser("create", help="make an API token and print it")
    token_create.add_argument("name", help="the account's username")
    token_create.add_argument("--label", default="cli")

    demo = sub.add_parser("demo", help="fill an account with realistic demo data")
    demo.add_argument("--deals", type=int, default=60)
    demo.add_argument("--user", default="demo")
    demo.add_argument("--seed", type=int, default=7)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    settings = Settings()
    engine = make_engine(settings)
    from app import migrate

    if args.command in {"serve", "migrate"}:
        migrate.upgrade(engine)
        if args.command == "migrate":
            return 0
        import uvicorn

        print(f"KOC Ledger: http://{args.host}:{args.port}/", file=sys.stderr)
        uvicorn.run("app.asgi:app", host=args.host, port=args.port, workers=args.workers,
                    proxy_headers=True, log_level="info")
        return 0

    migrate.upgrade(engine)
    from app.accounts import service as accounts

    with Session(engine, expire_on_commit=False) as db:
        if args.command == "user":
            password = sys.stdin.readline().rstrip("\r\n")
            try:
                is_owner = args.owner or accounts.count_users(db) == 0
                user = accounts.create_user(db, username=args.name, password=password,
                                            now=clock.utcnow(), is_owner=is_owner)
            except RuleError as exc:
                print(f"error: {exc.field}: {exc.message}", file=sys.stderr)
                return 2
            print(f"created {user.username}", file=sys.stderr)
            return 0
        if args.command == "token":
            try:
                user = accounts.find_user(db, username=args.name)
            except NotFound:
                print(f"error: no account named {args.name}", file=sys.stderr)
                return 2
            assert user.id is not None
            secret, _row = accounts.create_token(db, user_id=user.id, label=args.label,
                                                 now=clock.utcnow())
            print(secret)
            return 0
        if args.command == "demo":
            from app.demo import fill_demo

            count = fill_demo(db, username=args.user, deals=args.deals, seed=args.seed,
                              now=clock.utcnow())
            print(f"{count} demo deals for {args.user}", file=sys.stderr)
            return 0
    return 1


if __name__ == "__main__":
    raise SystemExit(main())
