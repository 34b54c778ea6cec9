"""`netral corpus …`: list, show, validate, ingest and diff regulations."""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict
from typing import Any

from bot.config import Config
from bot.corpus.knowledge import load_knowledge
from bot.corpus.loader import load_corpus
from bot.models import REG_TYPES, STATUSES


def cmd_list(args: argparse.Namespace, config: Config) -> int:
    """List regulations: id, short name, status, units, verification."""
    corpus = load_corpus(config.regulations_dir)
    rows = [
        {
            "id": r.id,
            "short": r.short,
            "status": r.status,
            "units": len(r.units),
            "verification": r.verification,
            "replaced_by": r.replaced_by,
        }
        for r in sorted(corpus.regulations.values(), key=lambda r: r.id)
    ]
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    print(f"{'ID':<26} {'NAMA':<12} {'STATUS':<9} {'UNIT':>5}  VERIFIKASI")
    for row in rows:
        extra = f" (diganti {row['replaced_by']})" if row["replaced_by"] else ""
        print(
            f"{row['id']:<26} {row['short']:<12} {row['status']:<9} {row['units']:>5}  {row['verification']}{extra}"
        )
    return 0


def cmd_show(args: argparse.Namespace, config: Config) -> int:
    """Show a regulation, or one of its articles (`netral corpus show pp-94-2021 5`)."""
    corpus = load_corpus(config.regulations_dir)
    reg = corpus.regulations.get(args.id.lower())
    if reg is None:
        print(f"corpus: no regulation '{args.id}'; see 'netral corpus list'", file=sys.stderr)
        return 1
    if args.pasal is None:
        data: dict[str, Any] = {
            "id": reg.id,
            "title": reg.title,
            "short": reg.short,
            "status": reg.status,
            "url": reg.source_url,
            "verification": reg.verification,
            "replaced_by": reg.replaced_by,
            "amended_by": reg.amended_by,
            "sections": [s.heading for s in reg.sections],
        }
    else:
        section = reg.section(args.pasal)
        if section is None:
            print(f"corpus: {reg.short} has no Pasal {args.pasal} in the corpus", file=sys.stderr)
            return 1
        data = {
            "regulation": reg.id,
            "pasal": section.pasal,
            "label": f"{reg.short} {section.heading}",
            "text": section.text,
            "penjelasan": section.penjelasan,
            "status": "diubah" if section.status_note else reg.status,
            "url": section.verification_url or reg.source_url,
            "verification": section.verification,
            "note": section.status_note or (section.notes[0] if section.notes else None),
            "units": [u.id for u in reg.units if u.id.startswith(f"{reg.id}/{section.key}")],
        }
    if args.json:
        print(json.dumps(data, ensure_ascii=False, indent=2))
    elif args.pasal is None:
        print(f"{reg.short} — {reg.title}\nstatus: {reg.status}  sumber: {reg.source_url}")
        print("\n".join(f"  {h}" for h in data["sections"]))
    else:
        print(
            f"{data['label']}  [{data['status']}, {data['verification']}]\n{data['url']}\n\n{data['text']}"
        )
        if data["penjelasan"]:
            print(f"\nPenjelasan:\n{data['penjelasan']}")
    return 0


def cmd_validate(args: argparse.Namespace, config: Config) -> int:
    """Check every regulation file and every citation in knowledge/*.yaml."""
    corpus = load_corpus(config.regulations_dir)
    knowledge = load_knowledge(config.knowledge_dir, corpus)
    problems = corpus.problems + knowledge.problems
    for problem in problems:
        print(problem)
    units = sum(len(r.units) for r in corpus.regulations.values())
    print(
        f"{len(corpus.regulations)} regulations, {units} units, {len(knowledge.rulings)} rulings, "
        f"{len(knowledge.quiz)} quiz questions, {len(knowledge.glossary)} glossary entries: "
        + (f"{len(problems)} problem(s)" if problems else "OK"),
        file=sys.stderr,
    )
    return 1 if problems else 0


def _ocr_progress():  # type: ignore[no-untyped-def]
    """A progress bar on stderr while OCR reads scanned pages (only when it runs)."""
    from tqdm import tqdm

    bar: list[tqdm] = []

    def update(done: int, total: int) -> None:
        if not bar:
            bar.append(tqdm(total=total, desc="OCR", unit="halaman", file=sys.stderr))
        bar[0].n = done
        bar[0].refresh()
        if done >= total:
            bar[0].close()

    return update


