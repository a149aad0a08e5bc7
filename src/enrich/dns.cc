#include "enrich/dns.h"

#include <ares.h>
#include <arpa/inet.h>
#include <arpa/nameser.h>
#include <netdb.h>
#include <poll.h>

#include <map>
#include <mutex>
#include <nlohmann/json.hpp>

namespace ps::enrich {

using nlohmann::json;

namespace {

struct Answer {
  int status = ARES_ETIMEOUT;
  std::vector<unsigned char> buf;
};

void on_answer(void* arg, int status, int /*timeouts*/, unsigned char* abuf, int alen) {
  auto* a = static_cast<Answer*>(arg);
  a->status = status;
  if (abuf && alen > 0) a->buf.assign(abuf, abuf + alen);
}

class Channel {
 public:
  explicit Channel(const DnsConfig& cfg) {
    static std::once_flag once;
    std::call_once(once, [] { ares_library_init(ARES_LIB_INIT_ALL); });
    ares_options opts{};
    opts.timeout = cfg.timeout_ms;
    opts.tries = cfg.tries;
    status_ = ares_init_options(&ch_, &opts, ARES_OPT_TIMEOUTMS | ARES_OPT_TRIES);
    if (status_ == ARES_SUCCESS && !cfg.servers.empty()) status_ = ares_set_servers_ports_csv(ch_, cfg.servers.c_str());
  }
  ~Channel() {
    if (ch_) ares_destroy(ch_);
  }
  bool ok() const { return status_ == ARES_SUCCESS; }
  const char* error() const { return ares_strerror(status_); }

  // runs the queries (type per answer) to completion
  void run(const std::string& name, std::map<int, Answer>& answers) {
    for (auto& [type, a] : answers) ares_query(ch_, name.c_str(), ns_c_in, type, on_answer, &a);
    for (;;) {
      ares_socket_t socks[ARES_GETSOCK_MAXNUM];
      int bits = ares_getsock(ch_, socks, ARES_GETSOCK_MAXNUM);
      std::vector<pollfd> fds;
      for (int i = 0; i < ARES_GETSOCK_MAXNUM; ++i) {
        short ev = 0;
        if (ARES_GETSOCK_READABLE(bits, i)) ev |= POLLIN;
        if (ARES_GETSOCK_WRITABLE(bits, i)) ev |= POLLOUT;
        if (ev) fds.push_back({socks[i], ev, 0});
      }
      if (fds.empty()) break;
      timeval tv{};
      timeval* tvp = ares_timeout(ch_, nullptr, &tv);
      int ms = tvp ? static_cast<int>(tvp->tv_sec * 1000 + tvp->tv_usec / 1000) : 1000;
      int n = poll(fds.data(), fds.size(), ms);
      if (n <= 0) {
        ares_process_fd(ch_, ARES_SOCKET_BAD, ARES_SOCKET_BAD);
        continue;
      }
      for (const auto& p : fds)
        ares_process_fd(ch_, (p.revents & (POLLIN | POLLERR | POLLHUP)) ? p.fd : ARES_SOCKET_BAD,
                        (p.revents & POLLOUT) ? p.fd : ARES_SOCKET_BAD);
    }
  }

