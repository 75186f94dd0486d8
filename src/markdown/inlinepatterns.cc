// Python-Markdown's core inline patterns (inlinepatterns.py): code spans,
// escapes, links, images, references, autolinks, raw HTML, entities, line
// breaks and emphasis.
#include "markdown/inlinepatterns.h"

#include <map>

#include "base/base.h"
#include "markdown/core.h"
#include "markdown/inline_processors.h"

namespace stacks::markdown {

namespace {

const Regex& InlinePlaceholderRe() {
  static const Regex re("\x02klzzwxh:([0-9]+)\x03");
  return re;
}

// The stash of the treeprocessor registered as `inline`, if it is ours.
const InlineTreeprocessor* InlineStash(Markdown* md) {
  if (!md) return nullptr;
  return dynamic_cast<const InlineTreeprocessor*>(md->treeprocessors.Get("inline"));
}

ElementPtr NewElement(std::string_view tag) { return MakeElement(std::string(tag)); }

std::pair<std::string, std::string> SplitTags(const std::string& tags) {
  size_t comma = tags.find(',');
  return {tags.substr(0, comma), comma == std::string::npos ? "" : tags.substr(comma + 1)};
}

// Python's html.entities.codepoint2name.
const std::map<char32_t, std::string_view>& CodepointToName() {
  static const std::map<char32_t, std::string_view> table = {
#include "markdown/codepoint2name.inc"
  };
  return table;
}

// `re` anchored at the search position: Search() with it is Python's
// `pattern.match(s, pos)`, and unlike a match-time anchor it keeps PCRE2's
// JIT (the interpreter is many times slower on these backtracking rules).
std::string Anchored(std::string_view re) { return "\\G(?:" + std::string(re) + ")"; }

// Python `data[start:stop]` for a non-negative start and any stop.
std::string PySlice(std::string_view data, size_t start, long stop) {
  long size = static_cast<long>(data.size());
  if (stop < 0) stop = std::max(0L, size + stop);
  if (stop > size) stop = size;
  if (static_cast<long>(start) >= stop) return "";
  return std::string(data.substr(start, stop - start));
}

// ---- hand-written matchers ------------------------------------------------
//
// The hottest core patterns are matched by hand instead of by PCRE2: the
// call into the regex engine costs more than the scan itself on these
// short patterns. Each matcher does exactly what its regex does (same
// leftmost match, same groups); offsets are bytes, and since every byte the
// patterns look for is ASCII, a hit is never inside a multi-byte character.
// Each does no more work than the regex engine would on the same text.

using OptMatch = std::optional<Match>;
constexpr size_t kNpos = std::string_view::npos;

bool IsAsciiWord(unsigned char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

// Regex `\w` (Unicode, as PCRE2 with UCP sees it) for the code point that
// starts at byte `i` of `data`; false at the end of the data.
bool IsWordAt(std::string_view data, size_t i) {
  if (i >= data.size()) return false;
  auto c = static_cast<unsigned char>(data[i]);
  if (c < 0x80) return IsAsciiWord(c);
  static const Regex kWord(R"(\w)");
  return kWord.MatchAt(data, i).has_value();
}

// Regex `(?<!\w)` at `pos`: the code point before `pos` is not a word character.
bool NoWordBefore(std::string_view data, size_t pos) {
  if (pos == 0) return true;
  size_t start = pos - 1;
  while (start > 0 && (static_cast<unsigned char>(data[start]) & 0xC0) == 0x80) --start;
  return !IsWordAt(data, start);
}

// The first occurrence of `needle` in `data` at or after `pos`, or npos.
size_t FindFrom(std::string_view data, std::string_view needle, size_t pos) {
  return pos > data.size() ? kNpos : data.find(needle, pos);
}

// The byte length of the UTF-8 character that starts with `lead`.
size_t Utf8Length(unsigned char lead) {
  return lead < 0xC0 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
}

// `\*` and `_` (the em_strong markers): the next marker byte.
template <char kMarker>
OptMatch FindMarker(std::string_view data, size_t pos) {
  size_t i = pos > data.size() ? kNpos : data.find(kMarker, pos);
  if (i == kNpos) return std::nullopt;
  return Match::FromSpans(data, {i, i + 1});
}

// kLinkRe `(?<!\!)\[`: the next `[` whose previous byte (which may lie
// before `pos`, as for the regex's lookbehind) is not `!`.
OptMatch FindLinkOpen(std::string_view data, size_t pos) {
  for (size_t i = FindFrom(data, "[", pos); i != kNpos; i = data.find('[', i + 1))
    if (i == 0 || data[i - 1] != '!') return Match::FromSpans(data, {i, i + 1});
  return std::nullopt;
}

// kImageLinkRe `\!\[`: the next "![".
OptMatch FindImageOpen(std::string_view data, size_t pos) {
  size_t i = FindFrom(data, "![", pos);
  if (i == kNpos) return std::nullopt;
  return Match::FromSpans(data, {i, i + 2});
}

// kLineBreakRe "  \n": the next two spaces before a newline.
OptMatch FindLineBreak(std::string_view data, size_t pos) {
  size_t i = FindFrom(data, "  \n", pos);
  if (i == kNpos) return std::nullopt;
  return Match::FromSpans(data, {i, i + 3});
}

// kEscapeRe `\\(.)` (DOTALL): the next backslash that has a character
// after it; group 1 is that whole character.
OptMatch FindEscape(std::string_view data, size_t pos) {
  size_t i = FindFrom(data, "\\", pos);
  if (i == kNpos || i + 1 >= data.size()) return std::nullopt;
  size_t end = std::min(data.size(), i + 1 + Utf8Length(static_cast<unsigned char>(data[i + 1])));
  return Match::FromSpans(data, {i, end, i + 1, end});
}

// The end of the run of bytes from `i` on that satisfy `in_class`.
template <typename Pred>
size_t RunEnd(std::string_view data, size_t i, Pred in_class) {
  while (i < data.size() && in_class(static_cast<unsigned char>(data[i]))) ++i;
  return i;
}

// kEntityRe `(&(?:\#[0-9]+|\#x[0-9a-fA-F]+|[a-zA-Z0-9]+);)`: at each `&`
// the alternatives in order. Each class run is greedy and must be followed
// by `;`, which none of the classes holds, so the longest run is the only
// one to try.
size_t EntityEnd(std::string_view data, size_t amp) {
  auto is_digit = [](unsigned char c) { return c >= '0' && c <= '9'; };
  auto is_hex = [&](unsigned char c) { return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); };
  auto is_alnum = [&](unsigned char c) { return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); };
  auto semicolon_after = [&](size_t from, size_t to) {
    return to > from && to < data.size() && data[to] == ';' ? to + 1 : kNpos;
  };
  size_t i = amp + 1;
  if (i < data.size() && data[i] == '#') {
    size_t end = semicolon_after(i + 1, RunEnd(data, i + 1, is_digit));
    if (end != kNpos) return end;
    if (i + 1 < data.size() && data[i + 1] == 'x') return semicolon_after(i + 2, RunEnd(data, i + 2, is_hex));
    return kNpos;
  }
  return semicolon_after(i, RunEnd(data, i, is_alnum));
}

OptMatch FindEntity(std::string_view data, size_t pos) {
  for (size_t i = FindFrom(data, "&", pos); i != kNpos; i = data.find('&', i + 1)) {
    size_t end = EntityEnd(data, i);
    if (end != kNpos) return Match::FromSpans(data, {i, end, i, end});
  }
  return std::nullopt;
}

// ---- emphasis rules, matched at one position (the regexes under \G) ----
//
// The lazy groups end at the first place where the rest can match; for
// these patterns whether the rest can match from a later place only gets
// harder (its candidates are a subset), so the first candidate of each
// group is the only one to try.

bool HasRun(std::string_view data, size_t pos, char c, size_t run) {
  if (pos > data.size() || data.size() - pos < run) return false;
  for (size_t i = 0; i < run; ++i)
    if (data[pos + i] != c) return false;
  return true;
}

// The first place at or after `from` where `c` repeated `run` times starts.
size_t FindRun(std::string_view data, char c, size_t run, size_t from) {
  const char triple[3] = {c, c, c};
  return FindFrom(data, std::string_view(triple, run), from);
}

// kEmStrongRe `(\*)\1{2}(.+?)\1(.*?)\1{2}` and kEmStrong2Re (with `_`):
// three markers, text up to the next marker (at least one character), text
// up to the next two markers.
template <char c>
OptMatch MatchEmStrong(std::string_view data, size_t p) {
  if (!HasRun(data, p, c, 3)) return std::nullopt;
  size_t e2 = FindRun(data, c, 1, p + 4);
  if (e2 == kNpos) return std::nullopt;
  size_t e3 = FindRun(data, c, 2, e2 + 1);
  if (e3 == kNpos) return std::nullopt;
  return Match::FromSpans(data, {p, e3 + 2, p, p + 1, p + 3, e2, e2 + 1, e3});
}

// kStrongEmRe `(\*)\1{2}(.+?)\1{2}(.*?)\1` and kStrongEm2Re (with `_`).
template <char c>
OptMatch MatchStrongEm(std::string_view data, size_t p) {
  if (!HasRun(data, p, c, 3)) return std::nullopt;
  size_t e2 = FindRun(data, c, 2, p + 4);
  if (e2 == kNpos) return std::nullopt;
  size_t e3 = FindRun(data, c, 1, e2 + 2);
  if (e3 == kNpos) return std::nullopt;
  return Match::FromSpans(data, {p, e3 + 1, p, p + 1, p + 3, e2, e2 + 2, e3});
}

// kStrongEm3Re `(\*)\1(?!\1)([^*]+?)\1(?!\1)(.+?)\1{3}`: "**" not followed
// by `*`, text without `*` up to a lone `*`, text up to "***".
OptMatch MatchStrongEm3(std::string_view data, size_t p) {
  if (!HasRun(data, p, '*', 2) || p + 2 >= data.size() || data[p + 2] == '*') return std::nullopt;
  size_t e2 = FindRun(data, '*', 1, p + 3);
  if (e2 == kNpos || (e2 + 1 < data.size() && data[e2 + 1] == '*')) return std::nullopt;
  size_t e3 = FindRun(data, '*', 3, e2 + 2);
  if (e3 == kNpos) return std::nullopt;
  return Match::FromSpans(data, {p, e3 + 3, p, p + 1, p + 2, e2, e2 + 1, e3});
}

// kStrongRe `(\*{2})(.+?)\1`: "**", at least one character, the next "**".
OptMatch MatchStrong(std::string_view data, size_t p) {
  if (!HasRun(data, p, '*', 2)) return std::nullopt;
  size_t e = FindRun(data, '*', 2, p + 3);
  if (e == kNpos) return std::nullopt;
  return Match::FromSpans(data, {p, e + 2, p, p + 2, p + 2, e});
}

// kEmphasisRe `(\*)([^\*]+)\1`: `*`, one or more non-`*`, `*`.
OptMatch MatchEmphasis(std::string_view data, size_t p) {
  if (!HasRun(data, p, '*', 1)) return std::nullopt;
  size_t e = FindRun(data, '*', 1, p + 1);
  if (e == kNpos || e == p + 1) return std::nullopt;
  return Match::FromSpans(data, {p, e + 1, p, p + 1, p + 1, e});
}

// kSmartStrongEmRe `(?<!\w)(\_)\1(?!\1)(.+?)(?<!\w)\1(?!\1)(.+?)\1{3}(?!\w)`:
// the middle `_` is the first one (two or more characters on) with no word
// character before it and no `_` after it; the closing "___" is the first
// one (two or more characters after the middle) with no word character after.
OptMatch MatchSmartStrongEm(std::string_view data, size_t p) {
  if (!HasRun(data, p, '_', 2) || p + 2 >= data.size() || data[p + 2] == '_' || !NoWordBefore(data, p))
    return std::nullopt;
  size_t e2 = FindRun(data, '_', 1, p + 3);
  while (e2 != kNpos && !(NoWordBefore(data, e2) && !(e2 + 1 < data.size() && data[e2 + 1] == '_')))
    e2 = FindRun(data, '_', 1, e2 + 1);
  if (e2 == kNpos) return std::nullopt;
  size_t e3 = FindRun(data, '_', 3, e2 + 2);
  while (e3 != kNpos && IsWordAt(data, e3 + 3)) e3 = FindRun(data, '_', 3, e3 + 1);
  if (e3 == kNpos) return std::nullopt;
  return Match::FromSpans(data, {p, e3 + 3, p, p + 1, p + 2, e2, e2 + 1, e3});
}

// kSmartStrongRe `(?<!\w)(_{2})(?!_)(.+?)(?<!_)\1(?!\w)` (run 2) and
// kSmartEmphasisRe `(?<!\w)(_)(?!_)(.+?)(?<!_)\1(?!\w)` (run 1): the closing
// run is the first one (one or more characters on) not preceded by `_` and
// not followed by a word character.
template <size_t kRun>
OptMatch MatchSmartUnderscore(std::string_view data, size_t p) {
  if (!HasRun(data, p, '_', kRun) || p + kRun >= data.size() || data[p + kRun] == '_' ||
      !NoWordBefore(data, p))
    return std::nullopt;
  size_t e = FindRun(data, '_', kRun, p + kRun + 1);
  while (e != kNpos && (data[e - 1] == '_' || IsWordAt(data, e + kRun)))
    e = FindRun(data, '_', kRun, e + 1);
  if (e == kNpos) return std::nullopt;
  return Match::FromSpans(data, {p, e + kRun, p, p + kRun, p + kRun, e});
}

// kBacktickRe `(?:(?<!\\)((?:\\{2})+)(?=`+)|(?<!\\)(`+)(.+?)(?<!`)\2(?!`))`.
// Neither alternative starts right after a backslash. At a run of k
// backslashes: the first one (k even) when a backtick follows the run; no
// position inside the run or right after it can match. At a run of n
// backticks: the closer is a whole run of backticks (nothing of `\2`'s
// byte on either side) of some length m <= n after the opening run; the
// regex takes the largest m that has one (its greedy `+ gives back one at
// a time) and the first run of that length (the lazy text). Without any,
// no position inside the opening run matches either (the same runs follow
// them), so the scan goes on after it.
size_t RunLength(std::string_view data, size_t i, char c) {
  size_t end = i;
  while (end < data.size() && data[end] == c) ++end;
  return end - i;
}

OptMatch FindBacktick(std::string_view data, size_t pos) {
  static constexpr ByteSet kStarts("`\\");
  for (size_t i = kStarts.FindIn(data, pos); i != kNpos; i = kStarts.FindIn(data, i)) {
    if (i > 0 && data[i - 1] == '\\') {
      ++i;
      continue;
    }
    if (data[i] == '\\') {
      size_t k = RunLength(data, i, '\\');
      if (k % 2 == 0 && i + k < data.size() && data[i + k] == '`')
        return Match::FromSpans(data, {i, i + k, i, i + k, Match::kUnset, Match::kUnset, Match::kUnset, Match::kUnset});
      i += k + 1;
      if (i > data.size()) break;
      continue;
    }
    size_t n = RunLength(data, i, '`');
    size_t best_len = 0, best_at = kNpos;
    for (size_t at = data.find('`', i + n); at != kNpos && best_len < n;) {
      size_t len = RunLength(data, at, '`');
      if (len <= n && len > best_len) {
        best_len = len;
        best_at = at;
      }
      at = data.find('`', at + len);
    }
    if (best_at != kNpos) {
      size_t m = best_len;
      return Match::FromSpans(data, {i, best_at + m, Match::kUnset, Match::kUnset, i, i + m, i + m, best_at});
    }
    i += n;
  }
  return std::nullopt;
}

// The hand matcher standing in for InlineProcessor regex `re`, or null.
InlinePattern::Finder HandMatcherFor(std::string_view re) {
  if (re == kBacktickRe) return FindBacktick;
  if (re == kLinkRe) return FindLinkOpen;
  if (re == kImageLinkRe) return FindImageOpen;
  if (re == kEscapeRe) return FindEscape;
  if (re == kEntityRe) return FindEntity;
  if (re == kLineBreakRe) return FindLineBreak;
  if (re == R"(\*)") return FindMarker<'*'>;
  if (re == "_") return FindMarker<'_'>;
  return nullptr;
}

// The hand matcher for emphasis rule `re` (matched at the position), or null.
InlinePattern::Finder EmStrongMatcherFor(std::string_view re) {
  if (re == kEmStrongRe) return MatchEmStrong<'*'>;
  if (re == kEmStrong2Re) return MatchEmStrong<'_'>;
  if (re == kStrongEmRe) return MatchStrongEm<'*'>;
  if (re == kStrongEm2Re) return MatchStrongEm<'_'>;
  if (re == kStrongEm3Re) return MatchStrongEm3;
  if (re == kStrongRe) return MatchStrong;
  if (re == kEmphasisRe) return MatchEmphasis;
  if (re == kSmartStrongEmRe) return MatchSmartStrongEm;
  if (re == kSmartStrongRe) return MatchSmartUnderscore<2>;
  if (re == kSmartEmphasisRe) return MatchSmartUnderscore<1>;
  return nullptr;
}

// kEmojiShortCodeRe `(:)((?:[\+\-])?[_0-9a-zA-Z]*?):` searched from `pos`:
// at each colon, an optional sign and the run of name bytes after it must
// be followed by a colon. The lazy name can only stop at a colon and no
// name byte is one, so the run is the only candidate; and since no colon
// lies inside the run, the search for the next colon resumes at its end.
// Each byte is read at most twice, so the scan is linear.
OptMatch FindEmojiShortCode(std::string_view data, size_t pos) {
  size_t colon = FindFrom(data, ":", pos);
  while (colon != kNpos) {
    size_t name = colon + 1;
    size_t end = name;
    if (end < data.size() && (data[end] == '+' || data[end] == '-')) ++end;
    while (end < data.size() && IsAsciiWord(static_cast<unsigned char>(data[end]))) ++end;
    if (end < data.size() && data[end] == ':')
      return Match::FromSpans(data, {colon, end + 1, colon, name, name, end});
    colon = FindFrom(data, ":", end);
  }
  return std::nullopt;
}

}  // namespace

