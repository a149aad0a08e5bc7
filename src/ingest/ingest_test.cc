#include "ingest/ingest.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>

namespace ps::ingest {

TEST(Ingest, AcceptsHeaderStartAndMboxLine) {
  EXPECT_EQ(check_looks_like_mail("Subject: x\r\n\r\nbody"), "");
  EXPECT_EQ(check_looks_like_mail("From someone@example.jp Sat Jan  1 00:00:00 2026\nSubject: x\n\nb"), "");
}

TEST(Ingest, RejectsEmptyBinaryAndProse) {
  EXPECT_NE(check_looks_like_mail("").find("empty file"), std::string::npos);
  std::string bin("\x89PNG\r\n\x1a\n\0\0\0", 11);
  EXPECT_NE(check_looks_like_mail(bin).find("binary data"), std::string::npos);
  EXPECT_NE(check_looks_like_mail("hello world, this is not mail").find("no header field at byte offset"),
            std::string::npos);
}

TEST(Ingest, MissingFileAndDirectoryNameThePath) {
  auto r = read_message("/nonexistent/dir/mail.eml");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().where, "/nonexistent/dir/mail.eml");
  EXPECT_NE(r.error().what.find("No such file"), std::string::npos);
  auto d = read_message("/tmp");
  ASSERT_FALSE(d.ok());
  EXPECT_NE(d.error().what.find("directory"), std::string::npos);
}

TEST(Ingest, SizeLimitIsEnforced) {
  std::string path = ::testing::TempDir() + "/big.eml";
  {
    std::ofstream out(path);
    out << "Subject: big\n\n" << std::string(5000, 'x');
  }
  core::Limits lim;
  lim.max_message_bytes = 1000;
  auto r = read_message(path, lim);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().what.find("larger than the limit"), std::string::npos);
  lim.max_message_bytes = 10000;
  EXPECT_TRUE(read_message(path, lim).ok());
  std::remove(path.c_str());
}

}  // namespace ps::ingest
