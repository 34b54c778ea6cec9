"""Plain-text rendering of an Answer for the console (`netral ask`, `netral chat`).

The labels are the Telegram ones (bot/tg/texts.py holds every Indonesian UI string; it imports
nothing from python-telegram-bot), so the console and the bot say the same thing.
"""

from __future__ import annotations

from bot.models import Answer
from bot.tg.texts import DISCLAIMER, NOT_VERBATIM, STATUS_BADGE, VERDICT


def render_answer(answer: Answer) -> str:
    lines: list[str] = []
    if answer.verdict:
        lines.append(VERDICT[answer.verdict].upper())
    lines.append(answer.answer)
    if answer.conditions:
        lines.append("Syarat:")
        lines.extend(f"  - {c}" for c in answer.conditions)
    if answer.sanction:
        lines.append(f"Sanksi: {answer.sanction}")
    for citation in answer.citations:
        marker = f" [{NOT_VERBATIM[citation.verification]}]" if citation.verification in NOT_VERBATIM else ""
        status = STATUS_BADGE.get(citation.status, citation.status)
        lines.append(f"\n📖 {citation.label} ({status}){marker}")
        lines.extend(f"   {line}" for line in citation.quote.splitlines())
        lines.append(f"   {citation.url}")
    lines.extend(f"\nℹ️ {note}" for note in answer.notes)
    if answer.found:
        lines.append(f"\n{DISCLAIMER}")
    return "\n".join(lines)
