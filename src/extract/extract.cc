#include "extract/extract.h"

#include <functional>

#include "core/ip.h"
#include "core/text.h"
#include "extract/html.h"
#include "extract/url.h"

namespace ps::extract {

void fill_url_parts(core::Link& link) {
  link.defanged = core::defang_url(link.url);
  UrlParts p = split_url(link.url);
  if (!p.ok) {
    auto colon = link.url.find(':');
    if (colon != std::string::npos) link.scheme = core::to_lower_ascii(link.url.substr(0, colon));
    return;
  }
  link.scheme = p.scheme;
  link.userinfo = p.userinfo;
  link.host = p.host;
  link.path = p.path;
  bool obfuscated = false;
  if (auto ip = ipv4_literal(p.host, &obfuscated)) {
    link.techniques.push_back(obfuscated ? "OBFUSCATED_IP_HOST" : "IP_LITERAL_HOST");
    return;
  }
  if (core::parse_ip(p.host)) {
    link.techniques.push_back("IP_LITERAL_HOST");
    return;
  }
  IdnForms idn = idn_forms(p.host);
  link.host_ascii = idn.ascii;
  link.host_unicode = idn.unicode;
  const std::string& name = idn.ascii.empty() ? p.host : idn.ascii;
  link.registrable_domain = registrable_domain(name);
  link.public_suffix = public_suffix(name);
  if (!idn.ascii.empty() && idn.ascii != idn.unicode) link.techniques.push_back("IDN_HOST");
}

core::Content extract_content(const core::Message& msg, const core::Limits& limits) {
  core::Content c;
  const core::Part* plain = nullptr;
  const core::Part* html = nullptr;
  for (const auto& p : msg.parts) {
    if (!p.is_text) continue;
    if (p.content_type == "text/plain" && !plain) plain = &p;
    if (p.content_type == "text/html" && !html) html = &p;
  }
  c.has_html = html != nullptr;
  c.sender_domain = registrable_domain(core::to_lower_ascii(msg.from.domain()));
  if (c.sender_domain.empty()) c.sender_domain = core::to_lower_ascii(msg.from.domain());

  std::function<void(const std::string&, const std::string&, const std::string&, int, bool, const std::string&)> add_link;
  add_link = [&](const std::string& url, const std::string& anchor, const std::string& found_in, int part,
                 bool refanged, const std::string& wrapped_by) {
    if (url.empty()) return;
    for (auto& l : c.links) {
      if (l.url == url) {
        if (l.anchor_text.empty() && !anchor.empty()) l.anchor_text = anchor;
        return;
      }
    }
    if (c.links.size() >= limits.max_links) return;
    core::Link l;
    l.url = url;
    l.anchor_text = anchor;
    l.found_in = found_in;
    l.part = part;
    l.refanged = refanged;
    l.wrapped_by = wrapped_by;
    fill_url_parts(l);
    c.links.push_back(std::move(l));
    // a redirect wrapper: the target is a link of its own, and remembers the wrapper
    if (wrapped_by.empty())
      if (auto target = unwrap_redirect(url)) add_link(*target, anchor, "unwrapped", part, false, url);
  };

  for (const auto& p : msg.parts) {
    if (!p.is_text || p.content_type != "text/html") continue;
    HtmlContent h = parse_html(p.text);
    if (&p == html) {
      c.html_part = p.index;
      if (!plain) {
        c.text = h.text;
        c.text_part = p.index;
        c.text_from_html = true;
      } else {
        c.html_text = h.text;
      }
    }
    for (auto& hid : h.hidden) c.hidden_text.push_back({p.index, std::move(hid.text), std::move(hid.reason)});
    c.buttons += h.buttons;
    for (const auto& a : h.links) {
      std::string found = a.tag == "a" || a.tag == "area" ? "href"
                          : a.tag == "form"                ? "form_action"
                          : a.tag == "img"                 ? "img"
                          : a.tag == "css"                 ? "css"
                                                           : "meta_refresh";
      add_link(a.href, a.text, found, p.index, false, "");
    }
    for (const auto& img : h.images) {
      core::Image im;
      im.src = img.src;
      im.alt = img.alt;
      im.part = p.index;
      im.cid = core::starts_with_icase(img.src, "cid:");
      c.images.push_back(std::move(im));
    }
  }
  if (plain) {
    c.text = plain->text;
    c.text_part = plain->index;
  }
  for (const auto& p : msg.parts) {
    if (!p.is_text || p.content_type != "text/plain") continue;
    for (const auto& u : find_urls_in_text(p.text)) add_link(u.url, "", "text", p.index, u.refanged, "");
  }
  // normalise line endings of the main text
  std::string t;
  t.reserve(c.text.size());
  for (size_t i = 0; i < c.text.size(); ++i)
    if (c.text[i] != '\r') t += c.text[i];
  c.text = std::move(t);
  return c;
}

}  // namespace ps::extract
