#include "site/pyconf.h"

#include <cmath>
#include <filesystem>
#include <functional>

#include "base/base.h"

namespace stacks::site {

PyValue* PyModule::Lookup(const std::string& name) {
  for (auto& [n, v] : names)
    if (n == name) return &v;
  return nullptr;
}

void PyModule::Assign(const std::string& name, PyValue value, Origin origin) {
  origins[name] = std::move(origin);
  if (PyValue* existing = Lookup(name)) {
    *existing = std::move(value);
    return;
  }
  names.emplace_back(name, std::move(value));
}

void PyModule::Remove(const std::string& name) {
  std::erase_if(names, [&](const auto& entry) { return entry.first == name; });
  origins.erase(name);
}

namespace {

using K = PyValue::Kind;

// Modules whose import lines settings files carry and stacks can ignore.
bool IsHarmlessModule(std::string_view name) {
  return name == "os" || name == "sys" || name == "os.path" || name == "__future__" || name == "datetime";
}

// An opaque value that stands for a module, builtin or function stacks
// knows how to call (its text is the dotted name).
PyValue Callable(std::string dotted, size_t offset) {
  PyValue v = PyValue::Opaque(std::move(dotted));
  v.integer = static_cast<int64_t>(offset);
  v.real = 1;  // marks "known callable or module"
  return v;
}
bool IsKnown(const PyValue& v) { return v.kind == K::kOpaque && v.real == 1; }

PyValue Unknown(std::string text, size_t offset, std::string why) {
  PyValue v = PyValue::Opaque(std::move(text));
  v.integer = static_cast<int64_t>(offset);
  v.items.push_back(PyValue::Str(std::move(why)));
  return v;
}
std::string WhyOf(const PyValue& v) {
  return v.items.empty() ? "is not something stacks can evaluate" : v.items[0].str;
}

struct EvalError {
  size_t offset;
  std::string message;
};

class Evaluator {
 public:
  Evaluator(const std::string& path, std::shared_ptr<const std::string> source,
            const std::vector<std::string>& search_dirs, PyModule* module,
            std::vector<SettingsMessage>* messages, int depth)
      : path_(path), source_(std::move(source)), search_dirs_(search_dirs), module_(module),
        messages_(messages), depth_(depth) {}

  bool Run() {
    LexResult lex = TokenizePython(*source_);
    if (!lex.ok) {
      Report(Severity::kError, lex.error_offset, lex.error);
      return false;
    }
    toks_ = std::move(lex.tokens);
    try {
      while (Peek().kind != TokKind::kEnd) Statement();
    } catch (const EvalError& e) {
      Report(Severity::kError, e.offset, e.message);
      return false;
    }
    return true;
  }

 private:
  // ---- token helpers --------------------------------------------------------
  const Token& Peek(size_t ahead = 0) const { return toks_[std::min(pos_ + ahead, toks_.size() - 1)]; }
  const Token& Next() { return toks_[pos_ < toks_.size() - 1 ? pos_++ : pos_]; }
  bool IsOp(std::string_view op, size_t ahead = 0) const {
    return Peek(ahead).kind == TokKind::kOp && Peek(ahead).text == op;
  }
  bool IsName(std::string_view name, size_t ahead = 0) const {
    return Peek(ahead).kind == TokKind::kName && Peek(ahead).text == name;
  }
  bool Accept(std::string_view op) {
    if (!IsOp(op)) return false;
    ++pos_;
    return true;
  }
  void Expect(std::string_view op) {
    if (!Accept(op)) Fail(Peek().offset, "invalid syntax: expected '" + std::string(op) + "'");
  }
  [[noreturn]] void Fail(size_t offset, std::string message) { throw EvalError{offset, std::move(message)}; }
  size_t PrevEnd() const { return pos_ == 0 ? 0 : toks_[pos_ - 1].offset + toks_[pos_ - 1].text.size(); }
  std::string TextFrom(size_t start) const { return source_->substr(start, PrevEnd() - start); }

  void Report(Severity severity, size_t offset, const std::string& message) {
    Diagnostic d{severity, path_, message, offset};
    messages_->push_back({severity, FormatDiagnostic(d, *source_)});
  }

  void SkipLine() {
    while (Peek().kind != TokKind::kNewline && Peek().kind != TokKind::kEnd) ++pos_;
    if (Peek().kind == TokKind::kNewline) ++pos_;
  }
  void ExpectEndOfStatement() {
    if (Accept(";")) return;
    if (Peek().kind == TokKind::kNewline) {
      ++pos_;
      return;
    }
    if (Peek().kind != TokKind::kEnd) Fail(Peek().offset, "invalid syntax");
  }

  // ---- statements -------------------------------------------------------------

  void Statement() {
    const Token& first = Peek();
    if (first.kind == TokKind::kNewline) {
      ++pos_;
      return;
    }
    if (first.kind == TokKind::kName) {
      std::string_view w = first.text;
      if (w == "import") return ImportStatement();
      if (w == "from") return FromImportStatement();
      if (w == "pass") {
        ++pos_;
        return ExpectEndOfStatement();
      }
      if (w == "del") return DelStatement();
      if (IsCompoundKeyword(w)) return SkipCompound();
      if (w == "global" || w == "nonlocal" || w == "assert" || w == "raise" || w == "return" ||
          w == "lambda" || w == "yield" || w == "await") {
        Report(Severity::kWarning, first.offset,
               "`" + std::string(w) + "` statements are not run: stacks reads settings files without running Python");
        return SkipLine();
      }
    }
    AssignmentOrExpression();
  }

  static bool IsCompoundKeyword(std::string_view w) {
    return w == "if" || w == "for" || w == "while" || w == "def" || w == "class" || w == "try" || w == "with" ||
           w == "async" || w == "elif" || w == "else" || w == "except" || w == "finally" || w == "match" ||
           w == "@";
  }

  // Skips a compound statement: its header line and every following line
  // indented deeper than the header. Names it would define (a `def` or
  // `class` name, `NAME = ...` lines inside) become unknown values, so that
  // later uses warn instead of failing as undefined.
  void SkipCompound() {
    const Token& head = Peek();
    size_t indent = head.indent;
    std::string keyword(head.text);
    if ((keyword == "def" || keyword == "class") && Peek(1).kind == TokKind::kName) {
      std::string name(Peek(1).text);
      Report(Severity::kWarning, head.offset,
             "`" + keyword + " " + name + "` is not run: stacks reads settings files without running Python");
      module_->Assign(name, Unknown(name, Peek(1).offset, "is defined by `" + keyword + "`, which stacks does not run"),
                      Here(Peek(1).offset));
    } else {
      Report(Severity::kWarning, head.offset,
             "`" + keyword + "` statement is not run: stacks reads settings files without running Python; settings "
             "assigned inside it are ignored");
    }
    SkipBlock(indent, keyword);
    // The clauses that continue it (elif/else/except/finally) go with it.
    while (Peek().line_start && Peek().indent == indent &&
           (IsName("elif") || IsName("else") || IsName("except") || IsName("finally")))
      SkipBlock(indent, keyword);
  }

