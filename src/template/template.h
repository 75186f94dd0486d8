// template: a Jinja2 3.1.2-compatible template engine.
//
//   source --lexer--> tokens --parser--> AST --interpreter--> text
//
//   - value.h: the dynamic values templates compute with (and the Object
//     interface host objects implement)
//   - Environment: options, globals, the loader and a cache of parsed templates
//   - errors: `name:line:col: error: message`, the source line and a caret,
//     Jinja's wording, and the include/extends chain for runtime errors
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "template/value.h"

namespace stacks::tmpl {

struct Template;  // a parsed template (private)

/// A Python datetime from ISO 8601 text ("2024-01-02T03:04:05+01:00"), with
/// the attributes and methods templates use (year, strftime, isoformat, ...).
std::optional<Value> MakeDateTime(std::string_view iso);

/// A template value from JSON: objects keep their key order; the objects
/// {"__datetime__": ISO}, {"__object__": TEXT, key: value...} (attributes,
/// printed and compared as TEXT) and {"__callable__": VALUE} (a method
/// returning VALUE) stand for what JSON cannot express.
Value ValueFromJson(const nlohmann::ordered_json& j);

/// Environment settings, named as Jinja's Environment arguments.
struct Options {
  bool trim_blocks = false;
  bool lstrip_blocks = false;
  bool keep_trailing_newline = false;
  /// Autoescape every template, unless `autoescape_for` is set.
  bool autoescape = false;
  /// select_autoescape-style rule: called with a template name.
  std::function<bool(const std::string&)> autoescape_for;
  /// Undefined values raise on any use but `is defined`/`default`.
  bool strict_undefined = false;
  /// Nested macro calls, includes and recursive loops allowed.
  int max_render_depth = 400;
  /// Nesting of statements and expressions the parser accepts.
  int max_parse_depth = 400;
};

/// Where templates come from.
class Loader {
 public:
  virtual ~Loader() = default;
  /// The source of `name`, or nullopt when there is no such template.
  virtual std::optional<std::string> Load(const std::string& name) = 0;
  /// A path for messages (defaults to the name).
  virtual std::string DisplayName(const std::string& name) { return name; }
};

/// Loads `name` from the first search directory that holds it.
class FileLoader : public Loader {
 public:
  explicit FileLoader(std::vector<std::string> search_path) : search_path_(std::move(search_path)) {}
  std::optional<std::string> Load(const std::string& name) override;
  std::string DisplayName(const std::string& name) override;

 private:
  std::vector<std::string> search_path_;
};

/// Templates held in memory (tests, fuzzing).
class MapLoader : public Loader {
 public:
  explicit MapLoader(std::map<std::string, std::string> sources = {}) : sources_(std::move(sources)) {}
  void Add(std::string name, std::string source) { sources_[std::move(name)] = std::move(source); }
  std::optional<std::string> Load(const std::string& name) override;
  int loads() const { return loads_; }

 private:
  std::map<std::string, std::string> sources_;
  int loads_ = 0;
};

/// A template error: syntax or runtime, with where it happened.
struct Error {
  std::string kind;      // Jinja's exception class: TemplateSyntaxError, UndefinedError, ...
  std::string message;   // Jinja's message
  std::string name;      // template name
  size_t line = 0;       // 1-based; 0 when unknown
  /// The full report: `name:line:col: error: message`, source line, caret,
  /// then "  in 'x.html' included from 'y.html':line" for each outer template.
  std::string formatted;
};

struct RenderResult {
  bool ok = false;
  std::string output;
  Error error;
};

/// Templates, globals, filters and the parsed-template cache.
class Environment {
 public:
  explicit Environment(Options options = {}, std::unique_ptr<Loader> loader = nullptr);
  ~Environment();
  Environment(const Environment&) = delete;
  Environment& operator=(const Environment&) = delete;

  const Options& options() const { return options_; }
  Loader* loader() const { return loader_.get(); }

  /// A variable every template sees.
  void AddGlobal(const std::string& name, Value value) { globals_[name] = std::move(value); }
  const std::map<std::string, Value>& globals() const { return globals_; }

  /// Renders the named template with `context` (a dict value).
  RenderResult Render(const std::string& name, const Value& context);
  /// Renders template source given directly.
  RenderResult RenderSource(const std::string& source, const Value& context, const std::string& name = "<template>");
  /// Parses the named template (errors only), e.g. to check a theme.
  std::optional<Error> Check(const std::string& name);

  /// The parsed template, loaded and cached; throws an internal error type
  /// on failure (used by the interpreter).
  std::shared_ptr<const Template> GetTemplate(const std::string& name);
  std::shared_ptr<const Template> Parse(const std::string& source, const std::string& name);
  bool AutoescapeFor(const std::string& name) const;
  /// Modules of templates imported without context, made once (as Jinja's
  /// Template._get_default_module caches them); used by the interpreter.
  std::map<const Template*, Value>& module_cache() { return module_cache_; }

 private:
  RenderResult RenderTemplate(std::shared_ptr<const Template> tmpl, const Value& context);

  Options options_;
  std::unique_ptr<Loader> loader_;
  std::map<std::string, Value> globals_;
  std::map<std::string, std::shared_ptr<const Template>> cache_;
  std::map<const Template*, Value> module_cache_;
  size_t output_size_hint_ = 4096;  // size of the last output, to size the next buffer
};

}  // namespace stacks::tmpl
