#include "parse/received.h"

#include <gmime/gmime.h>

#include <cctype>

#include "core/ip.h"
#include "core/text.h"

namespace ps::parse {

namespace {

// Splits "from X (comment) by Y ..." into clauses, keeping comments with the clause they follow.
struct Clauses {
  std::string from, by, with, id, for_, via;
  std::vector<std::string> from_comments;
};

bool is_keyword(std::string_view w, std::string_view k) { return core::iequals(w, k); }

std::string strip_brackets(std::string s) {
  s = core::trim(s);
  if (!s.empty() && (s.front() == '[' || s.front() == '(')) s.erase(0, 1);
  if (!s.empty() && (s.back() == ']' || s.back() == ')')) s.pop_back();
  return s;
}

// Finds the first IP literal in `s`: bracketed first, then bare tokens.
std::string find_ip(std::string_view s) {
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '[') {
      size_t e = s.find(']', i);
      if (e == std::string_view::npos) break;
      std::string inner(s.substr(i + 1, e - i - 1));
      if (auto ip = core::parse_ip(inner)) return ip->str();
      i = e;
    }
  }
  // bare tokens, separated by space, parentheses, '=' or ','
  std::string tok;
  auto check = [&](std::string& t) -> std::string {
    std::string c = t;
    t.clear();
    while (!c.empty() && (c.back() == '.' || c.back() == ':')) c.pop_back();
    if (c.find('.') == std::string::npos && c.find(':') == std::string::npos) return {};
    if (auto ip = core::parse_ip(c)) return ip->str();
    return {};
  };
  for (char ch : s) {
    if (ch == ' ' || ch == '(' || ch == ')' || ch == '=' || ch == ',' || ch == '[' || ch == ']' || ch == '\t') {
      std::string r = check(tok);
      if (!r.empty()) return r;
    } else {
      tok += ch;
    }
  }
  return check(tok);
}

}  // namespace

std::optional<core::Timestamp> parse_rfc5322_date(std::string_view text) {
  std::string t = core::trim(text);
  if (t.empty()) return std::nullopt;
  GDateTime* dt = g_mime_utils_header_decode_date(t.c_str());
  if (!dt) return std::nullopt;
  core::Timestamp ts;
  ts.epoch = g_date_time_to_unix(dt);
  ts.offset_minutes = static_cast<int>(g_date_time_get_utc_offset(dt) / G_TIME_SPAN_MINUTE);
  g_date_time_unref(dt);
  return ts;
}

