"""Latency of the main pages at two ledger sizes, as multiples of the framework's floor.

    python -m bench.run [--sizes 100 10000] [--requests 200] [--connections 4] [--no-alone]

The floor (QUALITY.md): a bare FastAPI app (bench/bare.py) from the same venv, served by
uvicorn with the same options as `kocledger serve`, loaded the same way in the same run.

For each size: a fresh SQLite database in a temporary folder, `kocledger demo --deals N`, the
app started with `kocledger serve` (one worker) on 127.0.0.1, signed in, and every route
requested a few times untimed (warm-up). Then, with every server up at once, each route is
measured on each ledger in turn (a bounded number of requests sent wrk-like over 4 keep-alive
connections at once: each connection sends its next request as soon as the previous answer
has arrived), and the floor before and after all routes (pooled): on a machine shared with
other jobs, a change in load falls on both sizes alike. Prints one markdown table: p50 and
p95 in milliseconds per size, the 10,000-deal p50/p95 as multiples of the floor's, the
10,000 / 100 ratio of p50, how many other requests the server had in hand beside each timed
one, each server's VmRSS after the benchmark and VmHWM (peak), and the machine's load average
before and after the timed requests. Then the same routes measured one request at a time (one
connection), so pages can be compared without the queueing: an "after a write" row's view
waits behind fewer views than a cached row's, since the other connections are mostly posting.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import socket
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
Request = bytes


# --- a minimal keep-alive HTTP/1.1 client (wrk-like: no per-request client overhead) --------
class Connection:
    def __init__(self, port: int) -> None:
        self.port = port
        self.sock = self._open()
        self.buf = b""

    def _open(self) -> socket.socket:
        sock = socket.create_connection(("127.0.0.1", self.port), timeout=60)
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        return sock

    def _fill(self) -> None:
        chunk = self.sock.recv(262144)
        if not chunk:
            raise ConnectionError("closed by the server")
        self.buf += chunk

    def _take(self, n: int) -> bytes:
        while len(self.buf) < n:
            self._fill()
        out, self.buf = self.buf[:n], self.buf[n:]
        return out

    def _line(self) -> bytes:
        while b"\r\n" not in self.buf:
            self._fill()
        line, _, self.buf = self.buf.partition(b"\r\n")
        return line

    def request(self, raw: Request) -> tuple[int, bytes]:
        self.sock.sendall(raw)
        while b"\r\n\r\n" not in self.buf:
            self._fill()
        head, _, self.buf = self.buf.partition(b"\r\n\r\n")
        lines = head.split(b"\r\n")
        status = int(lines[0].split()[1])
        headers = {}
        for line in lines[1:]:
            name, _, value = line.partition(b":")
            headers[name.strip().lower()] = value.strip().lower()
        if b"content-length" in headers:
            body = self._take(int(headers[b"content-length"]))
        elif headers.get(b"transfer-encoding") == b"chunked":
            parts = []
            while True:
                size = int(self._line().split(b";")[0], 16)
                if size == 0:
                    self._line()
                    break
                parts.append(self._take(size))
                self._take(2)
            body = b"".join(parts)
        else:
            body = b""
        if headers.get(b"connection") == b"close":
            self.sock.close()
            self.sock, self.buf = self._open(), b""
        return status, body

    def close(self) -> None:
        self.sock.close()


def build(method: str, path: str, headers: dict[str, str], body: bytes = b"") -> Request:
    lines = [f"{method} {path} HTTP/1.1", "Host: 127.0.0.1"]
    lines += [f"{k}: {v}" for k, v in headers.items()]
    if body or method == "POST":
        lines.append(f"Content-Length: {len(body)}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + body


@dataclass
class Route:
    name: str
    request: Request
    before: Request | None = None  # sent (not timed) before each timed request
    statuses: set[int] = field(default_factory=lambda: {200})


def load(
    port: int, route: Route, total: int, connections: int, flight: list[int] | None = None
) -> list[float]:
    """`total` requests over `connections` connections at once; latencies in ms. With `flight`,
    the number of the other connections' requests (timed or not) awaiting their answer when
    each timed request was sent is appended to it: how many the server had in hand besides."""
    samples: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    pending = [0]  # requests sent and not yet answered, over all connections

    def sent(conn: Connection, raw: Request) -> tuple[int, bytes]:
        with lock:
            pending[0] += 1
        try:
            return conn.request(raw)
        finally:
            with lock:
                pending[0] -= 1

    share = [
        total // connections + (1 if i < total % connections else 0) for i in range(connections)
    ]

    def worker(count: int) -> None:
        conn = Connection(port)
        mine, others = [], []
        try:
            for i in range(count + 2):  # two warm-up requests per connection, not counted
                if route.before is not None:
                    sent(conn, route.before)
                with lock:
                    besides = pending[0]
                t0 = time.perf_counter()
                try:
                    status, _body = sent(conn, route.request)
                except (ConnectionError, OSError):  # closed after an error: count, reconnect
                    status = 599
                    conn.close()
                    conn = Connection(port)
                elapsed = (time.perf_counter() - t0) * 1000
                if status not in route.statuses:
                    errors.append(f"{route.name}: HTTP {status}")
                if i >= 2:
                    mine.append(elapsed)
                    others.append(besides)
        finally:
            conn.close()
        with lock:
            samples.extend(mine)
            if flight is not None:
                flight.extend(others)

    threads = [threading.Thread(target=worker, args=(n,)) for n in share]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        print(f"  !! {len(errors)} × {errors[0]} (see the server log)", file=sys.stderr)
        FAILURES[route.name] = FAILURES.get(route.name, 0) + len(errors)
    return samples


FAILURES: dict[str, int] = {}
WARM_UP = 5  # untimed requests per route before any is timed


def warm_up(port: int, routes: list[Route]) -> None:
    """Every route a few times, untimed, before the first timed one: the first requests of a
    fresh server import lazily loaded modules, compile templates and SQL and fill SQLite's
    page cache, which would otherwise be charged to whichever route happens to come first."""
    conn = Connection(port)
    try:
        for route in routes:
            for _ in range(WARM_UP):
                if route.before is not None:
                    conn.request(route.before)
                conn.request(route.request)
    finally:
        conn.close()


def percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)

    def at(q: float) -> float:
        rank = q * (len(ordered) - 1)
        low = int(rank)
        high = min(low + 1, len(ordered) - 1)
        return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)

    return at(0.5), at(0.95)


def memory_mb(pid: int) -> tuple[float, float]:
    values = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        name, _, rest = line.partition(":")
        if name in ("VmRSS", "VmHWM"):
            values[name] = int(rest.split()[0]) / 1024
    return values["VmRSS"], values["VmHWM"]


# --- servers ---------------------------------------------------------------------------------
def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _wait_up(port: int, proc: subprocess.Popen[bytes]) -> None:
    for _ in range(600):
        if proc.poll() is not None:
            raise RuntimeError("the server exited")
        try:
            httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=2)
            return
        except httpx.TransportError:
            time.sleep(0.1)
    raise RuntimeError("the server did not start")


def _stop(proc: subprocess.Popen[bytes]) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def _serve(
    args: list[str], env: dict[str, str], port: int, log: Path | None = None
) -> subprocess.Popen[bytes]:
    out = log.open("ab") if log else subprocess.DEVNULL
    proc = subprocess.Popen(args, env=env, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT)
    _wait_up(port, proc)
    return proc


@dataclass
class SizeResult:
    size: int
    fill_seconds: float
    samples: dict[str, list[float]]
    floor: list[float]
    rss: float
    hwm: float
    flight: dict[str, list[int]] = field(default_factory=dict)
    alone: dict[str, list[float]] = field(default_factory=dict)
    floor_alone: list[float] = field(default_factory=list)


def _deal_this_month(client: httpx.Client, token: str, *, exclude: str) -> str:
    """The path of the newest deal filed (delivered, else brief received) in the account's
    current month, other than `exclude`: the dashboard's default period, and every named period,
    contain it. A new deal dated today when the 200 newest have none."""
    from datetime import datetime
    from zoneinfo import ZoneInfo

    bearer = {"Authorization": f"Bearer {token}"}
    profile = client.get("/api/v1/profile", headers=bearer).json()
    today = datetime.now(ZoneInfo(profile.get("timezone") or "Asia/Shanghai")).date()
    month = today.isoformat()[:7]
    for offset in (0, 100):
        page = client.get(
            "/api/v1/deals", params={"limit": 100, "offset": offset}, headers=bearer
        ).json()
        for deal in page["items"]:
            filed = deal.get("delivered_on") or deal.get("brief_received_on") or ""
            path = f"/deals/{deal['id']}"
            if filed[:7] == month and path != exclude:
                return path
    made = client.post(
        "/api/v1/deals",
        headers=bearer,
        json={"title": "bench", "brand_name": "Bench", "brief_received_on": today.isoformat()},
    )
    assert made.status_code == 201, made.text
    return f"/deals/{made.json()['id']}"


def _routes(port: int, token: str) -> list[Route]:
    """Sign in, then the main pages as raw requests carrying the session cookie."""
    client = httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=60)
    page = client.get("/login").text
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert csrf
    client.post(
        "/login",
        data={"username": "demo", "password": "demo-password", "csrf_token": csrf.group(1)},
    )
    deals = client.get("/deals").text
    found = list(dict.fromkeys(re.findall(r'href="(/deals/\d+)"', deals)))
    assert len(found) >= 2, "fewer than two deals on the deal list"
    # Work entries are posted to another deal than the one whose page is measured, so the
    # measured page stays the size a real deal has; and to a deal filed in this month, so the
    # write falls inside every period the dashboards show (at both sizes alike).
    deal_path = found[0]
    written_path = _deal_this_month(client, token, exclude=deal_path)
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', client.get(deal_path).text)
    assert csrf
    token_value = csrf.group(1)
    cookie = "; ".join(f"{c.name}={c.value}" for c in client.cookies.jar)
    client.close()
    html = {"Cookie": cookie}
    form = {**html, "Content-Type": "application/x-www-form-urlencoded"}

    def post(path: str, data: dict[str, str], extra: dict[str, str] | None = None) -> Request:
        body = httpx.QueryParams({"csrf_token": token_value, **data}).__str__().encode()
        return build("POST", path, {**form, **(extra or {})}, body)

    work = post(
        written_path + "/parts/work",
        {"activity": "editing", "minutes": "15", "worked_on": "2026-11-01"},
        {"HX-Request": "true"},
    )
    routes = [
        Route("app /healthz", build("GET", "/healthz", {})),
        Route("home /", build("GET", "/", html)),
        Route("deal list /deals", build("GET", "/deals", html)),
        Route("deal page", build("GET", deal_path, html)),
    ]
    for period in ("month", "quarter", "year", "12m", "all"):
        routes.append(
            Route(f"dashboard {period}", build("GET", f"/dashboard?period={period}", html))
        )
    routes += [
        Route(
            "GET /api/v1/summary",
            build("GET", "/api/v1/summary", {"Authorization": f"Bearer {token}"}),
        ),
        Route(
            "offer check",
            post(
                "/offers/check",
                {"fee": "3000", "compensation": "cash", "kind_1": "image_note", "quantity_1": "1"},
            ),
        ),
        Route("tax page", build("GET", "/tax", html)),
        Route("rate card", build("GET", "/rate-card", html)),
        Route("work-entry post", work),
        Route("dashboard after a write", build("GET", "/dashboard", html), before=work),
        Route("home after a write", build("GET", "/", html), before=work),
        Route("tax page after a write", build("GET", "/tax", html), before=work),
        # Pages are cached whole per ledger version (app/web/pagecache.py): these are the
        # views that render afresh.
        Route("deal list after a write", build("GET", "/deals", html), before=work),
        Route("deal page after a write", build("GET", deal_path, html), before=work),
        Route("rate card after a write", build("GET", "/rate-card", html), before=work),
    ]
    return routes


@dataclass
class Ledger:
    """One demo ledger served by `kocledger serve`, with its routes."""

    size: int
    fill_seconds: float
    server: subprocess.Popen[bytes]
    port: int
    routes: list[Route]
    samples: dict[str, list[float]] = field(default_factory=dict)
    flight: dict[str, list[int]] = field(default_factory=dict)
    alone: dict[str, list[float]] = field(default_factory=dict)


def prepare(size: int, tmp: Path, keep: Path | None) -> Ledger:
    """Fill (or reuse) the demo ledger of `size` deals, serve it, sign in and warm it up."""
    data = str((keep or tmp) / str(size))
    Path(data).mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "KOCLEDGER_DATA_DIR": data}
    env.pop("KOCLEDGER_DATABASE_URL", None)
    cli = [sys.executable, "-m", "app.cli"]
    started = time.perf_counter()
    marker = Path(data) / ".demo-filled"
    if not marker.exists():
        subprocess.run(
            [*cli, "demo", "--deals", str(size), "--user", "demo"],
            env=env,
            check=True,
            cwd=ROOT,
            capture_output=True,
        )
        marker.write_text("ok")
    fill = time.perf_counter() - started
    token = subprocess.run(
        [*cli, "token", "create", "demo"],
        env=env,
        check=True,
        cwd=ROOT,
        capture_output=True,
        text=True,
    ).stdout.strip()
    port = _free_port()
    log = Path(tempfile.gettempdir()) / f"kocledger-bench-{size}.log"
    log.unlink(missing_ok=True)
    server = _serve([*cli, "serve", "--port", str(port)], env, port, log)
    routes = _routes(port, token)
    warm_up(port, routes)
    return Ledger(size, fill, server, port, routes)


def load_average() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def measure_all(
    sizes: list[int], requests: int, connections: int, keep: Path | None, alone: bool = True
) -> tuple[list[SizeResult], str]:
    """Every ledger served at once; each route measured on each ledger in turn (and the floor
    before and after all routes, pooled), so a change in the machine's load from other jobs
    falls on both sizes alike instead of on whichever was measured later. With `alone`, each
    route is measured a second time right after over one connection (one request in the
    server's hands at a time, the untimed write before it included): its service time, without
    queueing behind the other connections' requests."""
    results = []
    ledgers: list[Ledger] = []
    floor_server = None
    with tempfile.TemporaryDirectory() as tmp:
        try:
            for size in sizes:
                ledgers.append(prepare(size, Path(tmp), keep))
            floor_port = _free_port()
            floor_server = _serve(
                [
                    sys.executable,
                    "-m",
                    "uvicorn",
                    "bench.bare:app",
                    "--host",
                    "127.0.0.1",
                    "--port",
                    str(floor_port),
                    "--log-level",
                    "info",
                ],
                dict(os.environ),
                floor_port,
                Path(tempfile.gettempdir()) / "kocledger-bench-floor.log",
            )
            floor_route = Route("floor", build("GET", "/healthz", {}))
            warm_up(floor_port, [floor_route])
            before = load_average()
            floor = load(floor_port, floor_route, requests, connections)
            floor_alone = load(floor_port, floor_route, requests, 1) if alone else []
            for index in range(len(ledgers[0].routes)):
                for ledger in ledgers:
                    mine = ledger.routes[index]
                    flight: list[int] = []
                    ledger.samples[mine.name] = load(
                        ledger.port, mine, requests, connections, flight
                    )
                    ledger.flight[mine.name] = flight
                    if alone:
                        ledger.alone[mine.name] = load(ledger.port, mine, requests, 1)
                    print(
                        f"  {ledger.size:>6} {mine.name:28} "
                        f"{percentiles(ledger.samples[mine.name])[0]:8.1f} ms"
                        + (
                            f", alone {percentiles(ledger.alone[mine.name])[0]:6.1f} ms"
                            if alone
                            else ""
                        )
                        + f", {sum(flight) / max(1, len(flight)):.1f} others in flight",
                        file=sys.stderr,
                    )
            floor += load(floor_port, floor_route, requests, connections)
            if alone:
                floor_alone += load(floor_port, floor_route, requests, 1)
            after = load_average()
            for ledger in ledgers:
                rss, hwm = memory_mb(ledger.server.pid)
                results.append(
                    SizeResult(
                        ledger.size,
                        ledger.fill_seconds,
                        ledger.samples,
                        floor,
                        rss,
                        hwm,
                        ledger.flight,
                        ledger.alone,
                        floor_alone,
                    )
                )
        finally:
            for ledger in ledgers:
                _stop(ledger.server)
            if floor_server is not None:
                _stop(floor_server)
    return results, f"load average (1, 5, 15 min) {before} before the timed requests, {after} after"


def _machine() -> str:
    model = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    cores = os.cpu_count()
    return f"{model}, {cores} cores, Linux {platform.release()}, Python {platform.python_version()}"


def table(results: list[SizeResult], connections: int, requests: int) -> str:
    small, large = results[0], results[-1]
    f_small = percentiles(small.floor)
    f_large = percentiles(large.floor)
    head = (
        f"| route | p50 @{small.size} | p95 @{small.size} | p50 @{large.size} | "
        f"p95 @{large.size} | p50 × floor | p95 × floor | {large.size} / {small.size} "
        f"| in flight @{large.size} |"
    )
    lines = [head, "|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
    lines.append(
        f"| bare FastAPI /healthz (floor) | {f_small[0]:.1f} | {f_small[1]:.1f} | "
        f"{f_large[0]:.1f} | {f_large[1]:.1f} | 1.0 | 1.0 | {f_large[0] / f_small[0]:.2f} | |"
    )
    for name, samples in large.samples.items():
        s50, s95 = percentiles(small.samples[name])
        l50, l95 = percentiles(samples)
        flight = large.flight.get(name) or [0]
        lines.append(
            f"| {name} | {s50:.1f} | {s95:.1f} | {l50:.1f} | {l95:.1f} | "
            f"{l50 / f_large[0]:.1f} | {l95 / f_large[1]:.1f} | {l50 / s50:.2f} "
            f"| {sum(flight) / len(flight):.1f} |"
        )
    if large.alone and large.floor_alone:
        a_floor = percentiles(large.floor_alone)
        lines += [
            "",
            f"One request at a time (one connection; the untimed write before each timed view "
            f"included), the same {requests} requests per route right after each row above:",
            "",
            head.rsplit("|", 2)[0] + "|",
            "|---|---:|---:|---:|---:|---:|---:|---:|",
            f"| bare FastAPI /healthz (floor) | {a_floor[0]:.1f} | {a_floor[1]:.1f} | "
            f"{a_floor[0]:.1f} | {a_floor[1]:.1f} | 1.0 | 1.0 | 1.00 |",
        ]
        for name, samples in large.alone.items():
            s50, s95 = percentiles(small.alone[name])
            l50, l95 = percentiles(samples)
            lines.append(
                f"| {name} | {s50:.1f} | {s95:.1f} | {l50:.1f} | {l95:.1f} | "
                f"{l50 / a_floor[0]:.1f} | {l95 / a_floor[1]:.1f} | {l50 / s50:.2f} |"
            )
    failures = (
        "Non-2xx answers: "
        + ", ".join(f"{name} {count}" for name, count in FAILURES.items())
        + " (server logs: kocledger-bench-<size>.log in the temporary folder).\n"
        if FAILURES
        else "Every answer was the expected status.\n"
    )
    memory = "; ".join(
        f"{r.size} deals: VmRSS {r.rss:.0f} MB after, VmHWM {r.hwm:.0f} MB peak "
        f"(demo filled in {r.fill_seconds:.0f} s)"
        for r in results
    )
    return (
        "\n".join(lines)
        + f"\n\nMilliseconds; {requests} requests per route over {connections} keep-alive "
        f"connections at once, one uvicorn worker, SQLite (in flight: the mean number of the "
        f"other connections' requests, timed or the untimed write, awaiting an answer when a "
        f"timed one was sent). Server memory — {memory}.\n"
        f"Machine: {_machine()}.\n" + failures
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 10000])
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument(
        "--keep", type=Path, default=None, help="reuse demo databases kept in this folder"
    )
    parser.add_argument(
        "--no-alone",
        action="store_true",
        help="skip the second measure of each route over one connection",
    )
    args = parser.parse_args(argv)
    results, load_note = measure_all(
        args.sizes, args.requests, args.connections, args.keep, alone=not args.no_alone
    )
    print(table(results, args.connections, args.requests))
    print(f"Machine {load_note}.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
