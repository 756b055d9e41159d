"""The blog in the real stack: CloudFront serves its public files from the `site` bucket, and the
renderer may invalidate that distribution and nothing else."""

from __future__ import annotations

from typing import Any

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
        [association] = behaviour["FunctionAssociations"]
        assert association["EventType"] == "viewer-request"


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
