#include "parse/charset.h"

#include <unicode/ucnv.h>
#include <unicode/ucnv_cb.h>
#include <unicode/ucnv_err.h>
#include <unicode/ustring.h>

#include <cctype>
#include <memory>
#include <unordered_map>
#include <vector>

#include "core/text.h"

namespace ps::parse {

namespace {

struct CountingContext {
  size_t invalid = 0;
};

// Counts undecodable bytes and substitutes U+FFFD.
void count_and_substitute(const void* context, UConverterToUnicodeArgs* args, const char* codeUnits, int32_t length,
                          UConverterCallbackReason reason, UErrorCode* err) {
  if (reason == UCNV_ILLEGAL || reason == UCNV_UNASSIGNED || reason == UCNV_IRREGULAR) {
    auto* ctx = static_cast<CountingContext*>(const_cast<void*>(context));
    ctx->invalid += length > 0 ? static_cast<size_t>(length) : 1;
    // U+FFFD, never the converter's own substitute (U+001A, a control character, for several of ICU's)
    static const UChar kReplacement = 0xFFFD;
    *err = U_ZERO_ERROR;
    ucnv_cbToUWriteUChars(args, &kReplacement, 1, 0, err);
    return;
  }
  UCNV_TO_U_CALLBACK_SUBSTITUTE(nullptr, args, codeUnits, length, reason, err);
}

bool is_ascii(std::string_view b) {
  for (unsigned char c : b)
    if (c >= 0x80) return false;
  return true;
}

bool has_iso2022_escape(std::string_view b) {
  return b.find("\x1b$B") != std::string_view::npos || b.find("\x1b$@") != std::string_view::npos ||
         b.find("\x1b(J") != std::string_view::npos || b.find("\x1b(I") != std::string_view::npos;
}

bool is_valid_utf8(std::string_view b) { return core::is_valid_utf8(b); }

// ICU converters, opened once per thread and name (opening one costs more than converting a header with it).
class ConverterCache {
 public:
  ~ConverterCache() {
    for (auto& [name, c] : open_) ucnv_close(c);
  }
  UConverter* get(const std::string& name) {
    auto it = open_.find(name);
    if (it != open_.end()) {
      ucnv_reset(it->second);
      return it->second;
    }
    if (open_.size() >= 64) return nullptr;  // a bound on odd labels; callers open their own then
    UErrorCode e = U_ZERO_ERROR;
    UConverter* c = ucnv_open(name.c_str(), &e);
    if (U_FAILURE(e) || !c) return nullptr;
    open_.emplace(name, c);
    return c;
  }

