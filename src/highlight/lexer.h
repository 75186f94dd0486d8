// Private to src/highlight: how languages are lexed.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "highlight/highlight.h"

namespace stacks::highlight {

/// Appends the tokens of `text` (already prepared as Pygments prepares it).
using LexFunction = void (*)(std::string_view text, std::vector<Token>* out);

/// One entry of a KSyntaxHighlighting mapping table: the format `format` of
/// definition `definition` (empty: any definition) becomes `type`.
struct FormatRule {
  const char* definition;
  const char* format;
  TokenType type;
};

/// A word that gets its own type wherever it is not in a string or comment
/// (Python's `True` is Keyword.Constant though KSyntaxHighlighting groups it
/// with `self`).
struct WordRule {
  const char* word;
  TokenType type;
};

/// The name after this keyword gets `type` (`def` -> Name.Function); with
/// `dotted`, a dotted name (`import os.path`) is one token.
struct AfterKeywordRule {
  const char* keyword;
  TokenType type;
  bool dotted = false;
};

/// How one language is lexed by KSyntaxHighlighting.
struct KshSpec {
  const char* definition;  ///< KSyntaxHighlighting definition name
  std::vector<FormatRule> rules;
  /// The type of whitespace between tokens (Text or Text.Whitespace).
  TokenType whitespace = TokenType::kText;
  /// Unformatted ("Normal Text") words become Name (else Text).
  bool words_are_names = true;
  std::vector<WordRule> words = {};
  std::vector<AfterKeywordRule> after_keywords = {};
  /// Characters of unformatted text that are operators (else punctuation).
  const char* operator_chars = "+-*/%=<>!&|^~";
  /// Without words_are_names: characters that are punctuation (else text).
  const char* punctuation_chars = "";
  /// Markup: tag names lose their `<`, `</`, `>`, `/>` (punctuation) and
  /// attribute names their `=` (operator), as Pygments' HTML lexer has them.
  bool markup = false;
  /// Makefiles: a target's trailing `:` is an operator.
  bool target_colon = false;
};

struct Language {
  std::string name;  ///< the Pygments lexer name
  std::vector<std::string> aliases;
  std::vector<std::string> filenames;
  LexFunction lex = nullptr;        ///< a lexer of our own, or
  const KshSpec* ksh = nullptr;     ///< a KSyntaxHighlighting definition
};

/// The mapping table for a Pygments lexer name, or nullptr.
const KshSpec* FindKshSpec(std::string_view pygments_name);
/// Our own lexer for a Pygments lexer name, or nullptr.
LexFunction FindOwnLexer(std::string_view pygments_name);

/// Lexes `text` with KSyntaxHighlighting per `spec`.
void LexWithKsh(const KshSpec& spec, std::string_view text, std::vector<Token>* out);

/// Appends a token, merging it into the previous one of the same type.
void Emit(std::vector<Token>* out, TokenType type, std::string_view text);

/// The (definition, format, text) runs KSyntaxHighlighting gives `text`, one
/// per line "definition\tformat\ttext" (for writing mapping tables).
std::string DebugKshFormats(const KshSpec& spec, std::string_view text);

}  // namespace stacks::highlight
