#include "extract/brand.h"

#include <algorithm>
#include <cstring>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "core/domain.h"
#include "core/platforms.h"
#include "core/text.h"
#include "extract/lookalike.h"
#include "extract/url.h"

namespace ps::extract {

using nlohmann::json;

namespace {
std::string fold_for_names(const std::string& text);
bool is_ascii(const std::string& s) {
  for (unsigned char c : s)
    if (c >= 0x80) return false;
  return true;
}
bool is_word_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; }

// Does `h` hold `t` at [p, p + t.size())? Tokens under 5 letters must stand alone between separators; longer ones
// may be glued to other words ("amazonsecure"), except inside the brand's exception words ("amazonaws").
bool token_at(std::string_view h, size_t p, std::string_view t, const std::vector<std::string>& exceptions) {
  bool left = p == 0 || !std::isalnum(static_cast<unsigned char>(h[p - 1]));
  bool right = p + t.size() >= h.size() || !std::isalnum(static_cast<unsigned char>(h[p + t.size()]));
  if (!(left && right) && t.size() < 5) return false;
  for (const auto& x : exceptions)
    for (size_t q = h.find(x); q != std::string_view::npos && q <= p; q = h.find(x, q + 1))
      if (q + x.size() >= p + t.size()) return false;
  return true;
}

bool token_in(std::string_view h, std::string_view t, const std::vector<std::string>& exceptions = {}) {
  if (t.empty()) return false;
  for (size_t p = h.find(t); p != std::string_view::npos; p = h.find(t, p + 1))
    if (token_at(h, p, t, exceptions)) return true;
  return false;
}

bool under(const std::string& host, const std::string& domain) {
  if (host.size() < domain.size() || domain.empty()) return false;
  size_t off = host.size() - domain.size();
  return core::iequals(std::string_view(host).substr(off), domain) && (off == 0 || host[off - 1] == '.');
}
}  // namespace

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
      e.keywords_exact = b.value("keywords_exact", std::vector<std::string>{});
      e.url_tokens = b.value("url_tokens", std::vector<std::string>{});
      for (auto& x : e.url_tokens) x = core::to_lower_ascii(x);
      e.url_token_exceptions = b.value("url_token_exceptions", std::vector<std::string>{});
      for (auto& x : e.url_token_exceptions) x = core::to_lower_ascii(x);
      e.official_domains = b.at("official_domains").get<std::vector<std::string>>();
      for (auto& x : e.official_domains) x = core::to_lower_ascii(x);
      e.asset_domains = b.value("asset_domains", std::vector<std::string>{});
      for (auto& x : e.asset_domains) x = core::to_lower_ascii(x);
      e.languages = b.value("languages", std::vector<std::string>{});
      if (b.contains("notice_phone") && b["notice_phone"].is_boolean()) e.notice_phone = b["notice_phone"].get<bool>();
      e.parent = b.value("parent", "");
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
    if (cat.by_id_.count(e.id)) return core::Error{"brand " + e.id + " appears twice", where};
    cat.by_id_[e.id] = cat.brands_.size();
    cat.brands_.push_back(std::move(e));
    ++i;
  }
  cat.index();
  return cat;
}

