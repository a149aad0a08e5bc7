// phishscope command line: a thin layer over pipeline::analyze().
#include <CLI/CLI.hpp>
#include <algorithm>
#include <nlohmann/json.hpp>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <fmt/format.h>
#include <filesystem>
#include <variant>
#include <fstream>
#include <unistd.h>

#include "batch/batch.h"

#include "core/ip.h"
#include "core/time.h"
#include "eval/corpus.h"
#include "eval/eval.h"
#include "core/platforms.h"
#include "core/text.h"
#include "enrich/blocklist.h"
#include "enrich/ipdb.h"
#include "enrich/http.h"
#include "enrich/online.h"
#include "enrich/observations.h"
#include "ingest/ingest.h"
#include "ingest/sources.h"
#include "pipeline/pipeline.h"
#include "extract/url.h"
#include "report/json_writer.h"
#include "report/report.h"
#include "store/store.h"

namespace {

int fail(const std::string& msg, int code) {
  std::fprintf(stderr, "phishscope: error: %s\n", msg.c_str());
  return code;
}

int run_url(std::string url, const std::string& format, const std::string& lang, const std::string& data_dir) {
  auto res = ps::pipeline::Resources::load(data_dir.empty() ? ps::pipeline::default_data_dir() : data_dir);
  if (!res) return fail(res.error().str(), 3);
  // accept what analysts paste: defanged, full-width, surrounded by text
  auto found = ps::extract::find_urls_in_text(url);
  if (!found.empty()) url = found.front().url;
  auto u = ps::pipeline::analyze_url(url, **res);
  if (!u.link.scheme.empty() && u.link.host.empty()) return fail("not a URL with a host: '" + url + "'", 2);
  if (u.link.host.empty()) return fail("not a URL: '" + url + "'", 2);
  const auto& l = u.link;
  if (format == "json") {
    ps::report::JsonWriter w(2);
    w.begin_object();
    w.kv("url", l.url).kv("defanged", l.defanged).kv("scheme", l.scheme).kv("host", l.host);
    w.key("host_ascii").str_or_null(l.host_ascii);
    w.key("host_unicode").str_or_null(l.host_unicode);
    w.key("registrable_domain").str_or_null(l.registrable_domain);
    w.key("public_suffix").str_or_null(l.public_suffix);
    w.kv("path", l.path).kv("official", l.official);
    w.key("lookalike_of").str_or_null(l.lookalike_of);
    w.key("brand");
    if (u.brand) {
      w.begin_object().kv("id", u.brand->id).kv("name", lang == "en" ? u.brand->name_en : u.brand->name_ja);
      w.kv("official_domain", u.brand->official_domains.front()).kv("official_url", u.brand->official_url);
      w.key("advisory_url").str_or_null(u.brand->advisory_url);
      w.end_object();
    } else {
      w.null();
    }
    w.key("techniques").begin_array();
    for (const auto& t : l.techniques) w.value(t);
    w.end_array();
    w.end_object();
    std::printf("%s\n", w.str().c_str());
    return 0;
  }
  const auto& cat = (*res)->catalog(lang);
  std::printf("URL:        %s\n", ps::core::visible_text(l.defanged).c_str());
  std::printf("host:       %s%s\n", ps::core::visible_text(l.host).c_str(),
              l.host_unicode.empty() || l.host_unicode == l.host ? "" : ps::core::visible_text(" (" + l.host_unicode + ")").c_str());
  if (!l.host_ascii.empty() && l.host_ascii != l.host) std::printf("punycode:   %s\n", l.host_ascii.c_str());
  std::printf("domain:     %s\n", l.registrable_domain.empty() ? "-" : l.registrable_domain.c_str());
  if (u.brand)
    std::printf("brand:      %s (official: %s)\n", (lang == "en" ? u.brand->name_en : u.brand->name_ja).c_str(),
                u.brand->official_domains.front().c_str());
  else
    std::printf("brand:      -\n");
  if (l.official) std::printf("official:   yes\n");
  for (const auto& t : l.techniques) std::printf("technique:  %s  %s\n", t.c_str(), cat.text("technique." + t).c_str());
  return 0;
}

// The observation sources of a run: a replayed recording, online lookups (--online, through the observation cache)
// or none; the offline IP data on top, then local block lists, then a recorder on top of everything.
struct SourceOptions {
  std::string observations, ipdb_dir, data_dir;
  bool no_ipdb = false, record = false;
  std::vector<std::string> blocklists;
  bool online = false, probe = false, no_browser = false, no_cache = false, refresh = false, allow_loopback = false;
  std::string config, cache, screenshot_dir;
};

struct Sources {
  std::unique_ptr<ps::enrich::ObservationSource> base;
  std::unique_ptr<ps::enrich::CachingSource> cache;
  std::unique_ptr<ps::enrich::IpDatabaseSource> ipdb;
  std::unique_ptr<ps::enrich::BlocklistSource> lists;
  std::unique_ptr<ps::enrich::RecordingSource> recorder;
  ps::enrich::ObservationSource* top = nullptr;
};

std::string default_config_path() {
  if (const char* x = std::getenv("XDG_CONFIG_HOME"); x && *x) return std::string(x) + "/phishscope/config.json";
  if (const char* h = std::getenv("HOME"); h && *h) return std::string(h) + "/.config/phishscope/config.json";
  return "";
}

ps::core::Result<Sources> make_sources(const SourceOptions& o) {
  Sources s;
  std::string data_dir = o.data_dir.empty() ? ps::pipeline::default_data_dir() : o.data_dir;
  if (!o.online && (o.probe || !o.config.empty() || o.refresh))
    return ps::core::Error{"--probe, --config and --refresh need --online", ""};
  if (!o.observations.empty()) {
    if (o.online) return ps::core::Error{"--observations replays a recording; it does not go with --online", ""};
    auto replay = ps::enrich::ReplaySource::load(o.observations);
    if (!replay) return replay.error();
    s.base = std::move(*replay);
    s.top = s.base.get();
  } else if (o.online) {
    ps::enrich::OnlineConfig cfg;
    cfg.rdap_dir = data_dir + "/rdap";
    std::string config = o.config.empty() ? default_config_path() : o.config;
    if (!config.empty() && (!o.config.empty() || std::filesystem::exists(config))) {
      auto loaded = ps::enrich::load_online_config(config, cfg);
      if (!loaded) return loaded.error();
    }
    if (!std::filesystem::exists(cfg.rdap_dir)) cfg.rdap_dir.clear();
    cfg.probe = o.probe;
    cfg.probe_config.use_browser = !o.no_browser;
    cfg.guard.allow_loopback = o.allow_loopback;
    if (!o.screenshot_dir.empty()) cfg.probe_config.screenshot_dir = o.screenshot_dir;
    if (cfg.probe_config.screenshot_dir.empty()) {
      std::string store = ps::store::default_store_path();
      if (!store.empty()) cfg.probe_config.screenshot_dir = std::filesystem::path(store).parent_path() / "screenshots";
    }
    s.base = std::make_unique<ps::enrich::OnlineSource>(std::move(cfg));
    s.top = s.base.get();
    if (!o.no_cache) {
      std::string path = o.cache.empty() ? ps::enrich::default_observation_cache_path() : o.cache;
      auto cache = ps::enrich::CachingSource::open(path, *s.top);
      if (!cache) return cache.error();
      s.cache = std::move(*cache);
      s.cache->refresh = o.refresh;
      s.top = s.cache.get();
    }
  } else {
    s.base = std::make_unique<ps::enrich::NoLookupSource>();
    s.top = s.base.get();
  }
  if (!o.no_ipdb) {
    std::string ipdb_dir = o.ipdb_dir;
    bool explicit_dir = !ipdb_dir.empty();
    if (ipdb_dir.empty())
      if (const char* env = std::getenv("PHISHSCOPE_IPDB"); env && *env) {
        ipdb_dir = env;
        explicit_dir = true;
      }
    if (ipdb_dir.empty()) ipdb_dir = data_dir + "/ipdb";
    auto db = ps::enrich::IpDatabase::open(ipdb_dir, /*write_index=*/true);
    if (db) {
      s.ipdb = std::make_unique<ps::enrich::IpDatabaseSource>(std::shared_ptr<ps::enrich::IpDatabase>(std::move(*db)), *s.top);
      s.top = s.ipdb.get();
    } else if (explicit_dir) {
      return db.error();
    }
  }
  if (!o.blocklists.empty()) {
    std::vector<std::shared_ptr<ps::enrich::Blocklist>> loaded;
    for (const auto& path : o.blocklists) {
      auto l = ps::enrich::Blocklist::load(path);
      if (!l) return l.error();
      loaded.push_back(*l);
    }
    s.lists = std::make_unique<ps::enrich::BlocklistSource>(std::move(loaded), *s.top);
    s.top = s.lists.get();
  }
  if (o.record) {
    s.recorder = std::make_unique<ps::enrich::RecordingSource>(*s.top);
    s.top = s.recorder.get();
  }
  return s;
}

// The online options, the same for analyze and batch.
void add_online_options(CLI::App* cmd, SourceOptions& o) {
  cmd->add_flag("--online", o.online,
                "look facts up on the network: DNS (c-ares), IP owners (Team Cymru), RDAP, reputation services "
                "configured in the configuration file; answers are cached");
  cmd->add_flag("--probe", o.probe,
                "with --online: visit each link as several kinds of visitor (headless Chromium, sandboxed, through "
                "the SSRF guard), with screenshots");
  cmd->add_flag("--no-browser", o.no_browser, "with --probe: fetch pages without Chromium (no scripts, no screenshots)");
  cmd->add_option("--config", o.config,
                  "online configuration (API keys, resolvers; default $XDG_CONFIG_HOME/phishscope/config.json)");
  cmd->add_option("--cache", o.cache,
                  "observation cache (default $XDG_DATA_HOME/phishscope/observations.sqlite)");
  cmd->add_flag("--no-cache", o.no_cache, "with --online: neither read nor write the observation cache");
  cmd->add_flag("--refresh", o.refresh, "with --online: look everything up again (answers still cached)");
  cmd->add_option("--screenshots", o.screenshot_dir, "directory for the probe's screenshots (PNG named by SHA-256)");
  cmd->add_flag("--allow-loopback", o.allow_loopback,
                "let online lookups reach 127.0.0.1 (for tests with local fake servers; private, link-local and "
                "metadata addresses stay refused)");
}

// The case store of a run: --store FILE, else the default one in the user's data directory (created on first use);
// nothing with --no-store.
ps::core::Result<std::unique_ptr<ps::store::CaseStore>> open_store(std::string path, bool no_store) {
  if (no_store) return std::unique_ptr<ps::store::CaseStore>();
  if (path.empty()) {
    path = ps::store::default_store_path();
    if (path.empty())
      return ps::core::Error{"no case store: set HOME, XDG_DATA_HOME or PHISHSCOPE_STORE, or use --no-store", ""};
    if (!ps::store::is_store_url(path)) {
      std::error_code ec;
      std::filesystem::create_directories(std::filesystem::path(path).parent_path(), ec);
      if (ec) return ps::core::Error{"cannot create the case store's directory: " + ec.message(), path};
    }
  }
  auto st = ps::store::CaseStore::open(path);
  if (!st) return st.error();
  // campaigns leave out what shared platforms serve to everybody (data/platforms.json)
  static auto platforms = ps::core::Platforms::load(ps::pipeline::default_data_dir() + "/platforms.json");
  if (platforms) (*st)->set_platforms(&*platforms);
  return std::move(*st);
}

ps::core::Result<std::string> parse_now(std::string now) {
  if (now.empty())
    if (const char* env = std::getenv("PHISHSCOPE_NOW")) now = env;
  if (now.empty()) return std::string();
  auto t = ps::core::parse_iso8601(now);
  if (!t) return ps::core::Error{fmt::format("--now: not an ISO 8601 time: '{}'", now), ""};
  return t->iso8601();
}

// A read-only command's store and time window: a mistyped path must not become a new, empty store; the window ends
// at --until (default now) and starts at --since (default `default_days` before). Exit code on failure.
struct StoreWindow {
  std::unique_ptr<ps::store::CaseStore> store;
  ps::core::Timestamp start, end;
  std::string from, to;  // UTC ISO 8601
};

std::variant<StoreWindow, int> open_window(const std::string& store_path, const std::string& since,
                                           const std::string& until, int default_days) {
  std::string path = store_path.empty() ? ps::store::default_store_path() : store_path;
  if (path.empty() || (!ps::store::is_store_url(path) && !std::filesystem::exists(path)))
    return fail((path.empty() ? std::string("the default case store") : path) +
                    ": no case store here (analyse mails first, or give --store)",
                2);
  auto st = open_store(path, false);
  if (!st) return fail(st.error().str(), 3);
  auto end = until.empty() ? std::optional<ps::core::Timestamp>(ps::core::Timestamp{std::time(nullptr), 0})
                           : ps::core::parse_iso8601(until);
  if (!end) return fail("--until: not an ISO 8601 date or time: '" + until + "'", 2);
  auto start = since.empty()
                   ? std::optional<ps::core::Timestamp>(ps::core::Timestamp{end->epoch - default_days * int64_t{86400}, 0})
                   : ps::core::parse_iso8601(since);
  if (!start) return fail("--since: not an ISO 8601 date or time: '" + since + "'", 2);
  if (start->epoch >= end->epoch) return fail("--since must be before --until", 2);
  return StoreWindow{std::move(*st), *start, *end, start->at_offset(0).iso8601(), end->at_offset(0).iso8601()};
}

// Campaigns among the store's malicious cases in a window: what connects them, when, which brands.
int run_campaigns(const std::string& store_path, const std::string& since, const std::string& until,
                  const std::string& format, int64_t min_cases) {
  auto opened = open_window(store_path, since, until, 90);
  if (auto* code = std::get_if<int>(&opened)) return *code;
  auto& win = std::get<StoreWindow>(opened);
  const std::string &from = win.from, &to = win.to;
  auto list = win.store->campaigns(from, to, min_cases);
  if (format == "json") {
    ps::report::JsonWriter w(2);
    w.begin_object().kv("since", from).kv("until", to).key("campaigns").begin_array();
    for (const auto& c : list) ps::report::write_campaign(w, c);
    w.end_array().end_object();
    std::printf("%s\n", w.str().c_str());
    return 0;
  }
  std::printf("campaigns among phishing and suspicious cases received %s to %s: %zu\n", from.c_str(), to.c_str(),
              list.size());
  for (const auto& c : list) {
    std::printf("\n%s  %lld cases  %s .. %s  cohesion %.2f%s\n", c.id.c_str(), static_cast<long long>(c.cases),
                c.first_seen.c_str(), c.last_seen.c_str(), c.cohesion, c.truncated ? "  (search stopped at its limit)" : "");
    std::string brands;
    for (const auto& b : c.brands) brands += (brands.empty() ? "" : ", ") + b.key + " " + std::to_string(b.n);
    if (!brands.empty()) std::printf("  brands: %s\n", brands.c_str());
    for (const auto& x : c.shared) {
      std::string k = x.key;
      if (k.rfind("link_", 0) == 0) {  // link_domain:ddnxw.cn -> link_domain:ddnxw[.]cn
        size_t colon = k.find(':');
        k = k.substr(0, colon + 1) + ps::core::defang_text("https://" + k.substr(colon + 1)).substr(8);
      }
      std::printf("  %5lld  %s\n", static_cast<long long>(x.n), ps::core::visible_text(k).c_str());
    }
    std::string members;
    for (size_t i = 0; i < c.members.size() && i < 5; ++i) members += (i ? " " : "") + c.members[i].substr(0, 12);
    std::printf("  cases: %s%s\n", members.c_str(), c.members.size() > 5 ? " ..." : "");
  }
  return 0;
}

// phishscope trends: what the case store saw in a time window, overall and week by week.
int run_trends(const std::string& store_path, const std::string& since, const std::string& until,
               const std::string& format) {
  auto opened = open_window(store_path, since, until, 30);
  if (auto* code = std::get_if<int>(&opened)) return *code;
  auto& win = std::get<StoreWindow>(opened);
  auto& st = win.store;
  const ps::core::Timestamp &start = win.start, &end = win.end;
  const std::string &from = win.from, &to = win.to;
  ps::core::Trends all = st->trends(from, to);
  all.days = static_cast<int>((end.epoch - start.epoch + 86399) / 86400);
  // week by week, newest first (at most 12 weeks)
  std::vector<ps::core::Trends> weeks;
  for (int64_t hi = end.epoch; hi > start.epoch && weeks.size() < 12; hi -= 7 * 86400) {
    int64_t lo = std::max(start.epoch, hi - 7 * 86400);
    weeks.push_back(st->trends(ps::core::Timestamp{lo, 0}.iso8601(), ps::core::Timestamp{hi, 0}.iso8601()));
    weeks.back().days = static_cast<int>((hi - lo + 86399) / 86400);
  }
  auto verdict = [](const ps::core::Trends& t, const char* v) {
    auto it = t.verdicts.find(v);
    return it == t.verdicts.end() ? int64_t{0} : it->second;
  };
  if (format == "json") {
    ps::report::JsonWriter w(2);
    w.begin_object();
    w.key("window");
    ps::report::write_trends(w, all);
    w.key("weeks").begin_array();
    for (const auto& t : weeks) ps::report::write_trends(w, t);
    w.end_array();
    w.end_object();
    std::printf("%s\n", w.str().c_str());
    return 0;
  }
  std::printf("cases received %s to %s: %lld (phishing %lld, suspicious %lld, spam %lld, clean %lld)\n", from.c_str(),
              to.c_str(), static_cast<long long>(all.cases), static_cast<long long>(verdict(all, "phishing")),
              static_cast<long long>(verdict(all, "suspicious")), static_cast<long long>(verdict(all, "spam")),
              static_cast<long long>(verdict(all, "clean")));
  auto list = [](const char* title, const std::vector<ps::core::CountOf>& v, const char* prefix = "") {
    if (v.empty()) return;
    std::printf("%s:\n", title);
    for (const auto& c : v)
      std::printf("  %7lld  %s%s\n", static_cast<long long>(c.n), prefix, ps::core::visible_text(c.key).c_str());
  };
  std::printf("phishing and suspicious cases:\n");
  list("  brands", all.brands);
  list("  lures", all.lures);
  list("  sender countries", all.sender_countries);
  list("  sender networks", all.sender_asns);
  list("  link TLDs", all.link_tlds, ".");
  if (all.median_link_domain_age_days)
    std::printf("  link domain age at sending (median): %lld days\n", static_cast<long long>(*all.median_link_domain_age_days));
  std::printf("week by week (newest first):\n  %-10s  %7s  %8s  %10s  %5s  top brand\n", "from", "cases", "phishing",
              "suspicious", "spam");
  for (const auto& t : weeks)
    std::printf("  %-10s  %7lld  %8lld  %10lld  %5lld  %s\n", t.since.substr(0, 10).c_str(), static_cast<long long>(t.cases),
                static_cast<long long>(verdict(t, "phishing")), static_cast<long long>(verdict(t, "suspicious")),
                static_cast<long long>(verdict(t, "spam")), t.brands.empty() ? "-" : t.brands.front().key.c_str());
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"phishscope: phishing mail forensic analyzer"};
  app.set_version_flag("--version", ps::pipeline::version());
  app.require_subcommand(1);

