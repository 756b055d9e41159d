"""`post.published` reaches the author's outgoing webhook when a post goes live."""

from __future__ import annotations

import json
from collections.abc import Callable

from tests.accounts import Account
from tests.automations.conftest import Receiver, receiver  # noqa: F401 - the fixture
from tests.automations.test_webhooks import subscribe, verify_standard
from tests.blog.conftest import publish, write
from tests.waiting import wait_for


def test_a_published_post_is_delivered_to_the_webhook(
    create_editor: Callable[..., Account],
    receiver: Receiver,  # noqa: F811
) -> None:
    editor = create_editor()
    hook = subscribe(editor, receiver.url, ["post.published"])
    post = write(editor)
    publish(editor, post["id"])
    wait_for(lambda: receiver.requests, what="the post.published delivery")
    headers, body = receiver.requests[0]
    assert verify_standard(hook["secret"], headers, body)
    payload = json.loads(body)
    assert payload["type"] == "post.published"
    assert payload["data"]["post_id"] == post["id"] and payload["data"]["title"] == post["title"]
