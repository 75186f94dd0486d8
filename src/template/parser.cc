#include "template/parser.h"

#include <set>

#include "template/bigint.h"

namespace stacks::tmpl {
namespace {

// An integer literal's value; decimal literals beyond int64 become big ints
// (the lexer's int_value only holds 64 bits).
Value IntLiteral(const Token& t) {
  std::string digits;
  for (char c : t.value)
    if (c != '_') digits += c;
  bool decimal = digits.size() > 18 && digits.find_first_not_of("0123456789") == std::string::npos;
  if (!decimal) return Value(t.int_value);
  return Value::FromBig(*BigInt::Parse(digits));
}

// Token expressions as Jinja writes them: "name:endfor", "block_end", or an
// operator spelling such as ")".
struct Expect {
  Tok type;
  std::string value;  // name value or operator; empty: any of the type
};

std::string DescribeExpect(const Expect& e) {
  if (!e.value.empty()) return e.value;
  return DescribeTokenType(e.type);
}

const std::set<std::string>& StatementKeywords() {
  static const std::set<std::string> k = {"for",  "if",     "block",  "extends", "print", "macro", "include",
                                          "from", "import", "set",    "with",    "autoescape", "call", "filter",
                                          "do",   "break",  "continue"};
  return k;
}

// Jinja's class name of a node in "can't assign to 'x'".
std::string NodeTypeName(NodeKind k) {
  switch (k) {
    case NodeKind::kConst: return "const";
    case NodeKind::kList: return "list";
    case NodeKind::kDict: return "dict";
    case NodeKind::kGetattr: return "getattr";
    case NodeKind::kGetitem: return "getitem";
    case NodeKind::kCall: return "call";
    default: return "expr";
  }
}

bool CanAssign(const Node& n) {
  if (n.kind == NodeKind::kName || n.kind == NodeKind::kNSRef) return true;
  if (n.kind == NodeKind::kTuple) {
    for (const auto& x : n.args)
      if (!CanAssign(*x)) return false;
    return true;
  }
  return false;
}

class Parser {
 public:
  Parser(std::vector<Token> tokens, const ParseOptions& options) : toks_(std::move(tokens)), opt_(options) {}

  std::vector<NodePtr> ParseAll() { return Subparse(nullptr); }

 private:
  // ---- token stream ------------------------------------------------------
  const Token& cur() const { return toks_[pos_]; }
  const Token& look() const { return toks_[std::min(pos_ + 1, toks_.size() - 1)]; }
  const Token& Next() {
    const Token& t = toks_[pos_];
    if (pos_ + 1 < toks_.size()) ++pos_;
    return t;
  }
  bool Test(const Token& t, const Expect& e) const {
    return t.type == e.type && (e.value.empty() || t.value == e.value);
  }
  bool IsName(std::string_view v) const { return cur().type == Tok::kName && cur().value == v; }
  bool IsOp(std::string_view v) const { return cur().type == Tok::kOperator && cur().value == v; }
  bool SkipName(std::string_view v) {
    if (!IsName(v)) return false;
    Next();
    return true;
  }
  bool SkipOp(std::string_view v) {
    if (!IsOp(v)) return false;
    Next();
    return true;
  }

  [[noreturn]] void Fail(std::string msg, size_t offset, std::string kind = "TemplateSyntaxError") {
    throw ParseError{std::move(msg), offset, std::move(kind)};
  }
  [[noreturn]] void Fail(std::string msg) { Fail(std::move(msg), cur().offset); }

  const Token& ExpectTok(const Expect& e) {
    if (!Test(cur(), e)) {
      std::string what = ReprString(DescribeExpect(e));
      if (cur().type == Tok::kEof) Fail("unexpected end of template, expected " + what + ".");
      Fail("expected token " + what + ", got " + ReprString(DescribeToken(cur())));
    }
    return Next();
  }
  const Token& ExpectOp(const char* op) { return ExpectTok({Tok::kOperator, op}); }
  const Token& ExpectName(const char* v) { return ExpectTok({Tok::kName, v}); }
  const Token& ExpectAnyName() { return ExpectTok({Tok::kName, ""}); }

  NodePtr MakeNode(NodeKind k, size_t offset) { return std::make_unique<Node>(k, offset); }

