#include "detect/detect.h"

#include <algorithm>
#include <cstring>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "core/text.h"
#include "detect/rule.h"

namespace ps::detect {

using nlohmann::json;

core::Result<Config> Config::parse(const std::string& text, const std::string& where) {
  json j = json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object() || !j.contains("rules") || !j["rules"].is_object())
    return core::Error{"not a rules file (expected {\"rules\": {...}})", where};
  Config c;
  for (auto it = j["rules"].begin(); it != j["rules"].end(); ++it) {
    if (!it.value().is_object() || !it.value().contains("weight") || !it.value()["weight"].is_number_integer())
      return core::Error{"rule " + it.key() + " needs an integer weight", where};
    RuleConfig rc;
    rc.weight = it.value()["weight"].get<int>();
    rc.severity = it.value().value("severity", "info");
    for (const char* list : {"tags", "purposes"}) {
      if (!it.value().contains(list)) continue;
      const auto& v = it.value()[list];
      if (!v.is_array()) return core::Error{"rule " + it.key() + ": " + list + " must be a list of strings", where};
      for (const auto& x : v) {
        if (!x.is_string()) return core::Error{"rule " + it.key() + ": " + list + " must be a list of strings", where};
        (std::string(list) == "tags" ? rc.tags : rc.purposes).push_back(x.get<std::string>());
      }
    }
    c.rules[it.key()] = std::move(rc);
  }
  if (j.contains("verdict") && j["verdict"].is_object()) {
    c.phishing_threshold = j["verdict"].value("phishing", c.phishing_threshold);
    c.suspicious_threshold = j["verdict"].value("suspicious", c.suspicious_threshold);
    c.max_score = j["verdict"].value("max_score", c.max_score);
  }
  for (const auto& r : registry())
    if (!c.rules.count(r.id)) return core::Error{std::string("rule ") + r.id + " has no weight", where};
  return c;
}

core::Result<Config> Config::load(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return core::Error{"cannot open rules file", path};
  std::stringstream ss;
  ss << in.rdbuf();
  return parse(ss.str(), path);
}

namespace {

bool tagged(const std::vector<core::Finding>& fs, const char* tag) {
  return std::any_of(fs.begin(), fs.end(), [&](const core::Finding& f) {
    return std::find(f.tags.begin(), f.tags.end(), tag) != f.tags.end();
  });
}

bool ends_with_icase(const std::string& s, const char* suffix) {
  std::string l = core::to_lower_ascii(s);
  size_t n = std::strlen(suffix);
  return l.size() >= n && l.compare(l.size() - n, n, suffix) == 0;
}

// A file a victim would open or run: programs, scripts, disk images, macro documents, HTML forms, archives.
bool risky_file(const std::string& name) {
  static const char* exts[] = {".exe", ".scr", ".com", ".bat", ".cmd", ".js", ".jse", ".vbs", ".vbe", ".wsf", ".hta",
                               ".ps1", ".lnk", ".iso", ".img", ".vhd", ".msi", ".jar", ".apk", ".docm", ".xlsm",
                               ".pptm", ".one", ".zip", ".rar", ".7z", ".html", ".htm", ".shtml", ".svg"};
  for (const char* e : exts)
    if (ends_with_icase(name, e)) return true;
  return false;
}

// What the attacker wants, from the cues, the attachments and the site.
std::vector<std::string> infer_purposes(const std::vector<core::Finding>& fs, const std::optional<core::BrandRef>& brand,
                                        const core::Message& msg, const core::Content& content, const Config& config) {
  std::vector<std::string> p;
  auto add = [&](const std::string& x) {
    if (std::find(p.begin(), p.end(), x) == p.end()) p.push_back(x);
  };
  if (tagged(fs, "phishing_link")) {
    for (const char* want : {"credentials", "card_data"})
      for (const auto& f : fs) {
        auto cfg = config.rules.find(f.id);
        if (cfg != config.rules.end() &&
            std::find(cfg->second.purposes.begin(), cfg->second.purposes.end(), want) != cfg->second.purposes.end())
          add(want);
      }
    bool card_brand = brand && (brand->category == "card_issuer" || brand->category == "payment");
    if (card_brand) add("card_data");
    if (content.text.find("個人情報") != std::string::npos || content.text.find("生年月日") != std::string::npos ||
        content.text.find("住所") != std::string::npos)
      add("personal_data");
  }
  // malware: a program, script, macro document or HTML form delivered as a file or a download link
  bool malware = false;
  for (const auto& part : msg.parts)
    if (part.is_attachment && risky_file(part.filename)) malware = true;
  for (const auto& l : content.links)
    if (is_clickable(l) && !l.official &&
        (ends_with_icase(l.path, ".exe") || ends_with_icase(l.path, ".apk") || ends_with_icase(l.path, ".zip") ||
         ends_with_icase(l.path, ".iso") || ends_with_icase(l.path, ".msi") || ends_with_icase(l.path, ".js")))
      malware = true;
  if (malware) p.push_back("malware");
  // advance fee: a prize, inheritance or fund to release against the victim's details or a fee
  auto fee = find_phrases(content.text, {"当選", "賞金", "遺産", "相続", "you have won", "won 1", "prize", "inheritance",
                                          "beneficiary", "unclaimed funds"});
  auto ask = find_phrases(content.text, {"手数料", "氏名", "住所", "電話番号", "full name", "phone number", "address",
                                          "processing fee", "transfer fee"});
  if (!fee.empty() && !ask.empty()) p.push_back("advance_fee");
  return p;
}

}  // namespace

