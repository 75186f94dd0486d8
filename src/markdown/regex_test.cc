// Expected values were produced by Python 3.11's `re` module.
#include "markdown/regex.h"

#include <gtest/gtest.h>

namespace stacks::markdown {
namespace {

TEST(Regex, SubWithEmptyMatchesFollowsPython37) {
  Regex re("x*");
  EXPECT_EQ(re.SubTemplate("abxd", "-"), "-a-b--d-");
}

TEST(Regex, SplitKeepsGroups) {
  Regex re("(,)");
  EXPECT_EQ(re.Split("a,b,,c"), (std::vector<std::string>{"a", ",", "b", ",", "", ",", "c"}));
}

TEST(Regex, NamedGroupsAndUnicodeWordCharacters) {
  Regex re(R"((?P<w>\w+))");
  EXPECT_EQ(re.SubTemplate("h\xC3\xA9llo w\xC3\xB6rld", R"(<\g<w>>)"), "<h\xC3\xA9llo> <w\xC3\xB6rld>");
}

TEST(Regex, BackslashZIsTheVeryEnd) {
  EXPECT_FALSE(Regex(R"(abc\Z)").MatchAt("abc\n"));
  EXPECT_TRUE(Regex(R"(abc$)").MatchAt("abc\n"));
}

TEST(Regex, MatchAtIsAnchoredAtPos) {
  Regex re("b");
  auto m = re.MatchAt("abc", 1);
  ASSERT_TRUE(m);
  EXPECT_EQ(m->Group(), "b");
  EXPECT_FALSE(re.MatchAt("abc", 0));
}

TEST(Regex, UnsetGroupsAreNotPresent) {
  Regex re("(a)|(b)");
  auto m = re.Search("b");
  ASSERT_TRUE(m);
  EXPECT_FALSE(m->Has(1));
  EXPECT_TRUE(m->Has(2));
}

}  // namespace
}  // namespace stacks::markdown
