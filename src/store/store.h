// store: keeps every analysis in a case store (SQLite, WAL). The same message analysed again updates its case.
#pragma once
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/model.h"
#include "core/platforms.h"
#include "core/result.h"

struct ZSTD_CDict_s;  // zstd's dictionaries (zstd.h)
struct ZSTD_DDict_s;

namespace ps::store {

class Db;

struct CaseSummary {
  std::string sha256;
  std::string subject;
  std::string verdict;
  int score = 0;
  int times_analyzed = 0;
};

// What a batch run has already done (for resuming it).
struct RunState {
  std::set<std::string> done;  // items recorded
  int64_t out_end = 0;         // bytes of its JSON Lines output that belong to recorded items
};

// The default case store: $PHISHSCOPE_STORE, else $XDG_DATA_HOME/phishscope/cases.sqlite, else
// ~/.local/share/phishscope/cases.sqlite ("" when there is no home).
std::string default_store_path();
// Whether a store is named by a postgres:// or postgresql:// URL (else it is an SQLite file).
bool is_store_url(const std::string& where);

// What the store keeps of one analysis. Built where the analysis is (a batch worker), written by the one writer, so
// the large Analysis never crosses threads.
struct CaseRow {
  struct Link {
    std::string url, host, registrable_domain, host_ip, tld;
    std::optional<int64_t> domain_age_days, asn;
    std::string country;
    bool official = false;
    std::string path_pattern;  // path_pattern(url), "" for official links
  };
  std::string sha256, message_id, subject, from_address, sender_ip, sender_domain, brand, verdict;
  int score = 0;
  std::string received_at, analyzed_at;  // UTC
  std::string packed_report;             // ReportPacker::pack() of the JSON report
  std::string tool_version;              // of the phishscope that analysed it (the report dictionary's)
  std::optional<int64_t> sender_asn;
  std::string sender_as_org, sender_country, sender_net;
  std::optional<int64_t> sender_domain_age_days;
  std::string body_simhash, purposes;
  std::vector<std::string> findings;
  std::vector<Link> links;
};
CaseRow case_row(const core::Analysis& a, std::string packed_report);

// The path of a URL as a phishing kit's fingerprint: digit runs as {n}, long random-looking tokens as {t}, query and
// fragment dropped; "" when the path says nothing (empty, "/", a single common word such as /login or /index.html).
std::string path_pattern(const std::string& url);

using Campaign = core::Campaign;

// A JSON report as the store keeps it: a zstd frame (level 1), with the store's report dictionary when it has one.
// Reports share most of their text (keys, rule messages, sources), which a dictionary trained on the store's own
// reports holds once: they pack three times smaller and twice as fast as without. One packer is shared by the
// threads that pack (each uses a compression context of its own).
class ReportPacker {
 public:
  ReportPacker() = default;  // no dictionary
  // A packer with a dictionary (as ZDICT_trainFromBuffer made it); nothing if zstd does not take it.
  static std::shared_ptr<const ReportPacker> with_dictionary(const std::string& dictionary);
  std::string pack(const std::string& json) const;
  uint32_t dictionary_id() const { return dict_id_; }  // 0: none

 private:
  std::shared_ptr<ZSTD_CDict_s> cdict_;
  uint32_t dict_id_ = 0;
};
// Packed without a dictionary.
std::string pack_report(const std::string& json);

// A store is used by one thread at a time (a batch run's writer; its workers only pack with packer()).
class CaseStore {
 public:
  ~CaseStore();
  CaseStore(const CaseStore&) = delete;
  CaseStore& operator=(const CaseStore&) = delete;

  // Opens (creating and migrating as needed) the SQLite database at `path`, or the PostgreSQL database of a
  // postgres:// or postgresql:// URL.
  static core::Result<std::unique_ptr<CaseStore>> open(const std::string& path);

  // The SQLite page cache (8 MB from open(), which keeps a batch's memory flat). A process that reads past cases
  // for every mail (analyze with history, trends) is faster with the month of cases it keeps reading in memory; the
  // cache grows only as pages are read. No effect on PostgreSQL.
  core::Result<bool> set_page_cache_mib(int mib);

