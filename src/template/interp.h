// The tree-walking interpreter (private to the template library): frames,
// the render context, and the operations filters and tests share.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "template/ast.h"
#include "template/template.h"
#include "template/value.h"

namespace stacks::tmpl {

/// A runtime error on its way out of the interpreter. The innermost node
/// that sees it records where it happened.
struct RenderError {
  RenderError(std::string k, std::string m) : kind(std::move(k)), message(std::move(m)) {}
  std::string kind;
  std::string message;
  bool located = false;
  size_t offset = 0;
  std::shared_ptr<const Template> tmpl;
  std::vector<std::string> chain;  // "included from 'x.html':3"
};

[[noreturn]] void Throw(std::string kind, std::string message);
[[noreturn]] void ThrowTypeError(std::string message);
[[noreturn]] void ThrowUndefined(const Value& v);

/// One scope of variables; lookups continue in the parent.
struct Frame {
  std::shared_ptr<Frame> parent;
  std::vector<std::pair<std::string, Value>> vars;
  Value dict;  // a dict of further variables (the render context), or nothing
  const Value* Lookup(std::string_view name) const;
  const Value* LookupLocal(std::string_view name) const;
  void Set(std::string_view name, Value value);
  static std::shared_ptr<Frame> Child(std::shared_ptr<Frame> parent) {
    auto f = std::make_shared<Frame>();
    f->vars.reserve(4);
    f->parent = std::move(parent);
    return f;
  }
};
using FramePtr = std::shared_ptr<Frame>;

struct BlockRef {
  const Node* node;
  std::shared_ptr<const Template> tmpl;
};

/// What a template run shares across extends: its variables and blocks.
struct Context {
  FramePtr vars;  // template-level variables; parent: the passed context and globals
  std::map<std::string, std::vector<BlockRef>> blocks;
  std::vector<std::string> exported;
  std::vector<std::string> chain;  // templates that led here, for error messages
};

enum class Flow { kNormal, kBreak, kContinue };

/// Positional/keyword argument access for builtins with Python signatures.
class ArgReader {
 public:
  ArgReader(const Args& args, std::string_view fn, std::vector<const char*> names);
  /// The argument at `index` or named `names[index]`, or nullptr.
  const Value* Get(size_t index) const;
  Value GetOr(size_t index, Value dflt) const;

 private:
  const Args& args_;
  std::vector<const char*> names_;
};

class Interp {
 public:
  explicit Interp(Environment& env) : env_(env) {}

  Environment& env() { return env_; }
  bool autoescape() const { return autoescape_; }
  bool strict() const { return env_.options().strict_undefined; }

  /// Renders a template's root with `ctx`, following extends.
  void RenderRoot(std::shared_ptr<const Template> tmpl, Context& ctx, std::string& out);

  // ---- operations builtins share ------------------------------------------
  Value Call(const Value& callee, Args& args);
  Value CallFilter(const std::string& name, Value subject, Args& args);
  bool CallTest(const std::string& name, const Value& subject, Args& args);
  /// obj.name with Jinja's fallback to obj['name'].
  Value GetAttr(const Value& obj, std::string_view name);
  /// obj[key] with Jinja's fallback to obj.key.
  Value GetItem(const Value& obj, const Value& key);
  /// The items of an iterable (dict: keys; str: characters).
  List Iterate(const Value& v);
  /// str(v), failing for StrictUndefined.
  std::string Str(const Value& v);
  /// v as HTML: Markup stays, anything else is escaped.
  Value Escape(const Value& v);
  /// Wraps text as Markup when autoescaping is on.
  Value MarkupIfAutoescape(std::string s) const { return autoescape_ ? Value::Markup(std::move(s)) : Value(std::move(s)); }
  void CheckDefined(const Value& v) const;
  /// Python's bool(v); StrictUndefined refuses.
  bool Truthy(const Value& v) const {
    if (v.IsUndefined() && IsStrict(v)) ThrowUndefined(v);
    return v.Truthy();
  }
  bool IsStrict(const Value& v) const {
    return strict() && !(v.undefined_info() && v.undefined_info()->lenient);
  }
  int& depth() { return depth_; }
  void EnterDepth();
  void LeaveDepth() { --depth_; }

