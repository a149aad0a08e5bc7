// HTML bodies with gumbo: visible text, anchors with their text, images. Nothing in the HTML is ever executed.
#pragma once
#include <string>
#include <string_view>
#include <vector>

namespace ps::extract {

struct HtmlAnchor {
  std::string href;
  std::string text;  // visible text, whitespace collapsed
  std::string tag;   // a | area | form | img | meta
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
};

HtmlContent parse_html(std::string_view html);

}  // namespace ps::extract
