"""Every user-facing Indonesian string: the answers the engine composes (declines, look-ups,
openers, notes) and the Telegram screens below them.

Plain text with `{placeholders}`; front ends escape it when they render HTML. One module, with no
imports, so domain code and every front end share it without depending on each other.
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
NO_SUCH_ARTICLE = (
    "{short} hanya terdiri atas Pasal 1 sampai Pasal {last} (korpus Netral memuat teks lengkapnya), "
    "jadi tidak ada {pasal} di dalamnya. Periksa kembali nomor pasal atau nama peraturannya; "
    "teks resminya: {url}."
)
PART_NOT_HELD = (
    "Korpus Netral hanya memuat sebagian {short} dan tidak memuat ketentuannya yang menjawab "
    "pertanyaan ini (jika ada); Netral tidak menjawabnya dari peraturan lain. Teks resminya: {url}."
)
IN_PREDECESSOR = (
    "{pasal} ada dalam {old}, yang sudah dicabut dan diganti {new}; bunyinya sebagai riwayat: "
    "/pasal {id} {number}."
)
ARTICLE = "Bunyi {label} menurut korpus Netral (lihat kutipan)."
ARTICLE_REVOKED = (
    "{label} berasal dari {short}, yang sudah dicabut{replaced}; kutipannya hanya sebagai riwayat."
)
ARTICLE_REPLACED = "Ketentuan itu kini diatur dalam {labels}."
REGULATION_REVOKED = (
    "{short} sudah dicabut dan dinyatakan tidak berlaku oleh {new} ({label}); kutipan {short} di"
    " Netral hanya sebagai riwayat."
)
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
OUTSIDE_WINDOW = (
    "Larangan itu hanya berlaku dalam {months} bulan sebelum {event}; {said} sebelum {event} "
    "berada di luar jangka itu, jadi larangan tersebut tidak mengenainya ({labels}). Netral tidak "
    "menyimpulkan boleh/tidaknya dari ketentuan lain."
)
WINDOW_UNCLEAR = (
    "Larangan itu berlaku dalam {months} bulan sebelum {event}. Waktu yang Anda sebut ({said} "
    "sebelum {said_event}) belum tentu masuk jangka itu: periksa tanggal {event} dalam jadwal "
    "KPU. Netral tidak menyimpulkan boleh/tidaknya ({labels})."
)
WINDOW_EVENT = {
    "penetapan_paslon": "tanggal penetapan pasangan calon",
    "pemungutan": "hari pemungutan suara",
    "unknown": "peristiwa yang Anda sebut",
}
WATCHING = (
    "Yang Anda tanyakan adalah mendata, merekam, atau mengawasi orang lain, bukan perbuatan yang "
    "dicatat itu sendiri. Korpus Netral tidak memuat ketentuan khusus tentang itu, jadi Netral "
    "tidak menyimpulkan boleh/tidaknya. Ketentuan tentang perbuatan itu sendiri: {labels}. "
    "Dugaan pelanggaran netralitas dapat dilaporkan ke Bawaslu atau BKN."
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


# --- Telegram screens (strings holding HTML are marked _HTML; their {placeholders} must
# receive escaped values, which bot/tg/render.py does). Plain strings go without a parse mode.

# The command menu per scope (bot/tg/app.py publishes it with setMyCommands at start-up).
COMMANDS_PRIVATE: list[tuple[str, str]] = [
    ("tanya", "Tanyakan boleh/tidaknya suatu tindakan ASN"),
    ("faq", "Jelajahi pertanyaan yang sering diajukan"),
    ("pasal", "Baca satu pasal, mis. /pasal PP 94/2021 Pasal 5"),
    ("sumber", "Daftar peraturan yang menjadi sumber"),
    ("lapor", "Ke mana melaporkan dugaan pelanggaran"),
    ("kuis", "Kuis netralitas ASN (pribadi)"),
    ("skor", "Skor kuis Anda"),
    ("privasi", "Data apa yang disimpan"),
    ("help", "Bantuan"),
]
COMMANDS_GROUP: list[tuple[str, str]] = [
    ("tanya", "Tanyakan boleh/tidaknya suatu tindakan ASN"),
    ("faq", "Jelajahi pertanyaan yang sering diajukan"),
    ("pasal", "Baca satu pasal, mis. /pasal PP 94/2021 Pasal 5"),
    ("lapor", "Ke mana melaporkan dugaan pelanggaran"),
    ("kuis_mulai", "Mulai kuis acara di grup (host)"),
    ("kuis_stop", "Hentikan kuis acara (host)"),
    ("kuis_hasil", "Kirim hasil kuis acara sebagai CSV (host)"),
    ("help", "Bantuan"),
]
COMMANDS_ADMIN: list[tuple[str, str]] = [
    ("status", "Keadaan Netral: indeks, peraturan, pemakaian"),
    ("reindex", "Bangun ulang indeks dari berkas peraturan"),
    ("cabut", "Tandai peraturan dicabut: /cabut ID ID_PENGGANTI"),
]

START_HTML = (
    "👋 Halo! Saya <b>Netral</b>, asisten tentang <b>netralitas ASN</b> (PNS dan PPPK) "
    "dalam Pemilu dan Pilkada.\n\n"
    "Tanyakan langsung, misalnya:\n"
    "• <i>Bolehkah PNS ikut kampanye?</i>\n"
    "• <i>Boleh like postingan caleg di Instagram?</i>\n"
    "• <i>Kalau PPPK bagaimana?</i> (pertanyaan lanjutan)\n\n"
    "Setiap jawaban menyebut dasar hukumnya. Ketik /help untuk semua perintah; "
    "data apa yang disimpan: /privasi.\n\n"
    "<i>Netral bukan nasihat hukum dan tidak memihak calon atau partai mana pun.</i>"
)
BUTTON_START_ASK = "❓ Cara bertanya"
BUTTON_START_FAQ = "📚 FAQ"
BUTTON_START_QUIZ = "🎯 Kuis"
BUTTON_START_REPORT = "📣 Lapor pelanggaran"
START_ASK_HOWTO_HTML = (
    "Tulis saja pertanyaan Anda di sini sebagai pesan biasa, misalnya "
    "<i>Bolehkah PNS hadir di acara deklarasi calon?</i>\n"
    "Di grup: sebut @{bot} dalam pesan Anda atau balas pesan saya."
)
HELP_HTML = (
    "<b>Netral</b> menjawab pertanyaan tentang apa yang <b>boleh</b> dan <b>tidak boleh</b> "
    "dilakukan ASN (PNS, PPPK) terkait Pemilu dan Pilkada, berdasarkan peraturan yang dikutip.\n\n"
    "<b>Perintah</b>\n"
    "/tanya <i>pertanyaan</i> — bertanya (di grup: sebut @{bot} atau balas pesan saya)\n"
    "/faq — pertanyaan yang sering diajukan, per topik\n"
    "/sumber — peraturan yang menjadi sumber dan statusnya\n"
    "/pasal <i>ID N</i> — teks satu pasal, mis. <code>/pasal pp-94-2021 5</code>\n"
    "/lapor — ke mana melaporkan dugaan pelanggaran\n"
    "/kuis, /skor — kuis pribadi dan skor Anda\n"
    "/kuis_mulai [jumlah] [detik], /kuis_stop, /kuis_hasil [kode] — kuis acara di grup\n"
    "/privasi — data yang disimpan\n\n"
    "<b>Batas</b>: Netral tidak menilai atau merekomendasikan calon/partai, dan jawabannya bukan "
    "nasihat hukum. Untuk kepastian, tanyakan ke bagian kepegawaian (PPK) instansi Anda atau BKN."
)
PRIVACY_HTML = (
    "<b>Privasi</b>\n\n"
    "<b>Yang disimpan</b> (di basis data server bot):\n"
    "• pertanyaan terakhir Anda per akun, agar pertanyaan lanjutan seperti <i>kalau PPPK?</i> "
    "dipahami (ditimpa oleh pertanyaan berikutnya);\n"
    "• teks pertanyaan yang dijawab beserta peraturan yang dikutip, tanpa identitas Anda, untuk "
    "tombol <i>Dasar hukum</i> dan penilaian 👍/👎;\n"
    "• penilaian 👍/👎 Anda (dengan ID Telegram, agar satu orang satu suara);\n"
    "• jawaban kuis: ID Telegram, nama tampilan, pilihan dan waktu menjawab. Pada kuis acara, "
    "<b>nama tampilan Anda muncul di papan peringkat</b> grup dan di berkas hasil untuk host;\n"
    "• jumlah pertanyaan yang dijawab (angka total, bukan per orang).\n\n"
    "<b>Yang tidak disimpan</b>: nomor telepon, kontak, lokasi, foto/berkas Anda (kecuali berkas "
    "peraturan yang dikirim admin), dan isi obrolan lain. Netral tidak menjual atau membagikan data."
)
LAPOR_HTML = (
    "<b>Melaporkan dugaan pelanggaran netralitas ASN</b>\n\n"
    "1. <b>Bawaslu</b> (Badan Pengawas Pemilu) — pelanggaran pemilu/pilkada, termasuk ASN yang "
    "berkampanye atau memihak. Lapor ke Bawaslu kabupaten/kota/provinsi setempat atau Panwaslu "
    "kecamatan, secepatnya setelah kejadian diketahui (pelaporan ada batas waktunya). Sertakan identitas pelapor, identitas "
    "terlapor, waktu dan tempat kejadian, uraian, serta bukti (foto, tangkapan layar, saksi).\n"
    "2. <b>BKN</b> (Badan Kepegawaian Negara) — pelanggaran disiplin dan netralitas ASN; BKN "
    "menerima pengaduan dan mengawasi penjatuhan sanksi.\n"
    "3. <b>PPK instansi</b> (Pejabat Pembina Kepegawaian, lewat bagian kepegawaian/inspektorat) "
    "— yang menjatuhkan hukuman disiplin kepada ASN di instansinya.\n\n"
    "<i>Catatan: KASN sudah dibubarkan (UU 20/2023 tentang ASN; berhenti bertugas Agustus 2024) "
    "dan pengawasan netralitas ASN kini di BKN. Jangan mengirim laporan ke KASN.</i>"
)

THINKING = "⏳"
HINT_NON_TEXT = "Saya hanya memahami pertanyaan berupa teks. Tulis pertanyaan Anda, misalnya: Bolehkah PNS ikut kampanye?"
HINT_BARE_MENTION = (
    "Ada yang bisa saya bantu? Tulis pertanyaan Anda setelah @{bot}, misalnya: "
    "@{bot} bolehkah PNS ikut kampanye?"
)
HINT_TOO_LONG = "Pertanyaannya terlalu panjang ({length} karakter; paling banyak {limit}). Ringkas menjadi satu pertanyaan inti, lalu kirim lagi."
HINT_EMPTY_TANYA = (
    "Tulis pertanyaannya setelah /tanya, misalnya: /tanya bolehkah PNS ikut kampanye?"
)
RATE_LIMITED = "Pelan-pelan ya 🙂 Anda sudah bertanya {limit} kali dalam semenit. Coba lagi dalam {seconds} detik."
ERROR = (
    "Maaf, terjadi kesalahan di pihak Netral (kode {error_id}). Silakan coba lagi sebentar lagi."
)

VERDICT = {
    "dilarang": "⛔ Dilarang",
    "boleh": "✅ Boleh",
    "boleh_bersyarat": "⚠️ Boleh dengan syarat",
}
VERDICT_VIOLATION = {  # the user asked "melanggar?" rather than "boleh?"
    "dilarang": "⛔ Termasuk pelanggaran",
    "boleh": "✅ Bukan pelanggaran",
    "boleh_bersyarat": "⚠️ Bukan pelanggaran jika syaratnya dipenuhi",
}
STATUS_BADGE = {"berlaku": "🟢 berlaku", "diubah": "🟡 diubah", "dicabut": "🔴 dicabut"}
NOT_VERBATIM = {
    "ringkasan": "ringkasan, bukan teks resmi",
    "kutipan_sekunder": "kutipan sekunder, bukan teks resmi",
    "sebagian": "sebagian ringkasan, bukan teks resmi",
}
CONDITIONS = "Syarat"
SANCTION = "Sanksi"
SOURCES = "Dasar hukum"
BASIS_SHORT = "Dasar"
MORE_LABELS = " dan {count} lainnya"
SHORT_CONDITIONS = "Ada {count} syarat: lihat 📖 Dasar hukum."
DISCLAIMER_SHORT = "Bukan nasihat hukum; kutipan pasal: 📖 Dasar hukum."
SOURCE_LINK = "salinan resmi"
SOURCE_LINK_HTML = "🔗 Sumber: {link}"
DISCLAIMER = "Informasi ini bukan nasihat hukum; rujuk teks resmi peraturan."
CONTINUED = "(lanjutan)"
TRUNCATED = "…"

BUTTON_FULL_TEXT = "📖 Dasar hukum"
BUTTON_CHOSEN = "{button} ✓"
BASIS_SENT_PRIVATE = "Dasar hukum saya kirim ke obrolan pribadi Anda."
FEEDBACK_CHANGED = "Penilaian Anda diubah. Terima kasih!"
BUTTON_UP = "👍"
BUTTON_DOWN = "👎"
FEEDBACK_THANKS = "Terima kasih atas penilaiannya!"
FEEDBACK_GONE = "Jawaban ini sudah tidak tersedia."
FULL_TEXT_GONE = "Teks pasal ini sudah tidak ada di korpus."

FAQ_TOPICS_HTML = "<b>Pertanyaan yang sering diajukan</b>\nPilih topik:"
FAQ_ENTRIES_HTML = "<b>{title}</b>\nPilih pertanyaan:"
FAQ_BACK = "⬅️ Topik"
FAQ_GONE = "Entri ini sudah tidak ada. Buka /faq lagi."

SUMBER_HEAD_HTML = "<b>Sumber: peraturan dalam korpus Netral</b>"
SUMBER_REPLACED = "diganti {short}"
PASAL_USAGE_HTML = (
    "Tulis peraturan dan pasalnya, misalnya <code>/pasal PP 94/2021 Pasal 5</code>, "
    "<code>/pasal UU ASN pasal 9</code> atau <code>/pasal pp-94-2021 5</code>.\n"
    "Daftar peraturan: /sumber"
)
PASAL_NOT_FOUND = "{label} tidak ada dalam korpus Netral. Lihat daftar peraturan: /sumber"
PASAL_UNRECOGNISED = (
    "Peraturan atau pasal yang dimaksud dalam \u201c{query}\u201d tidak saya kenali. Tulis "
    "misalnya /pasal PP 94/2021 Pasal 5. Daftar peraturan: /sumber"
)
PENJELASAN = "Penjelasan"

QUIZ_EMPTY = "Bank soal kuis belum tersedia."
QUIZ_NEXT = "➡️ Soal berikutnya"
QUIZ_PRIVATE_ONLY = (
    "Kuis pribadi dijalankan di obrolan pribadi dengan saya. Untuk grup, host memakai /kuis_mulai."
)
QUIZ_DONE = (
    "Anda sudah menjawab semua soal di bank kuis. Skor: /skor. Ketik /kuis untuk mulai lagi."
)
SCORE_HTML = (
    "<b>Skor Anda</b>\n"
    "Kuis pribadi: {correct} benar dari {answered} soal dijawab.\n"
    "Kuis acara: {events} acara, {points} poin."
)
EVENT_GROUP_ONLY = "Kuis acara dijalankan di grup. Di obrolan pribadi, pakai /kuis."
EVENT_NOT_ALLOWED = (
    "Maaf, hanya admin grup atau host yang ditunjuk yang dapat menjalankan kuis acara."
)
EVENT_ALREADY = "Kuis acara sedang berjalan di grup ini. Hentikan dulu dengan /kuis_stop."
EVENT_STARTED_HTML = (
    "🎯 <b>Kuis netralitas ASN dimulai!</b>\n"
    "{count} soal, masing-masing {seconds} detik. Jawab langsung pada poll; yang benar dan "
    "tercepat menang.\n\n"
    "ℹ️ <b>Nama tampilan Anda akan muncul di papan peringkat</b> jika Anda menjawab.\n"
    "Mau menjawab di obrolan pribadi? Tekan tombol di bawah.\n"
    "Kode sesi: <code>{code}</code>"
)
EVENT_NONE = "Tidak ada kuis acara yang sedang berjalan di grup ini."
EVENT_NO_RESULTS = "Belum ada kuis acara di grup ini."
EVENT_RESULTS_SENT = "Hasil kuis dikirim ke obrolan pribadi Anda."
EVENT_RESULTS_FAILED = "Saya tidak dapat mengirim pesan pribadi kepada Anda. Buka obrolan dengan saya, tekan Start, lalu ulangi /kuis_hasil."
EVENT_RESULTS_CAPTION = "Hasil kuis acara {code}"
EVENT_JOINED_HTML = (
    "✅ Anda ikut kuis acara <code>{code}</code>. Soal berikutnya akan saya kirim ke sini juga.\n"
    "ℹ️ <b>Nama tampilan Anda ({name}) akan muncul di papan peringkat</b> grup."
)
EVENT_JOIN_GONE = "Kuis acara itu sudah selesai atau kodenya tidak dikenal."
LEADERBOARD_HTML = "🏆 <b>Papan peringkat kuis</b> ({count} soal, kode <code>{code}</code>)"
LEADERBOARD_EMPTY = "Belum ada yang menjawab."
LEADERBOARD_ROW_HTML = "{medal} {name} — {points} poin ({seconds:.1f} dtk)"
LEADERBOARD_STOPPED = "Kuis dihentikan lebih awal oleh host."
MEDALS = ("🥇", "🥈", "🥉")

NOT_ADMIN = "Maaf, perintah ini hanya untuk administrator Netral."
UPLOAD_REFUSED = "Terima kasih, tetapi hanya administrator Netral yang dapat menambahkan peraturan."
STATUS_HTML = (
    "<b>Status Netral</b>\n"
    "Indeks yang dipakai: <code>{generation}</code>\n"
    "Peraturan: {regulations} ({by_status}), terbagi dalam {units} bagian\n"
    "FAQ: {rulings} entri; kuis: {quiz} soal\n"
    "{llm}\n"
    "Aktif sejak {since} ({ago} lalu)\n"
    "Pertanyaan dijawab: {questions}\n"
    "Umpan balik: 👍 {up} / 👎 {down}\n"
    "Kuis acara berjalan: {running}"
)
STATUS_NO_INDEX = "belum ada"
STATUS_LLM_NONE = "Jawaban disusun tanpa model bahasa (mode ekstraktif)."
STATUS_LLM_MISSING = (
    "Model bahasa diatur tetapi pustakanya tidak terpasang; jawaban disusun tanpa model bahasa "
    "(mode ekstraktif)."
)
STATUS_LLM_DOWN = (
    "Model bahasa tidak dapat dihubungi; jawaban disusun tanpa model bahasa (mode ekstraktif)."
)
STATUS_LLM_NO_MODEL = (
    "Server model bahasa tersambung, tetapi model yang diatur tidak tersedia di sana."
)
STATUS_LLM_OK = "Model bahasa tersambung; jawaban disusun dengan bantuannya."
MONTHS = ("Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des")
TIME_WIB = "{day} {month} {year} {hour:02d}.{minute:02d} WIB"
AGO_UNITS = (("hari", 86400), ("jam", 3600), ("menit", 60), ("detik", 1))
REINDEX_STARTED = (
    "Membangun ulang indeks pencarian dari berkas peraturan… Selama itu jawaban tetap memakai "
    "indeks lama."
)
REINDEX_DONE_HTML = (
    "✅ Indeks baru sudah dipakai (<code>{generation}</code>): {units} bagian peraturan, "
    "{embedded} di antaranya baru atau berubah. Selesai dalam {seconds:.1f} detik."
)
REINDEX_FAILED = "❌ Gagal membangun indeks; indeks lama tetap dipakai. Kode: {error_id}"
UPLOAD_UNSUPPORTED = (
    "Kirim berkas PDF, TXT atau MD (salinan resmi peraturan; PDF hasil pindaian juga bisa), "
    "atau berkas YAML pengetahuan (aturan FAQ, kuis, glosarium)."
)
OCR_PROGRESS = "🔎 PDF hasil pindaian: membaca teks (OCR) halaman {done} dari {total}…"
KNOWLEDGE_PREVIEW_HTML = (
    "<b>Pratinjau pengetahuan</b> <code>{target}</code>\n<pre>{summary}</pre>\n"
    "Terbitkan untuk memakainya dalam jawaban, /faq dan kuis."
)
KNOWLEDGE_INVALID_HTML = (
    "❌ Berkas pengetahuan tidak valid; tidak ada yang diubah. Perbaiki lalu kirim ulang:\n"
    "<pre>{error}</pre>"
)
KNOWLEDGE_UNCHANGED_HTML = (
    "Berkas <code>{error}</code> tidak mengubah apa pun: isinya sama dengan yang terpasang, "
    "atau Netral tidak membaca berkas dengan nama ini."
)
KNOWLEDGE_FILE_HTML = "❌ {error}"
KNOWLEDGE_PUBLISHED_HTML = (
    "✅ <code>knowledge/{path}</code> diterbitkan; indeks <code>{generation}</code>, "
    "{rulings} aturan FAQ, {quiz} soal kuis."
)
UPLOAD_TOO_BIG = "Berkas terlalu besar (batas 20 MB)."
UPLOAD_TOO_BIG_RECEIVED = (
    "Berkas terlalu besar: {size:.1f} MB diterima, batasnya {limit} MB. Tidak ada yang diubah."
)
UPLOAD_METADATA_HTML = (
    "Saya perlu identitas peraturannya. Beri nama berkas seperti <code>pp-94-2021.pdf</code> "
    "atau tulis keterangan (caption) seperti:\n"
    "<code>id: pp-94-2021\ntitle: Peraturan Pemerintah Nomor 94 Tahun 2021 tentang Disiplin PNS\n"
    "source_url: https://…</code>\n"
    "Tambahkan <code>replace: true</code> untuk mengganti berkas yang sudah ada."
)
UPLOAD_EXISTS_HTML = "Peraturan <code>{reg_id}</code> sudah ada. Tambahkan <code>replace: true</code> pada keterangan untuk menggantinya."
UPLOAD_SOURCE_URL_HTML = (
    "Sebutkan URL resmi salinan peraturan <code>{reg_id}</code> pada keterangan (caption), "
    "misalnya <code>source_url: https://peraturan.go.id/…</code>, lalu kirim ulang berkasnya."
)
UPLOAD_INVALID_HTML = "Berkas Markdown tidak valid: {error}"
UPLOAD_ENCODING_HTML = (
    "Berkas <code>{error}</code> bukan teks UTF-8. Simpan ulang sebagai UTF-8, lalu unggah lagi."
)
UPLOAD_FAILED_HTML = "❌ Berkas tidak dapat diproses: {error}"
PREVIEW_HTML = "<b>Pratinjau</b> <code>{reg_id}</code>\n<pre>{summary}</pre>\n<b>Awal berkas</b>\n<pre>{head}</pre>"
BUTTON_PUBLISH = "✅ Terbitkan & indeks ulang"
BUTTON_CANCEL = "✖️ Batal"
PUBLISH_STARTED = "Menerbitkan dan membangun ulang indeks…"
PUBLISHED_HTML = (
    "✅ <code>{reg_id}</code> diterbitkan ({path}); indeks <code>{generation}</code>, {units} unit."
)
PUBLISH_FAILED = "❌ Gagal menerbitkan; berkas dikembalikan seperti semula dan indeks lama tetap dipakai. Kode: {error_id}"
PUBLISH_EXPIRED = "Pratinjau ini sudah tidak berlaku. Kirim ulang berkasnya."
PUBLISH_CANCELLED = "Dibatalkan; tidak ada yang diubah."
CABUT_USAGE_HTML = (
    "Tulis <code>/cabut ID ID_PENGGANTI</code>, misalnya <code>/cabut pp-53-2010 pp-94-2021</code>."
)
CABUT_ASK_REPLACEMENT_HTML = (
    "Peraturan apa yang mencabut <code>{reg_id}</code>? Tulis <code>/cabut {reg_id} ID_PENGGANTI</code>. "
    "Peraturan yang dicabut harus mencatat penggantinya; jika penggantinya belum ada di korpus, "
    "kirim dulu berkasnya."
)
CABUT_UNKNOWN_HTML = "Peraturan <code>{reg_id}</code> tidak dikenal. Lihat /sumber."
CABUT_SELF_HTML = "Peraturan <code>{reg_id}</code> tidak dapat menggantikan dirinya sendiri."
CABUT_REPLACEMENT_REVOKED_HTML = (
    "Pengganti <code>{reg_id}</code> sendiri sudah dicabut; sebutkan peraturan yang berlaku."
)
CABUT_DONE_HTML = (
    "✅ <code>{reg_id}</code> ditandai dicabut{replacement}; indeks <code>{generation}</code>."
)
CABUT_REPLACEMENT_HTML = ", diganti <code>{replaced_by}</code>"
CABUT_NO_REPLACEMENT_HTML = (
    " (tanpa pengganti; untuk mencatatnya: <code>/cabut {reg_id} ID_PENGGANTI</code>)"
)
CABUT_FAILED = "❌ Gagal mencabut; berkas dikembalikan seperti semula. Kode: {error_id}"

# ── quiz (scale-out / event flow) ───────────────────────────────────────────────
QUIZ_POLL_QUESTION = "Soal {n}/{total} · {question}"
QUIZ_OPEN_AGAIN = "Soal {n}/{total} belum Anda jawab; ini soalnya lagi."
QUIZ_ROUND_SUMMARY_HTML = (
    "🏁 <b>Ronde selesai</b>: {correct} benar dari {total} soal.\n"
    "Ketik /kuis untuk ronde baru; skor total: /skor."
)
EVENT_JOIN_BUTTON = "🙋 Ikut lewat obrolan pribadi"
EVENT_REVEAL_HTML = (
    "✅ <b>Soal {n}/{total}</b> — jawaban benar: <b>{answer}</b>\n{explanation}\n"
    "<i>{correct} dari {answered} jawaban benar.</i>"
)
LEADERBOARD_NO_POINTS = "{count} peserta lain belum mendapat poin."
LEADERBOARD_FAILED = "Kuis dihentikan karena gangguan teknis; skor sampai soal terakhir tersimpan."
EVENT_STEP_RETRY = (
    "⚠️ Kuis acara {code}: langkah berikutnya gagal (kode galat {error_id}). Saya coba lagi "
    "dalam {seconds} detik; skor yang sudah masuk aman."
)
EVENT_STEP_STOPPED = (
    "⛔ Kuis acara {code} dihentikan karena galat (kode galat {error_id}). Skor sampai soal "
    "{asked} tersimpan; hasilnya: /kuis_hasil {code} di grup."
)
EVENT_RESULTS_UNKNOWN_HTML = (
    "Kode <code>{code}</code> bukan kuis acara grup ini. Kuis terakhir di grup ini: {codes}"
)
# ── Ingestion preview (plain text: the console prints it, Telegram shows it in <pre>) ─────────
INGEST_HEAD = "{reg_id}: {count} Pasal ({ranges}); Penjelasan untuk {penjelasan} Pasal"
INGEST_OCR = "OCR: {ocr} dari {pages} halaman dibaca dari gambar pindaian"
INGEST_LOW_CONFIDENCE = "baris OCR yang meragukan ({count}), periksa dengan PDF:"
INGEST_LOW_CONFIDENCE_LINE = "  baris {line}: {text} (keyakinan {confidence:.2f})"
INGEST_GAPS = "nomor Pasal yang tidak ada: {gaps}"
INGEST_DUPLICATES = "Pasal ganda: {duplicates}"
INGEST_REMOVED = "dibuang: {counts}"
INGEST_FIXED = "diperbaiki: {counts}"
INGEST_HEADINGS = "judul BAB/Bagian/Paragraf (dibaca sebagai konteks): {count}"
INGEST_REPAIRS = "perbaikan tata letak dan judul Pasal, periksa dengan PDF ({count}):"
INGEST_REPAIR_LINE = "  baris {line}: {before} → {after}"
INGEST_UNPLACED = "baris yang tidak ditempatkan ({count}):"
INGEST_UNPLACED_LINE = "  baris {line}: «{text}» ({reason})"
INGEST_WARNINGS = "peringatan ({count}):"
INGEST_PROBLEMS = "masalah validasi ({count}):"
INGEST_WRITTEN = "ditulis: {path}"
INGEST_NOT_WRITTEN = "pratinjau saja: belum ada yang ditulis"
NONE = "tidak ada"
INGEST_RULES = {
    "page-header": "kepala halaman",
    "page-number": "nomor halaman",
    "printer-code": "kode percetakan",
    "catch-word": "kata alihan halaman",
    "stamp": "cap salinan",
    "stray-glyph": "bintik",
    "layout:orphan-pasal-word": "kata Pasal terpisah",
    "glyph:word": "kata salah baca",
    "glyph:digits": "angka salah baca",
    "glyph:ayat": "nomor ayat",
    "glyph:angka": "nomor angka",
    "glyph:caret": "tanda ^",
    "glyph:dan/atau": "dan/atau",
    "glyph:percent": "tanda persen",
    "glyph:punctuation": "tanda baca",
    "glyph:space": "spasi",
    "glyph:hyphen": "tanda hubung",
    "glyph:quote": "tanda kutip",
    "sequence:list-marker": "penanda daftar (urutan)",
    "sequence:pasal-number": "nomor Pasal (urutan)",
    "sequence:pasal-heading": "judul Pasal salah baca (urutan)",
    "layout:glued-pasal-heading": "judul Pasal menempel di baris sebelumnya",
    "layout:ayat-number": "nomor ayat tercetak sebelum Pasalnya",
    "layout:orphan-pasal": "nomor Pasal di kolom Penjelasan",
    "format:angka-marker": "penanda angka",
    "format:markdown-char": "karakter Markdown",
}
INGEST_UNPLACED_REASONS = {
    "item-without-text": "nomor butir tanpa teks, {where}",
    "penjelasan-without-pasal": "{where} tanpa Pasal di batang tubuh",
    "before-first-penjelasan": "teks setelah PASAL DEMI PASAL sebelum Pasal pertamanya",
    "among-headings": "tercetak di antara judul sebelum Pasal berikutnya, {where}",
    "damaged": "teks rusak, {where}",
    "out-of-order": "kata di luar urutan baca setelah kalimat selesai, {where}",
}
INGEST_NOTES = {
    "list-opens": "  {where}: {marker} membuka daftarnya (halaman hilang?)",
    "list-skips": "  {where}: {marker} sesudah {previous} (halaman hilang?)",
    "pj-empty": "  {where}: {marker} tanpa teks",
    "pj-lowercase": "  {where}: paragraf berhuruf kecil (baris {line}): periksa urutan baca",
    "pj-after-cukup": '  {where}: teks sesudah "Cukup jelas." (baris {line}): periksa letaknya',
    "pasal-empty": "  {where}: tidak ada teks tersisa; bagian dilewati",
}

# ── Re-ingest diff (`netral corpus diff`) and knowledge updates (plain text) ───────────────────
DIFF_HEAD = "{reg_id}: {same} unit sama, {changed} berubah, {added} baru, {removed} hilang"
DIFF_CHANGED = "~ {unit} ({label}) berubah:"
DIFF_ADDED = "+ {unit} ({label}) baru"
DIFF_REMOVED = "- {unit} ({label}) hilang"
DIFF_MORE = "  … {count} baris lagi"
KNOWLEDGE_HEAD = "{name} → knowledge/{target} ({kind}{new})"
KNOWLEDGE_NEW_FILE = ", berkas baru"
KNOWLEDGE_KINDS = {
    "rulings": "aturan FAQ",
    "quiz": "bank soal kuis",
    "glossary": "glosarium",
    "out_of_scope": "contoh di luar cakupan",
}
KNOWLEDGE_KIND_UNKNOWN = "jenis tidak dikenali"
KNOWLEDGE_PARTS = {
    "rulings": "aturan",
    "topics": "topik",
    "quiz": "soal kuis",
    "glossary": "istilah glosarium",
    "out_of_scope": "contoh di luar cakupan",
}
KNOWLEDGE_PART = "{label}: {added} baru, {changed} berubah, {removed} dihapus"
KNOWLEDGE_IDS = {"added": "  + {ids}", "changed": "  ~ {ids}", "removed": "  - {ids}"}
KNOWLEDGE_UNCHANGED = (
    "tidak ada perubahan: isinya sama dengan yang terpasang, atau berkas ini tidak dibaca Netral"
)
KNOWLEDGE_PROBLEMS = "{count} masalah; tidak ada yang diubah:"
KNOWLEDGE_VALID = "{rulings} aturan, {quiz} soal kuis, {glossary} istilah glosarium: {state}"
KNOWLEDGE_OK = "valid"

# ── console (netral run without a token) ─────────────────────────────────────────────────────
CONSOLE_INTRO = (
    "TELEGRAM_BOT_TOKEN belum diatur, jadi Netral berjalan di konsol. Untuk Telegram: buat bot "
    "lewat @BotFather, lalu jalankan `TELEGRAM_BOT_TOKEN=... netral run`.\n\n"
)
