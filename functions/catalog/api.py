"""The catalogue of AI tools over HTTP: public search, favourites, reviews, administrators' edits."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Path, Query, Response
from webox.auth.dependencies import AdminUser, OptionalUser, SessionUser
from webox.catalog import service as catalog_service
from webox.catalog.errors import ReviewConflict, ReviewNotFound, ToolExists, ToolNotFound, UnknownCategory
from webox.catalog.schemas import (
    ReviewIn,
    ReviewOut,
    ReviewPage,
    ToolCategoryOut,
    ToolCreate,
    ToolOut,
    ToolPage,
    ToolUpdate,
)
from webox.http import create_app, error_responses, lambda_handler

ToolId = Annotated[str, Path(pattern=r"^[a-z0-9][a-z0-9-]{0,62}$", description="Tool id (slug)")]
ListParam = Annotated[list[str] | None, Query(max_length=20)]

catalog = APIRouter(prefix="/api/catalog", tags=["catalog"])


def _values(values: list[str] | None) -> list[str]:
    """Repeated (`?tags=a&tags=b`) and comma-separated (`?tags=a,b`) values alike."""
    return [part.strip() for value in values or [] for part in value.split(",") if part.strip()][:20]


@catalog.get("/tools")
def list_tools(
    user: OptionalUser,
    q: Annotated[str | None, Query(max_length=100, description="Words to find (accents ignored)")] = None,
    category: ListParam = None,
    pricing: ListParam = None,
    tags: ListParam = None,
    tags_match: Annotated[Literal["any", "all"], Query(description="Tools with any or all tags")] = "any",
) -> ToolPage:
    """Search the catalogue (no account needed); signed in, each tool says whether it is a favourite."""
    return catalog_service.list_tools(
        user.id if user else None,
        q,
        categories=_values(category),
        pricing=_values(pricing),
        tags=_values(tags),
        match_all_tags=tags_match == "all",
    )


@catalog.get("/categories")
def list_categories() -> list[ToolCategoryOut]:
    """The categories, in display order, with their tool counts."""
    return catalog_service.list_categories()


@catalog.get("/tools/{tool_id}", responses=error_responses(ToolNotFound))
def get_tool(user: OptionalUser, tool_id: ToolId) -> ToolOut:
    """One tool with its rating."""
    return catalog_service.get_tool(tool_id, user.id if user else None)


@catalog.post("/tools", status_code=201, responses=error_responses(ToolExists, UnknownCategory))
def create_tool(admin: AdminUser, body: ToolCreate) -> ToolOut:
    """Add a tool to the catalogue (administrators)."""
    return catalog_service.create_tool(admin.id, body)


@catalog.patch("/tools/{tool_id}", responses=error_responses(ToolNotFound, UnknownCategory))
def update_tool(admin: AdminUser, tool_id: ToolId, body: ToolUpdate) -> ToolOut:
    """Change some fields of a tool (administrators)."""
    return catalog_service.update_tool(admin.id, tool_id, body)


@catalog.delete("/tools/{tool_id}", status_code=204, responses=error_responses(ToolNotFound))
def delete_tool(admin: AdminUser, tool_id: ToolId) -> Response:
    """Remove a tool from the catalogue (administrators)."""
    catalog_service.delete_tool(admin.id, tool_id)
    return Response(status_code=204)


@catalog.put("/tools/{tool_id}/favorite", status_code=204, responses=error_responses(ToolNotFound))
def add_favorite(user: SessionUser, tool_id: ToolId) -> Response:
    """Mark a tool as a favourite (idempotent)."""
    catalog_service.add_favorite(user.id, tool_id)
    return Response(status_code=204)


@catalog.delete("/tools/{tool_id}/favorite", status_code=204)
def remove_favorite(user: SessionUser, tool_id: ToolId) -> Response:
    """Unmark a favourite (idempotent)."""
    catalog_service.remove_favorite(user.id, tool_id)
    return Response(status_code=204)


@catalog.get("/favorites")
def list_favorites(user: SessionUser) -> list[ToolOut]:
    """The caller's favourite tools, most recently added first."""
    return catalog_service.list_favorites(user.id)


@catalog.get("/tools/{tool_id}/reviews", responses=error_responses(ToolNotFound))
def list_reviews(
    user: OptionalUser,
    tool_id: ToolId,
    cursor: Annotated[str | None, Query(max_length=2048)] = None,
    limit: Annotated[int, Query(ge=1, le=50)] = 20,
) -> ReviewPage:
    """A tool's reviews, most recent first, with its average (no account needed)."""
    return catalog_service.list_reviews(tool_id, user.id if user else None, cursor=cursor, limit=limit)


@catalog.get("/tools/{tool_id}/reviews/mine", responses=error_responses(ToolNotFound, ReviewNotFound))
def get_my_review(user: SessionUser, tool_id: ToolId) -> ReviewOut:
    """The caller's review of this tool (404 when none)."""
    return catalog_service.get_review(user.id, tool_id)


@catalog.put("/tools/{tool_id}/reviews/mine", responses=error_responses(ToolNotFound, ReviewConflict))
def put_my_review(user: SessionUser, tool_id: ToolId, body: ReviewIn) -> ReviewOut:
    """Write the caller's review (1–5 stars, up to 2000 characters), replacing their earlier one."""
    return catalog_service.put_review(user, tool_id, body)


@catalog.delete(
    "/tools/{tool_id}/reviews/mine",
    status_code=204,
    responses=error_responses(ToolNotFound, ReviewNotFound, ReviewConflict),
)
def delete_my_review(user: SessionUser, tool_id: ToolId) -> Response:
    """Delete the caller's review."""
    catalog_service.delete_review(user.id, tool_id)
    return Response(status_code=204)


app = create_app(
    catalog,
    title="Catalogue",
    description="A searchable catalogue of AI tools, with favourites, reviews and administrators' edits.",
)
handler = lambda_handler(app)
