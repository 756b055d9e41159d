"""Knowledge bases through the API: upload, ingestion on the task engine, search with citations, the
French evaluation set, and S3 Vectors' QueryVectors as the local host answers it."""

from __future__ import annotations

import contextlib
import json
from collections.abc import Callable
from importlib import resources

import pytest
from webox import documents as extraction
from webox.aws import client

from tests.accounts import Account
from tests.agents.conftest import create_base, upload
from tests.agents.documents import docx, pdf

EVAL = resources.files("webox.knowledge").joinpath("eval")


class TestIngestion:
    def test_a_pdf_is_chunked_and_searchable_with_its_page(
        self, create_account: Callable[..., Account]
    ) -> None:
        account = create_account()
        base = create_base(account)
        data = pdf(
            [
                ["Contrat de maintenance", "Le prestataire intervient sous huit heures ouvrées."],
                ["Résiliation", "Le préavis de résiliation est de trois mois, par lettre recommandée."],
            ]
        )
        document = upload(account, base["base_id"], "contrat.pdf", data)
        assert document["status"] == "ready" and document["chunks"] == 2

        response = account.client.post(
            f"/api/agents/knowledge-bases/{base['base_id']}/search",
            json={"query": "Quel préavis pour la résiliation ?", "top_k": 2},
            headers=account.csrf(),
        )
        assert response.status_code == 200, response.text
        first = response.json()["hits"][0]
        assert "trois mois" in first["text"]
        assert first["citation"] == {
            "document_id": document["document_id"],
            "filename": "contrat.pdf",
            "page": 2,
            "position": 1,
        }
        assert account.client.get(f"/api/agents/knowledge-bases/{base['base_id']}").json()["chunks"] == 2

    def test_an_unreadable_file_fails_with_its_reason(self, create_account: Callable[..., Account]) -> None:
        account = create_account()
        base = create_base(account)
        document = upload(account, base["base_id"], "faux.pdf", b"%PDF-1.4 this is not a pdf")
        assert document["status"] == "failed"
        assert document["error"]

    def test_an_unsupported_format_is_refused(self, create_account: Callable[..., Account]) -> None:
        account = create_account()
        base = create_base(account)
        response = account.client.post(
            f"/api/agents/knowledge-bases/{base['base_id']}/documents",
            json={"filename": "macro.xlsm", "size": 10},
            headers=account.csrf(),
        )
        assert response.status_code == 422
        assert response.headers["content-type"] == "application/problem+json"
        assert response.json()["code"] == "unsupported_document"

    def test_a_file_over_25_mb_is_refused(self, create_account: Callable[..., Account]) -> None:
        account = create_account()
        base = create_base(account)
        response = account.client.post(
            f"/api/agents/knowledge-bases/{base['base_id']}/documents",
            json={"filename": "gros.pdf", "size": 25 * 1024 * 1024 + 1},
            headers=account.csrf(),
        )
        assert response.status_code == 413
        assert response.json()["code"] == "knowledge_document_too_large"

    def test_another_users_base_is_not_found(self, create_account: Callable[..., Account]) -> None:
        owner, other = create_account(), create_account()
        base = create_base(owner)
        for method, path in (
            ("GET", ""),
            ("GET", "/documents"),
            ("DELETE", ""),
        ):
            response = other.client.request(
                method, f"/api/agents/knowledge-bases/{base['base_id']}{path}", headers=other.csrf()
            )
            assert response.status_code == 404, (method, path)
        search = other.client.post(
            f"/api/agents/knowledge-bases/{base['base_id']}/search", json={"query": "x"}, headers=other.csrf()
        )
        assert search.status_code == 404
        assert owner.client.get(f"/api/agents/knowledge-bases/{base['base_id']}").status_code == 200

    def test_deleting_a_document_removes_its_chunks(self, create_account: Callable[..., Account]) -> None:
        account = create_account()
        base = create_base(account)
        document = upload(account, base["base_id"], "note.txt", b"Le code du portail est 4821.")
        url = f"/api/agents/knowledge-bases/{base['base_id']}"
        deleted = account.client.delete(f"{url}/documents/{document['document_id']}", headers=account.csrf())
        assert deleted.status_code == 204
        hits = account.client.post(f"{url}/search", json={"query": "code du portail"}, headers=account.csrf())
        assert hits.json()["hits"] == []
        assert account.client.get(url).json()["chunks"] == 0


