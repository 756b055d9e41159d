"""What each model is sent, without the local host: the conversation so far as that model should see it."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Literal

import pytest
from webox.chat import versions
from webox.chat.errors import TurnNotFound
from webox.chat.history import messages_for
from webox.chat.schemas import AnswerOut, ChatParams, TurnOut

NOW = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
Status = Literal["pending", "streaming", "done", "error", "stopped"]


def answer(model: str, text: str, status: Status = "done") -> AnswerOut:
    return AnswerOut(model=model, status=status, text=text)


def turn(
    n: int,
    content: str,
    answers: list[AnswerOut],
    *,
    chosen: str | None = None,
    parent: int | None = None,
    **params: object,
) -> TurnOut:
    """Turn `n`, following turn `n - 1` unless `parent` says otherwise (0: the first message)."""
    return TurnOut(
        turn=n,
        parent=(n - 1 if parent is None else parent) or None,
        request_id=f"r{n}",
        content=content,
        models=[a.model for a in answers],
        params=ChatParams.model_validate(params),
        chosen_model=chosen,
        created_at=NOW,
        answers=answers,
    )


def sent(turns: list[TurnOut], n: int, model: str) -> list[tuple[str, str]]:
    messages, _params = messages_for(turns, n, model)
    return [(m.role, m.content) for m in messages]


class TestHistory:
    def test_a_model_continues_from_its_own_answers(self) -> None:
        turns = [
            turn(1, "Bonjour", [answer("gpt-4o", "Salut (gpt)"), answer("mistral-small", "Salut (mistral)")]),
            turn(2, "Et ensuite ?", [answer("gpt-4o", ""), answer("mistral-small", "")]),
        ]
        assert sent(turns, 2, "mistral-small") == [
            ("user", "Bonjour"),
            ("assistant", "Salut (mistral)"),
            ("user", "Et ensuite ?"),
        ]
        assert sent(turns, 2, "gpt-4o")[1] == ("assistant", "Salut (gpt)")

    def test_the_picked_answer_is_what_every_model_sees(self) -> None:
        turns = [
            turn(1, "Un", [answer("gpt-4o", "A"), answer("mistral-small", "B")], chosen="gpt-4o"),
            turn(2, "Deux", [answer("mistral-small", "")]),
        ]
        assert sent(turns, 2, "mistral-small")[1] == ("assistant", "A")

    def test_a_model_new_to_the_conversation_gets_the_first_finished_answer(self) -> None:
        turns = [
            turn(
                1, "Un", [answer("gpt-4o", "", "error"), answer("mistral-small", "B"), answer("claude", "C")]
            ),
            turn(2, "Deux", [answer("gemini", "")]),
        ]
        assert sent(turns, 2, "gemini")[1] == ("assistant", "B")

    def test_a_failed_stopped_or_empty_answer_is_never_sent_as_the_reply(self) -> None:
        turns = [
            turn(1, "Un", [answer("gpt-4o", "à moitié", "stopped"), answer("mistral-small", "B")]),
            turn(2, "Deux", [answer("gpt-4o", "")]),
        ]
        assert sent(turns, 2, "gpt-4o")[1] == ("assistant", "B")

    def test_a_turn_nobody_answered_is_left_out(self) -> None:
        turns = [
            turn(1, "Perdu", [answer("gpt-4o", "", "error")]),
            turn(2, "Un", [answer("gpt-4o", "A")]),
            turn(3, "Deux", [answer("gpt-4o", "")]),
        ]
        assert sent(turns, 3, "gpt-4o") == [("user", "Un"), ("assistant", "A"), ("user", "Deux")]

    def test_later_turns_are_never_sent_and_the_turn_keeps_its_own_settings(self) -> None:
        turns = [
            turn(1, "Un", [answer("gpt-4o", "A")], temperature=0.1),
            turn(2, "Deux", [answer("gpt-4o", "B")], system="Réponds en anglais", max_tokens=50),
            turn(3, "Trois", [answer("gpt-4o", "C")]),
        ]
        messages, params = messages_for(turns, 2, "gpt-4o")
        assert [m.content for m in messages] == ["Un", "A", "Deux"]
        assert params == ChatParams(system="Réponds en anglais", max_tokens=50)

    def test_an_unknown_turn_is_not_found(self) -> None:
        with pytest.raises(TurnNotFound):
            messages_for([turn(1, "Un", [answer("gpt-4o", "A")])], 2, "gpt-4o")


class TestBranches:
    """An edited message is another version of it: each branch has its own history."""

    def test_a_new_version_of_a_message_is_sent_its_branch_not_the_old_one(self) -> None:
        # Given: 1 → 2 → 3, then turn 2 edited as turn 4 (same parent: turn 1), answered on in turn 5
        turns = [
            turn(1, "Un", [answer("gpt-4o", "A")]),
            turn(2, "Deux", [answer("gpt-4o", "B")]),
            turn(3, "Trois", [answer("gpt-4o", "C")]),
            turn(4, "Deux, autrement", [answer("gpt-4o", "B'")], parent=1),
            turn(5, "Cinq", [answer("gpt-4o", "")], parent=4),
        ]
        assert [c for _role, c in sent(turns, 5, "gpt-4o")] == ["Un", "A", "Deux, autrement", "B'", "Cinq"]
        assert [c for _role, c in sent(turns, 4, "gpt-4o")] == ["Un", "A", "Deux, autrement"]
        # The old branch is untouched.
        assert [c for _role, c in sent(turns, 3, "gpt-4o")] == ["Un", "A", "Deux", "B", "Trois"]

    def test_a_new_version_of_the_first_message_starts_from_nothing(self) -> None:
        turns = [
            turn(1, "Un", [answer("gpt-4o", "A")]),
            turn(2, "Un, mieux dit", [answer("gpt-4o", "")], parent=0),
        ]
        assert sent(turns, 2, "gpt-4o") == [("user", "Un, mieux dit")]


class TestVersions:
    def test_versions_paths_and_the_newest_branch(self) -> None:
        tree = {1: 0, 2: 1, 3: 2, 4: 1, 5: 4, 6: 0}
        assert versions.versions(tree, 2) == [2, 4]
        assert versions.versions(tree, 1) == [1, 6]
        assert versions.path_to(tree, 5) == [1, 4, 5]
        assert versions.latest_leaf(tree, 2) == 3
        assert versions.latest_leaf(tree, 1) == 5  # turn 1's newest reply is 4, then 5
        assert versions.shown_leaf(tree, None) == 6 and versions.shown_leaf(tree, 3) == 3
        # Turns stored before branching existed follow the one numbered before them.
        assert versions.parent_of(3, None) == 2 and versions.parent_of(3, 0) == 0
