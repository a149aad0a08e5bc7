// The self-contained HTML report: the Markdown report's content rendered as inert HTML (every character of mail text
// escaped, no links, no scripts), the probe's screenshots embedded as data: images, inline CSS allowed by its hash in
// a strict Content-Security-Policy (nothing is loaded from anywhere).
#include <algorithm>
#include <cstring>
#include <fstream>
#include <sstream>

#include "core/text.h"
#include "report/report.h"

namespace ps::report {

namespace {

const char* kCss =
    "body{font-family:'Noto Sans CJK JP','Hiragino Sans','Yu Gothic',sans-serif;max-width:60rem;margin:2rem auto;"
    "padding:0 1rem;line-height:1.6;color:#1a1a1a;background:#fff}"
    "h1{font-size:1.5rem;border-bottom:3px solid #b00020;padding-bottom:.3rem}"
    "h2{font-size:1.2rem;margin-top:2rem;border-left:6px solid #b00020;padding-left:.5rem}"
    "h3{font-size:1.05rem;word-break:break-all}"
    "table{border-collapse:collapse;width:100%;margin:.5rem 0;font-size:.92rem}"
    "th,td{border:1px solid #ccc;padding:.3rem .5rem;vertical-align:top;text-align:left;word-break:break-all}"
    "th{background:#f3f3f3}"
    "pre{background:#f7f7f7;border:1px solid #ddd;padding:.8rem;white-space:pre-wrap;word-break:break-all;"
    "font-size:.88rem}"
    "code{background:#f1f1f1;padding:0 .2rem;font-size:.85em}"
    "figure{margin:1rem 0}figure img{max-width:100%;border:1px solid #999}"
    "figcaption{font-size:.85rem;color:#555;word-break:break-all}";

std::string escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '&': out += "&amp;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

// Inline Markdown as the Markdown report writes it: **bold**, `code`, the cell escapes (\| &lt; &gt; &amp; <br>).
// Anything else is text, escaped.
std::string inline_html(const std::string& s) {
  std::string out;
  bool strong = false, code = false;
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (!code && c == '*' && i + 1 < s.size() && s[i + 1] == '*') {
      out += strong ? "</strong>" : "<strong>";
      strong = !strong;
      ++i;
      continue;
    }
    if (c == '`') {
      out += code ? "</code>" : "<code>";
      code = !code;
      continue;
    }
    if (c == '\\' && i + 1 < s.size() && (s[i + 1] == '|' || s[i + 1] == '\\' || s[i + 1] == '*' || s[i + 1] == '`')) {
      out += escape(std::string(1, s[i + 1]));
      ++i;
      continue;
    }
    if (c == '&') {
      bool entity = false;
      for (const char* e : {"&lt;", "&gt;", "&amp;", "&quot;", "&#39;"})
        if (s.compare(i, std::strlen(e), e) == 0) {
          out += e;
          i += std::strlen(e) - 1;
          entity = true;
          break;
        }
      if (entity) continue;
    }
    if (c == '<' && s.compare(i, 4, "<br>") == 0) {
      out += "<br>";
      i += 3;
      continue;
    }
    out += escape(std::string(1, c));
  }
  if (code) out += "</code>";
  if (strong) out += "</strong>";
  return out;
}

std::vector<std::string> split_cells(const std::string& row) {
  std::vector<std::string> cells;
  std::string cur;
  size_t start = row.find('|');
  for (size_t i = start + 1; i < row.size(); ++i) {
    if (row[i] == '\\' && i + 1 < row.size() && row[i + 1] == '|') {
      cur += "\\|";
      ++i;
    } else if (row[i] == '|') {
      cells.push_back(cur);
      cur.clear();
    } else {
      cur += row[i];
    }
  }
  for (auto& c : cells) {
    size_t b = c.find_first_not_of(' '), e = c.find_last_not_of(' ');
    c = b == std::string::npos ? "" : c.substr(b, e - b + 1);
  }
  return cells;
}

std::string markdown_to_html(const std::string& md) {
  std::istringstream in(md);
  std::string line, out, fence;
  std::vector<std::string> para, table;
  bool list = false;
  auto flush = [&] {
    if (!para.empty()) {
      out += "<p>";
      for (size_t i = 0; i < para.size(); ++i) out += (i ? "<br>" : "") + inline_html(para[i]);
      out += "</p>\n";
      para.clear();
    }
    if (list) {
      out += "</ul>\n";
      list = false;
    }
    if (!table.empty()) {
      out += "<table>\n";
      for (size_t r = 0; r < table.size(); ++r) {
        if (r == 1 && table[r].find("---") != std::string::npos) continue;  // the separator row
        auto cells = split_cells(table[r]);
        bool head = r == 0;
        bool empty_head = head && std::all_of(cells.begin(), cells.end(), [](const std::string& c) { return c.empty(); });
        if (empty_head) continue;
        out += "<tr>";
        for (const auto& c : cells) out += std::string(head ? "<th>" : "<td>") + inline_html(c) + (head ? "</th>" : "</td>");
        out += "</tr>\n";
      }
      out += "</table>\n";
      table.clear();
    }
  };
  while (std::getline(in, line)) {
    if (!fence.empty()) {
      if (line == fence) {
        out += "</code></pre>\n";
        fence.clear();
      } else {
        out += escape(line) + "\n";
      }
      continue;
    }
    if (line.rfind("```", 0) == 0) {
      flush();
      fence = line.substr(0, line.find_first_not_of('`'));
      out += "<pre><code>";
      continue;
    }
    if (line.empty()) {
      flush();
      continue;
    }
    if (line[0] == '#') {
      size_t level = line.find_first_not_of('#');
      if (level != std::string::npos && level <= 6 && line[level] == ' ') {
        flush();
        std::string n = std::to_string(level);
        out += "<h" + n + ">" + inline_html(line.substr(level + 1)) + "</h" + n + ">\n";
        continue;
      }
    }
    if (line == "---") {
      flush();
      out += "<hr>\n";
      continue;
    }
    if (line[0] == '|') {
      if (!para.empty() || list) flush();
      table.push_back(line);
      continue;
    }
    if (line.rfind("- ", 0) == 0) {
      if (!para.empty() || !table.empty()) flush();
      if (!list) {
        out += "<ul>\n";
        list = true;
      }
      out += "<li>" + inline_html(line.substr(2)) + "</li>\n";
      continue;
    }
    if (list || !table.empty()) flush();
    para.push_back(line);
  }
  if (!fence.empty()) out += "</code></pre>\n";
  flush();
  return out;
}

std::string read_file(const std::string& path, size_t max) {
  std::ifstream f(path, std::ios::binary);
  if (!f) return "";
  std::string data(max + 1, '\0');
  f.read(data.data(), static_cast<std::streamsize>(data.size()));
  data.resize(static_cast<size_t>(f.gcount()));
  return data.size() > max ? "" : data;
}

std::string screenshots(const core::Analysis& a, const Catalog& cat) {
  std::string out;
  for (size_t i = 0; i < a.enrichment.links.size() && i < a.content.links.size(); ++i)
    for (const auto& sh : a.enrichment.links[i].site.screenshots) {
      std::string caption = escape(a.content.links[i].defanged + " — " + sh.profile + " — sha256 " + sh.sha256);
      std::string png = sh.file.empty() ? "" : read_file(sh.file, 8 * 1024 * 1024);
      // embedded only when it is the PNG the probe recorded
      if (png.size() < 8 || png.compare(0, 8, "\x89PNG\r\n\x1a\n") != 0 || core::sha256_hex(png) != sh.sha256) {
        out += "<p>" + caption + " — " + escape(cat.text("report.screenshot_missing")) + "</p>\n";
        continue;
      }
      out += "<figure><img alt=\"" + escape(sh.profile) + "\" src=\"data:image/png;base64," + core::base64_encode(png) +
             "\"><figcaption>" + caption + "</figcaption></figure>\n";
    }
  if (out.empty()) return out;
  return "<h2>■ " + escape(cat.text("report.screenshots")) + "</h2>\n<p>" +
         escape(cat.text("report.screenshots_note")) + "</p>\n" + out;
}

}  // namespace

