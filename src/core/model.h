// The data model shared by every stage. Stages depend on this header only.
#pragma once
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/time.h"

namespace ps::core {

// ---------------------------------------------------------------- evidence
struct ByteRange {
  size_t begin = 0;  // inclusive
  size_t end = 0;    // exclusive
};

// Where a fact was seen. Exactly the fields that apply are set.
struct Evidence {
  std::string header;                   // header field name, e.g. "Received"
  int header_index = -1;                // 0-based position of that field in the top-level header
  int part = -1;                        // MIME part index (see Part::index)
  std::optional<ByteRange> bytes;       // byte range in the raw message
  std::optional<ByteRange> text_chars;  // code-point range in the decoded text (Content::text)
  std::optional<ByteRange> part_bytes;  // byte range in the decoded text of `part` (Part::text)
  std::string observation;              // observation id, e.g. "rdap:iwkr.cn"
  std::string excerpt;                  // the quoted text, short
};

// Something in the input that is not as RFC 5322/2045 says it should be. Recorded, never fatal.
struct Anomaly {
  std::string kind;  // UPPER_SNAKE, e.g. INVALID_BYTES_IN_CHARSET
  int part = -1;
  size_t offset = 0;  // byte offset in the raw message where it was seen (0 if unknown)
  std::string detail;
};

// ---------------------------------------------------------------- message
// How bytes became text, for one part or one header.
struct CharsetDecision {
  std::string declared;  // charset label in the mail ("" if none)
  std::string used;      // converter actually used
  std::string reason;    // declared | detected | fallback | ascii
  size_t invalid_bytes = 0;
};

struct Header {
  std::string name;
  std::string raw_value;  // unfolded, undecoded
  std::string value;      // RFC 2047 decoded to UTF-8
  size_t offset = 0;      // byte offset of the field in the raw message
  size_t length = 0;      // bytes of the field including folding
  CharsetDecision charset;  // how encoded-words / raw 8-bit bytes were decoded (reason "ascii" when plain)
};

struct Mailbox {
  std::string display;  // decoded display name ("" if none)
  std::string address;  // addr-spec, as written
  std::string local_part() const;
  std::string domain() const;
};

struct Part {
  int index = 0;  // depth-first order, 0 = the message itself
  std::string content_type;  // lower-case type/subtype
  std::string disposition;   // inline | attachment | ""
  std::string filename;
  std::string content_id;  // without angle brackets
  std::string transfer_encoding;
  size_t offset = 0;        // byte offset of the part's headers in the raw message
  size_t decoded_size = 0;  // bytes after transfer decoding
  std::string sha256;       // of the transfer-decoded bytes
  bool is_text = false;     // a body text part (text/* not attached as a file)
  CharsetDecision charset;  // for text parts and text-like attachments
  std::string text;         // UTF-8, for text parts and for attached HTML/text files (phishing forms come as .html)
  std::string data;         // transfer-decoded bytes of images and PDFs, kept for extract (QR codes, PDF links);
                            // up to Limits::max_scanned_file_bytes
  bool is_attachment = false;         // a file (disposition attachment, or a name on a non-text part)
  std::string sniffed_type;           // from the first bytes: application/pdf, application/zip, image/png...
  std::vector<std::string> tnef_files;  // names inside a TNEF winmail.dat
  int parent = -1;                    // index of the enclosing multipart / message part
  int depth = 0;
  std::string report_type;            // multipart/report: delivery-status, disposition-notification, feedback-report
  bool encrypted = false;             // an encrypted PDF or ZIP: its content (links) cannot be read without a password
};

struct ReceivedHop {
  int header_index = -1;  // index into Message::headers
  std::string raw;        // unfolded value
  std::string from_helo;  // name the client gave (HELO/EHLO), as claimed
  std::string from_rdns;  // reverse DNS name the receiving server saw ("unknown" kept as is)
  std::string ip;         // address the receiving server saw (bracketed / parenthesized)
  std::string by;
  std::string with;
  std::string id;
  std::string for_addr;
  std::string tls;         // TLS version/cipher when the hop records one
  std::optional<Timestamp> date;
  std::optional<int64_t> delay_seconds;  // this hop's time minus the previous (older) hop's time
  bool parsed = false;     // the from/by clauses were understood
  std::string note;        // what could not be understood
  std::string internal_reason;  // why this hop is the receiving side's own (empty below the boundary)
};

struct AuthResult {
  std::string header;       // Authentication-Results | Received-SPF | ARC-Authentication-Results
  std::string authserv_id;  // who wrote the field
  bool trusted = false;     // added by the receiving side, above the trust boundary
  std::string method;       // spf | dkim | dmarc | arc | ...
  std::string result;       // pass | fail | softfail | neutral | none | temperror | permerror | ...
  std::string detail;       // the clause after the result (comments and properties)
  std::map<std::string, std::string> props;  // smtp.mailfrom, header.from, header.d, header.s, client-ip...
  int header_index = -1;
};

// A DKIM-Signature field. phishscope does not verify signatures (that needs the key from DNS); the receiver's
// Authentication-Results say whether it did.
struct DkimSignature {
  std::string domain;    // d=
  std::string selector;  // s=
  std::string algorithm; // a=
  std::string identity;  // i=
  bool aligned = false;  // d= has the From address's registrable domain (relaxed alignment)
  int header_index = -1;
};

// phishscope's own reading of DMARC alignment from the receiver's trusted results (relaxed mode: same
// registrable domain as From).
struct DmarcAlignment {
  std::string from_domain;  // registrable domain of From
  std::string spf_domain;   // smtp.mailfrom / envelope-from domain SPF was checked for
  std::string spf_result;
  bool spf_aligned = false;  // SPF passed for a domain aligned with From
  std::string dkim_domain;   // header.d of the DKIM result
  std::string dkim_result;
  bool dkim_aligned = false;  // DKIM passed for a domain aligned with From
  bool evaluated = false;     // there were trusted SPF or DKIM results to read
  bool pass() const { return spf_aligned || dkim_aligned; }
};

struct ArcSet {
  int instance = 0;    // i=
  std::string cv;      // chain validation: none | pass | fail
  std::string domain;  // d= of the ARC-Seal
  int header_index = -1;
};

// What a spam filter wrote into the header, decoded.
struct SpamTest {
  std::string name;
  std::string score;  // as written
  std::string description;
};

struct SpamReport {
  std::string filter;  // SpamAssassin | rspamd | Microsoft | generic
  std::string header;  // the field it came from
  int header_index = -1;
  std::optional<bool> is_spam;
  std::optional<double> score;
  std::optional<double> threshold;
  std::string action;  // rspamd action, Microsoft SFV / CAT
  std::vector<SpamTest> tests;
  std::map<std::string, std::string> details;  // SCL, BCL, PCL, SFV, CAT, CTRY, IPV...
  // The filter's judgement in one word: phishing | malware | spoof | spam | bulk | junk (delivered to the junk
  // folder) | clean | allowed (a safe list or rule let it through) | "" (nothing decisive), and what said so.
  std::string verdict;
  std::vector<std::string> reasons;  // "CAT:PHSH", "SFV:SPM", "SCL:9", "dest:J", "score 14.2 >= 5" ...
  // Who wrote it: receiver (the reader's side, above the trust boundary or a header its provider stamps and strips
  // from inbound mail), relay (a list's or a fetched mailbox's filter, above the sender's hop), sending_provider (the
  // sending tenant's own outbound scan, which Microsoft renames *-Untrusted), sender (below the boundary: a claim).
  std::string written_by;
  bool trusted = false;  // receiver or relay
};

// Time checks across the Received chain and the Date header.
struct TimingIssue {
  std::string kind;  // OUT_OF_ORDER | LONG_DELAY | DATE_AFTER_RECEIVED | DATE_LONG_BEFORE_RECEIVED
  int hop = -1;
  int64_t seconds = 0;
};

// A server between the original sender and the reader's own mail system that received the mail and sent it on:
// a mailing list or a forwarding service. Its own Received lines (trusted as far as the relay is) lead to the hop
// where it took the mail from the original sender.
// A server between the original sender and the reader's own mail system that received the mail and sent it on.
// mailing_list and fetch (the reader's provider collected the mail from another mailbox): the relay's own Received
// lines are followed to the hop where it took the mail from outside, whose client becomes the sender. provider (a
// big provider's outbound relay: a tenant's or an account's forward): the relay stays the sender, and where it took
// the mail from is told beside it.
struct RelayStep {
  std::string kind;      // mailing_list | fetch | provider
  std::string name;      // the list's id, the mailbox fetched from, or the provider's name
  std::string host;      // the relay server the reader's side received the mail from
  std::string ip;        // its address, as the reader's side recorded it
  int hop = -1;          // index into Message::received of that hand-over
  std::string detail;    // what identified it: list headers, provider data
  std::string received_from;  // the address the relay recorded taking the mail from
  int received_hop = -1;      // index of that hop
};

// The first hop that handed the mail over from outside the receiving side (the trust boundary).
struct SenderTrace {
  int hop = -1;  // index into Message::received, -1 if none found
  std::string trust_reason;  // why the hops above it are the receiver's own
  std::string ip;            // bracketed / parenthesized address: recorded by the receiver, trustworthy
  std::string helo;          // claimed by the sender, not verified
  std::string rdns;          // what the receiver's reverse lookup gave ("unknown" = none)
  std::string received_by;   // the receiving server
  std::string provider;      // name of the provider whose server received the mail from the sender ("" if none known)
  std::vector<RelayStep> relays;  // lists, fetches and provider relays on the way, outermost first
  // The address the receiving provider stamped (X-Sender-IP, "sender IP is" in its Authentication-Results...):
  std::string stamp_ip;
  std::string stamp_header;  // where it was read
  std::string stamp_status;  // agrees | disagrees | "" (no stamp)
  std::string submitted_from;  // the relay's record of an authenticated submission (the account holder's client)
};

struct SpamHeader {
  std::string name;
  std::string value;
};

// A whole message inside this one: a message/rfc822 part (a forward as attachment), an attached .eml file or an
// Outlook .msg file. Abuse desks receive most phishing this way: the reporter's mail wraps the phish.
struct EmbeddedMessage {
  int part = -1;           // Part::index of the part that holds it
  std::string kind;        // rfc822 | eml | msg
  std::string filename;    // "" for a message/rfc822 part without a name
  std::string bytes;       // the message (RFC 5322 bytes; a .msg is converted by the pipeline), up to the size limit
  bool truncated = false;  // larger than the message size limit
};

struct Message {
  std::string source;  // file name or "-"
  std::string source_format = "rfc822";  // rfc822 | msg (an Outlook .msg converted to RFC 5322 for the analysis)
  std::string sha256;  // of the raw bytes
  size_t size = 0;
  std::vector<Header> headers;
  std::string subject;
  std::optional<std::string> subject_tag;  // "[spam]" etc., when present
  std::string subject_body;                // subject without the tag
  Mailbox from;
  std::vector<Mailbox> to;
  std::optional<Mailbox> reply_to;
  std::string return_path;
  std::string message_id;
  std::optional<Timestamp> date;         // Date header
  std::optional<Timestamp> received_at;  // newest Received timestamp (final delivery), else Date
  std::string received_at_source;        // "Received" | "Date"
  std::vector<ReceivedHop> received;     // newest first, as in the header
  SenderTrace sender;                    // trust boundary in the Received chain
  std::vector<TimingIssue> timing;       // out-of-order hops, long delays, clock skew of Date
  std::vector<AuthResult> auth;          // Authentication-Results, Received-SPF, ARC-Authentication-Results
  std::vector<DkimSignature> dkim;
  DmarcAlignment alignment;
  std::vector<ArcSet> arc;               // ARC-Seal sets, highest instance first
  std::vector<SpamReport> spam;          // spam-filter headers, decoded
  std::vector<SpamHeader> spam_headers;  // X-Spam-* and friends
  std::vector<Part> parts;
  std::vector<EmbeddedMessage> embedded;  // whole messages inside this one, in order of appearance
  std::vector<Anomaly> anomalies;

