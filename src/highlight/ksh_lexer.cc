// Lexing with KSyntaxHighlighting and mapping its formats to Pygments types.
//
// KSyntaxHighlighting highlights line by line (UTF-16 QStrings) and reports
// runs of (offset, length, format). Each format id is mapped once per
// language to a Pygments token type: first the language's table of
// (definition, format name) rules, else a default by the format's text
// style. Runs are converted back to UTF-8 byte ranges; text no run covers
// (and every newline) is whitespace or plain text.
//
// KSyntaxHighlighting promises equal results for equal states and equal
// line text, so each thread remembers, per language, the runs and the next
// state of every (state, line) it has highlighted, and answers a repeated
// line from memory (code blocks repeat lines a lot: `}`, `spec:`, blank
// lines, whole snippets); see LineMemo.
#include <KSyntaxHighlighting/AbstractHighlighter>
#include <KSyntaxHighlighting/Definition>
#include <KSyntaxHighlighting/Format>
#include <KSyntaxHighlighting/Repository>
#include <KSyntaxHighlighting/State>
#include <KSyntaxHighlighting/Theme>

#include <QString>

#include <map>
#include <mutex>
#include <string>
#include <unordered_map>

#include "highlight/lexer.h"
#include "markdown/util.h"

namespace stacks::highlight {

namespace ksh = KSyntaxHighlighting;

namespace {

// The one repository (loading it reads ~360 definitions). Definitions load
// lazily inside KSyntaxHighlighting, so a language's first use is serialized
// under `mutex` and forces the whole definition (and its includes) to load.
struct Shared {
  ksh::Repository repository;
  std::mutex mutex;
  // (definition name, format id) names for tables, built per language.
  std::unordered_map<const KshSpec*, std::vector<TokenType>> type_of_format;
  std::unordered_map<const KshSpec*, ksh::Definition> definitions;
};

Shared& TheShared() {
  static Shared* shared = new Shared;  // never destroyed: Qt objects outlive main's statics
  return *shared;
}

TokenType DefaultTypeForStyle(ksh::Theme::TextStyle style) {
  using S = ksh::Theme::TextStyle;
  switch (style) {
    case S::Normal: return TokenType::kText;
    case S::Keyword: return TokenType::kKeyword;
    case S::Function: return TokenType::kNameFunction;
    case S::Variable: return TokenType::kNameVariable;
    case S::ControlFlow: return TokenType::kKeyword;
    case S::Operator: return TokenType::kOperator;
    case S::BuiltIn: return TokenType::kNameBuiltin;
    case S::Extension: return TokenType::kNameBuiltin;
    case S::Preprocessor: return TokenType::kCommentPreproc;
    case S::Attribute: return TokenType::kNameAttribute;
    case S::Char: return TokenType::kStringChar;
    case S::SpecialChar: return TokenType::kStringEscape;
    case S::String: return TokenType::kString;
    case S::VerbatimString: return TokenType::kString;
    case S::SpecialString: return TokenType::kStringRegex;
    case S::Import: return TokenType::kKeywordNamespace;
    case S::DataType: return TokenType::kKeywordType;
    case S::DecVal: return TokenType::kNumberInteger;
    case S::BaseN: return TokenType::kNumberHex;
    case S::Float: return TokenType::kNumberFloat;
    case S::Constant: return TokenType::kNameConstant;
    case S::Comment: return TokenType::kComment;
    case S::Documentation: return TokenType::kStringDoc;
    case S::Annotation: return TokenType::kNameDecorator;
    case S::CommentVar: return TokenType::kComment;
    case S::RegionMarker: return TokenType::kComment;
    case S::Information: return TokenType::kComment;
    case S::Warning: return TokenType::kComment;
    case S::Alert: return TokenType::kComment;
    case S::Others: return TokenType::kNameOther;
    case S::Error: return TokenType::kText;
  }
  return TokenType::kText;
}

// Walks a definition and everything it includes.
void CollectDefinitions(const ksh::Definition& def, std::vector<ksh::Definition>* seen) {
  for (const ksh::Definition& d : *seen)
    if (d == def) return;
  seen->push_back(def);
  for (const ksh::Definition& inc : def.includedDefinitions()) CollectDefinitions(inc, seen);
}

TokenType TypeForFormat(const KshSpec& spec, const QString& definition, const ksh::Format& format) {
  QString name = format.name();
  for (const FormatRule& r : spec.rules) {
    if (r.definition[0] && definition != QLatin1String(r.definition)) continue;
    if (name == QLatin1String(r.format)) return r.type;
  }
  return DefaultTypeForStyle(format.textStyle());
}

// Loads the language's definition and builds its format-id table; called
// with the mutex held.
const std::vector<TokenType>& FormatTable(Shared& shared, const KshSpec& spec) {
  auto it = shared.type_of_format.find(&spec);
  if (it != shared.type_of_format.end()) return it->second;
  ksh::Definition def = shared.repository.definitionForName(QString::fromUtf8(spec.definition));
  std::vector<ksh::Definition> all;
  if (def.isValid()) CollectDefinitions(def, &all);
  std::vector<TokenType> table;
  for (const ksh::Definition& d : all) {
    for (const ksh::Format& f : d.formats()) {
      if (f.id() >= table.size()) table.resize(f.id() + 1, TokenType::kText);
      table[f.id()] = TypeForFormat(spec, d.name(), f);
    }
  }
  shared.definitions[&spec] = def;
  return shared.type_of_format[&spec] = std::move(table);
}

// Collects the runs of one line.
class RunCollector : public ksh::AbstractHighlighter {
 public:
  struct Run {
    int offset, length;
    ksh::Format format;
  };
  ksh::State Line(QStringView text, const ksh::State& state) {
    runs_.clear();
    return highlightLine(text, state);
  }
  const std::vector<Run>& runs() const { return runs_; }

