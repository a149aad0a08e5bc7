// parse: raw RFC 5322 bytes -> core::Message (headers decoded, MIME tree walked, text parts decoded to UTF-8).
#pragma once
#include <string>

#include "core/limits.h"
#include "core/model.h"

namespace ps::parse {

// Never fails on malformed input: problems become core::Anomaly entries and the analysis goes on.
// GMime's one-time set-up, with the charset converters kept loaded (parse_message calls it; benchmarks call it before
// their GMime-only baseline so that both sides run under the same conditions).
void init();

core::Message parse_message(const std::string& source, const std::string& bytes, const core::Limits& limits = {},
                            const core::TrustConfig& trust = {});

// Splits a leading server-added tag ("[spam]", "***SPAM***", "【迷惑メール】", "[meiwaku]"...) off a subject.
// Returns the tag, or nothing when the subject does not start with one.
std::optional<std::string> split_subject_tag(const std::string& subject, std::string* rest);

}  // namespace ps::parse
