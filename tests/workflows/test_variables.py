"""The run form's date and library-file variables: a date within its bounds, a file of the owner's
library (a media transcript, a knowledge-base document) read as text (bounded); a wrong value is refused before anything runs, naming the field."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from webox.knowledge import repository as knowledge_repository
from webox.workflows.files import MAX_FILE_BYTES, MAX_FILE_CHARS

from tests.accounts import Account
from tests.agents.conftest import create_base, upload
from tests.workflows.conftest import chain, library_item, node, outputs, save, start, transcript, wait_run

DATE = {"name": "jour", "label": "Jour", "type": "date", "min_date": "2025-01-01", "max_date": "2025-12-31"}
FILE = {"name": "doc", "label": "Document", "type": "file"}


def _graph(*variables: dict[str, Any], template: str) -> dict[str, Any]:
    return {
        "variables": list(variables),
        "nodes": [node("input", "input"), node("result", "output", template=template)],
        "edges": chain("input", "result"),
    }


def _fields(account: Account, workflow_id: str, values: dict[str, Any]) -> list[dict[str, str]]:
    response = account.client.post(
        f"/api/workflows/{workflow_id}/runs", json={"values": values}, headers=account.csrf()
    )
    assert response.status_code == 422, response.text
    assert response.json()["code"] == "workflows.invalid_values"
    fields: list[dict[str, str]] = response.json()["fields"]
    return fields


class TestDate:
    def test_a_date_within_its_bounds_is_the_value(self, create_account: Callable[..., Account]) -> None:
        account = create_account()
        workflow = save(account, _graph(DATE, template="Le {{jour}}"))
        run = wait_run(account, start(account, workflow["id"], {"jour": "2025-06-30"})["id"])
        assert outputs(run)["result"]["text"] == "Le 2025-06-30"

    def test_a_date_outside_its_bounds_or_not_a_date_is_refused(
        self, create_account: Callable[..., Account]
    ) -> None:
        account = create_account()
        workflow = save(account, _graph(DATE, template="{{jour}}"))
        assert _fields(account, workflow["id"], {"jour": "2026-01-01"}) == [
            {"name": "jour", "reason": "out_of_range"}
        ]
        for wrong in ("30/06/2025", "2025-02-30", "demain"):
            assert _fields(account, workflow["id"], {"jour": wrong}) == [
                {"name": "jour", "reason": "not_a_date"}
            ]
        assert account.client.get(f"/api/workflows/{workflow['id']}/runs").json()["items"] == []

    def test_bounds_and_default_are_checked_when_saving(self, create_account: Callable[..., Account]) -> None:
        account = create_account()
        for wrong in (
            {**DATE, "min_date": "2026-01-01"},
            {**DATE, "default": "2024-12-31"},
            {**FILE, "min_date": "2025-01-01"},
        ):
            response = account.client.post(
                "/api/workflows",
                json={"title": "x", "graph": _graph(wrong, template="x")},
                headers=account.csrf(),
            )
            assert response.status_code == 422, wrong


class TestLibraryFile:
    def test_the_files_text_is_the_value(self, create_account: Callable[..., Account]) -> None:
        account = create_account()
        media_id = transcript(account.id, "Compte rendu : le budget est validé.")
        workflow = save(account, _graph(FILE, template="Texte : {{doc}}"))
        run = wait_run(account, start(account, workflow["id"], {"doc": media_id})["id"])
        assert run["status"] == "succeeded", run
        assert outputs(run)["result"]["text"] == "Texte : Compte rendu : le budget est validé."

    def test_a_knowledge_base_document_is_read_by_the_shared_readers(
        self, create_account: Callable[..., Account]
    ) -> None:
        account, other = create_account(), create_account()
        base = create_base(account)
        document = upload(account, base["base_id"], "notes.md", b"# Titre\n\nUn paragraphe.\n")
        value = f"{base['base_id']}/{document['document_id']}"
        workflow = save(account, _graph(FILE, template="{{doc}}"))
        run = wait_run(account, start(account, workflow["id"], {"doc": value})["id"])
        assert run["status"] == "succeeded", run
        assert "Un paragraphe." in outputs(run)["result"]["text"]

        theirs = save(other, _graph(FILE, template="{{doc}}"))
        assert _fields(other, theirs["id"], {"doc": value}) == [{"name": "doc", "reason": "not_found"}]
        stored = knowledge_repository.find_document(account.id, base["base_id"], document["document_id"])
        assert stored is not None
        knowledge_repository.update_document(stored, size=MAX_FILE_BYTES + 1)
        assert _fields(account, workflow["id"], {"doc": value}) == [{"name": "doc", "reason": "too_large"}]

    def test_only_the_steps_that_read_the_file_carry_its_text(
        self, create_account: Callable[..., Account]
    ) -> None:
        account = create_account()
        media_id = transcript(account.id, "Le texte du fichier.")
        graph = _graph(FILE, {"name": "ton", "label": "Ton", "type": "text"}, template="{{ton}}")
        graph["nodes"].insert(1, node("lire", "output", template="{{doc}}"))
        graph["edges"].append({"source": "input", "target": "lire"})
        workflow = save(account, graph)
        run = wait_run(account, start(account, workflow["id"], {"doc": media_id, "ton": "vif"})["id"])
        inputs = {n["node"]: n["steps"][0]["input"]["values"] for n in run["nodes"]}
        assert inputs["lire"] == {"doc": "Le texte du fichier."}
        assert inputs["result"] == {"ton": "vif"}

    def test_a_file_that_cannot_be_used_is_refused_naming_the_field(
        self, create_account: Callable[..., Account]
    ) -> None:
        account, other = create_account(), create_account()
        workflow = save(account, _graph(FILE, template="{{doc}}"))
        cases = {
            transcript(other.id, "secret"): "not_found",
            "0" * 34: "not_found",
            "../etc/passwd": "not_found",
            library_item(account.id, "image", b"\x89PNG....", "image/png"): "no_text",
            transcript(account.id, "x" * (MAX_FILE_CHARS + 1)): "too_long",
            transcript(account.id, "x", size=MAX_FILE_BYTES + 1): "too_large",
        }
        for media_id, reason in cases.items():
            assert _fields(account, workflow["id"], {"doc": media_id}) == [{"name": "doc", "reason": reason}]
        assert _fields(account, workflow["id"], {}) == [{"name": "doc", "reason": "missing"}]

    def test_the_prompt_library_keeps_file_variables_out(
        self, create_account: Callable[..., Account]
    ) -> None:
        account = create_account()
        response = account.client.post(
            "/api/prompts",
            json={"title": "x", "body": "Résume {{doc}}", "category": "productivite", "variables": [FILE]},
            headers=account.csrf(),
        )
        assert response.status_code == 422
        assert response.headers["content-type"] == "application/problem+json"
