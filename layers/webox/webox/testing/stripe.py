"""A fake Stripe API for the official `stripe` SDK (tests and `webox dev`), with hosted pages.

It speaks Stripe's wire protocol: form-encoded POSTs with bracketed keys (`line_items[0][price]`),
Bearer API keys, JSON objects with `id`/`object`, list objects, and `{"error": {...}}` failures.
Covered: customers, checkout sessions, billing portal sessions, subscriptions (retrieve, list,
update, cancel) and invoices (list, retrieve).

Its hosted checkout page has a "Payer" button: paying creates the subscription and a paid invoice,
posts signed `checkout.session.completed`, `invoice.paid` and `customer.subscription.updated`
webhooks (`Stripe-Signature: t=…,v1=…`, HMAC-SHA256 as Stripe signs) to the platform's
`/api/billing/webhook`, then redirects to the session's `success_url`. The portal page cancels at the
period's end. Start it with `serve(create_app(...))` and point the SDK at its URL.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import html
import json
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl

import httpx
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Route

from webox.testing.simulation import FAULT_HEADER, Behaviour

PERIOD_S = 30 * 86400
KINDS = ("customers", "checkout/sessions", "billing_portal/sessions", "subscriptions", "invoices")
_MINIMAL_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj "
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 300 144]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


def sign(payload: bytes, secret: str, timestamp: int | None = None) -> str:
    """A `Stripe-Signature` header value for `payload`, as Stripe computes it."""
    timestamp = timestamp or int(time.time())
    mac = hmac.new(secret.encode(), f"{timestamp}.".encode() + payload, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={mac}"


def _unflatten(pairs: list[tuple[str, str]]) -> dict[str, Any]:
    """`a[b][0][c]=v` form fields → nested dicts (numeric keys become list positions)."""
    root: dict[str, Any] = {}
    for key, value in pairs:
        parts = key.replace("]", "").split("[")
        node: Any = root
        for part in parts[:-1]:
            node = node.setdefault(part, {})
        node[parts[-1]] = value

    def lists(node: Any) -> Any:
        if isinstance(node, dict):
            if node and all(k.isdigit() for k in node):
                return [lists(node[k]) for k in sorted(node, key=int)]
            return {k: lists(v) for k, v in node.items()}
        return node

    result: dict[str, Any] = lists(root)
    return result


@dataclass
class StripeState:
    """What the fake holds; tests read it (`deliveries`: every webhook posted and its status)."""

    api_key: str
    webhook_secret: str
    prices: dict[str, int]  # price id → monthly amount in cents
    webhook_url: Callable[[], str]
    currencies: dict[str, str] = field(default_factory=dict)  # price id → currency (absent: usd)
    objects: dict[str, dict[str, Any]] = field(default_factory=dict)
    deliveries: list[tuple[str, int]] = field(default_factory=list)
    invoice_number: int = 0

    def new_id(self, prefix: str) -> str:
        return f"{prefix}_test_{secrets.token_hex(12)}"


def _error(
    status: int, message: str, kind: str = "invalid_request_error", param: str | None = None
) -> Response:
    return JSONResponse({"error": {"type": kind, "message": message, "param": param}}, status_code=status)


def _list(url: str, data: list[dict[str, Any]]) -> dict[str, Any]:
    return {"object": "list", "url": url, "has_more": False, "data": data}


def create_app(
    *,
    api_key: str,
    webhook_secret: str,
    prices: dict[str, int],
    webhook_url: Callable[[], str],
    currencies: dict[str, str] | None = None,
) -> Starlette:
    """The fake; `webhook_url()` says where the platform receives webhooks (read at each delivery),
    `currencies` each price's currency (dollars when absent)."""
    state = StripeState(api_key, webhook_secret, prices, webhook_url, currencies or {})
    behaviour = Behaviour()  # faults injected into the API (not the hosted pages)

    async def form(request: Request) -> dict[str, Any]:
        return _unflatten(parse_qsl((await request.body()).decode(), keep_blank_values=True))

    def authorized(request: Request) -> bool:
        return request.headers.get("authorization", "") == f"Bearer {state.api_key}"

    def get(kind: str, object_id: str) -> dict[str, Any] | None:
        found = state.objects.get(object_id)
        return found if found is not None and found["object"] == kind else None

    async def deliver(event_type: str, obj: dict[str, Any]) -> None:
        event = {
            "id": state.new_id("evt"),
            "object": "event",
            "api_version": "2025-03-31.basil",
            "created": int(time.time()),
            "livemode": False,
            "pending_webhooks": 1,
            "type": event_type,
            "data": {"object": obj},
        }
        payload = json.dumps(event).encode()
        async with httpx.AsyncClient(timeout=30) as client:
            response = await client.post(
                state.webhook_url(),
                content=payload,
                headers={
                    "Stripe-Signature": sign(payload, state.webhook_secret),
                    "Content-Type": "application/json",
                },
            )
        state.deliveries.append((event_type, response.status_code))

    # -- API --------------------------------------------------------------------------------------

    def api(kind: str) -> Callable[[Request], Any]:
        async def endpoint(request: Request) -> Response:
            if not authorized(request):
                return _error(401, "Invalid API Key provided")
            fault = behaviour.next_fault(request.headers.get(FAULT_HEADER))
            if fault in ("500", "timeout", "malformed", "cut"):
                return _error(500, "An unknown error occurred", "api_error")
            if fault == "429":
                return _error(429, "Too many requests hit the API too quickly.", "rate_limit_error")
            if fault == "401":
                return _error(401, "Invalid API Key provided")
            object_id, method = request.path_params.get("id"), request.method
            body = await form(request) if method == "POST" else dict(request.query_params)
            handler = ROUTES.get((method, kind, object_id is not None))
            if handler is None:
                return _error(404, f"Unrecognized request URL ({method}: {request.url.path})")
            result: Response = await handler(request, body, object_id)
            return result

        return endpoint

    async def create_customer(request: Request, body: dict[str, Any], _id: str | None) -> Response:
        customer_id = state.new_id("cus")
        customer: dict[str, Any] = {
            "id": customer_id,
            "object": "customer",
            "email": body.get("email"),
            "name": body.get("name"),
            "metadata": body.get("metadata") or {},
            "created": int(time.time()),
        }
        state.objects[customer_id] = customer
        return JSONResponse(customer)

    async def retrieve(kind: str, object_id: str | None) -> Response:
        found = get(kind, object_id or "")
        if found is None:
            return _error(404, f"No such {kind}: '{object_id}'", param="id")
        return JSONResponse(found)

    async def create_checkout(request: Request, body: dict[str, Any], _id: str | None) -> Response:
        items = body.get("line_items") or []
        if body.get("mode") != "subscription" or len(items) != 1:
            return _error(400, "Only one-item subscription sessions are simulated", param="mode")
        price = items[0].get("price")
        if price not in state.prices:
            return _error(400, f"No such price: '{price}'", param="line_items[0][price]")
        if not body.get("success_url"):
            return _error(400, "Missing required param: success_url.", param="success_url")
        customer = body.get("customer")
        if not customer or get("customer", customer) is None:
            return _error(400, f"No such customer: '{customer}'", param="customer")
        session_id = state.new_id("cs")
        session = {
            "id": session_id,
            "object": "checkout.session",
            "mode": "subscription",
            "status": "open",
            "payment_status": "unpaid",
            "customer": customer,
            "client_reference_id": body.get("client_reference_id"),
            "metadata": body.get("metadata") or {},
            "success_url": body["success_url"],
            "cancel_url": body.get("cancel_url"),
            "subscription": None,
            "amount_total": state.prices[price],
            "currency": state.currencies.get(price, "usd"),
            "url": f"{str(request.base_url).rstrip('/')}/checkout/{session_id}",
            "_price": price,
            "_subscription_metadata": (body.get("subscription_data") or {}).get("metadata") or {},
        }
        state.objects[session_id] = session
        return JSONResponse(_public(session))

    async def create_portal(request: Request, body: dict[str, Any], _id: str | None) -> Response:
        customer = body.get("customer")
        if not customer or get("customer", customer) is None:
            return _error(400, f"No such customer: '{customer}'", param="customer")
        portal_id = state.new_id("bps")
        portal = {
            "id": portal_id,
            "object": "billing_portal.session",
            "customer": customer,
            "return_url": body.get("return_url"),
            "url": f"{str(request.base_url).rstrip('/')}/portal/{portal_id}",
        }
        state.objects[portal_id] = portal
        return JSONResponse(portal)

    async def list_of(kind: str, url: str, body: dict[str, Any]) -> Response:
        customer = body.get("customer")
        found = [
            o
            for o in state.objects.values()
            if o["object"] == kind and (not customer or o["customer"] == customer)
        ]
        found.sort(key=lambda o: o["created"], reverse=True)
        return JSONResponse(_list(url, [_public(o) for o in found[: int(body.get("limit") or 10)]]))

    async def update_subscription(request: Request, body: dict[str, Any], object_id: str | None) -> Response:
        sub = get("subscription", object_id or "")
        if sub is None:
            return _error(404, f"No such subscription: '{object_id}'", param="id")
        if "cancel_at_period_end" in body:
            sub["cancel_at_period_end"] = body["cancel_at_period_end"] == "true"
        asyncio.get_running_loop().create_task(deliver("customer.subscription.updated", sub))
        return JSONResponse(sub)

    async def cancel_subscription(request: Request, body: dict[str, Any], object_id: str | None) -> Response:
        sub = get("subscription", object_id or "")
        if sub is None:
            return _error(404, f"No such subscription: '{object_id}'", param="id")
        sub["status"] = "canceled"
        asyncio.get_running_loop().create_task(deliver("customer.subscription.deleted", sub))
        return JSONResponse(sub)

    ROUTES: dict[tuple[str, str, bool], Callable[..., Any]] = {
        ("POST", "customers", False): create_customer,
        ("GET", "customers", True): lambda r, b, i: retrieve("customer", i),
        ("POST", "checkout/sessions", False): create_checkout,
        ("GET", "checkout/sessions", True): lambda r, b, i: retrieve("checkout.session", i),
        ("POST", "billing_portal/sessions", False): create_portal,
        ("GET", "subscriptions", True): lambda r, b, i: retrieve("subscription", i),
        ("GET", "subscriptions", False): lambda r, b, i: list_of("subscription", "/v1/subscriptions", b),
        ("POST", "subscriptions", True): update_subscription,
        ("DELETE", "subscriptions", True): cancel_subscription,
        ("GET", "invoices", True): lambda r, b, i: retrieve("invoice", i),
        ("GET", "invoices", False): lambda r, b, i: list_of("invoice", "/v1/invoices", b),
    }

    # -- hosted pages -----------------------------------------------------------------------------

    def page(title: str, body: str) -> HTMLResponse:
        return HTMLResponse(
            "<!doctype html><html lang='fr'><head><meta charset='utf-8'>"
            "<meta name='viewport' content='width=device-width, initial-scale=1'>"
            f"<title>{html.escape(title)}</title><style>body{{font-family:system-ui;max-width:28rem;"
            "margin:3rem auto;padding:0 1rem}button{font-size:1rem;padding:.6rem 1.4rem}</style></head>"
            f"<body><p><strong>Stripe (simulé)</strong></p>{body}</body></html>"
        )

    async def checkout_page(request: Request) -> Response:
        session = get("checkout.session", request.path_params["id"])
        if session is None:
            return page("Introuvable", "<p>Cette session de paiement n'existe pas.</p>")
        if session["status"] != "open":
            return RedirectResponse(session["success_url"], status_code=303)
        amount = session["amount_total"] / 100
        cancel = html.escape(session.get("cancel_url") or "/")
        return page(
            "Paiement",
            f"<h1>Abonnement {html.escape(session['_price'])}</h1><p>{amount:.2f} {session['currency'].upper()} / mois</p>"
            f"<form method='post' action='/checkout/{html.escape(session['id'])}/pay'>"
            "<p>Carte de test : 4242 4242 4242 4242</p><button type='submit'>Payer</button></form>"
            f"<p><a href='{cancel}'>Annuler</a></p>",
        )

    async def pay(request: Request) -> Response:
        session = get("checkout.session", request.path_params["id"])
        if session is None or session["status"] != "open":
            return _error(404, "No such open checkout session")
        now = int(time.time())
        price = session["_price"]
        sub = {
            "id": state.new_id("sub"),
            "object": "subscription",
            "customer": session["customer"],
            "status": "active",
            "cancel_at_period_end": False,
            "created": now,
            "current_period_start": now,
            "current_period_end": now + PERIOD_S,
            "metadata": session["_subscription_metadata"],
            "items": _list(
                "/v1/subscription_items",
                [
                    {
                        "id": state.new_id("si"),
                        "object": "subscription_item",
                        "quantity": 1,
                        "current_period_end": now + PERIOD_S,
                        "price": {
                            "id": price,
                            "object": "price",
                            "currency": state.currencies.get(price, "usd"),
                            "unit_amount": state.prices[price],
                            "recurring": {"interval": "month"},
                        },
                    }
                ],
            ),
        }
        state.invoice_number += 1
        invoice_id = state.new_id("in")
        base = str(request.base_url).rstrip("/")
        invoice = {
            "id": invoice_id,
            "object": "invoice",
            "number": f"WEBOX-{state.invoice_number:04d}",
            "customer": session["customer"],
            "subscription": sub["id"],
            "amount_due": state.prices[price],
            "amount_paid": state.prices[price],
            "currency": state.currencies.get(price, "usd"),
            "status": "paid",
            "created": now,
            "hosted_invoice_url": f"{base}/invoices/{invoice_id}",
            "invoice_pdf": f"{base}/invoices/{invoice_id}/pdf",
        }
        state.objects[sub["id"]] = sub
        state.objects[invoice_id] = invoice
        session.update(status="complete", payment_status="paid", subscription=sub["id"])
        await deliver("checkout.session.completed", _public(session))
        await deliver("invoice.paid", invoice)
        await deliver("customer.subscription.updated", sub)
        return RedirectResponse(session["success_url"], status_code=303)

    async def portal_page(request: Request) -> Response:
        portal = get("billing_portal.session", request.path_params["id"])
        if portal is None:
            return page("Introuvable", "<p>Cette session n'existe pas.</p>")
        subs = [
            o
            for o in state.objects.values()
            if o["object"] == "subscription" and o["customer"] == portal["customer"]
        ]
        active = [s for s in subs if s["status"] == "active" and not s["cancel_at_period_end"]]
        back = html.escape(portal.get("return_url") or "/")
        cancel = (
            f"<form method='post' action='/portal/{html.escape(portal['id'])}/cancel'>"
            "<button type='submit'>Résilier à la fin de la période</button></form>"
            if active
            else "<p>Aucun abonnement actif.</p>"
        )
        return page("Portail client", f"<h1>Votre abonnement</h1>{cancel}<p><a href='{back}'>Retour</a></p>")

    async def portal_cancel(request: Request) -> Response:
        portal = get("billing_portal.session", request.path_params["id"])
        if portal is None:
            return _error(404, "No such portal session")
        for sub in state.objects.values():
            if (
                sub["object"] == "subscription"
                and sub["customer"] == portal["customer"]
                and sub["status"] == "active"
            ):
                sub["cancel_at_period_end"] = True
                await deliver("customer.subscription.updated", sub)
        return RedirectResponse(portal.get("return_url") or "/", status_code=303)

    async def invoice_page(request: Request) -> Response:
        invoice = get("invoice", request.path_params["id"])
        if invoice is None:
            return page("Introuvable", "<p>Facture introuvable.</p>")
        if request.path_params.get("format") == "pdf":
            return Response(_MINIMAL_PDF, media_type="application/pdf")
        amount = invoice["amount_paid"] / 100
        return page(
            "Facture",
            f"<h1>Facture {html.escape(invoice['number'])}</h1><p>{amount:.2f} {invoice['currency'].upper()} — payée</p>",
        )

    app = Starlette(
        routes=[
            *(
                Route(f"/v1/{kind}/{{id:str}}", api(kind), methods=["GET", "POST", "DELETE"])
                for kind in KINDS
            ),
            *(Route(f"/v1/{kind}", api(kind), methods=["GET", "POST"]) for kind in KINDS),
            Route("/checkout/{id:str}", checkout_page),
            Route("/checkout/{id:str}/pay", pay, methods=["POST"]),
            Route("/portal/{id:str}", portal_page),
            Route("/portal/{id:str}/cancel", portal_cancel, methods=["POST"]),
            Route("/invoices/{id:str}", invoice_page),
            Route("/invoices/{id:str}/{format:str}", invoice_page),
        ]
    )
    app.state.stripe = state
    app.state.behaviour = behaviour
    return app


def _public(obj: dict[str, Any]) -> dict[str, Any]:
    """An object as the API shows it (without the fake's own bookkeeping fields)."""
    return {k: v for k, v in obj.items() if not k.startswith("_")}
