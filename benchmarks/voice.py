"""The voice relay on the local host: a persona answers 20 caller turns over ConversationRelay
(fake Twilio → relay socket → the persona's model on a simulator with a 300 ms TTFT).

WeBox's own part of each turn: the prompt's arrival → the first token posted back to Twilio, minus
the model's TTFT (its first token after the call started) — target p50 ≤ 50 ms.
"""

from __future__ import annotations

import json

from webox.voice import numbers as voice_numbers
from websockets.sync.client import connect

from benchmarks.harness import local_host, percentile, signed_in, simulators, summary, verdict

TURNS = 20
TTFT_S = 0.3


def main() -> None:
    print(__doc__)
    with simulators(ttft_s=TTFT_S, duration_s=0.4), local_host() as host:
        client = signed_in(host, "voice-bench@example.com")
        csrf = {"X-CSRF-Token": client.cookies["webox_csrf"]}
        persona = client.post(
            "/api/voice/personas",
            json={"name": "Bench", "model": "gpt-4o-mini", "greeting": "Bonjour."},
            headers=csrf,
        ).json()
        number = "+33900000002"
        voice_numbers.assign(number, "voice-bench@example.com")  # what an admin does from /voice
        client.post(
            "/api/voice/numbers", json={"phone_number": number, "persona_id": persona["id"]}, headers=csrf
        )
        call = client.post("/api/voice/softphone", json={"phone_number": number}, headers=csrf).json()
        with connect(call["phone_url"]) as phone:
            for turn in range(TURNS):
                phone.send(
                    json.dumps({"type": "say", "text": f"Question numéro {turn} : quels sont vos horaires ?"})
                )
                while not (m := json.loads(phone.recv(timeout=30))).get("last") or m.get("type") != "text":
                    pass
            phone.send(json.dumps({"type": "hangup"}))
        calls = client.get("/api/voice/calls").json()["items"]
        detail = client.get(f"/api/voice/calls/{calls[0]['id']}").json()
        said = [t for t in detail["transcript"] if t["role"] == "assistant"]
        first = [float(t["first_token_ms"]) for t in said]
        ttft = [float(t["model_ttft_ms"]) for t in said]
        own = [f - m for f, m in zip(first, ttft, strict=True)]
        print(f"prompt → first token posted, ms   {summary(first)}")
        print(f"the model's TTFT, ms              {summary(ttft)}")
        print(f"WeBox's own part, ms              {summary(own)}  →  {verdict(percentile(own, 50) <= 50)}")
        client.close()


if __name__ == "__main__":
    main()
