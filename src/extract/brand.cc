#include "extract/brand.h"

#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "core/domain.h"
#include "core/text.h"
#include "extract/lookalike.h"
#include "extract/url.h"

namespace ps::extract {

using nlohmann::json;

core::Result<BrandCatalog> BrandCatalog::parse(const std::string& text, const std::string& where) {
  json j = json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.contains("brands") || !j["brands"].is_array())
    return core::Error{"not a brand catalog (expected {\"brands\": [...]})", where};
  BrandCatalog cat;
  size_t i = 0;
  for (const auto& b : j["brands"]) {
    BrandEntry e;
    try {
      e.id = b.at("id").get<std::string>();
      e.name_ja = b.at("name_ja").get<std::string>();
      e.name_en = b.at("name_en").get<std::string>();
      e.category = b.value("category", "");
      e.country = b.value("country", "global");
      e.keywords = b.value("keywords", std::vector<std::string>{});
      for (const auto& k : e.keywords) e.keywords_lower.push_back(core::to_lower_ascii(k));
      e.url_tokens = b.value("url_tokens", std::vector<std::string>{});
      for (auto& x : e.url_tokens) x = core::to_lower_ascii(x);
      e.url_token_exceptions = b.value("url_token_exceptions", std::vector<std::string>{});
      for (auto& x : e.url_token_exceptions) x = core::to_lower_ascii(x);
      e.official_domains = b.at("official_domains").get<std::vector<std::string>>();
      e.official_url = b.value("official_url", "");
      e.advisory_url = b.value("advisory_url", "");
    } catch (const std::exception& ex) {
      return core::Error{std::string("brand entry ") + std::to_string(i) + ": " + ex.what(), where};
    }
    if (e.official_domains.empty()) return core::Error{"brand " + e.id + " has no official domain", where};
    for (const auto& d : e.official_domains) {
      e.official_labels.push_back(domain_label(d));
      e.official_skeletons.push_back(confusable_skeleton(d));
    }
    cat.brands_.push_back(std::move(e));
    ++i;
  }
  return cat;
}

core::Result<BrandCatalog> BrandCatalog::load(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return core::Error{"cannot open brand catalog", path};
  std::stringstream ss;
  ss << in.rdbuf();
  return parse(ss.str(), path);
}

const BrandEntry* BrandCatalog::find(const std::string& id) const {
  for (const auto& b : brands_)
    if (b.id == id) return &b;
  return nullptr;
}

const BrandEntry* BrandCatalog::by_official_domain(const std::string& domain) const {
  for (const auto& b : brands_)
    for (const auto& d : b.official_domains)
      if (core::iequals(d, domain)) return &b;
  return nullptr;
}

namespace {
bool is_ascii(const std::string& s) {
  for (unsigned char c : s)
    if (c >= 0x80) return false;
  return true;
}
bool is_word_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; }

// `index` is `text` lower-cased once by the caller, with its byte pairs; `keyword_lower` is the keyword lower-cased.
int count_mentions(const std::string& text, const core::TextIndex& index, const std::string& keyword,
                   const std::string& keyword_lower, int cap) {
  if (keyword.empty() || !index.may_contain(keyword_lower)) return 0;
  int n = 0;
  if (is_ascii(keyword)) {
    // short names ("au", "ANA", "JCB") only as written: "Au" or "ana" are other words
    bool exact = keyword.size() <= 3;
    const std::string& t = exact ? text : index.lower();
    const std::string& k = exact ? keyword : keyword_lower;
    for (size_t p = t.find(k); p != std::string::npos && n < cap; p = t.find(k, p + 1)) {
      bool left = p == 0 || !is_word_char(t[p - 1]);
      bool right = p + k.size() >= t.size() || !is_word_char(t[p + k.size()]);
      if (left && right) ++n;
    }
  } else {
    for (size_t p = text.find(keyword); p != std::string::npos && n < cap; p = text.find(keyword, p + 1)) ++n;
  }
  return n;
}

