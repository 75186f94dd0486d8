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

TEST(Files, MissingFileIsAnErrorWithTheReason) {
  std::string error;
  EXPECT_FALSE(ReadFile(::testing::TempDir() + "/no/such/file", &error).has_value());
  EXPECT_EQ(error, "No such file or directory");
}

}  // namespace
}  // namespace stacks
