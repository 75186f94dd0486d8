// The `inline` treeprocessor, a port of Python-Markdown's
// treeprocessors.InlineProcessor.
//
// How it works: every non-atomic text and tail of the tree is run through the
// inline patterns in priority order. A match is replaced by a placeholder
// (STX "klzzwxh:NNNN" ETX) and the element or string it produced is kept in a
// stash; a new element's own text is itself run through the patterns after
// the one that made it. Finally the placeholders are expanded: text between
// them becomes the text/tails of the surrounding nodes, stashed elements are
// inserted into the tree and queued so their children get the same treatment.
#include <algorithm>
#include <atomic>
#include <cstdio>
#include <cstring>
#include <iterator>

#include "markdown/inline_processors.h"

namespace stacks::markdown {

namespace {

// Python: "%04d" % n, appended to `out` (digits written right to left).
void AppendPaddedId(std::string& out, size_t n) {
  char buf[24];
  size_t len = 0;
  do {
    buf[sizeof buf - 1 - len++] = static_cast<char>('0' + n % 10);
    n /= 10;
  } while (n > 0);
  while (len < 4) buf[sizeof buf - 1 - len++] = '0';
  out.append(buf + sizeof buf - len, len);
}

// The placeholder at `index` of `s` (which starts with its prefix): the
// end of its digits and closing ETX, or npos when the digits are not
// followed by ETX.
size_t PlaceholderEnd(std::string_view s, size_t index, std::string_view& digits) {
  size_t begin = index + kInlinePlaceholderPrefix.size();
  size_t end = begin;
  while (end < s.size() && s[end] >= '0' && s[end] <= '9') ++end;
  if (end == begin || end >= s.size() || s[end] != kEtx) return std::string_view::npos;
  digits = s.substr(begin, end - begin);
  return end + 1;
}

bool HasText(const std::optional<std::string>& s) { return s && !s->empty(); }
bool HasNonBlankText(const std::optional<std::string>& s) { return s && !IsBlank(*s); }

// The text HandleInline is working on, and the id of its current state
// (see StableTextId). A nested HandleInline saves and restores them.
struct StableText {
  const std::string* text = nullptr;  // the text, or null while `view` is used
  std::string_view view;              // the live part of a SplitText
  uint64_t id = 0;
};
thread_local StableText current_text;
// Shared by all threads, so that an id is never given out twice (a pattern
// object used from several threads in turn can trust its remembered id).
std::atomic<uint64_t> last_text_id{0};

class StableTextScope {
 public:
  explicit StableTextScope(const std::string& text) : saved_(current_text) {
    current_text = {&text, {}, ++last_text_id};
  }
  ~StableTextScope() { current_text = saved_; }
  StableTextScope(const StableTextScope&) = delete;
  StableTextScope& operator=(const StableTextScope&) = delete;

