#!/usr/bin/python3
"""Writes the labelled evaluation set tests/eval/NAME.eml + NAME.truth.json (see README, "Evaluation").

Every mail here is made up for the set: phishing for many brands and techniques, spam, and legitimate notices sent
from the real brands' domains with aligned SPF/DKIM/DMARC (to measure false positives). Addresses are invented; the
brands' official domains are real because that is what phishscope compares with. Run it after changing a case, then
`build/phishscope eval tests/eval`.

Each mail is written in the charset and transfer encoding real senders of that kind use (ISO-2022-JP, Shift_JIS,
EUC-JP, UTF-8 with base64 or quoted-printable), some with CRLF line ends.
"""
import base64
import json
import pathlib
import quopri

OUT = pathlib.Path(__file__).parent
RECEIVER = "mx01.example.ne.jp"
TO = "hanako.yamada@example.ne.jp"

PY = {"iso-2022-jp": "iso2022_jp", "shift_jis": "cp932", "euc-jp": "euc_jp", "utf-8": "utf-8"}


def enc_word(text, charset="utf-8"):
    if all(ord(c) < 128 for c in text):
        return text
    return "=?%s?B?%s?=" % (charset.upper(), base64.b64encode(text.encode(PY[charset])).decode())


def body_bytes(text, charset, cte):
    raw = text.encode(PY[charset])
    if cte == "base64":
        return base64.encodebytes(raw)
    if cte == "quoted-printable":
        return quopri.encodestring(raw)
    return raw


def leaf(ctype, text, charset, cte):
    return ("Content-Type: %s; charset=%s\nContent-Transfer-Encoding: %s\n\n" % (ctype, charset.upper(), cte)).encode() + \
        body_bytes(text, charset, cte)


def received(helo, rdns, ip, when, qid):
    return ("Received: from %s (localhost [127.0.0.1]) by mbox.example.ne.jp (Postfix) with LMTP id %sL\n\tfor <%s>; %s\n"
            "Received: from %s (%s [%s])\n\tby %s (Postfix) with ESMTP id %s\n\tfor <%s>; %s\n") % (
        RECEIVER, qid, TO, when, helo, rdns, ip, RECEIVER, qid, TO, when)


class Mail:
    def __init__(self, name, verdict, when, iso, helo, rdns, ip):
        self.name, self.verdict, self.when, self.iso = name, verdict, when, iso
        self.helo, self.rdns, self.ip = helo, rdns, ip
        self.extra_headers = []  # written by the sender, below the Received lines
        self.top_headers = []    # written by the receiving side, above them
        self.truth = {"verdict": verdict, "sender_ip": ip, "sender_helo": helo, "received_at": iso}
        self.crlf = False

    def write(self, frm_display, frm_addr, subject, body, subject_charset="utf-8", truth_extra=None, auth=None,
              date=None):
        qid = "4Q" + self.name.upper().replace("-", "")[:8]
        # the receiver's filters add their headers on top of its own Received lines
        h = ""
        if auth:
            h += "Authentication-Results: %s;\n\t%s\n" % (RECEIVER, auth)
        h += "".join(x + "\n" for x in self.top_headers) + received(self.helo, self.rdns, self.ip, self.when, qid)
        for x in self.extra_headers:
            h += x + "\n"
        disp = ('%s <%s>' % (enc_word(frm_display, subject_charset), frm_addr)) if frm_display else frm_addr
        h += "Date: %s\nFrom: %s\nTo: %s\nSubject: %s\nMessage-ID: <%s.%s@%s>\nMIME-Version: 1.0\n" % (
            date or self.when, disp, TO, enc_word(subject, subject_charset), qid, self.name, frm_addr.split("@")[1])
        data = h.encode() + body
        if self.crlf:
            data = data.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")
        (OUT / (self.name + ".eml")).write_bytes(data)
        t = dict(self.truth)
        t.update({"subject": subject, "from_display": frm_display, "from_address": frm_addr})
        t.update(truth_extra or {})
        (OUT / (self.name + ".truth.json")).write_text(json.dumps(t, ensure_ascii=False, indent=2) + "\n")


def alternative(plain, html, charset, cte):
    return b"Content-Type: multipart/alternative; boundary=\"==alt==\"\n\n--==alt==\n" + leaf("text/plain", plain, charset, cte) + \
        b"\n--==alt==\n" + leaf("text/html", html, charset, cte) + b"\n--==alt==--\n"