void BrandCatalog::index() {
  auto lower = std::make_shared<core::AhoCorasick>();
  auto exact = std::make_shared<core::AhoCorasick>();
  auto tokens = std::make_shared<core::AhoCorasick>();
  for (size_t b = 0; b < brands_.size(); ++b) {
    const auto& e = brands_[b];
    for (size_t k = 0; k < e.official_domains.size(); ++k) {
      by_official_.emplace(e.official_domains[k], b);  // the first brand listing a domain keeps it
      by_label_[e.official_labels[k]].push_back({b, k});
      if (!e.official_skeletons[k].empty()) by_skeleton_[e.official_skeletons[k]].push_back({b, k});
      size_t n = e.official_labels[k].size();
      if (by_length_.size() <= n) by_length_.resize(n + 1);
      by_length_[n].push_back({b, k});
    }
    for (const auto& d : e.asset_domains) by_asset_.emplace(d, b);
    // ASCII names of 4 letters and more match in any case as whole words; shorter ones ("au", "JCB") and the
    // exact-case names ("Ledger") only as written; names in other scripts as written, anywhere
    for (size_t k = 0; k < e.keywords.size(); ++k) {
      const auto& kw = e.keywords[k];
      if (kw.empty()) continue;
      uint32_t id = static_cast<uint32_t>(keyword_ids_.size());
      if (is_ascii(kw)) {
        keyword_ids_.push_back({b, true});
        if (kw.size() <= 3) exact->add(kw, id);
        else lower->add(e.keywords_lower[k], id);
      } else {
        // "Visaカード" is also written "VISAカード": its ASCII letters in any case
        keyword_ids_.push_back({b, false});
        lower->add(e.keywords_lower[k], id);
        // "Itaú", "Société Générale" as found in text with its accents off
        std::string plain = fold_for_names(kw);
        if (plain != kw && is_ascii(plain) && plain.size() > 3) {
          keyword_ids_.push_back({b, true});
          lower->add(core::to_lower_ascii(plain), static_cast<uint32_t>(keyword_ids_.size() - 1));
        }
      }
    }
    for (const auto& kw : e.keywords_exact) {
      if (kw.empty()) continue;
      uint32_t id = static_cast<uint32_t>(keyword_ids_.size());
      keyword_ids_.push_back({b, is_ascii(kw)});
      exact->add(kw, id);
    }
    for (const auto& t : e.url_tokens) {
      if (t.empty()) continue;
      uint32_t id = static_cast<uint32_t>(token_ids_.size());
      token_ids_.push_back({b, t});
      tokens->add(t, id);
    }
  }
  lower->build();
  exact->build();
  tokens->build();
  lower_keywords_ = lower;
  exact_keywords_ = exact;
  tokens_ = tokens;
}

core::Result<BrandCatalog> BrandCatalog::load(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return core::Error{"cannot open brand catalog", path};
  std::stringstream ss;
  ss << in.rdbuf();
  return parse(ss.str(), path);
}

const BrandEntry* BrandCatalog::find(const std::string& id) const {
  auto it = by_id_.find(id);
  return it == by_id_.end() ? nullptr : &brands_[it->second];
}

const BrandEntry* BrandCatalog::by_official_domain(const std::string& domain) const {
  auto it = by_official_.find(core::to_lower_ascii(domain));
  return it == by_official_.end() ? nullptr : &brands_[it->second];
}

const BrandEntry* BrandCatalog::owner_of(const std::string& host, const std::string& registrable_domain) const {
  if (const auto* b = by_official_domain(registrable_domain)) return b;
  std::string h = core::to_lower_ascii(host);
  // asset entries are registrable domains or host suffixes: every suffix of the host at a label boundary
  for (size_t start = 0;;) {
    auto it = by_asset_.find(h.substr(start));
    if (it != by_asset_.end()) return &brands_[it->second];
    size_t dot = h.find('.', start);
    if (dot == std::string::npos) break;
    start = dot + 1;
  }
  return nullptr;
}

std::vector<BrandCatalog::KeywordHit> BrandCatalog::keywords_in(const std::string& text) const {
  std::vector<KeywordHit> out;
  if (text.empty()) return out;
  auto check = [&](const std::string& t, const std::vector<core::AhoCorasick::Match>& ms) {
    for (const auto& m : ms) {
      const auto& [brand, word] = keyword_ids_[m.id];
      if (word) {
        bool left = m.begin == 0 || !is_word_char(t[m.begin - 1]);
        bool right = m.end >= t.size() || !is_word_char(t[m.end]);
        if (!left || !right) continue;
      }
      out.push_back({brand, m.begin, m.end});
    }
  };
  check(text, exact_keywords_->find_all(text));
  std::string lower = core::to_lower_ascii(text);
  check(lower, lower_keywords_->find_all(lower));
  return out;
}

