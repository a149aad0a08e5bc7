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
// Self-contained HTML: the Markdown report rendered inert (mail text escaped, no links or scripts), screenshots
// embedded, strict Content-Security-Policy.
std::string to_html(const core::Analysis& a, const Catalog& catalog, const std::string& lang);

// A STIX 2.1 bundle (identity, TLP marking, observed-data with the message, sender and link SCOs; for phishing or
// suspicious mail, indicators with `indicates` and `based-on` relationships; a report listing them) and a MISP event
// (attributes with to_ids only for malicious mail and never for the brand's own or shared cloud infrastructure).
// tlp: clear | green | amber | red.
std::string to_stix(const core::Analysis& a, const Catalog& catalog, const std::string& lang, const std::string& tlp);
std::string to_misp(const core::Analysis& a, const Catalog& catalog, const std::string& lang, const std::string& tlp);

// Trends from the case store as a JSON object (the report's history.trends, and `phishscope trends`).
void write_trends(JsonWriter& w, const core::Trends& t);
// A campaign as a JSON object (the report's history.campaign, and `phishscope campaigns`).
void write_campaign(JsonWriter& w, const core::Campaign& c);

// The message of a finding in the catalog's language.
std::string finding_message(const core::Finding& f, const Catalog& catalog);

}  // namespace ps::report