InlinePattern::Finder SinglePassMatcherFor(std::string_view re) {
  if (re == kEmojiShortCodeRe) return FindEmojiShortCode;
  return nullptr;
}

// ---- InlinePattern ------------------------------------------------------------

InlinePattern::InlinePattern(std::string_view pattern, Markdown* md, bool legacy)
    : md_(md),
      regex_(std::make_unique<Regex>(legacy ? "^(.*?)" + std::string(pattern) + "(.*)$"
                                            : std::string(pattern),
                                     Regex::kDotAll)),
      legacy_(legacy),
      finder_(legacy ? nullptr : HandMatcherFor(pattern)) {}

InlinePattern::~InlinePattern() = default;

// Python `Pattern.unescape`: a placeholder becomes the string it stands for,
// or the text content of its element; an unknown one disappears.
std::string InlinePattern::Unescape(std::string_view text) const {
  if (text.find(kStx) == std::string_view::npos) return std::string(text);  // no placeholder
  const InlineTreeprocessor* inline_tp = InlineStash(md_);
  if (!inline_tp) return std::string(text);
  return InlinePlaceholderRe().Sub(text, [&](const Match& m) -> std::string {
    const InlineTreeprocessor::Stashed* s = inline_tp->FindStashed(m.Group(1));
    if (!s) return "";
    if (!s->element) return s->text;
    return ItertextJoin(*s->element);
  });
}

