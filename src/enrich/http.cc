#include "enrich/http.h"

#include <curl/curl.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <algorithm>
#include <cctype>

#include <memory>
#include <mutex>

namespace ps::enrich {

namespace {

void global_init() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

struct Transfer {
  const GuardPolicy* guard = nullptr;
  std::string refused;  // why the guard refused a connection
  std::string body;
  size_t max_body = 0;
  bool truncated = false;
};

curl_socket_t open_socket(void* clientp, curlsocktype purpose, struct curl_sockaddr* addr) {
  auto* t = static_cast<Transfer*>(clientp);
  if (purpose != CURLSOCKTYPE_IPCXN) return CURL_SOCKET_BAD;
  char buf[64] = {};
  std::string ip;
  if (addr->family == AF_INET || addr->family == AF_INET6) {
    const void* src = addr->family == AF_INET
                          ? static_cast<const void*>(&reinterpret_cast<const sockaddr_in*>(&addr->addr)->sin_addr)
                          : static_cast<const void*>(&reinterpret_cast<const sockaddr_in6*>(&addr->addr)->sin6_addr);
    if (inet_ntop(addr->family, src, buf, sizeof buf)) ip = buf;
  }
  if (auto why = refuse_reason(ip, *t->guard)) {
    t->refused = "refused by the SSRF guard: " + *why;
    return CURL_SOCKET_BAD;
  }
  return socket(addr->family, addr->socktype, addr->protocol);
}

size_t write_body(char* data, size_t size, size_t n, void* userp) {
  auto* t = static_cast<Transfer*>(userp);
  size_t len = size * n;
  if (t->body.size() + len > t->max_body) {
    t->body.append(data, t->max_body - t->body.size());
    t->truncated = true;
    return 0;  // stop the transfer
  }
  t->body.append(data, len);
  return len;
}

}  // namespace

std::string form_escape(const std::string& s) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') out += static_cast<char>(c);
    else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

core::Result<HttpResponse> http_fetch(const HttpRequest& req, const GuardPolicy& guard) {
  global_init();
  HttpResponse res;
  std::string url = req.url;
  for (int hop = 0;; ++hop) {
    std::unique_ptr<CURL, void (*)(CURL*)> h(curl_easy_init(), curl_easy_cleanup);
    if (!h) return core::Error{"libcurl could not start a transfer", req.url};
    Transfer t;
    t.guard = &guard;
    t.max_body = req.max_body;
    CURL* c = h.get();
    curl_easy_setopt(c, CURLOPT_URL, url.c_str());
    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(c, CURLOPT_PROXY, "");  // never a proxy from the environment: the guard checks the real peer
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);  // redirects are followed here, each one checked and recorded
    curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, req.timeout_ms);
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, std::min(req.timeout_ms, 10000L));
    curl_easy_setopt(c, CURLOPT_USERAGENT, req.user_agent.c_str());
    curl_easy_setopt(c, CURLOPT_ACCEPT_ENCODING, "");  // what libcurl can decode
    curl_easy_setopt(c, CURLOPT_OPENSOCKETFUNCTION, open_socket);
    curl_easy_setopt(c, CURLOPT_OPENSOCKETDATA, &t);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, write_body);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &t);
    curl_easy_setopt(c, CURLOPT_MAXFILESIZE_LARGE, static_cast<curl_off_t>(req.max_body) * 4);
    struct curl_slist* hdrs = nullptr;
    for (const auto& hd : req.headers) hdrs = curl_slist_append(hdrs, hd.c_str());
    std::unique_ptr<curl_slist, void (*)(curl_slist*)> hdr_guard(hdrs, curl_slist_free_all);
    if (hdrs) curl_easy_setopt(c, CURLOPT_HTTPHEADER, hdrs);
    if (req.method == "POST" && hop == 0) {
      curl_easy_setopt(c, CURLOPT_POST, 1L);
      curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE, static_cast<long>(req.body.size()));
      curl_easy_setopt(c, CURLOPT_POSTFIELDS, req.body.c_str());
    }
    CURLcode rc = curl_easy_perform(c);
    if (rc != CURLE_OK && !(rc == CURLE_WRITE_ERROR && t.truncated)) {
      if (!t.refused.empty()) return core::Error{t.refused, url};
      return core::Error{curl_easy_strerror(rc), url};
    }
    HttpHop step;
    step.url = url;
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &step.status);
    char* ip = nullptr;
    if (curl_easy_getinfo(c, CURLINFO_PRIMARY_IP, &ip) == CURLE_OK && ip) step.remote_ip = ip;
    res.chain.push_back(step);
    char* location = nullptr;
    curl_easy_getinfo(c, CURLINFO_REDIRECT_URL, &location);
    if (step.status >= 300 && step.status < 400 && location && *location && hop < req.max_redirects) {
      url = location;
      continue;
    }
    if (step.status >= 300 && step.status < 400 && location && *location && req.max_redirects > 0)
      return core::Error{"more than " + std::to_string(req.max_redirects) + " redirects", req.url};
    res.status = step.status;
    res.final_url = url;
    res.remote_ip = step.remote_ip;
    char* ct = nullptr;
    if (curl_easy_getinfo(c, CURLINFO_CONTENT_TYPE, &ct) == CURLE_OK && ct) res.content_type = ct;
    res.body = std::move(t.body);
    res.truncated = t.truncated;
    return res;
  }
}

}  // namespace ps::enrich