# ------------------------------------------------------------------------------------------------ phishing
# (name, brand id, official domain, display, from address, subject, greeting+body lines, url, anchor, technique note,
#  charset, cte, format, received, helo, rdns, ip, body phrase)
PHISH = [
    ("phish-amazon-suspend", "amazon", "amazon.co.jp", "Amazon.co.jp", "account-update@amazon-co-jp.shop-notice.top",
     "【Amazon】アカウントを一時停止しました",
     "Amazon お客様\n\nお客様のアカウントで異常なログインが検出されたため、アカウントを一時停止しました。\n"
     "24時間以内に以下のリンクからご本人確認をお願いいたします。確認が取れない場合、アカウントは永久に停止されます。\n",
     "https://amazon-co-jp.shop-notice.top/ap/signin?openid=verify", "アカウントを確認する", "utf-8", "base64", "html",
     ("Sat, 14 Feb 2026 03:12:44 +0900", "2026-02-14T03:12:44+09:00"), "mail.shop-notice.top", "unknown", "45.137.21.88",
     "異常なログインが検出された"),
    ("phish-rakuten-card-payment", "rakuten", "rakuten-card.co.jp", "楽天カード株式会社", "info@rakuten-card.co.jp.cfvb.cn",
     "【楽天カード】お支払い方法の確認が必要です",
     "楽天カードをご利用のお客様\n\nご登録のお支払い方法に問題が発生したため、カードのご利用を制限しております。\n"
     "本日中に下記URLよりカード情報の更新をお願いいたします。\n",
     "https://rakuten-card.co.jp.cfvb.cn/login", None, "iso-2022-jp", "7bit", "plain",
     ("Mon, 02 Mar 2026 21:40:03 +0900", "2026-03-02T21:40:03+09:00"), "cfvb.cn", "unknown", "101.47.12.201",
     "カードのご利用を制限しております"),
    ("phish-smbc-card-fraud", "smbc-card", "smbc-card.com", "三井住友カード", "vpass-info@smbc-card-security.com",
     "【重要】三井住友カードご利用確認のお願い",
     "いつも三井住友カードをご利用いただきありがとうございます。\n第三者による不正利用の可能性がある取引を検知したため、"
     "カードのご利用を一時停止しております。\n48時間以内にVpassへログインし、ご利用内容をご確認ください。\n",
     "https://vpass.smbc-card-security.com/vpass/login.do", "Vpassにログイン", "shift_jis", "base64", "html",
     ("Tue, 10 Mar 2026 08:02:19 +0900", "2026-03-10T08:02:19+09:00"), "smbc-card-security.com", "unknown", "156.225.19.4",
     "不正利用の可能性がある取引を検知"),
    ("phish-mufg-ip-link", "mufg", "mufg.jp", "三菱UFJ銀行", "direct@mufg-bk-support.net",
     "【三菱UFJ銀行】お取引を制限しました",
     "お客様各位\n\nお客様の口座で不審なお取引が確認されたため、お取引を制限しました。\n制限を解除するには、"
     "至急以下のページでお客様情報を登録してください。\n",
     "http://103.150.44.17/mufg/login.php", "本人確認ページ", "utf-8", "quoted-printable", "html",
     ("Wed, 18 Mar 2026 14:55:01 +0900", "2026-03-18T14:55:01+09:00"), "mufg-bk-support.net", "unknown", "103.150.44.17",
     "お取引を制限しました"),
    ("phish-yamato-redelivery", "yamato", "kuronekoyamato.co.jp", "ヤマト運輸", "delivery@kuroneko-yamato-jp.xyz",
     "お荷物お届けのお知らせ",
     "お客様\n\nお荷物をお届けにあがりましたが、ご不在のため持ち帰りました。\n再配達のご依頼は、下記URLより"
     "お手続きください。保管期限を過ぎますと返送となります。\n",
     "https://kuroneko-yamato-jp.xyz/redelivery/", None, "utf-8", "base64", "plain",
     ("Thu, 26 Mar 2026 19:21:33 +0900", "2026-03-26T19:21:33+09:00"), "kuroneko-yamato-jp.xyz", "unknown", "8.210.33.12",
     "ご不在のため持ち帰りました"),
    ("phish-sagawa-address", "sagawa", "sagawa-exp.co.jp", "佐川急便", "info@sagawa-exp.co.jp-kpx.top",
     "【佐川急便】お届け先住所の確認",
     "佐川急便をご利用いただきありがとうございます。\nお届け先の住所に不備があるため、お荷物を配達できませんでした。\n"
     "以下のURLから住所を更新してください。\n",
     "https://sagawa-exp.co.jp-kpx.top/track?no=4512", None, "shift_jis", "8bit", "plain",
     ("Fri, 03 Apr 2026 07:45:10 +0900", "2026-04-03T07:45:10+09:00"), "co.jp-kpx.top", "unknown", "43.156.88.21",
     "住所に不備があるため"),
    ("phish-japanpost-customs", "japanpost", "japanpost.jp", "日本郵便", "no-reply@japanpost-jp.cc",
     "【日本郵便】関税のお支払いのお願い",
     "お客様\n\nお客様宛の国際郵便物について、関税のお支払いが確認できておりません。\n本日中にお支払い手続きを"
     "完了しない場合、郵便物は差出人に返送されます。\n",
     "https://japanpost-jp.cc/customs/pay", "お支払い手続きへ", "euc-jp", "8bit", "html",
     ("Sat, 11 Apr 2026 11:03:55 +0900", "2026-04-11T11:03:55+09:00"), "japanpost-jp.cc", "unknown", "185.234.72.19",
     "関税のお支払いが確認できておりません"),
    ("phish-etc-expiry", "etc", "etc-meisai.jp", "ETC利用照会サービス", "etc-meisai@etc-meisai-jp.icu",
     "【ETC利用照会サービス】利用停止予告のお知らせ",
     "ETCサービスをご利用のお客様\n\nご登録のクレジットカードの有効期限が切れているため、ETCカードのご利用を"
     "停止させていただきます。\n引き続きご利用いただくには、48時間以内にお支払い情報を更新してください。\n",
     "https://etc-meisai-jp.icu/user/update", "ETC利用照会サービスにログイン", "iso-2022-jp", "7bit", "html",
     ("Mon, 20 Apr 2026 06:30:00 +0900", "2026-04-20T06:30:00+09:00"), "etc-meisai-jp.icu", "unknown", "101.47.55.9",
     "ETCカードのご利用を停止"),
    ("phish-etax-refund", "e-tax", "nta.go.jp", "国税庁", "info@nta-go-jp.xyz",
     "【国税庁】還付金受け取りのお知らせ",
     "納税者様\n\n所得税の還付金が発生しております。還付金を受け取るには、期限までに下記より受け取り手続きを"
     "行ってください。期限を過ぎると受け取りができなくなります。\n",
     "https://www.nta-go-jp.xyz/kanpu/", "還付金を受け取る", "utf-8", "base64", "html",
     ("Tue, 05 May 2026 10:10:10 +0900", "2026-05-05T10:10:10+09:00"), "nta-go-jp.xyz", "unknown", "47.242.18.77",
     "所得税の還付金が発生しております"),
    ("phish-paypay-points", "paypay", "paypay.ne.jp", "PayPay", "campaign@paypay-point.store",
     "【PayPay】ポイント失効のお知らせ",
     "PayPayをご利用のお客様\n\nお客様の保有ポイント5,000円相当が本日中に失効します。\n失効を防ぐには、"
     "以下のリンクからログインし、お支払い情報をご確認ください。\n",
     "https://paypay-point.store/login", "ポイントを確認する", "utf-8", "quoted-printable", "html",
     ("Thu, 14 May 2026 20:00:45 +0900", "2026-05-14T20:00:45+09:00"), "paypay-point.store", "unknown", "154.23.180.66",
     "ポイント5,000円相当が本日中に失効します"),
    ("phish-mercari-verify", "mercari", "mercari.com", "メルカリ", "support@mercari-jp-help.com",
     "【メルカリ】本人確認のお願い",
     "メルカリをご利用のお客様\n\nお客様のアカウントに第三者によるログインの可能性があります。\nアカウント保護のため"
     "ご利用を制限しました。下記より本人確認を完了してください。\n",
     "https://mercari-jp-help.com/verify", None, "utf-8", "base64", "plain",
     ("Fri, 22 May 2026 13:13:13 +0900", "2026-05-22T13:13:13+09:00"), "mercari-jp-help.com", "unknown", "38.54.30.101",
     "第三者によるログインの可能性があります"),
    ("phish-aeon-card", "aeon", "aeon.co.jp", "イオンカード", "aeon-info@aeon-card-kyc.top",
     "【イオンカード】ご利用確認のお願い",
     "イオンカードをご利用のお客様\n\nお客様のカードに不正利用の疑いがあるため、ご利用を一時的に制限しております。\n"
     "暗証番号とカード番号の再登録をお願いいたします。\n",
     "https://www.aeon.co.jp@aeon-card-kyc.top/login/", "ご利用確認はこちら", "shift_jis", "quoted-printable", "html",
     ("Sun, 31 May 2026 02:22:22 +0900", "2026-05-31T02:22:22+09:00"), "aeon-card-kyc.top", "unknown", "101.47.20.33",
     "不正利用の疑いがあるため"),
    ("phish-jcb-wrapped", "jcb", "jcb.co.jp", "MyJCB", "myjcb@jcb-co-jp.help",
     "【MyJCB】カードご利用停止のお知らせ",
     "MyJCBをご利用のお客様\n\nセキュリティ強化のため、カードのご利用を停止しております。\n至急、以下から"
     "ログインしてカード情報をご確認ください。\n",
     "https://www.google.com/url?q=https://jcb-co-jp.help/myjcb/login&sa=D", "MyJCBにログイン", "utf-8", "base64", "html",
     ("Wed, 10 Jun 2026 09:09:09 +0900", "2026-06-10T09:09:09+09:00"), "jcb-co-jp.help", "unknown", "45.88.107.3",
     "カードのご利用を停止しております"),
    ("phish-docomo-bill", "docomo", "docomo.ne.jp", "NTTドコモ", "info@docomo-ne-jp.cyou",
     "【ドコモ】ご利用料金のお支払い確認",
     "ドコモをご利用のお客様\n\nご利用料金のお支払いが確認できておりません。\n本日中にお支払い情報を更新されない場合、"
     "回線のご利用を停止させていただきます。\n",
     "https://docomo-ne-jp.cyou/pay/", None, "iso-2022-jp", "7bit", "plain",
     ("Mon, 22 Jun 2026 18:18:18 +0900", "2026-06-22T18:18:18+09:00"), "docomo-ne-jp.cyou", "unknown", "101.47.66.120",
     "ご利用料金のお支払いが確認できておりません"),
    ("phish-au-lookalike", "au", "au.com", "au PAY", "info@au-pay-jp.com",
     "【au PAY】アカウント確認のお願い",
     "au PAYをご利用のお客様\n\nお客様のアカウントに異常なアクセスがありました。\n24時間以内にパスワードの再設定を"
     "行ってください。\n",
     "https://au-pay-jp.com/auth/", "パスワードを再設定", "utf-8", "base64", "html",
     ("Thu, 02 Jul 2026 23:59:01 +0900", "2026-07-02T23:59:01+09:00"), "au-pay-jp.com", "unknown", "139.180.200.14",
     "異常なアクセスがありました"),
    ("phish-softbank-cancel", "softbank", "softbank.jp", "ソフトバンク", "mysoftbank@softbank-jp.buzz",
     "【My SoftBank】ご契約の解約手続きについて",
     "お客様\n\nお客様のご契約について、ご本人確認が取れないため、解約手続きを開始いたしました。\n解約を取り消す場合は、"
     "48時間以内にログインしてください。\n",
     "https://softbank-jp.buzz/mysoftbank/", "My SoftBankにログイン", "shift_jis", "base64", "html",
     ("Sat, 11 Jul 2026 15:00:00 +0900", "2026-07-11T15:00:00+09:00"), "softbank-jp.buzz", "unknown", "43.153.2.250",
     "解約手続きを開始いたしました"),
    ("phish-saison-points", "saison", "saisoncard.co.jp", "セゾンカード", "netanswer@saisoncard-point.top",
     "【セゾンカード】永久不滅ポイント失効のお知らせ",
     "セゾンカードをご利用のお客様\n\nお客様の永久不滅ポイントが失効の対象となっております。\nNetアンサーにログインし、"
     "カード情報を更新してください。\n",
     "https://saisoncard-point.top/netanswer/", "Netアンサーにログイン", "euc-jp", "base64", "html",
     ("Mon, 20 Jul 2026 12:34:56 +0900", "2026-07-20T12:34:56+09:00"), "saisoncard-point.top", "unknown", "8.218.11.45",
     "失効の対象となっております"),
    ("phish-epos-cid-logo", "epos", "eposcard.co.jp", "エポスカード", "info@eposcard-net.top",
     "【エポスカード】ご利用制限のお知らせ",
     "エポスカード会員様\n\nご利用のカードにつきまして、第三者による不正利用の可能性があるため、ご利用を制限しております。\n"
     "下記よりご本人確認をお願いいたします。\n",
     "https://eposcard-net.top/login", "エポスNetにログイン", "utf-8", "base64", "html_cid",
     ("Wed, 29 Jul 2026 05:05:05 +0900", "2026-07-29T05:05:05+09:00"), "eposcard-net.top", "unknown", "101.47.70.5",
     "ご利用を制限しております"),
    ("phish-viewcard-eucjp", "viewcard", "viewsnet.jp", "ビューカード", "vsnet@viewsnet-card.icu",
     "【ビューカード】お支払い金額確定のお知らせ",
     "ビューカード会員様\n\nご請求額の確定に際し、お支払い口座の確認が必要です。\n期限までにVIEW's NETにログインし、"
     "お支払い情報を更新してください。\n",
     "https://viewsnet-card.icu/vsnet/", None, "euc-jp", "8bit", "plain",
     ("Sun, 09 Aug 2026 16:16:16 +0900", "2026-08-09T16:16:16+09:00"), "viewsnet-card.icu", "unknown", "154.211.14.2",
     "お支払い口座の確認が必要です"),
    ("phish-mizuho-anchor", "mizuho", "mizuhobank.co.jp", "みずほ銀行", "mizuho-direct@mizuhobank-info.com",
     "【みずほ銀行】お客様情報の確認",
     "みずほダイレクトをご利用のお客様\n\nマネー・ローンダリング対策のため、お客様情報の確認をお願いしております。\n"
     "期限までにご回答がない場合、お取引を制限させていただきます。\n",
     "https://mizuhobank-info.com/direct/", "https://www.mizuhobank.co.jp/direct/", "utf-8", "base64", "html",
     ("Tue, 18 Aug 2026 10:01:02 +0900", "2026-08-18T10:01:02+09:00"), "mizuhobank-info.com", "unknown", "185.212.149.8",
     "お客様情報の確認をお願いしております"),
    ("phish-resona-sjis-mislabel", "resona", "resonabank.co.jp", "りそな銀行", "info@resona-bk.top",
     "【りそな銀行】口座凍結のお知らせ",
     "お客様\n\nお客様の口座が一時的に凍結されております。\n凍結を解除するには、至急以下よりログインしてください。\n",
     "https://resona-bk.top/login", None, "shift_jis", "8bit", "plain_mislabel",
     ("Fri, 28 Aug 2026 22:22:22 +0900", "2026-08-28T22:22:22+09:00"), "resona-bk.top", "unknown", "101.47.90.14",
     "口座が一時的に凍結されております"),
    ("phish-yahoo-hidden-text", "yahoo-japan", "yahoo.co.jp", "Yahoo! JAPAN", "security@yahoo-co-jp.support",
     "【Yahoo! JAPAN】ログイン確認",
     "Yahoo! JAPAN IDをご利用のお客様\n\n新しい端末からのログインがありました。お心当たりがない場合は、24時間以内に"
     "パスワードを変更してください。\n",
     "https://login.yahoo-co-jp.support/config/login", "パスワードを変更する", "utf-8", "base64", "html_hidden",
     ("Mon, 07 Sep 2026 03:33:33 +0900", "2026-09-07T03:33:33+09:00"), "yahoo-co-jp.support", "unknown", "45.66.230.12",
     "新しい端末からのログインがありました"),
    ("phish-line-zero-width", "line", "line.me", "LINE", "notice@line-me-support.xyz",
     "【LINE】アカウントが凍結されました",
     "LINEをご利用のお客様\n\nお客様のアカウントは利用規約違反の疑いにより凍結されました。\n凍結を解除するには、本日中に"
     "以下から認証を行ってください。\n",
     "https://line-me-support.xyz/auth", "認証する", "utf-8", "base64", "html_zw",
     ("Tue, 15 Sep 2026 17:17:17 +0900", "2026-09-15T17:17:17+09:00"), "line-me-support.xyz", "unknown", "103.170.22.9",
     "利用規約違反の疑いにより凍結されました"),
    ("phish-nhk-fee", "nhk", "nhk.or.jp", "NHK", "jushin@nhk-or-jp.top",
     "【NHK】受信料未払いのお知らせ",
     "お客様\n\n放送受信料のお支払いが確認できておりません。\n至急、以下のリンクからクレジットカード情報を"
     "ご登録ください。\n",
     "https://nhk-or-jp.top/pay", "お支払いはこちら", "iso-2022-jp", "7bit", "html",
     ("Wed, 23 Sep 2026 08:08:08 +0900", "2026-09-23T08:08:08+09:00"), "nhk-or-jp.top", "unknown", "101.47.31.7",
     "放送受信料のお支払いが確認できておりません"),
    ("phish-tepco-refund", "tepco", "tepco.co.jp", "東京電力エナジーパートナー", "info@tepco-kanpu.shop",
     "【東京電力】電気料金の過払い返金のお知らせ",
     "お客様\n\n電気料金の過払いが確認されましたので、返金手続きのご案内をいたします。\n期限までに下記より口座情報を"
     "ご登録ください。\n",
     "https://tepco-kanpu.shop/refund", "返金手続きへ", "utf-8", "quoted-printable", "html",
     ("Fri, 02 Oct 2026 12:00:00 +0900", "2026-10-02T12:00:00+09:00"), "tepco-kanpu.shop", "unknown", "38.181.20.44",
     "電気料金の過払いが確認されました"),
    ("phish-mynaportal-points", "mynaportal", "myna.go.jp", "マイナポータル", "info@myna-point.click",
     "【マイナポータル】マイナポイント申請期限のお知らせ",
     "お客様\n\nマイナポイントの申請期限が迫っております。\n本日中に以下のページからお手続きを行わない場合、"
     "ポイントは失効します。\n",
     "https://myna-point.click/apply", "申請はこちら", "utf-8", "base64", "html",
     ("Sat, 10 Oct 2026 09:30:00 +0900", "2026-10-10T09:30:00+09:00"), "myna-point.click", "unknown", "156.241.5.10",
     "マイナポイントの申請期限が迫っております"),
    ("phish-ana-mileage", "ana", "ana.co.jp", "ANAマイレージクラブ", "amc@ana-mileage-club.top",
     "【ANA】マイル失効のお知らせ",
     "ANAマイレージクラブ会員様\n\nお客様の保有マイルの有効期限が本日までとなっております。\nマイルを延長するには、"
     "以下よりログインしてお手続きください。\n",
     "https://ana-mileage-club.top/amc/login", "ログインする", "shift_jis", "base64", "html",
     ("Sun, 18 Oct 2026 21:00:00 +0900", "2026-10-18T21:00:00+09:00"), "ana-mileage-club.top", "unknown", "101.47.88.88",
     "保有マイルの有効期限が本日まで"),
    ("phish-apple-id-en", "apple", "apple.com", "Apple Support", "noreply@apple-id-locked.com",
     "Your Apple ID has been locked",
     "Dear Customer,\n\nYour Apple ID has been locked for security reasons because of unusual sign-in activity.\n"
     "To unlock your account, verify your information within 24 hours or it will be permanently disabled.\n",
     "https://appleid.apple-id-locked.com/verify", "Verify Now", "utf-8", "quoted-printable", "html",
     ("Mon, 26 Oct 2026 04:04:04 +0900", "2026-10-26T04:04:04+09:00"), "apple-id-locked.com", "unknown", "194.180.48.17",
     "Your Apple ID has been locked for security reasons"),
    ("phish-microsoft-password", "microsoft", "microsoft.com", "Microsoft 365", "admin@m365-mailbox-alert.com",
     "Action required: your password expires today",
     "Dear User,\n\nThe password for your Microsoft 365 mailbox expires today.\nKeep your current password by signing in "
     "below immediately, otherwise you will lose access to your emails.\n",
     "https://m365-mailbox-alert.com/owa/keep-password", "Keep Current Password", "utf-8", "base64", "html",
     ("Tue, 03 Nov 2026 11:11:11 +0900", "2026-11-03T11:11:11+09:00"), "m365-mailbox-alert.com", "unknown", "91.92.240.18",
     "The password for your Microsoft 365 mailbox expires today"),
    ("phish-netflix-payment", "netflix", "netflix.com", "Netflix", "billing@netflix-account-update.com",
     "Your payment was declined",
     "Hi,\n\nWe were unable to process your payment for the next billing cycle, so your membership is on hold.\n"
     "Please update your payment details within 48 hours to keep watching.\n",
     "https://netflix-account-update.com/billing", "Update Payment", "utf-8", "quoted-printable", "html",
     ("Wed, 11 Nov 2026 06:06:06 +0900", "2026-11-11T06:06:06+09:00"), "netflix-account-update.com", "unknown", "5.252.178.44",
     "We were unable to process your payment"),
    ("phish-paypal-homoglyph", "paypal", "paypal.com", "PayPal", "service@paypal-resolution.net",
     "Your account access has been limited",
     "Dear Customer,\n\nWe noticed unusual activity and your account access has been limited.\nTo restore access, "
     "confirm your card details immediately.\n",
     "https://www.p\u0430ypal.com/signin", "Log in to PayPal", "utf-8", "base64", "html",
     ("Thu, 12 Nov 2026 02:12:12 +0900", "2026-11-12T02:12:12+09:00"), "paypal-resolution.net", "unknown", "80.66.88.200",
     "your account access has been limited"),
    ("phish-dhl-parcel", "dhl", "dhl.com", "DHL Express", "tracking@dhl-parcel-hold.com",
     "DHL: your parcel is on hold",
     "Dear Customer,\n\nYour parcel could not be delivered because customs fees are unpaid.\nPay the fee of 2.99 USD "
     "within 24 hours or the parcel will be returned to the sender.\n",
     "https://dhl-parcel-hold.com/pay", "Pay now", "utf-8", "base64", "html",
     ("Fri, 13 Nov 2026 19:19:19 +0900", "2026-11-13T19:19:19+09:00"), "dhl-parcel-hold.com", "unknown", "62.182.84.51",
     "customs fees are unpaid"),
    ("phish-docusign-invoice", "docusign", "docusign.com", "DocuSign", "dse@docusign-secure-review.com",
     "Please review and sign: Invoice 2026-1183",
     "Hello,\n\nYou have received a document to review and sign.\nSign in with your email password to view the "
     "document. This link expires in 24 hours.\n",
     "https://docusign-secure-review.com/review", "REVIEW DOCUMENT", "utf-8", "quoted-printable", "html",
     ("Sat, 14 Nov 2026 08:48:00 +0900", "2026-11-14T08:48:00+09:00"), "docusign-secure-review.com", "unknown", "195.133.40.12",
     "You have received a document to review and sign"),
    ("phish-smart-ex-crlf", "smart-ex", "smart-ex.jp", "スマートEX", "info@smart-ex-jp.top",
     "【スマートEX】会員情報の確認",
     "スマートEX会員様\n\nご登録のクレジットカードの有効期限が切れているため、会員資格を停止いたしました。\n"
     "至急、以下から会員情報を更新してください。\n",
     "https://smart-ex-jp.top/member/", "会員情報を更新", "iso-2022-jp", "7bit", "html_crlf",
     ("Mon, 16 Nov 2026 07:07:07 +0900", "2026-11-16T07:07:07+09:00"), "smart-ex-jp.top", "unknown", "101.47.40.40",
     "会員資格を停止いたしました"),
    ("phish-orico-shortener", "orico", "orico.co.jp", "オリコカード", "eorico@orico-card-info.com",
     "【オリコ】ご利用内容の確認",
     "オリコカードをご利用のお客様\n\nお客様のカードで高額なご利用がありました。\nお心当たりのない場合は、"
     "48時間以内に下記URLからカード情報をご確認ください。\n",
     "https://bit.ly/3oRcX9k", None, "utf-8", "base64", "plain",
     ("Wed, 18 Nov 2026 12:12:12 +0900", "2026-11-18T12:12:12+09:00"), "orico-card-info.com", "unknown", "154.91.8.2",
     "高額なご利用がありました"),
    ("phish-sbi-securities", "sbi", "sbisec.co.jp", "SBI証券", "info@sbisec-co-jp.vip",
     "【SBI証券】お取引制限のお知らせ",
     "SBI証券をご利用のお客様\n\n重要なお知らせです。お客様のアカウントは本人確認が完了していないため、お取引を制限"
     "しております。\n本日中に以下より本人確認を行ってください。\n",
     "https://sbisec-co-jp.vip/login", "本人確認を行う", "shift_jis", "quoted-printable", "html",
     ("Thu, 19 Nov 2026 09:19:00 +0900", "2026-11-19T09:19:00+09:00"), "sbisec-co-jp.vip", "unknown", "101.47.77.7",
     "本人確認が完了していないため"),
]