std::string Dequote(std::string_view s) {
  if (s.size() >= 2 && ((s.front() == '"' && s.back() == '"') ||
                        (s.front() == '\'' && s.back() == '\'')))
    return std::string(s.substr(1, s.size() - 2));
  if (s.size() == 1 && (s[0] == '"' || s[0] == '\'')) return "";
  return std::string(s);
}

// ---- simple processors --------------------------------------------------------

InlineResult SimpleTextInlineProcessor::HandleMatch(const Match& m, std::string_view) {
  return InlineResult::Text(std::string(m.Group(1)), m.Start(), m.End());
}

InlineResult EscapeInlineProcessor::HandleMatch(const Match& m, std::string_view) {
  std::string_view ch = m.Group(1);
  if (ch.size() == 1) {
    for (char c : md_->escaped_chars)
      if (c == ch[0])
        return InlineResult::Text(
            std::string(1, kStx) + std::to_string(static_cast<unsigned char>(c)) + kEtx,
            m.Start(), m.End());
  }
  return InlineResult::None(m.Start(), m.End());
}

InlineResult SimpleTagInlineProcessor::HandleMatch(const Match& m, std::string_view) {
  ElementPtr el = NewElement(tag);
  if (m.Has(2)) el->text = std::string(m.Group(2));
  return InlineResult::Node(std::move(el), m.Start(), m.End());
}

