#include "extract/html.h"

#include <gtest/gtest.h>

namespace ps::extract {

TEST(Html, AnchorsWithVisibleTextAndImages) {
  auto h = parse_html(
      "<html><head><title>T</title><style>p{}</style><script>alert(1)</script></head><body>"
      "<p>Hello <b>you</b></p><a href=\" https://x.example/a \">Click <span>here</span></a>"
      "<img src=\"cid:logo\" alt=\"Logo\"><form action=\"https://f.example/post\"><input></form>"
      "<ul><li>one</li><li>two</li></ul><ol><li>first</li></ol>"
      "<meta http-equiv=\"refresh\" content=\"0; url=https://m.example/\"></body></html>");
  EXPECT_EQ(h.title, "T");
  ASSERT_GE(h.links.size(), 3u);
  EXPECT_EQ(h.links[0].href, "https://x.example/a");
  EXPECT_EQ(h.links[0].text, "Click here");
  EXPECT_EQ(h.links[1].tag, "form");
  EXPECT_EQ(h.links[2].href, "https://m.example/");
  EXPECT_EQ(h.links[2].tag, "meta");
  ASSERT_EQ(h.images.size(), 1u);
  EXPECT_EQ(h.images[0].src, "cid:logo");
  EXPECT_EQ(h.images[0].alt, "Logo");
  EXPECT_NE(h.text.find("Hello you"), std::string::npos);
  EXPECT_NE(h.text.find("- one\n- two"), std::string::npos);
  EXPECT_NE(h.text.find("1. first"), std::string::npos);
  EXPECT_EQ(h.text.find("alert"), std::string::npos);
  EXPECT_EQ(h.text.find("p{}"), std::string::npos);
}

TEST(Html, BrokenHtmlDoesNotThrow) {
  auto h = parse_html("<a href=x><<<div></p></a></td>&amp;&#x3042;");
  EXPECT_NE(h.text.find("&"), std::string::npos);
  EXPECT_NE(h.text.find("あ"), std::string::npos);
  std::string deep;
  for (int i = 0; i < 5000; ++i) deep += "<div>";
  EXPECT_NO_THROW(parse_html(deep + "x"));
}

}  // namespace ps::extract

namespace ps::extract {

TEST(Html, BaseImagesAndCss) {
  auto h = parse_html(
      "<html><head><base href=\"https://evil.example/kit/\"><style>body{background:url('https://img.example/bg.png')}</style>"
      "</head><body><a href=\"login.php\">ログイン</a><a href=\"/root\">r</a><a href=\"//cdn.example/x\">c</a>"
      "<img src=\"https://tracker.example/p.gif\" alt=\"\"><div style=\"background-image: url(https://img.example/logo.png)\">x</div>"
      "</body></html>");
  std::vector<std::string> urls;
  for (const auto& l : h.links) urls.push_back(l.tag + " " + l.href);
  EXPECT_EQ(urls, (std::vector<std::string>{"css https://img.example/bg.png", "a https://evil.example/kit/login.php",
                                            "a https://evil.example/root", "a https://cdn.example/x",
                                            "img https://tracker.example/p.gif", "css https://img.example/logo.png"}));
  EXPECT_EQ(h.base, "https://evil.example/kit/");
  EXPECT_EQ(resolve_url("https://a.example", "x"), "https://a.example/x");
  EXPECT_EQ(resolve_url("https://a.example/d/f.html", "mailto:x@y"), "mailto:x@y");
}

}  // namespace ps::extract

