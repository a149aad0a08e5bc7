#include "parse/received.h"

#include <gmime/gmime.h>

#include <algorithm>
#include <cctype>

#include "core/domain.h"
#include "core/ip.h"
#include "core/text.h"
#include "parse/relays.h"

namespace ps::parse {

namespace {

// Splits "from X (comment) by Y ..." into clauses, keeping comments with the clause they follow.
struct Clauses {
  std::string from, by, with, id, for_, via;
  std::vector<std::string> from_comments;
  std::vector<std::string> from_words;  // words of the from clause after the first ("[203.0.113.5]" outside parentheses)
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
    // "203.0.113.5:25" (address and port)
    size_t colon = c.find(':');
    if (colon != std::string::npos && c.find(':', colon + 1) == std::string::npos && c.find('.') < colon)
      if (auto ip = core::parse_ip(c.substr(0, colon))) return ip->str();
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
      if (dst == &cl.from && !cl.from.empty()) cl.from_words.push_back(t.text);
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

  if (cl.from.empty() && !cl.from_comments.empty()) {
    // "from (203.0.113.5 [203.0.113.5])", "from (203.0.113.5)": no name at all, only what the server saw
    std::string ip = find_ip(cl.from_comments.front());
    if (!ip.empty()) {
      hop.ip = ip;
      for (const auto& c : cl.from_comments) {
        std::string lc = core::to_lower_ascii(c);
        for (const char* k : {"helo=", "helo ", "ehlo "}) {
          size_t p = lc.find(k);
          if (p != std::string::npos && hop.from_helo.empty()) {
            std::string rest = core::trim(c.substr(p + 5));
            hop.from_helo = strip_brackets(rest.substr(0, rest.find_first_of(" )")));
          }
        }
      }
      hop.parsed = true;
      return hop;
    }
  }
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
  for (const auto& w : cl.from_words) {  // "from host [203.0.113.5]", "from host (EHLO x) [203.0.113.5]"
    if (ip.empty()) ip = find_ip(w);
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

bool verified_rdns(const core::ReceivedHop& h) { return !h.from_rdns.empty() && !core::iequals(h.from_rdns, "unknown"); }

// The name the receiving server knows the client by: its verified reverse name, else the name it gave.
std::string client_name(const core::ReceivedHop& h) { return verified_rdns(h) ? h.from_rdns : h.from_helo; }

// A hop of one machine to itself: "by localhost", a by-name without a dot (amavis, content filters).
bool same_machine(const std::string& by) {
  return by.empty() || core::iequals(by, "localhost") || core::iequals(by, "localhost.localdomain") ||
         by.find('.') == std::string::npos;
}

// Why the client of `h` belongs to the side that wrote the hop, by its address alone, or "".
std::string address_reason(const core::ReceivedHop& h, const std::optional<core::IpAddress>& ip) {
  if (!ip) return h.from_helo.empty() && h.from_rdns.empty() ? "no_client" : "no_address";
  core::IpClass c = core::classify(*ip);
  if (c == core::IpClass::Loopback) return "loopback";
  if (c == core::IpClass::Private || c == core::IpClass::LinkLocal || c == core::IpClass::SharedCgn ||
      c == core::IpClass::Unspecified)
    return "private_address";
  return "";
}

// Is the client of `h` one of `p`'s own servers? Its name must be under the provider's hosts (and not one of its
// outbound relays, which hand over mail of other customers) *and* its address in the provider's networks: a name
// alone can be claimed, the recorded address cannot.
bool provider_internal(const RelayProvider& p, const core::ReceivedHop& h, const core::IpAddress& ip) {
  if (!p.is_host(h.by)) return false;
  if (!(p.is_host(h.from_rdns) || p.is_host(h.from_helo))) return false;
  if (p.is_inbound_host(h.by) && !p.is_host(h.from_rdns)) return false;
  if (p.is_outbound_host(h.from_rdns) || p.is_outbound_host(h.from_helo)) return false;
  return p.in_networks(ip);
}

// Why hop `h` belongs to the receiving side, or "" when it came from outside.
std::string internal_reason(const core::ReceivedHop& h, const core::TrustConfig& trust, const std::string& receiver_domain,
                            bool use_receiver_domain, const RelayProvider* provider) {
  std::optional<core::IpAddress> ip = h.ip.empty() ? std::nullopt : core::parse_ip(h.ip);
  std::string why = address_reason(h, ip);
  if (!why.empty()) return why;
  for (const auto& net : trust.internal_networks)
    if (core::in_cidr(*ip, net)) return "internal_network";
  for (const auto& host : trust.internal_hosts)
    if (host_matches(h.from_rdns, host) || host_matches(h.from_helo, host)) return "internal_host";
  if (provider && provider->is_host(h.by)) {
    // a hosted mailbox: the provider's servers hand the mail on between themselves; its inbound servers take it
    // from the internet
    if (provider_internal(*provider, h, *ip)) return "provider";
    return "";
  }
  if (use_receiver_domain && !receiver_domain.empty()) {
    // the receiver looked the client up and found a name in its own domain
    if (verified_rdns(h) && core::organisational_domain(h.from_rdns) == receiver_domain &&
        core::organisational_domain(h.by) == receiver_domain)
      return "receiver_domain";
  }
  return "";
}

bool is_submission(const core::ReceivedHop& h) {
  std::string w = core::to_lower_ascii(h.with.substr(0, h.with.find(' ')));
  if (w == "esmtpa" || w == "esmtpsa" || w == "utf8smtpa" || w == "utf8smtpsa" || w == "lmtpa" || w == "http" ||
      w == "https" || w == "mapi" || w == "smtpa")
    return true;
  std::string l = core::to_lower_ascii(h.raw);
  return l.find("(authenticated") != std::string::npos || l.find("authenticated sender") != std::string::npos;
}

// A relay the hop's client may be: a provider that forwards mail (its server name and address), or the list server
// of the list the headers name (its verified name in the list's domains, or the next hop written by it).
struct Relay {
  std::string kind, name, detail;
  const RelayProvider* provider = nullptr;
  std::vector<std::string> domains;  // registrable domains of a list's servers
};

// `first`: the hop is the reader's own boundary (a list is recognised there only: one list per mail, and below it
// every sender's own relays are a consistent chain too).
std::optional<Relay> relay_of(const std::vector<core::ReceivedHop>& hops, size_t i, const ChainContext& ctx, bool first) {
  const core::ReceivedHop& h = hops[i];
  auto ip = core::parse_ip(h.ip);
  if (!ip) return std::nullopt;
  // a fetch: the reader's provider collected the mail from another mailbox (POP3, IMAP, fetchmail)
  std::string with = core::to_lower_ascii(h.with.substr(0, h.with.find(' ')));
  if ((with == "pop3" || with == "imap" || core::to_lower_ascii(h.raw).find("fetchmail") != std::string::npos) &&
      !client_name(h).empty() && address_reason(h, ip).empty())
    return Relay{"fetch", client_name(h), "with:" + h.with.substr(0, h.with.find(' ')), nullptr,
                 {core::organisational_domain(client_name(h))}};
  if (ctx.relays) {
    for (const auto& p : ctx.relays->providers()) {
      if (!p.forwards || !p.in_networks(*ip)) continue;
      if (p.is_host(h.from_rdns) || p.is_host(h.from_helo)) return Relay{"provider", p.name, "provider:" + p.id, &p, {}};
    }
  }
  if (first && verified_rdns(h)) {
    std::string org = core::organisational_domain(h.from_rdns);
    for (const auto& d : ctx.forwarder_domains)
      if (org == d) return Relay{"forwarder", d, "srs", nullptr, {d}};
  }
  if (first && ctx.list.present && verified_rdns(h)) {
    std::string org = core::organisational_domain(h.from_rdns);
    bool named = std::find(ctx.list.domains.begin(), ctx.list.domains.end(), org) != ctx.list.domains.end();
    bool written_by_it = i + 1 < hops.size() && core::organisational_domain(hops[i + 1].by) == org;
    if (named || written_by_it) {
      Relay r{"mailing_list", ctx.list.id.empty() ? h.from_rdns : ctx.list.id, named ? "list_domain" : "list_chain", nullptr, ctx.list.domains};
      r.domains.push_back(org);
      return r;
    }
  }
  return std::nullopt;
}

// The first label of a registrable domain: "sourceforge" of sourceforge.net and sourceforge.com.
std::string org_label(const std::string& org) { return org.substr(0, org.find('.')); }

// Is `host` one of a list's servers? Under one of the list's domains, or under the same name in another top-level
// domain (a list at lists.example.net run on servers of example.com).
bool list_server(const Relay& r, const std::string& host) {
  std::string org = core::organisational_domain(host);
  if (org.empty()) return false;
  for (const auto& d : r.domains)
    if (org == d || (org_label(org).size() >= 4 && org_label(org) == org_label(d))) return true;
  return false;
}

// Is `h` one of the relay's own hops (written by the relay, about a client of its own)?
bool relay_writes(const Relay& r, const core::ReceivedHop& h) {
  if (same_machine(h.by)) return true;
  if (r.provider) return r.provider->is_host(h.by);
  return list_server(r, h.by);
}

std::string relay_internal(const Relay& r, const core::ReceivedHop& h) {
  std::optional<core::IpAddress> ip = h.ip.empty() ? std::nullopt : core::parse_ip(h.ip);
  std::string why = address_reason(h, ip);
  if (!why.empty()) return why;
  if (r.provider) return provider_internal(*r.provider, h, *ip) ? "provider" : "";
  if (verified_rdns(h) && list_server(r, h.from_rdns)) return "list_host";
  return "";
}

}  // namespace

core::SenderTrace find_sender(std::vector<core::ReceivedHop>& hops, const core::TrustConfig& trust,
                              const ChainContext& ctx) {
  std::string receiver_domain, top_by;
  for (const auto& h : hops)
    if (!h.by.empty() && !same_machine(h.by)) {
      receiver_domain = core::organisational_domain(h.by);
      top_by = h.by;
      break;
    }
  const RelayProvider* provider = ctx.relays ? ctx.relays->by_host(top_by) : nullptr;
  // With the receiver-domain rule first; if it leaves no outside hop (mail between two users of one provider),
  // again without it.
  core::SenderTrace s;
  for (bool use_domain : {trust.trust_receiver_domain, false}) {
    for (auto& h : hops) h.internal_reason.clear();
    for (size_t i = 0; i < hops.size(); ++i) {
      auto& h = hops[i];
      std::string why = internal_reason(h, trust, receiver_domain, use_domain, provider);
      if (!why.empty()) {
        h.internal_reason = why;
        continue;
      }
      s.hop = static_cast<int>(i);
      s.trust_reason = i == 0 ? "first_hop_public" : "above_hops_internal";
      break;
    }
    if (s.hop >= 0 || !use_domain) break;
  }
  if (s.hop < 0) return core::SenderTrace{};  // every hop is the receiving side's own (reasons kept)
  // Lists and forwarders: the relay's own hops lead to the one where it took the mail from the original sender.
  for (int depth = 0; depth < 4; ++depth) {
    auto relay = relay_of(hops, static_cast<size_t>(s.hop), ctx, depth == 0);
    if (!relay) break;
    int found = -1;
    for (size_t j = static_cast<size_t>(s.hop) + 1; j < hops.size(); ++j) {
      auto& h = hops[j];
      if (!relay_writes(*relay, h)) break;  // the relay's chain ends: no hand-over from outside recorded
      std::string why = relay_internal(*relay, h);
      if (!why.empty()) continue;
      found = static_cast<int>(j);
      break;
    }
    if (found < 0) break;
    const auto& entry = hops[s.hop];
    if (is_submission(hops[found])) {
      // the relay is the sender's own provider: the account holder submitted the mail there
      s.submitted_from = hops[found].ip;
      break;
    }
    if (relay->provider) {
      // A provider's outbound relay (a tenant's or an account's forward, or a customer's connector): it is who
      // handed the mail to the reader's side, and stays the sender; where it took the mail from is told, unless
      // that was the provider itself (one of its users wrote the mail).
      const auto& in = hops[found];
      auto in_ip = core::parse_ip(in.ip);
      bool own = in_ip && relay->provider->in_networks(*in_ip) &&
                 (relay->provider->is_host(in.from_rdns) || relay->provider->is_host(in.from_helo));
      if (!own) {
        s.relays.push_back({relay->kind, relay->name, client_name(entry), entry.ip, s.hop, relay->detail, in.ip, found});
      }
      break;
    }
    s.relays.push_back({relay->kind, relay->name, client_name(entry), entry.ip, s.hop, relay->detail,
                        hops[found].ip, found});
    for (int j = s.hop; j < found; ++j) {
      std::string why = j == s.hop ? "relay" : relay_internal(*relay, hops[j]);
      hops[j].internal_reason = why.empty() ? "relay" : why;
    }
    s.hop = found;
    s.trust_reason = relay->kind == "mailing_list" ? "relayed_by_list"
                     : relay->kind == "forwarder"  ? "relayed_by_forwarder"
                                                   : "relayed_by_fetch";
  }
  const auto& h = hops[s.hop];
  s.ip = h.ip;
  s.helo = h.from_helo;
  s.rdns = h.from_rdns;
  s.received_by = h.by;
  if (ctx.relays)
    if (const RelayProvider* p = ctx.relays->by_host(h.by)) s.provider = p->name;
  return s;
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
