// PHP, as Pygments 2.14 lexes it. Until the port lands, KSyntaxHighlighting
// lexes it through its mapping table.
#include "highlight/lexer.h"

namespace stacks::highlight {

void LexPhp(std::string_view text, std::vector<Token>* out) { LexWithKsh(*FindKshSpec("PHP"), text, out); }

}  // namespace stacks::highlight