  std::string mail, observations, format = "md", lang = "ja", output, now, data_dir, store_path;
  ps::pipeline::Options opts;
  auto* analyze = app.add_subcommand("analyze", "analyse one message and write a forensic report");
  analyze->add_option("MAIL", mail, "a message (.eml), - for standard input, an mbox file, a Maildir or a directory of .eml files")->required();
  analyze->add_option("--observations", observations, "replay recorded network facts from this JSON file");
  analyze->add_option("--format", format,
                      "report format: md (Markdown), json, html (self-contained, inert), stix (STIX 2.1 bundle), misp "
                      "(MISP event)")
      ->check(CLI::IsMember({"md", "json", "html", "stix", "misp"}));
  std::string tlp = "amber";
  analyze->add_option("--tlp", tlp, "TLP marking of the STIX and MISP exports")
      ->capture_default_str()
      ->check(CLI::IsMember({"clear", "green", "amber", "red"}));
  analyze->add_option("--lang", lang, "report language")->check(CLI::IsMember({"ja", "en"}));
  analyze->add_option("-o,--output", output, "write the report to this file (default: standard output)");
  analyze->add_option("--now", now, "analysis time to print (ISO 8601), for reproducible reports; also $PHISHSCOPE_NOW");
  analyze->add_option("--data-dir", data_dir, "directory of brands.json, rules.json and messages/");
  bool no_store = false;
  analyze->add_option("--store", store_path,
                      "case store to save the analysis in: an SQLite file or a postgresql:// URL (default: $PHISHSCOPE_STORE, else "
                      "$XDG_DATA_HOME/phishscope/cases.sqlite or ~/.local/share/phishscope/cases.sqlite)");
  analyze->add_flag("--no-store", no_store, "do not save the analysis in the case store");
  bool no_history = false;
  analyze->add_flag("--no-history", no_history,
                    "do not compare with past cases of the store (recent trends, the brand's past cases, related cases)");
  analyze->add_option("--trend-days", opts.trend_days, "days before the mail that the recent trends cover")
      ->capture_default_str()
      ->check(CLI::Range(1, 3650));
  std::string record_path, ipdb_dir;
  bool no_ipdb = false;
  analyze->add_option("--record", record_path,
                      "write every observation of this run to FILE (replay it with --observations for the same report)");
  analyze->add_option("--ipdb", ipdb_dir,
                      "offline IP data directory (default: $PHISHSCOPE_IPDB, else DATA_DIR/ipdb when present)");
  analyze->add_flag("--no-ipdb", no_ipdb, "do not answer IP owners from the offline IP data");
  std::vector<std::string> blocklists;
  analyze->add_option("--blocklist", blocklists,
                      "local block list of phishing URLs or hosts (plain or CSV, e.g. a JPCERT/CC list; repeatable)");
  SourceOptions analyze_sources;
  add_online_options(analyze, analyze_sources);
  analyze->add_option("--max-message-bytes", opts.limits.max_message_bytes, "largest message accepted")
      ->capture_default_str();
  analyze->add_option("--max-parts", opts.limits.max_parts, "MIME parts analysed at most")->capture_default_str();
  analyze->add_option("--max-depth", opts.limits.max_depth, "MIME nesting depth analysed at most")->capture_default_str();
  analyze->add_option("--max-headers", opts.limits.max_headers, "header fields analysed at most")->capture_default_str();
  analyze->add_option("--max-header-bytes", opts.limits.max_header_bytes, "bytes of one header field kept at most")
      ->capture_default_str();
  analyze->add_option("--max-part-bytes", opts.limits.max_decoded_part_bytes, "decoded bytes of one part kept at most")
      ->capture_default_str();
  analyze->add_option("--max-html-bytes", opts.limits.max_html_bytes, "bytes of one HTML part parsed at most")
      ->capture_default_str();
  analyze->add_option("--max-probes", opts.limits.max_site_probes,
                      "links of one mail whose site is looked at (--probe, or recorded site observations)")
      ->capture_default_str();