  // Skips a header line and the lines indented deeper than `indent`.
  void SkipBlock(size_t indent, const std::string& keyword) {
    SkipLine();
    while (Peek().kind != TokKind::kEnd && Peek().line_start && Peek().indent > indent) {
      if (Peek().kind == TokKind::kName && IsOp("=", 1) && !module_->Lookup(std::string(Peek().text))) {
        std::string name(Peek().text);
        module_->Assign(name, Unknown(name, Peek().offset, "is assigned inside a `" + keyword + "` statement, which "
                                                           "stacks does not run"),
                        Here(Peek().offset));
      }
      SkipLine();
    }
  }

  std::string DottedName() {
    if (Peek().kind != TokKind::kName) Fail(Peek().offset, "invalid syntax: expected a module name");
    std::string name(Next().text);
    while (IsOp(".") && Peek(1).kind == TokKind::kName) {
      ++pos_;
      name += "." + std::string(Next().text);
    }
    return name;
  }

  void ImportStatement() {
    size_t start = Next().offset;
    do {
      size_t name_offset = Peek().offset;
      std::string module = DottedName();
      std::string bound = module.substr(0, module.find('.'));
      if (IsName("as")) {
        ++pos_;
        bound = std::string(Next().text);
      }
      if (IsHarmlessModule(module)) {
        module_->Assign(bound, Callable(module == bound ? module : module, name_offset), Here(name_offset));
      } else {
        ReportIgnoredImport(start, module);
        module_->Assign(bound, Unknown(bound, name_offset, "comes from `import " + module + "`, which stacks does not run"),
                        Here(name_offset));
      }
    } while (Accept(","));
    ExpectEndOfStatement();
  }

  void ReportIgnoredImport(size_t offset, const std::string& module) {
    std::string message = "import of '" + module + "' is ignored: stacks does not run Python modules";
    if (module.find("gh_emoji") != std::string::npos || module.find("emoji") != std::string::npos)
      message += "; the built-in github_emoji Markdown extension stands in for it";
    else
      message += "; names it binds are unknown to stacks";
    Report(Severity::kWarning, offset, message);
  }

  void FromImportStatement() {
    size_t start = Next().offset;
    std::string module = DottedName();
    if (!IsName("import")) Fail(Peek().offset, "invalid syntax: expected 'import'");
    ++pos_;
    bool paren = Accept("(");
    std::vector<std::pair<std::string, std::string>> names;  // imported, bound
    bool star = false;
    if (Accept("*")) {
      star = true;
    } else {
      do {
        if (paren && IsOp(")")) break;
        std::string name(Next().text);
        std::string bound = name;
        if (IsName("as")) {
          ++pos_;
          bound = std::string(Next().text);
        }
        names.emplace_back(name, bound);
      } while (Accept(","));
    }
    if (paren) Expect(")");
    ExpectEndOfStatement();
    if (module == "__future__") return;
    if (IsHarmlessModule(module)) {
      for (const auto& [name, bound] : names) module_->Assign(bound, Callable(module + "." + name, start), Here(start));
      return;
    }
    std::optional<std::string> sibling = FindSibling(module);
    if (!sibling) {
      ReportIgnoredImport(start, module);
      for (const auto& [name, bound] : names)
        module_->Assign(bound, Unknown(bound, start, "comes from `from " + module + " import " + name + "`, which stacks does not run"),
                        Here(start));
      return;
    }
    ImportSibling(start, module, *sibling, star, names);
  }

  std::optional<std::string> FindSibling(const std::string& module) {
    if (module.find('.') != std::string::npos) return std::nullopt;
    for (const std::string& dir : search_dirs_) {
      std::filesystem::path candidate = std::filesystem::path(dir) / (module + ".py");
      std::error_code ec;
      if (std::filesystem::is_regular_file(candidate, ec)) return candidate.string();
    }
    return std::nullopt;
  }

  // Evaluates a sibling settings file (e.g. pelicanconf.py from
  // publishconf.py) and copies its public names, or the listed ones.
  void ImportSibling(size_t offset, const std::string& module, const std::string& file, bool star,
                     const std::vector<std::pair<std::string, std::string>>& names) {
    if (depth_ > 8) Fail(offset, "settings files import each other too deeply");
    std::string error;
    std::optional<std::string> text = ReadFile(file, &error);
    if (!text) Fail(offset, "cannot read " + file + ": " + error);
    PyModule imported;
    auto source = std::make_shared<const std::string>(std::move(*text));
    if (!EvaluatePythonSettings(file, source, search_dirs_, &imported, messages_, depth_ + 1))
      Fail(offset, "the imported settings file " + file + " has errors");
    if (star) {
      for (const auto& [name, value] : imported.names)
        if (name[0] != '_' && !IsKnown(value)) module_->Assign(name, value, imported.origins[name]);
      return;
    }
    for (const auto& [name, bound] : names) {
      PyValue* value = imported.Lookup(name);
      if (!value) Fail(offset, "cannot import name '" + name + "' from '" + module + "' (" + file + ")");
      module_->Assign(bound, *value, imported.origins[name]);
    }
  }

  void DelStatement() {
    ++pos_;
    do {
      const Token& name = Next();
      if (name.kind != TokKind::kName || !module_->Lookup(std::string(name.text)))
        Fail(name.offset, "name '" + std::string(name.text) + "' is not defined");
      module_->Remove(std::string(name.text));
    } while (Accept(","));
    ExpectEndOfStatement();
  }

  Origin Here(size_t offset) const { return Origin{path_, source_, offset}; }

  // A target is NAME followed by any number of [subscript]s.
  struct Target {
    std::string name;
    size_t offset = 0;
    std::vector<std::pair<PyValue, size_t>> keys;
  };

  std::optional<Target> TryTarget() {
    size_t save = pos_;
    if (Peek().kind != TokKind::kName) return std::nullopt;
    Target t;
    t.name = std::string(Peek().text);
    t.offset = Peek().offset;
    ++pos_;
    while (IsOp("[")) {
      ++pos_;
      size_t key_offset = Peek().offset;
      PyValue key = Expression();
      if (!Accept("]")) {
        pos_ = save;
        return std::nullopt;
      }
      t.keys.emplace_back(std::move(key), key_offset);
    }
    return t;
  }

