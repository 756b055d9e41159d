"""The prompts feature's user-data hook, declared in `feature.py` for `webox.account` (deletion of an account).
The feature itself lives in `library`, `versions`, `rendering`, `builtin`, `sharing` and
`marketplace`."""

from __future__ import annotations

from webox.prompts import marketplace, repository


def delete_user_data(user_id: str) -> int:
    """Delete every prompt of a user with its versions, share link, listing, votes and reports, then
    the user's votes (out of each listed prompt's rating) and reports on the prompts of others,
    listed or not."""
    prompts = repository.prompts_of(user_id)
    for prompt in prompts:
        repository.delete_prompt(prompt)
    for vote in repository.votes_by(user_id):
        marketplace.remove_vote(vote)
    repository.delete_reports(repository.reports_by(user_id))
    return len(prompts)
