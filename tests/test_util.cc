#include "test_util.h"

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "enrich/observations.h"
#include "ingest/ingest.h"
#include "pipeline/pipeline.h"

namespace ps::test {

std::string source_dir() {
  if (const char* d = std::getenv("PHISHSCOPE_SOURCE_DIR")) return d;
  return PHISHSCOPE_SOURCE_DIR;
}

std::string data_dir() { return source_dir() + "/data"; }

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void write_file(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) throw std::runtime_error("cannot write " + path);
  out << text;
}

static const pipeline::Resources& resources() {
  static auto res = pipeline::Resources::load(data_dir());
  if (!res) throw std::runtime_error(res.error().str());
  return **res;
}

core::Analysis analyze_case(const std::string& name, bool with_observations, const std::string& now) {
  std::string dir = source_dir() + "/tests/cases/";
  auto raw = ingest::read_message(dir + name + ".eml");
  if (!raw) throw std::runtime_error(raw.error().str());
  raw->source = name + ".eml";
  pipeline::Options opts;
  opts.now = now;
  if (with_observations) {
    auto src = enrich::ReplaySource::load(dir + name + ".observations.json");
    if (!src) throw std::runtime_error(src.error().str());
    return pipeline::analyze(*raw, resources(), **src, opts);
  }
  enrich::NoLookupSource none;
  return pipeline::analyze(*raw, resources(), none, opts);
}

core::Analysis analyze_text(const std::string& eml) {
  ingest::RawMessage raw{"test.eml", eml};
  pipeline::Options opts;
  opts.now = "2026-11-01T00:00:00Z";
  enrich::NoLookupSource none;
  return pipeline::analyze(raw, resources(), none, opts);
}

}  // namespace ps::test