InlineResult SubstituteTagInlineProcessor::HandleMatch(const Match& m, std::string_view) {
  return InlineResult::Node(NewElement(tag), m.Start(), m.End());
}

InlineResult DoubleTagInlineProcessor::HandleMatch(const Match& m, std::string_view) {
  auto [tag1, tag2] = SplitTags(tag);
  ElementPtr el1 = NewElement(tag1);
  Element* el2 = el1->SubElement(tag2);
  if (m.Has(2)) el2->text = std::string(m.Group(2));
  if (m.GroupCount() == 3 && m.Has(3)) el2->tail = std::string(m.Group(3));
  return InlineResult::Node(std::move(el1), m.Start(), m.End());
}

// A code span's text is stripped, escaped and atomic; a run of escaped
// backslashes before backticks keeps each pair as one escaped backslash.
InlineResult BacktickInlineProcessor::HandleMatch(const Match& m, std::string_view) {
  if (!m.Group(3).empty()) {
    ElementPtr el = NewElement("code");
    el->text = CodeEscape(PyStrip(m.Group(3)));
    el->text_atomic = true;
    return InlineResult::Node(std::move(el), m.Start(), m.End());
  }
  std::string escaped_backslash = std::string(1, kStx) + "92" + kEtx;
  return InlineResult::Text(ReplaceAll(m.Group(1), "\\\\", escaped_backslash), m.Start(),
                            m.End());
}

InlineResult HtmlInlineProcessor::HandleMatch(const Match& m, std::string_view) {
  std::string raw = Unescape(m.Group(1));
  std::string placeholder = md_->html_stash.Store(std::move(raw));
  return InlineResult::Text(std::move(placeholder), m.Start(), m.End());
}

// Placeholders inside raw HTML become the serialized node (with its tail);
// a stashed string cannot be serialized and comes out after a backslash.
std::string HtmlInlineProcessor::Unescape(std::string_view text) const {
  if (text.find(kStx) == std::string_view::npos) return std::string(text);  // no placeholder
  const InlineTreeprocessor* inline_tp = InlineStash(md_);
  if (!inline_tp) return std::string(text);
  return InlinePlaceholderRe().Sub(text, [&](const Match& m) -> std::string {
    const InlineTreeprocessor::Stashed* s = inline_tp->FindStashed(m.Group(1));
    if (!s) return "";
    if (!s->element) return "\\" + s->text;
    return md_->Serialize(*s->element);
  });
}

