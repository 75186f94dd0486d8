// Ruby, as Pygments 2.14 lexes it. Until the port lands, KSyntaxHighlighting
// lexes it through its mapping table.
#include "highlight/lexer.h"

namespace stacks::highlight {

void LexRuby(std::string_view text, std::vector<Token>* out) { LexWithKsh(*FindKshSpec("Ruby"), text, out); }

}  // namespace stacks::highlight