 private:
  std::unordered_map<std::string, UConverter*> open_;
};
thread_local ConverterCache t_converters;

// ICU rejects an escape sequence that is immediately followed by another one (e.g. "ESC ( B" closing one
// encoded-word right before "ESC $ B" opening the next, once the words are joined). Such a redundant escape
// carries no text, so it is dropped.
std::string drop_redundant_escapes(std::string_view b) {
  std::string out;
  out.reserve(b.size());
  for (size_t i = 0; i < b.size(); ++i) {
    if (b[i] == '\x1b' && i + 3 < b.size() && b[i + 3] == '\x1b' &&
        ((b[i + 1] == '(' && (b[i + 2] == 'B' || b[i + 2] == 'J' || b[i + 2] == 'I')) ||
         (b[i + 1] == '$' && (b[i + 2] == 'B' || b[i + 2] == '@')))) {
      i += 2;
      continue;
    }
    out += b[i];
  }
  return out;
}

}  // namespace

std::string converter_for_label(std::string_view label) {
  std::string l = core::to_lower_ascii(core::trim(label));
  if (l.size() >= 2 && l.front() == '"' && l.back() == '"') l = l.substr(1, l.size() - 2);
  if (l.empty()) return "";
  if (l == "utf-8" || l == "utf8") return "UTF-8";
  if (l == "us-ascii" || l == "ascii" || l == "ansi_x3.4-1968") return "US-ASCII";
  if (l.rfind("iso-2022-jp", 0) == 0 || l == "csiso2022jp" || l == "cp50220" || l == "cp50221" || l == "cp50222")
    return "ISO-2022-JP";  // ICU: ISO_2022,locale=ja,version=0 (decodes NEC row 13 too)
  if (l == "shift_jis" || l == "shift-jis" || l == "sjis" || l == "x-sjis" || l == "ms_kanji" || l == "csshiftjis" ||
      l == "windows-31j" || l == "cp932" || l == "ms932" || l == "x-ms-cp932")
    return "windows-31j";
  if (l == "euc-jp" || l == "x-euc-jp" || l == "eucjp" || l == "cseucpkdfmtjapanese" || l == "eucjp-ms")
    return "EUC-JP";
  // Labels widened to the supersets that mail clients write under them (as the WHATWG Encoding Standard maps them):
  // a GB2312 mail holds GBK characters, an ISO-8859-1 one Windows punctuation, a Big5 one CP950's.
  if (l == "gb2312" || l == "gb_2312-80" || l == "euc-cn" || l == "x-euc-cn" || l == "csgb2312" || l == "gbk" ||
      l == "x-gbk" || l == "cp936" || l == "ms936" || l == "windows-936" || l == "chinese")
    return "GB18030";
  if (l == "iso-8859-1" || l == "iso8859-1" || l == "latin1" || l == "l1" || l == "iso_8859-1" || l == "cp819" ||
      l == "ibm819" || l == "iso-ir-100" || l == "windows-1252" || l == "cp1252" || l == "x-cp1252")
    return "windows-1252";
  if (l == "iso-8859-9" || l == "latin5" || l == "iso8859-9") return "windows-1254";
  if (l == "tis-620" || l == "iso-8859-11") return "windows-874";
  if (l == "big5" || l == "x-big5" || l == "csbig5" || l == "cn-big5") return "windows-950";
  if (l == "euc-kr" || l == "ks_c_5601-1987" || l == "ks_c_5601-1989" || l == "ksc5601" || l == "cseuckr" ||
      l == "korean")
    return "windows-949";
  // Anything else: let ICU resolve the label (iso-8859-15, koi8-r, windows-1251...).
  if (t_converters.get(l)) return l;
  UErrorCode e = U_ZERO_ERROR;
  UConverter* c = ucnv_open(l.c_str(), &e);
  if (U_FAILURE(e) || !c) return "";
  ucnv_close(c);
  return l;
}

bool convert_with(std::string_view input, const std::string& converter, std::string& out, size_t& invalid) {
  std::string cleaned;
  std::string_view bytes = input;
  if (converter == "ISO-2022-JP" && input.find('\x1b') != std::string_view::npos) {
    cleaned = drop_redundant_escapes(input);
    bytes = cleaned;
  }
  if (converter == "UTF-8" && core::is_valid_utf8(bytes)) {  // nothing to convert
    out.assign(bytes);
    invalid = 0;
    return true;
  }
  UErrorCode e = U_ZERO_ERROR;
  std::unique_ptr<UConverter, void (*)(UConverter*)> owned(nullptr, ucnv_close);
  UConverter* cached = t_converters.get(converter);
  if (!cached) {
    owned.reset(ucnv_open(converter.c_str(), &e));
    if (U_FAILURE(e) || !owned) return false;
  }
  UConverter* conv = cached ? cached : owned.get();
  CountingContext ctx;
  ucnv_setToUCallBack(conv, count_and_substitute, &ctx, nullptr, nullptr, &e);
  if (U_FAILURE(e)) return false;
  std::vector<UChar> u16(bytes.size() * 2 + 16);
  e = U_ZERO_ERROR;
  int32_t n = ucnv_toUChars(conv, u16.data(), static_cast<int32_t>(u16.size()), bytes.data(),
                            static_cast<int32_t>(bytes.size()), &e);
  if (e == U_BUFFER_OVERFLOW_ERROR) {
    u16.resize(n + 1);
    e = U_ZERO_ERROR;
    ctx.invalid = 0;
    ucnv_resetToUnicode(conv);
    n = ucnv_toUChars(conv, u16.data(), static_cast<int32_t>(u16.size()), bytes.data(),
                      static_cast<int32_t>(bytes.size()), &e);
  }
  UErrorCode e2 = U_ZERO_ERROR;  // the cached converter must not keep a pointer to ctx, which dies here
  ucnv_setToUCallBack(conv, UCNV_TO_U_CALLBACK_SUBSTITUTE, nullptr, nullptr, nullptr, &e2);
  if (U_FAILURE(e)) return false;
  // UTF-16 -> UTF-8 (a converter never returns unpaired surrogates; U+FFFD if one did)
  out.assign(static_cast<size_t>(n) * 3 + 4, '\0');
  int32_t m = 0;
  u_strToUTF8WithSub(out.data(), static_cast<int32_t>(out.size()), &m, u16.data(), n, 0xFFFD, nullptr, &e);
  if (U_FAILURE(e) && e != U_STRING_NOT_TERMINATED_WARNING) return false;
  out.resize(static_cast<size_t>(m));
  invalid = ctx.invalid;
  return true;
}

namespace {

// How the 8-bit bytes of `b` sit: in a single-byte Western text (windows-1252) each accented letter or symbol is
// one byte among ASCII ("Fr\xF6sche", "don\x92t", "\x95 item"); in Japanese and Chinese they come in runs, two bytes
// a character and characters next to each other.
struct HighByteShape {
  size_t runs = 0, single = 0, high = 0;
};

HighByteShape high_byte_shape(std::string_view b) {
  HighByteShape s;
  for (size_t i = 0; i < b.size();) {
    if (static_cast<unsigned char>(b[i]) < 0x80) {
      ++i;
      continue;
    }
    size_t j = i;
    while (j < b.size() && static_cast<unsigned char>(b[j]) >= 0x80) ++j;
    ++s.runs;
    s.high += j - i;
    if (j - i == 1) ++s.single;
    i = j;
  }
  return s;
}

struct JapaneseShape {
  size_t kana = 0, ideographs = 0, lone_ideographs = 0, private_use = 0, halfwidth = 0;
};

JapaneseShape japanese_shape(std::string_view text) {
  JapaneseShape s;
  auto cjk = [](char32_t c) { return (c >= 0x3040 && c <= 0x30FF) || (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3000 && c <= 0x303F); };
  char32_t prev = 0;
  std::vector<char32_t> cps;
  for (size_t i = 0; i < text.size();) {
    size_t len = core::utf8_sequence_length(text, i);
    if (!len) {
      ++i;
      continue;
    }
    cps.push_back(core::utf8_code_point(text, i, len));
    i += len;
  }
  for (size_t i = 0; i < cps.size(); ++i) {
    char32_t c = cps[i], next = i + 1 < cps.size() ? cps[i + 1] : 0;
    if (c >= 0x3040 && c <= 0x30FF) ++s.kana;
    else if (c >= 0x4E00 && c <= 0x9FFF) {
      ++s.ideographs;
      if (!cjk(prev) && !cjk(next)) ++s.lone_ideographs;
    } else if (c >= 0xE000 && c <= 0xF8FF) ++s.private_use;
    else if (c >= 0xFF61 && c <= 0xFF9F) ++s.halfwidth;
    prev = c;
  }
  return s;
}

}  // namespace

std::string detect_charset(std::string_view bytes) {
  if (has_iso2022_escape(bytes)) return "ISO-2022-JP";
  if (is_ascii(bytes)) return "US-ASCII";
  if (is_valid_utf8(bytes)) return "UTF-8";
  // Western single-byte text: most 8-bit bytes stand alone, next to letters. (Shift_JIS text has lone lead bytes
  // too, before an ASCII trail byte, but its characters follow each other: few of its runs are one byte long.)
  // Shift_JIS katakana have ASCII trail bytes too ("\x83\x65" テ): the Japanese reading must then hold kana, where a
  // Western text read as Shift_JIS gives lone ideographs between Latin letters ("Aten鈬o") and user-defined
  // characters (U+E000..).
  HighByteShape shape = high_byte_shape(bytes);
  std::string sjis;
  size_t bad_sjis = SIZE_MAX, bad_euc = SIZE_MAX;
  if (!convert_with(bytes, "windows-31j", sjis, bad_sjis)) bad_sjis = SIZE_MAX;
  bool single_bytes = shape.runs && shape.single * 10 >= shape.runs * 5;
  if (single_bytes) {
    JapaneseShape j = japanese_shape(sjis);
    size_t odd = j.lone_ideographs + j.private_use + j.halfwidth;
    if (j.kana * 4 < odd || (j.kana == 0 && shape.single * 10 >= shape.runs * 8)) return "windows-1252";
  }
  // Shift_JIS vs EUC-JP: the converter with fewer undecodable bytes wins; ties go to windows-31j.
  std::string euc;
  if (!convert_with(bytes, "EUC-JP", euc, bad_euc)) bad_euc = SIZE_MAX;
  std::string japanese = bad_euc < bad_sjis ? "EUC-JP" : "windows-31j";
  size_t bad_ja = std::min(bad_sjis, bad_euc);
  // Japanese text has kana; Korean and Chinese never do. Bytes that read as clean Japanese with kana are Japanese;
  // otherwise Korean (EUC-KR) or Chinese (Big5, GB18030) when they read better.
  JapaneseShape j = japanese_shape(bad_euc < bad_sjis ? euc : sjis);
  if (j.kana > 0 && (bad_ja == 0 || (j.kana * 5 > j.ideographs && bad_ja * 100 <= shape.high))) return japanese;
  std::string out;
  // Korean (EUC-KR): hangul syllables in short runs between spaces (Korean writes spaces between words; Chinese
  // and Japanese do not), where a Chinese reading of the same bytes is as clean
  size_t bad_kr = SIZE_MAX;
  if (shape.runs >= 3 && shape.high / shape.runs <= 8 && convert_with(bytes, "windows-949", out, bad_kr) && bad_kr == 0) {
    size_t hangul = 0, other = 0;
    for (size_t i = 0; i < out.size();) {
      size_t len = core::utf8_sequence_length(out, i);
      if (!len) break;
      char32_t c = core::utf8_code_point(out, i, len);
      if (c >= 0xAC00 && c <= 0xD7A3) ++hangul;
      else if (c >= 0x80) ++other;
      i += len;
    }
    if (hangul >= 2 && hangul * 10 >= (hangul + other) * 7) return "windows-949";
  }
  size_t bad_big5 = SIZE_MAX, bad_gb = SIZE_MAX;
  if (!convert_with(bytes, "windows-950", out, bad_big5)) bad_big5 = SIZE_MAX;
  if (!convert_with(bytes, "GB18030", out, bad_gb)) bad_gb = SIZE_MAX;
  if (bad_ja == 0 && j.ideographs <= 4) return japanese;  // a few kanji alone: Japanese is as likely as anything
  if (bad_big5 < bad_ja && bad_big5 <= bad_gb) return "windows-950";
  if (bad_gb < bad_ja) return "GB18030";
  return japanese;
}

Decoded decode_text(std::string_view bytes, std::string_view label) {
  Decoded d;
  d.decision.declared = core::trim(label);
  std::string conv = converter_for_label(label);
  auto try_conv = [&](const std::string& c, size_t& bad, std::string& text) {
    if (c == "US-ASCII") {
      // ASCII is decoded as UTF-8 so that stray 8-bit bytes show up as invalid, not as silent loss.
      text.assign(bytes);
      bad = core::sanitize_utf8(text);
      return true;
    }
    return convert_with(bytes, c, text, bad);
  };
  if (!conv.empty()) {
    size_t bad = 0;
    std::string text;
    bool ok = try_conv(conv, bad, text);
    // ISO-2022-JP and ASCII are 7-bit: 8-bit bytes under those labels mean the label is wrong (typically
    // Shift_JIS or UTF-8 labelled ISO-2022-JP), even where a converter maps them without complaint.
    bool looks_other = (conv != "ISO-2022-JP" && has_iso2022_escape(bytes)) ||
                       ((conv == "US-ASCII" || conv == "ISO-2022-JP") && !is_ascii(bytes));
    // A single-byte Western label over bytes that are valid UTF-8 with multi-byte sequences ("Â£90" for "£90"):
    // the text is UTF-8 (Latin-1 text is almost never valid UTF-8 by chance).
    bool single_byte_label = conv.rfind("windows-125", 0) == 0 || conv.rfind("iso-8859", 0) == 0 ||
                             conv.rfind("iso8859", 0) == 0 || conv == "windows-874";
    if (single_byte_label && !is_ascii(bytes) && is_valid_utf8(bytes)) looks_other = true;
    if (ok && bad == 0 && !looks_other) {
      d.text = std::move(text);
      d.decision.used = conv;
      d.decision.reason = "declared";
      return d;
    }
    // The label does not fit the bytes: detect.
    std::string guess = detect_charset(bytes);
    size_t gbad = 0;
    std::string gtext;
    if (guess != conv && try_conv(guess, gbad, gtext) && (!ok || gbad < bad || (looks_other && gbad <= bad))) {
      d.text = std::move(gtext);
      d.decision.used = guess;
      d.decision.reason = "detected";
      d.decision.invalid_bytes = gbad;
      return d;
    }
    if (ok) {
      d.text = std::move(text);
      d.decision.used = conv;
      d.decision.reason = "declared";
      d.decision.invalid_bytes = bad;
      return d;
    }
  }
  // Undeclared or unknown label.
  std::string guess = detect_charset(bytes);
  size_t bad = 0;
  if (try_conv(guess, bad, d.text)) {
    d.decision.used = guess;
    d.decision.reason = d.decision.declared.empty() ? (guess == "US-ASCII" ? "ascii" : "detected") : "detected";
    d.decision.invalid_bytes = bad;
    return d;
  }
  d.text.assign(bytes);
  d.decision.invalid_bytes = core::sanitize_utf8(d.text);
  d.decision.used = "UTF-8";
  d.decision.reason = "fallback";
  return d;
}

}  // namespace ps::parse
