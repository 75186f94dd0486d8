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

/// One scope of variables; lookups continue in the parent. Most scopes
/// hold a few variables: the first kInline live in the frame itself (no
/// allocation), the rest in `more_`. Each name is stored with its StrHash so
/// that a scan compares hashes before text. A value's address stays valid
/// while the frame lives and gets no new variable (the interpreter only adds
/// variables to a frame from statements run directly in it, never while an
/// expression in that frame is being evaluated).
struct Frame {
  std::shared_ptr<Frame> parent;
  Value dict;  // a dict of further variables (the render context), or nothing
  const Value* Lookup(std::string_view name) const { return Lookup(name, StrHash(name)); }
  const Value* Lookup(std::string_view name, uint64_t hash) const;
  const Value* LookupLocal(std::string_view name) const { return LookupLocal(name, StrHash(name)); }
  const Value* LookupLocal(std::string_view name, uint64_t hash) const;
  /// Sets a variable. `name` must outlive the frame: frames keep a view
  /// of it, and every name comes from a parsed template's nodes (kept alive
  /// by whoever holds the frame) or from a string literal.
  void Set(std::string_view name, Value value) { Set(name, StrHash(name), std::move(value)); }
  void Set(std::string_view name, uint64_t hash, Value value);
  /// Drops every variable (a loop reusing its frame).
  void Clear();
  /// Drops the variables and the parent: breaks reference cycles when a
  /// render ends (see Interp::ReleaseClosures).
  void Release() {
    Clear();
    parent.reset();
  }
  static std::shared_ptr<Frame> Child(std::shared_ptr<Frame> parent) {
    auto f = std::make_shared<Frame>();
    f->parent = std::move(parent);
    return f;
  }

 private:
  struct Var {
    uint64_t hash = 0;
    std::string_view name;
    Value value;
  };
  static constexpr size_t kInline = 4;
  Var inline_[kInline];
  size_t count_ = 0;
  uint64_t bloom_ = 0;  // bit BloomBit(hash) of every name set here
  std::vector<Var> more_;
  static uint64_t BloomBit(uint64_t hash) { return uint64_t{1} << (hash >> 58); }
  Var* FindVar(std::string_view name, uint64_t hash);
};
using FramePtr = std::shared_ptr<Frame>;

struct BlockRef {
  const Node* node;
  std::shared_ptr<const Template> tmpl;
};

/// The blocks of a template chain: for each name, its definitions from the
/// most derived template up. A flat list (a chain has a few dozen blocks at
/// most); names are views of the keys of each Template::blocks, kept alive
/// by the BlockRef.
class BlockTable {
 public:
  void Add(std::string_view name, BlockRef ref) { refs_.emplace_back(name, std::move(ref)); }
  /// The index-th definition of `name` (0: the most derived), or nullptr.
  const BlockRef* Find(std::string_view name, size_t index) const {
    for (const auto& [n, ref] : refs_)
      if (n == name && index-- == 0) return &ref;
    return nullptr;
  }
  /// Every block name, sorted, once.
  std::vector<std::string> Names() const;

 private:
  std::vector<std::pair<std::string_view, BlockRef>> refs_;
};

/// What a template run shares across extends: its variables and blocks.
struct Context {
  FramePtr vars;  // template-level variables; parent: the passed context and globals
  BlockTable blocks;
  std::vector<std::string> exported;
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
  /// The environment's filter `name` (host or builtin).
  Value CallFilter(const std::string& name, const Value& subject, Args& args);
  /// The builtin filter `name`, whatever the host registered (str methods).
  Value CallBuiltinFilter(const std::string& name, const Value& subject, Args& args);
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
  /// Frames held by macros and loop objects can hold those objects back (a
  /// macro stored in the frame it closes over): a reference cycle. Each
  /// such frame is recorded, and released when the render ends, except
  /// those of modules the environment caches.
  void TrackClosure(const FramePtr& frame) {
    if (closures_.empty() || closures_.back() != frame) closures_.push_back(frame);
  }
  void ReleaseClosures() {
    for (const auto& f : closures_) f->Release();
    closures_.clear();
  }
  void EnterDepth();
  void LeaveDepth() { --depth_; }

  // Used by macros, loops and blocks (runtime objects).
  Flow ExecBody(const std::vector<NodePtr>& body, const FramePtr& frame);
  Value Eval(const Node& n, const FramePtr& frame);
  /// The value of `n` without a copy when it is a constant or a variable;
  /// anything else is evaluated into `tmp`. Valid while no statement runs
  /// in the frame that holds it (see Frame).
  const Value& EvalRef(const Node& n, const FramePtr& frame, Value& tmp);
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
  /// A name no frame holds: a global, `self`, `super`, or undefined (the
  /// Undefined value is made once per `node` when one is given).
  Value LookupMissing(const std::string& name, const Node* node = nullptr);
  Value EvalBinary(const Node& n, const FramePtr& frame);
  Value EvalCompare(const Node& n, const FramePtr& frame);
  Value EvalConcat(const Node& n, const FramePtr& frame);
  Value EvalSlice(const Value& obj, const Node& slice, const FramePtr& frame);
  void CollectArgs(const Node& n, const FramePtr& frame, Args& args);
  Value EvalFilter(const Node& n, const FramePtr& frame, const Value* input);
  Value RunFilter(const FilterFunc& f, const Value& subject, Args& args);
  bool RunTest(const TestFunc& t, const Value& subject, Args& args);
  Flow ExecFor(const Node& n, const FramePtr& frame);
  Flow ExecIf(const Node& n, const FramePtr& frame);
  void ExecAssign(const Node& n, const FramePtr& frame);
  void Assign(const Node& target, const Value& v, const FramePtr& frame);
  /// Sets `name` (a node's name) in `frame`; `hash`: its StrHash, or 0.
  void SetVar(const std::string& name, const Value& v, const FramePtr& frame, uint64_t hash = 0);
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
  bool RunLoop(const Node& n, const FramePtr& frame, List items, int depth);
  /// The items a loop's `if` filter keeps.
  List FilterLoopItems(const Node& n, const FramePtr& frame, List items);
  std::string CaptureLoop(const Node& n, const FramePtr& frame, List items, int depth);

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
  std::vector<FramePtr> closures_;  // see TrackClosure
};

// Builtin tables (filters.cc, tests.cc, globals.cc, methods.cc).
using FilterFn = Value (*)(Interp&, const Value&, Args&);
using TestFn = bool (*)(Interp&, const Value&, Args&);
/// The builtin filter or test `name` (the environment's FindFilter/FindTest
/// also see host ones).
const FilterFn* FindBuiltinFilter(const std::string& name);
const TestFn* FindBuiltinTest(const std::string& name);
/// The same builtins wrapped as FilterFunc/TestFunc (tables made once), so
/// that parsed nodes cache one pointer type for host and builtin functions.
const FilterFunc* FindBuiltinFilterFunc(const std::string& name);
const TestFunc* FindBuiltinTestFunc(const std::string& name);
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
