// Step 1 of the build: Pelican's generate_context for articles, pages and
// static files. Files are found as Generator.get_files does, read in
// parallel (each file on its own, results kept in file order), then sorted
// into published/hidden/draft lists, grouped into translations, ordered and
// gathered into categories, tags and authors.
#include <algorithm>
#include <filesystem>
#include <fnmatch.h>
#include <memory>
#include <optional>
#include <set>

#include "content/content.h"
#include "highlight/highlight.h"
#include "site/build_internal.h"
#include "site/cache.h"
#include "site/progress.h"

namespace stacks::site {
namespace fs = std::filesystem;

namespace {

const std::vector<std::string> kReaderExtensions = {"md", "markdown", "mkd", "mdown", "html", "htm", "rst"};

bool MatchesAny(const std::string& name, const Json& patterns) {
  if (!patterns.is_array()) return false;
  for (const Json& p : patterns)
    if (p.is_string() && fnmatch(p.get<std::string>().c_str(), name.c_str(), 0) == 0) return true;
  return false;
}

std::string ExtensionOf(const std::string& name) {
  size_t dot = name.rfind('.');
  if (dot == std::string::npos || dot == 0 || name.find_first_not_of('.') > dot) return "";
  return name.substr(dot + 1);
}

// Generator._include_path: IGNORE_FILES by base name, then the extension
// (one a reader handles; READERS = {'html': None} turns a reader off).
bool IncludePath(const std::string& rel, const Json& ignores, bool any_extension, const Json& readers) {
  std::string base = rel.substr(rel.rfind('/') == std::string::npos ? 0 : rel.rfind('/') + 1);
  if (MatchesAny(base, ignores)) return false;
  if (any_extension) return true;
  std::string ext = ExtensionOf(base);
  if (readers.is_object() && readers.contains(ext) && readers[ext].is_null()) return false;
  return std::find(kReaderExtensions.begin(), kReaderExtensions.end(), ext) != kReaderExtensions.end();
}

// os.walk(root, followlinks=True), top-down: folders named in `excluded`
// (by their parent) or matching IGNORE_FILES are not entered.
void Walk(const fs::path& dir, const std::string& content_root, const std::map<std::string, std::set<std::string>>& excluded,
          const Json& ignores, bool any_extension, const Json& readers, std::set<std::string>* files) {
  std::error_code ec;
  std::vector<fs::directory_entry> entries;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) entries.push_back(*it);
  auto excl = excluded.find(content::NormPath(dir.string()));
  for (const fs::directory_entry& e : entries) {
    std::string name = e.path().filename().string();
    if (e.is_directory(ec)) {
      if ((excl != excluded.end() && excl->second.count(name)) || MatchesAny(name, ignores)) continue;
      Walk(e.path(), content_root, excluded, ignores, any_extension, readers, files);
    } else {
      std::string rel = content::RelPath(e.path().string(), content_root);
      if (IncludePath(rel, ignores, any_extension, readers)) files->insert(rel);
    }
  }
}

}  // namespace

// Generator.get_files: every file under PATH/<path> for each of `paths`
// (or the path itself when it is a file), relative to PATH, sorted.
std::vector<std::string> GetFiles(const Site& site, const Json& paths, const Json& excludes, bool any_extension) {
  const Json& ignores = (*site.settings)["IGNORE_FILES"];
  const Json& readers = site.settings->Has("READERS") ? (*site.settings)["READERS"] : Json::object();
  std::map<std::string, std::set<std::string>> excluded;
  if (excludes.is_array())
    for (const Json& e : excludes)
      if (e.is_string()) {
        std::string full = content::NormPath(site.content_path + "/" + e.get<std::string>());
        size_t slash = full.rfind('/');
        excluded[full.substr(0, slash)].insert(full.substr(slash + 1));
      }
  std::set<std::string> files;
  std::vector<std::string> roots;
  if (paths.is_string()) roots.push_back(paths.get<std::string>());
  else if (paths.is_array())
    for (const Json& p : paths)
      if (p.is_string()) roots.push_back(p.get<std::string>());
  for (const std::string& path : roots) {
    std::string root = path.empty() ? site.content_path : site.content_path + "/" + path;
    std::error_code ec;
    if (fs::is_directory(root, ec)) Walk(root, site.content_path, excluded, ignores, any_extension, readers, &files);
    else if (fs::exists(root, ec) && IncludePath(path, ignores, any_extension, readers)) files.insert(content::NormPath(path));
  }
  return {files.begin(), files.end()};
}

