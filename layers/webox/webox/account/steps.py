"""The account's step kinds (export and deletion), registered by the account worker at import
(`functions/account/worker.py`, the only worker that runs them): they are not in `kinds.KIND_MODULES`,
so no user can start one through the tasks API."""

from __future__ import annotations

from webox.account import erasure, export, jobs, plans
from webox.tasks import kinds

KINDS = (jobs.EXPORT_PLAN, jobs.EXPORT_PART, jobs.EXPORT_ARCHIVE, jobs.DELETE_PLAN, jobs.DELETE_PART)

kinds.register(jobs.EXPORT_PLAN, plans.plan_export)
kinds.register(jobs.EXPORT_PART, export.run_part)
kinds.register(jobs.EXPORT_ARCHIVE, export.run_archive)
kinds.register(jobs.DELETE_PLAN, plans.plan_deletion)
kinds.register(jobs.DELETE_PART, erasure.run_part)
