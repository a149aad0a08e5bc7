// Online lookups, all offline: fake DNS (UDP), RDAP, reputation and web servers on 127.0.0.1 started here.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <thread>

#include "enrich/dns.h"
#include "enrich/enrich.h"
#include "enrich/http.h"
#include "enrich/netguard.h"
#include "enrich/online.h"
#include "enrich/probe.h"
#include "enrich/rdap.h"
#include "enrich/reputation.h"
#include "fake_dns.h"
#include "test_util.h"

namespace ps::enrich {
namespace {

using nlohmann::json;

// A cpp-httplib server on 127.0.0.1, on a free port, for the duration of a test.
class LocalServer {
 public:
  LocalServer() {
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
  }
  ~LocalServer() {
    server_.stop();
    thread_.join();
  }
  httplib::Server& s() { return server_; }
  std::string url(const std::string& path = "/") const { return "http://127.0.0.1:" + std::to_string(port_) + path; }
  int port() const { return port_; }

 private:
  httplib::Server server_;
  int port_ = 0;
  std::thread thread_;
};

GuardPolicy loopback_ok() {
  GuardPolicy g;
  g.allow_loopback = true;
  return g;
}

// ---- SSRF guard -------------------------------------------------------------------------------------------------

TEST(NetGuard, ClassifiesEveryAddressClass) {
  struct Row {
    const char* ip;
    AddressClass c;
  } rows[] = {
      {"101.47.78.65", AddressClass::Public},      {"8.8.8.8", AddressClass::Public},
      {"2001:4860:4860::8888", AddressClass::Public},
      {"0.0.0.0", AddressClass::Unspecified},      {"::", AddressClass::Unspecified},
      {"127.0.0.1", AddressClass::Loopback},       {"127.255.0.9", AddressClass::Loopback},
      {"::1", AddressClass::Loopback},             {"10.1.2.3", AddressClass::Private},
      {"172.16.0.1", AddressClass::Private},       {"172.31.255.255", AddressClass::Private},
      {"172.32.0.1", AddressClass::Public},        {"192.168.1.1", AddressClass::Private},
      {"100.64.0.1", AddressClass::CarrierNat},    {"100.100.100.200", AddressClass::Metadata},
      {"169.254.169.254", AddressClass::Metadata}, {"169.254.10.1", AddressClass::LinkLocal},
      {"fe80::1", AddressClass::LinkLocal},        {"fe80::1%eth0", AddressClass::LinkLocal},
      {"fd00:ec2::254", AddressClass::Metadata},   {"fd12:3456::1", AddressClass::UniqueLocal},
      {"224.0.0.251", AddressClass::Multicast},    {"ff02::1", AddressClass::Multicast},
      {"255.255.255.255", AddressClass::Reserved}, {"192.0.2.10", AddressClass::Reserved},
      {"198.18.0.5", AddressClass::Reserved},      {"2001:db8::1", AddressClass::Reserved},
      // IPv4 hidden in IPv6 is judged as the IPv4 address
      {"::ffff:127.0.0.1", AddressClass::Loopback}, {"::ffff:10.0.0.1", AddressClass::Private},
      {"::ffff:169.254.169.254", AddressClass::Metadata}, {"64:ff9b::a00:1", AddressClass::Private},
      {"2002:c0a8:0101::1", AddressClass::Private}, {"::ffff:8.8.8.8", AddressClass::Public},
      {"[::1]", AddressClass::Loopback},           {"localhost", AddressClass::Invalid},
      {"", AddressClass::Invalid},                 {"999.1.1.1", AddressClass::Invalid},
  };
  for (const auto& r : rows)
    EXPECT_EQ(address_class_name(classify_address(r.ip)), std::string(address_class_name(r.c))) << r.ip;
}

TEST(NetGuard, LoopbackOnlyWhenTheTestAllowsIt) {
  GuardPolicy strict;
  ASSERT_TRUE(refuse_reason("127.0.0.1", strict).has_value());
  EXPECT_EQ(*refuse_reason("127.0.0.1", strict), "127.0.0.1 is a loopback address");
  EXPECT_FALSE(refuse_reason("127.0.0.1", loopback_ok()).has_value());
  // allowing loopback allows nothing else
  for (const char* ip : {"10.0.0.1", "169.254.169.254", "::ffff:192.168.0.1", "fe80::1", "0.0.0.0"})
    EXPECT_TRUE(refuse_reason(ip, loopback_ok()).has_value()) << ip;
  EXPECT_FALSE(refuse_reason("203.104.209.6", strict).has_value());
}

// ---- HTTP ---------------------------------------------------------------------------------------------------------

TEST(Http, GuardRefusesLoopbackUnlessAllowedAndFollowsCheckedRedirects) {
  LocalServer srv;
  srv.s().Get("/start", [](const httplib::Request&, httplib::Response& r) { r.set_redirect("/next", 302); });
  srv.s().Get("/next", [](const httplib::Request&, httplib::Response& r) { r.set_redirect("/final", 301); });
  srv.s().Get("/final", [](const httplib::Request& q, httplib::Response& r) {
    r.set_content("ua=" + q.get_header_value("User-Agent"), "text/plain");
  });
  srv.s().Get("/to-metadata", [](const httplib::Request&, httplib::Response& r) {
    r.set_redirect("http://169.254.169.254/latest/meta-data/", 302);
  });
  srv.s().Get("/to-private", [](const httplib::Request&, httplib::Response& r) {
    r.set_redirect("http://10.255.255.1:8080/admin", 302);
  });

  HttpRequest req;
  req.url = srv.url("/start");
  req.max_redirects = 5;
  req.user_agent = "probe-ua";
  auto refused = http_fetch(req, GuardPolicy{});
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.error().what.find("refused by the SSRF guard: 127.0.0.1 is a loopback address"), std::string::npos)
      << refused.error().what;

