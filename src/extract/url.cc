#include "extract/url.h"

#include <arpa/inet.h>
#include <idn2.h>

#include <algorithm>
#include <cstring>

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

namespace {

// The text with full-width ASCII (U+FF01..U+FF5E) and the ideographic space folded to ASCII, and for each byte of
// the folded text the offset of the byte it came from.
struct Folded {
  std::string text;
  std::vector<size_t> origin;
};

Folded fold_fullwidth(std::string_view t) {
  Folded f;
  f.text.reserve(t.size());
  f.origin.reserve(t.size() + 1);
  for (size_t i = 0; i < t.size();) {
    unsigned char c = static_cast<unsigned char>(t[i]);
    if (c == 0xEF && i + 2 < t.size()) {
      unsigned char c1 = static_cast<unsigned char>(t[i + 1]), c2 = static_cast<unsigned char>(t[i + 2]);
      int cp = ((c & 0x0F) << 12) | ((c1 & 0x3F) << 6) | (c2 & 0x3F);
      if ((c1 & 0xC0) == 0x80 && (c2 & 0xC0) == 0x80 && cp >= 0xFF01 && cp <= 0xFF5E) {
        f.text += static_cast<char>(cp - 0xFF01 + 0x21);
        f.origin.push_back(i);
        i += 3;
        continue;
      }
    }
    f.text += t[i];
    f.origin.push_back(i);
    ++i;
  }
  f.origin.push_back(t.size());
  return f;
}

bool url_char(unsigned char c) {
  return c > 0x20 && c < 0x7F && c != '"' && c != '<' && c != '>' && c != '\'' && c != '`' && c != '{' && c != '}' &&
         c != '|' && c != '\\' && c != '^';
}

// Restores a defanged URL: hxxp -> http, [.] (.) {.} [dot] (dot) -> ., [:] -> :, [/] -> /.
std::string refang(std::string u, bool* changed) {
  std::string out;
  std::string lower = core::to_lower_ascii(u);
  size_t i = 0;
  auto scheme_end = lower.find("://");
  if (scheme_end != std::string::npos) {
    std::string scheme = lower.substr(0, scheme_end);
    std::string fixed = scheme;
    for (auto& ch : fixed)
      if (ch == 'x' || ch == '*') ch = 't';
    if (fixed == "http" || fixed == "https") {
      if (fixed != scheme) *changed = true;
      out = fixed + "://";
      i = scheme_end + 3;
    }
  }
  for (; i < u.size(); ++i) {
    bool matched = false;
    for (const char* pat : {"[.]", "(.)", "{.}", "[dot]", "(dot)", "[:]", "[/]"}) {
      size_t n = std::strlen(pat);
      if (lower.compare(i, n, pat) == 0) {
        out += (pat[1] == ':' ? ':' : pat[1] == '/' ? '/' : '.');
        i += n - 1;
        *changed = true;
        matched = true;
        break;
      }
    }
    if (!matched) out += u[i];
  }
  return out;
}

}  // namespace