std::vector<BrandCatalog::TokenHit> BrandCatalog::tokens_in(const std::string& lower, bool path) const {
  std::vector<TokenHit> out;
  for (const auto& m : tokens_->find_all(lower)) {
    const auto& [brand, token] = token_ids_[m.id];
    // in a path, a short token is a word of many languages and paths ("/lp/line", "/au/"): only long ones count
    if (path && token.size() < 5) continue;
    if (!token_at(lower, m.begin, token, brands_[brand].url_token_exceptions)) continue;
    out.push_back({brand, m.begin, m.end});
  }
  return out;
}

const std::vector<BrandCatalog::Label>& BrandCatalog::labels_of_length(size_t n) const {
  static const std::vector<Label> none;
  return n < by_length_.size() ? by_length_[n] : none;
}

const std::vector<BrandCatalog::Label>* BrandCatalog::same_label(const std::string& label) const {
  auto it = by_label_.find(label);
  return it == by_label_.end() ? nullptr : &it->second;
}

const std::vector<BrandCatalog::Label>* BrandCatalog::same_skeleton(const std::string& s) const {
  auto it = by_skeleton_.find(s);
  return it == by_skeleton_.end() ? nullptr : &it->second;
}

bool mentions(const std::string& text, const std::string& keyword) {
  if (keyword.empty()) return false;
  if (!is_ascii(keyword)) return text.find(keyword) != std::string::npos;
  bool exact = keyword.size() <= 3;
  std::string t = exact ? text : core::to_lower_ascii(text);
  std::string k = exact ? keyword : core::to_lower_ascii(keyword);
  for (size_t p = t.find(k); p != std::string::npos; p = t.find(k, p + 1)) {
    bool left = p == 0 || !is_word_char(t[p - 1]);
    bool right = p + k.size() >= t.size() || !is_word_char(t[p + k.size()]);
    if (left && right) return true;
  }
  return false;
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
  r.asset_domains = b.asset_domains;
  r.official_url = b.official_url;
  r.advisory_url = b.advisory_url;
  r.notice_phone = b.notice_phone;
  r.languages = b.languages;
  r.reasons = reasons;
  r.score = score;
  return r;
}

// Is official domain `d` written as the left part of the link's host, inside its subdomain (www.eki-net.com.evil.example)?
bool official_domain_in_subdomain(const core::Link& l, const std::string& d) {
  if (l.registrable_domain.empty() || l.host.size() <= d.size() + l.registrable_domain.size()) return false;
  std::string needle = core::to_lower_ascii(d) + ".";
  for (size_t p = l.host.find(needle); p != std::string::npos; p = l.host.find(needle, p + 1))
    if ((p == 0 || l.host[p - 1] == '.') && p + needle.size() <= l.host.size() - l.registrable_domain.size()) return true;
  return false;
}

// A host shared by unrelated customers, whose name says nothing of who uses it: a CDN, a social network, a mail
// service or e-mail service provider.
bool shared_infrastructure(const core::Platforms* p, const core::Link& l) {
  if (!p) return false;
  std::string host = core::to_lower_ascii(l.host_ascii.empty() ? l.host : l.host_ascii);
  for (const char* list : {"user_content_cdns", "social_platforms", "esp", "mail_providers"})
    if (p->on(list, host, l.path)) return true;
  return false;
}

