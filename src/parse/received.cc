#include "parse/received.h"

#include <gmime/gmime.h>

#include <cctype>

#include "core/domain.h"
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

// TLS as recorded by the receiving server: Postfix "(using TLSv1.3 with cipher X)", Exchange/Sendmail
// "(version=TLS1_2 cipher=X)", Exim "(TLS1.3) tls X", or an ESMTPS/SMTPS protocol.
std::string find_tls(const std::string& raw, const std::string& with) {
  std::string l = core::to_lower_ascii(raw);
  auto grab = [&](size_t p) {
    size_t e = raw.find_first_of(" ,;)", p);
    return raw.substr(p, e == std::string::npos ? std::string::npos : e - p);
  };
  if (auto p = l.find("using tls"); p != std::string::npos) return grab(p + 6);
  if (auto p = l.find("version=tls"); p != std::string::npos) return grab(p + 8);
  if (auto p = l.find("(tls1"); p != std::string::npos) return grab(p + 1);
  std::string w = core::to_lower_ascii(with);
  w = w.substr(0, w.find(' '));
  if (w == "esmtps" || w == "esmtpsa" || w == "smtps" || w == "utf8smtps" || w == "utf8smtpsa")
    return "yes (" + with.substr(0, with.find(' ')) + ")";
  return "";
}

}  // namespace

namespace {

// The common RFC 5322 form without allocation: "[Day,] D Mon YYYY HH:MM[:SS] (+|-)HHMM | UT | GMT | zone".
// Returns nothing for anything else (the caller falls back to GMime's lenient parser).
std::optional<core::Timestamp> fast_date(std::string_view s) {
  size_t i = 0;
  auto skip_ws = [&] {
    while (i < s.size() && (s[i] == ' ' || s[i] == '\t')) ++i;
  };
  auto number = [&](int max_digits, int& out) {
    int n = 0, d = 0;
    while (i < s.size() && d < max_digits && s[i] >= '0' && s[i] <= '9') n = n * 10 + (s[i++] - '0'), ++d;
    out = n;
    return d;
  };
  skip_ws();
  if (i + 3 < s.size() && std::isalpha(static_cast<unsigned char>(s[i]))) {  // day name
    while (i < s.size() && std::isalpha(static_cast<unsigned char>(s[i]))) ++i;
    skip_ws();
    if (i < s.size() && s[i] == ',') ++i;
    skip_ws();
  }
  int day, year, hh, mm, ss = 0;
  if (number(2, day) == 0) return std::nullopt;
  skip_ws();
  static const char* months[] = {"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"};
  if (i + 3 > s.size()) return std::nullopt;
  std::string mon = core::to_lower_ascii(s.substr(i, 3));
  int month = 0;
  for (int m = 0; m < 12; ++m)
    if (mon == months[m]) month = m + 1;
  if (!month) return std::nullopt;
  i += 3;
  skip_ws();
  int ydigits = number(4, year);
  if (ydigits == 2) year += year < 50 ? 2000 : 1900;
  else if (ydigits != 4) return std::nullopt;
  skip_ws();
  if (number(2, hh) == 0 || i >= s.size() || s[i++] != ':' || number(2, mm) != 2) return std::nullopt;
  if (i < s.size() && s[i] == ':') {
    ++i;
    if (number(2, ss) != 2) return std::nullopt;
  }
  skip_ws();
  int offset = 0;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) {
    int sign = s[i++] == '-' ? -1 : 1, hhmm;
    if (number(4, hhmm) != 4) return std::nullopt;
    offset = sign * ((hhmm / 100) * 60 + hhmm % 100);
  } else {
    size_t b = i;
    while (i < s.size() && std::isalpha(static_cast<unsigned char>(s[i]))) ++i;
    std::string z = core::to_lower_ascii(s.substr(b, i - b));
    if (z == "ut" || z == "gmt" || z == "utc" || z == "z") offset = 0;
    else if (z == "jst") offset = 9 * 60;
    else if (z == "est") offset = -5 * 60;
    else if (z == "edt") offset = -4 * 60;
    else if (z == "cst") offset = -6 * 60;
    else if (z == "cdt") offset = -5 * 60;
    else if (z == "mst") offset = -7 * 60;
    else if (z == "mdt") offset = -6 * 60;
    else if (z == "pst") offset = -8 * 60;
    else if (z == "pdt") offset = -7 * 60;
    else return std::nullopt;
  }
  if (day < 1 || day > 31 || hh > 23 || mm > 59 || ss > 60) return std::nullopt;
  int64_t epoch = core::days_from_civil(year, static_cast<unsigned>(month), static_cast<unsigned>(day)) * 86400 +
                  hh * 3600 + mm * 60 + ss - offset * 60;
  return core::Timestamp{epoch, offset};
}

}  // namespace

std::optional<core::Timestamp> parse_rfc5322_date(std::string_view text) {
  if (auto fast = fast_date(text)) return fast;
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
        else if ((dst == &cl.with && cl.with.rfind("Microsoft", 0) == 0) || dst == &cl.via)
          *dst += " " + t.text;  // "with Microsoft SMTP Server", "via Frontend Transport"
      }
    } else if (current == "from") {
      cl.from_comments.push_back(t.text);
    } else if (current.empty()) {
      stray_comments.push_back(t.text);
    }
  }

  hop.by = cl.by;
  hop.with = cl.with;
  hop.tls = find_tls(hop.raw, cl.with);
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

