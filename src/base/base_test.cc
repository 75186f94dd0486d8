#include "base/base.h"

#include <gtest/gtest.h>

namespace stacks {
namespace {

TEST(Diagnostics, PointsAtTheColumnWithTheSourceLine) {
  std::string src = "first\nsecond line\nthird";
  Diagnostic d{Severity::kError, "a.md", "bad thing", src.find("line")};
  EXPECT_EQ(FormatDiagnostic(d, src), "a.md:2:8: error: bad thing\nsecond line\n       ^\n");
}

TEST(Diagnostics, CountsColumnsInCodePoints) {
  std::string src = "\xC3\xA9\xC3\xA9x";  // "ééx"
  Diagnostic d{Severity::kWarning, "p", "w", 4};
  EXPECT_EQ(FormatDiagnostic(d, src), "p:1:3: warning: w\n\xC3\xA9\xC3\xA9x\n  ^\n");
}

TEST(Diagnostics, OffsetAtLineStart) {
  std::string src = "a\nb";
  Diagnostic d{Severity::kError, "p", "m", 2};
  EXPECT_EQ(FormatDiagnostic(d, src), "p:2:1: error: m\nb\n^\n");
}

TEST(Utf8, FindsTheFirstBadByte) {
  EXPECT_EQ(FindInvalidUtf8("abc"), std::nullopt);
  EXPECT_EQ(FindInvalidUtf8("ab\xFF"), 2u);
  EXPECT_EQ(FindInvalidUtf8("\xC0\x80"), 0u);          // overlong
  EXPECT_EQ(FindInvalidUtf8("x\xED\xA0\x80"), 1u);     // surrogate
  EXPECT_EQ(FindInvalidUtf8("\xE2\x82"), 0u);          // truncated
  EXPECT_EQ(FindInvalidUtf8("\xF0\x9F\x98\x80"), std::nullopt);
}

TEST(Utf8, RoundTripsCodePoints) {
  for (char32_t cp : {0x41u, 0xE9u, 0x20ACu, 0x1F600u}) {
    std::string s;
    AppendUtf8(s, cp);
    size_t i = 0;
    EXPECT_EQ(DecodeUtf8(s, i), cp);
    EXPECT_EQ(i, s.size());
  }
}

TEST(Strings, SplitJoinReplace) {
  EXPECT_EQ(Split("a,,b", ','), (std::vector<std::string>{"a", "", "b"}));
  EXPECT_EQ(Join({"a", "b"}, "--"), "a--b");
  EXPECT_EQ(ReplaceAll("aXbXc", "X", "YY"), "aYYbYYc");
  EXPECT_EQ(StripAscii("  x y \n"), "x y");
}

TEST(Files, WriteThenReadGivesTheSameBytes) {
  std::string dir = ::testing::TempDir();
  std::string big;
  for (int i = 0; i < 300000; ++i) big.push_back(static_cast<char>(i * 7 % 256));  // every byte value, > one buffer
  for (const std::string& data : {std::string(), std::string("a\0b", 3), big}) {
    std::string path = dir + "/stacks_base_test_file";
    std::string error;
    ASSERT_TRUE(WriteFileAtomic(path, data, &error)) << error;
    std::optional<std::string> back = ReadFile(path, &error);
    ASSERT_TRUE(back.has_value()) << error;
    EXPECT_EQ(*back, data);
  }
}

TEST(Files, FileHasContentComparesEveryByte) {
  std::string path = ::testing::TempDir() + "/stacks_base_test_same";
  std::string data(600000, 'x');  // more than one comparison block
  ASSERT_TRUE(WriteFileAtomic(path, data));
  EXPECT_TRUE(FileHasContent(path, data));
  std::string last_differs = data;
  last_differs.back() = 'y';
  EXPECT_FALSE(FileHasContent(path, last_differs));
  EXPECT_FALSE(FileHasContent(path, data + "x"));
  EXPECT_FALSE(FileHasContent(path, ""));
  EXPECT_FALSE(FileHasContent(::testing::TempDir(), ""));  // a folder
  EXPECT_FALSE(FileHasContent(path + ".missing", ""));
  ASSERT_TRUE(WriteFileAtomic(path, ""));
  EXPECT_TRUE(FileHasContent(path, ""));
}

// Writes `pieces` through a FileUpdater over a file holding `old` (none:
// absent) and returns the outcome; `*after` gets the file's bytes.
FileUpdater::Outcome Update(const std::optional<std::string>& old, const std::vector<std::string>& pieces,
                            std::string* after) {
  std::string path = ::testing::TempDir() + "/stacks_base_test_updater";
  std::remove(path.c_str());
  if (old) EXPECT_TRUE(WriteFileAtomic(path, *old));
  FileUpdater updater(path);
  for (const std::string& p : pieces) updater.Append(p);
  FileUpdater::Outcome outcome = updater.Finish();
  *after = ReadFile(path).value_or("<missing>");
  return outcome;
}

TEST(Files, FileUpdaterWritesOnlyWhenTheBytesChange) {
  using O = FileUpdater::Outcome;
  std::string big(700000, 'a'), after;
  EXPECT_EQ(Update(std::nullopt, {"ab", "c"}, &after), O::kWritten);
  EXPECT_EQ(after, "abc");
  EXPECT_EQ(Update("abc", {"ab", "c"}, &after), O::kUnchanged);
  EXPECT_EQ(Update("abc", {"ab", "d"}, &after), O::kWritten);  // differs in the last piece
  EXPECT_EQ(after, "abd");
  EXPECT_EQ(Update("abc", {"ab"}, &after), O::kWritten);  // shorter
  EXPECT_EQ(after, "ab");
  EXPECT_EQ(Update("abc", {"abc", "d"}, &after), O::kWritten);  // longer
  EXPECT_EQ(after, "abcd");
  EXPECT_EQ(Update("abc", {}, &after), O::kWritten);
  EXPECT_EQ(after, "");
  EXPECT_EQ(Update(big, {big.substr(0, 400000), big.substr(400000)}, &after), O::kUnchanged);
  std::string changed = big;
  changed[650000] = 'b';  // the equal prefix (> one block) is copied from the old file
  EXPECT_EQ(Update(big, {changed.substr(0, 400000), changed.substr(400000)}, &after), O::kWritten);
  EXPECT_EQ(after, changed);
}

TEST(Files, FileUpdaterReportsAFolderItCannotWrite) {
  std::string error;
  FileUpdater updater(::testing::TempDir());  // a folder: rename over it fails
  updater.Append("x");
  EXPECT_EQ(updater.Finish(&error), FileUpdater::Outcome::kFailed);
  EXPECT_FALSE(error.empty());
}

TEST(Files, MissingFileIsAnErrorWithTheReason) {
  std::string error;
  EXPECT_FALSE(ReadFile(::testing::TempDir() + "/no/such/file", &error).has_value());
  EXPECT_EQ(error, "No such file or directory");
}

}  // namespace
}  // namespace stacks