  // Guards the C++ stack: Python raises RecursionError on deep nesting.
  struct DepthGuard {
    Parser* p;
    explicit DepthGuard(Parser* parser) : p(parser) {
      if (++p->depth_ > p->opt_.max_depth) p->Fail("maximum recursion depth exceeded", p->cur().offset, "RecursionError");
    }
    ~DepthGuard() { --p->depth_; }
  };

  // ---- nesting errors ----------------------------------------------------
  // Builds Jinja's message for an unknown tag (name set) or a premature end
  // of template: what the innermost open statement waits for, and which
  // block must be closed.
  [[noreturn]] void FailUnknownOrEof(const std::string* name, const std::vector<std::vector<Expect>>& stack,
                                     size_t offset) {
    std::set<std::string> expected;
    for (const auto& exprs : stack)
      for (const auto& e : exprs) expected.insert(DescribeExpect(e));
    std::string looking;
    if (!stack.empty()) {
      for (const auto& e : stack.back()) {
        if (!looking.empty()) looking += " or ";
        looking += ReprString(DescribeExpect(e));
      }
    }
    std::string msg = name ? "Encountered unknown tag " + ReprString(*name) + "." : "Unexpected end of template.";
    if (!looking.empty()) {
      if (name && expected.count(*name))
        msg += " You probably made a nesting mistake. Jinja is expecting this tag, but currently looking for " +
               looking + ".";
      else
        msg += " Jinja was looking for the following tags: " + looking + ".";
    }
    if (!tag_stack_.empty()) msg += " The innermost block that needs to be closed is " + ReprString(tag_stack_.back()) + ".";
    Fail(msg, offset);
  }

  [[noreturn]] void FailEof(const std::vector<Expect>& end_tokens) {
    auto stack = end_stack_;
    stack.push_back(end_tokens);
    FailUnknownOrEof(nullptr, stack, cur().offset);
  }

  // ---- statements ---------------------------------------------------------
  std::vector<NodePtr> Subparse(const std::vector<Expect>* end_tokens) {
    std::vector<NodePtr> body;
    NodePtr output;
    if (end_tokens) end_stack_.push_back(*end_tokens);
    auto flush = [&] {
      if (output) body.push_back(std::move(output));
    };
    auto add = [&](NodePtr n) {
      if (!output) output = MakeNode(NodeKind::kOutput, n->offset);
      output->args.push_back(std::move(n));
    };
    while (cur().type != Tok::kEof) {
      const Token& t = cur();
      if (t.type == Tok::kData) {
        auto d = MakeNode(NodeKind::kData, t.offset);
        d->value = Value(t.value);
        add(std::move(d));
        Next();
      } else if (t.type == Tok::kVariableBegin) {
        Next();
        add(ParseTuple(false, true, {}, false));
        ExpectTok({Tok::kVariableEnd, ""});
      } else if (t.type == Tok::kBlockBegin) {
        flush();
        Next();
        if (end_tokens) {
          for (const auto& e : *end_tokens) {
            if (Test(cur(), e)) {
              end_stack_.pop_back();
              return body;
            }
          }
        }
        ParseStatementInto(body);
        ExpectTok({Tok::kBlockEnd, ""});
      } else {
        Fail("internal parsing error");
      }
    }
    flush();
    if (end_tokens) end_stack_.pop_back();
    return body;
  }

  std::vector<NodePtr> ParseStatements(std::vector<Expect> end_tokens, bool drop_needle) {
    SkipOp(":");
    ExpectTok({Tok::kBlockEnd, ""});
    auto result = Subparse(&end_tokens);
    if (cur().type == Tok::kEof) FailEof(end_tokens);
    if (drop_needle) Next();
    return result;
  }

  void ParseStatementInto(std::vector<NodePtr>& body) {
    DepthGuard guard(this);
    const Token& t = cur();
    if (t.type != Tok::kName) Fail("tag name expected", t.offset);
    if (!StatementKeywords().count(t.value)) FailUnknownOrEof(&t.value, end_stack_, t.offset);
    tag_stack_.push_back(t.value);
    body.push_back(ParseStatement(t.value));
    tag_stack_.pop_back();
  }

