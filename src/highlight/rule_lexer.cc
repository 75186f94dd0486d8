// The state-table lexer (see rule_lexer.h).
//
// At each position the rules of the state on top of the stack are tried in
// order, anchored there; the first match emits its tokens (per group when
// the rule has several actions), then the stack changes as `next` says. When
// nothing matches, a newline resets the stack to root and anything else is
// one Error character (a whole UTF-8 character, as Pygments works on code
// points). A callback action (ExtendedRegexLexer) gets the match and the
// lexing context, emits what it wants and moves the position itself.
//
// Speed: trying every rule at every position is what costs. PCRE2 knows,
// for most patterns, which bytes a match can start with; each state keeps,
// per byte value, the list of its rules that can match there, so a position
// tries only those (in the original order). PCRE2 also knows, for many
// patterns, an ASCII character any match must hold (the `>` of `<.*?>`);
// a rule is skipped where that character does not occur in the rest of the
// text, and where it next occurs is remembered, so a lazy pattern that
// would scan to the end from every position fails at once (linear, where
// Python's re is quadratic).
//
// Each PCRE2 call costs a fixed hundred-odd instructions before it looks at
// the text, so cheaper checks come first. A rule knows the literal bytes
// every match starts with (read conservatively from the pattern: `<!--` of
// `<!--.*?-->`) and is skipped where they are not, as is a rule starting
// with `^` away from a line start. A rule that is one character class
// repeated (`[^<&]+`, `\s*`) knows which ASCII bytes the class takes and
// scans the run itself, handing over to PCRE2 only when the run meets a
// non-ASCII byte (where Unicode classes need PCRE2's tables); a rule that
// is one character class alone (`[{}();,]`) tests the byte itself, and a
// rule that is a literal string (`"`, `&&`) compares it. Where PCRE2 knows
// no first bytes (its Unicode `\d` defeats the analysis), they are found
// by asking PCRE2 whether a match can start with each ASCII byte.
#define PCRE2_CODE_UNIT_WIDTH 8
#include "highlight/rule_lexer.h"

#include <pcre2.h>

#include <array>
#include <algorithm>
#include <bitset>

#include <cstdio>
#include <cctype>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <utility>

#include "markdown/util.h"

namespace stacks::highlight {

namespace {

// ---- The first two bytes of a match ----------------------------------------
//
// Keyword and operator lists (`(for|in|while|...)\b`, Python's regex_opt
// output `(a(?:s(?:sert|ync)?|wait)|break|...)`, `\.\.\.|=>`) start with a
// few literal words, so they fail at most places their first byte allows.
// StartReader reads, from the pattern's structure, the set of ASCII byte
// pairs a match can start with; a rule is then tried only where the next
// two bytes of the text are such a pair (or either is not ASCII).
//
// Each part of the pattern gives its Starts: whether it can match nothing,
// the single bytes it can match (the rest of the pattern following) and
// the byte pairs it can start with. A part the reader does not follow
// (an unknown escape) starts with "anything"; a repeated part is followed
// by "anything". Sequences and alternatives combine their parts' Starts,
// so the result is always a superset of the true starts.

struct Starts {
  bool empty = false;    ///< can match nothing (the rest follows)
  bool unknown = false;  ///< can start with anything
  std::bitset<128> one;           ///< one byte, then the rest
  std::bitset<128> one_then_any;  ///< one byte, then anything
  /// The pairs of bytes it starts with: per first byte, the second bytes
  /// (no entries while there are none: most parts are single bytes).
  std::vector<std::bitset<128>> two;

  static Starts Nothing() {
    Starts s;
    s.empty = true;
    return s;
  }
  static Starts Anything() {
    Starts s;
    s.unknown = true;
    return s;
  }
  std::bitset<128> FirstBytes() const {
    std::bitset<128> first = one | one_then_any;
    for (size_t b = 0; b < two.size(); ++b)
      if (two[b].any()) first.set(b);
    return first;
  }
  void Add(const Starts& o) {
    empty = empty || o.empty;
    unknown = unknown || o.unknown;
    one |= o.one;
    one_then_any |= o.one_then_any;
    for (size_t b = 0; b < o.two.size(); ++b) AddPairs(b, o.two[b]);
  }
  void AddPairs(size_t first, const std::bitset<128>& seconds) {
    if (seconds.none()) return;
    if (two.empty()) two.resize(128);
    two[first] |= seconds;
  }
  // This part followed by `next`.
  Starts Then(const Starts& next) const {
    Starts r;
    r.empty = empty && next.empty;
    r.unknown = unknown || (empty && next.unknown);
    if (empty) {
      r.one |= next.one;
      r.one_then_any |= next.one_then_any;
      r.two = next.two;
    }
    if (next.empty) r.one |= one;
    if (next.unknown) r.one_then_any |= one;
    r.one_then_any |= one_then_any;
    for (size_t b = 0; b < two.size(); ++b) r.AddPairs(b, two[b]);
    if (one.any()) {
      std::bitset<128> second = next.FirstBytes();
      for (size_t b = 0; b < 128; ++b)
        if (one[b]) r.AddPairs(b, second);
    }
    return r;
  }
  // Repeated (at least `min` times), then anything may follow.
  Starts Repeated(size_t min) const {
    Starts r = *this;
    r.one_then_any |= r.one;
    r.one.reset();
    if (min == 0) r.empty = true;
    return r;
  }
};

// The byte pairs a pattern's matches can start with (see Starts).
class StartPairs {
 public:
  explicit StartPairs(const Starts& s) : one_(s.one | s.one_then_any) {
    for (size_t b = 0; b < s.two.size(); ++b) two_[b] = s.two[b];
  }
  /// Whether a match may start at `pos` (pos < text.size()).
  bool MayStart(std::string_view text, size_t pos) const {
    auto b = static_cast<unsigned char>(text[pos]);
    if (b >= 0x80 || one_[b]) return true;
    if (pos + 1 >= text.size()) return false;
    auto c = static_cast<unsigned char>(text[pos + 1]);
    return c >= 0x80 || two_[b][c];
  }

