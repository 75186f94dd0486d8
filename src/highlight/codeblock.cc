// The Markdown engine's code-block callback: Python-Markdown's
// CodeHilite.hilite with Pygments.
//
// The lexer is found by alias; an unknown or missing alias is guessed when
// `guess_lang` is on (only the strong signals Pygments' analysers give full
// marks: a #! line, `<?php`, `<?xml`), else plain text. The block's options
// go to the formatter as Python hands them to HtmlFormatter.
#include "base/base.h"
#include "highlight/lexer.h"
#include "markdown/ext/codehilite.h"
#include "markdown/util.h"

namespace stacks::highlight {

namespace {

// The interpreter a `#!` first line names ("#!/usr/bin/env python3" -> python3).
std::string ShebangInterpreter(std::string_view code) {
  if (code.substr(0, 2) != "#!") return "";
  std::string_view line = code.substr(2, code.find('\n') == std::string_view::npos ? code.npos : code.find('\n') - 2);
  std::vector<std::string> words;
  for (const std::string& w : markdown::SplitOn(line, " "))
    if (!w.empty()) words.push_back(w);
  if (words.empty()) return "";
  std::string first = words[0].substr(words[0].find_last_of('/') + 1);
  if (first == "env" && words.size() > 1) first = words[1];
  return first;
}

const Language* GuessLanguage(std::string_view code) {
  std::string interpreter = ShebangInterpreter(code);
  if (!interpreter.empty()) {
    while (!interpreter.empty() && (std::isdigit(static_cast<unsigned char>(interpreter.back())) || interpreter.back() == '.'))
      interpreter.pop_back();
    if (interpreter == "python" || interpreter == "pypy") return FindLanguage("python");
    if (interpreter == "bash" || interpreter == "sh" || interpreter == "zsh" || interpreter == "ksh")
      return FindLanguage("bash");
    if (interpreter == "ruby") return FindLanguage("ruby");
    if (interpreter == "node") return FindLanguage("javascript");
  }
  if (code.substr(0, 5) == "<?php") return FindLanguage("php");
  return nullptr;
}

void WarnBadHlLines(const nlohmann::json& options, std::vector<std::string>* warnings) {
  auto it = options.find("hl_lines");
  if (!warnings || it == options.end() || !it->is_string()) return;
  for (const std::string& w : markdown::SplitOn(it->get<std::string>(), " ")) {
    std::string_view word = markdown::PyStrip(w);
    if (word.empty()) continue;
    bool digits = true;
    for (char c : word) digits = digits && c >= '0' && c <= '9';
    if (!digits) warnings->push_back("hl_lines: '" + std::string(word) + "' is not a line number");
  }
}

}  // namespace

markdown::CodeBlockCallback MarkdownCodeBlockHighlighter(std::vector<std::string>* warnings) {
  return [warnings](const markdown::CodeBlock& block) -> std::optional<std::string> {
    const nlohmann::json& o = block.options;
    const Language* language = block.lang.empty() ? nullptr : FindLanguage(block.lang);
    if (!language && markdown::JsonTruthy(o.value("guess_lang", nlohmann::json(true))))
      language = GuessLanguage(block.code);
    WarnBadHlLines(o, warnings);
    return FormatHtml(Tokenize(block.code, language, o), o);
  };
}

}  // namespace stacks::highlight
