#include "eval/corpus.h"

#include <fmt/format.h>
#include <unicode/normalizer2.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>

#include "core/text.h"
#include "extract/url.h"
#include "ingest/ingest.h"
#include "report/report.h"

namespace ps::eval {

using nlohmann::json;
namespace fs = std::filesystem;

namespace {

std::string read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string str_or_empty(const json& row, const char* key) {
  auto it = row.find(key);
  return it != row.end() && it->is_string() ? it->get<std::string>() : std::string();
}

bool is_latin_letter(char32_t c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= 0xC0 && c <= 0x24F && c != 0xD7 && c != 0xF7);
}
std::vector<char32_t> code_points(std::string_view s) {
  std::vector<char32_t> out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    size_t len = core::utf8_sequence_length(s, i);
    if (len == 0) {
      out.push_back(0xFFFD);
      ++i;
      continue;
    }
    out.push_back(core::utf8_code_point(s, i, len));
    i += len;
  }
  return out;
}

// Decoded subjects are compared as a reader sees them: NFKC, runs of white space as one space.
std::string normalise_subject(const std::string& s) {
  UErrorCode st = U_ZERO_ERROR;
  const icu::Normalizer2* nfkc = icu::Normalizer2::getNFKCInstance(st);
  std::string t = core::collapse_space(s);
  if (U_FAILURE(st)) return t;
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(t);
  icu::UnicodeString n = nfkc->normalize(u, st);
  if (U_FAILURE(st)) return t;
  std::string out;
  n.toUTF8String(out);
  return core::collapse_space(out);
}

}  // namespace

size_t count_raw_bytes(std::string_view s) {
  size_t n = 0;
  for (size_t i = 0; i < s.size();) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      if ((c < 0x20 && c != '\n' && c != '\t') || c == 0x7F) ++n;
      ++i;
      continue;
    }
    size_t len = core::utf8_sequence_length(s, i);
    if (len == 0) {
      ++n;
      ++i;
      continue;
    }
    char32_t cp = core::utf8_code_point(s, i, len);
    if (cp >= 0x80 && cp <= 0x9F) ++n;
    i += len;
  }
  return n;
}

std::vector<std::string> mojibake_patterns(std::string_view text) {
  std::vector<std::string> found;
  auto cps = code_points(text);
  size_t utf8_latin1 = 0, latin1_cjk = 0, utf8_sjis = 0, pua = 0, sjis_latin1 = 0, kana = 0, run = 0;
  for (size_t i = 0; i < cps.size(); ++i) {
    char32_t c = cps[i];
    char32_t next = i + 1 < cps.size() ? cps[i + 1] : 0;
    // UTF-8 read as Latin-1 / windows-1252: Ã or Â followed by a Latin-1 supplement or cp1252 punctuation
    if ((c == 0xC3 || c == 0xC2) && ((next >= 0x80 && next <= 0xBF) || next == 0x2122 || next == 0x2018 ||
                                     next == 0x2019 || next == 0x201C || next == 0x201D || next == 0x20AC))
      ++utf8_latin1;
    if (c == 0xE2 && next == 0x20AC) ++utf8_latin1;  // â€
    // a Latin-1 letter decoded as a CJK character between two Latin letters ("Aten鈬o")
    bool ideograph = (c >= 0x3400 && c <= 0x9FFF) || (c >= 0xF900 && c <= 0xFAFF) || (c >= 0xFF61 && c <= 0xFF9F);
    if (ideograph && i > 0 && i + 1 < cps.size() && is_latin_letter(cps[i - 1]) && is_latin_letter(next)) ++latin1_cjk;
    // UTF-8 Japanese read as Shift_JIS: 縺 繧 繝 譁 (lead bytes E3 81/E3 82/E3 83 of kana)
    if (c == 0x7E3A || c == 0x7E67 || c == 0x7E5D || c == 0x8B41) ++utf8_sjis;
    if (c >= 0xE000 && c <= 0xF8FF) ++pua;
    if ((c >= 0x3040 && c <= 0x30FF)) ++kana;
    // Shift_JIS read as Latin-1: runs of Latin-1 symbols and letters (or cp1252's punctuation) with no ASCII
    // between them, not the same character repeated (a row of no-break spaces is layout)
    bool latin1_symbol = (c >= 0xA1 && c <= 0xFF) || c == 0x192 || (c >= 0x2018 && c <= 0x201E) || c == 0x2026 ||
                         c == 0x2030 || c == 0x2039 || c == 0x203A || c == 0x152 || c == 0x153 || c == 0x160 || c == 0x161;
    if (latin1_symbol && !(run > 0 && c == cps[i - 1])) {
      if (++run == 4) ++sjis_latin1;
    } else if (!latin1_symbol) {
      run = 0;
    }
  }
  if (utf8_latin1) found.push_back("utf8_as_latin1");
  if (latin1_cjk && kana < 3) found.push_back("latin1_as_cjk");  // Japanese text writes "JCBカード" legitimately
  if (utf8_sjis >= 3 && utf8_sjis * 4 > kana) found.push_back("utf8_as_sjis");
  if (pua) found.push_back("private_use");
  if (sjis_latin1) found.push_back("latin1_run");
  return found;
}

