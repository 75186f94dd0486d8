#include "site/feeds.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <initializer_list>
#include <string_view>
#include <utility>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace stacks::site {
namespace {

using content::DateTime;

// ---- XML as xml.sax.saxutils.XMLGenerator writes it --------------------------

// Which bytes an escaper replaces: each byte maps to 0 (copied as is) or to
// the index of its entity in kPaddedEntities.
using EscapeTable = std::array<uint8_t, 256>;
struct PaddedEntity {
  char text[8];  // the entity, zero-padded to 8 bytes
  size_t size;
};
constexpr PaddedEntity kPaddedEntities[] = {{"", 0},         {"&amp;", 5}, {"&lt;", 4}, {"&gt;", 4},
                                            {"&#10;", 5},    {"&#13;", 5}, {"&#9;", 4}, {"&quot;", 6}};

constexpr EscapeTable MakeEscapeTable(bool attribute, bool quot) {
  EscapeTable table{};
  table['&'] = 1;
  table['<'] = 2;
  table['>'] = 3;
  if (attribute) {
    table['\n'] = 4;
    table['\r'] = 5;
    table['\t'] = 6;
  }
  if (quot) table['"'] = 7;
  return table;
}

constexpr EscapeTable kTextEscapes = MakeEscapeTable(false, false);       // saxutils.escape
constexpr EscapeTable kAttrEscapes = MakeEscapeTable(true, false);        // quoteattr's escape
constexpr EscapeTable kAttrQuotEscapes = MakeEscapeTable(true, true);     // ... and &quot;

// Escapes into room made at the end of `out`: each chunk of input gets
// room for its worst case (8 bytes a byte), each byte is copied or replaced
// by its entity (an 8-byte copy, padding included), and the string is cut
// back to what was written. A reserved buffer so never reallocates.
void AppendEscaped(std::string& out, std::string_view s, const EscapeTable& table) {
  constexpr size_t kChunk = 256, kRoom = 8;
  for (size_t i = 0; i < s.size(); i += kChunk) {
    size_t n = std::min(kChunk, s.size() - i);
    size_t start = out.size();
    out.resize(start + n * kRoom);
    char* w = out.data() + start;
    for (const char *p = s.data() + i, *end = p + n; p != end; ++p) {
      uint8_t entity = table[static_cast<unsigned char>(*p)];
      if (entity == 0) {
        *w++ = *p;
      } else {
        std::memcpy(w, kPaddedEntities[entity].text, kRoom);
        w += kPaddedEntities[entity].size;
      }
    }
    out.resize(static_cast<size_t>(w - out.data()));
  }
}

#if defined(__SSE2__)
// Which of the 16 bytes at `p` are '&' (bits of `amp`) and '<' or '>'
// (bits of `angle`).
struct SpecialBytes {
  unsigned amp = 0, angle = 0;
  unsigned any() const { return amp | angle; }
};

inline SpecialBytes FindSpecialBytes(__m128i bytes) {
  SpecialBytes found;
  found.amp = static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(bytes, _mm_set1_epi8('&'))));
  found.angle = static_cast<unsigned>(_mm_movemask_epi8(
      _mm_or_si128(_mm_cmpeq_epi8(bytes, _mm_set1_epi8('<')), _mm_cmpeq_epi8(bytes, _mm_set1_epi8('>')))));
  return found;
}

inline __m128i Load16(const char* p) { return _mm_loadu_si128(reinterpret_cast<const __m128i*>(p)); }
#endif

// The size of saxutils.escape(s): each '&' grows by 4 bytes, '<' and '>' by
// 3. With SSE2 each 16-byte block's growth is one sum of byte weights (4
// for '&', 3 for '<' and '>', else 0), added up in two 64-bit lanes.
size_t TextEscapedSize(std::string_view s) {
  size_t size = s.size(), i = 0;
#if defined(__SSE2__)
  __m128i sums = _mm_setzero_si128();
  for (; i + 16 <= s.size(); i += 16) {
    __m128i bytes = Load16(s.data() + i);
    __m128i amp = _mm_cmpeq_epi8(bytes, _mm_set1_epi8('&'));
    __m128i angle = _mm_or_si128(_mm_cmpeq_epi8(bytes, _mm_set1_epi8('<')), _mm_cmpeq_epi8(bytes, _mm_set1_epi8('>')));
    __m128i weights = _mm_or_si128(_mm_and_si128(amp, _mm_set1_epi8(4)), _mm_and_si128(angle, _mm_set1_epi8(3)));
    sums = _mm_add_epi64(sums, _mm_sad_epu8(weights, _mm_setzero_si128()));
  }
  size += static_cast<size_t>(_mm_cvtsi128_si64(sums)) + static_cast<size_t>(_mm_cvtsi128_si64(_mm_unpackhi_epi64(sums, sums)));
#endif
  for (; i < s.size(); ++i) size += s[i] == '&' ? 4 : s[i] == '<' || s[i] == '>' ? 3 : 0;
  return size;
}