  auto inner_check = CLI::Validator(
      [](std::string& v) -> std::string {
        if (v == "auto" || v == "outer") return "";
        if (!v.empty() && v.size() < 6 && std::all_of(v.begin(), v.end(), [](char c) { return c >= '0' && c <= '9'; }) && v != "0")
          return "";
        return "auto, outer or the number (1, 2...) of a wrapped message";
      },
      "auto|outer|N");
  analyze->add_option("--inner", opts.inner,
                      "when the mail wraps others (a report with the phish attached): auto (the first wrapped message "
                      "is the case), outer (the mail itself) or N (the N-th wrapped message)")
      ->capture_default_str()
      ->check(inner_check);
  bool no_receiver_domain = false;
  analyze->add_option("--internal-net", opts.trust.internal_networks,
                      "CIDR of your own relays: hops from there count as the receiving side (repeatable)");
  analyze->add_option("--internal-host", opts.trust.internal_hosts,
                      "host name (or .domain suffix) of your own relays (repeatable)");
  analyze->add_flag("--no-receiver-domain-trust", no_receiver_domain,
                    "do not treat hops whose verified rDNS is in the receiving server's domain as internal");

  std::string url_arg, url_format = "text", url_lang = "ja";
  auto* url_cmd = app.add_subcommand("url", "analyse one URL: registrable domain, brand imitated, lookalike techniques");
  url_cmd->add_option("URL", url_arg, "the URL (defanged hxxp/[.] and full-width forms are accepted)")->required();
  url_cmd->add_option("--format", url_format, "output format")->check(CLI::IsMember({"text", "json"}));
  url_cmd->add_option("--lang", url_lang, "language of the text output")->check(CLI::IsMember({"ja", "en"}));

