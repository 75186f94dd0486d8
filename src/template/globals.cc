// Jinja's default globals: range, dict, lipsum, cycler, joiner, namespace.
#include "template/interp.h"
#include "template/runtime.h"

namespace stacks::tmpl {
namespace {

int64_t IntArg(const Value& v) {
  if (v.IsInt() || v.IsBool()) return v.AsInt();
  if (v.IsUndefined()) ThrowUndefined(v);
  ThrowTypeError("'" + v.TypeName() + "' object cannot be interpreted as an integer");
}

Value Range(Interp&, Args& a, const Value&) {
  int64_t start = 0, stop = 0, step = 1;
  size_t n = a.positional.size();
  if (n == 0) ThrowTypeError("range expected at least 1 argument, got 0");
  if (n > 3) ThrowTypeError("range expected at most 3 arguments, got " + std::to_string(n));
  if (n == 1) stop = IntArg(a.positional[0]);
  else {
    start = IntArg(a.positional[0]);
    stop = IntArg(a.positional[1]);
    if (n == 3) step = IntArg(a.positional[2]);
  }
  if (step == 0) Throw("ValueError", "range() arg 3 must not be zero");
  List out;
  for (int64_t i = start; step > 0 ? i < stop : i > stop; i += step) {
    out.push_back(Value(i));
    if (out.size() > 10000000) Throw("OverflowError", "range too large");
  }
  std::string repr = "range(" + std::to_string(start) + ", " + std::to_string(stop) +
                     (step != 1 ? ", " + std::to_string(step) : "") + ")";
  return Value::MakeObject(std::make_shared<SequenceObject>("range", std::move(out), std::move(repr), true));
}

Value MakeDictFn(Interp& in, Args& a, const Value&) {
  Value d = Value::MakeDict();
  if (!a.positional.empty()) {
    const Value& src = a.positional[0];
    if (src.IsDict())
      for (const auto& [k, v] : src.AsDict().items()) d.AsDict().Set(k, v);
    else
      for (const Value& pair : in.Iterate(src)) {
        List kv = in.Iterate(pair);
        if (kv.size() != 2) Throw("ValueError", "dictionary update sequence element has wrong length");
        d.AsDict().Set(kv[0], kv[1]);
      }
  }
  for (const auto& [k, v] : a.keywords) d.AsDict().Set(Value(k), v);
  return d;
}

Value MakeNamespace(Interp& in, Args& a, const Value&) {
  auto ns = std::make_shared<Namespace>();
  Value init = MakeDictFn(in, a, Value());
  for (const auto& [k, v] : init.AsDict().items()) ns->attrs.Set(k, v);
  return Value::MakeObject(ns);
}

class Cycler : public Object, public std::enable_shared_from_this<Cycler> {
 public:
  explicit Cycler(List items) : items_(std::move(items)) {}
  std::string TypeName() const override { return "Cycler"; }
  std::string TypeRepr() const override { return "jinja2.utils.Cycler object"; }
  std::optional<Value> GetAttr(std::string_view name) const override {
    Value self = Value::MakeObject(std::const_pointer_cast<Cycler>(shared_from_this()));
    if (name == "current") return items_[pos_];
    if (name == "items") return Value::MakeList(items_);
    if (name == "next") return Value::MakeObject(std::make_shared<Function>("next", Next, self));
    if (name == "reset") return Value::MakeObject(std::make_shared<Function>("reset", Reset, self));
    return std::nullopt;
  }
  static Value Next(Interp&, Args&, const Value& self) {
    auto* c = static_cast<Cycler*>(self.AsObject().get());
    Value v = c->items_[c->pos_];
    c->pos_ = (c->pos_ + 1) % c->items_.size();
    return v;
  }
  static Value Reset(Interp&, Args&, const Value& self) {
    static_cast<Cycler*>(self.AsObject().get())->pos_ = 0;
    return Value::None();
  }

 private:
  List items_;
  size_t pos_ = 0;
};

Value MakeCycler(Interp&, Args& a, const Value&) {
  if (a.positional.empty()) ThrowTypeError("at least one item has to be provided");
  return Value::MakeObject(std::make_shared<Cycler>(a.positional));
}

class Joiner : public Object {
 public:
  explicit Joiner(std::string sep) : sep_(std::move(sep)) {}
  std::string TypeName() const override { return "Joiner"; }
  bool IsCallable() const override { return true; }
  Value Call(Interp&, Args&) override {
    if (!used_) {
      used_ = true;
      return Value("");
    }
    return Value(sep_);
  }

 private:
  std::string sep_;
  bool used_ = false;
};

Value MakeJoiner(Interp& in, Args& a, const Value&) {
  std::string sep = ", ";
  if (!a.positional.empty()) sep = in.Str(a.positional[0]);
  else if (const Value* s = a.Keyword("sep")) sep = in.Str(*s);
  return Value::MakeObject(std::make_shared<Joiner>(sep));
}

// lipsum is random in Jinja; this one is deterministic (see docs/compat.md).
Value Lipsum(Interp& in, Args& a, const Value&) {
  int64_t n = a.positional.empty() ? 5 : IntArg(a.positional[0]);
  bool html = a.positional.size() > 1 ? a.positional[1].Truthy() : true;
  std::string para = "Lorem ipsum dolor sit amet, consectetur adipiscing elit.";
  std::string out;
  for (int64_t i = 0; i < n; ++i) {
    if (i) out += "\n\n";
    out += html ? "<p>" + para + "</p>" : para;
  }
  return html ? Value::Markup(out) : Value(out);
}

}  // namespace

void AddDefaultGlobals(Environment& env) {
  auto fn = [&](const char* name, Function::Fn f) {
    env.AddGlobal(name, Value::MakeObject(std::make_shared<Function>(name, f)));
  };
  fn("range", Range);
  fn("dict", MakeDictFn);
  fn("lipsum", Lipsum);
  fn("cycler", MakeCycler);
  fn("joiner", MakeJoiner);
  fn("namespace", MakeNamespace);
}

}  // namespace stacks::tmpl