core::Result<std::vector<CorpusCase>> run_corpus(const std::string& dir, const pipeline::Resources& res,
                                                 const pipeline::Options& options, enrich::ObservationSource& source,
                                                 const CorpusOptions& copts) {
  fs::path truth = fs::path(dir) / "truth.jsonl";
  std::ifstream in(truth, std::ios::binary);
  if (!in) return core::Error{"no truth.jsonl here", dir};
  std::vector<json> rows;
  std::string line;
  size_t lineno = 0;
  while (std::getline(in, line)) {
    ++lineno;
    if (core::trim(line).empty()) continue;
    json row = json::parse(line, nullptr, false);
    if (row.is_discarded() || !row.is_object() || !row.contains("file") || !row["file"].is_string())
      return core::Error{"line " + std::to_string(lineno) + ": not a JSON object with a \"file\"", truth.string()};
    if (!copts.only.empty() && row["file"].get<std::string>().find(copts.only) == std::string::npos) continue;
    rows.push_back(std::move(row));
    if (copts.limit && rows.size() >= copts.limit) break;
  }
  // messages of an mbox are the bytes from their offset to the next message's offset
  std::map<std::string, std::vector<int64_t>> offsets;
  {
    std::ifstream all(truth, std::ios::binary);
    while (std::getline(all, line)) {
      json row = json::parse(line, nullptr, false);
      if (row.is_object() && row.contains("offset") && row["offset"].is_number_integer())
        offsets[row["file"].get<std::string>()].push_back(row["offset"].get<int64_t>());
    }
    for (auto& [f, v] : offsets) std::sort(v.begin(), v.end());
  }

  std::vector<CorpusCase> out(rows.size());
  std::atomic<size_t> next{0};
  auto work = [&] {
    std::map<std::string, std::string> mbox_cache;  // one mbox file read once per worker
    for (size_t i = next++; i < rows.size(); i = next++) {
      const json& row = rows[i];
      CorpusCase& c = out[i];
      std::string file = row["file"].get<std::string>();
      c.file = file;
      c.kind = str_or_empty(row, "kind");
      c.truth_sender_ip = str_or_empty(row, "sender_ip");
      c.truth_brand = str_or_empty(row, "brand_guess");
      c.truth_subject = str_or_empty(row, "subject");
      c.has_subject = row.contains("subject") && row["subject"].is_string();
      ingest::RawMessage raw;
      fs::path path = fs::path(dir) / file;
      if (row.contains("offset") && row["offset"].is_number_integer()) {
        int64_t off = row["offset"].get<int64_t>();
        int64_t index = row.value("index", int64_t{0});
        c.file = file + "#" + std::to_string(index + 1);
        auto it = mbox_cache.find(file);
        if (it == mbox_cache.end()) it = mbox_cache.emplace(file, read_file(path)).first;
        const std::string& all = it->second;
        const auto& offs = offsets[file];
        auto nx = std::upper_bound(offs.begin(), offs.end(), off);
        size_t end = nx == offs.end() ? all.size() : static_cast<size_t>(*nx);
        if (off < 0 || static_cast<size_t>(off) >= all.size() || end <= static_cast<size_t>(off)) {
          c.error = "offset " + std::to_string(off) + " outside " + file;
          continue;
        }
        raw.source = c.file;
        raw.bytes = all.substr(static_cast<size_t>(off), end - static_cast<size_t>(off));
        std::string problem = ingest::check_looks_like_mail(raw.bytes);
        if (!problem.empty()) {
          c.error = c.file + ": " + problem;
          continue;
        }
      } else {
        auto r = ingest::read_message(path.string(), options.limits);
        if (!r) {
          c.error = r.error().str();
          continue;
        }
        raw = std::move(*r);
      }
      auto t0 = std::chrono::steady_clock::now();
      core::Analysis a = pipeline::analyze(raw, res, source, options);
      c.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
      c.sender_ip = a.message.sender.ip;
      for (const auto& r : a.message.sender.relays) c.relay_ips.push_back(r.ip);
      c.verdict = a.verdict.level;
      c.score = a.verdict.score;
      c.brand = a.brand ? a.brand->id : "";
      c.subject = a.message.subject;
      c.subject_equal = c.has_subject && normalise_subject(c.truth_subject) == normalise_subject(a.message.subject);
      c.anomalies = a.message.anomalies.size();
      auto count_fffd = [](const std::string& s) {
        size_t n = 0;
        for (size_t p = s.find("\xEF\xBF\xBD"); p != std::string::npos; p = s.find("\xEF\xBF\xBD", p + 3)) ++n;
        return n;
      };
      c.replacement_chars = count_fffd(a.message.subject) + count_fffd(a.message.from.display) + count_fffd(a.content.text);
      c.mojibake = mojibake_patterns(a.message.subject + "\n" + a.message.from.display + "\n" + a.content.text);
      if (copts.render) {
        const auto& cat = res.catalog("ja");
        c.md_raw = count_raw_bytes(report::to_markdown(a, cat, "ja"));
        c.html_raw = count_raw_bytes(report::to_html(a, cat, "ja"));
      }
    }
  };
  int n = std::max(1, copts.workers);
  std::vector<std::thread> threads;
  for (int w = 1; w < n; ++w) threads.emplace_back(work);
  work();
  for (auto& t : threads) t.join();
  return out;
}

