// report: renders an Analysis as JSON (the public contract, docs/report-schema.json) or as a Markdown report in
// Japanese or English. Mail text is shown defanged and inert: never as live HTML or Markdown.
#pragma once
#include <string>

#include "core/model.h"
#include "report/catalog.h"
#include "report/json_writer.h"

namespace ps::report {

// indent 2: pretty (one document); indent -1: compact, one line (JSON Lines), no trailing newline.
std::string to_json(const core::Analysis& a, const Catalog& catalog, const std::string& lang, int indent = 2);
std::string to_markdown(const core::Analysis& a, const Catalog& catalog, const std::string& lang);

// Trends from the case store as a JSON object (the report's history.trends, and `phishscope trends`).
void write_trends(JsonWriter& w, const core::Trends& t);

// The message of a finding in the catalog's language.
std::string finding_message(const core::Finding& f, const Catalog& catalog);

}  // namespace ps::report