// Full-width ASCII as ASCII, and no spaces between two characters of other scripts ("三井住友 カード" -> 三井住友カード);
// character references decoded, invisible characters dropped, accents off Latin letters ("Itaú" -> "Itau"), Cyrillic
// and Greek look-alikes inside Latin words as Latin ("Аррle" -> "Apple").
std::string fold_for_names(const std::string& text) {
  std::u32string cps = core::unmask_code_points(text);
  std::string out;
  out.reserve(text.size());
  char32_t prev = 0;
  bool pending_space = false;
  for (char32_t c : cps) {
    if (c == ' ' || c == 0x3000) {
      pending_space = true;
      continue;
    }
    if (pending_space && !(prev >= 0x3000 && c >= 0x3000)) out += ' ';
    pending_space = false;
    core::append_utf8(out, c);
    prev = c;
  }
  // letters spaced out to break filters: "E T C" -> "ETC" (three or more single letters)
  std::string joined;
  for (size_t i = 0; i < out.size();) {
    size_t j = i, letters = 0;
    while (j < out.size() && std::isalpha(static_cast<unsigned char>(out[j])) &&
           (j + 1 == out.size() || !std::isalnum(static_cast<unsigned char>(out[j + 1]))) &&
           (j == 0 || !std::isalnum(static_cast<unsigned char>(out[j - 1])))) {
      ++letters;
      if (j + 2 < out.size() && out[j + 1] == ' ' && std::isalpha(static_cast<unsigned char>(out[j + 2]))) j += 2;
      else {
        ++j;
        break;
      }
    }
    if (letters >= 3) {
      for (size_t k = i; k < j; ++k)
        if (out[k] != ' ') joined += out[k];
      i = j;
    } else {
      joined += out[i++];
    }
  }
  return joined;
}

std::string file_name_of(const std::string& path) {
  std::string p = path.substr(0, path.find_first_of("?#"));
  size_t slash = p.rfind('/');
  return slash == std::string::npos ? p : p.substr(slash + 1);
}

}  // namespace

