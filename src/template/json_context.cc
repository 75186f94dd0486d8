// JSON contexts for templates: JSON values become template values, with
// three conventions for what JSON cannot say (used by the CLI, the
// conformance suite and the bench):
//   {"__datetime__": ISO}            a datetime
//   {"__object__": TEXT, key: ...}   an object with attributes
//   {"__callable__": VALUE}          a method returning VALUE
#include <memory>
#include <string>

#include "template/template.h"

namespace stacks::tmpl {
namespace {

// {"__object__": TEXT, key: value...}: an object with attributes, printed as
// TEXT, equal to and ordered like other such objects by TEXT (the shape of
// Pelican's URLWrapper values in test contexts).
class HostObject : public Object {
 public:
  HostObject(std::string text, Dict attrs) : text_(std::move(text)), attrs_(std::move(attrs)) {}
  std::string TypeName() const override { return "HostObject"; }
  std::string TypeRepr() const override { return "HostObject object"; }
  std::optional<Value> GetAttr(std::string_view name) const override {
    if (const Value* v = attrs_.Find(name)) return *v;
    return std::nullopt;
  }
  std::string Str() const override { return text_; }
  std::string Repr() const override { return "<HostObject " + ReprString(text_) + ">"; }
  bool Equals(const Object& other) const override {
    auto* o = dynamic_cast<const HostObject*>(&other);
    return o && o->text_ == text_;
  }
  std::optional<int> Compare(const Value& other) const override {
    std::string o = other.Str();
    return text_ < o ? -1 : text_ > o ? 1 : 0;
  }

 private:
  std::string text_;
  Dict attrs_;
};

// {"__callable__": VALUE}: a method returning VALUE whatever its arguments.
class Constant : public Object {
 public:
  explicit Constant(Value value) : value_(std::move(value)) {}
  std::string TypeName() const override { return "Constant"; }
  bool IsCallable() const override { return true; }
  Value Call(Interp&, Args&) override { return value_; }

 private:
  Value value_;
};

}  // namespace

Value ValueFromJson(const nlohmann::ordered_json& j) {
  switch (j.type()) {
    case nlohmann::ordered_json::value_t::null: return Value::None();
    case nlohmann::ordered_json::value_t::boolean: return Value(j.get<bool>());
    case nlohmann::ordered_json::value_t::number_integer: return Value(j.get<int64_t>());
    case nlohmann::ordered_json::value_t::number_unsigned: return Value(static_cast<int64_t>(j.get<uint64_t>()));
    case nlohmann::ordered_json::value_t::number_float: return Value(j.get<double>());
    case nlohmann::ordered_json::value_t::string: return Value(j.get<std::string>());
    case nlohmann::ordered_json::value_t::array: {
      List items;
      for (const auto& x : j) items.push_back(ValueFromJson(x));
      return Value::MakeList(std::move(items));
    }
    case nlohmann::ordered_json::value_t::object: {
      if (j.size() == 1 && j.contains("__datetime__") && j["__datetime__"].is_string()) {
        if (auto dt = MakeDateTime(j["__datetime__"].get<std::string>())) return *dt;
      }
      if (j.size() == 1 && j.contains("__callable__"))
        return Value::MakeObject(std::make_shared<Constant>(ValueFromJson(j["__callable__"])));
      Value d = Value::MakeDict();
      for (auto it = j.begin(); it != j.end(); ++it)
        if (it.key() != "__object__") d.AsDict().Set(Value(it.key()), ValueFromJson(it.value()));
      if (j.contains("__object__"))
        return Value::MakeObject(std::make_shared<HostObject>(j["__object__"].get<std::string>(), d.AsDict()));
      return d;
    }
    default: return Value::None();
  }
}

}  // namespace stacks::tmpl
