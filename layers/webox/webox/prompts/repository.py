"""Every DynamoDB call of the prompt library (see `webox.prompts.models` for the table design)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Literal

from pynamodb.exceptions import DoesNotExist, PutError, TransactWriteError, UpdateError
from pynamodb.expressions.condition import Condition
from pynamodb.expressions.update import Action
from pynamodb.indexes import GlobalSecondaryIndex, LocalSecondaryIndex
from pynamodb.models import Model
from pynamodb.pagination import ResultIterator
from pynamodb.transactions import TransactWrite

from webox.db import InvalidCursor, decode_cursor, encode_cursor, page, transaction_connection, utcnow
from webox.prompts.models import (
    LISTED,
    MarketPrompt,
    Prompt,
    PromptReport,
    PromptShare,
    PromptVersion,
    PromptVote,
)

Sort = Literal["rating", "uses", "recent"]
OPEN = "open"
UNRATED = "0000#000000000"
# A filtered Query may return short pages: how many DynamoDB pages one listing page may read.
MAX_FILTERED_READS = 20


def _conditional_failure(error: PutError | UpdateError | TransactWriteError) -> bool:
    if isinstance(error, TransactWriteError):
        return any(
            reason is not None and reason.code == "ConditionalCheckFailed"
            for reason in error.cancellation_reasons
        )
    return error.cause_response_code == "ConditionalCheckFailedException"


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


def _start(cursor: str | None, owner_key: tuple[str, str], shape: dict[str, str]) -> dict[str, Any] | None:
    """A listing's cursor, refused unless it holds exactly this listing's key attributes and types
    (a cursor from another listing or a forged one would otherwise fail inside DynamoDB)."""
    start = decode_cursor(cursor, owner_key=owner_key)
    if start is not None and {name: next(iter(value)) for name, value in start.items()} != shape:
        raise InvalidCursor("Cursor does not belong to this listing")
    return start


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
        if _conditional_failure(error):
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
    # The marketplace copy goes first: the prompt leaves every listing at once.
    MarketPrompt(prompt.prompt_id).delete()
    if prompt.share_hash:
        PromptShare(prompt.share_hash).delete()
    _delete_all(PromptVote, PromptVote.query(prompt.prompt_id, attributes_to_get=["prompt_id", "user_id"]))
    _delete_all(
        PromptReport, PromptReport.query(prompt.prompt_id, attributes_to_get=["prompt_id", "user_id"])
    )
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


# -- marketplace -------------------------------------------------------------------------------


def get_entry(prompt_id: str) -> MarketPrompt | None:
    try:
        return MarketPrompt.get(prompt_id, consistent_read=True)
    except DoesNotExist:
        return None


def entries(prompt_ids: list[str]) -> dict[str, MarketPrompt]:
    """Marketplace copies by prompt id (a batch read)."""
    if not prompt_ids:
        return {}
    return {entry.prompt_id: entry for entry in MarketPrompt.batch_get(prompt_ids)}


def publish(prompt: Prompt, author_name: str) -> bool:
    """List the prompt (creating its marketplace copy, keeping its counters if it had one);
    False when a moderator removed it."""
    now = utcnow()
    entry = MarketPrompt
    try:
        with TransactWrite(connection=transaction_connection()) as transaction:
            transaction.update(
                MarketPrompt(prompt.prompt_id),
                actions=[
                    *_content(MarketPrompt, prompt),
                    entry.owner_id.set(prompt.user_id),
                    entry.author_name.set(author_name),
                    entry.published_at.set(now),
                    entry.published_key.set(now.isoformat()),
                    entry.listed.set(LISTED),
                    entry.listed_category.set(prompt.category),
                    entry.rating_sum.set(entry.rating_sum | 0),
                    entry.rating_count.set(entry.rating_count | 0),
                    entry.rating_avg.set(entry.rating_avg | 0),
                    entry.rating_key.set(entry.rating_key | UNRATED),
                    entry.uses.set(entry.uses | 0),
                    entry.forks.set(entry.forks | 0),
                ],
                condition=entry.moderated_at.does_not_exist(),
            )
            transaction.update(
                Prompt(prompt.user_id, prompt.prompt_id),
                actions=[Prompt.published.set(True)],
                condition=Prompt.prompt_id.exists(),
            )
    except TransactWriteError as error:
        if _conditional_failure(error):
            return False
        raise
    return True


def unlist(prompt_id: str, owner_id: str, *, moderation_reason: str | None = None) -> bool:
    """Take a prompt out of the marketplace (counters kept); a moderator's removal is remembered.
    False when it had no marketplace copy."""
    actions: list[Action] = [MarketPrompt.listed.remove(), MarketPrompt.listed_category.remove()]
    prompt_actions: list[Action] = [Prompt.published.set(False)]
    if moderation_reason is not None:
        actions += [
            MarketPrompt.moderated_at.set(utcnow()),
            MarketPrompt.moderation_reason.set(moderation_reason),
        ]
        prompt_actions.append(Prompt.moderated.set(True))
    try:
        with TransactWrite(connection=transaction_connection()) as transaction:
            transaction.update(
                MarketPrompt(prompt_id), actions=actions, condition=MarketPrompt.prompt_id.exists()
            )
            transaction.update(
                Prompt(owner_id, prompt_id), actions=prompt_actions, condition=Prompt.prompt_id.exists()
            )
    except TransactWriteError as error:
        if _conditional_failure(error):
            return False
        raise
    return True


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
    try:
        MarketPrompt(prompt_id).update(
            actions=[MarketPrompt.uses.add(1)], condition=MarketPrompt.listed.exists()
        )
    except UpdateError as error:
        if _conditional_failure(error):
            return False
        raise
    return True


def add_fork(prompt_id: str) -> None:
    try:
        MarketPrompt(prompt_id).update(
            actions=[MarketPrompt.forks.add(1)], condition=MarketPrompt.listed.exists()
        )
    except UpdateError as error:
        if not _conditional_failure(error):
            raise


def rating_key(average: float, count: int) -> str:
    return f"{round(average * 1000):04d}#{count:09d}"


def get_vote(prompt_id: str, user_id: str) -> PromptVote | None:
    try:
        return PromptVote.get(prompt_id, user_id, consistent_read=True)
    except DoesNotExist:
        return None


def rate(entry: MarketPrompt, user_id: str, stars: int, previous: int | None) -> tuple[float, int] | None:
    """Record the user's vote and move the entry's sum, count and average with it, in one
    transaction conditioned on what was read (the vote and the totals); None when either changed
    meanwhile (read again and retry). Returns the new (average, count)."""
    old_sum, old_count = int(entry.rating_sum or 0), int(entry.rating_count or 0)
    new_sum = old_sum - (previous or 0) + stars
    new_count = old_count + (0 if previous is not None else 1)
    average = round(new_sum / new_count, 4)
    vote = PromptVote(entry.prompt_id, user_id, stars=stars, updated_at=utcnow())
    try:
        with TransactWrite(connection=transaction_connection()) as transaction:
            transaction.save(
                vote,
                condition=PromptVote.user_id.does_not_exist()
                if previous is None
                else PromptVote.stars == previous,
            )
            transaction.update(
                MarketPrompt(entry.prompt_id),
                actions=[
                    MarketPrompt.rating_sum.add(new_sum - old_sum),
                    MarketPrompt.rating_count.add(new_count - old_count),
                    MarketPrompt.rating_avg.set(average),
                    MarketPrompt.rating_key.set(rating_key(average, new_count)),
                ],
                condition=(MarketPrompt.rating_sum == old_sum)
                & (MarketPrompt.rating_count == old_count)
                & MarketPrompt.listed.exists(),
            )
    except TransactWriteError as error:
        if _conditional_failure(error):
            return None
        raise
    return average, new_count


def votes_by(user_id: str) -> list[PromptVote]:
    """Every vote of a user, on any prompt (listed or not): the `by_user` index, keys only."""
    return list(PromptVote.by_user.query(user_id))


def reports_by(user_id: str) -> list[PromptReport]:
    """Every report a user made, on any prompt: the `by_user` index, keys only."""
    return list(PromptReport.by_user.query(user_id))


def delete_reports(reports: list[PromptReport]) -> None:
    _delete_all(PromptReport, reports)


def delete_votes(votes: list[PromptVote]) -> None:
    _delete_all(PromptVote, votes)


def remove_vote(entry: MarketPrompt, vote: PromptVote) -> bool:
    """Delete a vote and take it out of the entry's sum, count and average, in one transaction
    conditioned on what was read (as `rate`); False when either changed meanwhile (read again)."""
    old_sum, old_count = int(entry.rating_sum or 0), int(entry.rating_count or 0)
    stars = int(vote.stars)
    new_sum, new_count = old_sum - stars, max(old_count - 1, 0)
    average = round(new_sum / new_count, 4) if new_count else 0
    try:
        with TransactWrite(connection=transaction_connection()) as transaction:
            transaction.delete(PromptVote(vote.prompt_id, vote.user_id), condition=PromptVote.stars == stars)
            transaction.update(
                MarketPrompt(entry.prompt_id),
                actions=[
                    MarketPrompt.rating_sum.add(new_sum - old_sum),
                    MarketPrompt.rating_count.add(new_count - old_count),
                    MarketPrompt.rating_avg.set(average),
                    MarketPrompt.rating_key.set(rating_key(average, new_count)),
                ],
                condition=(MarketPrompt.rating_sum == old_sum)
                & (MarketPrompt.rating_count == old_count)
                & MarketPrompt.prompt_id.exists(),
            )
    except TransactWriteError as error:
        if _conditional_failure(error):
            return False
        raise
    return True


# -- reports -----------------------------------------------------------------------------------


def add_report(report: PromptReport) -> bool:
    """Store a report; False when this user already reported this prompt."""
    report.queue = OPEN
    try:
        report.save(condition=PromptReport.user_id.does_not_exist())
    except PutError as error:
        if _conditional_failure(error):
            return False
        raise
    return True


def open_reports(*, cursor: str | None, limit: int) -> tuple[list[PromptReport], str | None]:
    """Reports awaiting an administrator, newest first."""
    shape = {"prompt_id": "S", "user_id": "S", "queue": "S", "created_key": "S"}
    start = _start(cursor, ("queue", OPEN), shape)
    results = PromptReport.open_reports.query(
        OPEN, scan_index_forward=False, last_evaluated_key=start, limit=limit, page_size=limit
    )
    return page(results, limit)


def resolve_reports(prompt_id: str) -> None:
    """Close every open report of a prompt (a moderator acted on it)."""
    for report in PromptReport.query(prompt_id, filter_condition=PromptReport.queue.exists()):
        report.update(actions=[PromptReport.queue.remove(), PromptReport.status.set("resolved")])


def prompts_of(user_id: str) -> list[Prompt]:
    """Every prompt of a user (account deletion)."""
    return list(Prompt.query(user_id))
