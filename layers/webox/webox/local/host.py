"""`LocalHost`: starts and stops the whole platform on this machine (used by `webox dev` and tests)."""

from __future__ import annotations

import os
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from webox.local.embedded_aws import EmbeddedAws


@dataclass
class HostOptions:
    root: Path
    port: int = 8000
    data_dir: Path | None = None  # None: nothing is kept (tests)
    snapshot_every_s: float = 5.0
    simulate_providers: bool = True
    # Simulated answers stream at a realistic pace (`make dev`); tests keep zero delay.
    realistic_simulators: bool = False
    extra_env: dict[str, str] = field(default_factory=dict)


# A public URL the operator set (a tunnel, a proxy) before any host of this process set its own.
_CONFIGURED_PUBLIC_URL = os.environ.get("WEBOX_PUBLIC_URL")


class LocalHost:
    """The platform on one machine: embedded AWS, one ASGI server, pollers, runner, scheduler, fakes."""

    def __init__(self, options: HostOptions) -> None:
        self.options = options
        self.url = f"http://127.0.0.1:{options.port}"
        self.aws = EmbeddedAws()
        self.started_at = 0.0
        self.components: dict[str, Any] = {}
        self._stop_snapshots = threading.Event()

    def _environment(self) -> None:
        os.environ.update(
            {
                "WEBOX_LOCAL": "true",
                "WEBOX_PUBLIC_URL": _CONFIGURED_PUBLIC_URL or self.url,
                "WEBOX_WS_ENDPOINT": self.url,
                "AWS_ENDPOINT_URL_SFN": f"{self.url}/@sfn",
                "POWERTOOLS_SERVICE_NAME": "webox-local",
                **self.options.extra_env,
            }
        )
        from webox.config import get_settings

        get_settings.cache_clear()

    def start(self) -> None:
        import sys

        self.started_at = time.monotonic()
        root = str(self.options.root.resolve())
        if root not in sys.path:
            sys.path.insert(0, root)
        self.aws.start()
        self._environment()
        self._forget_clients()
        from webox.local import fakes

        self.components["fakes"] = (
            fakes.start_all(realistic=self.options.realistic_simulators)
            if self.options.simulate_providers
            else {}
        )
        self.components["sign_in"] = fakes.start_sign_in() if self.options.simulate_providers else None
        self._prepare_data()
        self._serve()

    def _forget_clients(self) -> None:
        """Clients and cached secrets made for an earlier host of this process point at its stopped
        embedded AWS and fakes."""
        from webox import aws, db, manifest, queue, ttl_cache

        aws.client.cache_clear()
        ttl_cache.clear_all()
        queue.queue_url.cache_clear()
        db.forget_connections(manifest.MODEL_MODULES)

    def _prepare_data(self) -> None:
        from webox.local import bootstrap
        from webox.local.persistence import Snapshots

        data_dir = self.options.data_dir or Path(tempfile.mkdtemp(prefix="webox-host-"))
        self.snapshots = Snapshots(data_dir, self.aws)
        self.snapshots.restore_keys()
        os.environ.update(bootstrap.create_all())
        from webox.config import get_settings

        self.aws.record_baseline(get_settings().region)
        self.restored = self.snapshots.restore_data() if self.options.data_dir else {"items": 0, "objects": 0}
        if not self.options.data_dir:
            self.snapshots.wipe()
        elif self.restored["items"]:
            from webox.local import recovery

            self.restored["interrupted_answers"] = recovery.interrupted_answers()
            self.restored["resumed_steps"] = recovery.resumed_tasks()

    def _serve(self) -> None:
        from webox.local import fakes
        from webox.local import pollers as pollers_module
        from webox.local.lambdas import ws_routes
        from webox.local.log_follower import LogFollower
        from webox.local.runner import Runner
        from webox.local.scheduler import Scheduler, UserSchedules
        from webox.local.server import SinglePageApp, create_root_app
        from webox.local.websocket import Gateway
        from webox.testing.server import serve

        self.gateway = Gateway()
        # Twilio ConversationRelay's API: route selection on `type`, messages handled concurrently.
        self.relay = Gateway(routes=ws_routes("relay"), selection_key="type", concurrent=True)
        self.runner = Runner()
        self.spa = SinglePageApp(self.options.root / "frontend" / "dist")
        self.app = create_root_app(
            gateway=self.gateway,
            runner=self.runner,
            spa=self.spa,
            health=self.health,
            outbox=self.outbox,
            relay=self.relay,
            simulate_outage=lambda model: fakes.simulate_outage(self.components["fakes"], model),
        )
        self.server = serve(self.app, port=self.options.port, ws=True)
        self.pollers = pollers_module.pollers()
        for poller in self.pollers:
            poller.start()
        self.log_follower = LogFollower(self.snapshots.root / "logs")
        self.log_follower.start()
        self.scheduler = Scheduler()
        self.scheduler.start()
        self.user_schedules = UserSchedules()
        self.user_schedules.start()
        if self.options.data_dir:
            threading.Thread(target=self._snapshot_loop, name="snapshots", daemon=True).start()

    def _snapshot_loop(self) -> None:
        from webox.logging import get_logger

        while not self._stop_snapshots.wait(self.options.snapshot_every_s):
            try:
                self._save()
            except Exception:
                get_logger().exception("snapshot failed")

    def _save(self) -> None:
        """A snapshot, and where the log follower resumes after it (its offset read first: the lines
        delivered after that may be missing from the tables saved, and are delivered again)."""
        delivered = self.log_follower.offset
        self.snapshots.save()
        self.log_follower.checkpoint(delivered)

    def reset(self) -> None:
        """Empty every table, bucket and queue, keeping the resources, keys and secrets bootstrap
        made (tests start each case clean; `webox.local.aws_baseline`)."""
        self.aws.restore_baseline()

    def outbox(self) -> list[dict[str, str]]:
        from webox.config import get_settings

        return self.aws.sent_emails(get_settings().region)

    def health(self) -> dict[str, Any]:
        """Each component's state; `status` is ok only when all are."""
        aws_ok = self.aws.healthy()
        components: dict[str, Any] = {
            "aws": {"ok": aws_ok, "endpoint": self.aws.url},
            "functions": {"ok": True, "http_prefixes": sorted(prefix for prefix, _ in self.app.routes)},
            "websocket": {"ok": True, "connections": len(self.gateway.connections)},
            "pollers": {
                "ok": all(p.alive for p in self.pollers),
                "workers": {
                    p.function.name: {"delivered": p.delivered, "failed": p.failed} for p in self.pollers
                },
            },
            "log_subscriptions": {
                "ok": self.log_follower.alive,
                "delivered": self.log_follower.delivered,
                "failed": self.log_follower.failed,
            },
            "scheduler": {
                "ok": self.scheduler.alive and self.user_schedules.alive,
                "schedules": len(self.scheduler.entries),
                "user_schedules_fired": self.user_schedules.fired,
            },
            "workflows": {"ok": True, "state_machines": sorted(self.runner.machines)},
            "spa": {"ok": self.spa.built},
            "providers": {"ok": True, "simulated": sorted(self.components.get("fakes", {}))},
            "sign_in": {"ok": True, "simulated": self.components.get("sign_in") is not None},
            "persistence": {
                "ok": True,
                "data_dir": str(self.options.data_dir) if self.options.data_dir else None,
            },
        }
        ok = all(c["ok"] for c in components.values())
        return {"status": "ok" if ok else "degraded", "components": components}

    def stop(self, on_part: Callable[[str, float], None] | None = None) -> None:
        """Stop everything, saving the data last. `on_part(part, seconds)` is told as each part
        stops (`webox dev` prints them as they come: a slow stop shows where it waits)."""
        started = time.monotonic()

        def done(part: str) -> None:
            nonlocal started
            now = time.monotonic()
            if on_part is not None:
                on_part(part, now - started)
            started = now

        self._stop_snapshots.set()
        # Every receiver and scheduler is told first, so they wind down together (each one's last
        # wait ends within a second or so), then each is waited for.
        threads = [*getattr(self, "pollers", [])]
        threads += [getattr(self, name) for name in ("scheduler", "user_schedules") if hasattr(self, name)]
        for part in threads:
            part.halt()
        for part in threads:
            part.stop()
        done("workers")
        if hasattr(self, "server"):
            self.server.stop()
        done("server")
        if hasattr(self, "log_follower"):
            self.log_follower.stop()
        if self.options.data_dir and hasattr(self, "log_follower"):
            self._save()
        done("save")
        from webox.local import fakes

        fakes.stop_all(self.components.get("fakes", {}))
        if self.components.get("sign_in"):
            self.components["sign_in"].stop()
        done("simulators")
        self.aws.stop()
        done("embedded AWS")
