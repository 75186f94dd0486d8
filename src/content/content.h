// content: what Pelican does to a piece of content before a theme sees it.
//   - dates: python-dateutil's parser for the forms people write, Pelican's
//     get_date, Python's strftime with Pelican's `%-d` extension, and pytz's
//     time zones for TIMEZONE
//   - slugs: Pelican's slugify (markup stripped, NFKC, transliteration to
//     ASCII as the `unidecode` package does, regex substitutions)
//   - readers: Pelican's MarkdownReader and HTMLReader with its metadata
//     processing (read_file: DEFAULT_METADATA, path and file-name metadata)
//   - items: Pelican's Article/Page/Static (slug, status, url/save_as,
//     summary), truncate_html_words, intra-site links ({filename}, ...)
#pragma once

#include <map>
#include <nlohmann/json.hpp>

#include "markdown/markdown.h"

#include <clocale>
#include <cstdint>
#include <locale.h>
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

/// The local time now, to the second (no time zone set).
DateTime NowLocal();

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
/// With a locale (newlocale), names and %c/%x/%X/%p are the locale's.
std::string Strftime(const DateTime& date, std::string_view format, locale_t locale = nullptr);

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

// ---- paths ------------------------------------------------------------------

/// os.path.normpath for '/' paths.
std::string NormPath(std::string_view path);
/// os.path.relpath(path, start) for two absolute (or both relative) paths.
std::string RelPath(const std::string& path, const std::string& start);

// ---- URLs -------------------------------------------------------------------

/// urllib.parse's six parts of a URL.
struct ParsedUrl {
  std::string scheme, netloc, path, params, query, fragment;
};
/// urllib.parse.urlparse(url, scheme=default_scheme): leading spaces and
/// control characters dropped, tabs and newlines removed; `;params` split
/// off only for the schemes that use them.
ParsedUrl UrlParse(std::string_view url, std::string_view default_scheme = "");
/// urllib.parse.urlunparse.
std::string UrlUnparse(const ParsedUrl& url);
/// urllib.parse.urljoin(base, url).
std::string UrlJoin(const std::string& base, const std::string& url);
/// urllib.parse.unquote.
std::string Unquote(std::string_view s);

// ---- readers ----------------------------------------------------------------

/// Settings as site::Settings::values holds them (Pelican's dict).
using SettingsJson = nlohmann::ordered_json;

/// One metadata value after Pelican's processing: text (also category,
/// author, slug, status: the URL wrapper's name), a list (tags, authors, or a
/// Markdown key given on several lines) or a date.
struct MetaValue {
  enum class Kind { kText, kList, kDate };
  Kind kind = Kind::kText;
  std::string text;
  std::vector<std::string> list;
  DateTime date;

  static MetaValue Text(std::string t);
  static MetaValue List(std::vector<std::string> items);
  static MetaValue Date(DateTime d);
};

/// Metadata in the order Pelican's dict has it (a key set again keeps its place).
class Metadata {
 public:
  void Set(const std::string& key, MetaValue value);
  const MetaValue* Find(const std::string& key) const;
  bool Has(const std::string& key) const { return Find(key) != nullptr; }
  void Erase(const std::string& key);
  void Update(const Metadata& other);
  const std::vector<std::pair<std::string, MetaValue>>& entries() const { return entries_; }

 private:
  std::vector<std::pair<std::string, MetaValue>> entries_;
};

struct ReaderOptions {
  /// Today's date for dates that leave fields out (Pelican uses now()).
  DateTime today;
  /// The code highlighter handed to the Markdown engine (codehilite).
  markdown::CodeBlockCallback highlight;
};

struct ReadResult {
  bool ok = false;  ///< false: Pelican would skip the file (message in `error`)
  std::string content;
  Metadata metadata;
  std::string error;
  std::vector<std::string> warnings;
};

/// Pelican's process_metadata for one value: tags/authors split into lists
/// (`;` if present, else `,`), date/modified through get_date, status,
/// category, author and slug stripped. nullopt means "discarded" (empty);
/// `error` is set when a date does not parse.
std::optional<MetaValue> ProcessMetadata(const std::string& name, const MetaValue& value,
                                         const ReaderOptions& options, std::string* error);

/// MarkdownReader.read on the text of `source_path`.
ReadResult ReadMarkdown(std::string_view text, const std::string& source_path, const SettingsJson& settings,
                        const ReaderOptions& options);
/// HTMLReader.read: `<title>`, `<meta name content>` in the head, the body.
ReadResult ReadHtml(std::string_view text, const std::string& source_path, const SettingsJson& settings,
                    const ReaderOptions& options);

