"""`python -m webox.testing`: run every simulated vendor in its own process (benchmarks use this so
the vendors do not share a GIL with what is measured). Prints one JSON line {simulator: base URL};
`stripe` is the fake Stripe API (webhooks go to `WEBOX_PUBLIC_URL`/api/billing/webhook)."""

from __future__ import annotations

import argparse
import json
import signal
import sys
import threading

from webox.local.fakes import SIMULATORS, stripe_app
from webox.testing.server import serve


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m webox.testing")
    parser.add_argument("--ttft", type=float, default=0.0, help="seconds before the first token")
    parser.add_argument("--duration", type=float, default=0.0, help="seconds from first to last token")
    args = parser.parse_args()
    urls = {}
    for name, (_key_env, factory, suffix) in SIMULATORS.items():
        app = factory()
        app.state.behaviour.ttft_s, app.state.behaviour.duration_s = args.ttft, args.duration
        urls[name] = serve(app).url + suffix
    urls["stripe"] = serve(stripe_app()).url
    sys.stdout.write(json.dumps(urls) + "\n")
    sys.stdout.flush()
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    stop.wait()
    return 0


if __name__ == "__main__":
    sys.exit(main())