  std::string eval_dir;
  bool eval_quiet = false;
  auto* eval_cmd = app.add_subcommand("eval", "measure phishscope on a labelled set (NAME.eml + NAME.truth.json), a real corpus (truth.jsonl) or phishing URL lists (CSV)");
  eval_cmd->add_option("DIR", eval_dir, "directory of NAME.eml with NAME.truth.json (and NAME.observations.json)")
      ->required();
  eval_cmd->add_flag("--quiet", eval_quiet, "print the figures only, not each failed check");
  // a real corpus (DIR/truth.jsonl) or phishing URL lists (DIR/**/*.csv) is measured, not passed or failed
  size_t eval_limit = 0, eval_list = 20;
  int eval_workers = 1;
  std::string eval_format = "text", eval_only;
  bool eval_no_render = false;
  eval_cmd->add_option("--limit", eval_limit, "corpus: the first N messages (or URLs) only");
  eval_cmd->add_option("-j,--workers", eval_workers, "corpus: parallel analyses")->capture_default_str();
  eval_cmd->add_option("--list", eval_list, "corpus: disagreeing files listed per measure at most")->capture_default_str();
  eval_cmd->add_option("--only", eval_only, "corpus: only the messages whose file name contains this");
  eval_cmd->add_option("--format", eval_format, "corpus: output format")->check(CLI::IsMember({"text", "json"}));
  eval_cmd->add_flag("--no-render", eval_no_render, "corpus: do not render the reports to count raw bytes in them");

