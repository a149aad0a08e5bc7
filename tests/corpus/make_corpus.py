#!/usr/bin/python3
"""Writes the hand-made corpus of tests/corpus/*.eml (LF line endings; the test also checks each as CRLF).

Each mail exercises one charset or one way spammers break MIME. Byte-exact encodings (ISO-2022-JP with NEC
characters, CP932, EUC-JP, raw 8-bit headers) are why this is a script and not a text editor. Run it after changing
a mail here, then review the expected .json the test writes with PHISHSCOPE_UPDATE_GOLDEN=1.
"""
import base64
import pathlib
import quopri

OUT = pathlib.Path(__file__).parent
HDR = "Received: from mx.example.jp (localhost [127.0.0.1]) by mbox.example.jp (Postfix) with ESMTP id A1; Sun, 15 Mar 2026 12:00:05 +0900\n" \
      "Received: from sender.example (unknown [203.0.113.7]) by mx.example.jp (Postfix) with ESMTP id A0; Sun, 15 Mar 2026 12:00:03 +0900\n" \
      "Date: Sun, 15 Mar 2026 12:00:00 +0900\nTo: taro@example.jp\nMessage-ID: <{name}@sender.example>\nMIME-Version: 1.0\n"


def b_word(text, charset):
    return "=?%s?B?%s?=" % (charset, base64.b64encode(text.encode(charset_py(charset))).decode())


def charset_py(cs):
    return {"iso-2022-jp": "iso2022_jp_ext", "shift_jis": "cp932", "euc-jp": "euc_jp", "utf-8": "utf-8"}[cs.lower()]


def iso2022(text):
    # Python's iso2022_jp codecs lack NEC row 13; encode those characters by hand (JIS X 0208 row 13 = 0x2D..)
    nec = {"①": b"\x2d\x21", "②": b"\x2d\x22", "㈱": b"\x2d\x6a"}
    out = b""
    for ch in text:
        if ch in nec:
            out += b"\x1b$B" + nec[ch] + b"\x1b(B"
        else:
            out += ch.encode("iso2022_jp")
    # merge "ESC ( B ESC $ B" pairs produced by per-character encoding
    while b"\x1b(B\x1b$B" in out:
        out = out.replace(b"\x1b(B\x1b$B", b"")
    return out


def write(name, data: bytes):
    (OUT / (name + ".eml")).write_bytes(data)


def head(name, subject, frm="Sender <info@sender.example>"):
    return (HDR.format(name=name) + "From: " + frm + "\nSubject: " + subject + "\n").encode()


# 1. ISO-2022-JP with NEC special characters, subject split across encoded-words
n = "iso2022jp_nec"
subj = "=?ISO-2022-JP?B?" + base64.b64encode(iso2022("【重要】①お知らせ")).decode() + "?=\n =?ISO-2022-JP?B?" + \
       base64.b64encode(iso2022("㈱サンプル")).decode() + "?="
write(n, head(n, subj) + b"Content-Type: text/plain; charset=ISO-2022-JP\nContent-Transfer-Encoding: 7bit\n\n" +
      iso2022("①ご確認ください。\n㈱サンプル商事\n") )

# 2. Shift_JIS bytes labelled ISO-2022-JP
n = "sjis_labelled_iso2022jp"
write(n, head(n, b_word("お支払いの確認", "utf-8")) + b"Content-Type: text/plain; charset=ISO-2022-JP\nContent-Transfer-Encoding: 8bit\n\n" +
      "お客様のアカウントは制限されています。\n".encode("cp932"))

# 3. CP932 extensions under a Shift_JIS label: ①, ㈱, the wave dash as FULLWIDTH TILDE
n = "cp932_extensions"
write(n, head(n, b_word("ご案内①", "shift_jis")) + b"Content-Type: text/plain; charset=Shift_JIS\nContent-Transfer-Encoding: 8bit\n\n" +
      "①受付時間 9時～18時\n㈱テスト\n".encode("cp932"))

# 4. EUC-JP, labelled
n = "eucjp_labelled"
write(n, head(n, b_word("重要なお知らせ", "euc-jp")) + b"Content-Type: text/plain; charset=EUC-JP\nContent-Transfer-Encoding: 8bit\n\n" +
      "日本語のテキストです。\n".encode("euc_jp"))

# 5. EUC-JP without any charset
n = "eucjp_unlabelled"
write(n, head(n, "no charset") + b"Content-Type: text/plain\nContent-Transfer-Encoding: 8bit\n\n" +
      "ログインしてください。パスワードの確認が必要です。\n".encode("euc_jp"))

# 6. raw 8-bit UTF-8 headers
n = "raw_utf8_headers"
write(n, HDR.format(name=n).encode() + "From: 楽天カード <info@sender.example>\nSubject: 【楽天】ご利用確認\n".encode() +
      b"Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: 8bit\n\n" + "本文\n".encode())

# 7. raw 8-bit Shift_JIS subject
n = "raw_sjis_subject"
write(n, HDR.format(name=n).encode() + b"From: info@sender.example\nSubject: " + "重要なお知らせ".encode("cp932") + b"\n" +
      b"Content-Type: text/plain; charset=us-ascii\n\nplain\n")

# 8. UTF-8 character split between encoded-words, B and Q mixed
n = "encoded_word_split"
raw = "お支払い".encode()
write(n, head(n, "=?UTF-8?B?" + base64.b64encode(raw[:4]).decode() + "?= =?UTF-8?B?" + base64.b64encode(raw[4:]).decode() +
          "?= =?UTF-8?Q?=E7=A2=BA=E8=AA=8D_ok?=", frm="=?utf-8?q?=E3=81=88=E3=81=8D?= <x@sender.example>") +
      b"Content-Type: text/plain; charset=utf-8\n\nx\n")