std::vector<TextUrl> find_urls_in_text(std::string_view text) {
  std::vector<TextUrl> out;
  Folded f = fold_fullwidth(text);
  const std::string& t = f.text;
  std::string lower = core::to_lower_ascii(t);
  size_t i = 0;
  while (i < t.size()) {
    // the next scheme: http://, https://, or a defanged hxxp:// / hXXps:// / h**p://
    size_t p = std::string::npos;
    for (size_t q = lower.find('h', i); q != std::string::npos; q = lower.find('h', q + 1)) {
      size_t e = q + 1;
      while (e < lower.size() && e < q + 6 && lower[e] != ':') ++e;
      if (e >= lower.size() || lower.compare(e, 3, "://") != 0) continue;
      std::string scheme = lower.substr(q, e - q);
      for (auto& ch : scheme)
        if (ch == 'x' || ch == '*') ch = 't';
      if ((scheme == "http" || scheme == "https") && (q == 0 || !std::isalnum(static_cast<unsigned char>(lower[q - 1])))) {
        p = q;
        break;
      }
    }
    if (p == std::string::npos) break;
    size_t e = p;
    // the host may hold non-ASCII letters (www.pаypal.com with a Cyrillic a, 日本語.jp): taken when the host still
    // ends in a dot and an ASCII label, so Japanese text right after a URL (example.comをご覧ください) stays out
    size_t host_start = lower.find("://", p) + 3;
    e = host_start;
    size_t last_dot = std::string::npos;
    bool non_ascii = false;
    while (e < t.size()) {
      unsigned char c = static_cast<unsigned char>(t[e]);
      if (c < 0x80) {
        if (!url_char(c) || c == '/' || c == '?' || c == '#') break;
        if (c == '.') last_dot = e;
        ++e;
        continue;
      }
      size_t len = core::utf8_sequence_length(t, e);
      if (len == 0) break;
      char32_t cp = core::utf8_code_point(t, e, len);
      if ((cp >= 0x2000 && cp <= 0x206F) || (cp >= 0x3000 && cp <= 0x303F) || (cp >= 0xFF00 && cp <= 0xFFEF) ||
          cp == 0xFEFF)
        break;  // punctuation, ideographic space, brackets, zero-width characters
      non_ascii = true;
      e += len;
    }
    if (non_ascii) {
      // cut where the last label stops being ASCII
      size_t cut = last_dot == std::string::npos ? host_start : last_dot + 1;
      while (cut < e && static_cast<unsigned char>(t[cut]) < 0x80) ++cut;
      if (last_dot == std::string::npos || cut == last_dot + 1) {
        // no ASCII label at the end: the host is the ASCII part before the first non-ASCII character
        cut = host_start;
        while (cut < e && static_cast<unsigned char>(t[cut]) < 0x80) ++cut;
      }
      e = cut;
    }
    if (e < t.size() && (t[e] == '/' || t[e] == '?' || t[e] == '#'))
      while (e < t.size() && url_char(static_cast<unsigned char>(t[e]))) ++e;
    std::string joined;  // the URL's characters when it was wrapped over lines
    bool wrapped = false;
    auto is_space = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
    if (p > 0 && t[p - 1] == '<' && e < t.size() && is_space(t[e])) {
      size_t close = t.find('>', e);
      size_t open = t.find('<', e);
      if (close != std::string::npos && close - p <= 4096 && (open == std::string::npos || open > close)) {
        for (size_t k = p; k < close; ++k)
          if (!is_space(t[k])) joined += t[k];
        bool clean = true;
        for (char c : joined) clean = clean && url_char(static_cast<unsigned char>(c));
        if (clean && joined.size() > e - p) {
          wrapped = true;
          e = close;
        } else {
          joined.clear();
        }
      }
    } else {
      size_t line_start = t.rfind('\n', p);
      line_start = line_start == std::string::npos ? 0 : line_start + 1;
      for (int joins = 0; joins < 8 && e < t.size() && e - line_start >= 60; ++joins) {
        size_t next = e;
        if (t[next] == '\r') ++next;
        if (next >= t.size() || t[next] != '\n') break;
        ++next;
        size_t k = next;
        while (k < t.size() && url_char(static_cast<unsigned char>(t[k]))) ++k;
        std::string_view cont(t.data() + next, k - next);
        bool syntax = cont.find_first_of("/?=&%#") != std::string_view::npos;
        if (cont.empty() || !syntax) break;
        if (joined.empty()) joined = t.substr(p, e - p);
        joined.append(cont);
        wrapped = true;
        line_start = next;
        e = k;
      }
    }
    size_t end = e;
    while (end > p) {
      char c = t[end - 1];
      if (c == '.' || c == ',' || c == ';' || c == ':' || c == '!' || c == '?') {
        --end;
      } else if (c == ')' || c == ']') {
        // keep a closing bracket that closes one opened inside the URL ("(.)", "[.]", wiki-style paths)
        char open = c == ')' ? '(' : '[';
        std::string_view u(t.data() + p, end - p);
        if (std::count(u.begin(), u.end(), open) >= std::count(u.begin(), u.end(), c)) break;
        --end;
      } else {
        break;
      }
    }
    std::string candidate;
    if (wrapped) {
      // trailing punctuation trimmed above counts from the end of the joined text as well
      candidate = joined.substr(0, joined.size() - (e - end));
    } else {
      candidate = t.substr(p, end - p);
    }
    bool changed = false;
    std::string url = refang(candidate, &changed);
    if (url.find("://") != std::string::npos && url.find("://") + 3 < url.size())
      out.push_back({url, f.origin[p], f.origin[end], changed, wrapped});
    i = e > p ? e : p + 1;
  }
  return out;
}