 protected:
  void applyFormat(int offset, int length, const ksh::Format& format) override {
    if (length > 0) runs_.push_back({offset, length, format});
  }

 private:
  std::vector<Run> runs_;
};

// The runs of one line as the memo keeps them: format ids, not formats.
struct MemoRun {
  int offset, length;
  int format_id;
};

// What one thread remembers of KSyntaxHighlighting's work for one
// language: states are numbered (the initial one is 0) and each
// (state number, line text) maps to the line's runs and the number of the
// state after it. A state is numbered by comparing it with those already
// numbered, which is cheap while they are few; past kMaxStates states or
// kMaxBytes of remembered text the memo starts afresh (at the start of a
// block, so the numbers a block is using stay valid).
class LineMemo {
 public:
  struct Answer {
    std::vector<MemoRun> runs;
    int next_state;
  };

  LineMemo() { Clear(); }

  void TrimIfFull() {
    if (states_.size() > kMaxStates || bytes_ > kMaxBytes) Clear();
  }

  /// The runs of `line` highlighted from state number `state` (computed
  /// with `collector` when new).
  const Answer& Lookup(RunCollector& collector, int state, std::string_view line) {
    key_.assign(reinterpret_cast<const char*>(&state), sizeof state);
    key_.append(line);
    auto it = answers_.find(key_);
    if (it != answers_.end()) return it->second;
    QString qline = QString::fromUtf8(line.data(), static_cast<int>(line.size()));
    ksh::State next = collector.Line(qline, states_[state]);
    Answer answer;
    answer.runs.reserve(collector.runs().size());
    for (const RunCollector::Run& r : collector.runs()) answer.runs.push_back({r.offset, r.length, r.format.id()});
    answer.next_state = Number(next);
    bytes_ += key_.size() + answer.runs.size() * sizeof(MemoRun) + 64;
    return answers_.emplace(key_, std::move(answer)).first->second;
  }

 private:
  static constexpr size_t kMaxStates = 256;
  static constexpr size_t kMaxBytes = size_t{8} << 20;

  void Clear() {
    states_.assign(1, ksh::State());
    answers_.clear();
    bytes_ = 0;
  }

  int Number(const ksh::State& state) {
    for (size_t i = 0; i < states_.size(); ++i)
      if (states_[i] == state) return static_cast<int>(i);
    states_.push_back(state);
    return static_cast<int>(states_.size() - 1);
  }

