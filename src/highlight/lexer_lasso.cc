// Lasso and CSS+Lasso, as Pygments 2.14's LassoLexer and LassoCssLexer lex
// them.
#include <algorithm>
#include <utility>

#include "highlight/rule_lexer.h"

namespace stacks::highlight {

namespace {

using T = TokenType;
using markdown::Regex;

// The state table writes Name.Other.Member as this type, which Lasso never
// emits otherwise, so that members stay apart from Name.Other until
// RetypeBuiltins has looked at them.
constexpr TokenType kLassoMember = T::kNameEntity;

#include "highlight/lasso_builtins.inc"
#include "highlight/ported_lasso.inc"

// Python's str.lower() as far as the builtin names can tell: ASCII letters,
// and the Kelvin sign (a word character) that lowers to 'k'.
std::string PyLowerForAscii(std::string_view word) {
  std::string out;
  for (size_t i = 0; i < word.size(); ++i) {
    if (word.compare(i, 3, "\xE2\x84\xAA") == 0) {
      out += 'k';
      i += 2;
    } else {
      char c = word[i];
      out += c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
    }
  }
  return out;
}

template <size_t N>
bool Contains(const std::string_view (&sorted)[N], std::string_view word) {
  return std::binary_search(std::begin(sorted), std::end(sorted), word);
}

// Pygments' Name.Other.Member when our token types have it, else its
// nearest standard ancestor Name.Other.
TokenType MemberType() {
  static const TokenType type = TokenTypeFromName("Name.Other.Member").value_or(T::kNameOther);
  return type;
}

// LassoLexer.get_tokens_unprocessed's second pass: a Name.Other whose
// lower-cased text is a builtin, and a member whose lower-cased text without
// trailing '=' is a builtin member, become Name.Builtin. Name.Other tokens
// are never adjacent in the state table's output, and neither are members,
// so each merged token is one of Pygments' tokens.
void RetypeBuiltins(std::vector<Token>& tokens) {
  for (Token& t : tokens) {
    if (t.type == T::kNameOther) {
      if (Contains(kLassoBuiltins, PyLowerForAscii(std::string_view(t.text)))) t.type = T::kNameBuiltin;
    } else if (t.type == kLassoMember) {
      std::string name = PyLowerForAscii(std::string_view(t.text));
      while (!name.empty() && name.back() == '=') name.pop_back();
      t.type = Contains(kLassoMembers, name) ? T::kNameBuiltin : MemberType();
    }
  }
}

// LassoLexer: the state table, from ["root"] or, with requiredelimiters,
// from ["root", "delimiters"] (only code between delimiters is Lasso).
std::vector<Token> LexLassoTokens(std::string_view text, bool require_delimiters) {
  std::vector<Token> tokens;
  if (require_delimiters) PortedLasso().Lex(text, &tokens, {"root", "delimiters"});
  else PortedLasso().Lex(text, &tokens);
  RetypeBuiltins(tokens);
  return tokens;
}

// Pygments' DelegatingLexer over the Lasso tokens: what Lasso calls Other is
// joined and lexed as `root_alias`; Lasso's own tokens go back at their
// places in that stream.
void LexOtherAs(std::string_view root_alias, std::vector<Token> tokens, std::vector<Token>* out) {
  std::string buffered;
  std::vector<Insertion> insertions;
  for (Token& t : tokens) {
    if (t.type == T::kOther) {
      buffered += std::string_view(t.text);
      continue;
    }
    if (insertions.empty() || insertions.back().offset != buffered.size()) insertions.push_back({buffered.size(), {}});
    insertions.back().tokens.push_back(std::move(t));
  }
  std::vector<Token> root_tokens;
  LexUnprocessed(root_alias, buffered, &root_tokens);
  DoInsertions(root_tokens, insertions, out);
}

}  // namespace

void LexLasso(std::string_view text, std::vector<Token>* out) {
  for (const Token& t : LexLassoTokens(text, false)) Emit(out, t.type, std::string_view(t.text));
}

// LassoCssLexer: Lasso with requiredelimiters, the rest lexed as CSS.
void LexCssLasso(std::string_view text, std::vector<Token>* out) {
  LexOtherAs("css", LexLassoTokens(text, true), out);
}

}  // namespace stacks::highlight
