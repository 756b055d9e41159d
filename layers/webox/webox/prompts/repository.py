"""Every DynamoDB call of the prompt library (see `webox.prompts.models` for the table design)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Literal

from pynamodb.exceptions import DoesNotExist, TransactWriteError
from pynamodb.expressions.condition import Condition
from pynamodb.expressions.update import Action
from pynamodb.indexes import GlobalSecondaryIndex, LocalSecondaryIndex
from pynamodb.models import Model
from pynamodb.pagination import ResultIterator
from pynamodb.transactions import TransactWrite

from webox.db import encode_cursor, page, transaction_connection, utcnow
from webox.marketplace import repository as market
from webox.marketplace.repository import listing_start as _start
from webox.prompts.models import (
    LISTED,
    TABLES,
    MarketPrompt,
    Prompt,
    PromptReport,
    PromptShare,
    PromptVersion,
    PromptVote,
)

Sort = Literal["rating", "uses", "recent"]
# A filtered Query may return short pages: how many DynamoDB pages one listing page may read.
MAX_FILTERED_READS = 20


def _filtered_page(
    index: GlobalSecondaryIndex[Any] | LocalSecondaryIndex[Any],
    hash_key: str,
    *,
    start: dict[str, Any] | None,
    condition: Condition | None,
    limit: int,
) -> tuple[list[Any], str | None]:
    """Newest/highest first; reads on (bounded) until the page is full when a filter applies."""
    items: list[Any] = []
    last = start
    for _ in range(MAX_FILTERED_READS):
        results: ResultIterator[Any] = index.query(
            hash_key,
            scan_index_forward=False,
            filter_condition=condition,
            last_evaluated_key=last,
            limit=limit - len(items),
            page_size=max(limit, 25) if condition is not None else limit,
        )
        items.extend(results)
        last = results.last_evaluated_key
        if len(items) >= limit or not last:
            break
    return items[:limit], encode_cursor(last) if last else None


def _search(attribute: Any, terms: Iterable[str]) -> Condition | None:
    condition: Condition | None = None
    for term in terms:
        clause = attribute.contains(term)
        condition = clause if condition is None else condition & clause
    return condition


# -- a user's prompts and their versions -------------------------------------------------------


def version_key(user_id: str, prompt_id: str) -> str:
    return f"{user_id}#{prompt_id}"


def get_prompt(user_id: str, prompt_id: str) -> Prompt | None:
    try:
        return Prompt.get(user_id, prompt_id, consistent_read=True)
    except DoesNotExist:
        return None


def count_prompts(user_id: str, at_most: int) -> int:
    """How many prompts the user has, counting no further than `at_most`."""
    return sum(1 for _ in Prompt.query(user_id, attributes_to_get=["prompt_id"], limit=at_most))


def list_prompts(
    user_id: str, *, cursor: str | None, limit: int, terms: list[str], category: str | None
) -> tuple[list[Prompt], str | None]:
    """The user's prompts, most recently edited first, optionally searched and filtered."""
    shape = {"user_id": "S", "prompt_id": "S", "updated_key": "S"}
    start = _start(cursor, ("user_id", user_id), shape)
    condition = _search(Prompt.search_key, terms)
    if category:
        clause = Prompt.category == category
        condition = clause if condition is None else condition & clause
    return _filtered_page(Prompt.by_updated, user_id, start=start, condition=condition, limit=limit)


def create_prompt(prompt: Prompt, first: PromptVersion) -> None:
    """Store a new prompt with its version 1 (one transaction)."""
    with TransactWrite(connection=transaction_connection()) as transaction:
        transaction.save(prompt, condition=Prompt.prompt_id.does_not_exist())
        transaction.save(first, condition=PromptVersion.version.does_not_exist())


def _content(model: type[Prompt] | type[MarketPrompt], prompt: Prompt) -> list[Action]:
    return [
        model.title.set(prompt.title),
        model.description.set(prompt.description),
        model.body.set(prompt.body),
        model.category.set(prompt.category),
        model.language.set(prompt.language),
        model.variables.set(prompt.variables),
        model.search_key.set(prompt.search_key),
        model.version.set(prompt.version),
    ]


def add_version(prompt: Prompt, version: PromptVersion, *, previous: int) -> bool:
    """Save `version` (previous + 1) and make it the prompt's content — and the marketplace copy's,
    when published — in one transaction; False when another edit got there first."""
    try:
        with TransactWrite(connection=transaction_connection()) as transaction:
            transaction.save(version, condition=PromptVersion.version.does_not_exist())
            transaction.update(
                Prompt(prompt.user_id, prompt.prompt_id),
                actions=[
                    *_content(Prompt, prompt),
                    Prompt.updated_at.set(prompt.updated_at),
                    Prompt.updated_key.set(prompt.updated_key),
                ],
                condition=Prompt.version == previous,
            )
            if prompt.published:
                transaction.update(
                    MarketPrompt(prompt.prompt_id),
                    actions=[
                        *_content(MarketPrompt, prompt),
                        MarketPrompt.listed_category.set(prompt.category),
                    ],
                    condition=MarketPrompt.listed.exists(),
                )
    except TransactWriteError as error:
        if market.conditional_failure(error):
            return False
        raise
    return True


def list_versions(
    user_id: str, prompt_id: str, *, cursor: str | None, limit: int
) -> tuple[list[PromptVersion], str | None]:
    """Newest first."""
    pk = version_key(user_id, prompt_id)
    start = _start(cursor, ("pk", pk), {"pk": "S", "version": "N"})
    results = PromptVersion.query(
        pk,
        scan_index_forward=False,
        last_evaluated_key=start,
        limit=limit,
        page_size=limit,
        attributes_to_get=["pk", "version", "title", "created_at", "source", "restored_from"],
    )
    return page(results, limit)