std::optional<core::BrandRef> attribute_brand_to_url(const core::Content& content, const BrandCatalog& catalog,
                                                     const core::Platforms* platforms) {
  core::Message none;
  auto best = attribute_brand(none, content, catalog, platforms);
  if (best || content.links.empty()) return best;
  // a link to an official site names its brand even when no token does (www.ana.co.jp); a domain that several
  // brands share goes to the one whose official site is on that host
  const core::Link& l = content.links.front();
  // a page on a shared platform of the brand (docs.google.com, storage.googleapis.com) is anyone's page
  if (shared_infrastructure(platforms, l)) return std::nullopt;
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
                                              const BrandCatalog& catalog, const core::Platforms* platforms) {
  const auto& brands = catalog.brands();
  // `phishscope url`: the link is all there is, and what it says counts on its own
  bool url_only = msg.headers.empty() && msg.subject.empty() && msg.from.address.empty() && content.text.empty();
  struct Tally {
    int score = 0;
    std::set<std::string> reasons;
    int body = 0;
    int url_strength = 0;  // `phishscope url`: 4 an official domain in the host, 3 a whole label, 2 a word, 1 glued
    bool display = false, subject = false, subject_lead = false, alt = false, logo = false, url = false,
         url_token = false, host_token = false, path_token = false, official_link = false, file = false,
         file_form = false, sender_imitates = false, subject_label = false,
         from_official = false;
  };
  std::unordered_map<size_t, Tally> t;
  auto named = [&](const std::string& text) {
    std::set<size_t> seen;
    for (const auto& h : catalog.keywords_in(text)) seen.insert(h.brand);
    // "三井住友 カード", "ＪＣＢ": the same names spaced out or in full-width letters
    std::string folded = fold_for_names(text);
    if (folded != text)
      for (const auto& h : catalog.keywords_in(folded)) seen.insert(h.brand);
    return seen;
  };
  for (size_t b : named(msg.from.display)) t[b].display = true;
  for (size_t b : named(msg.subject)) t[b].subject = true;
  {
    // the subject speaks for a brand when it names it up front ("【Amazon】...", "Your Apple ID ..."), not when the
    // brand comes up later in a sentence ("... on page 1 of Google")
    std::string sb = msg.subject_body.empty() ? msg.subject : msg.subject_body;
    // a mailing list's tag in front ("[Industrypack-devel] 【JCB】...") is not the subject's own lead
    bool from_list = false;
    for (const auto& h : msg.headers)
      if (core::iequals(h.name, "List-Id") || core::iequals(h.name, "X-BeenThere") || core::iequals(h.name, "List-Post"))
        from_list = true;
    for (int tags = 0; tags < 3; ++tags) {
      std::string tr = core::trim(sb);
      if (tr.empty() || tr.front() != '[') break;
      size_t close = tr.find(']');
      if (close == std::string::npos || close > 60) break;
      // without a list, "[PayPal] ..." is the sender's own label
      if (!from_list && tags == 0)
        for (size_t b : named(tr.substr(1, close - 1))) t[b].subject_label = true;
      sb = tr.substr(close + 1);
    }
    sb = core::trim(sb);
    size_t chars = 0, i = 0;
    while (i < sb.size() && chars < 20) {
      size_t len = core::utf8_sequence_length(sb, i);
      i += len ? len : 1;
      ++chars;
    }
    // a reply or a forward ("Re: Perhaps Apple isn't...") discusses what it names; it does not speak for it
    std::string l0 = core::to_lower_ascii(sb.substr(0, 6));
    bool reply = l0.rfind("re:", 0) == 0 || l0.rfind("re ", 0) == 0 || l0.rfind("aw:", 0) == 0 ||
                 l0.rfind("fw:", 0) == 0 || l0.rfind("fwd:", 0) == 0 || l0.rfind("wg:", 0) == 0 || l0.rfind("tr:", 0) == 0;
    if (!reply) {
      for (size_t b : named(sb.substr(0, i))) t[b].subject_lead = true;
      // "【Amazon】...", "[PayPal] ...", "<楽天ラクマ> ...": the brand as the subject's label
      static const std::pair<const char*, const char*> brackets[] = {
          {"【", "】"}, {"[", "]"}, {"<", ">"}, {"〖", "〗"}, {"「", "」"}, {"＜", "＞"}, {"［", "］"}, {"(", ")"}, {"（", "）"}};
      for (const auto& [open, close] : brackets) {
        size_t n = std::strlen(open);
        if (sb.compare(0, n, open) != 0) continue;
        size_t end = sb.find(close, n);
        if (end != std::string::npos && end - n <= 80)
          for (size_t b : named(sb.substr(n, end - n))) t[b].subject_label = true;
        break;
      }
    }
  }
  // a subject that leads with a brand claims to speak for it when the mail reads as a notice (a lure phrase, a
  // greeting, a deadline) or labels itself with the name; a news item or a discussion ("Microsoft Buys XDegrees",
  // "Apple Sauced...again") names the brand it is about
  bool reads_as_notice = !content.lures.empty();
  {
    // a name inside an address or a host ("dev@google.com", "www.paypal.com") is not the text speaking of the brand
    std::map<size_t, int> counts;
    auto count = [&](const std::string& text) {
      for (const auto& h : catalog.keywords_in(text)) {
        char before = h.begin > 0 ? text[h.begin - 1] : ' ';
        if (before == '@' || before == '.' || before == '/') continue;
        if (h.end < text.size() && text[h.end] == '.' && h.end + 1 < text.size() &&
            std::isalpha(static_cast<unsigned char>(text[h.end + 1])))
          continue;
        ++counts[h.brand];
      }
    };
    std::string folded = fold_for_names(content.text);
    count(folded);
    if (!content.html_text.empty()) count(fold_for_names(content.html_text));
    for (const auto& [b, n] : counts) t[b].body = std::min(n, 3);
  }
  for (const auto& img : content.images) {
    // alt text that is a name ("PayPal", "Amazon logo"), not a caption that mentions one
    if (core::utf8_length(img.alt) <= 30)
      for (size_t b : named(img.alt)) t[b].alt = true;
    // a logo file: "paypal_logo.png", wherever it is loaded from (a hot-linked logo is a claim too)
    UrlParts u = split_url(img.src);
    std::string name = core::to_lower_ascii(file_name_of(u.ok ? u.path : img.src));
    std::string stem = name.substr(0, name.rfind('.'));
    std::string letters;
    for (char c : stem)
      if (std::isalpha(static_cast<unsigned char>(c))) letters += c;
    if (!name.empty())
      for (const auto& h : catalog.tokens_in(name, false)) {
        // "paypal_logo.png", "logo-amazon.gif", "apple.png": a logo; "0715_apple.jpg" in a news item is not
        std::string token(name.substr(h.begin, h.end - h.begin));
        std::string plain;
        for (char c : token)
          if (std::isalpha(static_cast<unsigned char>(c))) plain += c;
        if (stem.find("logo") != std::string::npos || letters == plain) t[h.brand].logo = true;
      }
  }
  for (size_t i = 0; i < content.html_files.size(); ++i) {
    const auto& f = content.html_files[i];
    for (size_t b : named(f.title + "\n" + f.text)) {
      t[b].file = true;
      if (f.password_inputs > 0 || f.forms > 0) t[b].file_form = true;
    }
  }
  // the sender's and Reply-To's domains: the brand's own, or one that carries its name
  std::string sender_domain = core::registrable_domain(core::address_domain(msg.from.address));
  for (const std::string& addr : {msg.from.address, msg.reply_to ? msg.reply_to->address : std::string()}) {
    std::string host = core::to_lower_ascii(core::address_domain(addr));
    if (host.empty()) continue;
    std::string reg = core::registrable_domain(host);
    if (catalog.owner_of(host, reg)) continue;  // a brand's own mail domain imitates no one
    for (const auto& h : catalog.tokens_in(host, false)) {
      // "amazon-security.example", "paypalservice.example": the name leads a label; "shagmail.com" merely ends with
      // a brand's letters
      bool leads = h.begin == 0 || !std::isalnum(static_cast<unsigned char>(host[h.begin - 1]));
      if (leads) t[h.brand].sender_imitates = true;
    }
  }
  if (const BrandEntry* own = catalog.by_official_domain(sender_domain)) t[static_cast<size_t>(own - brands.data())].from_official = true;
  // links: only those that imitate a brand speak for it
  for (const auto& l : content.links) {
    std::string host = core::to_lower_ascii(l.host_ascii.empty() ? l.host : l.host_ascii);
    const BrandEntry* owner = catalog.owner_of(host, l.registrable_domain);
    bool clickable = l.found_in != "img" && l.found_in != "css" && l.found_in != "script_src";
    if (owner) {
      if (clickable && catalog.by_official_domain(l.registrable_domain) == owner)
        t[static_cast<size_t>(owner - brands.data())].official_link = true;
    }
    if (!l.lookalike_of.empty())
      if (const BrandEntry* imitated = catalog.by_official_domain(l.lookalike_of); imitated && imitated != owner) {
        // a typo or a homoglyph of an official domain speaks for the brand on its own; the same name under another
        // top-level domain may be one of the brand's own country sites the catalog lacks: it needs a claim
        bool swap = std::find(l.techniques.begin(), l.techniques.end(), "TLD_SWAP") != l.techniques.end();
        (swap ? t[static_cast<size_t>(imitated - brands.data())].host_token : t[static_cast<size_t>(imitated - brands.data())].url) = true;
      }
    // a brand's own site or CDN imitates no one (www.smbc-card.com does not speak for SMBC the bank), and a CDN's
    // or a social network's name says nothing
    if (owner || shared_infrastructure(platforms, l)) continue;
    for (const auto& h : catalog.tokens_in(host, false)) {
      t[h.brand].host_token = true;
      if (url_only) {
        // how plainly the host carries the name: a whole label ("paypay.i2nt47.example"), a word between
        // separators ("smbc-carb.co.jp..."), or glued into a longer word ("saisonscardid")
        bool left = h.begin == 0 || !std::isalnum(static_cast<unsigned char>(host[h.begin - 1]));
        bool right = h.end >= host.size() || !std::isalnum(static_cast<unsigned char>(host[h.end]));
        bool label = (h.begin == 0 || host[h.begin - 1] == '.') && (h.end >= host.size() || host[h.end] == '.');
        int s = label ? 3 : left && right ? 2 : 1;
        int& cur = t[h.brand].url_strength;
        cur = std::max(cur, s);
      }
    }
    if (url_only) {
      // an official domain written into the host ("amazon.co.jp.02ce2.example", "www.smbc.co.jp.xgncl.example"):
      // the plainest imitation there is
      for (size_t start = 0; start < host.size();) {
        for (size_t dot = host.find('.', start); dot != std::string::npos; dot = host.find('.', dot + 1))
          if (const BrandEntry* b = catalog.by_official_domain(host.substr(start, dot - start))) {
            int& cur = t[static_cast<size_t>(b - brands.data())].url_strength;
            cur = std::max(cur, 4);
            t[static_cast<size_t>(b - brands.data())].host_token = true;
          }
        size_t next = host.find('.', start);
        if (next == std::string::npos) break;
        start = next + 1;
      }
    }
    // in a path, a brand's name as a word of its own ("/paypal/login"), not inside an address or a host written in
    // the path ("/lkml/1234-1-dev@google.com")
    std::string path = core::to_lower_ascii(l.path);
    for (const auto& h : catalog.tokens_in(path, true)) {
      bool in_address = (h.begin > 0 && (path[h.begin - 1] == '@' || path[h.begin - 1] == '.')) ||
                        (h.end < path.size() && path[h.end] == '.');
      bool glued = (h.begin > 0 && std::isalnum(static_cast<unsigned char>(path[h.begin - 1]))) ||
                   (h.end < path.size() && std::isalnum(static_cast<unsigned char>(path[h.end])));
      if (!in_address && !glued) t[h.brand].path_token = true;
    }
    if (!l.userinfo.empty())  // https://www.paypal.com@evil.example/: a decoy, whatever else the mail says
      for (const auto& h : catalog.tokens_in(core::to_lower_ascii(l.userinfo), false)) t[h.brand].url = t[h.brand].url_token = true;
  }

  std::optional<core::BrandRef> best;
  int best_strong = 0;
  size_t best_index = 0;
  for (auto& [b, x] : t) {
    std::vector<std::string> reasons;
    int score = 0, strong = 0;
    auto add = [&](bool on, const char* why, int w, bool is_strong) {
      if (!on) return;
      score += w;
      reasons.push_back(why);
      if (is_strong) ++strong;
    };
    add(x.display, "display_name", 4, true);
    add(x.subject, "subject", 3, x.subject_label || (x.subject_lead && reads_as_notice));
    add(x.sender_imitates, "sender_domain_imitates", 3, true);
    add(x.body > 0, "body", x.body, false);
    // a lookalike domain or a user-info decoy speaks for the brand on its own; its name in some host or path only
    // when the mail names the brand too (appleinsider.com in a newsletter imitates no one)
    // (the text alone does not make a claim: a newsletter about Apple names Apple and links appleinsider.com)
    bool claimed = x.display || x.subject || x.alt || x.logo || x.sender_imitates || x.file;
    bool token = x.host_token || x.path_token;
    add(x.url || (token && (claimed || url_only)), "url", x.url_token || token ? 4 : 3, true);
    if (!x.url && token && !claimed && !url_only) add(true, "url_weak", 1, false);
    add(x.official_link, "official_link", 1, false);
    if (url_only) score += x.url_strength;
    // a logo names the brand when the text does too; a footer icon alone (the social network of a signature) does not
    add(x.alt, "image_alt", 2, x.body >= 2);
    add(x.logo, "logo", 2, x.body >= 2 || x.alt);
    add(x.file, "attachment", x.file_form ? 3 : 1, x.file_form);
    // the brand's own domain sends it and the mail names the brand where a notice would (its display name or
    // subject): a notice from the brand (or a spoof of one)
    if (x.from_official && (x.display || x.subject)) {
      score += 2;
      reasons.push_back("sender_domain");
      ++strong;
    }
    if (score < 3 || !strong) continue;
    // the highest score; then the more strong reasons; then the catalog's order
    bool better = !best || score > best->score || (score == best->score && strong > best_strong) ||
                  (score == best->score && strong == best_strong && b < best_index);
    if (better) {
      best = to_ref(brands[b], reasons, score);
      best_strong = strong;
      best_index = b;
    }
  }
  return best;
}