 private:
  std::bitset<128> one_;
  std::array<std::bitset<128>, 128> two_;
};

std::shared_ptr<const StartPairs> FindStartPairs(const std::string& translated, uint32_t options);

}  // namespace

// One rule's pattern, compiled anchored (it is only ever matched at the
// current position) and JIT-compiled when PCRE2 can.
class AnchoredPattern {
 public:
  AnchoredPattern(const std::string& pattern, unsigned flags);
  ~AnchoredPattern() { pcre2_code_free(code_); }
  AnchoredPattern(const AnchoredPattern&) = delete;
  AnchoredPattern& operator=(const AnchoredPattern&) = delete;
  /// Matches at `pos`; on success the offsets of group g are ov[2g], ov[2g+1]
  /// (PCRE2_UNSET when the group took no part). `ov` is the ovector of `md`.
  const PCRE2_SIZE* Match(std::string_view text, size_t pos, pcre2_match_data* md, PCRE2_SIZE* ov) const {
    if (literal_) {
      if (!MayStartAt(text, pos)) return nullptr;
      ov[0] = pos;
      ov[1] = pos + prefix_.size();
      return ov;
    }
    if (run_ == kOne && pos < text.size() && static_cast<unsigned char>(text[pos]) < 0x80) {
      if (!run_bytes_[static_cast<unsigned char>(text[pos])]) return nullptr;
      ov[0] = pos;
      ov[1] = pos + 1;
      return ov;
    }
    if (run_ == kHeadThenRun && pos < text.size()) {
      auto c = static_cast<unsigned char>(text[pos]);
      if (c < 0x80) {
        if (!head_bytes_[c]) return nullptr;
        size_t end = pos + 1;
        while (end < text.size() && static_cast<unsigned char>(text[end]) < 0x80 &&
               run_bytes_[static_cast<unsigned char>(text[end])])
          ++end;
        if (end == text.size() || static_cast<unsigned char>(text[end]) < 0x80) {
          ov[0] = pos;
          ov[1] = end;
          return ov;
        }
      }
    }
    if (run_ == kZeroOrMore || run_ == kOneOrMore) {
      size_t end = pos;
      while (end < text.size() && static_cast<unsigned char>(text[end]) < 0x80 &&
             run_bytes_[static_cast<unsigned char>(text[end])])
        ++end;
      if (end == text.size() || static_cast<unsigned char>(text[end]) < 0x80) {
        if (end == pos && run_ == kOneOrMore) return nullptr;
        ov[0] = pos;
        ov[1] = end;
        return ov;
      }
    }
    return MatchWithPcre(text, pos, md, ov);
  }
  /// Whether a match may start at `pos`: at a line start if the pattern
  /// starts with `^`, and with the literal start every match has.
  bool MayStartAt(std::string_view text, size_t pos) const {
    if (line_start_ && pos > 0 && text[pos - 1] != '\n') return false;
    if (start_pairs_ && !start_pairs_->MayStart(text, pos)) return false;
    if (prefix_.empty()) return true;
    if (text.size() - pos < prefix_.size()) return false;
    const char* at = text.data() + pos;
    if (!prefix_caseless_) return std::memcmp(at, prefix_.data(), prefix_.size()) == 0;
    for (size_t i = 0; i < prefix_.size(); ++i) {
      char c = at[i];
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
      if (c != prefix_[i]) return false;
    }
    return true;
  }
  uint32_t groups() const { return groups_; }
  const pcre2_code* code() const { return code_; }
  /// An ASCII character every match holds (either case of a letter), or -1.
  int required() const { return required_; }

