"""Workflow tables, keyed by owner where a user's data is.

- `workflows`: a user's workflow as of its latest version; `workflow_versions`: every saved version
  (partition `<user_id>#<workflow_id>`); `workflow_runs`: one item per run (a task of the engine).
- `workflow_market`: the published copy, keyed by workflow id, listed through a sparse index on
  `listed` (newest first); `workflow_votes`, `workflow_reports`: one item per (workflow, user). The
  marketplace's mechanics (ratings, reports, moderation, counters) are `webox.marketplace`'s.
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
from pynamodb.indexes import AllProjection, GlobalSecondaryIndex, KeysOnlyProjection
from pynamodb.models import Model

from webox.db import TableMeta, table_name
from webox.marketplace.spec import Tables

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
    moderated = BooleanAttribute(default=False)  # a moderator removed it from the marketplace for good
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
    rating_avg = NumberAttribute(default=0)
    rating_key = UnicodeAttribute(null=True)
    runs = NumberAttribute(default=0)
    forks = NumberAttribute(default=0)
    moderated_at = UTCDateTimeAttribute(null=True)
    moderation_reason = UnicodeAttribute(null=True)
    by_published = MarketByDate()


class VotesByUser(GlobalSecondaryIndex["WorkflowVote"]):
    class Meta:
        index_name = "by_user"
        projection = KeysOnlyProjection()

    user_id = UnicodeAttribute(hash_key=True)
    workflow_id = UnicodeAttribute(range_key=True)


class WorkflowVote(Model):
    """One user's stars for one workflow; a user's votes are found (to take them out of the ratings
    with the account) through the `by_user` index."""

    class Meta(TableMeta):
        table_name = table_name("workflow_votes")

    workflow_id = UnicodeAttribute(hash_key=True)
    user_id = UnicodeAttribute(range_key=True)
    stars = NumberAttribute()
    updated_at = UTCDateTimeAttribute(null=True)
    by_user = VotesByUser()


class OpenReports(GlobalSecondaryIndex["WorkflowReport"]):
    class Meta:
        index_name = "open_reports"
        projection = AllProjection()

    queue = UnicodeAttribute(hash_key=True)
    created_key = UnicodeAttribute(range_key=True)


class ReportsByUser(GlobalSecondaryIndex["WorkflowReport"]):
    class Meta:
        index_name = "by_user"
        projection = KeysOnlyProjection()

    user_id = UnicodeAttribute(hash_key=True)
    workflow_id = UnicodeAttribute(range_key=True)


class WorkflowReport(Model):
    """A user's report of a published workflow, in the moderators' queue (`queue`) while open."""

    class Meta(TableMeta):
        table_name = table_name("workflow_reports")

    workflow_id = UnicodeAttribute(hash_key=True)
    user_id = UnicodeAttribute(range_key=True)  # the reporter
    owner_id = UnicodeAttribute()
    workflow_title = UnicodeAttribute()
    reason = UnicodeAttribute()
    details = UnicodeAttribute(default="")
    status = UnicodeAttribute(default="open")  # open | resolved
    created_at = UTCDateTimeAttribute()
    queue = UnicodeAttribute(null=True)  # "open" while awaiting a moderator (sparse index)
    created_key = UnicodeAttribute()  # "<created_at ISO>#<workflow_id>#<user_id>"
    open_reports = OpenReports()
    by_user = ReportsByUser()


# The workflow marketplace's tables, for the shared mechanics (`webox.marketplace`).
TABLES = Tables(
    entry=MarketWorkflow,
    vote=WorkflowVote,
    report=WorkflowReport,
    owner=Workflow,
    key="workflow_id",
    title="workflow_title",
    counters=("runs", "forks"),
)
