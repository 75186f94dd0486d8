#include "site/feeds.h"

#include <algorithm>
#include <cctype>
#include <cstring>
#include <cstdio>
#include <ctime>
#include <string_view>
#include <utility>

namespace stacks::site {
namespace {

using content::DateTime;

// ---- XML as xml.sax.saxutils.XMLGenerator writes it --------------------------

using Attrs = std::vector<std::pair<std::string, std::string>>;

std::string EscapeText(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      default: out += c;
    }
  }
  return out;
}

// saxutils.quoteattr: &, <, >, newline, CR and tab escaped; double quotes
// unless the value has one, then single quotes unless it has both, then
// double quotes with &quot;.
std::string QuoteAttr(std::string_view s) {
  std::string data;
  for (char c : s) {
    switch (c) {
      case '&': data += "&amp;"; break;
      case '<': data += "&lt;"; break;
      case '>': data += "&gt;"; break;
      case '\n': data += "&#10;"; break;
      case '\r': data += "&#13;"; break;
      case '\t': data += "&#9;"; break;
      default: data += c;
    }
  }
  if (data.find('"') == std::string::npos) return '"' + data + '"';
  if (data.find('\'') == std::string::npos) return '\'' + data + '\'';
  std::string quoted = "\"";
  for (char c : data) quoted += c == '"' ? std::string("&quot;") : std::string(1, c);
  return quoted + '"';
}

