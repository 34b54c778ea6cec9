"""The whole corpus: every regulation file, cross-file checks and id look-ups."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from bot.corpus.markdown import Problem, load_regulation
from bot.models import Node, Regulation, Unit


@dataclass
class Corpus:
    regulations: dict[str, Regulation] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    @property
    def units(self) -> list[Unit]:
        return [unit for reg in self.regulations.values() for unit in reg.units]

    def node(self, node_id: str) -> Node | None:
        reg_id = node_id.split("/", 1)[0]
        reg = self.regulations.get(reg_id)
        return reg.nodes.get(node_id) if reg else None

    def unit(self, unit_id: str) -> Unit | None:
        reg = self.regulations.get(unit_id.split("/", 1)[0])
        if reg is None:
            return None
        return next((unit for unit in reg.units if unit.id == unit_id), None)

    def units_under(self, node_id: str) -> list[Unit]:
        """Units at or below `node_id`, or the unit that contains it when it is finer."""
        reg = self.regulations.get(node_id.split("/", 1)[0])
        if reg is None:
            return []
        inside = [u for u in reg.units if u.id == node_id or u.id.startswith(node_id + "/")]
        if inside:
            return inside
        containing = [u for u in reg.units if node_id.startswith(u.id + "/")]
        return sorted(containing, key=lambda u: -len(u.id))[:1]


def load_corpus(directory: Path) -> Corpus:
    """Load every `*.md` in `directory`; problems are collected, never raised."""
    corpus = Corpus()
    if not directory.is_dir():
        corpus.problems.append(
            Problem(str(directory), 1, "corpus directory not found: check corpus.regulations_dir")
        )
        return corpus
    files = sorted(directory.glob("*.md"))
    if not files:
        corpus.problems.append(
            Problem(
                str(directory),
                1,
                "no regulation files (*.md): add one or run 'netral corpus ingest'",
            )
        )
    for path in files:
        reg, problems = load_regulation(path)
        corpus.problems.extend(problems)
        if reg is None:
            continue
        if reg.id in corpus.regulations:
            first = corpus.regulations[reg.id].path
            corpus.problems.append(
                Problem(
                    str(path),
                    2,
                    f"duplicate id '{reg.id}' (also in {first}): give each regulation its own id",
                )
            )
            continue
        corpus.regulations[reg.id] = reg
    for reg in corpus.regulations.values():
        for key, targets in (
            ("replaced_by", [reg.replaced_by] if reg.replaced_by else []),
            ("amended_by", reg.amended_by),
        ):
            for target in targets:
                if target not in corpus.regulations:
                    corpus.problems.append(
                        Problem(
                            reg.path,
                            _key_line(reg.path, key),
                            f"{key} '{target}' is not a regulation in the corpus: fix the id or add that regulation",
                        )
                    )
    for reg in corpus.regulations.values():
        for old, new in reg.replaced_units.items():
            if old not in reg.nodes or corpus.node(new) is None:
                bad = old if old not in reg.nodes else new
                corpus.problems.append(
                    Problem(
                        reg.path,
                        _key_line(reg.path, "replaced_units"),
                        f"replaced_units: '{bad}' is not a unit of the corpus: use ids like 'pasal-87/ayat-4/huruf-c: uu-20-2023/pasal-52/ayat-3/huruf-j'",
                    )
                )
    return corpus


def _key_line(path: str, key: str) -> int:
    try:
        for number, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
            if line.startswith(f"{key}:"):
                return number
    except OSError:
        pass
    return 1