  NodePtr ParseStatement(const std::string& kw) {
    if (kw == "for") return ParseFor();
    if (kw == "if") return ParseIf();
    if (kw == "block") return ParseBlock();
    if (kw == "extends") return ParseWithExpr(NodeKind::kExtends);
    if (kw == "print") return ParsePrint();
    if (kw == "macro") return ParseMacro();
    if (kw == "include") return ParseInclude();
    if (kw == "from") return ParseFrom();
    if (kw == "import") return ParseImport();
    if (kw == "set") return ParseSet();
    if (kw == "with") return ParseWith();
    if (kw == "autoescape") return ParseAutoescape();
    if (kw == "call") return ParseCallBlock();
    if (kw == "filter") return ParseFilterBlock();
    if (kw == "do") return ParseWithExpr(NodeKind::kDo, true);
    return ParseLoopControl(kw == "break" ? NodeKind::kBreak : NodeKind::kContinue);
  }

  NodePtr ParseLoopControl(NodeKind kind) {
    size_t off = Next().offset;
    bool in_loop = false;
    for (const auto& tag : tag_stack_) {
      if (tag == "for") in_loop = true;
      if (tag == "macro" || tag == "call" || tag == "block") in_loop = false;
    }
    if (!in_loop)
      Fail(std::string("'") + (kind == NodeKind::kBreak ? "break" : "continue") + "' can only appear in a loop", off,
           "TemplateSyntaxError");
    return MakeNode(kind, off);
  }

  NodePtr ParseWithExpr(NodeKind kind, bool tuple = false) {
    auto n = MakeNode(kind, Next().offset);
    n->a = tuple ? ParseTuple(false, true, {}, false) : ParseExpression(true);
    return n;
  }

  NodePtr ParseSet() {
    auto n = MakeNode(NodeKind::kAssign, Next().offset);
    n->target = ParseAssignTarget(true, false, {}, true);
    if (SkipOp("=")) {
      n->a = ParseTuple(false, true, {}, false);
      return n;
    }
    n->kind = NodeKind::kAssignBlock;
    n->c = ParseFilter(nullptr, false);
    n->body = ParseStatements({{Tok::kName, "endset"}}, true);
    return n;
  }

  NodePtr ParseFor() {
    auto n = MakeNode(NodeKind::kFor, ExpectName("for").offset);
    n->target = ParseAssignTarget(true, false, {{Tok::kName, "in"}}, false);
    ExpectName("in");
    n->a = ParseTuple(false, false, {{Tok::kName, "recursive"}}, false);
    if (SkipName("if")) n->c = ParseExpression(true);
    n->recursive = SkipName("recursive");
    n->body = ParseStatements({{Tok::kName, "endfor"}, {Tok::kName, "else"}}, false);
    if (Next().value != "endfor") n->else_body = ParseStatements({{Tok::kName, "endfor"}}, true);
    return n;
  }

  NodePtr ParseIf() {
    auto result = MakeNode(NodeKind::kIf, ExpectName("if").offset);
    Node* node = result.get();
    while (true) {
      node->a = ParseTuple(false, false, {}, false);
      node->body = ParseStatements({{Tok::kName, "elif"}, {Tok::kName, "else"}, {Tok::kName, "endif"}}, false);
      const Token& t = Next();
      if (t.value == "elif") {
        auto elif = MakeNode(NodeKind::kIf, cur().offset);
        Node* next = elif.get();
        node->else_body.push_back(std::move(elif));
        node = next;
        continue;
      }
      if (t.value == "else") node->else_body = ParseStatements({{Tok::kName, "endif"}}, true);
      break;
    }
    return result;
  }

  NodePtr ParseWith() {
    auto n = MakeNode(NodeKind::kWith, Next().offset);
    while (cur().type != Tok::kBlockEnd) {
      if (!n->targets.empty()) ExpectOp(",");
      n->targets.push_back(ParseAssignTarget(true, false, {}, false));
      ExpectOp("=");
      n->values.push_back(ParseExpression(true));
    }
    n->body = ParseStatements({{Tok::kName, "endwith"}}, true);
    return n;
  }

  NodePtr ParseAutoescape() {
    auto n = MakeNode(NodeKind::kAutoescape, Next().offset);
    n->a = ParseExpression(true);
    n->body = ParseStatements({{Tok::kName, "endautoescape"}}, true);
    return n;
  }

