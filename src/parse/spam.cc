#include "parse/spam.h"

#include <cctype>
#include <cstdlib>

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
  auto sfv = r.details.find("SFV");
  auto cat = r.details.find("CAT");
  auto scl = r.details.find("SCL");
  bool spam = false, known = false;
  if (sfv != r.details.end()) {
    known = true;
    r.action = sfv->second;
    if (sfv->second == "SPM" || sfv->second == "SKS" || sfv->second == "BLK") spam = true;
  }
  if (cat != r.details.end()) {
    known = true;
    static const char* bad[] = {"PHSH", "HPHSH", "HPHISH", "SPM", "HSPM", "MALW", "SPOOF", "GIMP", "UIMP", "DIMP", "OSPM", "AMP", "SAP"};
    for (const char* b : bad)
      if (cat->second == b) spam = true;
  }
  if (scl != r.details.end()) {
    if (auto n = number(scl->second)) {
      known = true;
      r.score = n;
      r.threshold = 5;
      if (*n >= 5) spam = true;
    }
  }
  if (known) r.is_spam = spam;
}

}  // namespace

bool is_spam_header_name(const std::string& name) {
  std::string l = core::to_lower_ascii(name);
  return l.find("spam") != std::string::npos || l.rfind("x-rspamd", 0) == 0 || l == "x-forefront-antispam-report" ||
         l.rfind("x-ms-exchange-organization-scl", 0) == 0 || l.rfind("x-ms-exchange-organization-bcl", 0) == 0 ||
         l.rfind("x-ms-exchange-organization-pcl", 0) == 0 || l == "x-microsoft-antispam" ||
         l.find("meiwaku") != std::string::npos;
}

std::vector<core::SpamReport> decode_spam_headers(const std::vector<core::Header>& headers) {
  std::vector<core::SpamReport> out;
  for (size_t i = 0; i < headers.size(); ++i) {
    const core::Header& h = headers[i];
    std::string n = core::to_lower_ascii(h.name);
    const std::string& v = h.value;
    int idx = static_cast<int>(i);
    if (n == "x-spam-flag") {
      auto& r = report_for(out, "SpamAssassin", h, idx);
      if (auto yn = yes_no(v)) r.is_spam = yn;
    } else if (n == "x-spam-status") {
      spamassassin_status(report_for(out, "SpamAssassin", h, idx), v);
    } else if (n == "x-spam-score") {
      auto& r = report_for(out, "SpamAssassin", h, idx);
      if (!r.score) r.score = number(v);
    } else if (n == "x-spam-level") {
      auto& r = report_for(out, "SpamAssassin", h, idx);
      size_t stars = 0;
      for (char c : v)
        if (c == '*') ++stars;
      if (!r.score && stars) r.score = static_cast<double>(stars);
      r.details["level"] = std::to_string(stars);
    } else if (n == "x-spam-report") {
      auto& r = report_for(out, "SpamAssassin", h, idx);
      for (auto& t : sa_report_tests(v)) {
        bool merged = false;
        for (auto& e : r.tests)
          if (e.name == t.name) {
            e.score = t.score;
            e.description = t.description;
            merged = true;
          }
        if (!merged) r.tests.push_back(t);
      }
    } else if (n == "x-spamd-result") {
      rspamd_result(report_for(out, "rspamd", h, idx), v);
    } else if (n == "x-rspamd-score") {
      auto& r = report_for(out, "rspamd", h, idx);
      if (!r.score) r.score = number(v);
    } else if (n == "x-rspamd-action") {
      auto& r = report_for(out, "rspamd", h, idx);
      r.action = core::trim(v);
      std::string a = core::to_lower_ascii(r.action);
      if (!r.is_spam) r.is_spam = a != "no action" && a != "greylist";
    } else if (n == "x-spam") {
      auto& r = report_for(out, "rspamd", h, idx);
      if (!r.is_spam) r.is_spam = yes_no(v);
    } else if (n == "x-forefront-antispam-report") {
      microsoft_report(report_for(out, "Microsoft", h, idx), v);
    } else if (n.rfind("x-ms-exchange-organization-scl", 0) == 0) {
      auto& r = report_for(out, "Microsoft", h, idx);
      r.details["SCL"] = core::trim(v);
      if (auto s = number(v)) {
        r.score = s;
        r.threshold = 5;
        r.is_spam = *s >= 5;
      }
    } else if (n.rfind("x-ms-exchange-organization-bcl", 0) == 0) {
      report_for(out, "Microsoft", h, idx).details["BCL"] = core::trim(v);
    } else if (n.rfind("x-ms-exchange-organization-pcl", 0) == 0) {
      report_for(out, "Microsoft", h, idx).details["PCL"] = core::trim(v);
    } else if (is_spam_header_name(h.name) && n != "x-microsoft-antispam" && n != "x-spam-checker-version") {
      // other filters and ISPs: a flag header whose value says yes/no
      if (auto yn = yes_no(v)) {
        core::SpamReport r;
        r.filter = "generic";
        r.header = h.name;
        r.header_index = idx;
        r.is_spam = yn;
        r.details["value"] = core::trim(v).substr(0, 200);
        out.push_back(std::move(r));
      }
    }
  }
  return out;
}

}  // namespace ps::parse