// URL token inside a host label or path segment: "eki-net" in "eki-net-carcini", not "au" in "audit".
// Does `haystack` (a host, path or userinfo) hold `token`? Tokens under 5 letters must stand alone between
// separators; longer ones may be glued to other words ("amazonsecure"), except inside the brand's exception words
// ("amazonaws" is Amazon's cloud, where anyone hosts anything; it does not name the shop).
// `haystack` and `token` are already ASCII lower-cased (tokens and exceptions at load, hosts and paths once per link).
bool token_in(std::string_view h, std::string_view t, const std::vector<std::string>& exceptions = {}) {
  if (t.empty()) return false;
  for (size_t p = h.find(t); p != std::string_view::npos; p = h.find(t, p + 1)) {
    bool left = p == 0 || !std::isalnum(static_cast<unsigned char>(h[p - 1]));
    bool right = p + t.size() >= h.size() || !std::isalnum(static_cast<unsigned char>(h[p + t.size()]));
    if (!(left && right) && t.size() < 5) continue;
    bool excepted = false;
    for (const auto& x : exceptions) {
      // an exception word that covers this occurrence
      for (size_t q = h.find(x); q != std::string_view::npos && q <= p; q = h.find(x, q + 1))
        if (q + x.size() >= p + t.size()) excepted = true;
    }
    if (!excepted) return true;
  }
  return false;
}

// A link's host, path and user info, ASCII lower-cased once for every brand's tokens.
struct LowerLink {
  std::string host, path, userinfo;
  explicit LowerLink(const core::Link& l)
      : host(core::to_lower_ascii(l.host)), path(core::to_lower_ascii(l.path)), userinfo(core::to_lower_ascii(l.userinfo)) {}
};
}  // namespace

bool mentions(const std::string& text, const std::string& keyword) {
  return count_mentions(text, core::TextIndex(text), keyword, core::to_lower_ascii(keyword), 1) > 0;
}

namespace {
core::BrandRef to_ref(const BrandEntry& b, const std::vector<std::string>& reasons, int score) {
  core::BrandRef r;
  r.id = b.id;
  r.name_ja = b.name_ja;
  r.name_en = b.name_en;
  r.category = b.category;
  r.country = b.country;
  r.official_domains = b.official_domains;
  r.url_tokens = b.url_tokens;
  r.url_token_exceptions = b.url_token_exceptions;
  r.official_url = b.official_url;
  r.advisory_url = b.advisory_url;
  r.reasons = reasons;
  r.score = score;
  return r;
}
}  // namespace

namespace {
// Is official domain `d` written as the left part of the link's host, inside its subdomain (www.eki-net.com.evil.example)?
bool official_domain_in_subdomain(const core::Link& l, const std::string& d) {
  if (l.registrable_domain.empty() || l.host.size() <= d.size() + l.registrable_domain.size()) return false;
  std::string needle = core::to_lower_ascii(d) + ".";
  for (size_t p = l.host.find(needle); p != std::string::npos; p = l.host.find(needle, p + 1))
    if ((p == 0 || l.host[p - 1] == '.') && p + needle.size() <= l.host.size() - l.registrable_domain.size()) return true;
  return false;
}
}  // namespace

std::optional<core::BrandRef> attribute_brand_to_url(const core::Content& content, const BrandCatalog& catalog) {
  core::Message none;
  auto best = attribute_brand(none, content, catalog);
  if (best || content.links.empty()) return best;
  // a link to an official site names its brand even when no token does (www.ana.co.jp); a domain that several
  // brands share goes to the one whose official site is on that host
  const core::Link& l = content.links.front();
  const BrandEntry* pick = nullptr;
  for (const auto& b : catalog.brands())
    for (const auto& d : b.official_domains)
      if (!l.registrable_domain.empty() && core::iequals(l.registrable_domain, d)) {
        UrlParts home = split_url(b.official_url);
        if (!pick || (home.ok && core::iequals(home.host, l.host))) pick = &b;
      }
  if (!pick) return std::nullopt;
  return to_ref(*pick, {"official_link"}, 1);
}

