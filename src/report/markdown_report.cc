#include <algorithm>
#include <cstdio>
#include <functional>
#include <set>

#include "core/text.h"
#include "core/time.h"
#include "report/report.h"

namespace ps::report {

namespace {

// A value inside a Markdown table cell: no raw HTML, no pipes, no line breaks.
std::string cell(const std::string& s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '|': out += "\\|"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '&': out += "&amp;"; break;
      case '\n': out += "<br>"; break;
      case '\r': break;
      default: out += c;
    }
  }
  return out;
}

// An observation id (kind:key) as shown: URL keys defanged, like every URL of the report.
std::string observation_id(const std::string& id) {
  size_t colon = id.find(':');
  if (colon == std::string::npos) return id;
  std::string kind = id.substr(0, colon), key = id.substr(colon + 1);
  if (kind == "reputation" || kind == "site" || kind == "blocklist") return kind + ":" + core::defang_url(key);
  return id;
}

// Inline text in a paragraph: same escaping as a cell.
std::string inl(const std::string& s) { return cell(s); }

// A fenced block that the content cannot close.
std::string fenced(const std::string& body) {
  size_t longest = 0, run = 0;
  for (char c : body) {
    run = c == '`' ? run + 1 : 0;
    longest = std::max(longest, run);
  }
  std::string fence(std::max<size_t>(3, longest + 1), '`');
  std::string b = body;
  while (!b.empty() && b.back() == '\n') b.pop_back();
  return fence + "text\n" + b + "\n" + fence + "\n";
}

struct Writer {
  const core::Analysis& a;
  const Catalog& cat;
  std::string lang;
  std::string out;

  std::string T(const std::string& key, const std::map<std::string, std::string>& p = {}) const { return cat.text(key, p); }
  void line(const std::string& s = "") { out += s + "\n"; }
  void section(const std::string& key) {
    line();
    line("## ■ " + T(key));
    line();
  }
  void row(const std::string& label, const std::string& value) { line("| " + label + " | " + value + " |"); }
  void table_head() {
    line("| | |");
    line("|---|---|");
  }

  std::string brand_name() const {
    if (!a.brand) return "";
    return lang == "en" ? a.brand->name_en : a.brand->name_ja;
  }
  std::string country(const std::string& code) const {
    if (code.empty()) return T("report.unknown");
    std::string k = "country." + code;
    return cat.has(k) ? T(k) : code;
  }
  std::string status_text(const std::string& status) const {
    return cat.has("status." + status) ? T("status." + status) : status;
  }
  std::string jst(const core::Timestamp& t) const { return t.at_offset(core::kJstOffsetMinutes).local_minute() + " (JST)"; }
  const core::Finding* find(const std::string& id) const {
    for (const auto& f : a.findings)
      if (f.id == id) return &f;
    return nullptr;
  }
  std::vector<const core::Finding*> by_category(std::initializer_list<const char*> cats) const {
    std::vector<const core::Finding*> v;
    for (const auto& f : a.findings)
      for (const char* c : cats)
        if (f.category == c) v.push_back(&f);
    return v;
  }
  void findings_list(const std::vector<const core::Finding*>& fs) {
    for (const auto* f : fs) line("- " + inl(finding_message(*f, cat)) + " `" + f->id + "`");
  }
  std::string registered(const core::DomainFacts& d) const {
    if (d.status != "ok") return status_text(d.status);
    if (!d.registered) return T("report.unknown");
    if (d.age_days) return T("report.registered_days_before", {{"date", *d.registered}, {"days", std::to_string(*d.age_days)}});
    return *d.registered;
  }
  std::string hosting(const core::IpFacts& f) const {
    if (f.status != "ok") return status_text(f.status);
    std::string s = f.as_org.empty() ? T("report.unknown") : f.as_org;
    if (f.asn) s += " (AS" + std::to_string(*f.asn) + ")";
    return s;
  }
  // When more than one source answered about an IP: each answer, and whether they disagree.
  void ip_sources_row(const core::IpFacts& f) {
    if (f.answers.size() < 2) return;
    std::string s;
    for (const auto& a : f.answers) {
      if (!s.empty()) s += " / ";
      s += (a.as_org.empty() ? T("report.unknown") : a.as_org) + (a.asn ? " (AS" + std::to_string(*a.asn) + ")" : "") +
           (a.country.empty() ? "" : ", " + a.country) + " ← " + a.source +
           (a.observed_at.empty() ? "" : " " + a.observed_at.substr(0, 10));
    }
    if (f.sources_disagree) s += " — " + T("report.ip_sources_disagree");
    row(T("report.ip_sources"), cell(s));
  }
  // The network as the RIR registered it (online RDAP): name, range, holder, abuse contact.
  void ip_network_rows(const core::IpFacts& f) {
    if (!f.network) return;
    const auto& n = *f.network;
    if (n.status != "ok") {
      row(T("report.ip_network"), cell(status_text(n.status)));
      return;
    }
    std::string s = n.name.empty() ? T("report.unknown") : n.name;
    if (!n.range.empty()) s += " (" + n.range + ")";
    if (!n.org.empty()) s += ", " + n.org;
    if (!n.country.empty()) s += ", " + n.country;
    row(T("report.ip_network"), cell(s));
    if (!n.abuse_email.empty()) row(T("report.abuse_contact"), cell(n.abuse_email));
  }
  std::string privacy(const core::DomainFacts& d) const {
    if (!d.privacy) return d.status == "ok" ? T("report.unknown") : status_text(d.status);
    return *d.privacy ? T("report.privacy_yes") : T("report.privacy_no");
  }

