// Private to src/highlight: a lexer driven by a table of states, each an
// ordered list of (regex, action, next state) rules, the way Pygments'
// RegexLexer works. Our own lexers are written as such tables.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "highlight/lexer.h"
#include "markdown/regex.h"

namespace stacks::highlight {

/// What a rule does with its match (or one of its groups): a token type, or
/// a whole language lexing that text (Pygments' `using`).
struct Action {
  Action(TokenType t) : type(t) {}  // NOLINT: tables read better without the wrapper
  Action(const char* alias) : type(TokenType::kText), language(alias) {}  // NOLINT
  TokenType type;
  const char* language = nullptr;  ///< a Pygments alias
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
  /// `flags`: markdown::Regex flags for every pattern (Pygments' default is
  /// MULTILINE).
  RuleLexer(std::vector<RuleState> states, unsigned flags = markdown::Regex::kMultiline);
  ~RuleLexer();
  void Lex(std::string_view text, std::vector<Token>* out) const;
  /// Lexes starting with the stack `start` (bottom first), as a Pygments
  /// lexer that overrides get_tokens_unprocessed with `stack=(...)` does
  /// (Lasso with requiredelimiters starts in ["root", "delimiters"]).
  void Lex(std::string_view text, std::vector<Token>* out, const std::vector<std::string_view>& start) const;

 private:
  struct Compiled;
  std::vector<std::unique_ptr<Compiled>> states_;
  std::vector<std::string> names_;
  uint32_t max_groups_ = 0;  ///< the most capture groups of any pattern
  int StateIndex(std::string_view name) const;
};

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
