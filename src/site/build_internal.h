// Declarations shared by the build's steps (private to src/site).
#pragma once

#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "site/build_model.h"
#include "site/feeds.h"
#include "template/template.h"

namespace stacks::site {

// ---- helpers (build_util.cc) --------------------------------------------------

/// Python truthiness of a settings value.
bool Truthy(const Json& value);
/// The setting as a string, or `fallback` when it is not one.
std::string SettingText(const Settings& settings, const std::string& key, const std::string& fallback = "");
/// Today at midnight (what dates without a day/time default to).
content::DateTime Today();
/// Length of os.path.splitext(path)[1] (0 when there is no extension).
size_t ExtensionLength(const std::string& path);
/// str.format(**fields) with string fields only (feed paths: {slug}, {lang}).
std::string FormatFields(const std::string& pattern, const std::map<std::string, std::string>& fields);

/// Pelican's pattern for intra-site links in HTML attributes (with the
/// site's INTRASITE_LINK_REGEX).
std::string IntrasiteLinkPattern(const Settings& settings);
/// The pattern's matches in `html`, exactly as re.finditer finds them, found
/// without running the pattern over the whole document; nullopt when
/// INTRASITE_LINK_REGEX is not Pelican's default (the caller then runs the
/// pattern itself).
std::optional<std::vector<LinkMatch>> IntrasiteLinkMatches(std::string_view html, const Settings& settings);

// ---- dates in the site's locale (locale_dates.cc) ------------------------------

/// Pelican's utils.strftime after setlocale(LC_ALL, LOCALE): the item's
/// locale_date/locale_modified redone in its locale (DATE_FORMATS pair or
/// LOCALE).
void LocalizeItemDates(content::Item* item, const Settings& settings);
/// calendar.month_name[month] in the site's locale.
std::string LocaleMonthName(int month, const Settings& settings);
/// `{date:SPEC}` fields of a pattern formatted in the site's locale.
std::string LocalizeDatePattern(const std::string& pattern, const content::DateTime& date, const Settings& settings);
/// Content.url / save_as with dates in the site's locale.
std::string ItemUrlSetting(const content::Item& item, const Settings& settings, bool save_as);
/// Pelican's strftime for a date in the site's locale (templates' strftime).
std::string SiteStrftime(const content::DateTime& date, std::string_view format, const Settings& settings);

// ---- reading (build_read.cc) --------------------------------------------------

std::vector<std::string> GetFiles(const Site& site, const Json& paths, const Json& excludes, bool any_extension);
/// Reads and validates the files; the objects join site->objects. Every
/// file tried is added to `seen_sources` (relative paths).
std::vector<ContentObject*> ReadFiles(Site* site, content::ItemKind kind, const std::vector<std::string>& files,
                                      int threads, std::set<std::string>* seen_sources);

/// An attribute value to sort or group by.
struct SortKeyValue {
  std::string text;
  std::optional<content::DateTime> date;
};
std::optional<SortKeyValue> AttributeForSort(const ContentObject& object, const std::string& name);
void OrderContent(ContentList* list, const Json& order_by, Messages* messages);
ContentList ProcessTranslations(ContentList items, const Json& translation_id, ContentList* translations,
                                Messages* messages);
void BuildTaxonomies(Site* site);

// ---- template values (template_objects.cc) ---------------------------------------

/// A settings value as the template sees it (tuples stay tuples).
tmpl::Value SettingValue(const Settings& settings, const std::string& key);
tmpl::Value DateValue(const content::DateTime& date, const Settings* settings = nullptr);
tmpl::Value WrapperValue(const UrlWrapper& wrapper);
/// Gives every content object its template value.
void MakeContentValues(Site* site);
tmpl::Value ListValue(const ContentList& list);
/// (wrapper, articles) tuples.
tmpl::Value TaxonomyValue(const Taxonomy& taxonomy);
/// A Paginator and one of its pages over `list`.
tmpl::Value PaginatorValue(std::shared_ptr<const class Paginator> paginator, const tmpl::Value& list);
tmpl::Value PageValue(std::shared_ptr<const class Paginator> paginator, int number, const tmpl::Value& list);
/// Pelican's extra filters (strftime) and the JINJA_* settings, on `env`.
void AddPelicanExtras(tmpl::Environment* env, const Settings& settings, Messages* messages);

// ---- loading templates (template_loader.cc) ----------------------------------------

/// Pelican's template search: THEME_TEMPLATES_OVERRIDES, the theme's
/// templates, the fallback theme, `!simple/` and `!theme/` prefixes, and the
/// TEMPLATE_PAGES sources (relative to PATH).
std::unique_ptr<tmpl::Loader> MakeSiteLoader(const Site& site);
/// A template environment as Pelican's Generator makes it (JINJA_ENVIRONMENT).
std::unique_ptr<tmpl::Environment> MakeEnvironment(const Site& site, Messages* messages);
/// Generator.get_template: `name` + the first TEMPLATE_EXTENSIONS entry
/// that exists; nullopt when none does.
std::optional<std::string> FindTemplate(tmpl::Loader* loader, const Settings& settings, const std::string& name);

// ---- writer (writer.cc) ---------------------------------------------------------------

/// One file to render: the template and what its context is made of (the
/// context itself is made when the file is rendered, so planned files do
/// not each hold a copy of the shared context).
struct RenderJob {
  std::string name;           // relative to OUTPUT_PATH
  std::string template_name;  // as the loader knows it
  tmpl::Value shared;         // the generators' shared context (a reference)
  std::vector<std::pair<std::string, tmpl::Value>> extra, kwargs;
  bool relative_urls = false;
  std::string local_siteurl;  // what content links resolve against

