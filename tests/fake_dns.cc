#include "fake_dns.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cctype>

namespace ps::test {

namespace {

void put16(std::string& out, unsigned v) {
  out += static_cast<char>((v >> 8) & 0xff);
  out += static_cast<char>(v & 0xff);
}

void put_name(std::string& out, const std::string& name) {
  size_t start = 0;
  while (start < name.size()) {
    size_t dot = name.find('.', start);
    std::string label = name.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
    out += static_cast<char>(label.size());
    out += label;
    if (dot == std::string::npos) break;
    start = dot + 1;
  }
  out += '\0';
}

int type_code(const std::string& t) {
  if (t == "A") return 1;
  if (t == "NS") return 2;
  if (t == "MX") return 15;
  if (t == "TXT") return 16;
  if (t == "AAAA") return 28;
  return 0;
}

std::string rdata(const std::string& type, const std::string& value) {
  std::string r;
  if (type == "A") {
    in_addr a{};
    inet_pton(AF_INET, value.c_str(), &a);
    r.assign(reinterpret_cast<const char*>(&a), 4);
  } else if (type == "AAAA") {
    in6_addr a{};
    inet_pton(AF_INET6, value.c_str(), &a);
    r.assign(reinterpret_cast<const char*>(&a), 16);
  } else if (type == "MX") {
    size_t sp = value.find(' ');
    put16(r, static_cast<unsigned>(std::stoi(value.substr(0, sp))));
    put_name(r, value.substr(sp + 1));
  } else if (type == "NS") {
    put_name(r, value);
  } else if (type == "TXT") {
    for (size_t i = 0; i < value.size() || i == 0; i += 255) {
      std::string chunk = value.substr(i, 255);
      r += static_cast<char>(chunk.size());
      r += chunk;
      if (value.empty()) break;
    }
  }
  return r;
}

}  // namespace

FakeDns::FakeDns(std::multimap<std::string, std::pair<std::string, std::string>> records)
    : records_(std::move(records)) {
  fd_ = socket(AF_INET, SOCK_DGRAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof a;
  bind(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a);
  getsockname(fd_, reinterpret_cast<sockaddr*>(&a), &len);
  port_ = ntohs(a.sin_port);
  thread_ = std::thread([this] { serve(); });
}

FakeDns::~FakeDns() {
  stop_ = true;
  if (thread_.joinable()) thread_.join();
  close(fd_);
}

void FakeDns::serve() {
  unsigned char buf[1500];
  while (!stop_) {
    pollfd p{fd_, POLLIN, 0};
    if (poll(&p, 1, 100) <= 0) continue;
    sockaddr_in from{};
    socklen_t flen = sizeof from;
    ssize_t n = recvfrom(fd_, buf, sizeof buf, 0, reinterpret_cast<sockaddr*>(&from), &flen);
    if (n < 17) continue;
    ++queries_;
    if (silent_) continue;
    // question name
    size_t pos = 12;
    std::string name;
    while (pos < static_cast<size_t>(n) && buf[pos] != 0) {
      size_t len = buf[pos];
      if (!name.empty()) name += '.';
      for (size_t i = 1; i <= len && pos + i < static_cast<size_t>(n); ++i)
        name += static_cast<char>(std::tolower(buf[pos + i]));
      pos += len + 1;
    }
    size_t qend = pos + 5;  // zero byte, type, class
    if (qend > static_cast<size_t>(n)) continue;
    int qtype = (buf[pos + 1] << 8) | buf[pos + 2];
    std::string answers;
    int count = 0;
    bool known = records_.count(name) > 0;
    for (auto [it, end] = records_.equal_range(name); it != end; ++it) {
      if (type_code(it->second.first) != qtype) continue;
      answers += "\xC0\x0C";  // the question's name
      put16(answers, static_cast<unsigned>(qtype));
      put16(answers, 1);
      answers += std::string("\0\0\x01\x2C", 4);  // TTL 300
      std::string rd = rdata(it->second.first, it->second.second);
      put16(answers, static_cast<unsigned>(rd.size()));
      answers += rd;
      ++count;
    }
    std::string out(reinterpret_cast<const char*>(buf), 2);  // id
    put16(out, known ? 0x8180 : 0x8183);                     // response, RD, RA; NXDOMAIN when unknown
    put16(out, 1);
    put16(out, static_cast<unsigned>(count));
    put16(out, 0);
    put16(out, 0);
    out.append(reinterpret_cast<const char*>(buf + 12), qend - 12);
    out += answers;
    sendto(fd_, out.data(), out.size(), 0, reinterpret_cast<sockaddr*>(&from), flen);
  }
}

}  // namespace ps::test