  std::string num(double d) const {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.2f", d);
    std::string r = buf;
    while (r.size() > 1 && r.back() == '0') r.pop_back();
    if (!r.empty() && r.back() == '.') r.pop_back();
    return r;
  }

  // compauth's reason code and DMARC's action, in words (Microsoft's "Anti-spam message headers").
  std::string auth_explanation(const core::AuthResult& r) const {
    std::string out;
    auto reason = r.props.find("reason");
    if (r.method == "compauth" && reason != r.props.end() && reason->second.size() == 3 &&
        std::all_of(reason->second.begin(), reason->second.end(), [](char c) { return c >= '0' && c <= '9'; })) {
      const std::string& c = reason->second;
      const char* k = c == "000"   ? "explicit_fail"
                      : c == "001" ? "implicit_fail"
                      : c == "002" ? "admin_policy"
                      : c == "010" ? "accepted_domain"
                      : c == "451" ? "complex_routing"
                      : c[0] == '1' || c[0] == '7' ? "pass"
                      : c[0] == '2'               ? "softpass"
                      : c[0] == '3'               ? "not_checked"
                      : c[0] == '4' || c[0] == '9' ? "bypassed"
                      : c[0] == '6'               ? "accepted_domain"
                                                  : "";
      if (*k) out = T(std::string("compauth.reason.") + k, {{"reason", c}});
    }
    auto action = r.props.find("action");
    if (r.method == "dmarc" && action != r.props.end()) {
      std::string a = core::to_lower_ascii(action->second);
      if (a == "o.reject") a = "oreject";
      out += (out.empty() ? "" : "; ") +
             T("dmarc.action", {{"action", cat.has("dmarc.action." + a) ? T("dmarc.action." + a) : action->second}});
    }
    return out;
  }

  std::string spam_line(const core::SpamReport& r) const {
    std::map<std::string, std::string> p{{"filter", r.filter}, {"header", r.header}};
    std::string line = T(!r.is_spam ? "spam.unknown" : *r.is_spam ? "spam.is_spam" : "spam.not_spam", p);
    std::string why;
    for (const auto& x : r.reasons)
      if (x.find(">=") == std::string::npos && x != r.header) why += (why.empty() ? "" : ", ") + x;
    if (!r.verdict.empty() && r.verdict != "spam" && r.verdict != "clean" && cat.has("spam.verdict." + r.verdict))
      line += " — " + T("spam.verdict." + r.verdict) + (why.empty() ? "" : " (" + why + ")");
    else if (!why.empty())
      line += " (" + why + ")";
    if (!r.written_by.empty() && r.written_by != "receiver") line += " " + T("spam.written_by." + r.written_by);
    if (r.score && r.threshold)
      line += " — " + T("spam.score", {{"score", num(*r.score)}, {"threshold", num(*r.threshold)}});
    else if (r.score)
      line += " — " + T("spam.score_only", {{"score", num(*r.score)}});
    if (!r.action.empty()) {
      std::string act = r.action;
      if (cat.has("ms.SFV." + r.action)) act += " = " + T("ms.SFV." + r.action);
      line += "; " + T("spam.action", {{"action", act}});
    }
    if (!r.tests.empty()) {
      std::string tests;
      for (const auto& t : r.tests) {
        if (!tests.empty()) tests += ", ";
        tests += t.name;
        if (!t.score.empty()) tests += " (" + t.score + ")";
      }
      line += "; " + T("spam.tests", {{"tests", tests}});
    }
    std::string details;
    for (const auto& [k, v] : r.details) {
      if (k == "level" || k == "SFV" || k == "H" || k == "SFS" || k == "value") continue;
      if (!details.empty()) details += ", ";
      details += k + "=" + v;
      if (k == "CAT" && cat.has("ms.CAT." + v)) details += " (" + T("ms.CAT." + v) + ")";
    }
    if (!details.empty()) line += "; " + T("spam.details", {{"details", details}});
    return line;
  }

  void title() {
    const auto& subj = a.message.subject_body.empty() ? a.message.subject : a.message.subject_body;
    if (a.brand) line("# " + inl(T("report.title", {{"brand", brand_name()}, {"subject", subj}})));
    else line("# " + inl(T("report.title_nobrand", {{"subject", subj}})));
    line();
    line(T("report.subtitle"));
    line();
    line(T("report.verdict_line", {{"level", T("verdict." + a.verdict.level)},
                                   {"score", std::to_string(a.verdict.score)},
                                   {"confidence", T("confidence." + a.verdict.confidence)}}));
  }

