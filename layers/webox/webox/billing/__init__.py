"""Plans, quotas and subscriptions (Stripe)."""
