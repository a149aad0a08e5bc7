#include "extract/extract.h"

#include <functional>

#include "core/ip.h"
#include "core/text.h"
#include "extract/html.h"
#include "extract/pdf.h"
#include "extract/qr.h"
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

namespace {

// Where a link was found.
struct Found {
  std::string found_in;
  int part = -1;
  std::string attachment;
  std::optional<core::ByteRange> bytes;
  bool refanged = false;
  bool wrapped = false;
};

std::string found_in_of_tag(const std::string& tag) {
  if (tag == "a") return "href";
  if (tag == "area") return "image_map";
  if (tag == "form") return "form_action";
  if (tag == "meta") return "meta_refresh";
  return tag;  // img, css, iframe, script
}

bool is_html_file(const core::Part& p) {
  if (p.content_type == "text/plain") return p.sniffed_type == "text/html";
  std::string f = core::to_lower_ascii(p.filename);
  return !(f.size() > 4 && f.compare(f.size() - 4, 4, ".txt") == 0 && p.sniffed_type != "text/html");
}

}  // namespace

bool looks_like_html(std::string_view text) {
  size_t i = 0;
  while (i < text.size() && (text[i] == ' ' || text[i] == '\t' || text[i] == '\r' || text[i] == '\n')) ++i;
  if (i >= text.size() || text[i] != '<') return false;
  std::string head = core::to_lower_ascii(text.substr(i, 4096));
  int tags = 0;
  for (const char* t : {"<html", "<body", "<head", "<table", "<div", "<p>", "<p ", "<br", "<a href", "<td", "<span", "<img",
                        "<!doctype", "<meta", "<style", "<center", "<font"})
    if (head.find(t) != std::string::npos) ++tags;
  return tags >= 3;
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

  std::function<void(const std::string&, const std::string&, const Found&, const std::string&)> add_link;
  add_link = [&](const std::string& url, const std::string& anchor, const Found& f, const std::string& wrapped_by) {
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
    l.found_in = f.found_in;
    l.part = f.part;
    l.attachment = f.attachment;
    l.part_bytes = f.bytes;
    l.refanged = f.refanged;
    l.wrapped = f.wrapped;
    l.wrapped_by = wrapped_by;
    fill_url_parts(l);
    c.links.push_back(std::move(l));
    // a redirect wrapper: the target is a link of its own, and remembers the wrapper
    if (wrapped_by.empty())
      if (auto target = unwrap_redirect(url)) {
        Found t = f;
        t.found_in = "unwrapped";
        t.refanged = false;
        add_link(*target, anchor, t, url);
      }
  };
  auto html_links = [&](const HtmlContent& h, const core::Part& p, const std::string& attachment) {
    for (const auto& a : h.links) {
      Found f{found_in_of_tag(a.tag), p.index, attachment, std::nullopt, false, false};
      if (a.end > a.begin) f.bytes = core::ByteRange{a.begin, a.end};
      add_link(a.href, a.text, f, "");
    }
  };
  auto text_links = [&](const core::Part& p, const std::string& attachment) {
    for (const auto& u : find_urls_in_text(p.text))
      add_link(u.url, "", Found{"text", p.index, attachment, core::ByteRange{u.begin, u.end}, u.refanged, u.wrapped}, "");
  };

  // the mail body
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
    html_links(h, p, "");
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
    // a "text/plain" part that holds an HTML page (mislabelled by a sending kit): read as the page it is, or its
    // markup is the text that lure, brand and phone searches see
    if (looks_like_html(plain->text)) {
      HtmlContent h = parse_html(plain->text);
      c.text = h.text;
      c.text_from_html = true;
      for (auto& hid : h.hidden) c.hidden_text.push_back({plain->index, std::move(hid.text), std::move(hid.reason)});
      html_links(h, *plain, "");
      for (const auto& img : h.images) {
        core::Image im;
        im.src = img.src;
        im.alt = img.alt;
        im.part = plain->index;
        im.cid = core::starts_with_icase(img.src, "cid:");
        c.images.push_back(std::move(im));
      }
    }
  }
  for (const auto& p : msg.parts)
    if (p.is_text && p.content_type == "text/plain" && !(&p == plain && c.text_from_html)) text_links(p, "");

  // attached files: HTML/SVG pages, text files, QR codes in images, link annotations in PDFs
  size_t images_left = 50;
  for (const auto& p : msg.parts) {
    if (p.is_text) continue;
    std::string name = p.filename.empty() ? "part " + std::to_string(p.index) : p.filename;
    if (!p.text.empty()) {
      if (!is_html_file(p)) {
        text_links(p, name);
        continue;
      }
      HtmlContent h = parse_html(p.text);
      core::HtmlFile file;
      file.part = p.index;
      file.filename = name;
      file.title = h.title;
      file.text = h.text.substr(0, 4096);
      core::sanitize_utf8(file.text);
      file.forms = h.forms;
      file.password_inputs = h.password_inputs;
      file.scripts = h.scripts;
      c.html_files.push_back(std::move(file));
      html_links(h, p, name);
      continue;
    }
    if (p.data.empty()) continue;
    if (p.sniffed_type == "application/pdf") {
      if (p.encrypted) {
        // its strings are ciphertext: what looks like a /URI there is noise, not a link
        c.scan_notes.push_back({p.index, "pdf", "encrypted PDF: its links cannot be read without the password"});
        continue;
      }
      ++c.pdfs_scanned;
      PdfLinks pl = pdf_links(p.data);
      for (const auto& u : pl.uris) add_link(u, "", Found{"pdf", p.index, name, std::nullopt, false, false}, "");
      if (!pl.error.empty()) c.scan_notes.push_back({p.index, "pdf", pl.error});
      continue;
    }
    if (images_left == 0) {
      c.scan_notes.push_back({p.index, "qr_code", "more than 50 images; not scanned"});
      continue;
    }
    --images_left;
    ++c.images_scanned;
    ImageCodes codes = read_image_codes(p.data, limits.max_image_pixels);
    if (!codes.error.empty()) c.scan_notes.push_back({p.index, "qr_code", codes.error});
    for (const auto& text : codes.texts) {
      // a code holds a URL, or text with URLs in it (or nothing to follow: a Wi-Fi login, a vCard)
      std::string t = core::trim(text);
      auto urls = find_urls_in_text(t);
      if (urls.empty() && (core::starts_with_icase(t, "www.") || t.find("://") != std::string::npos) &&
          t.find_first_of(" \t\r\n") == std::string::npos)
        add_link(t.find("://") == std::string::npos ? "http://" + t : t, "",
                 Found{"qr_code", p.index, name, std::nullopt, false, false}, "");
      for (const auto& u : urls) add_link(u.url, "", Found{"qr_code", p.index, name, std::nullopt, u.refanged, false}, "");
      if (urls.empty() && t.find("://") == std::string::npos && !core::starts_with_icase(t, "www.")) {
        std::string note = "code without a link: " + t.substr(0, 200);
        core::sanitize_utf8(note);
        c.scan_notes.push_back({p.index, "qr_code", std::move(note)});
      }
    }
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