  NodePtr ParseBlock() {
    auto n = MakeNode(NodeKind::kBlock, Next().offset);
    n->name = ExpectAnyName().value;
    n->scoped = SkipName("scoped");
    n->required = SkipName("required");
    if (IsOp("-"))
      Fail("Block names in Jinja have to be valid Python identifiers and may not contain hyphens, use an underscore "
           "instead.");
    n->body = ParseStatements({{Tok::kName, "endblock"}}, true);
    if (n->required) {
      for (const auto& out : n->body) {
        bool ok = out->kind == NodeKind::kOutput;
        if (ok)
          for (const auto& d : out->args)
            if (d->kind != NodeKind::kData || d->value.AsString().find_first_not_of(" \t\n\r\f\v") != std::string::npos)
              ok = false;
        if (!ok) Fail("Required blocks can only contain comments or whitespace");
      }
    }
    SkipName(n->name);
    block_nodes_.push_back(n.get());
    return n;
  }

  void ParseImportContext(Node& n, bool dflt) {
    if ((IsName("with") || IsName("without")) && look().type == Tok::kName && look().value == "context") {
      n.with_context = Next().value == "with";
      Next();
    } else {
      n.with_context = dflt;
    }
  }

  NodePtr ParseInclude() {
    auto n = MakeNode(NodeKind::kInclude, Next().offset);
    n->a = ParseExpression(true);
    if (IsName("ignore") && look().type == Tok::kName && look().value == "missing") {
      n->ignore_missing = true;
      Next();
      Next();
    }
    ParseImportContext(*n, true);
    return n;
  }

  NodePtr ParseImport() {
    auto n = MakeNode(NodeKind::kImport, Next().offset);
    n->a = ParseExpression(true);
    ExpectName("as");
    n->name = ParseAssignTarget(true, true, {}, false)->name;
    ParseImportContext(*n, false);
    return n;
  }

  NodePtr ParseFrom() {
    auto n = MakeNode(NodeKind::kFromImport, Next().offset);
    n->a = ParseExpression(true);
    ExpectName("import");
    auto parse_context = [&]() {
      if ((IsName("with") || IsName("without")) && look().type == Tok::kName && look().value == "context") {
        n->with_context = Next().value == "with";
        Next();
        return true;
      }
      return false;
    };
    bool first = true;
    while (true) {
      if (!first) ExpectOp(",");
      first = false;
      if (cur().type == Tok::kName) {
        if (parse_context()) break;
        auto target = ParseAssignTarget(true, true, {}, false);
        if (!target->name.empty() && target->name[0] == '_')
          Fail("names starting with an underline can not be imported", target->offset, "TemplateAssertionError");
        if (SkipName("as")) {
          n->names.emplace_back(target->name, ParseAssignTarget(true, true, {}, false)->name);
        } else {
          n->names.emplace_back(target->name, target->name);
        }
        if (parse_context() || !IsOp(",")) break;
      } else {
        ExpectAnyName();
      }
    }
    return n;
  }

  void ParseSignature(Node& n) {
    ExpectOp("(");
    while (!IsOp(")")) {
      if (!n.params.empty()) ExpectOp(",");
      auto arg = ParseAssignTarget(true, true, {}, false);
      if (SkipOp("=")) n.defaults.push_back(ParseExpression(true));
      else if (!n.defaults.empty()) Fail("non-default argument follows default argument");
      n.params.push_back(arg->name);
    }
    ExpectOp(")");
  }

  NodePtr ParseCallBlock() {
    auto n = MakeNode(NodeKind::kCallBlock, Next().offset);
    if (IsOp("(")) ParseSignature(*n);
    n->a = ParseExpression(true);
    if (n->a->kind != NodeKind::kCall) Fail("expected call", n->offset);
    n->body = ParseStatements({{Tok::kName, "endcall"}}, true);
    return n;
  }

  NodePtr ParseFilterBlock() {
    auto n = MakeNode(NodeKind::kFilterBlock, Next().offset);
    n->c = ParseFilter(nullptr, true);
    n->body = ParseStatements({{Tok::kName, "endfilter"}}, true);
    return n;
  }

  NodePtr ParseMacro() {
    auto n = MakeNode(NodeKind::kMacro, Next().offset);
    n->name = ParseAssignTarget(true, true, {}, false)->name;
    ParseSignature(*n);
    n->body = ParseStatements({{Tok::kName, "endmacro"}}, true);
    return n;
  }

