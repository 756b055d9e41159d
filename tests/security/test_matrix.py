"""The ownership matrix, generated from the OpenAPI document: a first user (the owner) has one object of
every kind; a second user (the intruder) calls EVERY operation whose path names an object, with the
owner's ids, once with their session and once with their API token (all scopes). Each answer is a
refusal — 404 for someone else's object, 403 on an administrator's or an editor's route, 401/403 for
a token on a route that needs a browser session — and afterwards every object of the owner reads
back as before.

Nobody writes a test for a new route with an id: its path parameter needs a creator in `CREATORS`
(the one small table of "how the owner makes the object this parameter names"), and
`test_every_object_parameter_has_a_creator` fails until it has one.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import httpx
import pyotp
import pytest
from webox.auth import accounts
from webox.local.host import LocalHost
from webox.testing import media_files
from websockets.sync.client import connect

from tests.accounts import PASSWORD, Account, _numbers, csrf, export_account, login
from tests.automations.conftest import connect_app
from tests.automations.test_triggers import deploy
from tests.automations.test_webhooks import subscribe
from tests.blog.conftest import make_editor, publish, write
from tests.security.capture import Capture
from tests.security.conftest import api_token, client, register, verify_email
from tests.security.document import Operation, example_body, example_query, operations
from tests.voice.conftest import NUMBER, PERSONA, Phone
from tests.waiting import wait_for
from tests.workflows.conftest import chain, node, save, start, wait_run

OWNER_PASSWORD = "owner's long passphrase 4417"
INTRUDER_PASSWORD = "intruder's long passphrase 9021"
# A key of a vendor the matrix never calls (a user key would send the call to the real vendor).
OWNER_PROVIDER_KEY = "owner-matrix-mistral-key-0123456789abcdefWXYZ"
CHAT_MODEL = "gpt-4o-mini"


@dataclass
class World:
    """The owner, their credentials, and the ids their objects were made under (made on demand)."""

    host: LocalHost
    owner: Account
    owner_token: str
    owner_token_id: str
    secrets: dict[str, str]
    ids: dict[str, str] = field(default_factory=dict)

    def id(self, resource: str) -> str:
        if resource not in self.ids:
            self.ids[resource] = CREATORS[resource].make(self)
        return self.ids[resource]

    def post(self, path: str, body: Any = None, status: int = 201) -> Any:
        response = self.owner.client.post(path, json=body, headers=self.owner.csrf())
        assert response.status_code == status, f"{path}: {response.text}"
        return response.json() if response.content else None

    def get(self, path: str) -> Any:
        response = self.owner.client.get(path)
        assert response.status_code == 200, f"{path}: {response.text}"
        return response.json()


def _wait_job(world: World, job_id: str) -> dict[str, Any]:
    deadline = time.monotonic() + 40
    while True:
        job: dict[str, Any] = world.get(f"/api/media/jobs/{job_id}")
        if job["status"] in ("succeeded", "failed", "cancelled") or time.monotonic() > deadline:
            assert job["status"] == "succeeded", job
            return job
        time.sleep(0.2)


def _upload(world: World, *, complete: bool) -> str:
    data = media_files.wav(media_files.tone_pcm("bonjour tout le monde ceci est un essai"))
    form = world.post(
        "/api/media/uploads",
        {"kind": "audio", "filename": "me.wav", "content_type": "audio/wav", "size": len(data)},
    )
    sent = httpx.post(
        form["url"], data=form["fields"], files={"file": ("me.wav", data, "audio/wav")}, timeout=30
    )
    assert sent.is_success, sent.text
    if complete:
        world.post(f"/api/media/uploads/{form['upload_id']}/complete", status=200)
    return str(form["upload_id"])


def _conversation(world: World) -> str:
    conversation = world.post("/api/conversations", {"title": "Secret plans"})
    body = {"models": [CHAT_MODEL], "content": "Que faire à Paris ?", "verify": False}
    world.post(f"/api/conversations/{conversation['id']}/turns", body, status=200)
    return str(conversation["id"])


def _voice(world: World) -> str:
    body = {"name": "Ma voix", "sample_upload_ids": [_upload(world, complete=True)], "consent": True}
    _wait_job(world, world.post("/api/media/voices", body, status=202)["job_id"])
    voices = world.get("/api/media/voices")["items"]
    return str(next(v["voice_id"] for v in voices if v["category"] == "cloned"))


def _speech_job(world: World) -> str:
    body = {"model": "openai/tts-1", "voice": "nova", "text": "Bonjour", "format": "wav"}
    return str(world.post("/api/media/speech", body, status=202)["job_id"])


def _media_item(world: World) -> str:
    _wait_job(world, world.id("/api/media/jobs/{job_id}"))
    return str(world.get("/api/media/items")["items"][0]["media_id"])


def _prompt(world: World) -> str:
    body = {
        "title": "Mon prompt privé",
        "body": "Résume {{texte}}",
        "category": "productivite",
        "variables": [{"name": "texte", "label": "Texte", "type": "textarea"}],
    }
    prompt = world.post("/api/prompts", body)
    world.owner.client.patch(
        f"/api/prompts/{prompt['id']}", json={"title": "Mon prompt (v2)"}, headers=world.owner.csrf()
    )
    return str(prompt["id"])


def _tool(world: World) -> str:
    """A catalogue tool the owner made a favourite and reviewed."""
    tool_id = str(world.get("/api/catalog/tools")["items"][0]["id"])
    path = f"/api/catalog/tools/{tool_id}"
    assert world.owner.client.put(f"{path}/favorite", headers=world.owner.csrf()).status_code == 204
    review = world.owner.client.put(
        f"{path}/reviews/mine", json={"stars": 5, "text": "Parfait"}, headers=world.owner.csrf()
    )
    assert review.status_code == 200, review.text
    return tool_id


def _provider_key(world: World) -> str:
    put = world.owner.client.put(
        "/api/account/keys/mistral", json={"key": OWNER_PROVIDER_KEY}, headers=world.owner.csrf()
    )
    assert put.status_code == 200, put.text
    return "mistral"


def _share_link(world: World) -> dict[str, Any]:
    key = "share link"
    if key not in world.ids:
        link = world.post(
            "/api/share-links", {"conversation_id": world.id("/api/conversations/{conversation_id}")}
        )
        world.ids[key] = link["id"]
        world.ids[key + " token"] = link["token"]
    return {"id": world.ids[key], "token": world.ids[key + " token"]}


def _task(world: World) -> str:
    """A task of the owner's, waiting for their approval (so nothing moves it while the matrix runs)."""
    plan = [{"id": "relire", "kind": "noop", "needs_approval": True}]
    task_id = str(world.post("/api/tasks", {"kind": "workflow", "title": "Matrice", "plan": plan})["task_id"])
    deadline = time.monotonic() + 30
    while world.get(f"/api/tasks/{task_id}")["status"] != "waiting_approval":
        assert time.monotonic() < deadline, "the task never reached its approval step"
        time.sleep(0.05)
    return task_id


