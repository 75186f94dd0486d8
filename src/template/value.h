// Values a template computes with, shaped like the Python objects Jinja2
// templates see: None, bool, int, float, str, Markup, list, tuple, dict,
// callables, host objects and Undefined.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <variant>
#include <vector>

namespace stacks::tmpl {

class Value;
class BigInt;
class Dict;
class Object;
class Interp;

using List = std::vector<Value>;

/// Why a value is undefined; becomes Jinja's UndefinedError message when the
/// value is used in a way Undefined forbids.
struct UndefinedInfo {
  std::string name;       // the missing name or attribute
  std::string obj_type;   // "dict object", ... ; empty: a plain missing variable
  bool name_is_str = true;
  std::string hint;       // overrides the message when set
  bool lenient = false;   // never strict (the missing else of an inline if)
  std::string Message() const;
};

enum class Type : uint8_t { kUndefined, kNone, kBool, kInt, kFloat, kString, kList, kTuple, kDict, kObject };

/// A dynamically typed value. Containers are shared (Python reference
/// semantics): copying a Value copies the reference, not the list.
class Value {
 public:
  Value() : type_(Type::kUndefined) {}
  static Value None() { Value v; v.type_ = Type::kNone; return v; }
  static Value Undefined(std::string name, std::string obj_type = "", bool name_is_str = true);
  static Value UndefinedHint(std::string hint);
  static Value LenientUndefined(std::string hint);
  Value(bool b) : type_(Type::kBool), data_(b) {}
  Value(int i) : type_(Type::kInt), data_(int64_t{i}) {}
  Value(int64_t i) : type_(Type::kInt), data_(i) {}
  Value(size_t i) : type_(Type::kInt), data_(static_cast<int64_t>(i)) {}
  Value(double d) : type_(Type::kFloat), data_(d) {}
  /// An int of any size: int64 when it fits, else a BigInt.
  static Value FromBig(BigInt b);
  Value(std::string s) : type_(Type::kString), data_(std::make_shared<const std::string>(std::move(s))) {}
  Value(std::string_view s) : Value(std::string(s)) {}
  Value(const char* s) : Value(std::string(s)) {}
  static Value Markup(std::string s) { Value v(std::move(s)); v.safe_ = true; return v; }
  static Value MakeList(List items = {});
  static Value MakeTuple(List items = {});
  static Value MakeDict();
  static Value MakeDict(std::shared_ptr<Dict> d);
  static Value MakeObject(std::shared_ptr<Object> o);

  Type type() const { return type_; }
  bool IsUndefined() const { return type_ == Type::kUndefined; }
  bool IsNone() const { return type_ == Type::kNone; }
  bool IsBool() const { return type_ == Type::kBool; }
  bool IsInt() const { return type_ == Type::kInt; }
  bool IsFloat() const { return type_ == Type::kFloat; }
  bool IsNumber() const { return type_ == Type::kInt || type_ == Type::kFloat || type_ == Type::kBool; }
  bool IsString() const { return type_ == Type::kString; }
  bool IsMarkup() const;
  bool IsList() const { return type_ == Type::kList; }
  bool IsTuple() const { return type_ == Type::kTuple; }
  bool IsSequence() const { return type_ == Type::kList || type_ == Type::kTuple; }
  bool IsDict() const { return type_ == Type::kDict; }
  bool IsObject() const { return type_ == Type::kObject; }
  bool IsCallable() const;

  bool AsBool() const { return std::get<bool>(data_); }
  /// An int or bool as int64 (an int beyond int64 saturates: see AsBig).
  int64_t AsInt() const {
    if (type_ == Type::kBool) return AsBool() ? 1 : 0;
    if (const int64_t* i = std::get_if<int64_t>(&data_)) return *i;
    return BigSaturated();
  }
  /// An int beyond int64, or nullptr.
  const BigInt* AsBig() const;
  bool IsBigInt() const { return AsBig() != nullptr; }
  /// An int or bool of any size as a BigInt.
  BigInt ToBig() const;
  double AsDouble() const;
  const std::string& AsString() const { return *std::get<std::shared_ptr<const std::string>>(data_); }
  List& AsList() const { return *std::get<std::shared_ptr<List>>(data_); }
  Dict& AsDict() const { return *std::get<std::shared_ptr<Dict>>(data_); }
  const std::shared_ptr<Object>& AsObject() const { return std::get<std::shared_ptr<Object>>(data_); }
  const UndefinedInfo* undefined_info() const;

  /// Python's bool(x).
  bool Truthy() const;
  /// Python's str(x) (Undefined prints as "").
  std::string Str() const;
  /// Python's repr(x).
  std::string Repr() const;
  /// Python's ==.
  bool Equals(const Value& other) const;
  /// Python's type name as object_type_repr prints it ("dict object", "None").
  std::string TypeRepr() const;
  /// Python's type(x).__name__.
  std::string TypeName() const;
  bool SameIdentity(const Value& other) const;

