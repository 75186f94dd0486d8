// The interpreter: one switch over statement kinds (Exec) and one over
// expression kinds (Eval). Output goes to the current buffer; macros,
// blocks and captures swap the buffer. The innermost node that sees a
// RenderError records its position.
#include "template/interp.h"

#include <algorithm>
#include <cmath>

#include "base/base.h"
#include "template/runtime.h"

namespace stacks::tmpl {

void Throw(std::string kind, std::string message) { throw RenderError{std::move(kind), std::move(message)}; }
void ThrowTypeError(std::string message) { Throw("TypeError", std::move(message)); }
void ThrowUndefined(const Value& v) {
  const UndefinedInfo* info = v.undefined_info();
  Throw("UndefinedError", info ? info->Message() : "undefined value");
}

Frame::Var* Frame::FindVar(std::string_view name, uint64_t hash) {
  size_t n = std::min(count_, kInline);
  for (size_t i = 0; i < n; ++i)
    if (inline_[i].hash == hash && inline_[i].name == name) return &inline_[i];
  for (Var& v : more_)
    if (v.hash == hash && v.name == name) return &v;
  return nullptr;
}

const Value* Frame::LookupLocal(std::string_view name, uint64_t hash) const {
  if (bloom_ & BloomBit(hash))
    if (Var* v = const_cast<Frame*>(this)->FindVar(name, hash)) return &v->value;
  if (dict.IsDict()) return dict.AsDict().Find(name, hash);
  return nullptr;
}

const Value* Frame::Lookup(std::string_view name, uint64_t hash) const {
  for (const Frame* f = this; f; f = f->parent.get())
    if (const Value* v = f->LookupLocal(name, hash)) return v;
  return nullptr;
}

void Frame::Set(std::string_view name, uint64_t hash, Value value) {
  if (Var* v = (bloom_ & BloomBit(hash)) ? FindVar(name, hash) : nullptr) {
    v->value = std::move(value);
    return;
  }
  Var& slot = count_ < kInline ? inline_[count_] : more_.emplace_back();
  ++count_;
  bloom_ |= BloomBit(hash);
  slot.hash = hash;
  slot.name = name;
  slot.value = std::move(value);
}

void Frame::Clear() {
  for (size_t i = 0; i < std::min(count_, kInline); ++i) inline_[i].value = Value();
  more_.clear();
  count_ = 0;
  bloom_ = 0;
}

void Interp::EnterDepth() {
  if (++depth_ > env_.options().max_render_depth) {
    --depth_;
    Throw("RecursionError", "maximum recursion depth exceeded");
  }
}

void Interp::CheckDefined(const Value& v) const {
  if (v.IsUndefined()) ThrowUndefined(v);
}

std::string Interp::Str(const Value& v) {
  if (v.IsUndefined() && IsStrict(v)) ThrowUndefined(v);
  return v.Str();
}

Value Interp::Escape(const Value& v) {
  if (v.IsMarkup()) return v.IsString() ? v : Value::Markup(v.Str());
  return Value::Markup(EscapeHtml(Str(v)));
}

void Interp::Write(const Value& v) {
  if (v.IsString()) {
    if (autoescape_ && !v.IsMarkup()) out_->append(EscapeHtml(v.AsString()));
    else out_->append(v.AsString());
    return;
  }
  if (v.IsUndefined()) {
    if (IsStrict(v)) ThrowUndefined(v);
    return;
  }
  if (autoescape_ && !v.IsMarkup()) out_->append(EscapeHtml(v.Str()));
  else out_->append(v.Str());
}

// ---- statements -------------------------------------------------------------

Flow Interp::ExecBody(const std::vector<NodePtr>& body, const FramePtr& frame) {
  for (const auto& n : body) {
    Flow f = Exec(*n, frame);
    if (f != Flow::kNormal) return f;
  }
  return Flow::kNormal;
}

std::string Interp::Capture(const std::vector<NodePtr>& body, const FramePtr& frame) {
  std::string buf;
  std::string* saved = out_;
  out_ = &buf;
  try {
    ExecBody(body, frame);
  } catch (...) {
    out_ = saved;
    throw;
  }
  out_ = saved;
  return buf;
}

Flow Interp::Exec(const Node& n, const FramePtr& frame) {
  try {
    return ExecInner(n, frame);
  } catch (RenderError& e) {
    if (!e.located) {
      e.located = true;
      e.offset = n.offset;
      e.tmpl = tmpl_;
    }
    throw;
  }
}

Flow Interp::ExecInner(const Node& n, const FramePtr& frame) {
  bool suppressed = at_root_ && extended_;
  switch (n.kind) {
    case NodeKind::kOutput:
      if (suppressed) return Flow::kNormal;
      for (const auto& item : n.args) {
        if (item->kind == NodeKind::kData) {
          out_->append(item->value.AsString());
          continue;
        }
        try {
          Value tmp;
          Write(EvalRef(*item, frame, tmp));
        } catch (RenderError& e) {
          if (!e.located) {
            e.located = true;
            e.offset = item->offset;
            e.tmpl = tmpl_;
          }
          throw;
        }
      }
      return Flow::kNormal;
    case NodeKind::kIf: return ExecIf(n, frame);
    case NodeKind::kFor: return ExecFor(n, frame);
    case NodeKind::kAssign: ExecAssign(n, frame); return Flow::kNormal;
    case NodeKind::kAssignBlock: {
      std::string text = Capture(n.body, Frame::Child(frame));
      Value v = MarkupIfAutoescape(std::move(text));
      if (n.c) v = EvalFilter(*n.c, frame, &v);
      Assign(*n.target, v, frame);
      return Flow::kNormal;
    }
    case NodeKind::kMacro: ExecMacro(n, frame); return Flow::kNormal;
    case NodeKind::kCallBlock:
      if (!suppressed) ExecCallBlock(n, frame);
      return Flow::kNormal;
    case NodeKind::kFilterBlock: {
      if (suppressed) return Flow::kNormal;
      Value v = MarkupIfAutoescape(Capture(n.body, Frame::Child(frame)));
      Write(EvalFilter(*n.c, frame, &v));
      return Flow::kNormal;
    }
    case NodeKind::kInclude:
      if (!suppressed) ExecInclude(n, frame);
      return Flow::kNormal;
    case NodeKind::kImport:
    case NodeKind::kFromImport: ExecImport(n, frame); return Flow::kNormal;
    case NodeKind::kExtends: ExecExtends(n, frame); return Flow::kNormal;
    case NodeKind::kBlock:
      if (!suppressed) ExecBlock(n, frame);
      return Flow::kNormal;
    case NodeKind::kWith: {
      auto inner = Frame::Child(frame);
      std::vector<Value> values;
      for (const auto& v : n.values) values.push_back(Eval(*v, frame));
      for (size_t i = 0; i < n.targets.size(); ++i) Assign(*n.targets[i], values[i], inner);
      return ExecBody(n.body, inner);
    }
    case NodeKind::kAutoescape: {
      bool saved = autoescape_;
      autoescape_ = Eval(*n.a, frame).Truthy();
      Flow f;
      try {
        f = ExecBody(n.body, frame);
      } catch (...) {
        autoescape_ = saved;
        throw;
      }
      autoescape_ = saved;
      return f;
    }
    case NodeKind::kDo: Eval(*n.a, frame); return Flow::kNormal;
    case NodeKind::kBreak: return Flow::kBreak;
    case NodeKind::kContinue: return Flow::kContinue;
    default: Throw("RuntimeError", "internal error: not a statement");
  }
}

Flow Interp::ExecIf(const Node& n, const FramePtr& frame) {
  Value tmp;
  if (Truthy(EvalRef(*n.a, frame, tmp))) return ExecBody(n.body, frame);
  return ExecBody(n.else_body, frame);
}

void Interp::SetVar(const std::string& name, const Value& v, const FramePtr& frame, uint64_t hash) {
  frame->Set(name, hash ? hash : StrHash(name), v);
  if (frame == ctx_->vars && name[0] != '_') {
    if (std::find(ctx_->exported.begin(), ctx_->exported.end(), name) == ctx_->exported.end())
      ctx_->exported.push_back(name);
  }
}

void Interp::Assign(const Node& target, const Value& v, const FramePtr& frame) {
  if (target.kind == NodeKind::kName) {
    SetVar(target.name, v, frame, target.NameHash());
    return;
  }
  if (target.kind == NodeKind::kNSRef) {
    Value ns = Lookup(target.name, frame);
    if (!ns.IsObject() || !dynamic_cast<Namespace*>(ns.AsObject().get()))
      Throw("TemplateRuntimeError", "cannot assign attribute on non-namespace object");
    ns.AsObject()->SetAttr(target.attr, v);
    return;
  }
  // tuple unpacking
  List copy;
  if (!v.IsSequence()) copy = Iterate(v);
  const List& items = v.IsSequence() ? v.AsList() : copy;
  size_t want = target.args.size();
  if (items.size() > want)
    Throw("ValueError", "too many values to unpack (expected " + std::to_string(want) + ")");
  if (items.size() < want)
    Throw("ValueError",
          "not enough values to unpack (expected " + std::to_string(want) + ", got " + std::to_string(items.size()) + ")");
  for (size_t i = 0; i < want; ++i) Assign(*target.args[i], items[i], frame);
}

void Interp::ExecAssign(const Node& n, const FramePtr& frame) { Assign(*n.target, Eval(*n.a, frame), frame); }

List Interp::FilterLoopItems(const Node& n, const FramePtr& frame, List items) {
  if (!n.c) return items;
  // The loop filter sees the target variables but not `loop`.
  List kept;
  auto probe = Frame::Child(frame);
  try {
    for (const Value& item : items) {
      Assign(*n.target, item, probe);
      if (Truthy(Eval(*n.c, probe))) kept.push_back(item);
    }
  } catch (RenderError& e) {
    if (!e.located) {
      e.located = true;
      e.offset = n.c->offset;
      e.tmpl = tmpl_;
    }
    throw;
  }
  return kept;
}

Flow Interp::ExecFor(const Node& n, const FramePtr& frame) {
  // Like Jinja, `else` runs unless some iteration's body ran to its end
  // (so a loop whose every pass hit `continue` or `break` runs it too).
  List items = FilterLoopItems(n, frame, Iterate(Eval(*n.a, frame)));
  bool completed = !items.empty() && RunLoop(n, frame, std::move(items), 1);
  if (!completed && !n.else_body.empty()) return ExecBody(n.else_body, frame);
  return Flow::kNormal;
}

std::string Interp::CaptureLoop(const Node& n, const FramePtr& frame, List items, int depth) {
  std::string buf;
  std::string* saved = out_;
  out_ = &buf;
  try {
    RunLoop(n, frame, std::move(items), depth);
  } catch (...) {
    out_ = saved;
    throw;
  }
  out_ = saved;
  return buf;
}

bool Interp::RunLoop(const Node& n, const FramePtr& frame, List items_in, int depth) {
  EnterDepth();
  TrackClosure(frame);
  auto loop = std::make_shared<LoopObject>(*this, n, frame, std::move(items_in), depth);
  const List& items = loop->items();
  Value loop_value = Value::MakeObject(loop);
  bool completed = false;
  try {
    FramePtr inner;
    for (size_t i = 0; i < items.size(); ++i) {
      // A fresh frame per pass, unless nothing kept the last one (a macro
      // closure or caller), in which case it is emptied and reused.
      if (inner && inner.use_count() == 1) inner->Clear();
      else inner = Frame::Child(frame);
      loop->set_index(i);
      static const uint64_t kLoopHash = StrHash("loop");
      inner->Set("loop", kLoopHash, loop_value);
      Assign(*n.target, items[i], inner);
      Flow f = ExecBody(n.body, inner);
      if (f == Flow::kBreak) break;
      if (f == Flow::kNormal) completed = true;
    }
  } catch (...) {
    LeaveDepth();
    throw;
  }
  LeaveDepth();
  return completed;
}

void Interp::ExecMacro(const Node& n, const FramePtr& frame) {
  TrackClosure(frame);
  SetVar(n.name, Value::MakeObject(std::make_shared<Macro>(n, tmpl_, frame, autoescape_, false)), frame);
}

void Interp::ExecCallBlock(const Node& n, const FramePtr& frame) {
  const Node& call = *n.a;
  Value callee = Eval(*call.a, frame);
  Args args;
  CollectArgs(call, frame, args);
  TrackClosure(frame);
  args.keywords.emplace_back("caller", Value::MakeObject(std::make_shared<Macro>(n, tmpl_, frame, autoescape_, true)));
  Write(Call(callee, args));
}

std::shared_ptr<const Template> Interp::LoadTemplate(const Value& name_value, bool ignore_missing) {
  if (name_value.IsString()) {  // the usual case, without the list machinery
    if (auto t = env_.GetTemplate(name_value.AsString())) return t;
    if (ignore_missing) return nullptr;
    Throw("TemplateNotFound", name_value.AsString());
  }
  List names;
  if (name_value.IsSequence()) names = name_value.AsList();
  else names.push_back(name_value);
  std::vector<std::string> tried;
  for (const Value& nv : names) {
    if (nv.IsObject()) {
      if (auto t = nv.AsObject()->GetAttr("__template__")) (void)t;
    }
    std::string name = Str(nv);
    tried.push_back(name);
    if (auto t = env_.GetTemplate(name)) return t;
  }
  if (ignore_missing) return nullptr;
  if (names.size() == 1 && !name_value.IsSequence()) Throw("TemplateNotFound", tried[0]);
  std::string list;
  for (const auto& t : tried) list += (list.empty() ? "" : ", ") + ReprString(t);
  Throw("TemplatesNotFound", "none of the templates given were found: [" + list + "]");
}

// An include renders the other template with a context whose parent is the
// current frame (with context) or the globals (without).
void Interp::ExecInclude(const Node& n, const FramePtr& frame) {
  auto t = LoadTemplate(Eval(*n.a, frame), n.ignore_missing);
  if (!t) return;
  EnterDepth();
  Context inner;
  inner.vars = Frame::Child(n.with_context ? frame : nullptr);
  static const Value kNoLoop = Value::Undefined("loop");
  inner.vars->Set("loop", kNoLoop);  // Jinja does not pass `loop` on
  try {
    RenderRoot(t, inner, *out_);
  } catch (RenderError& e) {
    LeaveDepth();
    if (e.located)
      e.chain.push_back("included from " + tmpl_->name + ":" + std::to_string(LineColAt(tmpl_->source, n.offset).line));
    throw;
  }
  LeaveDepth();
}

Value Interp::ImportModule(const Value& name_value, bool with_context, const FramePtr& frame) {
  auto t = LoadTemplate(name_value, false);
  if (!with_context) {
    auto it = env_.module_cache().find(t.get());
    if (it != env_.module_cache().end()) return it->second;
  }
  EnterDepth();
  Context inner;
  inner.vars = Frame::Child(with_context ? frame : Frame::Child(nullptr));
  std::string body;
  size_t closures_before = closures_.size();
  try {
    RenderRoot(t, inner, body);
  } catch (...) {
    LeaveDepth();
    throw;
  }
  LeaveDepth();
  if (!with_context) {  // the cached module keeps its frames until the cache goes
    for (size_t i = closures_before; i < closures_.size(); ++i) env_.module_frames().push_back(closures_[i]);
    closures_.resize(closures_before);
  }
  Dict exports;
  for (const auto& name : inner.exported)
    if (const Value* v = inner.vars->LookupLocal(name)) exports.Set(Value(name), *v);
  Value module = Value::MakeObject(std::make_shared<Module>(t->name, std::move(exports), std::move(body)));
  if (!with_context) env_.module_cache()[t.get()] = module;
  return module;
}

void Interp::ExecImport(const Node& n, const FramePtr& frame) {
  Value module = ImportModule(Eval(*n.a, frame), n.with_context, frame);
  if (n.kind == NodeKind::kImport) {
    SetVar(n.name, module, frame);
    return;
  }
  auto* mod = static_cast<Module*>(module.AsObject().get());
  for (const auto& [name, alias] : n.names) {
    const Value* v = mod->exports().Find(name);
    Value value = v ? *v
                    : Value::UndefinedHint("the template " + ReprString(Str(Eval(*n.a, frame))) + " (imported on line " +
                                           std::to_string(LineColAt(tmpl_->source, n.offset).line) +
                                           ") does not export the requested name " + ReprString(name));
    SetVar(alias, value, frame);
  }
}

void Interp::ExecExtends(const Node& n, const FramePtr& frame) {
  if (!at_root_) Throw("TemplateRuntimeError", "extended multiple times");
  if (extended_) Throw("TemplateRuntimeError", "extended multiple times");
  parent_ = LoadTemplate(Eval(*n.a, frame), false);
  extended_ = true;
}

std::vector<std::string> BlockTable::Names() const {
  std::vector<std::string> names;
  for (const auto& [n, ref] : refs_) names.emplace_back(n);
  std::sort(names.begin(), names.end());
  names.erase(std::unique(names.begin(), names.end()), names.end());
  return names;
}

void Interp::ExecBlock(const Node& n, const FramePtr& frame) {
  const BlockRef* most_derived = ctx_->blocks.Find(n.name, 0);
  if (!most_derived) return;
  if (n.scoped) {
    // A scoped block sees the enclosing locals: render the most derived
    // block with this frame as parent.
    const BlockRef& ref = *most_derived;
    auto saved_t = tmpl_;
    tmpl_ = ref.tmpl;
    block_stack_.emplace_back(n.name, 0);
    auto inner = Frame::Child(frame);
    bool saved_root = at_root_;
    at_root_ = false;
    try {
      ExecBody(ref.node->body, inner);
    } catch (...) {
      tmpl_ = saved_t;
      at_root_ = saved_root;
      block_stack_.pop_back();
      throw;
    }
    at_root_ = saved_root;
    tmpl_ = saved_t;
    block_stack_.pop_back();
    return;
  }
  RenderBlockInto(n.name, 0, *out_);
}

std::string Interp::RenderBlock(const std::string& name, size_t index) {
  std::string text;
  RenderBlockInto(name, index, text);
  return text;
}

void Interp::RenderBlockInto(const std::string& name, size_t index, std::string& out) {
  const BlockRef* found = ctx_->blocks.Find(name, index);
  if (!found) {
    if (index > 0) Throw("TemplateRuntimeError", "there is no parent block called " + ReprString(name) + ".");
    Throw("UndefinedError", "there is no block named " + ReprString(name));
  }
  const BlockRef& ref = *found;
  if (ref.node->required)
    Throw("TemplateRuntimeError", "Required block " + ReprString(name) + " not found");
  EnterDepth();
  auto saved_t = tmpl_;
  bool saved_root = at_root_;
  tmpl_ = ref.tmpl;
  at_root_ = false;
  block_stack_.emplace_back(name, index);
  auto frame = Frame::Child(ctx_->vars);
  std::string* saved_out = out_;
  out_ = &out;
  try {
    ExecBody(ref.node->body, frame);
  } catch (...) {
    out_ = saved_out;
    tmpl_ = saved_t;
    at_root_ = saved_root;
    block_stack_.pop_back();
    LeaveDepth();
    throw;
  }
  out_ = saved_out;
  tmpl_ = saved_t;
  at_root_ = saved_root;
  block_stack_.pop_back();
  LeaveDepth();
}

// Renders a root: registers its blocks (after those of any child), runs the
// body, and when `extends` ran, renders the parent with the same context.
void Interp::RenderRoot(std::shared_ptr<const Template> tmpl, Context& ctx, std::string& out) {
  auto saved_tmpl = tmpl_;
  Context* saved_ctx = ctx_;
  std::string* saved_out = out_;
  bool saved_ext = extended_, saved_root = at_root_, saved_escape = autoescape_;
  auto saved_parent = parent_;
  auto restore = [&] {
    tmpl_ = saved_tmpl;
    ctx_ = saved_ctx;
    out_ = saved_out;
    extended_ = saved_ext;
    at_root_ = saved_root;
    autoescape_ = saved_escape;
    parent_ = saved_parent;
  };
  ctx_ = &ctx;
  out_ = &out;
  try {
    while (tmpl) {
      tmpl_ = tmpl;
      autoescape_ = tmpl->autoescape;
      extended_ = false;
      at_root_ = true;
      parent_ = nullptr;
      for (const auto& [name, node] : tmpl->blocks) ctx.blocks.Add(name, BlockRef{node, tmpl});
      ExecBody(tmpl->body, ctx.vars);
      tmpl = parent_;
    }
  } catch (...) {
    restore();
    throw;
  }
  restore();
}

}  // namespace stacks::tmpl
