// phishscope command line: a thin layer over pipeline::analyze().
#include <CLI/CLI.hpp>
#include <cstdio>
#include <cstdlib>
#include <fmt/format.h>
#include <fstream>

#include "core/ip.h"
#include "core/time.h"
#include "enrich/observations.h"
#include "ingest/ingest.h"
#include "pipeline/pipeline.h"
#include "report/report.h"
#include "store/store.h"

namespace {

int fail(const std::string& msg, int code) {
  std::fprintf(stderr, "phishscope: error: %s\n", msg.c_str());
  return code;
}

bool write_output(const std::string& path, const std::string& text, std::string* err) {
  if (path.empty() || path == "-") {
    std::fwrite(text.data(), 1, text.size(), stdout);
    return std::fflush(stdout) == 0;
  }
  std::string tmp = path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) {
      *err = "cannot write " + tmp;
      return false;
    }
    out << text;
    if (!out.flush()) {
      *err = "write failed: " + tmp;
      return false;
    }
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    *err = "cannot rename " + tmp + " to " + path;
    return false;
  }
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"phishscope: phishing mail forensic analyzer"};
  app.set_version_flag("--version", ps::pipeline::version());
  app.require_subcommand(1);

  std::string mail, observations, format = "md", lang = "ja", output, now, data_dir, store_path;
  ps::pipeline::Options opts;
  auto* analyze = app.add_subcommand("analyze", "analyse one message and write a forensic report");
  analyze->add_option("MAIL", mail, "message file (.eml), or - for standard input")->required();
  analyze->add_option("--observations", observations, "replay recorded network facts from this JSON file");
  analyze->add_option("--format", format, "report format")->check(CLI::IsMember({"md", "json"}));
  analyze->add_option("--lang", lang, "report language")->check(CLI::IsMember({"ja", "en"}));
  analyze->add_option("-o,--output", output, "write the report to this file (default: standard output)");
  analyze->add_option("--now", now, "analysis time to print (ISO 8601), for reproducible reports; also $PHISHSCOPE_NOW");
  analyze->add_option("--data-dir", data_dir, "directory of brands.json, rules.json and messages/");
  analyze->add_option("--store", store_path, "also save the analysis in this SQLite case store");
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

  CLI11_PARSE(app, argc, argv);
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

  std::unique_ptr<ps::enrich::ObservationSource> source;
  if (!observations.empty()) {
    auto replay = ps::enrich::ReplaySource::load(observations);
    if (!replay) return fail(replay.error().str(), 2);
    source = std::move(*replay);
  } else {
    source = std::make_unique<ps::enrich::NoLookupSource>();
  }

  auto raw = ps::ingest::read_message(mail, opts.limits);
  if (!raw) return fail(raw.error().str(), 2);

  ps::core::Analysis a = ps::pipeline::analyze(*raw, **res, *source, opts);
  const auto& catalog = (*res)->catalog(lang);
  std::string json = ps::report::to_json(a, catalog, lang);
  std::string text = format == "json" ? json : ps::report::to_markdown(a, catalog, lang);

  if (!store_path.empty()) {
    auto st = ps::store::CaseStore::open(store_path);
    if (!st) return fail(st.error().str(), 3);
    auto saved = (*st)->save(a, json);
    if (!saved) return fail(saved.error().str(), 3);
  }
  std::string err;
  if (!write_output(output, text, &err)) return fail(err, 3);
  return 0;
}
