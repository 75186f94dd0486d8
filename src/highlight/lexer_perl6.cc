// Perl 6 / Raku, as Pygments 2.14's Perl6Lexer lexes it. Not ported yet:
// the text stays plain, as for a language stacks does not know.
#include "highlight/lexer.h"

namespace stacks::highlight {

void LexPerl6(std::string_view text, std::vector<Token>* out) { Emit(out, TokenType::kText, text); }

}  // namespace stacks::highlight
