// The syntax tree: one Node type with a kind tag, mirroring jinja2.nodes.
// Which fields a kind uses is listed next to each kind.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "template/value.h"

namespace stacks::tmpl {

enum class NodeKind : uint8_t {
  // expressions
  kConst,      // value
  kName,       // name
  kGetattr,    // a.name
  kGetitem,    // a[b]
  kSlice,      // a:b:c (each may be null)
  kCall,       // a(args, kwargs, *dyn_args, **dyn_kwargs)
  kFilter,     // a|name(args...); a null in filter blocks
  kTest,       // a is name(args...)
  kUnary,      // op a  (op: "neg", "pos", "not")
  kBinary,     // a op b (op: "add", "sub", "mul", "div", "floordiv", "mod", "pow", "and", "or")
  kCompare,    // a then ops: (op, expr) in `compare`
  kConcat,     // args joined with ~
  kCondExpr,   // b if a else c (c may be null)
  kList,       // args
  kTuple,      // args
  kDict,       // args: key, value, key, value...
  kNSRef,      // name.attr as an assignment target
  // statements
  kData,       // value: template text
  kOutput,     // args: data and expressions
  kIf,         // if a: body else else_body (elif nests in else_body)
  kFor,        // for target in a [if c] [recursive]: body else else_body
  kAssign,     // set target = a
  kAssignBlock,// set target [| filter c]: body
  kMacro,      // macro name(params = defaults): body
  kCallBlock,  // call(params) a: body
  kFilterBlock,// filter c: body
  kInclude,    // include a [ignore missing] [with context]
  kImport,     // import a as name
  kFromImport, // from a import names
  kExtends,    // extends a
  kBlock,      // block name [scoped] [required]: body
  kWith,       // with targets = values: body
  kAutoescape, // autoescape a: body
  kDo,         // do a
  kBreak,
  kContinue,
};

struct Node;
using NodePtr = std::unique_ptr<Node>;

struct Node {
  NodeKind kind;
  size_t offset = 0;
  std::string name;  // names, attributes, operators, filter/test/macro/block names
  std::string attr;  // kNSRef attribute
  Value value;
  NodePtr a, b, c;
  NodePtr target;
  std::vector<NodePtr> args;
  std::vector<std::pair<std::string, NodePtr>> kwargs;
  NodePtr dyn_args, dyn_kwargs;
  std::vector<std::pair<std::string, NodePtr>> compare;
  std::vector<NodePtr> body, else_body;
  // macros and call blocks: parameter names, and defaults for the last ones
  std::vector<std::string> params;
  std::vector<NodePtr> defaults;
  // with: targets and values
  std::vector<NodePtr> targets, values;
  // from-import: (name, alias)
  std::vector<std::pair<std::string, std::string>> names;
  bool recursive = false, scoped = false, required = false, ignore_missing = false, with_context = false;
  // macros and call blocks: which special names the body reads (-1: not computed yet)
  mutable int8_t reads_varargs = -1, reads_kwargs = -1, reads_caller = -1;
  // filters and tests: the builtin function, looked up on first use
  mutable const void* builtin = nullptr;
  // names: the Undefined value a missing variable evaluates to, made on first use
  mutable Value undefined;
  /// StrHash(name), computed on first use (variable lookups).
  uint64_t NameHash() const {
    if (!name_hashed_) {
      name_hash_ = StrHash(name);
      name_hashed_ = true;
    }
    return name_hash_;
  }

  Node(NodeKind k, size_t off) : kind(k), offset(off) {}

 private:
  mutable uint64_t name_hash_ = 0;
  mutable bool name_hashed_ = false;
};

/// A parsed template.
struct Template {
  std::string name;
  std::string source;  // newline-normalized, what offsets point into
  std::vector<NodePtr> body;
  std::map<std::string, const Node*> blocks;  // every block, by name
  bool autoescape = false;
};

}  // namespace stacks::tmpl
