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
#include "ingest/sources.h"
#include "pipeline/pipeline.h"
#include "report/report.h"
#include "store/store.h"

namespace {

int fail(const std::string& msg, int code) {
  std::fprintf(stderr, "phishscope: error: %s\n", msg.c_str());
  return code;
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
  if (many && analysed + failed == 0) return fail(mail + ": no messages found", 2);
  if (many) std::fprintf(stderr, "phishscope: %zu analysed, %zu could not be read\n", analysed, failed);
  return failed ? 2 : 0;
}
