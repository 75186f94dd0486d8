// The few functions and methods settings files call that stacks evaluates.
#include <unicode/locid.h>
#include <unicode/unistr.h>

#include "base/base.h"
#include "site/pyconf.h"

namespace stacks::site {
namespace {

using K = PyValue::Kind;

// str.upper()/str.lower(): full Unicode case mapping (ß -> SS), as Python.
std::string ChangeCase(const std::string& s, bool upper) {
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(icu::StringPiece(s.data(), static_cast<int32_t>(s.size())));
  if (upper) u.toUpper(icu::Locale::getRoot());
  else u.toLower(icu::Locale::getRoot());
  std::string out;
  u.toUTF8String(out);
  return out;
}

CallResult Value(PyValue v) { return {std::move(v), {}}; }
CallResult Error(std::string message) { return {std::nullopt, std::move(message)}; }
CallResult NotEvaluated() { return {}; }

bool AllStrings(const std::vector<PyValue>& args, const Kwargs& kwargs) {
  for (const PyValue& a : args)
    if (a.kind != K::kStr) return false;
  return kwargs.empty();
}

// posixpath.join: an absolute part restarts the path.
PyValue PathJoin(const std::vector<PyValue>& args) {
  std::string out;
  for (const PyValue& a : args) {
    if (!a.str.empty() && a.str[0] == '/') out = a.str;
    else if (out.empty() || out.back() == '/') out += a.str;
    else out += "/" + a.str;
  }
  return PyValue::Str(out);
}

// posixpath.dirname/basename: split after the last slash; the head keeps a
// root made only of slashes.
PyValue PathSplitPart(const std::string& path, bool want_dirname) {
  size_t slash = path.rfind('/');
  std::string head = slash == std::string::npos ? "" : path.substr(0, slash + 1);
  std::string tail = slash == std::string::npos ? path : path.substr(slash + 1);
  if (!want_dirname) return PyValue::Str(tail);
  if (head.find_first_not_of('/') != std::string::npos)
    while (!head.empty() && head.back() == '/') head.pop_back();
  return PyValue::Str(head);
}

CallResult IntOf(const PyValue& v) {
  if (v.kind == K::kFloat) return Value(PyValue::Int(static_cast<int64_t>(v.real)));
  if (v.kind == K::kBool) return Value(PyValue::Int(v.boolean));
  if (v.kind == K::kInt) return Value(v);
  if (v.kind != K::kStr) return NotEvaluated();
  std::string text(StripAscii(v.str));
  try {
    size_t used = 0;
    int64_t parsed = std::stoll(text, &used);
    if (used == text.size()) return Value(PyValue::Int(parsed));
  } catch (...) {
  }
  return Error("ValueError: invalid literal for int() with base 10: " + Repr(v));
}

CallResult LenOf(const PyValue& v) {
  if (v.kind == K::kStr) return Value(PyValue::Int(static_cast<int64_t>(CountCodePoints(v.str))));
  if (v.IsSequence()) return Value(PyValue::Int(static_cast<int64_t>(v.items.size())));
  if (v.kind == K::kDict) return Value(PyValue::Int(static_cast<int64_t>(v.entries.size())));
  return NotEvaluated();
}

CallResult SequenceOf(const std::string& name, const std::vector<PyValue>& args) {
  std::vector<PyValue> items;
  if (!args.empty()) {
    if (args[0].IsSequence()) items = args[0].items;
    else if (args[0].kind == K::kDict)
      for (const auto& [k, v] : args[0].entries) items.push_back(k);
    else return NotEvaluated();
  }
  return Value(name == "list" ? PyValue::List(std::move(items)) : PyValue::Tuple(std::move(items)));
}

std::string Strip(const std::string& s, const std::string& method, const std::string& chars) {
  size_t b = method == "rstrip" ? 0 : s.find_first_not_of(chars);
  if (b == std::string::npos) return "";
  size_t e = method == "lstrip" ? s.size() : s.find_last_not_of(chars) + 1;
  return s.substr(b, e - b);
}

std::vector<PyValue> SplitOn(const std::string& s, const std::string& sep) {
  std::vector<PyValue> parts;
  size_t from = 0;
  while (true) {
    size_t at = s.find(sep, from);
    parts.push_back(PyValue::Str(s.substr(from, at == std::string::npos ? std::string::npos : at - from)));
    if (at == std::string::npos) return parts;
    from = at + sep.size();
  }
}

CallResult StringMethod(const std::string& s, const std::string& method, const std::vector<PyValue>& args,
                        const Kwargs& kwargs) {
  auto str_arg = [&](size_t i) -> std::optional<std::string> {
    if (i < args.size() && args[i].kind == K::kStr) return args[i].str;
    return std::nullopt;
  };
  if (method == "format") {
    std::string error;
    std::optional<std::string> out = BraceFormat(s, args, kwargs, &error);
    return out ? Value(PyValue::Str(*out)) : Error(error);
  }
  if (!kwargs.empty()) return NotEvaluated();
  if (method == "join" && args.size() == 1 && args[0].IsSequence()) {
    std::vector<std::string> parts;
    for (const PyValue& item : args[0].items) {
      if (item.kind != K::kStr) return Error("TypeError: sequence item: expected str instance, " + Repr(item) + " found");
      parts.push_back(item.str);
    }
    return Value(PyValue::Str(Join(parts, s)));
  }
  if ((method == "lower" || method == "upper") && args.empty()) return Value(PyValue::Str(ChangeCase(s, method == "upper")));
  if ((method == "strip" || method == "lstrip" || method == "rstrip") && args.size() <= 1)
    return Value(PyValue::Str(Strip(s, method, str_arg(0).value_or(" \t\n\r\f\v"))));
  if (method == "replace" && args.size() == 2 && str_arg(0) && str_arg(1) && !str_arg(0)->empty())
    return Value(PyValue::Str(ReplaceAll(s, *str_arg(0), *str_arg(1))));
  if ((method == "startswith" || method == "endswith") && args.size() == 1 && str_arg(0)) {
    std::string x = *str_arg(0);
    bool r = method == "startswith" ? s.rfind(x, 0) == 0
                                    : s.size() >= x.size() && s.compare(s.size() - x.size(), x.size(), x) == 0;
    return Value(PyValue::Bool(r));
  }
  if (method == "split" && args.size() == 1 && str_arg(0) && !str_arg(0)->empty())
    return Value(PyValue::List(SplitOn(s, *str_arg(0))));
  return NotEvaluated();
}

}  // namespace

CallResult CallFunction(const std::string& name, const std::vector<PyValue>& args, const Kwargs& kwargs) {
  if (name == "os.path.join" && !args.empty() && AllStrings(args, kwargs)) return Value(PathJoin(args));
  if ((name == "os.path.dirname" || name == "os.path.basename") && args.size() == 1 && AllStrings(args, kwargs))
    return Value(PathSplitPart(args[0].str, name == "os.path.dirname"));
  if (name == "dict" && args.size() <= 1) {
    PyValue out = args.empty() ? PyValue::Dict() : args[0];
    if (out.kind != K::kDict) return NotEvaluated();
    for (const auto& [k, v] : kwargs) out.Set(PyValue::Str(k), v);
    return Value(out);
  }
  if (!kwargs.empty() || args.size() > 1) return NotEvaluated();
  if (name == "list" || name == "tuple") return SequenceOf(name, args);
  if (name == "str") return Value(PyValue::Str(args.empty() ? "" : Str(args[0])));
  if (name == "bool") return Value(PyValue::Bool(!args.empty() && args[0].Truthy()));
  if (name == "int" && args.size() == 1) return IntOf(args[0]);
  if (name == "len" && args.size() == 1) return LenOf(args[0]);
  return NotEvaluated();
}

CallResult CallMethod(const PyValue& obj, const std::string& method, const std::vector<PyValue>& args,
                      const Kwargs& kwargs) {
  if (obj.kind == K::kStr) return StringMethod(obj.str, method, args, kwargs);
  if ((obj.kind == K::kDict || obj.kind == K::kList) && method == "copy" && args.empty() && kwargs.empty())
    return Value(obj);
  if (obj.kind == K::kDict && method == "get" && !args.empty() && args.size() <= 2 && kwargs.empty()) {
    PyValue* found = const_cast<PyValue&>(obj).Find(args[0]);
    return Value(found ? *found : (args.size() == 2 ? args[1] : PyValue::None()));
  }
  return NotEvaluated();
}

}  // namespace stacks::site