def _voided_approval_token(world: World) -> str:
    """An approval link the owner replaced by a newer one: it must approve nothing, for anyone."""
    path = f"/api/tasks/{world.id('/api/tasks/{task_id}')}/approval-links"
    voided = world.post(path, {"step_id": "relire"})["token"]
    world.post(path, {"step_id": "relire"})
    return str(voided)


def _schedule(world: World) -> str:
    task = {"kind": "workflow", "title": "Revue de presse", "plan": [{"id": "lire", "kind": "noop"}]}
    body = {"cron": "0 9 ? * MON-FRI *", "timezone": "Europe/Paris", "task": task}
    return str(world.post("/api/tasks/schedules", body)["schedule_id"])


@dataclass(frozen=True)
class Creator:
    """How the owner makes the object a path parameter names, and whether it is theirs alone."""

    make: Callable[[World], str]
    # False for what anyone may name: a public object, a vendor or provider name, a share token (a
    # capability meant to be handed out). The intruder's answer may then succeed, on their own things:
    # the owner's objects must still read back unchanged.
    owned: bool = True


def _knowledge_document(world: World) -> str:
    base = world.id("/api/agents/knowledge-bases/{base_id}")
    body = {"filename": "notes.txt", "size": 10}
    return str(world.post(f"/api/agents/knowledge-bases/{base}/documents", body)["document"]["document_id"])


