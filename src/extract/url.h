// URL parts, registrable domains (libpsl) and URLs in plain text.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "core/domain.h"

namespace ps::extract {

struct UrlParts {
  bool ok = false;
  std::string scheme;  // lower-case
  std::string userinfo;
  std::string host;  // lower-case
  std::string port;
  std::string path;  // from the first '/' up to '?' or '#'
  std::string query;
};

UrlParts split_url(std::string_view url);

using core::public_suffix;       // core/domain.h
using core::registrable_domain;  // core/domain.h

struct TextUrl {
  std::string url;
  size_t begin = 0;  // byte offsets in the text
  size_t end = 0;
};

// http(s) URLs in free text. Trailing punctuation (ASCII and Japanese 。、」) is not part of the URL.
std::vector<TextUrl> find_urls_in_text(std::string_view text);

}  // namespace ps::extract
