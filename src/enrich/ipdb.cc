#include "enrich/ipdb.h"

#include <arpa/inet.h>
#include <maxminddb.h>

#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <unordered_map>

#include "core/ip.h"
#include "core/text.h"

namespace ps::enrich {

namespace {

// One CSV record of start,end,asn,org (org optionally quoted, "" for a quote).
bool split_record(const std::string& line, std::string& a, std::string& b, std::string& asn, std::string& org) {
  size_t p1 = line.find(',');
  if (p1 == std::string::npos) return false;
  size_t p2 = line.find(',', p1 + 1);
  if (p2 == std::string::npos) return false;
  size_t p3 = line.find(',', p2 + 1);
  if (p3 == std::string::npos) return false;
  a = line.substr(0, p1);
  b = line.substr(p1 + 1, p2 - p1 - 1);
  asn = line.substr(p2 + 1, p3 - p2 - 1);
  std::string rest = line.substr(p3 + 1);
  if (!rest.empty() && rest.back() == '\r') rest.pop_back();
  if (rest.size() >= 2 && rest.front() == '"' && rest.back() == '"') {
    org.clear();
    for (size_t i = 1; i + 1 < rest.size(); ++i) {
      org += rest[i];
      if (rest[i] == '"' && rest[i + 1] == '"') ++i;
    }
  } else {
    org = rest;
  }
  return true;
}

bool parse_u64(const std::string& s, uint64_t& v) {
  if (s.empty() || s.size() > 20) return false;
  v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
    v = v * 10 + static_cast<uint64_t>(c - '0');
  }
  return true;
}

bool parse_v6(const std::string& s, unsigned __int128& v) {
  unsigned char b[16];
  if (inet_pton(AF_INET6, s.c_str(), b) != 1) return false;
  v = 0;
  for (unsigned char x : b) v = (v << 8) | x;
  return true;
}

std::string read_first_line(const std::string& path) {
  std::ifstream in(path);
  std::string l;
  std::getline(in, l);
  return core::trim(l);
}

}  // namespace

core::Result<std::unique_ptr<IpDatabase>> IpDatabase::open(const std::string& dir) {
  std::string version = read_first_line(dir + "/VERSION");
  if (version.empty()) return core::Error{"no offline IP data (VERSION missing; run scripts/fetch-ipdb.sh)", dir};
  for (const char* f : {"/asn-ipv4-num.csv", "/asn-ipv6.csv"})
    if (!std::ifstream(dir + f)) return core::Error{std::string("offline IP data incomplete: ") + (f + 1) + " missing", dir};
  auto db = std::unique_ptr<IpDatabase>(new IpDatabase());
  db->dir_ = dir;
  db->version_ = version;
  std::string mmdb = dir + "/geo-whois-asn-country.mmdb";
  if (std::ifstream(mmdb)) {
    auto* m = new MMDB_s;
    if (MMDB_open(mmdb.c_str(), MMDB_MODE_MMAP, m) == MMDB_SUCCESS) db->mmdb_ = m;
    else delete m;
  }
  return db;
}

IpDatabase::~IpDatabase() {
  if (mmdb_) {
    MMDB_close(static_cast<MMDB_s*>(mmdb_));
    delete static_cast<MMDB_s*>(mmdb_);
  }
}

void IpDatabase::load() {
  std::unordered_map<std::string, uint32_t> org_index;
  auto org_id = [&](const std::string& o) {
    auto [it, fresh] = org_index.emplace(o, static_cast<uint32_t>(orgs_.size()));
    if (fresh) orgs_.push_back(o);
    return it->second;
  };
  std::string line, a, b, asn, org;
  {
    std::ifstream in(dir_ + "/asn-ipv4-num.csv");
    while (std::getline(in, line)) {
      uint64_t s, e, n;
      if (!split_record(line, a, b, asn, org) || !parse_u64(a, s) || !parse_u64(b, e) || !parse_u64(asn, n)) continue;
      if (s > 0xFFFFFFFFull || e > 0xFFFFFFFFull || e < s) continue;
      v4_.push_back({static_cast<uint32_t>(s), static_cast<uint32_t>(e), static_cast<uint32_t>(n), org_id(org)});
    }
  }
  {
    std::ifstream in(dir_ + "/asn-ipv6.csv");
    while (std::getline(in, line)) {
      unsigned __int128 s, e;
      uint64_t n;
      if (!split_record(line, a, b, asn, org) || !parse_v6(a, s) || !parse_v6(b, e) || !parse_u64(asn, n)) continue;
      if (e < s) continue;
      v6_.push_back({s, e, static_cast<uint32_t>(n), org_id(org)});
    }
  }
  std::sort(v4_.begin(), v4_.end(), [](const Range4& x, const Range4& y) { return x.start < y.start; });
  std::sort(v6_.begin(), v6_.end(), [](const Range6& x, const Range6& y) { return x.start < y.start; });
  if (v4_.empty()) load_error_ = "no IPv4 ranges read";
}

