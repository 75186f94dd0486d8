// Splits template source into tokens the way Jinja's lexer does, whitespace
// control included (`-`/`+` markers, trim_blocks, lstrip_blocks).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace stacks::tmpl {

enum class Tok : uint8_t {
  kData,
  kVariableBegin,
  kVariableEnd,
  kBlockBegin,
  kBlockEnd,
  kName,
  kString,
  kInteger,
  kFloat,
  kOperator,
  kEof,
};

struct Token {
  Tok type = Tok::kEof;
  size_t offset = 0;   // byte offset into the (newline-normalized) source
  std::string value;   // data text, name, decoded string, operator spelling
  int64_t int_value = 0;
  double float_value = 0;
};

struct LexOptions {
  bool trim_blocks = false;
  bool lstrip_blocks = false;
  bool keep_trailing_newline = false;
};

/// A lexing failure: Jinja's message and where.
struct LexError {
  std::string message;
  size_t offset = 0;
};

/// Normalizes newlines to "\n" and drops one trailing newline unless told to
/// keep it, as Jinja does before lexing.
std::string NormalizeSource(std::string_view source, bool keep_trailing_newline);

/// Tokenizes normalized source; throws LexError. Ends with a kEof token.
std::vector<Token> Tokenize(std::string_view source, const LexOptions& options);

/// Jinja's describe_token: a name's value, an operator's spelling, or a
/// phrase ("end of print statement").
std::string DescribeToken(const Token& t);
std::string DescribeTokenType(Tok type);

}  // namespace stacks::tmpl