def html_page(body_text, url, anchor, variant, brand_name):
    lines = "".join("<p>%s</p>\n" % l for l in body_text.strip().split("\n") if l.strip())
    button = '<p><a href="%s" style="background:#e60012;color:#fff;padding:12px 24px;text-decoration:none">%s</a></p>\n' % (url, anchor or url)
    extra = ""
    if variant == "html_hidden":
        extra = '<div style="display:none;font-size:0">天気 予報 料理 レシピ 旅行 スポーツ ニュース 週末 映画 音楽</div>\n'
    head = ""
    if variant == "html_cid":
        head = '<img src="cid:logo01@mail" alt="%s">\n' % brand_name
    return "<html><head><meta charset=\"utf-8\"><title>%s</title></head><body>\n%s%s%s%s<p>※本メールは送信専用です。</p>\n</body></html>\n" % (
        brand_name, head, lines, button, extra)


def write_phish():
    for (name, brand, official, disp, addr, subject, text, url, anchor, charset, cte, fmt, recv, helo, rdns, ip,
         phrase) in PHISH:
        m = Mail(name, "phishing", recv[0], recv[1], helo, rdns, ip)
        urls = [{"href": url}]
        if fmt.startswith("plain"):
            body_text = text + "\n" + url + "\n\n※本メールは送信専用です。\n"
            label = "ISO-2022-JP" if fmt == "plain_mislabel" else charset
            body = ("Content-Type: text/plain; charset=%s\nContent-Transfer-Encoding: %s\n\n" % (label.upper(), cte)).encode() + \
                body_bytes(body_text, charset, cte)
        else:
            page = html_page(text, url, anchor, fmt, disp)
            if fmt == "html_zw":
                # zero-width spaces inside the words a filter looks for
                page = page.replace("アカウント", "ア\u200bカ\u200bウ\u200bント").replace("認証", "認\u200b証")
            if anchor:
                # the anchor text as the mail writes it (zero-width characters included)
                urls[0]["anchor_text"] = anchor.replace("認証", "認\u200b証") if fmt == "html_zw" else anchor
            if fmt == "html_cid":
                logo = base64.encodebytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 64).decode()
                body = b"Content-Type: multipart/related; boundary=\"==rel==\"\n\n--==rel==\n" + leaf("text/html", page, charset, cte) + \
                    ("\n--==rel==\nContent-Type: image/png; name=\"logo.png\"\nContent-Transfer-Encoding: base64\n"
                     "Content-ID: <logo01@mail>\nContent-Disposition: inline; filename=\"logo.png\"\n\n" + logo +
                     "--==rel==--\n").encode()
            elif fmt == "html" and charset == "utf-8" and cte == "base64":
                # most real phishing in UTF-8 also carries a plain alternative
                body = alternative(text + "\n" + url + "\n", page, charset, cte)
            else:
                body = leaf("text/html", page, charset, cte)
            if fmt == "html_crlf":
                m.crlf = True
        if "google.com/url" in url:
            urls.append({"href": "https://jcb-co-jp.help/myjcb/login", "registrable_domain": "jcb-co-jp.help"})
        truth = {"brand": brand, "official_domain": official, "urls": urls, "body_text_must_contain": [phrase]}
        scs = "iso-2022-jp" if charset == "iso-2022-jp" else ("shift_jis" if charset == "shift_jis" else "utf-8")
        m.write(disp, addr, subject, body, subject_charset=scs, truth_extra=truth,
                auth="spf=softfail smtp.mailfrom=%s; dkim=none; dmarc=none header.from=%s" % (addr.split("@")[1], addr.split("@")[1])
                if name.endswith("-payment") else None)


