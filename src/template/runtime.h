// Runtime objects templates see: macros, the loop variable, namespaces,
// imported modules, `self` and `super`.
#pragma once

#include <memory>
#include <string>

#include "template/interp.h"

namespace stacks::tmpl {

/// A `{% macro %}` or the `caller` of a `{% call %}` block.
class Macro : public Object {
 public:
  Macro(const Node& node, std::shared_ptr<const Template> tmpl, FramePtr closure, bool autoescape, bool is_caller);
  std::string TypeName() const override { return "Macro"; }
  std::string TypeRepr() const override { return "jinja2.runtime.Macro object"; }
  std::string Repr() const override { return is_caller_ ? "<Macro anonymous>" : "<Macro '" + name_ + "'>"; }
  bool IsCallable() const override { return true; }
  Value Call(Interp& interp, Args& args) override;
  std::optional<Value> GetAttr(std::string_view name) const override;

 private:
  const Node& node_;
  std::shared_ptr<const Template> tmpl_;
  FramePtr closure_;
  bool autoescape_;
  std::string name_;
  bool catch_kwargs_ = false, catch_varargs_ = false, caller_ = false, explicit_caller_ = false;
  bool is_caller_ = false;
};

/// A dict-like object whose attributes `{% set ns.x = ... %}` can assign.
class Namespace : public Object {
 public:
  std::string TypeName() const override { return "Namespace"; }
  std::string TypeRepr() const override { return "jinja2.utils.Namespace object"; }
  std::optional<Value> GetAttr(std::string_view name) const override;
  std::optional<Value> GetItem(const Value& key) const override;
  bool SetAttr(std::string_view name, Value value) override;
  std::string Repr() const override;
  Dict attrs;
};

/// The names a template exports, as `{% import %}` binds them.
class Module : public Object {
 public:
  Module(std::string name, Dict exports, std::string body) : name_(std::move(name)), exports_(std::move(exports)), body_(std::move(body)) {}
  std::string TypeName() const override { return "TemplateModule"; }
  std::string TypeRepr() const override { return "jinja2.environment.TemplateModule object"; }
  std::optional<Value> GetAttr(std::string_view name) const override;
  std::string Str() const override { return body_; }
  std::string Repr() const override { return "<TemplateModule '" + name_ + "'>"; }
  const Dict& exports() const { return exports_; }
  bool IsSafe() const override { return true; }

 private:
  std::string name_;
  Dict exports_;
  std::string body_;
};

/// `self`: each block of the current template chain as a callable.
class SelfRef : public Object {
 public:
  SelfRef(std::vector<std::string> blocks, std::string name) : blocks_(std::move(blocks)), name_(std::move(name)) {}
  std::string TypeName() const override { return "TemplateReference"; }
  std::string TypeRepr() const override { return "jinja2.runtime.TemplateReference object"; }
  std::optional<Value> GetAttr(std::string_view name) const override;
  std::string Repr() const override { return "<TemplateReference " + ReprString(name_) + ">"; }

 private:
  std::vector<std::string> blocks_;
  std::string name_;
};

/// A block renderer: `self.name()` (index 0) or `super()` (the next one).
class BlockCall : public Object {
 public:
  BlockCall(std::string name, size_t index) : name_(std::move(name)), index_(index) {}
  std::string TypeName() const override { return "BlockReference"; }
  bool IsCallable() const override { return true; }
  Value Call(Interp& interp, Args& args) override;
  std::string Repr() const override { return "<BlockReference '" + name_ + "'>"; }
  std::optional<Value> GetAttr(std::string_view name) const override {
    if (name == "super") return Value::MakeObject(std::make_shared<BlockCall>(name_, index_ + 1));
    return std::nullopt;
  }

 private:
  std::string name_;
  size_t index_;
};

/// A read-only sequence with its own Python type: range objects, dict
/// views, groupby's (grouper, list) named tuples.
class SequenceObject : public Object {
 public:
  SequenceObject(std::string type, List items, std::string repr, bool subscriptable,
                 std::vector<std::string> fields = {})
      : type_(std::move(type)), items_(std::move(items)), repr_(std::move(repr)), subscriptable_(subscriptable),
        fields_(std::move(fields)) {}
  std::string TypeName() const override { return type_; }
  std::string TypeRepr() const override { return type_ + " object"; }
  std::string Repr() const override { return repr_; }
  bool Truthy() const override { return !items_.empty(); }
  std::optional<List> Iterate() const override { return items_; }
  std::optional<size_t> Length() const override { return items_.size(); }
  std::optional<Value> GetAttr(std::string_view name) const override {
    for (size_t i = 0; i < fields_.size() && i < items_.size(); ++i)
      if (fields_[i] == name) return items_[i];
    return std::nullopt;
  }
  std::optional<Value> GetItem(const Value& key) const override {
    if (!subscriptable_ || !(key.IsInt() || key.IsBool())) return std::nullopt;
    int64_t i = key.AsInt();
    if (!NormalizeIndex(i, items_.size())) return std::nullopt;
    return items_[static_cast<size_t>(i)];
  }
  bool Equals(const Object& other) const override {
    auto* o = dynamic_cast<const SequenceObject*>(&other);
    return o && o->type_ == type_ && Value::MakeList(items_).Equals(Value::MakeList(o->items_));
  }
  std::optional<int> Compare(const Value& other) const override {
    if (!other.IsObject()) return std::nullopt;
    auto* o = dynamic_cast<const SequenceObject*>(other.AsObject().get());
    if (!o || o->type_ != type_) return std::nullopt;
    return CompareValues(Value::MakeTuple(items_), Value::MakeTuple(o->items_));
  }

 private:
  std::string type_;
  List items_;
  std::string repr_;
  bool subscriptable_;
  std::vector<std::string> fields_;
};

/// The `loop` variable of a for loop.
class LoopObject : public Object, public std::enable_shared_from_this<LoopObject> {
 public:
  LoopObject(Interp& interp, const Node& node, FramePtr frame, List items, int depth)
      : interp_(interp), node_(node), frame_(std::move(frame)), items_(std::move(items)), depth_(depth) {}
  const List& items() const { return items_; }
  std::string TypeName() const override { return "LoopContext"; }
  std::string TypeRepr() const override { return "jinja2.runtime.LoopContext object"; }
  std::optional<Value> GetAttr(std::string_view name) const override;
  bool IsCallable() const override { return node_.recursive; }
  Value Call(Interp& interp, Args& args) override;
  std::string Repr() const override {
    return "<LoopContext " + std::to_string(index_ + 1) + "/" + std::to_string(items_.size()) + ">";
  }
  void set_index(size_t i) { index_ = i; }
  Value changed_last_;
  bool changed_seen_ = false;

 private:
  Interp& interp_;
  const Node& node_;
  FramePtr frame_;
  List items_;
  int depth_;
  size_t index_ = 0;
};

}  // namespace stacks::tmpl
