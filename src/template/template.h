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
#include <unordered_map>
#include <vector>

#include <nlohmann/json.hpp>

#include "template/value.h"

namespace stacks::tmpl {

struct Template;  // a parsed template (private)
struct Frame;     // a scope of variables (private)

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

/// A filter: `subject|name(args...)` calls fn(interp, subject, args).
using FilterFunc = std::function<Value(Interp&, const Value& subject, Args& args)>;
/// A test: `subject is name(args...)` calls fn(interp, subject, args).
using TestFunc = std::function<bool(Interp&, const Value& subject, Args& args)>;

/// Templates, globals, filters and the parsed-template cache. One thread at
/// a time: parsed nodes cache lookups, so threads need an Environment each.
///
/// Host filters, tests and globals (Pelican's JINJA_FILTERS, JINJA_TESTS,
/// JINJA_GLOBALS) are registered per environment, before rendering:
///
///   env.AddFilter("strftime", [](Interp& in, const Value& date, Args& args) {
///     const Value* fmt = args.Get(0, "format");  // positional 0 or format=
///     if (!fmt) Throw("TypeError", "strftime() missing 'format'");
///     ...
///   });
///
/// Reading arguments (Args, value.h): `args.positional` and `args.keywords`
/// hold what the template passed; `args.Get(i, "name")` is the i-th
/// positional argument or else the keyword `name` (nullptr when neither);
/// `args.Keyword("name")` only looks at keywords. For a checked Python-style
/// signature use ArgReader (template/interp.h), which rejects extra
/// positional and unknown keyword arguments with Python's TypeError wording.
/// The Interp (template/interp.h) offers what builtins use: Str(v),
/// GetAttr(v, name), GetItem, Iterate(v), Call(callee, args), Escape(v),
/// autoescape(), env(). To fail, call Throw(kind, message) (interp.h): the
/// render stops with `kind: message` located at the filter or test name; a
/// std::exception thrown by a host function is reported the same way with
/// kind "Exception".
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

  /// Adds a filter, replacing a builtin or earlier filter of the same name
  /// (`|name`, `{% filter name %}`, `map('name')`, `is filter`). Templates
  /// parsed before are dropped from the cache.
  void AddFilter(const std::string& name, FilterFunc fn);
  /// Adds a test the same way (`is name`, `select('name')`, `is test`).
  void AddTest(const std::string& name, TestFunc fn);
  /// The filter or test `name`: the host's, else the builtin; nullptr when
  /// neither exists.
  const FilterFunc* FindFilter(const std::string& name) const;
  const TestFunc* FindTest(const std::string& name) const;

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
  /// The frames those modules' macros close over, released with the cache
  /// (they form reference cycles with the macros).
  std::vector<std::shared_ptr<Frame>>& module_frames() { return module_frames_; }

 private:
  RenderResult RenderTemplate(std::shared_ptr<const Template> tmpl, const Value& context);

  Options options_;
  std::unique_ptr<Loader> loader_;
  std::map<std::string, Value> globals_;
  std::unordered_map<std::string, FilterFunc> filters_;  // host filters (node-based: pointers stay valid)
  std::unordered_map<std::string, TestFunc> tests_;
  std::map<std::string, std::shared_ptr<const Template>> cache_;
  std::map<const Template*, Value> module_cache_;
  std::vector<std::shared_ptr<Frame>> module_frames_;
  void ClearModuleCache();
  size_t output_size_hint_ = 4096;  // size of the last output, to size the next buffer
};

}  // namespace stacks::tmpl