def get_version(user_id: str, prompt_id: str, version: int) -> PromptVersion | None:
    try:
        return PromptVersion.get(version_key(user_id, prompt_id), version, consistent_read=True)
    except DoesNotExist:
        return None


def _delete_all(model: type[Model], items: Iterable[Model]) -> None:
    with model.batch_write() as batch:
        for item in items:
            batch.delete(item)


def delete_prompt(prompt: Prompt) -> None:
    """Delete a prompt with its versions, share link, marketplace copy, votes and reports."""
    market.delete_listing(TABLES, prompt.prompt_id)  # first: the prompt leaves every listing at once
    if prompt.share_hash:
        PromptShare(prompt.share_hash).delete()
    Prompt(prompt.user_id, prompt.prompt_id).delete()
    versions = PromptVersion.query(
        version_key(prompt.user_id, prompt.prompt_id), attributes_to_get=["pk", "version"]
    )
    _delete_all(PromptVersion, versions)


# -- share links -------------------------------------------------------------------------------


def replace_share(prompt: Prompt, token_hash: str) -> None:
    """Make `token_hash` the prompt's only live link (the previous one dies in the same transaction)."""
    with TransactWrite(connection=transaction_connection()) as transaction:
        if prompt.share_hash:
            transaction.delete(PromptShare(prompt.share_hash))
        transaction.save(
            PromptShare(token_hash, user_id=prompt.user_id, prompt_id=prompt.prompt_id, created_at=utcnow()),
            condition=PromptShare.token_hash.does_not_exist(),
        )
        transaction.update(
            Prompt(prompt.user_id, prompt.prompt_id),
            actions=[Prompt.share_hash.set(token_hash)],
            condition=Prompt.prompt_id.exists(),
        )


def remove_share(prompt: Prompt) -> None:
    if not prompt.share_hash:
        return
    with TransactWrite(connection=transaction_connection()) as transaction:
        transaction.delete(PromptShare(prompt.share_hash))
        transaction.update(
            Prompt(prompt.user_id, prompt.prompt_id),
            actions=[Prompt.share_hash.remove()],
            condition=Prompt.prompt_id.exists(),
        )


def get_share(token_hash: str) -> PromptShare | None:
    try:
        return PromptShare.get(token_hash, consistent_read=True)
    except DoesNotExist:
        return None


# -- marketplace (the shared mechanics of `webox.marketplace` on the prompt tables) ----------------


def get_entry(prompt_id: str) -> MarketPrompt | None:
    entry: MarketPrompt | None = market.get_entry(TABLES, prompt_id)
    return entry


def entries(prompt_ids: list[str]) -> dict[str, MarketPrompt]:
    """Marketplace copies by prompt id (a batch read)."""
    return market.entries(TABLES, prompt_ids)


def publish(prompt: Prompt, author_name: str) -> bool:
    """List the prompt (creating its marketplace copy, keeping its counters if it had one);
    False when a moderator removed it."""
    now = utcnow()
    fields = {
        "title": prompt.title,
        "description": prompt.description,
        "body": prompt.body,
        "category": prompt.category,
        "language": prompt.language,
        "variables": prompt.variables,
        "search_key": prompt.search_key,
        "version": prompt.version,
        "author_name": author_name,
        "published_key": now.isoformat(),
        "listed_category": prompt.category,
    }
    return market.publish(TABLES, prompt.user_id, prompt.prompt_id, fields, when=now)


_INDEXES = {
    (False, "rating"): (MarketPrompt.by_rating, ("rating_key", "S")),
    (False, "uses"): (MarketPrompt.by_uses, ("uses", "N")),
    (False, "recent"): (MarketPrompt.by_recent, ("published_key", "S")),
    (True, "rating"): (MarketPrompt.category_by_rating, ("rating_key", "S")),
    (True, "uses"): (MarketPrompt.category_by_uses, ("uses", "N")),
    (True, "recent"): (MarketPrompt.category_by_recent, ("published_key", "S")),
}


def market_page(
    *, sort: Sort, category: str | None, terms: list[str], cursor: str | None, limit: int
) -> tuple[list[MarketPrompt], str | None]:
    """One page of listed prompts in `sort` order (best, most used or newest first): one Query on
    the index of that order — the whole marketplace's partition or the category's."""
    index, (range_attribute, range_type) = _INDEXES[(category is not None, sort)]
    hash_attribute, hash_value = ("listed_category", category) if category else ("listed", LISTED)
    shape = {"prompt_id": "S", hash_attribute: "S", range_attribute: range_type}
    start = _start(cursor, (hash_attribute, hash_value), shape)
    condition = _search(MarketPrompt.search_key, terms)
    return _filtered_page(index, hash_value, start=start, condition=condition, limit=limit)


def add_use(prompt_id: str) -> bool:
    """Count one use of a listed prompt; False when it is not listed."""
    return market.count(TABLES, prompt_id, "uses")


def add_fork(prompt_id: str) -> None:
    market.count(TABLES, prompt_id, "forks")


rating_key = market.rating_key


def get_vote(prompt_id: str, user_id: str) -> PromptVote | None:
    vote: PromptVote | None = market.get_vote(TABLES, prompt_id, user_id)
    return vote


def reports_by(user_id: str) -> list[PromptReport]:
    """Every report a user made, on any prompt: the `by_user` index, keys only."""
    return market.reports_by(TABLES, user_id)


def prompts_of(user_id: str) -> list[Prompt]:
    """Every prompt of a user (account deletion)."""
    return list(Prompt.query(user_id))
