#include "extract/qr.h"

#include <png.h>
#include <turbojpeg.h>

#define ZX_USE_UTF8 1
#include <ZXing/ReadBarcode.h>

#include <cstring>
#include <memory>

namespace ps::extract {

namespace {

struct Gray {
  std::vector<unsigned char> pixels;
  int width = 0;
  int height = 0;
};

// libpng's simplified API: bounds-checked, converts any PNG to 8-bit gray
bool decode_png(std::string_view b, size_t max_pixels, Gray& out, std::string& error) {
  png_image img;
  std::memset(&img, 0, sizeof img);
  img.version = PNG_IMAGE_VERSION;
  if (!png_image_begin_read_from_memory(&img, b.data(), b.size())) {
    error = std::string("PNG not readable: ") + img.message;
    return false;
  }
  if (static_cast<size_t>(img.width) * img.height > max_pixels || img.width == 0 || img.height == 0) {
    error = "PNG of " + std::to_string(img.width) + "x" + std::to_string(img.height) + " pixels is over the limit";
    png_image_free(&img);
    return false;
  }
  img.format = PNG_FORMAT_GRAY;
  out.width = static_cast<int>(img.width);
  out.height = static_cast<int>(img.height);
  out.pixels.resize(PNG_IMAGE_SIZE(img));
  // a transparent background is composited on white, as a mail client shows it
  png_color white{255, 255, 255};
  if (!png_image_finish_read(&img, &white, out.pixels.data(), 0, nullptr)) {
    error = std::string("PNG not decodable: ") + img.message;
    png_image_free(&img);
    return false;
  }
  return true;
}

bool decode_jpeg(std::string_view b, size_t max_pixels, Gray& out, std::string& error) {
  std::unique_ptr<void, int (*)(tjhandle)> tj(tjInitDecompress(), tjDestroy);
  if (!tj) {
    error = "JPEG decoder not available";
    return false;
  }
  int w = 0, h = 0, subsamp = 0, colorspace = 0;
  auto* data = reinterpret_cast<const unsigned char*>(b.data());
  if (tjDecompressHeader3(tj.get(), data, static_cast<unsigned long>(b.size()), &w, &h, &subsamp, &colorspace) != 0) {
    error = std::string("JPEG not readable: ") + tjGetErrorStr2(tj.get());
    return false;
  }
  if (w <= 0 || h <= 0 || static_cast<size_t>(w) * static_cast<size_t>(h) > max_pixels) {
    error = "JPEG of " + std::to_string(w) + "x" + std::to_string(h) + " pixels is over the limit";
    return false;
  }
  out.width = w;
  out.height = h;
  out.pixels.resize(static_cast<size_t>(w) * h);
  if (tjDecompress2(tj.get(), data, static_cast<unsigned long>(b.size()), out.pixels.data(), w, 0, h, TJPF_GRAY, 0) != 0 &&
      tjGetErrorCode(tj.get()) == TJERR_FATAL) {
    error = std::string("JPEG not decodable: ") + tjGetErrorStr2(tj.get());
    return false;
  }
  return true;
}

}  // namespace

ImageCodes read_image_codes(std::string_view image, size_t max_pixels) {
  ImageCodes r;
  Gray g;
  bool ok = false;
  if (image.size() >= 8 && std::memcmp(image.data(), "\x89PNG\r\n\x1a\n", 8) == 0) {
    ok = decode_png(image, max_pixels, g, r.error);
  } else if (image.size() >= 3 && std::memcmp(image.data(), "\xff\xd8\xff", 3) == 0) {
    ok = decode_jpeg(image, max_pixels, g, r.error);
  } else {
    r.error = "not a PNG or JPEG image";
  }
  if (!ok) return r;
  ZXing::DecodeHints hints;
  // Micro QR is left out: zxing 1.4's Micro QR sampler aborts on an assertion for some images (found by
  // fuzz/image_fuzzer; the input is in fuzz/corpus/image), and phishing uses full QR codes
  hints.setFormats(ZXing::BarcodeFormat::QRCode | ZXing::BarcodeFormat::DataMatrix | ZXing::BarcodeFormat::Aztec |
                   ZXing::BarcodeFormat::PDF417);
  hints.setTryHarder(true);
  hints.setTryRotate(true);
  ZXing::ImageView view(g.pixels.data(), g.width, g.height, ZXing::ImageFormat::Lum);
  for (const auto& res : ZXing::ReadBarcodes(view, hints))
    if (res.isValid() && r.texts.size() < 20) r.texts.push_back(res.text());
  return r;
}

}  // namespace ps::extract
