// HTML bodies with gumbo: visible text, anchors with their text, images. Nothing in the HTML is ever executed.
#pragma once
#include <string>
#include <string_view>
#include <vector>

namespace ps::extract {

struct HtmlAnchor {
  std::string href;
  std::string text;  // visible text, whitespace collapsed
  std::string tag;   // a | area | form | img | meta | css
};

struct HtmlImage {
  std::string src;
  std::string alt;
};

struct HtmlContent {
  std::string text;  // visible text as lines, like a mail client would show it
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

HtmlContent parse_html(std::string_view html);

}  // namespace ps::extract