  auto res = http_fetch(req, loopback_ok());
  ASSERT_TRUE(res.ok()) << res.error().str();
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(res->body, "ua=probe-ua");
  EXPECT_EQ(res->final_url, srv.url("/final"));
  ASSERT_EQ(res->chain.size(), 3u);
  EXPECT_EQ(res->chain[0].status, 302);
  EXPECT_EQ(res->chain[1].status, 301);
  EXPECT_EQ(res->chain[2].remote_ip, "127.0.0.1");

  // a redirect is checked like the first request: loopback allowed does not open the metadata service or a LAN host
  for (const char* path : {"/to-metadata", "/to-private"}) {
    req.url = srv.url(path);
    auto r = http_fetch(req, loopback_ok());
    ASSERT_FALSE(r.ok()) << path;
    EXPECT_NE(r.error().what.find("refused by the SSRF guard"), std::string::npos) << r.error().what;
  }
  // a name that resolves to loopback is refused like the address itself
  req.url = "http://localhost:" + std::to_string(srv.port()) + "/final";
  auto by_name = http_fetch(req, GuardPolicy{});
  ASSERT_FALSE(by_name.ok());
  EXPECT_NE(by_name.error().what.find("loopback"), std::string::npos) << by_name.error().what;
}

TEST(Http, BodyIsCutAtTheLimitAndRedirectLoopsEnd) {
  LocalServer srv;
  srv.s().Get("/big", [](const httplib::Request&, httplib::Response& r) { r.set_content(std::string(100000, 'x'), "text/plain"); });
  srv.s().Get("/loop", [](const httplib::Request&, httplib::Response& r) { r.set_redirect("/loop", 302); });
  HttpRequest req;
  req.url = srv.url("/big");
  req.max_body = 1000;
  auto res = http_fetch(req, loopback_ok());
  ASSERT_TRUE(res.ok()) << res.error().str();
  EXPECT_TRUE(res->truncated);
  EXPECT_EQ(res->body.size(), 1000u);
  req.url = srv.url("/loop");
  req.max_redirects = 3;
  auto loop = http_fetch(req, loopback_ok());
  ASSERT_FALSE(loop.ok());
  EXPECT_EQ(loop.error().what, "more than 3 redirects");
  req.url = "file:///etc/passwd";
  EXPECT_FALSE(http_fetch(req, loopback_ok()).ok());
}

// ---- DNS ------------------------------------------------------------------------------------------------------------

TEST(Dns, AnswersEveryRecordTypeFromTheServer) {
  test::FakeDns dns({{"eki-net-carcini.ddnxw.cn", {"A", "101.47.78.65"}},
                     {"eki-net-carcini.ddnxw.cn", {"AAAA", "2001:db8::65"}},
                     {"ddnxw.cn", {"MX", "10 mx.ddnxw.cn"}},
                     {"ddnxw.cn", {"NS", "dns1.hichina.com"}},
                     {"ddnxw.cn", {"NS", "dns2.hichina.com"}},
                     {"ddnxw.cn", {"TXT", "v=spf1 include:spf.example -all"}}});
  DnsConfig cfg;
  cfg.servers = dns.servers();
  auto a = dns_lookup("eki-net-carcini.ddnxw.cn", cfg);
  ASSERT_TRUE(a.ok()) << a.error().str();
  json j = json::parse(*a);
  EXPECT_EQ(j["A"], json::array({"101.47.78.65"}));
  EXPECT_EQ(j["AAAA"], json::array({"2001:db8::65"}));
  EXPECT_FALSE(j.contains("MX"));
  auto d = dns_lookup("ddnxw.cn", cfg);
  ASSERT_TRUE(d.ok()) << d.error().str();
  j = json::parse(*d);
  EXPECT_EQ(j["MX"], json::array({"10 mx.ddnxw.cn"}));
  EXPECT_EQ(j["NS"].size(), 2u);
  EXPECT_EQ(j["TXT"], json::array({"v=spf1 include:spf.example -all"}));
  EXPECT_FALSE(j.contains("A"));
  auto nx = dns_lookup("gone.example", cfg);
  ASSERT_TRUE(nx.ok());
  EXPECT_EQ(json::parse(*nx)["rcode"], "NXDOMAIN");
}

TEST(Dns, SilentServerIsAnErrorNotAHang) {
  test::FakeDns dns({});
  dns.set_silent(true);
  DnsConfig cfg;
  cfg.servers = dns.servers();
  cfg.timeout_ms = 200;
  cfg.tries = 1;
  auto r = dns_lookup("example.com", cfg);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().what.find("DNS: "), std::string::npos) << r.error().what;
  EXPECT_GE(dns.queries(), 1);
}

