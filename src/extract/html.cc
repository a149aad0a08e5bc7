#include "extract/html.h"

#include <gumbo.h>

#include <cstring>

#include "core/text.h"
#include "extract/url.h"

namespace ps::extract {

namespace {

bool is_block(GumboTag t) {
  switch (t) {
    case GUMBO_TAG_P: case GUMBO_TAG_DIV: case GUMBO_TAG_H1: case GUMBO_TAG_H2: case GUMBO_TAG_H3:
    case GUMBO_TAG_H4: case GUMBO_TAG_H5: case GUMBO_TAG_H6: case GUMBO_TAG_LI: case GUMBO_TAG_UL:
    case GUMBO_TAG_OL: case GUMBO_TAG_TR: case GUMBO_TAG_TABLE: case GUMBO_TAG_HR: case GUMBO_TAG_BLOCKQUOTE:
    case GUMBO_TAG_PRE: case GUMBO_TAG_SECTION: case GUMBO_TAG_ARTICLE: case GUMBO_TAG_HEADER:
    case GUMBO_TAG_FOOTER: case GUMBO_TAG_CENTER: case GUMBO_TAG_DL: case GUMBO_TAG_DT: case GUMBO_TAG_DD:
    case GUMBO_TAG_FORM: case GUMBO_TAG_TBODY: case GUMBO_TAG_THEAD:
      return true;
    default:
      return false;
  }
}

const char* attr(const GumboElement& e, const char* name) {
  const GumboAttribute* a = gumbo_get_attribute(&e.attributes, name);
  return a ? a->value : nullptr;
}

bool looks_like_button(std::string_view style) {
  std::string s = core::to_lower_ascii(style);
  return s.find("background") != std::string::npos || s.find("padding") != std::string::npos ||
         s.find("border-radius") != std::string::npos;
}

// base64 string literals passed to atob(): HTML attachments hide the address they post to this way
std::vector<std::string> atob_urls(std::string_view script) {
  std::vector<std::string> out;
  for (size_t p = script.find("atob("); p != std::string_view::npos && out.size() < 20; p = script.find("atob(", p + 5)) {
    size_t q = p + 5;
    while (q < script.size() && (script[q] == ' ' || script[q] == '\t')) ++q;
    if (q >= script.size() || (script[q] != '"' && script[q] != '\'' && script[q] != '`')) continue;
    char quote = script[q];
    size_t close = script.find(quote, q + 1);
    if (close == std::string_view::npos || close - q > 8192) continue;
    auto decoded = core::base64_decode(script.substr(q + 1, close - q - 1));
    if (!decoded) continue;
    for (auto& u : find_urls_in_text(*decoded)) out.push_back(u.url);
  }
  return out;
}

struct Walker {
  std::string_view src;  // the HTML source, for byte ranges
  HtmlContent out;
  std::string line;  // current line being built
  std::vector<int> ol_counters;
  std::vector<bool> list_is_ordered;
  // anchor text capture
  std::vector<std::string*> captures;
  // text inside a hidden element goes here, not to the visible text
  int hidden_depth = 0;
  std::string hidden_reason_now;  // why the enclosing element hides its text
  std::string hidden_buf;

  std::pair<size_t, size_t> range(const char* data, size_t n) const {
    if (!data || data < src.data() || data + n > src.data() + src.size()) return {0, 0};
    size_t b = static_cast<size_t>(data - src.data());
    return {b, b + n};
  }
  // the range of an attribute's value without its quotes
  std::pair<size_t, size_t> value_range(const GumboElement& e, const char* name) const {
    const GumboAttribute* a = gumbo_get_attribute(&e.attributes, name);
    if (!a) return {0, 0};
    const char* d = a->original_value.data;
    size_t n = a->original_value.length;
    if (d && n >= 2 && (d[0] == '"' || d[0] == '\'') && d[n - 1] == d[0]) {
      ++d;
      n -= 2;
    }
    return range(d, n);
  }
  void add(std::string href, std::string text, const char* tag, std::pair<size_t, size_t> r) {
    HtmlAnchor a;
    a.href = std::move(href);
    a.text = std::move(text);
    a.tag = tag;
    a.begin = r.first;
    a.end = r.second;
    out.links.push_back(std::move(a));
  }
  std::pair<size_t, size_t> text_range(const GumboNode* t) const {
    return range(t->v.text.original_text.data, t->v.text.original_text.length);
  }

