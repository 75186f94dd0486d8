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
    context = tmpl::ValueFromJson(j);
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