  // The user's report that wrapped the analysed mail: who forwarded it, when, what they wrote.
  void wrapper() {
    if (!a.wrapper) return;
    const auto& w = *a.wrapper;
    section("report.wrapper");
    line(T("report.wrapper.analysed", {{"k", std::to_string(w.chosen)}, {"n", std::to_string(w.embedded)},
                                       {"kind", T("report.wrapper.kind." + w.chosen_kind)},
                                       {"file", w.chosen_filename.empty() ? "-" : w.chosen_filename}}));
    line();
    table_head();
    row(T("report.subject"), cell(w.subject));
    row(T("report.from"), cell(w.from.display.empty() ? w.from.address : w.from.display + " <" + w.from.address + ">"));
    std::string to;
    for (const auto& t : w.to) to += (to.empty() ? "" : ", ") + t.address;
    if (!to.empty()) row(T("report.wrapper.to"), cell(to));
    row(T("report.received_at"), cell(w.received_at ? jst(*w.received_at) : w.date ? jst(*w.date) : T("report.unknown")));
    row(T("report.wrapper.sender_ip"), cell(w.sender_ip.empty() ? T("report.unknown") : w.sender_ip));
    line();
    if (!w.note.empty()) {
      line("**" + T("report.wrapper.note") + "**");
      line();
      out += fenced(core::defang_text(w.note));
      line();
    }
  }

  std::string brand_of(const std::string& id) const {
    auto it = a.history.brand_names.find(id);
    if (it == a.history.brand_names.end()) return id;
    return lang == "en" ? it->second.second : it->second.first;
  }
  std::string date_of(const std::string& iso) const {
    auto t = core::parse_iso8601(iso);
    return t ? t->at_offset(core::kJstOffsetMinutes).local_date() : iso;
  }
  std::string count_list(const std::vector<core::CountOf>& v, const std::function<std::string(const std::string&)>& name) {
    std::string out;
    for (const auto& c : v)
      out += (out.empty() ? "" : T("report.list_sep")) + T("report.count_item", {{"name", name(c.key)}, {"n", std::to_string(c.n)}});
    return out;
  }

  void trends() {
    section("report.trends");
    const auto& h = a.history;
    if (!h.available) {
      line(T("report.trends_none"));
      return;
    }
    const auto& t = h.trends;
    auto verdicts = [&](const char* v) {
      auto it = t.verdicts.find(v);
      return std::to_string(it == t.verdicts.end() ? 0 : it->second);
    };
    std::map<std::string, std::string> p = {{"days", std::to_string(t.days)}, {"since", date_of(t.since)},
                                            {"until", date_of(t.until)}, {"cases", std::to_string(t.cases)},
                                            {"phishing", verdicts("phishing")}, {"suspicious", verdicts("suspicious")},
                                            {"spam", verdicts("spam")}};
    if (t.cases == 0) {
      line(inl(T("report.trends_empty", p)));
    } else {
      line(inl(T("report.trends_summary", p)));
      line();
      auto item = [&](const char* key, const std::string& list) {
        if (!list.empty()) line("- " + inl(T(key, {{"list", list}})));
      };
      item("report.trends_brands", count_list(t.brands, [&](const std::string& id) { return brand_of(id); }));
      item("report.trends_lures", count_list(t.lures, [&](const std::string& id) {
             return cat.has("lure." + id) ? T("lure." + id) : id;
           }));
      item("report.trends_countries", count_list(t.sender_countries, [&](const std::string& c) { return country(c); }));
      item("report.trends_asns", count_list(t.sender_asns, [](const std::string& s) { return s; }));
      item("report.trends_tlds", count_list(t.link_tlds, [](const std::string& s) { return "." + s; }));
      if (t.median_link_domain_age_days)
        line("- " + inl(T("report.trends_domain_age", {{"days", std::to_string(*t.median_link_domain_age_days)}})));
    }
    if (h.brand) {
      const auto& b = *h.brand;
      line();
      std::string text = T("report.brand_history", {{"brand", brand_name()}, {"cases", std::to_string(b.cases)},
                                                    {"first", date_of(b.first_seen)}, {"last", date_of(b.last_seen)}});
      std::optional<int64_t> mine;
      for (const auto& lf : a.enrichment.links)
        if (lf.domain_facts.age_days && (!mine || *lf.domain_facts.age_days < *mine)) mine = lf.domain_facts.age_days;
      if (b.median_link_domain_age_days)
        text += T("report.brand_history_age", {{"past", std::to_string(*b.median_link_domain_age_days)},
                                               {"this", mine ? T("report.days", {{"n", std::to_string(*mine)}})
                                                             : T("report.unknown")}});
      bool same_ip = false;
      for (const auto& f : a.findings) same_ip = same_ip || f.id == "SENDER_IP_IS_SITE_IP";
      text += T(same_ip ? "report.brand_history_ip_same" : "report.brand_history_ip",
                {{"k", std::to_string(b.sender_ip_is_site_ip)}, {"cases", std::to_string(b.cases)}});
      line(inl(text));
    } else if (a.brand) {
      line();
      line(inl(T("report.brand_history_none", {{"brand", brand_name()}})));
    }
  }

