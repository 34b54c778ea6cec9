"""List items of a Pasal or Penjelasan: orphan ayat numbers, markers settled by their sequence,
sequence gaps, indentation and Penjelasan checks."""

from __future__ import annotations

import itertools
import re

from bot.corpus.ingest.doc import Doc, Entry, Note, Pasal, Unplaced, join_parts
from bot.corpus.ocr import Change


def repair_orphan_ayat(doc: Doc) -> None:
    """Ayat numbers printed at the end of the previous Pasal: give them back when counts match.

    UU 20/2023 prints "(1)" "(2)" before "Pasal 7" and the two sentences of Pasal 7 after it.
    When a Pasal ends with empty ayat markers (1)..(k) and the next Pasal opens with exactly
    k unnumbered sentences (then ayat (k+1) or nothing), each sentence gets its number back.
    """
    for previous, pasal in itertools.pairwise(doc.pasals):
        orphans = _trailing_orphans(previous.entries)
        keys = [e.key for e in orphans]
        if not keys or keys != [str(n) for n in range(1, len(keys) + 1)]:
            continue
        lead = _leading_text(pasal.entries)
        renumbered = _as_ayat(lead, keys)
        following = pasal.entries[len(lead) :]
        next_ayat = next((e.key for e in following if e.kind == "ayat"), None)
        if renumbered is None or next_ayat not in (None, str(len(keys) + 1)):
            continue
        del previous.entries[-len(orphans) :]
        pasal.entries[: len(lead)] = renumbered
        for orphan in orphans:
            doc.fixes.append(
                Change(
                    orphan.lines[0],
                    "layout:ayat-number",
                    f"{orphan.marker} printed before Pasal {pasal.number}",
                    f"{orphan.marker} of Pasal {pasal.number}",
                )
            )


def _trailing_orphans(entries: list[Entry]) -> list[Entry]:
    orphans: list[Entry] = []
    for entry in reversed(entries):
        if entry.kind != "ayat" or entry.parts:
            break
        orphans.insert(0, entry)
    return orphans


def _leading_text(entries: list[Entry]) -> list[Entry]:
    lead: list[Entry] = []
    for entry in entries:
        if entry.kind == "ayat":
            break
        lead.append(entry)
    return lead


def _as_ayat(lead: list[Entry], keys: list[str]) -> list[Entry] | None:
    """Cut the unnumbered text into sentences (line ends with "." or ":") numbered `keys`;
    list items after a ":" stay in place. None unless the count matches exactly."""
    out: list[Entry] = []
    sentences = 0
    open_sentence: Entry | None = None
    for entry in lead:
        if entry.kind != "text":
            if open_sentence is not None or not out:
                return None
            out.append(entry)
            continue
        for part, line in zip(entry.parts, entry.lines, strict=True):
            if open_sentence is None:
                if sentences == len(keys):
                    return None
                key = keys[sentences]
                sentences += 1
                open_sentence = Entry("ayat", key, f"({key})", [], [])
                out.append(open_sentence)
            open_sentence.parts.append(part)
            open_sentence.lines.append(line)
            if part.endswith((".", ":")):
                open_sentence = None
    return out if sentences == len(keys) and open_sentence is None else None


def drop_orphans(doc: Doc, pasal: Pasal) -> None:
    kept = []
    for entry in pasal.entries:
        if entry.kind in ("ayat", "huruf", "angka") and not entry.parts:
            doc.unplaced.append(
                Unplaced(entry.lines[0], entry.marker, "item-without-text", f"Pasal {pasal.number}")
            )
            continue
        kept.append(entry)
    pasal.entries = kept


def fix_sequences(doc: Doc, entries: list[Entry], where: str, check: bool = True) -> None:
    """Settle marker glyphs that only the list's sequence can settle, then check the sequence."""
    items = [e for e in entries if e.kind != "text"]
    for index, entry in enumerate(items):
        before = items[index - 1] if index else None
        after = items[index + 1] if index + 1 < len(items) else None
        settled = _settle(entry, before, after, _previous_ayat(items, index))
        if settled is not None:
            _remark(doc, entry, *settled, "sequence:list-marker")
        elif entry.key.startswith("?"):
            entry.kind, entry.parts = "text", [entry.marker, *entry.parts]  # unproven: plain text
        if entry.kind == "angka" and entry.marker.endswith(")"):
            # "1)" sub-items: the corpus format (and its parser) writes angka as "1.".
            _remark(doc, entry, "angka", entry.key, f"{entry.key}.", "format:angka-marker")
    if check:
        _check_sequence(doc, items, where)


