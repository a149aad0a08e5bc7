#include "batch/batch.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <filesystem>
#include <mutex>
#include <optional>
#include <set>
#include <thread>

#include "core/text.h"
#include "ingest/sources.h"
#include "report/report.h"

namespace ps::batch {

namespace {

using Clock = std::chrono::steady_clock;

struct Job {
  size_t seq = 0;
  std::string item;
  std::optional<ingest::RawMessage> raw;
  std::string error;  // when the message could not be read
  size_t bytes = 0;   // of memory it holds, roughly (for the limit on what is in flight)
};

// What a worker hands to the writer: the line, the store row and the summary facts (the Analysis itself stays and
// is freed in the worker: memory allocated in one thread and freed in another costs glibc malloc dearly).
struct Result {
  size_t worker = 0;  // the worker that made it, and frees it
  std::string item;
  std::string error;
  bool ok = false;
  std::string json;
  std::optional<store::CaseRow> row;
  std::string verdict, brand, sender_as, sender_country;
  std::vector<std::string> link_domains;  // registrable domains of links off the official ones, unique
  size_t bytes = 0;                       // of memory it holds, roughly
};

std::string absolute(const std::string& p) {
  if (p == "-" || p.empty()) return p;
  std::error_code ec;
  auto a = std::filesystem::absolute(p, ec);
  return ec ? p : a.lexically_normal().string();
}

std::string default_run_name(const Options& o) {
  std::string key;
  for (const auto& p : o.paths) key += absolute(p) + "\n";
  key += "jsonl:" + absolute(o.jsonl_path);
  return "auto-" + core::sha256_hex(key).substr(0, 16);
}

std::vector<core::CountOf> top(const std::map<std::string, size_t>& m, size_t n) {
  std::vector<core::CountOf> v;
  for (const auto& [k, c] : m) v.push_back({k, static_cast<int64_t>(c)});
  std::stable_sort(v.begin(), v.end(), [](const core::CountOf& a, const core::CountOf& b) { return a.n > b.n; });
  if (v.size() > n) v.resize(n);
  return v;
}

std::string duration(double s) {
  if (s < 0) s = 0;
  auto t = static_cast<long long>(s + 0.5);
  return fmt::format("{}:{:02}:{:02}", t / 3600, (t / 60) % 60, t % 60);
}

// Output file for JSON Lines with the offsets a resumed run needs.
class LinesOut {
 public:
  ~LinesOut() {
    if (fd_ > 2) ::close(fd_);
  }
  core::Result<bool> open(const std::string& path, int64_t keep) {
    path_ = path;
    if (path == "-") {
      fd_ = 1;
      pos_ = 0;
      return true;
    }
    fd_ = ::open(path.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
    if (fd_ < 0) return core::Error{std::string("cannot write: ") + std::strerror(errno), path};
    // what belongs to recorded items stays; a line written after the last commit goes (it is written again)
    if (::ftruncate(fd_, keep) != 0 || ::lseek(fd_, keep, SEEK_SET) != keep)
      return core::Error{std::string("cannot truncate to the resumed length: ") + std::strerror(errno), path};
    pos_ = keep;
    return true;
  }
  bool enabled() const { return fd_ >= 0; }
  int64_t pos() const { return pos_; }
  core::Result<bool> write(const std::string& s) {
    size_t done = 0;
    while (done < s.size()) {
      ssize_t n = ::write(fd_, s.data() + done, s.size() - done);
      if (n < 0) {
        if (errno == EINTR) continue;
        return core::Error{std::string("write failed: ") + std::strerror(errno), path_};
      }
      done += static_cast<size_t>(n);
    }
    pos_ += static_cast<int64_t>(s.size());
    return true;
  }
  // back to `keep` bytes (a file; standard output cannot be taken back)
  void cut(int64_t keep) {
    if (fd_ <= 2 || keep >= pos_) return;
    if (::ftruncate(fd_, keep) == 0 && ::lseek(fd_, keep, SEEK_SET) == keep) pos_ = keep;
  }
  // before the store commits the offsets: the lines are on disk
  core::Result<bool> sync() {
    if (fd_ > 2 && ::fdatasync(fd_) != 0) return core::Error{std::string("fdatasync failed: ") + std::strerror(errno), path_};
    return true;
  }

 private:
  int fd_ = -1;
  int64_t pos_ = 0;
  std::string path_;
};

}  // namespace

core::Result<Summary> run(const Options& o, const pipeline::Resources& res, enrich::ObservationSource& source,
                          store::CaseStore* store, Progress progress) {
  Summary sum;
  sum.run = o.run.empty() ? default_run_name(o) : o.run;
  auto start = Clock::now();
  for (const auto& p : o.paths) {
    auto n = ingest::count_messages(p);
    if (!n) return n.error();
    sum.total += *n;
  }
  if (o.fresh && store) {
    auto f = store->forget_run(sum.run);
    if (!f) return f.error();
  }
  auto state = store ? store->run_state(sum.run) : core::Result<store::RunState>(store::RunState{});
  if (!state) return state.error();
  LinesOut lines;
  if (!o.jsonl_path.empty()) {
    auto opened = lines.open(o.jsonl_path, state->done.empty() ? 0 : state->out_end);
    if (!opened) return opened.error();
  }

  const size_t workers = o.workers > 0 ? static_cast<size_t>(o.workers)
                                       : std::max<size_t>(1, std::thread::hardware_concurrency());
  // Messages in flight (read, analysed or not, not yet written), limited in number and in bytes: memory is bounded
  // whatever the mailbox and its mails' sizes. The limit is high enough for the workers to go on through the
  // writer's pauses (a commit that checkpoints the store's log, training a report dictionary: 0.1-0.3 s, when they
  // used to run out of work after 32 messages each).
  const size_t cap = workers * 512;
  const size_t byte_cap = size_t{32} << 20;
  // Threads hand work over in batches, not one message at a time: every wake-up is a system call (two with the
  // sleep), which costs more than storing a case on a virtual machine. The reader, once a limit is reached, waits
  // until the writer has brought what is in flight down to half of it; the writer wakes for a batch of results
  // (or after a short while, so that a slow analysis still shows progress).
  const size_t low_water = cap / 2, byte_low_water = byte_cap / 2;
  // With a core to spare (fewer workers than cores), the writer compresses the reports: the workers' time is what
  // the run waits for. With every core analysing, the workers do it, and the writer only writes.
  const bool writer_packs = store && workers < std::max<size_t>(1, std::thread::hardware_concurrency());
  const size_t result_batch = workers * 8;
  const auto writer_patience = std::chrono::milliseconds(200);

  std::mutex m;
  std::condition_variable cv_jobs, cv_space, cv_results;
  std::deque<Job> jobs;
  std::map<size_t, Result> results;
  size_t in_flight = 0, in_flight_bytes = 0, seq_count = 0;
  auto below_low_water = [&] { return in_flight <= low_water && in_flight_bytes <= byte_low_water; };
  bool reader_done = false, abort = false;
  std::atomic<size_t> resumed{0};
  // The store's report packer, which changes when the store trains a report dictionary; workers take it with a job.
  std::shared_ptr<const store::ReportPacker> packer = store ? store->packer() : nullptr;
  std::optional<core::Error> reader_error;

  std::thread reader([&] {
    for (const auto& p : o.paths) {
      auto r = ingest::for_each_message(p, o.analysis.limits, [&](core::Result<ingest::RawMessage> msg) -> bool {
        Job j;
        j.item = msg ? msg->source : msg.error().where;
        if (!msg) j.error = msg.error().what;
        else j.raw = std::move(*msg);
        j.bytes = sizeof(Job) + j.item.size() + j.error.size() + (j.raw ? j.raw->bytes.size() + j.raw->source.size() : 0);
        std::unique_lock lk(m);
        if (state->done.count(j.item)) {
          ++resumed;
          return !abort;
        }
        if (in_flight >= cap || (in_flight > 0 && in_flight_bytes >= byte_cap))
          cv_space.wait(lk, [&] { return below_low_water() || in_flight == 0 || abort; });
        if (abort) return false;
        j.seq = seq_count++;
        ++in_flight;
        in_flight_bytes += j.bytes;
        jobs.push_back(std::move(j));
        cv_jobs.notify_one();
        return true;
      });
      if (!r) {
        std::lock_guard lk(m);
        reader_error = r.error();
        abort = true;
        break;
      }
      std::lock_guard lk(m);
      if (abort) break;
    }
    std::lock_guard lk(m);
    reader_done = true;
    cv_jobs.notify_all();
    cv_results.notify_all();
  });

  // glibc's malloc pays dearly for memory freed by another thread than the one that allocated it (the allocating
  // thread's fast paths no longer get it back): the writer hands each result back to its worker to free.
  std::vector<std::vector<Result>> spent(workers);
  std::vector<std::thread> pool;
  const auto& catalog = res.catalog(o.lang);
  for (size_t w = 0; w < workers; ++w) {
    pool.emplace_back([&, w] {
      std::vector<Result> mine;  // results the writer is done with, freed here by the thread that allocated them
      std::shared_ptr<const store::ReportPacker> my_packer;
      for (;;) {
        Job j;
        mine.clear();
        {
          std::unique_lock lk(m);
          cv_jobs.wait(lk, [&] { return !jobs.empty() || reader_done || abort; });
          mine.swap(spent[w]);
          if (jobs.empty() || abort) return;
          j = std::move(jobs.front());
          jobs.pop_front();
          if (store && !writer_packs && my_packer != packer) my_packer = packer;
        }
        mine.clear();
        Result r;
        r.worker = w;
        r.item = j.item;
        if (j.raw) {
          core::Analysis a = pipeline::analyze(*j.raw, res, source, o.analysis);
          j.raw.reset();
          r.ok = true;
          r.json = report::to_json(a, catalog, o.lang, -1);
          if (store) r.row = store::case_row(a, writer_packs ? std::string() : my_packer->pack(r.json));
          if (o.jsonl_path.empty() && !writer_packs) std::string().swap(r.json);  // freed here, by the thread that made it
          r.verdict = a.verdict.level;
          if (a.brand) r.brand = a.brand->name_en;
          const auto& ipf = a.enrichment.sender.ip_facts;
          if (ipf.asn) r.sender_as = fmt::format("AS{} {}", *ipf.asn, ipf.as_org);
          r.sender_country = ipf.country;
          for (const auto& l : a.content.links)
            if (!l.official && !l.registrable_domain.empty() &&
                std::find(r.link_domains.begin(), r.link_domains.end(), l.registrable_domain) == r.link_domains.end())
              r.link_domains.push_back(l.registrable_domain);
        } else {
          r.error = j.error;
        }
        r.bytes = sizeof(Result) + r.item.size() + r.error.size() + r.json.capacity() +
                  (r.row ? sizeof(store::CaseRow) + r.row->packed_report.size() + r.row->subject.size() : 0);
        std::lock_guard lk(m);
        in_flight_bytes = in_flight_bytes - j.bytes + r.bytes;  // the message is freed, its result is held
        results.emplace(j.seq, std::move(r));
        // the writer is woken for a batch, or when nothing more is coming soon
        if (results.size() >= result_batch || jobs.empty()) cv_results.notify_one();
      }
    });
  }

  // The writer: results in input order, into the store and the output, committed every few dozen messages.
  std::map<std::string, size_t> brands, asns, countries, domains;
  std::optional<core::Error> write_error;
  size_t next = 0, uncommitted = 0;
  auto last_draw = Clock::now() - std::chrono::hours(1);
  auto draw = [&](bool final) {
    if (!progress.out) return;
    auto now = Clock::now();
    auto since = std::chrono::duration<double>(now - last_draw).count();
    if (!final && since < (progress.tty ? 0.2 : 10.0)) return;
    last_draw = now;
    double el = std::chrono::duration<double>(now - start).count();
    size_t done = sum.analysed + sum.failed;
    size_t skipped = resumed.load();
    size_t all = sum.total > skipped ? sum.total - skipped : done;
    double rate = el > 0 ? done / el : 0;
    double pct = all ? 100.0 * done / all : 100.0;
    std::string eta = rate > 0 && all > done ? duration((all - done) / rate) : duration(0);
    if (progress.tty) {
      int width = 30, fill = all ? static_cast<int>(width * std::min<size_t>(done, all) / all) : width;
      std::fprintf(progress.out, "\r[%s%s] %zu/%zu %5.1f%% %.0f msg/s ETA %s ", std::string(fill, '#').c_str(),
                   std::string(width - fill, '.').c_str(), done, all, pct, rate, eta.c_str());
      if (final) std::fputc('\n', progress.out);
    } else {
      std::fprintf(progress.out, "phishscope batch: %zu/%zu messages (%.1f%%), %.0f msg/s, ETA %s\n", done, all, pct,
                   rate, eta.c_str());
    }
    std::fflush(progress.out);
  };
  auto last_commit = Clock::now();
  int64_t committed_pos = lines.pos();  // of the output, at the last commit
  auto commit = [&]() -> core::Result<bool> {
    last_commit = Clock::now();
    if (uncommitted == 0) return true;
    if (lines.enabled()) {
      auto s = lines.sync();
      if (!s) return s;
    }
    uncommitted = 0;
    auto c = store ? store->commit() : core::Result<bool>(true);
    if (c) committed_pos = lines.pos();
    return c;
  };
  auto handle = [&](Result& r) -> core::Result<bool> {
    if (uncommitted == 0 && store) {
      auto b = store->begin();
      if (!b) return b;
    }
    ++uncommitted;
    std::string sha;
    if (r.ok) {
      if (r.row) {
        if (writer_packs) r.row->packed_report = store->packer()->pack(r.json);
        sha = r.row->sha256;
        auto saved = store->save_row(*r.row);
        if (!saved) return saved;
      }
      if (lines.enabled()) {
        r.json += "\n";
        auto w = lines.write(r.json);
        if (!w) return w;
      }
      ++sum.analysed;
      ++sum.verdicts[r.verdict];
      if (!r.brand.empty()) ++brands[r.brand];
      if (!r.sender_as.empty()) ++asns[r.sender_as];
      if (!r.sender_country.empty()) ++countries[r.sender_country];
      for (const auto& d : r.link_domains) ++domains[d];
    } else {
      ++sum.failed;
      if (sum.errors.size() < 20) sum.errors.push_back(r.item + ": " + r.error);
      if (progress.out && progress.tty) std::fputc('\n', progress.out);
      std::fprintf(stderr, "phishscope: error: %s: %s\n", r.item.c_str(), r.error.c_str());
    }
    if (store) {
      auto marked = store->mark_item(sum.run, r.item, sha, r.ok ? "ok" : "error", lines.pos());
      if (!marked) return marked;
    }
    if (uncommitted >= o.commit_every ||
        std::chrono::duration<double>(Clock::now() - last_commit).count() >= o.commit_seconds)
      return commit();
    return true;
  };

  std::vector<Result> ready;
  for (bool finished = false; !finished;) {
    {
      std::unique_lock lk(m);
      for (auto& r : ready) spent[r.worker].push_back(std::move(r));
      ready.clear();
      if (store && packer != store->packer()) packer = store->packer();  // a dictionary was trained
      auto done = [&] { return (reader_done && next == seq_count) || abort; };
      cv_results.wait_for(lk, writer_patience, [&] {
        return done() || (results.count(next) && (results.size() >= result_batch || jobs.empty() || reader_done));
      });
      // every result that is next in input order
      for (auto it = results.find(next); it != results.end() && it->first == next; it = results.erase(it)) {
        ready.push_back(std::move(it->second));
        ++next;
      }
      in_flight -= ready.size();
      for (const auto& r : ready) in_flight_bytes -= r.bytes;
      if (!ready.empty() && below_low_water()) cv_space.notify_one();
      if (ready.empty() && done()) finished = true;  // reader done and everything written, or aborted
    }
    for (auto& r : ready) {
      auto h = handle(r);
      if (!h) {
        write_error = h.error();
        std::lock_guard lk(m);
        abort = true;
        cv_space.notify_all();
        cv_jobs.notify_all();
        finished = true;
        break;
      }
      draw(false);
    }
  }
  reader.join();
  for (auto& t : pool) t.join();
  if (!write_error) {
    auto c = commit();
    if (!c) write_error = c.error();
  } else if (store) {
    // the store is back at its last commit (a failed save rolls the transaction back): the output is cut back to
    // what it recorded, as a resumed run would
    store->rollback();
    lines.cut(committed_pos);
  }
  draw(true);
  if (write_error) return *write_error;
  if (reader_error) return *reader_error;
  sum.resumed = resumed.load();
  sum.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  sum.brands = top(brands, 10);
  sum.sender_asns = top(asns, 10);
  sum.sender_countries = top(countries, 10);
  sum.link_domains = top(domains, 10);
  return sum;
}

std::string format_summary(const Summary& s) {
  std::string out;
  out += fmt::format("run {}: {} messages, {} analysed, {} done by an earlier run, {} unreadable, {:.1f} s ({:.0f} msg/s)\n",
                     s.run, s.total, s.analysed, s.resumed, s.failed, s.seconds,
                     s.seconds > 0 ? s.analysed / s.seconds : 0.0);
  out += "verdicts:";
  for (const char* v : {"phishing", "suspicious", "spam", "clean"}) {
    auto it = s.verdicts.find(v);
    out += fmt::format(" {} {}", v, it == s.verdicts.end() ? 0 : it->second);
  }
  out += "\n";
  auto list = [&](const char* title, const std::vector<core::CountOf>& v) {
    if (v.empty()) return;
    out += std::string(title) + ":\n";
    for (const auto& c : v) out += fmt::format("  {:>7}  {}\n", c.n, c.key);
  };
  list("brands", s.brands);
  list("sender networks (AS)", s.sender_asns);
  list("sender countries", s.sender_countries);
  list("link domains (not official)", s.link_domains);
  if (!s.errors.empty()) {
    out += "unreadable:\n";
    for (const auto& e : s.errors) out += "  " + e + "\n";
  }
  return out;
}

}  // namespace ps::batch