  // a shared value in words: "リンク先ドメイン ddnxw[.]cn"
  std::string shared_text(const std::string& s) const {
    auto colon = s.find(':');
    std::string kind = s.substr(0, colon), value = colon == std::string::npos ? "" : s.substr(colon + 1);
    if (kind == "link_domain" || kind == "link_host") value = core::defang_text("https://" + value).substr(8);
    if (kind == "sender_net") {  // "NET brand:ID"
      auto b = value.find(" brand:");
      if (b != std::string::npos) value = value.substr(0, b) + " (" + brand_of(value.substr(b + 7)) + ")";
    }
    return cat.has("shared." + kind) ? T("shared." + kind, {{"value", value}}) : s;
  }

  void campaign() {
    if (!a.history.campaign) return;
    const auto& c = *a.history.campaign;
    std::string brands, shared;
    for (const auto& b : c.brands) brands += (brands.empty() ? "" : T("report.list_sep")) + brand_of(b.key);
    for (const auto& x : c.shared)
      shared += (shared.empty() ? "" : T("report.list_sep")) + shared_text(x.key) + " ×" + std::to_string(x.n);
    line("**" + T("report.campaign") + "**");
    line();
    line(inl(T("report.campaign_line", {{"id", c.id},
                                        {"cases", std::to_string(c.cases)},
                                        {"first", date_of(c.first_seen)},
                                        {"last", date_of(c.last_seen)},
                                        {"brands", brands.empty() ? "-" : brands},
                                        {"shared", shared.empty() ? T("shared.template", {{"value", "≤3"}}) : shared}})));
    if (c.truncated) line(T("report.campaign_truncated"));
    line();
  }

  void related() {
    if (!a.history.available) return;
    section("report.related");
    campaign();
    if (a.history.related.empty()) {
      line(T("report.related_none"));
      return;
    }
    for (const auto& r : a.history.related) {
      std::string shared;
      for (const auto& s : r.shared) shared += (shared.empty() ? "" : T("report.list_sep")) + shared_text(s);
      line("- " + inl(T("report.related_case", {{"date", date_of(r.received_at)},
                                                {"verdict", T("verdict." + (r.verdict.empty() ? "clean" : r.verdict))},
                                                {"subject", r.subject},
                                                {"brand", r.brand.empty() ? "-" : brand_of(r.brand)},
                                                {"shared", shared},
                                                {"sha", r.sha256.substr(0, 12)}})));
    }
  }

  void basic() {
    const auto& m = a.message;
    section("report.basic");
    table_head();
    row(T("report.subject"), cell(m.subject));
    std::string tag;
    if (m.subject_tag) {
      tag = T("report.subject_tag_explained", {{"tag", *m.subject_tag}});
      bool explained = false;
      for (const auto& r : m.spam)
        if (r.is_spam.value_or(false)) explained = true;
      if (const auto* f = find("SERVER_SPAM_TAG"); f && explained) tag += " " + finding_message(*f, cat);
      if (!explained) tag += " " + T("spam.tag_unexplained");
    } else {
      tag = T("report.subject_tag_none");
    }
    row(T("report.subject_tag"), cell(tag));
    std::string from = m.from.display.empty() ? m.from.address : m.from.display + " <" + m.from.address + ">";
    row(T("report.from"), cell(from));
    std::string rec = m.received_at ? jst(*m.received_at) : T("report.unknown");
    if (m.received_at && m.received_at_source == "Date") rec += " " + T("report.received_at_from_date");
    row(T("report.received_at"), cell(rec));
    if (const auto* f = find("RECIPIENT_LOCALPART_IN_SENDER")) {
      line();
      line("※ " + inl(finding_message(*f, cat)));
    }
    line();
    line("**" + T("spam.heading") + "**");
    line();
    if (m.spam.empty()) line(T("spam.none"));
    for (const auto& r : m.spam) line("- " + inl(spam_line(r)));
  }

  void body() {
    section("report.body");
    out += fenced(core::defang_text(a.content.text));
    line();
    std::string charset;
    for (const auto& p : a.message.parts)
      if (p.index == a.content.text_part) {
        charset = p.charset.used;
        if (!p.charset.declared.empty() && p.charset.reason != "declared")
          charset = T("report.charset_decision", {{"declared", p.charset.declared}, {"used", p.charset.used},
                                                   {"reason", p.charset.reason}});
      }
    line(inl(T("report.body_note", {{"charset", charset.empty() ? T("report.unknown") : charset}})));
    if (a.content.text_from_html) line(T("report.body_html_note"));
  }