  // Assignments (`A = B = value`, `A += value`, `A['k'] = value`), the
  // mutating calls `.append/.extend/.insert/.update` on a setting, and other
  // expression statements (evaluated, then dropped with a warning if they
  // call something).
  void AssignmentOrExpression() {
    size_t statement_start = Peek().offset;
    std::vector<Target> targets;
    std::string augmented;
    while (true) {
      size_t save = pos_;
      std::optional<Target> t = TryTarget();
      if (t && IsOp("=")) {
        ++pos_;
        targets.push_back(std::move(*t));
        continue;
      }
      if (t && targets.empty() && Peek().kind == TokKind::kOp && Peek().text.size() >= 2 &&
          Peek().text.back() == '=' && Peek().text != "==" && Peek().text != "!=" && Peek().text != "<=" &&
          Peek().text != ">=") {
        augmented = std::string(Next().text);
        targets.push_back(std::move(*t));
        break;
      }
      if (t && targets.empty() && IsOp(".") && Peek(1).kind == TokKind::kName && IsOp("(", 2) &&
          IsMutator(Peek(1).text)) {
        return MutatingCall(*t);
      }
      pos_ = save;
      break;
    }
    if (targets.empty()) return ExpressionStatement(statement_start);
    current_target_ = targets.front().name;
    container_depth_ = 0;
    PyValue value = ExpressionList();
    if (!augmented.empty()) {
      PyValue* old = Resolve(targets.front());
      std::string op = augmented.substr(0, augmented.size() - 1);
      value = BinaryOp(op, *old, value, targets.front().offset, statement_start);
    }
    if (targets.front().keys.size() == 1 && IsJinjaTable(current_target_)) value = JinjaEntry(std::move(value));
    if (value.kind == K::kOpaque && !IsKnown(value)) {
      WarnOpaque(value, targets.front().keys.size() == 1 && IsJinjaTable(current_target_));
      // Later uses of the name say what it stands for.
      value = Unknown(targets.front().name, static_cast<size_t>(value.integer),
                      "was not computed (`" + value.str + "` " + WhyOf(value) + ")");
    }
    ExpectEndOfStatement();
    for (const Target& t : targets) Store(t, value);
    current_target_.clear();
  }

  static bool IsMutator(std::string_view m) {
    return m == "append" || m == "extend" || m == "insert" || m == "update";
  }

  void MutatingCall(const Target& target) {
    ++pos_;
    const Token& method = Next();
    current_target_ = target.name;
    // The dict given to JINJA_*.update() holds entries, as a dict display would.
    bool jinja_update = IsJinjaTable(target.name) && target.keys.empty() && method.text == "update";
    container_depth_ = jinja_update ? 0 : 1;
    std::vector<PyValue> args;
    std::vector<std::pair<std::string, PyValue>> kwargs;
    CallArguments(&args, &kwargs);
    ExpectEndOfStatement();
    PyValue* obj = Resolve(target);
    if (obj->kind == K::kOpaque) return;  // sys.path.append(...) and the like
    std::string m(method.text);
    if (m == "update" && obj->kind == K::kDict && args.size() <= 1) {
      if (!args.empty()) {
        if (args[0].kind != K::kDict) Fail(method.offset, "update() argument must be a dict");
        for (auto& [k, v] : args[0].entries) obj->Set(k, v);
      }
      for (auto& [k, v] : kwargs) obj->Set(PyValue::Str(k), jinja_update ? JinjaEntry(Element(v)) : v);
    } else if (m == "append" && obj->kind == K::kList && args.size() == 1) {
      obj->items.push_back(args[0]);
    } else if (m == "extend" && obj->kind == K::kList && args.size() == 1 && args[0].IsSequence()) {
      obj->items.insert(obj->items.end(), args[0].items.begin(), args[0].items.end());
    } else if (m == "insert" && obj->kind == K::kList && args.size() == 2 && args[0].kind == K::kInt) {
      int64_t n = static_cast<int64_t>(obj->items.size());
      int64_t i = args[0].integer < 0 ? std::max<int64_t>(0, n + args[0].integer) : std::min(n, args[0].integer);
      obj->items.insert(obj->items.begin() + i, args[1]);
    } else {
      Fail(method.offset, "'" + std::string(method.text) + "' cannot be applied to " + Repr(*obj));
    }
    current_target_.clear();
  }

  void ExpressionStatement(size_t start) {
    current_target_.clear();
    container_depth_ = 0;
    bool is_sys_path = IsName("sys") && IsOp(".", 1) && IsName("path", 2);
    PyValue value = ExpressionList();
    ExpectEndOfStatement();
    if (is_sys_path || value.kind != K::kOpaque || IsKnown(value)) return;
    Report(Severity::kWarning, start,
           "`" + TextFrom(start) + "` is not run: stacks reads settings files without running Python");
  }

  PyValue* Resolve(const Target& t) {
    PyValue* v = module_->Lookup(t.name);
    if (!v) Fail(t.offset, "name '" + t.name + "' is not defined");
    for (const auto& [key, offset] : t.keys) v = Subscript(v, key, offset);
    return v;
  }

  PyValue* Subscript(PyValue* v, const PyValue& key, size_t offset) {
    if (v->kind == K::kDict) {
      PyValue* item = v->Find(key);
      if (!item) Fail(offset, "KeyError: " + Repr(key));
      return item;
    }
    if (v->IsSequence() && key.kind == K::kInt) {
      int64_t n = static_cast<int64_t>(v->items.size());
      int64_t i = key.integer < 0 ? key.integer + n : key.integer;
      if (i < 0 || i >= n) Fail(offset, "IndexError: list index out of range");
      return &v->items[i];
    }
    if (v->kind == K::kOpaque) return v;
    Fail(offset, "TypeError: " + Repr(*v) + " cannot be subscripted with " + Repr(key));
  }

  void Store(const Target& t, const PyValue& value) {
    if (t.keys.empty()) {
      module_->Assign(t.name, value, Here(t.offset));
      return;
    }
    Target parent = t;
    parent.keys.pop_back();
    PyValue* container = Resolve(parent);
    const auto& [key, offset] = t.keys.back();
    if (container->kind == K::kDict) {
      container->Set(key, value);
    } else if (container->kind == K::kList) {
      *Subscript(container, key, offset) = value;
    } else if (container->kind != K::kOpaque) {
      Fail(offset, "TypeError: " + Repr(*container) + " does not support item assignment");
    }
  }