// saxutils.escape for long texts (entry contents). The exact size is
// counted first (16 bytes at a time), so `out` grows once, with 16 bytes
// of slack; then each 16-byte block is stored whole at the write position
// and, when it holds a '&', '<' or '>', the position moves only past the
// bytes before it, the entity follows (an 8-byte store of its padded text)
// and the next block starts after that byte. The slack is cut off at the end.
void AppendTextEscaped(std::string& out, std::string_view s) {
  constexpr size_t kSlack = 16;
  size_t start = out.size(), size = TextEscapedSize(s);
  out.resize(start + size + kSlack);
  char* w = out.data() + start;
  const char* p = s.data();
  const char* end = p + s.size();
  auto put_entity = [&w](char c) {
    const PaddedEntity& e = kPaddedEntities[kTextEscapes[static_cast<unsigned char>(c)]];
    std::memcpy(w, e.text, sizeof e.text);
    w += e.size;
  };
#if defined(__SSE2__)
  while (end - p >= 16) {
    __m128i block = Load16(p);
    unsigned mask = FindSpecialBytes(block).any();
    _mm_storeu_si128(reinterpret_cast<__m128i*>(w), block);
    size_t run = mask ? static_cast<size_t>(__builtin_ctz(mask)) : 16;
    w += run;
    p += run;
    if (mask) put_entity(*p++);
  }
#endif
  for (; p != end; ++p) {
    if (kTextEscapes[static_cast<unsigned char>(*p)]) put_entity(*p);
    else *w++ = *p;
  }
  out.resize(start + size);
}

// saxutils.quoteattr: &, <, >, newline, CR and tab escaped; double quotes
// unless the value has one, then single quotes unless it has both, then
// double quotes with &quot;. (The entities hold no quote, so looking for
// quotes in the raw value decides as looking in the escaped one would.)
void AppendQuotedAttr(std::string& out, std::string_view s) {
  bool has_double = s.find('"') != std::string_view::npos;
  bool has_single = has_double && s.find('\'') != std::string_view::npos;
  char quote = has_double && !has_single ? '\'' : '"';
  out += quote;
  AppendEscaped(out, s, has_single ? kAttrQuotEscapes : kAttrEscapes);
  out += quote;
}

struct Attr {
  std::string_view key, value;
};

// feedgenerator's SimplerXMLGenerator: attributes sorted by name, no
// whitespace between elements, empty elements written as start + end tag.
// Writes straight into the caller's buffer.
class XmlWriter {
 public:
  enum Declaration { kDeclaration, kNoDeclaration };
  /// Starts the document with the XML declaration, unless it continues one.
  explicit XmlWriter(std::string& out, Declaration declaration = kDeclaration) : out_(out) {
    if (declaration == kDeclaration) out_ += "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n";
  }
  void Start(std::string_view name, std::initializer_list<Attr> attrs = {}) {
    std::array<Attr, 4> sorted{};
    size_t n = std::min(attrs.size(), sorted.size());
    std::copy_n(attrs.begin(), n, sorted.begin());
    std::sort(sorted.begin(), sorted.begin() + n, [](const Attr& a, const Attr& b) {
      return a.key != b.key ? a.key < b.key : a.value < b.value;
    });
    out_ += '<';
    out_ += name;
    for (size_t i = 0; i < n; ++i) {
      out_ += ' ';
      out_ += sorted[i].key;
      out_ += '=';
      AppendQuotedAttr(out_, sorted[i].value);
    }
    out_ += '>';
  }
  void End(std::string_view name) {
    out_ += "</";
    out_ += name;
    out_ += '>';
  }
  void Quick(std::string_view name, std::string_view contents, std::initializer_list<Attr> attrs = {}) {
    Start(name, attrs);
    if (contents.size() >= 64) AppendTextEscaped(out_, contents);
    else AppendEscaped(out_, contents, kTextEscapes);
    End(name);
  }

