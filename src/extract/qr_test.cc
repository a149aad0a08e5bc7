#include "extract/qr.h"

#include <gtest/gtest.h>
#include <png.h>

#include <cstring>

#include "test_util.h"

namespace ps::extract {

TEST(QrCode, ReadsPngAndJpeg) {
  const std::string url = "https://eki-net-check.example.cn/login?id=42";
  std::string png = test::qr_png(url);
  ASSERT_FALSE(png.empty());
  auto r = read_image_codes(png, 1u << 20);
  EXPECT_EQ(r.error, "");
  EXPECT_EQ(r.texts, std::vector<std::string>{url});
  std::string jpg = test::qr_jpeg(url, 240);
  ASSERT_FALSE(jpg.empty());
  r = read_image_codes(jpg, 1u << 20);
  EXPECT_EQ(r.error, "");
  EXPECT_EQ(r.texts, std::vector<std::string>{url});
}

TEST(QrCode, JapaneseTextInUtf8) {
  auto r = read_image_codes(test::qr_png("本人確認 https://a.example/", 240), 1u << 20);
  ASSERT_EQ(r.texts.size(), 1u);
  EXPECT_EQ(r.texts[0], "本人確認 https://a.example/");
}

TEST(QrCode, ImagesWithoutCodesAndBadImages) {
  // a plain white PNG: read, no code
  std::vector<unsigned char> px(64 * 64, 255);
  png_image img;
  std::memset(&img, 0, sizeof img);
  img.version = PNG_IMAGE_VERSION;
  img.width = img.height = 64;
  img.format = PNG_FORMAT_GRAY;
  std::string white(100000, '\0');
  png_alloc_size_t n = white.size();
  ASSERT_TRUE(png_image_write_to_memory(&img, white.data(), &n, 0, px.data(), 0, nullptr));
  white.resize(n);
  auto r = read_image_codes(white, 1u << 20);
  EXPECT_EQ(r.error, "");
  EXPECT_TRUE(r.texts.empty());
  // a PNG signature followed by garbage
  r = read_image_codes(white.substr(0, 8) + std::string(40, 'x'), 1u << 20);
  EXPECT_NE(r.error.find("PNG not readable"), std::string::npos) << r.error;
  EXPECT_TRUE(r.texts.empty());
  r = read_image_codes("GIF89a....", 1u << 20);
  EXPECT_EQ(r.error, "not a PNG or JPEG image");
  std::string jpg = test::qr_jpeg("https://a.example/", 200);
  r = read_image_codes(jpg.substr(0, jpg.size() / 3), 1u << 20);  // truncated: decoded partly or refused, no crash
  EXPECT_TRUE(r.texts.empty() || r.texts[0] == "https://a.example/");
  // over the pixel limit: not decoded
  r = read_image_codes(test::qr_png("https://a.example/", 300), 200 * 200);
  EXPECT_NE(r.error.find("over the limit"), std::string::npos) << r.error;
  EXPECT_TRUE(r.texts.empty());
}

}  // namespace ps::extract
