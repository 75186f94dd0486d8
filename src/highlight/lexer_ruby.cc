// Ruby, as Pygments 2.14's RubyLexer lexes it: the state table is Pygments'
// own (tests/highlight/gen_ruby.py writes ported_ruby.inc); the callbacks it
// names are written here.
//
// Heredocs: `<<NAME rest-of-line` emits the opener, lexes the rest of the
// line (which may open more heredocs), then, for the outermost opener, takes
// the bodies of all heredocs opened on the line, in order, each running to
// the line that is its name (stripped for `<<-` / `<<~`, right-stripped
// otherwise). A body with no such line has its lines emitted as errors and
// then lexed again as code, as Pygments does.
#include <algorithm>
#include <cctype>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "highlight/rule_lexer.h"
#include "markdown/util.h"

namespace stacks::highlight {

namespace {

using T = TokenType;
using markdown::Regex;

// Python's s.strip() (`left`) or s.rstrip(): one pass that keeps the first
// non-space character's start and the last one's end.
std::string_view PythonStrip(std::string_view s, bool left) {
  size_t first = std::string_view::npos, last_end = 0;
  for (size_t p = 0; p < s.size();) {
    auto [cp, length] = Utf8At(s, p);
    if (!markdown::IsPySpace(cp)) {
      if (first == std::string_view::npos) first = p;
      last_end = p + length;
    }
    p += length;
  }
  if (first == std::string_view::npos) return {};
  return left ? s.substr(first, last_end - first) : s.substr(0, last_end);
}

void EmitNonEmpty(std::vector<Token>* out, TokenType type, std::string_view text) {
  if (!text.empty()) Emit(out, type, text);
}

// The text's lines (each ending with a newline; a last line without one is
// not a line, as for Pygments' line_re), indexed by their stripped and
// right-stripped content, built on the first heredoc: finding a heredoc's end
// is then a binary search, however many heredocs there are.
class LineIndex {
 public:
  explicit LineIndex(std::string_view text) {
    size_t start = 0;
    for (size_t nl; (nl = text.find('\n', start)) != std::string_view::npos; start = nl + 1) {
      std::string_view line = text.substr(start, nl + 1 - start);
      size_t index = starts_.size();
      starts_.push_back(start);
      stripped_[PythonStrip(line, true)].push_back(index);
      rstripped_[PythonStrip(line, false)].push_back(index);
    }
    starts_.push_back(start);  // the end of the last line: line i is [starts_[i], starts_[i + 1])
  }
  /// The index of the first line starting at or after `pos`.
  size_t LineAt(size_t pos) const { return std::lower_bound(starts_.begin(), starts_.end() - 1, pos) - starts_.begin(); }
  size_t line_count() const { return starts_.size() - 1; }
  size_t Start(size_t line) const { return starts_[line]; }
  /// The first line from `line` on whose (r)stripped content is `name`, or
  /// line_count().
  size_t Find(std::string_view name, bool tolerant, size_t line) const {
    const auto& index = tolerant ? stripped_ : rstripped_;
    auto it = index.find(name);
    if (it == index.end()) return line_count();
    auto hit = std::lower_bound(it->second.begin(), it->second.end(), line);
    return hit == it->second.end() ? line_count() : *hit;
  }