  std::vector<std::string> batch_paths;
  ps::batch::Options bo;
  std::string batch_store, batch_now, batch_ipdb, batch_data_dir;
  bool batch_no_ipdb = false, batch_no_progress = false, batch_no_store = false;
  auto* batch_cmd = app.add_subcommand(
      "batch", "analyse whole mailboxes in parallel into the case store (resumable), with a summary at the end");
  batch_cmd->add_option("PATH", batch_paths, ".eml files, directories of .eml, mbox files, Maildirs")->required();
  batch_cmd->add_option("-j,--workers", bo.workers, "parallel workers (default: one per core)");
  batch_cmd->add_option("--jsonl", bo.jsonl_path, "also write one JSON report per message to FILE (- for standard output)");
  batch_cmd->add_option("--store", batch_store, "case store: SQLite file or postgresql:// URL (default as for analyze)");
  batch_cmd->add_flag("--no-store", batch_no_store, "save nothing (the run cannot be resumed)");
  batch_cmd->add_option("--run", bo.run, "name of this run, to resume it (default: derived from the inputs and --jsonl)");
  batch_cmd->add_flag("--fresh", bo.fresh, "start the run over instead of resuming it");
  batch_cmd->add_option("--lang", bo.lang, "language of the messages in the JSON")->check(CLI::IsMember({"ja", "en"}));
  batch_cmd->add_option("--now", batch_now, "analysis time to print (ISO 8601); also $PHISHSCOPE_NOW");
  batch_cmd->add_option("--data-dir", batch_data_dir, "directory of brands.json, rules.json and messages/");
  batch_cmd->add_option("--ipdb", batch_ipdb, "offline IP data directory (as for analyze)");
  batch_cmd->add_flag("--no-ipdb", batch_no_ipdb, "do not answer IP owners from the offline IP data");
  std::vector<std::string> batch_blocklists;
  batch_cmd->add_option("--blocklist", batch_blocklists, "local block list (as for analyze; repeatable)");
  SourceOptions batch_sources;
  add_online_options(batch_cmd, batch_sources);
  batch_cmd->add_flag("--no-progress", batch_no_progress, "no progress output on standard error");
  batch_cmd->add_option("--inner", bo.analysis.inner, "as for analyze: auto, outer or N")->capture_default_str()->check(inner_check);
  batch_cmd->add_option("--internal-net", bo.analysis.trust.internal_networks, "as for analyze (repeatable)");
  batch_cmd->add_option("--internal-host", bo.analysis.trust.internal_hosts, "as for analyze (repeatable)");