# ------------------------------------------------------------------------------------------------ spam
SPAM = [
    ("spam-sidejob-flag", "副業サポート事務局", "info@fukugyou-support.biz", "【限定】スマホだけで月30万円の副収入",
     "スマホだけで毎月30万円の副収入を得る方法を、今だけ無料で公開しています。\n詳しくは下記をご覧ください。\n",
     "https://fukugyou-support.biz/lp/", ["X-Spam-Flag: YES", "X-Spam-Status: Yes, score=8.4 required=5.0 tests=HTML_MESSAGE,URIBL_BLOCKED,FREEMAIL_FROM autolearn=spam"],
     "utf-8", "base64", ("Tue, 17 Feb 2026 10:00:00 +0900", "2026-02-17T10:00:00+09:00"), "biz-mail01.fukugyou-support.biz", "unknown", "210.140.77.12",
     "毎月30万円の副収入"),
    ("spam-dating-meiwaku", "ゆい", "yui_0312@deai-match.net", "[meiwaku] はじめまして、ゆいです",
     "はじめまして。プロフィールを見てメールしました。\n近くに住んでいるみたいなので、よかったらお話ししませんか？\n",
     "https://deai-match.net/p/yui", ["X-Spam-Flag: YES"], "iso-2022-jp", "7bit",
     ("Thu, 05 Mar 2026 23:11:00 +0900", "2026-03-05T23:11:00+09:00"), "mail.deai-match.net", "unknown", "27.120.99.4",
     "プロフィールを見てメールしました"),
    ("spam-investment-rspamd", "投資情報センター", "news@kabu-hikaku.info", "今週の注目銘柄を無料配信中",
     "プロが厳選した今週の注目銘柄を無料でお届けします。\n登録はこちらから。\n",
     "https://kabu-hikaku.info/entry", ["X-Spamd-Result: default: True [12.30 / 15.00]; RBL_SPAMHAUS(2.00)[210.140.80.9:from]; BAYES_SPAM(5.10)[99.99%]", "X-Spam: Yes"],
     "shift_jis", "base64", ("Sat, 21 Mar 2026 08:00:00 +0900", "2026-03-21T08:00:00+09:00"), "mx.kabu-hikaku.info", "unknown", "210.140.80.9",
     "今週の注目銘柄を無料でお届けします"),
    ("spam-pharma-en", "Online Pharmacy", "sales@cheap-meds-online.ru", "[SPAM] Lowest prices on meds - 80% off",
     "Best prices on all popular medications.\nNo prescription needed, discreet worldwide shipping.\n",
     "http://cheap-meds-online.ru/shop", ["X-Spam-Flag: YES", "X-Spam-Level: **********", "X-Spam-Status: Yes, score=10.2 required=5.0 tests=BAYES_99,RCVD_IN_PBL"],
     "utf-8", "quoted-printable", ("Mon, 06 Apr 2026 03:03:03 +0900", "2026-04-06T03:03:03+09:00"), "host-77.cheap-meds-online.ru", "unknown", "91.200.12.77",
     "No prescription needed"),
    ("spam-seo-en", "Mark Wilson", "mark.wilson@seo-rank-experts.com", "Get your website on page 1 of Google",
     "Hi,\n\nI noticed your website is not ranking for many keywords.\nWe can get you on the first page of Google in 30 days. Reply for a free audit.\n",
     None, ["X-Spam-Flag: YES", "X-Spam-Status: Yes, score=6.1 required=5.0 tests=SPAMMY_SEO"],
     "utf-8", "7bit", ("Wed, 15 Apr 2026 15:15:15 +0900", "2026-04-15T15:15:15+09:00"), "mail.seo-rank-experts.com", "mail.seo-rank-experts.com", "23.94.5.61",
     "We can get you on the first page of Google"),
    ("spam-casino-ms", "ラッキーカジノ", "vip@lucky-casino.bet", "【今だけ】入金不要ボーナス5,000円プレゼント",
     "今なら新規登録だけで5,000円分のボーナスをプレゼント中です。\n",
     "https://lucky-casino.bet/bonus", ["X-Forefront-Antispam-Report: CIP:103.99.1.7;CTRY:PH;LANG:ja;SCL:9;SRV:;IPV:NLI;SFV:SPM;H:lucky-casino.bet;CAT:SPM;SFS:;DIR:INB;", "X-MS-Exchange-Organization-SCL: 9"],
     "utf-8", "base64", ("Fri, 24 Apr 2026 20:20:20 +0900", "2026-04-24T20:20:20+09:00"), "lucky-casino.bet", "unknown", "103.99.1.7",
     "新規登録だけで5,000円分のボーナス"),
    ("spam-diet-eucjp", "健康サプリ通販", "shop@diet-supple.jp.net", "[spam] 飲むだけで簡単ダイエット",
     "飲むだけで簡単に痩せられる話題のサプリメントを特別価格でご案内します。\n",
     "https://diet-supple.jp.net/item", ["X-Spam-Flag: YES", "X-Spam-Status: Yes, score=7.7 required=5.0 tests=HTML_IMAGE_ONLY"],
     "euc-jp", "8bit", ("Sun, 10 May 2026 06:06:06 +0900", "2026-05-10T06:06:06+09:00"), "diet-supple.jp.net", "unknown", "160.16.33.2",
     "話題のサプリメントを特別価格で"),
    ("spam-lottery-en", "International Lottery Board", "claims@intl-lottery-board.org", "[SPAM] You have won 1,000,000 USD",
     "Congratulations!\n\nYour email address has won 1,000,000 USD in our international draw.\nSend your full name, address and phone number to claim your prize.\n",
     None, ["X-Spam-Flag: YES", "X-Spam-Status: Yes, score=15.0 required=5.0 tests=ADVANCE_FEE_4_NEW,LOTTO_AGENT"],
     "utf-8", "7bit", ("Tue, 26 May 2026 01:01:01 +0900", "2026-05-26T01:01:01+09:00"), "mail.intl-lottery-board.org", "unknown", "41.203.64.5",
     "Your email address has won 1,000,000 USD"),
    ("spam-realestate-sjis", "不動産投資セミナー事務局", "seminar@fudosan-toushi.site", "【無料セミナー】年収500万円からの不動産投資",
     "年収500万円から始められる不動産投資の無料セミナーを開催します。\n参加特典あり。お申し込みはお早めに。\n",
     "https://fudosan-toushi.site/seminar", ["X-Spam-Flag: YES"], "shift_jis", "8bit",
     ("Thu, 11 Jun 2026 12:00:00 +0900", "2026-06-11T12:00:00+09:00"), "fudosan-toushi.site", "unknown", "133.125.50.9",
     "不動産投資の無料セミナー"),
    ("spam-crypto-en", "Crypto Signals", "alerts@moon-signals.io", "[SPAM] This coin will 100x next week",
     "Our AI found the next coin to explode. Join 20,000 traders getting free signals today.\n",
     "https://moon-signals.io/join", ["X-Spam-Flag: YES", "X-Spam-Status: Yes, score=9.0 required=5.0 tests=BAYES_95"],
     "utf-8", "base64", ("Mon, 06 Jul 2026 09:00:00 +0900", "2026-07-06T09:00:00+09:00"), "mail.moon-signals.io", "unknown", "185.107.56.3",
     "Join 20,000 traders getting free signals"),
    ("spam-shop-sale", "激安ブランド館", "sale@brand-gekiyasu.shop", "[meiwaku] 全品90%OFF 本日限り",
     "人気ブランドのバッグ・財布が全品90%OFF。本日限りのセールです。\n",
     "https://brand-gekiyasu.shop/sale", ["X-Spam-Flag: YES", "X-Spam-Status: Yes, score=11.3 required=5.0 tests=URIBL_DBL_SPAM"],
     "iso-2022-jp", "7bit", ("Sat, 22 Aug 2026 13:00:00 +0900", "2026-08-22T13:00:00+09:00"), "brand-gekiyasu.shop", "unknown", "47.74.0.12",
     "人気ブランドのバッグ"),
    ("spam-loan-untagged-score", "即日融資センター", "info@sokujitsu-loan.net", "審査なしで最短即日融資",
     "ブラックの方でも審査なしで最短即日融資が可能です。\nお気軽にお申し込みください。\n",
     "https://sokujitsu-loan.net/apply", ["X-Spam-Status: Yes, score=9.9 required=5.0 tests=LOAN_SPAM", "X-Spam-Flag: YES"],
     "utf-8", "quoted-printable", ("Wed, 30 Sep 2026 18:00:00 +0900", "2026-09-30T18:00:00+09:00"), "sokujitsu-loan.net", "unknown", "202.61.1.8",
     "審査なしで最短即日融資"),
]