  std::vector<ksh::State> states_;
  std::unordered_map<std::string, Answer> answers_;
  size_t bytes_ = 0;
  std::string key_;  ///< the lookup key, reused
};

// Byte offset in the UTF-8 line of each UTF-16 index (plus the end).
std::vector<int> Utf16ToByteOffsets(std::string_view line) {
  std::vector<int> map;
  map.reserve(line.size() + 1);
  for (size_t i = 0; i < line.size();) {
    unsigned char c = static_cast<unsigned char>(line[i]);
    int len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    map.push_back(static_cast<int>(i));
    if (len == 4) map.push_back(static_cast<int>(i));  // surrogate pair
    i += len;
  }
  map.push_back(static_cast<int>(line.size()));
  return map;
}

bool IsAscii(std::string_view s) {
  for (char c : s)
    if (static_cast<unsigned char>(c) >= 0x80) return false;
  return true;
}

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

bool IsWordByte(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         static_cast<unsigned char>(c) >= 0x80;
}

bool IsOperatorByte(const KshSpec& spec, char c) { return std::string_view(spec.operator_chars).find(c) != std::string_view::npos; }

bool IsNumber(std::string_view word) {
  for (char c : word)
    if (c < '0' || c > '9') return false;
  return true;
}

// Text with no highlighting of its own: words are names (or text),
// operators and punctuation as Pygments' programming lexers print them.
void EmitPlain(const KshSpec& spec, std::string_view text, std::vector<Token>* out) {
  size_t i = 0;
  while (i < text.size()) {
    size_t j = i + 1;
    char c = text[i];
    TokenType type;
    if (IsSpace(c)) {
      while (j < text.size() && IsSpace(text[j])) ++j;
      type = spec.whitespace;
    } else if (IsWordByte(c)) {
      while (j < text.size() && IsWordByte(text[j])) ++j;
      type = spec.words_are_names ? TokenType::kName : TokenType::kText;
      if (!spec.words_are_names && IsNumber(text.substr(i, j - i))) type = TokenType::kNumber;
    } else if (IsOperatorByte(spec, c)) {
      while (j < text.size() && IsOperatorByte(spec, text[j])) ++j;
      type = TokenType::kOperator;
    } else if (spec.words_are_names || std::string_view(spec.punctuation_chars).find(c) != std::string_view::npos) {
      type = TokenType::kPunctuation;
    } else {
      type = TokenType::kText;
    }
    Emit(out, type, text.substr(i, j - i));
    i = j;
  }
}

// Refines a generic type by the text it covers, as Pygments lexers do
// (string quotes, comment markers).
TokenType Refine(TokenType type, std::string_view text) {
  if (type == TokenType::kString && !text.empty()) {
    if (text[0] == '"') return TokenType::kStringDouble;
    if (text[0] == '\'') return TokenType::kStringSingle;
    if (text[0] == '`') return TokenType::kStringBacktick;
  }
  if (type == TokenType::kComment && text.size() >= 2) {
    if (text[0] == '#' || (text[0] == '/' && text[1] == '/')) return TokenType::kCommentSingle;
    if (text[0] == '/' && text[1] == '*') return TokenType::kCommentMultiline;
  }
  return type;
}

// A run keeps its leading and trailing whitespace out of names, keywords,
// operators and punctuation (Pygments lexes whitespace separately).
bool KeepsWhitespace(TokenType type) {
  std::string_view name = TokenTypeName(type);
  return name.substr(0, 7) == "Literal" || name.substr(0, 7) == "Comment" || name.substr(0, 7) == "Generic";
}

void EmitRun(const KshSpec& spec, TokenType type, std::string_view text, std::vector<Token>* out) {
  if (type == TokenType::kText) return EmitPlain(spec, text, out);
  if (KeepsWhitespace(type)) return Emit(out, Refine(type, text), text);
  size_t b = 0, e = text.size();
  while (b < e && IsSpace(text[b])) ++b;
  while (e > b && IsSpace(text[e - 1])) --e;
  Emit(out, spec.whitespace, text.substr(0, b));
  Emit(out, Refine(type, text.substr(b, e - b)), text.substr(b, e - b));
  Emit(out, spec.whitespace, text.substr(e));
}

bool IsNameLike(TokenType t) {
  return t == TokenType::kName || t == TokenType::kNameOther || t == TokenType::kText;
}

bool IsWord(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (!IsWordByte(c)) return false;
  return true;
}

// `from a import b`: the import names what is imported (plain names, as
// Pygments' fromimport state pops back to the root), not a module.
bool FollowsFromOnItsLine(const std::vector<Token>& ts, size_t first, size_t i) {
  for (size_t k = i; k-- > first;) {
    if (ts[k].text.find('\n') != std::string::npos) return false;
    if (ts[k].text == "from" && TokenTypeName(ts[k].type).starts_with("Keyword")) return true;
  }
  return false;
}

// The word and after-keyword rules, applied to the finished token list:
// named words are retyped; the name following a listed keyword (across
// whitespace) is retyped, dotted parts included when the rule says so.
void ApplyWordRules(const KshSpec& spec, std::vector<Token>* tokens, size_t first) {
  if (spec.words.empty() && spec.after_keywords.empty()) return;
  std::vector<Token>& ts = *tokens;
  for (size_t k = first; k < ts.size(); ++k) {
    Token& t = ts[k];
    if (KeepsWhitespace(t.type) && !TokenTypeName(t.type).starts_with("Literal.Number")) continue;
    for (const WordRule& w : spec.words)
      if (t.text == w.word) t.type = w.type;
  }
  for (size_t i = first; i < ts.size(); ++i) {
    if (!TokenTypeName(ts[i].type).starts_with("Keyword")) continue;
    for (const AfterKeywordRule& r : spec.after_keywords) {
      if (ts[i].text != r.keyword) continue;
      if (std::string_view(r.keyword) == "import" && FollowsFromOnItsLine(ts, first, i)) break;
      size_t j = i + 1;
      if (j < ts.size() && ts[j].type == spec.whitespace && ts[j].text.find('\n') == std::string::npos) ++j;
      if (j >= ts.size() || j == i + 1 || !IsNameLike(ts[j].type) || !IsWord(ts[j].text)) break;
      ts[j].type = r.type;
      // A dotted name becomes one token: a.b.c
      while (r.dotted && j + 2 < ts.size() && ts[j + 1].text == "." && IsWord(ts[j + 2].text)) {
        TextStore& store = CurrentTextStore();
        ts[j].text = store.Join(store.Join(ts[j].text, ts[j + 1].text), ts[j + 2].text);
        ts.erase(ts.begin() + j + 1, ts.begin() + j + 3);
      }
      break;
    }
  }
}

// Splits the delimiters off tag and attribute tokens (see KshSpec::markup).
void SplitMarkup(std::vector<Token>* tokens, size_t first) {
  std::vector<Token> out(tokens->begin(), tokens->begin() + first);
  for (size_t k = first; k < tokens->size(); ++k) {
    Token& t = (*tokens)[k];
    std::string_view text = t.text;
    if (t.type == TokenType::kNameTag) {
      size_t b = 0, e = text.size();
      while (b < e && (text[b] == '<' || text[b] == '/')) ++b;
      while (e > b && (text[e - 1] == '>' || text[e - 1] == '/')) --e;
      Emit(&out, TokenType::kPunctuation, text.substr(0, b));
      Emit(&out, TokenType::kNameTag, text.substr(b, e - b));
      Emit(&out, TokenType::kPunctuation, text.substr(e));
    } else if (t.type == TokenType::kNameAttribute && text.size() > 1 && text.back() == '=') {
      Emit(&out, TokenType::kNameAttribute, text.substr(0, text.size() - 1));
      Emit(&out, TokenType::kOperator, text.substr(text.size() - 1));
    } else {
      out.push_back(std::move(t));
    }
  }
  tokens->swap(out);
}

void SplitTargetColons(std::vector<Token>* tokens, size_t first) {
  std::vector<Token> out(tokens->begin(), tokens->begin() + first);
  for (size_t k = first; k < tokens->size(); ++k) {
    Token& t = (*tokens)[k];
    if (t.type == TokenType::kNameFunction && t.text.size() > 1 && t.text.back() == ':') {
      Emit(&out, TokenType::kNameFunction, std::string_view(t.text).substr(0, t.text.size() - 1));
      Emit(&out, TokenType::kOperator, t.text.substr(t.text.size() - 1));
    } else {
      out.push_back(std::move(t));
    }
  }
  tokens->swap(out);
}

}  // namespace

// Highlights line by line with a per-thread highlighter (through the
// thread's memo); the format table turns each run into a token type.
void LexWithKsh(const KshSpec& spec, std::string_view text, std::vector<Token>* out) {
  Shared& shared = TheShared();
  const std::vector<TokenType>* table;
  ksh::Definition def;
  {
    std::lock_guard<std::mutex> lock(shared.mutex);
    table = &FormatTable(shared, spec);
    def = shared.definitions[&spec];
  }
  if (!def.isValid()) return EmitPlain(spec, text, out);
  size_t first = out->size();
  thread_local RunCollector collector;
  thread_local std::unordered_map<const KshSpec*, LineMemo> memos;
  collector.setDefinition(def);
  LineMemo& memo = memos[&spec];
  memo.TrimIfFull();
  int state = 0;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t nl = text.find('\n', pos);
    size_t end = nl == std::string_view::npos ? text.size() : nl;
    std::string_view line = text.substr(pos, end - pos);
    const LineMemo::Answer& answer = memo.Lookup(collector, state, line);
    state = answer.next_state;
    std::vector<int> offsets;
    bool ascii = IsAscii(line);
    if (!ascii) offsets = Utf16ToByteOffsets(line);
    auto byte_at = [&](int i) { return ascii ? i : offsets[std::min<size_t>(i, offsets.size() - 1)]; };
    int done = 0;
    for (const MemoRun& run : answer.runs) {
      int b = byte_at(run.offset), e = byte_at(run.offset + run.length);
      if (b < done) continue;
      if (b > done) EmitPlain(spec, line.substr(done, b - done), out);
      TokenType type = static_cast<size_t>(run.format_id) < table->size() ? (*table)[run.format_id] : TokenType::kText;
      EmitRun(spec, type, line.substr(b, e - b), out);
      done = e;
    }
    if (done < static_cast<int>(line.size())) EmitPlain(spec, line.substr(done), out);
    if (nl == std::string_view::npos) break;
    Emit(out, spec.whitespace, text.substr(nl, 1));
    pos = nl + 1;
  }
  ApplyWordRules(spec, out, first);
  if (spec.markup) SplitMarkup(out, first);
  if (spec.target_colon) SplitTargetColons(out, first);
}

