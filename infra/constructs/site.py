"""The web front door: one CloudFront distribution serving the SPA, the HTTP API and the WebSocket.

The SPA and both APIs share one origin, as on the local host (`http://127.0.0.1:8000` serves the SPA
at `/`, the REST API under `/api/`, the OpenAI-compatible gateway under `/v1/` and the WebSocket at
`/ws`): the SPA calls relative URLs, its SameSite=Lax cookies reach the API and `$connect` with no
CORS, and a single CSP `'self'` covers them. One behaviour per top-level API path (`/api/*`, `/v1/*`)
goes to the HTTP API, so a new feature never adds one; `/ws` goes to the WebSocket API's `ws` stage,
everything else to the SPA bucket through Origin Access Control. The API's OpenAPI document and its
reference page are static files of the build (`python -m webox.openapi build/api-docs`), published in
the SPA bucket under `api/`: their two behaviours (`/api/openapi.json`, `/api/docs*`) come before
`/api/*` so that CloudFront, which takes the first pattern that matches, serves them from the bucket.

Client-side routes get `index.html` from a CloudFront Function on the SPA behaviour only, not from
distribution-wide 403/404 error responses: those would also replace the API's own 403/404
problem+json answers (a foreign id must answer 404) with the SPA shell.

The HTTP API learns who the viewer is (its sign-in throttles count per viewer, not per edge) from
a second function on the API behaviours, which writes CloudFront's `event.viewer.ip` into
`X-Viewer-Address`, and from `X-Origin-Verify` on both API origins: the generated `origin-verify`
secret, resolved by CloudFormation (`{{resolve:secretsmanager:…}}`) so its value is not in the
template. `webox.auth.viewer` explains why not `CloudFront-Viewer-Address`.
"""

from __future__ import annotations

from pathlib import Path

from aws_cdk import Annotations, Aws, Duration, RemovalPolicy, Stack
from aws_cdk import aws_certificatemanager as acm
from aws_cdk import aws_cloudfront as cloudfront
from aws_cdk import aws_cloudfront_origins as origins
from aws_cdk import aws_iam as iam
from aws_cdk import aws_logs as logs
from aws_cdk import aws_s3 as s3
from aws_cdk import aws_s3_deployment as s3deploy
from constructs import Construct
from webox import manifest
from webox.auth.repository import ORIGIN_VERIFY_SECRET
from webox.auth.viewer import ORIGIN_VERIFY_HEADER, VIEWER_ADDRESS_HEADER

from infra.constructs import blog
from infra.constructs.nag import acknowledge, acknowledge_wildcard
from infra.constructs.names import bucket_name, execute_api_host
from infra.constructs.platform import LOG_RETENTION, WS_STAGE, Platform

# CloudFront Functions runtime 2.0. A path whose last segment has no dot is a client route.
SPA_ROUTER = """\
function handler(event) {
  var request = event.request;
  var last = request.uri.substring(request.uri.lastIndexOf('/') + 1);
  if (last.indexOf('.') === -1) {
    request.uri = '/index.html';
  }
  return request;
}
"""

# CloudFront Functions runtime 2.0, on the HTTP API behaviours: the viewer's address, replacing
# whatever the viewer sent under that name.
VIEWER_ADDRESS = f"""\
function handler(event) {{
  var request = event.request;
  request.headers['{VIEWER_ADDRESS_HEADER}'] = {{value: event.viewer.ip}};
  return request;
}}
"""
# `/api/docs` and `/api/docs/` are the reference page; its assets keep their own paths.
DOCS_ROUTER = """\
function handler(event) {
  var request = event.request;
  if (request.uri === '/api/docs' || request.uri === '/api/docs/') {
    request.uri = '/api/docs/index.html';
  }
  return request;
}
"""
API_DOCS_PREFIX = "api/"
API_DOCS_PATTERNS = ("/api/openapi.json", "/api/docs*")


def http_path_patterns() -> list[str]:
    """CloudFront path patterns of the HTTP API: one per top-level segment of the manifest's
    prefixes (`/api/*` covers `/api/auth/…` and every other feature, `/v1/*` the gateway)."""
    roots = sorted({p.strip("/").split("/")[0] for f in manifest.FUNCTIONS for p in f.http_prefixes})
    return [f"/{root}/*" for root in roots]


