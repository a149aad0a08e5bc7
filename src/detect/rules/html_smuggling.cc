// HTML_SMUGGLING: an attached HTML or SVG page builds a file in the browser (a script decoding data into a Blob or a
// data: URI and offering it for download): the payload passes every attachment filter inside harmless-looking text.
#include "core/text.h"
#include "detect/rule.h"

namespace ps::detect::rules {

static void run(const RuleInput& in, Findings& out) {
  for (const auto& file : in.content.html_files) {
    if (file.scripts == 0) continue;
    const core::Part* part = nullptr;
    for (const auto& p : in.msg.parts)
      if (p.index == file.part) part = &p;
    if (!part) continue;
    std::string t = core::to_lower_ascii(part->text.substr(0, 4u << 20));
    bool decode = t.find("atob(") != std::string::npos || t.find("fromcharcode") != std::string::npos ||
                  t.find("unescape(") != std::string::npos || t.find("uint8array") != std::string::npos;
    bool build = t.find("new blob") != std::string::npos || t.find("createobjecturl") != std::string::npos ||
                 t.find("mssaveoropenblob") != std::string::npos || t.find("data:application/") != std::string::npos ||
                 t.find("data:text/html;base64") != std::string::npos;
    if (!decode || !build) continue;
    core::Finding f = make_finding("HTML_SMUGGLING");
    f.params["file"] = file.filename;
    core::Evidence e;
    e.part = file.part;
    e.excerpt = file.filename;
    f.evidence.push_back(e);
    out.push_back(std::move(f));
    return;
  }
}

extern const Rule kHtmlSmuggling{"HTML_SMUGGLING", "link", run};

}  // namespace ps::detect::rules