namespace {

struct Figures {
  size_t mails = 0, failed = 0, ip_truth = 0, ip_equal = 0, ip_relay = 0, subj_truth = 0, subj_equal = 0, fffd = 0, mojibake = 0,
         md_raw_mails = 0, html_raw_mails = 0, md_raw = 0, html_raw = 0, brand_truth = 0, brand_equal = 0;
  std::map<std::string, size_t> verdicts, brands, mojibake_kinds;
  std::map<std::string, std::map<std::string, size_t>> by_kind;  // kind -> verdict -> n
  std::vector<double> seconds;
  std::vector<const CorpusCase*> ip_wrong, subj_wrong, fffd_cases, mojibake_cases, raw_cases, failures;
};

Figures figures(const std::vector<CorpusCase>& cases) {
  Figures f;
  for (const auto& c : cases) {
    ++f.mails;
    if (!c.error.empty()) {
      ++f.failed;
      f.failures.push_back(&c);
      continue;
    }
    ++f.verdicts[c.verdict];
    ++f.by_kind[c.kind][c.verdict];
    ++f.brands[c.brand.empty() ? "(none)" : c.brand];
    f.seconds.push_back(c.seconds);
    if (!c.truth_sender_ip.empty()) {
      ++f.ip_truth;
      if (c.truth_sender_ip == c.sender_ip) ++f.ip_equal;
      else f.ip_wrong.push_back(&c);
      if (c.truth_sender_ip != c.sender_ip &&
          std::find(c.relay_ips.begin(), c.relay_ips.end(), c.truth_sender_ip) != c.relay_ips.end())
        ++f.ip_relay;
    }
    if (c.has_subject) {
      ++f.subj_truth;
      if (c.subject_equal) ++f.subj_equal;
      else f.subj_wrong.push_back(&c);
    }
    if (!c.truth_brand.empty()) {
      ++f.brand_truth;
      if (c.truth_brand == c.brand) ++f.brand_equal;
    }
    if (c.replacement_chars) {
      ++f.fffd;
      f.fffd_cases.push_back(&c);
    }
    if (!c.mojibake.empty()) {
      ++f.mojibake;
      f.mojibake_cases.push_back(&c);
      for (const auto& m : c.mojibake) ++f.mojibake_kinds[m];
    }
    if (c.md_raw) ++f.md_raw_mails;
    if (c.html_raw) ++f.html_raw_mails;
    if (c.md_raw || c.html_raw) f.raw_cases.push_back(&c);
    f.md_raw += c.md_raw;
    f.html_raw += c.html_raw;
  }
  return f;
}

double median_ms(std::vector<double> v) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[v.size() / 2] * 1000;
}
double mean_ms(const std::vector<double>& v) {
  if (v.empty()) return 0;
  double s = 0;
  for (double x : v) s += x;
  return s / static_cast<double>(v.size()) * 1000;
}
double pct(size_t a, size_t b) { return b ? 100.0 * static_cast<double>(a) / static_cast<double>(b) : 0.0; }

