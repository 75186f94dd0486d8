// `stacks build`: Pelican's command line. `stacks [build] [PATH] [-o OUT]
// [-s SETTINGS] [-t THEME] [-d] [--relative-urls] [-e K=V]... [-v|-q|-D]
// [--print-settings [K...]] [--fatal warnings|errors]`.
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "base/base.h"
#include "cli/build_display.h"
#include "cli/commands.h"
#include "site/settings.h"
#include "site/site.h"

namespace stacks::cli {
namespace {

namespace fs = std::filesystem;

struct BuildArgs {
  std::string path, output, settings, theme, fatal;
  bool delete_output = false, relative_urls = false, verbose = false, quiet = false, debug = false;
  bool timings = false;
  bool ignore_cache = false;
  std::vector<std::string> extra;
  std::vector<std::string> print_settings;
  bool print_settings_given = false;
  int jobs = 0;
};

std::string Absolute(const std::string& path) {
  std::error_code ec;
  return fs::absolute(path, ec).lexically_normal().string();
}

// Pelican's get_config: the command line's values as setting overrides
// (paths made absolute against the working folder; -t keeps a name when no
// such folder exists).
bool Overrides(const BuildArgs& a, site::Json* overrides) {
  if (!a.path.empty()) (*overrides)["PATH"] = Absolute(a.path);
  if (!a.output.empty()) (*overrides)["OUTPUT_PATH"] = Absolute(a.output);
  if (!a.theme.empty()) {
    std::error_code ec;
    (*overrides)["THEME"] = fs::exists(Absolute(a.theme), ec) ? Absolute(a.theme) : a.theme;
  }
  if (a.delete_output) (*overrides)["DELETE_OUTPUT_DIRECTORY"] = true;
  if (a.relative_urls) (*overrides)["RELATIVE_URLS"] = true;
  for (const std::string& item : a.extra) {
    std::string error;
    auto kv = site::ParseOverride(item, &error);
    if (!kv) {
      std::fprintf(stderr, "stacks: error: %s\n", error.c_str());
      return false;
    }
    (*overrides)[kv->first] = kv->second;
  }
  return true;
}

// Python's repr() of a str key.
std::string KeyRepr(const std::string& s) { return "'" + ReplaceAll(ReplaceAll(s, "\\", "\\\\"), "'", "\\'") + "'"; }

void PrintMessage(Severity severity, const std::string& text) {
  std::string first_line = text.substr(0, text.find('\n'));
  bool placed = first_line.find(": warning:") != std::string::npos || first_line.find(": error:") != std::string::npos ||
                first_line.rfind("warning:", 0) == 0 || first_line.rfind("error:", 0) == 0;
  std::string out = placed ? text : std::string(SeverityName(severity)) + ": " + text;
  if (out.empty() || out.back() != '\n') out += '\n';
  std::fputs(out.c_str(), stderr);
}

// --print-settings: every setting, or the named ones, as "KEY: value".
int PrintSettings(const site::Settings& settings, std::vector<std::string> keys) {
  std::erase(keys, "");
  if (keys.empty()) {
    std::string out = "{";
    for (auto it = settings.values.begin(); it != settings.values.end(); ++it)
      out += (out.size() > 1 ? ",\n " : "") + KeyRepr(it.key()) + ": " + site::SettingRepr(settings, it.key());
    std::printf("%s}\n", out.c_str());
    return 0;
  }
  for (const std::string& key : keys) {
    if (!settings.Has(key)) {
      std::printf("\n%s is not a recognized setting.\n", key.c_str());
      break;
    }
    const site::Json& v = settings[key];
    bool block = v.is_array() || v.is_object();
    std::printf(block ? "\n%s:\n%s\n" : "\n%s: %s\n", key.c_str(), site::SettingRepr(settings, key).c_str());
  }
  return 0;
}

void AddOptions(CLI::App& app, BuildArgs& a) {
  app.add_option("path", a.path, "content folder (PATH)");
  app.add_option("-o,--output", a.output, "output folder (OUTPUT_PATH)");
  app.add_option("-s,--settings", a.settings, "settings file (default: ./pelicanconf.py when present)");
  app.add_option("-t,--theme-path", a.theme, "theme folder or built-in theme name (THEME)");
  app.add_flag("-d,--delete-output-directory", a.delete_output, "delete the output folder first");
  app.add_flag("--relative-urls", a.relative_urls, "use document-relative URLs (RELATIVE_URLS)");
  app.add_option("-e,--extra-settings", a.extra, "KEY=VALUE (JSON value) overriding a setting")->take_all();
  app.add_flag("-v,--verbose", a.verbose, "also show info messages (each file written or copied)");
  app.add_flag("-q,--quiet", a.quiet, "show only errors");
  app.add_flag("-D,--debug", a.debug, "also show debug messages, with step timings");
  app.add_flag("--timings", a.timings, "print the time each build step took");
  app.add_flag("--ignore-cache", a.ignore_cache, "do not load the content cache (LOAD_CONTENT_CACHE)");
  app.add_option("--print-settings", a.print_settings, "print the settings (all, or the named ones) and exit")
      ->expected(0, -1)
      ->trigger_on_parse()
      ->each([&](const std::string&) { a.print_settings_given = true; });
  app.add_option("--fatal", a.fatal, "exit with an error on any warning or error")->check(CLI::IsMember({"warnings", "errors"}));
  app.add_option("-j,--jobs", a.jobs, "worker threads (default: one per CPU)");
}

// -q, -v and -D as Pelican's argparse stores them: the last one given wins.
Verbosity VerbosityOf(const CLI::App& app) {
  Verbosity level = Verbosity::kNormal;
  for (const CLI::Option* option : app.parse_order()) {
    if (option->check_name("-q")) level = Verbosity::kQuiet;
    else if (option->check_name("-v")) level = Verbosity::kVerbose;
    else if (option->check_name("-D")) level = Verbosity::kDebug;
  }
  return level;
}

// -D's opening lines, as Pelican's main() logs its version first.
void LogStart(BuildDisplay& display, const site::LoadOptions& load, const site::Settings& settings, int jobs) {
  if (!display.Wants(site::LogLevel::kDebug)) return;
  display.OnLog(site::LogLevel::kDebug, std::string("stacks version: ") + STACKS_VERSION);
  display.OnLog(site::LogLevel::kDebug, "settings file: " + (load.settings_path.empty() ? "(none)" : load.settings_path));
  for (const char* key : {"PATH", "OUTPUT_PATH", "THEME"})
    display.OnLog(site::LogLevel::kDebug, std::string(key) + ": " + site::SettingRepr(settings, key));
  display.OnLog(site::LogLevel::kDebug, "worker threads: " + (jobs > 0 ? std::to_string(jobs) : "one per CPU"));
}

}  // namespace

int RunBuild(int argc, char** argv) {
  CLI::App app{"Build a Pelican site as Pelican 4.8 does.", "stacks build"};
  BuildArgs a;
  AddOptions(app, a);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  if (app.count("--print-settings")) a.print_settings_given = true;
  site::LoadOptions load;
  load.settings_path = a.settings;
  std::error_code ec;
  if (load.settings_path.empty() && fs::exists("pelicanconf.py", ec)) load.settings_path = "pelicanconf.py";
  if (!Overrides(a, &load.overrides)) return 2;
  site::LoadResult loaded = site::LoadSettings(load);
  Verbosity verbosity = VerbosityOf(app);
  for (const site::SettingsMessage& m : loaded.messages)
    if (Shows(verbosity, m.severity)) PrintMessage(m.severity, m.text);
  if (!loaded.ok) return 1;
  if (a.print_settings_given) return PrintSettings(loaded.settings, a.print_settings);

  site::BuildOptions options;
  options.settings_path = load.settings_path;
  options.threads = a.jobs;
  options.ignore_cache = a.ignore_cache;
  BuildDisplay display(verbosity, verbosity != Verbosity::kQuiet && StderrIsInteractive());
  LogStart(display, load, loaded.settings, a.jobs);
  site::BuildObserver* previous = site::SetBuildObserver(&display);
  site::BuildResult result = site::Build(loaded.settings, options);
  site::SetBuildObserver(previous);
  display.Finish();
  for (const site::BuildMessage& m : result.messages)
    if (Shows(verbosity, m.severity)) PrintMessage(m.severity, m.text);
  for (size_t i = 0; i < result.timings.size(); ++i) {
    const auto& [step, seconds] = result.timings[i];
    std::string counts = i < result.timing_counts.size() ? result.timing_counts[i] : "";
    if (!counts.empty()) counts = "  " + counts;
    char line[240];
    std::snprintf(line, sizeof line, "step %-28s %8.3f s%s", step.c_str(), seconds, counts.c_str());
    if (verbosity == Verbosity::kDebug) display.OnLog(site::LogLevel::kDebug, line);
    else if (a.timings) std::fprintf(stderr, "  %s\n", line + 5);
  }
  // Pelican prints its "Done:" line at every level, -q included.
  std::printf("%s\n", site::SummaryLine(result).c_str());
  int errors = result.CountOf(Severity::kError) + loaded.error_count();
  int warnings = result.CountOf(Severity::kWarning);
  for (const site::SettingsMessage& m : loaded.messages) warnings += m.severity == Severity::kWarning;
  if (!result.ok) return 1;
  if (a.fatal == "errors" && errors > 0) return 1;
  if (a.fatal == "warnings" && errors + warnings > 0) return 1;
  return 0;
}

}  // namespace stacks::cli
