#include "template/runtime.h"

#include <algorithm>
#include <functional>

namespace stacks::tmpl {
namespace {

// Whether `body` reads a variable called `name` (Jinja decides from this
// whether a macro takes varargs, kwargs or caller).
bool ReadsName(const Node& n, std::string_view name) {
  if (n.kind == NodeKind::kName && n.name == name) return true;
  for (const NodePtr* p : {&n.a, &n.b, &n.c, &n.target, &n.dyn_args, &n.dyn_kwargs})
    if (*p && ReadsName(**p, name)) return true;
  for (const auto* list : {&n.args, &n.body, &n.else_body, &n.defaults, &n.values})
    for (const auto& x : *list)
      if (ReadsName(*x, name)) return true;
  for (const auto& [k, v] : n.kwargs)
    if (ReadsName(*v, name)) return true;
  for (const auto& [k, v] : n.compare)
    if (ReadsName(*v, name)) return true;
  return false;
}

bool BodyReads(const std::vector<NodePtr>& body, std::string_view name) {
  for (const auto& n : body)
    if (ReadsName(*n, name)) return true;
  return false;
}

}  // namespace

Macro::Macro(const Node& node, std::shared_ptr<const Template> tmpl, FramePtr closure, bool autoescape, bool is_caller)
    : node_(node), tmpl_(std::move(tmpl)), closure_(std::move(closure)), autoescape_(autoescape) {
  name_ = is_caller ? "caller" : node.name;
  is_caller_ = is_caller;
  if (node.reads_varargs < 0) {
    node.reads_varargs = BodyReads(node.body, "varargs");
    node.reads_kwargs = BodyReads(node.body, "kwargs");
    node.reads_caller = BodyReads(node.body, "caller");
  }
  catch_varargs_ = node.reads_varargs;
  catch_kwargs_ = node.reads_kwargs;
  caller_ = node.reads_caller;
  for (const auto& p : node.params)
    if (p == "caller") explicit_caller_ = true;
}

std::optional<Value> Macro::GetAttr(std::string_view name) const {
  if (name == "name") return Value(name_);
  if (name == "arguments") {
    List l;
    for (const auto& p : node_.params) l.push_back(Value(p));
    return Value::MakeTuple(std::move(l));
  }
  if (name == "catch_kwargs") return Value(catch_kwargs_);
  if (name == "catch_varargs") return Value(catch_varargs_);
  if (name == "caller") return Value(caller_);
  return std::nullopt;
}

// Binds arguments as jinja2.runtime.Macro does: positionals first, then
// keywords by parameter name, then defaults (evaluated in the macro's own
// frame); the rest goes to varargs/kwargs or is an error.
Value Macro::Call(Interp& in, Args& args) {
  const auto& params = node_.params;
  size_t nparams = params.size();
  size_t ndefaults = node_.defaults.size();
  auto frame = Frame::Child(closure_);
  std::vector<std::pair<std::string, Value>> kwargs = args.keywords;
  auto take_kw = [&](const std::string& name, Value& out) {
    for (auto it = kwargs.begin(); it != kwargs.end(); ++it) {
      if (it->first == name) {
        out = it->second;
        kwargs.erase(it);
        return true;
      }
    }
    return false;
  };
  bool found_caller = false;
  std::vector<std::pair<size_t, bool>> missing;
  for (size_t i = 0; i < nparams; ++i) {
    Value v;
    if (i < args.positional.size()) {
      v = args.positional[i];
    } else if (take_kw(params[i], v)) {
      if (params[i] == "caller") found_caller = true;
    } else {
      if (params[i] == "caller") found_caller = true;
      missing.emplace_back(i, true);
      continue;
    }
    frame->Set(params[i], v);
  }
  if (args.positional.size() >= nparams && nparams > 0) found_caller = explicit_caller_;
  if (nparams == 0) found_caller = explicit_caller_;
  if (caller_ && !found_caller) {
    Value c;
    if (!take_kw("caller", c)) c = Value::UndefinedHint("No caller defined");
    frame->Set("caller", c);
  }
  if (catch_kwargs_) {
    Value d = Value::MakeDict();
    for (auto& [k, v] : kwargs) d.AsDict().Set(Value(k), v);
    frame->Set("kwargs", d);
  } else if (!kwargs.empty()) {
    for (const auto& [k, v] : kwargs)
      if (k == "caller")
        ThrowTypeError("macro " + ReprString(name_) +
                       " was invoked with two values for the special caller argument. This is most likely a bug.");
    ThrowTypeError("macro " + ReprString(name_) + " takes no keyword argument " + ReprString(kwargs[0].first));
  }
  if (catch_varargs_) {
    List rest;
    for (size_t i = nparams; i < args.positional.size(); ++i) rest.push_back(args.positional[i]);
    frame->Set("varargs", Value::MakeTuple(std::move(rest)));
  } else if (args.positional.size() > nparams) {
    ThrowTypeError("macro " + ReprString(name_) + " takes not more than " + std::to_string(nparams) + " argument(s)");
  }
  in.EnterDepth();
  bool saved_escape = in.autoescape();
  auto saved_tmpl = in.SwapTemplate(tmpl_);
  std::string text;
  try {
    for (const auto& [i, unused] : missing) {
      size_t first_default = nparams - ndefaults;
      Value v = i >= first_default ? in.Eval(*node_.defaults[i - first_default], frame)
                                   : Value::UndefinedHint("parameter " + ReprString(params[i]) + " was not provided");
      frame->Set(params[i], v);
    }
    in.set_autoescape(autoescape_);
    text = in.Capture(node_.body, frame);
  } catch (...) {
    in.SwapTemplate(saved_tmpl);
    in.set_autoescape(saved_escape);
    in.LeaveDepth();
    throw;
  }
  in.SwapTemplate(saved_tmpl);
  in.set_autoescape(saved_escape);
  in.LeaveDepth();
  return autoescape_ ? Value::Markup(std::move(text)) : Value(std::move(text));
}

std::optional<Value> Namespace::GetAttr(std::string_view name) const {
  if (const Value* v = attrs.Find(name)) return *v;
  return std::nullopt;
}

std::optional<Value> Namespace::GetItem(const Value& key) const {
  if (const Value* v = attrs.Find(key)) return *v;
  return std::nullopt;
}

bool Namespace::SetAttr(std::string_view name, Value value) {
  attrs.Set(Value(name), std::move(value));
  return true;
}

std::string Namespace::Repr() const {
  std::string out = "<Namespace {";
  bool first = true;
  for (const auto& [k, v] : attrs.items()) {
    if (!first) out += ", ";
    first = false;
    out += k.Repr() + ": " + v.Repr();
  }
  return out + "}>";
}

std::optional<Value> Module::GetAttr(std::string_view name) const {
  if (const Value* v = exports_.Find(name)) return *v;
  return std::nullopt;
}

std::optional<Value> SelfRef::GetAttr(std::string_view name) const {
  if (std::find(blocks_.begin(), blocks_.end(), name) == blocks_.end()) return std::nullopt;
  return Value::MakeObject(std::make_shared<BlockCall>(std::string(name), 0));
}

Value BlockCall::Call(Interp& in, Args& args) { return in.MarkupIfAutoescape(in.RenderBlock(name_, index_)); }

namespace {

Value LoopCycle(Interp&, Args& args, const Value& self) {
  auto* loop = static_cast<LoopObject*>(self.AsObject().get());
  if (args.positional.empty()) ThrowTypeError("no items for cycling given");
  int64_t i = loop->GetAttr("index0")->AsInt();
  return args.positional[static_cast<size_t>(i) % args.positional.size()];
}

Value LoopChanged(Interp&, Args& args, const Value& self) {
  auto* loop = static_cast<LoopObject*>(self.AsObject().get());
  Value current = Value::MakeTuple(args.positional);
  if (!loop->changed_seen_ || !loop->changed_last_.Equals(current)) {
    loop->changed_seen_ = true;
    loop->changed_last_ = current;
    return Value(true);
  }
  return Value(false);
}

}  // namespace

std::optional<Value> LoopObject::GetAttr(std::string_view name) const {
  size_t n = items_.size();
  if (name == "index") return Value(index_ + 1);
  if (name == "index0") return Value(index_);
  if (name == "revindex") return Value(n - index_);
  if (name == "revindex0") return Value(n - index_ - 1);
  if (name == "first") return Value(index_ == 0);
  if (name == "last") return Value(index_ + 1 == n);
  if (name == "length") return Value(n);
  if (name == "depth") return Value(depth_);
  if (name == "depth0") return Value(depth_ - 1);
  if (name == "previtem")
    return index_ > 0 ? items_[index_ - 1] : Value::UndefinedHint("there is no previous item");
  if (name == "nextitem") return index_ + 1 < n ? items_[index_ + 1] : Value::UndefinedHint("there is no next item");
  Value self = Value::MakeObject(std::const_pointer_cast<LoopObject>(shared_from_this()));
  if (name == "cycle") return Value::MakeObject(std::make_shared<Function>("cycle", LoopCycle, self));
  if (name == "changed") return Value::MakeObject(std::make_shared<Function>("changed", LoopChanged, self));
  return std::nullopt;
}

Value LoopObject::Call(Interp& in, Args& args) {
  if (!node_.recursive) ThrowTypeError("'LoopContext' object is not callable");
  if (args.positional.size() != 1) ThrowTypeError("loop() takes exactly one argument");
  List items = in.FilterLoopItems(node_, frame_, in.Iterate(args.positional[0]));
  std::string text;
  if (!items.empty()) text = in.CaptureLoop(node_, frame_, std::move(items), depth_ + 1);
  return in.MarkupIfAutoescape(std::move(text));
}

}  // namespace stacks::tmpl
