// A throwaway PostgreSQL server for tests: initdb in a temporary directory, listening on 127.0.0.1 on a free port,
// trust authentication, no fsync; stopped and removed at the end. Started only when the server binaries are
// installed (Debian: postgresql); as root it runs as the `postgres` user (PostgreSQL refuses to run as root).
#pragma once
#include <memory>
#include <string>

namespace ps::test {

class PgServer {
 public:
  // nullptr and the reason when it cannot start (not installed, initdb failed...)
  static std::unique_ptr<PgServer> start(std::string& why_not);
  ~PgServer();
  std::string url() const;  // postgresql://phishscope@127.0.0.1:PORT/postgres
  // a fresh database on this server, as a URL
  std::string new_database(const std::string& name);

 private:
  PgServer() = default;
  std::string bin_, dir_, user_;
  int port_ = 0;
};

}  // namespace ps::test