  std::string trends_store, trends_since, trends_until, trends_format = "text";
  auto* trends_cmd = app.add_subcommand("trends", "what the case store saw lately: brands, lures, countries, networks, TLDs, week by week");
  trends_cmd->add_option("--store", trends_store, "case store: SQLite file or postgresql:// URL (default as for analyze)");
  trends_cmd->add_option("--since", trends_since, "window start, ISO 8601 (default: 30 days before --until)");
  trends_cmd->add_option("--until", trends_until, "window end, ISO 8601 (default: now)");
  trends_cmd->add_option("--format", trends_format, "output format")->check(CLI::IsMember({"text", "json"}));

  std::string camp_store, camp_since, camp_until, camp_format = "text";
  int64_t camp_min = 2;
  auto* camp_cmd = app.add_subcommand("campaigns", "malicious cases of the store grouped by what they share");
  camp_cmd->add_option("--store", camp_store, "case store: SQLite file or postgresql:// URL (default as for analyze)");
  camp_cmd->add_option("--since", camp_since, "window start, ISO 8601 (default: 90 days before --until)");
  camp_cmd->add_option("--until", camp_until, "window end, ISO 8601 (default: now)");
  camp_cmd->add_option("--min-cases", camp_min, "smallest campaign listed")->capture_default_str()->check(CLI::Range(2, 1000000));
  camp_cmd->add_option("--format", camp_format, "output format")->check(CLI::IsMember({"text", "json"}));

  std::string show_id, show_store;
  auto* show_cmd = app.add_subcommand("show", "print the stored JSON report of a case (its SHA-256, or the first digits)");
  show_cmd->add_option("CASE", show_id, "case id as listed under related past cases")->required();
  show_cmd->add_option("--store", show_store, "case store: SQLite file or postgresql:// URL (default as for analyze)");

  std::string rdap_url = "https://data.iana.org/rdap/", rdap_data_dir;
  bool rdap_loopback = false;
  auto* rdap_cmd = app.add_subcommand("update-rdap-bootstrap",
                                      "download IANA's RDAP bootstrap registries (which server answers for each TLD, "
                                      "IP block and AS range)");
  rdap_cmd->add_option("--base-url", rdap_url, "where dns.json, ipv4.json, ipv6.json and asn.json are")
      ->capture_default_str();
  rdap_cmd->add_option("--data-dir", rdap_data_dir, "data directory (the files go to DATA_DIR/rdap/)");
  rdap_cmd->add_flag("--allow-loopback", rdap_loopback, "allow a server on 127.0.0.1 (tests)");