 private:
  StableText saved_;
};

// The text being processed was just rewritten: scans of it are stale.
void CurrentTextChanged() { current_text.id = ++last_text_id; }

// The bytes every match of a core InlineProcessor's regex starts with (its
// first consumed character), or "" when not known (then nothing is skipped).
std::string_view MatchStartChars(const InlinePattern& pattern) {
  if (pattern.legacy()) return {};
  const std::string& re = pattern.regex().pattern();
  if (re == kBacktickRe) return "`\\";
  if (re == kEscapeRe) return "\\";
  if (re == kLinkRe) return "[";
  if (re == kImageLinkRe) return "!";
  if (re == kAutolinkRe || re == kAutomailRe || re == kHtmlRe) return "<";
  if (re == kEntityRe) return "&";
  if (re == kLineBreakRe) return " ";
  if (re == R"(\*)") return "*";
  if (re == "_") return "_";
  return {};
}

// Where to search again after a match at `start` was replaced by a
// placeholder. Python searches from 0, but a match can only begin at one of
// the pattern's start characters, and the text before `start` is unchanged:
// the search may begin at the first such character before `start` (or at
// `start`). `clean` (a prefix already known to hold none) keeps the scanning
// linear overall.
size_t ResumeAfterReplacement(std::string_view chars, std::string_view data, size_t start,
                              size_t& clean) {
  if (chars.empty()) {
    clean = 0;
    return 0;
  }
  clean = std::min(clean, start);
  size_t first = data.substr(0, start).find_first_of(chars, clean);
  clean = first == std::string_view::npos ? start : first;
  return clean;
}

// Bytes that every match of the pattern contains at least one of, or ""
// when not known (then the pattern is always tried). A text holding none of
// them cannot match, so the pattern is skipped without a search.
std::string_view RequiredChars(const InlinePattern& pattern) {
  if (pattern.legacy()) {
    auto* single_pass = dynamic_cast<const SinglePassLegacyPattern*>(&pattern);
    if (single_pass && single_pass->bare_regex().pattern() == kEmojiShortCodeRe)
      return ":";
    return {};
  }
  const std::string& re = pattern.regex().pattern();
  if (re == kBacktickRe) return "`";
  if (re == kNotStrongRe) return "*_";
  if (re == kLineBreakRe) return "\n";
  if (re == R"(\[\^([^\]]*)\])") return "[";  // footnote reference
  return MatchStartChars(pattern);
}

// Whether byte `c` is ASCII but not whitespace in Python's sense (\s also
// takes \x1c-\x1f); such a byte can be neither side of not_strong.
bool AsciiNonSpace(char c) {
  auto u = static_cast<unsigned char>(c);
  return u < 0x80 && u != ' ' && !(u >= '\t' && u <= '\r') && !(u >= 0x1c && u <= 0x1f);
}

// Whether `s` may hold a GitHub emoji short code, `:` [+-]? [_0-9a-zA-Z]* `:`
// (the emoji pattern's shape): a text without one is not searched.
bool MayHoldEmojiCode(std::string_view s) {
  auto is_word = [](char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
  };
  for (size_t i = s.find(':'); i != std::string_view::npos; i = s.find(':', i + 1)) {
    size_t j = i + 1;
    if (j < s.size() && (s[j] == '+' || s[j] == '-')) ++j;
    while (j < s.size() && is_word(s[j])) ++j;
    if (j < s.size() && s[j] == ':') return true;
  }
  return false;
}

// Whether `s` holds a hard line break, two spaces before a newline.
bool HasHardBreak(std::string_view s) {
  for (size_t i = s.find('\n'); i != std::string_view::npos; i = s.find('\n', i + 1))
    if (i >= 2 && s[i - 1] == ' ' && s[i - 2] == ' ') return true;
  return false;
}

// A cheap exact test that a text holds no match of the pattern (so it is
// skipped), for the patterns that have one; null otherwise.
using TextFilter = bool (*)(std::string_view);
TextFilter MayMatchFilter(const InlinePattern& pattern) {
  if (pattern.legacy()) {
    auto* single_pass = dynamic_cast<const SinglePassLegacyPattern*>(&pattern);
    if (single_pass && single_pass->bare_regex().pattern() == kEmojiShortCodeRe)
      return MayHoldEmojiCode;
    return nullptr;
  }
  if (pattern.regex().pattern() == kLineBreakRe) return HasHardBreak;
  return nullptr;
}

// Search for not_strong, `((^|\s)(\*|_)(\s|$))`, whose matches start at 0
// or one code point before a '*' or '_' (PCRE2 would try every position):
// the regex anchored at each such place from `pos` on, leftmost first.
// A marker with an ASCII non-space byte on either side is passed over
// without running the regex.
std::optional<Match> SearchNotStrong(const Regex& re, std::string_view data, size_t pos) {
  static constexpr ByteSet kStars("*_");
  for (size_t i = kStars.FindIn(data, pos); i != std::string_view::npos; i = kStars.FindIn(data, i + 1)) {
    if ((i + 1 < data.size() && AsciiNonSpace(data[i + 1])) || (i > 0 && AsciiNonSpace(data[i - 1])))
      continue;
    size_t start = i;
    if (start > 0) {
      --start;
      while (start > 0 && (static_cast<unsigned char>(data[start]) & 0xC0) == 0x80) --start;
    }
    if (start < pos) continue;
    if (auto m = re.MatchAt(data, start)) return m;
  }
  return std::nullopt;
}

// Which of the bytes the patterns require a text holds, found out per byte
// on first question (memchr) instead of by a pass over the whole text. Each
// such byte stands for one bit (see InlineTreeprocessor::byte_bits_), so a
// pattern's question is one mask test once its bytes are known.
// Replacements only bring in placeholder bytes, which the caller marks with
// Add; a byte found absent earlier therefore stays absent.
// A short text is instead read once through at the first question (a
// memchr per byte costs more than that pass there).
class LazyByteSet {
 public:
  LazyByteSet(const std::string& text, const char* bit_bytes, const uint64_t* byte_bits)
      : text_(text), bit_bytes_(bit_bytes), byte_bits_(byte_bits) {}
  bool HasAny(uint64_t bits) {
    if (bits & present_) return true;
    uint64_t unknown = bits & ~absent_;
    if (unknown != 0 && text_.size() <= kShortText) {
      ReadWhole();
      return (bits & present_) != 0;
    }
    for (; unknown != 0; unknown &= unknown - 1) {
      int bit = __builtin_ctzll(unknown);
      if (text_.find(bit_bytes_[bit]) != std::string::npos) {
        present_ |= uint64_t{1} << bit;
        return true;
      }
      absent_ |= uint64_t{1} << bit;
    }
    return false;
  }
  void Add(uint64_t bits) {
    present_ |= bits;
    absent_ &= ~bits;
  }

