// Local fake servers for command-line tests of --online: a DNS server (records from a TSV file: name, type, value)
// and a web server on 127.0.0.1 that serves RDAP answers from a directory (/rdap/domain/NAME -> NAME.json) and a
// cloaking phishing page (/login: a login form for iPhones, a fake timeout page for everyone else).
// Prints "dns PORT" and "http PORT", then runs until its standard input closes.
#include <httplib.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <thread>

#include "fake_dns.h"

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: %s DNS_RECORDS.tsv RDAP_DIR\n", argv[0]);
    return 2;
  }
  std::multimap<std::string, std::pair<std::string, std::string>> records;
  std::ifstream in(argv[1]);
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream ls(line);
    std::string name, type, value;
    std::getline(ls, name, '\t');
    std::getline(ls, type, '\t');
    std::getline(ls, value);
    records.insert({name, {type, value}});
  }
  ps::test::FakeDns dns(records);
  httplib::Server web;
  std::string rdap_dir = argv[2];
  web.Get(R"(/rdap/domain/(.+))", [&](const httplib::Request& q, httplib::Response& r) {
    std::string path = rdap_dir + "/" + std::string(q.matches[1]) + ".json";
    if (!std::filesystem::exists(path)) {
      r.status = 404;
      r.set_content(R"({"errorCode":404,"title":"Not Found"})", "application/rdap+json");
      return;
    }
    std::ifstream f(path);
    std::stringstream ss;
    ss << f.rdbuf();
    r.set_content(ss.str(), "application/rdap+json");
  });
  web.Get("/login", [](const httplib::Request& q, httplib::Response& r) {
    if (q.get_header_value("User-Agent").find("iPhone") != std::string::npos)
      r.set_content("<html><head><title>えきねっと(JR東日本)｜ログイン</title></head><body><form method=post>"
                    "<input name=id><input type=password name=pw></form></body></html>",
                    "text/html; charset=utf-8");
    else
      r.set_content("<html><body><p>We apologize, but your request has timed out.</p></body></html>",
                    "text/html; charset=utf-8");
  });
  // IANA's bootstrap files, small: .test domains and 127.0.0.0/8 answered by this server
  web.Get(R"(/iana/(dns|ipv4|ipv6|asn)\.json)", [&](const httplib::Request& q, httplib::Response& r) {
    std::string kind = q.matches[1];
    std::string key = kind == "dns" ? "test" : kind == "ipv4" ? "127.0.0.0/8" : kind == "ipv6" ? "2001:db8::/32" : "64496-64511";
    r.set_content(R"({"publication":"2026-11-20T00:00:00Z","services":[[[")" + key +
                      R"("],["http://127.0.0.1/rdap/"]]]})",
                  "application/json");
  });
  // an RIR's answer for 127.0.0.1
  web.Get(R"(/rdap/ip/(.+))", [&](const httplib::Request&, httplib::Response& r) {
    r.set_content(R"({"objectClassName":"ip network","handle":"TEST-NET-127","startAddress":"127.0.0.0",
      "endAddress":"127.255.255.255","name":"EXAMPLE-HOSTING-NET","country":"ZZ","entities":[
      {"objectClassName":"entity","roles":["registrant"],"vcardArray":["vcard",[["version",{},"text","4.0"],["fn",{},"text","Example Hosting Co."]]],
       "entities":[{"objectClassName":"entity","roles":["abuse"],"vcardArray":["vcard",[["version",{},"text","4.0"],["fn",{},"text","Abuse"],["email",{},"text","abuse@hosting.example"]]]}]}]})",
                  "application/rdap+json");
  });
  int port = web.bind_to_any_port("127.0.0.1");
  std::thread t([&] { web.listen_after_bind(); });
  std::printf("dns %d\nhttp %d\n", dns.port(), port);
  std::fflush(stdout);
  std::string ignored;
  while (std::getline(std::cin, ignored)) {
  }
  web.stop();
  t.join();
  return 0;
}