/// Readers.read_file: default metadata (DEFAULT_METADATA, DEFAULT_CATEGORY,
/// DEFAULT_DATE incl. 'fs'), EXTRA_PATH_METADATA, FILENAME_METADATA,
/// PATH_METADATA, USE_FOLDER_AS_CATEGORY, then the reader's metadata.
/// `relative_path` is relative to `base_path` (the content folder). A `.rst`
/// file is not read: ok is false with the warning that reStructuredText is
/// not supported yet. A static file (`static_file`) gets the metadata but
/// no content (Pelican's BaseReader, reader "base").
ReadResult ReadContentFile(const std::string& base_path, const std::string& relative_path,
                           const SettingsJson& settings, const ReaderOptions& options, bool static_file = false);

// ---- items --------------------------------------------------------------------

enum class ItemKind { kArticle, kPage, kStatic };

/// A content object as Pelican's contents.Article/Page/Static sees it once
/// built (signals and generators not applied).
struct Item {
  ItemKind kind = ItemKind::kArticle;
  std::string source_path;           ///< absolute
  std::string relative_source_path;  ///< relative to PATH, with '/'
  std::string raw_content;           ///< the reader's HTML, links not replaced
  Metadata metadata;
  std::string title, slug, lang, status, category, template_name, date_format;
  std::vector<std::string> authors, tags;
  std::optional<DateTime> date, modified;
  std::string locale_date, locale_modified;
  bool in_default_lang = true;
  std::optional<std::string> override_url, override_save_as;
  /// Static files: a link already used this file's URL, so {attach} may no
  /// longer move it.
  mutable bool output_location_referenced = false;

  std::string Url(const SettingsJson& settings) const;
  std::string SaveAs(const SettingsJson& settings) const;
  /// The `{name}` fields the *_URL/*_SAVE_AS patterns are formatted with.
  std::map<std::string, MetaValue> UrlFields(const SettingsJson& settings) const;
};

/// Builds the content object (Content.__init__): slug from SLUGIFY_SOURCE,
/// lang and in_default_lang, dates localized to TIMEZONE, locale dates with
/// DATE_FORMATS, status (lower-cased; `default` when missing).
Item MakeItem(ItemKind kind, const ReadResult& read, const std::string& source_path,
              const SettingsJson& settings, std::string* error);
/// The same, taking the reader's content and metadata instead of copying them.
Item MakeItem(ItemKind kind, ReadResult&& read, const std::string& source_path, const SettingsJson& settings,
              std::string* error);

/// `pattern.format(**fields)` for the URL settings: `{name}` and
/// `{date:%Y/%m}` (a date's spec is its strftime format).
std::string FormatUrlPattern(std::string_view pattern, const std::map<std::string, MetaValue>& fields);
/// FormatUrlPattern(pattern, item.UrlFields(settings)), each field made only
/// when the pattern names it (no copy of the metadata, no slug not asked for).
std::string FormatItemUrlPattern(const Item& item, const SettingsJson& settings, std::string_view pattern);

/// pelican.utils.truncate_html_words: the first `words` words of `html`
/// (tags and comments not counted), then " " + `end_text`, then closing
/// tags for the ones still open.
std::string TruncateHtmlWords(std::string_view html, int words, std::string_view end_text);

/// What intra-site links resolve against (Pelican's context).
struct LinkContext {
  std::string siteurl;
  /// relative source path -> item (generated_content, static_content).
  std::map<std::string, const Item*> generated;
  /// Static files; {attach} moves them (sets their override_url/save_as).
  std::map<std::string, Item*> statics;
  const SettingsJson* settings = nullptr;
};

/// Content._update_content: every `{filename}`, `{static}`, `{attach}`,
/// `{tag}`, `{category}`, `{author}`, `{index}` (and `|filename|`) link in
/// an attribute replaced by its URL. Targets not found keep their text and
/// give a warning `path:line:col: warning: Unable to find 'x', skipping url
/// replacement.` (line/col in the item's HTML). {attach} targets are
/// returned in `attached` (relative source paths) for the caller to move.
std::string ReplaceLinks(const Item& item, std::string_view html, const LinkContext& context,
                         std::vector<std::string>* warnings, std::vector<std::string>* attached = nullptr);

/// Content.summary: the `summary` metadata, else the content truncated to
/// SUMMARY_MAX_LENGTH words with SUMMARY_END_SUFFIX (all of it when None).
std::string Summary(const Item& item, std::string_view content_html, const SettingsJson& settings);

}  // namespace stacks::content