// feedgenerator's SimplerXMLGenerator: attributes sorted by name, no
// whitespace between elements, empty elements written as start + end tag.
class XmlWriter {
 public:
  XmlWriter() { out_ = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"; }
  void Start(std::string_view name, Attrs attrs = {}) {
    std::sort(attrs.begin(), attrs.end());
    out_ += '<';
    out_ += name;
    for (const auto& [key, value] : attrs) out_ += ' ' + key + '=' + QuoteAttr(value);
    out_ += '>';
  }
  void End(std::string_view name) {
    out_ += "</";
    out_ += name;
    out_ += '>';
  }
  void Quick(std::string_view name, std::string_view contents, Attrs attrs = {}) {
    Start(name, std::move(attrs));
    out_ += EscapeText(contents);
    End(name);
  }
  std::string Take() { return std::move(out_); }

 private:
  std::string out_;
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

std::string Pad(int value, int width) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%0*d", width, value);
  return buf;
}

// Offsets print as feedgenerator computes them: whole minutes floored, then
// divmod by 60 (so -05:30 prints as -06:30, as feedgenerator does).
std::pair<int, int> OffsetHoursMinutes(int offset_seconds) {
  int total = offset_seconds >= 0 ? offset_seconds / 60 : -((-offset_seconds + 59) / 60);
  int hours = total >= 0 ? total / 60 : -((-total + 59) / 60);
  return {hours, total - hours * 60};
}

std::string SignedHours(int hours) { return (hours < 0 ? "-" : "+") + Pad(hours < 0 ? -hours : hours, 2); }

std::string YearMonthDay(const DateTime& d) { return Pad(d.year, 4) + '-' + Pad(d.month, 2) + '-' + Pad(d.day, 2); }
std::string HourMinuteSecond(const DateTime& d) {
  return Pad(d.hour, 2) + ':' + Pad(d.minute, 2) + ':' + Pad(d.second, 2);
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

// What feedgenerator's add_item holds for one entry.
struct FeedItem {
  std::string title, link, unique_id, author_name;
  std::optional<std::string> description, content;
  std::vector<std::string> categories;
  DateTime pubdate;
  std::optional<DateTime> updateddate;
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
  item.title = content::StripTags(e.title);
  std::string link = JoinUrl(o, o.site_url, e.url);
  item.link = IriToUri(link);
  item.unique_id = TagUri(link, e.date);
  if (o.kind == FeedKind::kRss) {
    item.description = o.summary_only ? e.summary : e.content;
  } else {
    item.content = e.content;
    if (e.summary != e.content) item.description = e.summary;
  }
  if (e.category) item.categories.push_back(*e.category);
  item.categories.insert(item.categories.end(), e.tags.begin(), e.tags.end());
  item.author_name = e.author.value_or("");
  item.pubdate = e.date;
  item.updateddate = e.modified;
  return item;
}

// SyndicationFeed.latest_post_date: the latest of all pubdates, then all
// updated dates (a stable sort, so the last listed wins a tie).
DateTime LatestPostDate(const std::vector<FeedItem>& items, const FeedOptions& o) {
  std::vector<DateTime> dates;
  for (const FeedItem& i : items) dates.push_back(i.pubdate);
  for (const FeedItem& i : items)
    if (i.updateddate) dates.push_back(*i.updateddate);
  if (dates.empty()) return o.now ? *o.now : LocalNow();
  std::stable_sort(dates.begin(), dates.end(),
                   [](const DateTime& a, const DateTime& b) { return content::UtcMicros(a) < content::UtcMicros(b); });
  return dates.back();
}

std::string FeedTitle(const FeedOptions& o) {
  std::string title = o.feed_title && !o.feed_title->empty() ? o.sitename + " - " + *o.feed_title : o.sitename;
  return content::StripTags(title);
}

void WriteAtomEntry(XmlWriter& w, const FeedItem& item) {
  w.Start("entry");
  w.Quick("title", item.title);
  w.Quick("link", "", {{"href", item.link}, {"rel", "alternate"}});
  w.Quick("published", Rfc3339Date(item.pubdate));
  w.Quick("updated", Rfc3339Date(item.updateddate ? *item.updateddate : item.pubdate));
  w.Start("author");
  w.Quick("name", item.author_name);
  w.End("author");
  w.Quick("id", item.unique_id);
  if (item.description) w.Quick("summary", *item.description, {{"type", "html"}});
  if (item.content) w.Quick("content", *item.content, {{"type", "html"}});
  for (const std::string& cat : item.categories) w.Quick("category", "", {{"term", cat}});
  w.End("entry");
}

std::string WriteAtom(const std::vector<FeedItem>& items, const FeedOptions& o, const std::string& link,
                      const std::string& feed_url) {
  XmlWriter w;
  w.Start("feed", {{"xmlns", "http://www.w3.org/2005/Atom"}});
  w.Quick("title", FeedTitle(o));
  w.Quick("link", "", {{"rel", "alternate"}, {"href", link}});
  w.Quick("link", "", {{"rel", "self"}, {"href", feed_url}});
  w.Quick("id", link);
  w.Quick("updated", Rfc3339Date(LatestPostDate(items, o)));
  if (o.sitesubtitle && !o.sitesubtitle->empty()) w.Quick("subtitle", *o.sitesubtitle);
  for (const FeedItem& item : items) WriteAtomEntry(w, item);
  w.End("feed");
  return w.Take();
}

void WriteRssItem(XmlWriter& w, const FeedItem& item) {
  w.Start("item");
  w.Quick("title", item.title);
  w.Quick("link", item.link);
  if (item.description) w.Quick("description", *item.description);
  if (!item.author_name.empty())
    w.Quick("dc:creator", item.author_name, {{"xmlns:dc", "http://purl.org/dc/elements/1.1/"}});
  w.Quick("pubDate", Rfc2822Date(item.pubdate));
  w.Quick("guid", item.unique_id, {{"isPermaLink", "false"}});
  for (const std::string& cat : item.categories) w.Quick("category", cat);
  w.End("item");
}

std::string WriteRss(const std::vector<FeedItem>& items, const FeedOptions& o, const std::string& link) {
  XmlWriter w;
  w.Start("rss", {{"version", "2.0"}});
  w.Start("channel");
  w.Quick("title", FeedTitle(o));
  w.Quick("link", link);
  w.Quick("description", o.sitesubtitle.value_or(""));
  w.Quick("lastBuildDate", Rfc2822Date(LatestPostDate(items, o)));
  for (const FeedItem& item : items) WriteRssItem(w, item);
  w.End("channel");
  w.End("rss");
  return w.Take();
}

const char* kPercentSafe = "/#%[]=:;$&()+,!?*@'~_.-";

}  // namespace

std::string Rfc3339Date(const DateTime& date) {
  std::string out = YearMonthDay(date) + 'T' + HourMinuteSecond(date);
  if (!date.utc_offset) return out + 'Z';
  auto [hours, minutes] = OffsetHoursMinutes(*date.utc_offset);
  return out + SignedHours(hours) + ':' + Pad(minutes, 2);
}

std::string Rfc2822Date(const DateTime& date) {
  static const char* kDays[] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
  static const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                  "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  std::string out = std::string(kDays[content::Weekday(date.year, date.month, date.day)]) + ", " +
                    Pad(date.day, 2) + ' ' + kMonths[date.month - 1] + ' ' + Pad(date.year, 4) + ' ' +
                    HourMinuteSecond(date) + ' ';
  if (!date.utc_offset) return out + "-0000";
  auto [hours, minutes] = OffsetHoursMinutes(*date.utc_offset);
  return out + SignedHours(hours) + Pad(minutes, 2);
}

// tag:HOST,YYYY-MM-DD:PATH[/FRAGMENT]; a URL without a host gives "None",
// as Python's f-string does.
std::string TagUri(const std::string& url, const std::optional<DateTime>& date) {
  content::ParsedUrl bits = content::UrlParse(url);
  std::string d = date ? "," + YearMonthDay(*date) : "";
  std::string fragment = bits.fragment.empty() ? "" : "/" + bits.fragment;
  return "tag:" + Hostname(bits.netloc).value_or("None") + d + ":" + bits.path + fragment;
}

std::string PosixJoin(const std::string& a, const std::string& b) {
  if (!b.empty() && b[0] == '/') return b;
  if (a.empty() || a.back() == '/') return a + b;
  return a + '/' + b;
}

std::string IriToUri(const std::string& iri) {
  static const char* kHex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : iri) {
    if (std::isalnum(c) && c < 0x80) {
      out += static_cast<char>(c);
    } else if (c < 0x80 && c != 0 && std::strchr(kPercentSafe, c)) {
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
std::string WriteFeed(const std::vector<FeedEntry>& entries, const FeedOptions& options) {
  size_t max_items = entries.size();
  if (options.max_items < 0) max_items = 0;
  else if (options.max_items > 0) max_items = std::min(max_items, static_cast<size_t>(options.max_items));
  std::vector<FeedItem> items;
  for (size_t i = 0; i < max_items; ++i) items.push_back(MakeItem(entries[i], options));
  std::string link = IriToUri(options.site_url + '/');
  std::string feed_url = IriToUri(JoinUrl(options, options.feed_domain, options.url.empty() ? options.path : options.url));
  return options.kind == FeedKind::kAtom ? WriteAtom(items, options, link, feed_url) : WriteRss(items, options, link);
}

}  // namespace stacks::site