TEST(Dns, TeamCymruGivesTheAsOfAnAddress) {
  test::FakeDns dns({{"65.78.47.101.origin.asn.cymru.com", {"TXT", "132203 | 101.47.64.0/18 | CN | apnic | 2018-06-01"}},
                     {"as132203.asn.cymru.com",
                      {"TXT", "132203 | CN | apnic | 2018-06-01 | TENCENT-NET-AP-CN Tencent Building, Kejizhongyi Avenue, CN"}}});
  DnsConfig cfg;
  cfg.servers = dns.servers();
  auto r = cymru_ip_lookup("101.47.78.65", cfg);
  ASSERT_TRUE(r.ok()) << r.error().str();
  json j = json::parse(*r);
  EXPECT_EQ(j["asn"], 132203);
  EXPECT_EQ(j["country"], "CN");
  EXPECT_EQ(j["prefix"], "101.47.64.0/18");
  EXPECT_EQ(j["as_org"], "TENCENT-NET-AP-CN Tencent Building, Kejizhongyi Avenue");
  auto none = cymru_ip_lookup("192.0.2.1", cfg);
  ASSERT_FALSE(none.ok());
  EXPECT_NE(none.error().what.find("no route"), std::string::npos);
}

// ---- RDAP -----------------------------------------------------------------------------------------------------------

TEST(Rdap, BootstrapPicksTheTldServer) {
  auto b = RdapBootstrap::parse(
      R"({"publication":"2026-05-20T19:00:01Z","services":[[["com","net"],["http://rdap.example/com/","https://rdap.verisign.com/com/v1/"]],[["top"],["https://rdap.zdnsgtld.com/top"]]]})",
      "dns.json");
  ASSERT_TRUE(b.ok()) << b.error().str();
  EXPECT_EQ(b->publication, "2026-05-20T19:00:01Z");
  EXPECT_EQ(b->base_for("Example.COM"), "https://rdap.verisign.com/com/v1/");  // https preferred
  EXPECT_EQ(b->base_for("a.b.shop.top"), "https://rdap.zdnsgtld.com/top/");   // '/' added
  EXPECT_FALSE(b->base_for("iwkr.cn").has_value());
  EXPECT_FALSE(b->base_for("com").has_value());  // a TLD is not a domain
  b->set("co.jp", "https://rdap.example.jp/");
  EXPECT_EQ(b->base_for("x.co.jp"), "https://rdap.example.jp/");
  EXPECT_FALSE(RdapBootstrap::parse("{}", "x").ok());
  EXPECT_FALSE(RdapBootstrap::parse("[", "x").ok());
}

