// phishscope-bench: throughput of the full offline analysis against a GMime-only parse of the same messages, in
// one process, one core. Messages are streamed from the source (one in memory at a time), so peak RSS does not
// grow with their number.
//
//   phishscope-bench PATH [--rounds N] [--only gmime|analyze] [--store FILE]
//     PATH: a directory of .eml, a Maildir or an mbox
//     --store FILE: also the case store's work per message (packing the report, saving the case and its batch item
//     in transactions of 2,048 as `phishscope batch` does) into a fresh SQLite store FILE, against the analysis's.
//     On two cores, two batch workers reach 1.6x one worker only when this is under a quarter of the analysis.
#include <gmime/gmime.h>
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "enrich/observations.h"
#include "ingest/sources.h"
#include "parse/parse.h"
#include "pipeline/pipeline.h"
#include "report/report.h"
#include "store/store.h"

namespace {

// The baseline: what GMime alone does to read a message: build the MIME tree and decode every leaf part's content.
size_t gmime_only(const std::string& bytes) {
  GMimeStream* stream = g_mime_stream_mem_new_with_buffer(bytes.data(), bytes.size());
  GMimeParser* parser = g_mime_parser_new_with_stream(stream);
  GMimeMessage* msg = g_mime_parser_construct_message(parser, nullptr);
  size_t decoded = 0;
  if (msg) {
    GMimePartIter* it = g_mime_part_iter_new(GMIME_OBJECT(msg));
    if (g_mime_part_iter_is_valid(it)) {
      do {
        GMimeObject* o = g_mime_part_iter_get_current(it);
        if (GMIME_IS_PART(o)) {
          GMimeDataWrapper* w = g_mime_part_get_content(GMIME_PART(o));
          if (w) {
            GMimeStream* out = g_mime_stream_mem_new();
            g_mime_data_wrapper_write_to_stream(w, out);
            decoded += g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(out))->len;
            g_object_unref(out);
          }
        }
      } while (g_mime_part_iter_next(it));
    }
    g_mime_part_iter_free(it);
    g_object_unref(msg);
  }
  g_object_unref(parser);
  g_object_unref(stream);
  return decoded;
}

double peak_rss_mb() {
  struct rusage ru {};
  getrusage(RUSAGE_SELF, &ru);
  return ru.ru_maxrss / 1024.0;
}

}  // namespace