std::vector<std::pair<std::string, size_t>> top(const std::map<std::string, size_t>& m, size_t n) {
  std::vector<std::pair<std::string, size_t>> v(m.begin(), m.end());
  std::stable_sort(v.begin(), v.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
  if (v.size() > n) v.resize(n);
  return v;
}

const char* kLevels[] = {"phishing", "suspicious", "spam", "clean"};

// Mail text in a listing: one line, no control bytes.
std::string one_line(std::string s, size_t max = 80) {
  for (auto& ch : s)
    if (static_cast<unsigned char>(ch) < 0x20 || ch == 0x7F) ch = ' ';
  core::sanitize_utf8(s);
  if (core::utf8_length(s) > max) {
    size_t i = 0, chars = 0;
    while (i < s.size() && chars < max) {
      size_t len = core::utf8_sequence_length(s, i);
      i += len ? len : 1;
      ++chars;
    }
    s = s.substr(0, i) + "…";
  }
  return s;
}

}  // namespace

std::string format_corpus(const std::string& set, const std::vector<CorpusCase>& cases, size_t list) {
  Figures f = figures(cases);
  std::string s;
  size_t ok = f.mails - f.failed;
  s += fmt::format("== {}: {} mails, {} failed to analyse, {:.2f} ms per mail (median {:.2f})\n", set, f.mails, f.failed,
                   mean_ms(f.seconds), median_ms(f.seconds));
  for (const auto* c : f.failures)
    if (list) s += fmt::format("   failed: {}: {}\n", c->file, one_line(c->error, 200));
  if (f.ip_truth) {
    s += fmt::format("sender IP equal to truth: {}/{} ({:.1f}%)\n", f.ip_equal, f.ip_truth, pct(f.ip_equal, f.ip_truth));
    if (f.ip_relay)
      s += fmt::format("   of the others, the truth's address is a relay phishscope names on the way (a list, a forwarder): {}\n",
                       f.ip_relay);
  }
  for (size_t i = 0; i < f.ip_wrong.size() && i < list; ++i)
    s += fmt::format("   {}: truth {}, phishscope {}\n", f.ip_wrong[i]->file, f.ip_wrong[i]->truth_sender_ip,
                     f.ip_wrong[i]->sender_ip.empty() ? "(none)" : f.ip_wrong[i]->sender_ip);
  if (f.ip_wrong.size() > list) s += fmt::format("   ... {} more\n", f.ip_wrong.size() - list);
  s += "verdicts:";
  for (const char* l : kLevels) s += fmt::format(" {} {} ({:.1f}%)", l, f.verdicts[l], pct(f.verdicts[l], ok));
  s += "\n";
  for (const auto& [kind, v] : f.by_kind) {
    size_t n = 0;
    for (const auto& [_, k] : v) n += k;
    s += fmt::format("  {} ({}):", kind.empty() ? "(no kind)" : kind, n);
    for (const char* l : kLevels) {
      auto it = v.find(l);
      size_t k = it == v.end() ? 0 : it->second;
      s += fmt::format(" {} {:.1f}%", l, pct(k, n));
    }
    s += "\n";
  }
  s += "brands:";
  for (const auto& [b, n] : top(f.brands, 15)) s += fmt::format(" {} {}", b, n);
  s += fmt::format("  ({} distinct)\n", f.brands.size());
  if (f.brand_truth)
    s += fmt::format("brand equal to the row's brand_guess (heuristic): {}/{} ({:.1f}%)\n", f.brand_equal, f.brand_truth,
                     pct(f.brand_equal, f.brand_truth));
  if (f.subj_truth)
    s += fmt::format("decoded subject equal to truth: {}/{} ({:.1f}%)\n", f.subj_equal, f.subj_truth,
                     pct(f.subj_equal, f.subj_truth));
  for (size_t i = 0; i < f.subj_wrong.size() && i < list; ++i)
    s += fmt::format("   {}: truth «{}», phishscope «{}»\n", f.subj_wrong[i]->file, one_line(f.subj_wrong[i]->truth_subject),
                     one_line(f.subj_wrong[i]->subject));
  if (f.subj_wrong.size() > list) s += fmt::format("   ... {} more\n", f.subj_wrong.size() - list);
  s += fmt::format("decode problems: U+FFFD in {} mails, mojibake in {} mails", f.fffd, f.mojibake);
  for (const auto& [k, n] : f.mojibake_kinds) s += fmt::format(" ({} {})", k, n);
  s += "\n";
  for (size_t i = 0; i < f.fffd_cases.size() && i < list; ++i)
    s += fmt::format("   U+FFFD: {} ({})\n", f.fffd_cases[i]->file, f.fffd_cases[i]->replacement_chars);
  for (size_t i = 0; i < f.mojibake_cases.size() && i < list; ++i) {
    std::string kinds;
    for (const auto& m : f.mojibake_cases[i]->mojibake) kinds += (kinds.empty() ? "" : ",") + m;
    s += fmt::format("   mojibake: {} ({})\n", f.mojibake_cases[i]->file, kinds);
  }
  s += fmt::format("raw control bytes in reports: md {} in {} mails, html {} in {} mails\n", f.md_raw, f.md_raw_mails,
                   f.html_raw, f.html_raw_mails);
  for (size_t i = 0; i < f.raw_cases.size() && i < list; ++i)
    s += fmt::format("   raw bytes: {} (md {}, html {})\n", f.raw_cases[i]->file, f.raw_cases[i]->md_raw,
                     f.raw_cases[i]->html_raw);
  return s;
}