  void emit_text(std::string_view s) {
    if (hidden_depth > 0) {
      if (hidden_buf.size() < 4096) hidden_buf.append(s.substr(0, 4096 - hidden_buf.size()));
      return;
    }
    // collapse whitespace like a browser
    for (char c : s) {
      bool ws = c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f';
      if (ws) {
        if (!line.empty() && line.back() != ' ') line += ' ';
        for (auto* cap : captures)
          if (!cap->empty() && cap->back() != ' ') *cap += ' ';
      } else {
        line += c;
        for (auto* cap : captures) *cap += c;
      }
    }
  }
  void newline() {
    std::string t = core::trim(line);
    out.text += t;
    out.text += '\n';
    line.clear();
  }
  void block_break() {
    if (!core::trim(line).empty()) newline();
    else line.clear();
  }

  void walk(const GumboNode* node, int depth) {
    if (depth > 200) return;  // gumbo itself limits depth too; be safe
    if (node->type == GUMBO_NODE_TEXT || node->type == GUMBO_NODE_WHITESPACE || node->type == GUMBO_NODE_CDATA) {
      emit_text(node->v.text.text);
      return;
    }
    if (node->type != GUMBO_NODE_ELEMENT && node->type != GUMBO_NODE_DOCUMENT) return;
    const GumboVector* children =
        node->type == GUMBO_NODE_DOCUMENT ? &node->v.document.children : &node->v.element.children;
    if (node->type == GUMBO_NODE_ELEMENT) {
      const GumboElement& e = node->v.element;
      switch (e.tag) {
        case GUMBO_TAG_STYLE:
          for (unsigned i = 0; i < e.children.length; ++i) {
            const GumboNode* t = static_cast<const GumboNode*>(e.children.data[i]);
            if (t->type == GUMBO_NODE_TEXT)
              for (auto& u : css_urls(t->v.text.text)) add(u, "", "css", text_range(t));
          }
          return;
        case GUMBO_TAG_SCRIPT: {
          // never run; its source and the URLs written in it are links (an HTML attachment posts or redirects there)
          ++out.scripts;
          if (const char* s = attr(e, "src")) add(core::trim(s), "", "script_src", value_range(e, "src"));
          for (unsigned i = 0; i < e.children.length; ++i) {
            const GumboNode* t = static_cast<const GumboNode*>(e.children.data[i]);
            if (t->type != GUMBO_NODE_TEXT) continue;
            auto r = text_range(t);
            std::string_view code = t->v.text.text;
            for (auto& u : find_urls_in_text(code))
              add(u.url, "", "script", r.second > r.first ? std::pair{r.first + u.begin, r.first + u.end} : r);
            for (auto& u : atob_urls(code)) add(u, "atob()", "script", r);
          }
          return;
        }
        case GUMBO_TAG_NOSCRIPT: case GUMBO_TAG_TEMPLATE:
          return;
        case GUMBO_TAG_IFRAME: case GUMBO_TAG_FRAME: case GUMBO_TAG_EMBED:
          if (const char* s = attr(e, "src")) add(core::trim(s), "", "iframe", value_range(e, "src"));
          return;
        case GUMBO_TAG_INPUT:
          if (const char* type = attr(e, "type"); type && core::iequals(core::trim(type), "password")) ++out.password_inputs;
          return;
        case GUMBO_TAG_BASE:
          if (const char* href = attr(e, "href"); href && out.base.empty()) out.base = core::trim(href);
          return;
        case GUMBO_TAG_TITLE:
          if (e.children.length > 0) {
            const GumboNode* t = static_cast<const GumboNode*>(e.children.data[0]);
            if (t->type == GUMBO_NODE_TEXT) out.title = core::trim(t->v.text.text);
          }
          return;
        case GUMBO_TAG_BR:
          newline();
          return;
        case GUMBO_TAG_IMG: {
          const char* src = attr(e, "src");
          const char* alt = attr(e, "alt");
          out.images.push_back({src ? core::trim(src) : "", alt ? core::trim(alt) : ""});
          // an image loaded from the web is a link too (tracking pixels, logos hot-linked from elsewhere)
          if (src && (core::starts_with_icase(core::trim(src), "http://") || core::starts_with_icase(core::trim(src), "https://")))
            add(core::trim(src), alt ? core::trim(alt) : "", "img", value_range(e, "src"));
          return;
        }
        case GUMBO_TAG_META: {
          const char* equiv = attr(e, "http-equiv");
          const char* content = attr(e, "content");
          if (equiv && content && core::iequals(equiv, "refresh")) {
            std::string c = content;
            auto p = core::to_lower_ascii(c).find("url=");
            if (p != std::string::npos) add(core::trim(c.substr(p + 4)), "", "meta", value_range(e, "content"));
          }
          return;
        }
        default:
          break;
      }
      const char* style = attr(e, "style");
      if (style)
        for (auto& u : css_urls(style)) add(u, "", "css", value_range(e, "style"));
      std::string why = style ? hidden_reason(style) : "";
      if (why.empty() && attr(e, "hidden")) why = "hidden_attribute";
      // a font-size:0 wrapper (MJML and other templates put one around every block to kill white space) hides
      // nothing that sets its own size again
      if (hidden_depth > 0 && hidden_reason_now == "font_size_zero" && style && sets_font_size(style)) {
        int saved = hidden_depth;
        std::string saved_reason = hidden_reason_now;
        hidden_depth = 0;
        hidden_reason_now.clear();
        for (unsigned i = 0; i < children->length; ++i) walk(static_cast<const GumboNode*>(children->data[i]), depth + 1);
        hidden_depth = saved;
        hidden_reason_now = saved_reason;
        return;
      }
      if (!why.empty() && hidden_depth == 0) {
        // walk the hidden subtree for its links, but keep its text apart
        ++hidden_depth;
        hidden_reason_now = why;
        for (unsigned i = 0; i < children->length; ++i) walk(static_cast<const GumboNode*>(children->data[i]), depth + 1);
        --hidden_depth;
        hidden_reason_now.clear();
        std::string t = core::collapse_space(hidden_buf);
        hidden_buf.clear();
        if (!t.empty() && out.hidden.size() < 100) out.hidden.push_back({t, why});
        return;
      }
      if (e.tag == GUMBO_TAG_A && style && looks_like_button(style)) ++out.buttons;
      if (is_block(e.tag)) block_break();
      if (e.tag == GUMBO_TAG_UL || e.tag == GUMBO_TAG_OL) {
        list_is_ordered.push_back(e.tag == GUMBO_TAG_OL);
        ol_counters.push_back(0);
      }
      if (e.tag == GUMBO_TAG_LI) {
        if (!list_is_ordered.empty() && list_is_ordered.back()) {
          line += std::to_string(++ol_counters.back()) + ". ";
        } else {
          line += "- ";
        }
      }
      if (e.tag == GUMBO_TAG_FORM) ++out.forms;
      if (e.tag == GUMBO_TAG_A || e.tag == GUMBO_TAG_AREA || e.tag == GUMBO_TAG_FORM) {
        const char* name = e.tag == GUMBO_TAG_FORM ? "action" : "href";
        const char* href = attr(e, name);
        if (href) {
          add(core::trim(href), "", e.tag == GUMBO_TAG_A ? "a" : e.tag == GUMBO_TAG_AREA ? "area" : "form",
              value_range(e, name));
          if (e.tag == GUMBO_TAG_AREA) {
            const char* alt = attr(e, "alt");
            out.links.back().text = alt ? alt : "";
          } else {
            size_t idx = out.links.size() - 1;
            std::string captured;
            captures.push_back(&captured);
            for (unsigned i = 0; i < children->length; ++i) walk(static_cast<const GumboNode*>(children->data[i]), depth + 1);
            captures.pop_back();
            out.links[idx].text = core::trim(captured);
            if (is_block(e.tag)) block_break();
            return;
          }
        }
      }
    }
    for (unsigned i = 0; i < children->length; ++i) walk(static_cast<const GumboNode*>(children->data[i]), depth + 1);
    if (node->type == GUMBO_NODE_ELEMENT) {
      const GumboElement& e = node->v.element;
      if (e.tag == GUMBO_TAG_UL || e.tag == GUMBO_TAG_OL) {
        list_is_ordered.pop_back();
        ol_counters.pop_back();
      }
      if (is_block(e.tag)) block_break();
      if (e.tag == GUMBO_TAG_HR) out.text += "----\n";
    }
  }
};

}  // namespace

bool sets_font_size(std::string_view style) {
  std::string s;
  for (char c : style)
    if (c != ' ' && c != '\t' && c != '\n' && c != '\r') s += static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
  for (const auto& decl : core::split(s, ';')) {
    if (decl.rfind("font-size:", 0) != 0 && decl.rfind("font:", 0) != 0) continue;
    std::string v = decl.substr(decl.find(':') + 1);
    // a size that is not zero: 12px, 1em, 100%, small, medium...
    if (!v.empty() && v != "0" && v.rfind("0px", 0) != 0 && v.rfind("0pt", 0) != 0 && v.rfind("0em", 0) != 0 &&
        v.rfind("0%", 0) != 0 && v != "1px")
      return true;
  }
  return false;
}

std::string hidden_reason(std::string_view style) {
  // declarations as "name:value", spaces removed, lower case
  std::string s;
  for (char c : style)
    if (c != ' ' && c != '\t' && c != '\n' && c != '\r') s += static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
  for (const auto& decl : core::split(s, ';')) {
    auto colon = decl.find(':');
    if (colon == std::string::npos) continue;
    std::string name = decl.substr(0, colon), value = decl.substr(colon + 1);
    auto bang = value.find('!');
    if (bang != std::string::npos) value.resize(bang);
    auto zero = [&] { return value == "0" || value == "0px" || value == "0pt" || value == "0em" || value == "0%" || value == "1px"; };
    if (name == "display" && value == "none") return "display_none";
    if (name == "visibility" && value == "hidden") return "visibility_hidden";
    if (name == "font-size" && zero()) return "font_size_zero";
    if (name == "opacity" && (value == "0" || value == "0.0" || value == "0%")) return "opacity_zero";
    if ((name == "max-height" || name == "height" || name == "width" || name == "max-width") && zero() &&
        s.find("overflow:hidden") != std::string::npos)
      return "zero_size";
  }
  return "";
}

std::vector<std::string> css_urls(std::string_view css) {
  std::vector<std::string> out;
  std::string lower = core::to_lower_ascii(css);
  for (size_t p = lower.find("url("); p != std::string::npos && out.size() < 100; p = lower.find("url(", p + 4)) {
    size_t close = css.find(')', p + 4);
    if (close == std::string::npos) break;
    std::string v = core::trim(css.substr(p + 4, close - p - 4));
    if (v.size() >= 2 && (v.front() == '"' || v.front() == '\'') && v.back() == v.front()) v = v.substr(1, v.size() - 2);
    if (core::starts_with_icase(v, "http://") || core::starts_with_icase(v, "https://") || core::starts_with_icase(v, "//"))
      out.push_back(v);
  }
  return out;
}

std::string resolve_url(const std::string& base, const std::string& href) {
  if (href.empty() || href.find("://") != std::string::npos || href.find(':') < href.find('/')) return href;
  auto scheme_end = base.find("://");
  if (scheme_end == std::string::npos) return href;
  std::string scheme = base.substr(0, scheme_end);
  if (href.rfind("//", 0) == 0) return scheme + ":" + href;
  size_t host_end = base.find('/', scheme_end + 3);
  std::string origin = base.substr(0, host_end);
  if (href[0] == '/') return origin + href;
  std::string dir = host_end == std::string::npos ? "/" : base.substr(host_end, base.rfind('/') - host_end + 1);
  return origin + dir + href;
}

HtmlContent parse_html(std::string_view html) {
  GumboOptions options = kGumboDefaultOptions;
  options.max_errors = 100;
  GumboOutput* output = gumbo_parse_with_options(&options, html.data(), html.size());
  Walker w;
  w.src = html;
  w.walk(output->document, 0);
  w.block_break();
  gumbo_destroy_output(&options, output);
  if (!w.out.base.empty())
    for (auto& l : w.out.links) l.href = resolve_url(w.out.base, l.href);
  // collapse runs of blank lines
  std::string text;
  int blank = 0;
  for (const auto& l : core::split(w.out.text, '\n')) {
    if (l.empty()) {
      if (++blank > 1) continue;
    } else {
      blank = 0;
    }
    text += l;
    text += '\n';
  }
  while (!text.empty() && (text.back() == '\n')) text.pop_back();
  while (!text.empty() && text.front() == '\n') text.erase(0, 1);
  w.out.text = text + "\n";
  return w.out;
}

}  // namespace ps::extract
