// Code highlighting that prints what Pygments 2.14 prints: its token types,
// its short CSS classes and its HtmlFormatter markup.
//
// Languages are looked up by every Pygments alias and filename pattern.
// Most are lexed by KSyntaxHighlighting with tables mapping its formats to
// Pygments token types; a few (console sessions, INI, TOML, Dockerfile,
// nginx, HCL/Terraform, Jinja) by small lexers of our own. An unknown
// language is plain text, as in Pygments.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "markdown/markdown.h"

namespace stacks::highlight {

/// Pygments' standard token types (pygments.token.STANDARD_TYPES), then
/// the non-standard ones our lexers emit (Name.Builtin.Type).
enum class TokenType : uint8_t {
#define X(e, name, cls) k##e,
#include "highlight/token_types.inc"
#undef X
};

/// "Keyword.Namespace" (empty for the root type Token).
std::string_view TokenTypeName(TokenType type);
/// The CSS classes HtmlFormatter prints: "kn" ("" for Text and Token);
/// a non-standard type adds its suffix to its standard ancestor's class:
/// "nb nb-Type".
std::string_view TokenClass(TokenType type);
/// The type named "Keyword.Namespace" (or "Token.Keyword.Namespace").
std::optional<TokenType> TokenTypeFromName(std::string_view name);

/// One token: its type and a view of its text. The text lies in storage
/// the TokenList that Tokenize returns owns (the prepared text, or copies
/// of text a lexer built), so a token is valid as long as its list.
struct Token {
  TokenType type;
  std::string_view text;
};

/// The tokens of one Tokenize call together with the text they view.
/// Copies share that text.
class TokenList {
 public:
  TokenList() = default;
  TokenList(std::vector<Token> tokens, std::shared_ptr<const void> storage)
      : tokens_(std::move(tokens)), storage_(std::move(storage)) {}
  const std::vector<Token>& tokens() const { return tokens_; }
  operator const std::vector<Token>&() const { return tokens_; }  // NOLINT: FormatHtml takes either
  std::vector<Token>::const_iterator begin() const { return tokens_.begin(); }
  std::vector<Token>::const_iterator end() const { return tokens_.end(); }
  size_t size() const { return tokens_.size(); }
  bool empty() const { return tokens_.empty(); }
  const Token& operator[](size_t i) const { return tokens_[i]; }

 private:
  std::vector<Token> tokens_;
  std::shared_ptr<const void> storage_;
};

/// A language we can lex; found through FindLanguage.
struct Language;

/// Looks a Pygments alias up, case-insensitively ("py", "Shell", "tf").
/// nullptr when no lexer has that alias.
const Language* FindLanguage(std::string_view alias);
/// The language whose Pygments filename patterns match `filename`.
const Language* FindLanguageForFile(std::string_view filename);
/// The Pygments lexer name ("Python", "Bash Session").
std::string_view LanguageName(const Language& language);

/// The lexer Pygments 2.14's `guess_lexer(text)` picks: its name ("Python")
/// and first alias ("python"); "Text only"/"text" when nothing claims it.
struct GuessedLexer {
  std::string_view name;
  std::string_view alias;
};
GuessedLexer GuessLexer(std::string_view text);

/// Pygments `lexer.get_tokens(code)`: the text is prepared as Pygments does
/// (newlines, stripnl, stripall, tabsize, ensurenl from `lexer_options`),
/// then lexed. A null language lexes as plain text.
TokenList Tokenize(std::string_view code, const Language* language,
                            const nlohmann::json& lexer_options = nlohmann::json::object());

/// Pygments `HtmlFormatter(**options).format(tokens)`: cssclass, linenos
/// (table/inline), hl_lines, linenostart/step/special, lineanchors,
/// linespans, anchorlinenos, nowrap, wrapcode, noclasses with `style`,
/// classprefix, nobackground, cssstyles, prestyles, filename, lineseparator.
std::string FormatHtml(const std::vector<Token>& tokens, const nlohmann::json& options);

/// Tokenize + FormatHtml for a language alias; unknown aliases are text.
std::string Highlight(std::string_view code, std::string_view lang,
                      const nlohmann::json& options = nlohmann::json::object());

/// The highlighter for the Markdown engine's code blocks (codehilite and
/// fenced_code): Pygments' lexer choice (alias, then guess_lang) and
/// HtmlFormatter output. Warnings (a bad hl_lines) go to `warnings` when set.
markdown::CodeBlockCallback MarkdownCodeBlockHighlighter(std::vector<std::string>* warnings = nullptr);

/// Pygments `HtmlFormatter(style=name).get_style_defs(selector)`; nullopt
/// for a style we do not know.
std::optional<std::string> StyleCss(std::string_view style, std::string_view selector = ".highlight");
/// Names of the styles StyleCss knows.
std::vector<std::string> StyleNames();

}  // namespace stacks::highlight