  NodePtr ParsePrint() {
    auto n = MakeNode(NodeKind::kOutput, Next().offset);
    while (cur().type != Tok::kBlockEnd) {
      if (!n->args.empty()) ExpectOp(",");
      n->args.push_back(ParseExpression(true));
    }
    return n;
  }

  NodePtr ParseAssignTarget(bool with_tuple, bool name_only, std::vector<Expect> extra_end, bool with_namespace) {
    NodePtr target;
    if (with_namespace && look().type == Tok::kOperator && look().value == ".") {
      const Token& t = ExpectAnyName();
      target = MakeNode(NodeKind::kNSRef, t.offset);
      target->name = t.value;
      Next();
      target->attr = ExpectAnyName().value;
    } else if (name_only) {
      const Token& t = ExpectAnyName();
      target = MakeNode(NodeKind::kName, t.offset);
      target->name = t.value;
    } else if (with_tuple) {
      target = ParseTuple(true, true, extra_end, false);
    } else {
      target = ParsePrimary();
    }
    if (!CanAssign(*target)) Fail("can't assign to " + ReprString(NodeTypeName(target->kind)), target->offset);
    return target;
  }

  // ---- expressions: a precedence ladder -----------------------------------
  NodePtr ParseExpression(bool with_condexpr) { return with_condexpr ? ParseCondExpr() : ParseOr(); }

  NodePtr ParseCondExpr() {
    DepthGuard guard(this);
    size_t off = cur().offset;
    NodePtr expr1 = ParseOr();
    while (SkipName("if")) {
      auto n = MakeNode(NodeKind::kCondExpr, off);
      n->a = ParseOr();
      if (SkipName("else")) n->c = ParseCondExpr();
      n->b = std::move(expr1);
      expr1 = std::move(n);
      off = cur().offset;
    }
    return expr1;
  }

  NodePtr Binary(const char* op, size_t off, NodePtr l, NodePtr r) {
    auto n = MakeNode(NodeKind::kBinary, off);
    n->name = op;
    n->a = std::move(l);
    n->b = std::move(r);
    return n;
  }

  NodePtr ParseOr() {
    size_t off = cur().offset;
    NodePtr left = ParseAnd();
    while (SkipName("or")) {
      left = Binary("or", off, std::move(left), ParseAnd());
      off = cur().offset;
    }
    return left;
  }

  NodePtr ParseAnd() {
    size_t off = cur().offset;
    NodePtr left = ParseNot();
    while (SkipName("and")) {
      left = Binary("and", off, std::move(left), ParseNot());
      off = cur().offset;
    }
    return left;
  }

  NodePtr ParseNot() {
    if (IsName("not")) {
      DepthGuard guard(this);
      auto n = MakeNode(NodeKind::kUnary, Next().offset);
      n->name = "not";
      n->a = ParseNot();
      return n;
    }
    return ParseCompare();
  }

  NodePtr ParseCompare() {
    size_t off = cur().offset;
    NodePtr expr = ParseMath1();
    std::vector<std::pair<std::string, NodePtr>> ops;
    static const std::pair<const char*, const char*> kCmp[] = {{"==", "eq"}, {"!=", "ne"}, {"<", "lt"},
                                                               {"<=", "lteq"}, {">", "gt"}, {">=", "gteq"}};
    while (true) {
      const char* op = nullptr;
      if (cur().type == Tok::kOperator)
        for (const auto& [spelling, name] : kCmp)
          if (cur().value == spelling) op = name;
      if (op) {
        Next();
        ops.emplace_back(op, ParseMath1());
      } else if (SkipName("in")) {
        ops.emplace_back("in", ParseMath1());
      } else if (IsName("not") && look().type == Tok::kName && look().value == "in") {
        Next();
        Next();
        ops.emplace_back("notin", ParseMath1());
      } else {
        break;
      }
      off = cur().offset;
    }
    if (ops.empty()) return expr;
    auto n = MakeNode(NodeKind::kCompare, off);
    n->a = std::move(expr);
    n->compare = std::move(ops);
    return n;
  }

