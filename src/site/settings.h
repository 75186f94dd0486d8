// site/settings: Pelican 4.8's settings, read the way Pelican reads them.
//   - DefaultSettings(): every key of Pelican's DEFAULT_CONFIG with its default
//   - LoadSettings(): pelicanconf.py / publishconf.py (the literal subset of
//     Python) or stacks.toml, plus command-line overrides, merged and checked
//     as pelican.settings.read_settings does
//   - ParseOverride(): one `-e KEY=VALUE` argument
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "base/base.h"

namespace stacks::site {

using Json = nlohmann::ordered_json;

/// One warning or error, already formatted as
/// `path:line:col: warning: what` + source line + caret, or `warning: what`
/// when it has no place in a file.
struct SettingsMessage {
  Severity severity = Severity::kWarning;
  std::string text;
};

struct Settings {
  /// KEY -> value, in the order Pelican's dict has them (defaults first).
  Json values = Json::object();
  /// JSON pointers (e.g. "/LINKS", "/LINKS/0") of the values that were
  /// Python tuples; everything else that is an array was a list.
  std::vector<std::string> tuples;

  const Json& operator[](const std::string& key) const { return values.at(key); }
  bool Has(const std::string& key) const { return values.contains(key); }
  bool IsTuple(const std::string& json_pointer) const;
};

/// Pelican 4.8's DEFAULT_CONFIG. THEME is "default", the theme built into
/// stacks (Pelican's own default is the path of its `simple` theme).
const Json& DefaultSettings();
/// The theme names stacks has built in (THEME may name one instead of a path).
bool IsBuiltinTheme(std::string_view name);
/// The folder of a theme the installed Pelican bundles (`simple`,
/// `notmyidea`), which Pelican accepts by name as THEME; nullopt when
/// Pelican or that theme is not installed.
std::optional<std::string> PelicanBundledTheme(std::string_view name);

struct LoadOptions {
  /// A pelicanconf.py-style file, a .toml file, or empty for defaults only.
  std::string settings_path;
  /// Values that win over the file's: the command line's PATH, OUTPUT_PATH,
  /// THEME, ... and `-e` overrides (see ParseOverride).
  Json overrides = Json::object();
  /// Folder that relative WRITE_SELECTED entries are resolved against
  /// (Pelican uses the working folder); empty means the working folder.
  std::string working_dir;
};

struct LoadResult {
  bool ok = false;  // false when an error stops Pelican from building
  Settings settings;
  std::vector<SettingsMessage> messages;
  int error_count() const;
};

/// Reads, merges and checks settings as pelican.settings.read_settings does:
/// file values over which the overrides win, deprecated names moved to their
/// successors, PATH/OUTPUT_PATH/THEME/CACHE_PATH/PLUGIN_PATHS made absolute
/// against the settings file's folder, the defaults filled in, then
/// configure_settings' checks (PATH must be a folder, THEME a folder or a
/// built-in name, SITEURL without trailing slash, FEED_DOMAIN, PAGINATION_PATTERNS
/// sorted, list-valued settings given as strings reset, ARTICLE/PAGE paths
/// excluded from each other, ...).
LoadResult LoadSettings(const LoadOptions& options);

/// What Pelican's MarkdownReader makes of the MARKDOWN setting before it
/// builds its Markdown instance: `extensions` gets every key of
/// `extension_configs` that it lacks, then `markdown.extensions.meta`.
Json MarkdownReaderConfig(const Json& markdown_setting);

/// One `-e KEY=VALUE`: the value is JSON, as Pelican's ParseOverrides reads
/// it. Pelican 4.8 rejects a value that is not JSON; so does this, with
/// Pelican's message in `error`.
std::optional<std::pair<std::string, Json>> ParseOverride(std::string_view item, std::string* error);

/// Reads the settings of a Python settings file alone (upper-case names
/// only, as Pelican's get_settings_from_file) without defaults or checks.
/// Tuples are recorded in `tuples` with pointers below "/KEY".
bool ReadPythonSettingsFile(const std::string& path, Json* values, std::vector<std::string>* tuples,
                            std::vector<SettingsMessage>* messages);

/// The same for stacks.toml: top-level keys are the settings; tables are
/// dicts (in the file's order). TOML has no None: list such keys in a
/// top-level `NONE = ["KEY", "TABLE.key"]`.
bool ReadTomlSettingsFile(const std::string& path, Json* values, std::vector<SettingsMessage>* messages);

}  // namespace stacks::site