 private:
  enum RunKind { kNoRun, kZeroOrMore, kOneOrMore, kOne, kHeadThenRun };
  const PCRE2_SIZE* MatchWithPcre(std::string_view text, size_t pos, pcre2_match_data* md, PCRE2_SIZE* ov) const;
  void FindRun(const std::string& translated, uint32_t options);
  pcre2_code* code_ = nullptr;
  bool jitted_ = false;
  uint32_t groups_ = 0;
  int required_ = -1;
  /// The literal start (letters lower-cased when `prefix_caseless_`).
  std::string prefix_;
  bool prefix_caseless_ = false;
  /// Whether the pattern starts with `^` (and newlines are LF only).
  bool line_start_ = false;
  /// The byte pairs a match can start with, when known (see StartReader).
  std::shared_ptr<const StartPairs> start_pairs_;
  /// The pattern is its literal start alone (no groups, not caseless): a
  /// match is the prefix where MayStartAt holds.
  bool literal_ = false;
  /// A pattern that is one class, alone or repeated: the ASCII bytes the
  /// class takes.
  RunKind run_ = kNoRun;
  std::bitset<128> run_bytes_;
  /// kHeadThenRun: the ASCII bytes the first class takes.
  std::bitset<128> head_bytes_;
};

struct RuleLexer::Compiled {
  struct Entry {
    std::unique_ptr<AnchoredPattern> regex;
    std::vector<Action> actions;
    // Stack changes in order: a state index to push, kPop or kPushSelf.
    std::vector<int> ops;
  };
  static constexpr int kPop = -1;
  static constexpr int kPushSelf = -2;
  std::vector<Entry> entries;
  // Per first byte, the indices of the entries that can match there.
  std::array<std::vector<uint16_t>, 256> candidates;
};

namespace {

std::string PythonToPcre(std::string_view p);

// Asks PCRE2, for each ASCII byte, whether a match of `pattern` can start
// with it: a one-byte text, after nothing or after a word character (what
// `^`, `\A` and `\b` look at), matched with hard partial matching, so that
// running out of text counts as a possible match. Non-ASCII bytes stay
// possible. Patterns with lookarounds, conditions, `\B` or verbs, which may
// judge by text the probe lacks, are not asked (false). Answers are kept
// per pattern and options (flattened states repeat rules).
bool ProbeFirstBytes(const std::string& pattern, uint32_t options, std::bitset<256>* out) {
  static std::mutex mutex;
  static std::map<std::pair<std::string, uint32_t>, std::bitset<256>> known;
  std::string translated = PythonToPcre(pattern);
  for (std::string_view unsure : {"(?=", "(?!", "(?<=", "(?<!", "(?(", "(*", "\\B", "\\G", "\\K"})
    if (translated.find(unsure) != std::string::npos) return false;
  std::lock_guard<std::mutex> lock(mutex);
  auto key = std::make_pair(translated, options);
  if (auto it = known.find(key); it != known.end()) {
    *out = it->second;
    return true;
  }
  int err = 0;
  PCRE2_SIZE offset = 0;
  pcre2_code* code = pcre2_compile(reinterpret_cast<PCRE2_SPTR>(translated.data()), translated.size(),
                                   options | PCRE2_ANCHORED, &err, &offset, nullptr);
  if (!code) return false;
  pcre2_match_data* md = pcre2_match_data_create_from_pattern(code, nullptr);
  std::bitset<256> first;
  for (int b = 0x80; b < 0x100; ++b) first.set(b);
  for (int b = 0; b < 0x80; ++b) {
    for (std::string before : {"", "a"}) {
      std::string subject = before + static_cast<char>(b);
      int rc = pcre2_match(code, reinterpret_cast<PCRE2_SPTR>(subject.data()), subject.size(), before.size(),
                           PCRE2_PARTIAL_HARD, md, nullptr);
      if (rc >= 0 || rc == PCRE2_ERROR_PARTIAL) first.set(b);
    }
  }
  pcre2_match_data_free(md);
  pcre2_code_free(code);
  known.emplace(std::move(key), first);
  *out = first;
  return true;
}

// The bytes a match of `pattern` can start with, from PCRE2's start-up
// analysis of the pattern (else from ProbeFirstBytes; else all bytes). Python's \s also
// takes U+001C..U+001F, which PCRE2's does not: those bytes are added when
// the pattern uses \s. The analysis needs no exact Python translation: it
// only has to be a superset.
std::bitset<256> FirstBytes(const std::string& pattern, unsigned flags) {
  std::bitset<256> all;
  all.set();
  uint32_t options = PCRE2_UTF | PCRE2_UCP;
  if (flags & markdown::Regex::kIgnoreCase) options |= PCRE2_CASELESS;
  if (flags & markdown::Regex::kMultiline) options |= PCRE2_MULTILINE;
  if (flags & markdown::Regex::kDotAll) options |= PCRE2_DOTALL;
  int err = 0;
  PCRE2_SIZE offset = 0;
  pcre2_code* code = pcre2_compile(reinterpret_cast<PCRE2_SPTR>(pattern.data()), pattern.size(), options, &err,
                                   &offset, nullptr);
  if (!code) return all;
  std::bitset<256> out;
  uint32_t type = 0;
  pcre2_pattern_info(code, PCRE2_INFO_FIRSTCODETYPE, &type);
  const uint8_t* bitmap = nullptr;
  pcre2_pattern_info(code, PCRE2_INFO_FIRSTBITMAP, &bitmap);
  if (type == 1) {
    uint32_t unit = 0;
    pcre2_pattern_info(code, PCRE2_INFO_FIRSTCODEUNIT, &unit);
    if (unit < 0x80) {
      out.set(unit);
      if (unit >= 'a' && unit <= 'z') out.set(unit - 'a' + 'A');
      if (unit >= 'A' && unit <= 'Z') out.set(unit - 'A' + 'a');
    } else {
      out = all;  // a caseless non-ASCII first character has other first bytes
    }
  } else if (bitmap) {
    for (int b = 0; b < 256; ++b)
      if (bitmap[b / 8] & (1u << (b % 8))) out.set(b);
    if (pattern.find("\\s") != std::string::npos)
      for (int b = 0x1c; b <= 0x1f; ++b) out.set(b);
  } else if (!ProbeFirstBytes(pattern, options, &out)) {
    out = all;  // anchored, line-start or possibly empty: no first byte known
  }
  pcre2_code_free(code);
  return out;
}

// Python's `re` syntax as PCRE2 reads it: `\Z` is PCRE2's `\z`, and `\s`
// (`\S`) also takes (leaves out) U+001C..U+001F, as Python's does. Inside a
// character class `\s` widens the class instead.
std::string PythonToPcre(std::string_view p) {
  const std::string seps = "\\x1c-\\x1f";
  std::string out;
  bool in_class = false;
  for (size_t i = 0; i < p.size(); ++i) {
    char c = p[i];
    if (c == '\\' && i + 1 < p.size()) {
      char next = p[++i];
      if (next == 'Z') out += "\\z";
      else if (next == 's') out += in_class ? "\\s" + seps : "[\\s" + seps + "]";
      else if (next == 'S' && !in_class) out += "[^\\s" + seps + "]";
      else out += {'\\', next};
      continue;
    }
    if (!in_class && c == '[') {
      in_class = true;
      out += c;
      if (i + 1 < p.size() && p[i + 1] == '^') out += p[++i];
      if (i + 1 < p.size() && p[i + 1] == ']') out += p[++i];  // a leading ']' is a member
      continue;
    }
    if (in_class && c == ']') in_class = false;
    out += c;
  }
  return out;
}

// Whether the options or an inline flag group make (part of) the pattern
// caseless.
bool MayBeCaseless(const std::string& pattern, uint32_t options) {
  if (options & PCRE2_CASELESS) return true;
  for (size_t at = pattern.find("(?"); at != std::string::npos; at = pattern.find("(?", at + 2)) {
    size_t flags_end = at + 2;
    while (flags_end < pattern.size() && std::isalpha(static_cast<unsigned char>(pattern[flags_end]))) ++flags_end;
    if (pattern.substr(at + 2, flags_end - at - 2).find('i') != std::string::npos) return true;
  }
  return false;
}

// PCRE2's "last code unit" of the pattern: a character any match holds
// (after its first), which PCRE2 itself looks for before matching. It is
// recorded only without PCRE2_NO_START_OPTIMIZE, hence a second compile.
// Only ASCII is kept, and a letter only in a pattern without caseless parts
// (a caseless `k` also matches U+212A KELVIN SIGN).
int RequiredAscii(const std::string& translated, uint32_t options) {
  int err = 0;
  PCRE2_SIZE offset = 0;
  pcre2_code* code = pcre2_compile(reinterpret_cast<PCRE2_SPTR>(translated.data()), translated.size(), options, &err,
                                   &offset, nullptr);
  if (!code) return -1;
  uint32_t type = 0, unit = 0;
  pcre2_pattern_info(code, PCRE2_INFO_LASTCODETYPE, &type);
  pcre2_pattern_info(code, PCRE2_INFO_LASTCODEUNIT, &unit);
  pcre2_code_free(code);
  if (type != 1 || unit >= 0x80) return -1;
  if (std::isalpha(static_cast<int>(unit)) && MayBeCaseless(translated, options)) return -1;
  return static_cast<int>(unit);
}

// Where each ASCII character next occurs in the text, at or after the
// position it was last looked for from; positions only grow, so each
// character's scan covers the text about once.
class NextAscii {
 public:
  explicit NextAscii(std::string_view text) : text_(text) { from_.fill(kNotLooked); }
  bool OccursFrom(int c, size_t pos) {
    if (from_[c] == kNotLooked || pos < from_[c] || (at_[c] != kNone && at_[c] < pos)) {
      const void* hit = pos < text_.size() ? std::memchr(text_.data() + pos, c, text_.size() - pos) : nullptr;
      at_[c] = hit ? static_cast<size_t>(static_cast<const char*>(hit) - text_.data()) : kNone;
      from_[c] = pos;
    }
    return at_[c] != kNone;
  }

