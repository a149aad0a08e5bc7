// TEXT_HTML_MISMATCH: the text/plain and text/html alternatives of one mail say different things, or their links go
// to different sites. Filters and text-only clients read one, the victim's mail client shows the other.
#include <algorithm>
#include <vector>

#include "core/text.h"
#include "detect/rule.h"

namespace ps::detect::rules {

namespace {
// Code-point bigrams of the text without white space, up to a bound, for a similarity that ignores layout: sorted,
// without repeats.
std::vector<uint64_t> bigrams(const std::string& s) {
  std::vector<uint64_t> out;
  char32_t prev = 0;
  size_t n = 0;
  for (size_t i = 0; i < s.size() && n < 20000;) {
    size_t len = core::utf8_sequence_length(s, i);
    if (len == 0) { ++i; continue; }
    char32_t c = core::utf8_code_point(s, i, len);
    i += len;
    if (c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == 0x3000) continue;
    if (c >= 'A' && c <= 'Z') c += 32;
    if (prev) out.push_back((static_cast<uint64_t>(prev) << 32) | c);
    prev = c;
    ++n;
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

double jaccard(const std::vector<uint64_t>& a, const std::vector<uint64_t>& b) {
  if (a.empty() && b.empty()) return 1.0;
  size_t common = 0;
  for (size_t i = 0, j = 0; i < a.size() && j < b.size();) {
    if (a[i] < b[j]) ++i;
    else if (b[j] < a[i]) ++j;
    else { ++common; ++i; ++j; }
  }
  return static_cast<double>(common) / static_cast<double>(a.size() + b.size() - common);
}
}  // namespace

static void run(const RuleInput& in, Findings& out) {
  if (in.content.html_text.empty() || in.content.text_from_html) return;
  auto a = bigrams(in.content.text);
  auto b = bigrams(in.content.html_text);
  // a near-empty alternative ("see the HTML version") is laziness, not a mismatch
  if (a.size() < 20 || b.size() < 20) return;
  double sim = jaccard(a, b);
  // link targets: registrable domains of the HTML's clickable links that the plain text never mentions
  std::string missing;
  for (const auto& l : in.content.links) {
    if (l.part != in.content.html_part || !is_clickable(l) || l.registrable_domain.empty()) continue;
    if (l.found_in != "href" && l.found_in != "image_map" && l.found_in != "form_action") continue;
    if (in.body.lower().find(core::to_lower_ascii(l.registrable_domain)) == std::string::npos) {
      missing = l.registrable_domain;
      break;
    }
  }
  bool plain_has_links = false;
  for (const auto& l : in.content.links)
    if (l.part == in.content.text_part && l.found_in == "text") plain_has_links = true;
  bool links_differ = !missing.empty() && plain_has_links;
  if (sim >= 0.25 && !links_differ) return;
  core::Finding f = make_finding("TEXT_HTML_MISMATCH");
  char buf[16];
  std::snprintf(buf, sizeof buf, "%.2f", sim);
  f.params["similarity"] = buf;
  f.params["html_only_domain"] = missing;
  core::Evidence plain;
  plain.part = in.content.text_part;
  plain.excerpt = "text/plain";
  core::Evidence html;
  html.part = in.content.html_part;
  html.excerpt = links_differ ? "text/html links to " + missing : "text/html";
  f.evidence.push_back(plain);
  f.evidence.push_back(html);
  out.push_back(std::move(f));
}

extern const Rule kTextHtmlMismatch{"TEXT_HTML_MISMATCH", "content", run};

}  // namespace ps::detect::rules
