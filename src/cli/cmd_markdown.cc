// `stacks markdown`: one Markdown document to an HTML fragment, as
// `python -m markdown` prints it.
#include <cstdio>
#include <iostream>
#include <iterator>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "base/base.h"
#include "cli/commands.h"
#include "highlight/highlight.h"
#include "markdown/markdown.h"

namespace stacks::cli {
namespace {

// Replaces every byte that is not valid UTF-8 with '?', keeping offsets, so a
// diagnostic can show the line safely.
std::string Sanitized(std::string s) {
  while (auto bad = FindInvalidUtf8(s)) s[*bad] = '?';
  return s;
}

bool LoadConfig(const std::string& path, markdown::Options& options) {
  std::string error;
  auto text = ReadFile(path, &error);
  if (!text) {
    std::fprintf(stderr, "%s: error: cannot read config: %s\n", path.c_str(), error.c_str());
    return false;
  }
  nlohmann::json j = nlohmann::json::parse(*text, nullptr, false);
  if (j.is_discarded() || !j.is_object()) {
    std::fprintf(stderr, "%s: error: the config must be a JSON object of Python-Markdown's keyword arguments\n",
                 path.c_str());
    return false;
  }
  if (j.contains("extensions"))
    for (const auto& e : j["extensions"]) options.extensions.push_back(e.get<std::string>());
  if (j.contains("extension_configs")) options.extension_configs = j["extension_configs"];
  if (j.contains("output_format")) options.output_format = j["output_format"].get<std::string>();
  if (j.contains("tab_length")) options.tab_length = j["tab_length"].get<int>();
  return true;
}

}  // namespace

int RunMarkdown(int argc, char** argv) {
  CLI::App app{"Convert Markdown to HTML as Python-Markdown 3.4.1 does.", "stacks markdown"};
  std::string input = "-";
  std::vector<std::string> extensions;
  std::string config_path;
  std::string output_format;
  app.add_option("file", input, "Markdown file to read ('-' or nothing: standard input)");
  app.add_option("-x,--extension", extensions, "load an extension (any name Python-Markdown accepts)");
  app.add_option("-c,--config", config_path, "JSON file of Python-Markdown keyword arguments");
  app.add_option("-o,--output-format", output_format, "html5 or xhtml (default xhtml)");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }

  markdown::Options options;
  if (!config_path.empty() && !LoadConfig(config_path, options)) return 2;
  for (const auto& e : extensions) options.extensions.push_back(e);
  if (!output_format.empty()) options.output_format = output_format;
  std::vector<std::string> highlight_warnings;
  options.highlight = highlight::MarkdownCodeBlockHighlighter(&highlight_warnings);

  std::string source, error;
  std::string display = input == "-" ? "<stdin>" : input;
  if (input == "-") {
    source.assign(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
  } else if (auto text = ReadFile(input, &error)) {
    source = std::move(*text);
  } else {
    std::fprintf(stderr, "%s: error: cannot read: %s\n", display.c_str(), error.c_str());
    return 1;
  }
  if (auto bad = FindInvalidUtf8(source)) {
    char msg[96];
    std::snprintf(msg, sizeof msg, "invalid UTF-8: byte 0x%02X cannot start or continue a character here",
                  static_cast<unsigned char>(source[*bad]));
    Diagnostic d{Severity::kError, display, msg, *bad};
    std::fputs(FormatDiagnostic(d, Sanitized(source)).c_str(), stderr);
    return 1;
  }
  markdown::Converter converter(options);
  if (!converter.errors().empty()) {
    for (const auto& e : converter.errors()) std::fprintf(stderr, "stacks markdown: error: %s\n", e.c_str());
    return 2;
  }
  markdown::Result result = converter.Convert(source);
  for (const auto& e : result.errors)
    std::fprintf(stderr, "%s: %s: %s\n", display.c_str(), result.failed ? "error" : "warning",
                 e.c_str());
  for (const auto& w : highlight_warnings) std::fprintf(stderr, "%s: warning: %s\n", display.c_str(), w.c_str());
  if (result.failed) return 1;
  std::fwrite(result.html.data(), 1, result.html.size(), stdout);
  return 0;
}

}  // namespace stacks::cli
