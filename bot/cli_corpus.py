"""`netral corpus …`: list, show, validate and ingest regulations."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from bot.config import Config
from bot.corpus.knowledge import load_knowledge
from bot.corpus.loader import load_corpus


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
    reg = corpus.regulations.get(args.id)
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


def cmd_ingest(args: argparse.Namespace, config: Config) -> int:
    """Turn an official salinan (PDF, TXT or MD) into regulations/ID.md for review."""
    from bot.corpus.ingest import IngestError, IngestRequest, ingest_file

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
    )
    try:
        report = ingest_file(request, config.regulations_dir)
    except IngestError as err:
        print(f"ingest: {err}", file=sys.stderr)
        return 1
    print(report.summary())
    print("next: check unplaced lines and warnings against the PDF; then 'netral corpus validate'")
    return 0


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    corpus = sub.add_parser("corpus", help="Inspect, validate and ingest the regulation corpus")
    csub = corpus.add_subparsers(dest="corpus_command", required=True)
    p = csub.add_parser("list", help=cmd_list.__doc__)
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_list)
    p = csub.add_parser("show", help=cmd_show.__doc__)
    p.add_argument("id")
    p.add_argument("pasal", nargs="?")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_show)
    p = csub.add_parser("validate", help=cmd_validate.__doc__)
    p.set_defaults(handler=cmd_validate)
    p = csub.add_parser("ingest", help=cmd_ingest.__doc__)
    p.add_argument("file")
    p.add_argument("--id", required=True, help="e.g. pp-94-2021")
    p.add_argument("--title", required=True)
    p.add_argument("--type", required=True, help="uu | pp | perpres | permen | perban | skb | se")
    p.add_argument("--number", required=True)
    p.add_argument("--year", required=True, type=int)
    p.add_argument(
        "--short", default=None, help="citation name, e.g. 'PP 94/2021' (derived when omitted)"
    )
    p.add_argument("--status", default="berlaku", choices=["berlaku", "diubah", "dicabut"])
    p.add_argument("--source-url", default=None)
    p.add_argument("--replace", action="store_true", help="overwrite an existing regulations/ID.md")
    p.set_defaults(handler=cmd_ingest)
