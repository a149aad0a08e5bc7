// How the case store packs its JSON reports: zstd frames, with a dictionary trained on the store's own reports.
// ZDICT_trainFromBuffer_fastCover is in zdict.h's "static linking only" part; Debian's libzstd exports it
#define ZDICT_STATIC_LINKING_ONLY
#include <zdict.h>
#include <zlib.h>
#include <zstd.h>

#include <ctime>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/time.h"
#include "store/db.h"
#include "store/store.h"

namespace ps::store {

namespace {

constexpr int kLevel = 1;                       // zstd's fastest regular level: several times faster than zlib's
constexpr size_t kDictionaryBytes = 64 * 1024;  // measured: 16 KB packs 15 % larger and slower
constexpr size_t kMaxSampleBytes = 32 << 20;    // reports read to train on, at most
constexpr size_t kMaxReportBytes = size_t{1} << 30;

// One compression context per thread, reused (making one costs more than compressing a report).
ZSTD_CCtx* thread_cctx() {
  thread_local std::unique_ptr<ZSTD_CCtx, size_t (*)(ZSTD_CCtx*)> ctx(ZSTD_createCCtx(), ZSTD_freeCCtx);
  return ctx.get();
}

ZSTD_DCtx* thread_dctx() {
  thread_local std::unique_ptr<ZSTD_DCtx, size_t (*)(ZSTD_DCtx*)> ctx(ZSTD_createDCtx(), ZSTD_freeDCtx);
  return ctx.get();
}

std::optional<std::string> unpack_zlib(const std::string& packed) {
  z_stream z{};
  if (inflateInit(&z) != Z_OK) return std::nullopt;
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(packed.data()));
  z.avail_in = static_cast<uInt>(packed.size());
  std::string out;
  char buf[65536];
  int rc = Z_OK;
  while (rc == Z_OK) {
    z.next_out = reinterpret_cast<Bytef*>(buf);
    z.avail_out = sizeof buf;
    rc = inflate(&z, Z_NO_FLUSH);
    out.append(buf, sizeof buf - z.avail_out);
  }
  inflateEnd(&z);
  if (rc != Z_STREAM_END) return std::nullopt;
  return out;
}

bool is_zstd_frame(const std::string& b) { return b.size() >= 4 && b.compare(0, 4, "\x28\xB5\x2F\xFD") == 0; }

}  // namespace

std::shared_ptr<const ReportPacker> ReportPacker::with_dictionary(const std::string& dictionary) {
  uint32_t id = ZDICT_getDictID(dictionary.data(), dictionary.size());
  if (id == 0) return nullptr;
  ZSTD_CDict* cd = ZSTD_createCDict(dictionary.data(), dictionary.size(), kLevel);
  if (!cd) return nullptr;
  auto p = std::make_shared<ReportPacker>();
  p->cdict_ = std::shared_ptr<ZSTD_CDict_s>(cd, ZSTD_freeCDict);
  p->dict_id_ = id;
  return p;
}

std::string ReportPacker::pack(const std::string& json) const {
  ZSTD_CCtx* ctx = thread_cctx();
  if (!ctx) return "";
  std::string out(ZSTD_compressBound(json.size()), '\0');
  size_t n = cdict_ ? ZSTD_compress_usingCDict(ctx, out.data(), out.size(), json.data(), json.size(), cdict_.get())
                    : ZSTD_compressCCtx(ctx, out.data(), out.size(), json.data(), json.size(), kLevel);
  if (ZSTD_isError(n)) return "";
  out.resize(n);
  return out;
}

std::string pack_report(const std::string& json) { return ReportPacker().pack(json); }