class TestExtraction:
    def test_docx_html_and_markdown_give_their_text_only(self) -> None:
        [section] = extraction.extract("a.docx", docx(["Premier paragraphe", "Second « paragraphe »"]))
        assert section.text == "Premier paragraphe\nSecond « paragraphe »"
        html = b"<html><head><script>var x='cache';</script></head><body><p>Bonjour &eacute;quipe</p></body></html>"
        assert extraction.extract("a.html", html)[0].text == "Bonjour équipe"
        markdown = b"# Titre\n\nUn [lien](https://example.com) et **gras**."
        assert extraction.extract("a.md", markdown)[0].text == "Titre\n\nUn lien et gras."

    def test_a_docx_that_is_not_a_zip_is_unreadable(self) -> None:
        from webox.knowledge.errors import UnreadableDocument

        with pytest.raises(UnreadableDocument):
            extraction.extract("a.docx", b"not a zip")


class TestEvaluation:
    def test_recall_at_5_of_the_french_set_is_at_least_0_9(
        self, create_account: Callable[..., Account]
    ) -> None:
        """50 French questions over the shipped documents, through the API (simulator embeddings)."""
        account = create_account()
        base = create_base(account, "Évaluation")
        names = {}
        for item in sorted(EVAL.iterdir(), key=lambda p: p.name):
            if item.name.endswith(".json"):
                continue
            document = upload(account, base["base_id"], item.name, item.read_bytes())
            assert document["status"] == "ready", document
            names[item.name] = document["document_id"]
        questions = json.loads(EVAL.joinpath("questions.json").read_text(encoding="utf-8"))["questions"]
        assert len(questions) == 50
        found_at_1 = found_at_5 = 0
        for question in questions:
            response = account.client.post(
                f"/api/agents/knowledge-bases/{base['base_id']}/search",
                json={"query": question["q"], "top_k": 5},
                headers=account.csrf(),
            )
            hits = response.json()["hits"]
            good = [
                h["citation"]["document_id"] == names[question["doc"]] and question["expect"] in h["text"]
                for h in hits
            ]
            found_at_5 += any(good)
            found_at_1 += bool(good and good[0])
        assert found_at_5 / len(questions) >= 0.9
        # Thirteen chunks in all: top 5 alone would be easy; the first hit must also be right mostly.
        assert found_at_1 / len(questions) >= 0.85


class TestQueryVectors:
    def test_the_local_host_answers_query_vectors_like_s3_vectors(self, aws: object) -> None:
        vectors = client("s3vectors")
        bucket = "webox-test-qv-probe"
        with contextlib.suppress(vectors.exceptions.ConflictException):
            vectors.create_vector_bucket(vectorBucketName=bucket)
        vectors.create_index(
            vectorBucketName=bucket,
            indexName="euclid",
            dataType="float32",
            dimension=2,
            distanceMetric="euclidean",
        )
        vectors.put_vectors(
            vectorBucketName=bucket,
            indexName="euclid",
            vectors=[
                {"key": "near", "data": {"float32": [1.0, 1.0]}, "metadata": {"lang": "fr"}},
                {"key": "far", "data": {"float32": [5.0, 5.0]}, "metadata": {"lang": "fr"}},
                {"key": "en", "data": {"float32": [1.0, 1.1]}, "metadata": {"lang": "en"}},
            ],
        )
        found = vectors.query_vectors(
            vectorBucketName=bucket,
            indexName="euclid",
            queryVector={"float32": [1.0, 1.0]},
            topK=2,
            filter={"lang": {"$eq": "fr"}},
            returnDistance=True,
            returnMetadata=True,
        )
        assert [v["key"] for v in found["vectors"]] == ["near", "far"]
        assert found["vectors"][0]["distance"] == pytest.approx(0.0)
        assert found["vectors"][1]["distance"] == pytest.approx(32**0.5)
        assert found["distanceMetric"] == "euclidean"
        with pytest.raises(vectors.exceptions.NotFoundException):
            vectors.query_vectors(
                vectorBucketName=bucket, indexName="nope", queryVector={"float32": [1.0, 1.0]}, topK=1
            )
        vectors.delete_index(vectorBucketName=bucket, indexName="euclid")
