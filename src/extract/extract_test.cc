#include "extract/extract.h"

#include <gtest/gtest.h>

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
