// Pelican's readers: MarkdownReader, HTMLReader and Readers.read_file's
// metadata layering (defaults, path metadata, file-name metadata, reader).
#include <sys/stat.h>

#include <algorithm>
#include <ctime>
#include <map>
#include <memory>

#include "base/base.h"
#include "content/content.h"
#include "content/reader_html.h"
#include "content/regex_match.h"

namespace stacks::content {

// ---- Metadata -------------------------------------------------------------------

MetaValue MetaValue::Text(std::string t) {
  MetaValue v;
  v.text = std::move(t);
  return v;
}
MetaValue MetaValue::List(std::vector<std::string> items) {
  MetaValue v;
  v.kind = Kind::kList;
  v.list = std::move(items);
  return v;
}
MetaValue MetaValue::Date(DateTime d) {
  MetaValue v;
  v.kind = Kind::kDate;
  v.date = std::move(d);
  return v;
}

void Metadata::Set(const std::string& key, MetaValue value) {
  for (auto& [k, v] : entries_) {
    if (k == key) {
      v = std::move(value);
      return;
    }
  }
  entries_.emplace_back(key, std::move(value));
}

const MetaValue* Metadata::Find(const std::string& key) const {
  for (const auto& [k, v] : entries_)
    if (k == key) return &v;
  return nullptr;
}

void Metadata::Erase(const std::string& key) {
  std::erase_if(entries_, [&](const auto& e) { return e.first == key; });
}

void Metadata::Update(const Metadata& other) {
  for (const auto& [k, v] : other.entries_) Set(k, v);
}

// ---- process_metadata -------------------------------------------------------------

namespace {

// settings[key], or null when the key is missing: one search (an
// ordered_json object is searched key by key) and no copy.
const SettingsJson& SettingOrNull(const SettingsJson& settings, const std::string& key) {
  static const SettingsJson kNull;
  if (!settings.is_object()) return kNull;
  auto found = settings.find(key);
  return found == settings.end() ? kNull : *found;
}

std::string PyStrip(std::string_view s) {
  // str.strip() strips Unicode whitespace; ASCII covers what metadata holds.
  return std::string(StripAscii(s));
}

// ensure_metadata_list: a string is split on ';' when it has one, else on
// ','; items stripped, empty ones dropped, duplicates dropped (first kept).
std::vector<std::string> EnsureMetadataList(const MetaValue& value) {
  std::vector<std::string> parts;
  if (value.kind == MetaValue::Kind::kList) {
    parts = value.list;
  } else {
    parts = Split(value.text, value.text.find(';') != std::string::npos ? ';' : ',');
  }
  std::vector<std::string> out;
  for (const std::string& part : parts) {
    std::string item = PyStrip(part);
    if (!item.empty() && std::find(out.begin(), out.end(), item) == out.end()) out.push_back(item);
  }
  return out;
}

}  // namespace

std::optional<MetaValue> ProcessMetadata(const std::string& name, const MetaValue& value,
                                         const ReaderOptions& options, std::string* error) {
  if (value.kind != MetaValue::Kind::kText && name != "tags" && name != "authors") return value;
  if (name == "tags" || name == "authors") {
    std::vector<std::string> items = EnsureMetadataList(value);
    if (items.empty()) return std::nullopt;
    return MetaValue::List(std::move(items));
  }
  if (name == "date" || name == "modified") {
    std::string text = name == "date" ? ReplaceAll(value.text, "_", " ") : value.text;
    std::optional<DateTime> date = GetDate(text, options.today, error);
    if (!date) return std::nullopt;
    return MetaValue::Date(*date);
  }
  if (name == "status" || name == "category" || name == "author" || name == "slug") {
    std::string stripped = PyStrip(value.text);
    if (stripped.empty()) return std::nullopt;
    return MetaValue::Text(stripped);
  }
  return value;
}

namespace {

// Applies process_metadata; false (with `error`) when a value cannot be read.
bool AddProcessed(Metadata* out, const std::string& name, const MetaValue& value, const ReaderOptions& options,
                  std::string* error) {
  std::string date_error;
  std::optional<MetaValue> processed = ProcessMetadata(name, value, options, &date_error);
  if (!date_error.empty()) {
    *error = date_error;
    return false;
  }
  if (processed) out->Set(name, *processed);
  return true;
}

bool DuplicatesAllowed(const std::string& name) {
  static const char* const kSingle[] = {"tags",     "date", "modified", "status",  "category",
                                        "author",   "save_as", "url",   "authors", "slug"};
  return std::none_of(std::begin(kSingle), std::end(kSingle), [&](const char* k) { return name == k; });
}

// `fields` is the FORMATTED_FIELDS setting.
bool IsFormattedField(const SettingsJson& fields, const std::string& name) {
  if (!fields.is_array()) return false;
  return std::any_of(fields.begin(), fields.end(), [&](const SettingsJson& f) { return f.is_string() && f == name; });
}

// The MARKDOWN setting as MarkdownReader completes it: extension_configs'
// keys added to extensions, then the meta extension.
markdown::Options MarkdownOptions(const SettingsJson& settings, const ReaderOptions& options) {
  markdown::Options md;
  SettingsJson config = settings.contains("MARKDOWN") ? settings["MARKDOWN"] : SettingsJson::object();
  if (config.contains("extensions") && config["extensions"].is_array())
    for (const auto& e : config["extensions"])
      if (e.is_string()) md.extensions.push_back(e);
  if (config.contains("extension_configs") && config["extension_configs"].is_object()) {
    for (const auto& [name, conf] : config["extension_configs"].items()) {
      if (std::find(md.extensions.begin(), md.extensions.end(), name) == md.extensions.end())
        md.extensions.push_back(name);
      md.extension_configs[name] = nlohmann::json::parse(conf.dump());
    }
  }
  if (std::find(md.extensions.begin(), md.extensions.end(), "markdown.extensions.meta") == md.extensions.end())
    md.extensions.push_back("markdown.extensions.meta");
  if (config.contains("output_format") && config["output_format"].is_string()) md.output_format = config["output_format"];
  if (config.contains("tab_length") && config["tab_length"].is_number_integer()) md.tab_length = config["tab_length"];
  md.highlight = options.highlight;
  md.toc_outputs = false;  // Pelican's reader never reads md.toc / md.toc_tokens
  return md;
}

}  // namespace

namespace {

// The highlighter of the ReadMarkdown call running on this thread. Cached
// converters outlive one call, so they reach the caller's highlighter
// through this pointer rather than keep a copy of an older one.
thread_local const markdown::CodeBlockCallback* current_highlight = nullptr;

// Sets current_highlight for the duration of one ReadMarkdown call.
class HighlightScope {
 public:
  explicit HighlightScope(const markdown::CodeBlockCallback* highlight) : saved_(current_highlight) {
    current_highlight = highlight;
  }
  ~HighlightScope() { current_highlight = saved_; }
  HighlightScope(const HighlightScope&) = delete;
  HighlightScope& operator=(const HighlightScope&) = delete;

