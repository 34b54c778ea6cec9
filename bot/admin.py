"""Corpus administration for chat front ends: status, reindex, upload → preview → publish, revoke.

Uploads are regulations (a salinan, or a file in the corpus format) or curated knowledge (a
YAML file, validated in a staged copy of `knowledge/`). Publishing and revoking change
`regulations/` or `knowledge/` and then rebuild the index, atomically from the user's point of
view: when the reindex fails, the file change is undone, so the files on disk and the serving
index never disagree.
"""

from __future__ import annotations

import re
import secrets
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from bot import journal
from bot.asking import Asker
from bot.corpus import frontmatter, knowledge_files
from bot.corpus.ingest.scan import Progress
from bot.corpus.markdown import parse_regulation_text
from bot.fsutil import atomic_write
from bot.search.index import BuildReport
from bot.services import Services, llm_reachability
from bot.store.repo import PendingRecord, Store

UPLOAD_SUFFIXES = (".pdf", ".txt", ".md", *knowledge_files.SUFFIXES)
MAX_UPLOAD_BYTES = 20 * 1024 * 1024  # the Bot API's getFile limit
_ID = re.compile(r"^([a-z]+)-(\d+[a-z]?)-(\d{4})$")


class AdminError(Exception):
    """A refused administrative action: `code` names the reason, `detail` the object."""

    def __init__(self, code: str, detail: str = "") -> None:
        super().__init__(code)
        self.code = code
        self.detail = detail


@dataclass(frozen=True)
class StatusReport:
    generation: str | None
    regulations: int
    units: int
    by_status: dict[str, int]
    rulings: int
    quiz_questions: int
    llm: str
    uptime_s: float
    questions_answered: int
    feedback: dict[str, int]
    running_quizzes: int


@dataclass(frozen=True)
class Pending:
    """An uploaded regulation or knowledge file waiting for the administrator's confirmation."""

    token: str
    reg_id: str
    replace: bool
    preview: Any  # bot.corpus.ingest.IngestPreview; None for a file already in corpus format
    summary: str  # for a corpus-format file; an ingest preview is rendered from its report
    markdown: str  # the file's content to publish (Markdown or YAML)
    user_id: int
    kind: str = "regulation"  # or "knowledge": then reg_id is the path in knowledge/
    staged: Any = None  # knowledge: bot.corpus.knowledge_files.Staged (the diff shown)
    base: bytes | None = None  # knowledge: the live file when previewed (publish checks it)


@dataclass(frozen=True)
class Published:
    reg_id: str  # or the knowledge file's path in knowledge/
    path: Path
    report: BuildReport
    kind: str = "regulation"


@dataclass(frozen=True)
class Revoked:
    reg_id: str
    replaced_by: str | None
    report: BuildReport


def _front_matter(data: bytes) -> dict[str, Any]:
    return frontmatter.read_block(data.decode("utf-8", errors="replace").split("\n")).data


def _caption(caption: str | None) -> dict[str, Any]:
    """`key: value` lines (YAML) or `key=value; key=value` pairs."""
    if not caption or not caption.strip():
        return {}
    try:
        meta = yaml.safe_load(caption)
        if isinstance(meta, dict):
            return meta
    except yaml.YAMLError:
        pass
    pairs = (part.split("=", 1) for part in re.split(r"[;\n]", caption) if "=" in part)
    return {k.strip(): v.strip() for k, v in pairs}


def upload_fields(file_name: str, caption: str | None, data: bytes) -> dict[str, Any]:
    """Metadata for an uploaded regulation: the caption, else Markdown front matter, else the name.

    Raises:
        AdminError: unsupported file, or no usable id/type/number/year.
    """
    suffix = Path(file_name).suffix.lower()
    if suffix not in UPLOAD_SUFFIXES:
        raise AdminError("unsupported")
    meta: dict[str, Any] = _front_matter(data) if suffix == ".md" else {}
    meta.update(_caption(caption))
    reg_id = str(meta.get("id") or Path(file_name).stem).strip().lower()
    parts = _ID.match(reg_id)
    fields = {
        "id": reg_id,
        "type": str(meta.get("type") or (parts.group(1) if parts else "")),
        "number": str(meta.get("number") or (parts.group(2) if parts else "")),
        "year": meta.get("year") or (parts.group(3) if parts else ""),
    }
    if not frontmatter.valid_id(reg_id) or not all(fields.values()):
        raise AdminError("metadata")
    try:
        fields["year"] = int(fields["year"])
    except (TypeError, ValueError):
        raise AdminError("metadata") from None
    fields["title"] = str(
        meta.get("title")
        or f"{fields['type'].upper()} Nomor {fields['number']} Tahun {fields['year']}"
    )
    fields["short"] = meta.get("short")
    fields["status"] = str(meta.get("status") or "berlaku")
    fields["source_url"] = meta.get("source_url")
    fields["replace"] = bool(meta.get("replace", False))
    return fields


