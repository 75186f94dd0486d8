// The Markdown engine's code-block callback: Python-Markdown's
// CodeHilite.hilite with Pygments.
//
// The lexer is found by alias; an unknown or missing alias is guessed as
// Pygments' `guess_lexer` does when `guess_lang` is on, else plain text.
// The block's options go to the formatter as Python hands them to
// HtmlFormatter.
#include "base/base.h"
#include "highlight/lexer.h"
#include "markdown/ext/codehilite.h"
#include "markdown/util.h"

namespace stacks::highlight {

namespace {

// Pygments' guess (see guess_lexer.cc), as the language we lex it with:
// every Pygments lexer is in the registry, so the guess is found by its
// first alias; a lexer we cannot lex comes out as plain text.
const Language* GuessLanguage(std::string_view code) {
  return FindLanguage(GuessLexer(code).alias);
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
