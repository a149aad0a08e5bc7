// Exchange formats of an analysis: a STIX 2.1 bundle and a MISP event. Deterministic (ids are name-based UUIDs of
// the message and the object, times come from the analysis), so a replayed analysis exports the same bytes.
#include <nlohmann/json.hpp>

#include "core/text.h"
#include "core/time.h"
#include "report/report.h"

namespace ps::report {

using ojson = nlohmann::ordered_json;

namespace {

// phishscope's own namespace for the name-based ids of SDOs, SROs and MISP objects
const char* kNamespace = "9db789ef-7f4e-4edc-ba68-b08f1ed0af3a";
// STIX 2.1, 2.9: the namespace of deterministic SCO ids
const char* kStixScoNamespace = "00abedb4-aa42-466c-9c01-fed23315a9b7";

struct Tlp {
  const char* id;
  const char* name;
  const char* value;
};

// STIX 2.1, 7.2.1.4: the predefined TLP marking definitions (TLP 1.0; CLEAR is WHITE)
Tlp tlp_of(const std::string& level) {
  if (level == "clear" || level == "white")
    return {"marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9", "TLP:WHITE", "white"};
  if (level == "green") return {"marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da", "TLP:GREEN", "green"};
  if (level == "red") return {"marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed", "TLP:RED", "red"};
  return {"marking-definition--f88d31f6-486f-44da-b317-01333bde0b82", "TLP:AMBER", "amber"};
}

std::string stix_time(int64_t epoch) {
  core::Timestamp t{epoch, 0};
  std::string s = t.iso8601();  // 2026-02-13T04:20:14+00:00 or ...Z
  s = s.substr(0, 19);
  return s + ".000Z";
}

int64_t epoch_of(const std::string& iso, int64_t fallback) {
  auto t = core::parse_iso8601(iso);
  return t ? t->epoch : fallback;
}

// STIX patterns quote strings with ' and escape ' and \ (STIX 2.1 patterning, 9.2)
std::string pattern_string(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '\'' || c == '\\') out += '\\';
    out += c;
  }
  return "'" + out + "'";
}

bool is_ipv6(const std::string& ip) { return ip.find(':') != std::string::npos; }

// CDNs, where one address serves many unrelated sites: not for blocking (a rented cloud server's address is)
bool shared_infrastructure(const core::IpFacts& f) {
  std::string org = core::to_lower_ascii(f.as_org);
  for (const char* w : {"cloudflare", "akamai", "fastly", "incapsula", "imperva", "edgecast", "stackpath", "cdn77",
                        "bunny"})
    if (org.find(w) != std::string::npos) return true;
  return false;
}

std::string title_of(const core::Analysis& a, const Catalog& cat, const std::string& lang) {
  const auto& subj = a.message.subject_body.empty() ? a.message.subject : a.message.subject_body;
  if (a.brand)
    return cat.text("report.title", {{"brand", lang == "en" ? a.brand->name_en : a.brand->name_ja}, {"subject", subj}});
  return cat.text("report.title_nobrand", {{"subject", subj}});
}

struct Bundle {
  const core::Analysis& a;
  std::string created;  // analysis time
  std::string case_key;
  ojson objects = ojson::array();
  std::vector<std::string> refs;  // everything the report object lists

  std::string sdo_id(const std::string& type, const std::string& key) const {
    return type + "--" + core::uuid5(kNamespace, case_key + "|" + type + "|" + key);
  }
  static std::string sco_id(const std::string& type, const ojson& contributing) {
    return type + "--" + core::uuid5(kStixScoNamespace, contributing.dump());
  }
  void add(ojson o, bool listed = true) {
    if (listed) refs.push_back(o["id"]);
    objects.push_back(std::move(o));
  }
  // an SCO once per id
  std::string sco(const std::string& type, const std::string& value) {
    ojson key = {{"value", value}};
    std::string id = sco_id(type, key);
    for (const auto& o : objects)
      if (o["id"] == id) return id;
    add({{"type", type}, {"spec_version", "2.1"}, {"id", id}, {"value", value}});
    return id;
  }
};

}  // namespace