namespace {

bool host_matches(const std::string& host, const std::string& pattern) {
  std::string h = core::to_lower_ascii(host), p = core::to_lower_ascii(core::trim(pattern));
  if (h.empty() || p.empty()) return false;
  if (p.front() == '.') return h.size() > p.size() && h.compare(h.size() - p.size(), p.size(), p) == 0;
  return h == p;
}

// Why hop `h` belongs to the receiving side, or "" when it came from outside.
std::string internal_reason(const core::ReceivedHop& h, const core::TrustConfig& trust, const std::string& receiver_domain,
                            bool use_receiver_domain) {
  std::optional<core::IpAddress> ip = h.ip.empty() ? std::nullopt : core::parse_ip(h.ip);
  if (!ip) return h.from_helo.empty() && h.from_rdns.empty() ? "no_client" : "no_address";
  core::IpClass c = core::classify(*ip);
  if (c == core::IpClass::Loopback) return "loopback";
  if (c == core::IpClass::Private || c == core::IpClass::LinkLocal || c == core::IpClass::SharedCgn ||
      c == core::IpClass::Unspecified)
    return "private_address";
  for (const auto& net : trust.internal_networks)
    if (core::in_cidr(*ip, net)) return "internal_network";
  for (const auto& host : trust.internal_hosts)
    if (host_matches(h.from_rdns, host) || host_matches(h.from_helo, host)) return "internal_host";
  if (use_receiver_domain && !receiver_domain.empty()) {
    // the receiver looked the client up and found a name in its own domain
    bool verified = !h.from_rdns.empty() && !core::iequals(h.from_rdns, "unknown");
    if (verified && core::organisational_domain(h.from_rdns) == receiver_domain &&
        core::organisational_domain(h.by) == receiver_domain)
      return "receiver_domain";
    // Exchange Online relays between its own servers record no rDNS, only names under outlook.com and addresses
    // in Microsoft's 2603:1000::/24; a name alone could be claimed by anyone, the address cannot.
    if (receiver_domain == "outlook.com" && core::organisational_domain(h.from_helo) == receiver_domain &&
        core::organisational_domain(h.by) == receiver_domain && core::in_cidr(*ip, "2603:1000::/24"))
      return "receiver_domain";
  }
  return "";
}

}  // namespace

core::SenderTrace find_sender(std::vector<core::ReceivedHop>& hops, const core::TrustConfig& trust) {
  std::string receiver_domain;
  for (const auto& h : hops)
    if (!h.by.empty()) {
      receiver_domain = core::organisational_domain(h.by);
      break;
    }
  // With the receiver-domain rule first; if it leaves no outside hop (mail between two users of one provider),
  // again without it.
  for (bool use_domain : {trust.trust_receiver_domain, false}) {
    core::SenderTrace s;
    for (auto& h : hops) h.internal_reason.clear();
    for (size_t i = 0; i < hops.size(); ++i) {
      auto& h = hops[i];
      std::string why = internal_reason(h, trust, receiver_domain, use_domain);
      if (!why.empty()) {
        h.internal_reason = why;
        continue;
      }
      s.hop = static_cast<int>(i);
      s.ip = h.ip;
      s.helo = h.from_helo;
      s.rdns = h.from_rdns;
      s.received_by = h.by;
      s.trust_reason = i == 0 ? "first_hop_public" : "above_hops_internal";
      return s;
    }
    if (!use_domain) break;
  }
  return core::SenderTrace{};  // every hop is the receiving side's own (reasons kept)
}

std::vector<core::TimingIssue> check_timing(std::vector<core::ReceivedHop>& hops, int sender_hop,
                                            const std::optional<core::Timestamp>& date) {
  std::vector<core::TimingIssue> issues;
  constexpr int64_t kTolerance = 5 * 60;     // clocks of different servers differ a little
  constexpr int64_t kLongDelay = 24 * 3600;  // a day in one relay is not normal delivery
  for (size_t i = 0; i + 1 < hops.size(); ++i) {
    if (!hops[i].date || !hops[i + 1].date) continue;
    int64_t d = hops[i].date->epoch - hops[i + 1].date->epoch;
    hops[i].delay_seconds = d;
    if (d < -kTolerance) issues.push_back({"OUT_OF_ORDER", static_cast<int>(i), d});
    else if (d > kLongDelay) issues.push_back({"LONG_DELAY", static_cast<int>(i), d});
  }
  if (date && sender_hop >= 0 && hops[sender_hop].date) {
    int64_t d = date->epoch - hops[sender_hop].date->epoch;  // Date minus time received from outside
    if (d > 15 * 60) issues.push_back({"DATE_AFTER_RECEIVED", sender_hop, d});
    else if (d < -2 * 86400) issues.push_back({"DATE_LONG_BEFORE_RECEIVED", sender_hop, d});
  }
  return issues;
}

}  // namespace ps::parse
