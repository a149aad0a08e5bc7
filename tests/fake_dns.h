// A DNS server for tests: answers A, AAAA, MX, NS and TXT queries over UDP on 127.0.0.1 from a table, NXDOMAIN for
// names it does not know. Started and stopped by the test that uses it.
#pragma once
#include <atomic>
#include <map>
#include <string>
#include <thread>
#include <vector>

namespace ps::test {

class FakeDns {
 public:
  // records: name (lower case, no trailing dot) -> {type ("A", "AAAA", "MX" as "10 mx.example", "NS", "TXT"), value}
  explicit FakeDns(std::multimap<std::string, std::pair<std::string, std::string>> records);
  ~FakeDns();
  int port() const { return port_; }
  std::string servers() const { return "127.0.0.1:" + std::to_string(port_); }
  int queries() const { return queries_; }
  void set_silent(bool s) { silent_ = s; }  // stop answering (to test timeouts)

 private:
  void serve();
  std::multimap<std::string, std::pair<std::string, std::string>> records_;
  int fd_ = -1;
  int port_ = 0;
  std::atomic<bool> stop_{false}, silent_{false};
  std::atomic<int> queries_{0};
  std::thread thread_;
};

}  // namespace ps::test
