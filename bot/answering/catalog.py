"""What the engine knows about the corpus and the curated knowledge, indexed for answering:
regulation names (and the names of laws it does not hold), article look-up, rulings by family,
statuses and replacements. Built once per corpus/knowledge load; read-only afterwards."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from bot.answering.query import ArticleTarget
from bot.core.answer import RegInfo
from bot.core.references import (
    YEAR_AFTER,
    ArticleRef,
    RegulationMention,
    article_refs,
    regulation_mentions,
)
from bot.corpus.knowledge import Knowledge
from bot.corpus.loader import Corpus
from bot.models import Regulation, RegulationInfo, Ruling

HELD_KINDS = frozenset({"uu", "pp", "skb", None})
_ISSUER = re.compile(
    r"menpan|kemenpan|mendagri|kemendagri|bkn|kasn|bawaslu|kpu|menteri", re.IGNORECASE
)


@dataclass(frozen=True)
class Named:
    held: dict[str, int]  # regulation id → character offset of its first mention
    missing: tuple[str, ...]


def _word_pattern(phrase: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![\w-]){re.escape(phrase)}(?![\w-])", re.IGNORECASE)


@dataclass
class Catalog:
    corpus: Corpus
    knowledge: Knowledge
    regs: dict[str, RegInfo] = field(default_factory=dict)
    rulings: dict[str, Ruling] = field(default_factory=dict)
    scope: dict[str, RegulationInfo] = field(default_factory=dict)
    off_topic_channels: dict[str, str] = field(default_factory=dict)
    # (pattern, regulation id, the name as written in knowledge/regulations.yaml)
    _aliases: list[tuple[re.Pattern[str], str, str]] = field(default_factory=list)
    _by_number: dict[tuple[str, str, str], str] = field(default_factory=dict)
    _not_held: list[tuple[re.Pattern[str], str]] = field(default_factory=list)

    @classmethod
    def build(cls, corpus: Corpus, knowledge: Knowledge, off_topic_prefix: str) -> Catalog:
        catalog = cls(corpus, knowledge)
        regs = corpus.regulations
        catalog.regs = {
            rid: RegInfo(
                r.short,
                r.status,
                regs[r.replaced_by].short if r.replaced_by in regs else None,
            )
            for rid, r in regs.items()
        }
        catalog.rulings = {r.id: r for r in knowledge.rulings}
        catalog.scope = dict(knowledge.regulations)
        catalog.off_topic_channels = {
            f"{off_topic_prefix}{e.id}": e.channel for e in knowledge.out_of_scope
        }
        for rid, reg in regs.items():
            catalog._by_number[(reg.type.lower(), str(reg.number), str(reg.year))] = rid
            info = knowledge.regulations.get(rid)
            names = [reg.short.lower(), *(info.aliases if info else ())]
            catalog._aliases += [(_word_pattern(n), rid, n) for n in names if n]
            for other in info.also_cited_as if info else ():
                kind, number, year = other.split("-")
                catalog._by_number[(kind, number, year)] = rid
        catalog._aliases.sort(key=lambda pair: -len(pair[0].pattern))
        catalog._not_held = [(_word_pattern(n), n) for n in knowledge.not_held]
        return catalog

    # ── regulations named in a question ──────────────────────────────────────────────────────
    def _held_by_mention(self, m: RegulationMention) -> str | None:
        if m.kind == "skb":
            held = [rid for rid, r in self.corpus.regulations.items() if r.type == "skb"]
            match = [
                rid for rid in held if m.year in (None, str(self.corpus.regulations[rid].year))
            ]
            return match[0] if match else None
        if m.number is None or m.year is None:
            return None
        if m.kind is not None:
            return self._by_number.get((m.kind, m.number, m.year))
        found = {rid for (_, n, y), rid in self._by_number.items() if (n, y) == (m.number, m.year)}
        return found.pop() if len(found) == 1 else None

    def _dated(self, rid: str, name: str, text: str, end: int) -> str | None:
        """The regulation an alias names, read with the year that follows it: "UU ASN 2014" is
        the 2014 law that shares the alias (UU 5/2014, "uu asn lama"), not the current one; a
        year no such law has leaves the alias unresolved."""
        after = YEAR_AFTER.match(text, end)
        reg = self.corpus.regulations[rid]
        if after is None or after.group("year") == str(reg.year):
            return rid
        for _, other, other_name in self._aliases:
            candidate = self.corpus.regulations[other]
            if (
                candidate.type == reg.type
                and str(candidate.year) == after.group("year")
                and other_name.startswith(name)
            ):
                return other
        return None

    def named(self, text: str) -> Named:
        """Corpus regulations a question names, and the names of regulations it does not hold."""
        held: dict[str, int] = {}
        missing: list[str] = []
        for pattern, rid, name in self._aliases:
            for m in pattern.finditer(text):
                dated = self._dated(rid, name, text, m.end())
                if dated is not None:
                    held.setdefault(dated, m.start())
        for pattern, _ in self._not_held:
            found = pattern.search(text)
            if found:
                missing.append(found.group(0))
        for mention in regulation_mentions(text):
            named_id = self._held_by_mention(mention)
            name = mention.text
            if named_id is not None:
                held.setdefault(named_id, mention.start)
            elif mention.kind == "se" and not (mention.number or _ISSUER.search(name)):
                continue  # "membuat surat edaran internal": a document, not a circular named
            elif (mention.kind not in HELD_KINDS or (mention.number and mention.year)) and not any(
                name.lower() in other.lower() or other.lower() in name.lower() for other in missing
            ):
                missing.append(name.strip())
        return Named(held, tuple(dict.fromkeys(missing)))

    # ── articles named in a question ──────────────────────────────────────────────────────────
    @staticmethod
    def node_id(reg: Regulation, ref: ArticleRef) -> str | None:
        """The corpus node for `ref` in `reg`, or None when the corpus does not hold it."""
        if ref.pasal.startswith("Lampiran"):
            key = f"{reg.id}/{ref.pasal.lower().replace(' angka ', '-').replace(' ', '-')}"
            return key if key in reg.nodes else None
        section = reg.section(ref.pasal)
        if section is None:
            return None
        node = f"{reg.id}/{section.key}"
        for part, value in (("ayat", ref.ayat), ("huruf", ref.huruf), ("angka", ref.angka)):
            if value:
                node = f"{node}/{part}-{value.lower()}"
        return node if node in reg.nodes else None

    def articles(self, text: str, held: dict[str, int]) -> list[ArticleTarget]:
        """Every article the text names, with the regulation it belongs to."""
        targets: list[ArticleTarget] = []
        for ref in article_refs(text):
            rid = self._owner(ref, held)
            if rid is None:
                continue
            reg = self.corpus.regulations[rid]
            label = f"{reg.short} {ref.label}"
            targets.append(ArticleTarget(rid, self.node_id(reg, ref), label, ref.pasal))
        return targets

    def _owner(self, ref: ArticleRef, held: dict[str, int]) -> str | None:
        if held:
            # The regulation named nearest to the article ("Pasal 5 PP 94/2021", "UU ASN pasal 9").
            return min(held, key=lambda rid: abs(held[rid] - ref.start))
        owners = [
            rid
            for rid, reg in self.corpus.regulations.items()
            if self.node_id(reg, ref) is not None and reg.status != "dicabut"
        ]
        return owners[0] if len(owners) == 1 else None

    # ── rulings ───────────────────────────────────────────────────────────────────────────────
    def family_members(self, family: str) -> Sequence[Ruling]:
        return [r for r in self.rulings.values() if r.family == family or family in r.serves]

    def replacement_of(self, node_id: str) -> str | None:
        """The article that replaced `node_id` (or the nearest enclosing mapped node)."""
        reg = self.corpus.regulations.get(node_id.split("/", 1)[0])
        if reg is None:
            return None
        current = node_id
        while "/" in current:
            if current in reg.replaced_units:
                return reg.replaced_units[current]
            current = current.rsplit("/", 1)[0]
        return None

    def replacements_under(self, node_id: str) -> dict[str, str]:
        """Mapped replacements for `node_id` and everything inside it ("Pasal 87" → its huruf c)."""
        reg = self.corpus.regulations.get(node_id.split("/", 1)[0])
        if reg is None:
            return {}
        own = self.replacement_of(node_id)
        inside = {
            old: new for old, new in reg.replaced_units.items() if old.startswith(node_id + "/")
        }
        return {node_id: own, **inside} if own else inside

    def label_of(self, node_id: str) -> str:
        """'PP 94/2021 Pasal 14 huruf i angka 1' for a node id (the id itself if unknown)."""
        node = self.corpus.node(node_id)
        info = self.regs.get(node_id.split("/", 1)[0])
        if node is None or info is None:
            return node_id
        return f"{info.short} {node.label}"