  CLI11_PARSE(app, argc, argv);
  if (*rdap_cmd) {
    std::string dir = (rdap_data_dir.empty() ? ps::pipeline::default_data_dir() : rdap_data_dir) + "/rdap";
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    ps::enrich::GuardPolicy guard;
    guard.allow_loopback = rdap_loopback;
    if (!rdap_url.empty() && rdap_url.back() != '/') rdap_url += '/';
    // all four downloaded and checked before any file is replaced
    std::vector<std::pair<std::string, std::string>> got_files;
    std::string summary;
    for (const char* name : {"dns.json", "ipv4.json", "ipv6.json", "asn.json"}) {
      ps::enrich::HttpRequest req;
      req.url = rdap_url + name;
      req.max_redirects = 5;
      req.max_body = 8 * 1024 * 1024;
      auto got = ps::enrich::http_fetch(req, guard);
      if (!got) return fail(got.error().str(), 3);
      if (got->status != 200) return fail(req.url + ": HTTP " + std::to_string(got->status), 3);
      if (got->truncated) return fail(req.url + ": larger than 8 MiB", 3);
      if (std::string(name) != "asn.json") {
        auto parsed = ps::enrich::RdapBootstrap::parse(got->body, req.url);
        if (!parsed) return fail(parsed.error().str(), 3);
        summary += std::string(summary.empty() ? "" : ", ") + name + " " +
                   std::to_string(std::string(name) == "dns.json" ? parsed->size() : parsed->ip_prefixes()) +
                   (std::string(name) == "dns.json" ? " TLDs" : " prefixes") + " (published " +
                   (parsed->publication.empty() ? "?" : parsed->publication) + ")";
      }
      got_files.emplace_back(name, std::move(got->body));
    }
    for (const auto& [name, body] : got_files) {
      std::string tmp = dir + "/" + name + ".tmp";
      {
        std::ofstream o(tmp, std::ios::binary | std::ios::trunc);
        o << body;
        if (!o.flush()) return fail("cannot write " + tmp, 3);
      }
      std::filesystem::rename(tmp, dir + "/" + name, ec);
      if (ec) return fail("cannot replace " + dir + "/" + name + ": " + ec.message(), 3);
    }
    std::ofstream(dir + "/VERSION", std::ios::trunc) << "iana " << rdap_url << "\n";
    std::printf("RDAP bootstrap in %s: %s\n", dir.c_str(), summary.c_str());
    return 0;
  }
  if (*show_cmd) {
    std::string path = show_store.empty() ? ps::store::default_store_path() : show_store;
    if (path.empty() || (!ps::store::is_store_url(path) && !std::filesystem::exists(path))) return fail(path + ": no case store here", 2);
    auto st = open_store(path, false);
    if (!st) return fail(st.error().str(), 3);
    auto sha = (*st)->resolve(show_id);
    if (!sha) return fail(sha.error().str(), 2);
    auto report = (*st)->report(*sha);
    if (!report) return fail(report.error().str(), 3);
    std::printf("%s\n", report->c_str());
    return 0;
  }
  if (*trends_cmd) return run_trends(trends_store, trends_since, trends_until, trends_format);
  if (*camp_cmd) return run_campaigns(camp_store, camp_since, camp_until, camp_format, camp_min);
  if (*batch_cmd) {
    for (const auto& net : bo.analysis.trust.internal_networks) {
      std::string problem = ps::core::check_cidr(net);
      if (!problem.empty()) return fail("--internal-net: " + problem, 2);
    }
    auto t = parse_now(batch_now);
    if (!t) return fail(t.error().str(), 2);
    bo.analysis.now = *t;
    bo.paths = batch_paths;
    for (const auto& p : batch_paths) {
      auto kind = ps::ingest::detect_source(p);
      if (!kind) return fail(kind.error().str(), 2);
      if (*kind == ps::ingest::SourceKind::Stdin) return fail("batch reads files, not standard input", 2);
    }
    auto res = ps::pipeline::Resources::load(batch_data_dir.empty() ? ps::pipeline::default_data_dir() : batch_data_dir);
    if (!res) return fail(res.error().str(), 3);
    SourceOptions& so = batch_sources;
    so.ipdb_dir = batch_ipdb;
    so.no_ipdb = batch_no_ipdb;
    so.data_dir = batch_data_dir;
    so.blocklists = batch_blocklists;
    auto src = make_sources(so);
    if (!src) return fail(src.error().str(), 2);
    auto st = open_store(batch_store, batch_no_store);
    if (!st) return fail(st.error().str(), 3);
    ps::batch::Progress progress;
    if (!batch_no_progress) {
      progress.out = stderr;
      progress.tty = isatty(2) == 1;
    }
    auto sum = ps::batch::run(bo, **res, *src->top, st->get(), progress);
    if (!sum) return fail(sum.error().str(), 3);
    std::string text = ps::core::visible_text(ps::batch::format_summary(*sum));
    std::fwrite(text.data(), 1, text.size(), bo.jsonl_path == "-" ? stderr : stdout);
    if (sum->analysed + sum->failed + sum->resumed == 0) return fail("no messages found", 2);
    return sum->failed ? 2 : 0;
  }
  if (*url_cmd) return run_url(url_arg, url_format, url_lang, data_dir);
  if (*eval_cmd) {
    auto res = ps::pipeline::Resources::load(data_dir.empty() ? ps::pipeline::default_data_dir() : data_dir);
    if (!res) return fail(res.error().str(), 3);
    ps::pipeline::Options eo;
    eo.now = "2026-01-01T00:00:00Z";  // the analysis time does not enter any figure
    std::string set = std::filesystem::path(eval_dir).lexically_normal().filename().string();
    if (set.empty()) set = std::filesystem::path(eval_dir).lexically_normal().parent_path().filename().string();
    if (std::filesystem::exists(std::filesystem::path(eval_dir) / "truth.jsonl")) {
      SourceOptions so;  // offline, as analyze runs by default (with the offline IP data when present)
      so.data_dir = data_dir;
      auto src = make_sources(so);
      if (!src) return fail(src.error().str(), 2);
      ps::eval::CorpusOptions co;
      co.limit = eval_limit;
      co.workers = eval_workers;
      co.render = !eval_no_render;
      co.only = eval_only;
      auto cases = ps::eval::run_corpus(eval_dir, **res, eo, *src->top, co);
      if (!cases) return fail(cases.error().str(), 2);
      std::string text = eval_format == "json" ? ps::eval::corpus_json(set, *cases, eval_list) + "\n"
                                               : ps::eval::format_corpus(set, *cases, eval_list);
      std::fwrite(text.data(), 1, text.size(), stdout);
      return 0;
    }
    bool has_eml = false;
    std::error_code dir_ec;
    for (const auto& e : std::filesystem::directory_iterator(eval_dir, dir_ec))
      if (e.path().extension() == ".eml") has_eml = true;
    if (!has_eml && !dir_ec) {
      auto r = ps::eval::run_url_lists(eval_dir, **res, eval_limit);
      if (r) {
        std::string text = eval_format == "json" ? ps::eval::url_lists_json(set, *r, eval_list) + "\n"
                                                 : ps::eval::format_url_lists(set, *r, eval_list);
        std::fwrite(text.data(), 1, text.size(), stdout);
        return 0;
      }
    }
    auto cases = ps::eval::run(eval_dir, **res, eo);
    if (!cases) return fail(cases.error().str(), 2);
    if (cases->empty()) return fail(eval_dir + ": no NAME.eml with a NAME.truth.json", 2);
    std::string summary = ps::eval::format_summary(*cases, !eval_quiet);
    std::fwrite(summary.data(), 1, summary.size(), stdout);
    return ps::eval::totals(*cases).second == 0 ? 0 : 1;
  }
  opts.trust.trust_receiver_domain = !no_receiver_domain;
  for (const auto& net : opts.trust.internal_networks) {
    std::string problem = ps::core::check_cidr(net);
    if (!problem.empty()) return fail("--internal-net: " + problem, 2);
  }