// ---- emphasis -------------------------------------------------------------------

// The run of marker characters each core emphasis pattern starts with
// ("***", "__", ...): a match can only be where the text has that run.
EmStrongItem AsteriskProcessor::Item(std::string_view re, EmStrongItem::Builder builder,
                                     std::string tags) {
  struct Lead {
    std::string_view re;
    char lead;
    size_t run;
  };
  static constexpr Lead kLeads[] = {
      {kEmStrongRe, '*', 3},      {kStrongEmRe, '*', 3},    {kStrongEm3Re, '*', 2},
      {kStrongRe, '*', 2},        {kEmStrong2Re, '_', 3},   {kStrongEm2Re, '_', 3},
      {kSmartStrongEmRe, '_', 2}, {kSmartStrongRe, '_', 2},
  };
  EmStrongItem item{std::make_shared<const Regex>(Anchored(re), Regex::kDotAll),
                    EmStrongMatcherFor(re), builder, std::move(tags)};
  for (const Lead& l : kLeads) {
    if (l.re == re) {
      item.lead = l.lead;
      item.lead_run = l.run;
    }
  }
  return item;
}

std::optional<Match> AsteriskProcessor::MatchItem(const EmStrongItem& item, std::string_view data,
                                                  size_t pos) {
  return item.matcher ? item.matcher(data, pos) : item.pattern->Search(data, pos);
}

AsteriskProcessor::AsteriskProcessor(std::string_view pattern, Markdown* md)
    : InlinePattern(pattern, md) {
  using B = EmStrongItem::Builder;
  static const std::vector<EmStrongItem> kItems = {
      Item(kEmStrongRe, B::kDouble, "strong,em"), Item(kStrongEmRe, B::kDouble, "em,strong"),
      Item(kStrongEm3Re, B::kDouble2, "strong,em"), Item(kStrongRe, B::kSingle, "strong"),
      Item(kEmphasisRe, B::kSingle, "em")};
  items_ = kItems;
}

UnderscoreProcessor::UnderscoreProcessor(std::string_view pattern, Markdown* md)
    : AsteriskProcessor(pattern, md) {
  using B = EmStrongItem::Builder;
  static const std::vector<EmStrongItem> kItems = {
      Item(kEmStrong2Re, B::kDouble, "strong,em"), Item(kStrongEm2Re, B::kDouble, "em,strong"),
      Item(kSmartStrongEmRe, B::kDouble2, "strong,em"), Item(kSmartStrongRe, B::kSingle, "strong"),
      Item(kSmartEmphasisRe, B::kSingle, "em")};
  items_ = kItems;
}

// Python `build_single` / `build_double` / `build_double2`.
ElementPtr AsteriskProcessor::BuildElement(const Match& m, EmStrongItem::Builder builder,
                                           const std::string& tags, size_t index) {
  using B = EmStrongItem::Builder;
  if (builder == B::kSingle) {
    ElementPtr el = NewElement(tags);
    ParseSubPatterns(m.Group(2), el.get(), nullptr, index);
    return el;
  }
  auto [tag1, tag2] = SplitTags(tags);
  ElementPtr el1 = NewElement(tag1);
  ElementPtr el2_owned = NewElement(tag2);
  Element* el2 = el2_owned.get();
  if (builder == B::kDouble2) {
    ParseSubPatterns(m.Group(2), el1.get(), nullptr, index);
    el1->Append(std::move(el2_owned));
    ParseSubPatterns(m.Group(3), el2, nullptr, index);
    return el1;
  }
  ParseSubPatterns(m.Group(2), el2, nullptr, index);
  el1->Append(std::move(el2_owned));
  if (m.GroupCount() == 3) ParseSubPatterns(m.Group(3), el1.get(), el2, index);
  return el1;
}

// Python `parse_sub_patterns`: walks `data`; where the processor's marker
// starts, tries the rules after `index` in order (each one that matches
// consumes its hunk and the next rules are tried after it); text between
// hunks becomes the text of `parent` or the tail of the last child.
void AsteriskProcessor::ParseSubPatterns(std::string_view data, Element* parent, Element* last,
                                         size_t index) {
  size_t offset = 0, pos = 0;
  auto put_text = [&](std::string_view text) {
    if (text.empty()) return;
    if (last) last->tail = std::string(text);
    else parent->text = std::string(text);
  };
  // The core markers `\*` and `_` are one literal byte: positions without
  // it are skipped at once instead of being tried one by one.
  const std::string& marker_re = regex().pattern();
  const char marker = marker_re == R"(\*)" ? '*' : marker_re == "_" ? '_' : '\0';
  while (pos < data.size()) {
    if (marker && data[pos] != marker) {
      pos = std::min(data.find(marker, pos), data.size());
      continue;
    }
    bool matched = false;
    if (marker || regex().MatchAt(data, pos)) {
      for (size_t i = index + 1; i < items_.size(); ++i) {
        auto m = MatchItem(items_[i], data, pos);
        if (!m) continue;
        put_text(data.substr(offset, m->Start() - offset));
        ElementPtr el = BuildElement(*m, items_[i].builder, items_[i].tags, i);
        last = parent->Append(std::move(el));
        offset = pos = m->End();
        matched = true;
      }
    }
    if (!matched) {
      ++pos;
      while (pos < data.size() && (static_cast<unsigned char>(data[pos]) & 0xC0) == 0x80) ++pos;
    }
  }
  put_text(data.substr(std::min(offset, data.size())));
}

