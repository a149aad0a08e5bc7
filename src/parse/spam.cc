#include "parse/spam.h"

#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <optional>

#include "core/text.h"

namespace ps::parse {

namespace {

std::optional<double> number(std::string s) {
  s = core::trim(s);
  while (!s.empty() && (s.front() == '(' || s.front() == '+')) s.erase(0, 1);
  while (!s.empty() && s.back() == ')') s.pop_back();
  if (s.empty()) return std::nullopt;
  char* end = nullptr;
  double d = std::strtod(s.c_str(), &end);
  if (end == s.c_str()) return std::nullopt;
  return d;
}

std::string fmt_score(double d) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", d);
  return buf;
}

bool is_rule_name(const std::string& t) {
  if (t.size() < 3) return false;
  for (char c : t)
    if (!(std::isupper(static_cast<unsigned char>(c)) || std::isdigit(static_cast<unsigned char>(c)) || c == '_'))
      return false;
  return std::isupper(static_cast<unsigned char>(t[0])) || t[0] == '_';
}

bool is_number_token(const std::string& t) {
  if (t.empty()) return false;
  size_t i = (t[0] == '-' || t[0] == '+') ? 1 : 0;
  bool digit = false;
  for (; i < t.size(); ++i) {
    if (std::isdigit(static_cast<unsigned char>(t[i]))) digit = true;
    else if (t[i] != '.') return false;
  }
  return digit;
}

std::vector<std::string> words(const std::string& s) {
  std::vector<std::string> w;
  std::string cur;
  for (char c : s) {
    if (std::isspace(static_cast<unsigned char>(c))) {
      if (!cur.empty()) w.push_back(cur);
      cur.clear();
    } else {
      cur += c;
    }
  }
  if (!cur.empty()) w.push_back(cur);
  return w;
}

// " * 3.5 BAYES_99 BODY: Bayes spam probability..." -> tests
std::vector<core::SpamTest> sa_report_tests(const std::string& report) {
  std::vector<core::SpamTest> tests;
  auto w = words(report);
  for (size_t i = 0; i + 1 < w.size(); ++i) {
    if (is_number_token(w[i]) && is_rule_name(w[i + 1])) {
      core::SpamTest t;
      t.score = w[i];
      t.name = w[i + 1];
      size_t j = i + 2;
      std::string desc;
      while (j < w.size() && !(j + 1 < w.size() && is_number_token(w[j]) && is_rule_name(w[j + 1]))) {
        if (w[j] != "*") desc += (desc.empty() ? "" : " ") + w[j];
        ++j;
      }
      t.description = desc;
      tests.push_back(std::move(t));
      i = j - 1;
    }
  }
  return tests;
}

std::optional<bool> yes_no(const std::string& v) {
  std::string l = core::to_lower_ascii(core::trim(v));
  if (l.rfind("yes", 0) == 0 || l.rfind("true", 0) == 0 || l == "1" || l.rfind("spam", 0) == 0) return true;
  if (l.rfind("no", 0) == 0 || l.rfind("false", 0) == 0 || l == "0" || l.rfind("ham", 0) == 0) return false;
  return std::nullopt;
}

core::SpamReport& report_for(std::vector<core::SpamReport>& out, const std::string& filter, const core::Header& h,
                             int index) {
  for (auto& r : out)
    if (r.filter == filter) return r;
  core::SpamReport r;
  r.filter = filter;
  r.header = h.name;
  r.header_index = index;
  out.push_back(std::move(r));
  return out.back();
}

void spamassassin_status(core::SpamReport& r, const std::string& v) {
  // "Yes, score=14.2 required=5.0 tests=A,B autolearn=no version=3.4.6"
  if (auto yn = yes_no(v)) r.is_spam = yn;
  for (const auto& w : words(v)) {
    auto eq = w.find('=');
    if (eq == std::string::npos) continue;
    std::string k = core::to_lower_ascii(w.substr(0, eq)), val = w.substr(eq + 1);
    if (k == "score" || k == "hits") r.score = number(val);
    else if (k == "required") r.threshold = number(val);
    else if (k == "tests") {
      for (const auto& t : core::split(val, ',')) {
        std::string name = core::trim(t);
        if (name.empty() || name == "none") continue;
        bool known = false;
        for (const auto& e : r.tests)
          if (e.name == name) known = true;
        if (!known) r.tests.push_back({name, "", ""});
      }
    }
  }
}

void rspamd_result(core::SpamReport& r, const std::string& v) {
  // "default: True [15.10 / 15.00]; SYMBOL(1.00)[opts]; ..."
  auto parts = core::split(v, ';');
  if (!parts.empty()) {
    std::string head = parts[0];
    auto colon = head.find(':');
    std::string rest = colon == std::string::npos ? head : head.substr(colon + 1);
    if (auto yn = yes_no(rest)) r.is_spam = yn;
    auto lb = rest.find('['), slash = rest.find('/'), rb = rest.find(']');
    if (lb != std::string::npos && slash != std::string::npos && rb != std::string::npos && lb < slash && slash < rb) {
      r.score = number(rest.substr(lb + 1, slash - lb - 1));
      r.threshold = number(rest.substr(slash + 1, rb - slash - 1));
    }
  }
  for (size_t i = 1; i < parts.size(); ++i) {
    std::string p = core::trim(parts[i]);
    auto lp = p.find('(');
    if (lp == std::string::npos) continue;
    auto rp = p.find(')', lp);
    core::SpamTest t;
    t.name = core::trim(p.substr(0, lp));
    t.score = rp == std::string::npos ? "" : p.substr(lp + 1, rp - lp - 1);
    auto lb = p.find('[', lp);
    auto rb = p.rfind(']');
    if (lb != std::string::npos && rb != std::string::npos && rb > lb) t.description = p.substr(lb + 1, rb - lb - 1);
    if (!t.name.empty()) r.tests.push_back(std::move(t));
  }
}

void microsoft_report(core::SpamReport& r, const std::string& v) {
  // "CIP:1.2.3.4;CTRY:CN;LANG:ja;SCL:5;SRV:;IPV:NLI;SFV:SPM;H:x;PTR:;CAT:PHISH;SFS:(..);DIR:INB;"
  for (const auto& kv : core::split(v, ';')) {
    auto colon = kv.find(':');
    if (colon == std::string::npos) continue;
    std::string k = core::trim(kv.substr(0, colon)), val = core::trim(kv.substr(colon + 1));
    if (k.empty() || val.empty()) continue;
    r.details[k] = val;
  }
}

// X-Microsoft-Antispam-Mailbox-Delivery: "ucf:0;jmr:0;auth:1;dest:J;OFR:SpamFilterAuthJ;ENG:(...);RF:JunkEmail;"
void microsoft_delivery(core::SpamReport& r, const std::string& v) {
  for (const auto& kv : core::split(v, ';')) {
    auto colon = kv.find(':');
    if (colon == std::string::npos) continue;
    std::string k = core::trim(kv.substr(0, colon)), val = core::trim(kv.substr(colon + 1));
    if (k == "dest" || k == "OFR" || k == "RF") r.details[k] = val;
  }
}

// The filter's judgement from what its headers said, strongest first.
void microsoft_verdict(core::SpamReport& r) {
  auto get = [&](const char* k) {
    auto it = r.details.find(k);
    return it == r.details.end() ? std::string() : it->second;
  };
  std::string cat = get("CAT"), sfv = get("SFV"), scl = get("SCL"), bcl = get("BCL"), dest = get("dest"), rf = get("RF");
  if (!sfv.empty()) r.action = sfv;
  auto set = [&](const char* verdict, std::string reason) {
    if (r.verdict.empty()) r.verdict = verdict;
    r.reasons.push_back(std::move(reason));
  };
  if (cat == "PHSH" || cat == "HPHSH" || cat == "HPHISH" || cat == "INTOS") set("phishing", "CAT:" + cat);
  else if (cat == "MALW" || cat == "AMP" || cat == "FTBP") set("malware", "CAT:" + cat);
  else if (cat == "SPOOF" || cat == "GIMP" || cat == "UIMP" || cat == "DIMP" || cat == "BIMP") set("spoof", "CAT:" + cat);
  else if (cat == "SPM" || cat == "HSPM" || cat == "OSPM" || cat == "SAP") set("spam", "CAT:" + cat);
  else if (cat == "BULK") set("bulk", "CAT:" + cat);
  if (sfv == "SPM" || sfv == "SKS" || sfv == "BLK" || sfv == "SKB") set("spam", "SFV:" + sfv);
  else if (sfv == "SFE" || sfv == "SKA" || sfv == "SKN" || sfv == "SKI") set("allowed", "SFV:" + sfv);
  if (!scl.empty()) {
    if (auto n = number(scl)) {
      r.score = n;
      r.threshold = 5;
      if (*n >= 5) set("spam", "SCL:" + scl);
      else if (*n < 0) set("allowed", "SCL:" + scl);
    }
  }
  if (!bcl.empty())
    if (auto n = number(bcl); n && *n >= 7) set("bulk", "BCL:" + bcl);
  if (dest == "J" || rf == "JunkEmail") set("junk", dest == "J" ? "dest:J" : "RF:JunkEmail");
  if (r.verdict.empty() && (sfv == "NSPM" || (!scl.empty() && number(scl) && *number(scl) <= 1)))
    r.verdict = "clean", r.reasons.push_back(!sfv.empty() ? "SFV:" + sfv : "SCL:" + scl);
  if (!r.verdict.empty()) r.is_spam = r.verdict != "clean" && r.verdict != "allowed";
}

}  // namespace

