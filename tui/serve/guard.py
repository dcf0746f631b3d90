"""textual-serve's server with a lock on its door: a token, an Origin check, a seat limit.

As shipped, textual-serve starts a dashboard process for every websocket that connects and
asks nothing: any page open in the same browser could start one and type into it, and every
tab costs a process of about 143 MB. `GuardedServer` keeps textual-serve's process handling
and adds, before any process starts:

- a random token, printed in the URL; the page and the websocket both need it;
- the websocket's Origin must be the page's own host (no other site can drive a dashboard),
  and on a loopback bind the Host must be a loopback name (no DNS-rebinding visitor);
- at most `max_sessions` dashboards at once; past that a page says the seats are taken.

The token travels in the websocket's path (`/ws/TOKEN`) because textual.js appends its own
`?width=..&height=..` to the websocket URL it is given. A hosted drill's seats each have
their own token (`seats`: token → the command that joins as that role), so the token in a
link decides what the page runs: a player's link cannot open the controller's seat.
"""

from __future__ import annotations

import asyncio
import html
import logging
import secrets
from collections.abc import Awaitable, Callable
from urllib.parse import urlsplit

import aiohttp_jinja2
from aiohttp import web
from textual_serve.app_service import AppService
from textual_serve.server import Server, to_int

from tui.serve.address import is_loopback_name

log = logging.getLogger("surgedesk.serve")

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]

# No referrer: the page's URL holds the token and the page loads a web font from elsewhere.
# No framing: another site must not show the page under its own buttons.
PAGE_HEADERS = {
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Content-Security-Policy": "frame-ancestors 'none'",
}


def page(status: type[web.HTTPException], message: str) -> web.HTTPException:
    """A short HTML page saying why, with the given status, to raise."""
    body = (
        "<!doctype html><meta charset='utf-8'><title>surgedesk</title>"
        f"<p style='font-family:sans-serif'>{html.escape(message)}</p>\n"
    )
    return status(text=body, content_type="text/html", headers=PAGE_HEADERS)


