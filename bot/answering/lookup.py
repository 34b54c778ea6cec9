"""Stage 2, the look-ups that come before ranked retrieval: a regulation or article the corpus
does not hold, an article the question names, and a sentence the question quotes."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from bot import texts
from bot.answering import compose
from bot.answering.catalog import Catalog
from bot.answering.query import ArticleTarget, Query
from bot.core.answer import Scored
from bot.core.normalize import words
from bot.models import Answer, Node, Unit

# Words that ask for the article rather than quote it.
_LOOKUP_WORDS = frozenset(
    """
    itu ini pasal berapa apa mana yang ya ada kalimat bunyi bunyinya berbunyi aturan peraturan
    ketentuan isinya dari di dalam tentang tolong cari carikan sebutkan which article is that from
    what the this quote sentence says saying nomor ayat huruf angka pasalnya dimana diatur kutipan
    undang-undang uu pp
    """.split()
)
MIN_QUOTE_WORDS = 6


def missing(query: Query, catalog: Catalog, hits: Sequence[Scored], k: int) -> Answer | None:
    """'Not in the corpus' for regulations or articles the question names that Netral lacks."""
    if query.missing:
        names = ", ".join(query.missing)
        return compose.decline(
            query, "not_in_corpus", hits, k, texts.MISSING_REGULATION.format(names=names)
        )
    absent = query.missing_articles
    if absent:
        reg = catalog.corpus.regulations[absent[0].regulation]
        labels = ", ".join(a.label for a in absent)
        text = texts.MISSING_ARTICLE.format(label=labels, url=reg.source_url)
        return compose.decline(query, "not_in_corpus", hits, k, text)
    return None


def _units_for(node_id: str, catalog: Catalog, indexed: dict[str, Unit]) -> list[Unit]:
    return [indexed[u.id] for u in catalog.corpus.units_under(node_id) if u.id in indexed]


def _part(node: Node | None, unit: Unit, catalog: Catalog) -> tuple[str | None, str | None]:
    """The finer label and text to quote when the node is a part of its unit."""
    if node is None or node.id == unit.id or not node.id.startswith(unit.id + "/"):
        return None, None
    return catalog.label_of(node.id), node.text


def articles(
    query: Query,
    targets: Sequence[ArticleTarget],
    catalog: Catalog,
    indexed: dict[str, Unit],
    hits: Sequence[Scored],
    k: int,
) -> Answer | None:
    """Quote the articles the question names; for a revoked one, also the article that replaced it."""
    quoted: list[tuple[Unit, str | None, str | None]] = []
    lines: list[str] = []
    for target in targets:
        assert target.node_id is not None
        node = catalog.corpus.node(target.node_id)
        units = _units_for(target.node_id, catalog, indexed)
        if not units:
            continue
        for unit in units[:4]:
            label, part = _part(node, unit, catalog) if len(units) == 1 else (None, None)
            quoted.append((unit, label, part))
        reg = catalog.corpus.regulations[target.regulation]
        if reg.status == "dicabut":
            info = catalog.regs[reg.id]
            replaced = texts.REPLACED_BY.format(short=info.replaced_by) if info.replaced_by else ""
            lines.append(texts.ARTICLE_REVOKED.format(label=target.label, short=reg.short, replaced=replaced))
            successors = list(dict.fromkeys(catalog.replacements_under(target.node_id).values()))
            if successors:
                lines.append(
                    texts.ARTICLE_REPLACED.format(labels=", ".join(catalog.label_of(s) for s in successors))
                )
                for successor in successors:
                    for unit in _units_for(successor, catalog, indexed)[:2]:
                        label, part = _part(catalog.corpus.node(successor), unit, catalog)
                        quoted.append((unit, label, part))
            else:
                lines.append(texts.ARTICLE_NO_SUCCESSOR)
        else:
            lines.append(texts.ARTICLE.format(label=target.label))
    if not quoted:
        return None
    return compose.cite_units(query, " ".join(lines), quoted, hits, catalog, k)


def _grams(tokens: Sequence[str], n: int = 3) -> set[tuple[str, ...]]:
    return {tuple(tokens[i : i + n]) for i in range(max(0, len(tokens) - n + 1))}


@dataclass
class QuoteIndex:
    """Word trigrams of every indexed unit and of their finer nodes, for 'itu pasal berapa?'."""

    units: list[Unit]
    grams: list[set[tuple[str, ...]]]

    @classmethod
    def build(cls, units: Sequence[Unit]) -> QuoteIndex:
        return cls(list(units), [_grams(words(u.text)) for u in units])

    def find(self, quote: str, threshold: float) -> list[tuple[Unit, float]]:
        """Units that contain (most of) `quote`, best first."""
        wanted = _grams(words(quote))
        if not wanted:
            return []
        found = [
            (unit, len(wanted & grams) / len(wanted)) for unit, grams in zip(self.units, self.grams, strict=True)
        ]
        best = max((share for _, share in found), default=0.0)
        if best < threshold:
            return []
        return sorted(
            [(u, s) for u, s in found if s >= best - 0.05], key=lambda pair: (-pair[1], pair[0].status == "dicabut")
        )


def quote_text(query: Query) -> tuple[str, bool] | None:
    """(passage, explicit) the question quotes: in quotation marks, or the question itself
    when it asks which article a sentence is from."""
    if query.frame.quoted_text:
        return query.frame.quoted_text, True
    if query.frame.intent != "pasal_lookup":
        return None
    content = [w for w in words(query.original) if w not in _LOOKUP_WORDS]
    return (" ".join(content), False) if len(content) >= MIN_QUOTE_WORDS else None


def quote(
    query: Query,
    index: QuoteIndex,
    catalog: Catalog,
    hits: Sequence[Scored],
    k: int,
    explicit_min: float,
    implicit_min: float,
) -> Answer | None:
    """The unit that contains the sentence the question quotes, with its status."""
    found = quote_text(query)
    if found is None:
        return None
    passage, explicit = found
    matches = index.find(passage, explicit_min if explicit else implicit_min)
    if not matches:
        return None
    wanted = _grams(words(passage))
    quoted: list[tuple[Unit, str | None, str | None]] = []
    lines: list[str] = []
    for unit, _ in matches[:3]:
        node = _finest(unit, wanted, catalog)
        label, part = _part(node, unit, catalog)
        quoted.append((unit, label, part))
        lines.append(
            texts.QUOTE_FOUND.format(
                label=label or unit.label, status=texts.STATUS_WORD.get(unit.status, unit.status)
            )
        )
        successor = catalog.replacement_of(node.id if node else unit.id)
        if unit.status == "dicabut" and successor:
            lines.append(texts.ARTICLE_REPLACED.format(labels=catalog.label_of(successor)))
    return compose.cite_units(query, " ".join(dict.fromkeys(lines)), quoted, hits, catalog, k)


def _finest(unit: Unit, wanted: set[tuple[str, ...]], catalog: Catalog) -> Node | None:
    """The deepest node inside `unit` that still contains most of the quoted passage."""
    reg = catalog.corpus.regulations.get(unit.regulation)
    if reg is None:
        return None
    best: Node | None = None
    for node_id, node in reg.nodes.items():
        if not (node_id == unit.id or node_id.startswith(unit.id + "/")):
            continue
        share = len(wanted & _grams(words(node.text))) / len(wanted)
        if share >= 0.8 * (len(wanted & _grams(words(unit.text))) / len(wanted)) and (
            best is None or len(node.id) > len(best.id)
        ):
            best = node
    return best
