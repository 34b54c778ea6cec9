"""Is a question about ASN conduct around elections at all?

Words like "UU", "Pasal", "pemerintah", "dilarang" or "pemilu" are not enough: a question is in
scope when it names conduct the neutrality rules govern (campaigning, supporting a candidate,
party membership, candidacy, neutrality itself, its sanctions and reporting). A question about
another area of law or life (tax, labour, marriage, ...) is out of scope even when it mentions
civil servants or elections. Pure: the caller decides what a strong ruling match overrides.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from bot.core.frame import PhraseMatcher
from bot.core.normalize import words

# Conduct the corpus governs (raw and glossary-normalised forms).
CONDUCT = [
    "kampanye",
    "kampanyekan",
    "berkampanye",
    "mengkampanyekan",
    "calon",
    "caleg",
    "capres",
    "cawapres",
    "cagub",
    "cabup",
    "cawalkot",
    "cakada",
    "paslon",
    "kandidat",
    "nyaleg",
    "nyalon",
    "mencalonkan",
    "pencalonan",
    "dicalonkan",
    "partai",
    "parpol",
    "politik",
    "politis",
    "netral",
    "netralitas",
    "memihak",
    "keberpihakan",
    "berpihak",
    "partisan",
    "dukung",
    "dukungan",
    "mendukung",
    "timses",
    "pemenangan",
    "relawan",
    "simpatisan",
    "deklarasi",
    "baliho",
    "spanduk",
    "banner",
    "atribut",
    "alat",
    "peraga",
    "stiker",
    "twibbon",
    "coblos",
    "nyoblos",
    "mencoblos",
    "golput",
    "petahana",
    "incumbent",
    "konstituen",
    "jurkam",
    "pilkada",
    "pilpres",
    "pileg",
    "campaign",
    "campaigning",
    "candidate",
    "candidates",
    "party",
    "neutrality",
    "neutral",
    "endorse",
    "partisan",
    "rally",
    "kasn",
    "bawaslu",
    "panwaslu",
    "gakkumdu",
    "kpps",
    "pps",
    "ppk",
    "ppd",
    "kpu",
    "penyelenggara",
    "sekretariat",
]
CONDUCT_PHRASES = (
    "tim sukses", "tim kampanye", "tim pemenangan", "hak pilih", "hak memilih", "memilih calon",
    "pasangan calon", "bakal calon", "sanksi moral", "kode etik", "politik praktis",
    "pemberian barang", "politik uang", "kartu tanda penduduk", "fotokopi kartu tanda penduduk",
    "penggantian pejabat", "mutasi pejabat", "surat dukungan", "pelanggaran netralitas",
    "menguntungkan atau merugikan", "menguntungkan salah satu", "foto bersama", "mengundurkan diri",
    "political party", "campaign team", "vote for", "cuti di luar tanggungan negara",
    "peserta pemilu", "peserta pemilihan",
)  # fmt: skip
# Who the rules bind ("CPNS termasuk ASN?", "bedanya PNS sama PPPK?"): a question about the
# neutrality rules' own subjects is in scope without naming any conduct.
_SUBJECTS = ("asn", "pns", "pppk", "p3k", "pegawai asn", "aparatur sipil negara", "civil servant")
MEMBERSHIP_PHRASES = tuple(
    phrase
    for subject in _SUBJECTS
    for phrase in (
        f"termasuk {subject}", f"apa itu {subject}", f"singkatan {subject}", f"{subject} itu singkatan",
        f"kepanjangan {subject}", f"beda {subject}", f"bedanya {subject}", f"perbedaan {subject}",
        f"bedanya sama {subject}", f"bedanya dengan {subject}", f"pengertian {subject}",
    )
)  # fmt: skip
_SUBJECT_WORDS = frozenset({"asn", "pns", "pppk", "p3k"})
# Discipline and ethics: in scope when a ruling on them matches well (neutrality is enforced by
# them), but not enough on their own to bring "sanksi PNS bolos kerja" into scope.
DISCIPLINE = [
    "sanksi",
    "hukuman",
    "disiplin",
    "dihukum",
    "tukin",
    "ptdh",
    "diberhentikan",
    "pemberhentian",
    "dipecat",
    "pelanggaran",
    "melanggar",
    "etik",
    "majelis",
    "banding",
    "keberatan",
    "penalty",
    "sanction",
    "discipline",
    "disciplinary",
]
DISCIPLINE_PHRASES = ("tunjangan kinerja", "upaya administratif", "kode etik", "hukuman disiplin")

# Asking whether a regulation still holds ("UU 5/2014 masih berlaku gak?"): in scope when the
# question also names a regulation Netral holds and a ruling on its status matches.
STATUS_PHRASES = (
    "masih berlaku", "tidak berlaku", "sudah dicabut", "udah dicabut", "dicabut", "masih dipakai",
    "masih dipake", "masih digunakan", "still in force", "still valid", "revoked", "repealed",
    "no longer in force",
)  # fmt: skip

# Other areas of law or life. A *topic* word puts the question elsewhere even when it mentions
# civil servants or elections ("ASN yang jadi KPPS wajib bayar pajak?"); a *circumstance* word does
# so only when the question names no election conduct ("cuti tahunan berapa hari?" is elsewhere,
# "PNS yang lagi cuti tahunan jadi MC kampanye" is not).
FOREIGN_TOPICS = (
    "pajak", "spt", "npwp", "pph", "ppn", "efin", "bpjs", "jkn", "pesangon", "phk", "umr", "ump",
    "upah minimum", "thr", "warisan", "waris", "cerai", "perceraian", "nikah siri", "hak asuh",
    "nafkah", "sertifikat tanah", "shm", "imb", "kripto", "crypto", "bitcoin", "saham", "reksadana",
    "pinjol", "pinjaman online", "ojk", "leasing", "kartu kredit", "debt collector", "tilang", "stnk",
    "bpkb", "waralaba", "franchise", "nib", "akta pendirian", "hak cipta", "merek dagang", "paten",
    "kdrt", "narkoba", "narkotika", "penipuan", "pencurian", "refund", "garansi", "e-commerce",
    "marketplace", "gaji ke-13", "gaji ke 13", "gaji ketiga belas", "tunjangan anak", "taspen",
    "honor kpps", "honorarium", "gaji kpps", "ambang batas", "parliamentary threshold",
    "quick count", "hitung cepat", "e-voting", "tax", "income tax", "severance", "minimum wage",
    "divorce", "inheritance", "land certificate", "cryptocurrency", "traffic ticket", "trademark",
    "copyright", "vote counting", "threshold",
)  # fmt: skip
FOREIGN_CIRCUMSTANCES = (
    "tanah", "pernikahan", "sim", "cv", "perseroan", "oss", "data pribadi", "kebocoran data",
    "pencemaran nama baik", "konsumen", "pensiun", "absensi", "presensi", "cuti tahunan",
    "cuti melahirkan", "cuti besar", "cuti sakit", "tugas belajar", "izin belajar",
    "sertifikasi guru", "tpp", "formasi cpns", "daftar cpns", "tes cpns", "skd", "skb cpns",
    "seleksi pppk", "daftar pppk", "penghitungan suara", "rekapitulasi", "surat suara", "dpt",
    "daftar pemilih", "dana kampanye", "sumbangan dana kampanye", "sengketa hasil", "hasil pemilu",
    "jadwal pemilu", "stock", "loan", "consumer", "pension", "annual leave", "maternity leave",
    "toko", "pembeli", "penjual", "pkwt", "pkwtt", "kontrak kerja", "kompensasi", "karyawan tetap",
)  # fmt: skip


@dataclass(frozen=True)
class ScopeSignals:
    conduct: bool  # names conduct the neutrality rules govern
    discipline: bool  # names discipline or ethics
    status: bool  # asks whether a regulation is still in force
    topics: tuple[str, ...]  # topic words of another area of law or life
    circumstances: tuple[str, ...]  # circumstance words of another area

    @property
    def elsewhere(self) -> bool:
        """The question is about another area of law or life."""
        return bool(self.topics) or (bool(self.circumstances) and not self.conduct)


# "calon PNS" is a probationary civil servant, not a candidate.
NOT_CONDUCT = ("calon pegawai negeri sipil", "calon pns", "calon asn", "calon pppk")
_CONDUCT = PhraseMatcher(
    [(w, True) for w in CONDUCT]
    + [(p, True) for p in CONDUCT_PHRASES]
    + [(p, True) for p in MEMBERSHIP_PHRASES]
    + [(p, False) for p in NOT_CONDUCT]
)
_DISCIPLINE = PhraseMatcher([(w, w) for w in DISCIPLINE] + [(p, p) for p in DISCIPLINE_PHRASES])
_STATUS = PhraseMatcher([(p, True) for p in STATUS_PHRASES])
_FOREIGN = PhraseMatcher(
    [(p, ("topic", p)) for p in FOREIGN_TOPICS]
    + [(p, ("circumstance", p)) for p in FOREIGN_CIRCUMSTANCES]
)


def scope_signals(texts: Sequence[str]) -> ScopeSignals:
    """What the question (as typed and as normalised) says about its scope."""
    conduct = discipline = status = False
    found: dict[str, list[str]] = {"topic": [], "circumstance": []}
    for text in texts:
        # "a candidate's event" names a candidate
        tokens = [t.removesuffix("'s").removesuffix("’s") for t in words(text)]
        conduct = (
            conduct
            or any(m.value for m in _CONDUCT.find(tokens))
            or len(_SUBJECT_WORDS.intersection(tokens)) >= 2  # "bedanya ASN, PNS, PPPK?"
        )
        discipline = discipline or bool(_DISCIPLINE.find(tokens))
        status = status or bool(_STATUS.find(tokens))
        for m in _FOREIGN.find(tokens):
            found[m.value[0]].append(m.value[1])
    return ScopeSignals(
        conduct,
        discipline,
        status,
        tuple(dict.fromkeys(found["topic"])),
        tuple(dict.fromkeys(found["circumstance"])),
    )
