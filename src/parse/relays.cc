#include "parse/relays.h"

#include <fnmatch.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "core/text.h"

namespace ps::parse {

using nlohmann::json;

bool host_under(const std::string& host, const std::string& suffix) {
  if (host.empty() || suffix.empty() || host.size() < suffix.size()) return false;
  size_t off = host.size() - suffix.size();
  if (!core::iequals(std::string_view(host).substr(off), suffix)) return false;
  return off == 0 || host[off - 1] == '.';
}

namespace {
// A suffix at a label boundary, or a pattern with '*' matched against the whole name ("mail-*.google.com").
bool matches(const std::string& host, const std::string& pattern) {
  if (pattern.find('*') != std::string::npos)
    return !host.empty() && fnmatch(pattern.c_str(), host.c_str(), FNM_CASEFOLD) == 0;
  return host_under(host, pattern);
}
}  // namespace

bool RelayProvider::is_host(const std::string& host) const {
  std::string h = host;
  while (!h.empty() && h.back() == '.') h.pop_back();
  for (const auto& s : hosts)
    if (matches(h, s)) return true;
  return false;
}

bool RelayProvider::is_inbound_host(const std::string& host) const {
  for (const auto& s : inbound_hosts)
    if (matches(host, s)) return true;
  return false;
}

bool RelayProvider::is_outbound_host(const std::string& host) const {
  for (const auto& s : outbound_hosts)
    if (matches(host, s)) return true;
  return false;
}

bool RelayProvider::in_networks(const core::IpAddress& ip) const {
  for (const auto& n : networks)
    if (core::in_cidr(ip, n)) return true;
  return false;
}

bool RelayProvider::is_authserv(const std::string& id) const {
  for (const auto& s : authserv_ids)
    if (host_under(id, s)) return true;
  return false;
}

bool RelayProvider::stamps(const std::string& header_name) const {
  for (const auto& h : receiver_headers) {
    if (!h.empty() && h.back() == '*') {
      if (core::starts_with_icase(header_name, std::string_view(h).substr(0, h.size() - 1))) return true;
    } else if (core::iequals(header_name, h)) {
      return true;
    }
  }
  return false;
}

core::Result<RelayCatalog> RelayCatalog::parse(const std::string& text, const std::string& where) {
  json j = json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.contains("providers") || !j["providers"].is_array())
    return core::Error{"not a relay catalog (expected {\"providers\": [...]})", where};
  RelayCatalog cat;
  size_t i = 0;
  for (const auto& p : j["providers"]) {
    RelayProvider r;
    try {
      r.id = p.at("id").get<std::string>();
      r.name = p.at("name").get<std::string>();
      r.hosts = p.at("hosts").get<std::vector<std::string>>();
      r.inbound_hosts = p.value("inbound_hosts", std::vector<std::string>{});
      r.outbound_hosts = p.value("outbound_hosts", std::vector<std::string>{});
      r.networks = p.value("networks", std::vector<std::string>{});
      r.receiver_headers = p.value("receiver_headers", std::vector<std::string>{});
      r.sender_ip_headers = p.value("sender_ip_headers", std::vector<std::string>{});
      r.authserv_ids = p.value("authserv_ids", std::vector<std::string>{});
      r.authres_without_id = p.value("authres_without_id", false);
      r.forwards = p.value("forwards", false);
    } catch (const std::exception& e) {
      return core::Error{"provider " + std::to_string(i) + ": " + e.what(), where};
    }
    for (const auto& n : r.networks) {
      std::string problem = core::check_cidr(n);
      if (!problem.empty()) return core::Error{"provider " + r.id + ": network " + n + ": " + problem, where};
    }
    if (r.hosts.empty()) return core::Error{"provider " + r.id + " has no hosts", where};
    cat.providers_.push_back(std::move(r));
    ++i;
  }
  return cat;
}

core::Result<RelayCatalog> RelayCatalog::load(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return core::Error{"cannot open relay catalog", path};
  std::stringstream ss;
  ss << in.rdbuf();
  return parse(ss.str(), path);
}

const RelayProvider* RelayCatalog::by_host(const std::string& host) const {
  for (const auto& p : providers_)
    if (p.is_host(host)) return &p;
  return nullptr;
}

const RelayProvider* RelayCatalog::find(const std::string& id) const {
  for (const auto& p : providers_)
    if (p.id == id) return &p;
  return nullptr;
}

}  // namespace ps::parse
