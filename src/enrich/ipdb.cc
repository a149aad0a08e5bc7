#include "enrich/ipdb.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <maxminddb.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
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
  std::string_view view() const { return data_ ? std::string_view(data_, size_) : std::string_view(); }

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

// The index file: a header, then the tables as they are in memory (this machine's byte order and layout, which
// the header checks), each at a 16-byte boundary.
constexpr char kIndexMagic[8] = {'P', 'S', 'A', 'S', 'N', 'I', 'D', 'X'};
constexpr uint64_t kIndexFormat = 1;
constexpr uint64_t kByteOrder = 0x0102030405060708ull;

// What the index was made from: VERSION and the size and modification time of each CSV file.
struct Origin {
  char version[64] = {};
  uint64_t v4_size = 0, v4_mtime_ns = 0, v6_size = 0, v6_mtime_ns = 0;
  bool operator==(const Origin& o) const {
    return std::memcmp(version, o.version, sizeof version) == 0 && v4_size == o.v4_size &&
           v4_mtime_ns == o.v4_mtime_ns && v6_size == o.v6_size && v6_mtime_ns == o.v6_mtime_ns;
  }
};

struct IndexHeader {
  char magic[8];
  uint64_t format, byte_order, range4_size, range6_size;
  Origin origin;
  uint64_t n4, n6, n_orgs, org_bytes;
  uint64_t off4, off6, off_org_off, off_org_bytes, total;
};

uint64_t align16(uint64_t x) { return (x + 15) & ~uint64_t{15}; }

// Where each table starts, from the counts; false when they cannot be a real file's.
bool layout(IndexHeader& h) {
  constexpr uint64_t kMax = uint64_t{1} << 34;  // 16 GiB: far above any real table, and no overflow below
  if (h.n4 > kMax / 64 || h.n6 > kMax / 64 || h.n_orgs > kMax / 8 || h.org_bytes > kMax) return false;
  h.off4 = align16(sizeof(IndexHeader));
  h.off6 = align16(h.off4 + h.n4 * h.range4_size);
  h.off_org_off = align16(h.off6 + h.n6 * h.range6_size);
  h.off_org_bytes = h.off_org_off + (h.n_orgs + 1) * sizeof(uint32_t);
  h.total = h.off_org_bytes + h.org_bytes;
  return h.org_bytes <= UINT32_MAX;
}

bool origin_of(const std::string& dir, const std::string& version, Origin& o) {
  if (version.size() >= sizeof o.version) return false;
  std::memcpy(o.version, version.data(), version.size());
  struct stat a {}, b {};
  if (::stat((dir + "/asn-ipv4-num.csv").c_str(), &a) != 0 || ::stat((dir + "/asn-ipv6.csv").c_str(), &b) != 0)
    return false;
  o.v4_size = static_cast<uint64_t>(a.st_size);
  o.v4_mtime_ns = static_cast<uint64_t>(a.st_mtim.tv_sec) * 1000000000ull + static_cast<uint64_t>(a.st_mtim.tv_nsec);
  o.v6_size = static_cast<uint64_t>(b.st_size);
  o.v6_mtime_ns = static_cast<uint64_t>(b.st_mtim.tv_sec) * 1000000000ull + static_cast<uint64_t>(b.st_mtim.tv_nsec);
  return true;
}

}  // namespace

struct IpDatabase::Index {
  explicit Index(const std::string& path) : file(path) {}
  MappedFile file;
};

