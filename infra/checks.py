"""The manifest checked before anything is built: a mistake fails synth with a sentence, not a
CloudFormation error twenty minutes into a deploy."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from webox import manifest

# AWS's advice: a queue's visibility timeout at least six times its consumer's timeout plus its batching
# window, so a message is not delivered again while a slow invocation still works on it.
VISIBILITY_FACTOR = 6


def _unknown(kind: str, owner: str, wanted: Iterable[str], known: Iterable[str]) -> list[str]:
    known = set(known)
    return [f"{owner}: unknown {kind} {name!r}" for name in wanted if name not in known]


def problems(table_names: Iterable[str]) -> list[str]:
    """Everything wrong with the manifest, as sentences (empty when it can be built)."""
    tables, found = set(table_names), []
    names = Counter(f.name for f in manifest.FUNCTIONS)
    found += [f"function {name!r} is declared {n} times" for name, n in names.items() if n > 1]
    queues = {q.name: q for q in manifest.QUEUES}
    for f in manifest.FUNCTIONS:
        found += _unknown("table", f.name, f.tables, tables)
        found += _unknown("bucket", f.name, f.buckets, manifest.BUCKETS)
        found += _unknown("bucket (of bucket_keys)", f.name, f.bucket_keys, f.buckets)
        found += _unknown("secret", f.name, f.secrets, (s.name for s in manifest.SECRETS))
        found += _unknown("queue", f.name, [*f.sends_to, *([f.queue] if f.queue else [])], queues)
        queue = queues.get(f.queue or "")
        if queue and queue.visibility_timeout_s < VISIBILITY_FACTOR * f.timeout_s + f.batch_window_s:
            found.append(
                f"queue {queue.name!r}: visibility timeout {queue.visibility_timeout_s} s is under "
                f"{VISIBILITY_FACTOR}x the timeout of {f.name} ({f.timeout_s} s) plus its batching window"
            )
    from infra.constructs.workflows import placeholders  # the one place that parses definitions

    for machine in manifest.STATE_MACHINES:
        owner = f"state machine {machine.name!r}"
        found += _unknown("function", owner, [*placeholders(machine.definition), *machine.started_by], names)
    schedules = Counter(s.name for f in manifest.FUNCTIONS for s in f.schedules)
    found += [f"schedule {name!r} is declared {n} times" for name, n in schedules.items() if n > 1]
    return found


def check(table_names: Iterable[str]) -> None:
    """Raise ValueError listing every problem of the manifest."""
    found = problems(table_names)
    if found:
        raise ValueError("webox.manifest cannot be built:\n  " + "\n  ".join(found))