  NodePtr ParseMath1() {
    size_t off = cur().offset;
    NodePtr left = ParseConcat();
    while (IsOp("+") || IsOp("-")) {
      const char* op = Next().value == "+" ? "add" : "sub";
      left = Binary(op, off, std::move(left), ParseConcat());
      off = cur().offset;
    }
    return left;
  }

  NodePtr ParseConcat() {
    size_t off = cur().offset;
    NodePtr first = ParseMath2();
    if (!IsOp("~")) return first;
    auto n = MakeNode(NodeKind::kConcat, off);
    n->args.push_back(std::move(first));
    while (SkipOp("~")) n->args.push_back(ParseMath2());
    return n;
  }

  NodePtr ParseMath2() {
    size_t off = cur().offset;
    NodePtr left = ParsePow();
    while (IsOp("*") || IsOp("/") || IsOp("//") || IsOp("%")) {
      std::string v = Next().value;
      const char* op = v == "*" ? "mul" : v == "/" ? "div" : v == "//" ? "floordiv" : "mod";
      left = Binary(op, off, std::move(left), ParsePow());
      off = cur().offset;
    }
    return left;
  }

  NodePtr ParsePow() {
    size_t off = cur().offset;
    NodePtr left = ParseUnary(true);
    while (SkipOp("**")) {
      left = Binary("pow", off, std::move(left), ParseUnary(true));
      off = cur().offset;
    }
    return left;
  }

  NodePtr ParseUnary(bool with_filter) {
    DepthGuard guard(this);
    size_t off = cur().offset;
    NodePtr node;
    if (IsOp("-") || IsOp("+")) {
      node = MakeNode(NodeKind::kUnary, off);
      node->name = Next().value == "-" ? "neg" : "pos";
      node->a = ParseUnary(false);
    } else {
      node = ParsePrimary();
    }
    node = ParsePostfix(std::move(node));
    if (with_filter) node = ParseFilterExpr(std::move(node));
    return node;
  }

  NodePtr ParsePrimary() {
    DepthGuard guard(this);
    const Token& t = cur();
    NodePtr node;
    if (t.type == Tok::kName) {
      if (t.value == "true" || t.value == "True" || t.value == "false" || t.value == "False") {
        node = MakeNode(NodeKind::kConst, t.offset);
        node->value = Value(t.value == "true" || t.value == "True");
      } else if (t.value == "none" || t.value == "None") {
        node = MakeNode(NodeKind::kConst, t.offset);
        node->value = Value::None();
      } else {
        node = MakeNode(NodeKind::kName, t.offset);
        node->name = t.value;
      }
      Next();
    } else if (t.type == Tok::kString) {
      node = MakeNode(NodeKind::kConst, t.offset);
      std::string buf = Next().value;
      while (cur().type == Tok::kString) buf += Next().value;
      node->value = Value(std::move(buf));
    } else if (t.type == Tok::kInteger || t.type == Tok::kFloat) {
      node = MakeNode(NodeKind::kConst, t.offset);
      node->value = t.type == Tok::kInteger ? IntLiteral(t) : Value(t.float_value);
      Next();
    } else if (IsOp("(")) {
      Next();
      node = ParseTuple(false, true, {}, true);
      ExpectOp(")");
    } else if (IsOp("[")) {
      node = ParseList();
    } else if (IsOp("{")) {
      node = ParseDict();
    } else {
      Fail("unexpected " + ReprString(DescribeToken(t)), t.offset);
    }
    return node;
  }

  bool IsTupleEnd(const std::vector<Expect>& extra) const {
    if (cur().type == Tok::kVariableEnd || cur().type == Tok::kBlockEnd || IsOp(")")) return true;
    for (const auto& e : extra)
      if (Test(cur(), e)) return true;
    return false;
  }

  NodePtr ParseTuple(bool simplified, bool with_condexpr, const std::vector<Expect>& extra, bool explicit_parens) {
    size_t off = cur().offset;
    std::vector<NodePtr> args;
    bool is_tuple = false;
    while (true) {
      if (!args.empty()) ExpectOp(",");
      if (IsTupleEnd(extra)) break;
      args.push_back(simplified ? ParsePrimary() : ParseExpression(with_condexpr));
      if (IsOp(",")) is_tuple = true;
      else break;
      off = cur().offset;
    }
    if (!is_tuple) {
      if (!args.empty()) return std::move(args[0]);
      if (!explicit_parens) Fail("Expected an expression, got " + ReprString(DescribeToken(cur())));
    }
    auto n = MakeNode(NodeKind::kTuple, off);
    n->args = std::move(args);
    return n;
  }

