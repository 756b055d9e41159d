"""The prompts feature's user-data hook, declared in `feature.py` for `webox.account` (deletion of an account).
The feature itself lives in `library`, `versions`, `rendering`, `builtin`, `sharing` and
`marketplace`."""

from __future__ import annotations

from webox.marketplace import service as market
from webox.prompts import marketplace, repository


def delete_user_data(user_id: str) -> int:
    """Delete every prompt of a user with its versions, share link, listing, votes and reports, then
    the user's votes (out of each listed prompt's rating) and reports on the prompts of others,
    listed or not."""
    prompts = repository.prompts_of(user_id)
    for prompt in prompts:
        repository.delete_prompt(prompt)
    market.forget_user(marketplace.MARKET, user_id)
    return len(prompts)