InlineResult AsteriskProcessor::HandleMatch(const Match& m, std::string_view data) {
  for (size_t i = 0; i < items_.size(); ++i) {
    if (items_[i].lead_run && !HasRun(data, m.Start(), items_[i].lead, items_[i].lead_run)) continue;
    auto m1 = MatchItem(items_[i], data, m.Start());
    if (!m1) continue;
    ElementPtr el = BuildElement(*m1, items_[i].builder, items_[i].tags, i);
    return InlineResult::Node(std::move(el), m1->Start(), m1->End());
  }
  return InlineResult::NoMatch();
}

// ---- links and images -----------------------------------------------------------

InlineResult LinkInlineProcessor::HandleMatch(const Match& m, std::string_view data) {
  TextResult text = GetText(data, m.End());
  if (!text.handled) return InlineResult::NoMatch();
  LinkResult link = GetLink(data, text.index);
  if (!link.handled) return InlineResult::NoMatch();
  ElementPtr el = NewElement("a");
  el->text = std::move(text.text);
  el->attrib.reserve(2);
  el->Set("href", link.href);
  if (link.title) el->Set("title", *link.title);
  return InlineResult::Node(std::move(el), m.Start(), link.index);
}

// Python `getLink`. `(<href> "title")` is read by a regex; otherwise the
// text is scanned for the `)` that balances the `(`, while tracking a quoted
// title: after the first quote, parentheses stop counting (a backup count
// remembers where the link would end if the title never closes), and a `)`
// right after a closing quote ends the link with that title.
LinkInlineProcessor::LinkResult LinkInlineProcessor::GetLink(std::string_view data,
                                                             size_t index) const {
  static const Regex kReLink(
      Anchored(R"RE(\(\s*(?:(<[^<>]*>)\s*(?:('[^']*'|"[^"]*")\s*)?\))?)RE"), Regex::kDotAll);
  static const Regex kTitleClean(R"(\s)");
  std::string href;
  std::optional<std::string> title;
  bool handled = false;

  auto m = kReLink.Search(data, index);
  if (m && !m->Group(1).empty()) {
    std::string_view g1 = m->Group(1);
    href = std::string(PyStrip(g1.substr(1, g1.size() - 2)));
    if (!m->Group(2).empty()) {
      std::string_view g2 = m->Group(2);
      title = std::string(g2.substr(1, g2.size() - 2));
    }
    index = m->End();
    handled = true;
  } else if (auto quick = m ? QuickLinkScan(data, m->End()) : std::nullopt) {
    return std::move(*quick);
  } else if (m) {
    int bracket_count = 1, backtrack_count = 1;
    size_t start_index = m->End();
    index = start_index;
    long last_bracket = -1;
    char quote = 0, alt_quote = 0, last = 0;
    long start_quote = -1, exit_quote = -1, start_alt_quote = -1, exit_alt_quote = -1;
    bool ignore_matches = false;
    for (size_t pos = index; pos < data.size(); ++pos) {
      char c = data[pos];
      if (c == '(') {
        if (!ignore_matches) ++bracket_count;
        else if (backtrack_count > 0) --backtrack_count;
      } else if (c == ')') {
        if ((exit_quote != -1 && quote == last) || (exit_alt_quote != -1 && alt_quote == last)) {
          bracket_count = 0;
        } else if (!ignore_matches) {
          --bracket_count;
        } else if (backtrack_count > 0) {
          --backtrack_count;
          if (backtrack_count == 0) last_bracket = static_cast<long>(index) + 1;
        }
      } else if (c == '\'' || c == '"') {
        if (!quote) {
          ignore_matches = true;
          backtrack_count = bracket_count;
          bracket_count = 1;
          start_quote = static_cast<long>(index) + 1;
          quote = c;
        } else if (c != quote && !alt_quote) {
          start_alt_quote = static_cast<long>(index) + 1;
          alt_quote = c;
        } else if (c == quote) {
          exit_quote = static_cast<long>(index) + 1;
        } else if (alt_quote && c == alt_quote) {
          exit_alt_quote = static_cast<long>(index) + 1;
        }
      }
      ++index;
      if (bracket_count == 0) {
        if (exit_quote >= 0 && quote == last) {
          href = std::string(data.substr(start_index, start_quote - 1 - start_index));
          title = std::string(data.substr(start_quote, exit_quote - 1 - start_quote));
        } else if (exit_alt_quote >= 0 && alt_quote == last) {
          href = std::string(data.substr(start_index, start_alt_quote - 1 - start_index));
          title = std::string(data.substr(start_alt_quote, exit_alt_quote - 1 - start_alt_quote));
        } else {
          href = std::string(data.substr(start_index, index - 1 - start_index));
        }
        break;
      }
      if (c != ' ') last = c;
    }
    CountScan(data, index - start_index);
    if (bracket_count != 0 && backtrack_count == 0) {
      href = PySlice(data, start_index, last_bracket - 1);
      // A negative end counts from the end of the text, as in Python.
      index = last_bracket >= 0 ? static_cast<size_t>(last_bracket)
                                : static_cast<size_t>(std::max(0L, static_cast<long>(data.size()) + last_bracket));
      bracket_count = 0;
    }
    handled = bracket_count == 0;
  }
  if (title) {
    std::string t = Dequote(Unescape(PyStrip(*title)));
    title = kTitleClean.Sub(t, [](const Match&) { return std::string(" "); });
  }
  href = std::string(PyStrip(Unescape(href)));
  return {std::move(href), std::move(title), index, handled};
}

