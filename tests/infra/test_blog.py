"""The blog in the real stack: CloudFront serves its public files from the `site` bucket, and the
renderer may invalidate that distribution and nothing else."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from typing import Any

from webox import manifest

from infra.constructs.blog import BLOG_REDIRECT, BLOG_ROUTER
from tests.infra.conftest import Synthesized


def _distribution(synth: Synthesized) -> tuple[str, dict[str, Any]]:
    [(logical_id, resource)] = synth.of_type("AWS::CloudFront::Distribution").items()
    return logical_id, resource["Properties"]["DistributionConfig"]


def test_blog_paths_come_from_the_site_bucket_before_the_spa_fallback(synth: Synthesized) -> None:
    _, config = _distribution(synth)
    behaviours = {b["PathPattern"]: b for b in config["CacheBehaviors"]}
    origins = {o["Id"]: o for o in config["Origins"]}
    [site_bucket] = [
        k
        for k, r in synth.of_type("AWS::S3::Bucket").items()
        if "site" in str(r["Properties"].get("BucketName", ""))
    ]
    for pattern in ("/blog/*", "/sitemap.xml", "/robots.txt"):
        behaviour = behaviours[pattern]
        origin = origins[behaviour["TargetOriginId"]]
        assert origin["DomainName"] == {"Fn::GetAtt": [site_bucket, "RegionalDomainName"]}, pattern
        assert origin.get("OriginAccessControlId"), "private bucket, read through OAC"
        assert behaviour["ViewerProtocolPolicy"] == "redirect-to-https"
        events = {a["EventType"]: a["FunctionARN"] for a in behaviour["FunctionAssociations"]}
        assert set(events) == {"viewer-request", "viewer-response"}
        assert _code(synth, events["viewer-request"]) == BLOG_ROUTER
        assert _code(synth, events["viewer-response"]) == BLOG_REDIRECT


def _code(synth: Synthesized, arn: dict[str, Any]) -> str:
    [function_id, _] = arn["Fn::GetAtt"]
    code: str = synth.resources[function_id]["Properties"]["FunctionCode"]
    return code


def _respond(headers: dict[str, str]) -> dict[str, Any]:
    """What the viewer-response function makes of an S3 answer with these headers (run by Node)."""
    event = {"response": {"statusCode": 200, "headers": {k: {"value": v} for k, v in headers.items()}}}
    script = BLOG_REDIRECT + f"console.log(JSON.stringify(handler({json.dumps(event)})));"
    node = os.environ.get("JSII_NODE") or shutil.which("node") or "node"
    out = subprocess.run([node, "-e", script], capture_output=True, text=True, check=True).stdout
    answer: dict[str, Any] = json.loads(out)
    return answer


def test_a_former_slug_answers_301_behind_cloudfront() -> None:
    # What S3's REST endpoint (the OAC origin) sends for an object stored with WebsiteRedirectLocation.
    moved = _respond({"content-type": "text/html", "x-amz-website-redirect-location": "/blog/nouveau-titre/"})
    assert moved["statusCode"] == 301
    assert moved["headers"]["location"] == {"value": "/blog/nouveau-titre/"}
    assert "x-amz-website-redirect-location" not in moved["headers"]
    page = _respond({"content-type": "text/html"})
    assert page["statusCode"] == 200 and "location" not in page["headers"]


def test_the_renderer_invalidates_this_distribution_only(synth: Synthesized) -> None:
    distribution_id, _ = _distribution(synth)
    _, renderer = synth.function("blog-worker")
    assert renderer["Environment"]["Variables"]["WEBOX_BLOG_DISTRIBUTION_ID"] == {"Ref": distribution_id}
    [statement] = [
        s for s in synth.role_statements("blog-worker") if "cloudfront:CreateInvalidation" in str(s["Action"])
    ]
    assert "*" not in str(statement["Resource"]).replace(":*", "")
    assert distribution_id in str(statement["Resource"])
    for other in ("blog-api", "tasks-worker"):
        assert not [s for s in synth.role_statements(other) if "cloudfront" in str(s["Action"])], other


def _site_bucket(synth: Synthesized) -> str:
    [site_bucket] = [
        k
        for k, r in synth.of_type("AWS::S3::Bucket").items()
        if "site" in str(r["Properties"].get("BucketName", ""))
    ]
    return site_bucket


def _on_bucket(statement: dict[str, Any], bucket: str) -> list[str]:
    """The keys a statement names in `bucket` ("" for the bucket itself)."""
    resources = statement["Resource"] if isinstance(statement["Resource"], list) else [statement["Resource"]]
    keys = []
    for resource in resources:
        if resource == {"Fn::GetAtt": [bucket, "Arn"]}:
            keys.append("")
        elif "Fn::Join" in resource and resource["Fn::Join"][1][0] == {"Fn::GetAtt": [bucket, "Arn"]}:
            keys.append("".join(resource["Fn::Join"][1][1:]))
    return keys


def test_the_renderer_touches_its_own_files_of_the_site_bucket_only(synth: Synthesized) -> None:
    bucket = _site_bucket(synth)
    statements = [s for s in synth.role_statements("blog-worker") if _on_bucket(s, bucket)]
    objects = [s for s in statements if "s3:PutObject" in s["Action"]]
    assert {key for s in objects for key in _on_bucket(s, bucket)} == {
        "/blog/*",
        "/sitemap.xml",
        "/robots.txt",
    }
    [listing] = [s for s in statements if s["Action"] == "s3:ListBucket"]
    assert _on_bucket(listing, bucket) == [""]
    assert listing["Condition"] == {"StringLike": {"s3:prefix": ["blog/*", "sitemap.xml", "robots.txt"]}}
    assert len(statements) == len(objects) + 1, "no other statement on that bucket"


def test_the_api_writes_library_images_only_and_no_other_feature_the_site_bucket(synth: Synthesized) -> None:
    bucket = _site_bucket(synth)
    statements = [s for s in synth.role_statements("blog-api") if _on_bucket(s, bucket)]
    objects = [s for s in statements if "s3:PutObject" in s["Action"]]
    assert {key for s in objects for key in _on_bucket(s, bucket)} == {"/blog/images/*"}
    [listing] = [s for s in statements if s["Action"] == "s3:ListBucket"]
    assert listing["Condition"] == {"StringLike": {"s3:prefix": ["blog/images/*"]}}
    assert len(statements) == 2
    # The account sweep (export, deletion) reaches every bucket by design: it is not the blog's writer.
    sweepers = {f.name for f in manifest.FUNCTIONS if set(f.buckets) >= set(manifest.BUCKETS)}
    for spec in manifest.FUNCTIONS:
        if spec.name not in {"blog-api", "blog-worker", *sweepers}:
            assert not [s for s in synth.role_statements(spec.name) if _on_bucket(s, bucket)], spec.name