 private:
  std::string& out_;
};

std::optional<std::string> Hostname(const std::string& netloc) {
  std::string host = netloc.substr(netloc.rfind('@') == std::string::npos ? 0 : netloc.rfind('@') + 1);
  if (!host.empty() && host[0] == '[') {
    size_t close = host.find(']');
    host = close == std::string::npos ? "" : host.substr(1, close - 1);
  } else {
    host = host.substr(0, host.find(':'));
  }
  if (host.empty()) return std::nullopt;
  for (char& c : host) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return host;
}

// ---- dates ------------------------------------------------------------------

// Offsets print as feedgenerator computes them: whole minutes floored, then
// divmod by 60 (so -05:30 prints as -06:30, as feedgenerator does).
std::pair<int, int> OffsetHoursMinutes(int offset_seconds) {
  int total = offset_seconds >= 0 ? offset_seconds / 60 : -((-offset_seconds + 59) / 60);
  int hours = total >= 0 ? total / 60 : -((-total + 59) / 60);
  return {hours, total - hours * 60};
}

// printf into the end of `out` (the formats here stay under 64 bytes).
template <typename... Args>
void AppendFormat(std::string& out, const char* format, Args... args) {
  char buf[64];
  int n = std::snprintf(buf, sizeof buf, format, args...);
  if (n > 0) out.append(buf, std::min<size_t>(static_cast<size_t>(n), sizeof buf - 1));
}

// "+HH" or "-HH" then the minutes, with `separator` between them.
void AppendOffset(std::string& out, int offset_seconds, const char* separator) {
  auto [hours, minutes] = OffsetHoursMinutes(offset_seconds);
  AppendFormat(out, "%c%02d%s%02d", hours < 0 ? '-' : '+', hours < 0 ? -hours : hours, separator, minutes);
}

void AppendYearMonthDay(std::string& out, const DateTime& d) {
  AppendFormat(out, "%04d-%02d-%02d", d.year, d.month, d.day);
}

void AppendRfc3339(std::string& out, const DateTime& d) {
  AppendYearMonthDay(out, d);
  AppendFormat(out, "T%02d:%02d:%02d", d.hour, d.minute, d.second);
  if (d.utc_offset) AppendOffset(out, *d.utc_offset, ":");
  else out += 'Z';
}

void AppendRfc2822(std::string& out, const DateTime& d) {
  static const char* kDays[] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
  static const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                  "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  AppendFormat(out, "%s, %02d %s %04d %02d:%02d:%02d ", kDays[content::Weekday(d.year, d.month, d.day)], d.day,
               kMonths[d.month - 1], d.year, d.hour, d.minute, d.second);
  if (d.utc_offset) AppendOffset(out, *d.utc_offset, "");
  else out += "-0000";
}

DateTime LocalNow() {
  std::time_t t = std::time(nullptr);
  std::tm tm{};
  localtime_r(&t, &tm);
  DateTime now;
  now.year = tm.tm_year + 1900;
  now.month = tm.tm_mon + 1;
  now.day = tm.tm_mday;
  now.hour = tm.tm_hour;
  now.minute = tm.tm_min;
  now.second = tm.tm_sec;
  return now;
}

// ---- the feed ---------------------------------------------------------------

// What feedgenerator's add_item holds for one entry; the texts point into
// the entry, which outlives the item.
struct FeedItem {
  const FeedEntry* entry = nullptr;  // categories: its category, then its tags
  std::string title, link, unique_id;
  std::string_view author_name;
  std::optional<std::string_view> description, content;
};

std::string JoinUrl(const FeedOptions& o, const std::string& base, const std::string& url) {
  if (o.relative_urls) return PosixJoin(base, url);
  return UrlJoin(!base.empty() && base.back() == '/' ? base : base + '/', url);
}

