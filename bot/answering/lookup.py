"""Stage 2, the look-ups that come before ranked retrieval: a regulation or article the corpus
does not hold, an article the question names, and a sentence the question quotes."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from bot import texts
from bot.answering import compose
from bot.answering.catalog import Catalog
from bot.answering.query import ArticleTarget, Query
from bot.core.answer import Scored
from bot.core.frame import PhraseMatcher
from bot.core.normalize import words
from bot.models import Answer, Node, Unit, article_number

# Words that ask for the article rather than quote it.
_LOOKUP_WORDS = frozenset(
    [
        "itu",
        "ini",
        "pasal",
        "berapa",
        "apa",
        "mana",
        "yang",
        "ya",
        "ada",
        "kalimat",
        "bunyi",
        "bunyinya",
        "berbunyi",
        "aturan",
        "peraturan",
        "ketentuan",
        "isinya",
        "dari",
        "di",
        "dalam",
        "tentang",
        "tolong",
        "cari",
        "carikan",
        "sebutkan",
        "which",
        "article",
        "is",
        "that",
        "from",
        "what",
        "the",
        "this",
        "quote",
        "sentence",
        "says",
        "saying",
        "nomor",
        "ayat",
        "huruf",
        "angka",
        "pasalnya",
        "dimana",
        "diatur",
        "kutipan",
        "undang-undang",
        "uu",
        "pp",
    ]
)
MIN_QUOTE_WORDS = 6
LONG_QUOTE_WORDS = 10
_ASKS_SOURCE = frozenset(["bunyi", "berbunyi", "kalimat", "kutipan", "pasal", "article", "quote"])


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
        last, number = reg.last_article(), article_number(absent[0].pasal)
        if last is not None and number is not None and number > last:
            pasal = ", ".join(f"Pasal {a.pasal}" for a in absent)
            text = texts.NO_SUCH_ARTICLE.format(
                pasal=pasal, short=reg.short, last=last, url=reg.source_url
            )
            # "Pasal 119 UU ASN" is often the revoked UU 5/2014's article: say where it was.
            for old in catalog.corpus.regulations.values():
                node = f"{old.id}/pasal-{absent[0].pasal.lower()}"
                if old.replaced_by == reg.id and node in old.nodes:
                    text += " " + texts.IN_PREDECESSOR.format(
                        pasal=f"Pasal {absent[0].pasal}",
                        old=old.short,
                        new=reg.short,
                        id=old.id,
                        number=absent[0].pasal,
                    )
        else:
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
            lines.append(
                texts.ARTICLE_REVOKED.format(label=target.label, short=reg.short, replaced=replaced)
            )
            successors = list(dict.fromkeys(catalog.replacements_under(target.node_id).values()))
            if successors:
                lines.append(
                    texts.ARTICLE_REPLACED.format(
                        labels=", ".join(catalog.label_of(s) for s in successors)
                    )
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


def revocation(
    query: Query,
    catalog: Catalog,
    indexed: dict[str, Unit],
    hits: Sequence[Scored],
    k: int,
) -> Answer | None:
    """'Is UU 5/2014 still in force?': when every regulation named is revoked, the article of its
    successor that revoked it, found in the successor's own text (it names the old law as
    'Nomor N Tahun Y' beside 'dicabut')."""
    regs = [catalog.corpus.regulations[r] for r in sorted(query.named)]
    if not regs or any(r.status != "dicabut" or not r.replaced_by for r in regs):
        return None
    lines: list[str] = []
    quoted: list[tuple[Unit, str | None, str | None]] = []
    for reg in regs:
        new = catalog.corpus.regulations.get(reg.replaced_by or "")
        if new is None:
            return None
        name = f"nomor {reg.number} tahun {reg.year}"
        unit = next(
            (
                indexed[u.id]
                for u in new.units
                if u.id in indexed and name in u.text.lower() and "dicabut" in u.text.lower()
            ),
            None,
        )
        if unit is None:
            return None
        label = catalog.label_of(unit.id)
        lines.append(texts.REGULATION_REVOKED.format(short=reg.short, new=new.short, label=label))
        quoted.append((unit, None, None))
    return compose.cite_units(query, " ".join(lines), quoted, hits, catalog, k)


def _grams(tokens: Sequence[str], n: int = 3) -> set[tuple[str, ...]]:
    return {tuple(tokens[i : i + n]) for i in range(max(0, len(tokens) - n + 1))}


def _content(text: str) -> set[str]:
    return {w for w in words(text) if w not in _LOOKUP_WORDS and len(w) > 2}


def _containment(quote_grams: set[tuple[str, ...]], quote_words: set[str], text: str) -> float:
    """How much of a (loosely) quoted passage a text contains: word trigrams and words alike,
    so that a paraphrase with the words reordered still finds its article."""
    grams = len(quote_grams & _grams(words(text))) / len(quote_grams) if quote_grams else 0.0
    content = len(quote_words & _content(text)) / len(quote_words) if quote_words else 0.0
    return 0.5 * grams + 0.5 * content


@dataclass
class QuoteIndex:
    """Every indexed unit's words, for 'itu pasal berapa?' and 'apa yang dimaksud ...?'."""

    units: list[Unit]
    grams: list[set[tuple[str, ...]]]
    contents: list[set[str]]

    @classmethod
    def build(cls, units: Sequence[Unit]) -> QuoteIndex:
        return cls(
            list(units), [_grams(words(u.text)) for u in units], [_content(u.text) for u in units]
        )

    def find(self, quote: str, threshold: float) -> list[tuple[Unit, float]]:
        """Units that contain (most of) `quote`, best first."""
        wanted, wanted_words = _grams(words(quote)), _content(quote)
        if not wanted_words:
            return []
        found = [
            (
                unit,
                0.5 * (len(wanted & grams) / len(wanted) if wanted else 0.0)
                + 0.5 * len(wanted_words & content) / len(wanted_words),
            )
            for unit, grams, content in zip(self.units, self.grams, self.contents, strict=True)
        ]
        best = max((share for _, share in found), default=0.0)
        if best < threshold:
            return []
        return sorted(
            [(u, s) for u, s in found if s >= best - 0.05],
            key=lambda pair: (-pair[1], pair[0].status == "dicabut"),
        )


