#include "eval/eval.h"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "core/text.h"
#include "core/time.h"
#include "enrich/observations.h"
#include "ingest/ingest.h"

namespace ps::eval {

using nlohmann::json;
namespace fs = std::filesystem;

std::string expected_level(const std::string& truth_verdict) {
  if (truth_verdict == "phishing") return "phishing";
  if (truth_verdict == "legitimate") return "clean";
  if (truth_verdict == "spam") return "spam";
  return "";
}

namespace {

Check check(const std::string& kind, const std::string& expected, const std::string& got, bool passed) {
  return Check{kind, passed, expected, got};
}

Check equal(const std::string& kind, const std::string& expected, const std::string& got) {
  return check(kind, expected, got, expected == got);
}

std::string str(const json& j) { return j.is_string() ? j.get<std::string>() : j.dump(); }

const core::Link* find_link(const core::Analysis& a, const std::string& href) {
  for (const auto& l : a.content.links)
    if (l.url == href) return &l;
  return nullptr;
}

std::string read_text(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace

core::Result<std::vector<Check>> compare(const core::Analysis& a, const std::string& truth_json) {
  json t = json::parse(truth_json, nullptr, false);
  if (t.is_discarded() || !t.is_object()) return core::Error{"not a JSON object"};
  static const std::set<std::string> known = {"verdict",      "brand",       "official_domain", "subject",
                                              "from_display", "from_address", "sender_ip",      "sender_helo",
                                              "received_at",  "urls",         "body_text_must_contain", "note"};
  for (auto it = t.begin(); it != t.end(); ++it)
    if (!known.count(it.key())) return core::Error{"unknown key '" + it.key() + "'"};

  std::vector<Check> out;
  if (t.contains("verdict")) {
    std::string v = str(t["verdict"]);
    std::string want = expected_level(v);
    if (want.empty()) return core::Error{"verdict must be phishing, legitimate or spam, not '" + v + "'"};
    out.push_back(equal("verdict", want, a.verdict.level));
  }
  if (t.contains("brand")) {
    // null or "" means: no brand should be named
    std::string want = t["brand"].is_null() ? "" : str(t["brand"]);
    out.push_back(equal("brand", want, a.brand ? a.brand->id : ""));
  }
  if (t.contains("official_domain")) {
    std::string want = str(t["official_domain"]);
    bool ok = a.brand && std::find(a.brand->official_domains.begin(), a.brand->official_domains.end(), want) !=
                             a.brand->official_domains.end();
    std::string got = a.brand && !a.brand->official_domains.empty() ? a.brand->official_domains.front() : "";
    out.push_back(check("official_domain", want, got, ok));
  }
  if (t.contains("subject")) out.push_back(equal("subject", str(t["subject"]), a.message.subject));
  if (t.contains("from_display")) out.push_back(equal("from_display", str(t["from_display"]), a.message.from.display));
  if (t.contains("from_address"))
    out.push_back(check("from_address", str(t["from_address"]), a.message.from.address,
                        core::iequals(str(t["from_address"]), a.message.from.address)));
  if (t.contains("sender_ip")) out.push_back(equal("sender_ip", str(t["sender_ip"]), a.message.sender.ip));
  if (t.contains("sender_helo")) out.push_back(equal("sender_helo", str(t["sender_helo"]), a.message.sender.helo));
  if (t.contains("received_at")) {
    std::string want = str(t["received_at"]);
    auto wt = core::parse_iso8601(want);
    if (!wt) return core::Error{"received_at is not ISO 8601: '" + want + "'"};
    std::string got = a.message.received_at ? a.message.received_at->iso8601() : "";
    out.push_back(check("received_at", want, got, a.message.received_at && a.message.received_at->epoch == wt->epoch));
  }
  if (t.contains("urls")) {
    if (!t["urls"].is_array()) return core::Error{"urls must be a list"};
    for (const auto& u : t["urls"]) {
      if (!u.is_object() || !u.contains("href")) return core::Error{"each of urls needs an href"};
      std::string href = str(u["href"]);
      const core::Link* l = find_link(a, href);
      out.push_back(check("url", href, l ? l->url : "", l != nullptr));
      if (u.contains("anchor_text"))
        out.push_back(equal("url_anchor_text", str(u["anchor_text"]), l ? l->anchor_text : ""));
      if (u.contains("registrable_domain"))
        out.push_back(equal("url_registrable_domain", str(u["registrable_domain"]), l ? l->registrable_domain : ""));
    }
  }
  if (t.contains("body_text_must_contain")) {
    if (!t["body_text_must_contain"].is_array()) return core::Error{"body_text_must_contain must be a list"};
    for (const auto& s : t["body_text_must_contain"]) {
      std::string want = str(s);
      bool ok = a.content.text.find(want) != std::string::npos;
      out.push_back(check("body_text", want, ok ? want : "", ok));
    }
  }
  return out;
}

core::Result<std::vector<CaseResult>> run(const std::string& dir, const pipeline::Resources& res,
                                          const pipeline::Options& options) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return core::Error{"not a directory", dir};
  std::vector<fs::path> mails;
  for (const auto& e : fs::directory_iterator(dir, ec))
    if (e.path().extension() == ".eml") mails.push_back(e.path());
  if (ec) return core::Error{"cannot list: " + ec.message(), dir};
  std::sort(mails.begin(), mails.end());
  std::vector<CaseResult> out;
  for (const auto& m : mails) {
    fs::path truth = m;
    truth.replace_extension(".truth.json");
    if (!fs::exists(truth)) continue;  // an unlabelled mail is not part of the set
    CaseResult c;
    c.name = m.stem().string();
    std::string truth_text = read_text(truth);
    json t = json::parse(truth_text, nullptr, false);
    if (t.is_object() && t.contains("verdict") && t["verdict"].is_string()) c.truth_verdict = t["verdict"];
    auto raw = ingest::read_message(m.string(), options.limits);
    if (!raw) {
      c.error = raw.error().str();
      out.push_back(std::move(c));
      continue;
    }
    fs::path obs = m;
    obs.replace_extension(".observations.json");
    std::unique_ptr<enrich::ObservationSource> source;
    if (fs::exists(obs)) {
      auto replay = enrich::ReplaySource::load(obs.string());
      if (!replay) {
        c.error = replay.error().str();
        out.push_back(std::move(c));
        continue;
      }
      source = std::move(*replay);
    } else {
      source = std::make_unique<enrich::NoLookupSource>();
    }
    core::Analysis a = pipeline::analyze(*raw, res, *source, options);
    c.predicted_verdict = a.verdict.level;
    c.score = a.verdict.score;
    auto checks = compare(a, truth_text);
    if (!checks) c.error = truth.string() + ": " + checks.error().str();
    else c.checks = std::move(*checks);
    out.push_back(std::move(c));
  }
  return out;
}

std::pair<size_t, size_t> totals(const std::vector<CaseResult>& cases) {
  size_t passed = 0, failed = 0;
  for (const auto& c : cases) {
    if (!c.error.empty()) ++failed;
    for (const auto& ch : c.checks) (ch.passed ? passed : failed) += 1;
  }
  return {passed, failed};
}

std::string format_summary(const std::vector<CaseResult>& cases, bool list_failures) {
  std::string s;
  size_t passed = 0, failed = 0, cases_ok = 0;
  std::map<std::string, std::pair<size_t, size_t>> by_kind;  // kind -> (passed, total)
  static const std::vector<std::string> truths = {"phishing", "spam", "legitimate"};
  static const std::vector<std::string> levels = {"phishing", "suspicious", "spam", "clean"};
  std::map<std::string, std::map<std::string, int>> matrix;
  std::map<std::string, std::vector<int>> scores;
  for (const auto& c : cases) {
    bool ok = c.error.empty();
    if (!c.error.empty()) {
      ++failed;
      if (list_failures) s += fmt::format("FAIL {}: {}\n", c.name, c.error);
    }
    for (const auto& ch : c.checks) {
      auto& k = by_kind[ch.kind];
      ++k.second;
      if (ch.passed) {
        ++passed;
        ++k.first;
      } else {
        ++failed;
        ok = false;
        if (list_failures)
          s += fmt::format("FAIL {}: {}: expected '{}', got '{}'\n", c.name, ch.kind, ch.expected, ch.got);
      }
    }
    if (ok) ++cases_ok;
    if (!c.truth_verdict.empty() && c.error.empty()) {
      ++matrix[c.truth_verdict][c.predicted_verdict];
      scores[c.truth_verdict].push_back(c.score);
    }
  }
  std::map<std::string, int> per_truth;
  for (const auto& c : cases)
    if (!c.truth_verdict.empty()) ++per_truth[c.truth_verdict];
  s += fmt::format("cases: {} ({} phishing, {} spam, {} legitimate), {} with every check passed\n", cases.size(),
                   per_truth["phishing"], per_truth["spam"], per_truth["legitimate"], cases_ok);
  s += "\nverdict confusion matrix (rows: truth, columns: phishscope)\n";
  s += fmt::format("{:<12}", "");
  for (const auto& l : levels) s += fmt::format("{:>11}", l);
  s += "\n";
  for (const auto& t : truths) {
    s += fmt::format("{:<12}", t);
    for (const auto& l : levels) s += fmt::format("{:>11}", matrix[t][l]);
    s += "\n";
  }
  int false_phishing = matrix["legitimate"]["phishing"];
  int missed = matrix["phishing"]["clean"];
  s += fmt::format("legitimate called phishing: {}\nphishing called clean: {}\n", false_phishing, missed);
  s += "\nscore by truth (min / median / max)\n";
  for (const auto& t : truths) {
    auto v = scores[t];
    if (v.empty()) continue;
    std::sort(v.begin(), v.end());
    s += fmt::format("{:<12}{:>4} {:>4} {:>4}\n", t, v.front(), v[v.size() / 2], v.back());
  }
  static const std::vector<std::pair<std::string, std::string>> names = {
      {"verdict", "verdict accuracy"},          {"brand", "brand accuracy"},
      {"official_domain", "official domain"},   {"subject", "decoded-subject accuracy"},
      {"from_display", "From display name"},    {"from_address", "From address"},
      {"sender_ip", "sender-IP accuracy"},      {"sender_helo", "sender HELO"},
      {"received_at", "received time"},         {"url", "URL recall"},
      {"url_anchor_text", "URL anchor text"},   {"url_registrable_domain", "URL registrable domain"},
      {"body_text", "body text contains"}};
  s += "\n";
  for (const auto& [kind, label] : names) {
    auto it = by_kind.find(kind);
    if (it == by_kind.end()) continue;
    auto [p, n] = it->second;
    s += fmt::format("{:<26}{:>5}/{:<5} {:6.1f}%\n", label + ":", p, n, n ? 100.0 * p / n : 0.0);
  }
  s += fmt::format("\n{} passed, {} failed\n", passed, failed);
  return s;
}

}  // namespace ps::eval
