// Codes in images: QR codes (and Data Matrix, Aztec, PDF417) in PNG and JPEG images, read with zxing.
// Phishing mails put the link in a QR code so that link scanners and the mail client never see it ("quishing").
#pragma once
#include <string>
#include <string_view>
#include <vector>

namespace ps::extract {

struct ImageCodes {
  std::vector<std::string> texts;  // decoded contents, in the order zxing found them
  std::string error;               // why the image could not be read ("" when it was read, codes or not)
};

// PNG or JPEG bytes; images of more than `max_pixels` pixels are not decoded (error says so).
ImageCodes read_image_codes(std::string_view image, size_t max_pixels);

}  // namespace ps::extract
