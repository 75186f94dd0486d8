// `stacks highlight`: one source file to Pygments-style HTML (as
// `pygmentize -f html` prints it), or its token stream.
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
#include "highlight/lexer.h"

namespace stacks::cli {
namespace {

// "key=value" formatter options; values that read as JSON are parsed
// (numbers, true/false), the rest stay strings, as pygmentize -O does.
bool ParseOptions(const std::vector<std::string>& items, nlohmann::json* out) {
  for (const std::string& item : items) {
    size_t eq = item.find('=');
    if (eq == std::string::npos) {
      (*out)[item] = true;
      continue;
    }
    (*out)[item.substr(0, eq)] = item.substr(eq + 1);
  }
  return true;
}

std::string TokensText(const std::vector<highlight::Token>& tokens) {
  std::string out;
  for (const highlight::Token& t : tokens) {
    out += "Token";
    if (!highlight::TokenTypeName(t.type).empty()) out += "." + std::string(highlight::TokenTypeName(t.type));
    out += "\t" + nlohmann::json(std::string(t.text)).dump() + "\n";
  }
  return out;
}

// The input cut at lines equal to `separator` (the whole input when empty).
std::vector<std::string> Snippets(const std::string& source, const std::string& separator) {
  if (separator.empty()) return {source};
  std::vector<std::string> out(1);
  size_t pos = 0;
  while (pos < source.size()) {
    size_t nl = source.find('\n', pos);
    size_t end = nl == std::string::npos ? source.size() : nl + 1;
    std::string_view line(source.data() + pos, end - pos);
    if (line == separator || line == separator + "\n") out.emplace_back();
    else out.back() += line;
    pos = end;
  }
  return out;
}

}  // namespace

int RunHighlight(int argc, char** argv) {
  CLI::App app{"Highlight source code as Pygments 2.14 does.", "stacks highlight"};
  std::string input = "-", lang;
  std::vector<std::string> option_items;
  std::string split;
  bool tokens = false, ksh_formats = false;
  app.add_option("file", input, "file to read ('-' or nothing: standard input)");
  app.add_option("-l,--lang", lang, "language: any Pygments alias (default: from the file name)");
  app.add_option("-O,--option", option_items, "HtmlFormatter option key=value (linenos=table, hl_lines=\"1 2\", ...)");
  app.add_flag("--tokens", tokens, "print the token stream (type and JSON string per line)");
  app.add_option("--split", split, "the input holds several snippets between lines equal to this; each is lexed alone");
  app.add_flag("--ksh-formats", ksh_formats, "print KSyntaxHighlighting's (definition, format, text) runs");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  std::string source, error;
  if (input == "-") {
    source.assign(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
  } else if (auto text = ReadFile(input, &error)) {
    source = std::move(*text);
  } else {
    std::fprintf(stderr, "%s: error: cannot read: %s\n", input.c_str(), error.c_str());
    return 1;
  }
  const highlight::Language* language =
      !lang.empty() ? highlight::FindLanguage(lang) : input != "-" ? highlight::FindLanguageForFile(input) : nullptr;
  nlohmann::json options = nlohmann::json::object();
  ParseOptions(option_items, &options);
  if (ksh_formats) {
    if (!language || !language->ksh) {
      std::fprintf(stderr, "stacks highlight: error: no KSyntaxHighlighting definition for '%s'\n", lang.c_str());
      return 2;
    }
    std::fputs(highlight::DebugKshFormats(*language->ksh, source).c_str(), stdout);
    return 0;
  }
  std::string out;
  for (const std::string& snippet : Snippets(source, split)) {
    highlight::TokenList stream = highlight::Tokenize(snippet, language, options);
    if (!split.empty() && !out.empty()) out += split + "\n";
    std::string text = tokens ? TokensText(stream) : highlight::FormatHtml(stream, options);
    if (out.empty()) out = std::move(text);
    else out += text;
  }
  std::fwrite(out.data(), 1, out.size(), stdout);
  return 0;
}

}  // namespace stacks::cli
