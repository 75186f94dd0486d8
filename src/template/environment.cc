// The environment: loaders, the parsed-template cache, and the entry points
// that turn internal errors into Error reports.
#include <filesystem>

#include "base/base.h"
#include "template/interp.h"
#include "template/parser.h"

namespace stacks::tmpl {
namespace {

// Jinja's split_template_path: '/'-separated, no '..' segments.
std::optional<std::string> SafeRelativePath(const std::string& name) {
  std::string out;
  for (const auto& piece : Split(name, '/')) {
    if (piece.empty() || piece == ".") continue;
    if (piece == "..") return std::nullopt;
    if (!out.empty()) out += '/';
    out += piece;
  }
  return out;
}

std::string FormatError(const Error& e, const std::string& source, size_t offset) {
  bool syntax = e.kind == "TemplateSyntaxError" || e.kind == "TemplateAssertionError";
  Diagnostic d{Severity::kError, e.name, syntax ? e.message : e.kind + ": " + e.message, offset};
  return FormatDiagnostic(d, source);
}

}  // namespace

std::optional<std::string> FileLoader::Load(const std::string& name) {
  auto rel = SafeRelativePath(name);
  if (!rel) return std::nullopt;
  for (const auto& dir : search_path_) {
    std::string path = dir + "/" + *rel;
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec)) continue;
    if (auto text = ReadFile(path)) return text;
  }
  return std::nullopt;
}

std::string FileLoader::DisplayName(const std::string& name) { return name; }

std::optional<std::string> MapLoader::Load(const std::string& name) {
  ++loads_;
  auto it = sources_.find(name);
  if (it == sources_.end()) return std::nullopt;
  return it->second;
}

Environment::Environment(Options options, std::unique_ptr<Loader> loader)
    : options_(std::move(options)), loader_(std::move(loader)) {
  AddDefaultGlobals(*this);
}

Environment::~Environment() { ClearModuleCache(); }

void Environment::ClearModuleCache() {
  module_cache_.clear();
  for (const auto& f : module_frames_) f->Release();
  module_frames_.clear();
}

void Environment::AddFilter(const std::string& name, FilterFunc fn) {
  filters_[name] = std::move(fn);
  cache_.clear();
  ClearModuleCache();
}

void Environment::AddTest(const std::string& name, TestFunc fn) {
  tests_[name] = std::move(fn);
  cache_.clear();
  ClearModuleCache();
}

const FilterFunc* Environment::FindFilter(const std::string& name) const {
  if (auto it = filters_.find(name); it != filters_.end()) return &it->second;
  return FindBuiltinFilterFunc(name);
}

const TestFunc* Environment::FindTest(const std::string& name) const {
  if (auto it = tests_.find(name); it != tests_.end()) return &it->second;
  return FindBuiltinTestFunc(name);
}

bool Environment::AutoescapeFor(const std::string& name) const {
  if (options_.autoescape_for) return options_.autoescape_for(name);
  return options_.autoescape;
}

std::shared_ptr<const Template> Environment::Parse(const std::string& source, const std::string& name) {
  auto t = std::make_shared<Template>();
  t->name = name;
  t->source = NormalizeSource(source, options_.keep_trailing_newline);
  t->autoescape = AutoescapeFor(name);
  ParseOptions po;
  po.lex.trim_blocks = options_.trim_blocks;
  po.lex.lstrip_blocks = options_.lstrip_blocks;
  po.lex.keep_trailing_newline = options_.keep_trailing_newline;
  po.max_depth = options_.max_parse_depth;
  po.has_filter = [this](const std::string& n) { return FindFilter(n) != nullptr; };
  po.has_test = [this](const std::string& n) { return FindTest(n) != nullptr; };
  try {
    ParseTemplate(t->source, po, *t);
  } catch (const ParseError& e) {
    RenderError err{e.kind, e.message};
    err.located = true;
    err.offset = e.offset;
    err.tmpl = t;
    throw err;
  }
  return t;
}

std::shared_ptr<const Template> Environment::GetTemplate(const std::string& name) {
  auto it = cache_.find(name);
  if (it != cache_.end()) return it->second;
  if (!loader_) return nullptr;
  auto source = loader_->Load(name);
  if (!source) return nullptr;
  auto t = Parse(*source, loader_->DisplayName(name));
  cache_[name] = t;
  return t;
}

// Runs a template with a fresh context made of the `context` dict; any
// error becomes an Error with its location and include chain.
RenderResult Environment::RenderTemplate(std::shared_ptr<const Template> tmpl, const Value& context) {
  RenderResult result;
  Interp interp(*this);
  Context ctx;
  auto root = Frame::Child(nullptr);
  if (context.IsDict()) root->dict = context;
  ctx.vars = Frame::Child(root);
  result.output.reserve(output_size_hint_ + output_size_hint_ / 8);
  try {
    interp.RenderRoot(tmpl, ctx, result.output);
    result.ok = true;
    output_size_hint_ = result.output.size();
  } catch (const RenderError& e) {
    result.output.clear();
    result.error.kind = e.kind;
    result.error.message = e.message;
    auto where = e.tmpl ? e.tmpl : tmpl;
    result.error.name = where->name;
    result.error.line = LineColAt(where->source, e.offset).line;
    result.error.formatted = FormatError(result.error, where->source, e.offset);
    for (const auto& c : e.chain) result.error.formatted += "  " + c + "\n";
  }
  interp.ReleaseClosures();
  return result;
}

RenderResult Environment::Render(const std::string& name, const Value& context) {
  std::shared_ptr<const Template> t;
  try {
    t = GetTemplate(name);
  } catch (const RenderError& e) {
    RenderResult r;
    r.error.kind = e.kind;
    r.error.message = e.message;
    r.error.name = e.tmpl->name;
    r.error.line = LineColAt(e.tmpl->source, e.offset).line;
    r.error.formatted = FormatError(r.error, e.tmpl->source, e.offset);
    return r;
  }
  if (!t) {
    RenderResult r;
    r.error.kind = "TemplateNotFound";
    r.error.message = name;
    r.error.name = name;
    r.error.formatted = name + ": error: template not found\n";
    return r;
  }
  return RenderTemplate(t, context);
}

RenderResult Environment::RenderSource(const std::string& source, const Value& context, const std::string& name) {
  try {
    return RenderTemplate(Parse(source, name), context);
  } catch (const RenderError& e) {
    RenderResult r;
    r.error.kind = e.kind;
    r.error.message = e.message;
    r.error.name = e.tmpl->name;
    r.error.line = LineColAt(e.tmpl->source, e.offset).line;
    r.error.formatted = FormatError(r.error, e.tmpl->source, e.offset);
    return r;
  }
}

std::optional<Error> Environment::Check(const std::string& name) {
  try {
    if (!GetTemplate(name)) return Error{"TemplateNotFound", name, name, 0, name + ": error: template not found\n"};
  } catch (const RenderError& e) {
    Error r{e.kind, e.message, e.tmpl->name, LineColAt(e.tmpl->source, e.offset).line, ""};
    r.formatted = FormatError(r, e.tmpl->source, e.offset);
    return r;
  }
  return std::nullopt;
}

}  // namespace stacks::tmpl
