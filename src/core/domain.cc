#include "core/domain.h"

#include <libpsl.h>

#include "core/ip.h"
#include "core/text.h"

namespace ps::core {

namespace {
const psl_ctx_t* psl() {
  static const psl_ctx_t* ctx = [] {
    // The list from Debian's publicsuffix package when present, else the one built into libpsl.
    const psl_ctx_t* c = psl_latest(nullptr);
    return c ? c : psl_builtin();
  }();
  return ctx;
}
}  // namespace

std::string registrable_domain(const std::string& host) {
  if (host.empty() || parse_ip(host)) return "";
  std::string h = to_lower_ascii(host);
  while (!h.empty() && h.back() == '.') h.pop_back();
  const char* r = psl_registrable_domain(psl(), h.c_str());
  return r ? std::string(r) : "";
}

std::string public_suffix(const std::string& host) {
  if (host.empty() || parse_ip(host)) return "";
  std::string h = to_lower_ascii(host);
  const char* r = psl_unregistrable_domain(psl(), h.c_str());
  return r ? std::string(r) : "";
}

std::string organisational_domain(const std::string& host) {
  std::string r = registrable_domain(host);
  if (!r.empty()) return r;
  std::string h = to_lower_ascii(trim(host));
  while (!h.empty() && h.back() == '.') h.pop_back();
  return h;
}

std::string address_domain(const std::string& address) {
  std::string a = trim(address);
  if (!a.empty() && a.front() == '<') a.erase(0, 1);
  if (!a.empty() && a.back() == '>') a.pop_back();
  auto at = a.rfind('@');
  return at == std::string::npos ? std::string() : to_lower_ascii(a.substr(at + 1));
}

bool has_known_suffix(const std::string& host) {
  std::string h = to_lower_ascii(host);
  while (!h.empty() && h.back() == '.') h.pop_back();
  size_t dot = h.rfind('.');
  std::string tld = dot == std::string::npos ? h : h.substr(dot + 1);
  if (tld.empty()) return false;
  // the list's own entry for the top-level domain, not its "*" default rule
  return psl_is_public_suffix2(psl(), tld.c_str(), PSL_TYPE_ANY | PSL_TYPE_NO_STAR_RULE) != 0;
}

}  // namespace ps::core