namespace ps::extract {

TEST(Html, HiddenReasonsFromInlineStyle) {
  EXPECT_EQ(hidden_reason("display:none"), "display_none");
  EXPECT_EQ(hidden_reason("color: red; DISPLAY : None !important"), "display_none");
  EXPECT_EQ(hidden_reason("visibility:hidden"), "visibility_hidden");
  EXPECT_EQ(hidden_reason("font-size:0px;line-height:0"), "font_size_zero");
  EXPECT_EQ(hidden_reason("opacity:0"), "opacity_zero");
  EXPECT_EQ(hidden_reason("max-height:0;overflow:hidden"), "zero_size");
  EXPECT_EQ(hidden_reason("max-height:0"), "");  // without overflow:hidden the content still shows
  EXPECT_EQ(hidden_reason("font-size:10px;display:block"), "");
}

TEST(Html, HiddenTextIsKeptApartAndItsLinksStillCount) {
  HtmlContent h = parse_html("<p>visible</p><span hidden>secret <a href='https://x.example/'>x</a></span>"
                             "<div style='font-size:0'>padding words</div><p>end</p>");
  EXPECT_EQ(h.text, "visible\nend\n");
  ASSERT_EQ(h.hidden.size(), 2u);
  EXPECT_EQ(h.hidden[0].reason, "hidden_attribute");
  EXPECT_EQ(h.hidden[0].text, "secret x");
  EXPECT_EQ(h.hidden[1].reason, "font_size_zero");
  ASSERT_EQ(h.links.size(), 1u);
  EXPECT_EQ(h.links[0].href, "https://x.example/");
}

}  // namespace ps::extract

namespace ps::extract {

TEST(Html, ByteRangesOfUrlsInTheSource) {
  std::string src =
      "<p><a href=\"https://a.example/x\">A</a> <a href='https://b.example/'>B</a> <a href=https://c.example/>C</a>"
      "<form action=\"https://f.example/post\"><input type=\"password\" name=p><input type=text></form>"
      "<img src=\"https://i.example/logo.png\"></p>";
  auto h = parse_html(src);
  ASSERT_EQ(h.links.size(), 5u);
  for (const auto& l : h.links) {
    ASSERT_LT(l.begin, l.end) << l.href;
    EXPECT_EQ(src.substr(l.begin, l.end - l.begin), l.href);
  }
  EXPECT_EQ(h.forms, 1);
  EXPECT_EQ(h.password_inputs, 1);
}

TEST(Html, ScriptsFramesAndHiddenAddresses) {
  // an HTML attachment as phishers write it: a script that posts to one address and an atob()-hidden other
  std::string src =
      "<html><head><script src=\"https://cdn.example/jquery.js\"></script>"
      "<script>var u = \"https://collect.evil.example/p.php\"; fetch(atob('aHR0cHM6Ly9oaWRkZW4uZXZpbC5leGFtcGxlL2I='));"
      "</script></head><body><iframe src=\"https://frame.example/in\"></iframe>Sign in</body></html>";
  auto h = parse_html(src);
  EXPECT_EQ(h.scripts, 2);
  std::vector<std::pair<std::string, std::string>> got;
  for (const auto& l : h.links) got.push_back({l.tag, l.href});
  EXPECT_EQ(got, (std::vector<std::pair<std::string, std::string>>{
                     {"script_src", "https://cdn.example/jquery.js"},
                     {"script", "https://collect.evil.example/p.php"},
                     {"script", "https://hidden.evil.example/b"},
                     {"iframe", "https://frame.example/in"}}));
  // a URL written in the script has its exact range; the atob() one points at the script
  const auto& in_script = h.links[1];
  EXPECT_EQ(src.substr(in_script.begin, in_script.end - in_script.begin), "https://collect.evil.example/p.php");
  EXPECT_EQ(h.links[2].text, "atob()");
  EXPECT_EQ(h.text.find("collect"), std::string::npos);  // script text is never shown as mail text
}

}  // namespace ps::extract

namespace ps::extract {

// MJML and similar templates wrap every block in font-size:0 to kill white space between inline blocks; the text
// inside sets its own size and is what the reader sees.
TEST(Html, FontSizeZeroWrapperHidesOnlyWhatKeepsTheSize) {
  auto h = parse_html(
      "<div style=\"font-size:0px;line-height:0\"><div style=\"font-size:16px\">Your order has shipped</div>"
      "<span>padding words</span></div>");
  EXPECT_NE(h.text.find("Your order has shipped"), std::string::npos);
  ASSERT_EQ(h.hidden.size(), 1u);
  EXPECT_EQ(h.hidden[0].text, "padding words");
  EXPECT_EQ(h.hidden[0].reason, "font_size_zero");
  EXPECT_TRUE(sets_font_size("font-size: 14px; color: red"));
  EXPECT_FALSE(sets_font_size("font-size:0"));
}

}  // namespace ps::extract