std::string corpus_json(const std::string& set, const std::vector<CorpusCase>& cases, size_t list) {
  Figures f = figures(cases);
  json j;
  j["set"] = set;
  j["mails"] = f.mails;
  j["failed"] = f.failed;
  j["ms_per_mail"] = mean_ms(f.seconds);
  j["ms_per_mail_median"] = median_ms(f.seconds);
  j["sender_ip"] = {{"truth", f.ip_truth}, {"equal", f.ip_equal}, {"truth_is_a_relay", f.ip_relay}};
  j["subject"] = {{"truth", f.subj_truth}, {"equal", f.subj_equal}};
  j["brand_guess"] = {{"truth", f.brand_truth}, {"equal", f.brand_equal}};
  json v = json::object();
  for (const char* l : kLevels) v[l] = f.verdicts[l];
  j["verdicts"] = v;
  json bk = json::object();
  for (const auto& [kind, m] : f.by_kind) bk[kind.empty() ? "(none)" : kind] = m;
  j["verdicts_by_kind"] = bk;
  json brands = json::array();
  for (const auto& [b, n] : top(f.brands, 30)) brands.push_back({{"brand", b}, {"mails", n}});
  j["brands"] = brands;
  j["brands_distinct"] = f.brands.size();
  j["decode"] = {{"replacement_char_mails", f.fffd}, {"mojibake_mails", f.mojibake}, {"mojibake", f.mojibake_kinds}};
  j["raw_bytes"] = {{"md", f.md_raw}, {"md_mails", f.md_raw_mails}, {"html", f.html_raw}, {"html_mails", f.html_raw_mails}};
  json wrong = json::array();
  for (size_t i = 0; i < f.ip_wrong.size() && i < list; ++i)
    wrong.push_back({{"file", f.ip_wrong[i]->file}, {"truth", f.ip_wrong[i]->truth_sender_ip}, {"got", f.ip_wrong[i]->sender_ip}});
  j["sender_ip_disagreements"] = wrong;
  json fails = json::array();
  for (const auto* c : f.failures) fails.push_back({{"file", c->file}, {"error", c->error}});
  j["failures"] = fails;
  return j.dump(2);
}