  NodePtr ParseList() {
    auto n = MakeNode(NodeKind::kList, ExpectOp("[").offset);
    while (!IsOp("]")) {
      if (!n->args.empty()) ExpectOp(",");
      if (IsOp("]")) break;
      n->args.push_back(ParseExpression(true));
    }
    ExpectOp("]");
    return n;
  }

  NodePtr ParseDict() {
    auto n = MakeNode(NodeKind::kDict, ExpectOp("{").offset);
    while (!IsOp("}")) {
      if (!n->args.empty()) ExpectOp(",");
      if (IsOp("}")) break;
      n->args.push_back(ParseExpression(true));
      ExpectOp(":");
      n->args.push_back(ParseExpression(true));
    }
    ExpectOp("}");
    return n;
  }

  NodePtr ParsePostfix(NodePtr node) {
    while (true) {
      if (IsOp(".") || IsOp("[")) node = ParseSubscript(std::move(node));
      else if (IsOp("(")) node = ParseCall(std::move(node));
      else break;
    }
    return node;
  }

  NodePtr ParseFilterExpr(NodePtr node) {
    while (true) {
      if (IsOp("|")) node = ParseFilter(std::move(node), false);
      else if (IsName("is")) node = ParseTest(std::move(node));
      else if (IsOp("(")) node = ParseCall(std::move(node));
      else break;
    }
    return node;
  }

  NodePtr ParseSubscript(NodePtr node) {
    DepthGuard guard(this);
    const Token& t = Next();
    if (t.value == ".") {
      const Token& attr = Next();
      if (attr.type == Tok::kName) {
        auto n = MakeNode(NodeKind::kGetattr, t.offset);
        n->a = std::move(node);
        n->name = attr.value;
        return n;
      }
      if (attr.type != Tok::kInteger) Fail("expected name or number", attr.offset);
      auto n = MakeNode(NodeKind::kGetitem, t.offset);
      n->a = std::move(node);
      n->b = MakeNode(NodeKind::kConst, attr.offset);
      n->b->value = Value(attr.int_value);
      return n;
    }
    std::vector<NodePtr> args;
    while (!IsOp("]")) {
      if (!args.empty()) ExpectOp(",");
      args.push_back(ParseSubscribed());
    }
    ExpectOp("]");
    auto n = MakeNode(NodeKind::kGetitem, t.offset);
    n->a = std::move(node);
    if (args.size() == 1) {
      n->b = std::move(args[0]);
    } else {
      n->b = MakeNode(NodeKind::kTuple, t.offset);
      n->b->args = std::move(args);
    }
    return n;
  }

  NodePtr ParseSubscribed() {
    size_t off = cur().offset;
    auto slice = MakeNode(NodeKind::kSlice, off);
    if (IsOp(":")) {
      Next();
    } else {
      NodePtr node = ParseExpression(true);
      if (!IsOp(":")) return node;
      Next();
      slice->a = std::move(node);
    }
    if (IsOp(":")) {
    } else if (!IsOp("]") && !IsOp(",")) {
      slice->b = ParseExpression(true);
    }
    if (IsOp(":")) {
      Next();
      if (!IsOp("]") && !IsOp(",")) slice->c = ParseExpression(true);
    }
    return slice;
  }

  void ParseCallArgs(Node& n) {
    const Token& t = ExpectOp("(");
    size_t off = t.offset;
    auto ensure = [&](bool ok) {
      if (!ok) Fail("invalid syntax for function call expression", off);
    };
    bool require_comma = false;
    while (!IsOp(")")) {
      if (require_comma) {
        ExpectOp(",");
        if (IsOp(")")) break;
      }
      if (IsOp("*")) {
        ensure(!n.dyn_args && !n.dyn_kwargs);
        Next();
        n.dyn_args = ParseExpression(true);
      } else if (IsOp("**")) {
        ensure(!n.dyn_kwargs);
        Next();
        n.dyn_kwargs = ParseExpression(true);
      } else if (cur().type == Tok::kName && look().type == Tok::kOperator && look().value == "=") {
        ensure(!n.dyn_kwargs);
        std::string key = Next().value;
        Next();
        n.kwargs.emplace_back(key, ParseExpression(true));
      } else {
        ensure(!n.dyn_args && !n.dyn_kwargs && n.kwargs.empty());
        n.args.push_back(ParseExpression(true));
      }
      require_comma = true;
    }
    ExpectOp(")");
  }