 private:
  const markdown::CodeBlockCallback* saved_;
};

std::optional<std::string> CallCurrentHighlight(const markdown::CodeBlock& block) {
  if (current_highlight == nullptr || !*current_highlight) return std::nullopt;
  return (*current_highlight)(block);
}

// Whether converting `text` may leave state that Markdown.reset() does not
// clear. In Python-Markdown 3.4.1 (and in our port) that is the abbr
// extension: each `*[ABBR]: title` line registers an inline pattern on the
// instance for good. Its block regex needs `*[` in a block, and blocks only
// differ from the source by dropped STX/ETX, so a source without those
// characters and without `*[` cannot define one.
bool MayLeaveState(std::string_view text) {
  return text.find("*[") != std::string_view::npos || text.find('\x02') != std::string_view::npos ||
         text.find('\x03') != std::string_view::npos;
}

// One configuration's reusable converters: `document` converts whole files
// (meta preprocessor on), `fields` converts formatted metadata (meta
// preprocessor dropped, as Pelican drops it before those).
struct ConverterPair {
  std::unique_ptr<markdown::Converter> document;
  std::unique_ptr<markdown::Converter> fields;
};

// Building a converter compiles every pattern of its pipeline, so each
// thread keeps its converters, keyed by the MARKDOWN setting and whether a
// highlighter is given. A converter is dropped when a conversion may have
// left state behind (see MayLeaveState) or failed midway.
class ConverterCache {
 public:
  static std::string Key(const SettingsJson& settings, const ReaderOptions& options) {
    const SettingsJson& markdown = SettingOrNull(settings, "MARKDOWN");
    std::string key = markdown.is_null() ? "{}" : markdown.dump();
    key += options.highlight ? "\n+highlight" : "\n-highlight";
    return key;
  }

  ConverterPair& For(const std::string& key) {
    if (pairs_.size() >= kMaxConfigurations && !pairs_.count(key)) pairs_.clear();
    return pairs_[key];
  }