  void WarnOpaque(const PyValue& v, bool in_container) {
    std::string text = v.str;
    std::string message = current_target_.empty() ? "" : current_target_ + ": ";
    if (text.find("GheEmoji") != std::string::npos) {
      message += "`" + text + "` is not run; stacks uses its built-in github_emoji Markdown extension instead";
    } else if (in_container && IsJinjaTable(current_target_)) {
      message += "`" + text + "` " + WhyOf(v) + "; templates that use it will fail";
    } else {
      message += "`" + text + "` " + WhyOf(v) + "; ";
      bool pelican_setting = DefaultSettings().contains(current_target_);
      message += in_container ? "it is left out of " + current_target_
                 : pelican_setting ? current_target_ + " keeps Pelican's default"
                                   : current_target_ + " is left unset";
    }
    Report(Severity::kWarning, static_cast<size_t>(v.integer), message);
  }

  // An element of a list, tuple, set or dict display: opaque elements are
  // reported here (and later left out), except the GitHub emoji extension
  // object, which becomes the name of stacks' built-in extension.
  PyValue Element(PyValue v) {
    if (IsKnown(v) && container_depth_ >= 2 && IsJinjaTable(current_target_))
      Report(Severity::kWarning, static_cast<size_t>(v.integer),
             current_target_ + ": `" + v.str + "` is a Python function inside a value; stacks only runs builtins " +
                 "that are entries of " + current_target_ + ", so it is left out");
    if (v.kind != K::kOpaque || IsKnown(v)) return v;
    WarnOpaque(v, true);
    if (v.str.find("GheEmoji") != std::string::npos) return PyValue::Str("github_emoji");
    return v;
  }

  static bool IsJinjaTable(std::string_view name) {
    return name == "JINJA_FILTERS" || name == "JINJA_TESTS" || name == "JINJA_GLOBALS";
  }

  // A value of JINJA_FILTERS, JINJA_TESTS or JINJA_GLOBALS: a Python builtin
  // stacks' templates implement becomes its marker; any other known callable
  // (a module function stacks only knows by name) is reported and left out.
  PyValue JinjaEntry(PyValue v) {
    if (!IsKnown(v)) return v;
    if (IsTemplateBuiltin(v.str)) return TemplateBuiltinValue(v.str);
    Report(Severity::kWarning, static_cast<size_t>(v.integer),
           current_target_ + ": `" + v.str + "` is a Python function stacks does not implement; templates that use " +
               "it will fail");
    return v;
  }

  // ---- expressions: a precedence ladder, lowest first ---------------------------

  // exprlist: `a, b` is a tuple.
  PyValue ExpressionList() {
    PyValue first = Expression();
    if (!IsOp(",")) return first;
    std::vector<PyValue> items{Element(std::move(first))};
    while (Accept(",")) {
      if (AtExpressionEnd()) break;
      items.push_back(Element(Expression()));
    }
    return PyValue::Tuple(std::move(items));
  }

  bool AtExpressionEnd() const {
    const Token& t = Peek();
    return t.kind == TokKind::kNewline || t.kind == TokKind::kEnd ||
           (t.kind == TokKind::kOp && (t.text == ")" || t.text == "]" || t.text == "}" || t.text == "=" ||
                                       t.text == ";" || t.text == ":"));
  }

  PyValue Expression() {
    size_t start = Peek().offset;
    DepthGuard guard(this, start);
    if (IsName("lambda")) {
      while (!AtExpressionEnd() || IsOp(":")) SkipAtom();
      return Unknown(TextFrom(start), start, "is a lambda, which stacks does not run");
    }
    PyValue value = Or();
    if (IsName("if")) {
      ++pos_;
      PyValue condition = Or();
      if (!IsName("else")) Fail(Peek().offset, "invalid syntax: expected 'else'");
      ++pos_;
      PyValue other = Expression();
      if (condition.kind == K::kOpaque) return Unknown(TextFrom(start), start, "depends on a value stacks cannot compute");
      return condition.Truthy() ? value : other;
    }
    return value;
  }

  PyValue Or() {
    size_t start = Peek().offset;
    PyValue left = And();
    while (IsName("or")) {
      ++pos_;
      PyValue right = And();
      if (left.kind == K::kOpaque) left = Unknown(TextFrom(start), start, "depends on a value stacks cannot compute");
      else if (!left.Truthy()) left = std::move(right);
    }
    return left;
  }

  PyValue And() {
    size_t start = Peek().offset;
    PyValue left = Not();
    while (IsName("and")) {
      ++pos_;
      PyValue right = Not();
      if (left.kind == K::kOpaque) left = Unknown(TextFrom(start), start, "depends on a value stacks cannot compute");
      else if (left.Truthy()) left = std::move(right);
    }
    return left;
  }

  PyValue Not() {
    size_t start = Peek().offset;
    if (IsName("not")) {
      ++pos_;
      PyValue v = Not();
      if (v.kind == K::kOpaque) return Unknown(TextFrom(start), start, "depends on a value stacks cannot compute");
      return PyValue::Bool(!v.Truthy());
    }
    return Comparison();
  }

  PyValue Comparison() {
    size_t start = Peek().offset;
    PyValue left = BitOr();
    PyValue result;
    bool any = false;
    bool all_true = true;
    bool opaque = false;
    while (true) {
      std::string op;
      if (Peek().kind == TokKind::kOp &&
          (IsOp("==") || IsOp("!=") || IsOp("<") || IsOp(">") || IsOp("<=") || IsOp(">="))) {
        op = std::string(Next().text);
      } else if (IsName("in")) {
        ++pos_;
        op = "in";
      } else if (IsName("not") && IsName("in", 1)) {
        pos_ += 2;
        op = "not in";
      } else if (IsName("is")) {
        ++pos_;
        op = "is";
        if (IsName("not")) ++pos_, op = "is not";
      } else {
        break;
      }
      size_t op_offset = toks_[pos_ - 1].offset;
      PyValue right = BitOr();
      any = true;
      if (left.kind == K::kOpaque || right.kind == K::kOpaque) opaque = true;
      else if (!Compare(op, left, right, op_offset)) all_true = false;
      left = std::move(right);
    }
    if (!any) return left;
    if (opaque) return Unknown(TextFrom(start), start, "depends on a value stacks cannot compute");
    return PyValue::Bool(all_true);
  }