// Python `getText`: the text up to the `]` that balances the opening `[`.
// The scan from `index` ends at the first position where the count of `[`
// minus `]` since `index` falls to -1. Python scans afresh for each `[`,
// which is quadratic in a run of unbalanced `[`; while the text is stable
// (see StableTextId) and scanned at length, the end of every scan is looked
// up in the Scans instead.
LinkInlineProcessor::TextResult LinkInlineProcessor::GetText(std::string_view data,
                                                             size_t index) const {
  const Scans* scans = ReadyScans(data);
  if (scans && index <= data.size()) {
    size_t end = scans->bracket_ends[index];
    if (end == std::string::npos) return {"", data.size(), false};
    return {std::string(data.substr(index, end - 1 - index)), end, true};
  }
  int bracket_count = 1;
  std::string text;
  const size_t start = index;
  for (size_t pos = index; pos < data.size(); ++pos) {
    char c = data[pos];
    if (c == ']') --bracket_count;
    else if (c == '[') ++bracket_count;
    ++index;
    if (bracket_count == 0) break;
    text.push_back(c);
  }
  CountScan(data, index - start);
  return {std::move(text), index, bracket_count == 0};
}

namespace {

// For every start index i of `data`, where a scan counting `open` minus
// `close` from 1 at i reaches 0: with depth(k) = count of `open` minus count
// of `close` in data[0:k], the first k > i with depth(k) = depth(i) - 1
// (depth moves by one step at a time), or npos. Computed right to left,
// remembering the nearest k seen for each depth value: O(n).
std::vector<size_t> ScanEnds(std::string_view data, char open, char close) {
  const size_t n = data.size();
  std::vector<long> depth(n + 1, 0);
  for (size_t k = 0; k < n; ++k)
    depth[k + 1] = depth[k] + (data[k] == open ? 1 : data[k] == close ? -1 : 0);
  // nearest[d + n + 1]: the smallest k seen so far with depth(k) = d.
  std::vector<size_t> nearest(2 * n + 3, std::string::npos);
  std::vector<size_t> ends(n + 1, std::string::npos);
  const long offset = static_cast<long>(n) + 1;
  for (size_t i = n + 1; i-- > 0;) {
    ends[i] = nearest[static_cast<size_t>(depth[i] - 1 + offset)];
    nearest[static_cast<size_t>(depth[i] + offset)] = i;
  }
  return ends;
}

// For every index i, the first quote character at or after i, or npos.
std::vector<size_t> NextQuotes(std::string_view data) {
  std::vector<size_t> next(data.size() + 1, std::string::npos);
  for (size_t i = data.size(); i-- > 0;)
    next[i] = (data[i] == '\'' || data[i] == '"') ? i : next[i + 1];
  return next;
}

}  // namespace

const LinkInlineProcessor::Scans* LinkInlineProcessor::ReadyScans(std::string_view data) const {
  uint64_t id = StableTextId(data);
  return id != 0 && scans_.id == id ? &scans_ : nullptr;
}

// Adds a plain scan's length to the work done over the current text; once
// that passes twice the text's size, makes the Scans for it.
void LinkInlineProcessor::CountScan(std::string_view data, size_t scanned) const {
  uint64_t id = StableTextId(data);
  if (id == 0 || scans_.id == id) return;
  if (scans_.work_id != id) {
    scans_.work_id = id;
    scans_.work = 0;
  }
  scans_.work += scanned + 1;
  if (scans_.work <= 2 * data.size() + 64) return;
  scans_.bracket_ends = ScanEnds(data, '[', ']');
  scans_.paren_ends = ScanEnds(data, '(', ')');
  scans_.next_quote = NextQuotes(data);
  scans_.id = id;
}

// Without a quote before its end, GetLink's scan from `start` just balances
// parentheses: it ends after the `)` found by the paren scan (a link), or
// at the end of the text without one (no link).
std::optional<LinkInlineProcessor::LinkResult> LinkInlineProcessor::QuickLinkScan(
    std::string_view data, size_t start) const {
  const Scans* scans = ReadyScans(data);
  if (!scans || start > data.size()) return std::nullopt;
  size_t end = scans->paren_ends[start], quote = scans->next_quote[start];
  if (end == std::string::npos && quote == std::string::npos)
    return LinkResult{"", std::nullopt, data.size(), false};
  if (end == std::string::npos || (quote != std::string::npos && quote < end)) return std::nullopt;
  std::string href(PyStrip(Unescape(data.substr(start, end - 1 - start))));
  return LinkResult{std::move(href), std::nullopt, end, true};
}

InlineResult ImageInlineProcessor::HandleMatch(const Match& m, std::string_view data) {
  TextResult text = GetText(data, m.End());
  if (!text.handled) return InlineResult::NoMatch();
  LinkResult link = GetLink(data, text.index);
  if (!link.handled) return InlineResult::NoMatch();
  ElementPtr el = NewElement("img");
  el->attrib.reserve(3);
  el->Set("src", link.href);
  if (link.title) el->Set("title", *link.title);
  el->Set("alt", Unescape(text.text));
  return InlineResult::Node(std::move(el), m.Start(), link.index);
}

InlineResult ReferenceInlineProcessor::HandleMatch(const Match& m, std::string_view data) {
  static const Regex kNewlineCleanup(R"(\s+)", Regex::kMultiline);
  TextResult text = GetText(data, m.End());
  if (!text.handled) return InlineResult::NoMatch();
  IdResult id = EvalId(data, text.index, text.text);
  if (!id.handled) return InlineResult::NoMatch();
  std::string key = kNewlineCleanup.Sub(id.id, [](const Match&) { return std::string(" "); });
  auto it = md_->references.find(key);
  if (it == md_->references.end()) return InlineResult::None(m.Start(), id.end);
  return InlineResult::Node(MakeTag(it->second.href, it->second.title, text.text), m.Start(),
                            id.end);
}

ReferenceInlineProcessor::IdResult ReferenceInlineProcessor::EvalId(
    std::string_view data, size_t index, const std::string& text) const {
  static const Regex kReLink(Anchored(R"(\s?\[([^\]]*)\])"), Regex::kDotAll);
  auto m = kReLink.Search(data, index);
  if (!m) return {"", index, false};
  std::string id = PyLower(m->Group(1));
  if (id.empty()) id = PyLower(text);
  return {std::move(id), m->End(), true};
}