std::string DebugKshFormats(const KshSpec& spec, std::string_view text) {
  Shared& shared = TheShared();
  std::map<int, QString> def_of_format;
  ksh::Definition def;
  {
    std::lock_guard<std::mutex> lock(shared.mutex);
    FormatTable(shared, spec);
    def = shared.definitions[&spec];
    std::vector<ksh::Definition> all;
    if (def.isValid()) CollectDefinitions(def, &all);
    for (const ksh::Definition& d : all)
      for (const ksh::Format& f : d.formats()) def_of_format[f.id()] = d.name();
  }
  if (!def.isValid()) return "no definition\n";
  RunCollector collector;
  collector.setDefinition(def);
  ksh::State state;
  std::string out;
  auto piece = [&out](const std::string& d, const std::string& f, const QString& t) {
    out += d + "\t" + f + "\t" + nlohmann::json(t.toStdString()).dump() + "\n";
  };
  std::vector<std::string> lines = markdown::SplitOn(text, "\n");
  for (size_t i = 0; i < lines.size(); ++i) {
    QString q = QString::fromUtf8(lines[i].data(), static_cast<int>(lines[i].size()));
    state = collector.Line(q, state);
    int done = 0;
    for (const RunCollector::Run& r : collector.runs()) {
      if (r.offset < done) continue;
      if (r.offset > done) piece("", "", q.mid(done, r.offset - done));
      piece(def_of_format[r.format.id()].toStdString(), r.format.name().toStdString(), q.mid(r.offset, r.length));
      done = r.offset + r.length;
    }
    if (done < q.size()) piece("", "", q.mid(done));
    if (i + 1 < lines.size()) piece("", "", QStringLiteral("\n"));
  }
  return out;
}

}  // namespace stacks::highlight
