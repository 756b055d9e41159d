"""Search inside messages, across a user's conversations, without a Scan.

An inverted index kept as turns are answered: one item per folded word (lower case, no accents, as
the title search folds) of each message and each answer, in the user's own partition, keyed
`<word>#<turn's time>#<conversation>#<turn>#<source>` (source `q`: the user's message, `a:<model>`:
an answer). A query reads the entries starting with its longest word (so "photo" finds
"photosynthèse"), newest first within a word, reads the texts they point to, keeps those holding
every word, and cuts a snippet around the first match with the matches marked. An entry whose text
moved on (a retried answer) or went (a deleted conversation) is dropped when met.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from webox.chat import repository
from webox.chat.errors import InvalidSearch
from webox.chat.models import ChatItem
from webox.chat.schemas import Highlight, MessageHit, MessageSearchPage, TurnOut
from webox.db import decode_cursor, encode_cursor
from webox.text import fold

MIN_WORD, MAX_WORD = 2, 40  # characters; longer words are indexed by their first 40
MAX_WORDS_PER_TEXT = 1_000  # distinct words indexed per message or answer
MAX_QUERY_WORDS = 8
READ_BUDGET = 300  # index entries read at most per request (the rest is on the next page)
SNIPPET_BEFORE, SNIPPET_LENGTH = 60, 200  # characters
INDEXED_STATUSES = frozenset({"done", "stopped"})

_WORD = re.compile(r"[^\W_]+")


def words(text: str) -> list[str]:
    """The distinct folded words of `text` worth indexing, in order of appearance."""
    found = dict.fromkeys(
        m.group()[:MAX_WORD] for m in _WORD.finditer(fold(text)) if len(m.group()) >= MIN_WORD
    )
    return list(found)[:MAX_WORDS_PER_TEXT]


def _sources(turn: TurnOut, models: Iterable[str] | None) -> list[tuple[str, str]]:
    wanted = set(models) if models is not None else None
    answers = [
        (f"a:{a.model}", a.text)
        for a in turn.answers
        if a.text and a.status in INDEXED_STATUSES and (wanted is None or a.model in wanted)
    ]
    return [("q", turn.content), *answers]


def entries_for(
    conversation_id: str, turn: TurnOut, models: Iterable[str] | None = None
) -> list[tuple[str, datetime]]:
    """The index entries of a turn's message and of its finished answers (only `models`' if given)."""
    when = turn.created_at.isoformat()
    return [
        (f"{word}#{when}#{conversation_id}#{turn.turn:05d}#{source}", turn.created_at)
        for source, text in _sources(turn, models)
        for word in words(text)
    ]


def index_turn(
    user_id: str, conversation_id: str, turn: TurnOut, models: Iterable[str] | None = None
) -> None:
    """Index a turn's message and its finished answers (only `models`' if given)."""
    repository.put_index_entries(user_id, entries_for(conversation_id, turn, models))


def answer_entries(conversation_id: str, turn: TurnOut, model: str) -> list[str]:
    """The index keys of one answer of a turn as it stands (to drop before it is answered again)."""
    when = turn.created_at.isoformat()
    text = next((a.text for a in turn.answers if a.model == model), "")
    return [f"{word}#{when}#{conversation_id}#{turn.turn:05d}#a:{model}" for word in words(text)]


def _terms(q: str) -> list[str]:
    terms = words(q)[:MAX_QUERY_WORDS]
    if not terms:
        raise InvalidSearch(f"Search for at least one word of {MIN_WORD} characters or more")
    return terms


def search(user_id: str, q: str, *, cursor: str | None, limit: int) -> MessageSearchPage:
    """The user's messages and answers holding every word of `q` (as word starts, accents and case
    ignored), with a snippet of each; paginated by `cursor`."""
    terms = _terms(q)
    driver = max(terms, key=len)
    partition = repository.words_partition(user_id)
    after = decode_cursor(cursor, owner_key=("pk", partition))
    entries = iter(repository.index_entries(user_id, driver, after=after))
    hits: list[MessageHit] = []
    seen: set[tuple[str, int, str]] = set()
    last: dict[str, Any] | None = None
    read, exhausted = 0, False
    while len(hits) < limit and read < READ_BUDGET and not exhausted:
        batch: dict[tuple[str, int, str], str] = {}
        while len(batch) < limit - len(hits) and read < READ_BUDGET:
            entry = next(entries, None)
            if entry is None:
                exhausted = True
                break
            read += 1
            last = {"pk": {"S": partition}, "sk": {"S": entry.sk}}
            where = _parse(entry.sk)
            if where is not None and where not in seen:
                seen.add(where)
                batch[where] = entry.sk
        hits += _verified(user_id, batch, terms, driver)
    next_cursor = None if exhausted or last is None else encode_cursor(last)
    return MessageSearchPage(items=hits, next_cursor=next_cursor)


def _parse(sk: str) -> tuple[str, int, str] | None:
    """(conversation, turn, source) of an index key."""
    parts = sk.split("#", 4)
    if len(parts) != 5 or not parts[3].isdigit():
        return None
    return parts[2], int(parts[3]), parts[4]


def _item_key(user_id: str, conversation_id: str, turn: int, source: str) -> tuple[str, str]:
    pk = repository.partition(user_id, conversation_id)
    if source == "q":
        return pk, repository.turn_key(turn)
    return pk, repository.answer_key(turn, source.removeprefix("a:"))


def _verified(
    user_id: str, batch: dict[tuple[str, int, str], str], terms: list[str], driver: str
) -> list[MessageHit]:
    """The entries of `batch` whose text holds every term, as hits in the batch's order; the
    entries pointing at nothing that matches any more are deleted."""
    if not batch:
        return []
    keys = {where: _item_key(user_id, *where) for where in batch}
    items = {(i.pk, i.sk): i for i in repository.get_items_by_key(keys.values())}
    titles = {
        c.conversation_id: c.title for c in repository.get_conversations(user_id, (w[0] for w in batch))
    }
    hits: list[MessageHit] = []
    stale: list[str] = []
    for where, sk in batch.items():
        item = items.get(keys[where])
        found = _hit(where, item, titles.get(where[0]), terms) if item is not None else None
        if found is None:
            if item is None or not _holds(_text(item), [driver]):
                stale.append(sk)
            continue
        hits.append(found)
    if stale:
        repository.delete_index_entries(user_id, stale)
    return hits


def _text(item: ChatItem) -> str:
    if item.kind == "turn":
        return item.content or ""
    if item.status not in INDEXED_STATUSES:
        return ""
    return repository.answer_text(item)


def _holds(text: str, terms: list[str]) -> bool:
    present = {m.group() for m in _WORD.finditer(fold(text))}
    return all(any(word.startswith(term) for word in present) for term in terms)


def _hit(
    where: tuple[str, int, str], item: ChatItem, title: str | None, terms: list[str]
) -> MessageHit | None:
    text = _text(item)
    if title is None or not _holds(text, terms):
        return None
    snippet, highlights = make_snippet(text, terms)
    conversation_id, turn, source = where
    return MessageHit(
        conversation_id=conversation_id,
        title=title,
        turn=turn,
        model=None if source == "q" else source.removeprefix("a:"),
        snippet=snippet,
        highlights=highlights,
        created_at=item.created_at,
    )


def make_snippet(text: str, terms: list[str]) -> tuple[str, list[Highlight]]:
    """A short extract of `text` around its first match, and where every match falls in it."""
    folded: list[str] = []
    origin: list[int] = []  # origin[i]: the position in `text` of folded character i
    for position, char in enumerate(text):
        part = fold(char)
        folded.append(part)
        origin += [position] * len(part)
    matches: list[tuple[int, int]] = []
    for m in _WORD.finditer("".join(folded)):
        term = max((t for t in terms if m.group().startswith(t)), key=len, default=None)
        if term is not None:
            matches.append((origin[m.start()], origin[m.start() + len(term) - 1] + 1))
    first = matches[0][0] if matches else 0
    start = max(0, first - SNIPPET_BEFORE)
    if start > 0:  # start on a word
        space = text.find(" ", start, first)
        start = space + 1 if space >= 0 else start
    end = min(len(text), start + SNIPPET_LENGTH)
    if end < len(text):  # end on a word
        space = text.rfind(" ", first, end)
        end = space if space > first else end
    lead = "…" if start > 0 else ""
    body = re.sub(r"\s", " ", text[start:end])
    marks = [
        Highlight(start=len(lead) + s - start, end=len(lead) + min(e, end) - start)
        for s, e in matches
        if s >= start and s < end
    ]
    return lead + body + ("…" if end < len(text) else ""), marks