core::Result<bool> CaseStore::load_report_dictionary() {
  std::optional<std::string> dict;
  auto r = db_->query("SELECT dict, tool_version, trained_through FROM report_dicts "
                      "ORDER BY trained_through DESC, dict_id LIMIT 1",
                      {}, [&](const Row& row) {
                        dict = row[0];
                        dict_tool_version_ = row[1].value_or("");
                        dict_trained_through_ = row[2] ? std::atoll(row[2]->c_str()) : 0;
                        return false;
                      });
  if (!r) return core::Error{"cannot read the report dictionaries: " + r.error().what, path_};
  if (!dict) {
    packer_ = std::make_shared<ReportPacker>();
    dict_tool_version_.clear();
    dict_trained_through_ = 0;
    return true;
  }
  auto p = ReportPacker::with_dictionary(*dict);
  if (!p) return core::Error{"the case store's newest report dictionary is damaged", path_};
  packer_ = std::move(p);
  return true;
}

// A dictionary is due when the store has none, or one made by another phishscope version (reports change between
// versions), and at least kDictionarySamples cases were saved since it was made. Checked after every
// kDictionarySamples saves, so a save costs nothing extra; a failed training is retried as late.
void CaseStore::train_if_due(const std::string& tool_version) {
  saves_until_check_ = kDictionarySamples;
  if (packer_->dictionary_id() != 0 && dict_tool_version_ == tool_version) {
    saves_until_check_ = INT64_MAX;  // this process makes reports the dictionary was trained on
    return;
  }
  auto n = query_one(*db_, "SELECT COUNT(*) FROM cases WHERE case_id > ?1", {Value::integer(dict_trained_through_)});
  int64_t pending = n && n->has_value() ? std::atoll((*n)->c_str()) : 0;
  if (pending < kDictionarySamples) {
    saves_until_check_ = kDictionarySamples - pending;
    return;
  }
  (void)train_report_dictionary(tool_version);
}

core::Result<uint32_t> CaseStore::train_report_dictionary(const std::string& tool_version, int min_samples) {
  // the newest reports since the last dictionary's samples
  std::vector<std::string> packed;
  size_t bytes = 0;
  auto r = db_->query("SELECT report FROM case_reports WHERE case_id > ?1 ORDER BY case_id DESC LIMIT ?2",
                      {Value::integer(dict_trained_through_), Value::integer(kDictionarySamples)},
                      [&](const Row& row) {
                        if (!row[0]) return true;
                        bytes += row[0]->size();
                        packed.push_back(*row[0]);
                        return bytes < kMaxSampleBytes / 4;
                      });
  if (!r) return core::Error{"cannot read reports to train a dictionary on: " + r.error().what, path_};
  int64_t through = 0;
  auto last = query_one(*db_, "SELECT MAX(case_id) FROM cases", {});
  if (last && last->has_value()) through = std::atoll((*last)->c_str());
  std::string samples;
  std::vector<size_t> sizes;
  for (const auto& p : packed) {
    auto json = unpack(p, "");
    if (!json || json->empty()) continue;
    if (samples.size() + json->size() > kMaxSampleBytes) break;
    samples += *json;
    sizes.push_back(json->size());
  }
  if (static_cast<int>(sizes.size()) < min_samples)
    return core::Error{"too few reports to train a dictionary on (" + std::to_string(sizes.size()) + ")", path_};
  std::string dict(kDictionaryBytes, '\0');
  // The parameters zstd's own search (ZDICT_trainFromBuffer: four trainings and a trial compression of the samples)
  // picks for these reports, given outright: one training, 0.04 s instead of 0.2 s for 500 reports, the batch's
  // writer held up that much less, and the reports pack as small (0.105 of their size against 0.108).
  ZDICT_fastCover_params_t params{};
  params.k = 2000;
  params.d = 8;
  params.f = 20;
  params.accel = 1;
  params.zParams.compressionLevel = kLevel;
  size_t n = ZDICT_trainFromBuffer_fastCover(dict.data(), dict.size(), samples.data(), sizes.data(),
                                             static_cast<unsigned>(sizes.size()), params);
  if (ZDICT_isError(n)) return core::Error{std::string("report dictionary: ") + ZDICT_getErrorName(n), path_};
  dict.resize(n);
  auto p = ReportPacker::with_dictionary(dict);
  if (!p) return core::Error{"report dictionary: zstd did not take the trained dictionary", path_};
  // an id already taken (the same samples trained twice, or by another writer of a PostgreSQL store): keep packing
  // with what there is
  bool inserted = false;
  auto ins = db_->query(
      "INSERT INTO report_dicts (dict_id, dict, tool_version, trained_through, created_at) VALUES (?1, ?2, ?3, ?4, ?5) "
      "ON CONFLICT (dict_id) DO NOTHING RETURNING dict_id",
      {Value::integer(p->dictionary_id()), Value::blob(dict), Value::text(tool_version),
       Value::integer(through), Value::text(core::Timestamp{static_cast<int64_t>(std::time(nullptr)), 0}.iso8601())},
      [&](const Row&) {
        inserted = true;
        return true;
      });
  if (!ins) return core::Error{"cannot save the report dictionary: " + ins.error().what, path_};
  if (!inserted) return core::Error{"report dictionary " + std::to_string(p->dictionary_id()) + " exists already", path_};
  packer_ = std::move(p);
  dict_tool_version_ = tool_version;
  dict_trained_through_ = through;
  dict_uncommitted_ = in_tx_;  // a rollback takes the dictionary away again
  return packer_->dictionary_id();
}