 private:
  static constexpr size_t kNotLooked = ~size_t{0};
  static constexpr size_t kNone = ~size_t{0};
  std::string_view text_;
  std::array<size_t, 128> from_, at_;
};

// Whether `p` holds a POSIX class (`[:alpha:]`, `[:^digit:]`), which the
// scans below do not follow; a `[:` that starts none is a literal.
bool HasPosixClass(std::string_view p) {
  for (size_t at = p.find("[:"); at != std::string_view::npos; at = p.find("[:", at + 1)) {
    size_t i = at + 2;
    if (i < p.size() && p[i] == '^') ++i;
    size_t letters = i;
    while (i < p.size() && std::isalpha(static_cast<unsigned char>(p[i]))) ++i;
    if (i > letters && p.substr(i, 2) == ":]") return true;
  }
  return false;
}

// Scans a PCRE2 pattern for its groups: calls `visit(i, depth)` for each
// character outside character classes and escapes that is `(`, `)` or `|`,
// with the nesting depth before it. Returns false for syntax the scan does
// not follow (\Q...\E, POSIX classes, comments), so callers give up.
template <typename Visit>
bool ScanStructure(std::string_view p, Visit visit) {
  for (std::string_view unfollowed : {"\\Q", "(?#"})
    if (p.find(unfollowed) != std::string_view::npos) return false;
  if (HasPosixClass(p)) return false;
  int depth = 0;
  for (size_t i = 0; i < p.size(); ++i) {
    char c = p[i];
    if (c == '\\') {
      ++i;
      continue;
    }
    if (c == '[') {
      ++i;
      if (i < p.size() && p[i] == '^') ++i;
      if (i < p.size() && p[i] == ']') ++i;
      while (i < p.size() && p[i] != ']') i += p[i] == '\\' ? 2 : 1;
      continue;
    }
    if (c != '(' && c != ')' && c != '|') continue;
    if (c == ')') --depth;
    if (!visit(i, depth)) return true;
    if (c == '(') ++depth;
  }
  return true;
}

// The index of the `)` closing the group opened at `open`, or npos; sets
// `*alternation` when a `|` stands directly in that group.
size_t ClosingParen(std::string_view p, size_t open, bool* alternation) {
  size_t close = std::string_view::npos;
  int base = -1;
  *alternation = false;
  bool ok = ScanStructure(p, [&](size_t i, int depth) {
    if (i == open) base = depth;
    if (base < 0 || i <= open) return true;
    if (p[i] == '|' && depth == base + 1) *alternation = true;
    if (p[i] == ')' && depth == base) {
      close = i;
      return false;
    }
    return true;
  });
  return ok ? close : std::string_view::npos;
}

bool TopLevelAlternation(std::string_view p) {
  bool found = false;
  bool ok = ScanStructure(p, [&](size_t i, int depth) {
    if (p[i] == '|' && depth == 0) found = true;
    return !found;
  });
  return found || !ok;
}

bool QuantifierAt(std::string_view p, size_t i) {
  return i < p.size() && (p[i] == '*' || p[i] == '+' || p[i] == '?' || p[i] == '{');
}

// Where the body of the group opened at `open` starts, for groups that
// match their body once in sequence (plain, `(?:`, named); npos for
// lookarounds, atomic and branch-reset groups, comments and the rest.
// An inline option setting `(?i)` (no `x`) matches nothing: its end.
size_t GroupBodyStart(std::string_view p, size_t open) {
  size_t i = open + 1;
  if (i >= p.size()) return std::string_view::npos;
  if (p[i] != '?') return p[i] == '*' ? std::string_view::npos : i;
  ++i;
  if (i >= p.size()) return std::string_view::npos;
  if (p[i] == ':') return i + 1;
  bool named = (p[i] == 'P' && i + 1 < p.size() && p[i + 1] == '<') ||
               (p[i] == '<' && i + 1 < p.size() && p[i + 1] != '=' && p[i + 1] != '!');
  if (named) {
    size_t end = p.find('>', i);
    return end == std::string_view::npos ? end : end + 1;
  }
  size_t end = i;
  while (end < p.size() && p[end] != '\0' && std::strchr("imnsJU", p[end])) ++end;  // not `x`, nor `(?R)`
  if (end > i && end < p.size() && p[end] == ')') return end;  // its `)` is passed over next
  return std::string_view::npos;
}

// The literal bytes every match of `p` (PCRE2 syntax) starts with: literal
// characters and escaped punctuation read from the start, through `^`,
// option settings and groups that are neither repeated nor alternatives,
// until anything else (a class, a repeat, a non-ASCII character); none when
// `p` has top-level alternatives. When the pattern may be caseless, letters
// are kept lower-cased, and `k` and `s` end it (they have non-ASCII case
// partners). `*line_start` tells whether a `^` came before those bytes.
std::string LiteralPrefix(std::string_view p, bool caseless, bool* line_start, bool* whole) {
  std::string out;
  bool caret = false;
  size_t i = 0;
  while (i < p.size() && out.size() < 16) {
    char c = p[i];
    if (c == ')') {  // the end of a group entered below, known not repeated
      ++i;
      continue;
    }
    if (c == '^') {
      if (QuantifierAt(p, i + 1)) break;
      caret = caret || out.empty();
      ++i;
      continue;
    }
    if (c == '(') {
      bool alternation = false;
      size_t body = GroupBodyStart(p, i);
      if (body == std::string_view::npos) break;
      size_t close = ClosingParen(p, i, &alternation);
      if (close == std::string_view::npos || alternation || QuantifierAt(p, close + 1)) break;
      i = body;
      continue;
    }
    int byte = -1;
    size_t length = 1;
    if (c == '\\') {
      if (i + 1 >= p.size()) break;
      char e = p[i + 1];
      length = 2;
      if (static_cast<unsigned char>(e) < 0x80 && std::ispunct(static_cast<unsigned char>(e))) byte = e;
      else if (e == 'n') byte = '\n';
      else if (e == 't') byte = '\t';
      else if (e == 'r') byte = '\r';
      else if (e == 'f') byte = '\f';
    } else if (static_cast<unsigned char>(c) < 0x80 && std::strchr(".[$|*+?{", c) == nullptr) {
      byte = c;
    }
    if (byte < 0 || QuantifierAt(p, i + length)) break;
    if (caseless && std::isalpha(byte)) {
      byte = std::tolower(byte);
      if (byte == 'k' || byte == 's') break;
    }
    out += static_cast<char>(byte);
    i += length;
  }
  if ((out.empty() && !caret) || TopLevelAlternation(p)) return "";  // nothing found, or only one alternative's
  *line_start = caret;
  *whole = i >= p.size();
  return out;
}

// The length of the single-character atom starting `p` (`.`, a class, a
// class escape such as `\w`), or 0.
size_t AtomLength(std::string_view p) {
  if (p.empty()) return 0;
  if (p[0] == '.') return 1;
  if (p[0] == '\\') return p.size() > 1 && std::strchr("wWdDsShHvV", p[1]) && p[1] != '\0' ? 2 : 0;
  if (p[0] != '[' || HasPosixClass(p)) return 0;
  size_t i = 1;
  if (i < p.size() && p[i] == '^') ++i;
  if (i < p.size() && p[i] == ']') ++i;
  while (i < p.size() && p[i] != ']') {
    if (p[i] == '[' && i + 1 < p.size() && std::strchr(":.=", p[i + 1])) return 0;  // POSIX syntax
    i += p[i] == '\\' ? 2 : 1;
  }
  return i < p.size() ? i + 1 : 0;
}

}  // namespace

// PCRE2's start-up optimisations are off: they may scan the rest of the
// subject for a required character on every anchored attempt.
AnchoredPattern::AnchoredPattern(const std::string& pattern, unsigned flags) {
  uint32_t options = PCRE2_UTF | PCRE2_UCP | PCRE2_NO_UTF_CHECK | PCRE2_ANCHORED | PCRE2_NO_START_OPTIMIZE;
  if (flags & markdown::Regex::kIgnoreCase) options |= PCRE2_CASELESS;
  if (flags & markdown::Regex::kMultiline) options |= PCRE2_MULTILINE;
  if (flags & markdown::Regex::kDotAll) options |= PCRE2_DOTALL;
  std::string translated = PythonToPcre(pattern);
  int err = 0;
  PCRE2_SIZE offset = 0;
  code_ = pcre2_compile(reinterpret_cast<PCRE2_SPTR>(translated.data()), translated.size(), options, &err, &offset,
                        nullptr);
  if (!code_) {
    PCRE2_UCHAR message[256];
    pcre2_get_error_message(err, message, sizeof message);
    std::fprintf(stderr, "highlight: bad pattern at %zu: %s\n  %s\n", static_cast<size_t>(offset),
                 reinterpret_cast<char*>(message), pattern.c_str());
    std::abort();
  }
  jitted_ = pcre2_jit_compile(code_, PCRE2_JIT_COMPLETE) == 0;
  pcre2_pattern_info(code_, PCRE2_INFO_CAPTURECOUNT, &groups_);
  required_ = RequiredAscii(translated, options & ~PCRE2_NO_START_OPTIMIZE);
  if (!(flags & markdown::Regex::kVerbose)) {
    prefix_caseless_ = MayBeCaseless(translated, options);
    bool line_start = false, whole = false;
    prefix_ = LiteralPrefix(translated, prefix_caseless_, &line_start, &whole);
    uint32_t newline = 0;
    pcre2_pattern_info(code_, PCRE2_INFO_NEWLINE, &newline);
    line_start_ = line_start && newline == PCRE2_NEWLINE_LF;
    literal_ = whole && !prefix_.empty() && groups_ == 0 && !prefix_caseless_ && line_start == line_start_;
  }
  if (translated.empty()) literal_ = true;  // matches the empty string anywhere
  FindRun(translated, options);
  if (!literal_ && run_ == kNoRun && !(flags & markdown::Regex::kVerbose))
    start_pairs_ = FindStartPairs(translated, options & ~PCRE2_NO_START_OPTIMIZE);
}

namespace {

// The ASCII bytes a one-character atom takes, asked of PCRE2 one byte at a
// time with the pattern's own options; false when it does not compile.
// Answers are kept per atom and options (flattened states repeat rules).
bool AsciiMembers(std::string_view atom, uint32_t options, std::bitset<128>* members) {
  static std::mutex mutex;
  static std::map<std::pair<std::string, uint32_t>, std::bitset<128>> known;
  std::lock_guard<std::mutex> lock(mutex);
  auto key = std::make_pair(std::string(atom), options);
  if (auto it = known.find(key); it != known.end()) {
    *members = it->second;
    return true;
  }
  int err = 0;
  PCRE2_SIZE offset = 0;
  pcre2_code* code = pcre2_compile(reinterpret_cast<PCRE2_SPTR>(atom.data()), atom.size(), options, &err, &offset,
                                   nullptr);
  if (!code) return false;
  pcre2_match_data* md = pcre2_match_data_create(1, nullptr);
  for (int b = 0; b < 0x80; ++b) {
    unsigned char subject = static_cast<unsigned char>(b);
    (*members)[b] = pcre2_match(code, &subject, 1, 0, 0, md, nullptr) > 0;
  }
  pcre2_match_data_free(md);
  pcre2_code_free(code);
  known.emplace(std::move(key), *members);
  return true;
}

// Reads Starts from a PCRE2 pattern (see above); Read() fails on syntax it
// does not follow well enough to skip (\Q...\E, comments, extended mode).
class StartReader {
 public:
  StartReader(std::string_view p, uint32_t options) : p_(p), options_(options) {
    caseless_ = MayBeCaseless(std::string(p), options);
    class_options_ = options | PCRE2_DOTALL | (caseless_ ? PCRE2_CASELESS : 0);
  }
  bool Read(Starts* out) {
    if (options_ & PCRE2_EXTENDED) return false;
    for (std::string_view unfollowed : {"\\Q", "(?#"})
      if (p_.find(unfollowed) != std::string_view::npos) return false;
    if (HasPosixClass(p_)) return false;
    for (size_t at = p_.find("(?"); at != std::string_view::npos; at = p_.find("(?", at + 2)) {
      size_t end = at + 2;
      while (end < p_.size() && (std::isalpha(static_cast<unsigned char>(p_[end])) || p_[end] == '-')) ++end;
      if (p_.substr(at + 2, end - at - 2).find('x') != std::string_view::npos) return false;  // extended
    }
    *out = Alternatives();
    return ok_ && i_ == p_.size();
  }

