"""Ruling selection: the act by phrasing, the ruling by who asks, which election, what situation."""

from __future__ import annotations

from bot.answering.catalog import Catalog
from bot.answering.match import choose, misfit
from bot.core.frame import Frame
from bot.corpus.knowledge import Knowledge
from bot.corpus.loader import Corpus
from bot.models import Applicability, Ruling

PNS = frozenset({"pns", "cpns", "asn", "pejabat_struktural", "pejabat_fungsional"})


def ruling(
    rid: str,
    verdict: str | None,
    actors: frozenset[str] = PNS,
    family: str = "kampanye",
    **applies: object,
) -> Ruling:
    return Ruling(
        rid,
        "t",
        ("q",),
        verdict,
        "jawaban",
        ("x",),
        family=family,
        applies=Applicability(actors, **applies),
    )  # type: ignore[arg-type]


RULINGS = [
    ruling("hadir-pasif", "boleh_bersyarat", excludes=(("attributes", "with"),)),
    ruling("hadir-atribut", "dilarang", excludes=(("attributes", "without"),)),
    ruling("kades-kampanye", "dilarang", frozenset({"kepala_desa"})),
    ruling("pidana-pemilu", "dilarang", family="pidana", elections=frozenset({"pemilu"})),
    ruling("pidana-pilkada", None, family="pidana", elections=frozenset({"pilkada"})),
    ruling("lingkup-swasta", None, frozenset({"swasta"}), family="lingkup"),
]
CATALOG = Catalog.build(Corpus(), Knowledge(rulings=RULINGS), "oos:")
for r in RULINGS[-1:]:
    CATALOG.rulings[r.id] = Ruling(**{**r.__dict__, "serves": ("kampanye",)})


def test_a_ruling_for_another_actor_never_lends_its_verdict() -> None:
    assert misfit(RULINGS[0].applies, Frame(actor="kepala_desa")) == "actor"
    scores = {"hadir-pasif": 0.7, "hadir-atribut": 0.5, "kades-kampanye": 0.4}
    chosen = choose(Frame(actor="kepala_desa"), scores, CATALOG, 0.15)
    assert chosen.ruling is not None
    assert chosen.ruling.id == "kades-kampanye"  # the family's village-head ruling stands in
    assert chosen.best_misfit == "actor"


def test_a_modifier_moves_the_answer_to_the_ruling_for_that_situation() -> None:
    scores = {"hadir-pasif": 0.7, "hadir-atribut": 0.6}
    frame = Frame(actor="pns", modifiers=(("attributes", "with"),))
    assert choose(frame, scores, CATALOG, 0.15).ruling.id == "hadir-atribut"  # type: ignore[union-attr]
    frame = Frame(actor="pns", modifiers=(("attributes", "without"),))
    assert choose(frame, scores, CATALOG, 0.15).ruling.id == "hadir-pasif"  # type: ignore[union-attr]


def test_the_election_selects_its_own_law() -> None:
    scores = {"pidana-pemilu": 0.6, "pidana-pilkada": 0.55}
    assert (
        choose(Frame(actor="pns", election="pilkada"), scores, CATALOG, 0.15).ruling.id
        == "pidana-pilkada"
    )  # type: ignore[union-attr]
    assert (
        choose(Frame(actor="pns", election="pemilu"), scores, CATALOG, 0.15).ruling.id
        == "pidana-pemilu"
    )  # type: ignore[union-attr]


def test_no_applicable_ruling_means_no_verdict() -> None:
    chosen = choose(Frame(actor="tni_polri"), {"hadir-pasif": 0.7}, CATALOG, 0.15)
    assert chosen.ruling is None
    assert chosen.act_score == 0.7


def test_an_allow_and_a_forbid_ruling_this_close_give_no_verdict() -> None:
    scores = {"hadir-pasif": 0.61, "hadir-atribut": 0.60}
    chosen = choose(Frame(actor="pns"), scores, CATALOG, 0.15, conflict_margin=0.04)
    assert chosen.ruling is None
    assert chosen.best_misfit == "conflict"


def test_a_scope_ruling_answers_only_when_nothing_on_the_act_applies() -> None:
    scores = {"lingkup-swasta": 0.8, "hadir-pasif": 0.5}
    assert choose(Frame(actor="swasta"), scores, CATALOG, 0.15).ruling.id == "lingkup-swasta"  # type: ignore[union-attr]
    assert choose(Frame(actor="pns"), scores, CATALOG, 0.15).ruling.id == "hadir-pasif"  # type: ignore[union-attr]


def _catalog(*rulings: Ruling) -> Catalog:
    return Catalog.build(Corpus(), Knowledge(rulings=list(rulings)), "oos:")


def test_a_sibling_beaten_by_its_own_family_does_not_answer_for_another_act() -> None:
    kd = frozenset({"kepala_daerah"})
    catalog = _catalog(
        ruling("baliho", "dilarang", family="baliho"),
        ruling("mutasi-izin", "boleh_bersyarat", kd, "mutasi", requires=(("approval", "with"),)),
        ruling("mutasi", "dilarang", kd, "mutasi", excludes=(("approval", "with"),)),
    )
    scores = {"baliho": 0.5, "mutasi-izin": 0.45, "mutasi": 0.4}
    # Its act matched better through the approval the question does not mention: a borrowing.
    assert choose(Frame(actor="kepala_daerah"), scores, catalog, 0.15).ruling is None
    scores["mutasi"] = 0.46  # now it is its own act's best match
    chosen = choose(Frame(actor="kepala_daerah"), scores, catalog, 0.15).ruling
    assert chosen is not None
    assert chosen.id == "mutasi"


def test_a_permission_comes_only_from_the_act_that_matched() -> None:
    catalog = _catalog(
        ruling("atribut", "dilarang", family="atribut", requires=(("attributes", "with"),)),
        ruling("hak-pilih", "boleh", family="hak-pilih"),
    )
    frame = Frame(actor="pns")
    scores = {"atribut": 0.6, "hak-pilih": 0.5}
    assert choose(frame, scores, catalog, 0.15, conflict_margin=0.04).ruling is None
    scores["hak-pilih"] = 0.58  # another act that matches as well is a fair reading
    chosen = choose(frame, scores, catalog, 0.15, conflict_margin=0.04).ruling
    assert chosen is not None
    assert chosen.id == "hak-pilih"


def test_mobilising_others_is_never_answered_with_a_permission() -> None:
    scores = {"hadir-pasif": 0.7}
    frame = Frame(actor="pns", modifiers=(("mobilising", "yes"),))
    assert choose(frame, scores, CATALOG, 0.15).ruling is None
    assert choose(Frame(actor="pns"), scores, CATALOG, 0.15).ruling is not None


def test_another_acts_rule_for_this_asker_does_not_outrank_the_acts_scope_answer() -> None:
    bumn = frozenset({"bumn_bumd"})
    scope = ruling("lingkup-bumn", None, bumn, "lingkup")
    catalog = _catalog(
        ruling("anggota-parpol", "dilarang", family="partai"),
        ruling("bumn-tim-kampanye", "dilarang", bumn, "tim-kampanye"),
        Ruling(**{**scope.__dict__, "serves": ("partai",)}),
    )
    scores = {"anggota-parpol": 0.67, "bumn-tim-kampanye": 0.61, "lingkup-bumn": 0.55}
    chosen = choose(Frame(actor="bumn_bumd"), scores, catalog, 0.15, conflict_margin=0.04)
    assert chosen.ruling is not None
    assert chosen.ruling.id == "lingkup-bumn"  # "you are not ASN", not a campaign-team verdict