  void attachments() {
    section("report.attachments");
    bool any = false;
    for (const auto& p : a.message.parts) {
      if (!p.is_attachment) continue;
      any = true;
      std::string sniff = p.sniffed_type.empty() ? T("report.unknown") : p.sniffed_type;
      std::string l = "- " + cell(p.filename.empty() ? T("report.attachment_unnamed") : p.filename) + " — " +
                      T("report.attachment_line", {{"declared", p.content_type}, {"sniffed", sniff},
                                                   {"size", std::to_string(p.decoded_size)}, {"sha256", p.sha256}});
      if (!p.sniffed_type.empty() && p.sniffed_type != p.content_type) l += " " + T("report.attachment_mismatch");
      line(l);
      if (!p.tnef_files.empty()) {
        std::string names;
        for (const auto& n : p.tnef_files) names += (names.empty() ? "" : ", ") + n;
        line("  - " + cell(T("report.attachment_tnef", {{"files", names}})));
      }
      for (const auto& f : a.content.html_files)
        if (f.part == p.index)
          line("  - " + cell(T("report.html_file", {{"file", f.filename},
                                                    {"title", f.title.empty() ? T("report.untitled") : f.title},
                                                    {"forms", std::to_string(f.forms)},
                                                    {"password_inputs", std::to_string(f.password_inputs)},
                                                    {"scripts", std::to_string(f.scripts)}})));
      for (const auto& fd : a.findings) {
        auto file = fd.params.find("file");
        if (file != fd.params.end() && file->second == (p.filename.empty() ? "part " + std::to_string(p.index) : p.filename))
          line("  - " + inl(finding_message(fd, cat)) + " `" + fd.id + "`");
      }
      for (const auto& n : a.content.scan_notes)
        if (n.part == p.index)
          line("  - " + cell(T("report.scan_note", {{"part", std::to_string(n.part)}, {"kind", n.kind}, {"detail", n.detail}})));
    }
    if (!any) line(T("report.attachments_none"));
    if (a.content.images_scanned + a.content.pdfs_scanned > 0)
      line(inl(T("report.scanned", {{"images", std::to_string(a.content.images_scanned)},
                                    {"pdfs", std::to_string(a.content.pdfs_scanned)}})));
  }

  // where a link was found, in words: the element, the attached file, the position in the part's text
  std::string link_place(const core::Link& l) {
    std::string where;
    if (l.found_in == "href" && l.anchor_text.empty()) where = T("found_in.href_no_text");
    else if (cat.has("found_in." + l.found_in)) where = T("found_in." + l.found_in, {{"text", l.anchor_text}});
    else where = l.found_in;
    if (l.found_in != "href" && l.found_in != "image_map" && l.found_in != "form_action" && l.found_in != "script" &&
        !l.anchor_text.empty())
      where += " — " + T("report.link_anchor_text", {{"text", l.anchor_text}});
    if (!l.attachment.empty()) where += T("report.link_in_attachment", {{"file", l.attachment}});
    if (l.part_bytes)
      where += " — " + T("report.link_position", {{"part", std::to_string(l.part)},
                                                  {"begin", std::to_string(l.part_bytes->begin)},
                                                  {"end", std::to_string(l.part_bytes->end)}});
    if (l.wrapped) where += " — " + T("report.link_wrapped");
    return where;
  }

  void charsets() {
    std::vector<std::string> lines;
    auto describe = [&](const std::string& what, const core::CharsetDecision& c) {
      if (c.reason != "detected" && c.reason != "fallback" && c.invalid_bytes == 0) return;
      lines.push_back("- " + cell(what) + ": " +
                      cell(T("report.charset_decision", {{"declared", c.declared.empty() ? "-" : c.declared},
                                                         {"used", c.used}, {"reason", c.reason}})) +
                      (c.invalid_bytes ? " " + cell(T("report.charset_invalid", {{"n", std::to_string(c.invalid_bytes)}})) : ""));
    };
    for (const auto& p : a.message.parts)
      if (p.is_text) describe("part " + std::to_string(p.index) + " (" + p.content_type + ")", p.charset);
    for (const auto& h : a.message.headers) describe(h.name, h.charset);
    if (lines.empty()) return;
    section("report.charsets");
    for (const auto& l : lines) line(l);
  }

  void design() {
    section("report.design");
    auto fs = by_category({"design"});
    if (fs.empty()) line(T("report.design_none"));
    findings_list(fs);
  }