 private:
  std::vector<size_t> starts_;
  std::map<std::string_view, std::vector<size_t>> stripped_, rstripped_;
};

// The heredocs of one LexRuby call: those opened on the current line, the
// line index, and how much error text unterminated heredocs have repeated.
struct HeredocState {
  explicit HeredocState(std::string_view t) : text(t) {}
  std::string_view text;
  std::vector<std::pair<bool, std::string>> pending;  // (tolerant, name)
  std::unique_ptr<LineIndex> lines;
  size_t error_bytes = 0;
  size_t error_until = 0;  // lines before this were already emitted as errors
  std::vector<int>* end_stack = nullptr;  // where SentinelCallback keeps the states
};

thread_local HeredocState* g_heredocs = nullptr;

// Where an unterminated heredoc's lines are emitted as errors: Pygments
// repeats them for every unterminated heredoc, which grows quadratically
// with a text of unterminated openers; past a budget of twice the text
// (plus 64 KiB), lines already emitted as errors are not emitted again.
// The lines go out as one token (Emit would merge them anyway, copying).
void EmitUnterminated(HeredocState* h, size_t from_line, std::vector<Token>* out) {
  const LineIndex& lines = *h->lines;
  size_t start = lines.Start(from_line), end = lines.Start(lines.line_count());
  if (h->error_bytes > 2 * h->text.size() + 65536) start = std::max(start, h->error_until);
  if (start >= end) return;
  Emit(out, T::kError, h->text.substr(start, end - start));
  h->error_bytes += end - start;
  h->error_until = std::max(h->error_until, end);
}

// The bodies of the heredocs opened on the line, from `pos` (a line start):
// each body's lines, then its closing line as the delimiter.
size_t EmitHeredocBodies(HeredocState* h, size_t pos, std::vector<Token>* out) {
  if (!h->lines) h->lines = std::make_unique<LineIndex>(h->text);
  const LineIndex& lines = *h->lines;
  for (const auto& [tolerant, name] : h->pending) {
    size_t first = lines.LineAt(pos);
    size_t close = lines.Find(name, tolerant, first);
    if (close == lines.line_count()) {
      EmitUnterminated(h, first, out);
      continue;
    }
    Emit(out, T::kStringHeredoc, h->text.substr(lines.Start(first), lines.Start(close) - lines.Start(first)));
    Emit(out, T::kStringDelimiter, h->text.substr(lines.Start(close), lines.Start(close + 1) - lines.Start(close)));
    pos = lines.Start(close + 1);
  }
  h->pending.clear();
  return pos;
}

std::string_view Group(const RuleMatch& m, std::string_view text, int g) {
  return m.Has(g) ? text.substr(m.Start(g), m.End(g) - m.Start(g)) : std::string_view();
}

// Lexes `part` (a piece of the text) afresh, as Pygments' callbacks do with
// a new LexerContext, starting with the states `stack` (indices).
void LexPart(const LexContext& ctx, std::string_view part, const std::vector<int>& stack, std::vector<Token>* out);

bool IsWordByte(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || (c & 0x80); }

// The end of a text LexLineRest lexes: `#` U+10FFFF (every state's runs of
// string text stop at `#`, where the sentinel rule is tried first).
constexpr std::string_view kSentinel = "#\xF4\x8F\xBF\xBF";

// Lexes text[begin, end) (the rest of a heredoc's line) with a copy of the
// current states, and goes on with the states it ends in, as Pygments lexes
// it in place with its own context. A text of its own differs in place in
// two ways, both mended here:
// - its start: `^` would match there and lookbehinds would see nothing. So
//   one character goes before it, that makes a token of its own without
//   changing the states and looks back as the name's last character: `;`
//   (punctuation), or `_` (a name) before `<<`, which `(?<!\w)` must see as
//   after a word; a rest starting with a word character needs none. The
//   prefix's character is dropped from the tokens.
// - its end: the states the lexer ends in. The text ends with a sentinel
//   character that a rule first in every state takes (SentinelCallback),
//   keeping the stack.
void LexLineRest(LexContext* ctx, size_t begin, size_t end, std::vector<Token>* out) {
  std::string_view rest = ctx->text.substr(begin, end - begin);
  if (rest.empty()) return;
  char prefix = 0;
  if (begin > 0 && !IsWordByte(rest[0])) prefix = rest[0] == '<' && IsWordByte(ctx->text[begin - 1]) ? '_' : ';';
  std::string part = (prefix ? std::string(1, prefix) : std::string()) + std::string(rest) + std::string(kSentinel);
  std::vector<Token> tokens;
  std::vector<int> end_stack;
  HeredocState* h = g_heredocs;
  std::vector<int>* outer_end_stack = std::exchange(h->end_stack, &end_stack);
  LexPart(*ctx, part, ctx->stack, &tokens);
  if (end_stack.empty()) {  // a token took the sentinel (`__END__`, `%#...#`): lex without it, keep the states
    tokens.clear();
    part.resize(part.size() - kSentinel.size());
    LexPart(*ctx, part, ctx->stack, &tokens);
  }
  h->end_stack = outer_end_stack;
  if (!end_stack.empty()) ctx->stack = end_stack;
  for (size_t i = 0; i < tokens.size(); ++i) {
    std::string_view text = tokens[i].text;
    Emit(out, tokens[i].type, i == 0 && prefix ? text.substr(1) : text);
  }
}

// The sentinel rule: at the end of a LexLineRest text, keeps the stack; a
// sentinel ending any other text is an error (Pygments would differ).
void SentinelCallback(const RuleMatch& m, TokenType, LexContext* ctx, std::vector<Token>* out) {
  HeredocState* h = g_heredocs;
  if (h && h->end_stack && h->text.data() != ctx->text.data()) *h->end_stack = ctx->stack;
  else Emit(out, T::kError, ctx->text.substr(m.Start(), m.End() - m.Start()));
  ctx->pos = m.End();
}

// Groups: 1 `<<`, `<<-` or `<<~`; 2 and 4 the quotes; 3 the name; 5 the
// rest of the line. The rest of the line is lexed with the current states
// (Pygments goes on with its own context up to the line end; here a copy of
// the stack lexes the line's rest as a text of its own).
void HeredocCallback(const RuleMatch& m, TokenType, LexContext* ctx, std::vector<Token>* out) {
  std::string_view text = ctx->text;
  EmitNonEmpty(out, T::kOperator, Group(m, text, 1));
  EmitNonEmpty(out, T::kStringHeredoc, Group(m, text, 2));
  EmitNonEmpty(out, T::kStringDelimiter, Group(m, text, 3));
  EmitNonEmpty(out, T::kStringHeredoc, Group(m, text, 4));
  HeredocState* h = g_heredocs;
  bool outermost = h->pending.empty();
  std::string_view opener = Group(m, text, 1);
  h->pending.emplace_back(opener == "<<-" || opener == "<<~", std::string(Group(m, text, 3)));
  if (h->pending.size() < 100) LexLineRest(ctx, m.Start(5), m.End(5), out);
  else EmitNonEmpty(out, T::kStringHeredoc, Group(m, text, 5));
  ctx->pos = m.End();
  if (outermost) ctx->pos = EmitHeredocBodies(h, ctx->pos, out);
}

// Groups: 1 the opening (`%r` and its delimiter), 3 the body, lexed as
// `body_state` (a text of its own, with heredocs of its own), 4 the closing
// delimiter (and a regex's flags).
void InterpolatedCallback(const RuleMatch& m, LexContext* ctx, TokenType type, std::string_view body_state,
                          std::vector<Token>* out) {
  std::string_view text = ctx->text;
  EmitNonEmpty(out, type, Group(m, text, 1));
  HeredocState body_heredocs(Group(m, text, 3));
  HeredocState* outer = std::exchange(g_heredocs, &body_heredocs);
  LexPart(*ctx, Group(m, text, 3), {ctx->lexer->StateIndex(body_state)}, out);
  g_heredocs = outer;
  EmitNonEmpty(out, type, Group(m, text, 4));
  ctx->pos = m.End();
}

void IntpRegexCallback(const RuleMatch& m, TokenType, LexContext* ctx, std::vector<Token>* out) {
  InterpolatedCallback(m, ctx, T::kStringRegex, "interpolated-regex", out);
}

void IntpStringCallback(const RuleMatch& m, TokenType, LexContext* ctx, std::vector<Token>* out) {
  InterpolatedCallback(m, ctx, T::kStringOther, "interpolated-string", out);
}

#include "highlight/ported_ruby.inc"

void LexPart(const LexContext& ctx, std::string_view part, const std::vector<int>& stack, std::vector<Token>* out) {
  if (part.empty()) return;
  std::vector<std::string_view> names;
  for (int s : stack) names.push_back(kPortedRubyStateNames[s]);
  ctx.lexer->Lex(part, out, names);
}

}  // namespace

void LexRuby(std::string_view text, std::vector<Token>* out) {
  HeredocState heredocs(text);
  HeredocState* outer = g_heredocs;  // a Ruby text lexed inside another one
  g_heredocs = &heredocs;
  PortedRuby().Lex(text, out);
  g_heredocs = outer;
}

}  // namespace stacks::highlight