  bool Compare(const std::string& op, const PyValue& a, const PyValue& b, size_t offset) {
    if (op == "==" || op == "is") return a == b;
    if (op == "!=" || op == "is not") return !(a == b);
    if (op == "in" || op == "not in") {
      bool found = false;
      if (b.kind == K::kStr && a.kind == K::kStr) found = b.str.find(a.str) != std::string::npos;
      else if (b.IsSequence()) found = std::find(b.items.begin(), b.items.end(), a) != b.items.end();
      else if (b.kind == K::kDict) found = const_cast<PyValue&>(b).Find(a) != nullptr;
      else Fail(offset, "TypeError: argument of type " + Repr(b) + " is not iterable");
      return op == "in" ? found : !found;
    }
    int order;
    if (a.IsNumber() && b.IsNumber()) {
      double x = a.kind == K::kFloat ? a.real : static_cast<double>(a.kind == K::kBool ? a.boolean : a.integer);
      double y = b.kind == K::kFloat ? b.real : static_cast<double>(b.kind == K::kBool ? b.boolean : b.integer);
      order = x < y ? -1 : x > y ? 1 : 0;
    } else if (a.kind == K::kStr && b.kind == K::kStr) {
      order = a.str.compare(b.str);
    } else {
      Fail(offset, "TypeError: '" + op + "' not supported between " + Repr(a) + " and " + Repr(b));
    }
    if (op == "<") return order < 0;
    if (op == ">") return order > 0;
    if (op == "<=") return order <= 0;
    return order >= 0;
  }

  // `|`, `^`, `&`, `<<`, `>>`; `|` also merges dicts.
  PyValue BitOr() {
    size_t start = Peek().offset;
    PyValue left = Sum();
    while (IsOp("|") || IsOp("^") || IsOp("&") || IsOp("<<") || IsOp(">>")) {
      const Token& op = Next();
      PyValue right = Sum();
      left = BinaryOp(std::string(op.text), left, right, op.offset, start);
    }
    return left;
  }

  PyValue Sum() {
    size_t start = Peek().offset;
    PyValue left = Term();
    while (IsOp("+") || IsOp("-")) {
      const Token& op = Next();
      PyValue right = Term();
      left = BinaryOp(std::string(op.text), left, right, op.offset, start);
    }
    return left;
  }

  PyValue Term() {
    size_t start = Peek().offset;
    PyValue left = Factor();
    while (IsOp("*") || IsOp("/") || IsOp("//") || IsOp("%") || IsOp("@")) {
      const Token& op = Next();
      PyValue right = Factor();
      left = BinaryOp(std::string(op.text), left, right, op.offset, start);
    }
    return left;
  }

  // Counts nested Expression/Factor calls so that `- - - ... 1` cannot
  // exhaust the stack.
  struct DepthGuard {
    Evaluator* e;
    explicit DepthGuard(Evaluator* ev, size_t offset) : e(ev) {
      if (++e->nesting_ > 1000) e->Fail(offset, "expression too deeply nested");
    }
    ~DepthGuard() { --e->nesting_; }
  };

  PyValue Factor() {
    size_t start = Peek().offset;
    DepthGuard guard(this, start);
    if (IsOp("-") || IsOp("+") || IsOp("~")) {
      const Token& op = Next();
      PyValue v = Factor();
      if (v.kind == K::kOpaque) return Unknown(TextFrom(start), start, WhyOf(v));
      if (v.kind == K::kBool) v = PyValue::Int(v.boolean);
      if (op.text == "-" && v.kind == K::kInt) return PyValue::Int(-v.integer);
      if (op.text == "-" && v.kind == K::kFloat) return PyValue::Float(-v.real);
      if (op.text == "+" && v.IsNumber()) return v;
      if (op.text == "~" && v.kind == K::kInt) return PyValue::Int(~v.integer);
      Fail(op.offset, "TypeError: bad operand type for unary " + std::string(op.text) + ": " + Repr(v));
    }
    return Power();
  }

  PyValue Power() {
    size_t start = Peek().offset;
    PyValue base = Primary();
    if (IsOp("**")) {
      const Token& op = Next();
      PyValue exponent = Factor();
      return BinaryOp("**", base, exponent, op.offset, start);
    }
    return base;
  }

  PyValue BinaryOp(const std::string& op, const PyValue& a, const PyValue& b, size_t offset, size_t start) {
    if (a.kind == K::kOpaque || b.kind == K::kOpaque) {
      const PyValue& unknown = a.kind == K::kOpaque ? a : b;
      return Unknown(TextFrom(start), start, IsKnown(unknown) ? "is not something stacks can evaluate" : WhyOf(unknown));
    }
    if (op == "%" && a.kind == K::kStr) {
      std::string error;
      std::optional<std::string> out = PercentFormat(a.str, b, &error);
      if (!out) Fail(offset, "TypeError: " + error);
      return PyValue::Str(*out);
    }
    if (op == "+" && a.kind == b.kind && (a.kind == K::kStr || a.kind == K::kList || a.kind == K::kTuple)) {
      PyValue out = a;
      out.str += b.str;
      out.items.insert(out.items.end(), b.items.begin(), b.items.end());
      return out;
    }
    if (op == "*" && ((a.kind == K::kStr || a.IsSequence()) && b.kind == K::kInt)) return Repeat(a, b.integer);
    if (op == "*" && ((b.kind == K::kStr || b.IsSequence()) && a.kind == K::kInt)) return Repeat(b, a.integer);
    if (op == "|" && a.kind == K::kDict && b.kind == K::kDict) {
      PyValue out = a;
      for (const auto& [k, v] : b.entries) out.Set(k, v);
      return out;
    }
    if (a.IsNumber() && b.IsNumber()) return Arithmetic(op, a, b, offset);
    Fail(offset, "TypeError: unsupported operand type(s) for " + op + ": " + Repr(a) + " and " + Repr(b));
  }

  static PyValue Repeat(const PyValue& v, int64_t n) {
    PyValue out = v;
    out.str.clear();
    out.items.clear();
    for (int64_t i = 0; i < n; ++i) {
      out.str += v.str;
      out.items.insert(out.items.end(), v.items.begin(), v.items.end());
    }
    return out;
  }

  PyValue Arithmetic(const std::string& op, const PyValue& a, const PyValue& b, size_t offset) {
    bool real = a.kind == K::kFloat || b.kind == K::kFloat;
    auto as_int = [](const PyValue& v) { return v.kind == K::kBool ? int64_t{v.boolean} : v.integer; };
    double x = a.kind == K::kFloat ? a.real : static_cast<double>(as_int(a));
    double y = b.kind == K::kFloat ? b.real : static_cast<double>(as_int(b));
    if ((op == "/" || op == "//" || op == "%") && y == 0) Fail(offset, "ZeroDivisionError: division by zero");
    if (op == "/") return PyValue::Float(x / y);
    if (real) {
      if (op == "+") return PyValue::Float(x + y);
      if (op == "-") return PyValue::Float(x - y);
      if (op == "*") return PyValue::Float(x * y);
      if (op == "//") return PyValue::Float(std::floor(x / y));
      if (op == "%") return PyValue::Float(x - std::floor(x / y) * y);
      if (op == "**") return PyValue::Float(std::pow(x, y));
    } else {
      int64_t i = as_int(a), j = as_int(b);
      auto floor_div = [](int64_t p, int64_t q) { return p / q - ((p % q != 0) && ((p < 0) != (q < 0))); };
      if (op == "+") return PyValue::Int(i + j);
      if (op == "-") return PyValue::Int(i - j);
      if (op == "*") return PyValue::Int(i * j);
      if (op == "//") return PyValue::Int(floor_div(i, j));
      if (op == "%") return PyValue::Int(i - floor_div(i, j) * j);
      if (op == "**") return j >= 0 ? PyValue::Int(static_cast<int64_t>(std::pow(i, j))) : PyValue::Float(std::pow(x, y));
      if (op == "|") return PyValue::Int(i | j);
      if (op == "&") return PyValue::Int(i & j);
      if (op == "^") return PyValue::Int(i ^ j);
      if (op == "<<") return PyValue::Int(i << j);
      if (op == ">>") return PyValue::Int(i >> j);
    }
    Fail(offset, "TypeError: unsupported operand type(s) for " + op);
  }