 private:
  ares_channel ch_ = nullptr;
  int status_ = ARES_SUCCESS;
};

std::vector<std::string> parse_txt(const Answer& a) {
  std::vector<std::string> out;
  ares_txt_ext* txt = nullptr;
  if (ares_parse_txt_reply_ext(a.buf.data(), static_cast<int>(a.buf.size()), &txt) != ARES_SUCCESS) return out;
  for (ares_txt_ext* t = txt; t; t = t->next) {
    std::string chunk(reinterpret_cast<const char*>(t->txt), t->length);
    if (t->record_start || out.empty()) out.push_back(chunk);
    else out.back() += chunk;
  }
  ares_free_data(txt);
  return out;
}

bool answered(int status) { return status == ARES_SUCCESS || status == ARES_ENODATA || status == ARES_ENOTFOUND; }

std::string trim(const std::string& s) {
  size_t b = s.find_first_not_of(" \t"), e = s.find_last_not_of(" \t");
  return b == std::string::npos ? std::string() : s.substr(b, e - b + 1);
}

std::vector<std::string> split_bar(const std::string& s) {
  std::vector<std::string> out;
  size_t start = 0;
  for (;;) {
    size_t bar = s.find('|', start);
    out.push_back(trim(s.substr(start, bar == std::string::npos ? std::string::npos : bar - start)));
    if (bar == std::string::npos) break;
    start = bar + 1;
  }
  return out;
}

}  // namespace

core::Result<std::string> dns_lookup(const std::string& name, const DnsConfig& cfg) {
  Channel ch(cfg);
  if (!ch.ok()) return core::Error{std::string("DNS resolver: ") + ch.error(), name};
  std::map<int, Answer> answers{{ns_t_a, {}}, {ns_t_aaaa, {}}, {ns_t_mx, {}}, {ns_t_ns, {}}, {ns_t_txt, {}}};
  ch.run(name, answers);
  const Answer& a = answers[ns_t_a];
  bool any = false;
  for (const auto& [type, ans] : answers) any = any || answered(ans.status);
  if (!any) return core::Error{std::string("DNS: ") + ares_strerror(a.status), name};
  json j = json::object();
  if (a.status == ARES_ENOTFOUND) {
    j["rcode"] = "NXDOMAIN";
    return j.dump();
  }
  if (a.status == ARES_SUCCESS) {
    hostent* host = nullptr;
    ares_addrttl ttls[64];
    int n = 64;
    if (ares_parse_a_reply(a.buf.data(), static_cast<int>(a.buf.size()), &host, ttls, &n) == ARES_SUCCESS) {
      json list = json::array();
      for (int i = 0; i < n; ++i) {
        char buf[INET_ADDRSTRLEN];
        if (inet_ntop(AF_INET, &ttls[i].ipaddr, buf, sizeof buf)) list.push_back(buf);
      }
      if (!list.empty()) j["A"] = list;
      if (host && host->h_name && name != host->h_name) j["CNAME"] = host->h_name;
      if (host) ares_free_hostent(host);
    }
  }
  if (const Answer& q = answers[ns_t_aaaa]; q.status == ARES_SUCCESS) {
    hostent* host = nullptr;
    ares_addr6ttl ttls[64];
    int n = 64;
    if (ares_parse_aaaa_reply(q.buf.data(), static_cast<int>(q.buf.size()), &host, ttls, &n) == ARES_SUCCESS) {
      json list = json::array();
      for (int i = 0; i < n; ++i) {
        char buf[INET6_ADDRSTRLEN];
        if (inet_ntop(AF_INET6, &ttls[i].ip6addr, buf, sizeof buf)) list.push_back(buf);
      }
      if (!list.empty()) j["AAAA"] = list;
      if (host) ares_free_hostent(host);
    }
  }
  if (const Answer& q = answers[ns_t_mx]; q.status == ARES_SUCCESS) {
    ares_mx_reply* mx = nullptr;
    if (ares_parse_mx_reply(q.buf.data(), static_cast<int>(q.buf.size()), &mx) == ARES_SUCCESS) {
      json list = json::array();
      for (ares_mx_reply* m = mx; m; m = m->next) list.push_back(std::to_string(m->priority) + " " + m->host);
      if (!list.empty()) j["MX"] = list;
      ares_free_data(mx);
    }
  }
  if (const Answer& q = answers[ns_t_ns]; q.status == ARES_SUCCESS) {
    hostent* host = nullptr;
    if (ares_parse_ns_reply(q.buf.data(), static_cast<int>(q.buf.size()), &host) == ARES_SUCCESS && host) {
      json list = json::array();
      for (char** p = host->h_aliases; p && *p; ++p) list.push_back(*p);
      if (!list.empty()) j["NS"] = list;
      ares_free_hostent(host);
    }
  }
  if (const Answer& q = answers[ns_t_txt]; q.status == ARES_SUCCESS) {
    auto txt = parse_txt(q);
    if (!txt.empty()) j["TXT"] = txt;
  }
  return j.dump();
}

core::Result<std::vector<std::string>> dns_txt(const std::string& name, const DnsConfig& cfg) {
  Channel ch(cfg);
  if (!ch.ok()) return core::Error{std::string("DNS resolver: ") + ch.error(), name};
  std::map<int, Answer> answers{{ns_t_txt, {}}};
  ch.run(name, answers);
  const Answer& a = answers[ns_t_txt];
  if (a.status == ARES_ENOTFOUND || a.status == ARES_ENODATA) return std::vector<std::string>{};
  if (a.status != ARES_SUCCESS) return core::Error{std::string("DNS: ") + ares_strerror(a.status), name};
  return parse_txt(a);
}

core::Result<std::string> cymru_ip_lookup(const std::string& ip, const DnsConfig& cfg) {
  std::string qname;
  in_addr a4{};
  in6_addr a6{};
  if (inet_pton(AF_INET, ip.c_str(), &a4) == 1) {
    const auto* b = reinterpret_cast<const unsigned char*>(&a4);
    for (int i = 3; i >= 0; --i) qname += std::to_string(b[i]) + ".";
    qname += "origin.asn.cymru.com";
  } else if (inet_pton(AF_INET6, ip.c_str(), &a6) == 1) {
    static const char* hex = "0123456789abcdef";
    for (int i = 15; i >= 0; --i) {
      qname += hex[a6.s6_addr[i] & 15];
      qname += '.';
      qname += hex[a6.s6_addr[i] >> 4];
      qname += '.';
    }
    qname += "origin6.asn.cymru.com";
  } else {
    return core::Error{"not an IP address", ip};
  }
  auto origin = dns_txt(qname, cfg);
  if (!origin.ok()) return origin.error();
  if (origin->empty()) return core::Error{"no route announced for this address (Team Cymru)", ip};
  // "132203 | 101.47.64.0/18 | CN | apnic | 2018-06-01" (several origin ASes are separated by spaces)
  auto f = split_bar(origin->front());
  if (f.size() < 3) return core::Error{"unexpected Team Cymru answer: " + origin->front(), ip};
  std::string asn_text = f[0].substr(0, f[0].find(' '));
  json j = json::object();
  try {
    j["asn"] = std::stoll(asn_text);
  } catch (...) {
    return core::Error{"unexpected Team Cymru answer: " + origin->front(), ip};
  }
  j["prefix"] = f[1];
  j["country"] = f[2];
  if (f.size() > 3) j["registry"] = f[3];
  // "132203 | CN | apnic | 2018-06-01 | TENCENT-NET-AP Shenzhen Tencent Computer Systems Company Limited, CN"
  auto as = dns_txt("AS" + asn_text + ".asn.cymru.com", cfg);
  if (as.ok() && !as->empty()) {
    auto g = split_bar(as->front());
    if (g.size() >= 5) {
      std::string org = g[4];
      if (org.size() > 4 && org.compare(org.size() - 4, 4, ", " + g[1]) == 0) org.resize(org.size() - 4);
      j["as_org"] = org;
    }
  }
  return j.dump();
}

}  // namespace ps::enrich
