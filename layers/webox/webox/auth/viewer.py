"""The caller's address, which per-address throttles and session lists rely on.

On AWS every request reaches API Gateway from a CloudFront edge: the source IP API Gateway reports
is the edge's, shared by every viewer behind it. CloudFront knows the viewer: the viewer-request
function on the API behaviours (`infra/constructs/site.py`) writes the viewer's IP into
`X-Viewer-Address`, replacing whatever the viewer sent, and CloudFront adds `X-Origin-Verify` to
every request to the API origins, its value the generated `origin-verify` secret (a dynamic
reference: the value is in neither the template nor the code). The API believes `X-Viewer-Address`
only next to that proof, compared in constant time, so a request sent to the `execute-api` endpoint
directly cannot claim an address: it gets API Gateway's source IP. Locally there is no CloudFront
and no proof: the socket peer, as before.

Why not CloudFront's own `CloudFront-Viewer-Address` header: an origin request policy adds
CloudFront headers only with the `allViewer…` behaviours, which also forward `Host` (API Gateway
answers 403 to a foreign Host), and a whitelist policy cannot forward `Authorization`. A
viewer-request function is the documented way to hand the viewer's IP to such an origin.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Mapping

from webox.auth import repository, security
from webox.logging import get_logger

logger = get_logger()

VIEWER_ADDRESS_HEADER = "x-viewer-address"
ORIGIN_VERIFY_HEADER = "x-origin-verify"


def parse_address(value: str) -> str | None:
    """An IPv4 or IPv6 address in its canonical form; None for anything else."""
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return None


def through_cloudfront(proof: str) -> bool:
    """Whether `proof` is the origin-verify secret CloudFront sends (constant-time comparison).
    A function that cannot read the secret treats every request as direct, never fails it."""
    if not proof:
        return False
    try:
        values = repository.origin_verify_values()
    except Exception:
        logger.warning("origin-verify secret unreadable: viewer addresses ignored")
        return False
    # Every value is compared, so the time taken does not tell which one matched.
    return sum(security.same(proof, value) for value in values) > 0


def viewer_address(headers: Mapping[str, str], source_ip: str) -> str:
    """The viewer's address when the request proves it came through CloudFront, else `source_ip`
    (API Gateway's source IP, or the socket peer locally)."""
    claimed = headers.get(VIEWER_ADDRESS_HEADER)
    if not claimed:
        return source_ip
    if not through_cloudfront(headers.get(ORIGIN_VERIFY_HEADER, "")):
        return source_ip
    return parse_address(claimed) or source_ip