class GuardedServer(Server):
    """A textual-serve `Server` that starts a dashboard only for the holder of its token."""

    def __init__(
        self,
        command: str,
        *,
        host: str,
        port: int,
        title: str,
        max_sessions: int,
        loopback_only: bool = True,
        token: str | None = None,
        seats: dict[str, str] | None = None,
        startup: Callable[[], Awaitable[None]] | None = None,
        shutdown: Callable[[], Awaitable[None]] | None = None,
    ) -> None:
        super().__init__(command, host=host, port=port, title=title)
        self.token = token or secrets.token_urlsafe(24)
        self.commands = seats or {self.token: command}  # token → what its page runs
        self.startup, self.shutdown = startup, shutdown
        self.max_sessions = max_sessions
        self.loopback_only = loopback_only
        self.sessions = 0

    interrupted = False  # stopped by Ctrl+C (or SIGTERM), not by its own end

    def initialize_logging(self) -> None:
        """textual-serve's log, without aiohttp's line a request: those carry the token."""
        super().initialize_logging()
        logging.getLogger("aiohttp.access").setLevel(logging.WARNING)

    def request_exit(self) -> None:
        self.interrupted = True
        super().request_exit()

    async def _make_app(self) -> web.Application:
        app = await super()._make_app()
        app.router.add_get("/ws/{token}", self.handle_websocket, name="guarded-websocket")

        @web.middleware
        async def guard(request: web.Request, handler: Handler) -> web.StreamResponse:
            return await self._guard(request, handler)

        app.middlewares.append(guard)
        return app

    async def on_startup(self, app: web.Application) -> None:
        """Quiet: the command line has already printed the URL (with its token)."""
        if self.startup is not None:
            await self.startup()  # a hosted drill starts in the server's own loop

    async def on_shutdown(self, app: web.Application) -> None:
        if self.shutdown is not None:
            await self.shutdown()

    # ------------------------------------------------------------------ checks

    def command_for(self, given: str) -> str | None:
        """The command the holder of `given` may run; None for no token of ours.

        Every token is compared, each in constant time, whichever matches.
        """
        found = None
        for token, command in self.commands.items():
            if secrets.compare_digest(given.encode(), token.encode()):
                found = command
        return found

    def token_ok(self, given: str) -> bool:
        return self.command_for(given) is not None

    def host_ok(self, request: web.Request) -> bool:
        """On a loopback bind, the browser must have asked for a loopback name."""
        if not self.loopback_only:
            return True
        return is_loopback_name(urlsplit(f"//{request.host}").hostname or "")

    @staticmethod
    def origin_ok(request: web.Request) -> bool:
        """A browser's websocket must come from a page on this very host and port.

        Browsers always send Origin with a websocket; a client that sends none is no browser
        page another site could use, and it still needs the token.
        """
        origin = request.headers.get("Origin")
        if origin is None:
            return True
        parts = urlsplit(origin)
        return parts.scheme in ("http", "https") and parts.netloc.lower() == request.host.lower()

    async def _guard(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        """Every request but the static files passes here first."""
        path = request.path
        if path.startswith(("/static/", "/download/")):
            return await handler(request)
        if not self.host_ok(request):
            log.warning("refused a request for host %r", request.host)
            raise page(web.HTTPForbidden, "This dashboard is served to this machine only.")
        if path == "/":
            if not self.token_ok(request.query.get("token", "")):
                raise page(
                    web.HTTPForbidden,
                    "This dashboard needs the link printed by `surgedesk serve` "
                    "(the one with ?token=...).",
                )
            if self.sessions >= self.max_sessions:
                raise self.seats_taken()
            response = await handler(request)
            response.headers.update(PAGE_HEADERS)
            return response
        if path == "/ws" or path.startswith("/ws/"):
            if not self.origin_ok(request):
                log.warning("refused a websocket from Origin %r", request.headers.get("Origin"))
                raise page(
                    web.HTTPForbidden, "A page from another site may not open this dashboard."
                )
            if not self.token_ok(request.match_info.get("token", "")):
                raise page(web.HTTPForbidden, "This dashboard needs its token.")
        return await handler(request)

    def seats_taken(self) -> web.HTTPException:
        seats = self.max_sessions
        head = "The only seat is taken" if seats == 1 else f"All {seats} seats are taken"
        return page(
            web.HTTPServiceUnavailable,
            f"{head}: this server shows at most {seats} dashboard(s) at once. "
            "Close one (or ask whoever runs `surgedesk serve` for --max-sessions) and reload.",
        )

    # ------------------------------------------------------------------ handlers

    async def handle_index(self, request: web.Request) -> web.Response:
        """textual-serve's page, its websocket URL carrying the token, on the host asked for.

        textual-serve writes absolute URLs from its bind address, which breaks for a page
        opened as `localhost` (another Origin) or from another machine (`0.0.0.0`).
        """
        ws = "wss" if request.scheme == "https" else "ws"
        context = {
            "font_size": to_int(request.query.get("fontsize", "16"), 16),
            "app_websocket_url": f"{ws}://{request.host}/ws/{request.query.get('token', '')}",
            "config": {"static": {"url": f"{request.scheme}://{request.host}/static/"}},
            "application": {"name": self.title},
        }
        return aiohttp_jinja2.render_template("app_index.html", request, context)

    async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
        """One seat taken for as long as the dashboard process lives."""
        if self.sessions >= self.max_sessions:
            log.warning("refused a dashboard: all %d seats taken", self.max_sessions)
            raise self.seats_taken()
        command = self.command_for(request.match_info.get("token", ""))
        if command is None:  # the guard has already refused it; never the default command
            raise page(web.HTTPForbidden, "This dashboard needs its token.")
        self.sessions += 1
        try:
            return await self._run(request, command)
        finally:
            self.sessions -= 1

    async def _run(self, request: web.Request, command: str) -> web.WebSocketResponse:
        """textual-serve's own websocket handler, with the command chosen by the token."""
        websocket = web.WebSocketResponse(heartbeat=15)
        width = to_int(request.query.get("width", "80"), 80)
        height = to_int(request.query.get("height", "24"), 24)
        service: AppService | None = None

        async def close() -> None:
            await websocket.close()

        try:
            await websocket.prepare(request)
            service = AppService(
                command,
                write_bytes=websocket.send_bytes,
                write_str=websocket.send_str,
                close=close,
                download_manager=self.download_manager,
                debug=self.debug,
            )
            await service.start(width, height)
            await self._process_messages(websocket, service)
        except asyncio.CancelledError:
            await websocket.close()
        except Exception as error:
            log.exception(error)
        finally:
            if service is not None:
                await service.stop()
        return websocket