def _webhook(world: World) -> str:
    """An outgoing webhook on an event nothing of the owner's sends (no delivery while the matrix runs);
    its signing secret, shown once, must show nowhere else."""
    created = subscribe(world.owner, "https://hooks.example.com/webox", ["task.failed"])
    world.secrets["owner's webhook secret"] = created["secret"]
    return created["webhook_id"]


def _editor(world: World) -> None:
    """An administrator makes the owner an editor through the admin API (only editors write posts)."""
    if "editor" not in world.ids:
        email = f"admin{next(_numbers)}@example.com"
        admin, _ = accounts.create_admin(email, PASSWORD)
        with client(world.host) as browser:
            assert login(browser, email).status_code == 200
            make_editor(Account(browser, email, PASSWORD, admin.id), world.owner)
        world.ids["editor"] = world.owner.id


def _blog_category(world: World) -> str:
    _editor(world)
    saved = world.owner.client.put(
        "/api/blog/categories/guides", json={"slug": "guides", "name": "Guides"}, headers=world.owner.csrf()
    )
    assert saved.status_code == 200, saved.text
    return "guides"


def _blog_post(world: World) -> str:
    """A draft of the owner's: no reader (the intruder is one) may see it, only editors."""
    _editor(world)
    return str(write(world.owner, category=world.id("/api/blog/categories/{slug}"))["id"])


def _blog_comment(world: World) -> str:
    """The owner's comment on their post while it was published; the post is a draft again since."""
    post_id = world.id("/api/blog/posts/{post_id}")
    publish(world.owner, post_id)
    ticket = world.get(f"/api/blog/posts/{post_id}/comment-ticket")
    time.sleep(ticket["min_seconds"])  # the form refuses a comment sent sooner
    body = {"body": "Merci pour cet article !", "ticket": ticket["ticket"]}
    comment = world.post(f"/api/blog/posts/{post_id}/comments", body)
    world.post(f"/api/blog/posts/{post_id}/status", {"status": "draft"}, status=200)
    return str(comment["id"])


def _voice_number(world: World) -> str:
    """A platform number an administrator assigned to the owner, answered by the owner's persona."""
    email = f"admin{next(_numbers)}@example.com"
    admin, _ = accounts.create_admin(email, PASSWORD)
    with client(world.host) as browser:
        assert login(browser, email).status_code == 200
        assigned = browser.put(
            f"/api/voice/admin/numbers/{NUMBER}/assignment",
            json={"email": world.owner.email},
            headers=Account(browser, email, PASSWORD, admin.id).csrf(),
        )
        assert assigned.status_code == 200, assigned.text
    body = {"phone_number": NUMBER, "persona_id": world.id("/api/voice/personas/{persona_id}")}
    world.post("/api/voice/numbers", body)
    return NUMBER


def _voice_call(world: World) -> str:
    """A call to the owner's number from the softphone, hung up after the greeting: no turn, so no
    analysis, and nothing changes once it ended."""
    world.id("/api/voice/numbers/{phone_number}")
    rung = world.post("/api/voice/softphone", {"phone_number": NUMBER})
    with connect(rung["phone_url"]) as socket:
        phone = Phone(socket, rung["call_sid"])
        phone.until("greeting")
        phone.send(type="hangup")
        phone.until("ended")
    calls = wait_for(
        lambda: [c for c in world.get("/api/voice/calls")["items"] if c["status"] == "completed"],
        what="the call to end",
    )
    return str(calls[0]["id"])


def _opt_out(world: World) -> str:
    world.post("/api/voice/opt-outs", {"phone_number": "+33612345678"}, status=204)
    return "+33612345678"


