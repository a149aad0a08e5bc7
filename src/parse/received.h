// Received header fields (RFC 5321 section 4.4) as written by Postfix, Sendmail, Exim, qmail, Exchange, Gmail...
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/limits.h"
#include "core/model.h"

namespace ps::parse {

// Parses one unfolded Received value. Never fails: what is not understood is kept in `raw` and `note`.
core::ReceivedHop parse_received(std::string_view value);

// RFC 5322 date-time (also without weekday, with obsolete zones) to a timestamp with its offset.
std::optional<core::Timestamp> parse_rfc5322_date(std::string_view text);

// Finds the trust boundary. Walking from the newest hop, a hop is the receiving side's own when it has no address
// (local delivery), a loopback/private/link-local/CGN address, an address in a configured internal network, a
// client name in the configured internal hosts, or (trust_receiver_domain) a verified rDNS name in the final
// receiving server's registrable domain. The first other hop is the sender; the hops below it are claims.
// Sets internal_reason on the receiving side's hops.
//
// With a relay catalog, a hosted mailbox's own servers (names under the provider's hosts *and* addresses in its
// networks) are the receiving side too. When the boundary's client is a relay (a mailing list named by the list
// headers, or a provider that forwards mail), the relay's own hops are followed to the one where it took the mail
// from the original sender, which becomes the sender; the relay is listed in SenderTrace::relays.
struct ListEvidence {
  bool present = false;             // List-Id, X-BeenThere, X-Mailman-Version, List-Post ...
  std::string id;                   // the list's id ("devel.lists.example.org"), for the report
  std::vector<std::string> domains; // registrable domains the list headers name
};
class RelayCatalog;
struct ChainContext {
  const RelayCatalog* relays = nullptr;
  ListEvidence list;
  // Forwarding services named by the envelope: a Sender Rewriting Scheme return path
  // (SRS0=hash=tt=original.example=user@forwarder.example) names the forwarder's registrable domain.
  std::vector<std::string> forwarder_domains;
};
core::SenderTrace find_sender(std::vector<core::ReceivedHop>& hops, const core::TrustConfig& trust = {},
                              const ChainContext& ctx = {});

// Delay of each hop after the previous (older) one, and out-of-order hops, long delays and a Date header that
// does not fit the time the boundary hop received the mail.
std::vector<core::TimingIssue> check_timing(std::vector<core::ReceivedHop>& hops, int sender_hop,
                                            const std::optional<core::Timestamp>& date);

}  // namespace ps::parse
