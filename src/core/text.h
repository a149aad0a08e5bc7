// Small text helpers shared by the stages.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ps::core {

std::string to_lower_ascii(std::string_view s);
std::string trim(std::string_view s);
// Runs of ASCII white space as one space, trimmed.
std::string collapse_space(std::string_view s);
bool iequals(std::string_view a, std::string_view b);
bool starts_with_icase(std::string_view s, std::string_view prefix);
std::vector<std::string> split(std::string_view s, char sep);

// Length of the valid UTF-8 sequence starting at s[i] (1 to 4), or 0 when the bytes there are not valid UTF-8.
size_t utf8_sequence_length(std::string_view s, size_t i);
// The code point of the valid UTF-8 sequence at s[i] of length `len` (from utf8_sequence_length, 1 to 4).
char32_t utf8_code_point(std::string_view s, size_t i, size_t len);
// Value of a hex digit, or -1.
int hex_value(char c);
// %XX decoding (and '+' as space when `plus_is_space`).
std::string percent_decode(std::string_view s, bool plus_is_space);

// Standard base64 (also the URL-safe alphabet; whitespace ignored, padding optional), or nothing when `s` has any
// other character or a length no encoder produces.
std::optional<std::string> base64_decode(std::string_view s);

// Number of Unicode code points in valid UTF-8 (invalid bytes count one each).
size_t utf8_length(std::string_view s);
// Appends a code point as UTF-8.
void append_utf8(std::string& out, char32_t c);
// UTF-8 to code points (invalid bytes as U+FFFD) and back.
std::u32string to_code_points(std::string_view s);
std::string from_code_points(const std::u32string& s);
// Code-point index of byte offset `byte` in `s`.
size_t utf8_index_of_byte(std::string_view s, size_t byte);
// Replaces invalid UTF-8 sequences with U+FFFD; returns how many bytes were replaced.
size_t sanitize_utf8(std::string& s);
// True when every byte of `s` belongs to a well-formed UTF-8 sequence (no surrogates, no overlongs).
bool is_valid_utf8(std::string_view s);

// Text for a reader (Markdown, HTML, a terminal): every C0 control other than newline and tab as its Control
// Picture (ESC -> ␛, NUL -> ␀, CR -> ␍), DEL as ␡, C1 controls (U+0080..U+009F) and the bidirectional and
// invisible formatting controls that reorder or hide text (U+202A..U+202E, U+2066..U+2069, U+200E, U+200F, U+061C)
// as "<U+202E>", invalid UTF-8 as U+FFFD. Nothing a mail holds can then move the cursor, set a clipboard, hide a
// link or reverse a file name on a reader's screen.
std::string visible_text(std::string_view s);

// The Latin letter a Cyrillic or Greek look-alike stands for ("а" U+0430 -> 'a', "ο" U+03BF -> 'o'), or 0.
char32_t latin_lookalike(char32_t c);
// A Latin letter without its diacritic ('ú' -> 'u', 'ç' -> 'c'), or the letter itself.
char32_t strip_diacritic(char32_t c);
// The character an HTML character reference at s[i] ("&ccedil;", "&#231;", "&#xE7;") stands for, with its length in
// bytes; 0 when there is none there.
char32_t html_entity_at(std::string_view s, size_t i, size_t* length);
// Cyrillic and Greek look-alikes inside a word that also has Latin letters, replaced by those letters ("Аррle" with
// Cyrillic А and р -> "Apple"); words wholly in one script are left alone. Returns how many were replaced.
size_t fold_lookalikes(std::u32string& s);
// A text as a reader sees it, without what was put in to break names and words for filters: character references
// decoded ("&#80;ayPal"), invisible characters dropped (zero-width, soft hyphen, variation selectors, word joiner),
// combining marks of other scripts on ASCII characters dropped ("services\u073F.amzn"), full-width ASCII as ASCII,
// accents off Latin letters, Cyrillic and Greek look-alikes inside Latin words as Latin.
std::u32string unmask_code_points(std::string_view s);
std::string unmask(std::string_view s);
// The words of a text that mix Latin letters with Cyrillic or Greek look-alikes (at most `limit`), as written.
std::vector<std::string> mixed_script_words(std::string_view text, size_t limit = 5);

// Defanged form for output: scheme http->hxxp, every '.' in the host -> [.]
std::string defang_url(std::string_view url);
// Defangs every http(s) URL found in free text.
std::string defang_text(std::string_view text);

// A text lower-cased once, with the set of byte pairs it contains, so that many phrase searches can skip the
// phrases that cannot occur (a phrase whose byte pairs are not all present) without scanning the text.
class TextIndex {
 public:
  explicit TextIndex(std::string_view text);
  const std::string& lower() const { return lower_; }
  // False when `needle_lower` (already lower-cased) certainly does not occur; true when it may.
  bool may_contain(std::string_view needle_lower) const;

 private:
  std::string lower_;
  std::vector<uint64_t> pairs_;  // 65536-bit set of byte pairs
};

// 64-bit SimHash of a text's character 3-grams, over its letters and digits lower-cased with every digit as '0'
// (so "注文番号 12345" and "注文番号 67890" match) and without its http(s) URLs: mails from one template differ in
// few bits. 0 for short texts.
uint64_t simhash64(std::string_view text);
// Bits in which two SimHashes differ.
int hamming64(uint64_t a, uint64_t b);

// Lower-case hex SHA-256 of bytes.
std::string sha256_hex(std::string_view bytes);
// The 32 raw bytes of the SHA-256 of `bytes`.
std::string sha256_raw(std::string_view bytes);
// Standard base64 with padding, one line.
std::string base64_encode(std::string_view bytes);
// RFC 4122 name-based UUID, version 5 (SHA-1), of `name` in `namespace_uuid` ("00abedb4-aa42-...").
std::string uuid5(const std::string& namespace_uuid, std::string_view name);

}  // namespace ps::core
