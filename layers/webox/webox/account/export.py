"""Account export steps: each writes one part of the archive (a zip in S3: the account, one feature's
data, every table's items, or one bucket's files), the last joins the parts into one archive and
tells the owner by e-mail. Parts and archive are built in temporary files, never whole in memory; a
replayed step writes its part again under the same key."""

from __future__ import annotations

import json
import shutil
import tempfile
import zipfile
from collections.abc import Callable
from typing import IO, Any

from webox import mail, storage
from webox.account import jobs, plans, repository
from webox.account import keys as account_keys
from webox.account import service as account_service
from webox.auth import repository as auth_repository
from webox.aws import client
from webox.config import get_settings
from webox.storage import ACCOUNT_EXPORTS_PREFIX
from webox.tasks.kinds import StepContext, StepResult

# Never exported, even hashed or encrypted: they are of no use to the user and could be attacked.
_PRIVATE_FIELDS = ("hash", "secret", "ciphertext", "recovery")
_MAILS = {
    "fr": (
        "Votre export WeBox est prêt",
        "Bonjour {name},\n\nL'export de vos données est prêt. Téléchargez-le depuis votre profil "
        "(il est gardé un jour) :\n{link}\n",
    ),
    "en": (
        "Your WeBox export is ready",
        "Hello {name},\n\nThe export of your data is ready. Download it from your profile "
        "(it is kept for a day):\n{link}\n",
    ),
}
Writer = Callable[[zipfile.ZipFile, str], int]


def _json(archive: zipfile.ZipFile, name: str, content: Any) -> None:
    archive.writestr(name, json.dumps(content, ensure_ascii=False, indent=2, default=str))


def _copy(archive: zipfile.ZipFile, name: str, logical: str, key: str) -> None:
    body = client("s3").get_object(Bucket=storage.bucket_name(logical), Key=key)["Body"]
    with archive.open(name, "w", force_zip64=True) as target:
        shutil.copyfileobj(body, target)


def _public(item: Any) -> dict[str, Any]:
    data: dict[str, Any] = item.to_simple_dict(force=True)
    return {k: v for k, v in data.items() if not any(word in k for word in _PRIVATE_FIELDS)}


def _account(archive: zipfile.ZipFile, user_id: str) -> int:
    user = auth_repository.get_user(user_id)
    if user is None:
        return 0
    _json(
        archive,
        "account.json",
        {
            "id": user.id,
            "email": user.email,
            "name": user.name,
            "language": user.language,
            "created_at": user.created_at.isoformat(),
            "mfa_enabled": bool(user.mfa_enabled),
        },
    )
    _json(archive, "settings.json", account_service.get_settings(user).model_dump(mode="json"))
    keys = account_keys.list_keys(user.id).items
    _json(archive, "provider_keys.json", [k.model_dump(mode="json") for k in keys])
    return 3


def _feature(name: str) -> Writer:
    def write(archive: zipfile.ZipFile, user_id: str) -> int:
        hooks = dict(plans.feature_hooks())[name]
        written = 0
        export_data = hooks.export_data()
        if export_data is not None:
            _json(archive, f"{name}.json", export_data(user_id))
            written += 1
        # Files a feature keeps under folders that do not name the user (media: hashed owners).
        export_files = hooks.export_user_files()
        for logical, key, file_name in export_files(user_id) if export_files else ():
            _copy(archive, f"files/{logical}/{file_name}", logical, key)
            written += 1
        return written

    return write


def _tables(archive: zipfile.ZipFile, user_id: str) -> int:
    written = 0
    for model, query in repository.user_tables():
        items = [_public(item) for item in repository.user_items(query, user_id)]
        if items:
            table = str(model.Meta.table_name).removeprefix(get_settings().resource_prefix)
            _json(archive, f"tables/{table}.json", items)
            written += 1
    return written


def _files(bucket: str) -> Writer:
    def write(archive: zipfile.ZipFile, user_id: str) -> int:
        keys = repository.user_object_keys(user_id, buckets=(bucket,)).get(bucket, [])
        kept = [key for key in keys if not key.startswith(ACCOUNT_EXPORTS_PREFIX)]
        for key in kept:
            _copy(archive, f"files/{bucket}/{key}", bucket, key)
        return len(kept)

    return write


def _writer(part: dict[str, Any]) -> Writer:
    kind = part.get("part")
    if kind == "account":
        return _account
    if kind == "feature":
        return _feature(str(part["feature"]))
    if kind == "tables":
        return _tables
    return _files(str(part["bucket"]))


def run_part(ctx: StepContext) -> StepResult:
    """Write one part of the owner's export to S3."""
    with tempfile.TemporaryFile() as spool:
        with zipfile.ZipFile(spool, "w", zipfile.ZIP_DEFLATED) as archive:
            entries = _writer(ctx.input)(archive, ctx.user_id)
        spool.seek(0)
        storage.upload_file(
            jobs.BUCKET, jobs.part_key(ctx.user_id, ctx.task_id, ctx.step_id), spool, "application/zip"
        )
    return StepResult(output={"entries": entries})


def _join(parts: list[str], target: IO[bytes]) -> int:
    """Copy every entry of the part archives into one (a name met twice is kept once)."""
    seen: set[str] = set()
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for key in parts:
            with tempfile.TemporaryFile() as spool:
                storage.download_file(jobs.BUCKET, key, spool)
                spool.seek(0)
                with zipfile.ZipFile(spool) as part:
                    for info in part.infolist():
                        if info.filename in seen:
                            continue
                        seen.add(info.filename)
                        with (
                            part.open(info) as source,
                            archive.open(info.filename, "w", force_zip64=True) as sink,
                        ):
                            shutil.copyfileobj(source, sink)
    return len(seen)


def _notify(user_id: str) -> str | None:
    user = auth_repository.get_user(user_id)
    if user is None:
        return None
    subject, template = _MAILS.get(user.language, _MAILS["fr"])
    link = f"{get_settings().public_url.rstrip('/')}/settings/profile#export"
    return mail.send(user.email, subject, template.format(name=user.name, link=link))


def run_archive(ctx: StepContext) -> StepResult:
    """Join the parts into the archive and e-mail the owner (once). The parts stay until the bucket
    expires the folder: a replay joins them again."""
    folder = jobs.folder(ctx.user_id, ctx.task_id)
    parts = sorted(storage.list_keys(jobs.BUCKET, f"{folder}/parts/"))
    with tempfile.TemporaryFile() as spool:
        entries = _join(parts, spool)
        size = spool.tell()
        spool.seek(0)
        storage.upload_file(jobs.BUCKET, jobs.archive_key(ctx.user_id, ctx.task_id), spool, "application/zip")
    ctx.once("mail", lambda: _notify(ctx.user_id))
    return StepResult(output={"entries": entries, "bytes": size})