def _workflow(world: World) -> str:
    """The owner's workflow, saved twice (versions 1 and 2), that stops for the owner's approval."""
    graph = {
        "variables": [{"name": "sujet", "label": "Sujet", "type": "text"}],
        "nodes": [
            node("input", "input"),
            node("review", "approval", instructions="Relisez"),
            node("result", "output", template="{{review}}"),
        ],
        "edges": chain("input", "review", "result"),
    }
    workflow_id = str(save(world.owner, graph)["id"])
    body = {"title": "Article (v2)", "graph": graph, "base_version": 1}
    saved = world.owner.client.put(f"/api/workflows/{workflow_id}", json=body, headers=world.owner.csrf())
    assert saved.status_code == 200, saved.text
    return workflow_id


def _workflow_run(world: World) -> str:
    """A run of the owner's workflow waiting for their approval (nothing moves it meanwhile)."""
    run = start(world.owner, world.id("/api/workflows/{workflow_id}"), {"sujet": "le vélo"})
    return str(wait_run(world.owner, run["id"], ("waiting_approval",))["id"])


def _market_workflow(world: World) -> str:
    """The owner's workflow, published: the marketplace shows it to everyone, who may fork and rate it
    (its own routes still answer only the owner)."""
    workflow_id = world.id("/api/workflows/{workflow_id}")
    world.post(f"/api/workflows/{workflow_id}/publish", status=200)
    return workflow_id


def _finished_export(world: World) -> str:
    """The owner's finished export (finished first, so what the owner reads before and after the
    intruder's calls differs only if the intruder changed it)."""
    task, _archive = export_account(world.owner)
    return str(task["task_id"])


