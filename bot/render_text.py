"""Plain-text rendering of an Answer for the console (`netral ask`, `netral chat`)."""

from __future__ import annotations

from bot.models import Answer

VERDICT_TEXT = {
    "dilarang": "⛔ DILARANG",
    "boleh": "✅ BOLEH",
    "boleh_bersyarat": "⚠️ BOLEH DENGAN SYARAT",
}
STATUS_TEXT = {"berlaku": "berlaku", "diubah": "diubah", "dicabut": "DICABUT"}
VERIFICATION_TEXT = {
    "verbatim": "",
    "kutipan_sekunder": " [kutipan sekunder, bukan teks resmi]",
    "ringkasan": " [ringkasan, bukan teks resmi]",
}
DISCLAIMER = "Informasi ini bukan nasihat hukum; rujuk teks resmi peraturan."


def render_answer(answer: Answer) -> str:
    lines: list[str] = []
    if answer.verdict:
        lines.append(VERDICT_TEXT[answer.verdict])
    lines.append(answer.answer)
    if answer.conditions:
        lines.append("Syarat:")
        lines.extend(f"  - {c}" for c in answer.conditions)
    if answer.sanction:
        lines.append(f"Sanksi: {answer.sanction}")
    for citation in answer.citations:
        lines.append(
            f"\n📖 {citation.label} ({STATUS_TEXT.get(citation.status, citation.status)}){VERIFICATION_TEXT.get(citation.verification, '')}"
        )
        lines.extend(f"   {line}" for line in citation.quote.splitlines())
        lines.append(f"   {citation.url}")
    lines.extend(f"\nℹ️ {note}" for note in answer.notes)
    if answer.found:
        lines.append(f"\n{DISCLAIMER}")
    return "\n".join(lines)
