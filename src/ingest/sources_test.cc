#include "ingest/sources.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

namespace ps::ingest {

namespace fs = std::filesystem;

static std::vector<std::string> collect(const std::string& path, std::vector<std::string>* errors = nullptr,
                                        core::Limits limits = {}) {
  std::vector<std::string> out;
  auto r = for_each_message(path, limits, [&](core::Result<RawMessage> m) {
    if (m.ok()) out.push_back(m->source + "|" + m->bytes);
    else if (errors) errors->push_back(m.error().str());
    return true;
  });
  EXPECT_TRUE(r.ok());
  return out;
}

static std::string tmpdir(const std::string& name) {
  std::string d = ::testing::TempDir() + "/ps-sources-" + name;
  fs::remove_all(d);
  fs::create_directories(d);
  return d;
}

static void write(const std::string& path, const std::string& text) { std::ofstream(path, std::ios::binary) << text; }

TEST(Sources, MboxrdSplitsAndUnquotes) {
  std::string d = tmpdir("mbox");
  write(d + "/box.mbox",
        "From a@example.jp Sun Mar 15 12:00:00 2026\n"
        "Subject: one\n\nline\n>From the start of a line\n>>From nested\n\n"
        "From b@example.jp Sun Mar 15 12:01:00 2026\n"
        "Subject: two\n\nbody\nFrom here on this line is not a separator (no blank line before)\n");
  auto kind = detect_source(d + "/box.mbox");
  ASSERT_TRUE(kind.ok());
  EXPECT_EQ(*kind, SourceKind::Mbox);
  auto msgs = collect(d + "/box.mbox");
  ASSERT_EQ(msgs.size(), 2u);
  EXPECT_EQ(msgs[0], d + "/box.mbox#1|Subject: one\n\nline\nFrom the start of a line\n>From nested\n");
  EXPECT_EQ(msgs[1].substr(msgs[1].find('|') + 1),
            "Subject: two\n\nbody\nFrom here on this line is not a separator (no blank line before)\n");
}

// The count a batch shows progress against is the number of messages read, whatever the line ends, the blank lines
// and where the separators fall in the counter's 1 MB reads.
TEST(Sources, MboxCountedAsRead) {
  std::string d = tmpdir("mbox-count");
  const std::string sep = "From x@example.jp Sun Mar 15 12:00:00 2026";
  std::vector<std::pair<std::string, std::string>> boxes = {
      {"empty", ""},
      {"one, no newline at the end", sep + "\nSubject: a\n\nbody"},
      {"crlf", sep + "\r\nSubject: a\r\n\r\nbody\r\n\r\n" + sep + "\r\nSubject: b\r\n\r\nx\r\n"},
      {"blank line of CRs", sep + "\nA: 1\n\nbody\n\r\r\n" + sep + "\nA: 2\n\nx\n"},
      {"not after a blank line", sep + "\nA: 1\n\nbody\n" + sep + "\n\n" + sep + "\nA: 2\n\nx\n"},
      {"From without a space", sep + "\nA: 1\n\nx\n\nFrom\n\nFrom\r\n\nFromage\n"},
      {"separator as the last bytes", sep + "\nA: 1\n\nx\n\nFrom "},
      // the reader takes a line over 1 MB in pieces: the newline after exactly 1 MB is not a blank line of its own
      {"a line of exactly 1 MB, then From", sep + "\nA: 1\n\n" + std::string(1 << 20, 'z') + "\n" + sep + "\n"},
      {"a line of 3 MB", sep + "\nA: 1\n\n" + std::string(3 << 20, 'x') + "\n\n" + sep + "\nA: 2\n\nx\n"},
  };
  // a separator line starting a few bytes before, at and after the end of the first 1 MB read
  for (int k = -6; k <= 6; ++k) {
    std::string first = sep + "\nA: 1\n\n";
    size_t body = (size_t{1} << 20) + static_cast<size_t>(k + 16) - 16 - first.size() - 2;
    boxes.push_back({"separator at 1 MB " + std::to_string(k),
                     first + std::string(body, 'y') + "\n\n" + sep + "\nA: 2\n\nx\n"});
  }
  auto expected = [](const std::string& what) -> size_t {
    // an empty file is read as one (unreadable) mail, not as an mbox; "\r\r\n" is no blank line to the reader
    if (what == "empty" || what == "one, no newline at the end" || what == "From without a space" ||
        what == "blank line of CRs" || what == "a line of exactly 1 MB, then From")
      return 1;
    return 2;
  };
  for (const auto& [what, text] : boxes) {
    write(d + "/box.mbox", text);
    core::Limits lim;
    lim.max_message_bytes = 8 << 20;
    size_t read = 0;
    auto r = for_each_message(d + "/box.mbox", lim, [&](core::Result<RawMessage>) {
      ++read;
      return true;
    });
    ASSERT_TRUE(r.ok()) << what;
    auto counted = count_messages(d + "/box.mbox");
    ASSERT_TRUE(counted.ok()) << what;
    EXPECT_EQ(*counted, read) << what;
    EXPECT_EQ(read, expected(what)) << what;
  }
}

TEST(Sources, MboxOversizedMessageIsAnErrorAndTheRestGoesOn) {
  std::string d = tmpdir("mbox-big");
  write(d + "/box.mbox", "From x Sun Mar 15 12:00:00 2026\nSubject: big\n\n" + std::string(5000, 'x') +
                             "\n\nFrom y Sun Mar 15 12:00:00 2026\nSubject: small\n\nok\n");
  core::Limits lim;
  lim.max_message_bytes = 1000;
  std::vector<std::string> errors;
  auto msgs = collect(d + "/box.mbox", &errors, lim);
  ASSERT_EQ(msgs.size(), 1u);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_NE(errors[0].find("box.mbox#1: message larger than the limit"), std::string::npos);
  EXPECT_NE(msgs[0].find("Subject: small"), std::string::npos);
}

TEST(Sources, MaildirAndDirectoryOfEml) {
  std::string m = tmpdir("maildir");
  fs::create_directories(m + "/cur");
  fs::create_directories(m + "/new");
  fs::create_directories(m + "/tmp");
  write(m + "/cur/1700000000.1.host:2,S", "Subject: a\n\nx\n");
  write(m + "/new/1700000001.2.host", "Subject: b\n\nx\n");
  write(m + "/tmp/1700000002.3.host", "Subject: partial\n\nx\n");  // being delivered: not read
  EXPECT_EQ(*detect_source(m), SourceKind::Maildir);
  EXPECT_EQ(collect(m).size(), 2u);

  std::string d = tmpdir("dir");
  write(d + "/b.eml", "Subject: b\n\nx\n");
  write(d + "/a.eml", "Subject: a\n\nx\n");
  write(d + "/notes.txt", "not a mail");
  write(d + "/broken.eml", "");
  EXPECT_EQ(*detect_source(d), SourceKind::Directory);
  std::vector<std::string> errors;
  auto msgs = collect(d, &errors);
  ASSERT_EQ(msgs.size(), 2u);
  EXPECT_EQ(msgs[0].substr(0, msgs[0].find('|')), d + "/a.eml");  // sorted
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_NE(errors[0].find("broken.eml: empty file"), std::string::npos);

  // mailbox files in a directory of mail are read message by message
  write(d + "/old.mbox", "From a@x Mon Jan  1 00:00:00 2024\nSubject: m1\n\nx\n\nFrom b@x Mon Jan  1 00:00:00 2024\nSubject: m2\n\ny\n");
  errors.clear();
  msgs = collect(d, &errors);
  ASSERT_EQ(msgs.size(), 4u);
  EXPECT_EQ(msgs[2].substr(0, msgs[2].find('|')), d + "/old.mbox#1");
  EXPECT_EQ(msgs[3].substr(0, msgs[3].find('|')), d + "/old.mbox#2");
  EXPECT_EQ(*count_messages(d), 5u);  // 2 .eml, the broken one, 2 in the mailbox
}

TEST(Sources, MissingPath) {
  auto r = detect_source("/nonexistent/box");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().where, "/nonexistent/box");
}

}  // namespace ps::ingest
