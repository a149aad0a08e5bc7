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
  static core::Result<std::unique_ptr<IpDatabase>> open(const std::string& dir);
  ~IpDatabase();

  // nullopt when the address is not a public address covered by the data. Thread-safe; the ASN tables are read on
  // the first lookup.
  std::optional<Answer> lookup(const std::string& ip);

  const std::string& version() const { return version_; }
  std::string source() const;     // "ip-location-db 2.3.2026061719 (ASN: RouteViews+RIR+DB-IP; country: ...)"
  std::string data_date() const;  // "2026-06-17", from the version
  size_t ranges() const { return v4_.size() + v6_.size(); }

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
  std::string dir_, version_;
  std::once_flag loaded_;
  std::string load_error_;
  std::vector<Range4> v4_;
  std::vector<Range6> v6_;
  std::vector<std::string> orgs_;
  void* mmdb_ = nullptr;  // MMDB_s*, when the country file is there
  void load();
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
