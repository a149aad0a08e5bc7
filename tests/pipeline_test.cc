// End-to-end: the two seed cases, replayed with their observations, against the facts of the seed reports and
// against golden reports (set PHISHSCOPE_UPDATE_GOLDEN=1 to rewrite the goldens on purpose).
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <nlohmann/json.hpp>

#include "core/text.h"
#include "pipeline/pipeline.h"
#include "report/report.h"
#include "test_util.h"

namespace ps {

namespace {

const pipeline::Resources& res() {
  static auto r = pipeline::Resources::load(test::data_dir());
  return **r;
}

const char* kNow = "2026-03-16T00:00:00Z";

std::string render(const std::string& name, const std::string& format, const std::string& lang, bool obs = true) {
  core::Analysis a = test::analyze_case(name, obs, kNow);
  const auto& cat = res().catalog(lang);
  return format == "json" ? report::to_json(a, cat, lang) : report::to_markdown(a, cat, lang);
}

std::vector<std::string> core_split_lines(const std::string& s) {
  std::vector<std::string> v;
  size_t start = 0;
  while (start <= s.size()) {
    size_t nl = s.find('\n', start);
    if (nl == std::string::npos) nl = s.size();
    v.push_back(s.substr(start, nl - start));
    start = nl + 1;
  }
  return v;
}

void expect_contains(const std::string& text, const std::vector<std::string>& facts) {
  for (const auto& f : facts) EXPECT_NE(text.find(f), std::string::npos) << "missing: " << f;
}

}  // namespace

TEST(SeedFacts, EkinetJapaneseReport) {
  std::string md = render("ekinet-payment-2026-02-13", "md", "ja");
  expect_contains(md, {
      "[spam]お支払い情報のご確認と更新のお願い【えきねっと】",      // subject
      "サーバー側で「[spam]」が付与されています",                      // tag explained
      "X-Spam-Flag: YES",                                              // by the header that caused it
      "えきねっと &lt;mail.clknfrr@iwkr.cn&gt;",                       // display name and address
      "2026-02-13 04:20 (JST)",                                        // received time
      "iwkr.cn (from unknown HELO iwkr.cn)",                           // HELO domain
      "101.47.78.65",                                                  // bracketed IP
      "信頼できる送信者情報",                                          // ... is the trustworthy part
      "Tencent Cloud Computing (Beijing) Co., Ltd. (AS132203)",        // hosting
      "中国 (China)",                                                  // country
      "2026-02-04（受信の 9 日前）",                                   // registration and age
      "「お支払い情報の確認・更新はこちら」のテキスト",                // anchor text
      "hxxps://eki-net-carcini[.]ddnxw[.]cn/Perosnal_member/",         // defanged URL
      "AdGuard: phishing", "Trend Micro Virus Buster: phishing", "Google Safe Browsing: SOCIAL_ENGINEERING",
      "稼働中（パスワード入力欄のある偽ログインページ）",              // live fake login
      "えきねっと(JR東日本)｜ログイン",
      "ddnxw.cn: 2026-02-06（受信の 7 日前）",                         // site domain registration
      "非公開（プライバシー保護）",                                    // privacy
      "ブランド名を別ドメインのサブドメインに配置",                    // brand in the subdomain
      "正規の「eki-net.com」とは一切関係のないドメイン ddnxw.cn",      // vs the official domain
      "送信元IPアドレス 101.47.78.65 が、リンク先 eki-net-carcini.ddnxw.cn のサーバーのIPアドレスと一致",
      "申し訳ございません",
      "https://www.eki-net.com/top/oshirase/security",                 // official advisory
      "判定: **フィッシング詐欺**",
  });
}

TEST(SeedFacts, PocketcardJapaneseReport) {
  std::string md = render("pocketcard-reauth-2026-03-15", "md", "ja");
  expect_contains(md, {
      "【ご対応依頼】ご利用制限解除のための認証について",
      "サーバーが付けた見出し（[spam] など）はありません",
      "user.isztcg@gghxw.cn",
      "2026-03-15 17:29 (JST)",
      "受信者のアドレス（isztcg@example.ne.jp）のローカルパート「isztcg」が流用",
      "gghxw.cn (from unknown HELO gghxw.cn)",
      "101.47.78.1",
      "信頼できる送信者情報",
      "China Mobile Communications Group Co., Ltd. (AS9808)",
      "中国 (China)",
      "2026-03-10（受信の 5 日前）",
      "「今すぐ認証する」のテキスト",
      "hxxps://caudshowcy[.]xy399566[.]cn/netsgvice/logyino/",
      "104.21.75.121",
      "Cloudflare, Inc. (AS13335)",
      "アメリカ合衆国 (USA)",
      "xy399566.cn: 2026-03-12（受信の 3 日前）",
      "Registration Private",
      "Trend Micro Virus Buster: phishing",
      "稼働中（エラー風のページを表示）",
      "We apologize, but your request has timed out.",
      "クローキング",
      "「48時間以内」",
      "「お客様」",
      "電話番号がありません",
      "添付ファイル（cid:logo.pocketcard）",
      "ログイン資格情報（ID・パスワード）およびクレジットカード情報（カード番号・有効期限・セキュリティコード）",
      "pocketcard.co.jp",
      "判定: **フィッシング詐欺**",
  });
  EXPECT_EQ(md.find("一致しています"), std::string::npos);  // sender IP is not the site IP here
}

TEST(SeedFacts, JsonContract) {
  auto j = nlohmann::json::parse(render("ekinet-payment-2026-02-13", "json", "ja"));
  EXPECT_EQ(j["message"]["subject"], "[spam]お支払い情報のご確認と更新のお願い【えきねっと】");
  EXPECT_EQ(j["message"]["subject_tag"], "[spam]");
  EXPECT_EQ(j["message"]["from"]["display"], "えきねっと");
  EXPECT_EQ(j["message"]["from"]["address"], "mail.clknfrr@iwkr.cn");
  EXPECT_EQ(j["message"]["received_at"], "2026-02-13T04:20:14+09:00");
  EXPECT_NE(j["message"]["text"].get<std::string>().find("お支払い情報の更新手順"), std::string::npos);
  EXPECT_EQ(j["sender"]["ip"], "101.47.78.65");
  EXPECT_EQ(j["sender"]["helo"], "iwkr.cn");
  EXPECT_EQ(j["sender"]["rdns"], "unknown");
  EXPECT_EQ(j["sender"]["asn"], 132203);
  EXPECT_EQ(j["sender"]["country"], "CN");
  EXPECT_EQ(j["sender"]["domain"], "iwkr.cn");
  EXPECT_EQ(j["sender"]["domain_registered"], "2026-02-04");
  const auto& l = j["links"][0];
  EXPECT_EQ(l["url"], "https://eki-net-carcini.ddnxw.cn/Perosnal_member/");
  EXPECT_EQ(l["defanged"], "hxxps://eki-net-carcini[.]ddnxw[.]cn/Perosnal_member/");
  EXPECT_EQ(l["anchor_text"], "お支払い情報の確認・更新はこちら");
  EXPECT_EQ(l["host"], "eki-net-carcini.ddnxw.cn");
  EXPECT_EQ(l["registrable_domain"], "ddnxw.cn");
  EXPECT_EQ(l["host_ip"], "101.47.78.65");
  EXPECT_EQ(l["as_org"], "Tencent Cloud Computing (Beijing) Co., Ltd.");
  EXPECT_EQ(l["country"], "CN");
  EXPECT_EQ(l["domain_registered"], "2026-02-06");
  EXPECT_EQ(l["reputation"].size(), 3u);
  EXPECT_EQ(l["site"]["status"], "live_login_form");
  EXPECT_EQ(j["brand"]["name"], "えきねっと");
  EXPECT_EQ(j["brand"]["official_domain"], "eki-net.com");
  EXPECT_EQ(j["verdict"]["level"], "phishing");
  EXPECT_GE(j["verdict"]["score"].get<int>(), 60);
  bool same_ip = false;
  for (const auto& f : j["findings"]) {
    EXPECT_FALSE(f["evidence"].empty()) << f["id"];
    if (f["id"] == "SENDER_IP_IS_SITE_IP") same_ip = true;
  }
  EXPECT_TRUE(same_ip);
}

TEST(SeedFacts, OfflineReportsNothingInvented) {
  auto j = nlohmann::json::parse(render("pocketcard-reauth-2026-03-15", "json", "en", false));
  EXPECT_TRUE(j["sender"]["asn"].is_null());
  EXPECT_TRUE(j["sender"]["domain_registered"].is_null());
  EXPECT_EQ(j["sender"]["ip_lookup"]["status"], "not_looked_up");
  EXPECT_TRUE(j["links"][0]["host_ip"].is_null());
  EXPECT_EQ(j["links"][0]["site"]["status"], "not_looked_up");
  for (const auto& o : j["observations"]) EXPECT_EQ(o["status"], "not_looked_up");
  std::string md = render("pocketcard-reauth-2026-03-15", "md", "en", false);
  EXPECT_NE(md.find("not looked up (offline analysis)"), std::string::npos);
  EXPECT_EQ(md.find("China Mobile"), std::string::npos);
}

TEST(SeedFacts, EnglishReportStatesTheSameFacts) {
  std::string md = render("ekinet-payment-2026-02-13", "md", "en");
  expect_contains(md, {"The server added \"[spam]\"", "101.47.78.65", "trustworthy sender information",
                       "2026-02-04 (9 days before the mail)", "hxxps://eki-net-carcini[.]ddnxw[.]cn/Perosnal_member/",
                       "brand name placed in a subdomain of another domain", "eki-net.com", "Verdict: **phishing**"});
}

class Golden : public ::testing::TestWithParam<std::tuple<std::string, std::string, std::string>> {};

TEST_P(Golden, MatchesFile) {
  auto [name, format, lang] = GetParam();
  std::string path = test::source_dir() + "/tests/golden/" + name + "." + lang + "." + format;
  std::string got = render(name, format, lang);
  const char* update = std::getenv("PHISHSCOPE_UPDATE_GOLDEN");
  if (update && std::string(update) == "1") {
    test::write_file(path, got);
    GTEST_SKIP() << "rewrote " << path;
  }
  std::string want;
  ASSERT_NO_THROW(want = test::read_file(path)) << "no golden " << path << " (run with PHISHSCOPE_UPDATE_GOLDEN=1)";
  if (got != want) {
    // show the first differing line, not two whole reports
    auto gl = core_split_lines(got), wl = core_split_lines(want);
    size_t i = 0;
    while (i < gl.size() && i < wl.size() && gl[i] == wl[i]) ++i;
    ADD_FAILURE() << "report differs from " << path << " at line " << i + 1 << "\n  got:  "
                  << (i < gl.size() ? gl[i] : "<end>") << "\n  want: " << (i < wl.size() ? wl[i] : "<end>")
                  << "\n(rewrite on purpose with PHISHSCOPE_UPDATE_GOLDEN=1)";
  }
  // byte-identical when replayed again
  EXPECT_EQ(render(name, format, lang), got);
}

INSTANTIATE_TEST_SUITE_P(
    SeedCases, Golden,
    ::testing::Combine(::testing::Values("ekinet-payment-2026-02-13", "pocketcard-reauth-2026-03-15"),
                       ::testing::Values("md", "json"), ::testing::Values("ja", "en")),
    [](const auto& info) {
      std::string n = std::get<0>(info.param) + "_" + std::get<1>(info.param) + "_" + std::get<2>(info.param);
      for (auto& c : n)
        if (!isalnum(static_cast<unsigned char>(c))) c = '_';
      return n;
    });

// Whatever the mail holds, no control character reaches the Markdown or HTML report (the terminal shows the
// Markdown).
TEST(ReaderSafety, NoControlBytesInMarkdownOrHtml) {
  std::string mail =
      "Received: from x.example (x.example [203.0.113.5]) by mx.example.jp (Postfix) with ESMTP id 1; Sun, 15 Mar 2026 12:00:00 +0900\n"
      "From: \"Evil\x1b[2J\x07\" <a@x.example>\nTo: u@example.jp\n"
      "Subject: =?UTF-8?B?" + test::base64_lines("Pay \x1b]8;;https://evil.example/\x07here\x1b]8;;\x07 \xC2\x9B" "2J \xE2\x80\xAE" "fdp.exe").substr(0, 200) + "?=\n"
      "Content-Type: text/plain; charset=utf-8\n\nline\x1b[31m red\r\nnul\x01 bell\x07 end\n";
  mail.erase(std::remove(mail.begin(), mail.end(), '\r'), mail.end());
  core::Analysis a = test::analyze_text(mail);
  for (const char* lang : {"ja", "en"}) {
    std::string md = report::to_markdown(a, test::resources().catalog(lang), lang);
    std::string html = report::to_html(a, test::resources().catalog(lang), lang);
    for (const std::string* out : {&md, &html}) {
      for (size_t i = 0; i < out->size(); ++i) {
        unsigned char c = static_cast<unsigned char>((*out)[i]);
        EXPECT_FALSE((c < 0x20 && c != '\n' && c != '\t') || c == 0x7F) << lang << " byte " << i;
      }
      EXPECT_TRUE(core::is_valid_utf8(*out));
      EXPECT_EQ(out->find("\xC2\x9B"), std::string::npos);
      EXPECT_EQ(out->find("\xE2\x80\xAE"), std::string::npos);
    }
    EXPECT_NE(md.find("␛"), std::string::npos) << "shown, not dropped";
  }
}

}  // namespace ps