Detection detect(const core::Message& msg, const core::Content& content, const std::optional<core::BrandRef>& brand,
                 const core::Enrichment& enrichment, const Config& config, const core::Platforms* platforms) {
  Detection d;
  RuleInput in{msg, content, brand, enrichment, core::TextIndex(content.text), content.lures, platforms};
  for (const auto& rule : registry()) {
    Findings fs;
    rule.run(in, fs);
    auto cfg = config.rules.find(rule.id);
    for (auto& f : fs) {
      f.category = rule.category;
      if (cfg != config.rules.end()) {
        f.weight = cfg->second.weight;
        f.severity = cfg->second.severity;
        f.tags = cfg->second.tags;
      }
      d.findings.push_back(std::move(f));
    }
  }
  // Score: each rule counts once, however many findings it made.
  std::set<std::string> counted;
  std::vector<const core::Finding*> ranked;
  int score = 0;
  for (const auto& f : d.findings) {
    if (counted.insert(f.id).second) {
      score += f.weight;
      if (f.weight > 0) ranked.push_back(&f);  // informational findings do not drive a verdict
    }
  }
  score = std::clamp(score, 0, config.max_score);
  std::stable_sort(ranked.begin(), ranked.end(),
                   [](const core::Finding* a, const core::Finding* b) { return a->weight > b->weight; });
  d.verdict.score = score;
  for (size_t i = 0; i < ranked.size() && i < 5; ++i) d.verdict.top_findings.push_back(ranked[i]->id);

  // Phishing deceives (it impersonates someone, tells a lure story, or the receiver's own filter calls it phishing)
  // and gives the reader a way to act on it (a link or site, an attachment, a reply address other than the sender):
  // not just a high score.
  bool impersonation = tagged(d.findings, "impersonation");
  bool lure_story = tagged(d.findings, "lure");
  bool receiver_says_phishing = tagged(d.findings, "filter_phishing");
  bool route = std::any_of(d.findings.begin(), d.findings.end(), [](const core::Finding& f) {
    return f.category == "link" || f.category == "site" || f.category == "correlation";
  });
  if (!route) {
    for (const auto& l : content.links)
      if (is_clickable(l) && !l.official && !l.host.empty() && l.scheme != "mailto") route = true;
    for (const auto& part : msg.parts)
      if (part.is_attachment && risky_file(part.filename)) route = true;
    if (tagged(d.findings, "route")) route = true;  // the answer goes to someone else
  }
  bool deceives = impersonation || lure_story || receiver_says_phishing;
  // Spam: a filter on the receiving side said so (subject tag or spam header) or the mail is an unsolicited offer, and
  // it tells no lure story and impersonates no one.
  bool flagged = tagged(d.findings, "filter_spam") || tagged(d.findings, "bulk");
  if (score >= config.phishing_threshold && deceives && route) d.verdict.level = "phishing";
  else if (score >= config.suspicious_threshold && !(flagged && !deceives)) d.verdict.level = "suspicious";
  else if (flagged) d.verdict.level = "spam";
  else d.verdict.level = "clean";
  int margin = d.verdict.level == "phishing" ? score - config.phishing_threshold
               : d.verdict.level == "suspicious" ? std::min(score - config.suspicious_threshold,
                                                            config.phishing_threshold - score)
               : d.verdict.level == "spam"       ? 25  // a receiving filter's own classification
                                                 : config.suspicious_threshold - score;
  d.verdict.confidence = margin >= 25 ? "high" : margin >= 10 ? "medium" : "low";
  d.purposes = infer_purposes(d.findings, brand, msg, content, config);
  return d;
}

}  // namespace ps::detect
