#include "extract/pdf.h"

#include <gtest/gtest.h>
#include <zlib.h>

namespace ps::extract {

namespace {
std::string deflate_bytes(const std::string& in) {
  uLongf n = compressBound(in.size());
  std::string out(n, '\0');
  compress(reinterpret_cast<Bytef*>(out.data()), &n, reinterpret_cast<const Bytef*>(in.data()), in.size());
  out.resize(n);
  return out;
}
}  // namespace

TEST(Pdf, UriActionsAsWritten) {
  std::string pdf =
      "%PDF-1.4\n1 0 obj << /Type /Annot /Subtype /Link /A << /S /URI /URI (https://evil.example/a\\(1\\)) >> >> endobj\n"
      "2 0 obj << /A << /S /URI /URI <68747470733a2f2f6865782e6578616d706c652f> >> >> endobj\n"
      "3 0 obj << /A << /S /URI /URI (https://evil.example/a\\(1\\)) >> >> endobj\n"  // the same link twice: once
      "4 0 obj << /URI 7 0 R >> endobj\n"                                              // a reference: nothing to read
      "5 0 obj << /URI (http://oct.example/\\160) >> endobj\n%%EOF\n";
  auto r = pdf_links(pdf);
  EXPECT_EQ(r.uris, (std::vector<std::string>{"https://evil.example/a(1)", "https://hex.example/", "http://oct.example/p"}));
  EXPECT_EQ(r.error, "");
}

TEST(Pdf, UrisInsideCompressedObjectStreams) {
  std::string objstm = "<< /Type /Annot /Subtype /Link /A << /S /URI /URI (https://packed.example/login) >> >>";
  std::string z = deflate_bytes(objstm);
  std::string pdf = "%PDF-1.7\n5 0 obj << /Type /ObjStm /Filter /FlateDecode /Length " + std::to_string(z.size()) +
                    " >>\nstream\r\n" + z + "\nendstream\nendobj\n%%EOF\n";
  auto r = pdf_links(pdf);
  EXPECT_EQ(r.streams_inflated, 1);
  EXPECT_EQ(r.uris, std::vector<std::string>{"https://packed.example/login"});
}

TEST(Pdf, BrokenFilesGiveWhatTheyHave) {
  EXPECT_TRUE(pdf_links("").uris.empty());
  EXPECT_TRUE(pdf_links("%PDF-1.4 /URI (unterminated").uris.size() == 1);
  EXPECT_TRUE(pdf_links("%PDF-1.4\nstream\nx\x9c garbage").uris.empty());
  std::string z = deflate_bytes("/URI (https://cut.example/)");
  auto r = pdf_links("%PDF\nstream\n" + z.substr(0, z.size() - 6));  // truncated stream, no endstream
  EXPECT_EQ(r.uris, std::vector<std::string>{"https://cut.example/"});
}

}  // namespace ps::extract
