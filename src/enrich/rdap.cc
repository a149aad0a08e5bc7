#include "enrich/rdap.h"

#include <arpa/inet.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <nlohmann/json.hpp>
#include <sstream>

#include "core/text.h"

namespace ps::enrich {

using nlohmann::json;

core::Result<RdapBootstrap> RdapBootstrap::load(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return core::Error{"cannot open RDAP bootstrap file", path};
  std::stringstream ss;
  ss << in.rdbuf();
  return parse(ss.str(), path);
}

core::Result<RdapBootstrap> RdapBootstrap::parse(const std::string& text, const std::string& name) {
  json j = json::parse(text, nullptr, false);
  if (j.is_discarded()) return core::Error{"RDAP bootstrap is not valid JSON", name};
  RdapBootstrap b;
  json services = j.is_array() ? j : (j.is_object() && j.contains("services") ? j["services"] : json());
  if (!services.is_array()) return core::Error{"RDAP bootstrap has no \"services\" array", name};
  if (j.is_object() && j.contains("publication") && j["publication"].is_string()) b.publication = j["publication"];
  for (const auto& s : services) {
    if (!s.is_array() || s.size() < 2 || !s[0].is_array() || !s[1].is_array()) continue;
    std::string base;
    for (const auto& u : s[1]) {
      if (!u.is_string()) continue;
      std::string url = u.get<std::string>();
      if (base.empty() || (url.rfind("https://", 0) == 0 && base.rfind("https://", 0) != 0)) base = url;
    }
    if (base.empty()) continue;
    if (base.back() != '/') base += '/';
    for (const auto& t : s[0]) {
      if (!t.is_string()) continue;
      std::string key = t.get<std::string>();
      size_t slash = key.find('/');
      if (slash == std::string::npos) {
        b.servers_[core::to_lower_ascii(key)] = base;
        continue;
      }
      Prefix p;
      std::string addr = key.substr(0, slash);
      p.bits = std::atoi(key.c_str() + slash + 1);
      if (inet_pton(AF_INET, addr.c_str(), p.bytes) == 1) p.family = 4;
      else if (inet_pton(AF_INET6, addr.c_str(), p.bytes) == 1) p.family = 6;
      else continue;
      if (p.bits < 0 || p.bits > (p.family == 4 ? 32 : 128)) continue;
      p.base = base;
      b.prefixes_.push_back(p);
    }
  }
  if (b.servers_.empty() && b.prefixes_.empty()) return core::Error{"RDAP bootstrap lists no servers", name};
  return b;
}

core::Result<RdapBootstrap> RdapBootstrap::load_dir(const std::string& dir) {
  RdapBootstrap all;
  bool any = false;
  for (const char* f : {"dns.json", "ipv4.json", "ipv6.json"}) {
    std::string path = dir + "/" + f;
    if (!std::filesystem::exists(path)) continue;
    auto b = load(path);
    if (!b.ok()) return b.error();
    if (std::string(f) == "dns.json") all.publication = b->publication;
    all.merge(*b);
    any = true;
  }
  if (!any) return core::Error{"no RDAP bootstrap files (dns.json, ipv4.json, ipv6.json)", dir};
  return all;
}

void RdapBootstrap::merge(const RdapBootstrap& other) {
  for (const auto& [k, v] : other.servers_) servers_[k] = v;
  prefixes_.insert(prefixes_.end(), other.prefixes_.begin(), other.prefixes_.end());
}

std::optional<std::string> RdapBootstrap::base_for_ip(const std::string& ip) const {
  unsigned char a[16] = {};
  int family = 0;
  if (inet_pton(AF_INET, ip.c_str(), a) == 1) family = 4;
  else if (inet_pton(AF_INET6, ip.c_str(), a) == 1) family = 6;
  else return std::nullopt;
  const Prefix* best = nullptr;
  for (const auto& p : prefixes_) {
    if (p.family != family || (best && best->bits >= p.bits)) continue;
    int full = p.bits / 8, rest = p.bits % 8;
    if (std::memcmp(a, p.bytes, static_cast<size_t>(full)) != 0) continue;
    if (rest && ((a[full] ^ p.bytes[full]) & (0xff << (8 - rest)) & 0xff)) continue;
    best = &p;
  }
  if (!best) return std::nullopt;
  return best->base;
}

std::optional<std::string> RdapBootstrap::base_for(const std::string& domain) const {
  std::string d = core::to_lower_ascii(domain);
  // longest match first: "co.jp" before "jp" (IANA lists TLDs only, local overrides may list more)
  for (size_t pos = 0; pos != std::string::npos;) {
    if (auto it = servers_.find(d.substr(pos)); it != servers_.end() && pos > 0) return it->second;
    size_t dot = d.find('.', pos);
    pos = dot == std::string::npos ? std::string::npos : dot + 1;
  }
  return std::nullopt;
}

namespace {

std::string vcard_value(const json& entity, const char* field) {
  if (!entity.contains("vcardArray") || !entity["vcardArray"].is_array() || entity["vcardArray"].size() < 2) return "";
  const json& props = entity["vcardArray"][1];
  if (!props.is_array()) return "";
  for (const auto& p : props)
    if (p.is_array() && p.size() >= 4 && p[0] == field && p[3].is_string()) return p[3].get<std::string>();
  return "";
}

bool has_role(const json& entity, const char* role) {
  if (!entity.contains("roles") || !entity["roles"].is_array()) return false;
  for (const auto& r : entity["roles"])
    if (r == role) return true;
  return false;
}

bool looks_redacted(const std::string& s) {
  std::string l = core::to_lower_ascii(s);
  for (const char* w : {"redacted", "privacy", "private", "proxy", "withheld", "not disclosed", "data protected"})
    if (l.find(w) != std::string::npos) return true;
  return false;
}

// An RDAP answer's object, or its error (RFC 9083 error response: errorCode, title).
core::Result<json> rdap_object(const std::string& body, const std::string& url) {
  json j = json::parse(body, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return core::Error{"RDAP answer is not a JSON object", url};
  if (j.contains("errorCode")) {
    std::string title = j.value("title", "");
    return core::Error{"RDAP error " + j["errorCode"].dump() + (title.empty() ? "" : ": " + title), url};
  }
  return j;
}

}  // namespace

core::Result<std::string> rdap_facts(const std::string& body, const std::string& url) {
  auto parsed = rdap_object(body, url);
  if (!parsed.ok()) return parsed.error();
  const json& j = *parsed;
  json out = json::object();
  if (j.contains("events") && j["events"].is_array())
    for (const auto& e : j["events"]) {
      if (!e.is_object() || !e.contains("eventDate") || !e["eventDate"].is_string()) continue;
      std::string action = e.value("eventAction", "");
      if (action == "registration") out["registered"] = e["eventDate"];
      else if (action == "expiration") out["expires"] = e["eventDate"];
      else if (action == "last changed") out["last_changed"] = e["eventDate"];
    }
  std::optional<bool> privacy;
  if (j.contains("redacted") && j["redacted"].is_array() && !j["redacted"].empty()) privacy = true;  // RFC 9537
  if (j.contains("remarks") && j["remarks"].is_array())
    for (const auto& r : j["remarks"])
      if (r.is_object() && looks_redacted(r.value("title", ""))) privacy = true;
  std::function<void(const json&)> walk = [&](const json& entities) {
    if (!entities.is_array()) return;
    for (const auto& e : entities) {
      if (!e.is_object()) continue;
      if (has_role(e, "registrar") && !out.contains("registrar")) {
        std::string fn = vcard_value(e, "fn");
        if (fn.empty()) fn = e.value("handle", "");
        if (!fn.empty()) out["registrar"] = fn;
      }
      if (has_role(e, "registrant")) {
        std::string who = vcard_value(e, "fn") + " " + vcard_value(e, "org");
        if (looks_redacted(who)) privacy = true;
        else if (!privacy && who != " ") privacy = false;
        if (e.contains("remarks") && e["remarks"].is_array())
          for (const auto& r : e["remarks"])
            if (r.is_object() && looks_redacted(r.value("title", ""))) privacy = true;
      }
      if (e.contains("entities")) walk(e["entities"]);
    }
  };
  if (j.contains("entities")) walk(j["entities"]);
  if (privacy) out["privacy"] = *privacy;
  if (j.contains("status") && j["status"].is_array()) out["status"] = j["status"];
  out["rdap_url"] = url;
  return out.dump();
}

core::Result<std::string> rdap_ip_facts(const std::string& body, const std::string& url) {
  auto parsed = rdap_object(body, url);
  if (!parsed.ok()) return parsed.error();
  const json& j = *parsed;
  json out = json::object();
  auto copy = [&](const char* from, const char* to) {
    if (j.contains(from) && j[from].is_string() && !j[from].get<std::string>().empty()) out[to] = j[from];
  };
  copy("name", "network");
  copy("handle", "handle");
  copy("country", "country");
  copy("parentHandle", "parent");
  if (j.contains("startAddress") && j["startAddress"].is_string() && j.contains("endAddress") && j["endAddress"].is_string())
    out["range"] = j["startAddress"].get<std::string>() + " - " + j["endAddress"].get<std::string>();
  std::function<void(const json&)> walk = [&](const json& entities) {
    if (!entities.is_array()) return;
    for (const auto& e : entities) {
      if (!e.is_object()) continue;
      if (has_role(e, "abuse") && !out.contains("abuse_email")) {
        std::string mail = vcard_value(e, "email");
        if (!mail.empty()) out["abuse_email"] = mail;
      }
      if (!out.contains("org") && (has_role(e, "registrant") || has_role(e, "administrative"))) {
        std::string fn = vcard_value(e, "fn");
        if (!fn.empty()) out["org"] = fn;
      }
      if (e.contains("entities")) walk(e["entities"]);
    }
  };
  if (j.contains("entities")) walk(j["entities"]);
  out["rdap_url"] = url;
  return out.dump();
}

core::Result<std::string> rdap_ip(const std::string& ip, const RdapBootstrap& bootstrap, const GuardPolicy& guard,
                                  long timeout_ms) {
  auto base = bootstrap.base_for_ip(ip);
  if (!base) return core::Error{"no RIR RDAP server for this address in the IANA bootstrap registry", ip};
  HttpRequest req;
  req.url = *base + "ip/" + ip;
  req.headers = {"Accept: application/rdap+json, application/json"};
  req.timeout_ms = timeout_ms;
  req.max_redirects = 5;  // RIRs refer queries for each other's space
  req.max_body = 2 * 1024 * 1024;
  auto res = http_fetch(req, guard);
  if (!res.ok()) return res.error();
  if (res->status != 200) return core::Error{"RDAP: HTTP " + std::to_string(res->status), req.url};
  return rdap_ip_facts(res->body, res->final_url);
}

core::Result<std::string> rdap_domain(const std::string& domain, const RdapBootstrap& bootstrap,
                                      const GuardPolicy& guard, long timeout_ms) {
  auto base = bootstrap.base_for(domain);
  if (!base) {
    std::string tld = domain.substr(domain.rfind('.') + 1);
    return core::Error{"no RDAP server for ." + tld + " in the IANA bootstrap registry", domain};
  }
  HttpRequest req;
  req.url = *base + "domain/" + core::to_lower_ascii(domain);
  req.headers = {"Accept: application/rdap+json, application/json"};
  req.timeout_ms = timeout_ms;
  req.max_redirects = 5;  // RFC 9224: servers may redirect to the authoritative one
  req.max_body = 1024 * 1024;
  auto res = http_fetch(req, guard);
  if (!res.ok()) return res.error();
  if (res->status == 404) return core::Error{"RDAP: domain not found (HTTP 404)", req.url};
  if (res->status != 200) return core::Error{"RDAP: HTTP " + std::to_string(res->status), req.url};
  return rdap_facts(res->body, res->final_url);
}

}  // namespace ps::enrich
