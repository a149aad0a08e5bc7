#include "pipeline/pipeline.h"

#include "extract/url.h"

#include <chrono>
#include <cstdlib>

#include "core/text.h"
#include "core/time.h"
#include "enrich/enrich.h"
#include "extract/extract.h"
#include "parse/parse.h"

#ifndef PHISHSCOPE_DATA_DIR
#define PHISHSCOPE_DATA_DIR "data"
#endif
#ifndef PHISHSCOPE_VERSION
#define PHISHSCOPE_VERSION "0.0.0"
#endif

namespace ps::pipeline {

std::string version() { return PHISHSCOPE_VERSION; }

std::string default_data_dir() {
  if (const char* d = std::getenv("PHISHSCOPE_DATA_DIR"); d && *d) return d;
  return PHISHSCOPE_DATA_DIR;
}

core::Result<std::shared_ptr<const Resources>> Resources::load(const std::string& dir) {
  auto res = std::make_shared<Resources>();
  auto brands = extract::BrandCatalog::load(dir + "/brands.json");
  if (!brands) return brands.error();
  res->brands = std::move(*brands);
  auto platforms = core::Platforms::load(dir + "/platforms.json");
  if (!platforms) return platforms.error();
  res->platforms = std::move(*platforms);
  auto relays = parse::RelayCatalog::load(dir + "/relays.json");
  if (!relays) return relays.error();
  res->relays = std::move(*relays);
  auto lures = extract::LureCatalog::load(dir + "/lures.json");
  if (!lures) return lures.error();
  res->lures = std::move(*lures);
  auto rules = detect::Config::load(dir + "/rules.json");
  if (!rules) return rules.error();
  res->rules = std::move(*rules);
  auto ja = report::Catalog::load(dir + "/messages/ja.json");
  if (!ja) return ja.error();
  res->ja = std::move(*ja);
  auto en = report::Catalog::load(dir + "/messages/en.json");
  if (!en) return en.error();
  res->en = std::move(*en);
  return std::shared_ptr<const Resources>(res);
}

namespace {
std::string now_iso() {
  auto t = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
  return core::Timestamp{t, 0}.iso8601();
}
}  // namespace

namespace {
// Adds the time since the last lap to one stage's sum; does nothing without a StageTimes.
class Laps {
 public:
  explicit Laps(StageTimes* t) : t_(t), last_(t ? std::chrono::steady_clock::now() : std::chrono::steady_clock::time_point{}) {}
  void lap(double StageTimes::*stage) {
    if (!t_) return;
    auto now = std::chrono::steady_clock::now();
    t_->*stage += std::chrono::duration<double>(now - last_).count();
    last_ = now;
  }

