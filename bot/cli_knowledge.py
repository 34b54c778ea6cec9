"""`netral knowledge …`: validate curated knowledge and show what an edited file would change.

The same staging as the Telegram upload (bot/corpus/knowledge_files.py): the edited file is
checked in a copy of the whole knowledge directory, so a file is judged exactly as the bot
would load it, and nothing in `knowledge/` is written.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict
from pathlib import Path
from typing import Any

from bot.config import Config


def _stage(config: Config, file: str) -> Any:
    from bot.corpus.knowledge_files import stage
    from bot.corpus.loader import load_corpus

    path = Path(file)
    data = path.read_bytes()
    corpus = load_corpus(config.regulations_dir)
    return stage(config.knowledge_dir, path.name, data, corpus, config.data_dir / "staging")


def _as_json(staged: Any) -> dict[str, Any]:
    return {
        "file": staged.name,
        "target": staged.target.as_posix(),
        "kind": staged.kind,
        "replaces": staged.replaces,
        "problems": [str(p) for p in staged.problems],
        "changes": {part: asdict(c) for part, c in staged.diff.parts().items()},
    }


def cmd_validate(args: argparse.Namespace, config: Config) -> int:
    """Check knowledge/ (or edited files, in a copy of it); file:line problems, exit 1 if any."""
    from bot import texts
    from bot.corpus.knowledge_files import KnowledgeFileError, check_directory
    from bot.corpus.loader import load_corpus
    from bot.render_text import knowledge_preview

    if not args.files:
        knowledge, problems = check_directory(
            config.knowledge_dir, load_corpus(config.regulations_dir)
        )
        if args.json:
            print(json.dumps({"problems": [str(p) for p in problems]}, ensure_ascii=False))
        else:
            for problem in problems:
                print(problem)
            state = f"{len(problems)} masalah" if problems else texts.KNOWLEDGE_OK
            print(
                texts.KNOWLEDGE_VALID.format(
                    rulings=len(knowledge.rulings),
                    quiz=len(knowledge.quiz),
                    glossary=len(knowledge.glossary),
                    state=state,
                ),
                file=sys.stderr,
            )
        return 1 if problems else 0
    failed = False
    results = []
    for file in args.files:
        try:
            staged = _stage(config, file)
        except (OSError, KnowledgeFileError) as err:
            print(f"knowledge: {err}", file=sys.stderr)
            return 1
        failed = failed or bool(staged.problems)
        results.append(staged)
        if not args.json:
            print(knowledge_preview(staged) if staged.problems else f"{staged.name}: valid")
    if args.json:
        print(json.dumps([_as_json(s) for s in results], ensure_ascii=False, indent=2))
    return 1 if failed else 0


def cmd_diff(args: argparse.Namespace, config: Config) -> int:
    """Show what an edited knowledge file would change, entry by entry (exit 1 if invalid)."""
    from bot.corpus.knowledge_files import KnowledgeFileError
    from bot.render_text import knowledge_preview

    try:
        staged = _stage(config, args.file)
    except (OSError, KnowledgeFileError) as err:
        print(f"knowledge: {err}", file=sys.stderr)
        return 1
    if args.json:
        print(json.dumps(_as_json(staged), ensure_ascii=False, indent=2))
    else:
        print(knowledge_preview(staged))
    return 1 if staged.problems else 0


def register(sub: argparse._SubParsersAction) -> None:
    knowledge = sub.add_parser(
        "knowledge", help="Validate curated knowledge (rulings, quiz, glossary) and diff edits"
    )
    ksub = knowledge.add_subparsers(dest="knowledge_command", required=True)
    p = ksub.add_parser("validate", help=cmd_validate.__doc__)
    p.add_argument("files", nargs="*", help="edited knowledge files (default: knowledge/ itself)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_validate)
    p = ksub.add_parser("diff", help=cmd_diff.__doc__)
    p.add_argument("file", help="an edited knowledge file, e.g. faq.yaml")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_diff)