  // primary: atom followed by `.name`, `(args)` and `[key]` trailers.
  PyValue Primary() {
    size_t start = Peek().offset;
    PyValue value = Atom();
    while (true) {
      if (IsOp(".") && Peek(1).kind == TokKind::kName) {
        ++pos_;
        const Token& attr = Next();
        if (IsOp("(")) {
          value = MethodCall(value, std::string(attr.text), start, attr.offset);
        } else {
          value = Attribute(value, std::string(attr.text), start);
        }
      } else if (IsOp("(")) {
        value = Call(value, start);
      } else if (IsOp("[")) {
        size_t key_offset = Next().offset;
        if (IsOp(":") || ContainsSliceColon()) {
          SkipToClose();
          value = Unknown(TextFrom(start), start, "is a slice, which stacks does not evaluate");
          continue;
        }
        PyValue key = ExpressionList();
        Expect("]");
        if (value.kind == K::kOpaque) {
          value = Unknown(TextFrom(start), start, IsKnown(value) ? "is not something stacks can evaluate" : WhyOf(value));
        } else if (value.kind == K::kStr && key.kind == K::kInt) {
          value = IndexString(value.str, key.integer, key_offset);
        } else {
          PyValue copy = *Subscript(&value, key, key_offset);
          value = std::move(copy);
        }
      } else {
        return value;
      }
    }
  }

  PyValue IndexString(const std::string& s, int64_t index, size_t offset) {
    std::vector<std::string> chars;
    for (size_t i = 0; i < s.size();) {
      size_t b = i;
      DecodeUtf8(s, i);
      chars.push_back(s.substr(b, i - b));
    }
    int64_t n = static_cast<int64_t>(chars.size());
    if (index < 0) index += n;
    if (index < 0 || index >= n) Fail(offset, "IndexError: string index out of range");
    return PyValue::Str(chars[index]);
  }

  bool ContainsSliceColon() {
    int depth = 0;
    for (size_t i = pos_; i < toks_.size(); ++i) {
      const Token& t = toks_[i];
      if (t.kind != TokKind::kOp) continue;
      if (t.text == "(" || t.text == "[" || t.text == "{") ++depth;
      else if (t.text == ")" || t.text == "}") --depth;
      else if (t.text == "]") {
        if (depth == 0) return false;
        --depth;
      } else if (t.text == ":" && depth == 0) {
        return true;
      }
    }
    return false;
  }

  PyValue Attribute(const PyValue& obj, const std::string& attr, size_t start) {
    if (IsKnown(obj)) {
      std::string dotted = obj.str + "." + attr;
      if (dotted == "os.curdir") return PyValue::Str(".");
      if (dotted == "os.pardir") return PyValue::Str("..");
      if (dotted == "os.sep" || dotted == "os.path.sep") return PyValue::Str("/");
      return Callable(dotted, start);
    }
    if (obj.kind == K::kOpaque) return Unknown(TextFrom(start), start, WhyOf(obj));
    return Unknown(TextFrom(start), start, "is an attribute lookup, which stacks does not evaluate");
  }

  void CallArguments(std::vector<PyValue>* args, std::vector<std::pair<std::string, PyValue>>* kwargs) {
    Expect("(");
    while (!IsOp(")")) {
      size_t offset = Peek().offset;
      if (IsOp("*") || IsOp("**")) {
        ++pos_;
        Expression();
        args->push_back(Unknown("*", offset, "unpacks arguments, which stacks does not evaluate"));
      } else if (Peek().kind == TokKind::kName && IsOp("=", 1)) {
        std::string name(Next().text);
        ++pos_;
        kwargs->emplace_back(name, Expression());
      } else {
        PyValue arg = Expression();
        if (IsName("for")) {
          SkipToClose();
          args->push_back(Unknown("(...)", offset, "is a generator expression, which stacks does not evaluate"));
          return;
        }
        args->push_back(std::move(arg));
      }
      if (!Accept(",")) break;
    }
    Expect(")");
  }

  static bool AnyOpaque(const std::vector<PyValue>& args, const Kwargs& kwargs) {
    for (const PyValue& a : args)
      if (a.kind == K::kOpaque) return true;
    for (const auto& [k, v] : kwargs)
      if (v.kind == K::kOpaque) return true;
    return false;
  }

  PyValue MethodCall(const PyValue& obj, const std::string& method, size_t start, size_t method_offset) {
    std::vector<PyValue> args;
    std::vector<std::pair<std::string, PyValue>> kwargs;
    CallArguments(&args, &kwargs);
    if (IsKnown(obj)) return CallKnown(obj.str + "." + method, args, kwargs, start);
    if (obj.kind == K::kOpaque || AnyOpaque(args, kwargs))
      return Unknown(TextFrom(start), start, obj.kind == K::kOpaque ? WhyOf(obj) : "has an argument stacks cannot compute");
    return Outcome(CallMethod(obj, method, args, kwargs), start, method_offset, "is a method call stacks does not evaluate");
  }

  PyValue Call(const PyValue& callee, size_t start) {
    std::vector<PyValue> args;
    std::vector<std::pair<std::string, PyValue>> kwargs;
    CallArguments(&args, &kwargs);
    if (IsKnown(callee)) return CallKnown(callee.str, args, kwargs, start);
    if (callee.kind == K::kOpaque)
      return Unknown(TextFrom(start), start, "is a call, and stacks does not run Python code");
    Fail(start, "TypeError: " + Repr(callee) + " is not callable");
  }

  PyValue CallKnown(const std::string& name, const std::vector<PyValue>& args,
                    const std::vector<std::pair<std::string, PyValue>>& kwargs, size_t start) {
    if (AnyOpaque(args, kwargs)) return Unknown(TextFrom(start), start, "is a call, and stacks does not run Python code");
    return Outcome(CallFunction(name, args, kwargs), start, start, "is a call, and stacks does not run Python code");
  }