// Writer._add_item_to_the_feed: RSS carries content (or the summary with
// RSS_FEED_SUMMARY_ONLY) in <description>; Atom carries the content and the
// summary unless it equals the content.
FeedItem MakeItem(const FeedEntry& e, const FeedOptions& o) {
  FeedItem item;
  item.entry = &e;
  item.title = content::StripTags(e.title);
  std::string link = JoinUrl(o, o.site_url, e.url);
  item.link = IriToUri(link);
  item.unique_id = TagUri(link, e.date);
  if (o.kind == FeedKind::kRss) {
    item.description = std::string_view(o.summary_only ? e.summary : e.content);
  } else {
    item.content = std::string_view(e.content);
    if (e.summary != e.content) item.description = std::string_view(e.summary);
  }
  if (e.author) item.author_name = *e.author;
  return item;
}

// The item's categories: the entry's category, then its tags.
template <typename Visit>
void ForEachCategory(const FeedItem& item, Visit visit) {
  if (item.entry->category) visit(*item.entry->category);
  for (const std::string& tag : item.entry->tags) visit(tag);
}

// SyndicationFeed.latest_post_date: the latest of all pubdates, then all
// updated dates; a stable sort there makes the last listed win a tie, so
// one pass keeping the last maximum picks the same date.
DateTime LatestPostDate(const std::vector<FeedEntry>& entries, size_t count, const FeedOptions& o) {
  const DateTime* latest = nullptr;
  int64_t latest_micros = 0;
  auto consider = [&](const DateTime& d) {
    int64_t micros = content::UtcMicros(d);
    if (!latest || micros >= latest_micros) {
      latest = &d;
      latest_micros = micros;
    }
  };
  for (size_t i = 0; i < count; ++i) consider(entries[i].date);
  for (size_t i = 0; i < count; ++i)
    if (entries[i].modified) consider(*entries[i].modified);
  if (!latest) return o.now ? *o.now : LocalNow();
  return *latest;
}

std::string FeedTitle(const FeedOptions& o) {
  std::string title = o.feed_title && !o.feed_title->empty() ? o.sitename + " - " + *o.feed_title : o.sitename;
  return content::StripTags(title);
}

// A date formatted into a reused scratch buffer.
template <typename Format>
std::string_view FormatDate(std::string& scratch, const DateTime& d, Format format) {
  scratch.clear();
  format(scratch, d);
  return scratch;
}

void WriteAtomEntry(XmlWriter& w, const FeedItem& item, std::string& scratch) {
  const FeedEntry& e = *item.entry;
  w.Start("entry");
  w.Quick("title", item.title);
  w.Quick("link", "", {{"href", item.link}, {"rel", "alternate"}});
  w.Quick("published", FormatDate(scratch, e.date, AppendRfc3339));
  w.Quick("updated", FormatDate(scratch, e.modified ? *e.modified : e.date, AppendRfc3339));
  w.Start("author");
  w.Quick("name", item.author_name);
  w.End("author");
  w.Quick("id", item.unique_id);
  if (item.description) w.Quick("summary", *item.description, {{"type", "html"}});
  if (item.content) w.Quick("content", *item.content, {{"type", "html"}});
  ForEachCategory(item, [&](std::string_view cat) { w.Quick("category", "", {{"term", cat}}); });
  w.End("entry");
}

void WriteRssItem(XmlWriter& w, const FeedItem& item, std::string& scratch) {
  w.Start("item");
  w.Quick("title", item.title);
  w.Quick("link", item.link);
  if (item.description) w.Quick("description", *item.description);
  if (!item.author_name.empty())
    w.Quick("dc:creator", item.author_name, {{"xmlns:dc", "http://purl.org/dc/elements/1.1/"}});
  w.Quick("pubDate", FormatDate(scratch, item.entry->date, AppendRfc2822));
  w.Quick("guid", item.unique_id, {{"isPermaLink", "false"}});
  ForEachCategory(item, [&](std::string_view cat) { w.Quick("category", cat); });
  w.End("item");
}