core::Result<std::unique_ptr<IpDatabase>> IpDatabase::open(const std::string& dir, bool write_index) {
  std::string version = read_first_line(dir + "/VERSION");
  if (version.empty()) return core::Error{"no offline IP data (VERSION missing; run scripts/fetch-ipdb.sh)", dir};
  for (const char* f : {"/asn-ipv4-num.csv", "/asn-ipv6.csv"})
    if (!std::ifstream(dir + f)) return core::Error{std::string("offline IP data incomplete: ") + (f + 1) + " missing", dir};
  auto db = std::unique_ptr<IpDatabase>(new IpDatabase());
  db->dir_ = dir;
  db->version_ = version;
  db->write_index_ = write_index;
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

void IpDatabase::parse_csv() {
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
    v4_store_.reserve(file.view().size() / 40);
    for_each_line(file.view(), [&](std::string_view line) {
      uint64_t s, e, n;
      if (!split_record(line, a, b, asn, org, scratch) || !parse_u64(a, s) || !parse_u64(b, e) || !parse_u64(asn, n))
        return;
      if (s > 0xFFFFFFFFull || e > 0xFFFFFFFFull || e < s) return;
      v4_store_.push_back({static_cast<uint32_t>(s), static_cast<uint32_t>(e), static_cast<uint32_t>(n), org_id(n, org)});
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
      Range6 r;
      std::memset(&r, 0, sizeof r);  // its padding too: the index file is the same bytes for the same data
      r.start = s;
      r.end = e;
      r.asn = static_cast<uint32_t>(n);
      r.org = org_id(n, org);
      v6_store_.push_back(r);
    });
  }
  org_off_store_.reserve(org_names.size() + 1);
  for (const auto& o : org_names) {
    org_off_store_.push_back(static_cast<uint32_t>(org_bytes_store_.size()));
    org_bytes_store_ += o;
  }
  org_off_store_.push_back(static_cast<uint32_t>(org_bytes_store_.size()));
  // the files are sorted by start already; sorted again only if not
  auto by_start = [](const auto& x, const auto& y) { return x.start < y.start; };
  if (!std::is_sorted(v4_store_.begin(), v4_store_.end(), by_start)) std::sort(v4_store_.begin(), v4_store_.end(), by_start);
  if (!std::is_sorted(v6_store_.begin(), v6_store_.end(), by_start)) std::sort(v6_store_.begin(), v6_store_.end(), by_start);
  v4_ = v4_store_.data();
  n4_ = v4_store_.size();
  v6_ = v6_store_.data();
  n6_ = v6_store_.size();
  org_off_ = org_off_store_.data();
  org_bytes_ = org_bytes_store_.data();
  n_orgs_ = org_names.size();
}

void IpDatabase::load() {
  const std::string path = dir_ + "/asn.idx";
  if (map_index(path)) {
    tables_from_ = "index";
    return;
  }
  parse_csv();
  tables_from_ = "csv";
  if (n4_ > 0 && write_index_) write_index(path);  // no index of files that gave nothing
}

bool IpDatabase::map_index(const std::string& path) {
  Origin want;
  if (!origin_of(dir_, version_, want)) return false;
  auto idx = std::make_unique<Index>(path);
  std::string_view f = idx->file.view();
  if (f.size() < sizeof(IndexHeader)) return false;
  IndexHeader h;
  std::memcpy(&h, f.data(), sizeof h);
  if (std::memcmp(h.magic, kIndexMagic, sizeof h.magic) != 0 || h.format != kIndexFormat ||
      h.byte_order != kByteOrder || h.range4_size != sizeof(Range4) || h.range6_size != sizeof(Range6) ||
      !(h.origin == want))
    return false;
  IndexHeader expect = h;
  if (!layout(expect) || expect.off4 != h.off4 || expect.off6 != h.off6 || expect.off_org_off != h.off_org_off ||
      expect.off_org_bytes != h.off_org_bytes || expect.total != h.total || h.total != f.size() || h.n4 == 0)
    return false;
  const char* base = f.data();
  auto* v4 = reinterpret_cast<const Range4*>(base + h.off4);
  auto* v6 = reinterpret_cast<const Range6*>(base + h.off6);
  auto* off = reinterpret_cast<const uint32_t*>(base + h.off_org_off);
  // everything a lookup will trust: organisations inside the bytes, ranges sorted, whole and naming an organisation
  if (off[0] != 0 || off[h.n_orgs] != h.org_bytes) return false;
  for (uint64_t i = 0; i < h.n_orgs; ++i)
    if (off[i] > off[i + 1]) return false;
  for (uint64_t i = 0; i < h.n4; ++i)
    if (v4[i].end < v4[i].start || v4[i].org >= h.n_orgs || (i && v4[i].start < v4[i - 1].start)) return false;
  for (uint64_t i = 0; i < h.n6; ++i)
    if (v6[i].end < v6[i].start || v6[i].org >= h.n_orgs || (i && v6[i].start < v6[i - 1].start)) return false;
  v4_ = v4;
  n4_ = h.n4;
  v6_ = v6;
  n6_ = h.n6;
  org_off_ = off;
  org_bytes_ = base + h.off_org_bytes;
  n_orgs_ = h.n_orgs;
  index_ = std::move(idx);
  return true;
}