  // A value, an error Python would raise, or an opaque value with `why`.
  PyValue Outcome(CallResult result, size_t start, size_t error_offset, const char* why) {
    if (!result.error.empty()) Fail(error_offset, result.error);
    if (result.value) return std::move(*result.value);
    return Unknown(TextFrom(start), start, why);
  }

  // ---- atoms ------------------------------------------------------------------

  PyValue Atom() {
    const Token& t = Peek();
    size_t start = t.offset;
    switch (t.kind) {
      case TokKind::kName: return NameAtom();
      case TokKind::kNumber: return NumberAtom(Next());
      case TokKind::kString: return StringAtoms();
      case TokKind::kOp:
        if (Accept("(")) return ParenAtom(start);
        if (Accept("[")) return ListAtom(start);
        if (Accept("{")) return DictAtom(start);
        if (Accept("...")) return Unknown("...", start, "is Ellipsis, which stacks does not use");
        break;
      default: break;
    }
    Fail(t.offset, t.kind == TokKind::kNewline || t.kind == TokKind::kEnd ? "invalid syntax: expected a value"
                                                                           : "invalid syntax");
  }

  PyValue NameAtom() {
    const Token& t = Next();
    std::string name(t.text);
    if (name == "True") return PyValue::Bool(true);
    if (name == "False") return PyValue::Bool(false);
    if (name == "None") return PyValue::None();
    if (name == "__file__") return PyValue::Str(path_);
    if (name == "__name__") return PyValue::Str(std::filesystem::path(path_).stem().string());
    if (PyValue* v = module_->Lookup(name)) {
      if (v->kind == K::kOpaque && !IsKnown(*v)) {
        PyValue copy = *v;
        copy.integer = static_cast<int64_t>(t.offset);
        return copy;
      }
      return *v;
    }
    static const char* kBuiltins[] = {
        "abs",   "all",  "any",     "bool",   "callable", "chr",     "dict",   "enumerate", "filter", "float",
        "format", "getattr", "hasattr", "hex", "int", "isinstance", "iter", "len", "list", "map", "max", "min",
        "next",  "oct",  "ord",     "pow",    "print",    "range",   "repr",   "reversed",  "round",  "set",
        "sorted", "str", "sum",     "tuple",  "type",     "zip"};
    for (const char* b : kBuiltins)
      if (name == b) return Callable(name, t.offset);
    Fail(t.offset, "NameError: name '" + name + "' is not defined");
  }

  PyValue NumberAtom(const Token& t) {
    std::string text;
    for (char c : t.text)
      if (c != '_') text.push_back(c);
    char last = text.back();
    if (last == 'j' || last == 'J') return Unknown(std::string(t.text), t.offset, "is a complex number");
    try {
      if (text.size() > 2 && text[0] == '0' && std::isalpha(static_cast<unsigned char>(text[1]))) {
        int base = std::tolower(text[1]) == 'x' ? 16 : std::tolower(text[1]) == 'o' ? 8 : 2;
        return PyValue::Int(std::stoll(text.substr(2), nullptr, base));
      }
      if (text.find_first_of(".eE") != std::string::npos) return PyValue::Float(std::stod(text));
      if (text.size() > 1 && text[0] == '0' && text.find_first_not_of('0') != std::string::npos)
        Fail(t.offset, "invalid syntax: leading zeros in decimal integer literals are not permitted");
      return PyValue::Int(std::stoll(text));
    } catch (const std::out_of_range&) {
      return PyValue::Float(std::stod(text));
    }
  }

  // Adjacent string literals concatenate; a bytes or f-string part makes the
  // whole value opaque.
  PyValue StringAtoms() {
    size_t start = Peek().offset;
    std::string value;
    bool bytes = false;
    std::optional<PyValue> unknown;
    while (Peek().kind == TokKind::kString) {
      const Token& t = Next();
      bytes |= t.is_bytes;
      if (!t.is_fstring) {
        value += t.value;
        continue;
      }
      PyValue part = FString(t);
      if (part.kind == K::kOpaque) unknown = part;
      else value += part.str;
    }
    if (bytes) return Unknown(TextFrom(start), start, "is a bytes literal, which Pelican settings do not use");
    if (unknown) return Unknown(TextFrom(start), start, WhyOf(*unknown));
    return PyValue::Str(std::move(value));
  }

  // An f-string: literal text with `{{`/`}}`, and `{expression!conversion:spec}`
  // fields whose expressions are evaluated like the rest of the file.
  PyValue FString(const Token& t) {
    const std::string& body = t.value;
    std::string out;
    for (size_t i = 0; i < body.size(); ++i) {
      char c = body[i];
      if ((c == '{' || c == '}') && i + 1 < body.size() && body[i + 1] == c) {
        out.push_back(c);
        ++i;
        continue;
      }
      if (c == '}') Fail(t.offset, "f-string: single '}' is not allowed");
      if (c != '{') {
        out.push_back(c);
        continue;
      }
      size_t end = FieldEnd(body, i + 1);
      if (end == std::string::npos) Fail(t.offset, "f-string: expecting '}'");
      std::string field = body.substr(i + 1, end - i - 1);
      std::optional<PyValue> piece = FormatField(field, t.offset);
      if (!piece) return Unknown(std::string(t.text), t.offset, "uses a value stacks cannot compute");
      out += piece->str;
      i = end;
    }
    return PyValue::Str(out);
  }

  // Where the field opened before `from` closes: the first `}` outside
  // brackets and quotes.
  static size_t FieldEnd(const std::string& body, size_t from) {
    int depth = 0;
    char quote = 0;
    for (size_t i = from; i < body.size(); ++i) {
      char c = body[i];
      if (quote) {
        if (c == quote) quote = 0;
      } else if (c == '\'' || c == '"') {
        quote = c;
      } else if (c == '(' || c == '[' || c == '{') {
        ++depth;
      } else if (c == ')' || c == ']') {
        --depth;
      } else if (c == '}') {
        if (depth == 0) return i;
        --depth;
      }
    }
    return std::string::npos;
  }