 private:
  // Alternatives up to the `)` closing the current group (or the end).
  Starts Alternatives() {
    Starts all = Sequence();
    while (ok_ && i_ < p_.size() && p_[i_] == '|') {
      ++i_;
      all.Add(Sequence());
    }
    return all;
  }

  Starts Sequence() {
    Starts seq = Starts::Nothing();
    while (ok_ && i_ < p_.size() && p_[i_] != '|' && p_[i_] != ')') {
      Starts item = Item();
      if (!ok_) break;
      seq = seq.Then(Quantified(item));
    }
    return seq;
  }

  // A quantifier after an item, if any: ?, *, +, {n}, {n,}, {n,m}, each
  // maybe followed by ? or + (lazy, possessive).
  Starts Quantified(const Starts& item) {
    if (i_ >= p_.size()) return item;
    char q = p_[i_];
    Starts r = item;
    if (q == '?') {
      r.Add(Starts::Nothing());
      ++i_;
    } else if (q == '*' || q == '+') {
      r = item.Repeated(q == '*' ? 0 : 1);
      ++i_;
    } else if (q == '{') {
      size_t min = 0, end = 0;
      if (!CountedRepeat(i_, &min, &end)) return item;  // a literal `{`, read next
      r = item.Repeated(min);
      i_ = end;
    } else {
      return item;
    }
    if (i_ < p_.size() && (p_[i_] == '?' || p_[i_] == '+')) ++i_;
    return r;
  }

