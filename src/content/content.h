// content: what Pelican does to a piece of content before a theme sees it.
//   - dates: python-dateutil's parser for the forms people write, Pelican's
//     get_date, Python's strftime with Pelican's `%-d` extension, and pytz's
//     time zones for TIMEZONE
//   - slugs: Pelican's slugify (markup stripped, NFKC, transliteration to
//     ASCII as the `unidecode` package does, regex substitutions)
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace stacks::content {

// ---- dates ------------------------------------------------------------------

/// A date and time as Pelican holds it: naive unless `utc_offset` is set
/// (seconds east of UTC). `tz_name` is what %Z prints for aware values
/// ("UTC", "CET", "PST"); empty when the zone has no name (`+01:00`).
struct DateTime {
  int year = 1970;
  int month = 1;   // 1..12
  int day = 1;     // 1..31
  int hour = 0;
  int minute = 0;
  int second = 0;
  int microsecond = 0;
  std::optional<int> utc_offset;
  std::string tz_name;

  bool operator==(const DateTime&) const = default;
};

/// Day of the week, Monday = 0 (Python's weekday()).
int Weekday(int year, int month, int day);
/// Day of the year, 1-based.
int DayOfYear(int year, int month, int day);
bool IsLeapYear(int year);
int DaysInMonth(int year, int month);

/// dateutil.parser.parse(text, default=...) for the forms people write in
/// metadata: ISO 8601 (with `T` or space, offsets, `Z`), `2010/12/03 10:20:33`,
/// `December 1, 2020`, `1 Dec 2020`, `Dec. 1st, 2020 at 5pm`, ... Fields the
/// text leaves out come from `defaults`. nullopt with `error` set (dateutil's
/// message) when dateutil would raise.
std::optional<DateTime> ParseDate(std::string_view text, const DateTime& defaults, std::string* error);

/// Pelican's get_date: runs of spaces collapsed, missing fields from today
/// at midnight (`today` gives the date). The error reads "'TEXT' is not a
/// valid date".
std::optional<DateTime> GetDate(std::string_view text, const DateTime& today, std::string* error);

/// Python's datetime.strftime (glibc's strftime, C locale: English names),
/// as `{date:%Y}` in URL patterns uses it: glibc's flags (`%-d`, `%_d`,
/// `%^a`) and extra directives (`%e`, `%F`, `%T`, ...) work.
std::string PyStrftime(const DateTime& date, std::string_view format);

/// Pelican's utils.strftime (used for `locale_date` and the `strftime`
/// filter): only C89 directives (plus `%-X` to drop leading zeros) are
/// formatted; any other `%X` stays as written.
std::string Strftime(const DateTime& date, std::string_view format);

/// ISO form as Python's isoformat(): `2020-12-01T10:20:00+01:00`.
std::string IsoFormat(const DateTime& date, char sep = 'T');

/// pytz.timezone(zone).localize(naive) (is_dst=False), as Pelican's
/// set_date_tzinfo applies TIMEZONE to naive dates: the zone's offset and
/// abbreviation at that wall-clock time, read from /usr/share/zoneinfo the
/// way pytz reads it (32-bit transition table, offsets rounded to minutes;
/// a time in a spring-forward gap keeps the offset before the gap, an
/// ambiguous time takes standard time). Aware dates are returned unchanged.
/// nullopt with `error` set for an unknown zone.
std::optional<DateTime> Localize(const DateTime& date, std::string_view zone, std::string* error);

/// Microseconds since 1970-01-01T00:00 UTC (a naive value read as UTC), to
/// order dates.
int64_t UtcMicros(const DateTime& date);

/// datetime.astimezone(pytz.timezone(zone)) for an aware date.
std::optional<DateTime> ToZone(const DateTime& aware, std::string_view zone, std::string* error);

// ---- slugs ------------------------------------------------------------------

struct SlugOptions {
  /// (pattern, replacement) pairs in Python `re` syntax, applied in order
  /// with IGNORECASE (Pelican's SLUG_REGEX_SUBSTITUTIONS).
  std::vector<std::pair<std::string, std::string>> regex_subs;
  bool preserve_case = false;
  bool use_unicode = false;
};

/// The default SLUG_REGEX_SUBSTITUTIONS.
std::vector<std::pair<std::string, std::string>> DefaultSlugSubstitutions();

/// pelican.utils.slugify. nullopt with `error` set when a pattern does not
/// compile.
std::optional<std::string> Slugify(std::string_view value, const SlugOptions& options, std::string* error = nullptr);

/// unidecode.unidecode: each non-ASCII code point replaced by its ASCII
/// transliteration (possibly empty).
std::string Transliterate(std::string_view text);

/// unicodedata.normalize('NFKC', text).
std::string NormalizeNfkc(std::string_view text);

/// markupsafe's Markup(text).striptags(): comments and tags removed,
/// whitespace collapsed, entities decoded.
std::string StripTags(std::string_view text);

}  // namespace stacks::content