CREATORS: dict[str, Creator] = {
    "/api/account/keys/{vendor}": Creator(_provider_key, owned=False),
    "/api/agents/knowledge-bases/{base_id}": Creator(
        lambda w: w.post("/api/agents/knowledge-bases", {"name": "Contrats"})["base_id"]
    ),
    "/api/agents/knowledge-bases/{base_id}/documents/{document_id}": Creator(_knowledge_document),
    # A team's run stays a draft (no model call) until its owner approves the plan.
    "/api/agents/runs/{run_id}": Creator(
        lambda w: w.post("/api/agents/runs", {"goal": "Lancement", "agent_ids": ["ventes", "marketing"]})[
            "run_id"
        ]
    ),
    # The owner's run's tool call and agent's MCP server: made only by a model's call and a reachable
    # MCP server, so named by a well-formed id under the owner's run or agent, which the intruder
    # cannot reach (the run or agent is not theirs) and must not change.
    "/api/agents/runs/{run_id}/tool-calls/{step_id}": Creator(lambda w: "tool-1"),
    "/api/agents/{agent_id}/mcp-servers/{server_id}": Creator(lambda w: "9c1f0e2d3b4a5c6d7e8f9a0b1c2d3e4f"),
    "/api/agents/{agent_id}": Creator(
        lambda w: w.post(
            "/api/agents", {"name": "Veille", "instructions": "Compare les offres.", "model": CHAT_MODEL}
        )["agent_id"]
    ),
    "/api/assistants/{assistant_id}": Creator(
        lambda w: w.post(
            "/api/assistants", {"name": "Juriste", "system_prompt": "Sois prudent.", "models": [CHAT_MODEL]}
        )["id"]
    ),
    "/api/auth/admin/users/{user_id}": Creator(lambda w: w.owner.id),
    "/api/auth/oauth/{provider}": Creator(lambda w: "google", owned=False),
    "/api/auth/sessions/{session_id}": Creator(lambda w: w.get("/api/auth/sessions")["items"][0]["id"]),
    "/api/auth/tokens/{token_id}": Creator(lambda w: w.owner_token_id),
    # Automations: the owner's Connect account, a trigger deployed with it, a webhook and a schedule.
    "/api/automations/accounts/{account_id}": Creator(lambda w: connect_app(w.owner, "slack")),
    # A component of Pipedream's public catalogue: anyone may read its definition.
    "/api/automations/components/{key}": Creator(lambda w: "slack-new-message-in-channels", owned=False),
    # The owner's trigger's inbound hook: its id is handed to Pipedream, and what proves an event is
    # the trigger's signature (an unsigned post is refused 401 and starts nothing).
    "/api/automations/hooks/{hook_id}": Creator(
        lambda w: w.id("/api/automations/triggers/{hook_id}"), owned=False
    ),
    "/api/automations/schedules/{schedule_id}": Creator(
        lambda w: w.post(
            "/api/automations/schedules",
            {
                "label": "Idées",
                "every": "day",
                "time": "09:30",
                "target": {"kind": "prompt_mail", "prompt": "Trois idées ?"},
            },
        )["schedule_id"]
    ),
    "/api/automations/triggers/{hook_id}": Creator(
        lambda w: deploy(w.owner, w.id("/api/automations/accounts/{account_id}"))["hook_id"]
    ),
    "/api/automations/webhooks/{webhook_id}": Creator(_webhook),
    # The owner's generated draft (a task of kind `draft`): saving it is theirs alone.
    "/api/automations/drafts/{task_id}": Creator(
        lambda w: w.post(
            "/api/automations/drafts",
            {"description": "Chaque jour à 8 h, poste sur Slack dans #equipe le bilan du jour."},
            status=202,
        )["task_id"]
    ),
    # The templates are the platform's catalogue (installing one makes the caller's own objects).
    "/api/automations/templates/{template_id}": Creator(lambda w: "gmail-summary", owned=False),
    # Blog: categories are public (the category list is); editors' routes refuse the intruder (no
    # editor) with 403, and the public routes answer 404 for the owner's draft.
    "/api/blog/categories/{slug}": Creator(_blog_category, owned=False),
    "/api/blog/posts/{post_id}": Creator(_blog_post),
    "/api/blog/posts/{post_id}/comments/{comment_id}": Creator(_blog_comment),
    "/api/blog/posts/{post_id}/revisions/{number}": Creator(lambda w: "1"),
    "/api/catalog/tools/{tool_id}": Creator(_tool, owned=False),
    "/api/conversations/{conversation_id}": Creator(_conversation),
    "/api/conversations/{conversation_id}/turns/{turn}": Creator(lambda w: "1"),
    # The owner's workflow run, to keep in the owner's conversation (which the intruder cannot reach).
    "/api/conversations/{conversation_id}/workflow-runs/{run_id}": Creator(
        lambda w: w.id("/api/workflows/runs/{run_id}")
    ),
    "/api/conversations/{conversation_id}/turns/{turn}/answers/{model}": Creator(lambda w: CHAT_MODEL),
    "/api/exports/conversations/{conversation_id}": Creator(
        lambda w: w.id("/api/conversations/{conversation_id}")
    ),
    "/api/media/items/{media_id}": Creator(_media_item),
    "/api/media/jobs/{job_id}": Creator(_speech_job),
    "/api/media/uploads/{upload_id}": Creator(lambda w: _upload(w, complete=False)),
    "/api/media/voices/{voice_id}": Creator(_voice),
    "/api/prompts/shared/{token}": Creator(
        lambda w: w.post(f"/api/prompts/{w.id('/api/prompts/{prompt_id}')}/share")["token"], owned=False
    ),
    "/api/prompts/{prompt_id}": Creator(_prompt),
    "/api/prompts/{prompt_id}/versions/{version}": Creator(lambda w: "1"),
    "/api/share-links/public/{token}": Creator(lambda w: _share_link(w)["token"], owned=False),
    "/api/share-links/{link_id}": Creator(lambda w: _share_link(w)["id"]),
    # A signed approval link is a capability meant to be handed out: a voided one is what may be
    # named by anyone, and it must change nothing.
    "/api/tasks/approvals/{token}": Creator(_voided_approval_token, owned=False),
    "/api/tasks/schedules/{schedule_id}": Creator(_schedule),
    "/api/tasks/{task_id}": Creator(_task),
    # The owner's account export (a task of the engine whose archive the route hands out).
    "/api/account/exports/{task_id}": Creator(_finished_export),
    # The platform's number assigned to the owner: only an administrator may take it back.
    "/api/voice/admin/numbers/{phone_number}": Creator(lambda w: w.id("/api/voice/numbers/{phone_number}")),
    "/api/voice/calls/{call_id}": Creator(_voice_call),
    "/api/voice/numbers/{phone_number}": Creator(_voice_number),
    # A phone number is anyone's to put on, or take off, their own opt-out list: taking it off a list
    # it is not on answers 204 (and must leave the owner's list as it was).
    "/api/voice/opt-outs/{phone_number}": Creator(_opt_out, owned=False),
    # No recording: nothing reaches the owner's call once it ended.
    "/api/voice/personas/{persona_id}": Creator(
        lambda w: w.post("/api/voice/personas", {**PERSONA, "record": False})["id"]
    ),
    # Built-in workflows are the same for everyone: anyone may copy one into their own library.
    "/api/workflows/builtin/{slug}": Creator(
        lambda w: w.get("/api/workflows/builtin")["items"][0]["slug"], owned=False
    ),
    "/api/workflows/market/{workflow_id}": Creator(_market_workflow, owned=False),
    "/api/workflows/runs/{run_id}": Creator(_workflow_run),
    "/api/workflows/{workflow_id}": Creator(_workflow),
    "/api/workflows/{workflow_id}/versions/{version}": Creator(lambda w: "1"),
}


