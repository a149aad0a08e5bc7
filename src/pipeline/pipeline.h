// pipeline: the only place that knows the order of the stages.
//   ingest -> parse -> extract (+ brand) -> enrich -> detect -> report -> store
#pragma once
#include <memory>
#include <string>

#include "core/limits.h"
#include "core/model.h"
#include "core/platforms.h"
#include "core/result.h"
#include "detect/detect.h"
#include "extract/lures.h"
#include "enrich/observations.h"
#include "extract/brand.h"
#include "ingest/ingest.h"
#include "parse/relays.h"
#include "report/catalog.h"
#include "store/store.h"

namespace ps::pipeline {

// Data files loaded once per process: brand catalog, rule weights, message catalogs.
struct Resources {
  extract::BrandCatalog brands;
  parse::RelayCatalog relays;
  core::Platforms platforms;
  detect::Config rules;
  extract::LureCatalog lures;
  report::Catalog ja;
  report::Catalog en;
  static core::Result<std::shared_ptr<const Resources>> load(const std::string& data_dir);
  const report::Catalog& catalog(const std::string& lang) const { return lang == "en" ? en : ja; }
};

// The data directory: $PHISHSCOPE_DATA_DIR, else the one configured at build time.
std::string default_data_dir();

// Seconds spent in each stage, summed over the analyses that were given it (for the benchmark's breakdown).
struct StageTimes {
  double parse = 0, extract = 0, brand = 0, enrich = 0, detect = 0, history = 0;
  size_t messages = 0;
};

struct Options {
  core::Limits limits;
  core::TrustConfig trust;
  std::string now;  // ISO 8601 analysis time; empty = the current time
  // When set, the report compares the mail with the past cases of this store (trends, brand history, related
  // cases). Not thread-safe: one analysis at a time per store.
  store::CaseStore* history = nullptr;
  int trend_days = 30;
  StageTimes* times = nullptr;  // when set, each stage's time is added to it
  // Which message is the case when the mail wraps others (a user's report with the phish attached): auto (the
  // first wrapped message that reads as a mail), outer (the mail itself), or N (the N-th wrapped message, 1-based).
  std::string inner = "auto";
};

// Runs every stage on one raw message. Only fails on problems outside the message (never on malformed input).
core::Analysis analyze(const ingest::RawMessage& raw, const Resources& res, enrich::ObservationSource& source,
                       const Options& options);

// One URL on its own, for analysts who only have a link: parts, registrable domain, IDN forms, the brand it
// imitates (from the URL alone) and its lookalike techniques.
struct UrlAnalysis {
  core::Link link;
  std::optional<core::BrandRef> brand;
};
UrlAnalysis analyze_url(const std::string& url, const Resources& res);

std::string version();

}  // namespace ps::pipeline
