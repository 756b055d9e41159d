"""Billing: plans, Stripe Checkout and portal, invoices, the signed webhook."""