  // Inserts or updates the case of this message (keyed by the SHA-256 of its raw bytes): a transaction of its own,
  // or part of the one begin() opened.
  core::Result<bool> save(const core::Analysis& analysis, const std::string& report_json);
  // The same with the report already packed by pack_report() (batch workers compress in parallel).
  core::Result<bool> save_packed(const core::Analysis& analysis, const std::string& packed_report);
  core::Result<bool> save_row(const CaseRow& row);
  // The case whose SHA-256 starts with `prefix` (at least 6 hex digits; unique).
  core::Result<std::string> resolve(const std::string& prefix);
  // The stored JSON report of a case.
  core::Result<std::string> report(const std::string& sha256);
  // One transaction over many saves (a batch commits every few thousand messages). A failed save or mark_item rolls
  // it back (then commit() has nothing to do); rollback() gives it up.
  core::Result<bool> begin();
  core::Result<bool> commit();
  core::Result<bool> rollback();
  // Batch runs: an item (a file, or FILE#N of an mbox) is recorded with the case it made and the end offset of its
  // output in the same transaction, so a killed run resumes with nothing lost or done twice.
  core::Result<bool> mark_item(const std::string& run, const std::string& item, const std::string& sha256,
                               const std::string& status, int64_t out_end);
  core::Result<RunState> run_state(const std::string& run);
  core::Result<bool> forget_run(const std::string& run);

  // Trends (store/trends.cc). Cases received in [since, until) (UTC ISO 8601), other than `exclude`: counts by
  // verdict; for phishing and suspicious ones the top brands, lures, sender countries and ASNs, link TLDs, and the
  // median age of link domains at send time. Whole days are counted once and kept (table trend_days) until a case
  // of that day is saved, so this may write to the store.
  core::Trends trends(const std::string& since, const std::string& until, const std::string& exclude = "");
  // History (store/history.cc). For one analysis: the trends of the `days` before it arrived, the past cases of its brand, and the past cases
  // that share a sender address or /24, a link domain or host, or the body's template.
  core::History history_for(const core::Analysis& analysis, int days = 30);
  // Campaigns among the malicious cases received in [since, until), largest first (store/campaign.cc).
  std::vector<Campaign> campaigns(const std::string& since, const std::string& until, int64_t min_cases = 2);
  // The campaign this analysis belongs to with the past malicious cases of the `days` before it (it counts itself;
  // nothing when it shares nothing).
  std::optional<Campaign> campaign_for(const core::Analysis& analysis, int days = 365);
  // The shared platforms (data/platforms.json) whose domains tie no cases into a campaign; without them only what
  // the store itself shows to be shared (values held by cases of many brands) is left out. Not owned.
  void set_platforms(const core::Platforms* platforms) { platforms_ = platforms; }
  core::Result<CaseSummary> get(const std::string& sha256);
  core::Result<int64_t> count();
  int schema_version() const { return schema_version_; }
  // The packer of reports to save: with the store's newest report dictionary (store/report_pack.cc). A store trains
  // one from its last kDictionarySamples reports once it has that many, and again when they were made by another
  // phishscope version than the dictionary; saves check after every kDictionarySamples cases.
  static constexpr int kDictionarySamples = 500;
  std::shared_ptr<const ReportPacker> packer() const { return packer_; }
  // Trains a dictionary from the newest reports now (at least `min_samples` of them), records it as made for
  // reports of `tool_version`, and packs with it from then on. Its id, which the frames packed with it carry.
  core::Result<uint32_t> train_report_dictionary(const std::string& tool_version,
                                                 int min_samples = kDictionarySamples);

 private:
  CaseStore() = default;
  core::Result<bool> load_report_dictionary();
  void train_if_due(const std::string& tool_version);
  core::Result<std::string> unpack(const std::string& packed, const std::string& sha256);
  std::unique_ptr<Db> db_;
  const core::Platforms* platforms_ = nullptr;
  std::shared_ptr<const ReportPacker> packer_ = std::make_shared<ReportPacker>();
  std::string dict_tool_version_;  // of the newest dictionary
  int64_t dict_trained_through_ = 0;  // the newest case id among its samples
  int64_t saves_until_check_ = 1;
  bool dict_uncommitted_ = false;  // trained in the transaction begin() opened
  std::map<uint32_t, std::shared_ptr<ZSTD_DDict_s>> ddicts_;  // dictionaries read so far, by id
  bool in_tx_ = false;  // inside begin() ... commit()
  std::string path_;
  int schema_version_ = 0;
};

}  // namespace ps::store
