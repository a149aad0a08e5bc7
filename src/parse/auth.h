// Sender authentication headers: Authentication-Results (RFC 8601), Received-SPF (RFC 7208), DKIM-Signature
// (RFC 6376) tags, ARC-Seal (RFC 8617).
#pragma once
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/model.h"

namespace ps::parse {

// Splits on `sep` outside (comments) and "quoted strings".
std::vector<std::string> split_outside_comments(std::string_view value, char sep);

// authserv-id and one AuthResult per method clause.
std::vector<core::AuthResult> parse_authentication_results(std::string_view value, const std::string& header);
core::AuthResult parse_received_spf(std::string_view value);
// tag=value list of DKIM-Signature / ARC-Seal / ARC-Message-Signature (whitespace removed, names lower-cased).
std::map<std::string, std::string> parse_tag_list(std::string_view value);

}  // namespace ps::parse
