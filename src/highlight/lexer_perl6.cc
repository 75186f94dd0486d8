// Perl 6 / Raku, as Pygments 2.14's Perl6Lexer lexes it: the state table is
// Pygments' own (tests/highlight/port_lexer.py writes ported_perl6.inc); the
// callbacks it names are written here.
//
// Offsets are UTF-8 byte offsets where Pygments counts code points; the
// callbacks step over whole characters where Pygments adds a count of
// characters to a position.
#include <algorithm>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "base/base.h"
#include "highlight/rule_lexer.h"
#include "markdown/util.h"

namespace stacks::highlight {

namespace {

using T = TokenType;
using markdown::Regex;

// `pos` moved forward by `count` characters, at most to the end.
size_t AdvanceChars(std::string_view text, size_t pos, size_t count) {
  for (; count > 0 && pos < text.size(); --count) pos += Utf8At(text, pos).second;
  return std::min(pos, text.size());
}

// The end of the run of whitespace characters starting at `pos`.
size_t SkipSpace(std::string_view text, size_t pos) {
  while (pos < text.size()) {
    auto [cp, length] = Utf8At(text, pos);
    if (!markdown::IsPySpace(cp)) break;
    pos += length;
  }
  return pos;
}

// Python's `re.search(r'^\s*' + re.escape(term) + r'\s*$', s, re.M).end()`
// without a regex (the terminator may be the whole rest of the text). For
// each line start, \s* first takes the whole whitespace run and gives back
// characters until the terminator follows and, after it, the whitespace
// run reaches a line end; the trailing \s* then keeps the longest such
// stretch. Line starts inside a whitespace run already tried can only fail
// again, so they are skipped: the scan is linear in practice.
std::optional<size_t> HeredocEnd(std::string_view s, std::string_view term) {
  size_t line = 0;
  while (true) {
    size_t run_end = SkipSpace(s, line);
    std::vector<size_t> starts;  // character boundaries of the run, last first
    for (size_t p = line; p < run_end; p += Utf8At(s, p).second) starts.push_back(p);
    starts.push_back(run_end);
    for (auto it = starts.rbegin(); it != starts.rend(); ++it) {
      if (s.substr(*it).substr(0, term.size()) != term) continue;
      size_t after = *it + term.size();
      size_t tail_end = SkipSpace(s, after);
      // The last line end (a newline or the end of `s`) within [after, tail_end].
      if (tail_end == s.size()) return tail_end;
      size_t newline = s.substr(after, tail_end - after).rfind('\n');
      if (newline != std::string_view::npos) return after + newline;
    }
    size_t next = s.find('\n', run_end);
    if (next == std::string_view::npos) return std::nullopt;
    line = next + 1;
  }
}

// The first start, at or after `from`, of `count` consecutive copies of
// `unit` (a character's bytes): Python's `text.find(unit * count, from)`,
// linear in the distance scanned.
size_t FindRun(std::string_view text, std::string_view unit, size_t count, size_t from) {
  size_t run_start = from, run = 0;
  for (size_t pos = from; pos + unit.size() <= text.size();) {
    if (text.compare(pos, unit.size(), unit) == 0) {
      if (run++ == 0) run_start = pos;
      pos += unit.size();
      if (run == count) return run_start;
    } else {
      run = 0;
      pos += Utf8At(text, pos).second;
    }
  }
  return std::string_view::npos;
}

// The next occurrence of a run at or after a position, remembered: as long
// as later searches start at or before the occurrence found, it is still
// the answer, so a scan never goes over the same text twice.
class RunFinder {
 public:
  RunFinder(std::string_view text, std::string_view unit, size_t count) : text_(text), unit_(unit), count_(count) {}
  size_t Find(size_t from) {
    if (!valid_ || from < found_from_ || (found_ != std::string_view::npos && found_ < from)) {
      found_ = FindRun(text_, unit_, count_, from);
      found_from_ = from;
      valid_ = true;
    }
    return found_;
  }