def write_spam():
    for (name, disp, addr, subject, text, url, headers, charset, cte, recv, helo, rdns, ip, phrase) in SPAM:
        m = Mail(name, "spam", recv[0], recv[1], helo, rdns, ip)
        m.top_headers = headers
        body_text = text + ("\n" + url + "\n" if url else "") + "\n配信停止はこちらまでご連絡ください。\n"
        body = leaf("text/plain", body_text, charset, cte)
        truth = {"brand": None, "body_text_must_contain": [phrase]}
        if url:
            truth["urls"] = [{"href": url}]
        scs = charset if charset in ("iso-2022-jp", "shift_jis", "euc-jp") else "utf-8"
        m.write(disp, addr, subject, body, subject_charset=scs, truth_extra=truth)


# ------------------------------------------------------------------------------------------------ legitimate
# Real brands' notices as they arrive: sent from the brand's own domain (or its ESP with the brand's DKIM), aligned
# SPF/DKIM/DMARC pass recorded by the receiver, the member's name, links to the official site, a telephone number.
LEGIT = [
    ("legit-amazon-order", "amazon", "Amazon.co.jp", "auto-confirm@amazon.co.jp", "Amazon.co.jpでのご注文 #249-1234567-7654321",
     "山田 花子 様\n\nAmazon.co.jpをご利用いただき、ありがとうございます。\nご注文の商品を発送準備中です。注文履歴は "
     "https://www.amazon.co.jp/gp/css/order-history でご確認いただけます。\n", "https://www.amazon.co.jp/gp/css/order-history",
     "utf-8", "quoted-printable", "plain", "a27-12.smtp-out.us-west-2.amazonses.com", "54.240.27.12", "amazon.co.jp",
     ("Wed, 04 Feb 2026 09:15:00 +0900", "2026-02-04T09:15:00+09:00"), "ご注文の商品を発送準備中です"),
    ("legit-rakuten-card-statement", "rakuten", "楽天カード", "info@mail.rakuten-card.co.jp", "【楽天カード】ご請求金額確定のお知らせ",
     "山田 花子 様\n\nいつも楽天カードをご利用いただきありがとうございます。\n2026年3月27日お支払い分のご請求金額が確定しました。\n"
     "ご利用明細は楽天e-NAVIでご確認ください。\n楽天カードコンタクトセンター 0570-66-6910\n", "https://www.rakuten-card.co.jp/e-navi/",
     "iso-2022-jp", "7bit", "plain", "mail.rakuten-card.co.jp", "133.237.16.42", "mail.rakuten-card.co.jp",
     ("Thu, 12 Mar 2026 10:00:00 +0900", "2026-03-12T10:00:00+09:00"), "ご請求金額が確定しました"),
    ("legit-smbc-card-usage", "smbc-card", "三井住友カード", "statement@vpass.ne.jp", "【三井住友カード】ご利用のお知らせ",
     "山田 花子 様\n\n三井住友カードをご利用いただきありがとうございます。\nご利用日時：2026/03/20 12:34\nご利用金額：3,280円\n"
     "ご利用明細はVpassでご確認いただけます。\nお問い合わせ 0120-816-437\n", "https://www.smbc-card.com/mem/index.jsp",
     "shift_jis", "base64", "html", "mta01.vpass.ne.jp", "210.155.8.7", "vpass.ne.jp",
     ("Fri, 20 Mar 2026 12:40:00 +0900", "2026-03-20T12:40:00+09:00"), "ご利用金額：3,280円"),
    ("legit-eki-net-reservation", "eki-net", "えきねっと", "info@eki-net.com", "【えきねっと】ご予約内容のお知らせ",
     "山田 花子 様\n\n「えきねっと」をご利用いただきありがとうございます。\n以下の内容でご予約を承りました。\n"
     "3月28日 東京 10:20発 はやぶさ17号\nえきねっとサポートセンター 050-2016-5000\n", "https://www.eki-net.com/",
     "iso-2022-jp", "7bit", "plain", "mail.eki-net.com", "54.178.18.10", "eki-net.com",
     ("Mon, 23 Mar 2026 19:05:00 +0900", "2026-03-23T19:05:00+09:00"), "以下の内容でご予約を承りました"),
    ("legit-yamato-delivery", "yamato", "ヤマト運輸", "mail@kuronekoyamato.co.jp", "【ヤマト運輸】お荷物お届け予定のお知らせ",
     "山田 花子 様\n\nお荷物のお届け予定をお知らせします。\nお届け予定日時：4月2日 14時から16時\n伝票番号：4512-3456-7890\n"
     "受け取り日時の変更は https://www.kuronekoyamato.co.jp/ からどうぞ。\nサービスセンター 0120-01-9625\n",
     "https://www.kuronekoyamato.co.jp/", "utf-8", "base64", "plain", "mail2.kuronekoyamato.co.jp", "202.232.138.20", "kuronekoyamato.co.jp",
     ("Wed, 01 Apr 2026 20:00:00 +0900", "2026-04-01T20:00:00+09:00"), "お荷物のお届け予定をお知らせします"),
    ("legit-mufg-login", "mufg", "三菱UFJ銀行", "info@mufg.jp", "【三菱UFJ銀行】ログインのお知らせ",
     "山田 花子 様\n\n三菱UFJダイレクトへのログインがありました。\nログイン日時：2026年4月8日 21:03\n"
     "お心当たりがない場合は、三菱UFJダイレクト専用ダイヤル 0120-543-555 までご連絡ください。\n", "https://www.bk.mufg.jp/",
     "shift_jis", "quoted-printable", "html", "mail01.mufg.jp", "210.173.176.10", "mufg.jp",
     ("Wed, 08 Apr 2026 21:04:00 +0900", "2026-04-08T21:04:00+09:00"), "三菱UFJダイレクトへのログインがありました"),
    ("legit-japanpost-tracking", "japanpost", "日本郵便", "info@ml.japanpost.jp", "ゆうパック お届けのお知らせ",
     "山田 花子 様\n\nゆうパックのお届け予定をお知らせします。\nお問い合わせ番号：1234-5678-9012\n"
     "配達状況は https://trackings.post.japanpost.jp/ でご確認いただけます。\nお客様サービス相談センター 0570-046-666\n",
     "https://trackings.post.japanpost.jp/", "euc-jp", "8bit", "plain", "ml.japanpost.jp", "202.228.246.33", "ml.japanpost.jp",
     ("Tue, 14 Apr 2026 08:30:00 +0900", "2026-04-14T08:30:00+09:00"), "ゆうパックのお届け予定をお知らせします"),
    ("legit-docomo-bill", "docomo", "NTTドコモ", "info@docomo.ne.jp", "【ドコモ】ご利用料金確定のお知らせ",
     "山田 花子 様\n\n2026年4月ご利用分の料金が確定しました。\nご請求金額：5,480円\n詳細はMy docomoでご確認ください。\n"
     "ドコモインフォメーションセンター 0120-800-000\n", "https://www.docomo.ne.jp/mydocomo/",
     "utf-8", "base64", "html", "mfsmax.docomo.ne.jp", "203.138.180.112", "docomo.ne.jp",
     ("Sat, 09 May 2026 10:00:00 +0900", "2026-05-09T10:00:00+09:00"), "ご請求金額：5,480円"),
    ("legit-paypay-receipt", "paypay", "PayPay", "no-reply@paypay.ne.jp", "【PayPay】お支払い完了のお知らせ",
     "山田 花子 様\n\nPayPayでのお支払いが完了しました。\nお支払い金額：1,200円\nお支払い先：カフェ サンプル\n"
     "PayPayカスタマーサポート 0120-990-634\n", "https://paypay.ne.jp/help/",
     "utf-8", "quoted-printable", "plain", "mail.paypay.ne.jp", "182.22.40.70", "paypay.ne.jp",
     ("Mon, 18 May 2026 13:00:00 +0900", "2026-05-18T13:00:00+09:00"), "PayPayでのお支払いが完了しました"),
    ("legit-mercari-sold", "mercari", "メルカリ", "no-reply@mercari.jp", "【メルカリ】商品が購入されました",
     "山田 花子 様\n\n出品した商品が購入されました。発送の準備をお願いします。\n取引画面 https://jp.mercari.com/transaction\n"
     "メルカリ事務局\n", "https://jp.mercari.com/transaction",
     "utf-8", "base64", "plain", "mail.mercari.jp", "13.113.5.20", "mercari.jp",
     ("Thu, 28 May 2026 16:00:00 +0900", "2026-05-28T16:00:00+09:00"), "出品した商品が購入されました"),
    ("legit-etc-statement", "etc", "ETC利用照会サービス", "info@etc-meisai.jp", "【ETC利用照会サービス】利用明細のお知らせ",
     "山田 花子 様\n\n5月分のETC利用明細が確定しました。\n明細は https://www.etc-meisai.jp/ でご確認ください。\n"
     "ETC利用照会サービス事務局 0570-010-139\n", "https://www.etc-meisai.jp/",
     "iso-2022-jp", "7bit", "plain", "mail.etc-meisai.jp", "210.148.96.5", "etc-meisai.jp",
     ("Fri, 05 Jun 2026 09:00:00 +0900", "2026-06-05T09:00:00+09:00"), "ETC利用明細が確定しました"),
    ("legit-jcb-newsletter", "jcb", "JCB", "mail@qa.jcb.co.jp", "【JCB】夏のキャンペーンのご案内",
     "山田 花子 様\n\nいつもJCBカードをご利用いただきありがとうございます。\n夏のキャンペーンを開催中です。詳しくはMyJCBをご覧ください。\n"
     "JCBインフォメーションセンター 0570-015-111\n", "https://my.jcb.co.jp/",
     "shift_jis", "base64", "html_preheader", "mail.qa.jcb.co.jp", "210.130.137.20", "qa.jcb.co.jp",
     ("Mon, 15 Jun 2026 11:00:00 +0900", "2026-06-15T11:00:00+09:00"), "夏のキャンペーンを開催中です"),
    ("legit-au-bill", "au", "au", "info@au.com", "【au】ご利用料金のお知らせ",
     "山田 花子 様\n\n6月ご利用分のご請求金額は4,980円です。\n詳細はMy auでご確認ください。\nauお客さまセンター 0077-7-111\n",
     "https://www.au.com/my-au/", "utf-8", "base64", "plain", "mail.au.com", "111.87.220.15", "au.com",
     ("Fri, 10 Jul 2026 10:00:00 +0900", "2026-07-10T10:00:00+09:00"), "ご請求金額は4,980円です"),
    ("legit-etax-notice", "e-tax", "国税庁", "e-taxinfo@nta.go.jp", "【e-Tax】メッセージボックスにお知らせが届いています",
     "山田 花子 様\n\ne-Taxのメッセージボックスに新しいお知らせが格納されました。\n"
     "https://www.e-tax.nta.go.jp/ からログインしてご確認ください。\ne-Tax・作成コーナーヘルプデスク 0570-01-5901\n",
     "https://www.e-tax.nta.go.jp/", "iso-2022-jp", "7bit", "plain", "mail.nta.go.jp", "61.205.82.20", "nta.go.jp",
     ("Tue, 21 Jul 2026 14:00:00 +0900", "2026-07-21T14:00:00+09:00"), "メッセージボックスに新しいお知らせが格納されました"),
    ("legit-apple-receipt-en", "apple", "Apple", "no_reply@email.apple.com", "Your receipt from Apple",
     "Dear Hanako Yamada,\n\nThank you for your purchase. Your receipt for iCloud+ 50GB, 150 JPY, is below.\n"
     "Manage subscriptions at https://support.apple.com/billing\nApple Support 0120-277-535\n", "https://support.apple.com/billing",
     "utf-8", "quoted-printable", "html", "rn2-txn-msbadger07105.apple.com", "17.111.110.47", "email.apple.com",
     ("Sat, 01 Aug 2026 03:00:00 +0900", "2026-08-01T03:00:00+09:00"), "Thank you for your purchase"),
    ("legit-microsoft-security-en", "microsoft", "Microsoft account team", "account-security-noreply@accountprotection.microsoft.com",
     "Microsoft account security info was added",
     "Hi Hanako,\n\nThe following security info was recently added to the Microsoft account ha***@example.ne.jp.\n"
     "If this was you, you can safely ignore this email. Review your security info at https://account.live.com/proofs/manage\n",
     "https://account.live.com/proofs/manage", "utf-8", "base64", "html", "mail-sn1nam02on2050.outbound.protection.outlook.com",
     "40.107.96.50", "accountprotection.microsoft.com",
     ("Tue, 11 Aug 2026 07:00:00 +0900", "2026-08-11T07:00:00+09:00"), "security info was recently added"),
    ("legit-netflix-billing-en", "netflix", "Netflix", "info@account.netflix.com", "Your Netflix membership receipt",
     "Hi Hanako,\n\nThanks for being a Netflix member. We received your payment of 1,590 JPY for August.\n"
     "Account details: https://www.netflix.com/account\n", "https://www.netflix.com/account",
     "utf-8", "quoted-printable", "html", "omta02.account.netflix.com", "69.53.224.33", "account.netflix.com",
     ("Thu, 20 Aug 2026 05:00:00 +0900", "2026-08-20T05:00:00+09:00"), "We received your payment of 1,590 JPY"),
    ("legit-paypal-receipt-en", "paypal", "PayPal", "service@paypal.com", "Receipt for your payment to Sample Shop",
     "Hello Hanako Yamada,\n\nYou sent a payment of 2,500 JPY to Sample Shop.\nView the transaction at https://www.paypal.com/myaccount/activity\n",
     "https://www.paypal.com/myaccount/activity", "utf-8", "base64", "plain", "mx0.slc.paypal.com", "173.0.84.225", "paypal.com",
     ("Mon, 31 Aug 2026 22:00:00 +0900", "2026-08-31T22:00:00+09:00"), "You sent a payment of 2,500 JPY"),
    ("legit-sagawa-delivered", "sagawa", "佐川急便", "info@sagawa-exp.co.jp", "【佐川急便】配達完了のお知らせ",
     "山田 花子 様\n\nお荷物の配達が完了しました。\nお問い合わせ送り状番号：3601-2345-6789\n"
     "お問い合わせ 0570-01-0500\n", "https://www.sagawa-exp.co.jp/",
     "shift_jis", "8bit", "plain", "mail.sagawa-exp.co.jp", "210.238.16.3", "sagawa-exp.co.jp",
     ("Wed, 09 Sep 2026 15:30:00 +0900", "2026-09-09T15:30:00+09:00"), "お荷物の配達が完了しました"),
    ("legit-ana-booking", "ana", "ANA", "ana_info@ana.co.jp", "【ANA】ご予約確認",
     "山田 花子 様\n\nANAをご利用いただきありがとうございます。ご予約が完了しました。\n10月3日 羽田 8:00発 伊丹行き ANA15便\n"
     "ANA国内線予約・案内センター 0570-029-222\n", "https://www.ana.co.jp/",
     "utf-8", "base64", "html", "mail.ana.co.jp", "202.32.21.7", "ana.co.jp",
     ("Mon, 21 Sep 2026 18:00:00 +0900", "2026-09-21T18:00:00+09:00"), "ご予約が完了しました"),
    ("legit-yahoo-login", "yahoo-japan", "Yahoo! JAPAN", "id-info@mail.yahoo.co.jp", "【Yahoo! JAPAN】ログインのお知らせ",
     "hanako_y さん\n\nYahoo! JAPAN IDに新しい端末からログインがありました。\n日時：2026年10月6日 20:11\n"
     "お心当たりがない場合は https://account.edit.yahoo.co.jp/ でパスワードを変更してください。\n",
     "https://account.edit.yahoo.co.jp/", "utf-8", "base64", "plain", "mo.mail.yahoo.co.jp", "182.22.12.10", "mail.yahoo.co.jp",
     ("Tue, 06 Oct 2026 20:12:00 +0900", "2026-10-06T20:12:00+09:00"), "新しい端末からログインがありました"),
    ("legit-aeon-statement", "aeon", "イオンカード", "info@aeon.co.jp", "【イオンカード】ご利用代金明細のお知らせ",
     "山田 花子 様\n\n10月分のご利用代金明細をイオンウォレットに掲載しました。\nイオンカードセンター 0570-071-090\n",
     "https://www.aeon.co.jp/", "iso-2022-jp", "7bit", "plain", "mail.aeon.co.jp", "210.150.144.20", "aeon.co.jp",
     ("Thu, 15 Oct 2026 09:00:00 +0900", "2026-10-15T09:00:00+09:00"), "ご利用代金明細をイオンウォレットに掲載しました"),
    ("legit-softbank-esp-links", "softbank", "ソフトバンク", "info@mail.softbank.jp", "【ソフトバンク】料金プランのご案内",
     "山田 花子 様\n\nいつもソフトバンクをご利用いただきありがとうございます。\n新しい料金プランのご案内です。\n"
     "ソフトバンクカスタマーサポート 0800-919-0157\n", "https://click.sb-mail-delivery.jp/?u=plan2026",
     "utf-8", "quoted-printable", "html", "mta.mail.softbank.jp", "126.245.1.10", "mail.softbank.jp",
     ("Wed, 28 Oct 2026 12:00:00 +0900", "2026-10-28T12:00:00+09:00"), "新しい料金プランのご案内です"),
    ("legit-dhl-delivery-en", "dhl", "DHL Express", "noreply@dhl.com", "DHL On Demand Delivery: shipment 1234567890",
     "Dear Hanako Yamada,\n\nYour shipment 1234567890 is scheduled for delivery on 12 November.\n"
     "Track or change the delivery at https://www.dhl.com/jp-en/home/tracking.html\nDHL Customer Service 0120-39-2580\n",
     "https://www.dhl.com/jp-en/home/tracking.html", "utf-8", "7bit", "plain", "mail.dhl.com", "165.72.200.11", "dhl.com",
     ("Tue, 10 Nov 2026 08:00:00 +0900", "2026-11-10T08:00:00+09:00"), "is scheduled for delivery on 12 November"),
    ("legit-personal-no-brand", None, "佐藤 一郎", "ichiro.sato@example-university.ac.jp", "来週の打ち合わせについて",
     "山田さん\n\nお疲れさまです。来週の打ち合わせですが、水曜日の15時からでいかがでしょうか。\n資料は前日までに共有します。\n\n佐藤\n",
     None, "iso-2022-jp", "7bit", "plain", "mail.example-university.ac.jp", "133.11.0.25", "example-university.ac.jp",
     ("Fri, 13 Nov 2026 17:00:00 +0900", "2026-11-13T17:00:00+09:00"), "水曜日の15時からでいかがでしょうか"),
    ("legit-newsletter-no-brand", None, "技術ブログ週報", "weekly@techblog-news.example.com", "今週の技術記事まとめ",
     "今週の人気記事をお届けします。\n1. C++20のコルーチン入門\n2. PostgreSQLのパーティショニング\n"
     "記事一覧は https://techblog-news.example.com/weekly をご覧ください。\n", "https://techblog-news.example.com/weekly",
     "utf-8", "base64", "html_preheader", "out.techblog-news.example.com", "198.51.100.44", "techblog-news.example.com",
     ("Mon, 16 Nov 2026 07:30:00 +0900", "2026-11-16T07:30:00+09:00"), "今週の人気記事をお届けします"),
]