def content_security_policy(platform: Platform) -> str:
    """Scripts, styles and fonts only from the site; API and WebSocket are the site (`'self'`);
    presigned S3 URLs of the data buckets for uploads, images and audio."""
    buckets = " ".join(
        f"https://{bucket_name(logical)}.s3.{Aws.REGION}.amazonaws.com https://{bucket_name(logical)}.s3.amazonaws.com"
        for logical in platform.buckets
    )
    return "; ".join(
        [
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self'",
            "font-src 'self'",
            f"img-src 'self' data: blob: {buckets}",
            f"media-src 'self' blob: {buckets}",
            f"connect-src 'self' {buckets}",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            "frame-ancestors 'none'",
            "upgrade-insecure-requests",
        ]
    )


class Site(Construct):
    """SPA bucket, CloudFront distribution (security headers, access logs) and the SPA upload."""

    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        platform: Platform,
        spa_dist: Path,
        api_docs: Path | None = None,
        domain_name: str | None = None,
        certificate_arn: str | None = None,
        web_acl_arn: str | None = None,
    ) -> None:
        super().__init__(scope, construct_id)
        if bool(domain_name) != bool(certificate_arn):
            raise ValueError("a custom domain needs both domain_name and certificate_arn (ACM, us-east-1)")
        self.bucket = s3.Bucket(
            self,
            "Spa",
            block_public_access=s3.BlockPublicAccess.BLOCK_ALL,
            encryption=s3.BucketEncryption.S3_MANAGED,
            enforce_ssl=True,
            server_access_logs_bucket=platform.logs_bucket,
            server_access_logs_prefix="s3/spa/",
            removal_policy=RemovalPolicy.RETAIN,
        )
        self.headers = self._build_headers(platform)
        self.distribution = self._build_distribution(platform, domain_name, certificate_arn, web_acl_arn)
        host = domain_name or self.distribution.distribution_domain_name
        self.url = f"https://{host}"
        self.ws_url = f"wss://{host}/{WS_STAGE}"
        self._deploy(spa_dist, api_docs)

    def _build_headers(self, platform: Platform) -> cloudfront.ResponseHeadersPolicy:
        return cloudfront.ResponseHeadersPolicy(
            self,
            "SecurityHeaders",
            comment="WeBox security headers",
            security_headers_behavior=cloudfront.ResponseSecurityHeadersBehavior(
                content_security_policy=cloudfront.ResponseHeadersContentSecurityPolicy(
                    content_security_policy=content_security_policy(platform), override=True
                ),
                strict_transport_security=cloudfront.ResponseHeadersStrictTransportSecurity(
                    access_control_max_age=Duration.days(730), include_subdomains=True, override=True
                ),
                content_type_options=cloudfront.ResponseHeadersContentTypeOptions(override=True),
                frame_options=cloudfront.ResponseHeadersFrameOptions(
                    frame_option=cloudfront.HeadersFrameOption.DENY, override=True
                ),
                referrer_policy=cloudfront.ResponseHeadersReferrerPolicy(
                    referrer_policy=cloudfront.HeadersReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN,
                    override=True,
                ),
            ),
            custom_headers_behavior=cloudfront.ResponseCustomHeadersBehavior(
                custom_headers=[
                    cloudfront.ResponseCustomHeader(
                        header="Permissions-Policy",
                        value="camera=(), geolocation=(), payment=(), microphone=(self)",
                        override=True,
                    ),
                    cloudfront.ResponseCustomHeader(
                        header="Cross-Origin-Opener-Policy", value="same-origin", override=True
                    ),
                ]
            ),
        )

    def _api_behaviour(
        self, api_id: str, origin_proof: str | None, viewer_request: cloudfront.Function | None = None
    ) -> cloudfront.BehaviorOptions:
        return cloudfront.BehaviorOptions(
            origin=origins.HttpOrigin(
                execute_api_host(api_id),
                protocol_policy=cloudfront.OriginProtocolPolicy.HTTPS_ONLY,
                origin_ssl_protocols=[cloudfront.OriginSslPolicy.TLS_V1_2],
                custom_headers={ORIGIN_VERIFY_HEADER: origin_proof} if origin_proof else None,
            ),
            function_associations=[
                cloudfront.FunctionAssociation(
                    function=viewer_request, event_type=cloudfront.FunctionEventType.VIEWER_REQUEST
                )
            ]
            if viewer_request
            else None,
            viewer_protocol_policy=cloudfront.ViewerProtocolPolicy.HTTPS_ONLY,
            allowed_methods=cloudfront.AllowedMethods.ALLOW_ALL,
            cache_policy=cloudfront.CachePolicy.CACHING_DISABLED,
            # Cookies, query strings and every header (WebSocket handshake, Origin) but Host, which
            # must be API Gateway's own.
            origin_request_policy=cloudfront.OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
            response_headers_policy=self.headers,
        )

    def _viewer_address(self, platform: Platform) -> tuple[str | None, cloudfront.Function | None]:
        """The origin proof and the viewer-address function, when the manifest declares the
        origin-verify secret (a manifest without it gets neither: the API sees the edge's IP)."""
        secret = platform.secrets.get(ORIGIN_VERIFY_SECRET)
        if secret is None:
            return None, None
        viewer = cloudfront.Function(
            self,
            "ViewerAddress",
            code=cloudfront.FunctionCode.from_inline(VIEWER_ADDRESS),
            runtime=cloudfront.FunctionRuntime.JS_2_0,
            comment="WeBox API: the viewer's address for the API's throttles",
        )
        # A dynamic reference, resolved by CloudFormation at deploy time: `unsafe_unwrap` only
        # renders the reference, the secret's value never enters the template.
        return secret.secret_value_from_json("key").unsafe_unwrap(), viewer

    def _build_distribution(
        self,
        platform: Platform,
        domain_name: str | None,
        certificate_arn: str | None,
        web_acl_arn: str | None,
    ) -> cloudfront.Distribution:
        router = cloudfront.Function(
            self,
            "SpaRouter",
            code=cloudfront.FunctionCode.from_inline(SPA_ROUTER),
            runtime=cloudfront.FunctionRuntime.JS_2_0,
            comment="WeBox SPA: client routes get index.html",
        )
        spa_origin = origins.S3BucketOrigin.with_origin_access_control(self.bucket)
        # Inserted first: CloudFront evaluates behaviours in order, and `/api/*` matches these too.
        behaviours = self._api_docs_behaviours(spa_origin)
        proof, viewer = self._viewer_address(platform)
        http = self._api_behaviour(platform.http_api.api_id, proof, viewer)
        behaviours.update({pattern: http for pattern in http_path_patterns()})
        behaviours[f"/{WS_STAGE}"] = self._api_behaviour(platform.ws_api.api_id, proof)
        if blog.enabled():
            behaviours.update(blog.behaviours(self, platform.buckets[blog.SITE_BUCKET], self.headers))
        certificate = (
            acm.Certificate.from_certificate_arn(self, "Certificate", certificate_arn)
            if domain_name and certificate_arn
            else None
        )
        distribution = cloudfront.Distribution(
            self,
            "Distribution",
            comment="WeBox: SPA, HTTP API and WebSocket on one origin",
            default_root_object="index.html",
            default_behavior=self._bucket_behaviour(spa_origin, router),
            additional_behaviors=behaviours,
            domain_names=[domain_name] if certificate and domain_name else None,
            certificate=certificate,
            minimum_protocol_version=cloudfront.SecurityPolicyProtocol.TLS_V1_2_2021 if certificate else None,
            http_version=cloudfront.HttpVersion.HTTP2_AND_3,
            enable_logging=True,
            log_bucket=platform.logs_bucket,
            log_file_prefix="cloudfront/",
            web_acl_id=web_acl_arn,
        )
        self._acknowledge(distribution, certificate is not None, web_acl_arn is not None)
        return distribution

    def _api_docs_behaviours(self, spa_origin: cloudfront.IOrigin) -> dict[str, cloudfront.BehaviorOptions]:
        """The OpenAPI document and the reference page, from the SPA bucket (revalidated: no-cache)."""
        router = cloudfront.Function(
            self,
            "ApiDocsRouter",
            code=cloudfront.FunctionCode.from_inline(DOCS_ROUTER),
            runtime=cloudfront.FunctionRuntime.JS_2_0,
            comment="WeBox API reference: /api/docs gets its index.html",
        )
        document, page = API_DOCS_PATTERNS
        return {
            document: self._bucket_behaviour(spa_origin),
            page: self._bucket_behaviour(spa_origin, router),
        }

    def _bucket_behaviour(
        self, origin: cloudfront.IOrigin, viewer_request: cloudfront.Function | None = None
    ) -> cloudfront.BehaviorOptions:
        """Static files from the SPA bucket, optionally through a viewer-request function."""
        associations = (
            [
                cloudfront.FunctionAssociation(
                    function=viewer_request, event_type=cloudfront.FunctionEventType.VIEWER_REQUEST
                )
            ]
            if viewer_request is not None
            else None
        )
        return cloudfront.BehaviorOptions(
            origin=origin,
            viewer_protocol_policy=cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
            cache_policy=cloudfront.CachePolicy.CACHING_OPTIMIZED,
            response_headers_policy=self.headers,
            function_associations=associations,
        )

    @staticmethod
    def _acknowledge(distribution: cloudfront.Distribution, custom_domain: bool, waf: bool) -> None:
        acknowledge(
            distribution,
            "AwsSolutions-CFR1",
            "WeBox serves French-speaking users worldwide (Europe, Africa, the Americas): no country "
            "is excluded.",
        )
        if not waf:
            acknowledge(
                distribution,
                "AwsSolutions-CFR2",
                "A CloudFront web ACL must live in us-east-1, outside this regional stack: pass its ARN "
                "with `-c web_acl_arn=...` to attach one (then this acknowledgment goes away).",
            )
        if not custom_domain:
            acknowledge(
                distribution,
                "AwsSolutions-CFR4",
                "Without a custom domain the *.cloudfront.net certificate's policy cannot be chosen; pass "
                "`-c domain_name=... -c certificate_arn=...` and TLSv1.2_2021 is enforced.",
            )

    def _deploy(self, spa_dist: Path, api_docs: Path | None) -> None:
        """Upload `frontend/dist` when it is built: hashed assets immutable, the rest revalidated; and
        the API's document and reference page under `api/` when they are built."""
        if not (spa_dist / "index.html").is_file():
            Annotations.of(self).add_info(f"{spa_dist} is not built: the SPA is not uploaded (make frontend)")
            return
        log_group = logs.LogGroup(self, "DeploymentLogs", retention=LOG_RETENTION)
        # Our own role rather than the default one with AWSLambdaBasicExecutionRole: it writes to its
        # log group only; the CDK adds its grants on the asset and SPA buckets.
        role = iam.Role(self, "DeploymentRole", assumed_by=iam.ServicePrincipal("lambda.amazonaws.com"))
        log_group.grant_write(role)
        source = [s3deploy.Source.asset(str(spa_dist))]
        s3deploy.BucketDeployment(
            self,
            "Assets",
            sources=source,
            destination_bucket=self.bucket,
            include=["assets/*"],
            exclude=["*"],
            prune=False,  # older hashed assets stay for clients still running the previous index.html
            cache_control=[s3deploy.CacheControl.from_string("public, max-age=31536000, immutable")],
            log_group=log_group,
            role=role,
        )
        s3deploy.BucketDeployment(
            self,
            "Shell",
            sources=source,
            destination_bucket=self.bucket,
            # Also keeps its prune off the API reference, which another upload owns.
            exclude=["assets/*", f"{API_DOCS_PREFIX}*"],
            cache_control=[s3deploy.CacheControl.no_cache()],
            log_group=log_group,
            role=role,
        )
        if api_docs is not None and (api_docs / "openapi.json").is_file():
            s3deploy.BucketDeployment(
                self,
                "ApiDocs",
                sources=[s3deploy.Source.asset(str(api_docs))],
                destination_bucket=self.bucket,
                destination_key_prefix=API_DOCS_PREFIX,
                cache_control=[s3deploy.CacheControl.no_cache()],
                log_group=log_group,
                role=role,
            )
        else:
            Annotations.of(self).add_info(
                f"{api_docs} is not built: the API reference is not uploaded (make api-docs)"
            )
        self._acknowledge_deployment(role)

    def _acknowledge_deployment(self, role: iam.Role) -> None:
        stack = Stack.of(self)
        reason = (
            "CDK's BucketDeployment grants (read of the CDK asset bucket, read/write of the SPA bucket) "
            "use s3 action and object wildcards; the role serves only this upload."
        )
        for finding in (
            "Action::s3:GetObject*",
            "Action::s3:GetBucket*",
            "Action::s3:List*",
            "Action::s3:DeleteObject*",
            "Action::s3:Abort*",
            f"Resource::arn:<AWS::Partition>:s3:::cdk-{stack.synthesizer.bootstrap_qualifier or 'hnb659fds'}"
            "-assets-<AWS::AccountId>-<AWS::Region>/*",
        ):
            acknowledge(role, f"AwsSolutions-IAM5[{finding}]", reason)
        acknowledge_wildcard(role, self.bucket.arn_for_objects("*"), reason)
        for child in stack.node.children:
            if child.node.id.startswith("Custom::CDKBucketDeployment"):
                acknowledge(
                    child,
                    "AwsSolutions-L1",
                    "The CDK's own upload function: aws-cdk-lib chooses and updates its runtime.",
                )