  void received() {
    const auto& m = a.message;
    const auto& sf = a.enrichment.sender;
    section("report.received");
    table_head();
    std::string dom = sf.domain.empty() ? T("report.unknown") : sf.domain;
    if (!m.sender.helo.empty())
      dom += " (from " + (m.sender.rdns.empty() ? std::string("?") : m.sender.rdns) + " HELO " + m.sender.helo + ")";
    row(T("report.sender_domain"), cell(dom));
    row(T("report.sender_ip"), cell(m.sender.ip.empty() ? T("report.unknown") : m.sender.ip));
    row(T("report.helo"), cell(m.sender.helo.empty() ? T("report.none") : m.sender.helo));
    row(T("report.rdns"), cell(m.sender.rdns.empty() || m.sender.rdns == "unknown" ? T("report.rdns_unknown") : m.sender.rdns));
    row(T("report.hosting"), cell(hosting(sf.ip_facts)));
    row(T("report.country"), cell(sf.ip_facts.status == "ok" ? country(sf.ip_facts.country) : status_text(sf.ip_facts.status)));
    ip_sources_row(sf.ip_facts);
    ip_network_rows(sf.ip_facts);
    row(T("report.domain_registered"), cell(registered(sf.domain_facts)));
    if (sf.domain_facts.status == "ok") {
      row(T("report.registrar"), cell(sf.domain_facts.registrar.empty() ? T("report.unknown") : sf.domain_facts.registrar));
      row(T("report.privacy"), cell(privacy(sf.domain_facts)));
    }
    line();
    if (m.sender.hop >= 0) {
      line(inl(T("report.trust_statement", {{"ip", m.sender.ip}, {"by", m.sender.received_by}, {"helo", m.sender.helo}})) +
           " " + inl(T("trust." + m.sender.trust_reason)));
      for (const auto& r : m.sender.relays)
        line("- " + inl(T("report.relay." + r.kind, {{"name", r.name}, {"host", r.host}, {"ip", r.ip}, {"by", m.sender.received_by},
                                                     {"sender_ip", m.sender.ip}, {"received_from", r.received_from}})));
      if (!m.sender.stamp_ip.empty())
        line("- " + inl(T("report.stamp." + m.sender.stamp_status,
                          {{"provider", m.sender.provider}, {"header", m.sender.stamp_header}, {"ip", m.sender.stamp_ip}})));
      if (!m.sender.submitted_from.empty()) line("- " + inl(T("report.submitted_from", {{"ip", m.sender.submitted_from}})));
    } else {
      line(T("report.no_sender"));
    }
    line();
    line("**" + T("report.received_hops") + "**");
    line();
    line("| # | " + T("report.hop") + " | from (HELO) | rDNS | IP | by | with / TLS | JST | UTC | " + T("report.delay") + " |");
    line("|---|---|---|---|---|---|---|---|---|---|");
    for (size_t i = 0; i < m.received.size(); ++i) {
      const auto& h = m.received[i];
      int hop = static_cast<int>(i);
      int relay_from = m.sender.relays.empty() || m.sender.relays.front().kind == "provider" ? m.sender.hop : m.sender.relays.front().hop;
      std::string role = m.sender.hop < 0 ? T("report.unknown")
                         : hop < relay_from ? T("report.hop_internal", {{"reason", T("internal." + h.internal_reason)}})
                         : hop < m.sender.hop ? T("report.hop_relay", {{"reason", T("internal." + h.internal_reason)}})
                         : hop == m.sender.hop ? T("report.hop_sender")
                                               : T("report.hop_claim");
      std::string with = h.with + (h.tls.empty() ? "" : " / " + h.tls);
      std::string utc = h.date ? h.date->at_offset(0).iso8601() : "";
      std::string delay = h.delay_seconds ? std::to_string(*h.delay_seconds) + " s" : "";
      line("| " + std::to_string(i + 1) + " | " + cell(role) + " | " + cell(h.from_helo) + " | " + cell(h.from_rdns) +
           " | " + cell(h.ip) + " | " + cell(h.by) + " | " + cell(with) + " | " + cell(h.date ? jst(*h.date) : "") +
           " | " + cell(utc) + " | " + cell(delay) + " |");
    }
    line();
    line("**" + T("report.timing") + "**");
    line();
    if (m.timing.empty()) line(T("report.timing_ok"));
    for (const auto& t : m.timing)
      line("- " + inl(T("timing." + t.kind, {{"hop", std::to_string(t.hop + 1)}, {"seconds", std::to_string(t.seconds)}})));
    line();
    line("**" + T("report.auth") + "**");
    line();
    if (m.auth.empty() && m.dkim.empty()) line(T("report.auth_none"));
    for (const auto& r : m.auth) {
      std::string method = cat.has("auth." + r.method) ? T("auth." + r.method) : r.method;
      std::string result = cat.has("auth_result." + r.result) ? T("auth_result." + r.result) : r.result;
      std::string s = "- " + cell(method) + ": **" + cell(result) + "** — `" + cell(r.method + "=" + r.result) + "`" +
                      (r.detail.empty() ? "" : " " + cell(r.detail)) + " (" + cell(r.header) +
                      (r.authserv_id.empty() ? "" : ", " + cell(r.authserv_id)) + ")";
      if (!r.trusted) s += " " + T("report.auth_untrusted");
      if (auto why = auth_explanation(r); !why.empty()) s += " — " + why;
      line(s);
    }
    for (const auto& d : m.dkim)
      line("- " + inl(T("auth.dkim_signature", {{"domain", d.domain}, {"selector", d.selector},
                                                {"aligned", T(d.aligned ? "auth.aligned_yes" : "auth.aligned_no")}})));
    if (m.alignment.evaluated) {
      const auto& al = m.alignment;
      auto yn = [&](bool b) { return T(b ? "auth.aligned_yes" : "auth.aligned_no"); };
      line("- " + inl(T("auth.alignment", {{"from_domain", al.from_domain.empty() ? "-" : al.from_domain},
                                           {"spf_domain", al.spf_domain.empty() ? "-" : al.spf_domain},
                                           {"spf_aligned", yn(al.spf_aligned)},
                                           {"spf_result", al.spf_result.empty() ? "-" : al.spf_result},
                                           {"dkim_result", al.dkim_result.empty() ? "-" : al.dkim_result},
                                           {"dkim_domain", al.dkim_domain.empty() ? "-" : al.dkim_domain},
                                           {"dkim_aligned", yn(al.dkim_aligned)},
                                           {"result", T(al.pass() ? "auth_result.pass" : "auth_result.fail")}})));
    }
    for (const auto& a : m.arc)
      line("- " + inl(T("auth.arc_set", {{"instance", std::to_string(a.instance)}, {"cv", a.cv}, {"domain", a.domain}})));
    auto fs = by_category({"sender", "server"});
    if (!fs.empty()) line();
    findings_list(fs);
  }

