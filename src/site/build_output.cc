// Step 3 of the build: what Pelican's generators ask the writer for, in
// their order (ArticlesGenerator: feeds, articles, period archives, direct
// templates, tags, categories, authors, drafts; PagesGenerator: pages;
// TemplatePagesGenerator), and the copies of StaticGenerator and
// SourceFileGenerator.
#include <filesystem>
#include <unordered_map>
#include <fnmatch.h>

#include "site/build_internal.h"
#include "site/builtin_theme.h"
#include "site/progress.h"

namespace stacks::site {
namespace fs = std::filesystem;

namespace {

using tmpl::Value;
using Kwargs = std::vector<std::pair<std::string, Value>>;


// The planner's view: the site, the writer, template lookup (memoized)
// and the shared context.
struct Planner {
  Site* site;
  Writer* writer;
  tmpl::Loader* loader;
  Value context;
  std::map<std::string, std::optional<std::string>> templates;
  Value all_articles;  // ListValue(site->articles), made once
  /// Each object's place in site->articles and in site->dates.
  std::unordered_map<const ContentObject*, size_t> article_rank, date_rank;

  const Settings& settings() const { return *site->settings; }
  bool relative() const { return Truthy(settings()["RELATIVE_URLS"]); }

  // Generator.get_template; a missing template is an error naming it.
  std::optional<std::string> Template(const std::string& name, bool report = true) {
    auto it = templates.find(name);
    if (it == templates.end()) it = templates.emplace(name, FindTemplate(loader, settings(), name)).first;
    if (!it->second && report)
      site->messages->Error("[templates] unable to load " + name + "[.html] from " + site->theme_path +
                            "/templates");
    return it->second;
  }

  std::string Setting(const std::string& key, const std::string& fallback = "") const {
    return SettingText(settings(), key, fallback);
  }