void IpDatabase::write_index(const std::string& path) const {
  IndexHeader h{};
  std::memcpy(h.magic, kIndexMagic, sizeof h.magic);
  h.format = kIndexFormat;
  h.byte_order = kByteOrder;
  h.range4_size = sizeof(Range4);
  h.range6_size = sizeof(Range6);
  if (!origin_of(dir_, version_, h.origin)) return;
  h.n4 = n4_;
  h.n6 = n6_;
  h.n_orgs = n_orgs_;
  h.org_bytes = org_off_[n_orgs_];
  if (!layout(h)) return;
  // written aside and renamed over: a reader sees the old index, none, or the whole new one
  std::string tmp = path + ".tmp." + std::to_string(::getpid());
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return;  // a read-only data directory: the CSV files are parsed each run
  // each table at its offset (the padding between them reads as zeros)
  auto put = [fd](const void* data, uint64_t size, uint64_t at) {
    const char* p = static_cast<const char*>(data);
    while (size > 0) {
      ssize_t n = ::pwrite(fd, p, size, static_cast<off_t>(at));
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) return false;
      p += n;
      at += static_cast<uint64_t>(n);
      size -= static_cast<uint64_t>(n);
    }
    return true;
  };
  bool ok = put(&h, sizeof h, 0) && put(v4_, n4_ * sizeof(Range4), h.off4) && put(v6_, n6_ * sizeof(Range6), h.off6) &&
            put(org_off_, (n_orgs_ + 1) * sizeof(uint32_t), h.off_org_off) &&
            put(org_bytes_, h.org_bytes, h.off_org_bytes) && ::ftruncate(fd, static_cast<off_t>(h.total)) == 0;
  ok = ::close(fd) == 0 && ok;
  if (!ok || ::rename(tmp.c_str(), path.c_str()) != 0) ::unlink(tmp.c_str());
}

size_t IpDatabase::ranges() {
  std::call_once(loaded_, [this] { load(); });
  return n4_ + n6_;
}

std::optional<IpDatabase::Answer> IpDatabase::lookup(const std::string& ip) {
  std::call_once(loaded_, [this] { load(); });
  Answer ans;
  bool found = false;
  unsigned char b[16];
  if (inet_pton(AF_INET, ip.c_str(), b) == 1) {
    uint32_t v = (uint32_t(b[0]) << 24) | (uint32_t(b[1]) << 16) | (uint32_t(b[2]) << 8) | b[3];
    auto it = std::upper_bound(v4_, v4_ + n4_, v, [](uint32_t x, const Range4& r) { return x < r.start; });
    if (it != v4_ && (--it)->end >= v) {
      ans.asn = it->asn;
      ans.as_org = org(it->org);
      found = true;
    }
  } else if (inet_pton(AF_INET6, ip.c_str(), b) == 1) {
    unsigned __int128 v = 0;
    for (unsigned char x : b) v = (v << 8) | x;
    auto it = std::upper_bound(v6_, v6_ + n6_, v, [](unsigned __int128 x, const Range6& r) { return x < r.start; });
    if (it != v6_ && (--it)->end >= v) {
      ans.asn = it->asn;
      ans.as_org = org(it->org);
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