 private:
  static constexpr size_t kMaxConfigurations = 8;
  std::map<std::string, ConverterPair> pairs_;
};

thread_local ConverterCache converter_cache;

std::unique_ptr<markdown::Converter> NewConverter(const SettingsJson& settings, const ReaderOptions& options) {
  markdown::Options md = MarkdownOptions(settings, options);
  if (md.highlight) md.highlight = CallCurrentHighlight;
  return std::make_unique<markdown::Converter>(md);
}

// Converts the formatted field `lines` with `fields`, dropping it from the
// cache afterwards when it may now carry state.
std::string ConvertField(const std::vector<std::string>& lines, std::unique_ptr<markdown::Converter>& fields,
                         bool* dirty) {
  std::string source = Join(lines, "\n");
  markdown::Result converted = fields->Convert(source);
  if (MayLeaveState(source) || converted.failed) *dirty = true;
  return converted.html;
}

// Fills `result` from the converted document's meta lines; formatted
// fields go through `fields`.
void ReadMarkdownMeta(const markdown::Result& converted, const std::string& source_path, const SettingsJson& settings,
                      const ReaderOptions& options, std::unique_ptr<markdown::Converter>& fields, bool* fields_dirty,
                      ReadResult* result) {
  const SettingsJson& formatted_fields = SettingOrNull(settings, "FORMATTED_FIELDS");
  for (const auto& [key, lines] : converted.meta) {
    std::string name = AsciiLower(key);
    MetaValue value;
    if (IsFormattedField(formatted_fields, name)) {
      value = MetaValue::Text(ConvertField(lines, fields, fields_dirty));
    } else if (!DuplicatesAllowed(name)) {
      if (lines.size() > 1)
        result->warnings.push_back("Duplicate definition of `" + name + "` for " + source_path + ". Using first one.");
      value = MetaValue::Text(lines.empty() ? "" : lines[0]);
    } else if (lines.size() > 1) {
      value = MetaValue::List(lines);
    } else {
      value = MetaValue::Text(lines.empty() ? "" : lines[0]);
    }
    if (!AddProcessed(&result->metadata, name, value, options, &result->error)) return;
  }
  result->ok = true;
}

}  // namespace

// MarkdownReader: the whole text converted once with the meta extension;
// each meta key lower-cased; formatted fields (summary) converted again
// with the meta preprocessor dropped; keys that may not repeat keep their
// first line (with a warning); other repeated keys become lists.
// Pelican builds one Markdown instance per file and converts the fields
// with it after reset(), so abbreviations the article defines apply to its
// summary too. A document that may define abbreviations therefore gets a
// fresh converter for itself and its fields, as in Pelican; any other
// document uses this thread's cached converters, which reset() leaves
// exactly as new ones.
ReadResult ReadMarkdown(std::string_view text, const std::string& source_path, const SettingsJson& settings,
                        const ReaderOptions& options) {
  ReadResult result;
  HighlightScope highlight_scope(&options.highlight);
  bool private_converter = MayLeaveState(text);
  ConverterPair fresh;
  std::string key = ConverterCache::Key(settings, options);
  ConverterPair& converters = private_converter ? fresh : converter_cache.For(key);
  if (!converters.document) converters.document = NewConverter(settings, options);
  markdown::Result converted = converters.document->Convert(text);
  if (converted.failed && !private_converter) converters.document.reset();
  for (const std::string& e : converted.errors) result.warnings.push_back(source_path + ": " + e);
  result.content = converted.html;
  if (private_converter) {
    converters.fields = std::move(converters.document);
  } else if (!converters.fields) {
    converters.fields = NewConverter(settings, options);
  }
  if (converters.fields) converters.fields->DeregisterPreprocessor("meta");
  bool fields_dirty = false;
  ReadMarkdownMeta(converted, source_path, settings, options, converters.fields, &fields_dirty, &result);
  if (fields_dirty) converters.fields.reset();
  return result;
}

ReadResult ReadHtml(std::string_view text, const std::string& source_path, const SettingsJson& settings,
                    const ReaderOptions& options) {
  ReadResult result;
  HtmlReaderOutput parsed = ParseHtmlSource(text, source_path);
  result.content = parsed.body;
  result.warnings = parsed.warnings;
  for (const auto& [name, values] : parsed.metadata) {
    MetaValue value = values.size() == 1 ? MetaValue::Text(values[0]) : MetaValue::List(values);
    if (!AddProcessed(&result.metadata, name, value, options, &result.error)) return result;
  }
  result.ok = true;
  return result;
}

// ---- read_file --------------------------------------------------------------------

namespace {

std::string Extension(const std::string& path) {
  size_t slash = path.rfind('/');
  size_t dot = path.rfind('.');
  if (dot == std::string::npos || (slash != std::string::npos && dot < slash)) return "";
  // os.path.splitext: leading dots of the base name are not an extension.
  size_t base = slash == std::string::npos ? 0 : slash + 1;
  if (path.find_first_not_of('.', base) > dot) return "";
  return path.substr(dot + 1);
}

std::string Str(const SettingsJson& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_boolean()) return v.get<bool>() ? "True" : "False";
  if (v.is_null()) return "None";
  return v.dump();
}

// default_metadata: DEFAULT_METADATA, DEFAULT_CATEGORY, DEFAULT_DATE
// (a string through get_date, a list as datetime(*list); 'fs' elsewhere).
bool DefaultMetadata(const SettingsJson& settings, const ReaderOptions& options, Metadata* out, std::string* error) {
  if (const SettingsJson& defaults = SettingOrNull(settings, "DEFAULT_METADATA"); defaults.is_object())
    for (const auto& [name, value] : defaults.items())
      if (!AddProcessed(out, name, MetaValue::Text(Str(value)), options, error)) return false;
  if (auto category = settings.find("DEFAULT_CATEGORY"); settings.is_object() && category != settings.end())
    if (!AddProcessed(out, "category", MetaValue::Text(Str(*category)), options, error))
      return false;
  const SettingsJson& date = SettingOrNull(settings, "DEFAULT_DATE");
  if (date.is_string() && !date.get<std::string>().empty() && date != "fs") {
    std::optional<DateTime> d = GetDate(date.get<std::string>(), options.today, error);
    if (!d) return false;
    out->Set("date", MetaValue::Date(*d));
  } else if (date.is_array() && !date.empty()) {
    DateTime d;
    int* fields[] = {&d.year, &d.month, &d.day, &d.hour, &d.minute, &d.second, &d.microsecond};
    for (size_t i = 0; i < date.size() && i < 7; ++i) *fields[i] = date[i].get<int>();
    out->Set("date", MetaValue::Date(d));
  }
  return true;
}

// path_metadata: DEFAULT_DATE 'fs' (mtime in local time) and
// EXTRA_PATH_METADATA entries whose path is the file or a folder above it.
void PathMetadata(const std::string& full_path, const std::string& source_path, const SettingsJson& settings,
                  Metadata* out) {
  if (SettingOrNull(settings, "DEFAULT_DATE") == "fs") {
    struct stat st {};
    if (stat(full_path.c_str(), &st) == 0) {
      std::tm tm{};
      time_t t = st.st_mtim.tv_sec;
      localtime_r(&t, &tm);
      DateTime d;
      d.year = tm.tm_year + 1900, d.month = tm.tm_mon + 1, d.day = tm.tm_mday;
      d.hour = tm.tm_hour, d.minute = tm.tm_min, d.second = tm.tm_sec;
      d.microsecond = static_cast<int>(st.st_mtim.tv_nsec / 1000);
      out->Set("date", MetaValue::Date(d));
      out->Set("modified", MetaValue::Date(d));
    }
  }
  const SettingsJson& extra = SettingOrNull(settings, "EXTRA_PATH_METADATA");
  if (!extra.is_object()) return;
  std::vector<std::string> keys;
  for (const auto& [path, ignored] : extra.items()) keys.push_back(path);
  std::sort(keys.begin(), keys.end());
  for (const std::string& path : keys) {
    std::string dirpath = path.empty() || path.back() == '/' ? path : path + "/";
    if (source_path != path && source_path.rfind(dirpath, 0) != 0) continue;
    const SettingsJson& meta = extra[path];
    if (!meta.is_object()) continue;
    for (const auto& [k, v] : meta.items()) out->Set(k, MetaValue::Text(Str(v)));
  }
}

// parse_path_metadata: FILENAME_METADATA on the base name, PATH_METADATA on
// the relative path, '(?P<category>.*)' on the parent folder; named groups
// that matched fill keys not set yet (lower-cased, processed).
bool ParsePathMetadata(const std::string& source_path, const SettingsJson& settings, const ReaderOptions& options,
                       Metadata* out, std::string* error) {
  size_t slash = source_path.rfind('/');
  std::string dirname = slash == std::string::npos ? "" : source_path.substr(0, slash);
  std::string basename = slash == std::string::npos ? source_path : source_path.substr(slash + 1);
  std::string ext = Extension(basename);
  std::string base = ext.empty() ? basename : basename.substr(0, basename.size() - ext.size() - 1);
  std::string subdir = dirname.substr(dirname.rfind('/') == std::string::npos ? 0 : dirname.rfind('/') + 1);
  std::vector<std::pair<std::string, std::string>> checks;
  for (const auto& [key, data] : {std::pair<const char*, std::string>{"FILENAME_METADATA", base},
                                  {"PATH_METADATA", source_path}})
    if (const SettingsJson& regexp = SettingOrNull(settings, key); regexp.is_string()) checks.emplace_back(regexp, data);
  if (const SettingsJson& by_folder = SettingOrNull(settings, "USE_FOLDER_AS_CATEGORY");
      by_folder.is_boolean() && by_folder.get<bool>())
    checks.emplace_back("(?P<category>.*)", subdir);
  Metadata found;
  for (const auto& [regexp, data] : checks) {
    if (regexp.empty() || data.empty()) continue;
    std::string regex_error;
    std::optional<std::vector<std::pair<std::string, std::optional<std::string>>>> groups =
        MatchNamedGroups(regexp, data, &regex_error);
    if (!regex_error.empty()) {
      *error = regex_error;
      return false;
    }
    if (!groups) continue;
    for (const auto& [name, value] : *groups) {
      std::string key = AsciiLower(name);
      if (!value || found.Has(key)) continue;
      std::string date_error;
      std::optional<MetaValue> processed = ProcessMetadata(key, MetaValue::Text(*value), options, &date_error);
      if (!date_error.empty()) {
        *error = date_error;
        return false;
      }
      if (processed) found.Set(key, *processed);
    }
  }
  out->Update(found);
  return true;
}

// find_empty_alt: one warning per <img> whose alt is empty (src before or
// after alt), naming the image's file name. Both branches of the pattern
// need `<img` and an empty `alt=""`/`alt=''`, so HTML without them (most
// of it) is not searched.
void WarnEmptyAlt(const std::string& content, const std::string& path, std::vector<std::string>* warnings) {
  if (content.find("<img") == std::string::npos) return;
  if (content.find("alt=\"\"") == std::string::npos && content.find("alt=''") == std::string::npos) return;
  static const std::string kPattern =
      "(?:<img[^\\>]*src=(['\"])(.*?)\\1[^\\>]*alt=(['\"])\\3)|(?:<img[^\\>]*alt=(['\"])\\4[^\\>]*src=(['\"])(.*?)\\5)";
  std::string error;
  for (const RegexMatch& m : FindAllMatches(kPattern, content, false, &error)) {
    std::string src = std::string(m.Group(content, 2)) + std::string(m.Group(content, 6));
    warnings->push_back("Empty alt attribute for image " + src.substr(src.rfind('/') + 1) + " in " + path);
  }
}

}  // namespace

