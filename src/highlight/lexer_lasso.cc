// Lasso and CSS+Lasso, as Pygments 2.14's LassoLexer and LassoCssLexer lex
// them. Not ported yet: the text stays plain, as for a language stacks does
// not know.
#include "highlight/lexer.h"

namespace stacks::highlight {

void LexLasso(std::string_view text, std::vector<Token>* out) { Emit(out, TokenType::kText, text); }
void LexCssLasso(std::string_view text, std::vector<Token>* out) { Emit(out, TokenType::kText, text); }

}  // namespace stacks::highlight
