// site/feeds: the Atom and RSS documents Pelican's Writer.write_feed makes
// with feedgenerator's Atom1Feed / Rss201rev2Feed, byte for byte: element
// and attribute order, tag: URIs as ids, RFC 3339 / RFC 2822 dates,
// xml.sax escaping, IRI-to-URI quoting of links.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "content/content.h"
#include "site/settings.h"

namespace stacks::site {

/// What the feed writer reads from one article.
struct FeedEntry {
  std::string title;    // HTML; tags are stripped for the feed
  std::string url;      // the article's url, joined to SITEURL
  // get_content(SITEURL), intra-site links already resolved, and the
  // summary: views of text that outlives the feed's writing (the content
  // objects memoize both), so a feed of every article copies no HTML.
  std::string_view content;
  std::string_view summary;
  content::DateTime date;  // aware once TIMEZONE is applied
  std::optional<content::DateTime> modified;
  std::optional<std::string> category;  // name; absent when the item has none
  std::vector<std::string> tags;        // names
  std::optional<std::string> author;    // name; absent: the item has no `author`
};

enum class FeedKind { kAtom, kRss };

struct FeedOptions {
  FeedKind kind = FeedKind::kAtom;
  std::string sitename;                    // SITENAME
  std::optional<std::string> feed_title;   // e.g. the category name
  std::optional<std::string> sitesubtitle; // SITESUBTITLE, when set
  std::string site_url;                    // SITEURL
  std::string feed_domain;                 // FEED_DOMAIN
  std::string path;                        // the feed's output path
  std::string url;                         // its public URL; empty: `path`
  bool relative_urls = false;              // RELATIVE_URLS: posix joins
  bool summary_only = false;               // RSS_FEED_SUMMARY_ONLY
  int max_items = 0;                       // FEED_MAX_ITEMS; 0 means all
  /// datetime.now() for a feed without items (the build-time field);
  /// nullopt: the clock's local time.
  std::optional<content::DateTime> now;
};

/// The settings part of FeedOptions (SITENAME, SITESUBTITLE, SITEURL,
/// FEED_DOMAIN, RELATIVE_URLS, RSS_FEED_SUMMARY_ONLY, FEED_MAX_ITEMS).
FeedOptions FeedOptionsFromSettings(const Settings& settings, FeedKind kind, std::string path, std::string url = "",
                                    std::optional<std::string> feed_title = std::nullopt);

/// The feed document, starting with the XML declaration, no final newline.
std::string WriteFeed(const std::vector<FeedEntry>& entries, const FeedOptions& options);
/// The same document handed to `sink` in pieces of about a megabyte (cut
/// between entries), so a feed of every article is never whole in memory.
void WriteFeed(const std::vector<FeedEntry>& entries, const FeedOptions& options,
               const std::function<void(std::string_view)>& sink);

// The document in parts, for writing many feeds that hold the same
// entries: the head, each entry, the tail, concatenated, are WriteFeed's
// document. An entry's bytes depend only on the entry and on the options
// SameFeedEntries compares, so they can be made once for many feeds.

/// How many of `entries` entries the feed holds (FEED_MAX_ITEMS).
size_t FeedEntryCount(size_t entries, const FeedOptions& options);
/// Up to the first entry (its date is the latest of the counted entries').
std::string FeedHead(const std::vector<FeedEntry>& entries, const FeedOptions& options);
void AppendFeedEntry(std::string& out, const FeedEntry& entry, const FeedOptions& options);
std::string_view FeedTail(const FeedOptions& options);
/// Whether feeds with these options write an entry with the same bytes.
bool SameFeedEntries(const FeedOptions& a, const FeedOptions& b);

// The pieces, exposed for tests and for the rest of the site.

/// feedgenerator.rfc3339_date / rfc2822_date (naive dates: `Z` / `-0000`).
std::string Rfc3339Date(const content::DateTime& date);
std::string Rfc2822Date(const content::DateTime& date);
/// feedgenerator.get_tag_uri(url, date).
std::string TagUri(const std::string& url, const std::optional<content::DateTime>& date);
/// urllib.parse.urljoin(base, url).
using content::UrlJoin;
/// posixpath.join(a, b).
std::string PosixJoin(const std::string& a, const std::string& b);
/// django's iri_to_uri: percent-encodes what is not reserved or unreserved.
std::string IriToUri(const std::string& iri);

}  // namespace stacks::site
