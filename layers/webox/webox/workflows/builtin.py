"""The built-in workflows, in French and English: a user copies one into their library to run it."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from typing import Any

from pydantic import BaseModel, ConfigDict

from webox.languages import Lang
from webox.workflows.errors import WorkflowNotFound
from webox.workflows.schemas import GRAPH_EXAMPLE, WorkflowCreate, WorkflowGraph, WorkflowOut

FAST = "gpt-4o-mini"
TRIO = ["gpt-4o-mini", "claude-haiku-4-5", "mistral-small-latest"]


class BuiltinWorkflow(BaseModel):
    slug: str
    title: str
    description: str
    lang: Lang
    graph: WorkflowGraph


class BuiltinWorkflowList(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "items": [
                        {
                            "slug": "article-seo",
                            "title": "Article de blog SEO",
                            "description": "Plan, rédaction par trois modèles et un juge, critique, version finale.",
                            "lang": "fr",
                            "graph": GRAPH_EXAMPLE,
                        }
                    ]
                }
            ]
        }
    )

    items: list[BuiltinWorkflow]


def _pick(fr: bool) -> Callable[[str, str], str]:
    """The French or the English of a (French, English) pair."""

    def pick(french: str, english: str) -> str:
        return french if fr else english

    return pick


def _node(node_id: str, node_type: str, label: str, **config: Any) -> dict[str, Any]:
    return {"id": node_id, "type": node_type, "label": label, "config": config}


def _chain(*ids: str) -> list[dict[str, str]]:
    return [{"source": a, "target": b} for a, b in itertools.pairwise(ids)]


def _seo(fr: bool) -> dict[str, Any]:
    t = _pick(fr)
    return {
        "title": t("Article de blog SEO", "SEO blog article"),
        "description": t(
            "Plan, rédaction par trois modèles départagés par un juge, critique, version finale, titre et méta-description.",
            "Outline, draft by three models with a judge, critique, final version, title and meta description.",
        ),
        "graph": {
            "variables": [
                {"name": "sujet", "label": t("Sujet", "Topic"), "type": "text", "required": True},
                {
                    "name": "mot_cle",
                    "label": t("Mot-clé principal", "Main keyword"),
                    "type": "text",
                    "required": True,
                },
                {
                    "name": "mots",
                    "label": t("Longueur (mots)", "Length (words)"),
                    "type": "number",
                    "default": 800,
                    "min": 200,
                    "max": 3000,
                },
            ],
            "nodes": [
                _node("input", "input", t("Entrée", "Input")),
                _node(
                    "outline",
                    "prompt",
                    t("Plan", "Outline"),
                    model=FAST,
                    template=t(
                        "Propose le plan détaillé d'un article de blog sur {{sujet}}, optimisé pour le mot-clé « {{mot_cle}} ».",
                        'Write a detailed outline for a blog article about {{sujet}}, optimised for the keyword "{{mot_cle}}".',
                    ),
                ),
                _node(
                    "draft",
                    "multi",
                    t("Rédaction (3 modèles + juge)", "Draft (3 models + judge)"),
                    models=TRIO,
                    template=t(
                        "Rédige un article d'environ {{mots}} mots sur {{sujet}} en suivant ce plan :\n{{outline}}",
                        "Write an article of about {{mots}} words about {{sujet}} following this outline:\n{{outline}}",
                    ),
                ),
                _node(
                    "critique",
                    "prompt",
                    t("Critique", "Critique"),
                    model=FAST,
                    template=t(
                        "Critique cet article (clarté, exactitude, SEO pour « {{mot_cle}} ») et liste les corrections :\n{{draft}}",
                        'Critique this article (clarity, accuracy, SEO for "{{mot_cle}}") and list the fixes:\n{{draft}}',
                    ),
                ),
                _node(
                    "final",
                    "prompt",
                    t("Version finale", "Final version"),
                    model=FAST,
                    template=t(
                        "Réécris l'article en appliquant ces corrections.\nArticle :\n{{draft}}\nCorrections :\n{{critique}}",
                        "Rewrite the article applying these fixes.\nArticle:\n{{draft}}\nFixes:\n{{critique}}",
                    ),
                ),
                _node(
                    "meta",
                    "prompt",
                    t("Titre et méta-description", "Title and meta description"),
                    model=FAST,
                    template=t(
                        "Écris un titre SEO (60 caractères au plus) et une méta-description (155 au plus) pour :\n{{final}}",
                        "Write an SEO title (60 characters at most) and a meta description (155 at most) for:\n{{final}}",
                    ),
                ),
                _node("result", "output", t("Résultat", "Result"), template="{{meta}}\n\n{{final}}"),
            ],
            "edges": _chain("input", "outline", "draft", "critique", "final", "meta", "result"),
        },
    }


def _campaign(fr: bool) -> dict[str, Any]:
    t = _pick(fr)
    channels = [
        ("email", t("E-mail", "E-mail"), t("un e-mail de campagne", "a campaign e-mail")),
        ("linkedin", "LinkedIn", t("un post LinkedIn", "a LinkedIn post")),
        ("thread", t("Fil X", "X thread"), t("un fil X de 5 messages", "a 5-post X thread")),
        (
            "landing",
            t("Page d'atterrissage", "Landing page"),
            t("le texte d'une page d'atterrissage", "landing-page copy"),
        ),
    ]
    nodes = [
        _node("input", "input", t("Entrée", "Input")),
        _node(
            "brief",
            "prompt",
            t("Brief", "Brief"),
            model=FAST,
            template=t(
                "Rédige un brief de campagne pour {{produit}} destiné à {{cible}} : message clé, ton, appel à l'action.",
                "Write a campaign brief for {{produit}} aimed at {{cible}}: key message, tone, call to action.",
            ),
        ),
    ]
    for node_id, label, what in channels:
        nodes.append(
            _node(
                node_id,
                "prompt",
                label,
                model=FAST,
                template=t(
                    f"À partir de ce brief, écris {what} :\n{{{{brief}}}}",
                    f"From this brief, write {what}:\n{{{{brief}}}}",
                ),
            )
        )
    nodes += [
        _node("bundle", "merge", t("Regroupement", "Merge")),
        _node(
            "consistency",
            "prompt",
            t("Cohérence", "Consistency check"),
            model=FAST,
            template=t(
                "Vérifie la cohérence de ces contenus avec le brief et signale les écarts.\nBrief :\n{{brief}}\nContenus :\n{{bundle}}",
                "Check these pieces against the brief and point out any inconsistency.\nBrief:\n{{brief}}\nPieces:\n{{bundle}}",
            ),
        ),
        _node("result", "output", t("Résultat", "Result"), template="{{bundle}}\n\n---\n{{consistency}}"),
    ]
    edges = [*_chain("input", "brief")]
    edges += [{"source": "brief", "target": c[0]} for c in channels]
    edges += [{"source": c[0], "target": "bundle"} for c in channels]
    edges += _chain("bundle", "consistency", "result")
    return {
        "title": t("Campagne marketing multicanal", "Multichannel marketing campaign"),
        "description": t(
            "Brief, puis e-mail, post LinkedIn, fil X et page d'atterrissage en parallèle, puis contrôle de cohérence.",
            "Brief, then e-mail, LinkedIn post, X thread and landing page in parallel, then a consistency check.",
        ),
        "graph": {
            "variables": [
                {"name": "produit", "label": t("Produit", "Product"), "type": "text", "required": True},
                {"name": "cible", "label": t("Cible", "Audience"), "type": "text", "required": True},
            ],
            "nodes": nodes,
            "edges": edges,
        },
    }


def _analysis(fr: bool) -> dict[str, Any]:
    t = _pick(fr)
    fields = [
        {"name": "titre", "type": "string", "description": t("titre du document", "document title")},
        {"name": "points_cles", "type": "list", "description": t("points clés", "key points")},
        {"name": "actions", "type": "list", "description": t("actions demandées", "actions requested")},
    ]
    return {
        "title": t("Analyse de document", "Document analysis"),
        "description": t(
            "Document → extraction des informations → résumé → brouillon d'e-mail.",
            "Document → extraction → summary → e-mail draft.",
        ),
        "graph": {
            "variables": [
                {
                    "name": "document",
                    "label": t("Document", "Document"),
                    "type": "textarea",
                    "required": True,
                },
                {
                    "name": "destinataire",
                    "label": t("Destinataire", "Recipient"),
                    "type": "text",
                    "default": t("l'équipe", "the team"),
                },
            ],
            "nodes": [
                _node("input", "input", t("Entrée", "Input")),
                _node(
                    "extraction",
                    "extract",
                    t("Extraction", "Extraction"),
                    model=FAST,
                    fields=fields,
                    template=t("Document :\n{{document}}", "Document:\n{{document}}"),
                ),
                _node(
                    "summary",
                    "prompt",
                    t("Résumé", "Summary"),
                    model=FAST,
                    template=t(
                        "Résume ce document en cinq puces, en t'appuyant sur ces informations :\n{{extraction}}\n\n{{document}}",
                        "Summarise this document in five bullets, using this information:\n{{extraction}}\n\n{{document}}",
                    ),
                ),
                _node(
                    "email",
                    "prompt",
                    t("Brouillon d'e-mail", "E-mail draft"),
                    model=FAST,
                    template=t(
                        "Écris un e-mail à {{destinataire}} qui présente ce résumé :\n{{summary}}",
                        "Write an e-mail to {{destinataire}} presenting this summary:\n{{summary}}",
                    ),
                ),
                _node("result", "output", t("Résultat", "Result"), template="{{summary}}\n\n---\n{{email}}"),
            ],
            "edges": _chain("input", "extraction", "summary", "email", "result"),
        },
    }


_BUILDERS = {"article-seo": _seo, "campagne-multicanal": _campaign, "analyse-document": _analysis}


def _workflow(slug: str, lang: Lang) -> BuiltinWorkflow:
    return BuiltinWorkflow.model_validate({"slug": slug, "lang": lang, **_BUILDERS[slug](lang == "fr")})


def list_builtin(lang: Lang) -> BuiltinWorkflowList:
    """The built-in workflows in one language."""
    return BuiltinWorkflowList(items=[_workflow(slug, lang) for slug in _BUILDERS])


def copy(user_id: str, slug: str, lang: Lang) -> WorkflowOut:
    """A built-in workflow copied into the user's library."""
    from webox.workflows import service

    if slug not in _BUILDERS:
        raise WorkflowNotFound("No built-in workflow by that name")
    found = _workflow(slug, lang)
    body = WorkflowCreate(title=found.title, description=found.description, lang=lang, graph=found.graph)
    return service.create(user_id, body)