ElementPtr ReferenceInlineProcessor::MakeTag(const std::string& href, const std::string& title,
                                             const std::string& text) const {
  ElementPtr el = NewElement("a");
  el->attrib.reserve(2);
  el->Set("href", href);
  if (!title.empty()) el->Set("title", title);
  el->text = text;
  return el;
}

ReferenceInlineProcessor::IdResult ShortReferenceInlineProcessor::EvalId(
    std::string_view, size_t index, const std::string& text) const {
  return {PyLower(text), index, true};
}

ElementPtr ImageReferenceInlineProcessor::MakeTag(const std::string& href,
                                                  const std::string& title,
                                                  const std::string& text) const {
  ElementPtr el = NewElement("img");
  el->attrib.reserve(3);
  el->Set("src", href);
  if (!title.empty()) el->Set("title", title);
  el->Set("alt", Unescape(text));
  return el;
}

ReferenceInlineProcessor::IdResult ShortImageReferenceInlineProcessor::EvalId(
    std::string_view, size_t index, const std::string& text) const {
  return {PyLower(text), index, true};
}

// ---- autolinks ------------------------------------------------------------------

InlineResult AutolinkInlineProcessor::HandleMatch(const Match& m, std::string_view) {
  ElementPtr el = NewElement("a");
  el->Set("href", Unescape(m.Group(1)));
  el->text = std::string(m.Group(1));
  el->text_atomic = true;
  return InlineResult::Node(std::move(el), m.Start(), m.End());
}

// Every character of the address is written as a character reference (named
// where HTML 4 has a name), behind the `&` substitute so it is not escaped.
InlineResult AutomailInlineProcessor::HandleMatch(const Match& m, std::string_view) {
  std::string email = Unescape(m.Group(1));
  if (email.rfind("mailto:", 0) == 0) email.erase(0, 7);
  std::string text, href;
  for (size_t i = 0; i < email.size();) {
    char32_t cp = DecodeUtf8(email, i);
    auto it = CodepointToName().find(cp);
    text += kAmpSubstitute;
    if (it != CodepointToName().end()) text += std::string(it->second) + ";";
    else text += "#" + std::to_string(static_cast<uint32_t>(cp)) + ";";
  }
  std::string mailto = "mailto:" + email;
  for (size_t i = 0; i < mailto.size();) {
    char32_t cp = DecodeUtf8(mailto, i);
    href += kAmpSubstitute;
    href += "#" + std::to_string(static_cast<uint32_t>(cp)) + ";";
  }
  ElementPtr el = NewElement("a");
  el->text = std::move(text);
  el->text_atomic = true;
  el->Set("href", href);
  return InlineResult::Node(std::move(el), m.Start(), m.End());
}

// ---- legacy patterns ------------------------------------------------------------

InlineResult SimpleTextPattern::HandleMatch(const Match& m, std::string_view) {
  return InlineResult::Text(std::string(m.Group(2)), 0, 0);
}

InlineResult SimpleTagPattern::HandleMatch(const Match& m, std::string_view) {
  ElementPtr el = NewElement(tag);
  if (m.Has(3)) el->text = std::string(m.Group(3));
  return InlineResult::Node(std::move(el), 0, 0);
}

InlineResult SubstituteTagPattern::HandleMatch(const Match&, std::string_view) {
  return InlineResult::Node(NewElement(tag), 0, 0);
}

InlineResult DoubleTagPattern::HandleMatch(const Match& m, std::string_view) {
  auto [tag1, tag2] = SplitTags(tag);
  ElementPtr el1 = NewElement(tag1);
  Element* el2 = el1->SubElement(tag2);
  if (m.Has(3)) el2->text = std::string(m.Group(3));
  if (m.GroupCount() == 5 && m.Has(4)) el2->tail = std::string(m.Group(4));
  return InlineResult::Node(std::move(el1), 0, 0);
}

// ---- the default set ------------------------------------------------------------

void BuildInlinePatterns(Markdown& md) {
  Markdown* p = &md;
  auto& r = md.inline_patterns;
  r.Register(std::make_unique<BacktickInlineProcessor>(kBacktickRe), "backtick", 190);
  r.Register(std::make_unique<EscapeInlineProcessor>(kEscapeRe, p), "escape", 180);
  r.Register(std::make_unique<ReferenceInlineProcessor>(kReferenceRe, p), "reference", 170);
  r.Register(std::make_unique<LinkInlineProcessor>(kLinkRe, p), "link", 160);
  r.Register(std::make_unique<ImageInlineProcessor>(kImageLinkRe, p), "image_link", 150);
  r.Register(std::make_unique<ImageReferenceInlineProcessor>(kImageReferenceRe, p),
             "image_reference", 140);
  r.Register(std::make_unique<ShortReferenceInlineProcessor>(kReferenceRe, p), "short_reference",
             130);
  r.Register(std::make_unique<ShortImageReferenceInlineProcessor>(kImageReferenceRe, p),
             "short_image_ref", 125);
  r.Register(std::make_unique<AutolinkInlineProcessor>(kAutolinkRe, p), "autolink", 120);
  r.Register(std::make_unique<AutomailInlineProcessor>(kAutomailRe, p), "automail", 110);
  r.Register(std::make_unique<SubstituteTagInlineProcessor>(kLineBreakRe, "br", p), "linebreak",
             100);
  r.Register(std::make_unique<HtmlInlineProcessor>(kHtmlRe, p), "html", 90);
  r.Register(std::make_unique<HtmlInlineProcessor>(kEntityRe, p), "entity", 80);
  r.Register(std::make_unique<SimpleTextInlineProcessor>(kNotStrongRe, p), "not_strong", 70);
  r.Register(std::make_unique<AsteriskProcessor>(R"(\*)", p), "em_strong", 60);
  r.Register(std::make_unique<UnderscoreProcessor>("_", p), "em_strong2", 50);
}

}  // namespace stacks::markdown