core::Result<std::string> CaseStore::unpack(const std::string& packed, const std::string& sha256) {
  const std::string what = sha256.empty() ? "a stored report" : "stored report of " + sha256;
  // the plain JSON text (schema 1 and 2)
  if (!packed.empty() && packed.front() == '{') return packed;
  // a zlib stream (schema 3 to 6)
  if (!is_zstd_frame(packed)) {
    auto out = unpack_zlib(packed);
    if (!out) return core::Error{what + " is damaged", path_};
    return *out;
  }
  unsigned long long size = ZSTD_getFrameContentSize(packed.data(), packed.size());
  if (size == ZSTD_CONTENTSIZE_ERROR || size == ZSTD_CONTENTSIZE_UNKNOWN || size > kMaxReportBytes)
    return core::Error{what + " is damaged", path_};
  ZSTD_DDict* ddict = nullptr;
  if (uint32_t id = ZSTD_getDictID_fromFrame(packed.data(), packed.size())) {
    auto it = ddicts_.find(id);
    if (it == ddicts_.end()) {
      std::optional<std::string> dict;
      auto r = db_->query("SELECT dict FROM report_dicts WHERE dict_id = ?1", {Value::integer(id)}, [&](const Row& row) {
        dict = row[0];
        return false;
      });
      if (!r) return core::Error{"cannot read report dictionary " + std::to_string(id) + ": " + r.error().what, path_};
      if (!dict)
        return core::Error{what + " was packed with report dictionary " + std::to_string(id) + ", which the store lacks",
                           path_};
      ZSTD_DDict* d = ZSTD_createDDict(dict->data(), dict->size());
      if (!d) return core::Error{"report dictionary " + std::to_string(id) + " is damaged", path_};
      it = ddicts_.emplace(id, std::shared_ptr<ZSTD_DDict_s>(d, ZSTD_freeDDict)).first;
    }
    ddict = it->second.get();
  }
  ZSTD_DCtx* ctx = thread_dctx();
  if (!ctx) return core::Error{"cannot unpack " + what + ": out of memory", path_};
  std::string out(static_cast<size_t>(size), '\0');
  size_t n = ddict ? ZSTD_decompress_usingDDict(ctx, out.data(), out.size(), packed.data(), packed.size(), ddict)
                   : ZSTD_decompressDCtx(ctx, out.data(), out.size(), packed.data(), packed.size());
  if (ZSTD_isError(n) || n != size) return core::Error{what + " is damaged", path_};
  return out;
}

}  // namespace ps::store
