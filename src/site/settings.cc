#include "site/settings.h"

#include <algorithm>
#include <filesystem>
#include <map>

#include "site/pyconf.h"
#include "site/settings_internal.h"
#include "site/pyvalue.h"

namespace stacks::site {

extern const char kDefaultSettingsJson[];

namespace fs = std::filesystem;

bool Settings::IsTuple(const std::string& json_pointer) const {
  return std::find(tuples.begin(), tuples.end(), json_pointer) != tuples.end();
}

// Pelican's package folder in the places Debian and pip install it.
std::optional<std::string> PelicanBundledTheme(std::string_view name) {
  if (name.empty() || name.find('/') != std::string_view::npos || name == "." || name == "..") return std::nullopt;
  for (const char* root : {"/usr/lib/python3/dist-packages/pelican/themes/",
                           "/usr/local/lib/python3/dist-packages/pelican/themes/"}) {
    std::string dir = root + std::string(name);
    std::error_code ec;
    if (fs::is_directory(dir + "/templates", ec)) return dir;
  }
  return std::nullopt;
}

const Json& DefaultSettings() {
  static const Json defaults = Json::parse(kDefaultSettingsJson);
  return defaults;
}

static std::vector<std::string> DefaultTuplePointers() {
  std::vector<std::string> out;
  for (const char* key : {"PAGINATION_PATTERNS", "SLUG_REGEX_SUBSTITUTIONS"})
    for (size_t i = 0; i < DefaultSettings()[key].size(); ++i)
      out.push_back("/" + std::string(key) + "/" + std::to_string(i));
  return out;
}

bool IsBuiltinTheme(std::string_view name) { return name == "default"; }

int LoadResult::error_count() const {
  return static_cast<int>(std::count_if(messages.begin(), messages.end(),
                                        [](const SettingsMessage& m) { return m.severity == Severity::kError; }));
}

Json MarkdownReaderConfig(const Json& markdown_setting) {
  Json config = markdown_setting.is_object() ? markdown_setting : Json::object();
  if (!config.contains("extension_configs")) config["extension_configs"] = Json::object();
  if (!config.contains("extensions")) config["extensions"] = Json::array();
  Json& extensions = config["extensions"];
  auto add = [&](const std::string& name) {
    if (std::find(extensions.begin(), extensions.end(), name) == extensions.end()) extensions.push_back(name);
  };
  for (const auto& [name, ignored] : config["extension_configs"].items()) add(name);
  add("markdown.extensions.meta");
  return config;
}

// ---- -e KEY=VALUE -------------------------------------------------------------

std::optional<std::pair<std::string, Json>> ParseOverride(std::string_view item, std::string* error) {
  size_t eq = item.find('=');
  if (eq == std::string_view::npos) {
    *error = "Extra settings must be specified as KEY=VALUE pairs but you specified " + std::string(item);
    return std::nullopt;
  }
  std::string value(item.substr(eq + 1));
  Json parsed = Json::parse(value, nullptr, /*allow_exceptions=*/false);
  if (parsed.is_discarded()) {
    *error = "Invalid JSON value: " + value +
             ". Values specified via -e / --extra-settings flags must be in JSON notation. "
             "Use -e KEY='\"string\"' to specify a string value; -e KEY=null to specify None; "
             "-e KEY=false (or true) to specify False (or True).";
    return std::nullopt;
  }
  return std::make_pair(std::string(item.substr(0, eq)), std::move(parsed));
}

// ---- reading files --------------------------------------------------------------

namespace {

// Python's str.isupper(): at least one cased character and no lower-case one.
bool IsPythonUpper(const std::string& name) {
  bool cased = false;
  for (char c : name) {
    if (std::islower(static_cast<unsigned char>(c))) return false;
    if (std::isupper(static_cast<unsigned char>(c))) cased = true;
  }
  return cased;
}

std::string Dirname(const std::string& path) {
  fs::path parent = fs::path(path).parent_path();
  return parent.empty() ? "." : parent.string();
}

}  // namespace

// Pelican keeps the module's upper-case names, in the sorted order
// inspect.getmembers gives them.
bool ReadPythonFile(const std::string& path, FileSettings* out, std::vector<SettingsMessage>* messages) {
  std::string error;
  std::optional<std::string> text = ReadFile(path, &error);
  if (!text) {
    messages->push_back({Severity::kError, path + ": error: cannot read the settings file: " + error + "\n"});
    return false;
  }
  auto source = std::make_shared<const std::string>(std::move(*text));
  PyModule module;
  std::vector<std::string> search_dirs{Dirname(path), "."};
  if (!EvaluatePythonSettings(path, source, search_dirs, &module, messages)) return false;
  std::vector<std::pair<std::string, PyValue>> names = module.names;
  std::sort(names.begin(), names.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  for (const auto& [name, value] : names) {
    if (!IsPythonUpper(name) || value.kind == PyValue::Kind::kOpaque) continue;
    std::vector<std::string> pointers;
    out->values[name] = ToJson(value, "/" + name, &pointers);
    out->tuples[name] = std::move(pointers);
    out->origins[name] = module.origins[name];
  }
  return true;
}


bool ReadPythonSettingsFile(const std::string& path, Json* values, std::vector<std::string>* tuples,
                            std::vector<SettingsMessage>* messages) {
  FileSettings file;
  bool ok = ReadPythonFile(path, &file, messages);
  *values = std::move(file.values);
  for (auto& [key, pointers] : file.tuples) tuples->insert(tuples->end(), pointers.begin(), pointers.end());
  return ok;
}

bool ReadTomlSettingsFile(const std::string& path, Json* values, std::vector<SettingsMessage>* messages) {
  FileSettings file;
  bool ok = ReadTomlFile(path, &file, messages);
  *values = std::move(file.values);
  return ok;
}

// ---- read_settings + configure_settings --------------------------------------------

namespace {

bool IsString(const Json& j) { return j.is_string(); }

// re.escape(): every character in Python's special set gets a backslash.
std::string RegexEscape(const std::string& s) {
  static const std::string kSpecial = "()[]{}?*+-|^$\\.&~# \t\n\r\v\f";
  std::string out;
  for (char c : s) {
    if (kSpecial.find(c) != std::string::npos) out.push_back('\\');
    out.push_back(c);
  }
  return out;
}

// Python's os.path.abspath(os.path.normpath(...)): absolute, `.` and `..`
// resolved lexically, no trailing slash.
std::string AbsNormPath(const fs::path& p, const std::string& base) {
  fs::path joined = p.is_absolute() ? p : fs::path(base.empty() ? fs::current_path().string() : base) / p;
  if (!joined.is_absolute()) joined = fs::current_path() / joined;
  std::string out = joined.lexically_normal().string();
  while (out.size() > 1 && out.back() == '/') out.pop_back();
  return out;
}

class Loader {
 public:
  explicit Loader(const LoadOptions& options) : options_(options) {}

  LoadResult Run() {
    LoadResult result;
    result.ok = ReadAndMerge() && HandleDeprecated() && (MakePathsAbsolute(), true) && MergeDefaults() &&
                Configure();
    result.settings.values = std::move(values_);
    for (auto& [key, pointers] : tuples_)
      if (result.settings.values.contains(key))
        result.settings.tuples.insert(result.settings.tuples.end(), pointers.begin(), pointers.end());
    result.messages = std::move(messages_);
    if (result.error_count() > 0) result.ok = false;
    return result;
  }

 private:
  // ---- messages ----
  void Message(Severity severity, const std::string& key, const std::string& text) {
    auto it = origins_.find(key);
    if (it == origins_.end() || !it->second.source) {
      messages_.push_back({severity, std::string(SeverityName(severity)) + ": " + text + "\n"});
      return;
    }
    Diagnostic d{severity, it->second.path, text, it->second.offset};
    messages_.push_back({severity, FormatDiagnostic(d, *it->second.source)});
  }
  void Warn(const std::string& key, const std::string& text) { Message(Severity::kWarning, key, text); }
  bool Error(const std::string& key, const std::string& text) {
    Message(Severity::kError, key, text);
    return false;
  }

  // ---- value helpers ----
  bool Has(const std::string& key) const { return values_.contains(key); }
  const Json* Get(const std::string& key) const { return Has(key) ? &values_.at(key) : nullptr; }
  bool Truthy(const std::string& key) const {
    const Json* v = Get(key);
    if (!v || v->is_null()) return false;
    if (v->is_boolean()) return v->get<bool>();
    if (v->is_number()) return v->get<double>() != 0;
    if (v->is_string() || v->is_array() || v->is_object()) return !v->empty();
    return true;
  }
  void Set(const std::string& key, Json value) {
    values_[key] = std::move(value);
    tuples_.erase(key);
  }
  void Erase(const std::string& key) {
    values_.erase(key);
    tuples_.erase(key);
  }
  void Move(const std::string& from, const std::string& to) {
    Set(to, values_[from]);
    auto origin = origins_.find(from);
    if (origin != origins_.end()) origins_[to] = origin->second;
    Erase(from);
  }

  // settings = dict(file_settings, **overrides)
  bool ReadAndMerge() {
    const std::string& path = options_.settings_path;
    if (!path.empty()) {
      FileSettings file;
      bool toml = fs::path(path).extension() == ".toml";
      if (!(toml ? ReadTomlFile(path, &file, &messages_) : ReadPythonFile(path, &file, &messages_))) return false;
      values_ = std::move(file.values);
      tuples_ = std::move(file.tuples);
      origins_ = std::move(file.origins);
    }
    for (const auto& [key, value] : options_.overrides.items()) {
      Set(key, value);
      origins_.erase(key);
    }
    return true;
  }

  bool HandleDeprecated() {
    if (values_.empty()) return true;
    if (Has("PLUGIN_PATH")) {
      Warn("PLUGIN_PATH", "PLUGIN_PATH setting has been replaced by PLUGIN_PATHS, moving it to the new setting name.");
      Move("PLUGIN_PATH", "PLUGIN_PATHS");
    }
    if (Has("PLUGIN_PATHS") && IsString(values_["PLUGIN_PATHS"])) {
      Warn("PLUGIN_PATHS", "Defining PLUGIN_PATHS setting as string has been deprecated (should be a list)");
      Set("PLUGIN_PATHS", Json::array({values_["PLUGIN_PATHS"]}));
    }
    if (Has("JINJA_EXTENSIONS")) {
      Warn("JINJA_EXTENSIONS", "JINJA_EXTENSIONS setting has been deprecated, moving it to JINJA_ENVIRONMENT setting.");
      if (!Has("JINJA_ENVIRONMENT") || !values_["JINJA_ENVIRONMENT"].is_object()) Set("JINJA_ENVIRONMENT", Json::object());
      values_["JINJA_ENVIRONMENT"]["extensions"] = values_["JINJA_EXTENSIONS"];
      Erase("JINJA_EXTENSIONS");
    }
    for (std::string key : {"ARTICLE", "PAGE"}) {
      if (!Has(key + "_DIR")) continue;
      Warn(key + "_DIR", "Deprecated setting " + key + "_DIR, moving it to " + key + "_PATHS list");
      Json dir = values_[key + "_DIR"];
      Move(key + "_DIR", key + "_PATHS");
      Set(key + "_PATHS", Json::array({dir}));
    }
    if (Has("EXTRA_TEMPLATES_PATHS")) {
      Warn("EXTRA_TEMPLATES_PATHS", "EXTRA_TEMPLATES_PATHS is deprecated use THEME_TEMPLATES_OVERRIDES instead.");
      if (Truthy("THEME_TEMPLATES_OVERRIDES"))
        return Error("EXTRA_TEMPLATES_PATHS",
                     "Setting both EXTRA_TEMPLATES_PATHS and THEME_TEMPLATES_OVERRIDES is not permitted. Please "
                     "move to only setting THEME_TEMPLATES_OVERRIDES.");
      Move("EXTRA_TEMPLATES_PATHS", "THEME_TEMPLATES_OVERRIDES");
    }
    if (Has("MD_EXTENSIONS")) {
      Warn("MD_EXTENSIONS", "MD_EXTENSIONS is deprecated use MARKDOWN instead. Falling back to the default.");
      Set("MARKDOWN", DefaultSettings()["MARKDOWN"]);
    }
    if (Has("LESS_GENERATOR"))
      Warn("LESS_GENERATOR", "The LESS_GENERATOR setting has been removed in favor of the Webassets plugin");
    if (Has("FILES_TO_COPY"))
      Warn("FILES_TO_COPY",
           "The FILES_TO_COPY setting has been removed in favor of STATIC_PATHS and EXTRA_PATH_METADATA, see "
           "https://github.com/getpelican/pelican/blob/master/docs/settings.rst#path-metadata for details");
    if (Has("PAGINATED_DIRECT_TEMPLATES")) {
      Warn("PAGINATED_DIRECT_TEMPLATES",
           "The PAGINATED_DIRECT_TEMPLATES setting has been removed in favor of PAGINATED_TEMPLATES");
      if (!Has("PAGINATED_TEMPLATES"))
        Set("PAGINATED_TEMPLATES", Json{{"tag", nullptr}, {"category", nullptr}, {"author", nullptr}});
      for (const Json& t : values_["PAGINATED_DIRECT_TEMPLATES"])
        if (t.is_string() && !values_["PAGINATED_TEMPLATES"].contains(t.get<std::string>()))
          values_["PAGINATED_TEMPLATES"][t.get<std::string>()] = nullptr;
      Erase("PAGINATED_DIRECT_TEMPLATES");
    }
    if (!HandleOldSubstitutions()) return false;
    ConvertPrintfFeeds();
    HandleOldUrlSettings();
    return true;
  }

  // {SLUG,CATEGORY,TAG,AUTHOR}_SUBSTITUTIONS become the regex forms.
  bool HandleOldSubstitutions() {
    static const char* kFlavours[] = {"SLUG", "CATEGORY", "TAG", "AUTHOR"};
    std::map<std::string, Json> old_values;
    bool any_new = false;
    for (std::string f : kFlavours) {
      if (Has(f + "_SUBSTITUTIONS")) old_values[f] = values_[f + "_SUBSTITUTIONS"];
      if (Has(f + "_REGEX_SUBSTITUTIONS")) any_new = true;
    }
    if (old_values.empty()) return true;
    std::string first_key = old_values.begin()->first + "_SUBSTITUTIONS";
    if (any_new)
      return Error(first_key,
                   "Setting both SLUG_REGEX_SUBSTITUTIONS and SLUG_SUBSTITUTIONS (or variants thereof) is not "
                   "permitted. Please move to only setting SLUG_REGEX_SUBSTITUTIONS.");
    Warn(first_key,
         "SLUG_SUBSTITUTIONS and variants thereof are deprecated and will be removed in the future. Please use "
         "SLUG_REGEX_SUBSTITUTIONS and variants thereof instead. Check "
         "http://docs.getpelican.com/en/latest/settings.html#url-settings.");
    auto truthy = [&](const std::string& f) { return old_values.count(f) && !old_values[f].empty(); };
    if (truthy("SLUG")) {
      for (std::string f : {"CATEGORY", "TAG"}) {
        if (!truthy(f)) continue;
        Json joined = old_values["SLUG"];
        for (const Json& item : old_values[f]) joined.push_back(item);
        old_values[f] = joined;
      }
      if (!old_values.count("AUTHOR")) old_values["AUTHOR"] = Json::array();
    }
    for (std::string f : kFlavours) {
      if (!old_values.count(f) || old_values[f].is_null()) continue;
      Json subs = Json::array();
      bool replace = true;
      for (const Json& tpl : old_values[f]) {
        if (!tpl.is_array() || tpl.size() < 2 || !tpl[0].is_string() || !tpl[1].is_string())
          return Error(f + "_SUBSTITUTIONS", f + "_SUBSTITUTIONS entries must be (from, to[, skip]) string pairs");
        if (tpl.size() == 3 && !tpl[2].is_null() && tpl[2] != false && tpl[2] != 0 && tpl[2] != "") replace = false;
        subs.push_back(Json::array(
            {RegexEscape(tpl[0].get<std::string>()), ReplaceAll(tpl[1].get<std::string>(), "\\", "\\\\")}));
      }
      if (replace) {
        for (const Json& pair : DefaultSettings()["SLUG_REGEX_SUBSTITUTIONS"]) subs.push_back(pair);
      } else {
        subs.push_back(Json::array({"(?u)\\A\\s*", ""}));
        subs.push_back(Json::array({"(?u)\\s*\\Z", ""}));
      }
      Set(f + "_REGEX_SUBSTITUTIONS", subs);
      for (size_t i = 0; i < subs.size(); ++i) tuples_[f + "_REGEX_SUBSTITUTIONS"].push_back("/" + f + "_REGEX_SUBSTITUTIONS/" + std::to_string(i));
      Erase(f + "_SUBSTITUTIONS");
    }
    return true;
  }

  // `%s` in feed paths becomes {lang} or {slug}, when that reads the same.
  void ConvertPrintfFeeds() {
    auto convert = [&](const std::string& key, const std::string& field) {
      const Json* v = Get(key);
      if (!v || !v->is_string() || v->get<std::string>().find("%s") == std::string::npos) return;
      Warn(key, "%s usage in " + key + " is deprecated, use {" + field + "} instead.");
      std::string old = v->get<std::string>();
      const std::string probe = "PELICAN_PRINTF_S_DEPRECATION";
      std::string error;
      auto expected = PercentFormat(old, PyValue::Str(probe), &error);
      std::string escaped = ReplaceAll(ReplaceAll(old, "{", "{{"), "}", "}}");
      auto converted = PercentFormat(escaped, PyValue::Str("{" + field + "}"), &error);
      std::optional<std::string> check;
      if (converted) check = BraceFormat(*converted, {}, {{field, PyValue::Str(probe)}}, &error);
      if (expected && check && *check == *expected) {
        Set(key, *converted);
      } else {
        Warn(key, "Failed to convert %s to {" + field + "} for " + key + ". Falling back to default.");
        Set(key, DefaultSettings().value(key, Json()));
        if (!DefaultSettings().contains(key)) Erase(key);
      }
    };
    for (const char* key : {"TRANSLATION_FEED_ATOM", "TRANSLATION_FEED_RSS"}) convert(key, "lang");
    for (const char* key : {"AUTHOR_FEED_ATOM", "AUTHOR_FEED_RSS", "CATEGORY_FEED_ATOM", "CATEGORY_FEED_RSS",
                            "TAG_FEED_ATOM", "TAG_FEED_RSS"})
      convert(key, "slug");
  }

  void HandleOldUrlSettings() {
    if (Truthy("CLEAN_URLS")) {
      Warn("CLEAN_URLS", "Found deprecated `CLEAN_URLS` in settings. Modifying the following settings for the same "
                         "behaviour.");
      Set("ARTICLE_URL", "{slug}/");
      Set("ARTICLE_LANG_URL", "{slug}-{lang}/");
      Set("PAGE_URL", "pages/{slug}/");
      Set("PAGE_LANG_URL", "pages/{slug}-{lang}/");
      for (const char* key : {"ARTICLE_URL", "ARTICLE_LANG_URL", "PAGE_URL", "PAGE_LANG_URL"})
        Warn("CLEAN_URLS", std::string(key) + " = '" + values_[key].get<std::string>() + "'");
    }
    if (Truthy("AUTORELOAD_IGNORE_CACHE")) {
      Warn("AUTORELOAD_IGNORE_CACHE",
           "Found deprecated `AUTORELOAD_IGNORE_CACHE` in settings. Use --ignore-cache instead.");
      Erase("AUTORELOAD_IGNORE_CACHE");
    }
    if (Truthy("ARTICLE_PERMALINK_STRUCTURE") && values_["ARTICLE_PERMALINK_STRUCTURE"].is_string())
      ApplyPermalinkStructure();
    for (auto [old_name, new_name] : {std::pair{"FEED", "FEED_ATOM"}, {"TAG_FEED", "TAG_FEED_ATOM"},
                                      {"CATEGORY_FEED", "CATEGORY_FEED_ATOM"},
                                      {"TRANSLATION_FEED", "TRANSLATION_FEED_ATOM"}}) {
      if (!Truthy(old_name)) continue;
      Warn(old_name, std::string("Found deprecated `") + old_name + "` in settings. Modify " + old_name + " to " +
                         new_name + " in your settings and theme for the same behavior. Temporarily setting " +
                         new_name + " for backwards compatibility.");
      Set(new_name, values_[old_name]);
    }
  }

  // `%(slug)s` -> `{slug}`, `%Y` -> `{date:%Y}`, a leading `/` dropped; the
  // result is prefixed to every article/page URL and SAVE_AS setting.
  void ApplyPermalinkStructure() {
    Warn("ARTICLE_PERMALINK_STRUCTURE",
         "Found deprecated `ARTICLE_PERMALINK_STRUCTURE` in settings.  Modifying the following settings for the "
         "same behaviour.");
    std::string in = values_["ARTICLE_PERMALINK_STRUCTURE"].get<std::string>();
    std::string structure;
    for (size_t i = 0; i < in.size(); ++i) {
      if (in[i] == '%' && i + 1 < in.size() && in[i + 1] == '(') {
        size_t close = in.find(")s", i + 2);
        std::string name = close == std::string::npos ? "" : in.substr(i + 2, close - i - 2);
        bool word = !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
          return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
        });
        if (word) {
          structure += "{" + name + "}";
          i = close + 1;
          continue;
        }
      }
      // [A-z] includes the six characters between Z and a.
      if (in[i] == '%' && i + 1 < in.size() && in[i + 1] >= 'A' && in[i + 1] <= 'z') {
        structure += "{date:%" + std::string(1, in[i + 1]) + "}";
        ++i;
        continue;
      }
      structure.push_back(in[i]);
    }
    if (!structure.empty() && structure[0] == '/') structure.erase(0, 1);
    for (const char* key : {"ARTICLE_URL", "ARTICLE_LANG_URL", "PAGE_URL", "PAGE_LANG_URL", "DRAFT_URL",
                            "DRAFT_LANG_URL", "ARTICLE_SAVE_AS", "ARTICLE_LANG_SAVE_AS", "DRAFT_SAVE_AS",
                            "DRAFT_LANG_SAVE_AS", "PAGE_SAVE_AS", "PAGE_LANG_SAVE_AS"}) {
      // Pelican needs all twelve set here (it stops with a KeyError); stacks
      // falls back to the defaults.
      const Json& given = Has(key) ? values_[key] : DefaultSettings()[key];
      std::string current = given.is_string() ? given.get<std::string>() : "";
      std::string joined = current.empty() || current[0] == '/' ? current
                           : structure.empty() || structure.back() == '/' ? structure + current
                                                                          : structure + "/" + current;
      if (current.empty()) joined = structure.empty() || structure.back() == '/' ? structure : structure + "/";
      Set(key, joined);
      Warn("ARTICLE_PERMALINK_STRUCTURE", std::string(key) + " = '" + joined + "'");
    }
  }

  std::string SettingsDir() const {
    return AbsNormPath(fs::path(options_.settings_path).parent_path(), options_.working_dir);
  }

  // Relative PATH, OUTPUT_PATH, THEME (when it exists), CACHE_PATH and
  // PLUGIN_PATHS are taken from the settings file's folder.
  void MakePathsAbsolute() {
    if (options_.settings_path.empty()) return;
    std::string base = SettingsDir();
    for (const char* key : {"PATH", "OUTPUT_PATH", "THEME", "CACHE_PATH"}) {
      const Json* v = Get(key);
      if (!v || !v->is_string()) continue;
      std::string abs = AbsNormPath(v->get<std::string>(), base);
      std::error_code ec;
      if (std::string(key) != "THEME" || fs::exists(abs, ec)) values_[key] = abs;
    }
    const Json* plugins = Get("PLUGIN_PATHS");
    if (plugins && plugins->is_array()) {
      Json abs = Json::array();
      for (const Json& p : *plugins) abs.push_back(p.is_string() ? Json(AbsNormPath(p.get<std::string>(), base)) : p);
      Set("PLUGIN_PATHS", abs);
    }
  }

  // dict(DEFAULT_CONFIG, **settings)
  bool MergeDefaults() {
    Json merged = DefaultSettings();
    std::map<std::string, std::vector<std::string>> tuples;
    for (const std::string& pointer : DefaultTuplePointers())
      tuples[pointer.substr(1, pointer.find('/', 1) - 1)].push_back(pointer);
    for (const auto& [key, value] : values_.items()) {
      merged[key] = value;
      tuples.erase(key);
    }
    for (auto& [key, pointers] : tuples_) tuples[key] = pointers;
    values_ = std::move(merged);
    tuples_ = std::move(tuples);
    return true;
  }

  bool Configure() {
    return CheckPath() && CheckTheme() && NormalizeSimpleValues() && CheckSiteUrl() && WarnAboutFeeds() &&
           NormalizePaginationPatterns() && ResetStringLists() && ExcludeArticleAndPagePaths();
  }

  bool CheckPath() {
    const Json& path = values_["PATH"];
    std::error_code ec;
    if (!path.is_string() || !fs::is_directory(path.get<std::string>(), ec))
      return Error("PATH", "PATH " + (path.is_string() ? "'" + path.get<std::string>() + "'" : path.dump()) +
                               " is not a folder: you need to specify a path containing the content (see stacks "
                               "--help for more information)");
    return true;
  }

  // A folder, a theme built into stacks, or (as Pelican looks it up in its
  // own package) the name of a theme the installed Pelican bundles.
  bool CheckTheme() {
    const Json& theme = values_["THEME"];
    std::error_code ec;
    if (theme.is_string() && (fs::is_directory(theme.get<std::string>(), ec) || IsBuiltinTheme(theme.get<std::string>())))
      return true;
    if (theme.is_string())
      if (std::optional<std::string> bundled = PelicanBundledTheme(theme.get<std::string>())) {
        values_["THEME"] = *bundled;
        return true;
      }
    return Error("THEME", "THEME: could not find the theme " +
                              (theme.is_string() ? "'" + theme.get<std::string>() + "'" : theme.dump()) +
                              " (no such folder, and no Pelican theme of that name is installed; the theme built "
                              "into stacks is named 'default')");
  }

  bool NormalizeSimpleValues() {
    Json selected = Json::array();
    for (const Json& p : values_["WRITE_SELECTED"])
      selected.push_back(p.is_string() ? Json(AbsNormPath(p.get<std::string>(), options_.working_dir)) : p);
    values_["WRITE_SELECTED"] = selected;
    Json& lang = values_["DEFAULT_LANG"];
    if (!lang.is_string()) return Error("DEFAULT_LANG", "DEFAULT_LANG must be a string, not " + lang.dump());
    lang = AsciiLower(lang.get<std::string>());
    Json& jinja = values_["JINJA_ENVIRONMENT"];
    if (jinja.is_object())
      for (const auto& [key, value] : DefaultSettings()["JINJA_ENVIRONMENT"].items())
        if (!jinja.contains(key)) jinja[key] = value;
    if (values_["LOCALE"].is_string()) Set("LOCALE", Json::array({values_["LOCALE"]}));
    for (const char* key : {"OUTPUT_SOURCES_EXTENSION", "FILENAME_METADATA"}) {
      if (!Has(key) || values_[key].is_string()) continue;
      Warn(key, std::string("Detected misconfigured ") + key + " (" + Repr(FromJson(values_[key])) +
                    "), falling back to the default (" + Str(FromJson(DefaultSettings()[key])) + ")");
      Erase(key);
    }
    return true;
  }

  bool CheckSiteUrl() {
    if (Has("SITEURL") && values_["SITEURL"].is_string()) {
      std::string url = values_["SITEURL"].get<std::string>();
      if (!url.empty() && url.back() == '/') {
        values_["SITEURL"] = url.substr(0, url.size() - 1);
        Warn("SITEURL", "Removed extraneous trailing slash from SITEURL.");
      }
      if (!Has("FEED_DOMAIN")) values_["FEED_DOMAIN"] = values_["SITEURL"];
    }
    if (Truthy("CACHE_CONTENT") && Has("CONTENT_CACHING_LAYER") && values_["CONTENT_CACHING_LAYER"] == "generator" &&
        Truthy("WITH_FUTURE_DATES"))
      Warn("CONTENT_CACHING_LAYER",
           "WITH_FUTURE_DATES conflicts with CONTENT_CACHING_LAYER set to 'generator', use 'reader' layer instead");
    return true;
  }

  bool WarnAboutFeeds() {
    bool any_feed = false;
    for (const char* key : {"FEED_ATOM", "FEED_RSS", "FEED_ALL_ATOM", "FEED_ALL_RSS", "CATEGORY_FEED_ATOM",
                            "CATEGORY_FEED_RSS", "AUTHOR_FEED_ATOM", "AUTHOR_FEED_RSS", "TAG_FEED_ATOM",
                            "TAG_FEED_RSS", "TRANSLATION_FEED_ATOM", "TRANSLATION_FEED_RSS"})
      any_feed |= Truthy(key);
    if (any_feed && !Truthy("SITEURL")) Warn("SITEURL", "Feeds generated without SITEURL set properly may not be valid");
    if (Truthy("PLUGINS")) {
      std::vector<std::string> names;
      for (const Json& p : values_["PLUGINS"]) names.push_back(p.is_string() ? "'" + p.get<std::string>() + "'" : p.dump());
      Warn("PLUGINS", "PLUGINS: stacks does not run Pelican plugins; " + Join(names, ", ") +
                          (names.size() == 1 ? " is" : " are") + " ignored");
    }
    if (!Has("TIMEZONE"))
      Warn("TIMEZONE",
           "No timezone information specified in the settings. Assuming your timezone is UTC for feed generation. "
           "Check https://docs.getpelican.com/en/latest/settings.html#TIMEZONE for more information");
    return true;
  }

  // Each rule becomes a (minimum page, URL, SAVE_AS) tuple; the rules are
  // sorted by minimum page, keeping the given order among equals.
  bool NormalizePaginationPatterns() {
    Json& patterns = values_["PAGINATION_PATTERNS"];
    if (!patterns.is_array()) return Error("PAGINATION_PATTERNS", "PAGINATION_PATTERNS must be a list of rules");
    for (const Json& rule : patterns)
      if (!rule.is_array() || rule.size() != 3 || !rule[0].is_number())
        return Error("PAGINATION_PATTERNS", "each PAGINATION_PATTERNS rule must be (minimum page, URL, SAVE_AS), not " +
                                                Repr(FromJson(rule)));
    std::vector<Json> rules(patterns.begin(), patterns.end());
    std::stable_sort(rules.begin(), rules.end(),
                     [](const Json& a, const Json& b) { return a[0].get<double>() < b[0].get<double>(); });
    Json sorted = Json::array();
    for (Json& r : rules) sorted.push_back(std::move(r));
    Set("PAGINATION_PATTERNS", sorted);
    for (size_t i = 0; i < sorted.size(); ++i)
      tuples_["PAGINATION_PATTERNS"].push_back("/PAGINATION_PATTERNS/" + std::to_string(i));
    return true;
  }

  bool ResetStringLists() {
    for (const char* key : {"ARTICLE_EXCLUDES", "DEFAULT_METADATA", "DIRECT_TEMPLATES", "THEME_TEMPLATES_OVERRIDES",
                            "FILES_TO_COPY", "IGNORE_FILES", "PAGINATED_DIRECT_TEMPLATES", "PLUGINS",
                            "STATIC_EXCLUDES", "STATIC_PATHS", "THEME_STATIC_PATHS", "ARTICLE_PATHS", "PAGE_PATHS"}) {
      if (!Has(key) || !values_[key].is_string()) continue;
      Warn(key, std::string("Detected misconfiguration with ") + key +
                    " setting (must be a list), falling back to the default");
      Json fallback = DefaultSettings().contains(key) ? DefaultSettings()[key] : Json();
      Set(key, fallback);
      if (std::string(key) == "FILES_TO_COPY" || std::string(key) == "PAGINATED_DIRECT_TEMPLATES") {
        // Not in DEFAULT_CONFIG: Pelican stops with a KeyError here.
        return Error(key, std::string(key) + " has no default in Pelican 4.8; remove the setting");
      }
    }
    return true;
  }

  // Article folders are excluded from page discovery and the other way round.
  bool ExcludeArticleAndPagePaths() {
    for (auto [include, exclude] : {std::pair{"ARTICLE_PATHS", "PAGE_EXCLUDES"}, {"PAGE_PATHS", "ARTICLE_EXCLUDES"}}) {
      if (!Has(include) || !Has(exclude) || !values_[exclude].is_array() || !values_[include].is_array()) continue;
      Json& excludes = values_[exclude];
      for (const Json& p : values_[include])
        if (std::find(excludes.begin(), excludes.end(), p) == excludes.end()) excludes.push_back(p);
    }
    return true;
  }

  const LoadOptions& options_;
  Json values_ = Json::object();
  std::map<std::string, std::vector<std::string>> tuples_;
  std::map<std::string, Origin> origins_;
  std::vector<SettingsMessage> messages_;
};

}  // namespace

LoadResult LoadSettings(const LoadOptions& options) { return Loader(options).Run(); }

}  // namespace stacks::site
