// URL parts, registrable domains (libpsl), URLs in plain text (also full-width and defanged), redirect wrappers,
// IDN forms (libidn2) and IP-literal hosts in any notation.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/domain.h"

namespace ps::extract {

struct UrlParts {
  bool ok = false;
  std::string scheme;  // lower-case
  std::string userinfo;
  std::string host;  // lower-case
  std::string port;
  std::string path;  // from the first '/' up to '?' or '#'
  std::string query;
};

UrlParts split_url(std::string_view url);

using core::public_suffix;       // core/domain.h
using core::registrable_domain;  // core/domain.h

struct TextUrl {
  std::string url;   // as it should be followed: full-width folded to ASCII, defanging undone
  size_t begin = 0;  // byte offsets in the original text
  size_t end = 0;
  bool refanged = false;
  bool wrapped = false;  // broken across lines in the text and joined again
};

// http(s) URLs in free text: ASCII or full-width (ｈｔｔｐｓ：／／), defanged (hxxp, [.], (.), [dot]) restored.
// A URL ends at whitespace, quotes, angle brackets and Japanese punctuation/brackets (。、「」『』【】);
// trailing ASCII punctuation is not part of it.
// Line-wrapped URLs are joined: inside <...> (RFC 3986 appendix C) whitespace is dropped up to the '>'; otherwise a
// URL that reaches the end of a long line (60+ bytes) continues on the next line when that line starts, without
// indent, with URL characters that carry URL syntax (/ ? = & % #), as mail programs wrap them.
std::vector<TextUrl> find_urls_in_text(std::string_view text);

// The target of a redirect wrapper (Outlook safelinks, google.com/url?q=, facebook l.php?u=...), or nothing.
std::optional<std::string> unwrap_redirect(std::string_view url);

// IDNA forms of a host name; both "" for IP literals or names libidn2 rejects.
struct IdnForms {
  std::string ascii;
  std::string unicode;
};
IdnForms idn_forms(const std::string& host);

// When `host` is an IPv4 address in any notation inet_aton accepts (decimal 3232235777, hex 0xC0A80101,
// octal 0300.0250.1.1, short forms), its dotted form; `obfuscated` says it was not written dotted-decimal.
std::optional<std::string> ipv4_literal(const std::string& host, bool* obfuscated);


}  // namespace ps::extract
