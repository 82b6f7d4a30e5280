"""`kocledger serve --workers N` hands its workers a listener asyncio knows as TCP.

uvicorn binds the socket it shares between workers with protocol 0, and asyncio sets
TCP_NODELAY only on accepted sockets whose protocol reads IPPROTO_TCP: with two workers every
answer written in two parts waited for the client's delayed ACK (44 ms per /healthz, bench.hub).
"""

from __future__ import annotations

import asyncio
import socket

import pytest

from app.cli import tcp_listener


def _listener(family: socket.AddressFamily, host: str) -> socket.socket:
    """A listening socket as uvicorn's Config.bind_socket makes it: protocol 0."""
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, 0))
    sock.listen()
    return sock


def _nodelay_of_accepted(listener: socket.socket) -> int:
    """TCP_NODELAY on the server side of one connection accepted by asyncio on `listener`."""

    async def run() -> int:
        accepted: asyncio.Future[int] = asyncio.get_running_loop().create_future()

        class Probe(asyncio.Protocol):
            def connection_made(self, transport: asyncio.BaseTransport) -> None:
                sock = transport.get_extra_info("socket")
                accepted.set_result(sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY))
                transport.close()

        server = await asyncio.get_running_loop().create_server(Probe, sock=listener)
        host, port = listener.getsockname()[:2]
        _reader, writer = await asyncio.open_connection(host, port)
        try:
            return await asyncio.wait_for(accepted, 5)
        finally:
            writer.close()
            server.close()
            await server.wait_closed()

    return asyncio.run(run())


def test_a_protocol_0_listener_accepts_without_nodelay() -> None:
    """What the fix is for: asyncio leaves Nagle on for uvicorn's own listener."""
    assert _nodelay_of_accepted(_listener(socket.AF_INET, "127.0.0.1")) == 0


@pytest.mark.parametrize(
    ("family", "host"), [(socket.AF_INET, "127.0.0.1"), (socket.AF_INET6, "::1")]
)
def test_workers_listener_accepts_with_nodelay(family: socket.AddressFamily, host: str) -> None:
    try:
        plain = _listener(family, host)
    except OSError:
        pytest.skip(f"no {family.name} loopback here")
    fd = plain.fileno()
    sock = tcp_listener(plain)
    assert sock.fileno() == fd  # the same listening socket, not a new one
    assert sock.proto == socket.IPPROTO_TCP
    assert _nodelay_of_accepted(sock) == 1


def test_a_unix_or_tcp_listener_is_left_as_it_is() -> None:
    tcp = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    unix = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        assert tcp_listener(tcp) is tcp
        assert tcp_listener(unix) is unix
    finally:
        tcp.close()
        unix.close()