def quote_text(query: Query) -> tuple[str, bool] | None:
    """(passage, explicit) the question quotes: in quotation marks, or the question itself
    when it asks which article a sentence is from."""
    quoted = query.frame.quoted_text
    # Quotation marks also mark speech and names ("grup 'Relawan Pemenangan X'"): a quote is
    # looked up only when the question asks where it comes from, or when it is a long passage.
    if quoted and (
        query.frame.intent == "pasal_lookup"
        or _ASKS_SOURCE & set(words(query.original))
        or len(words(quoted)) >= LONG_QUOTE_WORDS
    ):
        return quoted, True
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
    wanted, wanted_words = _grams(words(passage)), _content(passage)
    quoted: list[tuple[Unit, str | None, str | None]] = []
    lines: list[str] = []
    for unit, _ in matches[:3]:
        node = _finest(unit, wanted, wanted_words, catalog)
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


def _finest(
    unit: Unit, wanted: set[tuple[str, ...]], wanted_words: set[str], catalog: Catalog
) -> Node | None:
    """The deepest node inside `unit` that still contains most of the quoted passage."""
    reg = catalog.corpus.regulations.get(unit.regulation)
    if reg is None:
        return None
    whole = _containment(wanted, wanted_words, unit.text)
    best: Node | None = None
    for node_id, node in reg.nodes.items():
        if not (node_id == unit.id or node_id.startswith(unit.id + "/")):
            continue
        if _containment(wanted, wanted_words, node.text) >= 0.8 * whole and (
            best is None or len(node.id) > len(best.id)
        ):
            best = node
    return best


# ── definitions: "apa yang dimaksud X?" ───────────────────────────────────────────────────────
_DEFINES = re.compile(
    r"^(?:\d+\.\s*)?(?P<term>[^.;:]{2,90}?)(?:\s+yang\s+selanjutnya\s+(?:disingkat|disebut)\s+(?P<short>[^.;:]{1,40}?))?\s+adalah\b"
)
_EXPLAINS = re.compile(r"[Yy]ang dimaksud dengan\s+[“\"']?(?P<term>[^”\"']{2,80})[”\"']?\s+adalah")


@dataclass(frozen=True)
class Definition:
    terms: tuple[tuple[str, ...], ...]  # the defined term and its abbreviation, as words
    node_id: str
    unit: Unit