TEST(Rdap, IpBootstrapPicksTheLongestPrefix) {
  auto b = RdapBootstrap::parse(
      R"({"services":[[["101.0.0.0/8","1.0.0.0/8"],["https://rdap.apnic.net/"]],[["101.47.0.0/16"],["https://rdap.example/"]],
          [["2400::/12"],["https://rdap.apnic.net/"]],[["bad/99","x"],["https://rdap.nowhere/"]]]})",
      "ipv4.json");
  ASSERT_TRUE(b.ok()) << b.error().str();
  EXPECT_EQ(b->base_for_ip("101.47.78.65"), "https://rdap.example/");
  EXPECT_EQ(b->base_for_ip("101.48.0.1"), "https://rdap.apnic.net/");
  EXPECT_EQ(b->base_for_ip("2400:cb00::1"), "https://rdap.apnic.net/");
  EXPECT_FALSE(b->base_for_ip("8.8.8.8").has_value());
  EXPECT_FALSE(b->base_for_ip("not-an-ip").has_value());
  EXPECT_EQ(b->ip_prefixes(), 4u);
}

TEST(Rdap, IpNetworkNameRangeHolderAndAbuseContact) {
  auto r = rdap_ip_facts(R"({"objectClassName":"ip network","handle":"101.47.0.0 - 101.47.127.255","startAddress":"101.47.0.0",
    "endAddress":"101.47.127.255","name":"BYTEPLUS-SG","country":"SG","parentHandle":"101.0.0.0 - 101.255.255.255",
    "entities":[{"roles":["administrative","technical"],"vcardArray":["vcard",[["version",{},"text","4.0"],["fn",{},"text","BytePlus Pte. Ltd."]]]},
                {"roles":["abuse"],"vcardArray":["vcard",[["version",{},"text","4.0"],["fn",{},"text","IRT-BYTEPLUS"],["email",{},"text","abuse@byteplus.com"]]]}]})",
                          "https://rdap.apnic.net/ip/101.47.78.65");
  ASSERT_TRUE(r.ok()) << r.error().str();
  json j = json::parse(*r);
  EXPECT_EQ(j["network"], "BYTEPLUS-SG");
  EXPECT_EQ(j["range"], "101.47.0.0 - 101.47.127.255");
  EXPECT_EQ(j["org"], "BytePlus Pte. Ltd.");
  EXPECT_EQ(j["country"], "SG");
  EXPECT_EQ(j["abuse_email"], "abuse@byteplus.com");
  EXPECT_FALSE(rdap_ip_facts(R"({"errorCode":404,"title":"Not Found"})", "u").ok());
}

TEST(Rdap, ShippedBootstrapKnowsTheCommonTlds) {
  std::string path = test::data_dir() + "/rdap/dns.json";
  if (!std::filesystem::exists(path)) GTEST_SKIP() << "no RDAP bootstrap at " << path << " (setup.sh fetches it)";
  auto b = RdapBootstrap::load(path);
  ASSERT_TRUE(b.ok()) << b.error().str();
  EXPECT_GT(b->size(), 1000u);
  EXPECT_TRUE(b->base_for("example.com").has_value());
  EXPECT_TRUE(b->base_for("example.top").has_value());
  auto all = RdapBootstrap::load_dir(test::data_dir() + "/rdap");
  ASSERT_TRUE(all.ok()) << all.error().str();
  EXPECT_EQ(all->base_for_ip("101.47.78.65"), "https://rdap.apnic.net/");  // the seed's sender: APNIC space
  EXPECT_TRUE(all->base_for_ip("2001:4860::8888").has_value());
}

TEST(Rdap, RegistrationRegistrarAndPrivacyFromTheFakeServer) {
  LocalServer srv;
  std::string dir = test::source_dir() + "/tests/data/rdap/";
  srv.s().Get(R"(/rdap/domain/(.+))", [&](const httplib::Request& q, httplib::Response& r) {
    std::string name = q.matches[1];
    std::string path = dir + name + ".json";
    if (!std::filesystem::exists(path)) {
      r.status = 404;
      r.set_content(R"({"errorCode":404,"title":"Not Found"})", "application/rdap+json");
      return;
    }
    r.set_content(test::read_file(path), "application/rdap+json");
  });
  auto b = RdapBootstrap::parse(R"({"services":[[["test"],[")" + srv.url("/rdap/") + R"("]]]})", "t");
  ASSERT_TRUE(b.ok());

  auto r = rdap_domain("example-shop.test", *b, loopback_ok());
  ASSERT_TRUE(r.ok()) << r.error().str();
  json j = json::parse(*r);
  EXPECT_EQ(j["registered"], "2026-03-11T02:14:09Z");
  EXPECT_EQ(j["expires"], "2027-03-11T02:14:09Z");
  EXPECT_EQ(j["registrar"], "NameSilo, LLC");
  EXPECT_EQ(j["privacy"], true);
  EXPECT_EQ(j["rdap_url"], srv.url("/rdap/domain/example-shop.test"));

  j = json::parse(*rdap_domain("open-registrant.test", *b, loopback_ok()));
  EXPECT_EQ(j["privacy"], false);
  EXPECT_EQ(j["registrar"], "Example Registrar, Inc.");
  j = json::parse(*rdap_domain("redacted-9537.test", *b, loopback_ok()));
  EXPECT_EQ(j["privacy"], true);  // RFC 9537 "redacted"
  EXPECT_EQ(j["registered"], "2026-02-06T08:00:00+08:00");

  auto missing = rdap_domain("unknown.test", *b, loopback_ok());
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.error().what.find("404"), std::string::npos);
  auto no_server = rdap_domain("iwkr.cn", *b, loopback_ok());
  ASSERT_FALSE(no_server.ok());
  EXPECT_EQ(no_server.error().what, "no RDAP server for .cn in the IANA bootstrap registry");
  // the guard applies to RDAP servers too
  EXPECT_FALSE(rdap_domain("example-shop.test", *b, GuardPolicy{}).ok());
}

