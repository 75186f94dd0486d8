// Hand-checked cases; expected values were printed by the oracle
// (/usr/bin/python3 with pelican 4.8, markupsafe 2.1.2, unidecode 1.3.6).
#include "content/content.h"

#include <gtest/gtest.h>

namespace stacks::content {
namespace {

TEST(Content, GetDateErrorQuotesLikePythonRepr) {
  DateTime today{2024, 5, 17, 13, 14, 15};
  std::string error;
  EXPECT_FALSE(GetDate("bad", today, &error));
  EXPECT_EQ(error, "'bad' is not a valid date");
  EXPECT_FALSE(GetDate("it's", today, &error));
  EXPECT_EQ(error, "\"it's\" is not a valid date");
  std::optional<DateTime> d = GetDate("2020-01-01   10:00", today, &error);
  ASSERT_TRUE(d);
  EXPECT_EQ(IsoFormat(*d), "2020-01-01T10:00:00");
  d = GetDate("10:30", today, &error);
  ASSERT_TRUE(d);
  EXPECT_EQ(IsoFormat(*d), "2024-05-17T10:30:00");  // today's date, time from the text
}

TEST(Content, StripTagsAsMarkupSafe) {
  EXPECT_EQ(StripTags("<p>Tom &amp; <em>Jerry</em>&nbsp;x</p><!-- c -->  y"), "Tom & Jerry\u00a0x y");
}

TEST(Content, TransliterateAsUnidecode) {
  EXPECT_EQ(Transliterate("北京 Ærøskøbing ﬁ 🎉"), "Bei Jing  AEroskobing fi ");
}

TEST(Content, IsoFormatWithOffset) {
  DateTime d{2020, 12, 1, 10, 20, 0, 5, 3600};
  EXPECT_EQ(IsoFormat(d), "2020-12-01T10:20:00.000005+01:00");
  d.utc_offset = -(5 * 3600 + 30 * 60);
  d.microsecond = 0;
  EXPECT_EQ(IsoFormat(d, ' '), "2020-12-01 10:20:00-05:30");
}

TEST(Content, CalendarHelpers) {
  EXPECT_EQ(Weekday(2010, 12, 3), 4);  // a Friday
  EXPECT_EQ(DayOfYear(2024, 12, 31), 366);
  EXPECT_EQ(DaysInMonth(2023, 2), 28);
  EXPECT_TRUE(IsLeapYear(2000));
  EXPECT_FALSE(IsLeapYear(1900));
}

TEST(Content, BadSlugPatternIsAnError) {
  SlugOptions options;
  options.regex_subs = {{"([", ""}};
  std::string error;
  EXPECT_FALSE(Slugify("x", options, &error));
  EXPECT_EQ(error.rfind("bad slug substitution pattern '([': ", 0), 0u) << error;
}

TEST(Content, PathologicalSlugInputIsLinear) {
  std::string big;
  for (int i = 0; i < 20000; ++i) big += "<b>é</b> -";
  SlugOptions options;
  options.regex_subs = DefaultSlugSubstitutions();
  std::optional<std::string> slug = Slugify(big, options);
  ASSERT_TRUE(slug);
  EXPECT_EQ(slug->substr(0, 6), "e-e-e-");
}

}  // namespace
}  // namespace stacks::content
