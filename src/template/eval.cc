// Expression evaluation with Python's operator semantics and Jinja's
// attribute/item lookup rules.
#include <cmath>

#include "base/base.h"
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
  if (IsIntLike(a) && IsIntLike(b)) return Value(a.AsInt() + b.AsInt());
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
    if (ints) return Value(a.AsInt() - b.AsInt());
    if (nums) return Value(a.AsDouble() - b.AsDouble());
    Unsupported("-", a, b);
  }
  if (op == "mul") {
    if (ints) return Value(a.AsInt() * b.AsInt());
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
    if (ints) return Value(FloorDiv(a.AsInt(), b.AsInt()));
    return Value(std::floor(a.AsDouble() / b.AsDouble()));
  }
  if (op == "mod") {
    if (a.IsString()) {
      std::string s = PercentFormat(in, a.AsString(), b, a.IsMarkup());
      return a.IsMarkup() ? Value::Markup(s) : Value(s);
    }
    if (!nums) Unsupported("%", a, b);
    if (b.AsDouble() == 0) Throw("ZeroDivisionError", ints ? "integer division or modulo by zero" : "float modulo");
    if (ints) return Value(FloorMod(a.AsInt(), b.AsInt()));
    return Value(FloatMod(a.AsDouble(), b.AsDouble()));
  }
  if (op == "pow") {
    if (!nums) Unsupported("** or pow()", a, b);
    if (ints && b.AsInt() >= 0) {
      int64_t r = 1, base = a.AsInt();
      for (int64_t e = b.AsInt(); e > 0; --e) r *= base;
      return Value(r);
    }
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
    if (IsIntLike(a) && IsIntLike(b)) return a.AsInt() < b.AsInt() ? -1 : a.AsInt() > b.AsInt() ? 1 : 0;
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
  auto it = env_.globals().find(name);
  if (it != env_.globals().end()) return it->second;
  if (name == "self") {
    std::vector<std::string> names;
    for (const auto& [k, v] : ctx_->blocks) names.push_back(k);
    return Value::MakeObject(std::make_shared<SelfRef>(std::move(names), tmpl_->name));
  }
  if (name == "super" && !block_stack_.empty())
    return Value::MakeObject(std::make_shared<BlockCall>(block_stack_.back().first, block_stack_.back().second + 1));
  return Value::Undefined(name);
}

// Errors are located by the enclosing statement or printed expression (see
// Exec), as Jinja's tracebacks name the line of the generated statement.
Value Interp::Eval(const Node& n, const FramePtr& frame) { return EvalInner(n, frame); }

Value Interp::EvalInner(const Node& n, const FramePtr& frame) {
  switch (n.kind) {
    case NodeKind::kConst:
    case NodeKind::kData: return n.value;
    case NodeKind::kName: return Lookup(n.name, frame);
    case NodeKind::kGetattr: return GetAttr(Eval(*n.a, frame), n.name);
    case NodeKind::kGetitem: {
      Value obj = Eval(*n.a, frame);
      if (n.b->kind == NodeKind::kSlice) return EvalSlice(obj, *n.b, frame);
      return GetItem(obj, Eval(*n.b, frame));
    }
    case NodeKind::kCall: {
      Value callee = Eval(*n.a, frame);
      Args args;
      CollectArgs(n, frame, args);
      return Call(callee, args);
    }
    case NodeKind::kFilter: return EvalFilter(n, frame, nullptr);
    case NodeKind::kTest: {
      Value subject = Eval(*n.a, frame);
      Args args;
      CollectArgs(n, frame, args);
      if (!n.builtin) n.builtin = FindTest(n.name);
      if (!n.builtin) return Value(CallTest(n.name, subject, args));
      return Value((*static_cast<const TestFn*>(n.builtin))(*this, subject, args));
    }
    case NodeKind::kUnary: {
      Value v = Eval(*n.a, frame);
      if (n.name == "not") return Value(!Truthy(v));
      if (v.IsUndefined()) ThrowUndefined(v);
      if (IsIntLike(v)) return Value(n.name == "neg" ? -v.AsInt() : v.AsInt());
      if (v.IsFloat()) return Value(n.name == "neg" ? -v.AsDouble() : v.AsDouble());
      ThrowTypeError(std::string("bad operand type for unary ") + (n.name == "neg" ? "-" : "+") + ": " + Quoted(v));
    }
    case NodeKind::kBinary: return EvalBinary(n, frame);
    case NodeKind::kCompare: return EvalCompare(n, frame);
    case NodeKind::kConcat: return EvalConcat(n, frame);
    case NodeKind::kCondExpr: {
      if (Truthy(Eval(*n.a, frame))) return Eval(*n.b, frame);
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
  Value left = Eval(*n.a, frame);
  for (const auto& [op, expr] : n.compare) {
    Value right = Eval(*expr, frame);
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
    left = std::move(right);
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
  Value subject;
  if (n.a) subject = n.a->kind == NodeKind::kFilter && input ? EvalFilter(*n.a, frame, input) : Eval(*n.a, frame);
  else if (input) subject = *input;
  Args args;
  CollectArgs(n, frame, args);
  if (!n.builtin) n.builtin = FindFilter(n.name);
  if (!n.builtin) return CallFilter(n.name, subject, args);
  return (*static_cast<const FilterFn*>(n.builtin))(*this, subject, args);
}

Value Interp::Call(const Value& callee, Args& args) {
  if (callee.IsObject() && callee.AsObject()->IsCallable()) return callee.AsObject()->Call(*this, args);
  if (callee.IsUndefined()) ThrowUndefined(callee);
  ThrowTypeError(Quoted(callee) + " object is not callable");
}

Value Interp::CallFilter(const std::string& name, Value subject, Args& args) {
  const FilterFn* f = FindFilter(name);
  if (!f) Throw("TemplateAssertionError", "No filter named " + ReprString(name) + ".");
  return (*f)(*this, subject, args);
}

bool Interp::CallTest(const std::string& name, const Value& subject, Args& args) {
  const TestFn* t = FindTest(name);
  if (!t) Throw("TemplateAssertionError", "No test named " + ReprString(name) + ".");
  return (*t)(*this, subject, args);
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