// ---- reputation -----------------------------------------------------------------------------------------------------

TEST(Reputation, AsksEachConfiguredServiceAndKeepsFailures) {
  LocalServer srv;
  std::string gsb_body;
  srv.s().Post("/v4/threatMatches:find", [&](const httplib::Request& q, httplib::Response& r) {
    gsb_body = q.body;
    if (q.get_param_value("key") != "k1") {
      r.status = 403;
      return;
    }
    if (q.body.find("phish.example") != std::string::npos)
      r.set_content(R"({"matches":[{"threatType":"SOCIAL_ENGINEERING","platformType":"ANY_PLATFORM"}]})", "application/json");
    else
      r.set_content("{}", "application/json");
  });
  srv.s().Post("/urlhaus/url/", [&](const httplib::Request& q, httplib::Response& r) {
    if (q.get_header_value("Auth-Key") != "k2") {
      r.status = 401;
      return;
    }
    if (q.get_param_value("url").find("phish.example") != std::string::npos)
      r.set_content(R"({"query_status":"ok","threat":"malware_download","url_status":"online"})", "application/json");
    else
      r.set_content(R"({"query_status":"no_results"})", "application/json");
  });
  srv.s().Post("/phishtank/", [&](const httplib::Request& q, httplib::Response& r) {
    bool listed = q.get_param_value("url").find("phish.example") != std::string::npos;
    r.set_content(listed ? R"({"results":{"in_database":true,"verified":true,"valid":true,"phish_id":"9001"}})"
                         : R"({"results":{"in_database":false}})",
                  "application/json");
  });
  ReputationConfig cfg;
  EXPECT_FALSE(reputation_lookup("https://phish.example/", cfg, loopback_ok()).ok());  // nothing configured
  cfg.safe_browsing_key = "k1";
  cfg.safe_browsing_endpoint = srv.url("/v4/threatMatches:find");
  cfg.urlhaus_key = "k2";
  cfg.urlhaus_endpoint = srv.url("/urlhaus/url/");
  cfg.phishtank = true;
  cfg.phishtank_endpoint = srv.url("/phishtank/");

  auto bad = reputation_lookup("https://phish.example/login?a=1&b=2", cfg, loopback_ok());
  ASSERT_TRUE(bad.ok()) << bad.error().str();
  json j = json::parse(*bad);
  ASSERT_EQ(j.size(), 3u);
  EXPECT_EQ(j[0]["source"], "Google Safe Browsing");
  EXPECT_EQ(j[0]["verdict"], "SOCIAL_ENGINEERING");
  EXPECT_NE(gsb_body.find(R"("url":"https://phish.example/login?a=1&b=2")"), std::string::npos) << gsb_body;
  EXPECT_EQ(j[1]["verdict"], "malware_download");
  EXPECT_EQ(j[1]["url_status"], "online");
  EXPECT_EQ(j[2]["verdict"], "phishing (verified)");

  j = json::parse(*reputation_lookup("https://fine.example/", cfg, loopback_ok()));
  for (const auto& v : j) EXPECT_EQ(v["verdict"], "not_listed") << v.dump();

  // one service failing is kept as a failed verdict; all failing is an error
  cfg.urlhaus_key = "wrong";
  j = json::parse(*reputation_lookup("https://fine.example/", cfg, loopback_ok()));
  EXPECT_EQ(j[1]["verdict"], "error (HTTP 401)");
  cfg.safe_browsing_key = "wrong";
  cfg.phishtank_endpoint = srv.url("/missing/");
  auto all_failed = reputation_lookup("https://fine.example/", cfg, loopback_ok());
  ASSERT_FALSE(all_failed.ok());
  EXPECT_NE(all_failed.error().what.find("URLhaus: HTTP 401"), std::string::npos) << all_failed.error().what;
}

// ---- site probe -----------------------------------------------------------------------------------------------------

// A phishing site that cloaks: a login form for iPhones, a fake timeout page for everyone else.
void cloaking_site(LocalServer& srv) {
  srv.s().Get("/login", [](const httplib::Request& q, httplib::Response& r) {
    if (q.get_header_value("User-Agent").find("iPhone") != std::string::npos)
      r.set_content(
          "<html><head><title>えきねっと(JR東日本)｜ログイン</title></head><body><form action=/post method=post>"
          "<input name=id><input type=password name=pw><button>ログイン</button></form></body></html>",
          "text/html; charset=utf-8");
    else
      r.set_content("<html><body><p>We apologize, but your request has timed out.</p></body></html>",
                    "text/html; charset=utf-8");
  });
  srv.s().Get("/r", [](const httplib::Request&, httplib::Response& r) { r.set_redirect("/login", 302); });
}

TEST(Probe, PageFactsNameWhatAPageIs) {
  EXPECT_EQ(page_facts("<form><input type=password></form>", 200).kind, "login-page");
  EXPECT_EQ(page_facts("<form><input name=cardnumber autocomplete=cc-number></form>", 200).kind, "card-form");
  EXPECT_EQ(page_facts("<p>Request timed out</p>", 200).kind, "timeout-page");
  EXPECT_EQ(page_facts("<h1>Not Found</h1>", 404).kind, "error-page");
  EXPECT_EQ(page_facts("<script>var x='password'</script>", 200).kind, "blank");
  PageFacts f = page_facts("<title> 三井住友カード </title><p>ご利用確認   のお願い</p><style>p{}</style>", 200);
  EXPECT_EQ(f.kind, "content");
  EXPECT_EQ(f.title, "三井住友カード");
  EXPECT_EQ(f.text_excerpt, "ご利用確認 のお願い");
}

TEST(Probe, ProfilesSeeDifferentPagesAndEnrichFlagsCloaking) {
  LocalServer srv;
  cloaking_site(srv);
  ProbeConfig cfg;
  cfg.use_browser = false;
  cfg.guard = loopback_ok();
  auto r = probe_site(srv.url("/r"), cfg);
  ASSERT_TRUE(r.ok()) << r.error().str();
  json j = json::parse(*r);
  EXPECT_EQ(j["profiles"]["desktop-ja"], "timeout-page");
  EXPECT_EQ(j["profiles"]["mobile-ja"], "login-page");
  EXPECT_EQ(j["profiles"]["desktop-us"], "timeout-page");
  EXPECT_EQ(j["has_password_field"], true);
  EXPECT_EQ(j["status"], 200);
  EXPECT_EQ(j["final_url"], srv.url("/login"));
  EXPECT_EQ(j["redirects"].size(), 2u);
  EXPECT_EQ(j["profile_details"]["mobile-ja"]["title"], "えきねっと(JR東日本)｜ログイン");
  EXPECT_EQ(j["browser"], "not used (--no-browser)");

  GuardPolicy strict;
  cfg.guard = strict;
  auto refused = probe_site(srv.url("/r"), cfg);
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.error().what.find("SSRF guard"), std::string::npos);
}

TEST(Probe, GuardProxyRefusesPrivateTargetsAndRelaysAllowedOnes) {
  LocalServer srv;
  srv.s().Get("/hello", [](const httplib::Request&, httplib::Response& r) { r.set_content("hello", "text/plain"); });
  GuardProxy proxy(loopback_ok());
  auto port = proxy.start();
  ASSERT_TRUE(port.ok());
  auto ask = [&](const std::string& request) {
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(static_cast<uint16_t>(*port));
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    EXPECT_EQ(connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a), 0);
    send(fd, request.data(), request.size(), 0);
    std::string out;
    char buf[4096];
    ssize_t n;
    while ((n = recv(fd, buf, sizeof buf, 0)) > 0) out.append(buf, static_cast<size_t>(n));
    close(fd);
    return out;
  };
  std::string ok = ask("GET " + srv.url("/hello") + " HTTP/1.1\r\nHost: 127.0.0.1\r\nProxy-Connection: keep-alive\r\n\r\n");
  EXPECT_NE(ok.find("200 OK"), std::string::npos) << ok;
  EXPECT_NE(ok.find("hello"), std::string::npos) << ok;
  std::string meta = ask("GET http://169.254.169.254/latest/meta-data/ HTTP/1.1\r\nHost: 169.254.169.254\r\n\r\n");
  EXPECT_NE(meta.find("403 Forbidden"), std::string::npos) << meta;
  std::string lan = ask("CONNECT 10.0.0.1:443 HTTP/1.1\r\nHost: 10.0.0.1:443\r\n\r\n");
  EXPECT_NE(lan.find("403 Forbidden"), std::string::npos) << lan;
  proxy.stop();
  auto refused = proxy.refused();
  ASSERT_EQ(refused.size(), 2u);
  EXPECT_EQ(refused[0], "169.254.169.254:80: 169.254.169.254 is a cloud metadata address");
  EXPECT_EQ(refused[1], "10.0.0.1:443: 10.0.0.1 is a private address");
}

