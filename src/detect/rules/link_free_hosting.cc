// LINK_FREE_HOSTING: a link goes to a free hosting, site-builder or form service (web.app, pages.dev, github.io,
// forms.gle, ...), where anyone can put up a login page in minutes under a trusted-looking name. Brands host their
// notices on their own domains.
#include "core/text.h"
#include "detect/rule.h"

namespace ps::detect::rules {

namespace {
// Registrable domains (with libpsl's private section, most of these are public suffixes of their own: a site on
// them has its own registrable domain such as "x.web.app") and host suffixes.
const std::vector<std::string>& free_hosts() {
  static const std::vector<std::string> hosts = {
      "web.app",          "firebaseapp.com",    "pages.dev",        "workers.dev",       "r2.dev",
      "github.io",        "gitlab.io",          "netlify.app",      "vercel.app",        "glitch.me",
      "herokuapp.com",    "onrender.com",       "weebly.com",       "wixsite.com",       "square.site",
      "blogspot.com",     "000webhostapp.com",  "azurewebsites.net", "web.core.windows.net", "ipfs.io",
      "ipfs.dweb.link",   "surge.sh",           "replit.app",       "repl.co",           "framer.website",
      "webflow.io",       "godaddysites.com",   "jimdofree.com",    "forms.gle",         "sites.google.com",
      "storage.googleapis.com", "s3.amazonaws.com", "translate.goog", "ngrok-free.app",  "trycloudflare.com"};
  return hosts;
}

bool on_free_host(const std::string& host, std::string& which) {
  for (const auto& h : free_hosts()) {
    if (host.size() < h.size()) continue;
    if (host == h || (host.size() > h.size() && host.compare(host.size() - h.size(), h.size(), h) == 0 &&
                      host[host.size() - h.size() - 1] == '.')) {
      which = h;
      return true;
    }
  }
  return false;
}
}  // namespace

static void run(const RuleInput& in, Findings& out) {
  for (const auto& l : in.content.links) {
    if (!is_clickable(l) || l.host.empty() || l.official) continue;
    std::string which;
    std::string host = core::to_lower_ascii(l.host_ascii.empty() ? l.host : l.host_ascii);
    if (!on_free_host(host, which)) continue;
    core::Finding f = make_finding("LINK_FREE_HOSTING");
    f.params["url"] = l.defanged;
    f.params["service"] = which;
    f.evidence.push_back(link_evidence(l));
    out.push_back(std::move(f));
    return;
  }
}

extern const Rule kLinkFreeHosting{"LINK_FREE_HOSTING", "link", run};

}  // namespace ps::detect::rules