int main(int argc, char** argv) {
  const char* usage = "usage: phishscope-bench PATH [--rounds N] [--only gmime|analyze] [--store FILE]\n";
  if (argc < 2 || argv[1][0] == '-') {
    std::fputs(usage, stderr);
    return 2;
  }
  std::string path = argv[1];
  int rounds = 3;
  std::string only, store_path;
  for (int i = 2; i < argc; i += 2) {
    std::string a = argv[i];
    if (i + 1 >= argc) {
      std::fprintf(stderr, "phishscope-bench: error: %s needs a value\n%s", a.c_str(), usage);
      return 2;
    }
    std::string v = argv[i + 1];
    if (a == "--rounds" && std::atoi(v.c_str()) > 0) rounds = std::atoi(v.c_str());
    else if (a == "--only" && (v == "gmime" || v == "analyze")) only = v;
    else if (a == "--store") store_path = v;
    else {
      std::fprintf(stderr, "phishscope-bench: error: unknown option or value: %s %s\n%s", a.c_str(), v.c_str(), usage);
      return 2;
    }
  }
  {
    // a mailbox that cannot be read is an error, not a benchmark of nothing
    auto kind = ps::ingest::detect_source(path);
    if (!kind) {
      std::fprintf(stderr, "phishscope-bench: error: %s\n", kind.error().str().c_str());
      return 2;
    }
  }
  ps::parse::init();  // GMime set up as phishscope sets it up, for the baseline too
  auto res = ps::pipeline::Resources::load(ps::pipeline::default_data_dir());
  if (!res) {
    std::fprintf(stderr, "phishscope-bench: error: %s\n", res.error().str().c_str());
    return 3;
  }
  ps::core::Limits limits;
  ps::enrich::NoLookupSource offline;
  ps::pipeline::Options opts;
  opts.now = "2026-01-01T00:00:00Z";

  ps::pipeline::StageTimes stages;
  opts.times = &stages;
  double json_secs = 0, gmime_work_secs = 0, full_work_secs = 0;
  auto since = [](std::chrono::steady_clock::time_point t) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
  };

  auto run = [&](bool full, size_t& messages, size_t& bytes) {
    messages = 0;
    bytes = 0;
    size_t sink = 0;
    auto t0 = std::chrono::steady_clock::now();
    for (int r = 0; r < rounds; ++r) {
      ps::ingest::for_each_message(path, limits, [&](ps::core::Result<ps::ingest::RawMessage> m) {
        if (!m) return true;
        ++messages;
        bytes += m->bytes.size();
        auto w0 = std::chrono::steady_clock::now();
        if (full) {
          ps::core::Analysis a = ps::pipeline::analyze(*m, **res, offline, opts);
          auto j0 = std::chrono::steady_clock::now();
          sink += ps::report::to_json(a, (*res)->ja, "ja", -1).size();  // JSON Lines, as analyze DIR --format json
          json_secs += since(j0);
          full_work_secs += since(w0);  // includes freeing the analysis
        } else {
          sink += gmime_only(m->bytes);
          gmime_work_secs += since(w0);
        }
        return true;
      });
    }
    double secs = since(t0);
    if (sink == 42) std::puts("");  // keep the work observable
    return secs;
  };

  // warm-up: read every message once, so that neither phase pays for a cold page cache
  {
    size_t warm = 0;
    ps::ingest::for_each_message(path, limits, [&](ps::core::Result<ps::ingest::RawMessage> m) {
      if (m) warm += m->bytes.size();
      return true;
    });
    if (warm == 42) std::puts("");
  }
  size_t n1 = 0, b1 = 0, n2 = 0, b2 = 0;
  double t_gmime = only == "analyze" ? 0 : run(false, n1, b1);
  double t_full = only == "gmime" ? 0 : run(true, n2, b2);
  size_t n = std::max(n1, n2), b = std::max(b1, b2);
  std::printf("messages: %zu (%d rounds), %.1f MB\n", n, rounds, b / 1e6);
  if (t_gmime > 0)
    std::printf("gmime-only parse:    %10.1f msg/s %8.2f MB/s\n", n1 / t_gmime, b1 / 1e6 / t_gmime);
  if (t_full > 0)
    std::printf("phishscope analyze:  %10.1f msg/s %8.2f MB/s  (parse, decode, extract, brand, offline enrich, detect, JSON)\n",
                n2 / t_full, b2 / 1e6 / t_full);
  if (t_gmime > 0 && t_full > 0)
    std::printf("ratio analyze/gmime: %.2f (target >= 0.50)\n", (n2 / t_full) / (n1 / t_gmime));
  if (t_gmime > 0 && n1)
    std::printf("  gmime-only, per message: reading %.1f us, parsing %.1f us\n", (t_gmime - gmime_work_secs) / n1 * 1e6,
                gmime_work_secs / n1 * 1e6);
  if (t_full > 0 && n2) {
    auto us = [&](double s) { return s / n2 * 1e6; };
    double staged = stages.parse + stages.extract + stages.brand + stages.enrich + stages.detect;
    std::printf("  analyze, per message: reading %.1f us, parse %.1f, extract %.1f, brand %.1f, enrich %.1f, detect %.1f, "
                "JSON %.1f, the rest (set-up, freeing) %.1f us\n",
                us(t_full - full_work_secs), us(stages.parse), us(stages.extract), us(stages.brand), us(stages.enrich),
                us(stages.detect), us(json_secs), us(full_work_secs - staged - json_secs));
  }
  if (!store_path.empty() && t_full > 0 && n2) {
    // each message once (a fresh store: every case new, as in a batch over a new mailbox)
    for (const char* suffix : {"", "-wal", "-shm"}) std::remove((store_path + suffix).c_str());
    auto st = ps::store::CaseStore::open(store_path);
    if (!st) {
      std::fprintf(stderr, "phishscope-bench: error: %s\n", st.error().str().c_str());
      return 3;
    }
    auto& store = **st;
    double pack_secs = 0, row_secs = 0, save_secs = 0;
    size_t saved = 0, in_tx = 0;
    opts.times = nullptr;
    ps::ingest::for_each_message(path, limits, [&](ps::core::Result<ps::ingest::RawMessage> m) {
      if (!m) return true;
      ps::core::Analysis a = ps::pipeline::analyze(*m, **res, offline, opts);
      std::string json = ps::report::to_json(a, (*res)->ja, "ja", -1);
      auto t0 = std::chrono::steady_clock::now();
      std::string packed = store.packer()->pack(json);
      auto t1 = std::chrono::steady_clock::now();
      ps::store::CaseRow row = ps::store::case_row(a, std::move(packed));
      auto t2 = std::chrono::steady_clock::now();
      if (in_tx == 0) store.begin();
      bool ok = store.save_row(row).ok() &&
                store.mark_item("bench", m->source, row.sha256, "ok", static_cast<int64_t>(saved)).ok();
      if (++in_tx == 2048) {
        store.commit();
        in_tx = 0;
      }
      save_secs += since(t2);
      pack_secs += std::chrono::duration<double>(t1 - t0).count();
      row_secs += std::chrono::duration<double>(t2 - t1).count();
      if (ok) ++saved;
      return true;
    });
    auto t0 = std::chrono::steady_clock::now();
    if (in_tx) store.commit();
    save_secs += since(t0);
    if (saved) {
      double analysis_us = full_work_secs / n2 * 1e6;
      double store_us = (pack_secs + row_secs + save_secs) / saved * 1e6;
      std::printf("store: %zu cases saved, per case: pack %.1f us, case row %.1f us, save and batch item %.1f us\n",
                  saved, pack_secs / saved * 1e6, row_secs / saved * 1e6, save_secs / saved * 1e6);
      std::printf("store/analysis: %.2f (%.1f / %.1f us; 2 batch workers reach 1.6x one on 2 cores at <= 0.25)\n",
                  store_us / analysis_us, store_us, analysis_us);
    }
  }
  std::printf("peak RSS: %.1f MB\n", peak_rss_mb());
  return 0;
}
