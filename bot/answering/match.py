"""Stage 3, match: find the act a question is about among the curated rulings, then the ruling on
that act that applies to *this* asker, election and situation.

Phrasing similarity says which act (family) is asked about; `Ruling.applies` says for whom. A
ruling whose phrasings fit best but whose actor, election or modifiers do not is never used for its
verdict: another member of its family that does fit takes its place, or none does and the answer
carries no verdict.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from bot.answering.catalog import Catalog
from bot.core.frame import CIVIL_SERVANTS, STRIPPABLE, Frame
from bot.core.timing import outside_window
from bot.models import ACTORS, Applicability, Ruling


def misfit(applies: Applicability, frame: Frame) -> str | None:
    """Why a ruling does not apply to the frame ("actor", "election", "modifier", "intent",
    "window", "window_unclear"), or None."""
    # "Calon minta PNS ngumpulin KTP": the civil servant's own rule answers too.
    object_fits = bool(frame.object_actor) and frame.object_actor in applies.actors
    if (
        applies.actors
        and frame.actor != "unknown"
        and frame.actor not in applies.actors
        and not object_fits
    ):
        return "actor"
    if frame.asked_by in applies.actors and not applies.actors & _ASKER_MAY_BE:
        # "Pak bupati minta saya …": a rule written only for the one who asks is not the asker's.
        return "actor"
    if frame.election != "unknown" and frame.election not in applies.elections:
        return "election"
    mods = frame.mods
    if any(mods.get(name) != value for name, value in applies.requires):
        return "modifier"
    if any(mods.get(name) == value for name, value in applies.excludes):
        return "modifier"
    if applies.intents and frame.intent not in applies.intents and frame.intent != "lainnya":
        return "intent"
    if applies.window is not None and frame.lead_time is not None:
        return outside_window(frame.lead_time, *applies.window)
    return None


_PERMITS = frozenset({"boleh", "boleh_bersyarat"})
# Whom an official or a candidate tells to act: whoever may be the one asking.
_ASKER_MAY_BE = STRIPPABLE | {"unknown"}
# Actors whose questions the general civil-servant rulings do not answer.
_SPECIFIC_ACTORS = frozenset(
    {"pppk", "cpns", "kepala_daerah", "pejabat_negara", "kepala_desa", "calon", "tni_polri"}
    | {"bumn_bumd", "swasta", "honorer"}
)


def _for_this_actor(ruling: Ruling, frame: Frame) -> bool:
    """The ruling names the asker's kind of actor (not merely "everyone")."""
    actors = ruling.applies.actors
    return frame.actor in _SPECIFIC_ACTORS and frame.actor in actors and len(actors) < len(ACTORS)


def _conflicted(
    pick: Ruling, score: float, fitting: list[tuple[Ruling, float]], conflict_margin: float
) -> bool:
    """An applicable ruling of the opposite direction matches about as well as the pick."""
    if pick.verdict is None:
        return False
    opposite = {"dilarang"} if pick.verdict in _PERMITS else _PERMITS
    # Only rulings on the same act compete ("hadir pasif" vs "hadir dengan atribut"); a ruling on
    # another act that happens to score close ("hak pilih" beside "status WA") is no conflict.
    return any(
        r.verdict in opposite and s >= score - conflict_margin and r.family == pick.family
        for r, s in fitting
        if r is not pick
    )


def _speaks_to(ruling: Ruling, frame: Frame, best: Ruling) -> bool:
    """A question that names no actor is a civil servant's: another actor's ruling (a village
    head's, a private employee's) stands in only when its own phrasings matched best."""
    actors = ruling.applies.actors
    return frame.actor != "unknown" or not actors or bool(actors & CIVIL_SERVANTS) or ruling is best


def _same_act(ruling: Ruling, best: Ruling) -> bool:
    """The ruling is on the best-matching ruling's act, or is a scope ruling serving it."""
    return ruling.family == best.family or best.family in ruling.serves