std::string to_stix(const core::Analysis& a, const Catalog& catalog, const std::string& lang, const std::string& tlp_level) {
  Bundle b{a, "", a.message.sha256.empty() ? a.message.message_id : a.message.sha256};
  int64_t analyzed = epoch_of(a.analyzed_at, 0);
  b.created = stix_time(analyzed);
  Tlp tlp = tlp_of(tlp_level);
  std::string producer = "identity--" + core::uuid5(kNamespace, "identity|phishscope");
  auto common = [&](const std::string& type, const std::string& id) {
    return ojson{{"type", type}, {"spec_version", "2.1"}, {"id", id}, {"created_by_ref", producer},
                 {"created", b.created}, {"modified", b.created}};
  };
  b.add({{"type", "identity"}, {"spec_version", "2.1"}, {"id", producer}, {"created", "2026-01-01T00:00:00.000Z"},
         {"modified", "2026-01-01T00:00:00.000Z"}, {"name", "phishscope"}, {"identity_class", "system"},
         {"description", "phishing-mail forensic analyzer"}},
        false);
  b.add({{"type", "marking-definition"}, {"spec_version", "2.1"}, {"id", tlp.id}, {"created", "2017-01-20T00:00:00.000Z"},
         {"definition_type", "tlp"}, {"name", tlp.name}, {"definition", {{"tlp", tlp.value}}}},
        false);

  // what was observed: the message, its sender and its links
  std::vector<std::string> observed;
  std::string from_ref;
  if (!a.message.from.address.empty()) {
    ojson addr = {{"type", "email-addr"}, {"spec_version", "2.1"}, {"id", Bundle::sco_id("email-addr", {{"value", a.message.from.address}})},
                  {"value", a.message.from.address}};
    if (!a.message.from.display.empty()) addr["display_name"] = a.message.from.display;
    from_ref = addr["id"];
    b.add(addr);
    observed.push_back(from_ref);
  }
  {
    ojson key = ojson::object();
    if (!from_ref.empty()) key["from_ref"] = from_ref;
    key["subject"] = a.message.subject;
    ojson msg = {{"type", "email-message"}, {"spec_version", "2.1"}, {"id", Bundle::sco_id("email-message", key)},
                 {"is_multipart", a.message.parts.size() > 1}};
    if (a.message.date) msg["date"] = stix_time(a.message.date->epoch);
    if (!from_ref.empty()) msg["from_ref"] = from_ref;
    msg["subject"] = a.message.subject;
    if (!a.message.message_id.empty()) msg["message_id"] = a.message.message_id;
    observed.push_back(msg["id"]);
    b.add(msg);
  }
  const auto& sender = a.enrichment.sender;
  std::string sender_ip_id;
  if (!a.message.sender.ip.empty()) {
    sender_ip_id = b.sco(is_ipv6(a.message.sender.ip) ? "ipv6-addr" : "ipv4-addr", a.message.sender.ip);
    observed.push_back(sender_ip_id);
  }
  if (!sender.domain.empty()) observed.push_back(b.sco("domain-name", sender.domain));
  struct Bad {
    std::string url, domain, ip;
    bool shared = false;
  };
  std::vector<Bad> bad;
  for (size_t i = 0; i < a.content.links.size(); ++i) {
    const auto& l = a.content.links[i];
    if (l.official || (l.scheme != "http" && l.scheme != "https")) continue;
    observed.push_back(b.sco("url", l.url));
    Bad x{l.url, l.registrable_domain, "", false};
    if (!l.registrable_domain.empty()) observed.push_back(b.sco("domain-name", l.registrable_domain));
    if (i < a.enrichment.links.size() && !a.enrichment.links[i].host_ips.empty()) {
      x.ip = a.enrichment.links[i].host_ips.front();
      x.shared = shared_infrastructure(a.enrichment.links[i].ip_facts);
      std::string ip_id = b.sco(is_ipv6(x.ip) ? "ipv6-addr" : "ipv4-addr", x.ip);
      observed.push_back(ip_id);
    }
    bad.push_back(x);
  }
  int64_t seen = a.message.received_at ? a.message.received_at->epoch : analyzed;
  std::string observed_id = b.sdo_id("observed-data", "mail");
  {
    ojson od = common("observed-data", observed_id);
    od["first_observed"] = stix_time(seen);
    od["last_observed"] = stix_time(seen);
    od["number_observed"] = 1;
    ojson refs = ojson::array();
    for (const auto& r : observed)
      if (std::find(refs.begin(), refs.end(), r) == refs.end()) refs.push_back(r);
    od["object_refs"] = refs;
    od["object_marking_refs"] = {tlp.id};
    b.add(od);
  }

  // what to look for, when the verdict says the mail is malicious
  bool malicious = a.verdict.level == "phishing" || a.verdict.level == "suspicious";
  if (malicious) {
    std::string technique = b.sdo_id("attack-pattern", "T1566.002");
    ojson ap = common("attack-pattern", technique);
    ap["name"] = "Phishing: Spearphishing Link";
    ap["external_references"] = {{{"source_name", "mitre-attack"}, {"external_id", "T1566.002"},
                                  {"url", "https://attack.mitre.org/techniques/T1566/002/"}}};
    ap["object_marking_refs"] = {tlp.id};
    b.add(ap);
    std::string brand = a.brand ? a.brand->name_en : "";
    auto indicator = [&](const std::string& key, const std::string& name, const std::string& pattern) {
      std::string id = b.sdo_id("indicator", key);
      ojson in = common("indicator", id);
      in["name"] = name;
      in["indicator_types"] = {"malicious-activity"};
      in["pattern"] = pattern;
      in["pattern_type"] = "stix";
      in["pattern_version"] = "2.1";
      in["valid_from"] = stix_time(seen);
      in["object_marking_refs"] = {tlp.id};
      b.add(in);
      for (const auto& [rel, target] : {std::pair<std::string, std::string>{"indicates", technique},
                                        std::pair<std::string, std::string>{"based-on", observed_id}}) {
        ojson r = common("relationship", b.sdo_id("relationship", key + "|" + rel));
        r["relationship_type"] = rel;
        r["source_ref"] = id;
        r["target_ref"] = target;
        r["object_marking_refs"] = {tlp.id};
        b.add(r);
      }
    };
    std::string lure = brand.empty() ? "phishing" : "phishing imitating " + brand;
    for (const auto& x : bad) {
      indicator("url|" + x.url, "URL of a " + lure + " mail", "[url:value = " + pattern_string(x.url) + "]");
      if (!x.domain.empty())
        indicator("domain|" + x.domain, "Domain of a " + lure + " site",
                  "[domain-name:value = " + pattern_string(x.domain) + "]");
      if (!x.ip.empty() && !x.shared)
        indicator("ip|" + x.ip, "Address of a " + lure + " site",
                  std::string("[") + (is_ipv6(x.ip) ? "ipv6-addr" : "ipv4-addr") + ":value = " + pattern_string(x.ip) + "]");
    }
    if (!a.message.sender.ip.empty() && !shared_infrastructure(sender.ip_facts))
      indicator("sender-ip|" + a.message.sender.ip, "Sending address of a " + lure + " mail",
                std::string("[") + (is_ipv6(a.message.sender.ip) ? "ipv6-addr" : "ipv4-addr") + ":value = " +
                    pattern_string(a.message.sender.ip) + "]");
    bool official_sender = false;
    if (a.brand)
      for (const auto& d : a.brand->official_domains)
        if (d == sender.domain) official_sender = true;
    if (!a.message.from.address.empty() && !official_sender)
      indicator("sender|" + a.message.from.address, "Sender of a " + lure + " mail",
                "[email-message:from_ref.value = " + pattern_string(a.message.from.address) + "]");
  }

  ojson report = common("report", b.sdo_id("report", "report"));
  report["name"] = title_of(a, catalog, lang);
  report["description"] = catalog.text("verdict." + a.verdict.level) + " (" + std::to_string(a.verdict.score) + "/100)";
  report["report_types"] = {"threat-report"};
  report["published"] = b.created;
  report["confidence"] = a.verdict.score;
  ojson labels = {"phishscope-verdict:" + a.verdict.level};
  if (a.brand) labels.push_back("brand:" + a.brand->id);
  for (const auto& p : a.purposes) labels.push_back("purpose:" + p);
  report["labels"] = labels;
  report["object_refs"] = b.refs;
  report["object_marking_refs"] = {tlp.id};
  b.objects.push_back(report);

  ojson bundle = {{"type", "bundle"}, {"id", "bundle--" + core::uuid5(kNamespace, b.case_key + "|bundle")},
                  {"objects", b.objects}};
  return bundle.dump(2) + "\n";
}