 private:
  StageTimes* t_;
  std::chrono::steady_clock::time_point last_;
};
}  // namespace

namespace {

// The reporter's own text in a wrapping mail: its first text part that is not inside the wrapped message.
std::string wrapper_note(const core::Message& m, int embedded_part) {
  auto inside = [&](const core::Part& p) {
    for (int i = p.index; i > 0;) {
      if (i == embedded_part) return true;
      const core::Part* q = nullptr;
      for (const auto& x : m.parts)
        if (x.index == i) q = &x;
      if (!q || q->parent == i) break;
      i = q->parent;
    }
    return false;
  };
  for (const char* type : {"text/plain", "text/html"})
    for (const auto& p : m.parts)
      if (p.is_text && p.content_type == type && !inside(p) && !core::trim(p.text).empty()) {
        std::string t = core::trim(p.text);
        if (p.content_type == "text/html") {  // tags out; the note is for reading, not rendering
          std::string plain;
          bool tag = false;
          for (char c : t) {
            if (c == '<') tag = true;
            else if (c == '>') tag = false;
            else if (!tag) plain += c;
          }
          t = core::collapse_space(plain);
        }
        if (t.size() > 2000) {
          size_t cut = 2000;
          while (cut > 0 && (static_cast<unsigned char>(t[cut]) & 0xC0) == 0x80) --cut;
          t = t.substr(0, cut) + "…";
        }
        return t;
      }
  return "";
}

// Is part `index` inside a delivery status notification or a read receipt (multipart/report of those types)?
bool machine_notice(const core::Message& m, int index) {
  for (int i = index, guard = 0; i > 0 && guard < 100; ++guard) {
    const core::Part* p = nullptr;
    for (const auto& x : m.parts)
      if (x.index == i) p = &x;
    if (!p) break;
    if (p->content_type == "multipart/report" &&
        (p->report_type == "delivery-status" || p->report_type == "disposition-notification"))
      return true;
    i = p->parent;
  }
  return false;
}

}  // namespace

static core::Analysis analyze_parsed(core::Message message, std::optional<core::Wrapper> wrapper, const Resources& res,
                                     enrich::ObservationSource& source, const Options& options, Laps& laps);

core::Analysis analyze(const ingest::RawMessage& raw, const Resources& res, enrich::ObservationSource& source,
                       const Options& options) {
  Laps laps(options.times);
  if (options.times) ++options.times->messages;
  core::Message outer = parse::parse_message(raw.source, raw.bytes, options.limits, options.trust, &res.relays);
  outer.source_format = raw.format;
  for (const auto& n : raw.notes) outer.anomalies.push_back({"MSG_CONVERSION", -1, 0, n});
  // A user's report that wraps the phish (a forward as attachment, an attached .eml or .msg): the wrapped message is
  // the case (--inner auto, or the N-th), the wrapper is kept beside it. --inner outer analyses the wrapper itself.
  if (options.inner != "outer" && !outer.embedded.empty()) {
    int want = 0;
    if (options.inner != "auto") want = std::atoi(options.inner.c_str());
    std::vector<core::Anomaly> problems;
    for (size_t i = 0; i < outer.embedded.size(); ++i) {
      if (want > 0 && static_cast<int>(i) + 1 != want) continue;
      const auto& e = outer.embedded[i];
      // a delivery or read notification returns a message; it does not report one (an abuse feedback report,
      // report-type=feedback-report, does, and is read as a report)
      if (want == 0 && machine_notice(outer, e.part)) continue;
      std::string name = raw.source + " (" + (e.filename.empty() ? "attached message " + std::to_string(i + 1) : e.filename) + ")";
      auto inner = ingest::to_message(name, e.bytes, options.limits);
      if (!inner) {
        problems.push_back({"WRAPPED_MESSAGE_UNREADABLE", e.part, 0, inner.error().what});
        continue;
      }
      core::Wrapper w;
      w.sha256 = outer.sha256;
      w.subject = outer.subject;
      w.from = outer.from;
      w.to = outer.to;
      w.date = outer.date;
      w.received_at = outer.received_at;
      w.sender_ip = outer.sender.ip;
      w.sender_rdns = outer.sender.rdns;
      w.note = wrapper_note(outer, e.part);
      w.embedded = static_cast<int>(outer.embedded.size());
      w.chosen = static_cast<int>(i) + 1;
      w.chosen_kind = e.kind;
      w.chosen_filename = e.filename;
      core::Message m = parse::parse_message(inner->source, inner->bytes, options.limits, options.trust, &res.relays);
      m.source_format = inner->format;
      for (const auto& n : inner->notes) m.anomalies.push_back({"MSG_CONVERSION", -1, 0, n});
      if (e.truncated) m.anomalies.push_back({"LIMIT_MESSAGE_SIZE", -1, 0, "the wrapped message was larger than the limit; cut"});
      laps.lap(&StageTimes::parse);
      return analyze_parsed(std::move(m), std::move(w), res, source, options, laps);
    }
    if (want > static_cast<int>(outer.embedded.size()))
      problems.push_back({"WRAPPED_MESSAGE_NOT_FOUND", -1, 0,
                          "--inner " + options.inner + ": the mail wraps " + std::to_string(outer.embedded.size())});
    outer.anomalies.insert(outer.anomalies.end(), problems.begin(), problems.end());
  } else if (options.inner != "outer" && options.inner != "auto") {
    outer.anomalies.push_back({"WRAPPED_MESSAGE_NOT_FOUND", -1, 0, "--inner " + options.inner + ": the mail wraps no message"});
  }
  laps.lap(&StageTimes::parse);
  return analyze_parsed(std::move(outer), std::nullopt, res, source, options, laps);
}

static core::Analysis analyze_parsed(core::Message message, std::optional<core::Wrapper> wrapper, const Resources& res,
                                     enrich::ObservationSource& source, const Options& options, Laps& laps) {
  core::Analysis a;
  a.tool_version = version();
  a.analyzed_at = options.now.empty() ? now_iso() : options.now;
  a.message = std::move(message);
  a.wrapper = std::move(wrapper);
  a.content = extract::extract_content(a.message, options.limits);
  laps.lap(&StageTimes::extract);
  res.lures.find_in(a.message, a.content);
  extract::find_lookalikes(a.content, res.brands);
  a.brand = extract::attribute_brand(a.message, a.content, res.brands, &res.platforms);
  extract::classify_links(a.content, a.brand ? &*a.brand : nullptr, &res.brands, &res.platforms);
  laps.lap(&StageTimes::brand);
  a.enrichment = enrich::enrich(a.message, a.content, source, options.limits.max_site_probes);
  laps.lap(&StageTimes::enrich);
  detect::Detection d = detect::detect(a.message, a.content, a.brand, a.enrichment, res.rules, &res.platforms);
  a.findings = std::move(d.findings);
  a.purposes = std::move(d.purposes);
  a.verdict = std::move(d.verdict);
  laps.lap(&StageTimes::detect);
  if (options.history) {
    a.history = options.history->history_for(a, options.trend_days);
    auto name = [&](const std::string& id) {
      if (const auto* b = res.brands.find(id)) a.history.brand_names[id] = {b->name_ja, b->name_en};
    };
    for (const auto& c : a.history.trends.brands) name(c.key);
    for (const auto& r : a.history.related) name(r.brand);
    if (a.history.brand) name(a.history.brand->brand);
    laps.lap(&StageTimes::history);
  }
  return a;
}

UrlAnalysis analyze_url(const std::string& url, const Resources& res) {
  core::Content content;
  core::Link link;
  link.url = url;
  link.found_in = "argument";
  extract::fill_url_parts(link);
  content.links.push_back(std::move(link));
  // a redirect or a proxy (www.google.com/url?q=, translate.goog) speaks for where it leads
  if (auto target = extract::unwrap_redirect(url)) {
    core::Link t;
    t.url = *target;
    t.found_in = "unwrapped";
    t.wrapped_by = url;
    extract::fill_url_parts(t);
    content.links.push_back(std::move(t));
  }
  extract::find_lookalikes(content, res.brands);
  UrlAnalysis out;
  out.brand = extract::attribute_brand_to_url(content, res.brands, &res.platforms);
  extract::classify_links(content, out.brand ? &*out.brand : nullptr, &res.brands, &res.platforms);
  out.link = std::move(content.links.front());
  return out;
}

}  // namespace ps::pipeline
