"""How a comment is judged: the moderation model (OpenAI's moderations endpoint, through its SDK)
scores abuse, and spam signals it does not look for (links, sales pitches, contact baits, shouting)
score spam. The higher of the two decides: approve, hold for an editor, or reject."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any, Literal

from webox.blog.config import get_blog_settings
from webox.logging import get_logger

Decision = Literal["approved", "held", "rejected"]
_LINK = re.compile(r"(https?://|www\.)\S+|\b[\w-]+\.(?:com|net|org|info|biz|xyz|top|shop|io|ru|fr)\b", re.I)
_CONTACT = re.compile(r"whats\s?app|telegram|t\.me/|wa\.me/|\+\d[\d .-]{7,}\d|[\w.+-]+@[\w-]+\.\w{2,}", re.I)
_PITCH = re.compile(
    r"casino|viagra|cialis|crypto|bitcoin|btc|forex|loan|prêt rapide|crédit rapide|backlinks?|seo services?|"
    r"followers|buy now|achetez|click here|cliquez ici|free money|argent facile|make money|gagnez|gagner \d|"
    r"earn \$|\$\d+|\d+ ?€ par jour|per day|par jour|work from home|travail à domicile|discount|promo code|"
    r"code promo|limited offer|offre limitée|visit my|visitez mon|check out my|my website|mon site|dm me|"
    r"investment|investissement garanti|guaranteed|garanti|cheap|pas cher|replica|weight loss|perte de poids|"
    r"onlyfans|dating|rencontres? (?:coquines|sexy)|bet|paris sportifs",
    re.I,
)


@dataclass(frozen=True)
class Verdict:
    decision: Decision
    score: float
    reasons: list[str]


def spam_signals(text: str) -> tuple[float, list[str]]:
    """A spam score (0–1) and what raised it."""
    score, reasons = 0.0, []
    links = len(_LINK.findall(text))
    if links:
        score += 0.4 if links == 1 else 0.6
        reasons.append("links")
    pitches = len(_PITCH.findall(text))
    if pitches:
        score += min(0.7, 0.45 * pitches)
        reasons.append("sales_pitch")
    if _CONTACT.search(text):
        score += 0.45
        reasons.append("contact_bait")
    letters = [c for c in text if c.isalpha()]
    if len(letters) >= 12 and sum(c.isupper() for c in letters) / len(letters) > 0.6:
        score += 0.3
        reasons.append("shouting")
    if re.search(r"([!?$€])\1{2,}", text):
        score += 0.15
        reasons.append("punctuation")
    return min(1.0, score), reasons


@cache
def _client() -> Any:
    from openai import OpenAI

    from webox.providers import service as providers

    credentials = providers.resolve_credentials("openai")
    return OpenAI(
        api_key=credentials.api_key.get_secret_value(),
        base_url=credentials.base_url,
        max_retries=2,
        timeout=10,
    )


def abuse_score(text: str) -> tuple[float, list[str]]:
    """The moderation model's highest category score and the categories it flagged."""
    result = _client().moderations.create(model=get_blog_settings().moderation_model, input=text).results[0]
    scores = result.category_scores.model_dump(by_alias=True)
    flagged = sorted(name for name, hit in result.categories.model_dump(by_alias=True).items() if hit)
    return max((float(v) for v in scores.values() if v is not None), default=0.0), flagged


def judge(text: str) -> Verdict:
    """Approve, hold or reject a comment. A moderation model that cannot answer holds it for review."""
    settings = get_blog_settings()
    spam, reasons = spam_signals(text)
    try:
        abuse, flagged = abuse_score(text)
    except Exception:  # the vendor is down or refuses: a person decides instead
        get_logger().exception("moderation model failed")
        abuse, flagged = settings.hold_from, ["moderation_unavailable"]
    score = max(spam, abuse)
    decision: Decision = (
        "rejected" if score >= settings.reject_from else "held" if score >= settings.hold_from else "approved"
    )
    return Verdict(decision, round(score, 3), reasons + flagged)


def forget_client() -> None:
    """Tests point the SDK at a new simulator."""
    _client.cache_clear()