ReadResult ReadContentFile(const std::string& base_path, const std::string& relative_path,
                           const SettingsJson& settings, const ReaderOptions& options, bool static_file) {
  ReadResult result;
  std::string full_path = base_path.empty() ? relative_path : base_path + "/" + relative_path;
  std::string ext = Extension(relative_path);
  if (ext == "rst") {
    result.error = relative_path + ": reStructuredText is not read yet (stacks reads Markdown and HTML); skipped";
    result.warnings.push_back(result.error);
    return result;
  }
  bool is_markdown = ext == "md" || ext == "markdown" || ext == "mkd" || ext == "mdown";
  bool is_html = ext == "htm" || ext == "html";
  if (static_file) {
    if (!DefaultMetadata(settings, options, &result.metadata, &result.error)) return result;
    PathMetadata(full_path, relative_path, settings, &result.metadata);
    if (!ParsePathMetadata(relative_path, settings, options, &result.metadata, &result.error)) return result;
    result.metadata.Set("reader", MetaValue::Text("base"));
    result.ok = true;
    return result;
  }
  if (!is_markdown && !is_html) {
    result.error = "Pelican does not know how to parse " + full_path;
    return result;
  }
  Metadata metadata;
  if (!DefaultMetadata(settings, options, &metadata, &result.error)) return result;
  PathMetadata(full_path, relative_path, settings, &metadata);
  if (!ParsePathMetadata(relative_path, settings, options, &metadata, &result.error)) return result;
  metadata.Set("reader", MetaValue::Text(is_markdown ? "markdown" : "html"));

  std::optional<std::string> text = ReadFile(full_path, &result.error);
  if (!text) return result;
  if (text->rfind("\xEF\xBB\xBF", 0) == 0) text->erase(0, 3);
  ReadResult read = is_markdown ? ReadMarkdown(*text, full_path, settings, options)
                                : ReadHtml(*text, full_path, settings, options);
  if (!read.ok) return read;
  metadata.Update(read.metadata);
  read.metadata = std::move(metadata);
  if (!read.content.empty()) WarnEmptyAlt(read.content, full_path, &read.warnings);
  return read;
}

}  // namespace stacks::content
