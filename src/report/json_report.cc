#include <nlohmann/json.hpp>

#include "core/text.h"
#include "report/report.h"

namespace ps::report {

using nlohmann::ordered_json;

std::string finding_message(const core::Finding& f, const Catalog& catalog) {
  auto params = f.params;
  // country codes read as names in the catalog's language
  auto c = params.find("country");
  if (c != params.end() && catalog.has("country." + c->second)) c->second = catalog.text("country." + c->second);
  return catalog.text("finding." + f.id, params);
}

namespace {

ordered_json opt_str(const std::string& s) { return s.empty() ? ordered_json() : ordered_json(s); }

template <typename T>
ordered_json opt(const std::optional<T>& v) {
  return v ? ordered_json(*v) : ordered_json();
}

ordered_json ts(const std::optional<core::Timestamp>& t) { return t ? ordered_json(t->iso8601()) : ordered_json(); }

ordered_json evidence_json(const core::Evidence& e) {
  ordered_json j = ordered_json::object();
  if (!e.header.empty()) j["header"] = e.header;
  if (e.header_index >= 0) j["header_index"] = e.header_index;
  if (e.part >= 0) j["part"] = e.part;
  if (e.bytes) j["bytes"] = {{"begin", e.bytes->begin}, {"end", e.bytes->end}};
  if (e.text_chars) j["text_chars"] = {{"begin", e.text_chars->begin}, {"end", e.text_chars->end}};
  if (!e.observation.empty()) j["observation"] = e.observation;
  if (!e.excerpt.empty()) j["excerpt"] = e.excerpt;
  return j;
}

ordered_json charset_json(const core::CharsetDecision& c) {
  return {{"declared", opt_str(c.declared)}, {"used", c.used}, {"reason", c.reason}, {"invalid_bytes", c.invalid_bytes}};
}

}  // namespace

std::string to_json(const core::Analysis& a, const Catalog& catalog, const std::string& lang) {
  const core::Message& m = a.message;
  ordered_json j;
  j["schema_version"] = 1;
  j["tool"] = {{"name", "phishscope"}, {"version", a.tool_version}};
  j["analyzed_at"] = a.analyzed_at;
  j["lang"] = lang;

  ordered_json msg;
  msg["source"] = m.source;
  msg["sha256"] = m.sha256;
  msg["size"] = m.size;
  msg["subject"] = m.subject;
  msg["subject_tag"] = m.subject_tag ? ordered_json(*m.subject_tag) : ordered_json();
  msg["subject_body"] = m.subject_body;
  msg["from"] = {{"display", m.from.display}, {"address", m.from.address}};
  msg["to"] = ordered_json::array();
  for (const auto& t : m.to) msg["to"].push_back({{"display", t.display}, {"address", t.address}});
  msg["reply_to"] = m.reply_to ? ordered_json{{"display", m.reply_to->display}, {"address", m.reply_to->address}}
                               : ordered_json();
  msg["return_path"] = opt_str(m.return_path);
  msg["message_id"] = opt_str(m.message_id);
  msg["date"] = ts(m.date);
  msg["received_at"] = ts(m.received_at);
  msg["received_at_jst"] = m.received_at ? ordered_json(m.received_at->at_offset(core::kJstOffsetMinutes).iso8601())
                                         : ordered_json();
  msg["received_at_source"] = opt_str(m.received_at_source);
  msg["text"] = a.content.text;
  msg["text_part"] = a.content.text_part;
  msg["text_from_html"] = a.content.text_from_html;
  msg["parts"] = ordered_json::array();
  for (const auto& p : m.parts) {
    ordered_json pj = {{"index", p.index},
                       {"content_type", p.content_type},
                       {"disposition", opt_str(p.disposition)},
                       {"filename", opt_str(p.filename)},
                       {"content_id", opt_str(p.content_id)},
                       {"transfer_encoding", opt_str(p.transfer_encoding)},
                       {"decoded_size", p.decoded_size},
                       {"sha256", p.sha256},
                       {"offset", p.offset},
                       {"parent", p.parent},
                       {"depth", p.depth},
                       {"is_attachment", p.is_attachment}};
    if (p.is_text) pj["charset"] = charset_json(p.charset);
    if (!p.sniffed_type.empty()) pj["sniffed_type"] = p.sniffed_type;
    if (!p.tnef_files.empty()) pj["tnef_files"] = p.tnef_files;
    msg["parts"].push_back(pj);
  }
  msg["attachments"] = ordered_json::array();
  for (const auto& p : m.parts) {
    if (!p.is_attachment) continue;
    msg["attachments"].push_back({{"part", p.index},
                                  {"filename", opt_str(p.filename)},
                                  {"declared_type", p.content_type},
                                  {"sniffed_type", opt_str(p.sniffed_type)},
                                  {"type_mismatch", !p.sniffed_type.empty() && p.sniffed_type != p.content_type},
                                  {"size", p.decoded_size},
                                  {"sha256", p.sha256},
                                  {"tnef_files", p.tnef_files}});
  }
  msg["header_charsets"] = ordered_json::array();
  for (const auto& h : m.headers) {
    if (h.charset.reason == "ascii" && h.charset.invalid_bytes == 0) continue;
    ordered_json hc = charset_json(h.charset);
    hc["header"] = h.name;
    msg["header_charsets"].push_back(hc);
  }
  msg["received"] = ordered_json::array();
  for (size_t i = 0; i < m.received.size(); ++i) {
    const auto& h = m.received[i];
    int hop = static_cast<int>(i);
    std::string role = m.sender.hop < 0 ? "unknown" : hop < m.sender.hop ? "receiver" : hop == m.sender.hop ? "sender" : "claim";
    msg["received"].push_back({{"header_index", h.header_index},
                               {"role", role},
                               {"from_helo", opt_str(h.from_helo)},
                               {"from_rdns", opt_str(h.from_rdns)},
                               {"ip", opt_str(h.ip)},
                               {"by", opt_str(h.by)},
                               {"with", opt_str(h.with)},
                               {"id", opt_str(h.id)},
                               {"for", opt_str(h.for_addr)},
                               {"date", ts(h.date)},
                               {"date_utc", h.date ? ordered_json(h.date->at_offset(0).iso8601()) : ordered_json()},
                               {"date_jst", h.date ? ordered_json(h.date->at_offset(core::kJstOffsetMinutes).iso8601()) : ordered_json()},
                               {"delay_seconds", opt(h.delay_seconds)},
                               {"tls", opt_str(h.tls)},
                               {"internal_reason", opt_str(h.internal_reason)},
                               {"parsed", h.parsed},
                               {"note", opt_str(h.note)},
                               {"raw", h.raw}});
  }
  msg["timing"] = ordered_json::array();
  for (const auto& t : m.timing) msg["timing"].push_back({{"kind", t.kind}, {"hop", t.hop}, {"seconds", t.seconds}});
  msg["auth"] = ordered_json::array();
  for (const auto& r : m.auth)
    msg["auth"].push_back({{"header", r.header},
                           {"authserv_id", r.authserv_id},
                           {"trusted", r.trusted},
                           {"method", r.method},
                           {"result", r.result},
                           {"detail", opt_str(r.detail)},
                           {"props", r.props}});
  msg["dkim"] = ordered_json::array();
  for (const auto& d : m.dkim)
    msg["dkim"].push_back({{"domain", d.domain}, {"selector", d.selector}, {"algorithm", d.algorithm},
                           {"aligned", d.aligned}, {"header_index", d.header_index}});
  {
    const auto& al = m.alignment;
    msg["dmarc_alignment"] = {{"evaluated", al.evaluated},   {"from_domain", opt_str(al.from_domain)},
                              {"spf_domain", opt_str(al.spf_domain)}, {"spf_result", opt_str(al.spf_result)},
                              {"spf_aligned", al.spf_aligned}, {"dkim_domain", opt_str(al.dkim_domain)},
                              {"dkim_result", opt_str(al.dkim_result)}, {"dkim_aligned", al.dkim_aligned},
                              {"pass", al.pass()}};
  }
  msg["arc"] = ordered_json::array();
  for (const auto& a : m.arc)
    msg["arc"].push_back({{"instance", a.instance}, {"cv", a.cv}, {"domain", a.domain}, {"header_index", a.header_index}});
  msg["spam"] = ordered_json::array();
  for (const auto& r : m.spam) {
    ordered_json tests = ordered_json::array();
    for (const auto& t : r.tests) tests.push_back({{"name", t.name}, {"score", t.score}, {"description", t.description}});
    msg["spam"].push_back({{"filter", r.filter}, {"header", r.header}, {"is_spam", opt(r.is_spam)}, {"score", opt(r.score)},
                           {"threshold", opt(r.threshold)}, {"action", opt_str(r.action)}, {"tests", tests},
                           {"details", r.details}});
  }
  msg["spam_headers"] = ordered_json::array();
  for (const auto& s : m.spam_headers) msg["spam_headers"].push_back({{"name", s.name}, {"value", s.value}});
  msg["images"] = ordered_json::array();
  for (const auto& im : a.content.images)
    msg["images"].push_back({{"src", im.src}, {"alt", im.alt}, {"cid", im.cid}, {"part", im.part}});
  msg["anomalies"] = ordered_json::array();
  for (const auto& an : m.anomalies)
    msg["anomalies"].push_back({{"kind", an.kind}, {"part", an.part}, {"offset", an.offset}, {"detail", an.detail}});
  j["message"] = msg;

  const auto& sf = a.enrichment.sender;
  ordered_json s;
  s["ip"] = opt_str(m.sender.ip);
  s["helo"] = opt_str(m.sender.helo);
  s["rdns"] = opt_str(m.sender.rdns);
  s["received_by"] = opt_str(m.sender.received_by);
  s["hop"] = m.sender.hop;
  s["trust_reason"] = opt_str(m.sender.trust_reason);
  s["asn"] = opt(sf.ip_facts.asn);
  s["as_org"] = opt_str(sf.ip_facts.as_org);
  s["country"] = opt_str(sf.ip_facts.country);
  s["ip_lookup"] = {{"status", sf.ip_facts.status}, {"observation", opt_str(sf.ip_facts.observation)}};
  s["domain"] = opt_str(sf.domain);
  s["domain_registered"] = opt(sf.domain_facts.registered);
  s["domain_age_days"] = opt(sf.domain_facts.age_days);
  s["registrar"] = opt_str(sf.domain_facts.registrar);
  s["privacy"] = opt(sf.domain_facts.privacy);
  s["domain_lookup"] = {{"status", sf.domain_facts.status}, {"observation", opt_str(sf.domain_facts.observation)}};
  j["sender"] = s;

  j["links"] = ordered_json::array();
  for (size_t i = 0; i < a.content.links.size(); ++i) {
    const auto& l = a.content.links[i];
    static const core::LinkFacts empty;
    const auto& f = i < a.enrichment.links.size() ? a.enrichment.links[i] : empty;
    ordered_json lj;
    lj["url"] = l.url;
    lj["defanged"] = l.defanged;
    lj["anchor_text"] = l.anchor_text;
    lj["found_in"] = l.found_in;
    lj["part"] = l.part;
    lj["scheme"] = l.scheme;
    lj["host"] = l.host;
    lj["registrable_domain"] = opt_str(l.registrable_domain);
    lj["public_suffix"] = opt_str(l.public_suffix);
    lj["path"] = l.path;
    lj["official"] = l.official;
    lj["techniques"] = l.techniques;
    lj["host_ip"] = f.host_ips.empty() ? ordered_json() : ordered_json(f.host_ips.front());
    lj["host_ips"] = f.host_ips;
    lj["dns_lookup"] = {{"status", f.dns_status}, {"observation", opt_str(f.dns_observation)}};
    lj["asn"] = opt(f.ip_facts.asn);
    lj["as_org"] = opt_str(f.ip_facts.as_org);
    lj["country"] = opt_str(f.ip_facts.country);
    lj["domain_registered"] = opt(f.domain_facts.registered);
    lj["domain_age_days"] = opt(f.domain_facts.age_days);
    lj["registrar"] = opt_str(f.domain_facts.registrar);
    lj["privacy"] = opt(f.domain_facts.privacy);
    lj["reputation"] = ordered_json::array();
    for (const auto& r : f.reputation) lj["reputation"].push_back({{"source", r.source}, {"verdict", r.verdict}});
    lj["reputation_lookup"] = {{"status", f.reputation_status}, {"observation", opt_str(f.reputation_observation)}};
    ordered_json site;
    site["status"] = f.site.status;
    site["http_status"] = opt(f.site.http_status);
    site["final_url"] = opt_str(f.site.final_url);
    site["final_url_defanged"] = f.site.final_url.empty() ? ordered_json() : ordered_json(core::defang_url(f.site.final_url));
    site["title"] = opt_str(f.site.title);
    site["body_excerpt"] = opt_str(f.site.body_excerpt);
    site["has_password_field"] = opt(f.site.has_password_field);
    site["profiles"] = f.site.profiles;
    site["cloaking_suspected"] = f.site.cloaking_suspected;
    site["cloaking_reason"] = opt_str(f.site.cloaking_reason);
    site["observation"] = opt_str(f.site.observation);
    lj["site"] = site;
    j["links"].push_back(lj);
  }

  if (a.brand) {
    const auto& b = *a.brand;
    j["brand"] = {{"id", b.id},
                  {"name", lang == "en" ? b.name_en : b.name_ja},
                  {"name_ja", b.name_ja},
                  {"name_en", b.name_en},
                  {"category", b.category},
                  {"official_domain", b.official_domains.front()},
                  {"official_domains", b.official_domains},
                  {"official_url", b.official_url},
                  {"advisory_url", opt_str(b.advisory_url)},
                  {"reasons", b.reasons},
                  {"score", b.score}};
  } else {
    j["brand"] = nullptr;
  }

  j["findings"] = ordered_json::array();
  for (const auto& f : a.findings) {
    ordered_json fj;
    fj["id"] = f.id;
    fj["category"] = f.category;
    fj["severity"] = f.severity;
    fj["weight"] = f.weight;
    fj["message"] = finding_message(f, catalog);
    fj["params"] = f.params;
    fj["evidence"] = ordered_json::array();
    for (const auto& e : f.evidence) fj["evidence"].push_back(evidence_json(e));
    j["findings"].push_back(fj);
  }
  j["purposes"] = a.purposes;
  j["verdict"] = {{"level", a.verdict.level},
                  {"score", a.verdict.score},
                  {"confidence", a.verdict.confidence},
                  {"top_findings", a.verdict.top_findings}};
  j["observations"] = ordered_json::array();
  for (const auto& o : a.enrichment.observations) {
    ordered_json oj = {{"id", o.id},         {"kind", o.kind},     {"key", o.key}, {"source", opt_str(o.source)},
                       {"observed_at", opt_str(o.observed_at)}, {"status", o.status}};
    if (!o.error.empty()) oj["error"] = o.error;
    if (!o.result_json.empty()) oj["result"] = ordered_json::parse(o.result_json, nullptr, false);
    j["observations"].push_back(oj);
  }
  return j.dump(2, ' ', false, ordered_json::error_handler_t::replace) + "\n";
}

}  // namespace ps::report
