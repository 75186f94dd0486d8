// Where templates come from, as Pelican's Generator sets up Jinja's loaders:
// a ChoiceLoader over (THEME_TEMPLATES_OVERRIDES + THEME/templates), then the
// fallback theme for templates the theme lacks, then the `!simple/` and
// `!theme/` prefixes; TEMPLATE_PAGES sources are found in PATH first. The
// fallback theme is Pelican's `simple` when Pelican is installed, else the
// theme built into stacks.
#include <filesystem>

#include "site/build_internal.h"
#include "site/builtin_theme.h"

namespace stacks::site {
namespace {

std::optional<std::string> FromBuiltin(std::string_view theme, const std::string& name) {
  const std::vector<EmbeddedFile>* files = BuiltinThemeFiles(theme);
  if (!files) return std::nullopt;
  std::string path = "templates/" + name;
  for (const EmbeddedFile& f : *files)
    if (f.path == path) return std::string(f.data);
  return std::nullopt;
}

std::optional<std::string> FromFolder(const std::string& folder, const std::string& name, std::string* found) {
  if (name.find("..") != std::string::npos) return std::nullopt;
  std::string path = folder + "/" + name;
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) return std::nullopt;
  std::optional<std::string> text = ReadFile(path);
  if (text && found) *found = path;
  return text;
}

class SiteLoader : public tmpl::Loader {
 public:
  SiteLoader(const Site& site) {
    const Settings& s = *site.settings;
    if (s.Has("THEME_TEMPLATES_OVERRIDES") && s["THEME_TEMPLATES_OVERRIDES"].is_array())
      for (const Json& p : s["THEME_TEMPLATES_OVERRIDES"])
        if (p.is_string()) search_.push_back(p.get<std::string>());
    builtin_theme_ = IsBuiltinTheme(site.theme_path) ? site.theme_path : "";
    if (builtin_theme_.empty()) {
      theme_templates_ = site.theme_path + "/templates";
      search_.push_back(theme_templates_);
    }
    content_path_ = site.content_path;
    if (s.Has("TEMPLATE_PAGES") && s["TEMPLATE_PAGES"].is_object())
      for (auto it = s["TEMPLATE_PAGES"].begin(); it != s["TEMPLATE_PAGES"].end(); ++it) pages_.push_back(it.key());
  }

  std::optional<std::string> Load(const std::string& name) override {
    std::string where;
    return Find(name, &where);
  }

  std::string DisplayName(const std::string& name) override {
    std::string where;
    Find(name, &where);
    return where.empty() ? name : where;
  }

 private:
  std::optional<std::string> Find(const std::string& name, std::string* where) {
    if (std::find(pages_.begin(), pages_.end(), name) != pages_.end())
      if (auto t = FromFolder(content_path_, name, where)) return t;
    if (name.rfind("!simple/", 0) == 0) return Fallback(name.substr(8), where);
    if (name.rfind("!theme/", 0) == 0) {
      std::string rest = name.substr(7);
      if (!builtin_theme_.empty()) return Builtin(builtin_theme_, rest, where);
      return FromFolder(theme_templates_, rest, where);
    }
    for (const std::string& folder : search_)
      if (auto t = FromFolder(folder, name, where)) return t;
    if (!builtin_theme_.empty())
      if (auto t = Builtin(builtin_theme_, name, where)) return t;
    return Fallback(name, where);
  }

  std::optional<std::string> Builtin(const std::string& theme, const std::string& name, std::string* where) {
    auto t = FromBuiltin(theme, name);
    if (t) *where = "<theme " + theme + ">/templates/" + name;
    return t;
  }

  // Pelican's implicit inheritance from its `simple` theme: the installed
  // Pelican's templates when there is one, else the theme built into stacks.
  std::optional<std::string> Fallback(const std::string& name, std::string* where) {
    if (!simple_templates_.empty())
      if (auto t = FromFolder(simple_templates_, name, where)) return t;
    return Builtin("default", name, where);
  }

  static std::string InstalledSimpleTheme() {
    std::optional<std::string> simple = PelicanBundledTheme("simple");
    return simple ? *simple + "/templates" : "";
  }

  std::vector<std::string> search_;
  std::string simple_templates_ = InstalledSimpleTheme();
  std::string theme_templates_, builtin_theme_, content_path_;
  std::vector<std::string> pages_;
};

}  // namespace

std::unique_ptr<tmpl::Loader> MakeSiteLoader(const Site& site) { return std::make_unique<SiteLoader>(site); }

// Whether stacks' template engine has what a Jinja extension adds: the
// `break`/`continue` and `do` statements are always available.
namespace {
bool BuiltinJinjaExtension(const Json& name) {
  if (!name.is_string()) return false;
  const std::string& n = name.get_ref<const std::string&>();
  return n == "jinja2.ext.loopcontrols" || n == "jinja2.ext.do" || n == "jinja2.ext.LoopControlExtension" ||
         n == "jinja2.ext.ExprStmtExtension";
}
}  // namespace

// Jinja's Environment(**JINJA_ENVIRONMENT): the options the engine has;
// extensions it does not implement are reported.
std::unique_ptr<tmpl::Environment> MakeEnvironment(const Site& site, Messages* messages) {
  const Settings& s = *site.settings;
  tmpl::Options options;
  const Json& env = s.Has("JINJA_ENVIRONMENT") ? s["JINJA_ENVIRONMENT"] : Json::object();
  auto flag = [&](const char* key, bool fallback) {
    return env.is_object() && env.contains(key) ? Truthy(env[key]) : fallback;
  };
  options.trim_blocks = flag("trim_blocks", false);
  options.lstrip_blocks = flag("lstrip_blocks", false);
  options.keep_trailing_newline = flag("keep_trailing_newline", false);
  options.autoescape = flag("autoescape", false);
  if (messages && env.is_object() && env.contains("extensions") && env["extensions"].is_array())
    for (const Json& ext : env["extensions"])
      if (!BuiltinJinjaExtension(ext))
        messages->Warning("JINJA_ENVIRONMENT: the Jinja extension " + ext.dump() +
                          " is not available in stacks; templates using it will fail");
  auto environment = std::make_unique<tmpl::Environment>(options, MakeSiteLoader(site));
  AddPelicanExtras(environment.get(), s, messages);
  return environment;
}

std::optional<std::string> FindTemplate(tmpl::Loader* loader, const Settings& settings, const std::string& name) {
  const Json& exts = settings.Has("TEMPLATE_EXTENSIONS") ? settings["TEMPLATE_EXTENSIONS"] : Json::array({".html"});
  for (const Json& ext : exts) {
    if (!ext.is_string()) continue;
    std::string full = name + ext.get<std::string>();
    if (loader->Load(full)) return full;
  }
  return std::nullopt;
}

}  // namespace stacks::site
