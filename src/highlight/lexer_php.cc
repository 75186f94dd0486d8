// PHP, as Pygments 2.14's PhpLexer lexes it with its default options: text
// before `<?php` is Other (startinline off) and the names of PHP's builtin
// functions, but those of the module 'unknown', are Name.Builtin.
#include <algorithm>

#include "highlight/rule_lexer.h"

namespace stacks::highlight {

namespace {

using T = TokenType;
using markdown::Regex;

// The state table writes the interpolated expressions of strings ("{$a->b}"),
// which Pygments lexes as PHP from the `php` state, as this type (PHP never
// emits it otherwise); LexPhpFrom lexes them again.
constexpr TokenType kPhpInline = T::kNameEntity;

#include "highlight/php_builtins.inc"
#include "highlight/ported_php.inc"

// PhpLexer.get_tokens_unprocessed: the state table from ["root"], or from
// ["root", "php"] when `start_inline` (the lexer `using(this,
// _startinline=True)` makes); then a Name.Other that is a builtin function
// (case matters) becomes Name.Builtin. Name.Other tokens are never adjacent
// in the table's output, so each merged token is one of Pygments' tokens.
void LexPhpFrom(std::string_view text, bool start_inline, std::vector<Token>* out) {
  std::vector<Token> tokens;
  if (start_inline) PortedPhp().Lex(text, &tokens, {"root", "php"});
  else PortedPhp().Lex(text, &tokens);
  for (const Token& t : tokens) {
    std::string_view value(t.text);
    if (t.type == kPhpInline)
      LexPhpFrom(value, true, out);
    else if (t.type == T::kNameOther && std::binary_search(std::begin(kPhpFunctions), std::end(kPhpFunctions), value))
      Emit(out, T::kNameBuiltin, value);
    else
      Emit(out, t.type, value);
  }
}

}  // namespace

void LexPhp(std::string_view text, std::vector<Token>* out) { LexPhpFrom(text, false, out); }

}  // namespace stacks::highlight