def set_revoked(text: str, replaced_by: str | None) -> str:
    """The file with `status: dicabut` and `replaced_by` in its front matter; body untouched.

    Raises:
        AdminError: the front matter is unreadable or would not validate (e.g. no replacement).
    """
    block = frontmatter.read_block(text.split("\n"))
    try:
        meta = frontmatter.FrontMatter.model_validate(
            {**block.data, "status": "dicabut", "replaced_by": replaced_by}
        )
        return frontmatter.replace_block(text, meta)
    except ValueError:  # unreadable block, or pydantic's ValidationError (a ValueError)
        raise AdminError("front_matter") from None


class Admin:
    """Administrative operations over the shared services; one corpus change at a time."""

    def __init__(self, services: Services, store: Store, asker: Asker) -> None:
        self.services = services
        self.store = store
        self.asker = asker
        self.started_at = time.time()
        self._lock = threading.Lock()

    def status(self) -> StatusReport:
        """Index generation, corpus counts, LLM state, uptime and usage (may probe the LLM)."""
        corpus = self.services.corpus
        by_status: dict[str, int] = {}
        for reg in corpus.regulations.values():
            by_status[reg.status] = by_status.get(reg.status, 0) + 1
        pointer = self.services.retriever.pointer.read() or {}
        return StatusReport(
            pointer.get("generation") or pointer.get("name"),
            len(corpus.regulations),
            len(corpus.units),
            by_status,
            len(self.services.knowledge.rulings),
            len(self.services.knowledge.quiz),
            llm_reachability(self.services.config),
            time.time() - self.started_at,
            self.store.usage().get("questions_answered", 0),
            self.store.feedback_counts(),
            len(self.store.running_sessions("event")),
        )

    def reindex(self) -> BuildReport:
        """Rebuild the index from the files on disk and serve it."""
        with self._lock:
            report = self.services.reindex()
        self.asker.invalidate()
        return report

    def prepare(
        self,
        user_id: int,
        file_name: str,
        caption: str | None,
        data: bytes,
        progress: Progress | None = None,
    ) -> Pending:
        """Turn an upload into a preview, kept until confirmed: a regulation (PDF/TXT/MD) or a
        knowledge file (YAML: rulings, quiz, glossary, out-of-scope examples).

        A Markdown file already in the corpus format (front matter + `## Pasal` sections that
        validate) is taken as it is; any other regulation goes through `bot.corpus.ingest`
        (OCR for scanned PDF pages, reported through `progress(done, total)`).

        Raises:
            AdminError: unsupported file, missing metadata, invalid corpus Markdown, invalid
                or unchanged knowledge file.
            bot.corpus.ingest.IngestError: the file could not be converted.
        """
        if Path(file_name).suffix.lower() in knowledge_files.SUFFIXES:
            pending = self._prepare_knowledge(user_id, file_name, data)
        else:
            pending = self._prepare_regulation(user_id, file_name, caption, data, progress)
        # Kept in the store, not in this process: the confirm press may reach another replica.
        self.store.put_pending(
            PendingRecord(
                pending.token,
                user_id,
                pending.reg_id,
                pending.replace,
                pending.summary,
                pending.markdown,
                time.time(),
                pending.kind,
                pending.base,
            )
        )
        return pending

    def _prepare_regulation(
        self,
        user_id: int,
        file_name: str,
        caption: str | None,
        data: bytes,
        progress: Progress | None,
    ) -> Pending:
        fields = upload_fields(file_name, caption, data)
        exists = (self.services.config.regulations_dir / f"{fields['id']}.md").exists()
        if exists and not fields["replace"]:
            raise AdminError("exists", fields["id"])
        if not fields["source_url"]:
            raise AdminError("source_url", fields["id"])
        token = secrets.token_hex(6)
        if Path(file_name).suffix.lower() == ".md" and data.lstrip().startswith(b"---"):
            try:
                text = data.decode("utf-8-sig")
            except UnicodeDecodeError as exc:
                raise AdminError("encoding", f"{file_name} (byte {exc.start})") from None
            reg, problems = parse_regulation_text(text, file_name, fields["id"])
            if reg is None or problems:
                raise AdminError("invalid", str(problems[0]) if problems else "front matter")
            summary = (
                f"{reg.id} ({reg.short}): {len(reg.sections)} bagian, {len(reg.units)} unit; "
                "format korpus, diterbitkan apa adanya"
            )
            return Pending(token, reg.id, fields["replace"], None, summary, text, user_id)
        from bot.corpus.ingest import IngestRequest, prepare_ingest

        request = IngestRequest(path=Path(file_name), **fields)
        preview = prepare_ingest(request, data, progress)
        # The preview text is rendered from `preview.report` by the front end.
        return Pending(
            token, fields["id"], fields["replace"], preview, "", preview.markdown, user_id
        )

    def _prepare_knowledge(self, user_id: int, file_name: str, data: bytes) -> Pending:
        config = self.services.config
        try:
            staged = knowledge_files.stage(
                config.knowledge_dir,
                file_name,
                data,
                self.services.corpus,
                config.data_dir / "staging",
            )
        except knowledge_files.KnowledgeFileError as err:
            raise AdminError("knowledge_file", str(err)) from None
        if staged.problems:
            shown = "\n".join(str(p) for p in staged.problems[:15])
            raise AdminError("knowledge_invalid", shown)
        if not staged.diff.changed:
            raise AdminError("knowledge_unchanged", staged.target.as_posix())
        live = config.knowledge_dir / staged.target
        return Pending(
            secrets.token_hex(6),
            staged.target.as_posix(),
            staged.replaces,
            None,
            "",
            staged.text,
            user_id,
            kind="knowledge",
            staged=staged,
            base=live.read_bytes() if live.exists() else None,
        )

    def pending(self, token: str) -> Pending | None:
        return _from_record(self.store.get_pending(token))

    def cancel(self, token: str) -> Pending | None:
        return _from_record(self.store.take_pending(token))

    def publish(self, token: str) -> Published:
        """Publish a confirmed preview and reindex; undo the file change if the reindex fails.

        Raises:
            AdminError: unknown or expired preview (a knowledge file changed meanwhile).
            bot.corpus.ingest.IngestError: the regulation can no longer be published.
        """
        pending = _from_record(self.store.take_pending(token))
        if pending is None:
            raise AdminError("expired")
        if pending.kind == "knowledge":
            target = self.services.config.knowledge_dir / pending.reg_id
        else:
            target = self._regulation_target(pending)
        with self._lock:
            before = target.read_bytes() if target.exists() else None
            if pending.kind == "knowledge" and before != pending.base:
                raise AdminError("expired")  # edited since the preview: the diff is stale
            report = self._write_and_reindex(target, pending.markdown, before)
        self.asker.invalidate()
        return Published(pending.reg_id, target, report, pending.kind)

    def _regulation_target(self, pending: Pending) -> Path:
        directory = self.services.config.regulations_dir
        if pending.preview is not None:
            from bot.corpus.ingest import publishable

            return publishable(pending.preview, directory, pending.replace)
        target = directory / f"{pending.reg_id}.md"
        if target.exists() and not pending.replace:
            raise AdminError("exists", pending.reg_id)
        # A preview read back from the store is its Markdown: validated again before writing.
        _, problems = parse_regulation_text(pending.markdown, target.name, pending.reg_id)
        if problems:
            raise AdminError("invalid", str(problems[0]))
        return target

    def _write_and_reindex(self, target: Path, text: str, before: bytes | None) -> BuildReport:
        """Write `target` and rebuild the index; if that fails, put the old file back."""
        config = self.services.config
        target.parent.mkdir(parents=True, exist_ok=True)
        journal.begin(config, target, before)  # a SIGKILL from here on is settled at start
        atomic_write(target, text)
        try:
            report = self.services.reindex()
        except BaseException:
            if before is None:
                target.unlink(missing_ok=True)
            else:
                atomic_write(target, before)
            journal.end(config)
            raise
        journal.end(config)
        return report

    def revoke(self, reg_id: str, replaced_by: str | None) -> Revoked:
        """Mark a regulation `dicabut` (optionally naming its replacement) and reindex.

        Raises:
            AdminError: unknown regulation or replacement.
        """
        regs = self.services.corpus.regulations
        reg = regs.get(reg_id.lower())
        if reg is None:
            raise AdminError("unknown")
        if replaced_by is not None and replaced_by.lower() not in regs:
            raise AdminError("unknown_replacement")
        if replaced_by is not None and replaced_by.lower() == reg.id:
            raise AdminError("replacement_self", reg.id)
        if replaced_by is not None and regs[replaced_by.lower()].status == "dicabut":
            # Two regulations naming each other as replacement would send readers in a circle.
            raise AdminError("replacement_revoked", replaced_by.lower())
        path = Path(reg.path) if reg.path else self.services.config.regulations_dir / f"{reg.id}.md"
        replacement = replaced_by.lower() if replaced_by else None
        with self._lock:
            before = path.read_bytes()
            revoked = set_revoked(before.decode("utf-8"), replacement)
            report = self._write_and_reindex(path, revoked, before)
        self.asker.invalidate()
        return Revoked(reg.id, replacement, report)


def _from_record(record: PendingRecord | None) -> Pending | None:
    if record is None:
        return None
    return Pending(
        record.token,
        record.reg_id,
        record.replace,
        None,
        record.summary,
        record.markdown,
        record.user_id,
        kind=record.kind,
        base=record.base,
    )