  auto parsed_now = parse_now(now);
  if (!parsed_now) return fail(parsed_now.error().str(), 2);
  opts.now = *parsed_now;

  auto res = ps::pipeline::Resources::load(data_dir.empty() ? ps::pipeline::default_data_dir() : data_dir);
  if (!res) return fail(res.error().str(), 3);

  SourceOptions& so = analyze_sources;
  so.observations = observations;
  so.ipdb_dir = ipdb_dir;
  so.no_ipdb = no_ipdb;
  so.data_dir = data_dir;
  so.record = !record_path.empty();
  so.blocklists = blocklists;
  auto sources = make_sources(so);
  if (!sources) return fail(sources.error().str(), 2);
  ps::enrich::ObservationSource* source = sources->top;
  auto* recorder = sources->recorder.get();

  auto kind = ps::ingest::detect_source(mail);
  if (!kind) return fail(kind.error().str(), 2);
  bool many = *kind == ps::ingest::SourceKind::Mbox || *kind == ps::ingest::SourceKind::Maildir ||
              *kind == ps::ingest::SourceKind::Directory;
  if (many && format == "html")
    return fail(mail + ": --format html writes the report of one message (an mbox, Maildir or directory holds several)", 2);

  auto opened_store = open_store(store_path, no_store);
  if (!opened_store) return fail(opened_store.error().str(), 3);
  std::unique_ptr<ps::store::CaseStore> store = std::move(*opened_store);
  // the report compares with the store's past cases (a replay is byte-identical for the same store state, or
  // with --no-history)
  if (store && !no_history) {
    opts.history = store.get();
    // every mail reads the month of cases before it (README, "Case store")
    if (auto r = store->set_page_cache_mib(64); !r) return fail(r.error().str(), 3);
  }

  // Output goes to a temporary file renamed at the end, so -o never leaves half a report behind.
  std::string tmp_path = output.empty() || output == "-" ? "" : output + ".tmp";
  std::FILE* out = stdout;
  if (!tmp_path.empty()) {
    out = std::fopen(tmp_path.c_str(), "wb");
    if (!out) return fail("cannot write " + tmp_path, 3);
  }
  const auto& catalog = (*res)->catalog(lang);
  size_t analysed = 0, failed = 0;
  int fatal = 0;
  auto sink = [&](ps::core::Result<ps::ingest::RawMessage> raw) -> bool {
    if (!raw) {
      std::fprintf(stderr, "phishscope: error: %s\n", raw.error().str().c_str());
      ++failed;
      return true;
    }
    ps::core::Analysis a = ps::pipeline::analyze(*raw, **res, *source, opts);
    std::string json = ps::report::to_json(a, catalog, lang, many ? -1 : 2);
    std::string text;
    if (format == "json") {
      text = many ? json + "\n" : json;  // several messages: JSON Lines, one compact object per message
    } else if (format == "stix" || format == "misp") {
      std::string doc = format == "stix" ? ps::report::to_stix(a, catalog, lang, tlp) : ps::report::to_misp(a, catalog, lang, tlp);
      if (many) {  // one compact document per line
        auto parsed = nlohmann::ordered_json::parse(doc, nullptr, false);
        doc = parsed.is_discarded() ? doc : parsed.dump() + "\n";
      }
      text = doc;
    } else if (format == "html") {
      text = ps::report::to_html(a, catalog, lang);
    } else {
      text = (many && analysed > 0 ? "\n\n" : "") + ps::report::to_markdown(a, catalog, lang);
    }
    if (store) {
      auto saved = store->save(a, json);
      if (!saved) {
        std::fprintf(stderr, "phishscope: error: %s\n", saved.error().str().c_str());
        fatal = 3;
        return false;
      }
    }
    if (std::fwrite(text.data(), 1, text.size(), out) != text.size()) {
      std::fprintf(stderr, "phishscope: error: write failed\n");
      fatal = 3;
      return false;
    }
    ++analysed;
    return true;
  };
  auto r = ps::ingest::for_each_message(mail, opts.limits, sink);
  bool write_ok = std::fflush(out) == 0;
  if (out != stdout) write_ok = std::fclose(out) == 0 && write_ok;
  if (!r) {
    if (!tmp_path.empty()) std::remove(tmp_path.c_str());
    return fail(r.error().str(), 2);
  }
  if (fatal || !write_ok) {
    if (!tmp_path.empty()) std::remove(tmp_path.c_str());
    return fatal ? fatal : fail("write failed", 3);
  }
  if (!tmp_path.empty() && std::rename(tmp_path.c_str(), output.c_str()) != 0)
    return fail("cannot rename " + tmp_path + " to " + output, 3);
  if (recorder) {
    auto saved = recorder->save(record_path);
    if (!saved) return fail(saved.error().str(), 3);
  }
  if (many && analysed + failed == 0) return fail(mail + ": no messages found", 2);
  if (many) std::fprintf(stderr, "phishscope: %zu analysed, %zu could not be read\n", analysed, failed);
  return failed ? 2 : 0;
}