  void links() {
    section("report.links");
    if (a.content.links.empty()) {
      line(T("report.links_none"));
      return;
    }
    int n = 0;
    for (size_t i = 0; i < a.content.links.size(); ++i) {
      const auto& l = a.content.links[i];
      static const core::LinkFacts empty;
      const auto& f = i < a.enrichment.links.size() ? a.enrichment.links[i] : empty;
      if (l.official) continue;
      ++n;
      line("### " + std::to_string(n) + ". " + cell(l.defanged));
      line();
      table_head();
      row(T("report.link_anchor"), cell(link_place(l)));
      row(T("report.link_url"), cell(l.defanged));
      std::string rep;
      if (f.reputation_status != "ok") rep = status_text(f.reputation_status);
      for (const auto& r : f.reputation) rep += (rep.empty() ? "" : ", ") + r.source + ": " + r.verdict;
      if (rep.empty()) rep = T("report.reputation_none");
      row(T("report.reputation"), cell(rep));
      std::string st = cat.has("site." + f.site.status) ? T("site." + f.site.status) : f.site.status;
      if (f.site.http_status) st += " (HTTP " + std::to_string(*f.site.http_status) + ")";
      row(T("report.site_status"), cell(st));
      if (!f.site.title.empty()) row(T("report.site_title"), cell(f.site.title));
      if (!f.site.final_url.empty() && f.site.final_url != l.url)
        row(T("report.final_url"), cell(core::defang_url(f.site.final_url)));
      if (!f.site.redirects.empty()) {
        std::string chain;
        for (const auto& r : f.site.redirects)
          chain += (chain.empty() ? "" : " → ") + std::to_string(r.status) + " " + core::defang_url(r.url);
        row(T("report.redirects"), cell(chain));
      }
      if (!f.site.profiles.empty()) {
        std::string seen;
        for (const auto& [profile, what] : f.site.profiles) {
          std::string w = cat.has("page." + what) ? T("page." + what) : what;
          seen += (seen.empty() ? "" : ", ") + profile + ": " + w;
        }
        row(T("report.profiles"), cell(seen));
      }
      if (f.site.has_card_field.value_or(false)) row(T("report.card_field"), cell(T("report.yes")));
      for (const auto& sh : f.site.screenshots)
        row(T("report.screenshot") + " (" + sh.profile + ")",
            cell(sh.file.empty() ? "sha256 " + sh.sha256 : sh.file + " (sha256 " + sh.sha256.substr(0, 16) + "…)"));
      if (!f.site.guard_refused.empty()) {
        std::string g;
        for (const auto& r : f.site.guard_refused) g += (g.empty() ? "" : "; ") + r;
        row(T("report.guard_refused"), cell(g));
      }
      line();
      line("**" + T("report.network") + "**");
      line();
      table_head();
      row(T("report.analysed_domain"), cell(l.host));
      row(T("report.ip_address"), cell(f.host_ips.empty() ? status_text(f.dns_status == "ok" ? "not_recorded" : f.dns_status)
                                                          : f.host_ips.front()));
      if (!f.host_ips.empty()) {
        row(T("report.hosting"), cell(hosting(f.ip_facts)));
        row(T("report.country"), cell(f.ip_facts.status == "ok" ? country(f.ip_facts.country) : status_text(f.ip_facts.status)));
        ip_sources_row(f.ip_facts);
        ip_network_rows(f.ip_facts);
      }
      row(T("report.domain_registered"), cell(l.registrable_domain + ": " + registered(f.domain_facts)));
      if (f.domain_facts.status == "ok") {
        row(T("report.registrar"), cell(f.domain_facts.registrar.empty() ? T("report.unknown") : f.domain_facts.registrar));
        row(T("report.privacy"), cell(privacy(f.domain_facts)));
      }
      line();
      line("**" + T("report.danger") + "**");
      line();
      for (const auto& t : l.techniques) line("- " + inl(T("technique." + t)));
      if (!l.lookalike_of.empty()) line("- " + inl(T("report.lookalike_of", {{"domain", l.lookalike_of}})));
      if (a.brand && !l.registrable_domain.empty())
        line("- " + inl(T("report.danger_official", {{"domain", l.registrable_domain},
                                                     {"official_domain", a.brand->official_domains.front()}})));
      for (const auto& fd : a.findings) {
        if (fd.category != "link" && fd.category != "site") continue;
        auto u = fd.params.find("url");
        if (u != fd.params.end() && u->second == l.defanged) line("- " + inl(finding_message(fd, cat)) + " `" + fd.id + "`");
      }
      line();
    }
    for (const auto& l : a.content.links)
      if (l.official) line("- " + inl(T("report.link_official", {{"domain", l.registrable_domain}})) + ": " + cell(l.defanged));
  }