void find_lookalikes(core::Content& content, const BrandCatalog& catalog) {
  std::unordered_map<std::string, std::optional<Lookalike>> seen;  // links of one mail share domains
  for (auto& l : content.links) {
    if (l.registrable_domain.empty()) continue;
    auto it = seen.find(l.registrable_domain);
    if (it == seen.end()) {
      std::string unicode_reg;
      if (!l.host_unicode.empty()) unicode_reg = idn_forms(l.registrable_domain).unicode;
      it = seen.emplace(l.registrable_domain, find_lookalike(l.registrable_domain, unicode_reg, catalog)).first;
    }
    if (it->second) {
      l.lookalike_of = it->second->official_domain;
      l.techniques.push_back(it->second->technique);
      continue;
    }
    // an official domain written as the left part of another domain: www.eki-net.com.evil.example
    if (catalog.by_official_domain(l.registrable_domain)) continue;
    for (const auto& b : catalog.brands())
      for (const auto& d : b.official_domains)
        if (l.lookalike_of.empty() && official_domain_in_subdomain(l, d)) {
          l.lookalike_of = d;
          l.techniques.push_back("OFFICIAL_DOMAIN_AS_SUBDOMAIN");
        }
  }
}

void classify_links(core::Content& content, const core::BrandRef* brand, const BrandCatalog* catalog,
                    const core::Platforms* platforms) {
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
    std::string host = core::to_lower_ascii(l.host);
    std::string reg = core::to_lower_ascii(l.registrable_domain);
    std::string sub = host.size() > reg.size() ? host.substr(0, host.size() - reg.size()) : std::string();
    std::string label = reg.substr(0, reg.find('.'));
    std::string path = core::to_lower_ascii(l.path);
    bool in_sub = false, in_reg = false, in_path = false;
    for (const auto& tok : brand->url_tokens) {
      const auto& ex = brand->url_token_exceptions;
      if (!sub.empty() && token_in(sub, tok, ex)) in_sub = true;
      if (token_in(label, tok, ex)) in_reg = true;
      if (tok.size() >= 5 && token_in(path, tok, ex)) in_path = true;
    }
    if (in_sub) l.techniques.push_back("BRAND_IN_SUBDOMAIN");
    if (in_reg) l.techniques.push_back("BRAND_IN_REGISTRABLE_DOMAIN");
    if (in_path) l.techniques.push_back("BRAND_IN_PATH");
    bool lookalike = !l.lookalike_of.empty();
    // the brand's own infrastructure (its CDNs), another brand's own site or assets, a CDN, a social network or a
    // mail service the mail loads or links incidentally: not "unrelated to the genuine domain"
    bool brand_asset = false;
    for (const auto& d : brand->asset_domains)
      if (under(host, d)) brand_asset = true;
    bool someone_elses = catalog && catalog->owner_of(host, reg);
    if (brand_asset || someone_elses || shared_infrastructure(platforms, l)) {
      if (!in_sub && !in_reg && !in_path && !lookalike) l.techniques.push_back("SHARED_INFRASTRUCTURE");
      continue;
    }
    if (!in_sub && !in_reg && !in_path && !lookalike) l.techniques.push_back("UNRELATED_DOMAIN");
  }
}

}  // namespace ps::extract
