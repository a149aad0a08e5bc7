#include "test_util.h"

#include <png.h>
#include <turbojpeg.h>
#include <ZXing/BitMatrix.h>
#include <ZXing/MultiFormatWriter.h>
#include <ZXing/TextUtfEncoding.h>

#include <cstring>

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

const pipeline::Resources& resources() {
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

core::Analysis analyze_text(const std::string& eml, const std::string& observations_json) {
  ingest::RawMessage raw{"test.eml", eml};
  pipeline::Options opts;
  opts.now = "2026-11-01T00:00:00Z";
  if (!observations_json.empty()) {
    auto src = enrich::ReplaySource::parse(observations_json, "test.observations.json");
    if (!src) throw std::runtime_error(src.error().str());
    return pipeline::analyze(raw, resources(), **src, opts);
  }
  enrich::NoLookupSource none;
  return pipeline::analyze(raw, resources(), none, opts);
}

}  // namespace ps::test

namespace ps::test {

namespace {
std::vector<unsigned char> qr_gray(const std::string& text, int size) {
  ZXing::MultiFormatWriter writer(ZXing::BarcodeFormat::QRCode);
  writer.setMargin(4);
  writer.setEncoding(ZXing::CharacterSet::UTF8);
  ZXing::BitMatrix m = writer.encode(ZXing::TextUtfEncoding::FromUtf8(text), size, size);
  std::vector<unsigned char> px(static_cast<size_t>(m.width()) * m.height());
  for (int y = 0; y < m.height(); ++y)
    for (int x = 0; x < m.width(); ++x) px[static_cast<size_t>(y) * m.width() + x] = m.get(x, y) ? 0 : 255;
  return px;
}
}  // namespace

std::string qr_png(const std::string& text, int size) {
  auto px = qr_gray(text, size);
  png_image img;
  std::memset(&img, 0, sizeof img);
  img.version = PNG_IMAGE_VERSION;
  img.width = static_cast<png_uint_32>(size);
  img.height = static_cast<png_uint_32>(size);
  img.format = PNG_FORMAT_GRAY;
  png_alloc_size_t n = 0;
  png_image_write_get_memory_size(img, n, 0, px.data(), 0, nullptr);
  std::string out(n, '\0');
  if (!png_image_write_to_memory(&img, out.data(), &n, 0, px.data(), 0, nullptr)) return "";
  out.resize(n);
  return out;
}

std::string qr_jpeg(const std::string& text, int size) {
  auto px = qr_gray(text, size);
  tjhandle tj = tjInitCompress();
  unsigned char* buf = nullptr;
  unsigned long n = 0;
  std::string out;
  if (tjCompress2(tj, px.data(), size, 0, size, TJPF_GRAY, &buf, &n, TJSAMP_GRAY, 90, 0) == 0)
    out.assign(reinterpret_cast<char*>(buf), n);
  tjFree(buf);
  tjDestroy(tj);
  return out;
}

std::string base64_lines(const std::string& bytes) {
  static const char* abc = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out, line;
  for (size_t i = 0; i < bytes.size(); i += 3) {
    uint32_t v = static_cast<unsigned char>(bytes[i]) << 16;
    if (i + 1 < bytes.size()) v |= static_cast<unsigned char>(bytes[i + 1]) << 8;
    if (i + 2 < bytes.size()) v |= static_cast<unsigned char>(bytes[i + 2]);
    line += abc[(v >> 18) & 63];
    line += abc[(v >> 12) & 63];
    line += i + 1 < bytes.size() ? abc[(v >> 6) & 63] : '=';
    line += i + 2 < bytes.size() ? abc[v & 63] : '=';
    if (line.size() >= 76) {
      out += line + "\n";
      line.clear();
    }
  }
  if (!line.empty()) out += line + "\n";
  return out;
}

}  // namespace ps::test
