// Helpers for tests: paths of the source tree, reading files, running the pipeline on a case.
#pragma once
#include <string>

#include "core/model.h"
#include "pipeline/pipeline.h"

namespace ps::test {

std::string source_dir();
std::string data_dir();
std::string read_file(const std::string& path);
// The data directory's catalogs, brands and rules, loaded once.
const pipeline::Resources& resources();
void write_file(const std::string& path, const std::string& text);

// Analyses tests/cases/NAME.eml, with NAME.observations.json replayed when `with_observations`.
core::Analysis analyze_case(const std::string& name, bool with_observations, const std::string& now = "2026-11-01T00:00:00Z");
// Analyses a mail given as text, replaying `observations_json` (the observations file format) when not empty.
core::Analysis analyze_text(const std::string& eml, const std::string& observations_json = "");

// A QR code holding `text`, drawn `size` pixels wide with a white margin, as PNG or JPEG bytes (zxing's encoder,
// libpng, libjpeg-turbo): test images for the QR-code reader.
std::string qr_png(const std::string& text, int size = 200);
std::string qr_jpeg(const std::string& text, int size = 200);
// Base64 of bytes, lines of 76 characters (for test mails).
std::string base64_lines(const std::string& bytes);

}  // namespace ps::test
