"""Stage 1, understand: clean the text, merge a follow-up with its context, normalise it with
the glossary, read its Frame, and resolve the regulations and articles it names."""

from __future__ import annotations

import re
import unicodedata

from bot.answering.catalog import Catalog
from bot.answering.query import Context, Query
from bot.core.frame import read_frame, strip_actor
from bot.core.guard import is_follow_up
from bot.core.normalize import Normalizer, words
from bot.core.references import quoted_passage

# Zero-width and bidirectional-control characters: invisible, but they split words.
_INVISIBLE = re.compile("[\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")
SHORT_FOLLOW_UP = 3  # words: "PPPK?", "kalau cuti?", "sanksinya?"


def clean(text: str) -> str:
    """NFKC, no invisible characters, single spaces."""
    text = _INVISIBLE.sub("", unicodedata.normalize("NFKC", text))
    return " ".join(text.split())


def understand(
    question: str, context: Context | None, catalog: Catalog, normalizer: Normalizer
) -> Query:
    """Build the Query for `question`, asked after `context` (the user's previous question).

    Args:
        question: as typed.
        context: what the previous question was understood as, if any.
        catalog: regulation names and articles.
        normalizer: the glossary.

    Returns:
        The Query every later stage reads.
    """
    original = clean(question)
    quoted = quoted_passage(original)
    own = read_frame(original, normalizer.normalize(original).text, quoted)
    follow = context is not None and (
        is_follow_up(original) or len(words(original)) <= SHORT_FOLLOW_UP
    )
    if follow and context is not None:
        previous = strip_actor(context.text) if own.actor != "unknown" else context.text
        text = f"{previous} {original}"
        frame = own.follow(context.frame)
    else:
        text, frame = original, own
    named = catalog.named(original)
    # An article next to a regulation the corpus lacks belongs to that regulation, not to ours.
    articles = [] if named.missing else catalog.articles(original, named.held)
    return Query(
        original=original,
        text=text,
        norm=normalizer.normalize(text),
        frame=frame,
        follow_up=follow,
        named=frozenset(named.held),
        missing=named.missing,
        articles=tuple(articles),
    )