TEST(Probe, ChromiumRendersScriptsAndTakesAScreenshotThroughTheGuard) {
  ProbeConfig cfg;
  if (std::system("command -v chromium >/dev/null 2>&1") != 0) GTEST_SKIP() << "chromium is not installed";
  LocalServer srv;
  // the password field exists only after the script ran: only the browser sees it
  srv.s().Get("/js", [](const httplib::Request&, httplib::Response& r) {
    r.set_content(
        "<html><head><meta charset=utf-8><title>ログイン</title></head><body><div id=f></div>"
        "<img src='http://169.254.169.254/latest/meta-data/x.png'>"
        "<script>document.getElementById('f').innerHTML='<form><input type=password name=pw></form>';</script>"
        "</body></html>",
        "text/html; charset=utf-8");
  });
  cfg.guard = loopback_ok();
  cfg.profiles.resize(1);
  char tmpl[] = "/tmp/phishscope-shots-XXXXXX";
  ASSERT_NE(mkdtemp(tmpl), nullptr);
  cfg.screenshot_dir = tmpl;
  auto r = probe_site(srv.url("/js"), cfg);
  ASSERT_TRUE(r.ok()) << r.error().str();
  json j = json::parse(*r);
  const json& d = j["profile_details"]["desktop-ja"];
  ASSERT_FALSE(d.contains("browser_error")) << d.dump();
  EXPECT_EQ(d["rendered"], true);
  EXPECT_EQ(d["kind"], "login-page");
  EXPECT_EQ(j["title"], "ログイン");
  ASSERT_TRUE(d.contains("screenshot"));
  std::string png = test::read_file(d["screenshot"]["file"].get<std::string>());
  ASSERT_GT(png.size(), 100u);
  EXPECT_EQ(png.substr(1, 3), "PNG");
  EXPECT_NE(j["browser"].get<std::string>().find("Chromium"), std::string::npos);
  ASSERT_TRUE(j.contains("guard_refused")) << j.dump();
  EXPECT_NE(j["guard_refused"].dump().find("169.254.169.254"), std::string::npos);
  std::filesystem::remove_all(tmpl);
}

