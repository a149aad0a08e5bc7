// Helpers for tests: paths of the source tree, reading files, running the pipeline on a case.
#pragma once
#include <string>

#include "core/model.h"

namespace ps::test {

std::string source_dir();
std::string data_dir();
std::string read_file(const std::string& path);
void write_file(const std::string& path, const std::string& text);

// Analyses tests/cases/NAME.eml, with NAME.observations.json replayed when `with_observations`.
core::Analysis analyze_case(const std::string& name, bool with_observations, const std::string& now = "2026-11-01T00:00:00Z");
core::Analysis analyze_text(const std::string& eml);

}  // namespace ps::test
