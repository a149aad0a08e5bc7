#include "core/text.h"

#include <gtest/gtest.h>

namespace ps::core {

TEST(Defang, HostDotsAndScheme) {
  EXPECT_EQ(defang_url("https://eki-net-carcini.ddnxw.cn/Perosnal_member/"),
            "hxxps://eki-net-carcini[.]ddnxw[.]cn/Perosnal_member/");
  EXPECT_EQ(defang_url("http://a.b/c.d?e.f"), "hxxp://a[.]b/c.d?e.f");
  EXPECT_EQ(defang_url("HTTPS://x.y"), "hxxps://x[.]y");
}

TEST(Defang, TextKeepsSurroundings) {
  EXPECT_EQ(defang_text("「えきねっと」 https://www.eki-net.com/ です"), "「えきねっと」 hxxps://www[.]eki-net[.]com/ です");
  EXPECT_EQ(defang_text("no links here"), "no links here");
  EXPECT_EQ(defang_text("a http://x.y b https://z.w"), "a hxxp://x[.]y b hxxps://z[.]w");
}

TEST(Utf8, LengthAndIndex) {
  std::string s = "あいu";
  EXPECT_EQ(utf8_length(s), 3u);
  EXPECT_EQ(utf8_index_of_byte(s, 3), 1u);
  EXPECT_EQ(utf8_index_of_byte(s, 6), 2u);
}

TEST(Utf8, SanitizeReplacesInvalidBytes) {
  std::string s = "a\xff" "b\xe3\x81";
  EXPECT_EQ(sanitize_utf8(s), 3u);
  EXPECT_EQ(s, "a\xEF\xBF\xBD" "b\xEF\xBF\xBD\xEF\xBF\xBD");
  std::string ok = "正常";
  EXPECT_EQ(sanitize_utf8(ok), 0u);
  EXPECT_EQ(ok, "正常");
}

TEST(Sha256, KnownVector) {
  EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(Strings, SplitTrimLower) {
  EXPECT_EQ(split("a;b;;c", ';').size(), 4u);
  EXPECT_EQ(trim("  x y \r\n"), "x y");
  EXPECT_EQ(to_lower_ascii("AbC"), "abc");
  EXPECT_TRUE(iequals("Received", "RECEIVED"));
}

}  // namespace ps::core

namespace ps::core {

TEST(Text, CodePointsAndCollapsedSpace) {
  std::string s = "a\xC3\xA9\xE2\x80\x8B\xF0\x9F\x98\x80";  // a é ZWSP 😀
  EXPECT_EQ(utf8_code_point(s, 0, 1), U'a');
  EXPECT_EQ(utf8_code_point(s, 1, 2), U'\u00E9');
  EXPECT_EQ(utf8_code_point(s, 3, 3), U'\u200B');
  EXPECT_EQ(utf8_code_point(s, 6, 4), U'\U0001F600');
  EXPECT_EQ(collapse_space("  a \n\t b  "), "a b");
  EXPECT_EQ(collapse_space(" \n "), "");
}

}  // namespace ps::core

namespace ps::core {
TEST(Text, Base64Decode) {
  EXPECT_EQ(base64_decode("aHR0cHM6Ly9ldmlsLmV4YW1wbGUvcA=="), "https://evil.example/p");
  EXPECT_EQ(base64_decode("aHR0cHM6Ly9ldmlsLmV4YW1wbGUvcA"), "https://evil.example/p");  // padding optional
  EXPECT_EQ(base64_decode("aGk\n=="), "hi");
  EXPECT_EQ(base64_decode("-_8"), std::string("\xfb\xff"));  // URL-safe alphabet
  EXPECT_EQ(base64_decode(""), "");
  EXPECT_FALSE(base64_decode("not base64!"));
  EXPECT_FALSE(base64_decode("aGk=x"));  // data after padding
  EXPECT_FALSE(base64_decode("a"));      // no encoder writes one lone character
}
}  // namespace ps::core

namespace ps::core {
TEST(Text, SimHashGroupsOneTemplate) {
  std::string a = "いつも「えきねっと」をご利用いただきありがとうございます。お客様のお支払い情報に問題が発生しました。"
                  "注文番号 12345 のお支払いを確認できませんでした。下記よりログインしてご確認ください。";
  std::string b = "いつも「えきねっと」をご利用いただきありがとうございます。お客様のお支払い情報に問題が発生しました。"
                  "注文番号 98761 のお支払いを確認できませんでした。下記よりログインしてご確認ください。";
  std::string c = "来週の打ち合わせは水曜日の午後三時からに変更になりました。資料は前日までに共有します。よろしくお願いします。";
  EXPECT_EQ(simhash64(a), simhash64(b));  // only the digits differ
  EXPECT_LE(hamming64(simhash64(a), simhash64(a + "山田様")), 6);
  EXPECT_GE(hamming64(simhash64(a), simhash64(c)), 16);
  EXPECT_EQ(simhash64("ab"), 0u);
}

// The definition, one vote per bit and 3-gram, against which the counting in simhash64 is checked.
static uint64_t simhash64_by_votes(std::string_view input) {
  std::string text;
  for (size_t i = 0; i < input.size();) {
    if (input.compare(i, 7, "http://") == 0 || input.compare(i, 8, "https://") == 0) {
      while (i < input.size() && input[i] != ' ' && input[i] != '\n' && input[i] != '\t' && input[i] != '\r') ++i;
      continue;
    }
    text += input[i++];
  }
  std::vector<char32_t> cps;
  for (size_t i = 0; i < text.size();) {
    size_t len = utf8_sequence_length(text, i);
    if (len == 0) { ++i; continue; }
    char32_t c = utf8_code_point(text, i, len);
    i += len;
    if (c < 0x80) {
      if (c >= 'A' && c <= 'Z') c += 32;
      else if (c >= '0' && c <= '9') c = '0';
      else if (!(c >= 'a' && c <= 'z')) continue;
    } else if (c == 0x3000 || (c >= 0x3001 && c <= 0x3003) || c == 0xFEFF || (c >= 0x2000 && c <= 0x206F)) {
      continue;
    } else if (c >= 0xFF10 && c <= 0xFF19) {
      c = '0';
    }
    cps.push_back(c);
  }
  if (cps.size() < 3) return 0;
  int votes[64] = {};
  for (size_t i = 0; i + 2 < cps.size(); ++i) {
    uint64_t h = 1469598103934665603ull;
    for (size_t k = 0; k < 3; ++k) {
      h ^= static_cast<uint64_t>(cps[i + k]);
      h *= 1099511628211ull;
    }
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdull;
    h ^= h >> 33;
    for (int b = 0; b < 64; ++b) votes[b] += (h >> b) & 1 ? 1 : -1;
  }
  uint64_t out = 0;
  for (int b = 0; b < 64; ++b)
    if (votes[b] > 0) out |= uint64_t{1} << b;
  return out;
}

TEST(Text, SimHashCountsAsItsDefinitionVotes) {
  // texts of every length around the counters' flush (255 3-grams), mixed scripts, URLs, digits
  std::string piece = "お客様のアカウントは12月1日に停止されます。Verify at https://x.example/a?b=1 now! ";
  std::string text;
  for (int n = 0; n < 40; ++n) {
    EXPECT_EQ(simhash64(text), simhash64_by_votes(text)) << "length " << text.size();
    text += piece.substr(0, (n * 37) % piece.size());
    text += piece;
  }
  EXPECT_GT(text.size(), 4000u);
}
}  // namespace ps::core

namespace ps::core {
TEST(Uuid5, MatchesRfc4122AndStixExamples) {
  // Python: uuid.uuid5(uuid.NAMESPACE_DNS, "python.org")
  EXPECT_EQ(uuid5("6ba7b810-9dad-11d1-80b4-00c04fd430c8", "python.org"), "886313e1-3b8a-5372-9b90-0c9aee199e5d");
  // STIX 2.1 SCO id of {"value":"example.com"} in the STIX namespace
  EXPECT_EQ(uuid5("00abedb4-aa42-466c-9c01-fed23315a9b7", R"({"value":"example.com"})"),
            "bedb4899-d24b-5401-bc86-8f6b4cc18ec7");
}
TEST(Base64, EncodesWithPadding) {
  EXPECT_EQ(base64_encode(""), "");
  EXPECT_EQ(base64_encode("f"), "Zg==");
  EXPECT_EQ(base64_encode("fo"), "Zm8=");
  EXPECT_EQ(base64_encode("foo"), "Zm9v");
  EXPECT_EQ(base64_decode(base64_encode(std::string("\0\xff\x10" "ab", 5))), std::string("\0\xff\x10" "ab", 5));
}
TEST(Text, VisibleTextShowsControlsAndReorderingMarks) {
  EXPECT_EQ(visible_text("a\tb\nc"), "a\tb\nc");
  EXPECT_EQ(visible_text("\x1b]52;c;ZXZpbA==\x07"), "␛]52;c;ZXZpbA==␇");  // OSC 52 clipboard write
  EXPECT_EQ(visible_text(std::string("x\r\0y\x7f", 5)), "x␍␀y␡");
  EXPECT_EQ(visible_text(std::string("n\0m", 3)), "n␀m");
  EXPECT_EQ(visible_text("\xC2\x9B" "2J"), "<U+009B>2J");                     // C1 CSI
  EXPECT_EQ(visible_text("invoice\xE2\x80\xAE" "fdp.exe"), "invoice<U+202E>fdp.exe");  // RLO file-name trick
  EXPECT_EQ(visible_text("bad \xFF end"), "bad \xEF\xBF\xBD end");
  EXPECT_EQ(visible_text("日本語 ①㈱"), "日本語 ①㈱");
}

TEST(Text, UnmaskShowsWhatAReaderSees) {
  EXPECT_EQ(unmask("&#80;ayPal"), "PayPal");
  EXPECT_EQ(unmask("M\U000E0139\U000E0139icrosoft"), "Microsoft");       // supplementary variation selectors
  EXPECT_EQ(unmask("services\u073F.\u073Famzn.com"), "services.amzn.com");  // Syriac marks on ASCII
  EXPECT_EQ(unmask("Ｉｔａú"), "Itau");
  EXPECT_EQ(unmask("\u0410\u0440\u0440le"), "Apple");                    // Cyrillic А, р inside a Latin word
  EXPECT_EQ(unmask("Привет"), "Привет");                                 // Russian stays Russian
  EXPECT_EQ(unmask("日本語のメール"), "日本語のメール");
}

TEST(Text, MixedScriptWords) {
  auto w = mixed_script_words("Your \u0430ccount at P\u0430yPal; Привет мир");
  ASSERT_EQ(w.size(), 2u);
  EXPECT_EQ(w[0], "\u0430ccount");
  EXPECT_EQ(w[1], "P\u0430yPal");
  EXPECT_TRUE(mixed_script_words("Ваш аккаунт заблокирован").empty());
  EXPECT_TRUE(mixed_script_words("plain ASCII words").empty());
}

}  // namespace ps::core
