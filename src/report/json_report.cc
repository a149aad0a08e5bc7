// The JSON report (public contract: docs/report-schema.json), written with the streaming JsonWriter.
#include <cmath>
#include "core/text.h"
#include "report/json_writer.h"
#include "report/report.h"

namespace ps::report {

std::string finding_message(const core::Finding& f, const Catalog& catalog) {
  auto params = f.params;
  // country codes read as names in the catalog's language
  auto c = params.find("country");
  if (c != params.end() && catalog.has("country." + c->second)) c->second = catalog.text("country." + c->second);
  return catalog.text("finding." + f.id, params);
}

namespace {

using W = JsonWriter;

void time_or_null(W& w, const std::optional<core::Timestamp>& t, int offset_minutes = 1 << 20) {
  if (!t) {
    w.null();
    return;
  }
  w.value(offset_minutes == (1 << 20) ? t->iso8601() : t->at_offset(offset_minutes).iso8601());
}

void mailbox(W& w, const core::Mailbox& m) {
  w.begin_object().kv("display", m.display).kv("address", m.address).end_object();
}

void string_array(W& w, const std::vector<std::string>& v) {
  w.begin_array();
  for (const auto& s : v) w.value(s);
  w.end_array();
}

void string_map(W& w, const std::map<std::string, std::string>& m) {
  w.begin_object();
  for (const auto& [k, v] : m) w.kv(k, v);
  w.end_object();
}

void charset(W& w, const core::CharsetDecision& c) {
  w.key("declared").str_or_null(c.declared);
  w.kv("used", c.used).kv("reason", c.reason).kv("invalid_bytes", static_cast<uint64_t>(c.invalid_bytes));
}

void lookup(W& w, const std::string& status, const std::string& observation) {
  w.begin_object().kv("status", status).key("observation").str_or_null(observation).end_object();
}

// Every source's answer about an IP, and whether they disagree: phishscope never silently picks one.
void ip_sources(JsonWriter& w, const core::IpFacts& f) {
  w.key("ip_sources").begin_array();
  for (const auto& a : f.answers) {
    w.begin_object().kv("source", a.source).kv("observation", a.observation);
    w.key("observed_at").str_or_null(a.observed_at);
    w.key("asn").opt(a.asn);
    w.key("as_org").str_or_null(a.as_org);
    w.key("country").str_or_null(a.country);
    w.end_object();
  }
  w.end_array();
  w.kv("ip_sources_disagree", f.sources_disagree);
  w.key("ip_network");
  if (!f.network) {
    w.null();
    return;
  }
  const auto& n = *f.network;
  w.begin_object().kv("status", n.status).key("observation").str_or_null(n.observation);
  w.key("name").str_or_null(n.name);
  w.key("range").str_or_null(n.range);
  w.key("org").str_or_null(n.org);
  w.key("country").str_or_null(n.country);
  w.key("abuse_email").str_or_null(n.abuse_email);
  w.end_object();
}

void evidence(W& w, const core::Evidence& e) {
  w.begin_object();
  if (!e.header.empty()) w.kv("header", e.header);
  if (e.header_index >= 0) w.kv("header_index", e.header_index);
  if (e.part >= 0) w.kv("part", e.part);
  if (e.bytes)
    w.key("bytes").begin_object().kv("begin", static_cast<uint64_t>(e.bytes->begin)).kv("end", static_cast<uint64_t>(e.bytes->end)).end_object();
  if (e.text_chars)
    w.key("text_chars")
        .begin_object()
        .kv("begin", static_cast<uint64_t>(e.text_chars->begin))
        .kv("end", static_cast<uint64_t>(e.text_chars->end))
        .end_object();
  if (e.part_bytes)
    w.key("part_bytes")
        .begin_object()
        .kv("begin", static_cast<uint64_t>(e.part_bytes->begin))
        .kv("end", static_cast<uint64_t>(e.part_bytes->end))
        .end_object();
  if (!e.observation.empty()) w.kv("observation", e.observation);
  if (!e.excerpt.empty()) w.kv("excerpt", e.excerpt);
  w.end_object();
}

void message(W& w, const core::Analysis& a) {
  const core::Message& m = a.message;
  w.begin_object();
  w.kv("source", m.source).kv("sha256", m.sha256).kv("size", static_cast<uint64_t>(m.size));
  w.kv("source_format", m.source_format);
  w.kv("subject", m.subject);
  w.key("subject_tag").opt(m.subject_tag);
  w.kv("subject_body", m.subject_body);
  w.key("from");
  mailbox(w, m.from);
  w.key("to").begin_array();
  for (const auto& t : m.to) mailbox(w, t);
  w.end_array();
  w.key("reply_to");
  if (m.reply_to) mailbox(w, *m.reply_to);
  else w.null();
  w.key("return_path").str_or_null(m.return_path);
  w.key("message_id").str_or_null(m.message_id);
  w.key("date");
  time_or_null(w, m.date);
  w.key("received_at");
  time_or_null(w, m.received_at);
  w.key("received_at_jst");
  time_or_null(w, m.received_at, core::kJstOffsetMinutes);
  w.key("received_at_source").str_or_null(m.received_at_source);
  w.kv("text", a.content.text).kv("text_part", a.content.text_part).kv("text_from_html", a.content.text_from_html);

  w.key("embedded").begin_array();
  for (const auto& e : m.embedded) {
    w.begin_object().kv("part", e.part).kv("kind", e.kind);
    w.key("filename").str_or_null(e.filename);
    w.kv("size", static_cast<uint64_t>(e.bytes.size())).kv("sha256", core::sha256_hex(e.bytes)).kv("truncated", e.truncated);
    w.end_object();
  }
  w.end_array();

  w.key("parts").begin_array();
  for (const auto& p : m.parts) {
    w.begin_object();
    w.kv("index", p.index).kv("content_type", p.content_type);
    w.key("disposition").str_or_null(p.disposition);
    w.key("filename").str_or_null(p.filename);
    w.key("content_id").str_or_null(p.content_id);
    w.key("transfer_encoding").str_or_null(p.transfer_encoding);
    w.kv("decoded_size", static_cast<uint64_t>(p.decoded_size)).kv("sha256", p.sha256);
    w.kv("offset", static_cast<uint64_t>(p.offset)).kv("parent", p.parent).kv("depth", p.depth);
    w.kv("is_attachment", p.is_attachment);
    if (p.is_text) {
      w.key("charset").begin_object();
      charset(w, p.charset);
      w.end_object();
    }
    if (!p.sniffed_type.empty()) w.kv("sniffed_type", p.sniffed_type);
    if (!p.tnef_files.empty()) {
      w.key("tnef_files");
      string_array(w, p.tnef_files);
    }
    w.end_object();
  }
  w.end_array();

  w.key("attachments").begin_array();
  for (const auto& p : m.parts) {
    if (!p.is_attachment) continue;
    w.begin_object();
    w.kv("part", p.index);
    w.key("filename").str_or_null(p.filename);
    w.kv("declared_type", p.content_type);
    w.key("sniffed_type").str_or_null(p.sniffed_type);
    w.kv("type_mismatch", !p.sniffed_type.empty() && p.sniffed_type != p.content_type);
    w.kv("size", static_cast<uint64_t>(p.decoded_size)).kv("sha256", p.sha256);
    w.key("tnef_files");
    string_array(w, p.tnef_files);
    w.end_object();
  }
  w.end_array();

  w.key("header_charsets").begin_array();
  for (const auto& h : m.headers) {
    if (h.charset.reason == "ascii" && h.charset.invalid_bytes == 0) continue;
    w.begin_object();
    charset(w, h.charset);
    w.kv("header", h.name);
    w.end_object();
  }
  w.end_array();

  w.key("received").begin_array();
  for (size_t i = 0; i < m.received.size(); ++i) {
    const auto& h = m.received[i];
    int hop = static_cast<int>(i);
    int relay_from = m.sender.relays.empty() || m.sender.relays.front().kind == "provider" ? m.sender.hop : m.sender.relays.front().hop;
    const char* role = m.sender.hop < 0          ? "unknown"
                       : hop < relay_from        ? "receiver"
                       : hop < m.sender.hop      ? "relay"
                       : hop == m.sender.hop     ? "sender"
                                                 : "claim";
    w.begin_object();
    w.kv("header_index", h.header_index).kv("role", role);
    w.key("from_helo").str_or_null(h.from_helo);
    w.key("from_rdns").str_or_null(h.from_rdns);
    w.key("ip").str_or_null(h.ip);
    w.key("by").str_or_null(h.by);
    w.key("with").str_or_null(h.with);
    w.key("id").str_or_null(h.id);
    w.key("for").str_or_null(h.for_addr);
    w.key("date");
    time_or_null(w, h.date);
    w.key("date_utc");
    time_or_null(w, h.date, 0);
    w.key("date_jst");
    time_or_null(w, h.date, core::kJstOffsetMinutes);
    w.key("delay_seconds").opt(h.delay_seconds);
    w.key("tls").str_or_null(h.tls);
    w.key("internal_reason").str_or_null(h.internal_reason);
    w.kv("parsed", h.parsed);
    w.key("note").str_or_null(h.note);
    w.kv("raw", h.raw);
    w.end_object();
  }
  w.end_array();

  w.key("timing").begin_array();
  for (const auto& t : m.timing) w.begin_object().kv("kind", t.kind).kv("hop", t.hop).kv("seconds", t.seconds).end_object();
  w.end_array();

  w.key("auth").begin_array();
  for (const auto& r : m.auth) {
    w.begin_object();
    w.kv("header", r.header).kv("authserv_id", r.authserv_id).kv("trusted", r.trusted).kv("method", r.method);
    w.kv("result", r.result);
    w.key("detail").str_or_null(r.detail);
    w.key("props");
    string_map(w, r.props);
    w.end_object();
  }
  w.end_array();

  w.key("dkim").begin_array();
  for (const auto& d : m.dkim)
    w.begin_object()
        .kv("domain", d.domain)
        .kv("selector", d.selector)
        .kv("algorithm", d.algorithm)
        .kv("aligned", d.aligned)
        .kv("header_index", d.header_index)
        .end_object();
  w.end_array();

  {
    const auto& al = m.alignment;
    w.key("dmarc_alignment").begin_object();
    w.kv("evaluated", al.evaluated);
    w.key("from_domain").str_or_null(al.from_domain);
    w.key("spf_domain").str_or_null(al.spf_domain);
    w.key("spf_result").str_or_null(al.spf_result);
    w.kv("spf_aligned", al.spf_aligned);
    w.key("dkim_domain").str_or_null(al.dkim_domain);
    w.key("dkim_result").str_or_null(al.dkim_result);
    w.kv("dkim_aligned", al.dkim_aligned).kv("pass", al.pass());
    w.end_object();
  }

  w.key("arc").begin_array();
  for (const auto& x : m.arc)
    w.begin_object().kv("instance", x.instance).kv("cv", x.cv).kv("domain", x.domain).kv("header_index", x.header_index).end_object();
  w.end_array();

  w.key("spam").begin_array();
  for (const auto& r : m.spam) {
    w.begin_object();
    w.kv("filter", r.filter).kv("header", r.header);
    w.key("is_spam").opt(r.is_spam);
    w.key("score").opt(r.score);
    w.key("threshold").opt(r.threshold);
    w.key("action").str_or_null(r.action);
    w.key("tests").begin_array();
    for (const auto& t : r.tests)
      w.begin_object().kv("name", t.name).kv("score", t.score).kv("description", t.description).end_object();
    w.end_array();
    w.key("details");
    string_map(w, r.details);
    w.key("verdict").str_or_null(r.verdict);
    w.key("reasons").begin_array();
    for (const auto& x : r.reasons) w.value(x);
    w.end_array();
    w.kv("written_by", r.written_by).kv("trusted", r.trusted);
    w.end_object();
  }
  w.end_array();

  w.key("spam_headers").begin_array();
  for (const auto& s : m.spam_headers) w.begin_object().kv("name", s.name).kv("value", s.value).end_object();
  w.end_array();

  w.key("images").begin_array();
  for (const auto& im : a.content.images)
    w.begin_object().kv("src", im.src).kv("alt", im.alt).kv("cid", im.cid).kv("part", im.part).end_object();
  w.end_array();

  w.key("hidden_text").begin_array();
  for (const auto& h : a.content.hidden_text)
    w.begin_object().kv("part", h.part).kv("reason", h.reason).kv("text", h.text).end_object();
  w.end_array();
  w.kv("buttons", a.content.buttons);

  w.key("html_files").begin_array();
  for (const auto& f : a.content.html_files)
    w.begin_object()
        .kv("part", f.part)
        .kv("filename", f.filename)
        .kv("title", f.title)
        .kv("forms", f.forms)
        .kv("password_inputs", f.password_inputs)
        .kv("scripts", f.scripts)
        .kv("text", f.text)
        .end_object();
  w.end_array();
  w.kv("images_scanned", a.content.images_scanned).kv("pdfs_scanned", a.content.pdfs_scanned);
  w.key("scan_notes").begin_array();
  for (const auto& n : a.content.scan_notes)
    w.begin_object().kv("part", n.part).kv("kind", n.kind).kv("detail", n.detail).end_object();
  w.end_array();

  w.key("anomalies").begin_array();
  for (const auto& an : m.anomalies)
    w.begin_object()
        .kv("kind", an.kind)
        .kv("part", an.part)
        .kv("offset", static_cast<uint64_t>(an.offset))
        .kv("detail", an.detail)
        .end_object();
  w.end_array();
  w.end_object();
}

void sender(W& w, const core::Analysis& a) {
  const core::Message& m = a.message;
  const auto& sf = a.enrichment.sender;
  w.begin_object();
  w.key("ip").str_or_null(m.sender.ip);
  w.key("helo").str_or_null(m.sender.helo);
  w.key("rdns").str_or_null(m.sender.rdns);
  w.key("received_by").str_or_null(m.sender.received_by);
  w.kv("hop", m.sender.hop);
  w.key("trust_reason").str_or_null(m.sender.trust_reason);
  w.key("provider").str_or_null(m.sender.provider);
  w.key("relays").begin_array();
  for (const auto& r : m.sender.relays) {
    w.begin_object().kv("kind", r.kind).kv("name", r.name);
    w.key("host").str_or_null(r.host);
    w.key("ip").str_or_null(r.ip);
    w.kv("hop", r.hop).kv("detail", r.detail);
    w.key("received_from").str_or_null(r.received_from);
    w.kv("received_hop", r.received_hop);
    w.end_object();
  }
  w.end_array();
  w.key("stamp");
  if (m.sender.stamp_ip.empty()) {
    w.null();
  } else {
    w.begin_object().kv("ip", m.sender.stamp_ip).kv("header", m.sender.stamp_header).kv("status", m.sender.stamp_status);
    w.end_object();
  }
  w.key("submitted_from").str_or_null(m.sender.submitted_from);
  w.key("asn").opt(sf.ip_facts.asn);
  w.key("as_org").str_or_null(sf.ip_facts.as_org);
  w.key("country").str_or_null(sf.ip_facts.country);
  w.key("ip_lookup");
  lookup(w, sf.ip_facts.status, sf.ip_facts.observation);
  ip_sources(w, sf.ip_facts);
  w.key("domain").str_or_null(sf.domain);
  w.key("domain_registered").opt(sf.domain_facts.registered);
  w.key("domain_age_days").opt(sf.domain_facts.age_days);
  w.key("registrar").str_or_null(sf.domain_facts.registrar);
  w.key("privacy").opt(sf.domain_facts.privacy);
  w.key("domain_lookup");
  lookup(w, sf.domain_facts.status, sf.domain_facts.observation);
  w.end_object();
}

void counts(W& w, const char* key, const std::vector<core::CountOf>& v) {
  w.key(key).begin_array();
  for (const auto& c : v) w.begin_object().kv("key", c.key).kv("n", c.n).end_object();
  w.end_array();
}

}  // namespace

void write_campaign(JsonWriter& w, const core::Campaign& c) {
  w.begin_object().kv("id", c.id).kv("cases", c.cases).kv("first_seen", c.first_seen).kv("last_seen", c.last_seen);
  counts(w, "brands", c.brands);
  counts(w, "verdicts", c.verdicts);
  counts(w, "shared", c.shared);
  w.key("members");
  string_array(w, c.members);
  w.kv("truncated", c.truncated);
  w.kv("cohesion", std::round(c.cohesion * 100) / 100);
  w.end_object();
}

void write_trends(JsonWriter& w, const core::Trends& t) {
  w.begin_object();
  w.kv("days", t.days).kv("since", t.since).kv("until", t.until).kv("cases", t.cases);
  w.key("verdicts").begin_object();
  for (const auto& [k, n] : t.verdicts) w.kv(k, n);
  w.end_object();
  counts(w, "brands", t.brands);
  counts(w, "lures", t.lures);
  counts(w, "sender_countries", t.sender_countries);
  counts(w, "sender_asns", t.sender_asns);
  counts(w, "link_tlds", t.link_tlds);
  w.key("median_link_domain_age_days").opt(t.median_link_domain_age_days);
  w.end_object();
}

namespace {

// Past cases from the case store: null when no store was consulted.
void history(W& w, const core::History& h) {
  w.key("history");
  if (!h.available) {
    w.null();
    return;
  }
  w.begin_object();
  w.key("trends");
  write_trends(w, h.trends);
  w.key("brand");
  if (h.brand) {
    const auto& b = *h.brand;
    w.begin_object().kv("brand", b.brand).kv("cases", b.cases).kv("first_seen", b.first_seen).kv("last_seen", b.last_seen);
    w.key("median_sender_domain_age_days").opt(b.median_sender_domain_age_days);
    w.key("median_link_domain_age_days").opt(b.median_link_domain_age_days);
    w.kv("sender_ip_is_site_ip", b.sender_ip_is_site_ip);
    counts(w, "sender_countries", b.sender_countries);
    w.end_object();
  } else {
    w.null();
  }
  w.key("related").begin_array();
  for (const auto& r : h.related) {
    w.begin_object().kv("sha256", r.sha256).kv("received_at", r.received_at).kv("subject", r.subject);
    w.kv("verdict", r.verdict);
    w.key("brand").str_or_null(r.brand);
    w.key("shared");
    string_array(w, r.shared);
    w.end_object();
  }
  w.end_array();
  w.key("campaign");
  if (h.campaign) write_campaign(w, *h.campaign);
  else w.null();
  w.end_object();
}

void links(W& w, const core::Analysis& a) {
  static const core::LinkFacts empty;
  w.begin_array();
  for (size_t i = 0; i < a.content.links.size(); ++i) {
    const auto& l = a.content.links[i];
    const auto& f = i < a.enrichment.links.size() ? a.enrichment.links[i] : empty;
    w.begin_object();
    w.kv("url", l.url).kv("defanged", l.defanged).kv("anchor_text", l.anchor_text).kv("found_in", l.found_in);
    w.kv("part", l.part);
    w.key("attachment").str_or_null(l.attachment);
    w.key("part_bytes");
    if (l.part_bytes)
      w.begin_object()
          .kv("begin", static_cast<uint64_t>(l.part_bytes->begin))
          .kv("end", static_cast<uint64_t>(l.part_bytes->end))
          .end_object();
    else
      w.null();
    w.kv("wrapped", l.wrapped);
    w.kv("scheme", l.scheme).kv("host", l.host);
    w.key("host_ascii").str_or_null(l.host_ascii);
    w.key("host_unicode").str_or_null(l.host_unicode);
    w.key("wrapped_by").str_or_null(l.wrapped_by);
    w.kv("refanged", l.refanged);
    w.key("lookalike_of").str_or_null(l.lookalike_of);
    w.key("registrable_domain").str_or_null(l.registrable_domain);
    w.key("public_suffix").str_or_null(l.public_suffix);
    w.kv("path", l.path).kv("official", l.official);
    w.key("techniques");
    string_array(w, l.techniques);
    w.key("host_ip");
    if (f.host_ips.empty()) w.null();
    else w.value(f.host_ips.front());
    w.key("host_ips");
    string_array(w, f.host_ips);
    w.key("dns_lookup");
    lookup(w, f.dns_status, f.dns_observation);
    w.key("asn").opt(f.ip_facts.asn);
    w.key("as_org").str_or_null(f.ip_facts.as_org);
    w.key("country").str_or_null(f.ip_facts.country);
    ip_sources(w, f.ip_facts);
    w.key("domain_registered").opt(f.domain_facts.registered);
    w.key("domain_age_days").opt(f.domain_facts.age_days);
    w.key("registrar").str_or_null(f.domain_facts.registrar);
    w.key("privacy").opt(f.domain_facts.privacy);
    w.key("reputation").begin_array();
    for (const auto& r : f.reputation) w.begin_object().kv("source", r.source).kv("verdict", r.verdict).end_object();
    w.end_array();
    w.key("reputation_lookup");
    lookup(w, f.reputation_status, f.reputation_observation);
    w.key("site").begin_object();
    w.kv("status", f.site.status);
    w.key("http_status").opt(f.site.http_status);
    w.key("final_url").str_or_null(f.site.final_url);
    w.key("final_url_defanged").str_or_null(f.site.final_url.empty() ? "" : core::defang_url(f.site.final_url));
    w.key("title").str_or_null(f.site.title);
    w.key("body_excerpt").str_or_null(f.site.body_excerpt);
    w.key("has_password_field").opt(f.site.has_password_field);
    w.key("has_card_field").opt(f.site.has_card_field);
    w.key("profiles");
    string_map(w, f.site.profiles);
    w.key("redirects").begin_array();
    for (const auto& r : f.site.redirects)
      w.begin_object().kv("status", static_cast<int64_t>(r.status)).kv("url_defanged", core::defang_url(r.url)).end_object();
    w.end_array();
    w.key("screenshots").begin_array();
    for (const auto& sh : f.site.screenshots)
      w.begin_object().kv("profile", sh.profile).kv("file", sh.file).kv("sha256", sh.sha256).end_object();
    w.end_array();
    w.key("browser").str_or_null(f.site.browser);
    w.key("guard_refused").begin_array();
    for (const auto& g : f.site.guard_refused) w.value(g);
    w.end_array();
    w.kv("cloaking_suspected", f.site.cloaking_suspected);
    w.key("cloaking_reason").str_or_null(f.site.cloaking_reason);
    w.key("observation").str_or_null(f.site.observation);
    w.end_object();
    w.end_object();
  }
  w.end_array();
}

}  // namespace

std::string to_json(const core::Analysis& a, const Catalog& catalog, const std::string& lang, int indent) {
  W w(indent);
  w.begin_object();
  w.kv("schema_version", 1);
  w.key("tool").begin_object().kv("name", "phishscope").kv("version", a.tool_version).end_object();
  w.kv("analyzed_at", a.analyzed_at).kv("lang", lang);
  w.key("analysed").begin_object();
  w.kv("message", a.wrapper ? "inner" : "outer");
  w.kv("inner_index", a.wrapper ? a.wrapper->chosen : 0);
  w.kv("wrapped_messages", a.wrapper ? a.wrapper->embedded : static_cast<int>(a.message.embedded.size()));
  w.end_object();
  w.key("wrapper");
  if (a.wrapper) {
    const auto& x = *a.wrapper;
    w.begin_object();
    w.kv("sha256", x.sha256).kv("subject", x.subject);
    w.key("from");
    mailbox(w, x.from);
    w.key("to").begin_array();
    for (const auto& t : x.to) mailbox(w, t);
    w.end_array();
    w.key("date");
    time_or_null(w, x.date);
    w.key("received_at");
    time_or_null(w, x.received_at);
    w.key("sender_ip").str_or_null(x.sender_ip);
    w.key("sender_rdns").str_or_null(x.sender_rdns);
    w.kv("note", x.note).kv("chosen_kind", x.chosen_kind);
    w.key("chosen_filename").str_or_null(x.chosen_filename);
    w.end_object();
  } else {
    w.null();
  }
  w.key("message");
  message(w, a);
  w.key("sender");
  sender(w, a);
  w.key("links");
  links(w, a);

  w.key("brand");
  if (a.brand) {
    const auto& b = *a.brand;
    w.begin_object();
    w.kv("id", b.id).kv("name", lang == "en" ? b.name_en : b.name_ja).kv("name_ja", b.name_ja).kv("name_en", b.name_en);
    w.kv("category", b.category).kv("official_domain", b.official_domains.front());
    w.key("official_domains");
    string_array(w, b.official_domains);
    w.kv("official_url", b.official_url);
    w.key("advisory_url").str_or_null(b.advisory_url);
    w.key("reasons");
    string_array(w, b.reasons);
    w.kv("score", b.score);
    w.end_object();
  } else {
    w.null();
  }

  w.key("findings").begin_array();
  for (const auto& f : a.findings) {
    w.begin_object();
    w.kv("id", f.id).kv("category", f.category).kv("severity", f.severity).kv("weight", f.weight);
    w.kv("message", finding_message(f, catalog));
    w.key("params");
    string_map(w, f.params);
    w.key("evidence").begin_array();
    for (const auto& e : f.evidence) evidence(w, e);
    w.end_array();
    w.end_object();
  }
  w.end_array();
  w.key("purposes");
  string_array(w, a.purposes);
  w.key("verdict").begin_object();
  w.kv("level", a.verdict.level).kv("score", a.verdict.score).kv("confidence", a.verdict.confidence);
  w.key("top_findings");
  string_array(w, a.verdict.top_findings);
  w.end_object();

  history(w, a.history);

  w.key("observations").begin_array();
  for (const auto& o : a.enrichment.observations) {
    w.begin_object();
    w.kv("id", o.id).kv("kind", o.kind).kv("key", o.key);
    w.key("source").str_or_null(o.source);
    w.key("observed_at").str_or_null(o.observed_at);
    w.kv("status", o.status);
    if (!o.error.empty()) w.kv("error", o.error);
    if (!o.result_json.empty()) w.key("result").raw(o.result_json);  // recorded answer, compact as stored
    w.end_object();
  }
  w.end_array();
  w.end_object();
  std::string out = w.take();
  if (indent >= 0) out += '\n';
  return out;
}

}  // namespace ps::report
