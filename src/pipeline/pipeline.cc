#include "pipeline/pipeline.h"

#include <chrono>
#include <cstdlib>

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
  auto relays = parse::RelayCatalog::load(dir + "/relays.json");
  if (!relays) return relays.error();
  res->relays = std::move(*relays);
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

core::Analysis analyze(const ingest::RawMessage& raw, const Resources& res, enrich::ObservationSource& source,
                       const Options& options) {
  Laps laps(options.times);
  if (options.times) ++options.times->messages;
  core::Analysis a;
  a.tool_version = version();
  a.analyzed_at = options.now.empty() ? now_iso() : options.now;
  a.message = parse::parse_message(raw.source, raw.bytes, options.limits, options.trust, &res.relays);
  laps.lap(&StageTimes::parse);
  a.content = extract::extract_content(a.message, options.limits);
  laps.lap(&StageTimes::extract);
  extract::find_lookalikes(a.content, res.brands);
  a.brand = extract::attribute_brand(a.message, a.content, res.brands);
  extract::classify_links(a.content, a.brand ? &*a.brand : nullptr);
  laps.lap(&StageTimes::brand);
  a.enrichment = enrich::enrich(a.message, a.content, source, options.limits.max_site_probes);
  laps.lap(&StageTimes::enrich);
  detect::Detection d = detect::detect(a.message, a.content, a.brand, a.enrichment, res.rules);
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
  extract::find_lookalikes(content, res.brands);
  UrlAnalysis out;
  out.brand = extract::attribute_brand_to_url(content, res.brands);
  extract::classify_links(content, out.brand ? &*out.brand : nullptr);
  out.link = std::move(content.links.front());
  return out;
}

}  // namespace ps::pipeline
