"""The worker's web port: /metrics, /healthz, /readyz, and nothing else (and the broker probe behind /readyz).

faust's own web server is turned off: it serves table contents under
``/table/`` (an article's dedupe record, to anyone who can reach the port) and
an index page at ``/``. This small aiohttp server (aiohttp already comes with
faust) starts with the app, before partitions are assigned, so /healthz and
/readyz answer during start-up and recovery too.
"""

from __future__ import annotations

from typing import Any

from aiohttp import web
from mode import Service
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

from worker.runtime import metrics
from worker.runtime.health import Health
from worker.runtime.monitor import BrokerProbe
from worker.settings import Settings


def routes(health: Health) -> web.Application:
    """The aiohttp application with our three endpoints."""

    async def metrics_page(request: web.Request) -> web.Response:
        return web.Response(body=generate_latest(metrics.REGISTRY), content_type=CONTENT_TYPE_LATEST.split(";")[0],
                            charset="utf-8")

    async def healthz(request: web.Request) -> web.Response:
        ok, details = health.liveness()
        return web.json_response({"status": "ok" if ok else "unhealthy", **details}, status=200 if ok else 503)

    async def readyz(request: web.Request) -> web.Response:
        ok, why = health.readiness()
        return web.json_response({"status": "ready" if ok else "not ready", "detail": why},
                                 status=200 if ok else 503)

    app = web.Application()
    app.router.add_get("/metrics", metrics_page)
    app.router.add_get("/healthz", healthz)
    app.router.add_get("/readyz", readyz)
    return app


class WebServer(Service):
    """Serves :func:`routes` on ``host:port``, and probes the broker, from process start to stop."""

    def __init__(self, health: Health, settings: Settings, **kwargs: Any) -> None:
        self.health, self.settings = health, settings
        self._runner: web.AppRunner | None = None
        super().__init__(**kwargs)

    async def on_start(self) -> None:
        self._runner = web.AppRunner(routes(self.health), access_log=None)
        await self._runner.setup()
        await web.TCPSite(self._runner, self.settings.web_host, self.settings.web_port).start()
        self.add_future(BrokerProbe(self.settings, self.health).run())

    async def on_stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