namespace {

struct ReadOutcome {
  std::unique_ptr<ContentObject> object;
  std::vector<BuildMessage> messages;
};

bool SaveAsInsideOutput(const std::string& output, const std::string& save_as) {
  std::string joined = content::NormPath(output + "/" + save_as);
  std::string base = content::NormPath(output);
  return joined == base || joined.rfind(base + "/", 0) == 0;
}

// Content.is_valid: mandatory properties, save_as inside the output
// folder, an allowed status.
bool IsValid(const ContentObject& object, const Site& site, std::vector<BuildMessage>* messages) {
  const content::Item& item = object.item;
  std::vector<std::string> mandatory = {"title"};
  if (item.kind == content::ItemKind::kArticle) mandatory = {"title", "date", "category"};
  bool ok = true;
  for (const std::string& prop : mandatory) {
    bool has = prop == "date" ? item.date.has_value() : item.metadata.Has(prop);
    if (!has) {
      messages->push_back({Severity::kError, "Skipping " + item.source_path +
                                                 ": could not find information about '" + prop + "'"});
      ok = false;
      break;
    }
  }
  if (ok && item.kind != content::ItemKind::kStatic && !SaveAsInsideOutput(site.output_path, object.save_as)) {
    messages->push_back({Severity::kError, "Skipping " + item.source_path + ": file '" + object.save_as +
                                               "' would be written outside output path"});
    ok = false;
  }
  if (item.kind != content::ItemKind::kStatic && item.status != "published" && item.status != "hidden" &&
      item.status != "draft") {
    messages->push_back({Severity::kError, "Unknown status '" + item.status + "' for file " + item.source_path +
                                               ", skipping it. (Not in ('published', 'hidden', 'draft'))"});
    ok = false;
  }
  return ok;
}

// The URL wrappers Pelican's process_metadata makes for category, tags,
// author(s).
void AttachWrappers(ContentObject* object, const Settings& settings) {
  const content::Item& item = object->item;
  if (item.metadata.Has("category") && !item.category.empty())
    object->category.emplace(UrlWrapperKind::kCategory, item.category, &settings);
  object->has_tags = item.metadata.Has("tags");
  object->tags.reserve(item.tags.size());
  object->authors.reserve(item.authors.size());
  for (const std::string& t : item.tags) object->tags.emplace_back(UrlWrapperKind::kTag, t, &settings);
  object->has_author = !item.authors.empty();
  for (const std::string& a : item.authors) object->authors.emplace_back(UrlWrapperKind::kAuthor, a, &settings);
}

// What Readers.read_file gave for one file: shared with the content cache,
// or (without a cache) this build's own, which the item takes over.
struct SourceRead {
  std::shared_ptr<const content::ReadResult> shared;
  std::optional<content::ReadResult> own;
  const content::ReadResult& result() const { return own ? *own : *shared; }
};

// Readers.read_file, or its result kept in the content cache when the file
// has not changed (static files are not cached: reading them costs nothing).
SourceRead ReadSource(const Site& site, content::ItemKind kind, const std::string& rel,
                      const content::ReaderOptions& options) {
  const Json& values = site.settings->values;
  bool is_static = kind == content::ItemKind::kStatic;
  auto read = [&] { return content::ReadContentFile(site.content_path, rel, values, options, is_static); };
  SourceRead source;
  if (!site.cache || is_static) {
    source.own = read();
    return source;
  }
  std::string full = site.content_path + "/" + rel;
  std::optional<std::string> bytes = ReadFile(full);
  if (!bytes) {
    source.own = read();
    return source;
  }
  uint64_t key = site.cache->FileKey(full, *bytes);
  source.shared = site.cache->Find(rel, key);
  if (!source.shared) source.shared = std::make_shared<const content::ReadResult>(read());
  site.cache->Store(rel, key, source.shared);
  return source;
}

ReadOutcome ReadOne(const Site& site, content::ItemKind kind, const std::string& rel,
                    const content::ReaderOptions& options) {
  ReadOutcome out;
  const Json& values = site.settings->values;
  SourceRead source = ReadSource(site, kind, rel, options);
  const content::ReadResult& read = source.result();
  for (const std::string& w : read.warnings) out.messages.push_back({Severity::kWarning, w});
  if (!read.ok) {
    bool already_warned = !read.warnings.empty() && read.warnings.back() == read.error;
    if (!already_warned)
      out.messages.push_back({Severity::kError, "Could not process " + rel + "\n" + read.error});
    return out;
  }
  std::string error;
  auto object = std::make_unique<ContentObject>();
  std::string source_path = content::NormPath(site.content_path + "/" + rel);
  object->item = source.own ? content::MakeItem(kind, std::move(*source.own), source_path, values, &error)
                            : content::MakeItem(kind, read, source_path, values, &error);
  if (!error.empty()) {
    out.messages.push_back({Severity::kError, "Could not process " + rel + "\n" + error});
    return out;
  }
  LocalizeItemDates(&object->item, *site.settings);
  AttachWrappers(object.get(), *site.settings);
  if (kind != content::ItemKind::kStatic) {
    object->url = ItemUrlSetting(object->item, *site.settings, false);
    object->save_as = ItemUrlSetting(object->item, *site.settings, true);
    // Links to this item (resolved by the content library) must see the
    // localized URL too: record it as the item's own.
    content::Item& item = object->item;
    object->explicit_url = item.override_url.has_value();
    object->explicit_save_as = item.override_save_as.has_value();
    if (!object->explicit_url && object->url != item.Url(values)) item.override_url = object->url;
    if (!object->explicit_save_as && object->save_as != item.SaveAs(values)) item.override_save_as = object->save_as;
    if (!IsValid(*object, site, &out.messages)) return out;
  }
  out.object = std::move(object);
  return out;
}

}  // namespace

