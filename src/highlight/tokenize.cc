// Tokenize and Highlight: Pygments' text preparation, then the language's lexer.
#include "base/base.h"
#include "highlight/lexer.h"
#include "markdown/util.h"

namespace stacks::highlight {

namespace {

bool BoolOption(const nlohmann::json& o, const char* key, bool fallback) {
  auto it = o.find(key);
  if (it == o.end()) return fallback;
  if (it->is_boolean()) return it->get<bool>();
  if (it->is_number()) return it->get<double>() != 0;
  if (it->is_string()) {
    std::string s = AsciiLower(it->get<std::string>());
    if (s == "1" || s == "yes" || s == "true" || s == "on") return true;
    if (s == "0" || s == "no" || s == "false" || s == "off") return false;
  }
  return fallback;
}

// Pygments `Lexer.get_tokens` before lexing: newlines normalized, then
// stripall/stripnl, tab expansion and a final newline.
std::string PrepareText(std::string_view code, const nlohmann::json& o) {
  std::string text = ReplaceAll(ReplaceAll(code, "\r\n", "\n"), "\r", "\n");
  if (BoolOption(o, "stripall", false)) text = std::string(markdown::PyStrip(text));
  else if (BoolOption(o, "stripnl", true)) text = std::string(markdown::PyStripChars(text, "\n"));
  auto tab = o.find("tabsize");
  if (tab != o.end() && tab->is_number_integer() && tab->get<int>() > 0)
    text = markdown::ExpandTabs(text, tab->get<int>());
  if (BoolOption(o, "ensurenl", true) && (text.empty() || text.back() != '\n')) text += "\n";
  return text;
}

}  // namespace

std::vector<Token> Tokenize(std::string_view code, const Language* language, const nlohmann::json& lexer_options) {
  std::string text = PrepareText(code, lexer_options);
  std::vector<Token> tokens;
  if (language && language->lex) language->lex(text, &tokens);
  else if (language && language->ksh) LexWithKsh(*language->ksh, text, &tokens);
  else Emit(&tokens, TokenType::kText, text);
  return tokens;
}

std::string Highlight(std::string_view code, std::string_view lang, const nlohmann::json& options) {
  return FormatHtml(Tokenize(code, FindLanguage(lang), options), options);
}

}  // namespace stacks::highlight