// The document up to its first entry (the channel's `updated` /
// `lastBuildDate` is the latest of the first `count` entries' dates).
void WriteHeadInto(std::string& out, const std::vector<FeedEntry>& entries, size_t count, const FeedOptions& o) {
  std::string link = IriToUri(o.site_url + '/');
  std::string scratch;
  XmlWriter w(out);
  if (o.kind == FeedKind::kAtom) {
    std::string feed_url = IriToUri(JoinUrl(o, o.feed_domain, o.url.empty() ? o.path : o.url));
    w.Start("feed", {{"xmlns", "http://www.w3.org/2005/Atom"}});
    w.Quick("title", FeedTitle(o));
    w.Quick("link", "", {{"rel", "alternate"}, {"href", link}});
    w.Quick("link", "", {{"rel", "self"}, {"href", feed_url}});
    w.Quick("id", link);
    w.Quick("updated", FormatDate(scratch, LatestPostDate(entries, count, o), AppendRfc3339));
    if (o.sitesubtitle && !o.sitesubtitle->empty()) w.Quick("subtitle", *o.sitesubtitle);
  } else {
    w.Start("rss", {{"version", "2.0"}});
    w.Start("channel");
    w.Quick("title", FeedTitle(o));
    w.Quick("link", link);
    w.Quick("description", o.sitesubtitle.value_or(""));
    w.Quick("lastBuildDate", FormatDate(scratch, LatestPostDate(entries, count, o), AppendRfc2822));
  }
}

// One entry (Atom) or item (RSS), made from the entry at once (no item list
// is held).
void WriteEntryInto(std::string& out, const FeedEntry& entry, const FeedOptions& o) {
  std::string scratch;
  XmlWriter w(out, XmlWriter::kNoDeclaration);
  if (o.kind == FeedKind::kAtom) WriteAtomEntry(w, MakeItem(entry, o), scratch);
  else WriteRssItem(w, MakeItem(entry, o), scratch);
}

// An upper guess of the document's size, so the buffer is allocated once:
// each item's texts plus a margin for escaping, plus the fixed markup.
size_t EstimatedFeedSize(const std::vector<FeedEntry>& entries, size_t count, const FeedOptions& o) {
  size_t size = 4096 + o.sitename.size() + o.site_url.size() * 2 + o.feed_domain.size() + o.url.size() + o.path.size();
  for (size_t i = 0; i < count; ++i) {
    const FeedEntry& e = entries[i];
    size_t body = 0;
    if (o.kind == FeedKind::kRss) body = o.summary_only ? e.summary.size() : e.content.size();
    else body = e.content.size() + (e.summary != e.content ? e.summary.size() : 0);
    size_t names = e.category ? e.category->size() : 0;
    for (const std::string& tag : e.tags) names += tag.size() + 40;
    size_t markup = 512 + e.title.size() + 3 * (o.site_url.size() + e.url.size()) + names;
    size += markup + body + body / 4;
  }
  return size;
}

// Bytes that IriToUri keeps: ASCII letters, digits and these.
const char* kPercentSafe = "/#%[]=:;$&()+,!?*@'~_.-";

std::array<bool, 256> MakeUriKeepTable() {
  std::array<bool, 256> keep{};
  for (int c = 0; c < 0x80; ++c) keep[c] = std::isalnum(c) != 0;
  for (const char* p = kPercentSafe; *p; ++p) keep[static_cast<unsigned char>(*p)] = true;
  return keep;
}

}  // namespace

std::string Rfc3339Date(const DateTime& date) {
  std::string out;
  AppendRfc3339(out, date);
  return out;
}

std::string Rfc2822Date(const DateTime& date) {
  std::string out;
  AppendRfc2822(out, date);
  return out;
}

// tag:HOST,YYYY-MM-DD:PATH[/FRAGMENT]; a URL without a host gives "None",
// as Python's f-string does.
std::string TagUri(const std::string& url, const std::optional<DateTime>& date) {
  content::ParsedUrl bits = content::UrlParse(url);
  std::string out = "tag:";
  out += Hostname(bits.netloc).value_or("None");
  if (date) {
    out += ',';
    AppendYearMonthDay(out, *date);
  }
  out += ':';
  out += bits.path;
  if (!bits.fragment.empty()) {
    out += '/';
    out += bits.fragment;
  }
  return out;
}

std::string PosixJoin(const std::string& a, const std::string& b) {
  if (!b.empty() && b[0] == '/') return b;
  if (a.empty() || a.back() == '/') return a + b;
  return a + '/' + b;
}