// ---- the online source and its cache --------------------------------------------------------------------------------

class CountingSource : public ObservationSource {
 public:
  core::Observation lookup(const std::string& kind, const std::string& key) override {
    ++calls;
    core::Observation o;
    o.id = kind + ":" + key;
    o.kind = kind;
    o.key = key;
    o.source = "counting";
    o.observed_at = "2026-11-23T00:00:0" + std::to_string(calls % 10) + "Z";
    if (key == "broken") {
      o.status = "error";
      o.error = "timeout";
    } else {
      o.status = "ok";
      o.result_json = R"({"A":["203.0.113.7"]})";
    }
    return o;
  }
  int calls = 0;
};

TEST(ObservationCache, AnswersFreshLookupsAndAsksAgainWhenStale) {
  std::string path = ::testing::TempDir() + "/obs-cache-test.sqlite";
  std::filesystem::remove(path);
  CountingSource counting;
  auto cache = CachingSource::open(path, counting);
  ASSERT_TRUE(cache.ok()) << cache.error().str();
  int64_t t = 1'790'000'000;
  (*cache)->now = [&] { return t; };
  core::Observation first = (*cache)->lookup("dns", "a.example");
  core::Observation again = (*cache)->lookup("dns", "a.example");
  EXPECT_EQ(counting.calls, 1);
  EXPECT_EQ(again.observed_at, first.observed_at);  // its original time and source
  EXPECT_EQ(again.source, "counting");
  EXPECT_EQ(again.result_json, first.result_json);
  t += 3601;  // DNS answers are fresh for an hour
  (*cache)->lookup("dns", "a.example");
  EXPECT_EQ(counting.calls, 2);
  (*cache)->lookup("rdap", "a.example");
  t += 3601;
  (*cache)->lookup("rdap", "a.example");  // a day for RDAP
  EXPECT_EQ(counting.calls, 3);
  // failures are kept too, for ten minutes
  EXPECT_EQ((*cache)->lookup("dns", "broken").status, "error");
  EXPECT_EQ((*cache)->lookup("dns", "broken").error, "timeout");
  EXPECT_EQ(counting.calls, 4);
  t += 601;
  (*cache)->lookup("dns", "broken");
  EXPECT_EQ(counting.calls, 5);
  (*cache)->refresh = true;
  (*cache)->lookup("rdap", "a.example");
  EXPECT_EQ(counting.calls, 6);
  EXPECT_EQ((*cache)->hits(), 3);
  // the cache outlives the process
  cache->reset();
  CountingSource second;
  auto reopened = CachingSource::open(path, second);
  (*reopened)->now = [&] { return t; };
  EXPECT_EQ((*reopened)->lookup("rdap", "a.example").status, "ok");
  EXPECT_EQ(second.calls, 0);
}

