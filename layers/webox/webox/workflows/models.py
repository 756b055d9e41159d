"""Workflow tables, keyed by owner where a user's data is.

- `workflows`: a user's workflow as of its latest version; `workflow_versions`: every saved version
  (partition `<user_id>#<workflow_id>`); `workflow_runs`: one item per run (a task of the engine).
- `workflow_market`: the published copy, keyed by workflow id, listed through a sparse index on
  `listed` (newest first); `workflow_votes`: one item per (workflow, user).
"""

from __future__ import annotations

import secrets
import time

from pynamodb.attributes import (
    BooleanAttribute,
    JSONAttribute,
    NumberAttribute,
    UnicodeAttribute,
    UTCDateTimeAttribute,
)
from pynamodb.indexes import AllProjection, GlobalSecondaryIndex
from pynamodb.models import Model

from webox.db import TableMeta, table_name

LISTED = "public"


def new_id() -> str:
    """32 hex characters that sort by creation."""
    return f"{int(time.time() * 1000):012x}{secrets.token_hex(10)}"


class Workflow(Model):
    class Meta(TableMeta):
        table_name = table_name("workflows")

    user_id = UnicodeAttribute(hash_key=True)
    workflow_id = UnicodeAttribute(range_key=True)
    title = UnicodeAttribute()
    description = UnicodeAttribute(default="")
    lang = UnicodeAttribute(default="fr")
    graph = JSONAttribute()
    version = NumberAttribute()
    run_count = NumberAttribute(default=0)
    published = BooleanAttribute(default=False)
    forked_from = JSONAttribute(null=True)
    created_at = UTCDateTimeAttribute()
    updated_at = UTCDateTimeAttribute()


class WorkflowVersion(Model):
    class Meta(TableMeta):
        table_name = table_name("workflow_versions")

    key = UnicodeAttribute(hash_key=True)  # <user_id>#<workflow_id>
    version = NumberAttribute(range_key=True)
    title = UnicodeAttribute()
    description = UnicodeAttribute(default="")
    graph = JSONAttribute()
    source = UnicodeAttribute()
    created_at = UTCDateTimeAttribute()


class WorkflowRun(Model):
    class Meta(TableMeta):
        table_name = table_name("workflow_runs")

    user_id = UnicodeAttribute(hash_key=True)
    task_id = UnicodeAttribute(range_key=True)
    workflow_id = UnicodeAttribute()
    version = NumberAttribute()
    created_at = UTCDateTimeAttribute()


class MarketByDate(GlobalSecondaryIndex["MarketWorkflow"]):
    class Meta:
        index_name = "by_published"
        projection = AllProjection()

    listed = UnicodeAttribute(hash_key=True)
    published_key = UnicodeAttribute(range_key=True)


class MarketWorkflow(Model):
    class Meta(TableMeta):
        table_name = table_name("workflow_market")

    workflow_id = UnicodeAttribute(hash_key=True)
    owner_id = UnicodeAttribute()
    author_name = UnicodeAttribute()
    title = UnicodeAttribute()
    description = UnicodeAttribute(default="")
    lang = UnicodeAttribute(default="fr")
    graph = JSONAttribute()
    forked_from = JSONAttribute(null=True)
    listed = UnicodeAttribute(null=True)
    published_key = UnicodeAttribute(null=True)
    published_at = UTCDateTimeAttribute()
    rating_sum = NumberAttribute(default=0)
    rating_count = NumberAttribute(default=0)
    runs = NumberAttribute(default=0)
    forks = NumberAttribute(default=0)
    by_published = MarketByDate()


class WorkflowVote(Model):
    class Meta(TableMeta):
        table_name = table_name("workflow_votes")

    workflow_id = UnicodeAttribute(hash_key=True)
    user_id = UnicodeAttribute(range_key=True)
    stars = NumberAttribute()