// Reads `files` (relative to PATH) in parallel; keeps the results in file
// order. Files that fail are recorded as "failed source paths" (nullptr in
// generated_content) as Pelican does, so {filename} links to them stay.
std::vector<ContentObject*> ReadFiles(Site* site, content::ItemKind kind, const std::vector<std::string>& files,
                                      int threads, std::set<std::string>* seen_sources) {
  content::ReaderOptions options;
  options.today = Today();
  // The highlighter is safe to call from several threads at once: its lexers
  // are immutable once built (function-local statics), match data is per
  // call or per thread, and KSyntaxHighlighting's shared tables sit behind
  // their own lock. It collects no warnings here (no shared vector).
  options.highlight = highlight::MarkdownCodeBlockHighlighter();
  std::vector<ReadOutcome> outcomes(files.size());
  ProgressFor("reading", files.size(), threads, [&](size_t, size_t i) { outcomes[i] = ReadOne(*site, kind, files[i], options); });
  std::vector<ContentObject*> read;
  for (size_t i = 0; i < files.size(); ++i) {
    for (BuildMessage& m : outcomes[i].messages) site->messages->Add(m.severity, std::move(m.text));
    if (seen_sources) seen_sources->insert(content::NormPath(files[i]));
    if (LogWanted(LogLevel::kDebug)) Log(LogLevel::kDebug, "Read file " + files[i] + " -> " + ContentClassName(kind));
    if (!outcomes[i].object) continue;
    read.push_back(outcomes[i].object.get());
    site->objects.push_back(std::move(outcomes[i].object));
  }
  return read;
}

// ---- ordering ----------------------------------------------------------------

namespace {

// A Python value an attribute sorts by: text, a number or a date.
struct SortKey {
  int rank = 0;  // 0: missing, 1: number, 2: text, 3: date
  double number = 0;
  std::string text;
  int64_t micros = 0;
  bool operator<(const SortKey& o) const {
    if (rank != o.rank) return rank < o.rank;
    if (rank == 1) return number < o.number;
    if (rank == 3) return micros < o.micros;
    return text < o.text;
  }
  bool operator==(const SortKey& o) const { return !(*this < o) && !(o < *this); }
};

int64_t AwareMicros(const content::DateTime& d) {
  return content::UtcMicros(d) - static_cast<int64_t>(d.utc_offset.value_or(0)) * 1000000;
}

}  // namespace