// ------------------------------------------------------------------------------------------------ URL lists

namespace {

std::string lower_nfkc(const std::string& s) {
  UErrorCode st = U_ZERO_ERROR;
  const icu::Normalizer2* nfkc = icu::Normalizer2::getNFKCCasefoldInstance(st);
  if (U_FAILURE(st)) return core::to_lower_ascii(s);
  icu::UnicodeString n = nfkc->normalize(icu::UnicodeString::fromUTF8(s), st);
  if (U_FAILURE(st)) return core::to_lower_ascii(s);
  std::string out;
  n.toUTF8String(out);
  std::string no_space;
  for (char c : out)
    if (c != ' ' && c != '\t') no_space += c;
  return no_space;
}

// The catalog brand a description names: the brand with the longest name or keyword that the description holds.
class LabelIndex {
 public:
  explicit LabelIndex(const extract::BrandCatalog& cat) {
    for (const auto& b : cat.brands()) {
      std::vector<std::string> names = {b.name_ja, b.name_en, b.id};
      names.insert(names.end(), b.keywords.begin(), b.keywords.end());
      for (const auto& n : names) {
        std::string k = lower_nfkc(n);
        if (core::utf8_length(k) >= 2) names_.push_back({k, b.id});
      }
    }
    std::stable_sort(names_.begin(), names_.end(), [](const auto& a, const auto& b) { return a.first.size() > b.first.size(); });
  }
  std::string find(const std::string& label) const {
    std::string l = lower_nfkc(label);
    if (l.empty()) return "";
    for (const auto& [k, id] : names_)
      if (l == k) return id;
    for (const auto& [k, id] : names_)
      if (l.find(k) != std::string::npos) return id;
    return "";
  }

 private:
  std::vector<std::pair<std::string, std::string>> names_;
};

std::vector<std::string> csv_fields(const std::string& line) {
  std::vector<std::string> out;
  std::string cur;
  bool quoted = false;
  for (size_t i = 0; i < line.size(); ++i) {
    char c = line[i];
    if (quoted) {
      if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') cur += '"', ++i;
      else if (c == '"') quoted = false;
      else cur += c;
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      out.push_back(cur);
      cur.clear();
    } else if (c != '\r') {
      cur += c;
    }
  }
  out.push_back(cur);
  return out;
}

}  // namespace

