// The values a Pelican settings file can hold once its literal subset of
// Python is evaluated: None, bools, ints, floats, str, list, tuple, dict, and
// "opaque" for anything stacks cannot compute (calls, imports, comprehensions).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

namespace stacks::site {

struct PyValue {
  enum class Kind { kNone, kBool, kInt, kFloat, kStr, kList, kTuple, kDict, kOpaque };
  Kind kind = Kind::kNone;
  bool boolean = false;
  int64_t integer = 0;
  double real = 0;
  std::string str;                                   // kStr; for kOpaque the source text
  std::vector<PyValue> items;                        // kList, kTuple
  std::vector<std::pair<PyValue, PyValue>> entries;  // kDict, in insertion order

  static PyValue None() { return {}; }
  static PyValue Bool(bool b);
  static PyValue Int(int64_t i);
  static PyValue Float(double d);
  static PyValue Str(std::string s);
  static PyValue List(std::vector<PyValue> items);
  static PyValue Tuple(std::vector<PyValue> items);
  static PyValue Dict();
  static PyValue Opaque(std::string source_text);

  bool IsNumber() const { return kind == Kind::kInt || kind == Kind::kFloat || kind == Kind::kBool; }
  bool IsSequence() const { return kind == Kind::kList || kind == Kind::kTuple; }
  bool ContainsOpaque() const;

  /// Python's truth value.
  bool Truthy() const;
  /// The dict entry whose key equals `key`, or nullptr.
  PyValue* Find(const PyValue& key);
  void Set(PyValue key, PyValue value);

  bool operator==(const PyValue& other) const;
};

/// Python's repr() and str().
std::string Repr(const PyValue& v);
std::string Str(const PyValue& v);
/// repr() of a float, the shortest string that reads back the same.
std::string FloatRepr(double d);

/// `format % args` with Python's printf-style rules; nullopt and `error` set
/// on a conversion Python would reject.
std::optional<std::string> PercentFormat(const std::string& format, const PyValue& args,
                                         std::string* error);
/// `format.format(*positional, **named)` (fields, indexes, conversions and
/// the common format specs).
std::optional<std::string> BraceFormat(const std::string& format,
                                       const std::vector<PyValue>& positional,
                                       const std::vector<std::pair<std::string, PyValue>>& named,
                                       std::string* error);

/// Python callables a settings file may put in JINJA_FILTERS, JINJA_TESTS or
/// JINJA_GLOBALS that stacks' templates implement, by dotted name ("len",
/// "sorted", "str.upper", "os.path.basename").
bool IsTemplateBuiltin(std::string_view dotted_name);
/// The value that stands for such a callable in the settings: the dict
/// {"$python": NAME} (so its JSON is {"$python": NAME}); and the name back
/// from that JSON, nullopt for any other value.
PyValue TemplateBuiltinValue(const std::string& dotted_name);
std::optional<std::string> TemplateBuiltinName(const nlohmann::ordered_json& j);

/// JSON for a value: tuples become arrays and their JSON pointers (below
/// `pointer`) are appended to `tuple_pointers`; opaque values are left out of
/// containers (the caller has warned about them already); dict keys that are
/// not strings become their str().
nlohmann::ordered_json ToJson(const PyValue& v, const std::string& pointer,
                              std::vector<std::string>* tuple_pointers);
/// The inverse, for values that come from JSON (overrides, TOML).
PyValue FromJson(const nlohmann::ordered_json& j);

}  // namespace stacks::site
