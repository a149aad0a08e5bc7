// Domain names: registrable domain ("organisational domain", eTLD+1) and public suffix, with libpsl and Debian's
// public suffix list. Used for alignment (DMARC), brand domains and link analysis.
#pragma once
#include <string>

namespace ps::core {

// Registrable domain of a host; "" for IP literals and hosts that are only a public suffix.
std::string registrable_domain(const std::string& host);
std::string public_suffix(const std::string& host);
// Registrable domain when there is one, else the lower-cased host itself.
std::string organisational_domain(const std::string& host);
// Is the host's top-level domain one the public suffix list knows ("com", "jp"; not "comm" or "local")?
bool has_known_suffix(const std::string& host);
// The domain part of an address (after the last '@'), lower-cased, without angle brackets.
std::string address_domain(const std::string& address);

}  // namespace ps::core