  /// _get_localcontext: the shared context, the extra variables, SITEURL
  /// (relative), localsiteurl, output_file, then the kwargs.
  tmpl::Value Context() const;
};

/// What write_file receives besides the context.
struct WriteRequest {
  std::string name;
  std::string template_name;  // loader name
  /// Variables added to the context before the writer's own (period archives).
  std::vector<std::pair<std::string, tmpl::Value>> context_extra;
  std::vector<std::pair<std::string, tmpl::Value>> kwargs;
  /// Lists to paginate (Pelican: `articles` and `dates` among the kwargs).
  std::vector<std::pair<std::string, tmpl::Value>> paginated;
  std::string paginated_template;  // template_name argument ("index", "tag", ...); empty: none
  std::string url;
  bool relative_urls = false;
  bool override_output = false;
};

/// One feed to write: its items and where it goes.
struct FeedJob {
  ContentList items;
  std::string path, url, full_path;
  FeedKind kind = FeedKind::kAtom;
  std::optional<std::string> title;
};

/// What writing one output file did.
enum class WriteOutcome { kWritten, kUnchanged, kFailed };

/// Writes `data` to `path` atomically, unless the file holds exactly that
/// already: then it is left alone (its mtime kept), so a rebuild with
/// nothing changed rewrites nothing.
WriteOutcome WriteIfChanged(const std::string& path, std::string_view data, std::string* error);

/// Pelican's Writer: turns write requests into render jobs (pagination,
/// relative URLs, output_file) and refuses to write one file twice.
class Writer {
 public:
  explicit Writer(Site* site);
  void WriteFile(const WriteRequest& request, const tmpl::Value& context);
  /// Claims the feed's file now; the feed is written by RenderAll.
  void WriteFeed(const ContentList& items, const std::string& path, const std::string& url, FeedKind kind,
                 std::optional<std::string> title = std::nullopt);
  std::vector<RenderJob>& jobs() { return jobs_; }
  int feeds_written() const { return feeds_written_; }
  int feed_count() const { return static_cast<int>(feed_jobs_.size()); }
  /// Files left alone because they already held their new content.
  int unchanged() const { return unchanged_; }
  int failed() const { return failed_; }
  /// Renders every job and writes every feed (in parallel), each file
  /// written atomically; returns the rendered files written.
  int RenderAll(int threads);

 private:
  bool Selected(const std::string& path) const;
  /// Writer._open_w: false when the file must be skipped.
  bool Claim(const std::string& full_path, bool override_output);
  void AddJob(const std::string& name, const WriteRequest& request, const tmpl::Value& context,
              const std::vector<std::pair<std::string, tmpl::Value>>& kwargs);
  /// write_feed's document for one feed job.
  WriteOutcome WriteFeedFile(const FeedJob& job, const std::string& path, std::string* error) const;
  /// The feed jobs of `group` written side by side (writer.cc); their
  /// outcomes and errors go to their slots.
  void WriteFeedGroup(const std::vector<size_t>& group, const std::unordered_map<const ContentObject*, size_t>& ranks,
                      const std::vector<std::string>& paths, std::vector<WriteOutcome>* outcomes,
                      std::vector<std::string>* errors) const;

  Site* site_;
  std::set<std::string> written_, overridden_;
  std::vector<RenderJob> jobs_;
  std::vector<FeedJob> feed_jobs_;
  int feeds_written_ = 0;
  int unchanged_ = 0;
  int failed_ = 0;
};

// ---- generators' outputs (build_output.cc) ---------------------------------------------

/// The shared context every template gets (settings and the generators' lists).
tmpl::Value BaseContext(const Site& site);
/// All generate_output steps that render templates or feeds, in Pelican's order.
void PlanOutputs(Site* site, Writer* writer, tmpl::Loader* loader);
/// StaticGenerator / SourceFileGenerator output: copies files.
int CopyStaticFiles(Site* site);
int CopyThemeStatic(Site* site);
int CopySources(Site* site);

}  // namespace stacks::site
