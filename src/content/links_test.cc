// os.path and urllib.parse as links.cc ports them; expected values printed
// by Python 3.11.
#include <gtest/gtest.h>

#include "content/content.h"
#include "content/item_paths.h"

namespace stacks::content {
namespace {

TEST(ContentPaths, UrlJoinAsUrllib) {
  EXPECT_EQ(UrlJoin("https://example.org/", "posts/a.html"), "https://example.org/posts/a.html");
  EXPECT_EQ(UrlJoin("/", "a/b.html"), "/a/b.html");
  EXPECT_EQ(UrlJoin("https://example.org/x/y", "../z.html"), "https://example.org/z.html");
  EXPECT_EQ(UrlJoin("http://a/b/c/d;p?q", "./g/."), "http://a/b/c/g/");
  EXPECT_EQ(UrlJoin("https://e.org/", "//cdn.org/x.js"), "https://cdn.org/x.js");
}

TEST(ContentPaths, UrlParseRoundTrip) {
  ParsedUrl u = UrlParse("a;p/b;q?z#f");
  EXPECT_EQ(u.path, "a;p/b");
  EXPECT_EQ(u.params, "q");
  EXPECT_EQ(u.query, "z");
  EXPECT_EQ(u.fragment, "f");
  EXPECT_EQ(UrlUnparse(u), "a;p/b;q?z#f");
  ParsedUrl h = UrlParse("http://h.org/p");
  EXPECT_EQ(h.scheme, "http");
  EXPECT_EQ(h.netloc, "h.org");
  EXPECT_EQ(h.path, "/p");
  EXPECT_EQ(UrlUnparse(UrlParse("/a/b.md?x=1")), "/a/b.md?x=1");
}

TEST(ContentPaths, NormAndRelPath) {
  EXPECT_EQ(NormPath("a/./b/../c"), "a/c");
  EXPECT_EQ(NormPath("/x/../../y"), "/y");
  EXPECT_EQ(NormPath("../a/b"), "../a/b");
  EXPECT_EQ(NormPath(""), ".");
  EXPECT_EQ(RelPath("/a/b/c.png", "/a/d"), "../b/c.png");
}

TEST(ContentUrls, FormatUrlPatternWithDates) {
  DateTime date;
  date.year = 2020;
  date.month = 6;
  date.day = 3;
  std::map<std::string, MetaValue> fields{{"slug", MetaValue::Text("hello")}, {"date", MetaValue::Date(date)}};
  EXPECT_EQ(FormatUrlPattern("{date:%Y}/{date:%m}/{slug}/{{x}}", fields), "2020/06/hello/{x}");
  EXPECT_EQ(FormatUrlPattern("{date}", fields), "2020-06-03 00:00:00");
}

}  // namespace
}  // namespace stacks::content