def cmd_ingest(args: argparse.Namespace, config: Config) -> int:
    """Turn an official salinan (PDF — also scanned —, TXT or MD) into regulations/ID.md."""
    from bot.corpus.ingest import IngestError, IngestRequest, prepare_ingest, publish
    from bot.render_text import ingest_preview

    request = IngestRequest(
        path=args.file,
        id=args.id,
        title=args.title,
        type=args.type,
        number=args.number,
        year=args.year,
        short=args.short,
        status=args.status,
        source_url=args.source_url,
        replace=args.replace,
        ocr=args.ocr,
    )
    target = config.regulations_dir / f"{request.id}.md"
    try:
        if not args.dry_run and target.exists() and not request.replace:
            raise IngestError(f"{target} already exists: pass --replace to overwrite it")
        preview = prepare_ingest(request, progress=None if args.json else _ocr_progress())
        if not args.dry_run:
            publish(preview, config.regulations_dir, request.replace)
    except IngestError as err:
        print(f"ingest: {err}", file=sys.stderr)
        return 1
    if args.json:
        data = {**preview.report.to_json(), "problems": preview.problems}
        print(json.dumps(data, ensure_ascii=False, indent=2))
        return 0
    print(ingest_preview(preview.report, preview.problems))
    if not args.dry_run:
        print(
            "next: check unplaced lines and warnings against the PDF; then 'netral corpus validate'"
        )
    return 0


def cmd_diff(args: argparse.Namespace, config: Config) -> int:
    """Show what re-ingesting FILE as regulation ID would change, unit by unit."""
    from bot.corpus.ingest import IngestError, IngestRequest, prepare_ingest
    from bot.corpus.markdown import parse_regulation_text
    from bot.corpus.regulation_diff import diff_regulations
    from bot.render_text import regulation_diff

    corpus = load_corpus(config.regulations_dir)
    reg = corpus.regulations.get(args.id.lower())
    if reg is None:
        print(f"corpus: no regulation '{args.id}'; see 'netral corpus list'", file=sys.stderr)
        return 1
    request = IngestRequest(
        path=args.file,
        id=reg.id,
        title=reg.title,
        type=reg.type,
        number=reg.number,
        year=reg.year,
        short=reg.short,
        # A revoked file keeps its status on disk; ingest cannot write one, and the status does
        # not change any unit's text.
        status=reg.status if reg.status != "dicabut" else "berlaku",
        source_url=reg.source_url,
        ocr=args.ocr,
    )
    try:
        preview = prepare_ingest(request, progress=None if args.json else _ocr_progress())
    except IngestError as err:
        print(f"diff: {err}", file=sys.stderr)
        return 1
    new, _ = parse_regulation_text(preview.markdown, f"{reg.id}.md", reg.id)
    if new is None:
        print(f"diff: the re-ingested file does not parse: {preview.problems[:1]}", file=sys.stderr)
        return 1
    diff = diff_regulations(reg, new)
    if args.json:
        print(json.dumps(asdict(diff), ensure_ascii=False, indent=2))
    else:
        print(regulation_diff(diff))
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    corpus = sub.add_parser("corpus", help="Inspect, validate and ingest the regulation corpus")
    csub = corpus.add_subparsers(dest="corpus_command", required=True)
    p = csub.add_parser("list", help=cmd_list.__doc__)
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_list)
    p = csub.add_parser("show", help=cmd_show.__doc__)
    p.add_argument("id", help="any case: pp-94-2021 or PP-94-2021")
    p.add_argument("pasal", nargs="?")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_show)
    p = csub.add_parser("validate", help=cmd_validate.__doc__)
    p.set_defaults(handler=cmd_validate)
    p = csub.add_parser("ingest", help=cmd_ingest.__doc__)
    p.add_argument("file")
    p.add_argument("--id", required=True, type=str.lower, help="e.g. pp-94-2021 (any case)")
    p.add_argument("--title", required=True)
    p.add_argument(
        "--type", required=True, type=str.lower, help=f"any case: {' | '.join(REG_TYPES)}"
    )
    p.add_argument("--number", required=True)
    p.add_argument("--year", required=True, type=int)
    p.add_argument(
        "--short", default=None, help="citation name, e.g. 'PP 94/2021' (derived when omitted)"
    )
    p.add_argument("--status", default="berlaku", type=str.lower, choices=STATUSES)
    p.add_argument("--source-url", default=None)
    p.add_argument("--replace", action="store_true", help="overwrite an existing regulations/ID.md")
    p.add_argument("--ocr", action="store_true", help="OCR every PDF page (a bad text layer)")
    p.add_argument("--dry-run", action="store_true", help="print the preview, write nothing")
    p.add_argument("--json", action="store_true", help="the report as JSON, for scripts")
    p.set_defaults(handler=cmd_ingest)
    p = csub.add_parser("diff", help=cmd_diff.__doc__)
    p.add_argument("id", help="the regulation to compare with (any case)")
    p.add_argument("file", help="the salinan to re-ingest (PDF, TXT or MD)")
    p.add_argument("--ocr", action="store_true", help="OCR every PDF page (a bad text layer)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_diff)