 private:
  static constexpr size_t kShortText = 160;
  // Every bit known: present when some byte of the text has it.
  // Four bytes a step, into four masks, to halve the loop's overhead.
  void ReadWhole() {
    const auto* p = reinterpret_cast<const unsigned char*>(text_.data());
    size_t n = text_.size(), i = 0;
    uint64_t a = 0, b = 0, c = 0, d = 0;
    for (; i + 4 <= n; i += 4) {
      a |= byte_bits_[p[i]];
      b |= byte_bits_[p[i + 1]];
      c |= byte_bits_[p[i + 2]];
      d |= byte_bits_[p[i + 3]];
    }
    for (; i < n; ++i) a |= byte_bits_[p[i]];
    uint64_t seen = a | b | c | d;
    present_ |= seen;
    absent_ = ~present_;
  }
  const std::string& text_;
  const char* bit_bytes_;
  const uint64_t* byte_bits_;
  uint64_t present_ = 0, absent_ = 0;
};

// Every byte an inline placeholder can contain.
constexpr std::string_view kPlaceholderBytes = "\x02klzzwxh:0123456789\x03";

// One pattern's pass over a text, kept in two parts so that replacing a
// match costs time near the match only: `done_` is the prefix no later
// match can reach (the search resumes at or after it); the live rest sits
// in `buf_` from `lo_` on, with free room before it. A replacement moves the
// few live bytes before the match (not the whole rest) to open or close the
// gap. The subject handed to searches is the live rest preceded by up to
// two code points of `done_` (`ctx_` bytes) that lookbehinds may read.
class SplitText {
 public:
  explicit SplitText(std::string text) : buf_(std::move(text)) {}

  std::string_view Subject() const { return std::string_view(buf_).substr(lo_ - ctx_); }
  /// Subject offset of the first live byte.
  size_t ContextSize() const { return ctx_; }

  /// Replaces subject bytes [start, end) (start >= ContextSize()) with `with`.
  void Replace(size_t start, size_t end, std::string_view with) {
    size_t base = lo_ - ctx_;
    size_t grow = with.size() > end - start ? with.size() - (end - start) : 0;
    if (grow > base) {
      MakeRoom(grow);
      base = lo_ - ctx_;
    }
    size_t new_base = base + (end - start) - with.size();
    std::memmove(&buf_[new_base], &buf_[base], start);
    std::memcpy(&buf_[new_base + start], with.data(), with.size());
    lo_ = new_base + ctx_;
  }

  /// Subject bytes before `keep` (>= ContextSize()) are final; returns how
  /// far subject offsets moved (subtract it from offsets kept by the caller).
  size_t Freeze(size_t keep) {
    size_t base = lo_ - ctx_;
    // Room for about the whole text at once (placeholders are short), not
    // a doubling per append.
    size_t rest = buf_.size() - lo_;
    if (done_.capacity() < done_.size() + rest) done_.reserve(done_.size() + rest + 64);
    done_.append(buf_, lo_, base + keep - lo_);
    lo_ = base + keep;
    size_t ctx = std::min({size_t{8}, done_.size(), keep});
    while (ctx > 0 && (static_cast<unsigned char>(buf_[lo_ - ctx]) & 0xC0) == 0x80) --ctx;
    ctx_ = ctx;
    return keep - ctx_;
  }

