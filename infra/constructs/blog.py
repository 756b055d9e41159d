"""The blog's public files on CloudFront, and what its renderer needs beyond the manifest.

`/blog/*`, `/sitemap.xml` and `/robots.txt` are served from the `site` bucket (which holds nothing
else: the renderer writes there only) through Origin Access Control, not from the SPA bucket and its
client-side fallback. A viewer-request function maps a directory (`/blog/x/`) to its `index.html`
and sends `/blog/x` to `/blog/x/`, as the local host does. The renderer (`blog-worker`) learns the
distribution's id and may invalidate that distribution only.

A post's former slug is an object stored with `WebsiteRedirectLocation` (the renderer's
`File.redirect`). Only S3 *website* endpoints act on it; this origin is the REST endpoint behind
OAC, which returns the object with an `x-amz-website-redirect-location` header. A viewer-response
function turns that header into a 301 with `Location`: the redirect lives in the object itself, the
one source the local host reads too, with no KeyValueStore to keep in step and no Lambda@Edge
(us-east-1, replicated, slower to deploy) for what a header test does.
"""

from __future__ import annotations

from aws_cdk import Stack
from aws_cdk import aws_cloudfront as cloudfront
from aws_cdk import aws_cloudfront_origins as origins
from aws_cdk import aws_iam as iam
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_s3 as s3
from constructs import Construct
from webox import manifest

from infra.constructs.platform import PUBLIC_SITE_BUCKET

SITE_BUCKET = PUBLIC_SITE_BUCKET

PATTERNS = ("/blog/*", "/sitemap.xml", "/robots.txt")
RENDERER = "blog-worker"

# CloudFront Functions runtime 2.0.
BLOG_ROUTER = """\
function handler(event) {
  var request = event.request;
  var uri = request.uri;
  if (uri.endsWith('/')) {
    request.uri = uri + 'index.html';
    return request;
  }
  var last = uri.substring(uri.lastIndexOf('/') + 1);
  if (uri.indexOf('/blog') === 0 && last.indexOf('.') === -1) {
    return {statusCode: 301, statusDescription: 'Moved Permanently', headers: {location: {value: uri + '/'}}};
  }
  return request;
}
"""
# CloudFront Functions runtime 2.0: a former slug's object answers 301 to its post's new address.
BLOG_REDIRECT = """\
function handler(event) {
  var response = event.response;
  var target = response.headers['x-amz-website-redirect-location'];
  if (target && target.value) {
    response.statusCode = 301;
    response.statusDescription = 'Moved Permanently';
    response.headers['location'] = {value: target.value};
    delete response.headers['x-amz-website-redirect-location'];
  }
  return response;
}
"""


def enabled() -> bool:
    """Whether the manifest has the blog (a fake manifest in tests may not)."""
    return SITE_BUCKET in manifest.BUCKETS


def behaviours(
    scope: Construct, bucket: s3.IBucket, headers: cloudfront.IResponseHeadersPolicy
) -> dict[str, cloudfront.BehaviorOptions]:
    """The distribution's behaviours for the blog's public files."""
    router = cloudfront.Function(
        scope,
        "BlogRouter",
        code=cloudfront.FunctionCode.from_inline(BLOG_ROUTER),
        runtime=cloudfront.FunctionRuntime.JS_2_0,
        comment="WeBox blog: directories get their index.html",
    )
    redirect = cloudfront.Function(
        scope,
        "BlogRedirect",
        code=cloudfront.FunctionCode.from_inline(BLOG_REDIRECT),
        runtime=cloudfront.FunctionRuntime.JS_2_0,
        comment="WeBox blog: a former slug answers 301",
    )
    options = cloudfront.BehaviorOptions(
        origin=origins.S3BucketOrigin.with_origin_access_control(bucket),
        viewer_protocol_policy=cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        cache_policy=cloudfront.CachePolicy.CACHING_OPTIMIZED,
        response_headers_policy=headers,
        function_associations=[
            cloudfront.FunctionAssociation(
                function=router, event_type=cloudfront.FunctionEventType.VIEWER_REQUEST
            ),
            cloudfront.FunctionAssociation(
                function=redirect, event_type=cloudfront.FunctionEventType.VIEWER_RESPONSE
            ),
        ],
    )
    return {pattern: options for pattern in PATTERNS}


class BlogRenderer(Construct):
    """Tells the renderer which distribution to invalidate, and lets it invalidate that one only."""

    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        renderer: iam.IGrantable,
        function: lambda_.Function,
        distribution: cloudfront.IDistribution,
    ) -> None:
        super().__init__(scope, construct_id)
        function.add_environment("WEBOX_BLOG_DISTRIBUTION_ID", distribution.distribution_id)
        arn = Stack.of(self).format_arn(
            service="cloudfront",
            region="",
            resource="distribution",
            resource_name=distribution.distribution_id,
        )
        iam.Grant.add_to_principal(
            grantee=renderer, actions=["cloudfront:CreateInvalidation"], resource_arns=[arn]
        )