core::Result<UrlListResult> run_url_lists(const std::string& dir, const pipeline::Resources& res, size_t limit) {
  std::vector<fs::path> files;
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(dir, ec); it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (ec) break;
    if (it->is_regular_file() && it->path().extension() == ".csv") files.push_back(it->path());
  }
  if (ec) return core::Error{"cannot list: " + ec.message(), dir};
  if (files.empty()) return core::Error{"no .csv URL lists here", dir};
  std::sort(files.begin(), files.end());
  LabelIndex labels(res.brands);
  UrlListResult r;
  auto t0 = std::chrono::steady_clock::now();
  for (const auto& p : files) {
    std::ifstream in(p, std::ios::binary);
    std::string line;
    bool header = true;
    while (std::getline(in, line)) {
      if (header) {
        header = false;
        if (core::to_lower_ascii(line).find("url") != std::string::npos) continue;
      }
      auto fields = csv_fields(line);
      if (fields.size() < 3) continue;
      std::string url = core::trim(fields[1]), label = core::trim(fields[2]);
      if (url.empty()) continue;
      ++r.urls;
      auto u = pipeline::analyze_url(url, res);
      std::string want = labels.find(label);
      std::string got = u.brand ? u.brand->id : "";
      auto& bl = r.by_label[label];
      ++bl.first;
      if (want.empty()) ++r.unknown_labels[label];
      else ++r.labels_in_catalog;
      if (!got.empty()) {
        ++r.named;
        auto& sc = r.by_score[u.brand->score];
        ++sc.first;
        const auto* g = res.brands.find(got);
        const auto* w = res.brands.find(want);
        bool related = g && w && ((!g->parent.empty() && g->parent == want) || (!w->parent.empty() && w->parent == got));
        if (got == want || related) ++sc.second;
        if (got == want) {
          ++r.correct;
          ++bl.second;
        } else if (related) {
          ++r.related;
        } else if (r.wrong.size() < 100000) {
          r.wrong.push_back(core::defang_url(url) + "  " + label + " -> " + got);
        }
      }
      if (limit && r.urls >= limit) break;
    }
    if (limit && r.urls >= limit) break;
  }
  r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return r;
}

std::string format_url_lists(const std::string& set, const UrlListResult& r, size_t list) {
  std::string s;
  s += fmt::format("== {}: {} URLs, {:.3f} ms per URL\n", set, r.urls, r.urls ? r.seconds * 1000 / r.urls : 0.0);
  s += fmt::format("labels naming a catalog brand: {}/{} ({:.1f}%)\n", r.labels_in_catalog, r.urls,
                   pct(r.labels_in_catalog, r.urls));
  s += fmt::format("brand named from the URL: {} ; right {} ; recall {:.1f}% ; precision {:.1f}%\n", r.named, r.correct,
                   pct(r.correct, r.urls), pct(r.correct, r.named));
  s += fmt::format("counting a brand of the same company as right (+{}): recall {:.1f}% ; precision {:.1f}%\n", r.related,
                   pct(r.correct + r.related, r.urls), pct(r.correct + r.related, r.named));
  s += "by attribution score (at least; recall, precision, same company counted right):";
  size_t named_at = 0, right_at = 0;
  for (auto it = r.by_score.rbegin(); it != r.by_score.rend(); ++it) {
    named_at += it->second.first;
    right_at += it->second.second;
    s += fmt::format(" >={} {:.1f}%/{:.1f}%", it->first, pct(right_at, r.urls), pct(right_at, named_at));
  }
  s += "\n";
  std::map<std::string, size_t> sizes;
  for (const auto& [l, p] : r.by_label) sizes[l] = p.first;
  s += "by label (URLs, right):";
  for (const auto& [l, n] : top(sizes, 25)) s += fmt::format(" {} {}/{}", l, r.by_label.at(l).second, n);
  s += "\n";
  if (!r.unknown_labels.empty()) {
    s += "labels not in the catalog:";
    for (const auto& [l, n] : top(r.unknown_labels, 25)) s += fmt::format(" {} {}", l, n);
    s += "\n";
  }
  for (size_t i = 0; i < r.wrong.size() && i < list; ++i) s += "   wrong: " + r.wrong[i] + "\n";
  return s;
}

std::string url_lists_json(const std::string& set, const UrlListResult& r, size_t list) {
  json j;
  j["set"] = set;
  j["urls"] = r.urls;
  j["labels_in_catalog"] = r.labels_in_catalog;
  j["named"] = r.named;
  j["correct"] = r.correct;
  j["related"] = r.related;
  json bs = json::object();
  for (const auto& [k, v] : r.by_score) bs[std::to_string(k)] = {{"named", v.first}, {"right", v.second}};
  j["by_score"] = bs;
  j["ms_per_url"] = r.urls ? r.seconds * 1000 / r.urls : 0.0;
  json w = json::array();
  for (size_t i = 0; i < r.wrong.size() && i < list; ++i) w.push_back(r.wrong[i]);
  j["wrong"] = w;
  j["unknown_labels"] = r.unknown_labels;
  return j.dump(2);
}

}  // namespace ps::eval