  // `{n}`, `{n,}` or `{n,m}` at `at` (else PCRE2 reads `{` as a literal).
  bool CountedRepeat(size_t at, size_t* min, size_t* end) const {
    size_t i = at + 1, digits = i;
    while (i < p_.size() && std::isdigit(static_cast<unsigned char>(p_[i]))) ++i;
    if (i == digits) return false;
    *min = std::strtoul(std::string(p_.substr(digits, i - digits)).c_str(), nullptr, 10);
    if (i < p_.size() && p_[i] == ',') {
      ++i;
      while (i < p_.size() && std::isdigit(static_cast<unsigned char>(p_[i]))) ++i;
    }
    if (i >= p_.size() || p_[i] != '}') return false;
    *end = i + 1;
    return true;
  }

  Starts Literal(unsigned char c) {
    Starts s;
    if (c >= 0x80) return Starts::Anything();
    s.one.set(c);
    if (caseless_ && std::isalpha(c)) s.one.set(std::isupper(c) ? std::tolower(c) : std::toupper(c));
    return s;
  }

  // A one-character atom (class, class escape, `.`) by its ASCII members.
  Starts Atom(size_t length) {
    Starts s;
    std::bitset<128> members;
    if (!AsciiMembers(p_.substr(i_, length), class_options_, &members)) {
      ok_ = false;
      return s;
    }
    i_ += length;
    s.one = members;
    return s;
  }

  Starts Item() {
    char c = p_[i_];
    if (c == '(') return Group();
    if (c == '[' || c == '.') {
      size_t length = AtomLength(p_.substr(i_));
      if (length == 0) {
        ok_ = false;
        return {};
      }
      return Atom(length);
    }
    if (c == '^' || c == '$') {
      ++i_;
      return Starts::Nothing();
    }
    if (c == '\\') return Escape();
    if (c == '*' || c == '+' || c == '?') {  // a quantifier where none belongs
      ok_ = false;
      return {};
    }
    ++i_;
    return Literal(static_cast<unsigned char>(c));
  }

  Starts Escape() {
    if (i_ + 1 >= p_.size()) {
      ok_ = false;
      return {};
    }
    char e = p_[i_ + 1];
    if (std::strchr("dDwWsShHvV", e)) return Atom(2);
    i_ += 2;
    if (std::strchr("bBAzZG", e)) return Starts::Nothing();  // assertions
    if (e == 'n') return Literal('\n');
    if (e == 't') return Literal('\t');
    if (e == 'r') return Literal('\r');
    if (e == 'f') return Literal('\f');
    if (static_cast<unsigned char>(e) < 0x80 && (std::ispunct(static_cast<unsigned char>(e)) || e == ' '))
      return Literal(static_cast<unsigned char>(e));
    return Starts::Anything();  // \x.., \p{..}, back references, ...: not followed
  }

  // A group: its body read as alternatives (an option setting `(?i)` has
  // an empty body); a lookaround matches nothing; other kinds are skipped
  // as "anything".
  Starts Group() {
    std::string_view rest = p_.substr(i_);
    bool lookaround = rest.starts_with("(?=") || rest.starts_with("(?!") || rest.starts_with("(?<=") ||
                      rest.starts_with("(?<!");
    size_t body = GroupBodyStart(p_, i_);
    if (lookaround || body == std::string_view::npos) {
      size_t end = SkipGroup(i_);
      if (end == std::string_view::npos) ok_ = false;
      i_ = end;
      return lookaround ? Starts::Nothing() : Starts::Anything();
    }
    i_ = body;
    Starts inside = Alternatives();
    if (!ok_ || i_ >= p_.size() || p_[i_] != ')') {
      ok_ = false;
      return {};
    }
    ++i_;
    return inside;
  }

