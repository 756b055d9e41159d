"""The `webox` command: `webox dev` runs the platform locally; `webox admin create EMAIL` makes an admin."""

from __future__ import annotations

import argparse
import json
import os
import signal
import sys
import threading
import time
from pathlib import Path


def _banner(host: object) -> None:
    from webox.local.host import LocalHost

    assert isinstance(host, LocalHost)
    report = host.health()["components"]
    took = time.monotonic() - host.started_at
    print(f"\nWeBox is running at {host.url}  (started in {took:.1f} s)")
    print(
        f"  embedded AWS      {host.aws.url}  (data in {host.options.data_dir}, "
        f"{host.restored['items']} items and {host.restored['objects']} files restored)"
    )
    print(f"  HTTP functions    {', '.join(report['functions']['http_prefixes']) or '-'}")
    print(f"  WebSocket         {host.url.replace('http', 'ws')}/ws")
    print(f"  SQS workers       {', '.join(report['pollers']['workers']) or '-'}")
    print(f"  workflows         {', '.join(report['workflows']['state_machines']) or '-'}")
    print(f"  schedules         {report['scheduler']['schedules']}")
    print(f"  simulated vendors {', '.join(report['providers']['simulated']) or '-'}")
    print(f"  web app           {'built' if report['spa']['ok'] else 'NOT BUILT (run make dev)'}")
    print(f"  mail outbox       {host.url}/dev/mail")
    print(f"  health            {host.url}/health\nPress Ctrl-C to stop.\n", flush=True)


def dev(args: argparse.Namespace) -> int:
    """Run the whole platform until Ctrl-C; data is kept in --data-dir."""
    from webox.local.host import HostOptions, LocalHost

    data_dir = Path(args.data_dir).resolve()
    data_dir.mkdir(parents=True, exist_ok=True)
    host = LocalHost(
        HostOptions(root=Path(args.root), port=args.port, data_dir=data_dir, realistic_simulators=True)
    )
    stop = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stop.set())
    host.start()
    (data_dir / "host.json").write_text(
        json.dumps({"pid": os.getpid(), "aws": host.aws.url, "url": host.url})
    )
    _banner(host)
    stop.wait()
    print("Stopping WeBox: saving data…", flush=True)
    host.stop(on_part=lambda part, seconds: print(f"  {part} stopped in {seconds:.1f} s", flush=True))
    (data_dir / "host.json").unlink(missing_ok=True)
    print("Stopped.", flush=True)
    sys.stderr.flush()
    # Everything is saved and every thread stopped: leave now. The interpreter's own finalization
    # collects the whole heap once per loaded module, which took minutes after a long session on a
    # busy machine (seen in `tests/local/test_restart.py`).
    os._exit(0)


def admin_create(args: argparse.Namespace) -> int:
    """Create or promote an admin, on the running local platform, a stopped one, or AWS (--aws)."""
    host = None
    if not args.aws:
        data_dir = Path(args.data_dir).resolve()
        running = data_dir / "host.json"
        info = json.loads(running.read_text()) if running.exists() else None
        if info:
            from webox.local.embedded_aws import LOCAL_ENV

            os.environ.update(LOCAL_ENV)
            os.environ["AWS_ENDPOINT_URL"] = info["aws"]
        else:
            from webox.local.host import HostOptions, LocalHost

            data_dir.mkdir(parents=True, exist_ok=True)
            host = LocalHost(HostOptions(root=Path(args.root), data_dir=data_dir, simulate_providers=False))
            host.aws.start()
            host._environment()
            host._prepare_data()
    from webox.auth import accounts

    user, password = accounts.create_admin(args.email, args.password)
    if host is not None:
        host.snapshots.save()
        host.aws.stop()
    print(f"{user.email} is an admin.")
    if password:
        print(f"Generated password (shown once): {password}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="webox", description=__doc__)
    parser.add_argument("--root", default=".", help="the repository (functions/ and frontend/dist)")
    parser.add_argument("--data-dir", default=".webox", help="where local data is kept")
    sub = parser.add_subparsers(dest="command", required=True)
    dev_parser = sub.add_parser("dev", help="run WeBox locally")
    dev_parser.add_argument("--port", type=int, default=int(os.environ.get("WEBOX_PORT", "8000")))
    dev_parser.set_defaults(run=dev)
    admin = sub.add_parser("admin", help="administration")
    admin_sub = admin.add_subparsers(dest="admin_command", required=True)
    create = admin_sub.add_parser("create", help="create an admin or promote a user")
    create.add_argument("email")
    create.add_argument("--password", default=None)
    create.add_argument("--aws", action="store_true", help="act on the deployed stack (AWS credentials)")
    create.set_defaults(run=admin_create)
    args = parser.parse_args(argv)
    return int(args.run(args))


if __name__ == "__main__":
    sys.exit(main())