def write_legit():
    for (name, brand, disp, addr, subject, text, url, charset, cte, fmt, host, ip, dkim_d, recv, phrase) in LEGIT:
        m = Mail(name, "legitimate", recv[0], recv[1], host, host, ip)
        domain = addr.split("@")[1]
        auth = "spf=pass smtp.mailfrom=%s;\n\tdkim=pass header.d=%s header.s=s2026;\n\tdmarc=pass (p=REJECT) header.from=%s" % (
            domain, dkim_d, domain)
        m.extra_headers = ["DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d=%s; s=s2026; h=from:to:subject:date; bh=Zm9v; b=YmFy" % dkim_d]
        truth = {"brand": brand, "body_text_must_contain": [phrase]}
        if url:
            truth["urls"] = [{"href": url}]
        if fmt == "plain":
            if url and url not in text:
                text += ("詳しくは %s をご覧ください。\n" if any(ord(c) > 127 for c in text) else "Details: %s\n") % url
            body = leaf("text/plain", text, charset, cte)
        else:
            lines = "".join("<p>%s</p>\n" % l for l in text.strip().split("\n") if l.strip() and "https://" not in l)
            anchor = "こちら" if any(ord(c) > 127 for c in text) else "Sign in"
            pre = '<div style="display:none;max-height:0;overflow:hidden">%s</div>\n' % subject if fmt == "html_preheader" else ""
            logo_host = url.split("/")[2] if url else domain
            page = ('<html><body>\n%s<img src="https://%s/img/logo.png" alt="%s">\n%s<p><a href="%s">%s</a></p>\n</body></html>\n'
                    % (pre, logo_host, disp, lines, url, anchor))
            if url:
                truth["urls"][0]["anchor_text"] = anchor
            body = alternative(text, page, charset, cte)
        scs = charset if charset in ("iso-2022-jp", "shift_jis", "euc-jp") else "utf-8"
        m.write(disp, addr, subject, body, subject_charset=scs, truth_extra=truth, auth=auth)