def _settle(
    entry: Entry, before: Entry | None, after: Entry | None, ayat_before: str | None
) -> tuple[str, str, str] | None:
    """(kind, key, marker) when the neighbours prove what a misread marker is."""
    if entry.key == "?" and after is not None and after.kind == "angka" and after.key == "2":
        return "angka", "1", "1."  # "f . ikut" before "2." is angka 1
    if entry.key.startswith("?") and len(entry.key) > 1 and before is not None:
        number = entry.key[1:]
        if before.kind == "angka" and before.key.isdigit() and int(before.key) + 1 == int(number):
            return "angka", number, f"{number}."  # "1 1. Menteri" after angka 10 is angka 11
    closed_k = (
        before is not None and before.key == "k" and not join_parts(before.parts).endswith(":")
    )
    if (entry.kind, entry.key) == ("angka", "1") and before and closed_k and before.kind == "huruf":
        return "huruf", "l", "l."  # "1. keadilan" after "k. ...;": the letter l read as 1
    if entry.key == "huruf:I" and before is not None and before.key == "huruf:k":
        return "pj", "huruf:l", "Huruf l"
    if entry.key == "ayat:a" and ayat_before == "3":
        return "pj", "ayat:4", "Ayat (4)"  # a 4 read as "a"
    return None


def _previous_ayat(items: list[Entry], index: int) -> str | None:
    for entry in reversed(items[:index]):
        if entry.key.startswith("ayat:"):
            return entry.key.split(":", 1)[1]
    return None


def _remark(doc: Doc, entry: Entry, kind: str, key: str, marker: str, rule: str) -> None:
    """Give an entry its settled marker and record the fix."""
    doc.fixes.append(Change(entry.lines[0], rule, entry.marker, marker))
    entry.kind, entry.key, entry.marker = kind, key, marker


def _check_sequence(doc: Doc, items: list[Entry], where: str) -> None:
    """Warn where a list skips a letter or number: a page is probably missing."""
    last: dict[str, str] = {}
    for entry in items:
        prefix = "pj-" if entry.kind == "pj" else ""
        level = prefix + (entry.key.split(":", 1)[0] if entry.kind == "pj" else entry.kind)
        key = entry.key.split(":", 1)[-1]
        previous = last.get(level)
        if previous is None and key not in ("1", "a"):
            doc.warnings.append(Note("list-opens", where, entry.marker, line=entry.lines[0]))
        elif previous is not None and _step(previous, key) not in (1, -1, None):
            label = _label(level.removeprefix("pj-"), previous, entry.kind)
            doc.warnings.append(Note("list-skips", where, entry.marker, label, entry.lines[0]))
        last[level] = key
        # A higher level restarts the lower ones.
        for lower in {"ayat": ("huruf", "angka"), "huruf": ("angka",)}.get(
            level.removeprefix(prefix), ()
        ):
            last.pop(prefix + lower, None)


def _step(previous: str, key: str) -> int | None:
    if previous.isdigit() and key.isdigit():
        return int(key) - int(previous) if int(key) != 1 else -1
    if len(previous) == 1 and len(key) == 1 and previous.isalpha() and key.isalpha():
        return ord(key.lower()) - ord(previous.lower()) if key.lower() != "a" else -1
    return None


def _label(level: str, key: str, kind: str) -> str:
    if kind == "pj":
        return {"ayat": f"Ayat ({key})", "huruf": f"Huruf {key}", "angka": f"Angka {key}"}[level]
    return {"ayat": f"({key})", "huruf": f"{key}.", "angka": f"{key}."}[level]


def indent(entries: list[Entry]) -> None:
    """Angka under a huruf get three spaces, as in the corpus format."""
    in_huruf = False
    for entry in entries:
        if entry.kind in ("ayat", "pj"):
            in_huruf = False
        elif entry.kind == "huruf":
            in_huruf = True
        elif entry.kind == "angka":
            entry.indent = in_huruf


def check_penjelasan(doc: Doc, pasal: Pasal) -> None:
    entries = pasal.pj_entries
    where = f"Penjelasan Pasal {pasal.number}"
    for index, entry in enumerate(entries):
        nxt = entries[index + 1] if index + 1 < len(entries) else None
        if (
            entry.kind == "pj"
            and (nxt is None or nxt.kind == "pj")
            and not _has_children(entries, index)
        ):
            doc.warnings.append(Note("pj-empty", where, entry.marker, line=entry.lines[0]))
        if (
            entry.kind == "text"
            and index
            and entries[index - 1].kind == "text"
            and entry.parts[0][:1].islower()
        ):
            doc.warnings.append(Note("pj-lowercase", where, line=entry.lines[0]))
        after_cukup = (
            entry.kind == "text"
            and nxt is not None
            and nxt.kind == "text"
            and join_parts(entry.parts).startswith("Cukup jelas")
        )
        if after_cukup or (
            entry.kind == "text" and re.match(r"^Cukup jelas\.?\s+\S", join_parts(entry.parts))
        ):
            doc.warnings.append(Note("pj-after-cukup", where, line=entry.lines[0]))


def _has_children(entries: list[Entry], index: int) -> bool:
    rank = {"ayat": 0, "huruf": 1, "angka": 2}
    level = rank[entries[index].key.split(":", 1)[0]]
    nxt = entries[index + 1] if index + 1 < len(entries) else None
    return nxt is not None and nxt.kind == "pj" and rank[nxt.key.split(":", 1)[0]] > level
