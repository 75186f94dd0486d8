// Recursive-descent parser mirroring jinja2.parser: statements dispatched
// by keyword, expressions as a precedence ladder.
#pragma once

#include <functional>
#include <string>
#include <string_view>

#include "template/ast.h"
#include "template/lexer.h"

namespace stacks::tmpl {

/// A syntax error: Jinja's message, the error class and where.
struct ParseError {
  std::string message;
  size_t offset = 0;
  std::string kind = "TemplateSyntaxError";
};

struct ParseOptions {
  LexOptions lex;
  int max_depth = 400;
  /// Whether a filter / test of this name exists (unknown ones are errors
  /// when the template is compiled, as in Jinja).
  std::function<bool(const std::string&)> has_filter, has_test;
};

/// Parses normalized source into `out` (body and blocks); throws ParseError.
void ParseTemplate(std::string_view source, const ParseOptions& options, Template& out);

}  // namespace stacks::tmpl
