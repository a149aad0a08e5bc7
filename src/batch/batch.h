// batch: analyses whole mailboxes (files, directories, mbox, Maildir) with parallel workers, saves every case in
// the case store, optionally writes JSON Lines, shows progress, and resumes after a kill or a power loss with
// nothing lost or done twice. An app over the pipeline, like eval; not a stage.
#pragma once
#include <cstdio>
#include <map>
#include <string>
#include <vector>

#include "core/model.h"
#include "core/result.h"
#include "enrich/observations.h"
#include "pipeline/pipeline.h"
#include "store/store.h"

namespace ps::batch {

struct Options {
  std::vector<std::string> paths;
  int workers = 0;          // 0 = one per core
  std::string jsonl_path;   // "" = no JSON Lines; "-" = standard output
  std::string run;          // run name; "" = derived from the inputs and the output
  bool fresh = false;       // forget what an earlier run with this name did
  std::string lang = "ja";  // language of the findings' messages in the JSON
  // A transaction (and the output's fsync) ends after this many messages or this many seconds, whichever comes
  // first: what a kill -9 makes the next run redo. Large transactions write each page of the store's indexes once
  // for many cases.
  size_t commit_every = 2048;
  double commit_seconds = 1.0;
  pipeline::Options analysis;
};

struct Summary {
  std::string run;
  size_t total = 0;     // messages in the inputs (counted before the run)
  size_t analysed = 0;  // analysed in this run
  size_t resumed = 0;   // skipped: done by an earlier run with the same name
  size_t failed = 0;    // unreadable messages (named on stderr, recorded as errors)
  double seconds = 0;
  std::map<std::string, size_t> verdicts;
  std::vector<core::CountOf> brands;          // top 10
  std::vector<core::CountOf> sender_asns;     // top 10, "AS1234 Org"
  std::vector<core::CountOf> sender_countries;
  std::vector<core::CountOf> link_domains;    // top 10 registrable domains of links not on an official domain
  std::vector<std::string> errors;    // first 20 unreadable messages, "where: what"
};

// Progress output: a redrawn bar on a terminal, a plain line every few seconds otherwise; nullptr for none.
struct Progress {
  std::FILE* out = nullptr;
  bool tty = false;
};

// `store` may be null (--no-store): nothing is saved and nothing can be resumed.
core::Result<Summary> run(const Options& options, const pipeline::Resources& res, enrich::ObservationSource& source,
                          store::CaseStore* store, Progress progress);

// The summary as text (counts by verdict, brands, sender ASNs and countries, link domains, rate).
std::string format_summary(const Summary& s);

}  // namespace ps::batch
