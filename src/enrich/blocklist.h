// Local block lists: files of phishing URLs or hosts an analyst imports (a JPCERT/CC phishing URL list CSV, a plain
// list of URLs or host names, defanged or not). Each link is checked against them offline; an answer is an
// observation of kind "blocklist" naming the list, its size and its date.
#pragma once
#include <memory>
#include <string>
#include <unordered_set>
#include <vector>

#include "enrich/observations.h"

namespace ps::enrich {

class Blocklist {
 public:
  // Lines: a URL (http/https, hxxp and [.] accepted) or a host name; CSV lines use their first field holding a URL
  // or host; '#' starts a comment. Fails when the file cannot be read or holds no entry.
  static core::Result<std::shared_ptr<Blocklist>> load(const std::string& path);
  static core::Result<std::shared_ptr<Blocklist>> parse(const std::string& text, const std::string& name,
                                                         const std::string& date);
  // The entry that lists `url` ("" when none): the URL itself (scheme and host case-insensitive, a trailing '/'
  // ignored), a listed URL it starts with at a path boundary, or a listed host it is on (also as a subdomain).
  std::string match(const std::string& url) const;
  const std::string& name() const { return name_; }
  const std::string& date() const { return date_; }
  size_t size() const { return urls_.size() + hosts_.size(); }

 private:
  std::string name_;
  std::string date_;
  std::unordered_set<std::string> urls_;   // normalized, without a trailing '/'
  std::unordered_set<std::string> hosts_;  // lower-case
};

// Answers "blocklist" lookups (key: a URL) from the lists, and hands every other kind to `next`.
class BlocklistSource : public ObservationSource {
 public:
  BlocklistSource(std::vector<std::shared_ptr<Blocklist>> lists, ObservationSource& next)
      : lists_(std::move(lists)), next_(next) {}
  core::Observation lookup(const std::string& kind, const std::string& key) override;
  bool offers(const std::string& kind) const override { return kind == "blocklist" || next_.offers(kind); }

 private:
  std::vector<std::shared_ptr<Blocklist>> lists_;
  ObservationSource& next_;
};

}  // namespace ps::enrich