def with_ids(world: World, operation: Operation) -> str:
    path = operation.path
    for parameter in operation.path_parameters:
        path = path.replace("{" + parameter + "}", world.id(operation.resource(parameter)))
    return path


def targets(document: dict[str, Any]) -> list[Operation]:
    """Every operation whose path names an object."""
    return [operation for operation in operations(document) if operation.path_parameters]


def is_owned(operation: Operation) -> bool:
    return all(CREATORS[operation.resource(p)].owned for p in operation.path_parameters)


def refusals(operation: Operation, credential: str) -> set[int]:
    """The answers the intruder may get; an empty set: anything below 500 (not the owner's object)."""
    if credential == "token" and operation.takes_session and not operation.takes_token:
        return {401, 403}
    if operation.role:  # an administrator's or an editor's route (the intruder is neither)
        return {403}
    return {404} if is_owned(operation) else set()


# Reads of the owner's objects whose answer changes by design when someone else uses them.
VOLATILE_FIELDS = {
    "last_used_at": "a session's or token's last use (the owner's own reads touch it)",
    "stats": "a share link's view counter: opening a public link is its purpose",
    "expires_in": "a presigned URL's remaining lifetime",
    "exported_at": "the time an export was made",
    "request_id": "the id of the request a problem answers (the owner's reads that are refused)",
    "forks": "a published workflow's fork count: copying it is what the marketplace is for",
    "rating_avg": "a published workflow's ratings: other users rate it",
    "rating_count": "a published workflow's ratings: other users rate it",
}


def _stable(value: Any) -> Any:
    """An answer with its volatile fields dropped and presigned URLs reduced to their path."""
    if isinstance(value, dict):
        return {k: _stable(v) for k, v in value.items() if k not in VOLATILE_FIELDS}
    if isinstance(value, list):
        return [_stable(v) for v in value]
    if isinstance(value, str) and value.startswith("http"):
        return value.split("?", 1)[0]
    return value


def owner_view(world: World, document: dict[str, Any]) -> dict[str, Any]:
    """Every read the owner's session can make of their account and objects."""
    view: dict[str, Any] = {}
    for operation in operations(document):
        if operation.method != "get" or not operation.takes_session or operation.admin_only:
            continue
        if operation.path.startswith(("/api/usage", "/api/account/quota", "/api/timeline", "/api/billing")):
            continue  # counters of the owner's own spending, not objects
        if operation.id == "account-export_account":
            continue  # a zip of everything the other reads show, stamped with the time it was made
        response = world.owner.client.get(
            with_ids(world, operation), params=example_query(operation), follow_redirects=False
        )
        body = response.json() if "json" in response.headers.get("content-type", "") else response.text
        view[operation.id] = (response.status_code, _stable(body))
    return view


@dataclass
class Attack:
    world: World
    capture: Capture
    answers: list[tuple[Operation, str, httpx.Response]]
    before: dict[str, Any]
    after: dict[str, Any]