  std::string Take() && {
    if (done_.empty()) {  // nothing frozen (no replacement): no copy of the text
      buf_.erase(0, lo_);
      return std::move(buf_);
    }
    done_.append(buf_, lo_, std::string::npos);
    return std::move(done_);
  }

 private:
  // Copies the subject into a new buffer with free room in front: at least
  // `grow` bytes, and as much as the subject so copies stay rare.
  void MakeRoom(size_t grow) {
    std::string_view subject = Subject();
    size_t room = std::max({grow, subject.size(), size_t{256}});
    std::string fresh(room, '\0');
    fresh.append(subject);
    buf_ = std::move(fresh);
    lo_ = room + ctx_;
  }

  std::string done_;
  std::string buf_;
  size_t lo_ = 0;
  size_t ctx_ = 0;
};

}  // namespace

uint64_t StableTextId(std::string_view data) {
  std::string_view text = current_text.text ? std::string_view(*current_text.text) : current_text.view;
  if (text.data() == nullptr || data.data() != text.data() || data.size() != text.size()) return 0;
  return current_text.id;
}

InlineTreeprocessor::InlineTreeprocessor(Markdown* md, Registry<InlinePattern>* patterns)
    : Treeprocessor(md), patterns_(patterns ? patterns : &md->inline_patterns) {}

const InlineTreeprocessor::Stashed* InlineTreeprocessor::FindStashed(std::string_view id) const {
  if (id.empty() || id.size() > 12) return nullptr;
  size_t n = 0;
  for (char c : id) {
    if (c < '0' || c > '9') return nullptr;
    n = n * 10 + static_cast<size_t>(c - '0');
  }
  if (n >= stash_.size()) return nullptr;
  // Only the canonical spelling ("%04d") names the node.
  if (id.size() > 4 && id[0] == '0') return nullptr;
  if (id.size() < 4) return nullptr;
  return &stash_[n];
}

std::string InlineTreeprocessor::StashNode(Stashed node) {
  // Up to id 9999 the placeholder (14 bytes) fits the string's own buffer.
  std::string placeholder(kInlinePlaceholderPrefix);
  AppendPaddedId(placeholder, stash_.size());
  placeholder.push_back(kEtx);
  stash_.push_back(std::move(node));
  return placeholder;
}

// Python `__handleInline`: applies the patterns from `pattern_index` on; a
// pattern that matched is tried again (from where it asked) until it fails.
InlineTreeprocessor::Text InlineTreeprocessor::HandleInline(Text data, size_t pattern_index) {
  if (data.atomic) return data;
  StableTextScope stable(data.s);
  size_t start_index = 0, clean = 0;
  LazyByteSet present(data.s, bit_bytes_, byte_bits_);
  while (pattern_index < items_.size()) {
    uint64_t required = required_bits_[pattern_index];
    if (required != 0 && !present.HasAny(required)) {
      ++pattern_index;
      start_index = clean = 0;
      continue;
    }
    TextFilter may_match = may_match_[pattern_index];
    if (may_match && start_index == 0 && !may_match(data.s)) {
      ++pattern_index;
      clean = 0;
      continue;
    }
    InlinePattern* pattern = items_[pattern_index];
    std::string_view start_chars = start_chars_[pattern_index];
    if (!start_chars.empty() && start_index == 0) {
      if (ApplyEverywhere(pattern, data.s, pattern_index, start_chars))
        present.Add(placeholder_bits_);
      ++pattern_index;
      continue;
    }
    bool matched = ApplyPattern(pattern, data.s, pattern_index, start_index, clean);
    if (matched) {
      present.Add(placeholder_bits_);
    } else {
      ++pattern_index;
      start_index = 0;
      clean = 0;
    }
  }
  return data;
}

// Gives each byte some pattern requires (RequiredChars) a bit, and each
// pattern the mask of its bytes. A pattern with a byte left without a bit
// (past 64 distinct bytes) gets no mask: it is always tried.
void InlineTreeprocessor::AssignRequiredBits() {
  std::fill(std::begin(byte_bits_), std::end(byte_bits_), 0);
  int used = 0;
  required_bits_.clear();
  for (InlinePattern* pattern : items_) {
    uint64_t mask = 0;
    bool complete = true;
    for (char c : RequiredChars(*pattern)) {
      uint64_t& bit = byte_bits_[static_cast<unsigned char>(c)];
      if (bit == 0 && used < 64) {
        bit_bytes_[used] = c;
        bit = uint64_t{1} << used++;
      }
      if (bit == 0) complete = false;
      mask |= bit;
    }
    required_bits_.push_back(complete ? mask : 0);
  }
  placeholder_bits_ = 0;
  for (char c : kPlaceholderBytes) placeholder_bits_ |= byte_bits_[static_cast<unsigned char>(c)];
}

bool InlineTreeprocessor::Excluded(const InlinePattern& pattern) const {
  for (const std::string& exclude : pattern.ancestor_excludes) {
    std::string lower = PyLower(exclude);
    for (const std::string& a : ancestors_)
      if (a == lower) return true;
  }
  return false;
}

// Python's `finditer` loop: the first match from `pos` the pattern accepts.
InlineResult InlineTreeprocessor::SearchNewStyle(InlinePattern& pattern, std::string_view data,
                                                 size_t pos, bool not_strong) {
  while (pos <= data.size()) {
    auto m = not_strong ? SearchNotStrong(pattern.regex(), data, pos) : pattern.Search(data, pos);
    if (!m) break;
    InlineResult result = pattern.HandleMatch(*m, data);
    if (result.kind != InlineResult::Kind::kNoMatch) return result;
    pos = m->End();
    if (m->End() == m->Start()) {
      ++pos;
      while (pos < data.size() && (static_cast<unsigned char>(data[pos]) & 0xC0) == 0x80) ++pos;
    }
  }
  return InlineResult::NoMatch();
}

// Python `__applyPattern`. A new-style pattern is searched from
// `start_index` and may reject matches (then the search goes on); a legacy
// pattern is matched against the text from `start_index`, its first and last
// groups being the text kept around the placeholder. Returns whether the
// pattern matched; `start_index` is where to apply it again.
bool InlineTreeprocessor::ApplyPattern(InlinePattern* pattern, std::string& data,
                                       size_t pattern_index, size_t& start_index,
                                       size_t& clean) {
  if (Excluded(*pattern)) {
    start_index = 0;
    return false;
  }
  InlineResult result;
  std::string before, after;  // a legacy pattern's text around the placeholder
  if (!pattern->legacy()) {
    result = SearchNewStyle(*pattern, data, start_index, not_strong_[pattern_index]);
    if (result.kind == InlineResult::Kind::kNoMatch) {
      start_index = 0;
      return false;
    }
  } else if (auto* single_pass = dynamic_cast<SinglePassLegacyPattern*>(pattern)) {
    clean = 0;
    bool matched = ApplyInOnePass(single_pass, data, pattern_index, start_index);
    start_index = 0;
    return matched;
  } else {
    std::string_view rest = std::string_view(data).substr(std::min(start_index, data.size()));
    // The wrapped pattern starts with `^`, so a search is a match (and keeps the JIT).
    auto m = pattern->regex().Search(rest);
    if (!m) {
      start_index = 0;
      return false;
    }
    result = pattern->HandleMatch(*m, rest);
    if (result.kind == InlineResult::Kind::kNoMatch) result.kind = InlineResult::Kind::kNone;
    result.end = m->End();  // relative to `rest`, as in Python
    before = data.substr(0, std::min(start_index, data.size()));
    before += m->Group(1);
    after = m->Group(m->GroupCount());
  }

  if (result.kind == InlineResult::Kind::kNone) {
    start_index = result.end;
    return true;
  }
  size_t start = result.start, end = result.end;
  std::string placeholder = StashResult(std::move(result), pattern_index);
  CurrentTextChanged();
  if (pattern->legacy()) {
    data = before + placeholder + after;
    clean = 0;
    start_index = 0;
  } else {
    data.replace(start, end - start, placeholder);
    start_index = ResumeAfterReplacement(start_chars_[pattern_index], data, start, clean);
  }
  return true;
}

// ApplyPattern applied again and again until the pattern no longer matches,
// for a new-style pattern whose matches begin with one of `start_chars`:
// the same searches and replacements, but on a SplitText, since after a
// replacement the search resumes near it (see ResumeAfterReplacement) and
// never looks further back than a lookbehind. Returns whether anything was
// replaced.
bool InlineTreeprocessor::ApplyEverywhere(InlinePattern* pattern, std::string& data,
                                          size_t pattern_index, std::string_view start_chars) {
  if (Excluded(*pattern)) return false;
  SplitText text(std::move(data));
  const ByteSet starts(start_chars);
  const StableText saved = current_text;
  size_t start_index = 0, clean = 0;
  bool replaced = false;
  while (true) {
    std::string_view subject = text.Subject();
    current_text.text = nullptr;
    current_text.view = subject;
    InlineResult result = SearchNewStyle(*pattern, subject, start_index, not_strong_[pattern_index]);
    if (result.kind == InlineResult::Kind::kNoMatch) break;
    if (result.kind == InlineResult::Kind::kNone) {
      start_index = result.end;
      continue;
    }
    size_t start = result.start, end = result.end;
    std::string placeholder = StashResult(std::move(result), pattern_index);
    text.Replace(start, end, placeholder);
    subject = text.Subject();
    clean = std::max(std::min(clean, start), text.ContextSize());
    size_t first = starts.FindIn(subject.substr(0, start), clean);
    size_t resume = first == std::string_view::npos ? start : first;
    size_t shift = text.Freeze(resume);
    start_index = clean = resume - shift;
    CurrentTextChanged();
    replaced = true;
  }
  data = std::move(text).Take();
  current_text = saved;
  if (replaced) CurrentTextChanged();
  return replaced;
}

// Stashes the element or text a pattern produced; returns its placeholder.
std::string InlineTreeprocessor::StashResult(InlineResult result, size_t pattern_index) {
  Stashed node;
  if (result.kind == InlineResult::Kind::kElement) {
    node.element = result.element.get();
    node.owned = std::move(result.element);
    ProcessNewNode(node.element, pattern_index);
  } else {
    node.text = std::move(result.text);
  }
  return StashNode(std::move(node));
}

// Applies a SinglePassLegacyPattern: the bare pattern is searched from
// `start_index` to the end of the text, each match being replaced by its
// placeholder and the search going on right after the match. Python reaches
// the same text by matching again from the start after every replacement
// (quadratic time). A result that is neither an element nor a text keeps
// the matched text. Returns whether anything was replaced.
bool InlineTreeprocessor::ApplyInOnePass(SinglePassLegacyPattern* pattern, std::string& data,
                                         size_t pattern_index, size_t start_index) {
  size_t pos = std::min(start_index, data.size());
  std::string out = data.substr(0, pos);
  bool replaced = false;
  while (pos <= data.size()) {
    auto m = pattern->SearchBare(data, pos);
    if (!m) break;
    InlineResult result = pattern->HandleBareMatch(*m);
    out.append(data, pos, m->Start() - pos);
    if (result.kind == InlineResult::Kind::kElement || result.kind == InlineResult::Kind::kText) {
      out += StashResult(std::move(result), pattern_index);
      replaced = true;
    } else {
      out += m->Group(0);
    }
    pos = m->End();
    if (m->End() == m->Start()) {  // an empty match: step over one character
      if (pos == data.size()) break;
      out.push_back(data[pos++]);
    }
  }
  if (!replaced) return false;
  out.append(data, std::min(pos, data.size()));
  data = std::move(out);
  CurrentTextChanged();
  return true;
}

// A freshly made element: its text (and its children's) goes through the
// patterns after the one that made it, tails through that pattern again.
void InlineTreeprocessor::ProcessNewNode(Element* node, size_t pattern_index) {
  if (node->text_atomic) return;
  // Handling texts never changes the list of children.
  ProcessNewNodeTexts(node, pattern_index);
  for (auto& child : node->children) ProcessNewNodeTexts(child.get(), pattern_index);
}

void InlineTreeprocessor::ProcessNewNodeTexts(Element* child, size_t pattern_index) {
  if (HasText(child->text)) {
    if (track_ancestors_) ancestors_.push_back(PyLower(child->tag));
    child->text = HandleInline({std::move(*child->text), child->text_atomic}, pattern_index + 1).s;
    if (track_ancestors_) ancestors_.pop_back();
  }
  if (HasText(child->tail))
    child->tail = HandleInline({std::move(*child->tail), child->tail_atomic}, pattern_index).s;
}

// Hands out a stashed element for insertion into the tree. A node whose
// placeholder shows up a second time is copied (Python would insert the same
// object twice).
ElementPtr InlineTreeprocessor::TakeStashed(size_t index) {
  Stashed& s = stash_[index];
  if (s.owned) return std::move(s.owned);
  return s.element->Clone();
}

// Python `__processElementText`: expands the placeholders in the text (or
// tail) of `subnode`, inserting the elements into `node`.
void InlineTreeprocessor::ProcessElementText(Element* node, Element* subnode, bool is_text) {
  Text text;
  if (is_text) {
    text = {std::move(*subnode->text), subnode->text_atomic};
    subnode->text.reset();
    subnode->text_atomic = false;
  } else {
    text = {std::move(*subnode->tail), subnode->tail_atomic};
    subnode->tail.reset();
    subnode->tail_atomic = false;
  }
  std::vector<Placed> children = ProcessPlaceholders(std::move(text), subnode, is_text);
  size_t pos = (!is_text && node != subnode) ? node->IndexOf(subnode) + 1 : 0;
  for (Placed& p : children) node->Insert(pos++, std::move(p.node));
}

// Python `__processPlaceholders`: turns text with placeholders into a list of
// elements; the text between them goes to the tail of the previous element,
// or to `parent`'s text (or tail, when `is_text` is false).
std::vector<InlineTreeprocessor::Placed> InlineTreeprocessor::ProcessPlaceholders(
    Text data, Element* parent, bool is_text) {
  std::vector<Placed> result;
  auto link_text = [&](std::string_view text, bool atomic) {
    if (text.empty()) return;
    std::optional<std::string>* target;
    bool* target_atomic;
    if (!result.empty()) {
      target = &result.back().node->tail;
      target_atomic = &result.back().node->tail_atomic;
    } else if (!is_text) {
      target = &parent->tail;
      target_atomic = &parent->tail_atomic;
    } else {
      target = &parent->text;
      target_atomic = &parent->text_atomic;
    }
    if (HasText(*target)) {
      **target += text;
      *target_atomic = false;
    } else {
      *target = std::string(text);
      *target_atomic = atomic;
    }
  };

  const std::string& s = data.s;
  // Without placeholders the text goes back whole: moved, not copied.
  if (s.find(kInlinePlaceholderPrefix) == std::string::npos) {
    if (s.empty()) return result;
    std::optional<std::string>& target = is_text ? parent->text : parent->tail;
    bool& target_atomic = is_text ? parent->text_atomic : parent->tail_atomic;
    if (HasText(target)) {
      *target += s;
      target_atomic = false;
    } else {
      target = std::move(data.s);
      target_atomic = data.atomic;
    }
    return result;
  }
  result.reserve(2);  // a placeholder is there: most texts hold one or two
  size_t start = 0;
  while (true) {
    size_t index = s.find(kInlinePlaceholderPrefix, start);
    if (index == std::string::npos) {
      link_text(std::string_view(s).substr(std::min(start, s.size())), data.atomic);
      break;
    }
    std::string_view digits;
    size_t ph_end = PlaceholderEnd(s, index, digits);
    if (ph_end == std::string_view::npos) {
      // Malformed here: Python's search goes on to the next placeholder.
      static const Regex kPlaceholderRe("\x02klzzwxh:([0-9]+)\x03");
      if (auto m = kPlaceholderRe.Search(s, index)) {
        digits = m->Group(1);
        ph_end = m->End();
      }
    }
    const Stashed* found = ph_end != std::string_view::npos ? FindStashed(digits) : nullptr;
    if (!found) {
      size_t end = index + kInlinePlaceholderPrefix.size();
      link_text(std::string_view(s).substr(start, end - start), false);
      start = end;
      continue;
    }
    size_t stash_index = found - stash_.data();
    if (index > 0) link_text(std::string_view(s).substr(start, index - start), false);
    if (!found->element) {
      link_text(found->text, false);
      start = ph_end;
      continue;
    }
    Element* node = found->element;
    ExpandNodeTexts(node);
    start = ph_end;
    result.push_back({TakeStashed(stash_index), track_ancestors_ ? ancestors_ : std::vector<std::string>{}});
  }
  return result;
}

// The placeholders in the texts and tails of a stashed node and of its
// children (as they were before the expansion inserts new ones) expanded.
void InlineTreeprocessor::ExpandNodeTexts(Element* node) {
  auto expand = [&](Element* child) {
    if (HasNonBlankText(child->tail)) ProcessElementText(node, child, false);
    if (HasNonBlankText(child->text)) ProcessElementText(child, child, true);
  };
  if (node->children.empty()) {  // the common case: no list to copy
    expand(node);
    return;
  }
  std::vector<Element*> nodes{node};
  for (auto& child : node->children) nodes.push_back(child.get());
  for (Element* child : nodes) expand(child);
}

void InlineTreeprocessor::BuildAncestors(Element* parent,
                                         std::vector<std::string>& parents) const {
  std::vector<std::string> chain;
  while (parent) {
    chain.push_back(PyLower(parent->tag));
    auto it = parent_map_.find(parent);
    parent = it == parent_map_.end() ? nullptr : it->second;
  }
  parents.insert(parents.end(), chain.rbegin(), chain.rend());
}

// Python `InlineProcessor.run`: a depth-first walk with an explicit stack.
// New elements from a text are inserted after the walk over their parent's
// children; those from a tail are inserted right away, next to the element,
// so the walk visits them too (as Python's index-based iteration does).
ElementPtr InlineTreeprocessor::Run(Element* tree, std::vector<std::string> ancestors) {
  stash_.clear();
  items_ = patterns_->Items();
  AssignRequiredBits();
  may_match_.clear();
  for (InlinePattern* pattern : items_) may_match_.push_back(MayMatchFilter(*pattern));
  start_chars_.clear();
  not_strong_.clear();
  for (InlinePattern* pattern : items_) {
    start_chars_.push_back(MatchStartChars(*pattern));
    not_strong_.push_back(!pattern->legacy() && pattern->regex().pattern() == kNotStrongRe);
  }
  // Ancestors matter only to patterns with ANCESTOR_EXCLUDES; without one,
  // neither the parent map nor the ancestor lists are kept.
  track_ancestors_ = std::any_of(items_.begin(), items_.end(),
                                 [](const InlinePattern* p) { return !p->ancestor_excludes.empty(); });
  parent_map_.clear();
  if (track_ancestors_)
    tree->Walk([&](Element* p) {
      for (auto& c : p->children) parent_map_[c.get()] = p;
    });

  std::vector<std::pair<Element*, std::vector<std::string>>> stack;
  stack.emplace_back(tree, std::move(ancestors));
  // The new elements of each text, inserted after the walk over the
  // element's children (one list for the whole run, so it keeps its room).
  std::vector<std::pair<Element*, std::vector<Placed>>> insert_queue;
  while (!stack.empty()) {
    auto [current, parents] = std::move(stack.back());
    stack.pop_back();
    ancestors_ = std::move(parents);
    if (track_ancestors_) BuildAncestors(current, ancestors_);

    insert_queue.clear();
    for (size_t i = 0; i < current->children.size(); ++i) {
      Element* child = current->children[i].get();
      if (HasText(child->text) && !child->text_atomic) {
        if (track_ancestors_) ancestors_.push_back(PyLower(child->tag));
        Text text{std::move(*child->text), false};
        child->text.reset();
        std::vector<Placed> lst = ProcessPlaceholders(HandleInline(std::move(text)), child, true);
        for (Placed& item : lst) {
          if (track_ancestors_) parent_map_[item.node.get()] = child;
          stack.emplace_back(item.node.get(), item.ancestors);
        }
        insert_queue.emplace_back(child, std::move(lst));
        if (track_ancestors_) ancestors_.pop_back();
      }
      if (HasText(child->tail)) {
        Text tail = HandleInline({std::move(*child->tail), child->tail_atomic});
        Element dummy("d");
        child->tail.reset();
        child->tail_atomic = false;
        std::vector<Placed> tail_result = ProcessPlaceholders(std::move(tail), &dummy, false);
        if (HasText(dummy.tail)) {
          child->tail = std::move(dummy.tail);
          child->tail_atomic = dummy.tail_atomic;
        }
        size_t pos = i + 1;
        for (Placed& item : tail_result) {
          if (track_ancestors_) parent_map_[item.node.get()] = current;
          current->Insert(pos++, std::move(item.node));
        }
      }
      if (!child->empty()) {
        if (track_ancestors_) parent_map_[child] = current;
        stack.emplace_back(child, ancestors_);
      }
    }
    for (auto& [element, lst] : insert_queue)
      for (size_t i = 0; i < lst.size(); ++i) element->Insert(i, std::move(lst[i].node));
  }
  return nullptr;
}

std::unique_ptr<Treeprocessor> MakeInlineTreeprocessor(Markdown& md) {
  return std::make_unique<InlineTreeprocessor>(&md);
}

}  // namespace stacks::markdown
