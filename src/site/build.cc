// Pelican.run as a list of named, timed steps (see site.h for the overview).
#include <chrono>
#include <cstdio>
#include <filesystem>

#include "site/build_internal.h"
#include "site/builtin_theme.h"
#include "site/cache.h"
#include "site/manifest.h"
#include "site/progress.h"
#include "content/item_paths.h"
#include "content/regex_match.h"

namespace stacks::site {
namespace fs = std::filesystem;

namespace {

using Clock = std::chrono::steady_clock;

// Times the build's steps in order.
class Timer {
 public:
  explicit Timer(BuildResult* result) : result_(result), start_(Clock::now()), last_(start_) {}
  /// Ends the step `name`; `counts` says what it did ("1000 files").
  void Step(const char* name, std::string counts = "") {
    Clock::time_point now = Clock::now();
    result_->timings.emplace_back(name, std::chrono::duration<double>(now - last_).count());
    result_->timing_counts.push_back(std::move(counts));
    last_ = now;
  }
  double Total() const { return std::chrono::duration<double>(Clock::now() - start_).count(); }

 private:
  BuildResult* result_;
  Clock::time_point start_, last_;
};

std::string RealPath(const std::string& path) {
  std::error_code ec;
  fs::path p = fs::weakly_canonical(fs::absolute(path, ec), ec);
  return content::NormPath(p.string());
}

bool IsWithin(const std::string& inner, const std::string& outer) {
  return inner == outer || outer == "/" || inner.rfind(outer + "/", 0) == 0;
}

// Sorts what one generator read by status, groups translations, orders.
struct StatusLists {
  ContentList *published, *published_tr, *hidden, *hidden_tr, *draft, *draft_tr;
};

void Classify(Site* site, const ContentList& read, const StatusLists& lists, const Json& translation_id,
              const Json& order_by) {
  ContentList published, hidden, draft;
  for (ContentObject* o : read) {
    const std::string& status = o->item.status;
    (status == "published" ? published : status == "hidden" ? hidden : draft).push_back(o);
  }
  auto process = [&](ContentList items, ContentList* originals, ContentList* translations) {
    *originals = ProcessTranslations(std::move(items), translation_id, translations, site->messages);
    OrderContent(originals, order_by, site->messages);
  };
  process(published, lists.published, lists.published_tr);
  process(hidden, lists.hidden, lists.hidden_tr);
  process(draft, lists.draft, lists.draft_tr);
}

// Content.get_static_links: {static} and {attach} targets of an item,
// relative to PATH (a leading '/' is relative to PATH, anything else to the
// item's folder). The link matches come from IntrasiteLinkMatches when it
// knows them, else from the pattern run over the whole content.
std::vector<std::string> StaticLinks(const ContentObject& o, const Settings& settings) {
  std::string_view html = o.item.raw_content;
  LinkMatches matches = o.LinkSpans(settings);
  if (!matches) {
    matches.emplace();
    std::string error;
    for (const content::RegexMatch& m : content::FindAllMatches(IntrasiteLinkPattern(settings), html, false, &error))
      matches->push_back({m.groups[0].first, m.groups[0].second, m.Named(html, "what"), m.Named(html, "value")});
  }
  std::vector<std::string> links;
  for (const LinkMatch& m : *matches) {
    if (m.what != "static" && m.what != "attach") continue;
    std::string path = content::UrlParse(m.value).path;
    if (!path.empty() && path[0] == '/') {
      path = path.substr(1);
    } else {
      size_t slash = o.item.relative_source_path.rfind('/');
      std::string dir = slash == std::string::npos ? "" : o.item.relative_source_path.substr(0, slash);
      path = content::NormPath(dir.empty() ? path : dir + "/" + path);
    }
    links.push_back(ReplaceAll(path, "%20", " "));
  }
  return links;
}

ContentList AllOf(std::initializer_list<const ContentList*> lists) {
  ContentList out;
  for (const ContentList* l : lists) out.insert(out.end(), l->begin(), l->end());
  return out;
}

// Step: articles and pages read, classified, grouped, ordered.
void ReadContent(Site* site, int threads, std::set<std::string>* sources) {
  const Settings& s = *site->settings;
  ContentList articles =
      ReadFiles(site, content::ItemKind::kArticle, GetFiles(*site, s["ARTICLE_PATHS"], s["ARTICLE_EXCLUDES"], false),
                threads, sources);
  Classify(site, articles,
           {&site->articles, &site->translations, &site->hidden_articles, &site->hidden_translations, &site->drafts,
            &site->drafts_translations},
           s["ARTICLE_TRANSLATION_ID"], s["ARTICLE_ORDER_BY"]);
  BuildTaxonomies(site);
  ContentList pages = ReadFiles(site, content::ItemKind::kPage,
                                GetFiles(*site, s["PAGE_PATHS"], s["PAGE_EXCLUDES"], false), threads, sources);
  Classify(site, pages,
           {&site->pages, &site->page_translations, &site->hidden_pages, &site->hidden_page_translations,
            &site->draft_pages, &site->draft_page_translations},
           s["PAGE_TRANSLATION_ID"], s["PAGE_ORDER_BY"]);
  for (const auto& o : site->objects) site->links.generated[o->item.relative_source_path] = &o->item;
}

// Step: StaticGenerator.generate_context: STATIC_PATHS files plus every
// file a {static}/{attach} link names, minus content sources when
// STATIC_EXCLUDE_SOURCES.
void ReadStatics(Site* site, int threads, const std::set<std::string>& sources) {
  const Settings& s = *site->settings;
  std::vector<std::vector<std::string>> linked(site->objects.size());
  ParallelFor(site->objects.size(), threads, [&](size_t, size_t i) { linked[i] = StaticLinks(*site->objects[i], s); });
  std::set<std::string> files;
  for (const std::vector<std::string>& links : linked) files.insert(links.begin(), links.end());
  for (const std::string& f : GetFiles(*site, s["STATIC_PATHS"], s["STATIC_EXCLUDES"], true)) files.insert(f);
  std::vector<std::string> chosen;
  bool exclude_sources = Truthy(s["STATIC_EXCLUDE_SOURCES"]);
  for (const std::string& f : files) {
    std::error_code ec;
    if (exclude_sources && sources.count(content::NormPath(f))) continue;
    if (!fs::is_regular_file(site->content_path + "/" + f, ec)) continue;
    chosen.push_back(f);
  }
  site->staticfiles = ReadFiles(site, content::ItemKind::kStatic, chosen, threads, nullptr);
  for (ContentObject* o : site->staticfiles) site->links.statics[o->item.relative_source_path] = &o->item;
}

// Whether resolving the object's content may look at static files: a
// {static} or {attach} link, or links not known without the full pattern.
bool MayLinkStatics(const ContentObject& o, const Settings& settings) {
  const LinkMatches& spans = o.LinkSpans(settings);
  if (!spans) return true;
  for (const LinkMatch& m : *spans)
    if (m.what == "static" || m.what == "attach") return true;
  return false;
}

// Every item's content against SITEURL, with the result of resolving them
// one by one in Pelican's order. Only links to static files depend on that
// order ({attach} moves a file; any link to it fixes its place), so first
// the contents that cannot reach a static file are resolved in parallel
// against the links without the static files: one that resolves without a
// warning never looked for a static file, so its result is final. The
// others (and their warnings) are then resolved in order.
void ResolveContents(Site* site, const ContentList& order, const std::string& siteurl, int threads) {
  const Settings& s = *site->settings;
  content::LinkContext without_statics = site->LinksFor(siteurl);
  without_statics.statics.clear();
  std::vector<char> done(order.size(), 0);
  ParallelFor(order.size(), threads, [&](size_t, size_t i) {
    const ContentObject& o = *order[i];
    done[i] = !MayLinkStatics(o, s) && o.ResolveQuietly(*site, siteurl, without_statics);
  });
  for (size_t i = 0; i < order.size(); ++i)
    if (!done[i]) order[i]->Content(*site, siteurl);
}

// Step: intra-site links, in Pelican's order, so {attach} moves happen
// deterministically before any parallel rendering: FORMATTED_FIELDS
// metadata first (refresh_metadata_intersite_links), then every item's
// content against SITEURL.
void ResolveLinks(Site* site, int threads) {
  const Settings& s = *site->settings;
  std::string siteurl = SettingText(s, "SITEURL");
  ContentList order = AllOf({&site->articles, &site->translations, &site->drafts, &site->drafts_translations,
                             &site->hidden_articles, &site->hidden_translations, &site->pages, &site->hidden_pages,
                             &site->hidden_page_translations, &site->draft_pages, &site->draft_page_translations});
  const Json& formatted = s["FORMATTED_FIELDS"];
  for (ContentObject* o : order) {
    if (!formatted.is_array()) break;
    for (const Json& f : formatted) {
      if (!f.is_string()) continue;
      std::string key = f.get<std::string>();
      const content::MetaValue* v = o->item.metadata.Find(key);
      if (!v || v->kind != content::MetaValue::Kind::kText) continue;
      std::vector<std::string> warnings;
      std::string text = content::ReplaceLinks(o->item, v->text, site->LinksFor(siteurl), &warnings);
      for (std::string& w : warnings) site->messages->Warning(std::move(w));
      o->item.metadata.Set(key, content::MetaValue::Text(text));
      if (key == "title") o->item.title = text;
    }
  }
  for (ContentObject* o : AllOf({&site->page_translations})) order.push_back(o);
  ResolveContents(site, order, siteurl, threads);
}

// The content cache the settings ask for (CACHE_CONTENT saves it,
// LOAD_CONTENT_CACHE loads it unless --ignore-cache); nullptr: neither.
std::unique_ptr<ContentCache> OpenCache(const Settings& settings, const BuildOptions& options) {
  bool load = Truthy(settings["LOAD_CONTENT_CACHE"]) && !options.ignore_cache;
  bool save = Truthy(settings["CACHE_CONTENT"]);
  if (!load && !save) return nullptr;
  return std::make_unique<ContentCache>(settings, Today(), load, save);
}

// Writes the cache as soon as everything is read (and frees it: its copies
// of the contents are no longer needed).
void SaveCache(Site* site, std::unique_ptr<ContentCache> cache, Messages* messages) {
  site->cache = nullptr;
  std::string error;
  if (cache && !cache->Save(&error)) messages->Warning("Could not save the content cache: " + error);
}

// Pelican.run's DELETE_OUTPUT_DIRECTORY, refusing unsafe folders.
void MaybeCleanOutput(Site* site, const BuildOptions& options, std::vector<BuildMessage>* messages) {
  const Settings& s = *site->settings;
  if (!Truthy(s["DELETE_OUTPUT_DIRECTORY"])) return;
  std::string why = UnsafeToDelete(site->output_path, site->content_path, options.settings_path);
  if (!why.empty()) {
    messages->push_back({Severity::kWarning, "DELETE_OUTPUT_DIRECTORY: not deleting " + site->output_path + ": " + why});
    return;
  }
  std::vector<std::string> retention;
  if (s["OUTPUT_RETENTION"].is_array())
    for (const Json& r : s["OUTPUT_RETENTION"])
      if (r.is_string()) retention.push_back(r.get<std::string>());
  CleanOutputDir(site->output_path, retention, messages);
}

void Count(const Site& site, BuildCounts* c) {
  c->articles = static_cast<int>(site.articles.size() + site.translations.size());
  c->drafts = static_cast<int>(site.drafts.size() + site.drafts_translations.size());
  c->hidden_articles = static_cast<int>(site.hidden_articles.size() + site.hidden_translations.size());
  c->pages = static_cast<int>(site.pages.size() + site.page_translations.size());
  c->hidden_pages = static_cast<int>(site.hidden_pages.size() + site.hidden_page_translations.size());
  c->draft_pages = static_cast<int>(site.draft_pages.size() + site.draft_page_translations.size());
}

}  // namespace

std::string UnsafeToDelete(const std::string& output, const std::string& content, const std::string& settings_path) {
  std::string out = RealPath(output);
  if (out == "/") return "it is the filesystem root";
  if (IsWithin(RealPath(content), out)) return "it holds the content folder " + content;
  if (!settings_path.empty() && IsWithin(RealPath(settings_path), out))
    return "it holds the settings file " + settings_path;
  std::error_code ec;
  std::string cwd = RealPath(fs::current_path(ec).string());
  if (IsWithin(cwd, out) && cwd != out) return "it holds the working folder";
  return "";
}

// clean_output_dir: entries of `output` removed one by one (retained names
// kept); a symbolic link is removed itself, never followed.
void CleanOutputDir(const std::string& output, const std::vector<std::string>& retention,
                    std::vector<BuildMessage>* messages) {
  std::error_code ec;
  fs::file_status status = fs::symlink_status(output, ec);
  if (ec || !fs::exists(status)) return;
  if (!fs::is_directory(status)) {
    if (!fs::remove(output, ec)) messages->push_back({Severity::kError, "Unable to delete file " + output + "; " + ec.message()});
    return;
  }
  std::vector<fs::path> entries;
  for (fs::directory_iterator it(output, ec), end; !ec && it != end; it.increment(ec)) entries.push_back(it->path());
  for (const fs::path& entry : entries) {
    std::string name = entry.filename().string();
    if (std::find(retention.begin(), retention.end(), name) != retention.end()) {
      Log(LogLevel::kDebug, "Skipping deletion; " + name + " is on retention list: " + entry.string());
      continue;
    }
    std::error_code rm;
    fs::file_status st = fs::symlink_status(entry, rm);
    if (fs::is_directory(st)) fs::remove_all(entry, rm);
    else fs::remove(entry, rm);
    if (rm) messages->push_back({Severity::kError, "Unable to delete " + entry.string() + "; " + rm.message()});
    else Log(LogLevel::kDebug, (fs::is_directory(st) ? "Deleted directory " : "Deleted file/link ") + entry.string());
  }
}

std::string SummaryLine(const BuildResult& r) {
  auto plural = [](int n, const char* one, const char* many) {
    return std::to_string(n) + " " + (n == 1 ? one : many);
  };
  const BuildCounts& c = r.counts;
  char seconds[32];
  std::snprintf(seconds, sizeof seconds, "%.2f", r.seconds);
  return "Done: Processed " + plural(c.articles, "article", "articles") + ", " + plural(c.drafts, "draft", "drafts") +
         ", " + plural(c.hidden_articles, "hidden article", "hidden articles") + ", " +
         plural(c.pages, "page", "pages") + ", " + plural(c.hidden_pages, "hidden page", "hidden pages") + " and " +
         plural(c.draft_pages, "draft page", "draft pages") + " in " + seconds + " seconds.";
}

namespace {

// The fast path: the last build's result when its manifest shows nothing
// changed since (manifest.h).
bool FinishIfUpToDate(const Settings& settings, int threads, BuildResult* result, Timer* timer) {
  std::string why;
  std::optional<BuildResult> done = UpToDateResult(settings, threads, &why);
  if (!done) {
    Log(LogLevel::kDebug, "Rebuilding: " + why);
    std::error_code ec;
    fs::remove(ManifestPath(settings), ec);  // outputs are about to change
    timer->Step("check build manifest", "rebuilding");
    return false;
  }
  result->counts = done->counts;
  result->messages = std::move(done->messages);
  timer->Step("check build manifest", why);
  Log(LogLevel::kInfo, "Nothing changed since the last build (" + why + ")");
  result->seconds = timer->Total();
  return true;
}

void WriteManifest(const Site& site, const BuildResult& result, int64_t start_ns) {
  std::string why;
  if (!RecordManifest(site, result, start_ns, &why)) {
    Log(LogLevel::kDebug, "No build manifest written: " + why);
    std::error_code ec;
    fs::remove(ManifestPath(*site.settings), ec);
  }
}

}  // namespace

BuildResult Build(const Settings& settings, const BuildOptions& options) {
  BuildResult result;
  Timer timer(&result);
  int64_t start_ns = FileClockNow();
  ManifestUse manifest = ManifestUseFor(settings, options);
  int threads = options.threads > 0 ? options.threads : DefaultThreadCount();
  if (manifest.load && FinishIfUpToDate(settings, threads, &result, &timer)) return result;
  Messages messages;
  Site site;
  site.settings = &settings;
  site.messages = &messages;
  site.content_path = content::NormPath(SettingText(settings, "PATH", "."));
  site.output_path = content::NormPath(SettingText(settings, "OUTPUT_PATH", "output"));
  site.theme_path = SettingText(settings, "THEME", "default");
  if (!IsBuiltinTheme(site.theme_path)) site.theme_path = content::NormPath(site.theme_path);
  site.links.settings = &settings.values;
  site.links.siteurl = SettingText(settings, "SITEURL");

  MaybeCleanOutput(&site, options, &result.messages);
  timer.Step("clean output");
  std::unique_ptr<ContentCache> cache = OpenCache(settings, options);
  site.cache = cache.get();
  timer.Step("load content cache", cache ? std::to_string(cache->loaded()) + " entries" : "off");
  std::set<std::string> sources;
  ReadContent(&site, threads, &sources);
  timer.Step("read content", std::to_string(sources.size()) + " files" +
                                 (cache ? ", " + std::to_string(cache->hits()) + " from the cache" : ""));
  SaveCache(&site, std::move(cache), &messages);
  timer.Step("save content cache");
  ReadStatics(&site, threads, sources);
  MakeContentValues(&site);
  timer.Step("read static files", std::to_string(site.staticfiles.size()) + " files");
  ResolveLinks(&site, threads);
  timer.Step("resolve links", std::to_string(site.objects.size()) + " items");
  Writer writer(&site);
  std::unique_ptr<tmpl::Loader> loader = MakeSiteLoader(site);
  PlanOutputs(&site, &writer, loader.get());
  timer.Step("plan outputs", std::to_string(writer.jobs().size()) + " pages, " +
                                 std::to_string(writer.feed_count()) + " feeds");
  int rendered = writer.RenderAll(threads);
  timer.Step("render and write", std::to_string(rendered + writer.feeds_written()) + " files, " +
                                     std::to_string(writer.unchanged()) + " unchanged");
  int copied = 0;
  if (Truthy(settings["OUTPUT_SOURCES"])) {
    Log(LogLevel::kInfo, "Generating source files...");
    copied += CopySources(&site);
  }
  copied += CopyThemeStatic(&site);
  copied += CopyStaticFiles(&site);
  timer.Step("copy static files");

  Count(site, &result.counts);
  result.counts.files_written = rendered + writer.feeds_written() + copied;
  for (BuildMessage& m : messages.Take()) result.messages.push_back(std::move(m));
  result.failed_files = writer.failed();
  result.ok = result.failed_files == 0;
  if (manifest.save) {
    WriteManifest(site, result, start_ns);
    timer.Step("record build manifest");
  }
  result.seconds = timer.Total();
  return result;
}

}  // namespace stacks::site