  // Used by macros, loops and blocks (runtime objects).
  Flow ExecBody(const std::vector<NodePtr>& body, const FramePtr& frame);
  Value Eval(const Node& n, const FramePtr& frame);
  std::string Capture(const std::vector<NodePtr>& body, const FramePtr& frame);
  std::string RenderBlock(const std::string& name, size_t index);
  void RenderBlockInto(const std::string& name, size_t index, std::string& out);
  Context* ctx() { return ctx_; }
  const std::shared_ptr<const Template>& current_template() const { return tmpl_; }
  void set_autoescape(bool on) { autoescape_ = on; }
  /// Makes `t` the template errors are reported in; returns the previous one.
  std::shared_ptr<const Template> SwapTemplate(std::shared_ptr<const Template> t) {
    std::swap(t, tmpl_);
    return t;
  }

 private:
  Flow Exec(const Node& n, const FramePtr& frame);
  Flow ExecInner(const Node& n, const FramePtr& frame);
  Value EvalInner(const Node& n, const FramePtr& frame);
  void Write(const Value& v);
  Value Lookup(const std::string& name, const FramePtr& frame);
  Value EvalBinary(const Node& n, const FramePtr& frame);
  Value EvalCompare(const Node& n, const FramePtr& frame);
  Value EvalConcat(const Node& n, const FramePtr& frame);
  Value EvalSlice(const Value& obj, const Node& slice, const FramePtr& frame);
  void CollectArgs(const Node& n, const FramePtr& frame, Args& args);
  Value EvalFilter(const Node& n, const FramePtr& frame, const Value* input);
  Flow ExecFor(const Node& n, const FramePtr& frame);
  Flow ExecIf(const Node& n, const FramePtr& frame);
  void ExecAssign(const Node& n, const FramePtr& frame);
  void Assign(const Node& target, const Value& v, const FramePtr& frame);
  void SetVar(const std::string& name, const Value& v, const FramePtr& frame);
  void ExecMacro(const Node& n, const FramePtr& frame);
  void ExecCallBlock(const Node& n, const FramePtr& frame);
  void ExecInclude(const Node& n, const FramePtr& frame);
  void ExecImport(const Node& n, const FramePtr& frame);
  void ExecExtends(const Node& n, const FramePtr& frame);
  void ExecBlock(const Node& n, const FramePtr& frame);
  Value ImportModule(const Value& name_value, bool with_context, const FramePtr& frame);
  std::shared_ptr<const Template> LoadTemplate(const Value& name_value, bool ignore_missing);

 public:
  /// Renders one for-loop body over `items` (exposed for recursive loops).
  /// Returns whether some iteration's body ran to its end.
  bool RunLoop(const Node& n, const FramePtr& frame, const List& items, int depth);
  /// The items a loop's `if` filter keeps.
  List FilterLoopItems(const Node& n, const FramePtr& frame, List items);
  std::string CaptureLoop(const Node& n, const FramePtr& frame, const List& items, int depth);

 private:
  Environment& env_;
  Context* ctx_ = nullptr;
  std::shared_ptr<const Template> tmpl_;
  std::string* out_ = nullptr;
  bool autoescape_ = false;
  int depth_ = 0;
  bool extended_ = false;  // the current root has executed `extends`
  std::shared_ptr<const Template> parent_;
  bool at_root_ = false;
  std::vector<std::pair<std::string, size_t>> block_stack_;  // blocks being rendered (name, index)
};

// Builtin tables (filters.cc, tests.cc, globals.cc, methods.cc).
using FilterFn = Value (*)(Interp&, const Value&, Args&);
using TestFn = bool (*)(Interp&, const Value&, Args&);
const FilterFn* FindFilter(const std::string& name);
const TestFn* FindTest(const std::string& name);
void AddDefaultGlobals(Environment& env);
/// A method of a builtin value (str.upper, dict.items, ...), bound to `self`.
std::optional<Value> BuiltinMethod(const Value& self, std::string_view name);

// Shared helpers.
/// Python-style sequence index normalization; false when out of range.
bool NormalizeIndex(int64_t& i, size_t size);
std::string ToLowerUtf8(std::string_view s);
std::string ToUpperUtf8(std::string_view s);
/// Python's str % args.
std::string PercentFormat(Interp& in, const std::string& fmt, const Value& args, bool escape);
/// Python's str.format(*args, **kwargs) for the common cases.
std::string BraceFormat(Interp& in, const std::string& fmt, const Args& args);
/// <0, 0, >0 as Python's < orders two values; throws TypeError otherwise.
int CompareValues(const Value& a, const Value& b, const char* op = "<");
/// Python's number parsing helpers.
std::vector<std::u32string> SplitWords(std::u32string_view s);
std::u32string ToU32(std::string_view s);
std::string FromU32(std::u32string_view s);
/// json.dumps(sort_keys=True) as Jinja's tojson uses it.
std::string ToJson(const Value& v, int indent = -1, int level = 0);

}  // namespace stacks::tmpl
