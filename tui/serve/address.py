"""Where `serve` may listen: the host resolved, loopback or not, and the port tried first.

Checked before the server starts so that a typo in `--host` or a port already in use ends
in one line and exit status 2 rather than a traceback from deep inside the event loop, and
so that binding beyond this machine is a decision (`--public`), never an accident.
"""

from __future__ import annotations

import errno
import ipaddress
import socket


class AddressError(ValueError):
    """The host or port cannot be served; the message is one line for the user."""


def resolve(host: str, port: int) -> list[tuple[int, str]]:
    """The (family, address) pairs `host` names, as the server would bind them."""
    if not host.strip():
        raise AddressError("--host: expected an address or a host name, got nothing")
    try:
        found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except (socket.gaierror, UnicodeError):
        raise AddressError(f"--host: unknown host {host!r}") from None
    pairs: list[tuple[int, str]] = []
    for family, _, _, _, sockaddr in found:
        pair = (int(family), str(sockaddr[0]))
        if pair not in pairs:
            pairs.append(pair)
    return pairs


def is_loopback(addresses: list[tuple[int, str]]) -> bool:
    """True if every address stays on this machine (127.0.0.0/8, ::1)."""
    return bool(addresses) and all(_loopback(address) for _, address in addresses)


def is_loopback_name(host: str) -> bool:
    """True for `localhost` and loopback literals, as a browser writes them in a Host header."""
    host = host.strip("[]").lower().rstrip(".")
    return host == "localhost" or _loopback(host)


def _loopback(address: str) -> bool:
    try:
        return ipaddress.ip_address(address.split("%")[0]).is_loopback
    except ValueError:
        return False


def check_free(addresses: list[tuple[int, str]], host: str, port: int) -> None:
    """Bind each address once, as the server will, and say plainly why one cannot be."""
    for family, address in addresses:
        with socket.socket(family, socket.SOCK_STREAM) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            if family == socket.AF_INET6:
                probe.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
            try:
                probe.bind((address, port))
            except OSError as error:
                raise AddressError(describe(error, host, port)) from None


def describe(error: OSError, host: str, port: int) -> str:
    """One line for a failure to listen on host:port."""
    if error.errno == errno.EADDRINUSE:
        return f"port {port} on {host} is already in use (pick another with --port)"
    if error.errno == errno.EADDRNOTAVAIL:
        return f"--host: {host} is not an address of this machine"
    if error.errno in (errno.EACCES, errno.EPERM):
        return f"--port: not allowed to listen on port {port} (ports below 1024 need privileges)"
    reason = error.strerror or str(error)
    return f"cannot listen on {host}:{port}: {reason}"