 private:
  Type type_;
  bool safe_ = false;
  int64_t BigSaturated() const;
  std::variant<std::monostate, bool, int64_t, double, std::shared_ptr<const std::string>, std::shared_ptr<List>,
               std::shared_ptr<Dict>, std::shared_ptr<Object>, std::shared_ptr<const UndefinedInfo>,
               std::shared_ptr<const BigInt>>
      data_;
};

/// The hash of a str key (dicts and variable scopes use it).
inline uint64_t StrHash(std::string_view s) {
  uint64_t h = 1469598103934665603ull;  // FNV-1a
  for (char c : s) h = (h ^ static_cast<unsigned char>(c)) * 1099511628211ull;
  return h ^ (h >> 29);
}

/// Key used to index a dict: equal Python keys (1, 1.0, True) map to one key.
std::string HashKey(const Value& v);

/// A Python dict: insertion-ordered, any hashable key.
class Dict {
 public:
  const Value* Find(const Value& key) const;
  const Value* Find(std::string_view key) const;
  /// Find(key) with key's StrHash already computed.
  const Value* Find(std::string_view key, uint64_t hash) const;
  const Value* Find(const std::string& key) const { return Find(std::string_view(key)); }
  const Value* Find(const char* key) const { return Find(std::string_view(key)); }
  void Set(const Value& key, Value value);
  bool Erase(const Value& key);
  size_t size() const { return items_.size(); }
  bool empty() const { return items_.empty(); }
  const std::vector<std::pair<Value, Value>>& items() const { return items_; }
  void Clear() {
    items_.clear();
    index_.clear();
    str_slots_.clear();
    str_count_ = 0;
  }

 private:
  struct StringHash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  void Reindex();
  void IndexStrKeys();
  static constexpr size_t kSmall = 8;
  std::vector<std::pair<Value, Value>> items_;
  // str keys: an open-addressing table of item positions (-1: empty slot),
  // its size a power of two kept at least twice the number of str keys
  std::vector<int32_t> str_slots_;
  size_t str_count_ = 0;
  int32_t FindStr(std::string_view key) const { return FindStr(key, StrHash(key)); }
  int32_t FindStr(std::string_view key, uint64_t hash) const;
  void InsertStr(std::string_view key, int32_t pos);
  std::unordered_map<std::string, size_t> index_;  // other keys, by HashKey
};

/// Positional and keyword arguments of a call.
struct Args {
  List positional;
  std::vector<std::pair<std::string, Value>> keywords;
  /// The keyword argument `name`, or nullptr.
  const Value* Keyword(std::string_view name) const;
  /// The positional argument at `index`, else the keyword `name` (when
  /// given), else nullptr: a Python parameter that may be passed either way.
  const Value* Get(size_t index, std::string_view name = {}) const;
};

/// A host object: anything with attributes, or callable (macros, builtins,
/// bound methods, objects the site hands to templates).
class Object {
 public:
  virtual ~Object() = default;
  /// Python class name, as error messages print it ("Macro", "Article").
  virtual std::string TypeName() const = 0;
  /// Module-qualified type name for "'x object' has no attribute" messages.
  virtual std::string TypeRepr() const { return TypeName() + " object"; }
  virtual std::optional<Value> GetAttr(std::string_view name) const { return std::nullopt; }
  virtual std::optional<Value> GetItem(const Value& key) const { return std::nullopt; }
  /// Assigns an attribute (namespace objects); false when not supported.
  virtual bool SetAttr(std::string_view name, Value value) { return false; }
  virtual bool IsCallable() const { return false; }
  virtual Value Call(Interp& interp, Args& args);
  virtual std::string Str() const { return Repr(); }
  virtual std::string Repr() const { return "<" + TypeName() + " object>"; }
  virtual bool IsSafe() const { return false; }
  virtual bool Truthy() const { return true; }
  /// Items when the object is iterable.
  virtual std::optional<List> Iterate() const { return std::nullopt; }
  virtual std::optional<size_t> Length() const { return std::nullopt; }
  virtual bool Equals(const Object& other) const { return this == &other; }
  /// <0, 0, >0 when ordered against `other`; nullopt when not comparable.
  virtual std::optional<int> Compare(const Value& other) const { return std::nullopt; }
};

/// A builtin callable made from a C++ function.
class Function : public Object {
 public:
  using Fn = Value (*)(Interp&, Args&, const Value& self);
  Function(std::string name, Fn fn, Value self = Value()) : name_(std::move(name)), fn_(fn), self_(std::move(self)) {}
  std::string TypeName() const override { return "builtin_function_or_method"; }
  std::string Repr() const override { return "<built-in function " + name_ + ">"; }
  bool IsCallable() const override { return true; }
  Value Call(Interp& interp, Args& args) override { return fn_(interp, args, self_); }

 private:
  std::string name_;
  Fn fn_;
  Value self_;
};

/// Python repr() of a float: shortest round-trip digits, "1.0", "1e+16".
std::string FormatFloat(double d);
/// Python repr() of a str.
std::string ReprString(std::string_view s);
/// HTML-escapes &, <, >, ", ' as markupsafe does.
std::string EscapeHtml(std::string_view s);

}  // namespace stacks::tmpl
