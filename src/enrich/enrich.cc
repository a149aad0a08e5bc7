#include "enrich/enrich.h"

#include <nlohmann/json.hpp>
#include <set>

#include "core/ip.h"
#include "core/text.h"

namespace ps::enrich {

using nlohmann::json;

std::optional<int64_t> age_in_days(const std::string& registered, const core::Timestamp& at) {
  auto reg = core::parse_iso8601(registered.substr(0, 10));
  if (!reg) return std::nullopt;
  int64_t reg_day = reg->epoch / 86400;  // the date as written
  int64_t local = at.epoch + at.offset_minutes * 60;
  int64_t mail_day = local >= 0 ? local / 86400 : (local - 86399) / 86400;
  return mail_day - reg_day;
}

namespace {

class Looker {
 public:
  Looker(ObservationSource& src, core::Enrichment& out) : src_(src), out_(out) {}
  core::Observation get(const std::string& kind, const std::string& key) {
    std::string id = kind + ":" + key;
    for (const auto& o : out_.observations)
      if (o.id == id) return o;
    out_.observations.push_back(src_.lookup(kind, key));
    return out_.observations.back();
  }
  bool offers(const std::string& kind) const { return src_.offers(kind); }

 private:
  ObservationSource& src_;
  core::Enrichment& out_;
};

json answer(const core::Observation& o) {
  if (o.status != "ok") return json();
  json j = json::parse(o.result_json, nullptr, false);
  return j.is_discarded() ? json() : j;
}

std::string str(const json& j, const char* k) {
  return j.is_object() && j.contains(k) && j[k].is_string() ? j[k].get<std::string>() : std::string();
}

core::IpFacts ip_facts(Looker& look, const std::string& ip) {
  core::IpFacts f;
  f.ip = ip;
  if (ip.empty()) return f;
  std::vector<core::Observation> obs{look.get("ip", ip)};
  if (look.offers("ipdb")) obs.push_back(look.get("ipdb", ip));
  f.observation = obs.front().id;
  f.status = obs.front().status;
  for (const auto& o : obs) {
    json j = answer(o);
    if (!j.is_object()) continue;
    core::IpAnswer a;
    a.source = o.source;
    a.observation = o.id;
    a.observed_at = o.observed_at;
    if (j.contains("asn") && j["asn"].is_number_integer()) a.asn = j["asn"].get<int64_t>();
    a.as_org = str(j, "as_org");
    a.country = str(j, "country");
    f.answers.push_back(std::move(a));
  }
  if (look.offers("ip_rdap")) {
    const core::Observation o = look.get("ip_rdap", ip);
    core::IpFacts::Network n;
    n.observation = o.id;
    n.status = o.status;
    json j = answer(o);
    n.name = str(j, "network");
    n.range = str(j, "range");
    n.org = str(j, "org");
    n.country = str(j, "country");
    n.abuse_email = str(j, "abuse_email");
    f.network = n;
  }
  if (!f.answers.empty()) {
    const core::IpAnswer& first = f.answers.front();
    f.asn = first.asn;
    f.as_org = first.as_org;
    f.country = first.country;
    f.observation = first.observation;
    f.status = "ok";
    for (const auto& a : f.answers) {
      bool asn_differs = a.asn && first.asn && *a.asn != *first.asn;
      bool country_differs = !a.country.empty() && !first.country.empty() && a.country != first.country;
      if (asn_differs || country_differs) f.sources_disagree = true;
    }
  }
  return f;
}

core::DomainFacts domain_facts(Looker& look, const std::string& domain, const std::optional<core::Timestamp>& at) {
  core::DomainFacts f;
  f.domain = domain;
  if (domain.empty()) return f;
  const core::Observation o = look.get("rdap", domain);
  f.observation = o.id;
  f.status = o.status;
  json j = answer(o);
  if (j.is_object()) {
    std::string reg = str(j, "registered");
    if (!reg.empty()) {
      f.registered = reg.substr(0, 10);
      if (at) f.age_days = age_in_days(reg, *at);
    }
    f.registrar = str(j, "registrar");
    if (j.contains("privacy") && j["privacy"].is_boolean()) f.privacy = j["privacy"].get<bool>();
  }
  return f;
}

bool contains_icase(const std::string& hay, const char* needle) {
  return core::to_lower_ascii(hay).find(needle) != std::string::npos;
}

core::SiteFacts site_facts(Looker& look, const std::string& url) {
  core::SiteFacts s;
  const core::Observation o = look.get("site", url);
  s.observation = o.id;
  s.status = o.status == "ok" ? "live" : o.status == "error" ? "unreachable" : o.status;
  json j = answer(o);
  if (!j.is_object()) return s;
  if (j.contains("status") && j["status"].is_number_integer()) s.http_status = j["status"].get<int>();
  s.final_url = str(j, "final_url");
  s.title = str(j, "title");
  s.body_excerpt = str(j, "body_excerpt");
  if (j.contains("has_password_field") && j["has_password_field"].is_boolean())
    s.has_password_field = j["has_password_field"].get<bool>();
  if (j.contains("has_card_field") && j["has_card_field"].is_boolean()) s.has_card_field = j["has_card_field"].get<bool>();
  if (j.contains("redirects") && j["redirects"].is_array() && j["redirects"].size() > 1)
    for (size_t i = 0; i + 1 < j["redirects"].size(); ++i) {
      const json& h = j["redirects"][i];
      if (!h.is_object()) continue;
      s.redirects.push_back({h.contains("status") && h["status"].is_number_integer() ? h["status"].get<int>() : 0, str(h, "url")});
    }
  if (j.contains("profile_details") && j["profile_details"].is_object())
    for (auto it = j["profile_details"].begin(); it != j["profile_details"].end(); ++it) {
      const json& d = it.value();
      if (d.is_object() && d.contains("screenshot") && d["screenshot"].is_object())
        s.screenshots.push_back({it.key(), str(d["screenshot"], "file"), str(d["screenshot"], "sha256")});
    }
  s.browser = str(j, "browser");
  if (j.contains("guard_refused") && j["guard_refused"].is_array())
    for (const auto& g : j["guard_refused"])
      if (g.is_string()) s.guard_refused.push_back(g.get<std::string>());
  if (j.contains("profiles") && j["profiles"].is_object())
    for (auto it = j["profiles"].begin(); it != j["profiles"].end(); ++it)
      if (it.value().is_string()) s.profiles[it.key()] = it.value().get<std::string>();

  bool login = s.has_password_field.value_or(false) || s.has_card_field.value_or(false);
  bool error_page = false;
  for (const auto& [profile, seen] : s.profiles) {
    if (contains_icase(seen, "login") || contains_icase(seen, "card-form")) login = true;
    if (contains_icase(seen, "timeout") || contains_icase(seen, "error")) error_page = true;
  }
  if (contains_icase(s.body_excerpt, "timed out") || contains_icase(s.body_excerpt, "timeout")) error_page = true;
  if (s.http_status && *s.http_status >= 400) {
    s.status = "http_error";
  } else if (login) {
    s.status = "live_login_form";
  } else if (error_page) {
    s.status = "live_error_page";
  }
  // Cloaking: vantage profiles saw different pages, or the server answers 200 with an error text (a real timeout
  // would not be a 200 page), which is how sites hide from scanners outside their target audience.
  std::string first;
  for (const auto& [profile, seen] : s.profiles) {
    if (first.empty()) first = seen;
    else if (seen != first) {
      s.cloaking_suspected = true;
      s.cloaking_reason = "profiles_differ";
    }
  }
  if (!s.cloaking_suspected && s.status == "live_error_page" && s.http_status && *s.http_status == 200) {
    s.cloaking_suspected = true;
    s.cloaking_reason = "fake_error_page";
  }
  return s;
}

}  // namespace

core::Enrichment enrich(const core::Message& msg, const core::Content& content, ObservationSource& source,
                        size_t max_site_probes) {
  core::Enrichment e;
  std::set<std::string> probed;
  Looker look(source, e);
  e.sender.domain = content.sender_domain;
  e.sender.ip_facts = ip_facts(look, msg.sender.ip);
  e.sender.domain_facts = domain_facts(look, content.sender_domain, msg.received_at);

  for (const auto& l : content.links) {
    core::LinkFacts f;
    f.url = l.url;
    if (l.host.empty() || (l.scheme != "http" && l.scheme != "https")) {
      e.links.push_back(std::move(f));
      continue;
    }
    std::string literal = l.host.size() > 2 && l.host.front() == '[' ? l.host.substr(1, l.host.size() - 2) : l.host;
    if (core::parse_ip(literal)) {
      // the link names an address: nothing to resolve
      f.host_ips.push_back(literal);
      f.dns_status = "ok";
    } else {
      const core::Observation dns = look.get("dns", l.host);
      f.dns_observation = dns.id;
      f.dns_status = dns.status;
      json dj = answer(dns);
      if (dj.is_object() && dj.contains("A") && dj["A"].is_array())
        for (const auto& a : dj["A"])
          if (a.is_string()) f.host_ips.push_back(a.get<std::string>());
    }
    if (!f.host_ips.empty()) f.ip_facts = ip_facts(look, f.host_ips.front());
    if (l.official) {
      // the brand's own site: where it points is shown, its reputation and registration are not in question
      e.links.push_back(std::move(f));
      continue;
    }
    f.domain_facts = domain_facts(look, l.registrable_domain, msg.received_at);
    const core::Observation rep = look.get("reputation", l.url);
    f.reputation_observation = rep.id;
    f.reputation_status = rep.status;
    json rj = answer(rep);
    if (rj.is_array())
      for (const auto& v : rj)
        if (v.is_object()) f.reputation.push_back({str(v, "source"), str(v, "verdict")});
    if (look.offers("blocklist")) {
      const core::Observation bl = look.get("blocklist", l.url);
      f.blocklist_observation = bl.id;
      json bj = answer(bl);
      if (bj.is_object() && bj.contains("matches") && bj["matches"].is_array())
        for (const auto& m : bj["matches"])
          if (m.is_object()) {
            f.blocklists_listing.push_back(str(m, "list"));
            f.reputation.push_back({"local block list " + str(m, "list"), "phishing (listed: " + str(m, "entry") + ")"});
          }
    }
    if (probed.count(l.url) || probed.size() < max_site_probes) {
      probed.insert(l.url);
      f.site = site_facts(look, l.url);
    } else {
      f.site.status = "not_probed";  // past the limit: no observation asked for
    }
    e.links.push_back(std::move(f));
  }
  return e;
}

}  // namespace ps::enrich