std::optional<core::BrandRef> attribute_brand(const core::Message& msg, const core::Content& content,
                                              const BrandCatalog& catalog) {
  std::optional<core::BrandRef> best;
  // each text lower-cased once, not once per brand and keyword
  struct Text {
    const std::string& text;
    core::TextIndex index;
  };
  Text display{msg.from.display, core::TextIndex(msg.from.display)};
  Text subject{msg.subject, core::TextIndex(msg.subject)};
  // the subject speaks for a brand when it names it up front ("【Amazon】...", "Your Apple ID ..."), not when the
  // brand comes up later in a sentence ("... on page 1 of Google")
  std::string lead_text;
  {
    const std::string& sb = msg.subject_body.empty() ? msg.subject : msg.subject_body;
    size_t chars = 0, i = 0;
    while (i < sb.size() && chars < 20) {
      size_t len = core::utf8_sequence_length(sb, i);
      i += len ? len : 1;
      ++chars;
    }
    lead_text = sb.substr(0, i);
  }
  Text subject_lead{lead_text, core::TextIndex(lead_text)};
  std::string sender_domain = core::registrable_domain(core::address_domain(msg.from.address));
  Text body{content.text, core::TextIndex(content.text)};
  std::vector<Text> alts;
  for (const auto& img : content.images) alts.push_back({img.alt, core::TextIndex(img.alt)});
  // attached HTML pages: their title and text; a page with a sign-in form speaks for the brand it names
  std::vector<std::string> file_texts;
  for (const auto& f : content.html_files) file_texts.push_back(f.title + "\n" + f.text);
  std::vector<std::pair<Text, bool>> files;  // Text refers to file_texts, which no longer changes
  for (size_t i = 0; i < file_texts.size(); ++i)
    files.push_back({Text{file_texts[i], core::TextIndex(file_texts[i])},
                     content.html_files[i].password_inputs > 0 || content.html_files[i].forms > 0});
  std::vector<LowerLink> lower_links;
  lower_links.reserve(content.links.size());
  for (const auto& l : content.links) lower_links.emplace_back(l);
  for (const auto& b : catalog.brands()) {
    int score = 0;
    std::vector<std::string> reasons;
    auto any = [&](const Text& t, int cap) {
      int n = 0;
      for (size_t i = 0; i < b.keywords.size(); ++i) n += count_mentions(t.text, t.index, b.keywords[i], b.keywords_lower[i], cap);
      return std::min(n, cap);
    };
    if (any(display, 1)) {
      score += 4;
      reasons.push_back("display_name");
    }
    bool subject_leads = false;
    if (any(subject, 1)) {
      score += 3;
      reasons.push_back("subject");
      subject_leads = any(subject_lead, 1) > 0;
    }
    if (int n = any(body, 3)) {
      score += n;
      reasons.push_back("body");
    }
    bool url_named = false, official_linked = false, token_named = false;
    for (size_t li = 0; li < content.links.size(); ++li) {
      const core::Link& l = content.links[li];
      const LowerLink& ll = lower_links[li];
      if (!l.lookalike_of.empty())
        for (const auto& d : b.official_domains)
          if (l.lookalike_of == d) url_named = true;
      for (const auto& d : b.official_domains)
        if (core::iequals(l.registrable_domain, d)) official_linked = true;
      for (const auto& t : b.url_tokens)
        if (token_in(ll.host, t, b.url_token_exceptions) || token_in(ll.path, t, b.url_token_exceptions) ||
            token_in(ll.userinfo, t, b.url_token_exceptions))
          url_named = token_named = true;
    }
    if (url_named) {
      score += token_named ? 4 : 3;  // a token in the URL beats a shared lookalike target (japanpost.jp)
      reasons.push_back("url");
    }
    if (official_linked) {
      score += 1;
      reasons.push_back("official_link");
    }
    bool alt_named = false;
    for (const auto& alt : alts)
      if (any(alt, 1)) alt_named = true;
    if (alt_named) {
      score += 2;
      reasons.push_back("image_alt");
    }
    bool file_named = false, file_form = false;
    for (const auto& [t, form] : files)
      if (any(t, 1)) {
        file_named = true;
        file_form = file_form || form;
      }
    if (file_named) {
      score += file_form ? 3 : 1;
      reasons.push_back("attachment");
    }
    // body mentions alone do not make a mail speak for a brand (a newsletter may mention Google or Amazon): the
    // display name, the subject, a link or an image must name it too
    bool strong = subject_leads;
    for (const auto& r : reasons)
      if (r == "display_name" || r == "url" || r == "image_alt") strong = true;
    if (file_form) strong = true;
    // the brand's own domain sends it and the mail names the brand: a notice from the brand
    bool from_official = false;
    for (const auto& d : b.official_domains)
      if (!sender_domain.empty() && core::iequals(sender_domain, d)) from_official = true;
    if (from_official && !reasons.empty()) {
      score += 2;
      reasons.push_back("sender_domain");
      strong = true;
    }
    if (score < 3 || !strong) continue;
    if (!best || score > best->score) best = to_ref(b, reasons, score);
  }
  return best;
}