  NodePtr ParseCall(NodePtr node) {
    DepthGuard guard(this);
    auto n = MakeNode(NodeKind::kCall, cur().offset);
    n->a = std::move(node);
    ParseCallArgs(*n);
    return n;
  }

  NodePtr ParseFilter(NodePtr node, bool start_inline) {
    while (IsOp("|") || start_inline) {
      DepthGuard guard(this);
      if (!start_inline) Next();
      const Token& t = ExpectAnyName();
      auto n = MakeNode(NodeKind::kFilter, t.offset);
      n->name = t.value;
      while (SkipOp(".")) n->name += "." + ExpectAnyName().value;
      if (opt_.has_filter && !opt_.has_filter(n->name)) unknown_filters_.emplace_back(n->name, t.offset);
      if (IsOp("(")) ParseCallArgs(*n);
      n->a = std::move(node);
      node = std::move(n);
      start_inline = false;
    }
    return node;
  }

  NodePtr ParseTest(NodePtr node) {
    DepthGuard guard(this);
    const Token& is = Next();
    bool negated = SkipName("not");
    const Token& t = ExpectAnyName();
    auto n = MakeNode(NodeKind::kTest, is.offset);
    n->name = t.value;
    while (SkipOp(".")) n->name += "." + ExpectAnyName().value;
    if (opt_.has_test && !opt_.has_test(n->name)) unknown_tests_.emplace_back(n->name, t.offset);
    n->a = std::move(node);
    Tok ty = cur().type;
    if (IsOp("(")) {
      ParseCallArgs(*n);
    } else if ((ty == Tok::kName || ty == Tok::kString || ty == Tok::kInteger || ty == Tok::kFloat || IsOp("[") ||
                IsOp("{")) &&
               !IsName("else") && !IsName("or") && !IsName("and")) {
      if (IsName("is")) Fail("You cannot chain multiple tests with is");
      n->args.push_back(ParsePostfix(ParsePrimary()));
    }
    if (!negated) return n;
    auto neg = MakeNode(NodeKind::kUnary, is.offset);
    neg->name = "not";
    neg->a = std::move(n);
    return neg;
  }

 public:
  std::vector<const Node*> block_nodes_;
  std::vector<std::pair<std::string, size_t>> unknown_filters_, unknown_tests_;

 private:
  std::vector<Token> toks_;
  size_t pos_ = 0;
  const ParseOptions& opt_;
  int depth_ = 0;
  std::vector<std::string> tag_stack_;
  std::vector<std::vector<Expect>> end_stack_;
};

}  // namespace

void ParseTemplate(std::string_view source, const ParseOptions& options, Template& out) {
  std::vector<Token> tokens;
  try {
    tokens = Tokenize(source, options.lex);
  } catch (const LexError& e) {
    throw ParseError{e.message, e.offset};
  }
  // The end-of-template token carries the line of the last real token, as
  // Jinja's closed token stream does.
  if (tokens.size() > 1) tokens.back().offset = tokens[tokens.size() - 2].offset;
  Parser parser(std::move(tokens), options);
  out.body = parser.ParseAll();
  // Compile-time checks Jinja's code generator makes, in source order.
  std::vector<std::pair<size_t, std::string>> late;
  for (const auto& [name, off] : parser.unknown_filters_) late.emplace_back(off, "No filter named " + ReprString(name) + ".");
  for (const auto& [name, off] : parser.unknown_tests_) late.emplace_back(off, "No test named " + ReprString(name) + ".");
  for (const Node* b : parser.block_nodes_) {
    if (out.blocks.count(b->name)) late.emplace_back(b->offset, "block " + ReprString(b->name) + " defined twice");
    else out.blocks[b->name] = b;
  }
  if (!late.empty()) {
    auto first = std::min_element(late.begin(), late.end());
    throw ParseError{first->second, first->first, "TemplateAssertionError"};
  }
}

}  // namespace stacks::tmpl