  const Header* header(const std::string& name) const;  // first, case-insensitive
};

// ---------------------------------------------------------------- content
struct Link {
  std::string url;  // exact href / text as written (trimmed)
  std::string defanged;
  std::string anchor_text;
  // href | image_map | form_action | meta_refresh | img | css | iframe | script | script_src | text | qr_code | pdf
  // | unwrapped
  std::string found_in;
  int part = -1;
  std::string attachment;              // file name when the part is an attached file ("" in the mail body)
  std::optional<ByteRange> part_bytes;  // where it is written: byte range in the part's decoded text (Part::text)
  bool wrapped = false;                // broken over lines in a text part and joined again
  std::string scheme;
  std::string userinfo;  // "user@" part, the https://brand.example@evil.example/ trick
  std::string host;  // lower-case, as written (Unicode or punycode)
  std::string host_ascii;    // IDNA ASCII form (punycode), "" when not a name
  std::string host_unicode;  // Unicode form, "" when not a name
  std::string wrapped_by;    // the redirect wrapper (safelinks, google.com/url...) this URL was taken out of
  bool refanged = false;     // written defanged in the mail (hxxp, [.]) and restored
  std::string registrable_domain;
  std::string public_suffix;
  std::string path;
  bool official = false;  // host is under an official domain of the attributed brand
  std::vector<std::string> techniques;  // lookalike techniques, UPPER_SNAKE
  std::string lookalike_of;             // official domain a typo-squat or homoglyph imitates
};

struct Image {
  std::string src;
  std::string alt;
  int part = -1;
  bool cid = false;
};

// Text in the HTML that a reader does not see (display:none, font-size:0, ...).
struct HiddenText {
  int part = -1;
  std::string text;
  std::string reason;  // display_none | visibility_hidden | font_size_zero | opacity_zero | zero_size | hidden_attribute
};

// An attached HTML (or SVG) file: a login page the victim opens from disk, where no link scanner looks.
struct HtmlFile {
  int part = -1;
  std::string filename;
  std::string title;
  std::string text;  // visible text, up to 4 KiB
  int forms = 0;
  int password_inputs = 0;
  int scripts = 0;
};

// An image or PDF that could not be scanned fully, or a code that holds no link (kept, not swallowed).
struct ScanNote {
  int part = -1;
  std::string kind;    // qr_code | pdf
  std::string detail;  // what could not be read, or the text of a code without a link
};

// A lure phrase (data/lures.json) found in the subject, the main text or the HTML part's own text.
struct LureHit {
  std::string category;   // account_suspension, payment_problem, ...
  std::string rule;       // the rule id the category feeds
  std::string lang;
  std::string phrase;     // as in the data file
  std::string where;      // subject | body | html
  size_t begin_char = 0;  // code points in that text
  size_t end_char = 0;
};

struct Content {
  std::string sender_domain;       // registrable domain of the From address
  std::string text;                // main body as plain text (text/plain part, else from HTML)
  int text_part = -1;              // part index it came from
  bool text_from_html = false;
  std::vector<Link> links;         // unique by url, in order of appearance
  std::vector<Image> images;
  bool has_html = false;
  std::string html_text;           // visible text of the HTML part when `text` came from a text/plain alternative
  int html_part = -1;
  std::vector<HiddenText> hidden_text;
  int buttons = 0;                 // links drawn as buttons in the HTML
  std::vector<HtmlFile> html_files;  // attached HTML/SVG files
  int images_scanned = 0;            // images decoded and searched for QR codes
  int pdfs_scanned = 0;              // PDFs searched for link annotations
  std::vector<ScanNote> scan_notes;  // images/PDFs that could not be read
  std::vector<LureHit> lures;        // lure phrases in the subject, the text and the HTML text
};

// ---------------------------------------------------------------- brand
struct BrandRef {
  std::string id;
  std::string name_ja;
  std::string name_en;
  std::string category;  // railway, card_issuer, bank, ...
  std::string country;   // where the brand operates ("JP", "global")
  std::vector<std::string> official_domains;
  std::vector<std::string> url_tokens;  // tokens that name the brand in a host or path
  std::vector<std::string> url_token_exceptions;  // words holding a token that do not name the brand (amazonaws)
  std::vector<std::string> asset_domains;  // the brand's CDNs and user-content hosts: loading from them names nothing
  std::string official_url;
  std::string advisory_url;
  std::optional<bool> notice_phone;  // its genuine notices carry a phone number (unknown when not in the catalog)
  std::vector<std::string> languages;
  // where the brand was named: display_name, subject, sender_domain (its own), sender_domain_imitates, body,
  // url (a link that imitates it), official_link, image_alt, logo, attachment
  std::vector<std::string> reasons;
  int score = 0;
};

// ---------------------------------------------------------------- observations
// One external fact: a lookup, its source and time, and its answer or failure.
struct Observation {
  std::string id;      // kind:key
  std::string kind;    // ip | rdap | dns | reputation | site
  std::string key;     // what was looked up
  std::string source;  // where the answer came from
  std::string observed_at;
  std::string status;  // ok | not_looked_up | not_recorded | error
  std::string error;
  std::string result_json;  // the answer, as recorded (JSON text)
};

// One source's answer about an IP address.
struct IpAnswer {
  std::string source;
  std::string observation;  // observation id (ip:ADDR recorded/online, ipdb:ADDR offline data)
  std::string observed_at;
  std::optional<int64_t> asn;
  std::string as_org;
  std::string country;
};

struct IpFacts {
  std::string ip;
  std::optional<int64_t> asn;  // from the first source that answered: a recorded or online lookup, else offline data
  std::string as_org;
  std::string country;  // ISO 3166-1 alpha-2
  std::string observation;
  std::string status = "not_looked_up";
  std::vector<IpAnswer> answers;  // every source that answered, in that order
  bool sources_disagree = false;  // two answers name a different AS or country
  // The network as registered at the RIR (RDAP, online only): where abuse reports go.
  struct Network {
    std::string name, range, org, country, abuse_email;
    std::string observation, status = "not_looked_up";
  };
  std::optional<Network> network;
};

struct DomainFacts {
  std::string domain;
  std::optional<std::string> registered;  // YYYY-MM-DD
  std::optional<int64_t> age_days;        // at the mail's received time
  std::string registrar;
  std::optional<bool> privacy;
  std::string observation;
  std::string status = "not_looked_up";
};

struct ReputationVerdict {
  std::string source;
  std::string verdict;
};

struct SiteFacts {
  std::string status = "not_looked_up";  // live_login_form | live_error_page | live | unreachable | not_looked_up | not_recorded
  std::optional<int> http_status;
  std::string final_url;
  std::string title;
  std::string body_excerpt;
  std::optional<bool> has_password_field;
  std::optional<bool> has_card_field;
  std::map<std::string, std::string> profiles;  // vantage profile -> what it saw
  struct Redirect {
    int status = 0;
    std::string url;
  };
  std::vector<Redirect> redirects;  // each hop before the final page
  struct Screenshot {
    std::string profile, file, sha256;
  };
  std::vector<Screenshot> screenshots;  // PNG files the probe kept (by SHA-256)
  std::string browser;                   // the browser that rendered the page, or why none did
  std::vector<std::string> guard_refused;  // connections the page tried that the SSRF guard refused
  bool cloaking_suspected = false;
  std::string cloaking_reason;  // profiles_differ | fake_error_page
  std::string observation;
};

struct SenderFacts {
  std::string domain;  // registrable domain of the From address
  IpFacts ip_facts;    // of Message::sender.ip
  DomainFacts domain_facts;
};

struct LinkFacts {
  std::string url;
  std::vector<std::string> host_ips;
  std::string dns_observation;
  std::string dns_status = "not_looked_up";
  IpFacts ip_facts;  // of the first host IP
  DomainFacts domain_facts;
  std::string reputation_status = "not_looked_up";
  std::vector<ReputationVerdict> reputation;
  std::string reputation_observation;
  std::string blocklist_observation;  // local block lists consulted ("" when none is loaded)
  std::vector<std::string> blocklists_listing;  // names of the local lists that list this link
  SiteFacts site;
};

struct Enrichment {
  SenderFacts sender;
  std::vector<LinkFacts> links;  // parallel to Content::links
  std::vector<Observation> observations;
};

// ---------------------------------------------------------------- findings
struct Finding {
  std::string id;        // stable UPPER_SNAKE rule id
  std::string severity;  // info | low | medium | high
  int weight = 0;
  std::string category;  // sender | link | content | design | site | correlation | server
  std::vector<std::string> tags;  // from data/rules.json: impersonation, lure, filter_phishing, phishing_link...
  std::map<std::string, std::string> params;  // values substituted into the message
  std::vector<Evidence> evidence;
};

struct Verdict {
  std::string level = "clean";  // phishing | suspicious | spam | clean
  int score = 0;
  std::string confidence;  // high | medium | low
  std::vector<std::string> top_findings;
};

// ---------------------------------------------------------------- history (from the case store)
struct CountOf {
  std::string key;
  int64_t n = 0;
};

// A past case that shares something with this mail: the same sender address or /24, a link domain or host, the
// body's template (SimHash within a few bits).
struct RelatedCase {
  std::string sha256;
  std::string received_at;
  std::string subject;
  std::string verdict;
  std::string brand;
  std::vector<std::string> shared;  // sender_ip:ADDR | sender_net:CIDR | link_domain:D | link_host:H | template:BITS
};

// The past cases that imitated the same brand, to compare this mail with.
struct BrandHistory {
  std::string brand;
  int64_t cases = 0;
  std::string first_seen;  // received_at of the oldest, the newest
  std::string last_seen;
  std::optional<int64_t> median_sender_domain_age_days;
  std::optional<int64_t> median_link_domain_age_days;
  int64_t sender_ip_is_site_ip = 0;  // cases whose sender IP was their site's IP
  std::vector<CountOf> sender_countries;
};

// What the store saw in a time window before this mail (最近の動向).
struct Trends {
  std::string since;  // ISO 8601, window start
  std::string until;  // window end (the mail's received time, else the analysis time)
  int days = 0;
  int64_t cases = 0;
  std::map<std::string, int64_t> verdicts;
  std::vector<CountOf> brands, lures, sender_countries, sender_asns, link_tlds;
  std::optional<int64_t> median_link_domain_age_days;
};

// A campaign: malicious cases (phishing, suspicious) connected by what they share, each link being a sender
// address, a sender /24 with the same brand, a link host or registrable domain, a URL path pattern, or a body
// template (SimHash within 3 bits). Its id comes from its earliest case, so it stays while the campaign grows.
struct Campaign {
  std::string id;  // CMP-<first 12 hex digits of the earliest case>
  int64_t cases = 0;
  std::string first_seen, last_seen;
  std::vector<CountOf> brands, verdicts;
  std::vector<CountOf> shared;       // kind:value -> cases holding it (values held by two or more)
  std::vector<std::string> members;  // case ids, oldest first (at most 50)
  bool truncated = false;            // the search stopped at its limit
  double cohesion = 0;               // share of its cases holding its most shared value (1: copies of one mail)
};

struct History {
  bool available = false;  // a case store was consulted
  std::optional<Campaign> campaign;  // the campaign this mail belongs to, with past cases
  Trends trends;
  std::optional<BrandHistory> brand;
  std::vector<RelatedCase> related;
  std::map<std::string, std::pair<std::string, std::string>> brand_names;  // id -> (ja, en), for the report
};

// The mail that wrapped the analysed one (a user's report with the phish attached): who forwarded it, when, what
// they wrote. The case is the inner message; this is kept beside it.
struct Wrapper {
  std::string sha256;
  std::string subject;
  Mailbox from;
  std::vector<Mailbox> to;
  std::optional<Timestamp> date;
  std::optional<Timestamp> received_at;
  std::string sender_ip;  // the wrapper's own trust boundary (the reporter's side)
  std::string sender_rdns;
  std::string note;       // the reporter's text, shortened
  int embedded = 0;       // whole messages the wrapper holds
  int chosen = 0;         // which of them is the case (1-based)
  std::string chosen_kind;      // rfc822 | eml | msg
  std::string chosen_filename;
};

struct Analysis {
  std::string tool_version;
  std::optional<Wrapper> wrapper;  // set when the case is a message the analysed mail wrapped
  std::string analyzed_at;  // ISO 8601
  Message message;
  Content content;
  std::optional<BrandRef> brand;
  Enrichment enrichment;
  std::vector<Finding> findings;
  std::vector<std::string> purposes;  // credentials | card_data | personal_data | ...
  Verdict verdict;
  History history;  // past cases from the case store, when one was consulted
};

}  // namespace ps::core
