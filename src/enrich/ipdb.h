// Offline IP data: IP -> ASN and AS organisation (@ip-location-db/asn: RouteViews + RIR + DB-IP ASN Lite, CSV) and
// IP -> country (@ip-location-db/geo-whois-asn-country-mmdb, read with libmaxminddb). Fetched by
// scripts/fetch-ipdb.sh at a pinned version; never committed. Its answers are observations of kind "ipdb" with the
// data version as their source and the data date as their time, so that they sit next to recorded or online "ip"
// answers and a disagreement between them shows.
#pragma once
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "enrich/observations.h"

namespace ps::enrich {

class IpDatabase {
 public:
  struct Answer {
    std::optional<int64_t> asn;
    std::string as_org;
    std::string country;
  };

  // `dir` holds VERSION, asn-ipv4-num.csv, asn-ipv6.csv and (optional) geo-whois-asn-country.mmdb.
  //
  // The ASN tables are read from an index, `dir`/asn.idx, when it is there and was made from these very CSV files
  // (same VERSION, sizes and modification times): the ranges and organisations as they are kept in memory, mapped
  // in without parsing, so that a run's first lookup costs a millisecond instead of a third of a second. Otherwise
  // the CSV files are parsed; with `write_index` the index is then written (atomically; a directory that cannot be
  // written is no error, the next run parses again). An index that does not check out (truncated, damaged, from other
  // files) is not used.
  static core::Result<std::unique_ptr<IpDatabase>> open(const std::string& dir, bool write_index = false);
  ~IpDatabase();

  // nullopt when the address is not a public address covered by the data. Thread-safe; the ASN tables are read on
  // the first lookup.
  std::optional<Answer> lookup(const std::string& ip);

  const std::string& version() const { return version_; }
  std::string source() const;     // "ip-location-db 2.3.2026061719 (ASN: RouteViews+RIR+DB-IP; country: ...)"
  std::string data_date() const;  // "2026-06-17", from the version
  size_t ranges();  // ASN ranges (reads the tables if no lookup has)
  // Where the ASN tables came from: "index" (asn.idx), "csv", or "" before the first lookup.
  const std::string& tables_from() const { return tables_from_; }

 private:
  struct Range4 {
    uint32_t start, end;
    uint32_t asn;
    uint32_t org;
  };
  struct Range6 {
    unsigned __int128 start, end;
    uint32_t asn;
    uint32_t org;
  };
  struct Index;  // a mapped asn.idx
  std::string dir_, version_, tables_from_;
  bool write_index_ = false;
  std::once_flag loaded_;
  // the tables: in the vectors (parsed from the CSV files) or in the mapped index, seen through the spans
  std::vector<Range4> v4_store_;
  std::vector<Range6> v6_store_;
  std::vector<uint32_t> org_off_store_;  // org i is org_bytes[org_off[i], org_off[i + 1])
  std::string org_bytes_store_;
  std::unique_ptr<Index> index_;
  const Range4* v4_ = nullptr;
  size_t n4_ = 0;
  const Range6* v6_ = nullptr;
  size_t n6_ = 0;
  const uint32_t* org_off_ = nullptr;
  const char* org_bytes_ = nullptr;
  size_t n_orgs_ = 0;
  void* mmdb_ = nullptr;  // MMDB_s*, when the country file is there
  void load();
  void parse_csv();
  bool map_index(const std::string& path);
  void write_index(const std::string& path) const;
  std::string_view org(uint32_t i) const { return {org_bytes_ + org_off_[i], org_off_[i + 1] - org_off_[i]}; }
};

// Answers "ipdb" lookups from an IpDatabase and hands every other kind to `next`.
class IpDatabaseSource : public ObservationSource {
 public:
  IpDatabaseSource(std::shared_ptr<IpDatabase> db, ObservationSource& next) : db_(std::move(db)), next_(next) {}
  core::Observation lookup(const std::string& kind, const std::string& key) override;
  bool offers(const std::string& kind) const override { return kind == "ipdb" || next_.offers(kind); }

 private:
  std::shared_ptr<IpDatabase> db_;
  ObservationSource& next_;
};

}  // namespace ps::enrich
