// Private to src/highlight: how languages are lexed.
#pragma once

#include <cstdint>
#include <memory>
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

/// Where token text lives while a Tokenize call runs: the prepared text,
/// and blocks of copies for text a lexer built itself (a joined command of
/// a console session, a literal "\n"). Tokens view one or the other, never
/// a lexer's temporary string.
class TextStore {
 public:
  explicit TextStore(std::string text) : text_(std::move(text)) {}
  TextStore(const TextStore&) = delete;
  TextStore& operator=(const TextStore&) = delete;
  std::string_view text() const { return text_; }
  /// `s` lies in the prepared text or in a block of copies.
  bool Holds(std::string_view s) const;
  /// `s` itself when held, else a held copy.
  std::string_view Keep(std::string_view s) { return InText(s) ? s : KeepElsewhere(s); }
  /// A held view of `a` (held) followed by `b`: `a` extended when `b`
  /// follows it in memory (or the bytes after `a` equal `b`), else a copy.
  std::string_view Join(std::string_view a, std::string_view b) {
    std::string_view joined(a.data(), a.size() + b.size());
    if (!a.empty() && a.data() + a.size() == b.data() && InText(joined)) return joined;
    return JoinElsewhere(a, b);
  }

 private:
  /// `s` lies in the prepared text (compared as addresses).
  bool InText(std::string_view s) const {
    auto begin = reinterpret_cast<uintptr_t>(s.data()), text = reinterpret_cast<uintptr_t>(text_.data());
    return begin >= text && begin + s.size() <= text + text_.size();
  }
  std::string_view KeepElsewhere(std::string_view s);
  std::string_view JoinElsewhere(std::string_view a, std::string_view b);
  char* Allocate(size_t size);
  std::string text_;
  std::vector<std::unique_ptr<char[]>> blocks_;
  std::vector<std::string_view> block_ranges_;
  char* free_ = nullptr;  ///< the unused end of the newest block
  size_t left_ = 0;
};

/// The store of the innermost running Tokenize call on this thread (a
/// never-freed one outside any).
TextStore& CurrentTextStore();

/// Appends a token, merging it into the previous one of the same type.
/// The token views held text (see TextStore): `text` is copied only when a
/// lexer built it.
void Emit(std::vector<Token>* out, TokenType type, std::string_view text);

/// The (definition, format, text) runs KSyntaxHighlighting gives `text`, one
/// per line "definition\tformat\ttext" (for writing mapping tables).
std::string DebugKshFormats(const KshSpec& spec, std::string_view text);

}  // namespace stacks::highlight
