// The site as the build holds it between steps (private to src/site): the
// content objects Pelican's generators make, their lists as the generators
// keep them, and the taxonomies.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "content/content.h"
#include "site/settings.h"
#include "site/site.h"
#include "site/urlwrappers.h"
#include "template/value.h"

namespace stacks::site {

/// Collects the build's messages from any thread.
class Messages {
 public:
  void Add(Severity severity, std::string text);
  void Warning(std::string text) { Add(Severity::kWarning, std::move(text)); }
  void Error(std::string text) { Add(Severity::kError, std::move(text)); }
  std::vector<BuildMessage> Take();

 private:
  std::mutex mutex_;
  std::vector<BuildMessage> messages_;
};

struct Site;

/// One match of Pelican's intra-site link pattern in an item's HTML: where
/// it is, and its `what` and `value` groups (views into the HTML).
struct LinkMatch {
  size_t begin = 0, end = 0;
  std::string_view what, value;
};
/// All matches of the pattern in one HTML text; nullopt when they are not
/// known without running the pattern over the whole text.
using LinkMatches = std::optional<std::vector<LinkMatch>>;

/// One Article, Page or Static object: the item as read, plus what the
/// generators attach to it (URL wrappers, translations) and its content with
/// intra-site links resolved, memoized per site URL as Pelican's get_content.
struct ContentObject {
  content::Item item;
  std::optional<UrlWrapper> category;
  std::vector<UrlWrapper> tags, authors;
  bool has_tags = false, has_author = false;
  std::vector<ContentObject*> translations;
  std::string url, save_as;  // fixed for articles and pages; statics compute theirs
  bool explicit_url = false, explicit_save_as = false;  // url/save_as given in the metadata
  tmpl::Value value;         // the object templates see (one per item, so `==` is identity)

  std::string Url(const Settings& settings) const;
  std::string SaveAs(const Settings& settings) const;
  /// get_content(siteurl) / get_summary(siteurl).
  const std::string& Content(const Site& site, const std::string& siteurl) const;
  const std::string& Summary(const Site& site, const std::string& siteurl) const;
  /// The link pattern's matches in the reader's HTML (found once, then kept).
  const LinkMatches& LinkSpans(const Settings& settings) const;
  /// Memoizes get_content(siteurl) resolved against `links`, unless a link
  /// gives a warning (then nothing is kept and false is returned). With
  /// `links` lacking the static files this resolves, without touching any
  /// shared state, exactly the contents that never look at a static file.
  bool ResolveQuietly(const Site& site, const std::string& siteurl, const content::LinkContext& links) const;

 private:
  const LinkMatches& LinkSpansLocked(const Settings& settings) const;  // mutex_ held
  std::string ReplaceLinksBySpans(const Site& site, const content::LinkContext& links,
                                  std::vector<std::string>* warnings) const;
  mutable std::mutex mutex_;
  mutable std::map<std::string, std::string> content_, summary_;
  mutable bool warned_ = false;       // link warnings are reported once
  mutable bool spans_known_ = false;  // spans_ holds LinkSpans' answer
  mutable LinkMatches spans_;
};

using ContentList = std::vector<ContentObject*>;

/// A taxonomy: (wrapper, articles) pairs in the order Pelican lists them.
using Taxonomy = std::vector<std::pair<UrlWrapper, ContentList>>;

class ContentCache;

struct Site {
  const Settings* settings = nullptr;
  Messages* messages = nullptr;
  /// The content cache while reading (nullptr: none).
  ContentCache* cache = nullptr;
  std::string content_path, output_path, theme_path;
  std::vector<std::unique_ptr<ContentObject>> objects;

  // ArticlesGenerator
  ContentList articles, translations, hidden_articles, hidden_translations, drafts, drafts_translations, dates;
  Taxonomy categories, tags, authors;
  // PagesGenerator
  ContentList pages, page_translations, hidden_pages, hidden_page_translations, draft_pages, draft_page_translations;
  // StaticGenerator
  ContentList staticfiles;

  /// generated_content / static_content for intra-site links.
  content::LinkContext links;
  /// `links` with its siteurl set to `siteurl` (made once per site URL).
  const content::LinkContext& LinksFor(const std::string& siteurl) const;
  /// Pelican's context['localsiteurl'] for the file being rendered on this
  /// thread (content and summary resolve their links against it).
  static thread_local std::string local_siteurl;

 private:
  mutable std::mutex links_mutex_;
  mutable std::map<std::string, std::unique_ptr<content::LinkContext>> links_by_siteurl_;
};

}  // namespace stacks::site