def _family_tops(
    ranked: Sequence[tuple[Ruling, float]], misfits: Mapping[str, str | None]
) -> dict[str, float]:
    """Each act's best match among its rulings for this asker's kind and election: another actor's
    or election's version of the act does not compete, it is the same act."""
    tops: dict[str, float] = {}
    for ruling, score in ranked:
        if misfits[ruling.id] not in ("actor", "election"):
            tops[ruling.family] = max(tops.get(ruling.family, score), score)
    return tops


@dataclass(frozen=True)
class _Gate:
    """Which applicable rulings near the best match may answer for it, so that no verdict is
    borrowed from another act."""

    frame: Frame
    best: Ruling
    best_score: float
    best_misfit: str | None
    permit_min: float
    conflict_margin: float
    family_tops: Mapping[str, float]
    has_stand_in: bool  # the best act has a ruling for this asker (a scope ruling, a sibling)

    def admits(self, ruling: Ruling, score: float) -> bool:
        if ruling.verdict in _PERMITS and not self._may_permit(ruling, score):
            return False
        return self._own_act(ruling, score) and self._not_borrowed(ruling, score)

    def _as_good(self, score: float) -> bool:
        return score >= self.best_score - self.conflict_margin

    def _own_act(self, ruling: Ruling, score: float) -> bool:
        # Another act's ruling answers only as that act's best match: when a sibling matched
        # better through a situation the question does not state (a mutation *with* the
        # Minister's approval, for a question about a programme that merely resembles one), its
        # act is not what was asked.
        if ruling.family == self.best.family or ruling.serves:
            return True
        return score >= self.family_tops.get(ruling.family, score)

    def _may_permit(self, ruling: Ruling, score: float) -> bool:
        # "Boleh" is the costlier mistake: only on a firm match, about the best-matching act, about
        # another act that matches as well, or written for this asker when the best match is
        # another actor's rule (its phrasings name the act differently). Never when civil
        # servants mobilise others for a candidate (PP 94/2021 Pasal 5 huruf n).
        frame = self.frame
        if frame.modifier("mobilising") == "yes" and (
            frame.actor == "unknown" or frame.actor in CIVIL_SERVANTS
        ):
            return False
        about_it = (
            ruling.family == self.best.family
            or self._as_good(score)
            or (self.best_misfit == "actor" and _for_this_actor(ruling, frame))
        )
        return score >= self.permit_min and about_it

    def _not_borrowed(self, ruling: Ruling, score: float) -> bool:
        # When the act has a stand-in for this asker ("you are not ASN"), another act's ruling
        # for them (a BUMN campaign-team rule, asked about party membership) does not answer
        # instead unless it matches as well.
        return not self.has_stand_in or _same_act(ruling, self.best) or self._as_good(score)


@dataclass(frozen=True)
class Choice:
    """The ruling to answer from (or None), and what matching saw."""

    ruling: Ruling | None
    score: float  # the chosen ruling's match (a stand-in inherits the act's)
    best: Ruling | None  # the ruling whose phrasings fit best, applicable or not
    best_misfit: str | None  # why `best` does not apply, if it does not
    act_score: float = 0.0  # how well the best act matched, whether or not its ruling applies