std::string IriToUri(const std::string& iri) {
  static const char* kHex = "0123456789ABCDEF";
  static const std::array<bool, 256> kKeep = MakeUriKeepTable();
  std::string out;
  out.reserve(iri.size());
  for (unsigned char c : iri) {
    if (kKeep[c]) {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

FeedOptions FeedOptionsFromSettings(const Settings& settings, FeedKind kind, std::string path, std::string url,
                                    std::optional<std::string> feed_title) {
  const Json& v = settings.values;
  auto text = [&](const char* key) -> std::optional<std::string> {
    if (v.contains(key) && v[key].is_string()) return v[key].get<std::string>();
    return std::nullopt;
  };
  auto truthy = [&](const char* key) {
    if (!v.contains(key)) return false;
    const Json& j = v[key];
    return (j.is_boolean() && j.get<bool>()) || (j.is_number() && j.get<double>() != 0) ||
           (j.is_string() && !j.get<std::string>().empty());
  };
  FeedOptions o;
  o.kind = kind;
  o.sitename = text("SITENAME").value_or("");
  o.feed_title = std::move(feed_title);
  o.sitesubtitle = text("SITESUBTITLE");
  o.site_url = text("SITEURL").value_or("");
  o.feed_domain = text("FEED_DOMAIN").value_or(o.site_url);
  o.path = std::move(path);
  o.url = std::move(url);
  o.relative_urls = truthy("RELATIVE_URLS");
  o.summary_only = truthy("RSS_FEED_SUMMARY_ONLY");
  if (v.contains("FEED_MAX_ITEMS") && v["FEED_MAX_ITEMS"].is_number()) o.max_items = v["FEED_MAX_ITEMS"].get<int>();
  return o;
}

// Writer.write_feed: the channel links to SITEURL/, the self link is the
// feed's URL (or path) on FEED_DOMAIN, and at most FEED_MAX_ITEMS entries
// are written.
namespace {

// Writes the document into `out`; `after_entry` runs after each entry (the
// streaming form empties `out` there).
void WriteFeedInto(std::string& out, const std::vector<FeedEntry>& entries, const FeedOptions& options,
                   const std::function<void()>& after_entry) {
  size_t count = FeedEntryCount(entries.size(), options);
  WriteHeadInto(out, entries, count, options);
  for (size_t i = 0; i < count; ++i) {
    WriteEntryInto(out, entries[i], options);
    after_entry();
  }
  out += FeedTail(options);
}

}  // namespace

size_t FeedEntryCount(size_t entries, const FeedOptions& options) {
  if (options.max_items < 0) return 0;
  if (options.max_items > 0) return std::min(entries, static_cast<size_t>(options.max_items));
  return entries;
}

std::string FeedHead(const std::vector<FeedEntry>& entries, const FeedOptions& options) {
  std::string out;
  WriteHeadInto(out, entries, FeedEntryCount(entries.size(), options), options);
  return out;
}

void AppendFeedEntry(std::string& out, const FeedEntry& entry, const FeedOptions& options) {
  WriteEntryInto(out, entry, options);
}

std::string_view FeedTail(const FeedOptions& options) {
  return options.kind == FeedKind::kAtom ? "</feed>" : "</channel></rss>";
}

bool SameFeedEntries(const FeedOptions& a, const FeedOptions& b) {
  return a.kind == b.kind && a.site_url == b.site_url && a.relative_urls == b.relative_urls &&
         a.summary_only == b.summary_only;
}

std::string WriteFeed(const std::vector<FeedEntry>& entries, const FeedOptions& options) {
  std::string out;
  out.reserve(EstimatedFeedSize(entries, entries.size(), options));
  WriteFeedInto(out, entries, options, [] {});
  return out;
}

void WriteFeed(const std::vector<FeedEntry>& entries, const FeedOptions& options,
               const std::function<void(std::string_view)>& sink) {
  constexpr size_t kPiece = 1 << 20;
  std::string out;
  out.reserve(kPiece + (kPiece >> 2));
  WriteFeedInto(out, entries, options, [&] {
    if (out.size() < kPiece) return;
    sink(out);
    out.clear();
  });
  sink(out);
}

}  // namespace stacks::site