def definitions(units: Sequence[Unit], catalog: Catalog) -> list[Definition]:
    """Every term the indexed units define (Pasal 1 "X adalah ..." and Penjelasan "Yang dimaksud
    dengan X adalah ...")."""
    indexed = {u.id: u for u in units}
    found: list[Definition] = []
    for reg in catalog.corpus.regulations.values():
        for node_id, node in reg.nodes.items():
            first = node.text.strip().splitlines()[0] if node.text.strip() else ""
            if re.search(r"/pasal-1/angka-\d+$", node_id):
                match = _DEFINES.match(first)
            elif "/penjelasan" in node_id:
                match = _EXPLAINS.search(node.text)
            else:
                continue
            if match is None:
                continue
            unit = next(
                (indexed[u.id] for u in catalog.corpus.units_under(node_id) if u.id in indexed),
                None,
            )
            if unit is None:
                continue
            names = [match.group("term")] + (
                [match.group("short")]
                if "short" in match.groupdict() and match.group("short")
                else []
            )
            terms = tuple(tuple(words(n)) for n in names if words(n))
            if terms:
                found.append(Definition(terms, node_id, unit))
    return found


_CUES = PhraseMatcher(
    (cue, "after")
    for cue in (
        "apa itu", "apa yang dimaksud dengan", "apa yang dimaksud", "yang dimaksud dengan",
        "yang dimaksud", "pengertian", "definisi", "apa arti", "arti", "apa maksud", "maksud dari",
        "siapa itu", "siapa yang dimaksud", "what is", "what are", "what does", "meaning of",
    )
)  # fmt: skip
_POST_CUES = ("itu siapa", "itu apa", "maksudnya", "artinya", "itu apaan", "mean")
REGION = 8  # words after a cue (or before a trailing one) that may name the term


def _regions(tokens: list[str]) -> list[list[str]]:
    out = [tokens[m.end : m.end + REGION] for m in _CUES.find(tokens)]
    text = " ".join(tokens)
    for cue in _POST_CUES:
        at = f" {text} ".find(f" {cue} ")
        if at >= 0:
            before = text[: max(at - 1, 0)].split()
            out.append(before[-REGION:])
    return out


def _position(region: list[str], term: tuple[str, ...]) -> int | None:
    n = len(term)
    return next((i for i in range(len(region) - n + 1) if tuple(region[i : i + n]) == term), None)


def definition(
    query: Query,
    defs: Sequence[Definition],
    catalog: Catalog,
    hits: Sequence[Scored],
    k: int,
) -> Answer | None:
    """Quote the corpus's own definition of the term a definition question asks about.

    The term must follow a definition cue ("apa itu", "yang dimaksud", "pengertian") or come just
    before a trailing one ("... itu siapa?"), or be what the question quotes; the term nearest the
    cue wins, then the longest. Only the question's own words count: the glossary adds words
    ("sanksi" → "sanksi hukuman disiplin") that would name another term.
    """
    cued = _regions(words(query.original))
    groups: list[list[list[str]]] = []
    if query.frame.quoted_text and (cued or query.frame.intent == "definisi"):
        groups.append([words(query.frame.quoted_text)])
    groups.append(cued)
    for index, regions in enumerate(groups):
        found: list[tuple[int, int, Definition]] = []
        for d in defs:
            for term in d.terms:
                for region in regions:
                    at = _position(region, term)
                    # A quoted sentence is looked up as a sentence unless the term is most of it.
                    if at is not None and (
                        index > 0 or not query.frame.quoted_text or len(term) >= 0.6 * len(region)
                    ):
                        found.append((at, -len(term), d))
        if found:
            best = min((at, size) for at, size, _ in found)
            chosen = [d for at, size, d in found if (at, size) == best]
            break
    else:
        return None
    in_force = [d for d in chosen if d.unit.status != "dicabut"] or chosen
    quoted: list[tuple[Unit, str | None, str | None]] = []
    for d in in_force[:2]:
        label, part = _part(catalog.corpus.node(d.node_id), d.unit, catalog)
        quoted.append((d.unit, label, part))
    labels = ", ".join(label or unit.label for unit, label, _ in quoted)
    return compose.cite_units(
        query, texts.DEFINITION.format(labels=labels), quoted, hits, catalog, k
    )