 private:
  std::string_view text_, unit_;
  size_t count_;
  bool valid_ = false;
  size_t found_ = 0, found_from_ = 0;
};

char32_t ClosingBracket(char32_t opening);

// Whether Python's re.search(r':to\b', adverbs) finds a match: the adverbs
// are word characters, whitespace and colons, so the boundary is a colon,
// whitespace or the end.
bool HasToAdverb(std::string_view adverbs) {
  for (size_t at = adverbs.find(":to"); at != std::string_view::npos; at = adverbs.find(":to", at + 1)) {
    size_t next = at + 3;
    if (next == adverbs.size() || adverbs[next] == ':' || markdown::IsPySpace(Utf8At(adverbs, next).first)) return true;
  }
  return false;
}

// Pygments' brackets_callback: a quoted construct (string, regex, block
// comment) opened by a run of one delimiter character runs to the same run
// again, or, for a bracket, to the matching run of closers, counting nested
// runs of openers; with a `:to` adverb the text between the delimiters is a
// heredoc terminator and the construct runs to the line holding it. Unclosed
// constructs take the rest of the text.
void BracketsCallback(const RuleMatch& m, TokenType type, LexContext* ctx, std::vector<Token>* out) {
  std::string_view text = ctx->text;
  int delimiter = m.GroupNumber("delimiter");
  size_t open_start = m.Start(delimiter), open_end = m.End(delimiter);
  std::string_view opening = text.substr(open_start, open_end - open_start);
  auto [first, first_length] = Utf8At(opening, 0);
  std::string_view unit = opening.substr(0, first_length);
  size_t n_chars = opening.size() / first_length;
  char32_t closer = ClosingBracket(first);
  size_t end_pos;
  if (closer == 0) {
    end_pos = FindRun(text, unit, n_chars, open_end);
    if (end_pos == std::string_view::npos) end_pos = text.size();
  } else {
    std::string closing_unit;
    AppendUtf8(closing_unit, closer);
    RunFinder openers(text, unit, n_chars), closers(text, closing_unit, n_chars);
    size_t search_from = open_end;  // just after the run last found
    size_t nesting = 1;
    while (true) {
      size_t next_open = openers.Find(search_from), next_close = closers.Find(search_from);
      if (next_close == std::string_view::npos) {
        end_pos = text.size();
        break;
      }
      if (next_open != std::string_view::npos && next_open < next_close) {
        ++nesting;
        search_from = next_open + opening.size();
      } else if (--nesting == 0) {
        end_pos = next_close;
        break;
      } else {
        search_from = next_close + closing_unit.size() * n_chars;
      }
    }
  }
  int adverbs = m.GroupNumber("adverbs");
  if (adverbs >= 0 && m.Has(adverbs) && HasToAdverb(text.substr(m.Start(adverbs), m.End(adverbs) - m.Start(adverbs)))) {
    std::string_view terminator = text.substr(open_end, end_pos - std::min(end_pos, open_end));
    std::optional<size_t> heredoc = HeredocEnd(text.substr(end_pos), terminator);
    end_pos = heredoc ? end_pos + *heredoc : text.size();
  }
  size_t end = AdvanceChars(text, end_pos, n_chars);
  Emit(out, type, text.substr(m.Start(), end - m.Start()));
  ctx->pos = end;
}

// Where the state below the top is `token`, braces count the nesting of
// Perl 6 code embedded in a regex (scratch[0], Pygments'
// perl6_token_nesting_level); its last closing brace goes back to the regex.
bool InsideToken(const LexContext& ctx) {
  return ctx.stack.size() > 2 && ctx.stack[ctx.stack.size() - 2] == ctx.lexer->StateIndex("token");
}

void OpeningBraceCallback(const RuleMatch& m, TokenType, LexContext* ctx, std::vector<Token>* out) {
  Emit(out, T::kText, ctx->text.substr(m.Start(), m.End() - m.Start()));
  ctx->pos = m.End();
  if (InsideToken(*ctx)) ++ctx->scratch[0];
}

void ClosingBraceCallback(const RuleMatch& m, TokenType, LexContext* ctx, std::vector<Token>* out) {
  Emit(out, T::kText, ctx->text.substr(m.Start(), m.End() - m.Start()));
  ctx->pos = m.End();
  if (InsideToken(*ctx) && --ctx->scratch[0] == 0) ctx->stack.pop_back();
}

void EmbeddedPerl6Callback(const RuleMatch& m, TokenType, LexContext* ctx, std::vector<Token>* out) {
  ctx->scratch[0] = 1;
  Emit(out, T::kText, ctx->text.substr(m.Start(), m.End() - m.Start()));
  ctx->pos = m.End();
  ctx->stack.push_back(ctx->lexer->StateIndex("root"));
}

#include "highlight/ported_perl6.inc"

char32_t ClosingBracket(char32_t opening) {
  for (auto [open, close] : kPortedPerl6Brackets)
    if (open == opening) return close;
  return 0;
}

}  // namespace

void LexPerl6(std::string_view text, std::vector<Token>* out) { PortedPerl6().Lex(text, out); }

}  // namespace stacks::highlight
