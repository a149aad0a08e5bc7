#include "parse/auth.h"

#include <cctype>

#include "core/text.h"

namespace ps::parse {

std::vector<std::string> split_outside_comments(std::string_view v, char sep) {
  std::vector<std::string> out;
  std::string cur;
  int depth = 0;
  bool quoted = false;
  for (size_t i = 0; i < v.size(); ++i) {
    char c = v[i];
    if (quoted) {
      cur += c;
      if (c == '\\' && i + 1 < v.size()) cur += v[++i];
      else if (c == '"') quoted = false;
      continue;
    }
    if (c == '"' && depth == 0) quoted = true;
    else if (c == '(') ++depth;
    else if (c == ')' && depth > 0) --depth;
    else if (c == '\\' && depth > 0 && i + 1 < v.size()) {
      cur += c;
      cur += v[++i];
      continue;
    }
    if (c == sep && depth == 0) {
      out.push_back(core::trim(cur));
      cur.clear();
      continue;
    }
    cur += c;
  }
  out.push_back(core::trim(cur));
  return out;
}

namespace {

// Removes (comments), keeping the rest.
std::string strip_comments(std::string_view v) {
  std::string out;
  int depth = 0;
  for (char c : v) {
    if (c == '(') ++depth;
    else if (c == ')' && depth > 0) --depth;
    else if (depth == 0) out += c;
  }
  return out;
}

// "key=value" tokens of a clause (outside comments).
std::map<std::string, std::string> properties(std::string_view clause) {
  std::map<std::string, std::string> props;
  std::string s = strip_comments(clause);
  std::string tok;
  auto flush = [&] {
    auto eq = tok.find('=');
    if (eq != std::string::npos && eq > 0) {
      std::string v = tok.substr(eq + 1);
      if (v.size() >= 2 && v.front() == '"' && v.back() == '"') v = v.substr(1, v.size() - 2);
      props[core::to_lower_ascii(tok.substr(0, eq))] = v;
    }
    tok.clear();
  };
  for (char c : s) {
    if (std::isspace(static_cast<unsigned char>(c))) flush();
    else tok += c;
  }
  flush();
  return props;
}

}  // namespace

std::vector<core::AuthResult> parse_authentication_results(std::string_view value, const std::string& header) {
  std::vector<core::AuthResult> out;
  std::vector<std::string> clauses = split_outside_comments(value, ';');
  if (clauses.empty()) return out;
  std::string first = strip_comments(clauses[0]);
  std::string id = core::trim(first);
  // ARC-Authentication-Results start with "i=N;" before the authserv-id
  size_t start = 1;
  if (header == "ARC-Authentication-Results" && core::starts_with_icase(id, "i=") && clauses.size() > 1) {
    id = core::trim(strip_comments(clauses[1]));
    start = 2;
  }
  id = id.substr(0, id.find_first_of(" \t"));
  // Microsoft writes no authserv-id: "spf=pass (sender IP is 192.0.2.1) smtp.mailfrom=...; dkim=none ..."; an
  // authserv-id never holds '='
  if (id.find('=') != std::string::npos) {
    id.clear();
    start -= 1;
  }
  for (size_t i = start; i < clauses.size(); ++i) {
    const std::string& c = clauses[i];
    std::string bare = core::trim(strip_comments(c));
    auto eq = bare.find('=');
    if (eq == std::string::npos) continue;  // "none" (no results) or garbage
    core::AuthResult r;
    r.header = header;
    r.authserv_id = id;
    r.method = core::to_lower_ascii(core::trim(bare.substr(0, eq)));
    std::string rest = core::trim(bare.substr(eq + 1));
    r.result = core::to_lower_ascii(rest.substr(0, rest.find_first_of(" \t")));
    // detail: the clause after "method=result", comments included, as written
    std::string cl = core::trim(c);
    auto p = core::to_lower_ascii(cl).find(r.result, cl.find('='));
    r.detail = p == std::string::npos ? "" : core::trim(cl.substr(p + r.result.size()));
    r.props = properties(rest.substr(std::min(rest.size(), r.result.size())));
    out.push_back(std::move(r));
  }
  return out;
}

core::AuthResult parse_received_spf(std::string_view value) {
  // Pass (comment) client-ip=...; envelope-from=...; helo=...; identity=...;
  core::AuthResult r;
  r.header = "Received-SPF";
  r.method = "spf";
  std::string v = core::trim(value);
  r.result = core::to_lower_ascii(v.substr(0, v.find_first_of(" \t(;")));
  r.detail = core::trim(v.substr(std::min(v.size(), r.result.size())));
  std::string props_text = strip_comments(r.detail);
  for (auto& c : split_outside_comments(props_text, ';')) {
    for (const auto& [k, val] : properties(c)) r.props[k] = val;
  }
  if (r.props.count("receiver")) r.authserv_id = r.props["receiver"];
  // "softfail (google.com: domain of ... )": the comment names the server that checked
  if (r.authserv_id.empty() && !r.detail.empty() && r.detail.front() == '(') {
    size_t colon = r.detail.find(':');
    size_t close = r.detail.find(')');
    if (colon != std::string::npos && colon < close) {
      std::string name = core::trim(r.detail.substr(1, colon - 1));
      if (!name.empty() && name.find(' ') == std::string::npos && name.find('.') != std::string::npos) r.authserv_id = name;
    }
  }
  return r;
}

std::map<std::string, std::string> parse_tag_list(std::string_view value) {
  std::map<std::string, std::string> tags;
  for (const auto& part : core::split(value, ';')) {
    auto eq = part.find('=');
    if (eq == std::string::npos) continue;
    std::string name = core::to_lower_ascii(core::trim(part.substr(0, eq)));
    std::string val;
    for (char c : part.substr(eq + 1))
      if (!std::isspace(static_cast<unsigned char>(c))) val += c;
    if (!name.empty() && !tags.count(name)) tags[name] = val;
  }
  return tags;
}

}  // namespace ps::parse
