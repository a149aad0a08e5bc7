// HTML bodies with gumbo: visible text, anchors with their text, images. Nothing in the HTML is ever executed.
#pragma once
#include <string>
#include <string_view>
#include <vector>

namespace ps::extract {

struct HtmlAnchor {
  std::string href;
  std::string text;  // visible text, whitespace collapsed
  std::string tag;   // a | area | form | img | meta | css | iframe | script
  size_t begin = 0;  // byte range in the HTML source of the attribute value (or text) the URL was read from;
  size_t end = 0;    // begin == end when unknown
};

struct HtmlImage {
  std::string src;
  std::string alt;
};

// Text a reader does not see: inside an element hidden by its style (display:none, font-size:0, ...) or the
// `hidden` attribute. Spammers pad mails with it to fool filters; it is kept out of the visible text.
struct HtmlHidden {
  std::string text;
  std::string reason;  // display_none | visibility_hidden | font_size_zero | opacity_zero | zero_size | hidden_attribute
};

struct HtmlContent {
  std::string text;  // visible text as lines, like a mail client would show it
  std::vector<HtmlHidden> hidden;
  int buttons = 0;  // links drawn as buttons (a background colour or padding on the <a>, or its cell)
  int forms = 0;
  int password_inputs = 0;  // <input type=password>
  int scripts = 0;          // <script> elements (inline or with src)
  std::vector<HtmlAnchor> links;
  std::vector<HtmlImage> images;
  std::string title;
  std::string base;  // <base href>, against which relative links were resolved
};

// url(...) values in CSS text.
std::vector<std::string> css_urls(std::string_view css);
// `href` resolved against `base` (scheme-relative, absolute path, or relative path); `href` itself when it has a
// scheme or there is no usable base.
std::string resolve_url(const std::string& base, const std::string& href);

// Why an element with this inline style is invisible, or "" when it is not.
std::string hidden_reason(std::string_view style);
// Does an inline style set a font size that is not zero (a child escaping a font-size:0 wrapper)?
bool sets_font_size(std::string_view style);

HtmlContent parse_html(std::string_view html);

}  // namespace ps::extract
