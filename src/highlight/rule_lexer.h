// Private to src/highlight: a lexer driven by a table of states, each an
// ordered list of (regex, action, next state) rules, the way Pygments'
// RegexLexer works. Our own lexers are written as such tables.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "highlight/lexer.h"
#include "markdown/regex.h"

namespace stacks::highlight {

class AnchoredPattern;
class RuleLexer;

/// What a callback action sees and may change, as Pygments' LexerContext:
/// the text, the position where lexing goes on (a callback must set it), the
/// stack of state indices (bottom first) and a few integers of scratch that
/// live for one Lex call (Perl 6's brace nesting level).
struct LexContext {
  std::string_view text;
  size_t pos = 0;
  std::vector<int> stack;
  int64_t scratch[4] = {};
  const RuleLexer* lexer = nullptr;
};

/// The match of a rule with a callback action: byte offsets of its groups.
class RuleMatch {
 public:
  RuleMatch(const size_t* ov, const AnchoredPattern* pattern) : ov_(ov), pattern_(pattern) {}
  /// Whether group `g` took part in the match.
  bool Has(int g) const;
  size_t Start(int g = 0) const { return ov_[2 * g]; }
  size_t End(int g = 0) const { return ov_[2 * g + 1]; }
  /// The number of the group named `name`, or -1.
  int GroupNumber(std::string_view name) const;

 private:
  const size_t* ov_;
  const AnchoredPattern* pattern_;
};

/// A callback action (Pygments' ExtendedRegexLexer callbacks): emits the
/// tokens of the match and sets ctx->pos; `type` is the token type the rule
/// gives it (a callback made for one token class).
using Callback = void (*)(const RuleMatch& match, TokenType type, LexContext* ctx, std::vector<Token>* out);

/// What a rule does with its match (or one of its groups): a token type, a
/// whole language lexing that text (Pygments' `using`), or a callback (only
/// as a rule's single action).
struct Action {
  Action(TokenType t) : type(t) {}  // NOLINT: tables read better without the wrapper
  Action(const char* alias) : type(TokenType::kText), language(alias) {}  // NOLINT
  Action(Callback cb, TokenType t = TokenType::kText) : type(t), callback(cb) {}
  TokenType type;
  const char* language = nullptr;  ///< a Pygments alias
  Callback callback = nullptr;
};

struct Rule {
  std::string pattern;  ///< Python regex syntax; "@name" includes state `name`
  std::vector<Action> actions;  ///< one: the whole match; more: one per group
  /// Stack changes, comma-separated and applied in order: "#pop", "#pop:N",
  /// "#push" (the current state again) or a state name to push.
  std::string next;
};

struct RuleState {
  std::string name;
  std::vector<Rule> rules;
};

class RuleLexer {
 public:
  /// Which Pygments class the table comes from: they differ in the token of
  /// a newline no rule matches (Text.Whitespace, Text for the extended one).
  enum Kind { kRegexLexer, kExtendedRegexLexer };
  /// `flags`: markdown::Regex flags for every pattern (Pygments' default is
  /// MULTILINE).
  RuleLexer(std::vector<RuleState> states, unsigned flags = markdown::Regex::kMultiline, Kind kind = kRegexLexer);
  ~RuleLexer();
  void Lex(std::string_view text, std::vector<Token>* out) const;
  /// Lexes starting with the stack `start` (bottom first), as a Pygments
  /// lexer that overrides get_tokens_unprocessed with `stack=(...)` does
  /// (Lasso with requiredelimiters starts in ["root", "delimiters"]).
  void Lex(std::string_view text, std::vector<Token>* out, const std::vector<std::string_view>& start) const;
  /// The index of state `name` (as LexContext::stack holds it).
  int StateIndex(std::string_view name) const;

 private:
  struct Compiled;
  std::vector<std::unique_ptr<Compiled>> states_;
  std::vector<std::string> names_;
  uint32_t max_groups_ = 0;  ///< the most capture groups of any pattern
  Kind kind_ = kRegexLexer;
};

/// The code point at `pos` of UTF-8 `text` and its length in bytes (a
/// stray byte counts as one character of its own value), for callbacks that
/// count characters as Python does.
std::pair<char32_t, size_t> Utf8At(std::string_view text, size_t pos);

/// Tokens lexed apart and put back at `offset` of the text lexed without them.
struct Insertion {
  size_t offset;
  std::vector<Token> tokens;
};
void DoInsertions(const std::vector<Token>& tokens, const std::vector<Insertion>& insertions,
                  std::vector<Token>* out);

/// Lexes `text` as the language with Pygments alias `alias` would, without
/// the text preparation (Pygments' get_tokens_unprocessed).
void LexUnprocessed(std::string_view alias, std::string_view text, std::vector<Token>* out);

}  // namespace stacks::highlight