namespace {

// The Japanese ISPs' and other filters' percentage headers: "X-OCN-SPAM-CHECK: 100.00%", "X-Biglobe-spamcheck: 0.00%".
std::optional<double> percent(const std::string& v) {
  std::string t = core::trim(v);
  if (t.empty() || t.back() != '%') return std::nullopt;
  return number(t.substr(0, t.size() - 1));
}

using Decoder = void (*)(std::vector<core::SpamReport>&, const core::Header&, int);

core::SpamReport& sa(std::vector<core::SpamReport>& out, const core::Header& h, int i) { return report_for(out, "SpamAssassin", h, i); }
core::SpamReport& rs(std::vector<core::SpamReport>& out, const core::Header& h, int i) { return report_for(out, "rspamd", h, i); }
core::SpamReport& ms(std::vector<core::SpamReport>& out, const core::Header& h, int i) { return report_for(out, "Microsoft", h, i); }

void one_flag(std::vector<core::SpamReport>& out, const core::Header& h, int i, const char* filter) {
  core::SpamReport r;
  r.filter = filter;
  r.header = h.name;
  r.header_index = i;
  std::string v = core::trim(h.value);
  if (auto p = percent(v)) {
    r.score = p;
    r.threshold = 50;
    r.is_spam = *p >= 50;
  } else {
    r.is_spam = yes_no(v);
  }
  r.details["value"] = v.substr(0, 200);
  if (!r.is_spam && !r.score) return;
  out.push_back(std::move(r));
}

// Header name (lower case) -> decoder: the filters whose headers phishscope reads. Anything else that merely has
// "spam" in its name (X-MS-Exchange-AntiSpam-MessageData-Original-ChunkCount, X-MS-Exchange-AntiSpam-Relay,
// X-Microsoft-Antispam-Message-Info, X-Spam-Checker-Version...) is not a verdict.
const std::vector<std::pair<const char*, Decoder>>& dispatch() {
  static const std::vector<std::pair<const char*, Decoder>> table = {
      {"x-spam-flag", [](auto& out, const core::Header& h, int i) {
         auto& r = sa(out, h, i);
         if (auto yn = yes_no(h.value)) r.is_spam = yn;
       }},
      {"x-spam-status", [](auto& out, const core::Header& h, int i) { spamassassin_status(sa(out, h, i), h.value); }},
      {"x-spam-score", [](auto& out, const core::Header& h, int i) {
         auto& r = sa(out, h, i);
         if (!r.score) r.score = number(h.value.substr(0, h.value.find(' ')));
       }},
      {"x-spam-level", [](auto& out, const core::Header& h, int i) {
         auto& r = sa(out, h, i);
         size_t stars = 0;
         for (char c : h.value)
           if (c == '*') ++stars;
         if (!r.score && stars) r.score = static_cast<double>(stars);
         r.details["level"] = std::to_string(stars);
       }},
      {"x-spam-report", [](auto& out, const core::Header& h, int i) {
         auto& r = sa(out, h, i);
         for (auto& t : sa_report_tests(h.value)) {
           bool merged = false;
           for (auto& e : r.tests)
             if (e.name == t.name) {
               e.score = t.score;
               e.description = t.description;
               merged = true;
             }
           if (!merged) r.tests.push_back(t);
         }
       }},
      {"x-spamd-result", [](auto& out, const core::Header& h, int i) { rspamd_result(rs(out, h, i), h.value); }},
      {"x-rspamd-score", [](auto& out, const core::Header& h, int i) {
         auto& r = rs(out, h, i);
         if (!r.score) r.score = number(h.value);
       }},
      {"x-rspamd-action", [](auto& out, const core::Header& h, int i) {
         auto& r = rs(out, h, i);
         r.action = core::trim(h.value);
         std::string a = core::to_lower_ascii(r.action);
         if (!r.is_spam) r.is_spam = a != "no action" && a != "greylist";
       }},
      {"x-spam", [](auto& out, const core::Header& h, int i) {
         auto& r = rs(out, h, i);
         if (!r.is_spam) r.is_spam = yes_no(h.value);
       }},
      {"x-forefront-antispam-report", [](auto& out, const core::Header& h, int i) { microsoft_report(ms(out, h, i), h.value); }},
      {"x-forefront-antispam-report-untrusted", [](auto& out, const core::Header& h, int i) {
         microsoft_report(report_for(out, "Microsoft (sending tenant)", h, i), h.value);
       }},
      {"x-ms-exchange-organization-scl", [](auto& out, const core::Header& h, int i) { ms(out, h, i).details["SCL"] = core::trim(h.value); }},
      {"x-ms-exchange-organization-bcl", [](auto& out, const core::Header& h, int i) { ms(out, h, i).details["BCL"] = core::trim(h.value); }},
      {"x-ms-exchange-organization-pcl", [](auto& out, const core::Header& h, int i) { ms(out, h, i).details["PCL"] = core::trim(h.value); }},
      {"x-microsoft-antispam", [](auto& out, const core::Header& h, int i) {
         for (const auto& kv : core::split(h.value, ';'))
           if (core::starts_with_icase(core::trim(kv), "BCL:")) ms(out, h, i).details["BCL"] = core::trim(core::trim(kv).substr(4));
       }},
      {"x-microsoft-antispam-mailbox-delivery", [](auto& out, const core::Header& h, int i) { microsoft_delivery(ms(out, h, i), h.value); }},
      {"x-pm-spam-action", [](auto& out, const core::Header& h, int i) {
         auto& r = report_for(out, "Proton", h, i);
         std::string a = core::to_lower_ascii(core::trim(h.value));
         r.action = a;
         if (a == "phishing") r.verdict = "phishing", r.is_spam = true, r.reasons.push_back("X-Pm-Spam-Action: phishing");
         else if (a == "spam") r.verdict = "spam", r.is_spam = true, r.reasons.push_back("X-Pm-Spam-Action: spam");
       }},
      {"x-pm-spamscore", [](auto& out, const core::Header& h, int i) { report_for(out, "Proton", h, i).score = number(h.value); }},
      {"x-apple-movetofolder", [](auto& out, const core::Header& h, int i) {
         auto& r = report_for(out, "iCloud", h, i);
         if (core::iequals(core::trim(h.value), "junk")) r.verdict = "junk", r.is_spam = true, r.reasons.push_back("X-Apple-MoveToFolder: Junk");
       }},
      {"x-icl-score", [](auto& out, const core::Header& h, int i) { report_for(out, "iCloud", h, i).score = number(h.value); }},
      {"x-ui-filterresults", [](auto& out, const core::Header& h, int i) {
         auto& r = report_for(out, "GMX/WEB.DE", h, i);
         std::string v = core::to_lower_ascii(h.value);
         if (v.rfind("junk:", 0) == 0) r.verdict = "spam", r.is_spam = true, r.reasons.push_back("junk");
         else if (v.rfind("notjunk:", 0) == 0) r.verdict = "clean", r.is_spam = false;
       }},
      {"x-ocn-spam-check", [](auto& out, const core::Header& h, int i) { one_flag(out, h, i, "OCN"); }},
      {"x-biglobe-spamcheck", [](auto& out, const core::Header& h, int i) { one_flag(out, h, i, "BIGLOBE"); }},
  };
  return table;
}

// "X-…-Spam-Flag", "X-Meiwaku…", "X-Spam-Mark": flag headers of other filters, read as yes/no.
bool generic_flag_name(const std::string& l) {
  if (l.rfind("x-ms-", 0) == 0 || l.rfind("x-microsoft-", 0) == 0 || l.rfind("x-forefront-", 0) == 0) return false;
  if (l.find("meiwaku") != std::string::npos) return true;
  return l.find("spam") != std::string::npos &&
         (l.find("flag") != std::string::npos || l.find("mark") != std::string::npos || l.find("result") != std::string::npos ||
          l.find("verdict") != std::string::npos || l.find("check") != std::string::npos || l.find("judge") != std::string::npos);
}

}  // namespace

