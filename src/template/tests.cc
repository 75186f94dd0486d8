// Jinja's built-in tests (jinja2.tests.TESTS).
#include <cmath>
#include <unordered_map>

#include "template/interp.h"

namespace stacks::tmpl {
namespace {

const Value& Arg(Args& args, size_t i, const char* test) {
  if (i >= args.positional.size()) {
    if (!args.keywords.empty() && i == 0) return args.keywords[0].second;
    ThrowTypeError(std::string("test_") + test + "() missing 1 required positional argument");
  }
  return args.positional[i];
}

Value ModTwo(Interp& in, const Value& v) {
  if (v.IsUndefined()) ThrowUndefined(v);
  if (v.IsInt() || v.IsBool()) {
    int64_t r = v.AsInt() % 2;
    return Value(r < 0 ? r + 2 : r);
  }
  if (v.IsFloat()) return Value(std::fabs(std::fmod(v.AsDouble(), 2.0)));
  ThrowTypeError("unsupported operand type(s) for %: '" + v.TypeName() + "' and 'int'");
}

bool TOdd(Interp& in, const Value& v, Args&) { return ModTwo(in, v).AsDouble() == 1; }
bool TEven(Interp& in, const Value& v, Args&) { return ModTwo(in, v).AsDouble() == 0; }

bool TDivisibleby(Interp& in, const Value& v, Args& a) {
  const Value& n = Arg(a, 0, "divisibleby");
  if (v.IsUndefined()) ThrowUndefined(v);
  if (!v.IsNumber() || !n.IsNumber()) ThrowTypeError("unsupported operand type(s) for %: '" + v.TypeName() + "' and '" + n.TypeName() + "'");
  if (n.AsDouble() == 0) Throw("ZeroDivisionError", "integer division or modulo by zero");
  if ((v.IsInt() || v.IsBool()) && (n.IsInt() || n.IsBool())) return v.AsInt() % n.AsInt() == 0;
  return std::fmod(v.AsDouble(), n.AsDouble()) == 0;
}

bool TDefined(Interp&, const Value& v, Args&) { return !v.IsUndefined(); }
bool TUndefined(Interp&, const Value& v, Args&) { return v.IsUndefined(); }
bool TNone(Interp&, const Value& v, Args&) { return v.IsNone(); }
bool TBoolean(Interp&, const Value& v, Args&) { return v.IsBool(); }
bool TFalse(Interp&, const Value& v, Args&) { return v.IsBool() && !v.AsBool(); }
bool TTrue(Interp&, const Value& v, Args&) { return v.IsBool() && v.AsBool(); }
bool TInteger(Interp&, const Value& v, Args&) { return v.IsInt(); }
bool TFloat(Interp&, const Value& v, Args&) { return v.IsFloat(); }
bool TString(Interp&, const Value& v, Args&) { return v.IsString(); }
bool TMapping(Interp&, const Value& v, Args&) { return v.IsDict(); }
bool TNumber(Interp&, const Value& v, Args&) { return v.IsNumber(); }

bool TLower(Interp& in, const Value& v, Args&) {
  std::string s = in.Str(v);
  return s != ToUpperUtf8(s) && s == ToLowerUtf8(s);
}

bool TUpper(Interp& in, const Value& v, Args&) {
  std::string s = in.Str(v);
  return s != ToLowerUtf8(s) && s == ToUpperUtf8(s);
}

bool TSequence(Interp&, const Value& v, Args&) {
  if (v.IsString() || v.IsSequence() || v.IsDict()) return true;
  if (v.IsObject()) return v.AsObject()->Length().has_value();
  return false;
}

bool TIterable(Interp&, const Value& v, Args&) {
  if (v.IsString() || v.IsSequence() || v.IsDict() || v.IsUndefined()) return true;
  if (v.IsObject()) return v.AsObject()->Iterate().has_value();
  return false;
}

bool TCallable(Interp&, const Value& v, Args&) { return v.IsCallable() || v.IsUndefined(); }
bool TSameas(Interp&, const Value& v, Args& a) { return v.SameIdentity(Arg(a, 0, "sameas")); }
bool TEscaped(Interp&, const Value& v, Args&) { return v.IsMarkup(); }

bool TIn(Interp& in, const Value& v, Args& a) {
  const Value& seq = Arg(a, 0, "in");
  if (seq.IsString()) {
    if (!v.IsString()) ThrowTypeError("'in <string>' requires string as left operand, not " + v.TypeName());
    return seq.AsString().find(v.AsString()) != std::string::npos;
  }
  if (seq.IsDict()) return seq.AsDict().Find(v) != nullptr;
  for (const Value& x : in.Iterate(seq))
    if (x.Equals(v)) return true;
  return false;
}

bool TFilter(Interp& in, const Value& v, Args&) { return v.IsString() && in.env().FindFilter(v.AsString()); }
bool TTest(Interp& in, const Value& v, Args&) { return v.IsString() && in.env().FindTest(v.AsString()); }

bool TEq(Interp&, const Value& v, Args& a) { return v.Equals(Arg(a, 0, "eq")); }
bool TNe(Interp&, const Value& v, Args& a) { return !v.Equals(Arg(a, 0, "ne")); }
bool TGt(Interp&, const Value& v, Args& a) { return CompareValues(v, Arg(a, 0, "gt"), ">") > 0; }
bool TGe(Interp&, const Value& v, Args& a) { return CompareValues(v, Arg(a, 0, "ge"), ">=") >= 0; }
bool TLt(Interp&, const Value& v, Args& a) { return CompareValues(v, Arg(a, 0, "lt"), "<") < 0; }
bool TLe(Interp&, const Value& v, Args& a) { return CompareValues(v, Arg(a, 0, "le"), "<=") <= 0; }

const std::unordered_map<std::string, TestFn>& Tests() {
  static const std::unordered_map<std::string, TestFn> kTests = {
      {"odd", TOdd},           {"even", TEven},         {"divisibleby", TDivisibleby}, {"defined", TDefined},
      {"undefined", TUndefined}, {"filter", TFilter},   {"test", TTest},           {"none", TNone},
      {"boolean", TBoolean},   {"false", TFalse},       {"true", TTrue},           {"integer", TInteger},
      {"float", TFloat},       {"lower", TLower},       {"upper", TUpper},         {"string", TString},
      {"mapping", TMapping},   {"number", TNumber},     {"sequence", TSequence},   {"iterable", TIterable},
      {"callable", TCallable}, {"sameas", TSameas},     {"escaped", TEscaped},     {"in", TIn},
      {"==", TEq},             {"eq", TEq},             {"equalto", TEq},          {"!=", TNe},
      {"ne", TNe},             {">", TGt},              {"gt", TGt},               {"greaterthan", TGt},
      {">=", TGe},             {"ge", TGe},             {"<", TLt},                {"lt", TLt},
      {"lessthan", TLt},       {"<=", TLe},             {"le", TLe},
  };
  return kTests;
}

}  // namespace

const TestFn* FindBuiltinTest(const std::string& name) {
  auto it = Tests().find(name);
  return it == Tests().end() ? nullptr : &it->second;
}

const TestFunc* FindBuiltinTestFunc(const std::string& name) {
  static const auto* wrapped = [] {
    auto* m = new std::unordered_map<std::string, TestFunc>;
    for (const auto& [k, fn] : Tests()) m->emplace(k, fn);
    return m;
  }();
  auto it = wrapped->find(name);
  return it == wrapped->end() ? nullptr : &it->second;
}

}  // namespace stacks::tmpl
