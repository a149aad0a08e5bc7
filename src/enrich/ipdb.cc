#include "enrich/ipdb.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <maxminddb.h>

#include <algorithm>
#include <deque>
#include <string_view>
#include <fstream>
#include <nlohmann/json.hpp>
#include <unordered_map>

#include "core/ip.h"
#include "core/text.h"

namespace ps::enrich {

namespace {

// One CSV record of start,end,asn,org (org optionally quoted, "" for a quote), as views into the line; an org with
// an escaped quote is unescaped into `scratch`.
bool split_record(std::string_view line, std::string_view& a, std::string_view& b, std::string_view& asn,
                  std::string_view& org, std::string& scratch) {
  size_t p1 = line.find(',');
  if (p1 == std::string_view::npos) return false;
  size_t p2 = line.find(',', p1 + 1);
  if (p2 == std::string_view::npos) return false;
  size_t p3 = line.find(',', p2 + 1);
  if (p3 == std::string_view::npos) return false;
  a = line.substr(0, p1);
  b = line.substr(p1 + 1, p2 - p1 - 1);
  asn = line.substr(p2 + 1, p3 - p2 - 1);
  std::string_view rest = line.substr(p3 + 1);
  if (!rest.empty() && rest.back() == '\r') rest.remove_suffix(1);
  if (rest.size() >= 2 && rest.front() == '"' && rest.back() == '"') {
    rest = rest.substr(1, rest.size() - 2);
    if (rest.find('"') == std::string_view::npos) {
      org = rest;
      return true;
    }
    scratch.clear();
    for (size_t i = 0; i < rest.size(); ++i) {
      scratch += rest[i];
      if (rest[i] == '"' && i + 1 < rest.size() && rest[i + 1] == '"') ++i;
    }
    org = scratch;
  } else {
    org = rest;
  }
  return true;
}

bool parse_u64(std::string_view s, uint64_t& v) {
  if (s.empty() || s.size() > 19) return false;
  v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
    v = v * 10 + static_cast<uint64_t>(c - '0');
  }
  return true;
}

// A file mapped into memory, read-only: the CSV files are tens of megabytes, and read line by line through a stream
// with a string per field they took most of the 0.4 s a run spent before its first lookup.
class MappedFile {
 public:
  explicit MappedFile(const std::string& path) {
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return;
    struct stat st {};
    if (::fstat(fd, &st) == 0 && st.st_size > 0) {
      void* p = ::mmap(nullptr, static_cast<size_t>(st.st_size), PROT_READ, MAP_PRIVATE, fd, 0);
      if (p != MAP_FAILED) {
        data_ = static_cast<const char*>(p);
        size_ = static_cast<size_t>(st.st_size);
      }
    }
    ::close(fd);
  }
  ~MappedFile() {
    if (data_) ::munmap(const_cast<char*>(data_), size_);
  }
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;
  std::string_view view() const { return {data_ ? data_ : "", size_}; }

 private:
  const char* data_ = nullptr;
  size_t size_ = 0;
};

// Calls f(line) for each line of `data`.
template <typename F>
void for_each_line(std::string_view data, F&& f) {
  while (!data.empty()) {
    size_t nl = data.find('\n');
    f(data.substr(0, nl));
    if (nl == std::string_view::npos) break;
    data.remove_prefix(nl + 1);
  }
}

bool parse_v6(std::string_view s, unsigned __int128& v) {
  char text[INET6_ADDRSTRLEN + 1];
  if (s.size() >= sizeof text) return false;
  s.copy(text, s.size());
  text[s.size()] = '\0';
  unsigned char b[16];
  if (inet_pton(AF_INET6, text, b) != 1) return false;
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
  // organisations are kept once each. An AS has one organisation name nearly always: its number finds the name's id
  // (a flat table for the numbers in use, 4 MB), and names are looked up by text only when an AS has several.
  std::deque<std::string> org_names;  // its strings do not move: the index's keys point into them
  std::unordered_map<std::string_view, uint32_t> org_index;
  constexpr uint64_t kFlatAsns = 1u << 20;
  std::vector<uint32_t> by_asn(kFlatAsns, UINT32_MAX);
  auto org_id = [&](uint64_t asn_number, std::string_view o) {
    uint32_t* slot = asn_number < kFlatAsns ? &by_asn[asn_number] : nullptr;
    if (slot && *slot != UINT32_MAX && org_names[*slot] == o) return *slot;
    auto it = org_index.find(o);
    if (it == org_index.end()) {
      org_names.emplace_back(o);
      it = org_index.emplace(org_names.back(), static_cast<uint32_t>(org_names.size() - 1)).first;
    }
    if (slot) *slot = it->second;
    return it->second;
  };
  std::string_view a, b, asn, org;
  std::string scratch;
  {
    MappedFile file(dir_ + "/asn-ipv4-num.csv");
    v4_.reserve(file.view().size() / 40);
    for_each_line(file.view(), [&](std::string_view line) {
      uint64_t s, e, n;
      if (!split_record(line, a, b, asn, org, scratch) || !parse_u64(a, s) || !parse_u64(b, e) || !parse_u64(asn, n))
        return;
      if (s > 0xFFFFFFFFull || e > 0xFFFFFFFFull || e < s) return;
      v4_.push_back({static_cast<uint32_t>(s), static_cast<uint32_t>(e), static_cast<uint32_t>(n), org_id(n, org)});
    });
  }
  {
    MappedFile file(dir_ + "/asn-ipv6.csv");
    for_each_line(file.view(), [&](std::string_view line) {
      unsigned __int128 s, e;
      uint64_t n;
      if (!split_record(line, a, b, asn, org, scratch) || !parse_v6(a, s) || !parse_v6(b, e) || !parse_u64(asn, n))
        return;
      if (e < s) return;
      v6_.push_back({s, e, static_cast<uint32_t>(n), org_id(n, org)});
    });
  }
  orgs_.assign(std::make_move_iterator(org_names.begin()), std::make_move_iterator(org_names.end()));
  // the files are sorted by start already; sorted again only if not
  auto by_start = [](const auto& x, const auto& y) { return x.start < y.start; };
  if (!std::is_sorted(v4_.begin(), v4_.end(), by_start)) std::sort(v4_.begin(), v4_.end(), by_start);
  if (!std::is_sorted(v6_.begin(), v6_.end(), by_start)) std::sort(v6_.begin(), v6_.end(), by_start);
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