core::ReceivedHop parse_received(std::string_view value) {
  core::ReceivedHop hop;
  hop.raw = std::string(value);
  std::string v(value);
  // date after the last ';'
  auto semi = v.rfind(';');
  std::string body = semi == std::string::npos ? v : v.substr(0, semi);
  if (semi != std::string::npos) {
    hop.date = parse_rfc5322_date(v.substr(semi + 1));
    if (!hop.date) hop.note = "unparseable date";
  } else {
    hop.note = "no date";
  }

  // Tokenize the body into words and comments.
  struct Tok {
    std::string text;
    bool comment;
  };
  std::vector<Tok> toks;
  for (size_t i = 0; i < body.size();) {
    char c = body[i];
    if (std::isspace(static_cast<unsigned char>(c))) {
      ++i;
      continue;
    }
    if (c == '(') {
      int depth = 0;
      size_t j = i;
      for (; j < body.size(); ++j) {
        if (body[j] == '(') ++depth;
        else if (body[j] == ')' && --depth == 0) break;
      }
      toks.push_back({body.substr(i + 1, j > i ? j - i - 1 : 0), true});
      i = j < body.size() ? j + 1 : body.size();
      continue;
    }
    size_t j = i;
    while (j < body.size() && !std::isspace(static_cast<unsigned char>(body[j])) && body[j] != '(') ++j;
    toks.push_back({body.substr(i, j - i), false});
    i = j;
  }

  std::string current;
  Clauses cl;
  std::vector<std::string> stray_comments;
  for (size_t k = 0; k < toks.size(); ++k) {
    const Tok& t = toks[k];
    if (!t.comment) {
      if (is_keyword(t.text, "from") || is_keyword(t.text, "by") || is_keyword(t.text, "with") ||
          is_keyword(t.text, "id") || is_keyword(t.text, "for") || is_keyword(t.text, "via")) {
        current = core::to_lower_ascii(t.text);
        continue;
      }
      std::string* dst = current == "from" ? &cl.from
                          : current == "by"  ? &cl.by
                          : current == "with" ? &cl.with
                          : current == "id"   ? &cl.id
                          : current == "for"  ? &cl.for_
                          : current == "via"  ? &cl.via
                                              : nullptr;
      if (dst) {
        if (dst->empty()) *dst = t.text;
      }
    } else if (current == "from") {
      cl.from_comments.push_back(t.text);
    } else if (current.empty()) {
      stray_comments.push_back(t.text);
    }
  }

  hop.by = cl.by;
  hop.with = cl.with;
  hop.id = cl.id;
  hop.for_addr = strip_brackets(cl.for_);
  if (hop.for_addr.size() >= 2 && hop.for_addr.front() == '<') hop.for_addr = hop.for_addr.substr(1);
  if (!hop.for_addr.empty() && hop.for_addr.back() == '>') hop.for_addr.pop_back();

  if (cl.from.empty()) {
    if (hop.note.empty()) hop.note = "no from clause";
    hop.parsed = !cl.by.empty();
    return hop;
  }
  std::string first = cl.from;
  std::string helo, rdns, ip;
  // HELO inside a comment: qmail "(HELO name)", Exim "(helo=name)" / "([ip] helo=name)"
  for (const auto& c : cl.from_comments) {
    std::string lc = core::to_lower_ascii(c);
    size_t p = lc.find("helo=");
    size_t skip = 5;
    if (p == std::string::npos) {
      p = lc.find("helo ");
      skip = 5;
    }
    if (p == std::string::npos) {
      p = lc.find("ehlo ");
      skip = 5;
    }
    if (p != std::string::npos && helo.empty()) {
      std::string rest = core::trim(c.substr(p + skip));
      size_t e = rest.find_first_of(" )");
      helo = strip_brackets(rest.substr(0, e));
    }
  }
  for (const auto& c : cl.from_comments) {
    if (ip.empty()) ip = find_ip(c);
  }
  if (ip.empty()) ip = find_ip(first);  // "from [1.2.3.4]"
  if (!helo.empty()) {
    // qmail/Exim: the first word is the remote host name the server looked up (or the IP)
    if (!core::parse_ip(strip_brackets(first))) rdns = first;
  } else {
    helo = first;
    // Postfix/Sendmail/Gmail/Exchange: "(rdns [ip])" or "(rdns. [ip])"
    for (const auto& c : cl.from_comments) {
      std::string w = core::trim(c.substr(0, c.find_first_of(" [")));
      if (!w.empty() && !core::parse_ip(strip_brackets(w)) && w.find('=') == std::string::npos) {
        while (!w.empty() && w.back() == '.') w.pop_back();
        rdns = w;
        break;
      }
    }
  }
  hop.from_helo = strip_brackets(helo);
  hop.from_rdns = rdns;
  hop.ip = ip;
  hop.parsed = true;
  return hop;
}

core::SenderTrace find_sender(const std::vector<core::ReceivedHop>& hops) {
  core::SenderTrace s;
  int internal = 0;
  for (size_t i = 0; i < hops.size(); ++i) {
    const auto& h = hops[i];
    std::optional<core::IpAddress> ip = h.ip.empty() ? std::nullopt : core::parse_ip(h.ip);
    bool outside = false;
    if (ip) {
      core::IpClass c = core::classify(*ip);
      outside = c == core::IpClass::Public || c == core::IpClass::Documentation || c == core::IpClass::Reserved;
    }
    if (!outside) {
      ++internal;
      continue;
    }
    s.hop = static_cast<int>(i);
    s.ip = h.ip;
    s.helo = h.from_helo;
    s.rdns = h.from_rdns;
    s.received_by = h.by;
    s.trust_reason = internal == 0 ? "first_hop_public"  // the newest hop already came from outside
                                   : "above_hops_internal";  // hops above have no or private/loopback addresses
    return s;
  }
  return s;
}

}  // namespace ps::parse