void find_lookalikes(core::Content& content, const BrandCatalog& catalog) {
  for (auto& l : content.links) {
    std::string unicode_reg;
    if (!l.host_unicode.empty() && !l.registrable_domain.empty()) {
      IdnForms f = idn_forms(l.registrable_domain);
      unicode_reg = f.unicode;
    }
    if (auto la = find_lookalike(l.registrable_domain, unicode_reg, catalog)) {
      l.lookalike_of = la->official_domain;
      l.techniques.push_back(la->technique);
      continue;
    }
    // an official domain written as the left part of another domain: www.eki-net.com.evil.example
    if (l.registrable_domain.empty()) continue;
    for (const auto& b : catalog.brands())
      for (const auto& d : b.official_domains)
        if (l.lookalike_of.empty() && official_domain_in_subdomain(l, d)) {
          l.lookalike_of = d;
          l.techniques.push_back("OFFICIAL_DOMAIN_AS_SUBDOMAIN");
        }
  }
}

void classify_links(core::Content& content, const core::BrandRef* brand) {
  for (auto& l : content.links) {
    // keep what extraction found (IDN, IP literals, lookalikes); add the brand-relative techniques
    std::vector<std::string> keep;
    for (const auto& t : l.techniques)
      if (t == "IDN_HOST" || t == "IP_LITERAL_HOST" || t == "OBFUSCATED_IP_HOST" || t == "TYPOSQUAT" || t == "TLD_SWAP" ||
          t == "HOMOGLYPH" || t == "OFFICIAL_DOMAIN_AS_SUBDOMAIN")
        keep.push_back(t);
    l.techniques = keep;
    if (!l.userinfo.empty()) l.techniques.push_back("USERINFO_TRICK");
    if (l.scheme == "javascript" || l.scheme == "data") l.techniques.push_back("SCRIPT_OR_DATA_URL");
    // anchor text that shows a URL of another registrable domain
    auto shown = find_urls_in_text(l.anchor_text);
    if (!shown.empty()) {
      UrlParts sp = split_url(shown.front().url);
      std::string sd = registrable_domain(sp.host);
      if (!sd.empty() && !l.registrable_domain.empty() && sd != l.registrable_domain)
        l.techniques.push_back("ANCHOR_DOMAIN_MISMATCH");
    }
    if (!brand) continue;
    for (const auto& d : brand->official_domains)
      if (core::iequals(l.registrable_domain, d)) l.official = true;
    if (l.official || l.host.empty() || l.registrable_domain.empty()) continue;  // IP hosts: IP_LITERAL_HOST says it
    // official domain used as a subdomain (find_lookalikes marks it for any catalog brand; here for this one)
    bool marked = std::find(l.techniques.begin(), l.techniques.end(), "OFFICIAL_DOMAIN_AS_SUBDOMAIN") != l.techniques.end();
    for (const auto& d : brand->official_domains)
      if (!marked && official_domain_in_subdomain(l, d)) {
        l.techniques.push_back("OFFICIAL_DOMAIN_AS_SUBDOMAIN");
        marked = true;
      }
    LowerLink ll(l);
    std::string reg = core::to_lower_ascii(l.registrable_domain);
    std::string sub = ll.host.size() > reg.size() ? ll.host.substr(0, ll.host.size() - reg.size()) : std::string();
    std::string label = reg.substr(0, reg.find('.'));
    bool in_sub = false, in_reg = false, in_path = false;
    for (const auto& tok : brand->url_tokens) {
      const auto& ex = brand->url_token_exceptions;
      if (!sub.empty() && token_in(sub, tok, ex)) in_sub = true;
      if (token_in(label, tok, ex)) in_reg = true;
      if (token_in(ll.path, tok, ex)) in_path = true;
    }
    if (in_sub) l.techniques.push_back("BRAND_IN_SUBDOMAIN");
    if (in_reg) l.techniques.push_back("BRAND_IN_REGISTRABLE_DOMAIN");
    if (in_path) l.techniques.push_back("BRAND_IN_PATH");
    bool lookalike = !l.lookalike_of.empty();
    if (!in_sub && !in_reg && !in_path && !lookalike) l.techniques.push_back("UNRELATED_DOMAIN");
  }
}

}  // namespace ps::extract