std::optional<IpDatabase::Answer> IpDatabase::lookup(const std::string& ip) {
  std::call_once(loaded_, [this] { load(); });
  Answer ans;
  bool found = false;
  unsigned char b[16];
  if (inet_pton(AF_INET, ip.c_str(), b) == 1) {
    uint32_t v = (uint32_t(b[0]) << 24) | (uint32_t(b[1]) << 16) | (uint32_t(b[2]) << 8) | b[3];
    auto it = std::upper_bound(v4_.begin(), v4_.end(), v, [](uint32_t x, const Range4& r) { return x < r.start; });
    if (it != v4_.begin() && (--it)->end >= v) {
      ans.asn = it->asn;
      ans.as_org = orgs_[it->org];
      found = true;
    }
  } else if (inet_pton(AF_INET6, ip.c_str(), b) == 1) {
    unsigned __int128 v = 0;
    for (unsigned char x : b) v = (v << 8) | x;
    auto it = std::upper_bound(v6_.begin(), v6_.end(), v, [](unsigned __int128 x, const Range6& r) { return x < r.start; });
    if (it != v6_.begin() && (--it)->end >= v) {
      ans.asn = it->asn;
      ans.as_org = orgs_[it->org];
      found = true;
    }
  } else {
    return std::nullopt;
  }
  if (mmdb_) {
    int gai = 0, err = 0;
    MMDB_lookup_result_s r = MMDB_lookup_string(static_cast<MMDB_s*>(mmdb_), ip.c_str(), &gai, &err);
    if (gai == 0 && err == MMDB_SUCCESS && r.found_entry) {
      MMDB_entry_data_s d;
      if (MMDB_get_value(&r.entry, &d, "country_code", nullptr) == MMDB_SUCCESS && d.has_data &&
          d.type == MMDB_DATA_TYPE_UTF8_STRING) {
        ans.country.assign(d.utf8_string, d.data_size);
        found = true;
      }
    }
  }
  if (!found) return std::nullopt;
  return ans;
}

std::string IpDatabase::source() const {
  return "ip-location-db " + version_ + " (ASN: RouteViews + RIR + DB-IP ASN Lite, CC BY 4.0; country: " +
         (mmdb_ ? "geo-whois-asn-country" : "not installed") + ")";
}

std::string IpDatabase::data_date() const {
  // 2.3.2026061719: YYYYMMDDHH after the last dot
  auto dot = version_.rfind('.');
  std::string d = dot == std::string::npos ? "" : version_.substr(dot + 1);
  if (d.size() < 8) return "";
  return d.substr(0, 4) + "-" + d.substr(4, 2) + "-" + d.substr(6, 2);
}

core::Observation IpDatabaseSource::lookup(const std::string& kind, const std::string& key) {
  if (kind != "ipdb") return next_.lookup(kind, key);
  if (next_.offers(kind)) {  // a recording being replayed answers first: a replay stays byte for byte
    core::Observation r = next_.lookup(kind, key);
    if (r.status == "ok" || r.status == "error") return r;
  }
  core::Observation o;
  o.kind = kind;
  o.key = key;
  o.id = kind + ":" + key;
  o.source = db_->source();
  o.observed_at = db_->data_date();
  auto addr = core::parse_ip(key);
  if (!addr || !core::is_public(*addr)) {
    o.status = "error";
    o.error = addr ? std::string("not a public address (") + core::ip_class_name(core::classify(*addr)) + ")"
                   : "not an IP address";
    return o;
  }
  auto a = db_->lookup(key);
  if (!a) {
    o.status = "error";
    o.error = "not in the offline data";
    return o;
  }
  nlohmann::json j = nlohmann::json::object();
  if (a->asn) j["asn"] = *a->asn;
  if (!a->as_org.empty()) j["as_org"] = a->as_org;
  if (!a->country.empty()) j["country"] = a->country;
  o.status = "ok";
  o.result_json = j.dump();
  return o;
}

}  // namespace ps::enrich