  // `expression[=][!conversion][:spec]`, formatted as str.format would.
  std::optional<PyValue> FormatField(const std::string& field, size_t offset) {
    std::string expression = field, spec, conversion;
    size_t colon = FieldSeparator(field, ':');
    if (colon != std::string::npos) spec = field.substr(colon + 1), expression = field.substr(0, colon);
    size_t bang = FieldSeparator(expression, '!');
    if (bang != std::string::npos && bang + 1 < expression.size() && expression[bang + 1] != '=')
      conversion = expression.substr(bang + 1), expression = expression.substr(0, bang);
    PyValue value = EvaluateFieldExpression(expression, offset);
    if (value.kind == K::kOpaque) return std::nullopt;
    std::string format = "{" + (conversion.empty() ? "" : "!" + conversion) + (spec.empty() ? "" : ":" + spec) + "}";
    std::string error;
    std::optional<std::string> text = BraceFormat(format, {value}, {}, &error);
    if (!text) Fail(offset, "f-string: " + error);
    return PyValue::Str(*text);
  }

  static size_t FieldSeparator(const std::string& s, char separator) {
    int depth = 0;
    char quote = 0;
    for (size_t i = 0; i < s.size(); ++i) {
      char c = s[i];
      if (quote) {
        if (c == quote) quote = 0;
      } else if (c == '\'' || c == '"') {
        quote = c;
      } else if (c == '(' || c == '[' || c == '{') {
        ++depth;
      } else if (c == ')' || c == ']' || c == '}') {
        --depth;
      } else if (c == separator && depth == 0 && !(separator == '!' && i + 1 < s.size() && s[i + 1] == '=')) {
        return i;
      }
    }
    return std::string::npos;
  }

  // Evaluates the text of an f-string field against this module; errors
  // point at the f-string.
  PyValue EvaluateFieldExpression(const std::string& text, size_t offset) {
    auto source = std::make_shared<const std::string>(text);
    Evaluator inner(path_, source, search_dirs_, module_, messages_, depth_);
    inner.current_target_ = current_target_;
    inner.container_depth_ = 1;
    LexResult lex = TokenizePython(*source);
    if (!lex.ok) Fail(offset, "f-string: " + lex.error);
    inner.toks_ = std::move(lex.tokens);
    try {
      PyValue value = inner.ExpressionList();
      if (inner.Peek().kind != TokKind::kNewline && inner.Peek().kind != TokKind::kEnd)
        Fail(offset, "f-string: invalid syntax");
      return value;
    } catch (const EvalError& e) {
      Fail(offset, "f-string: " + e.message);
    }
  }

  PyValue ParenAtom(size_t start) {
    if (Accept(")")) return PyValue::Tuple({});
    ++container_depth_;
    PyValue first = Expression();
    if (IsName("for")) {
      SkipToClose();
      --container_depth_;
      return Unknown(TextFrom(start), start, "is a generator expression, which stacks does not evaluate");
    }
    if (Accept(")")) {
      --container_depth_;
      return first;
    }
    std::vector<PyValue> items{Element(std::move(first))};
    while (Accept(",")) {
      if (IsOp(")")) break;
      items.push_back(Element(Expression()));
    }
    Expect(")");
    --container_depth_;
    return PyValue::Tuple(std::move(items));
  }

  PyValue ListAtom(size_t start) {
    std::vector<PyValue> items;
    ++container_depth_;
    while (!IsOp("]")) {
      if (IsOp("*")) {
        ++pos_;
        PyValue spread = Expression();
        if (spread.IsSequence()) items.insert(items.end(), spread.items.begin(), spread.items.end());
        else items.push_back(Element(Unknown(TextFrom(start), start, "unpacks a value stacks cannot compute")));
      } else {
        PyValue item = Expression();
        if (IsName("for")) {
          SkipToClose();
          --container_depth_;
          return Unknown(TextFrom(start), start, "is a list comprehension, which stacks does not evaluate");
        }
        items.push_back(Element(std::move(item)));
      }
      if (!Accept(",")) break;
    }
    Expect("]");
    --container_depth_;
    return PyValue::List(std::move(items));
  }

  PyValue DictAtom(size_t start) {
    PyValue dict = PyValue::Dict();
    ++container_depth_;
    bool is_set = false;
    std::vector<PyValue> set_items;
    while (!IsOp("}")) {
      if (Accept("**")) {
        PyValue spread = BitOr();
        if (spread.kind == K::kDict)
          for (auto& [k, v] : spread.entries) dict.Set(k, v);
        else Element(Unknown(TextFrom(start), start, "unpacks a value stacks cannot compute"));
      } else {
        size_t key_offset = Peek().offset;
        PyValue key = Expression();
        if (IsName("for")) {
          SkipToClose();
          --container_depth_;
          return Unknown(TextFrom(start), start, "is a comprehension, which stacks does not evaluate");
        }
        if (!Accept(":")) {
          is_set = true;
          set_items.push_back(Element(std::move(key)));
        } else {
          PyValue value = Expression();
          if (IsName("for")) {
            SkipToClose();
            --container_depth_;
            return Unknown(TextFrom(start), start, "is a comprehension, which stacks does not evaluate");
          }
          if (key.kind == K::kList || key.kind == K::kDict) Fail(key_offset, "TypeError: unhashable type");
          if (container_depth_ == 1 && IsJinjaTable(current_target_)) value = JinjaEntry(std::move(value));
          dict.Set(Element(std::move(key)), Element(std::move(value)));
        }
      }
      if (!Accept(",")) break;
    }
    Expect("}");
    --container_depth_;
    if (is_set) return PyValue::List(std::move(set_items));
    return dict;
  }

  void SkipAtom() {
    if (IsOp("(")) return ++pos_, SkipToClose();
    if (IsOp("[")) return ++pos_, SkipToClose();
    if (IsOp("{")) return ++pos_, SkipToClose();
    ++pos_;
  }

  // Moves past the bracket that closes the current one (the lexer has
  // checked that brackets balance, so it is the expected kind).
  void SkipToClose() {
    int depth = 0;
    while (Peek().kind != TokKind::kEnd) {
      const Token& t = Next();
      if (t.kind != TokKind::kOp) continue;
      if (t.text == "(" || t.text == "[" || t.text == "{") ++depth;
      else if (t.text == ")" || t.text == "]" || t.text == "}") {
        if (depth == 0) return;
        --depth;
      }
    }
  }

  const std::string& path_;
  std::shared_ptr<const std::string> source_;
  const std::vector<std::string>& search_dirs_;
  PyModule* module_;
  std::vector<SettingsMessage>* messages_;
  int depth_;
  std::vector<Token> toks_;
  size_t pos_ = 0;
  std::string current_target_;
  int container_depth_ = 0;
  int nesting_ = 0;
};

}  // namespace

bool EvaluatePythonSettings(const std::string& path, std::shared_ptr<const std::string> source,
                            const std::vector<std::string>& search_dirs, PyModule* module,
                            std::vector<SettingsMessage>* messages, int depth) {
  Evaluator evaluator(path, std::move(source), search_dirs, module, messages, depth);
  return evaluator.Run();
}

}  // namespace stacks::site
