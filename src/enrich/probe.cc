#include "enrich/probe.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <gumbo.h>
#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <pwd.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>

#include "core/text.h"
#include "enrich/http.h"

extern char** environ;

namespace ps::enrich {

using nlohmann::json;
namespace fs = std::filesystem;

std::vector<ProbeProfile> default_probe_profiles() {
  return {
      {"desktop-ja",
       "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 "
       "Safari/537.36",
       "ja-JP", 1366, 768},
      {"mobile-ja",
       "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
       "Version/18.1 Mobile/15E148 Safari/604.1",
       "ja-JP", 390, 844},
      {"desktop-us",
       "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 "
       "Safari/537.36",
       "en-US", 1366, 768},
  };
}

// ---------------------------------------------------------------------------------------------------------------
// page facts

namespace {

std::string attr(const GumboElement& e, const char* name) {
  const GumboAttribute* a = gumbo_get_attribute(&e.attributes, name);
  return a && a->value ? a->value : "";
}

void walk(const GumboNode* n, PageFacts& f, std::string& text) {
  if (n->type == GUMBO_NODE_TEXT || n->type == GUMBO_NODE_WHITESPACE) {
    if (text.size() < 4000) text += std::string(n->v.text.text) + " ";
    return;
  }
  if (n->type != GUMBO_NODE_ELEMENT && n->type != GUMBO_NODE_DOCUMENT) return;
  const GumboVector* children = n->type == GUMBO_NODE_ELEMENT ? &n->v.element.children : &n->v.document.children;
  if (n->type == GUMBO_NODE_ELEMENT) {
    const GumboElement& e = n->v.element;
    if (e.tag == GUMBO_TAG_SCRIPT || e.tag == GUMBO_TAG_STYLE || e.tag == GUMBO_TAG_NOSCRIPT ||
        e.tag == GUMBO_TAG_TEMPLATE)
      return;
    if (e.tag == GUMBO_TAG_TITLE) {
      for (unsigned i = 0; i < e.children.length; ++i) {
        auto* c = static_cast<const GumboNode*>(e.children.data[i]);
        if (c->type == GUMBO_NODE_TEXT) f.title += c->v.text.text;
      }
      return;
    }
    if (e.tag == GUMBO_TAG_FORM) ++f.forms;
    if (e.tag == GUMBO_TAG_INPUT) {
      std::string type = core::to_lower_ascii(attr(e, "type"));
      std::string hint = core::to_lower_ascii(attr(e, "name") + " " + attr(e, "id") + " " + attr(e, "autocomplete") +
                                              " " + attr(e, "placeholder"));
      if (type == "password") f.has_password_field = true;
      for (const char* w : {"cc-number", "cardnumber", "card_number", "card-number", "ccnum", "cc-csc", "cvv", "cvc",
                            "securitycode", "security_code", "カード番号", "セキュリティコード"})
        if (hint.find(w) != std::string::npos) f.has_card_field = true;
    }
  }
  for (unsigned i = 0; i < children->length; ++i) walk(static_cast<const GumboNode*>(children->data[i]), f, text);
}

std::string collapse(const std::string& s, size_t max_bytes) {
  std::string out;
  bool space = false;
  for (char c : s) {
    if (c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f') {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += c;
  }
  if (out.size() > max_bytes) {
    size_t cut = max_bytes;
    while (cut > 0 && (static_cast<unsigned char>(out[cut]) & 0xC0) == 0x80) --cut;  // whole UTF-8 characters
    out.resize(cut);
    out += "…";
  }
  return out;
}

}  // namespace

PageFacts page_facts(const std::string& html, long http_status) {
  PageFacts f;
  GumboOutput* out = gumbo_parse_with_options(&kGumboDefaultOptions, html.data(), html.size());
  std::string text;
  walk(out->document, f, text);
  gumbo_destroy_output(&kGumboDefaultOptions, out);
  f.title = collapse(f.title, 300);
  f.text_excerpt = collapse(text, 400);
  std::string l = core::to_lower_ascii(f.text_excerpt + " " + f.title);
  bool timeout = l.find("timed out") != std::string::npos || l.find("timeout") != std::string::npos ||
                 l.find("タイムアウト") != std::string::npos;
  bool error = http_status >= 400 || l.find("not found") != std::string::npos ||
               l.find("forbidden") != std::string::npos || l.find("access denied") != std::string::npos;
  if (f.has_password_field) f.kind = "login-page";
  else if (f.has_card_field) f.kind = "card-form";
  else if (timeout) f.kind = "timeout-page";
  else if (error) f.kind = "error-page";
  else if (f.text_excerpt.empty()) f.kind = "blank";
  else f.kind = "content";
  return f;
}

// ---------------------------------------------------------------------------------------------------------------
// guard proxy

struct GuardProxy::Impl {
  GuardPolicy policy;
  int listen_fd = -1;
  std::thread acceptor;
  std::atomic<bool> stopping{false};
  std::mutex mu;
  std::vector<std::thread> workers;
  std::vector<int> open_fds;
  std::vector<std::string> refused;