namespace ps {

namespace {
const char* kPhish =
    "Received: from mail.bad.example (mail.bad.example [203.0.113.45]) by mx.example.jp (Postfix) with ESMTP id 4fQ; Fri, 13 Feb 2026 04:20:11 +0900 (JST)\n"
    "From: \"Amazon\" <info@amaz0n-login.example>\nTo: taro@example.jp\nSubject: Your account is locked\n"
    "Date: Fri, 13 Feb 2026 04:20:00 +0900\nMessage-ID: <p1@amaz0n-login.example>\n"
    "Content-Type: text/plain; charset=utf-8\n\nYour Amazon account has been suspended. Verify here: https://amazon.account-check.example/login\n";

core::Analysis analyze_with(const std::string& eml, const std::string& inner) {
  ingest::RawMessage raw{"report.eml", eml};
  pipeline::Options opts;
  opts.now = "2026-11-01T00:00:00Z";
  opts.inner = inner;
  enrich::NoLookupSource none;
  return pipeline::analyze(raw, test::resources(), none, opts);
}

std::string report_wrapping(const std::string& how) {
  std::string head =
      "Received: from pc.reporter.example (pc.reporter.example [198.51.100.20]) by mx.cert.example (Postfix) with ESMTP id 9; Sat, 14 Feb 2026 10:00:00 +0900\n"
      "From: Reporter <user@reporter.example>\nTo: abuse@cert.example\nSubject: FW: suspicious mail\n"
      "Date: Sat, 14 Feb 2026 09:59:00 +0900\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=\"b1\"\n\n"
      "--b1\nContent-Type: text/plain; charset=utf-8\n\nI got this, is it real?\n\n--b1\n";
  if (how == "rfc822") return head + "Content-Type: message/rfc822\nContent-Disposition: attachment\n\n" + kPhish + "\n--b1--\n";
  return head + "Content-Type: application/octet-stream; name=\"phish.eml\"\nContent-Disposition: attachment; filename=\"phish.eml\"\n"
                "Content-Transfer-Encoding: base64\n\n" + test::base64_lines(kPhish) + "\n--b1--\n";
}
}  // namespace

// An abuse desk receives the phish inside a user's report: the wrapped message is the case (its sender, links,
// verdict and store key), the reporter is kept beside it.
TEST(ForwardedReports, TheWrappedMessageIsTheCase) {
  for (const char* how : {"rfc822", "eml"}) {
    core::Analysis a = analyze_with(report_wrapping(how), "auto");
    ASSERT_TRUE(a.wrapper.has_value()) << how;
    EXPECT_EQ(a.message.sender.ip, "203.0.113.45") << how;  // not the reporter's 198.51.100.20
    EXPECT_EQ(a.message.subject, "Your account is locked");
    EXPECT_EQ(a.message.sha256, core::sha256_hex(kPhish)) << "the case key is the phish's own bytes";
    EXPECT_EQ(a.wrapper->sender_ip, "198.51.100.20");
    EXPECT_EQ(a.wrapper->from.address, "user@reporter.example");
    EXPECT_EQ(a.wrapper->note, "I got this, is it real?");
    EXPECT_EQ(a.wrapper->chosen_kind, how);
    EXPECT_NE(a.verdict.level, "clean") << how;
    bool link = false;
    for (const auto& l : a.content.links) link = link || l.host == "amazon.account-check.example";
    EXPECT_TRUE(link);
    std::string json = report::to_json(a, test::resources().catalog("en"), "en");
    EXPECT_NE(json.find("\"message\": \"inner\""), std::string::npos);
    std::string md = report::to_markdown(a, test::resources().catalog("ja"), "ja");
    EXPECT_NE(md.find("通報者のメモ"), std::string::npos);
  }
  core::Analysis outer = analyze_with(report_wrapping("rfc822"), "outer");
  EXPECT_FALSE(outer.wrapper.has_value());
  EXPECT_EQ(outer.message.sender.ip, "198.51.100.20");
  ASSERT_EQ(outer.message.embedded.size(), 1u);
  EXPECT_EQ(outer.message.embedded[0].kind, "rfc822");
  // a bounce returns a message, it does not report one; an abuse feedback report (ARF) does
  auto report_of = [&](const char* type) {
    return std::string("From: MAILER-DAEMON@mx.cert.example\nTo: abuse@cert.example\nSubject: report\nMIME-Version: 1.0\n") +
           "Content-Type: multipart/report; report-type=" + type + "; boundary=\"r\"\n\n--r\nContent-Type: text/plain\n\nnotice\n--r\n" +
           "Content-Type: message/rfc822\n\n" + kPhish + "\n--r--\n";
  };
  EXPECT_FALSE(analyze_with(report_of("delivery-status"), "auto").wrapper.has_value());
  EXPECT_TRUE(analyze_with(report_of("feedback-report"), "auto").wrapper.has_value());
  EXPECT_TRUE(analyze_with(report_of("delivery-status"), "1").wrapper.has_value());  // asked for explicitly
  core::Analysis missing = analyze_with(report_wrapping("rfc822"), "2");
  EXPECT_FALSE(missing.wrapper.has_value());
  bool said = false;
  for (const auto& an : missing.message.anomalies) said = said || an.kind == "WRAPPED_MESSAGE_NOT_FOUND";
  EXPECT_TRUE(said);
}

}  // namespace ps
