"""Message groups of a plan: a chain shares the task's group, each branch of a fork has its own."""

from __future__ import annotations

from webox.tasks.lanes import group_id, lanes


def test_a_chain_is_one_group_named_after_the_task() -> None:
    plan = [{"id": "a"}, {"id": "b", "after": ["a"]}, {"id": "c", "after": ["b"]}]
    assert lanes(plan) == {"a": "", "b": "", "c": ""}
    assert group_id("t1", "") == "t1"


def test_branches_of_a_fork_and_their_join_each_have_a_group() -> None:
    plan = [
        {"id": "start"},
        {"id": "a", "after": ["start"]},
        {"id": "a2", "after": ["a"]},
        {"id": "b", "after": ["start"]},
        {"id": "join", "after": ["a2", "b"]},
        {"id": "end", "after": ["join"]},
    ]
    assert lanes(plan) == {"start": "", "a": "a", "a2": "a", "b": "b", "join": "join", "end": "join"}
    assert group_id("t1", "a") == "t1.a"


def test_independent_roots_run_apart() -> None:
    assert lanes([{"id": "x"}, {"id": "y"}]) == {"x": "x", "y": "y"}
