// phishscope command line: a thin layer over pipeline::analyze().
#include <CLI/CLI.hpp>
#include <cstdio>
#include <cstdlib>
#include <fmt/format.h>
#include <fstream>

#include "core/ip.h"
#include "core/time.h"
#include "eval/eval.h"
#include "enrich/ipdb.h"
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
  std::printf("URL:        %s\n", l.defanged.c_str());
  std::printf("host:       %s%s\n", l.host.c_str(),
              l.host_unicode.empty() || l.host_unicode == l.host ? "" : (" (" + l.host_unicode + ")").c_str());
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
  analyze->add_option("--format", format, "report format")->check(CLI::IsMember({"md", "json"}));
  analyze->add_option("--lang", lang, "report language")->check(CLI::IsMember({"ja", "en"}));
  analyze->add_option("-o,--output", output, "write the report to this file (default: standard output)");
  analyze->add_option("--now", now, "analysis time to print (ISO 8601), for reproducible reports; also $PHISHSCOPE_NOW");
  analyze->add_option("--data-dir", data_dir, "directory of brands.json, rules.json and messages/");
  analyze->add_option("--store", store_path, "also save the analysis in this SQLite case store");
  std::string record_path, ipdb_dir;
  bool no_ipdb = false;
  analyze->add_option("--record", record_path,
                      "write every observation of this run to FILE (replay it with --observations for the same report)");
  analyze->add_option("--ipdb", ipdb_dir,
                      "offline IP data directory (default: $PHISHSCOPE_IPDB, else DATA_DIR/ipdb when present)");
  analyze->add_flag("--no-ipdb", no_ipdb, "do not answer IP owners from the offline IP data");
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
  auto* eval_cmd = app.add_subcommand("eval", "measure phishscope on a labelled set (NAME.eml + NAME.truth.json)");
  eval_cmd->add_option("DIR", eval_dir, "directory of NAME.eml with NAME.truth.json (and NAME.observations.json)")
      ->required();
  eval_cmd->add_flag("--quiet", eval_quiet, "print the figures only, not each failed check");

  CLI11_PARSE(app, argc, argv);
  if (*url_cmd) return run_url(url_arg, url_format, url_lang, data_dir);
  if (*eval_cmd) {
    auto res = ps::pipeline::Resources::load(data_dir.empty() ? ps::pipeline::default_data_dir() : data_dir);
    if (!res) return fail(res.error().str(), 3);
    ps::pipeline::Options eo;
    eo.now = "2026-01-01T00:00:00Z";  // the analysis time does not enter any figure
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

  if (now.empty())
    if (const char* env = std::getenv("PHISHSCOPE_NOW")) now = env;
  if (!now.empty()) {
    auto t = ps::core::parse_iso8601(now);
    if (!t) return fail(fmt::format("--now: not an ISO 8601 time: '{}'", now), 2);
    opts.now = t->iso8601();
  }

  auto res = ps::pipeline::Resources::load(data_dir.empty() ? ps::pipeline::default_data_dir() : data_dir);
  if (!res) return fail(res.error().str(), 3);

  std::unique_ptr<ps::enrich::ObservationSource> base;
  if (!observations.empty()) {
    auto replay = ps::enrich::ReplaySource::load(observations);
    if (!replay) return fail(replay.error().str(), 2);
    base = std::move(*replay);
  } else {
    base = std::make_unique<ps::enrich::NoLookupSource>();
  }
  // offline IP data on top (a replayed recording still answers first), then the recorder on top of everything
  ps::enrich::ObservationSource* source = base.get();
  std::unique_ptr<ps::enrich::IpDatabaseSource> ipdb_source;
  if (!no_ipdb) {
    bool explicit_dir = !ipdb_dir.empty();
    if (ipdb_dir.empty())
      if (const char* env = std::getenv("PHISHSCOPE_IPDB"); env && *env) {
        ipdb_dir = env;
        explicit_dir = true;
      }
    if (ipdb_dir.empty()) ipdb_dir = (data_dir.empty() ? ps::pipeline::default_data_dir() : data_dir) + "/ipdb";
    auto db = ps::enrich::IpDatabase::open(ipdb_dir);
    if (db) {
      ipdb_source = std::make_unique<ps::enrich::IpDatabaseSource>(std::shared_ptr<ps::enrich::IpDatabase>(std::move(*db)), *source);
      source = ipdb_source.get();
    } else if (explicit_dir) {
      return fail(db.error().str(), 2);
    }
  }
  std::unique_ptr<ps::enrich::RecordingSource> recorder;
  if (!record_path.empty()) {
    recorder = std::make_unique<ps::enrich::RecordingSource>(*source);
    source = recorder.get();
  }

  auto kind = ps::ingest::detect_source(mail);
  if (!kind) return fail(kind.error().str(), 2);
  bool many = *kind == ps::ingest::SourceKind::Mbox || *kind == ps::ingest::SourceKind::Maildir ||
              *kind == ps::ingest::SourceKind::Directory;

  std::unique_ptr<ps::store::CaseStore> store;
  if (!store_path.empty()) {
    auto st = ps::store::CaseStore::open(store_path);
    if (!st) return fail(st.error().str(), 3);
    store = std::move(*st);
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
