#include "extract/url.h"

#include "core/domain.h"
#include "core/ip.h"
#include "core/text.h"

namespace ps::extract {

UrlParts split_url(std::string_view url) {
  UrlParts p;
  auto colon = url.find("://");
  if (colon == std::string_view::npos || colon == 0) return p;
  p.scheme = core::to_lower_ascii(url.substr(0, colon));
  std::string_view rest = url.substr(colon + 3);
  size_t auth_end = rest.find_first_of("/?#");
  std::string_view authority = rest.substr(0, auth_end);
  std::string_view tail = auth_end == std::string_view::npos ? std::string_view() : rest.substr(auth_end);
  auto at = authority.rfind('@');
  if (at != std::string_view::npos) {
    p.userinfo = std::string(authority.substr(0, at));
    authority = authority.substr(at + 1);
  }
  if (!authority.empty() && authority.front() == '[') {
    auto close = authority.find(']');
    p.host = core::to_lower_ascii(authority.substr(1, close == std::string_view::npos ? std::string_view::npos : close - 1));
    if (close != std::string_view::npos && close + 1 < authority.size() && authority[close + 1] == ':')
      p.port = std::string(authority.substr(close + 2));
  } else {
    auto pc = authority.rfind(':');
    if (pc != std::string_view::npos) {
      p.port = std::string(authority.substr(pc + 1));
      authority = authority.substr(0, pc);
    }
    p.host = core::to_lower_ascii(authority);
  }
  while (!p.host.empty() && p.host.back() == '.') p.host.pop_back();
  size_t q = tail.find('?');
  size_t h = tail.find('#');
  size_t path_end = std::min(q, h);
  p.path = std::string(tail.substr(0, path_end));
  if (q != std::string_view::npos) p.query = std::string(tail.substr(q + 1, h == std::string_view::npos || h < q ? std::string_view::npos : h - q - 1));
  if (p.path.empty()) p.path = "/";
  p.ok = !p.host.empty();
  return p;
}

std::vector<TextUrl> find_urls_in_text(std::string_view text) {
  std::vector<TextUrl> out;
  size_t i = 0;
  while (i < text.size()) {
    size_t p = std::string_view::npos;
    for (size_t q = i; q + 7 <= text.size(); ++q) {
      if ((text[q] == 'h' || text[q] == 'H') &&
          (core::starts_with_icase(text.substr(q), "http://") || core::starts_with_icase(text.substr(q), "https://"))) {
        p = q;
        break;
      }
    }
    if (p == std::string_view::npos) break;
    size_t e = p;
    while (e < text.size()) {
      unsigned char c = static_cast<unsigned char>(text[e]);
      if (c <= 0x20 || c >= 0x7F || c == '"' || c == '<' || c == '>' || c == '\'' || c == '`' || c == '{' ||
          c == '}' || c == '|' || c == '\\' || c == '^')
        break;
      ++e;
    }
    size_t end = e;
    while (end > p) {
      char c = text[end - 1];
      if (c == '.' || c == ',' || c == ';' || c == ':' || c == '!' || c == '?' || c == ')' || c == ']') --end;
      else break;
    }
    std::string url(text.substr(p, end - p));
    if (url.find("://") + 3 < url.size()) out.push_back({url, p, end});
    i = e > p ? e : p + 1;
  }
  return out;
}

}  // namespace ps::extract
