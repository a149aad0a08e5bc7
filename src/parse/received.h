// Received header fields (RFC 5321 section 4.4) as written by Postfix, Sendmail, Exim, qmail, Exchange, Gmail...
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/model.h"

namespace ps::parse {

// Parses one unfolded Received value. Never fails: what is not understood is kept in `raw` and `note`.
core::ReceivedHop parse_received(std::string_view value);

// RFC 5322 date-time (also without weekday, with obsolete zones) to a timestamp with its offset.
std::optional<core::Timestamp> parse_rfc5322_date(std::string_view text);

// Finds the trust boundary: walking from the newest hop, hops with no address or a private, loopback or
// link-local address are the receiving side's own; the first hop with an outside address is the sender.
core::SenderTrace find_sender(const std::vector<core::ReceivedHop>& hops);

}  // namespace ps::parse
