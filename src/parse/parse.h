// parse: raw RFC 5322 bytes -> core::Message (headers decoded, MIME tree walked, text parts decoded to UTF-8).
#pragma once
#include <string>

#include "core/limits.h"
#include "core/model.h"
#include "parse/received.h"

namespace ps::parse {

// Never fails on malformed input: problems become core::Anomaly entries and the analysis goes on.
// GMime's one-time set-up, with the charset converters kept loaded (parse_message calls it; benchmarks call it before
// their GMime-only baseline so that both sides run under the same conditions).
void init();

class RelayCatalog;
// `relays` (data/relays.json): the providers whose servers receive and forward mail, for the trust boundary.
core::Message parse_message(const std::string& source, const std::string& bytes, const core::Limits& limits = {},
                            const core::TrustConfig& trust = {}, const RelayCatalog* relays = nullptr);

// What the headers say of a mailing list the mail came through (List-Id, X-BeenThere, List-Post, X-Mailman-Version,
// a list's Errors-To/Sender bounce address): its id and the registrable domains they name.
ListEvidence list_evidence(const std::vector<core::Header>& headers);

// Compares the boundary with the address the receiving provider stamped (X-Sender-IP, "sender IP is" in its
// Authentication-Results): SenderTrace::stamp_*, and an anomaly when they disagree.
void confirm_with_stamps(core::Message& msg, const RelayCatalog* relays);

// Who wrote each spam-filter report (SpamReport::written_by, trusted): the reader's side, a relay, the sending
// tenant's own scan, or the sender.
void attribute_filters(core::Message& msg, const RelayCatalog* relays);

// Splits a leading server-added tag ("[spam]", "***SPAM***", "【迷惑メール】", "[meiwaku]"...) off a subject.
// Returns the tag, or nothing when the subject does not start with one.
std::optional<std::string> split_subject_tag(const std::string& subject, std::string* rest);

}  // namespace ps::parse