@pytest.fixture(scope="module")
def attack(live_server: LocalHost, document: dict[str, Any]) -> Iterator[Attack]:
    live_server.reset()
    capture = Capture()
    with capture.logs():
        owner = register(live_server, OWNER_PASSWORD, "Owner")
        intruder = register(live_server, INTRUDER_PASSWORD, "Intruder")
        verification = {
            f"{a.email}'s e-mail link token": verify_email(live_server, a) for a in (owner, intruder)
        }
        owner_token, owner_token_id = api_token(owner)
        intruder_token, _ = api_token(intruder)
        # Starting 2FA asks for the password again.
        setup = owner.client.post(
            "/api/auth/2fa/setup", json={"password": OWNER_PASSWORD}, headers=owner.csrf()
        ).json()
        enabled = owner.client.post(
            "/api/auth/2fa/enable", json={"code": pyotp.TOTP(setup["secret"]).now()}, headers=owner.csrf()
        )
        assert enabled.status_code == 200, enabled.text
        secrets = {
            "owner's password": OWNER_PASSWORD,
            "intruder's password": INTRUDER_PASSWORD,
            "owner's provider key": OWNER_PROVIDER_KEY,
            "owner's API token": owner_token,
            "intruder's API token": intruder_token,
            "owner's TOTP secret": setup["secret"],
            **verification,
            **{f"owner's recovery code {i}": code for i, code in enumerate(enabled.json()["recovery_codes"])},
            **{
                f"{who}'s {name} cookie": value
                for who, account in (("owner", owner), ("intruder", intruder))
                for name, value in account.client.cookies.items()
                if name != "webox_csrf"
            },
        }
        world = World(live_server, owner, owner_token, owner_token_id, secrets)
        for resource in CREATORS:
            world.id(resource)
        owner.client.event_hooks["response"].append(capture.hook)
        before = owner_view(world, document)
        session = client(
            live_server, cookies=intruder.client.cookies, event_hooks={"response": [capture.hook]}
        )
        session.headers.update(csrf(intruder.client))
        bearer = httpx.Client(
            base_url=live_server.url,
            headers={"Authorization": f"Bearer {intruder_token}"},
            timeout=60,
            event_hooks={"response": [capture.hook]},
        )
        answers = []
        for operation in targets(document):
            body = example_body(document, operation)
            for credential, caller in (("session", session), ("token", bearer)):
                response = caller.request(
                    operation.method.upper(),
                    with_ids(world, operation),
                    params=example_query(operation),
                    json=body,
                    follow_redirects=False,
                )
                answers.append((operation, credential, response))
        after = owner_view(world, document)
        yield Attack(world, capture, answers, before, after)
    for http in (owner.client, intruder.client, session, bearer):
        http.close()


def test_every_object_parameter_has_a_creator(document: dict[str, Any]) -> None:
    missing = sorted({op.resource(p) for op in targets(document) for p in op.path_parameters} - set(CREATORS))
    assert not missing, f"add a creator to CREATORS for {missing}"


def test_every_answer_to_the_intruder_is_a_refusal(attack: Attack) -> None:
    wrong = [
        f"{operation.method.upper()} {operation.path} ({credential}) → {response.status_code} {response.text[:120]}"
        for operation, credential, response in attack.answers
        if response.status_code >= 500
        or (refusals(operation, credential) and response.status_code not in refusals(operation, credential))
    ]
    assert not wrong, "\n".join(wrong)


def test_refusals_are_problems_that_name_no_owner_data(attack: Attack) -> None:
    owner = attack.world.owner
    wrong = [
        f"{operation.method.upper()} {operation.path} ({credential})"
        for operation, credential, response in attack.answers
        if refusals(operation, credential)
        and (
            response.headers.get("content-type") != "application/problem+json"
            or owner.id in response.text
            or owner.email in response.text
        )
    ]
    assert not wrong, wrong


def test_every_object_of_the_owner_is_unchanged(attack: Attack) -> None:
    assert attack.before, "the owner could read nothing"
    changed = [op for op in attack.before if attack.before[op] != attack.after.get(op)]
    assert not changed, {op: (attack.before[op], attack.after.get(op)) for op in changed}


def test_no_secret_in_any_response_or_log_line(attack: Attack) -> None:
    assert attack.capture.seen, "nothing was captured"
    leaks = attack.capture.leaks(attack.world.secrets)
    assert not leaks, leaks