std::string to_misp(const core::Analysis& a, const Catalog& catalog, const std::string& lang, const std::string& tlp_level) {
  std::string key = a.message.sha256.empty() ? a.message.message_id : a.message.sha256;
  int64_t analyzed = epoch_of(a.analyzed_at, 0);
  std::string ts = std::to_string(analyzed);
  bool malicious = a.verdict.level == "phishing" || a.verdict.level == "suspicious";
  ojson attrs = ojson::array();
  auto attr = [&](const std::string& type, const std::string& category, const std::string& value, bool to_ids,
                  const std::string& comment) {
    if (value.empty()) return;
    for (const auto& x : attrs)
      if (x["type"] == type && x["value"] == value) return;
    attrs.push_back({{"uuid", core::uuid5(kNamespace, key + "|misp|" + type + "|" + value)},
                     {"type", type},
                     {"category", category},
                     {"value", value},
                     {"to_ids", malicious && to_ids},
                     {"distribution", "5"},
                     {"comment", comment},
                     {"timestamp", ts}});
  };
  const auto& sender = a.enrichment.sender;
  bool official_sender = false;
  if (a.brand)
    for (const auto& d : a.brand->official_domains)
      if (d == sender.domain) official_sender = true;
  attr("email-src", "Payload delivery", a.message.from.address, !official_sender,
       official_sender ? "From: the brand's own domain, forged" : "From");
  attr("email-src-display-name", "Payload delivery", a.message.from.display, false, "From display name");
  attr("email-subject", "Payload delivery", a.message.subject, false, "Subject");
  attr("email-message-id", "Payload delivery", a.message.message_id, false, "Message-ID");
  if (!a.message.sender.ip.empty()) {
    const auto& f = sender.ip_facts;
    std::string c = "sending server";
    if (!f.as_org.empty()) c += ": " + f.as_org + (f.asn ? " (AS" + std::to_string(*f.asn) + ")" : "");
    if (!f.country.empty()) c += ", " + f.country;
    attr("ip-src", "Network activity", a.message.sender.ip, !shared_infrastructure(f), c);
  }
  if (!sender.domain.empty()) {
    std::string c = "sender domain";
    if (sender.domain_facts.registered) c += ", registered " + *sender.domain_facts.registered;
    attr("domain", "Network activity", sender.domain, !official_sender, c);
  }
  for (size_t i = 0; i < a.content.links.size(); ++i) {
    const auto& l = a.content.links[i];
    if (l.official || (l.scheme != "http" && l.scheme != "https")) continue;
    std::string c = "link (" + l.found_in + ")";
    if (!l.anchor_text.empty()) c += ": " + l.anchor_text;
    attr("url", "Network activity", l.url, true, c);
    if (i < a.enrichment.links.size()) {
      const auto& lf = a.enrichment.links[i];
      std::string dc = "link domain";
      if (lf.domain_facts.registered) dc += ", registered " + *lf.domain_facts.registered;
      attr("domain", "Network activity", l.registrable_domain, true, dc);
      if (!lf.host_ips.empty()) {
        std::string ic = "link host " + l.host;
        if (!lf.ip_facts.as_org.empty()) ic += ": " + lf.ip_facts.as_org;
        attr("ip-dst", "Network activity", lf.host_ips.front(), !shared_infrastructure(lf.ip_facts), ic);
      }
    } else {
      attr("domain", "Network activity", l.registrable_domain, true, "link domain");
    }
  }
  Tlp tlp = tlp_of(tlp_level);
  ojson tags = {{{"name", std::string("tlp:") + (std::string(tlp.value) == "white" ? "clear" : tlp.value)}}};
  if (malicious) {
    tags.push_back({{"name", "rsit:fraud=\"phishing\""}});
    tags.push_back({{"name", "misp-galaxy:mitre-attack-pattern=\"Spearphishing Link - T1566.002\""}});
  }
  std::string date = a.message.received_at ? a.message.received_at->local_date() : core::Timestamp{analyzed, 0}.local_date();
  const char* level = a.verdict.level == "phishing" ? "1" : a.verdict.level == "suspicious" ? "2" : "4";
  ojson ev = {{"uuid", core::uuid5(kNamespace, key + "|misp-event")},
              {"info", title_of(a, catalog, lang)},
              {"date", date},
              {"threat_level_id", level},
              {"analysis", "2"},
              {"distribution", "0"},
              {"published", false},
              {"timestamp", ts},
              {"Tag", tags},
              {"Attribute", attrs}};
  return ojson{{"Event", ev}}.dump(2) + "\n";
}

}  // namespace ps::report
