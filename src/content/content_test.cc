// Hand-checked cases; expected values were printed by the oracle
// (/usr/bin/python3 with pelican 4.8, markupsafe 2.1.2, unidecode 1.3.6).
#include "content/content.h"

#include <gtest/gtest.h>

namespace stacks::content {
namespace {

TEST(Content, GetDateErrorQuotesLikePythonRepr) {
  DateTime today;
  today.year = 2024;
  today.month = 5;
  today.day = 17;
  today.hour = 13;
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
  DateTime d;
  d.year = 2020;
  d.month = 12;
  d.hour = 10;
  d.minute = 20;
  d.microsecond = 5;
  d.utc_offset = 3600;
  EXPECT_EQ(IsoFormat(d), "2020-12-01T10:20:00.000005+01:00");
  d.utc_offset = -(5 * 3600 + 30 * 60);
  d.microsecond = 0;
  EXPECT_EQ(IsoFormat(d, ' '), "2020-12-01 10:20:00-05:30");
  EXPECT_EQ(UtcMicros(d), (1606818000LL + 5 * 3600 + 1800) * 1000000);  // 2020-12-01T15:50:00Z
}

TEST(Content, CalendarHelpers) {
  EXPECT_EQ(Weekday(2010, 12, 3), 4);  // a Friday
  EXPECT_EQ(DayOfYear(2024, 12, 31), 366);
  EXPECT_EQ(DaysInMonth(2023, 2), 28);
  EXPECT_TRUE(IsLeapYear(2000));
  EXPECT_FALSE(IsLeapYear(1900));
}

TEST(Content, UnknownTimeZoneIsAnError) {
  DateTime d;
  std::string error;
  EXPECT_FALSE(Localize(d, "Mars/Olympus_Mons", &error));
  EXPECT_EQ(error, "unknown time zone 'Mars/Olympus_Mons'");
  EXPECT_FALSE(Localize(d, "../../etc/passwd", &error));
  d.utc_offset = 3600;
  std::optional<DateTime> aware = Localize(d, "Mars/Olympus_Mons", &error);
  ASSERT_TRUE(aware);  // aware dates are left alone, as set_date_tzinfo does
  EXPECT_EQ(*aware->utc_offset, 3600);
}

TEST(Content, BadSlugPatternIsAnError) {
  SlugOptions options;
  options.regex_subs = {{"([", ""}};
  std::string error;
  EXPECT_FALSE(Slugify("x", options, &error));
  EXPECT_EQ(error.rfind("bad slug substitution pattern '([': ", 0), 0u) << error;
}

// Linear inputs finish in milliseconds; a quadratic step would take minutes.
TEST(Content, PathologicalSlugInputsAreLinear) {
  SlugOptions options;
  options.regex_subs = DefaultSlugSubstitutions();
  for (const char* unit : {"<b>é</b> -", "<", "<!--", "&", "&#", "-", " ", "é"}) {
    std::string big;
    for (int i = 0; i < 100000; ++i) big += unit;
    EXPECT_TRUE(Slugify(big, options)) << unit;
  }
  std::string big;
  for (int i = 0; i < 20000; ++i) big += "<b>é</b> -";
  EXPECT_EQ(Slugify(big, options)->substr(0, 6), "e-e-e-");
}

}  // namespace
}  // namespace stacks::content
