"""A conversation as a tree of turns: editing a message (or regenerating its answers) stores a new
turn with the same parent, a *version* of that message, and the conversation shows one branch.

Pure functions over `{turn: parent}` (parent 0: the first message), so the history a model is sent
and the turns the user sees follow the same branch.
"""

from __future__ import annotations

from collections.abc import Mapping

Tree = Mapping[int, int]


def parent_of(turn: int, stored_parent: float | None) -> int:
    """A turn's parent: as stored, or for a turn stored before branching existed, the one before it."""
    return int(stored_parent) if stored_parent is not None else turn - 1


def path_to(tree: Tree, turn: int) -> list[int]:
    """The turns from the first message down to `turn`, in order (empty when `turn` is unknown)."""
    path: list[int] = []
    seen: set[int] = set()
    current = turn
    while current in tree and current not in seen:
        seen.add(current)
        path.append(current)
        current = tree[current]
    return path[::-1]


def versions(tree: Tree, turn: int) -> list[int]:
    """Every version of `turn`'s message (the turns sharing its parent), oldest first."""
    if turn not in tree:
        return []
    return sorted(t for t, parent in tree.items() if parent == tree[turn])


def latest_leaf(tree: Tree, turn: int) -> int:
    """The end of the branch through `turn`, following its newest reply at each step."""
    children: dict[int, int] = {}
    for t, parent in tree.items():
        children[parent] = max(children.get(parent, 0), t)
    current = turn
    while current in children and children[current] > current:
        current = children[current]
    return current


def shown_leaf(tree: Tree, stored_leaf: float | None) -> int:
    """The last turn of the branch shown: the stored one, or the newest turn."""
    if stored_leaf is not None and int(stored_leaf) in tree:
        return int(stored_leaf)
    return max(tree, default=0)
