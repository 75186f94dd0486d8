// `stacks template render`: one Jinja2 template with a JSON context, printed
// as Jinja2 3.1.2 renders it.
#include <chrono>
#include <cstdio>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "base/base.h"
#include "cli/commands.h"
#include "template/template.h"

namespace stacks::cli {
namespace {

// {"__object__": TEXT, key: value...}: an object with attributes, printed as
// TEXT, equal to and ordered like other such objects by TEXT (the shape of
// Pelican's URLWrapper values in test contexts).
class HostObject : public tmpl::Object {
 public:
  HostObject(std::string text, tmpl::Dict attrs) : text_(std::move(text)), attrs_(std::move(attrs)) {}
  std::string TypeName() const override { return "HostObject"; }
  std::string TypeRepr() const override { return "HostObject object"; }
  std::optional<tmpl::Value> GetAttr(std::string_view name) const override {
    if (const tmpl::Value* v = attrs_.Find(name)) return *v;
    return std::nullopt;
  }
  std::string Str() const override { return text_; }
  std::string Repr() const override { return "<HostObject " + tmpl::ReprString(text_) + ">"; }
  bool Equals(const tmpl::Object& other) const override {
    auto* o = dynamic_cast<const HostObject*>(&other);
    return o && o->text_ == text_;
  }
  std::optional<int> Compare(const tmpl::Value& other) const override {
    std::string o = other.Str();
    return text_ < o ? -1 : text_ > o ? 1 : 0;
  }

 private:
  std::string text_;
  tmpl::Dict attrs_;
};

// {"__callable__": VALUE}: a method returning VALUE whatever its arguments.
class Constant : public tmpl::Object {
 public:
  explicit Constant(tmpl::Value value) : value_(std::move(value)) {}
  std::string TypeName() const override { return "Constant"; }
  bool IsCallable() const override { return true; }
  tmpl::Value Call(tmpl::Interp&, tmpl::Args&) override { return value_; }

 private:
  tmpl::Value value_;
};

// JSON -> template values; {"__datetime__": ISO} objects become datetimes.
tmpl::Value FromJson(const nlohmann::ordered_json& j) {
  switch (j.type()) {
    case nlohmann::ordered_json::value_t::null: return tmpl::Value::None();
    case nlohmann::ordered_json::value_t::boolean: return tmpl::Value(j.get<bool>());
    case nlohmann::ordered_json::value_t::number_integer: return tmpl::Value(j.get<int64_t>());
    case nlohmann::ordered_json::value_t::number_unsigned: return tmpl::Value(static_cast<int64_t>(j.get<uint64_t>()));
    case nlohmann::ordered_json::value_t::number_float: return tmpl::Value(j.get<double>());
    case nlohmann::ordered_json::value_t::string: return tmpl::Value(j.get<std::string>());
    case nlohmann::ordered_json::value_t::array: {
      tmpl::List items;
      for (const auto& x : j) items.push_back(FromJson(x));
      return tmpl::Value::MakeList(std::move(items));
    }
    case nlohmann::ordered_json::value_t::object: {
      if (j.size() == 1 && j.contains("__datetime__") && j["__datetime__"].is_string()) {
        if (auto dt = tmpl::MakeDateTime(j["__datetime__"].get<std::string>())) return *dt;
      }
      if (j.size() == 1 && j.contains("__callable__"))
        return tmpl::Value::MakeObject(std::make_shared<Constant>(FromJson(j["__callable__"])));
      tmpl::Value d = tmpl::Value::MakeDict();
      for (auto it = j.begin(); it != j.end(); ++it)
        if (it.key() != "__object__") d.AsDict().Set(tmpl::Value(it.key()), FromJson(it.value()));
      if (j.contains("__object__"))
        return tmpl::Value::MakeObject(std::make_shared<HostObject>(j["__object__"].get<std::string>(), d.AsDict()));
      return d;
    }
    default: return tmpl::Value::None();
  }
}

}  // namespace

int RunTemplate(int argc, char** argv) {
  CLI::App app{"Render Jinja2 templates as Jinja2 3.1.2 does.", "stacks template"};
  app.require_subcommand(1);
  CLI::App* render = app.add_subcommand("render", "render one template with a JSON context");
  std::string name, context_path;
  std::vector<std::string> search_path;
  tmpl::Options options;
  render->add_option("template", name, "template name, looked up in the search path")->required();
  render->add_option("--context", context_path, "JSON file holding the context (an object)");
  render->add_option("--search-path", search_path, "folder to load templates from (repeatable; default '.')");
  render->add_flag("--trim-blocks", options.trim_blocks, "remove the first newline after a block tag");
  render->add_flag("--lstrip-blocks", options.lstrip_blocks, "strip spaces before a block tag on its line");
  render->add_flag("--autoescape", options.autoescape, "HTML-escape every printed value");
  render->add_flag("--keep-trailing-newline", options.keep_trailing_newline, "keep the template's final newline");
  render->add_flag("--strict-undefined", options.strict_undefined, "undefined values are errors");
  int repeat = 1;
  render->add_option("--repeat", repeat, "render N times (parsed once) and print the mean time per render on stderr");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  tmpl::Value context = tmpl::Value::MakeDict();
  if (!context_path.empty()) {
    std::string error;
    auto text = ReadFile(context_path, &error);
    if (!text) {
      std::fprintf(stderr, "%s: error: cannot read context: %s\n", context_path.c_str(), error.c_str());
      return 2;
    }
    nlohmann::ordered_json j = nlohmann::ordered_json::parse(*text, nullptr, false);
    if (j.is_discarded() || !j.is_object()) {
      std::fprintf(stderr, "%s: error: the context must be a JSON object\n", context_path.c_str());
      return 2;
    }
    context = FromJson(j);
  }
  if (search_path.empty()) search_path.push_back(".");
  tmpl::Environment env(options, std::make_unique<tmpl::FileLoader>(search_path));
  tmpl::RenderResult result = env.Render(name, context);
  if (repeat > 1 && result.ok) {
    auto start = std::chrono::steady_clock::now();
    for (int i = 0; i < repeat; ++i) result = env.Render(name, context);
    std::chrono::duration<double, std::micro> took = std::chrono::steady_clock::now() - start;
    std::fprintf(stderr, "%s: %.1f us per render (%d renders)\n", name.c_str(), took.count() / repeat, repeat);
  }
  if (!result.ok) {
    std::fputs(result.error.formatted.c_str(), stderr);
    return 1;
  }
  std::fwrite(result.output.data(), 1, result.output.size(), stdout);
  return 0;
}

}  // namespace stacks::cli