  // The index after the `)` closing the group opened at `open` (npos when
  // unbalanced); escapes and classes are passed over.
  size_t SkipGroup(size_t open) const {
    size_t depth = 0;
    for (size_t i = open; i < p_.size(); ++i) {
      char c = p_[i];
      if (c == '\\') {
        ++i;
      } else if (c == '[') {
        size_t j = i + 1;
        if (j < p_.size() && p_[j] == '^') ++j;
        if (j < p_.size() && p_[j] == ']') ++j;
        while (j < p_.size() && p_[j] != ']') j += p_[j] == '\\' ? 2 : 1;
        if (j >= p_.size()) return std::string_view::npos;
        i = j;
      } else if (c == '(') {
        ++depth;
      } else if (c == ')' && --depth == 0) {
        return i + 1;
      }
    }
    return std::string_view::npos;
  }

  std::string_view p_;
  uint32_t options_;
  uint32_t class_options_;
  bool caseless_ = false;
  size_t i_ = 0;
  bool ok_ = true;
};

// The StartPairs of a pattern, when they rule out some pairs; kept per
// pattern and options (flattened states repeat rules).
std::shared_ptr<const StartPairs> FindStartPairs(const std::string& translated, uint32_t options) {
  static std::mutex mutex;
  static std::map<std::pair<std::string, uint32_t>, std::shared_ptr<const StartPairs>> known;
  auto key = std::make_pair(translated, options);
  {
    std::lock_guard<std::mutex> lock(mutex);
    if (auto it = known.find(key); it != known.end()) return it->second;
  }
  Starts starts;
  std::shared_ptr<const StartPairs> pairs;
  if (StartReader(translated, options).Read(&starts) && !starts.empty && !starts.unknown)
    pairs = std::make_shared<const StartPairs>(starts);
  std::lock_guard<std::mutex> lock(mutex);
  return known.emplace(std::move(key), std::move(pairs)).first->second;
}

}  // namespace

// A pattern that is one atom and a final `+` or `*` is a run; one atom
// alone matches one character; an atom then another repeated with `*`
// (`[a-z_][\w$]*`) is a head and a run.
void AnchoredPattern::FindRun(const std::string& translated, uint32_t options) {
  size_t atom = AtomLength(translated);
  if (atom == 0) return;
  std::string_view rest = std::string_view(translated).substr(atom);
  size_t second = AtomLength(rest);
  if (second > 0 && second + 1 == rest.size() && rest.back() == '*') {
    if (!AsciiMembers(std::string_view(translated).substr(0, atom), options, &head_bytes_) ||
        !AsciiMembers(rest.substr(0, second), options, &run_bytes_))
      return;
    run_ = kHeadThenRun;
    return;
  }
  if (atom + 1 < translated.size()) return;
  char repeat = atom < translated.size() ? translated[atom] : '\0';
  if (repeat != '+' && repeat != '*' && repeat != '\0') return;
  if (!AsciiMembers(std::string_view(translated).substr(0, atom), options, &run_bytes_)) return;
  run_ = repeat == '+' ? kOneOrMore : repeat == '*' ? kZeroOrMore : kOne;
}

const PCRE2_SIZE* AnchoredPattern::MatchWithPcre(std::string_view text, size_t pos, pcre2_match_data* md,
                                                 PCRE2_SIZE* ov) const {
  auto subject = reinterpret_cast<PCRE2_SPTR>(text.data());
  int rc = jitted_ ? pcre2_jit_match(code_, subject, text.size(), pos, 0, md, nullptr)
                   : pcre2_match(code_, subject, text.size(), pos, PCRE2_NO_UTF_CHECK, md, nullptr);
  if (rc == PCRE2_ERROR_JIT_STACKLIMIT)  // the JIT's stack is small; the interpreter's is the heap
    rc = pcre2_match(code_, subject, text.size(), pos, PCRE2_NO_UTF_CHECK | PCRE2_NO_JIT, md, nullptr);
  return rc < 0 ? nullptr : ov;
}

bool RuleMatch::Has(int g) const {
  return g >= 0 && static_cast<uint32_t>(g) <= pattern_->groups() && ov_[2 * g] != PCRE2_UNSET;
}

int RuleMatch::GroupNumber(std::string_view name) const {
  std::string zero_terminated(name);
  int n = pcre2_substring_number_from_name(pattern_->code(), reinterpret_cast<PCRE2_SPTR>(zero_terminated.c_str()));
  return n < 0 ? -1 : n;
}

RuleLexer::~RuleLexer() = default;

int RuleLexer::StateIndex(std::string_view name) const {
  for (size_t i = 0; i < names_.size(); ++i)
    if (names_[i] == name) return static_cast<int>(i);
  std::fprintf(stderr, "highlight: unknown lexer state '%.*s'\n", static_cast<int>(name.size()), name.data());
  std::abort();
}

RuleLexer::RuleLexer(std::vector<RuleState> states, unsigned flags, Kind kind) : kind_(kind) {
  for (const RuleState& s : states) names_.push_back(s.name);
  // Expands "@name" includes (recursively) into plain rule lists.
  std::function<void(const RuleState&, std::vector<const Rule*>*)> flatten =
      [&](const RuleState& s, std::vector<const Rule*>* out) {
        for (const Rule& r : s.rules) {
          if (!r.pattern.empty() && r.pattern[0] == '@') flatten(states[StateIndex(r.pattern.substr(1))], out);
          else out->push_back(&r);
        }
      };
  for (const RuleState& s : states) {
    auto compiled = std::make_unique<Compiled>();
    std::vector<const Rule*> rules;
    flatten(s, &rules);
    for (const Rule* r : rules) {
      Compiled::Entry e;
      e.regex = std::make_unique<AnchoredPattern>(r->pattern, flags);
      max_groups_ = std::max(max_groups_, e.regex->groups());
      e.actions = r->actions;
      if (!r->next.empty())
        for (const std::string& n : markdown::SplitOn(r->next, ",")) {
          if (n == "#push") e.ops.push_back(Compiled::kPushSelf);
          else if (n.starts_with("#pop")) e.ops.insert(e.ops.end(), n.size() > 5 ? std::atoi(n.c_str() + 5) : 1, Compiled::kPop);
          else e.ops.push_back(StateIndex(n));
        }
      std::bitset<256> first = FirstBytes(r->pattern, flags);
      for (int b = 0; b < 256; ++b)
        if (first[b]) compiled->candidates[b].push_back(static_cast<uint16_t>(compiled->entries.size()));
      compiled->entries.push_back(std::move(e));
    }
    states_.push_back(std::move(compiled));
  }
}

namespace {

void Apply(const Action& a, std::string_view text, std::vector<Token>* out) {
  if (text.empty()) return;
  if (a.language) LexUnprocessed(a.language, text, out);
  else Emit(out, a.type, text);
}

// The bytes of the UTF-8 character at `pos`: the lead byte and the
// continuation bytes (10xxxxxx) after it, at most as many as it announces.
size_t Utf8CharLength(std::string_view text, size_t pos) {
  auto lead = static_cast<unsigned char>(text[pos]);
  size_t announced = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
  size_t length = 1;
  while (length < announced && pos + length < text.size() &&
         (static_cast<unsigned char>(text[pos + length]) & 0xC0) == 0x80)
    ++length;
  return length;
}

}  // namespace

void RuleLexer::Lex(std::string_view text, std::vector<Token>* out) const { Lex(text, out, {names_[0]}); }

void RuleLexer::Lex(std::string_view text, std::vector<Token>* out, const std::vector<std::string_view>& start) const {
  LexContext ctx;
  ctx.text = text;
  ctx.lexer = this;
  std::vector<int>& stack = ctx.stack;
  for (std::string_view name : start) stack.push_back(StateIndex(name));
  size_t& pos = ctx.pos;
  NextAscii next_ascii(text);
  // This call's own match data: nested lexers (actions with a language) run
  // while the offsets of the current match are still in use.
  std::unique_ptr<pcre2_match_data, void (*)(pcre2_match_data*)> md(
      pcre2_match_data_create(max_groups_ + 1, nullptr), pcre2_match_data_free);
  PCRE2_SIZE* ovector = pcre2_get_ovector_pointer(md.get());
  while (pos < text.size()) {
    const Compiled& state = *states_[stack.back()];
    bool matched = false;
    for (uint16_t index : state.candidates[static_cast<unsigned char>(text[pos])]) {
      const Compiled::Entry& e = state.entries[index];
      if (!e.regex->MayStartAt(text, pos)) continue;
      if (e.regex->required() >= 0 && !next_ascii.OccursFrom(e.regex->required(), pos)) continue;
      const PCRE2_SIZE* ov = e.regex->Match(text, pos, md.get(), ovector);
      if (!ov) continue;
      auto group = [&](size_t g) { return text.substr(ov[2 * g], ov[2 * g + 1] - ov[2 * g]); };
      bool moved = ov[1] > ov[0];
      if (e.actions.size() == 1 && e.actions[0].callback) {
        size_t depth = stack.size();
        e.actions[0].callback(RuleMatch(ov, e.regex.get()), e.actions[0].type, &ctx, out);
        pos = std::min(pos, text.size());  // Pygments' position may pass the end: nothing is left
        moved = pos != ov[0] || stack.size() != depth;
      } else {
        if (e.actions.size() == 1) {
          Apply(e.actions[0], group(0), out);
        } else {
          for (size_t g = 0; g < e.actions.size() && g < e.regex->groups(); ++g)
            if (ov[2 * g + 2] != PCRE2_UNSET) Apply(e.actions[g], group(g + 1), out);
        }
        pos = ov[1];
      }
      for (int op : e.ops) {
        if (op == Compiled::kPushSelf) stack.push_back(stack.back());
        else if (op == Compiled::kPop) {
          if (stack.size() > 1) stack.pop_back();
        } else {
          stack.push_back(op);
        }
      }
      // An empty match that changes no state would loop: count it as none.
      matched = moved || !e.ops.empty();
      break;
    }
    if (matched) continue;
    if (text[pos] == '\n') {
      stack.assign(1, 0);
      Emit(out, kind_ == kExtendedRegexLexer ? TokenType::kText : TokenType::kTextWhitespace, "\n");
      ++pos;
    } else {
      size_t length = Utf8CharLength(text, pos);
      Emit(out, TokenType::kError, text.substr(pos, length));
      pos += length;
    }
  }
}

// Merges `tokens` (of the text without the inserted parts) with `insertions`
// (offset in that text, tokens to put there), cutting a token where an
// insertion falls inside it, as Pygments' do_insertions.
void DoInsertions(const std::vector<Token>& tokens, const std::vector<Insertion>& insertions,
                  std::vector<Token>* out) {
  size_t at = 0, next = 0;
  for (const Token& t : tokens) {
    size_t begin = 0;
    while (next < insertions.size() && insertions[next].offset <= at + t.text.size()) {
      size_t cut = insertions[next].offset - at;
      Emit(out, t.type, std::string_view(t.text).substr(begin, cut - begin));
      for (const Token& i : insertions[next].tokens) Emit(out, i.type, i.text);
      begin = cut;
      ++next;
    }
    Emit(out, t.type, std::string_view(t.text).substr(begin));
    at += t.text.size();
  }
  for (; next < insertions.size(); ++next)
    for (const Token& i : insertions[next].tokens) Emit(out, i.type, i.text);
}

std::pair<char32_t, size_t> Utf8At(std::string_view text, size_t pos) {
  auto byte = [&](size_t i) { return static_cast<unsigned char>(text[i]); };
  unsigned char lead = byte(pos);
  size_t length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
  if (length == 1 || pos + length > text.size()) return {lead, 1};
  char32_t cp = lead & (0x7F >> length);
  for (size_t i = 1; i < length; ++i) {
    if ((byte(pos + i) & 0xC0) != 0x80) return {lead, 1};
    cp = (cp << 6) | (byte(pos + i) & 0x3F);
  }
  return {cp, length};
}

void LexUnprocessed(std::string_view alias, std::string_view text, std::vector<Token>* out) {
  const Language* lang = FindLanguage(alias);
  if (lang && lang->lex) lang->lex(text, out);
  else if (lang && lang->ksh) LexWithKsh(*lang->ksh, text, out);
  else Emit(out, TokenType::kText, text);
}

}  // namespace stacks::highlight