# ------------------------------------------------------------------------------------------------ hard cases
# Mails that a filter or phishscope is known to find hard; they stay in the set so that the figures show it.
def write_hard():
    # 1. phishing sent from a compromised small-business mailbox, no brand named up front, a generic "事務局"
    m = Mail("hard-phish-compromised-generic", "phishing", "Tue, 24 Nov 2026 09:00:00 +0900", "2026-11-24T09:00:00+09:00",
             "mail.sample-koumuten.co.jp", "mail.sample-koumuten.co.jp", "210.188.224.5")
    text = ("お客様\n\nメールボックスの容量が上限に達しました。\n引き続き受信するには、以下からメールアカウントに"
            "ログインし、容量を追加してください。\n\nhttps://mailbox-storage-upgrade.web.app/login\n\nメール管理事務局\n")
    m.write("メール管理事務局", "info@sample-koumuten.co.jp", "メールボックス容量のお知らせ", leaf("text/plain", text, "utf-8", "base64"),
            truth_extra={"brand": None, "urls": [{"href": "https://mailbox-storage-upgrade.web.app/login",
                                                  "registrable_domain": "mailbox-storage-upgrade.web.app"}],
                         "body_text_must_contain": ["容量が上限に達しました"]})
    # 2. image-only phishing: the brand is only in the image's alt text and the link
    m = Mail("hard-phish-image-only", "phishing", "Wed, 25 Nov 2026 01:00:00 +0900", "2026-11-25T01:00:00+09:00",
             "smtp.kaiin-notice.top", "unknown", "101.47.9.99")
    page = ('<html><body><a href="https://smbc-card.kaiin-notice.top/vpass/"><img src="https://kaiin-notice.top/banner.png" '
            'alt="三井住友カード 重要なお知らせ ご利用確認はこちら"></a></body></html>\n')
    m.write("カード会員サービス", "info@kaiin-notice.top", "重要なお知らせ", leaf("text/html", page, "utf-8", "base64"),
            truth_extra={"brand": "smbc-card", "urls": [{"href": "https://smbc-card.kaiin-notice.top/vpass/"}]})
    # 3. phishing whose only link is inside an attached HTML form (nothing to click in the body)
    m = Mail("hard-phish-html-attachment", "phishing", "Wed, 25 Nov 2026 10:00:00 +0900", "2026-11-25T10:00:00+09:00",
             "mx.invoice-share.top", "unknown", "45.9.148.20")
    form = ('<html><body><form action="https://collect.invoice-share.top/post.php" method="post">Microsoft 365 '
            '<input name="email"><input type="password" name="pass"><button>Sign in</button></form></body></html>\n')
    body = (b"Content-Type: multipart/mixed; boundary=\"==mix==\"\n\n--==mix==\n" +
            leaf("text/plain", "Please find the attached invoice. Sign in with your Microsoft 365 account to open it.\n", "utf-8", "7bit") +
            b"\n--==mix==\nContent-Type: text/html; name=\"Invoice_1183.html\"\nContent-Disposition: attachment; filename=\"Invoice_1183.html\"\n"
            b"Content-Transfer-Encoding: base64\n\n" + base64.encodebytes(form.encode()) + b"--==mix==--\n")
    m.write("Accounts Payable", "ap@invoice-share.top", "Invoice 1183 attached", body,
            truth_extra={"brand": "microsoft", "body_text_must_contain": ["Please find the attached invoice"]})
    # 4. spam that no filter flagged: only the content says what it is
    m = Mail("hard-spam-untagged", "spam", "Thu, 26 Nov 2026 12:00:00 +0900", "2026-11-26T12:00:00+09:00",
             "mail.kenkou-shokuhin.info", "unknown", "157.7.44.3")
    m.write("健康食品ショップ", "news@kenkou-shokuhin.info", "今だけ半額！話題の青汁",
            leaf("text/plain", "話題の青汁が今だけ半額です。\nご注文は https://kenkou-shokuhin.info/aojiru から。\n配信停止はこちら。\n", "iso-2022-jp", "7bit"),
            subject_charset="iso-2022-jp",
            truth_extra={"brand": None, "urls": [{"href": "https://kenkou-shokuhin.info/aojiru"}],
                         "body_text_must_contain": ["話題の青汁が今だけ半額です"]})
    # 5. legitimate brand notice forwarded by the user's own server: the receiver's authentication is not there
    m = Mail("hard-legit-forwarded-no-auth", "legitimate", "Thu, 26 Nov 2026 18:00:00 +0900", "2026-11-26T18:00:00+09:00",
             "relay.example-corp.co.jp", "relay.example-corp.co.jp", "198.51.100.80")
    m.write("楽天市場", "order@rakuten.co.jp", "【楽天市場】注文内容ご確認（自動配信メール）",
            leaf("text/plain", "山田 花子 様\n\nこの度は楽天市場をご利用いただき、ありがとうございます。\nご注文内容は "
                 "https://order.my.rakuten.co.jp/ でご確認いただけます。\n", "iso-2022-jp", "7bit"),
            subject_charset="iso-2022-jp",
            truth_extra={"brand": "rakuten", "urls": [{"href": "https://order.my.rakuten.co.jp/"}],
                         "body_text_must_contain": ["楽天市場をご利用いただき"]})
    # 6. legitimate marketing from the brand's domain, with click-tracking links on its mailing service
    m = Mail("hard-legit-esp-tracking", "legitimate", "Fri, 27 Nov 2026 11:00:00 +0900", "2026-11-27T11:00:00+09:00",
             "o1.ptr3121.mail.jal.com", "o1.ptr3121.mail.jal.com", "167.89.115.20")
    page = ('<html><body><img src="https://u123.ct.sendgrid.net/logo-jal.png" alt="JAL"><p>山田 花子 様</p>'
            '<p>JALマイレージバンクのキャンペーンのお知らせです。</p>'
            '<p><a href="https://u123.ct.sendgrid.net/ls/click?upn=abc" style="background:#c00;padding:10px">詳しくはこちら</a></p>'
            '<p>JALマイレージバンク日本地区会員事務局 0570-025-071</p></body></html>\n')
    m.write("JAL", "info@mail.jal.com", "【JAL】秋のマイルキャンペーン", leaf("text/html", page, "utf-8", "base64"),
            truth_extra={"brand": "jal", "urls": [{"href": "https://u123.ct.sendgrid.net/ls/click?upn=abc", "anchor_text": "詳しくはこちら"}],
                         "body_text_must_contain": ["キャンペーンのお知らせです"]},
            auth="spf=pass smtp.mailfrom=mail.jal.com;\n\tdkim=pass header.d=jal.com header.s=s1;\n\tdmarc=pass header.from=mail.jal.com")


if __name__ == "__main__":
    for p in OUT.glob("*.eml"):
        p.unlink()
    for p in OUT.glob("*.truth.json"):
        p.unlink()
    write_phish()
    write_spam()
    write_legit()
    write_hard()
    print(len(list(OUT.glob("*.eml"))), "mails written")
