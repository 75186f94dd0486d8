// Expression evaluation with Python's operator semantics and Jinja's
// attribute/item lookup rules.
#include <cmath>

#include "base/base.h"
#include "template/bigint.h"
#include "template/interp.h"
#include "template/runtime.h"

namespace stacks::tmpl {
namespace {

std::string Quoted(const Value& v) { return "'" + v.TypeName() + "'"; }

[[noreturn]] void Unsupported(const char* op, const Value& a, const Value& b) {
  ThrowTypeError(std::string("unsupported operand type(s) for ") + op + ": " + Quoted(a) + " and " + Quoted(b));
}

bool IsIntLike(const Value& v) { return v.IsInt() || v.IsBool(); }

int64_t FloorDiv(int64_t a, int64_t b) {
  int64_t q = a / b;
  if ((a % b != 0) && ((a < 0) != (b < 0))) --q;
  return q;
}

int64_t FloorMod(int64_t a, int64_t b) {
  int64_t r = a % b;
  if (r != 0 && ((r < 0) != (b < 0))) r += b;
  return r;
}

// Python ints: int64 arithmetic while it does not overflow, BigInt beyond
// (results that fit in int64 become int64 again, see Value::FromBig).
bool BothSmall(const Value& a, const Value& b) { return !a.IsBigInt() && !b.IsBigInt(); }

Value IntAdd(const Value& a, const Value& b) {
  int64_t r;
  if (BothSmall(a, b) && !__builtin_add_overflow(a.AsInt(), b.AsInt(), &r)) return Value(r);
  return Value::FromBig(a.ToBig() + b.ToBig());
}

Value IntSub(const Value& a, const Value& b) {
  int64_t r;
  if (BothSmall(a, b) && !__builtin_sub_overflow(a.AsInt(), b.AsInt(), &r)) return Value(r);
  return Value::FromBig(a.ToBig() - b.ToBig());
}

Value IntMul(const Value& a, const Value& b) {
  int64_t r;
  if (BothSmall(a, b) && !__builtin_mul_overflow(a.AsInt(), b.AsInt(), &r)) return Value(r);
  return Value::FromBig(a.ToBig() * b.ToBig());
}

Value IntNeg(const Value& v) {
  if (!v.IsBigInt() && v.AsInt() != INT64_MIN) return Value(-v.AsInt());
  return Value::FromBig(-v.ToBig());
}

// Floor division or modulo (b != 0); INT64_MIN // -1 overflows int64.
Value IntFloorDivMod(const Value& a, const Value& b, bool want_mod) {
  if (BothSmall(a, b) && !(a.AsInt() == INT64_MIN && b.AsInt() == -1))
    return Value(want_mod ? FloorMod(a.AsInt(), b.AsInt()) : FloorDiv(a.AsInt(), b.AsInt()));
  BigInt q, r;
  BigInt::FloorDivMod(a.ToBig(), b.ToBig(), q, r);
  return Value::FromBig(want_mod ? r : q);
}

// a ** e for e >= 0: square-and-multiply in int64 until it overflows, then
// in BigInt. Results beyond kMaxPowBits are refused rather than computed.
Value IntPow(const Value& a, const Value& e) {
  constexpr size_t kMaxPowBits = 1 << 20;
  BigInt base = a.ToBig();
  bool e_zero = !e.IsBigInt() && e.AsInt() == 0;
  if (e_zero || base.Compare(BigInt(1)) == 0) return Value(1);
  if (base.IsZero()) return Value(0);
  if (base.Compare(BigInt(-1)) == 0) return Value(e.ToBig().IsOdd() ? -1 : 1);
  if (e.IsBigInt() || static_cast<size_t>(e.AsInt()) > kMaxPowBits || base.BitLength() * static_cast<size_t>(e.AsInt()) > kMaxPowBits + 64)
    Throw("OverflowError", "the result of ** is too large");
  uint64_t exp = static_cast<uint64_t>(e.AsInt());
  if (!a.IsBigInt()) {
    int64_t r = 1, b = a.AsInt();
    bool overflow = false;
    for (uint64_t k = exp; k && !overflow;) {
      if (k & 1) overflow = __builtin_mul_overflow(r, b, &r);
      k >>= 1;
      if (k && !overflow) overflow = __builtin_mul_overflow(b, b, &b);
    }
    if (!overflow) return Value(r);
  }
  return Value::FromBig(BigInt::Pow(base, exp));
}

double FloatMod(double a, double b) {
  double r = std::fmod(a, b);
  if (r != 0 && ((r < 0) != (b < 0))) r += b;
  if (r == 0) r = std::copysign(0.0, b);
  return r;
}

Value Repeat(const Value& seq, int64_t n) {
  if (seq.IsString()) {
    std::string out;
    for (int64_t i = 0; i < n; ++i) out += seq.AsString();
    return seq.IsMarkup() ? Value::Markup(out) : Value(out);
  }
  List out;
  for (int64_t i = 0; i < n; ++i) out.insert(out.end(), seq.AsList().begin(), seq.AsList().end());
  return seq.IsTuple() ? Value::MakeTuple(std::move(out)) : Value::MakeList(std::move(out));
}

Value Add(Interp& in, const Value& a, const Value& b) {
  if (IsIntLike(a) && IsIntLike(b)) return IntAdd(a, b);
  if (a.IsNumber() && b.IsNumber()) return Value(a.AsDouble() + b.AsDouble());
  if (a.IsString() && b.IsString()) {
    if (a.IsMarkup() && !b.IsMarkup()) return Value::Markup(a.AsString() + EscapeHtml(b.AsString()));
    if (!a.IsMarkup() && b.IsMarkup()) return Value::Markup(EscapeHtml(a.AsString()) + b.AsString());
    if (a.IsMarkup()) return Value::Markup(a.AsString() + b.AsString());
    return Value(a.AsString() + b.AsString());
  }
  if ((a.IsList() && b.IsList()) || (a.IsTuple() && b.IsTuple())) {
    List out = a.AsList();
    out.insert(out.end(), b.AsList().begin(), b.AsList().end());
    return a.IsList() ? Value::MakeList(std::move(out)) : Value::MakeTuple(std::move(out));
  }
  if (a.IsString()) ThrowTypeError("can only concatenate str (not \"" + b.TypeName() + "\") to str");
  if (a.IsList()) ThrowTypeError("can only concatenate list (not \"" + b.TypeName() + "\") to list");
  if (a.IsTuple()) ThrowTypeError("can only concatenate tuple (not \"" + b.TypeName() + "\") to tuple");
  Unsupported("+", a, b);
}

Value Arith(Interp& in, const std::string& op, const Value& a, const Value& b) {
  if (a.IsUndefined()) ThrowUndefined(a);
  if (b.IsUndefined()) ThrowUndefined(b);
  if (op == "add") return Add(in, a, b);
  bool ints = IsIntLike(a) && IsIntLike(b);
  bool nums = a.IsNumber() && b.IsNumber();
  if (op == "sub") {
    if (ints) return IntSub(a, b);
    if (nums) return Value(a.AsDouble() - b.AsDouble());
    Unsupported("-", a, b);
  }
  if (op == "mul") {
    if (ints) return IntMul(a, b);
    if (nums) return Value(a.AsDouble() * b.AsDouble());
    if ((a.IsString() || a.IsSequence()) && IsIntLike(b)) return Repeat(a, b.AsInt());
    if ((b.IsString() || b.IsSequence()) && IsIntLike(a)) return Repeat(b, a.AsInt());
    if (a.IsString() || a.IsSequence() || b.IsString() || b.IsSequence())
      ThrowTypeError("can't multiply sequence by non-int of type " + Quoted(a.IsString() || a.IsSequence() ? b : a));
    Unsupported("*", a, b);
  }
  if (op == "div") {
    if (!nums) Unsupported("/", a, b);
    if (b.AsDouble() == 0) Throw("ZeroDivisionError", ints ? "division by zero" : "float division by zero");
    return Value(a.AsDouble() / b.AsDouble());
  }
  if (op == "floordiv") {
    if (!nums) Unsupported("//", a, b);
    if (b.AsDouble() == 0)
      Throw("ZeroDivisionError", ints ? "integer division or modulo by zero" : "float floor division by zero");
    if (ints) return IntFloorDivMod(a, b, false);
    return Value(std::floor(a.AsDouble() / b.AsDouble()));
  }
  if (op == "mod") {
    if (a.IsString()) {
      std::string s = PercentFormat(in, a.AsString(), b, a.IsMarkup());
      return a.IsMarkup() ? Value::Markup(s) : Value(s);
    }
    if (!nums) Unsupported("%", a, b);
    if (b.AsDouble() == 0) Throw("ZeroDivisionError", ints ? "integer division or modulo by zero" : "float modulo");
    if (ints) return IntFloorDivMod(a, b, true);
    return Value(FloatMod(a.AsDouble(), b.AsDouble()));
  }
  if (op == "pow") {
    if (!nums) Unsupported("** or pow()", a, b);
    if (ints && !(b.IsBigInt() ? b.AsBig()->IsNegative() : b.AsInt() < 0)) return IntPow(a, b);
    if (a.AsDouble() == 0 && b.AsDouble() < 0)
      Throw("ZeroDivisionError", "0.0 cannot be raised to a negative power");
    return Value(std::pow(a.AsDouble(), b.AsDouble()));
  }
  Throw("RuntimeError", "unknown operator " + op);
}

bool Contains(Interp& in, const Value& container, const Value& item) {
  if (container.IsString()) {
    if (!item.IsString())
      ThrowTypeError("'in <string>' requires string as left operand, not " + item.TypeName());
    return container.AsString().find(item.AsString()) != std::string::npos;
  }
  if (container.IsDict()) return container.AsDict().Find(item) != nullptr;
  if (container.IsUndefined() && !in.strict()) return false;
  if (container.IsNone() || container.IsNumber())
    ThrowTypeError("argument of type " + Quoted(container) + " is not iterable");
  for (const Value& x : in.Iterate(container))
    if (x.Equals(item)) return true;
  return false;
}

}  // namespace

int CompareValues(const Value& a, const Value& b, const char* op) {
  if (a.IsNumber() && b.IsNumber()) {
    if (IsIntLike(a) && IsIntLike(b)) {
      if (a.IsBigInt() || b.IsBigInt()) return a.ToBig().Compare(b.ToBig());
      return a.AsInt() < b.AsInt() ? -1 : a.AsInt() > b.AsInt() ? 1 : 0;
    }
    double x = a.AsDouble(), y = b.AsDouble();
    return x < y ? -1 : x > y ? 1 : 0;
  }
  if (a.IsString() && b.IsString()) {
    int c = a.AsString().compare(b.AsString());
    return c < 0 ? -1 : c > 0 ? 1 : 0;
  }
  if ((a.IsList() && b.IsList()) || (a.IsTuple() && b.IsTuple())) {
    const List& x = a.AsList();
    const List& y = b.AsList();
    for (size_t i = 0; i < x.size() && i < y.size(); ++i) {
      if (x[i].Equals(y[i])) continue;
      return CompareValues(x[i], y[i], op);
    }
    return x.size() < y.size() ? -1 : x.size() > y.size() ? 1 : 0;
  }
  if (a.IsObject())
    if (auto c = a.AsObject()->Compare(b)) return *c;
  if (b.IsObject())
    if (auto c = b.AsObject()->Compare(a)) return -*c;
  if (a.IsUndefined()) ThrowUndefined(a);
  if (b.IsUndefined()) ThrowUndefined(b);
  ThrowTypeError(std::string("'") + op + "' not supported between instances of " + Quoted(a) + " and " + Quoted(b));
}

bool NormalizeIndex(int64_t& i, size_t size) {
  if (i < 0) i += static_cast<int64_t>(size);
  return i >= 0 && i < static_cast<int64_t>(size);
}

Value Interp::Lookup(const std::string& name, const FramePtr& frame) {
  if (const Value* v = frame->Lookup(name)) return *v;
  return LookupMissing(name);
}

// A name no frame holds: a global, `self`, `super`, or undefined.
Value Interp::LookupMissing(const std::string& name, const Node* node) {
  auto it = env_.globals().find(name);
  if (it != env_.globals().end()) return it->second;
  if (name == "self") {
    return Value::MakeObject(std::make_shared<SelfRef>(ctx_->blocks.Names(), tmpl_->name));
  }
  if (name == "super" && !block_stack_.empty())
    return Value::MakeObject(std::make_shared<BlockCall>(block_stack_.back().first, block_stack_.back().second + 1));
  if (!node) return Value::Undefined(name);
  if (!node->undefined.undefined_info()) node->undefined = Value::Undefined(name);  // made once per node
  return node->undefined;
}

// Errors are located by the enclosing statement or printed expression (see
// Exec), as Jinja's tracebacks name the line of the generated statement.
Value Interp::Eval(const Node& n, const FramePtr& frame) { return EvalInner(n, frame); }

const Value& Interp::EvalRef(const Node& n, const FramePtr& frame, Value& tmp) {
  switch (n.kind) {
    case NodeKind::kConst:
    case NodeKind::kData: return n.value;
    case NodeKind::kName:
      if (const Value* v = frame->Lookup(n.name, n.NameHash())) return *v;
      tmp = LookupMissing(n.name, &n);
      return tmp;
    default: tmp = EvalInner(n, frame); return tmp;
  }
}

Value Interp::EvalInner(const Node& n, const FramePtr& frame) {
  switch (n.kind) {
    case NodeKind::kConst:
    case NodeKind::kData: return n.value;
    case NodeKind::kName: {
      if (const Value* v = frame->Lookup(n.name, n.NameHash())) return *v;
      return LookupMissing(n.name, &n);
    }
    case NodeKind::kGetattr: {
      Value tmp;
      return GetAttr(EvalRef(*n.a, frame, tmp), n.name);
    }
    case NodeKind::kGetitem: {
      Value tmp, key_tmp;
      const Value& obj = EvalRef(*n.a, frame, tmp);
      if (n.b->kind == NodeKind::kSlice) return EvalSlice(obj, *n.b, frame);
      return GetItem(obj, EvalRef(*n.b, frame, key_tmp));
    }
    case NodeKind::kCall: {
      Value callee = Eval(*n.a, frame);
      Args args;
      CollectArgs(n, frame, args);
      return Call(callee, args);
    }
    case NodeKind::kFilter: return EvalFilter(n, frame, nullptr);
    case NodeKind::kTest: {
      Value tmp;
      const Value& subject = EvalRef(*n.a, frame, tmp);
      Args args;
      CollectArgs(n, frame, args);
      if (!n.builtin) n.builtin = env_.FindTest(n.name);
      if (!n.builtin) return Value(CallTest(n.name, subject, args));
      return Value(RunTest(*static_cast<const TestFunc*>(n.builtin), subject, args));
    }
    case NodeKind::kUnary: {
      Value tmp;
      const Value& v = EvalRef(*n.a, frame, tmp);
      if (n.name == "not") return Value(!Truthy(v));
      if (v.IsUndefined()) ThrowUndefined(v);
      if (IsIntLike(v)) return n.name == "neg" ? IntNeg(v) : v.IsBool() ? Value(v.AsInt()) : v;
      if (v.IsFloat()) return Value(n.name == "neg" ? -v.AsDouble() : v.AsDouble());
      ThrowTypeError(std::string("bad operand type for unary ") + (n.name == "neg" ? "-" : "+") + ": " + Quoted(v));
    }
    case NodeKind::kBinary: return EvalBinary(n, frame);
    case NodeKind::kCompare: return EvalCompare(n, frame);
    case NodeKind::kConcat: return EvalConcat(n, frame);
    case NodeKind::kCondExpr: {
      Value tmp;
      if (Truthy(EvalRef(*n.a, frame, tmp))) return Eval(*n.b, frame);
      if (n.c) return Eval(*n.c, frame);
      return Value::LenientUndefined("the inline if-expression on line " +
                                  std::to_string(LineColAt(tmpl_->source, n.offset).line) +
                                  " evaluated to false and no else section was defined.");
    }
    case NodeKind::kList:
    case NodeKind::kTuple: {
      List items;
      items.reserve(n.args.size());
      for (const auto& a : n.args) items.push_back(Eval(*a, frame));
      return n.kind == NodeKind::kList ? Value::MakeList(std::move(items)) : Value::MakeTuple(std::move(items));
    }
    case NodeKind::kDict: {
      Value d = Value::MakeDict();
      for (size_t i = 0; i + 1 < n.args.size(); i += 2) {
        Value key = Eval(*n.args[i], frame);
        if (key.IsList() || key.IsDict()) ThrowTypeError("unhashable type: '" + key.TypeName() + "'");
        d.AsDict().Set(key, Eval(*n.args[i + 1], frame));
      }
      return d;
    }
    default: Throw("RuntimeError", "internal error: not an expression");
  }
}

Value Interp::EvalBinary(const Node& n, const FramePtr& frame) {
  Value a = Eval(*n.a, frame);
  if (n.name == "and") {
    return Truthy(a) ? Eval(*n.b, frame) : a;
  }
  if (n.name == "or") {
    return Truthy(a) ? a : Eval(*n.b, frame);
  }
  Value b = Eval(*n.b, frame);
  return Arith(*this, n.name, a, b);
}

Value Interp::EvalCompare(const Node& n, const FramePtr& frame) {
  Value left_tmp;
  const Value* left_ptr = &EvalRef(*n.a, frame, left_tmp);
  for (const auto& [op, expr] : n.compare) {
    const Value& left = *left_ptr;
    Value right_tmp;
    const Value& right = EvalRef(*expr, frame, right_tmp);
    bool ok;
    if (op == "eq" || op == "ne") {
      if (strict() && (left.IsUndefined() || right.IsUndefined())) ThrowUndefined(left.IsUndefined() ? left : right);
      ok = left.Equals(right) == (op == "eq");
    } else if (op == "in" || op == "notin") {
      ok = Contains(*this, right, left) == (op == "in");
    } else {
      const char* spelling = op == "lt" ? "<" : op == "lteq" ? "<=" : op == "gt" ? ">" : ">=";
      int c = CompareValues(left, right, spelling);
      ok = op == "lt" ? c < 0 : op == "lteq" ? c <= 0 : op == "gt" ? c > 0 : c >= 0;
    }
    if (!ok) return Value(false);
    left_tmp = right;  // the right operand is the next comparison's left
    left_ptr = &left_tmp;
  }
  return Value(true);
}

// `~` joins str() of each operand; when autoescaping and one operand is
// Markup, the result is Markup and the other operands are escaped.
namespace {

// Whether Jinja's optimizer folds `n` to a constant at compile time.
bool IsFoldable(const Node& n) {
  switch (n.kind) {
    case NodeKind::kConst: return true;
    case NodeKind::kList:
    case NodeKind::kTuple:
    case NodeKind::kConcat:
      for (const auto& a : n.args)
        if (!IsFoldable(*a)) return false;
      return true;
    case NodeKind::kFilter:
      if (n.name == "random" || n.name == "map" || n.name == "select" || n.name == "reject" ||
          n.name == "selectattr" || n.name == "rejectattr" || n.dyn_args || n.dyn_kwargs || !n.a)
        return false;
      for (const auto& a : n.args)
        if (!IsFoldable(*a)) return false;
      for (const auto& [k, v] : n.kwargs)
        if (!IsFoldable(*v)) return false;
      return IsFoldable(*n.a);
    case NodeKind::kBinary: return IsFoldable(*n.a) && IsFoldable(*n.b);
    case NodeKind::kUnary: return IsFoldable(*n.a);
    default: return false;
  }
}

}  // namespace

Value Interp::EvalConcat(const Node& n, const FramePtr& frame) {
  bool folded = true;
  for (const auto& a : n.args) folded = folded && IsFoldable(*a);
  List parts;
  bool any_markup = false;
  for (const auto& a : n.args) {
    parts.push_back(Eval(*a, frame));
    if (parts.back().IsMarkup()) any_markup = true;
  }
  std::string out;
  if (autoescape_ && any_markup && !folded) {
    for (const Value& p : parts) out += p.IsMarkup() ? p.Str() : EscapeHtml(Str(p));
    return Value::Markup(out);
  }
  for (const Value& p : parts) out += Str(p);
  return Value(out);
}

Value Interp::EvalSlice(const Value& obj, const Node& slice, const FramePtr& frame) {
  auto bound = [&](const NodePtr& p) -> std::optional<int64_t> {
    if (!p) return std::nullopt;
    Value v = Eval(*p, frame);
    if (v.IsNone()) return std::nullopt;
    if (!IsIntLike(v)) ThrowTypeError("slice indices must be integers or None or have an __index__ method");
    return v.AsInt();
  };
  std::optional<int64_t> start = bound(slice.a), stop = bound(slice.b), step_opt = bound(slice.c);
  int64_t step = step_opt.value_or(1);
  if (step == 0) Throw("ValueError", "slice step cannot be zero");
  if (obj.IsUndefined()) ThrowUndefined(obj);
  bool is_str = obj.IsString();
  std::u32string chars;
  const List* list = nullptr;
  size_t size;
  if (is_str) {
    chars = ToU32(obj.AsString());
    size = chars.size();
  } else if (obj.IsSequence()) {
    list = &obj.AsList();
    size = list->size();
  } else {
    ThrowTypeError(Quoted(obj) + " object is not subscriptable");
  }
  int64_t len = static_cast<int64_t>(size);
  auto clamp = [&](std::optional<int64_t> v, int64_t dflt) {
    if (!v) return dflt;
    int64_t x = *v;
    if (x < 0) x += len;
    if (step > 0) return std::clamp<int64_t>(x, 0, len);
    return std::clamp<int64_t>(x, -1, len - 1);
  };
  int64_t lo = clamp(start, step > 0 ? 0 : len - 1);
  int64_t hi = clamp(stop, step > 0 ? len : -1);
  std::u32string out_chars;
  List out;
  for (int64_t i = lo; step > 0 ? i < hi : i > hi; i += step) {
    if (is_str) out_chars.push_back(chars[static_cast<size_t>(i)]);
    else out.push_back((*list)[static_cast<size_t>(i)]);
  }
  if (is_str) return obj.IsMarkup() ? Value::Markup(FromU32(out_chars)) : Value(FromU32(out_chars));
  return obj.IsTuple() ? Value::MakeTuple(std::move(out)) : Value::MakeList(std::move(out));
}

void Interp::CollectArgs(const Node& n, const FramePtr& frame, Args& args) {
  for (const auto& a : n.args) args.positional.push_back(Eval(*a, frame));
  for (const auto& [k, v] : n.kwargs) args.keywords.emplace_back(k, Eval(*v, frame));
  if (n.dyn_args) {
    for (const Value& v : Iterate(Eval(*n.dyn_args, frame))) args.positional.push_back(v);
  }
  if (n.dyn_kwargs) {
    Value d = Eval(*n.dyn_kwargs, frame);
    if (d.IsDict())
      for (const auto& [k, v] : d.AsDict().items()) args.keywords.emplace_back(k.Str(), v);
  }
}

Value Interp::EvalFilter(const Node& n, const FramePtr& frame, const Value* input) {
  Value tmp;
  const Value* subject_ptr = &tmp;
  if (n.a) {
    if (n.a->kind == NodeKind::kFilter && input) tmp = EvalFilter(*n.a, frame, input);
    else subject_ptr = &EvalRef(*n.a, frame, tmp);
  } else if (input) {
    subject_ptr = input;
  }
  const Value& subject = *subject_ptr;
  Args args;
  CollectArgs(n, frame, args);
  if (!n.builtin) n.builtin = env_.FindFilter(n.name);
  if (!n.builtin) return CallFilter(n.name, subject, args);
  return RunFilter(*static_cast<const FilterFunc*>(n.builtin), subject, args);
}

Value Interp::Call(const Value& callee, Args& args) {
  if (callee.IsObject() && callee.AsObject()->IsCallable()) return callee.AsObject()->Call(*this, args);
  if (callee.IsUndefined()) ThrowUndefined(callee);
  ThrowTypeError(Quoted(callee) + " object is not callable");
}

Value Interp::CallFilter(const std::string& name, const Value& subject, Args& args) {
  const FilterFunc* f = env_.FindFilter(name);
  if (!f) Throw("TemplateAssertionError", "No filter named " + ReprString(name) + ".");
  return RunFilter(*f, subject, args);
}

Value Interp::CallBuiltinFilter(const std::string& name, const Value& subject, Args& args) {
  const FilterFn* f = FindBuiltinFilter(name);
  if (!f) Throw("TemplateAssertionError", "No filter named " + ReprString(name) + ".");
  return (*f)(*this, subject, args);
}

bool Interp::CallTest(const std::string& name, const Value& subject, Args& args) {
  const TestFunc* t = env_.FindTest(name);
  if (!t) Throw("TemplateAssertionError", "No test named " + ReprString(name) + ".");
  return RunTest(*t, subject, args);
}

// Host functions may throw any std::exception; it becomes a template error
// located at the calling expression (RenderError passes through).
Value Interp::RunFilter(const FilterFunc& f, const Value& subject, Args& args) {
  try {
    return f(*this, subject, args);
  } catch (const std::exception& e) {
    Throw("Exception", e.what());
  }
}

bool Interp::RunTest(const TestFunc& t, const Value& subject, Args& args) {
  try {
    return t(*this, subject, args);
  } catch (const std::exception& e) {
    Throw("Exception", e.what());
  }
}

Value Interp::GetAttr(const Value& obj, std::string_view name) {
  switch (obj.type()) {
    case Type::kUndefined: ThrowUndefined(obj);
    case Type::kObject: {
      const auto& o = obj.AsObject();
      if (auto v = o->GetAttr(name)) return *v;
      if (auto v = o->GetItem(Value(name))) return *v;
      return Value::Undefined(std::string(name), o->TypeRepr());
    }
    case Type::kDict:
      if (auto m = BuiltinMethod(obj, name)) return *m;
      if (const Value* v = obj.AsDict().Find(name)) return *v;
      break;
    default:
      if (auto m = BuiltinMethod(obj, name)) return *m;
  }
  return Value::Undefined(std::string(name), obj.TypeRepr());
}

Value Interp::GetItem(const Value& obj, const Value& key) {
  switch (obj.type()) {
    case Type::kUndefined: ThrowUndefined(obj);
    case Type::kDict:
      if (const Value* v = obj.AsDict().Find(key)) return *v;
      break;
    case Type::kList:
    case Type::kTuple:
      if (IsIntLike(key)) {
        int64_t i = key.AsInt();
        if (NormalizeIndex(i, obj.AsList().size())) return obj.AsList()[static_cast<size_t>(i)];
      }
      break;
    case Type::kString:
      if (IsIntLike(key)) {
        std::u32string chars = ToU32(obj.AsString());
        int64_t i = key.AsInt();
        if (NormalizeIndex(i, chars.size())) return Value(FromU32(chars.substr(static_cast<size_t>(i), 1)));
      }
      break;
    case Type::kObject:
      if (auto v = obj.AsObject()->GetItem(key)) return *v;
      if (key.IsString())
        if (auto v = obj.AsObject()->GetAttr(key.AsString())) return *v;
      break;
    default: break;
  }
  if (key.IsString()) {
    if (obj.type() != Type::kObject)
      if (auto m = BuiltinMethod(obj, key.AsString())) return *m;
    return Value::Undefined(key.AsString(), obj.TypeRepr());
  }
  return Value::Undefined(key.Repr(), obj.TypeRepr(), false);
}

List Interp::Iterate(const Value& v) {
  switch (v.type()) {
    case Type::kList:
    case Type::kTuple: return v.AsList();
    case Type::kDict: {
      List keys;
      keys.reserve(v.AsDict().size());
      for (const auto& [k, x] : v.AsDict().items()) keys.push_back(k);
      return keys;
    }
    case Type::kString: {
      List chars;
      const std::string& s = v.AsString();
      for (size_t i = 0; i < s.size();) {
        size_t start = i;
        DecodeUtf8(s, i);
        chars.push_back(Value(s.substr(start, i - start)));
      }
      return chars;
    }
    case Type::kUndefined:
      if (strict()) ThrowUndefined(v);
      return {};
    case Type::kObject:
      if (auto items = v.AsObject()->Iterate()) return *items;
      break;
    default: break;
  }
  ThrowTypeError(Quoted(v) + " object is not iterable");
}

std::u32string ToU32(std::string_view s) {
  std::u32string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) out.push_back(DecodeUtf8(s, i));
  return out;
}

std::string FromU32(std::u32string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char32_t c : s) AppendUtf8(out, c);
  return out;
}

}  // namespace stacks::tmpl