// attrgetter(name) on a content object: its own attributes first, then
// the metadata (which Pelican also sets as attributes).
std::optional<SortKeyValue> AttributeForSort(const ContentObject& object, const std::string& name) {
  const content::Item& item = object.item;
  if (name == "slug") return SortKeyValue{item.slug, std::nullopt};
  if (name == "title" && item.metadata.Has("title")) return SortKeyValue{item.title, std::nullopt};
  if (name == "lang") return SortKeyValue{item.lang, std::nullopt};
  if (name == "date" && item.date) return SortKeyValue{"", item.date};
  if (name == "modified" && item.modified) return SortKeyValue{"", item.modified};
  if (name == "source_path") return SortKeyValue{item.source_path, std::nullopt};
  if (name == "status") return SortKeyValue{item.status, std::nullopt};
  if (name == "url") return SortKeyValue{object.url, std::nullopt};
  if (name == "save_as") return SortKeyValue{object.save_as, std::nullopt};
  if (name == "category" && object.category) return SortKeyValue{object.category->slug(), std::nullopt};
  if (name == "author" && !object.authors.empty()) return SortKeyValue{object.authors[0].slug(), std::nullopt};
  if (const content::MetaValue* v = item.metadata.Find(name)) {
    if (v->kind == content::MetaValue::Kind::kDate) return SortKeyValue{"", v->date};
    if (v->kind == content::MetaValue::Kind::kList) return SortKeyValue{Join(v->list, "\x1f"), std::nullopt};
    return SortKeyValue{v->text, std::nullopt};
  }
  return std::nullopt;
}

namespace {

SortKey KeyOf(const std::optional<SortKeyValue>& v) {
  SortKey k;
  if (!v) return k;
  if (v->date) {
    k.rank = 3;
    k.micros = AwareMicros(*v->date);
  } else {
    k.rank = 2;
    k.text = v->text;
  }
  return k;
}

std::string BaseName(const std::string& path) { return path.substr(path.rfind('/') + 1); }

}  // namespace

// utils.order_content: a stable sort by an attribute ("basename" sorts by
// the source file's name; "reversed-" reverses). When an item lacks the
// attribute, Pelican warns and leaves the order as it was.
void OrderContent(ContentList* list, const Json& order_by, Messages* messages) {
  if (!order_by.is_string()) {
    if (!order_by.is_null() && !(order_by.is_boolean() && !order_by.get<bool>()))
      messages->Warning("Invalid *_ORDER_BY setting (" + order_by.dump() +
                        "). Valid options are strings and functions.");
    return;
  }
  std::string name = order_by.get<std::string>();
  if (name.empty()) return;
  bool reversed = name.rfind("reversed-", 0) == 0;
  if (reversed) name = name.substr(9);
  std::vector<std::pair<SortKey, ContentObject*>> keyed;
  for (ContentObject* o : *list) {
    SortKey k;
    if (name == "basename") {
      k.rank = 2;
      k.text = BaseName(o->item.source_path);
    } else {
      std::optional<SortKeyValue> v = AttributeForSort(*o, name);
      if (!v) {
        for (ContentObject* c : *list)
          if (!AttributeForSort(*c, name))
            messages->Warning("There is no \"" + name + "\" attribute in \"" + c->item.relative_source_path +
                              "\". Defaulting to slug order.");
        return;
      }
      k = KeyOf(v);
    }
    keyed.emplace_back(std::move(k), o);
  }
  std::stable_sort(keyed.begin(), keyed.end(), [&](const auto& a, const auto& b) {
    return reversed ? b.first < a.first : a.first < b.first;
  });
  for (size_t i = 0; i < keyed.size(); ++i) (*list)[i] = keyed[i].second;
}

// ---- translations -------------------------------------------------------------

namespace {

std::vector<std::string> TranslationIdKeys(const Json& id) {
  std::vector<std::string> keys;
  if (id.is_string() && !id.get<std::string>().empty()) keys.push_back(id.get<std::string>());
  if (id.is_array())
    for (const Json& k : id)
      if (k.is_string()) keys.push_back(k.get<std::string>());
  return keys;
}

std::vector<SortKey> GroupKey(const ContentObject& o, const std::vector<std::string>& keys) {
  std::vector<SortKey> out;
  for (const std::string& k : keys) out.push_back(KeyOf(AttributeForSort(o, k)));
  return out;
}

std::string SourcePaths(const ContentList& items) {
  std::string out;
  for (const ContentObject* o : items) out += "\n" + o->item.source_path;
  return out;
}

// get_original_items: within one group, items not marked `translation`
// (all of them when every one is), and among those the ones in the
// default language (all of them when none is).
ContentList OriginalItems(const ContentList& items, const std::string& with, Messages* messages) {
  std::map<std::string, ContentList> by_lang;
  for (ContentObject* o : items) by_lang[o->item.lang].push_back(o);
  for (const auto& [lang, list] : by_lang)
    if (list.size() > 1)
      messages->Warning("There are " + std::to_string(list.size()) + " items \"" + with + "\" with lang " + lang +
                        ": " + SourcePaths(list));
  ContentList candidates;
  for (ContentObject* o : items) {
    const content::MetaValue* t = o->item.metadata.Find("translation");
    if (!t || AsciiLower(t->text) == "false") candidates.push_back(o);
  }
  if (candidates.empty()) {
    messages->Warning("All items (\"" + with + "\") \"" + SourcePaths(items) + "\" are translations");
    candidates = items;
  }
  ContentList originals;
  for (ContentObject* o : candidates)
    if (o->item.in_default_lang) originals.push_back(o);
  if (originals.empty()) originals = candidates;
  if (originals.size() > 1)
    messages->Warning("There are " + std::to_string(originals.size()) + " original (not translated) items " + with +
                      ": " + SourcePaths(originals));
  return originals;
}

}  // namespace