std::string to_html(const core::Analysis& a, const Catalog& catalog, const std::string& lang) {
  std::string body = markdown_to_html(to_markdown(a, catalog, lang));
  std::string shots = screenshots(a, catalog);
  if (!shots.empty()) {
    std::string marker = "<h2>■ " + escape(catalog.text("report.observations")) + "</h2>";
    size_t at = body.find(marker);
    body.insert(at == std::string::npos ? body.size() : at, shots);
  }
  std::string title;
  if (size_t h1 = body.find("<h1>"); h1 != std::string::npos) title = body.substr(h1 + 4, body.find("</h1>") - h1 - 4);
  std::string csp = "default-src 'none'; img-src data:; style-src 'sha256-" + core::base64_encode(core::sha256_raw(kCss)) +
                    "'; base-uri 'none'; form-action 'none'";
  return "<!DOCTYPE html>\n<html lang=\"" + escape(lang) + "\">\n<head>\n<meta charset=\"utf-8\">\n"
         "<meta http-equiv=\"Content-Security-Policy\" content=\"" + csp + "\">\n"
         "<meta name=\"referrer\" content=\"no-referrer\">\n"
         "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
         "<title>" + title + "</title>\n<style>" + kCss + "</style>\n</head>\n<body>\n<main>\n" + body +
         "</main>\n</body>\n</html>\n";
}

}  // namespace ps::report