def choose(
    frame: Frame,
    scores: Mapping[str, float],
    catalog: Catalog,
    margin: float,
    verdict_bonus: float = 0.0,
    floor: float = 0.0,
    conflict_margin: float = 0.0,
    actor_bonus: float = 0.0,
    permit_min: float = 0.0,
    criminal_bonus: float = 0.0,
) -> Choice:
    """The applicable ruling for the act the question is about.

    The best applicable ruling is used when its phrasings match nearly as well as any ruling's
    (within `margin`): it is about the same act. Otherwise a member of the best-matching ruling's
    family that applies stands in for it, with that ruling's score (the act matched; the curators
    declared the alternative). Otherwise there is no ruling, and no verdict. A ruling of another
    family than the best-matching one is used only as its own act's best match, and a permission
    only about the act that matched (or one matching as well), never for mobilising others.

    Args:
        frame: the question's frame.
        scores: ruling id → phrasing match score (0..1), for every ruling.
        catalog: rulings and families.
        margin: how far below the best match an applicable ruling may score.
        verdict_bonus: added to prohibitions when the question asks what an act costs (the act's
            own ruling, which names its sanction, beats a general sanctions entry; a question
            about a sanction presupposes a prohibition, not a permission).
        floor: the least a stand-in's own phrasings must match.
        conflict_margin: when a ruling that allows and one that forbids the same act both apply
            and score within this of each other, the question is ambiguous: no verdict.
        actor_bonus: added to rulings written for the asker's own kind of actor (a village head's
            ruling for a village head's question), whose phrasings may word the act differently.
        permit_min: the least a ruling that allows an act must match to be used: saying "boleh"
            on a weak match is the costlier mistake.
        criminal_bonus: added to rulings whose sanction is criminal when the question asks about
            criminal liability ("pidananya apa?"): the act is the same, the answer sought is the
            criminal article, not the disciplinary one.

    Returns:
        The Choice; `ruling` is None when no ruling on a matching act applies.
    """
    bonus = verdict_bonus if frame.intent == "sanksi" else 0.0
    criminal = frame.modifier("liability") == "criminal"

    known = [(catalog.rulings[rid], s) for rid, s in scores.items() if rid in catalog.rulings]
    top_ruling, top = max(known, key=lambda pair: pair[1], default=(None, 0.0))
    top_family = top_ruling.family if top_ruling is not None else None

    def adjusted(ruling: Ruling, score: float) -> float:
        lifted = score + (bonus if ruling.verdict == "dilarang" else 0.0)
        if criminal and ruling.sanction is not None and ruling.sanction.level == "pidana":
            lifted += criminal_bonus
        # Only a ruling on the best-matching act, already near it, is lifted: the bonus prefers
        # the asker's ruling on the same act, it never makes another act win.
        if score >= top - margin and ruling.family == top_family and _for_this_actor(ruling, frame):
            lifted += actor_bonus
        return lifted

    ranked = sorted(
        (
            (catalog.rulings[rid], adjusted(catalog.rulings[rid], s))
            for rid, s in scores.items()
            if rid in catalog.rulings
        ),
        key=lambda pair: -pair[1],
    )
    if not ranked:
        return Choice(None, 0.0, None, None)
    # Scope rulings ("you are not ASN") serve many acts and never define which act is asked.
    acts = [(r, s) for r, s in ranked if not r.serves] or ranked
    best, best_score = acts[0]
    misfits = {r.id: misfit(r.applies, frame) for r, _ in ranked}
    best_misfit = misfits[best.id]
    fitting = [(r, s) for r, s in ranked if misfits[r.id] is None and _speaks_to(r, frame, best)]

    # A scope ruling ("you are not ASN") answers only when no ruling on the act itself applies,
    # or when the question asks who the rules bind and the scope ruling is for this asker.
    def scope_last(pair: tuple[Ruling, float]) -> tuple[bool, float]:
        ruling, score = pair
        own = frame.intent == "definisi" and _for_this_actor(ruling, frame)
        return (bool(ruling.serves) and not own, -score)

    fitting.sort(key=scope_last)

    # A stand-in for a ruling on the same act that does not apply to this asker or election.
    # The asker's own general ruling on the act (a PPPK's, declared to serve it) stands in on the
    # act's match, whatever its own phrasings say; it also covers a situation the act's ruling
    # for this asker leaves out (a PPPK mobilising others).
    def general(r: Ruling) -> bool:
        return bool(r.serves) and _for_this_actor(r, frame)

    members = [
        r
        for r, s in fitting
        if _same_act(r, best)
        and (s >= floor or general(r))
        and (best_misfit in ("actor", "election") or (best_misfit == "modifier" and general(r)))
    ]
    gate = _Gate(
        frame, best, best_score, best_misfit, permit_min, conflict_margin,
        _family_tops(ranked, misfits), bool(members),
    )  # fmt: skip
    close = [(r, s) for r, s in fitting if s >= best_score - margin and gate.admits(r, s)]
    if close:
        pick, score = close[0]
        if _conflicted(pick, score, fitting, conflict_margin):
            return Choice(None, best_score, best, "conflict", best_score)
        return Choice(pick, score, best, best_misfit, best_score)
    if members:
        return Choice(members[0], best_score, best, best_misfit, best_score)
    return Choice(None, best_score, best, best_misfit, best_score)
