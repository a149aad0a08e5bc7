// Evaluation on a real corpus: a folder with truth.jsonl (one JSON object per message: file, kind, sender_ip,
// subject, ... any subset of keys), or a folder of phishing URL lists (CSV: date,URL,description). Unlike the labelled
// set of eval.h, a corpus is not a pass/fail test: it is measured, and the figures are printed per set.
#pragma once
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "core/result.h"
#include "enrich/observations.h"
#include "pipeline/pipeline.h"

namespace ps::eval {

// One message of a corpus, analysed and compared with its truth row.
struct CorpusCase {
  std::string file;  // as the truth row names it; "FILE#N" (1-based) for a message of an mbox
  std::string kind;  // phishing | spam | ham | unknown-ja | ...
  std::string truth_sender_ip;  // "" when the row has none (null or absent)
  std::string sender_ip;
  std::vector<std::string> relay_ips;  // lists, forwarders and provider relays phishscope names on the way
  std::string verdict;
  int score = 0;
  std::string brand;        // attributed brand id, "" for none
  std::string truth_brand;  // brand_guess of the row (heuristic), "" for none
  bool has_subject = false, subject_equal = false;
  std::string subject;        // decoded, as phishscope read it (for the listing of disagreements)
  std::string truth_subject;
  size_t replacement_chars = 0;         // U+FFFD in the decoded subject, From and main text
  std::vector<std::string> mojibake;    // heuristics that fired (utf8_as_latin1, latin1_as_cjk, ...)
  size_t md_raw = 0, html_raw = 0;      // raw control bytes / invalid UTF-8 in the Markdown and HTML reports
  size_t anomalies = 0;
  double seconds = 0;                   // analysis time (parse to detect), without the renderings
  std::string error;                    // could not be read or analysed
};

struct CorpusOptions {
  size_t limit = 0;     // analyse the first N rows only (0: all)
  int workers = 1;      // parallel analyses
  bool render = true;   // render md and html (ja) to count raw bytes in them
  std::string only;     // analyse only rows whose file contains this
};

// Messages of `dir`/truth.jsonl, each analysed with `source` (shared by the workers) and compared.
core::Result<std::vector<CorpusCase>> run_corpus(const std::string& dir, const pipeline::Resources& res,
                                                 const pipeline::Options& options, enrich::ObservationSource& source,
                                                 const CorpusOptions& copts);

// The figures of one set; `list` disagreeing files listed per measure at most.
std::string format_corpus(const std::string& set, const std::vector<CorpusCase>& cases, size_t list);
std::string corpus_json(const std::string& set, const std::vector<CorpusCase>& cases, size_t list);

// Phishing URL lists: every CSV under `dir` (date,URL,description), each URL through analyze_url(); the
// description's brand is found in the catalog by name; recall and precision of the brand named from the URL alone.
struct UrlListResult {
  size_t urls = 0;
  size_t labels_in_catalog = 0;  // descriptions that name a catalog brand
  size_t named = 0;              // URLs for which a brand was named
  size_t correct = 0;            // ... and it was the labelled one
  size_t related = 0;            // ... or a brand of the same company (au PAY for au: data/brands.json "parent")
  std::map<std::string, size_t> unknown_labels;  // descriptions that name no catalog brand, with counts
  std::map<std::string, std::pair<size_t, size_t>> by_label;  // label -> (urls, correct)
  std::map<int, std::pair<size_t, size_t>> by_score;  // attribution score -> (named, right or related)
  std::vector<std::string> wrong;  // "URL  label -> named" for the first wrong attributions
  double seconds = 0;
};
core::Result<UrlListResult> run_url_lists(const std::string& dir, const pipeline::Resources& res, size_t limit);
std::string format_url_lists(const std::string& set, const UrlListResult& r, size_t list);
std::string url_lists_json(const std::string& set, const UrlListResult& r, size_t list);

// Output bytes a reader must never get raw: C0 controls other than newline and tab (CR included), DEL, C1 controls
// (U+0080..U+009F) and bytes of invalid UTF-8. Returns how many there are.
size_t count_raw_bytes(std::string_view s);

// Names of the mojibake patterns found in decoded text (empty when none): utf8_as_latin1 ("Ã©", "â€™"),
// latin1_as_cjk (a CJK character between Latin letters: "Aten鈬o"), utf8_as_sjis (縺/繧/繝 runs), private_use
// (U+E000..U+F8FF), sjis_as_latin1 (runs of Latin-1 symbols in Japanese text).
std::vector<std::string> mojibake_patterns(std::string_view text);

}  // namespace ps::eval