  void track(int fd) {
    std::lock_guard<std::mutex> l(mu);
    open_fds.push_back(fd);
  }
  void untrack_close(int fd) {
    {
      std::lock_guard<std::mutex> l(mu);
      for (auto& f : open_fds)
        if (f == fd) f = -1;
    }
    close(fd);
  }
  void note_refused(const std::string& s) {
    std::lock_guard<std::mutex> l(mu);
    if (refused.size() < 100) refused.push_back(s);
  }

  static bool send_all(int fd, const char* p, size_t n) {
    while (n > 0) {
      ssize_t w = send(fd, p, n, MSG_NOSIGNAL);
      if (w <= 0) return false;
      p += w;
      n -= static_cast<size_t>(w);
    }
    return true;
  }

  // resolves host, connects to the first address the guard allows
  int connect_guarded(const std::string& host, const std::string& port, std::string& why) {
    addrinfo hints{}, *res = nullptr;
    hints.ai_socktype = SOCK_STREAM;
    std::string h = host;
    if (h.size() > 2 && h.front() == '[' && h.back() == ']') h = h.substr(1, h.size() - 2);
    if (getaddrinfo(h.c_str(), port.c_str(), &hints, &res) != 0 || !res) {
      why = "cannot resolve " + host;
      return -1;
    }
    int fd = -1;
    for (addrinfo* a = res; a && fd < 0; a = a->ai_next) {
      char buf[INET6_ADDRSTRLEN] = {};
      const void* src = a->ai_family == AF_INET
                            ? static_cast<const void*>(&reinterpret_cast<sockaddr_in*>(a->ai_addr)->sin_addr)
                            : static_cast<const void*>(&reinterpret_cast<sockaddr_in6*>(a->ai_addr)->sin6_addr);
      inet_ntop(a->ai_family, src, buf, sizeof buf);
      if (auto r = refuse_reason(buf, policy)) {
        why = *r;
        continue;
      }
      int s = socket(a->ai_family, SOCK_STREAM, 0);
      if (s < 0) continue;
      timeval tv{10, 0};
      setsockopt(s, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
      if (connect(s, a->ai_addr, a->ai_addrlen) == 0) fd = s;
      else {
        why = "cannot connect to " + std::string(buf);
        close(s);
      }
    }
    freeaddrinfo(res);
    return fd;
  }

  void relay(int a, int b) {
    char buf[16384];
    pollfd p[2] = {{a, POLLIN, 0}, {b, POLLIN, 0}};
    while (!stopping) {
      int n = poll(p, 2, 500);
      if (n < 0) break;
      if (n == 0) continue;
      bool done = false;
      for (int i = 0; i < 2; ++i) {
        if (!(p[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
        ssize_t r = recv(p[i].fd, buf, sizeof buf, 0);
        if (r <= 0 || !send_all(p[1 - i].fd, buf, static_cast<size_t>(r))) done = true;
      }
      if (done) break;
    }
  }

  void serve(int client) {
    std::string head;
    char buf[4096];
    while (head.find("\r\n\r\n") == std::string::npos && head.size() < 65536 && !stopping) {
      pollfd p{client, POLLIN, 0};
      if (poll(&p, 1, 10000) <= 0) break;
      ssize_t r = recv(client, buf, sizeof buf, 0);
      if (r <= 0) break;
      head.append(buf, static_cast<size_t>(r));
    }
    size_t end = head.find("\r\n\r\n");
    if (end == std::string::npos) return untrack_close(client);
    std::string line = head.substr(0, head.find("\r\n"));
    std::string method = line.substr(0, line.find(' '));
    std::string target = line.substr(method.size() + 1, line.rfind(' ') - method.size() - 1);
    std::string host, port, path;
    if (method == "CONNECT") {
      size_t colon = target.rfind(':');
      host = target.substr(0, colon);
      port = colon == std::string::npos ? "443" : target.substr(colon + 1);
    } else {
      if (target.rfind("http://", 0) != 0) {
        send_all(client, "HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n", 47);
        return untrack_close(client);
      }
      std::string rest = target.substr(7);
      size_t slash = rest.find('/');
      std::string authority = rest.substr(0, slash);
      path = slash == std::string::npos ? "/" : rest.substr(slash);
      size_t colon = authority.rfind(':');
      bool v6 = authority.find(']') != std::string::npos;
      if (colon != std::string::npos && (!v6 || colon > authority.find(']'))) {
        host = authority.substr(0, colon);
        port = authority.substr(colon + 1);
      } else {
        host = authority;
        port = "80";
      }
    }
    std::string why;
    int up = connect_guarded(host, port, why);
    if (up < 0) {
      note_refused(host + ":" + port + ": " + why);
      std::string msg = "HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Length: 0\r\nX-Phishscope-Guard: " +
                        why + "\r\n\r\n";
      send_all(client, msg.data(), msg.size());
      return untrack_close(client);
    }
    track(up);
    if (method == "CONNECT") {
      static const char ok[] = "HTTP/1.1 200 Connection Established\r\n\r\n";
      send_all(client, ok, sizeof ok - 1);
      std::string extra = head.substr(end + 4);
      if (!extra.empty()) send_all(up, extra.data(), extra.size());
    } else {
      // origin-form request line; one request per connection (a kept-alive proxy connection could carry a request
      // for another host to this one)
      std::string out = method + " " + path + " HTTP/1.1\r\n";
      std::istringstream hs(head.substr(head.find("\r\n") + 2, end - head.find("\r\n") - 2));
      std::string h;
      while (std::getline(hs, h)) {
        if (!h.empty() && h.back() == '\r') h.pop_back();
        std::string lower = core::to_lower_ascii(h);
        if (lower.rfind("proxy-", 0) == 0 || lower.rfind("connection:", 0) == 0 || lower.rfind("keep-alive:", 0) == 0)
          continue;
        out += h + "\r\n";
      }
      out += "Connection: close\r\n\r\n";
      out += head.substr(end + 4);
      send_all(up, out.data(), out.size());
    }
    relay(client, up);
    untrack_close(up);
    untrack_close(client);
  }
};

GuardProxy::GuardProxy(GuardPolicy policy) : impl_(new Impl) { impl_->policy = policy; }
GuardProxy::~GuardProxy() {
  stop();
  delete impl_;
}

core::Result<int> GuardProxy::start() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return core::Error{"guard proxy: cannot open a socket", ""};
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof a;
  if (bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0 || listen(fd, 64) != 0 ||
      getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len) != 0) {
    close(fd);
    return core::Error{"guard proxy: cannot listen on 127.0.0.1", ""};
  }
  impl_->listen_fd = fd;
  impl_->acceptor = std::thread([this] {
    while (!impl_->stopping) {
      pollfd p{impl_->listen_fd, POLLIN, 0};
      if (poll(&p, 1, 200) <= 0) continue;
      int c = accept(impl_->listen_fd, nullptr, nullptr);
      if (c < 0) continue;
      impl_->track(c);
      std::lock_guard<std::mutex> l(impl_->mu);
      impl_->workers.emplace_back([this, c] { impl_->serve(c); });
    }
  });
  return static_cast<int>(ntohs(a.sin_port));
}

void GuardProxy::stop() {
  if (impl_->listen_fd < 0) return;
  impl_->stopping = true;
  if (impl_->acceptor.joinable()) impl_->acceptor.join();
  {
    std::lock_guard<std::mutex> l(impl_->mu);
    for (int fd : impl_->open_fds)
      if (fd >= 0) shutdown(fd, SHUT_RDWR);
  }
  for (auto& t : impl_->workers)
    if (t.joinable()) t.join();
  impl_->workers.clear();
  close(impl_->listen_fd);
  impl_->listen_fd = -1;
}

std::vector<std::string> GuardProxy::refused() const {
  std::lock_guard<std::mutex> l(impl_->mu);
  return impl_->refused;
}

// ---------------------------------------------------------------------------------------------------------------
// the browser

namespace {

struct Spawned {
  int exit_code = -1;
  bool timed_out = false;
  std::string out;
};

// runs argv with stdout captured (bounded), stderr discarded, killed after timeout_ms
Spawned run_captured(const std::vector<std::string>& argv, long timeout_ms, size_t max_out) {
  Spawned s;
  int pipefd[2];
  if (pipe2(pipefd, O_CLOEXEC) != 0) return s;
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_adddup2(&fa, pipefd[1], 1);
  posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP);  // its own process group, killed as a whole
  posix_spawnattr_setpgroup(&attr, 0);
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  pid_t pid = -1;
  int rc = posix_spawnp(&pid, args[0], &fa, &attr, args.data(), environ);
  posix_spawn_file_actions_destroy(&fa);
  posix_spawnattr_destroy(&attr);
  close(pipefd[1]);
  if (rc != 0) {
    close(pipefd[0]);
    return s;
  }
  auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  char buf[65536];
  for (;;) {
    long left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now()).count();
    if (left <= 0) {
      s.timed_out = true;
      break;
    }
    pollfd p{pipefd[0], POLLIN, 0};
    if (poll(&p, 1, static_cast<int>(std::min(left, 500L))) <= 0) continue;
    ssize_t r = read(pipefd[0], buf, sizeof buf);
    if (r <= 0) break;
    if (s.out.size() < max_out) s.out.append(buf, std::min(static_cast<size_t>(r), max_out - s.out.size()));
  }
  close(pipefd[0]);
  if (s.timed_out) kill(-pid, SIGKILL);
  int status = 0;
  // the browser leaves helper processes; give the group a moment, then make sure it is gone
  for (int i = 0; i < 50; ++i) {
    if (waitpid(pid, &status, WNOHANG) == pid) break;
    if (i == 49) {
      kill(-pid, SIGKILL);
      waitpid(pid, &status, 0);
    }
    usleep(100000);
  }
  kill(-pid, SIGKILL);
  if (WIFEXITED(status)) s.exit_code = WEXITSTATUS(status);
  return s;
}

struct BrowserRun {
  bool ran = false;
  std::string error;
  std::string dom;
  std::string screenshot_png;
};

BrowserRun browse(const std::string& url, const ProbeProfile& prof, const ProbeConfig& cfg, int proxy_port,
                  const std::string& work) {
  BrowserRun b;
  std::error_code ec;
  std::string dir = work + "/" + prof.name;
  fs::create_directories(dir + "/profile", ec);
  std::string shot = dir + "/screenshot.png";
  std::vector<std::string> argv;
  if (geteuid() == 0) {
    // the sandbox needs an unprivileged user; never --no-sandbox
    passwd* pw = getpwnam(cfg.probe_user.c_str());
    if (!pw || pw->pw_uid == 0) {
      b.error = "running as root and the probe user \"" + cfg.probe_user + "\" does not exist (or is root)";
      return b;
    }
    chmod(work.c_str(), 0755);
    if (chown(dir.c_str(), pw->pw_uid, pw->pw_gid) != 0 || chown((dir + "/profile").c_str(), pw->pw_uid, pw->pw_gid) != 0) {
      b.error = "cannot hand the browser's directory to " + cfg.probe_user;
      return b;
    }
    argv = {"runuser", "-u", cfg.probe_user, "--"};
  }
  std::string proxy = "http://127.0.0.1:" + std::to_string(proxy_port);
  for (const std::string& a :
       {std::string("env"), "HOME=" + dir, "LANGUAGE=" + prof.language, cfg.chromium, std::string("--headless=new"),
        std::string("--disable-gpu"), std::string("--no-first-run"), std::string("--no-default-browser-check"),
        std::string("--disable-extensions"), std::string("--disable-sync"),
        std::string("--disable-background-networking"), std::string("--disable-component-update"),
        std::string("--disable-quic"), std::string("--force-webrtc-ip-handling-policy=disable_non_proxied_udp"),
        "--user-data-dir=" + dir + "/profile", "--proxy-server=" + proxy, std::string("--proxy-bypass-list=<-loopback>"),
        "--user-agent=" + prof.user_agent, "--lang=" + prof.language, "--accept-lang=" + prof.language,
        "--window-size=" + std::to_string(prof.width) + "," + std::to_string(prof.height), std::string("--hide-scrollbars"),
        std::string("--virtual-time-budget=5000"), "--screenshot=" + shot, std::string("--dump-dom"), url})
    argv.push_back(a);
  Spawned s = run_captured(argv, cfg.timeout_ms, 4 * 1024 * 1024);
  if (s.timed_out) {
    b.error = "the browser did not finish within " + std::to_string(cfg.timeout_ms / 1000) + " s";
    return b;
  }
  if (s.exit_code != 0 && s.out.empty()) {
    b.error = "the browser failed (exit " + std::to_string(s.exit_code) + ")";
    return b;
  }
  b.ran = true;
  b.dom = std::move(s.out);
  std::ifstream in(shot, std::ios::binary);
  if (in) {
    std::stringstream ss;
    ss << in.rdbuf();
    b.screenshot_png = ss.str();
  }
  return b;
}

std::string browser_version(const ProbeConfig& cfg) {
  Spawned s = run_captured({cfg.chromium, "--version"}, 10000, 4096);
  std::string v = s.out;
  while (!v.empty() && (v.back() == '\n' || v.back() == ' ')) v.pop_back();
  return v;
}

}  // namespace

core::Result<std::string> probe_site(const std::string& url, const ProbeConfig& cfg) {
  json out = json::object();
  json profiles = json::object(), details = json::object();
  std::unique_ptr<GuardProxy> proxy;
  int port = 0;
  std::string work, browser_note;
  if (cfg.use_browser) {
    std::string version = browser_version(cfg);
    if (version.empty()) {
      browser_note = "not used: " + cfg.chromium + " not found";
    } else {
      proxy = std::make_unique<GuardProxy>(cfg.guard);
      auto p = proxy->start();
      if (!p.ok()) {
        browser_note = "not used: " + p.error().what;
        proxy.reset();
      } else {
        port = *p;
        char tmpl[] = "/tmp/phishscope-probe-XXXXXX";
        if (mkdtemp(tmpl)) work = tmpl;
        browser_note = version;
      }
    }
  } else {
    browser_note = "not used (--no-browser)";
  }
  bool any = false;
  std::string last_error;
  for (const auto& prof : cfg.profiles) {
    json d = json::object();
    HttpRequest req;
    req.url = url;
    req.user_agent = prof.user_agent;
    req.headers = {"Accept: text/html,application/xhtml+xml;q=0.9,*/*;q=0.8",
                   "Accept-Language: " + prof.language + "," + prof.language.substr(0, 2) + ";q=0.9"};
    req.max_redirects = 10;
    req.timeout_ms = cfg.timeout_ms;
    auto res = http_fetch(req, cfg.guard);
    std::string html;
    long status = 0;
    if (res.ok()) {
      status = res->status;
      d["status"] = status;
      d["final_url"] = res->final_url;
      json chain = json::array();
      for (const auto& hop : res->chain) chain.push_back({{"url", hop.url}, {"status", hop.status}, {"ip", hop.remote_ip}});
      d["redirects"] = chain;
      html = res->body;
    } else {
      d["error"] = res.error().what;
      last_error = res.error().what;
    }
    if (proxy && !work.empty() && res.ok()) {
      BrowserRun b = browse(url, prof, cfg, port, work);
      if (b.ran && !b.dom.empty()) {
        html = b.dom;  // the rendered page: what a visitor sees after scripts ran
        d["rendered"] = true;
      }
      if (!b.error.empty()) d["browser_error"] = b.error;
      if (!b.screenshot_png.empty()) {
        std::string sha = core::sha256_hex(b.screenshot_png);
        json shot = {{"sha256", sha}, {"bytes", b.screenshot_png.size()}};
        if (!cfg.screenshot_dir.empty()) {
          std::error_code ec;
          fs::create_directories(cfg.screenshot_dir, ec);
          std::string file = cfg.screenshot_dir + "/" + sha + ".png";
          std::ofstream o(file, std::ios::binary);
          o.write(b.screenshot_png.data(), static_cast<std::streamsize>(b.screenshot_png.size()));
          if (o) shot["file"] = file;
        }
        d["screenshot"] = shot;
      }
    }
    if (res.ok()) {
      PageFacts pf = page_facts(html, status);
      d["title"] = pf.title;
      d["kind"] = pf.kind;
      d["has_password_field"] = pf.has_password_field;
      d["has_card_field"] = pf.has_card_field;
      d["body_excerpt"] = pf.text_excerpt;
      profiles[prof.name] = pf.kind;
      if (!any) {
        out["status"] = status;
        out["final_url"] = d["final_url"];
        out["title"] = pf.title;
        out["body_excerpt"] = pf.text_excerpt;
        out["redirects"] = d["redirects"];
      }
      out["has_password_field"] = out.value("has_password_field", false) || pf.has_password_field;
      out["has_card_field"] = out.value("has_card_field", false) || pf.has_card_field;
      any = true;
    } else {
      profiles[prof.name] = "unreachable";
    }
    details[prof.name] = d;
  }
  if (proxy) {
    proxy->stop();
    auto refused = proxy->refused();
    if (!refused.empty()) out["guard_refused"] = refused;
  }
  if (!work.empty()) {
    std::error_code ec;
    fs::remove_all(work, ec);
  }
  if (!any) return core::Error{last_error.empty() ? "no profile reached the site" : last_error, url};
  out["profiles"] = profiles;
  out["profile_details"] = details;
  out["browser"] = browser_note;
  return out.dump();
}

}  // namespace ps::enrich