bool is_spam_header_name(const std::string& name) {
  std::string l = core::to_lower_ascii(name);
  for (const auto& [n, _] : dispatch())
    if (l == n) return true;
  return generic_flag_name(l) || l.rfind("x-spam-", 0) == 0 || l.rfind("x-rspamd", 0) == 0 || l.rfind("x-pm-spam", 0) == 0;
}

std::vector<core::SpamReport> decode_spam_headers(const std::vector<core::Header>& headers) {
  std::vector<core::SpamReport> out;
  for (size_t i = 0; i < headers.size(); ++i) {
    const core::Header& h = headers[i];
    std::string n = core::to_lower_ascii(h.name);
    int idx = static_cast<int>(i);
    bool done = false;
    for (const auto& [name, decode] : dispatch())
      if (n == name) {
        decode(out, h, idx);
        done = true;
        break;
      }
    if (!done && generic_flag_name(n) && n != "x-spam-checker-version") one_flag(out, h, idx, "generic");
  }
  for (auto& r : out) {
    if (r.filter == "Microsoft" || r.filter == "Microsoft (sending tenant)") microsoft_verdict(r);
    if (!r.verdict.empty()) continue;
    if (r.is_spam && *r.is_spam) {
      r.verdict = "spam";
      if (r.score && r.threshold) r.reasons.push_back(fmt_score(*r.score) + " >= " + fmt_score(*r.threshold));
      else r.reasons.push_back(r.header);
    } else if (r.is_spam) {
      r.verdict = "clean";
    }
  }
  return out;
}

}  // namespace ps::parse