  void Write(WriteRequest request, const std::string& template_name, const Value& ctx) {
    std::optional<std::string> found = Template(template_name);
    if (!found) return;
    request.template_name = *found;
    request.relative_urls = relative();
    writer->WriteFile(request, ctx);
  }
};

// A feed setting's value when set (truthy), with `.format(**fields)`.
std::optional<std::string> FeedSetting(const Settings& s, const std::string& key,
                                       const std::map<std::string, std::string>& fields = {}) {
  if (!s.Has(key) || !Truthy(s[key]) || !s[key].is_string()) return std::nullopt;
  return FormatFields(s[key].get<std::string>(), fields);
}

// The *_URL of a feed, or its path when the URL is not set.
std::string FeedUrl(const Settings& s, const std::string& key, const std::string& path,
                    const std::map<std::string, std::string>& fields = {}) {
  if (s.Has(key + "_URL") && s[key + "_URL"].is_string()) return FormatFields(s[key + "_URL"].get<std::string>(), fields);
  return path;
}

void FeedPair(Planner& p, const ContentList& items, const std::string& key, FeedKind kind,
              const std::map<std::string, std::string>& fields = {}, std::optional<std::string> title = std::nullopt) {
  if (auto path = FeedSetting(p.settings(), key, fields))
    p.writer->WriteFeed(items, *path, FeedUrl(p.settings(), key, *path, fields), kind, title);
}

// ArticlesGenerator.generate_feeds.
void GenerateFeeds(Planner& p) {
  Site& site = *p.site;
  const Settings& s = p.settings();
  FeedPair(p, site.articles, "FEED_ATOM", FeedKind::kAtom);
  FeedPair(p, site.articles, "FEED_RSS", FeedKind::kRss);
  if (FeedSetting(s, "FEED_ALL_ATOM") || FeedSetting(s, "FEED_ALL_RSS")) {
    ContentList all = site.articles;
    for (ContentObject* a : site.articles) all.insert(all.end(), a->translations.begin(), a->translations.end());
    OrderContent(&all, s["ARTICLE_ORDER_BY"], site.messages);
    FeedPair(p, all, "FEED_ALL_ATOM", FeedKind::kAtom);
    FeedPair(p, all, "FEED_ALL_RSS", FeedKind::kRss);
  }
  for (const auto& [cat, arts] : site.categories) {
    FeedPair(p, arts, "CATEGORY_FEED_ATOM", FeedKind::kAtom, {{"slug", cat.slug()}}, cat.name());
    FeedPair(p, arts, "CATEGORY_FEED_RSS", FeedKind::kRss, {{"slug", cat.slug()}}, cat.name());
  }
  for (const auto& [author, arts] : site.authors) {
    FeedPair(p, arts, "AUTHOR_FEED_ATOM", FeedKind::kAtom, {{"slug", author.slug()}}, author.name());
    FeedPair(p, arts, "AUTHOR_FEED_RSS", FeedKind::kRss, {{"slug", author.slug()}}, author.name());
  }
  for (const auto& [tag, arts] : site.tags) {
    FeedPair(p, arts, "TAG_FEED_ATOM", FeedKind::kAtom, {{"slug", tag.slug()}}, tag.name());
    FeedPair(p, arts, "TAG_FEED_RSS", FeedKind::kRss, {{"slug", tag.slug()}}, tag.name());
  }
  if (FeedSetting(s, "TRANSLATION_FEED_ATOM") || FeedSetting(s, "TRANSLATION_FEED_RSS")) {
    std::vector<std::pair<std::string, ContentList>> by_lang;
    auto add = [&](ContentObject* a) {
      for (auto& [lang, list] : by_lang)
        if (lang == a->item.lang) return list.push_back(a);
      by_lang.emplace_back(a->item.lang, ContentList{a});
    };
    for (ContentObject* a : site.articles) add(a);
    for (ContentObject* a : site.translations) add(a);
    for (auto& [lang, items] : by_lang) {
      OrderContent(&items, s["ARTICLE_ORDER_BY"], site.messages);
      FeedPair(p, items, "TRANSLATION_FEED_ATOM", FeedKind::kAtom, {{"lang", lang}});
      FeedPair(p, items, "TRANSLATION_FEED_RSS", FeedKind::kRss, {{"lang", lang}});
    }
  }
}

// An article or draft: `article` and `category` in the context.
void WriteArticle(Planner& p, ContentObject* a, bool draft) {
  WriteRequest r;
  r.name = a->save_as;
  r.url = a->url;
  r.override_output = a->explicit_save_as;
  r.kwargs = {{"article", a->value}, {"category", a->category ? WrapperValue(*a->category) : Value::None()},
              {"blog", Value(true)}};
  if (draft) r.kwargs.emplace_back("all_articles", p.all_articles);
  p.Write(r, a->item.template_name, p.context);
}

// The members of `subset` in the order of the list `rank` indexes (members
// it does not index are left out): a sort by rank, linear in the subset.
ContentList InOrderOf(const std::unordered_map<const ContentObject*, size_t>& rank, const ContentList& subset) {
  std::vector<std::pair<size_t, ContentObject*>> ranked;
  ranked.reserve(subset.size());
  for (ContentObject* o : subset)
    if (auto it = rank.find(o); it != rank.end()) ranked.emplace_back(it->second, o);
  std::sort(ranked.begin(), ranked.end());
  ranked.erase(std::unique(ranked.begin(), ranked.end()), ranked.end());
  ContentList out;
  out.reserve(ranked.size());
  for (const auto& [_, o] : ranked) out.push_back(o);
  return out;
}

std::unordered_map<const ContentObject*, size_t> RankOf(const ContentList& list) {
  std::unordered_map<const ContentObject*, size_t> rank;
  rank.reserve(list.size());
  for (size_t i = 0; i < list.size(); ++i) rank.emplace(list[i], i);
  return rank;
}

// generate_period_archives: the sorted dates grouped by year, (year,
// month) and (year, month, day); each group written with its articles
// (in `articles` order), `period` and `period_num`.
void GeneratePeriodArchives(Planner& p) {
  Site& site = *p.site;
  std::string template_name = p.Template("period_archives", false) ? "period_archives" : "archives";
  for (int level = 1; level <= 3; ++level) {
    std::string prefix = level == 1 ? "YEAR" : level == 2 ? "MONTH" : "DAY";
    std::string save_as_fmt = p.Setting(prefix + "_ARCHIVE_SAVE_AS"), url_fmt = p.Setting(prefix + "_ARCHIVE_URL");
    if (save_as_fmt.empty()) continue;
    auto key = [&](ContentObject* a) {
      const content::DateTime& d = *a->item.date;
      return std::vector<int>{d.year, level >= 2 ? d.month : 0, level >= 3 ? d.day : 0};
    };
    for (size_t begin = 0; begin < site.dates.size();) {
      size_t end = begin + 1;
      while (end < site.dates.size() && key(site.dates[end]) == key(site.dates[begin])) ++end;
      ContentList archive(site.dates.begin() + begin, site.dates.begin() + end);
      ContentList articles = InOrderOf(p.article_rank, archive);
      std::map<std::string, content::MetaValue> fields{{"date", content::MetaValue::Date(*archive[0]->item.date)}};
      const content::DateTime& d = *archive[0]->item.date;
      tmpl::List period{Value(d.year)}, period_num{Value(d.year)};
      if (level >= 2) period.emplace_back(LocaleMonthName(d.month, p.settings())), period_num.emplace_back(d.month);
      if (level >= 3) period.emplace_back(d.day), period_num.emplace_back(d.day);
      WriteRequest r;
      r.name = content::FormatUrlPattern(LocalizeDatePattern(save_as_fmt, d, p.settings()), fields);
      r.url = content::FormatUrlPattern(LocalizeDatePattern(url_fmt, d, p.settings()), fields);
      Value articles_value = ListValue(articles), dates_value = ListValue(archive);
      // period and period_num join the context (before the writer's own
      // variables, which the kwargs are).
      r.context_extra = {{"period", Value::MakeTuple(period)}, {"period_num", Value::MakeTuple(period_num)}};
      r.kwargs = {{"articles", articles_value}, {"dates", dates_value}, {"blog", Value(true)},
                  {"all_articles", p.all_articles}};
      r.paginated = {{"articles", articles_value}, {"dates", dates_value}};
      r.paginated_template = "period_archives";
      p.Write(r, template_name, p.context);
      begin = end;
    }
  }
}

// generate_direct_templates: each DIRECT_TEMPLATES entry at its
// <NAME>_SAVE_AS (default <name>.html), with every article.
void GenerateDirectTemplates(Planner& p) {
  Site& site = *p.site;
  const Json& direct = p.settings()["DIRECT_TEMPLATES"];
  if (!direct.is_array()) return;
  for (const Json& t : direct) {
    if (!t.is_string()) continue;
    std::string name = t.get<std::string>();
    std::string upper = name;
    for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    const Settings& s = p.settings();
    std::string save_as = s.Has(upper + "_SAVE_AS") ? (s[upper + "_SAVE_AS"].is_string() ? s[upper + "_SAVE_AS"].get<std::string>() : "")
                                                     : name + ".html";
    std::string url = s.Has(upper + "_URL") && s[upper + "_URL"].is_string() ? s[upper + "_URL"].get<std::string>()
                                                                              : name + ".html";
    if (save_as.empty()) continue;
    WriteRequest r;
    r.name = save_as;
    r.url = url;
    Value articles = ListValue(site.articles), dates = ListValue(site.dates);
    r.kwargs = {{"articles", articles}, {"dates", dates}, {"blog", Value(true)},
                {"page_name", Value(save_as.substr(0, save_as.size() - ExtensionLength(save_as)))}};
    r.paginated = {{"articles", articles}, {"dates", dates}};
    r.paginated_template = name;
    p.Write(r, name, p.context);
  }
}

// generate_tags / generate_categories / generate_authors.
void GenerateTaxonomy(Planner& p, const Taxonomy& taxonomy, const std::string& kind) {
  for (const auto& [wrapper, articles] : taxonomy) {
    WriteRequest r;
    r.name = wrapper.save_as();
    r.url = wrapper.url();
    Value list = ListValue(articles), dates = ListValue(InOrderOf(p.date_rank, articles));
    r.kwargs = {{kind, WrapperValue(wrapper)}, {"articles", list}, {"dates", dates}, {"blog", Value(true)},
                {"page_name", Value(wrapper.page_name())}, {"all_articles", p.all_articles}};
    r.paginated = {{"articles", list}, {"dates", dates}};
    r.paginated_template = kind;
    p.Write(r, kind, p.context);
  }
}

void GeneratePages(Planner& p) {
  Site& site = *p.site;
  for (const ContentList* list : {&site.page_translations, &site.pages, &site.hidden_page_translations,
                                  &site.hidden_pages, &site.draft_page_translations, &site.draft_pages})
    for (ContentObject* page : *list) {
      WriteRequest r;
      r.name = page->save_as;
      r.url = page->url;
      r.override_output = page->explicit_save_as;
      r.kwargs = {{"page", page->value}};
      p.Write(r, page->item.template_name, p.context);
    }
}

// TemplatePagesGenerator: each TEMPLATE_PAGES source (relative to PATH)
// rendered to its destination, overriding any other output there.
void GenerateTemplatePages(Planner& p) {
  const Json& pages = p.settings()["TEMPLATE_PAGES"];
  if (!pages.is_object()) return;
  for (auto it = pages.begin(); it != pages.end(); ++it) {
    if (!it.value().is_string()) continue;
    if (!p.loader->Load(it.key())) {
      p.site->messages->Error("TEMPLATE_PAGES: cannot find the template " + it.key() + " in " + p.site->content_path);
      continue;
    }
    WriteRequest r;
    r.name = it.value().get<std::string>();
    r.template_name = it.key();
    r.relative_urls = p.relative();
    r.override_output = true;
    p.writer->WriteFile(r, p.context);
  }
}

}  // namespace

size_t ExtensionLength(const std::string& path) {
  size_t slash = path.rfind('/');
  size_t dot = path.rfind('.');
  if (dot == std::string::npos || (slash != std::string::npos && dot < slash)) return 0;
  size_t base = slash == std::string::npos ? 0 : slash + 1;
  if (path.find_first_not_of('.', base) > dot) return 0;
  return path.size() - dot;
}

// The context Pelican's generators share: the settings (upper-case keys),
// then what generate_context added.
Value BaseContext(const Site& site) {
  const Settings& s = *site.settings;
  Value ctx = Value::MakeDict();
  tmpl::Dict& d = ctx.AsDict();
  for (auto it = s.values.begin(); it != s.values.end(); ++it) d.Set(Value(it.key()), SettingValue(s, it.key()));
  Value generated = Value::MakeDict(), statics = Value::MakeDict();
  std::unordered_map<const content::Item*, const ContentObject*> object_of;
  for (const auto& o : site.objects) object_of.emplace(&o->item, o.get());
  for (const auto& [path, item] : site.links.generated)
    if (auto it = object_of.find(item); it != object_of.end()) generated.AsDict().Set(Value(path), it->second->value);
  for (ContentObject* o : site.staticfiles) statics.AsDict().Set(Value(o->item.relative_source_path), o->value);
  d.Set(Value("generated_content"), generated);
  d.Set(Value("static_content"), statics);
  d.Set(Value("localsiteurl"), Value(SettingText(s, "SITEURL")));
  d.Set(Value("articles"), ListValue(site.articles));
  d.Set(Value("drafts"), ListValue(site.drafts));
  d.Set(Value("hidden_articles"), ListValue(site.hidden_articles));
  d.Set(Value("dates"), ListValue(site.dates));
  d.Set(Value("tags"), TaxonomyValue(site.tags));
  d.Set(Value("categories"), TaxonomyValue(site.categories));
  d.Set(Value("authors"), TaxonomyValue(site.authors));
  d.Set(Value("related_posts"), Value::MakeList());
  d.Set(Value("pages"), ListValue(site.pages));
  d.Set(Value("hidden_pages"), ListValue(site.hidden_pages));
  d.Set(Value("draft_pages"), ListValue(site.draft_pages));
  d.Set(Value("staticfiles"), ListValue(site.staticfiles));
  return ctx;
}

void PlanOutputs(Site* site, Writer* writer, tmpl::Loader* loader) {
  Planner p{site, writer, loader, BaseContext(*site), {}, ListValue(site->articles), RankOf(site->articles),
            RankOf(site->dates)};
  GenerateFeeds(p);
  for (const ContentList* list : {&site->translations, &site->articles, &site->hidden_translations,
                                  &site->hidden_articles})
    for (ContentObject* a : *list) WriteArticle(p, a, false);
  GeneratePeriodArchives(p);
  GenerateDirectTemplates(p);
  GenerateTaxonomy(p, site->tags, "tag");
  GenerateTaxonomy(p, site->categories, "category");
  GenerateTaxonomy(p, site->authors, "author");
  for (const ContentList* list : {&site->drafts_translations, &site->drafts})
    for (ContentObject* a : *list) WriteArticle(p, a, true);
  GeneratePages(p);
  GenerateTemplatePages(p);
}

// ---- copies ------------------------------------------------------------------------

namespace {

bool Ignored(const std::string& name, const Json& ignores) {
  if (!ignores.is_array()) return false;
  for (const Json& p : ignores)
    if (p.is_string() && fnmatch(p.get<std::string>().c_str(), name.c_str(), 0) == 0) return true;
  return false;
}

bool CopyFile(const std::string& from, const std::string& to, Messages* messages) {
  std::string error;
  std::optional<std::string> data = ReadFile(from, &error);
  WriteOutcome outcome = data ? WriteIfChanged(to, *data, &error) : WriteOutcome::kFailed;
  if (outcome == WriteOutcome::kFailed) {
    messages->Warning("A problem occurred copying file " + from + " to " + to + "; " + error);
    return false;
  }
  if (outcome == WriteOutcome::kUnchanged) return true;
  std::error_code ec;
  fs::last_write_time(to, fs::last_write_time(from, ec), ec);
  Log(LogLevel::kInfo, "Copying " + from + " to " + to);
  return true;
}

// utils.copy: a file to `to`, or a folder's files merged into `to`,
// skipping names that match IGNORE_FILES.
int CopyTree(const std::string& from, const std::string& to, const Json& ignores, Messages* messages) {
  std::error_code ec;
  if (Ignored(fs::path(from).filename().string(), ignores)) return 0;
  if (fs::is_regular_file(from, ec)) return CopyFile(from, to, messages);
  if (!fs::is_directory(from, ec)) return 0;
  int n = 0;
  std::vector<fs::directory_entry> entries;
  for (fs::directory_iterator it(from, ec), end; !ec && it != end; it.increment(ec)) entries.push_back(*it);
  std::sort(entries.begin(), entries.end());
  for (const auto& e : entries) {
    std::string name = e.path().filename().string();
    if (Ignored(name, ignores)) continue;
    if (e.is_directory(ec)) n += CopyTree(e.path().string(), to + "/" + name, ignores, messages);
    else if (e.is_regular_file(ec)) n += CopyFile(e.path().string(), to + "/" + name, messages);
  }
  return n;
}

}  // namespace

// StaticGenerator._copy_paths for THEME_STATIC_PATHS: a file lands in
// THEME_STATIC_DIR under its name, a folder's contents are merged into it.
int CopyThemeStatic(Site* site) {
  const Settings& s = *site->settings;
  std::string dest = content::NormPath(site->output_path + "/" + SettingText(s, "THEME_STATIC_DIR", "theme"));
  const Json& ignores = s["IGNORE_FILES"];
  int n = 0;
  const Json& paths = s["THEME_STATIC_PATHS"];
  if (!paths.is_array()) return 0;
  for (const Json& p : paths) {
    if (!p.is_string()) continue;
    std::string path = p.get<std::string>();
    if (const std::vector<EmbeddedFile>* files = BuiltinThemeFiles(site->theme_path)) {
      std::string prefix = content::NormPath(path) + "/";
      for (const EmbeddedFile& f : *files) {
        std::string fp(f.path);
        if (fp.rfind(prefix, 0) != 0) continue;
        std::string error;
        if (WriteIfChanged(dest + "/" + fp.substr(prefix.size()), f.data, &error) != WriteOutcome::kFailed) ++n;
        else site->messages->Warning("cannot write " + dest + "/" + fp.substr(prefix.size()) + ": " + error);
      }
      continue;
    }
    std::string source = site->theme_path + "/" + path;
    std::error_code ec;
    std::string target = fs::is_regular_file(source, ec) ? dest + "/" + fs::path(path).filename().string() : dest;
    n += CopyTree(source, target, ignores, site->messages);
  }
  return n;
}

// StaticGenerator.generate_output: each static file copied (or hard-linked
// with STATIC_CREATE_LINKS) to its save_as, unless the copy is up to date
// (STATIC_CHECK_IF_MODIFIED).
int CopyStaticFiles(Site* site) {
  const Settings& s = *site->settings;
  bool check_modified = Truthy(s["STATIC_CHECK_IF_MODIFIED"]);
  bool links = Truthy(s["STATIC_CREATE_LINKS"]);
  int n = 0;
  for (ContentObject* o : site->staticfiles) {
    std::string from = o->item.source_path;
    std::string to = content::NormPath(site->output_path + "/" + o->SaveAs(s));
    std::error_code ec;
    if (fs::exists(to, ec) && check_modified) {
      auto src = fs::last_write_time(from, ec), dst = fs::last_write_time(to, ec);
      if (!(src > dst)) {
        Log(LogLevel::kDebug, from + " is up to date, not copying");
        continue;
      }
    }
    if (links) {
      fs::create_directories(fs::path(to).parent_path(), ec);
      fs::remove(to, ec);
      fs::create_hard_link(from, to, ec);
      if (ec) fs::create_symlink(from, to, ec);
      if (!ec) {
        ++n;
        Log(LogLevel::kInfo, "Linking " + from + " and " + o->SaveAs(s));
        continue;
      }
    }
    if (CopyFile(from, to, site->messages)) {
      ++n;
      Log(LogLevel::kInfo, "Copying " + from + " to " + o->SaveAs(s));
    }
  }
  return n;
}

// SourceFileGenerator: each article and page (and their translations)
// copied beside its output with OUTPUT_SOURCES_EXTENSION.
int CopySources(Site* site) {
  const Settings& s = *site->settings;
  std::string ext = SettingText(s, "OUTPUT_SOURCES_EXTENSION", ".text");
  int n = 0;
  for (const ContentList* list : {&site->articles, &site->pages})
    for (ContentObject* o : *list) {
      ContentList all{o};
      all.insert(all.end(), o->translations.begin(), o->translations.end());
      for (ContentObject* c : all) {
        std::string save_as = c->save_as;
        std::string stem = save_as.substr(0, save_as.size() - ExtensionLength(save_as));
        n += CopyFile(c->item.source_path, content::NormPath(site->output_path + "/" + stem + ext), site->messages);
      }
    }
  return n;
}

}  // namespace stacks::site
