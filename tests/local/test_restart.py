"""`webox dev` keeps its data under .webox/: what a user created survives Ctrl-C and a restart."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import httpx
import pyotp
import pytest
from webox.testing.server import free_port

from tests.waiting import wait_for

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[2]


def start(data_dir: Path, port: int) -> subprocess.Popen[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AWS_", "WEBOX_", "MOTO_"))}
    process = subprocess.Popen(
        [sys.executable, "-m", "webox.cli", "--data-dir", str(data_dir), "dev", "--port", str(port)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/health", timeout=1).json()["status"] == "ok":
                return process
        except (httpx.HTTPError, ValueError):
            pass
        if process.poll() is not None:
            raise AssertionError(process.stdout.read() if process.stdout else "webox dev exited")
        time.sleep(0.2)
    process.kill()
    raise AssertionError("webox dev did not become healthy")


STOP_S = 60  # a minute, on a machine running the other tests beside (its own line says what took long)


def stop(process: subprocess.Popen[str]) -> str:
    process.send_signal(signal.SIGINT)
    try:
        output, _ = process.communicate(timeout=STOP_S)
    except subprocess.TimeoutExpired:
        process.kill()
        output, _ = process.communicate()
        tail = "\n".join(output.splitlines()[-20:])
        raise AssertionError(f"webox dev did not stop within {STOP_S} s; its last lines:\n{tail}") from None
    assert process.returncode == 0, output
    return output


def test_a_user_and_their_conversation_survive_a_restart(tmp_path: Path) -> None:
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    process = start(tmp_path, port)
    try:
        with httpx.Client(base_url=url, headers={"Origin": url}, timeout=30) as browser:
            registered = browser.post(
                "/api/auth/register",
                json={"email": "lea@example.fr", "password": "une phrase de passe", "name": "Léa"},
            )
            assert registered.status_code == 201, registered.text
            csrf = {"X-CSRF-Token": browser.cookies["webox_csrf"]}
            conversation = browser.post("/api/conversations", json={"title": "Avant"}, headers=csrf).json()
            turn = browser.post(
                f"/api/conversations/{conversation['id']}/turns",
                json={"models": ["gpt-4o-mini"], "content": "Bonjour", "verify": False},
                headers=csrf,
            ).json()
            # 2FA: its secret is KMS-encrypted, so this also proves the key material is kept.
            secret = browser.post(
                "/api/auth/2fa/setup", json={"password": "une phrase de passe"}, headers=csrf
            ).json()["secret"]
            enabled = browser.post(
                "/api/auth/2fa/enable", json={"code": pyotp.TOTP(secret).now()}, headers=csrf
            )
            assert enabled.status_code == 200, enabled.text
            # A second turn is stopped mid-stream: `webox dev` streams for seconds, at each model's speed.
            long_turn = threading.Thread(
                target=_ask_at_length, args=(url, dict(browser.cookies), conversation["id"])
            )
            long_turn.start()
            _wait_for_turn(browser, conversation["id"], 2)
    finally:
        output = stop(process)
    long_turn.join(timeout=30)
    assert "Stopping WeBox: saving data" in output and "Stopped." in output

    process = start(tmp_path, port)
    try:
        with httpx.Client(base_url=url, headers={"Origin": url}, timeout=30) as browser:
            step = browser.post(
                "/api/auth/login", json={"email": "lea@example.fr", "password": "une phrase de passe"}
            )
            assert step.json().get("mfa_required") is True, step.text
            code = pyotp.TOTP(secret).at(time.time() + 30)  # the next step: the one used above cannot replay
            signed_in = browser.post(
                "/api/auth/login/2fa", json={"mfa_token": step.json()["mfa_token"], "code": code}
            )
            assert signed_in.status_code == 200, signed_in.text
            stored = browser.get(f"/api/conversations/{conversation['id']}").json()
            assert stored["title"] == "Avant"
            assert stored["turns"][0]["answers"][0]["text"] == turn["answers"][0]["text"]
            # The interrupted turn: every answer has ended, those cut off as `interrupted`.
            answers = stored["turns"][1]["answers"]
            assert {a["status"] for a in answers} <= {"done", "error"}, answers
            cut = [a for a in answers if a["status"] == "error"]
            assert cut and all(a["error"]["code"] == "interrupted" for a in cut), answers
            retried = browser.post(
                f"/api/conversations/{conversation['id']}/turns/2/answers/{cut[0]['model']}/retry",
                headers={"X-CSRF-Token": browser.cookies["webox_csrf"]},
            )
            assert retried.status_code == 202, retried.text
    finally:
        stop(process)


LONG_MODELS = ["gpt-4o-mini", "claude-haiku-4-5", "mistral-small-latest"]


def _ask_at_length(url: str, cookies: dict[str, str], conversation_id: str) -> None:
    """A turn long enough to be cut off (the server stops while it streams: its answer never comes)."""
    client = httpx.Client(base_url=url, headers={"Origin": url}, cookies=cookies, timeout=30)
    with client as browser, contextlib.suppress(httpx.HTTPError):
        browser.post(
            f"/api/conversations/{conversation_id}/turns",
            json={
                "models": LONG_MODELS,
                "content": "Écris environ 900 mots sur le vélo.",
                "verify": False,
            },
            headers={"X-CSRF-Token": cookies["webox_csrf"]},
        )


def _wait_for_turn(browser: httpx.Client, conversation_id: str, turn: int) -> None:
    wait_for(
        lambda: len(browser.get(f"/api/conversations/{conversation_id}").json()["turns"]) >= turn,
        timeout=20,
        what=f"turn {turn} stored",
    )


def test_a_task_waiting_for_approval_survives_a_restart(tmp_path: Path) -> None:
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    plan = [
        {"id": "draft", "kind": "noop", "input": {"text": "v1"}},
        {"id": "review", "kind": "approval", "after": ["draft"], "needs_approval": True},
        {"id": "publish", "kind": "noop", "after": ["review"]},
    ]
    credentials = {"email": "paul@example.fr", "password": "une autre phrase de passe"}

    def task_status(browser: httpx.Client, task_id: str, wanted: str) -> dict[str, Any]:
        deadline = time.monotonic() + 20
        while True:
            task: dict[str, Any] = browser.get(f"/api/tasks/{task_id}").json()
            if task["status"] == wanted or time.monotonic() > deadline:
                return task
            time.sleep(0.1)

    process = start(tmp_path, port)
    try:
        with httpx.Client(base_url=url, headers={"Origin": url}, timeout=30) as browser:
            registered = browser.post("/api/auth/register", json={**credentials, "name": "Paul"})
            assert registered.status_code == 201, registered.text
            csrf = {"X-CSRF-Token": browser.cookies["webox_csrf"]}
            task = browser.post("/api/tasks", json={"plan": plan}, headers=csrf).json()
            assert task_status(browser, task["task_id"], "waiting_approval")["status"] == "waiting_approval"
    finally:
        stop(process)

    process = start(tmp_path, port)
    try:
        with httpx.Client(base_url=url, headers={"Origin": url}, timeout=30) as browser:
            assert browser.post("/api/auth/login", json=credentials).status_code == 200
            csrf = {"X-CSRF-Token": browser.cookies["webox_csrf"]}
            paused = browser.get(f"/api/tasks/{task['task_id']}").json()
            assert paused["status"] == "waiting_approval"
            assert [s["status"] for s in paused["steps"]] == ["succeeded", "waiting_approval", "pending"]
            decided = browser.post(
                f"/api/tasks/{task['task_id']}/decision",
                json={"step_id": "review", "decision": "approve"},
                headers=csrf,
            )
            assert decided.status_code == 200, decided.text
            done = task_status(browser, task["task_id"], "succeeded")
            assert done["status"] == "succeeded"
            assert done["steps"][0] == paused["steps"][0]  # the step before the pause did not run again
    finally:
        stop(process)


def test_a_gateway_call_is_counted_when_the_process_dies_right_after_its_answer(tmp_path: Path) -> None:
    """The usage line is on the log before the answer's last byte: killed (SIGKILL) as soon as the
    client has its answer, the next start still records the call. With the usage sent to a queue
    after the response, the message died with the process."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    account = {"email": "noe@example.fr", "password": "une phrase de passe"}
    process = start(tmp_path, port)
    try:
        with httpx.Client(base_url=url, headers={"Origin": url}, timeout=30) as browser:
            assert browser.post("/api/auth/register", json={**account, "name": "Noé"}).status_code == 201
            token = browser.post(
                "/api/auth/tokens",
                json={"name": "script", "scopes": ["chat"], "password": account["password"]},
                headers={"X-CSRF-Token": browser.cookies["webox_csrf"]},
            ).json()["token"]
    finally:
        stop(process)

    process = start(tmp_path, port)
    try:
        answered = httpx.post(
            f"{url}/v1/chat/completions",
            json={"model": "gpt-4o-mini", "messages": [{"role": "user", "content": "Bonjour"}]},
            headers={"Authorization": f"Bearer {token}"},
            timeout=60,
        )
    finally:
        process.kill()
        process.communicate(timeout=30)
    assert answered.status_code == 200, answered.text

    process = start(tmp_path, port)
    try:
        with httpx.Client(base_url=url, headers={"Origin": url}, timeout=30) as browser:
            assert browser.post("/api/auth/login", json=account).status_code == 200
            usage = wait_for(
                lambda: _gateway_requests(browser.get("/api/usage", params={"days": 7}).json()),
                what="the gateway call counted",
            )
            assert usage == 1
    finally:
        stop(process)