std::optional<std::string> unwrap_redirect(std::string_view url) {
  UrlParts p = split_url(url);
  if (!p.ok) return std::nullopt;
  const char* param = nullptr;
  if (p.host.size() > 29 && p.host.compare(p.host.size() - 29, 29, ".safelinks.protection.outlook.com") == 0) param = "url";
  else if (p.host.find(".safelinks.protection.outlook.com") != std::string::npos) param = "url";
  else if ((core::registrable_domain(p.host).rfind("google.", 0) == 0) && p.path == "/url") param = "q";
  else if ((p.host == "l.facebook.com" || p.host == "lm.facebook.com") && p.path == "/l.php") param = "u";
  else if (p.host == "www.youtube.com" && p.path == "/redirect") param = "q";
  // Google Translate as a proxy: translate.google.*/translate?u=TARGET, and TARGET-HOST.translate.goog/PATH with the
  // host's dots written as '-' (and its '-' as "--")
  else if (core::registrable_domain(p.host).rfind("google.", 0) == 0 && p.host.rfind("translate.", 0) == 0 &&
           p.path == "/translate")
    param = "u";
  else if (p.host.size() > 15 && p.host.compare(p.host.size() - 15, 15, ".translate.goog") == 0) {
    std::string enc = p.host.substr(0, p.host.size() - 15), host;
    if (enc.find('.') != std::string::npos) return std::nullopt;
    for (size_t i = 0; i < enc.size(); ++i) {
      if (enc[i] == '-' && i + 1 < enc.size() && enc[i + 1] == '-') host += '-', ++i;
      else if (enc[i] == '-') host += '.';
      else host += enc[i];
    }
    if (host.empty() || host.front() == '.' || host.back() == '.') return std::nullopt;
    std::string query;
    for (const auto& kv : core::split(p.query, '&'))
      if (!kv.empty() && kv.rfind("_x_tr_", 0) != 0) query += (query.empty() ? "?" : "&") + kv;
    return "https://" + host + (p.path.empty() ? "/" : p.path) + query;
  }
  if (!param) return std::nullopt;
  std::string key = std::string(param) + "=";
  for (const auto& kv : core::split(p.query, '&')) {
    if (kv.compare(0, key.size(), key) == 0 || (std::string(param) == "q" && kv.compare(0, 4, "url=") == 0)) {
      std::string target = core::percent_decode(kv.substr(kv.find('=') + 1), true);
      if (core::starts_with_icase(target, "http://") || core::starts_with_icase(target, "https://")) return target;
      // the translate proxy takes a bare host ("u=bayiwu32.example.dev/ce5")
      if (std::string(param) == "u" && !target.empty() && target.find("://") == std::string::npos &&
          std::isalnum(static_cast<unsigned char>(target[0])) && target.find('.') != std::string::npos)
        return "http://" + target;
    }
  }
  return std::nullopt;
}

IdnForms idn_forms(const std::string& host) {
  IdnForms f;
  if (host.empty() || core::parse_ip(host)) return f;
  char* out = nullptr;
  if (idn2_to_ascii_8z(host.c_str(), &out, IDN2_NONTRANSITIONAL | IDN2_NFC_INPUT) == IDN2_OK && out) {
    f.ascii = out;
  } else if (idn2_to_ascii_8z(host.c_str(), &out, IDN2_TRANSITIONAL) == IDN2_OK && out) {
    f.ascii = out;
  }
  idn2_free(out);
  out = nullptr;
  if (!f.ascii.empty() && idn2_to_unicode_8z8z(f.ascii.c_str(), &out, 0) == IDN2_OK && out) f.unicode = out;
  idn2_free(out);
  return f;
}

std::optional<std::string> ipv4_literal(const std::string& host, bool* obfuscated) {
  if (host.empty() || host.find_first_not_of("0123456789abcdefxABCDEFX.") != std::string::npos) return std::nullopt;
  if (!std::isdigit(static_cast<unsigned char>(host[0]))) return std::nullopt;
  in_addr a{};
  if (inet_aton(host.c_str(), &a) == 0) return std::nullopt;
  char buf[INET_ADDRSTRLEN];
  inet_ntop(AF_INET, &a, buf, sizeof buf);
  if (obfuscated) *obfuscated = host != buf;
  return std::string(buf);
}

}  // namespace ps::extract
