#include "pg_server.h"

#include <glob.h>
#include <netinet/in.h>
#include <pwd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>

namespace ps::test {

namespace {

std::string quote(const std::string& s) { return "'" + s + "'"; }

int free_port() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof a;
  bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a);
  getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
  close(fd);
  return ntohs(a.sin_port);
}

}  // namespace

std::unique_ptr<PgServer> PgServer::start(std::string& why_not) {
  glob_t g{};
  std::string bin;
  if (glob("/usr/lib/postgresql/*/bin/initdb", 0, nullptr, &g) == 0 && g.gl_pathc > 0)
    bin = std::filesystem::path(g.gl_pathv[g.gl_pathc - 1]).parent_path();
  globfree(&g);
  if (bin.empty()) {
    why_not = "PostgreSQL server binaries not installed (Debian package postgresql)";
    return nullptr;
  }
  std::unique_ptr<PgServer> s(new PgServer());
  s->bin_ = bin;
  char tmpl[] = "/tmp/phishscope-pg-XXXXXX";
  if (!mkdtemp(tmpl)) {
    why_not = "cannot make a temporary directory";
    return nullptr;
  }
  s->dir_ = tmpl;
  std::string as;
  if (geteuid() == 0) {
    passwd* pw = getpwnam("postgres");
    if (!pw) pw = getpwnam("nobody");
    if (!pw) {
      why_not = "running as root and no postgres or nobody user to run the server as";
      return nullptr;
    }
    s->user_ = pw->pw_name;
    if (chown(s->dir_.c_str(), pw->pw_uid, pw->pw_gid) != 0) {
      why_not = "cannot hand the data directory to " + s->user_;
      return nullptr;
    }
    as = "runuser -u " + s->user_ + " -- ";
  }
  s->port_ = free_port();
  std::string data = s->dir_ + "/data";
  std::string init = as + quote(bin + "/initdb") + " -D " + quote(data) +
                     " -A trust -U phishscope -E UTF8 --locale=C --no-sync >" + quote(s->dir_ + "/initdb.log") + " 2>&1";
  if (std::system(init.c_str()) != 0) {
    why_not = "initdb failed (see " + s->dir_ + "/initdb.log)";
    s->dir_.clear();  // kept for the reader
    return nullptr;
  }
  std::string opts = "-c listen_addresses=127.0.0.1 -p " + std::to_string(s->port_) + " -k " + s->dir_ +
                     " -c fsync=off -c synchronous_commit=off -c full_page_writes=off";
  std::string start = as + quote(bin + "/pg_ctl") + " -D " + quote(data) + " -o " + quote(opts) + " -w -t 60 -l " +
                      quote(s->dir_ + "/server.log") + " start >/dev/null 2>&1";
  if (std::system(start.c_str()) != 0) {
    why_not = "the PostgreSQL server did not start (see " + s->dir_ + "/server.log)";
    s->dir_.clear();
    return nullptr;
  }
  return s;
}

PgServer::~PgServer() {
  if (dir_.empty()) return;
  std::string as = user_.empty() ? "" : "runuser -u " + user_ + " -- ";
  std::string stop = as + quote(bin_ + "/pg_ctl") + " -D " + quote(dir_ + "/data") + " -m immediate stop >/dev/null 2>&1";
  if (std::system(stop.c_str()) != 0) {
    // nothing more to do: the directory goes anyway
  }
  std::error_code ec;
  std::filesystem::remove_all(dir_, ec);
}

std::string PgServer::url() const {
  return "postgresql://phishscope@127.0.0.1:" + std::to_string(port_) + "/postgres";
}

std::string PgServer::new_database(const std::string& name) {
  std::string cmd = quote(bin_ + "/createdb") + " -h 127.0.0.1 -p " + std::to_string(port_) + " -U phishscope " +
                    quote(name) + " >/dev/null 2>&1";
  if (std::system(cmd.c_str()) != 0) return "";
  return "postgresql://phishscope@127.0.0.1:" + std::to_string(port_) + "/" + name;
}

}  // namespace ps::test