# 9. quoted-printable HTML in UTF-8
n = "qp_html"
html = '<html><body><p>いつもご利用ありがとうございます。</p><a href="https://login.example-bank.example/">ログイン</a></body></html>\n'
write(n, head(n, "qp") + b"Content-Type: text/html; charset=utf-8\nContent-Transfer-Encoding: quoted-printable\n\n" +
      quopri.encodestring(html.encode()))

# 10. truncated base64
n = "base64_truncated"
body = base64.b64encode("途中で切れた本文です。".encode()).decode()
write(n, head(n, "b64") + b"Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: base64\n\n" + body[:-3].encode() + b"\n")

# 11. invalid quoted-printable escapes
n = "qp_invalid"
write(n, head(n, "qp bad") + b"Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: quoted-printable\n\n" +
      b"caf=C3=A9 =ZZ broken =4\nend\n")

# 12. multipart whose boundary never appears
n = "boundary_missing"
write(n, head(n, "no boundary") + b'Content-Type: multipart/alternative; boundary="declared-but-absent"\n\n' +
      b"--other-boundary\nContent-Type: text/plain\n\ntext\n--other-boundary--\n")

# 13. multipart never closed
n = "multipart_unclosed"
write(n, head(n, "unclosed") + b'Content-Type: multipart/mixed; boundary="b1"\n\n--b1\nContent-Type: text/plain; charset=utf-8\n\n' +
      "一つ目\n".encode() + b"--b1\nContent-Type: text/html; charset=utf-8\n\n<p>two</p>\n")

# 14. duplicated and conflicting headers
n = "duplicate_headers"
write(n, HDR.format(name=n).encode() + b"From: Bank <info@bank.example>\nFrom: attacker@evil.example\nSubject: one\nSubject: one\n" +
      b"Content-Type: text/plain\n\nx\n")

# 15. NUL bytes and an over-long line
n = "nul_and_long_line"
write(n, head(n, "nul") + b"Content-Type: text/plain; charset=utf-8\n\nbefore\x00after\n" + b"A" * 1500 + b"\n")

# 16. header folding abuse: blank continuation lines and many folds
n = "folding_abuse"
write(n, HDR.format(name=n).encode() + b"From: info@sender.example\nSubject: a\n \n b" + b"\n c" * 60 + b"\n" +
      b"Content-Type: text/plain\n\nx\n")

# 17. wrong transfer encodings: 8-bit bytes under 7bit, an unknown encoding
n = "wrong_cte"
write(n, head(n, "cte") + b'Content-Type: multipart/mixed; boundary="b"\n\n--b\nContent-Type: text/plain; charset=utf-8\n' +
      b"Content-Transfer-Encoding: 7bit\n\n" + "八ビット\n".encode() + b"--b\nContent-Type: application/octet-stream\n" +
      b"Content-Transfer-Encoding: x-made-up\n\nxyz\n--b--\n")

# 18. a forwarded message (message/rfc822) with its own multipart
n = "nested_rfc822"
inner = b"From: inner@bank.example\nSubject: inner\nContent-Type: multipart/alternative; boundary=in\n\n--in\n" + \
        b"Content-Type: text/plain; charset=utf-8\n\n" + "転送された本文\n".encode() + b"--in\nContent-Type: text/html; charset=utf-8\n\n<p>html</p>\n--in--\n"
write(n, head(n, "fwd") + b'Content-Type: multipart/mixed; boundary=out\n\n--out\nContent-Type: text/plain; charset=utf-8\n\n' +
      "転送します\n".encode() + b"--out\nContent-Type: message/rfc822\n\n" + inner + b"--out--\n")

# 19. attachments: RFC 2231 and RFC 2047 names, an executable that claims to be a PDF, a TNEF winmail.dat
n = "attachments"


def tnef(titles):
    t = b"\x78\x9f\x3e\x22\x01\x00"
    for title in titles:
        data = title.encode("cp932") + b"\x00"
        t += b"\x02" + (0x00018010).to_bytes(4, "little") + len(data).to_bytes(4, "little") + data + b"\x00\x00"
    return t


fake_pdf = b"MZ\x90\x00" + b"\x00" * 60
rfc2231 = "".join("%%%02X" % b for b in "請求書.pdf".encode())
att = (b"--a\nContent-Type: text/plain; charset=utf-8\n\n" + "添付をご確認ください\n".encode() +
       b"--a\nContent-Type: application/pdf\nContent-Disposition: attachment; filename*=UTF-8''" + rfc2231.encode() +
       b"\nContent-Transfer-Encoding: base64\n\n" + base64.encodebytes(fake_pdf) +
       b"--a\nContent-Type: application/zip\nContent-Disposition: attachment; filename=\"" +
       ("=?ISO-2022-JP?B?" + base64.b64encode("支払い".encode("iso2022_jp")).decode() + "?=.zip").encode() +
       b"\"\nContent-Transfer-Encoding: base64\n\n" + base64.encodebytes(b"PK\x03\x04" + b"\x00" * 26) +
       b"--a\nContent-Type: application/ms-tnef; name=winmail.dat\nContent-Disposition: attachment; filename=winmail.dat\n" +
       b"Content-Transfer-Encoding: base64\n\n" + base64.encodebytes(tnef(["invoice.doc", "請求書.xls"])) + b"--a--\n")
write(n, head(n, "attachments") + b'Content-Type: multipart/mixed; boundary="a"\n\n' + att)

# 20. UTF-8 body without a charset parameter
n = "utf8_no_charset"
write(n, head(n, "nocharset") + b"Content-Type: text/plain\nContent-Transfer-Encoding: 8bit\n\n" + "文字コードの指定がありません\n".encode())