def _gateway_requests(stats: dict[str, Any]) -> int:
    return sum(int(f["requests"]) for f in stats["by_feature"] if f["feature"] == "gateway")


def test_active_tasks_go_on_after_a_restart(tmp_path: Path) -> None:
    """Queued messages and schedules are not kept by the embedded AWS: a task whose step was running,
    and one waiting for its date, still finish after `webox dev` restarts."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    credentials = {"email": "ines@example.fr", "password": "encore une phrase de passe"}
    plans = {
        "running": [
            {"id": "slow", "kind": "noop", "input": {"delay_ms": 3000}},
            {"id": "then", "kind": "noop", "after": ["slow"]},
        ],
        "waiting": [
            {"id": "pause", "kind": "wait", "input": {"seconds": 5}},
            {"id": "then", "kind": "noop", "after": ["pause"]},
        ],
    }

    def task(browser: httpx.Client, task_id: str) -> dict[str, Any]:
        found: dict[str, Any] = browser.get(f"/api/tasks/{task_id}").json()
        return found

    process = start(tmp_path, port)
    try:
        with httpx.Client(base_url=url, headers={"Origin": url}, timeout=30) as browser:
            assert browser.post("/api/auth/register", json={**credentials, "name": "Inès"}).status_code == 201
            csrf = {"X-CSRF-Token": browser.cookies["webox_csrf"]}
            ids = {
                name: browser.post("/api/tasks", json={"plan": plan}, headers=csrf).json()["task_id"]
                for name, plan in plans.items()
            }
            wait_for(lambda: task(browser, ids["running"])["steps"][0]["status"] == "running", what="running")
            wait_for(lambda: task(browser, ids["waiting"])["status"] == "waiting_schedule", what="waiting")
    finally:
        stop(process)

    process = start(tmp_path, port)
    try:
        with httpx.Client(base_url=url, headers={"Origin": url}, timeout=30) as browser:
            assert browser.post("/api/auth/login", json=credentials).status_code == 200
            for task_id in ids.values():
                done = wait_for(
                    lambda task_id=task_id: (
                        (found := task(browser, task_id))["status"] == "succeeded" and found
                    ),
                    timeout=30,
                    what=f"task {task_id} finished",
                )
                assert [s["status"] for s in done["steps"]] == ["succeeded", "succeeded"]
    finally:
        stop(process)
