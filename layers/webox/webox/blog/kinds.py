"""The blog's step kind on the task engine: `blog.publish`, the last step of a scheduled publication
(after a `wait` until the date). It hands the post to the blog's renderer queue exactly once."""

from __future__ import annotations

from webox import queue
from webox.blog.jobs import QUEUE, BlogJob
from webox.tasks.errors import StepFailed
from webox.tasks.kinds import StepContext, StepResult, register


def publish(ctx: StepContext) -> StepResult:
    """Ask the renderer to publish the post (it checks the post still waits for this task)."""
    post_id = ctx.input.get("post_id")
    if not isinstance(post_id, str):
        raise StepFailed("blog.invalid_input", "blog.publish needs a post_id")
    job = BlogJob(type="publish", post_id=post_id, task_id=ctx.task_id)
    message_id = ctx.once("publish", lambda: queue.send(QUEUE, job))
    return StepResult(output={"post_id": post_id, "message_id": message_id})


register("blog.publish", publish)