// utils.process_translations: items sorted by their translation id and
// grouped; each group yields its originals, and every item of a group gets
// the others as its translations. Returns the originals; `translations`
// gets the rest in sorted order.
ContentList ProcessTranslations(ContentList items, const Json& translation_id, ContentList* translations,
                                Messages* messages) {
  std::vector<std::string> keys = TranslationIdKeys(translation_id);
  if (keys.empty()) return items;
  std::stable_sort(items.begin(), items.end(),
                   [&](ContentObject* a, ContentObject* b) { return GroupKey(*a, keys) < GroupKey(*b, keys); });
  ContentList index;
  for (size_t begin = 0; begin < items.size();) {
    std::vector<SortKey> key = GroupKey(*items[begin], keys);
    size_t end = begin + 1;
    while (end < items.size() && GroupKey(*items[end], keys) == key) ++end;
    ContentList group(items.begin() + begin, items.begin() + end);
    std::string with = "with";
    for (size_t k = 0; k < keys.size(); ++k)
      with += std::string(k ? ", " : "") + " " + keys[k] + " \"" + key[k].text + "\"";
    for (ContentObject* o : OriginalItems(group, with, messages)) index.push_back(o);
    for (ContentObject* o : group) {
      o->translations.clear();
      for (ContentObject* other : group)
        if (other != o) o->translations.push_back(other);
    }
    begin = end;
  }
  for (ContentObject* o : items)
    if (std::find(index.begin(), index.end(), o) == index.end()) translations->push_back(o);
  return index;
}

// ---- taxonomies -----------------------------------------------------------------

namespace {

ContentList* Slot(Taxonomy* taxonomy, const UrlWrapper& wrapper) {
  for (auto& [w, list] : *taxonomy)
    if (w == wrapper) return &list;
  taxonomy->emplace_back(wrapper, ContentList{});
  return &taxonomy->back().second;
}

}  // namespace

// The categories/tags/authors dicts of ArticlesGenerator.generate_context,
// filled from the published articles in order; categories and authors
// then sorted by slug, tags kept in first-seen order.
void BuildTaxonomies(Site* site) {
  for (ContentObject* a : site->articles) {
    if (a->category) Slot(&site->categories, *a->category)->push_back(a);
    for (const UrlWrapper& t : a->tags) Slot(&site->tags, t)->push_back(a);
    for (const UrlWrapper& au : a->authors) Slot(&site->authors, au)->push_back(a);
  }
  bool reverse = Truthy((*site->settings)["REVERSE_CATEGORY_ORDER"]);
  std::stable_sort(site->categories.begin(), site->categories.end(), [&](const auto& a, const auto& b) {
    return reverse ? b.first.slug() < a.first.slug() : a.first.slug() < b.first.slug();
  });
  std::stable_sort(site->authors.begin(), site->authors.end(),
                   [](const auto& a, const auto& b) { return a.first.slug() < b.first.slug(); });
  site->dates = site->articles;
  bool newest_first = Truthy((*site->settings)["NEWEST_FIRST_ARCHIVES"]);
  std::stable_sort(site->dates.begin(), site->dates.end(), [&](ContentObject* a, ContentObject* b) {
    int64_t x = AwareMicros(*a->item.date), y = AwareMicros(*b->item.date);
    return newest_first ? y < x : x < y;
  });
}

}  // namespace stacks::site