TEST(OnlineSource, EnrichesALinkFromLocalServersAndFlagsCloaking) {
  LocalServer web;
  cloaking_site(web);
  test::FakeDns dns({{"phish.test", {"A", "127.0.0.1"}},
                     {"1.0.0.127.origin.asn.cymru.com", {"TXT", "64500 | 127.0.0.0/8 | ZZ | test | 2026-01-01"}},
                     {"as64500.asn.cymru.com", {"TXT", "64500 | ZZ | test | 2026-01-01 | TEST-AS Example Hosting, ZZ"}}});
  LocalServer rdap;
  rdap.s().Get(R"(/domain/(.+))", [&](const httplib::Request&, httplib::Response& r) {
    r.set_content(test::read_file(test::source_dir() + "/tests/data/rdap/example-shop.test.json"), "application/rdap+json");
  });
  OnlineConfig cfg;
  cfg.dns.servers = dns.servers();
  cfg.rdap_servers["test"] = rdap.url("/");
  cfg.guard = loopback_ok();
  cfg.probe = true;
  cfg.probe_config.use_browser = false;
  OnlineSource src(cfg);
  src.clock = [] { return std::string("2026-03-15T11:00:00Z"); };

  core::Observation ip = src.lookup("ip", "127.0.0.1");
  ASSERT_EQ(ip.status, "ok") << ip.error;
  EXPECT_EQ(json::parse(ip.result_json)["as_org"], "TEST-AS Example Hosting");
  EXPECT_EQ(ip.source, "Team Cymru IP to ASN (DNS)");
  core::Observation rd = src.lookup("rdap", "phish.test");
  ASSERT_EQ(rd.status, "ok") << rd.error;
  EXPECT_EQ(rd.source, "RDAP " + rdap.url("/"));
  core::Observation rep = src.lookup("reputation", "https://phish.test/");
  EXPECT_EQ(rep.status, "error");  // nothing configured: a failed observation with the reason, not a silent gap
  EXPECT_NE(rep.error.find("no reputation service configured"), std::string::npos);
  EXPECT_FALSE(src.offers("ipdb"));

  // the probe's answer read by enrich: cloaking flagged because the profiles saw different pages
  core::Observation site = src.lookup("site", web.url("/r"));
  ASSERT_EQ(site.status, "ok") << site.error;
  json s = json::parse(site.result_json);
  EXPECT_EQ(s["profiles"]["mobile-ja"], "login-page");

  std::string replay = json{{"site", {{web.url("/r"), s}}}}.dump();
  auto rs = ReplaySource::parse(replay, "t");
  ASSERT_TRUE(rs.ok());
  core::Message msg;
  core::Content content;
  core::Link l;
  l.url = web.url("/r");
  l.scheme = "http";
  l.host = "127.0.0.1";
  l.registrable_domain = "127.0.0.1";
  content.links.push_back(l);
  core::Enrichment e = enrich(msg, content, **rs);
  ASSERT_EQ(e.links.size(), 1u);
  EXPECT_TRUE(e.links[0].site.cloaking_suspected);
  EXPECT_EQ(e.links[0].site.cloaking_reason, "profiles_differ");
  EXPECT_EQ(e.links[0].site.status, "live_login_form");
}

}  // namespace
}  // namespace ps::enrich