  void purpose() {
    section("report.purpose");
    if (!a.purposes.empty()) {
      std::string items;
      for (size_t i = 0; i < a.purposes.size(); ++i) {
        if (i) items += lang == "en" ? " and " : "および";
        items += T("purpose." + a.purposes[i]);
      }
      line(inl(T("report.purpose_line", {{"brand", brand_name()}, {"items", items}})));
    } else {
      line(T("report.purpose_unknown"));
    }
    line();
    line(T("report.expert"));
    line();
    auto fs = by_category({"content", "correlation"});
    findings_list(fs);
    // the strongest findings, in weight order
    std::vector<const core::Finding*> all;
    std::set<std::string> seen;
    for (const auto& f : a.findings)
      if (seen.insert(f.id).second) all.push_back(&f);
    std::stable_sort(all.begin(), all.end(), [](auto* x, auto* y) { return x->weight > y->weight; });
    line();
    line(T("report.verdict_line", {{"level", T("verdict." + a.verdict.level)},
                                   {"score", std::to_string(a.verdict.score)},
                                   {"confidence", T("confidence." + a.verdict.confidence)}}));
    line();
    line("| ID | " + T("report.evidence") + " | weight |");
    line("|---|---|---|");
    for (const auto* f : all) {
      std::string ev;
      for (const auto& e : f->evidence) {
        std::string one;
        if (!e.header.empty()) one = e.header;
        if (e.bytes) one += (one.empty() ? "" : " ") + std::string("bytes ") + std::to_string(e.bytes->begin) + "-" + std::to_string(e.bytes->end);
        if (e.text_chars)
          one += (one.empty() ? "" : " ") + std::string("text ") + std::to_string(e.text_chars->begin) + "-" +
                 std::to_string(e.text_chars->end);
        if (e.part >= 0 && e.header.empty()) one += (one.empty() ? "" : " ") + std::string("part ") + std::to_string(e.part);
        if (e.part_bytes)
          one += std::string(" bytes ") + std::to_string(e.part_bytes->begin) + "-" + std::to_string(e.part_bytes->end);
        if (!e.observation.empty()) one += (one.empty() ? "" : " ") + observation_id(e.observation);
        if (!one.empty()) ev += (ev.empty() ? "" : "; ") + one;
      }
      line("| `" + f->id + "` | " + cell(ev) + " | " + std::to_string(f->weight) + " |");
    }
  }

  void actions() {
    section("report.actions");
    line("- " + T("report.action_no_click"));
    if (a.brand) {
      line("- " + inl(T("report.action_official", {{"brand", brand_name()}, {"official_url", core::defang_url(a.brand->official_url)}})));
      if (!a.brand->advisory_url.empty())
        line("- " + inl(T("report.action_advisory", {{"advisory_url", a.brand->advisory_url}})));
    }
    line("- " + T("report.action_entered"));
    line("- " + T("report.action_report"));
    // where the infrastructure's abuse reports go, when the RIR's record names it
    std::vector<std::string> abuse;
    auto add = [&](const core::IpFacts& f) {
      if (!f.network || f.network->abuse_email.empty()) return;
      std::string who = f.network->abuse_email + " (" + f.ip + (f.as_org.empty() ? "" : ", " + f.as_org) + ")";
      for (const auto& x : abuse)
        if (x.rfind(f.network->abuse_email + " ", 0) == 0) return;
      abuse.push_back(who);
    };
    add(a.enrichment.sender.ip_facts);
    for (size_t i = 0; i < a.enrichment.links.size() && i < a.content.links.size(); ++i)
      if (!a.content.links[i].official) add(a.enrichment.links[i].ip_facts);
    for (const auto& x : abuse) line("- " + inl(T("report.action_abuse", {{"contact", x}})));
  }

  void observations() {
    section("report.observations");
    line(T("report.obs_header"));
    line("|---|---|---|---|---|");
    for (const auto& o : a.enrichment.observations) {
      std::string key = o.kind == "reputation" || o.kind == "site" || o.kind == "blocklist" ? core::defang_url(o.key) : o.key;
      line("| " + o.kind + " | " + cell(key) + " | " + cell(o.source) + " | " + cell(o.observed_at) + " | " +
           cell(status_text(o.status) + (o.error.empty() ? "" : ": " + o.error)) + " |");
    }
    if (!a.message.anomalies.empty()) {
      section("report.anomalies");
      for (const auto& an : a.message.anomalies)
        line("- `" + an.kind + "` (part " + std::to_string(an.part) + ", offset " + std::to_string(an.offset) + "): " +
             inl(an.detail));
    }
    line();
    line("---");
    line(inl(T("report.footer", {{"version", a.tool_version}, {"time", a.analyzed_at}})));
  }
};

}  // namespace

std::string to_markdown(const core::Analysis& a, const Catalog& catalog, const std::string& lang) {
  Writer w{a, catalog, lang, {}};
  w.title();
  w.wrapper();
  w.trends();
  w.basic();
  w.body();
  w.attachments();
  w.charsets();
  w.design();
  w.received();
  w.links();
  w.purpose();
  w.related();
  w.actions();
  w.observations();
  // the last word on what reaches a reader: no control character or text-reordering mark from the mail
  return core::visible_text(w.out);
}

}  // namespace ps::report
