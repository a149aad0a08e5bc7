// HTTP(S) for online lookups, on libcurl, behind the SSRF guard: every connection (the first and each redirect) is
// checked on the address it is about to use. No proxy from the environment, http and https only, bounded body and
// time.
#pragma once
#include <string>
#include <vector>

#include "core/result.h"
#include "enrich/netguard.h"

namespace ps::enrich {

struct HttpRequest {
  std::string method = "GET";  // GET | POST
  std::string url;
  std::vector<std::string> headers;  // "Name: value"
  std::string body;                  // POST body
  std::string user_agent = "phishscope";
  long timeout_ms = 15000;
  size_t max_body = 2 * 1024 * 1024;  // beyond it the body is cut and `truncated` set
  int max_redirects = 0;              // 0: do not follow
};

struct HttpHop {
  std::string url;
  long status = 0;
  std::string remote_ip;
};

struct HttpResponse {
  long status = 0;
  std::string final_url;
  std::string remote_ip;
  std::string content_type;
  std::string body;
  bool truncated = false;
  std::vector<HttpHop> chain;  // every response on the way, redirects first, the final one last
};

core::Result<HttpResponse> http_fetch(const HttpRequest& req, const GuardPolicy& guard);

// application/x-www-form-urlencoded value
std::string form_escape(const std::string& s);

}  // namespace ps::enrich
