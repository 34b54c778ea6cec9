"""Indonesian text of the answers the engine composes (declines, look-ups, openers, notes).

Plain text with `{placeholders}`; front ends escape it when they render HTML. Telegram's own UI
strings live in bot/tg/texts.py.
"""

from __future__ import annotations

CHANNELS = (
    "Untuk kepastian, tanyakan ke bagian kepegawaian (PPK) instansi Anda atau BKN. "
    "Dugaan pelanggaran pemilu/pilkada dapat dilaporkan ke Bawaslu setempat."
)
NOT_COVERED = (
    "Maaf, korpus Netral belum memuat ketentuan yang menjawab pertanyaan ini, jadi Netral tidak "
    "akan menebak."
)
ENDORSEMENT = (
    "Netral bersikap netral: Netral tidak menilai, mendukung, atau mengkritik calon maupun partai "
    "politik mana pun. Netral hanya menjelaskan apa yang boleh dan tidak boleh dilakukan ASN "
    "menurut peraturan."
)
OFF_TOPIC = (
    "Pertanyaan ini di luar cakupan Netral. Netral hanya menjawab soal netralitas ASN (PNS dan "
    "PPPK) dalam Pemilu dan Pilkada: apa yang boleh, apa yang dilarang, sanksinya, dan ke mana "
    "melapor."
)
OFF_TOPIC_CHANNEL = "Untuk pertanyaan ini, silakan bertanya ke {channel}."
EMPTY = 'Pertanyaannya kosong. Tulis pertanyaan Anda, misalnya: "Bolehkah PNS ikut kampanye?"'

MISSING_REGULATION = (
    "Korpus Netral tidak memuat {names}, jadi Netral tidak dapat menjawab berdasarkan peraturan "
    "itu dan tidak akan menjawabnya dari peraturan lain. Ketiadaannya di korpus tidak berarti "
    "peraturan itu tidak ada; periksa teks resminya di JDIH instansi penerbitnya."
)
MISSING_ARTICLE = (
    "{label} tidak ada dalam korpus Netral, jadi Netral tidak dapat mengutip atau menafsirkannya. "
    "Ketiadaannya di korpus tidak berarti pasal itu tidak ada; periksa teks resminya di {url}."
)
ARTICLE = "Bunyi {label} menurut korpus Netral (lihat kutipan)."
ARTICLE_REVOKED = (
    "{label} berasal dari {short}, yang sudah dicabut{replaced}; kutipannya hanya sebagai riwayat."
)
ARTICLE_REPLACED = "Ketentuan itu kini diatur dalam {labels}."
ARTICLE_NO_SUCCESSOR = "Korpus Netral tidak memetakan pasal penggantinya."
QUOTE_FOUND = "Kalimat itu terdapat dalam {label} ({status})."
DEFINITION = "Pengertiannya menurut {labels} (lihat kutipan)."
STATUS_WORD = {"berlaku": "berlaku", "diubah": "sudah diubah", "dicabut": "sudah dicabut"}

BASIS = "Dasar hukumnya: {labels}."
NO_RULING = (
    "Netral tidak punya jawaban baku untuk pertanyaan ini, jadi Netral tidak menyimpulkan "
    "boleh/tidaknya. Ketentuan yang paling relevan: {labels}; bacalah kutipannya untuk menilai "
    "situasi Anda."
)
NO_RULING_FOR_ACTOR = (
    "Jawaban baku Netral untuk pertanyaan serupa berlaku bagi {ruled}, bukan bagi {actor}, jadi "
    "Netral tidak menyimpulkan boleh/tidaknya untuk {actor}."
)
RELATED = "Ketentuan lain yang relevan: {labels}."
ACTOR_LABEL = {
    "pns": "PNS",
    "cpns": "CPNS",
    "pppk": "PPPK",
    "asn": "ASN",
    "pejabat_struktural": "pejabat struktural",
    "pejabat_fungsional": "pejabat fungsional",
    "kepala_daerah": "kepala daerah",
    "pejabat_negara": "pejabat negara",
    "kepala_desa": "kepala desa/perangkat desa",
    "calon": "calon/tim kampanye",
    "tni_polri": "anggota TNI/Polri",
    "bumn_bumd": "pegawai BUMN/BUMD",
    "swasta": "karyawan swasta/warga",
    "honorer": "pegawai non-ASN",
    "unknown": "penanya",
}
REVOKED_NOTE = "{short} sudah dicabut{replaced}; kutipannya hanya sebagai riwayat."
REPLACED_BY = " dan diganti {short}"
NOT_VERBATIM_NOTE = (
    "Kutipan bertanda ringkasan/kutipan sekunder bukan teks resmi; periksa dokumen aslinya."
)
