#define PCRE2_CODE_UNIT_WIDTH 8
#include "markdown/regex.h"

#include <pcre2.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <mutex>

namespace stacks::markdown {

// `code` searches; `anchored` is the same pattern compiled with
// PCRE2_ANCHORED for MatchAt/FullMatch, made on first use. (Anchoring at
// match time would bypass the JIT, which only knows compile-time options.)
struct Regex::Impl {
  pcre2_code* code = nullptr;
  pcre2_code* anchored = nullptr;
  bool code_jitted = false;      // `code` has JIT machine code
  bool anchored_jitted = false;  // `anchored` has JIT machine code
  std::once_flag anchored_once;
  std::string translated;
  uint32_t options = 0;
  uint32_t capture_count = 0;
  // The pattern starts with `(^|\n)` or `(?:^|\n)` (not multiline): a match
  // can only start at 0 or at a newline, which PCRE2's own start-up scan
  // does not know, so Search tries just those places (see SearchLineStarts).
  bool starts_at_line_break = false;
};

namespace {

// Python and PCRE2 agree on almost all syntax. The differences that matter
// for our patterns: `\Z` (Python: very end) is PCRE2's `\z`, and Python's
// `\s` also matches the separators U+001C..U+001F, which PCRE2's Unicode
// `\s` does not. The scan tracks whether it is inside a character class,
// since `\s` there must widen the class instead of becoming a new one.
std::string TranslatePattern(std::string_view p) {
  constexpr std::string_view kSeparators = "\\x1c-\\x1f";
  std::string out;
  out.reserve(p.size() + 16);
  bool in_class = false;
  for (size_t i = 0; i < p.size(); ++i) {
    char c = p[i];
    if (c == '\\' && i + 1 < p.size()) {
      char next = p[++i];
      if (next == 'Z') {
        out += "\\z";
      } else if (next == 's') {
        out += in_class ? "\\s" + std::string(kSeparators)
                        : "[\\s" + std::string(kSeparators) + "]";
      } else if (next == 'S' && !in_class) {
        out += "[^\\s" + std::string(kSeparators) + "]";
      } else {
        out.push_back('\\');
        out.push_back(next);
      }
      continue;
    }
    if (!in_class && c == '[') {
      in_class = true;
      out.push_back(c);
      // A ']' right after '[' or '[^' is a literal member of the class.
      if (i + 1 < p.size() && p[i + 1] == '^') out.push_back(p[++i]);
      if (i + 1 < p.size() && p[i + 1] == ']') out.push_back(p[++i]);
      continue;
    }
    if (in_class && c == ']') in_class = false;
    out.push_back(c);
  }
  return out;
}

// One match-data block per thread, grown on demand: matching allocates
// nothing in the steady state.
pcre2_match_data* ThreadMatchData(uint32_t capture_count) {
  thread_local pcre2_match_data* data = nullptr;
  thread_local uint32_t capacity = 0;
  uint32_t needed = capture_count + 1;
  if (needed > capacity) {
    if (data) pcre2_match_data_free(data);
    capacity = std::max<uint32_t>(needed, 16);
    data = pcre2_match_data_create(capacity, nullptr);
  }
  return data;
}

// Whether `|` occurs outside every group and character class of `p`.
bool HasTopLevelAlternation(std::string_view p) {
  int depth = 0;
  bool in_class = false;
  for (size_t i = 0; i < p.size(); ++i) {
    char c = p[i];
    if (c == '\\') {
      ++i;
    } else if (in_class) {
      if (c == ']') in_class = false;
    } else if (c == '[') {
      in_class = true;
      if (i + 1 < p.size() && p[i + 1] == '^') ++i;
      if (i + 1 < p.size() && p[i + 1] == ']') ++i;
    } else if (c == '(') {
      ++depth;
    } else if (c == ')') {
      --depth;
    } else if (c == '|' && depth == 0) {
      return true;
    }
  }
  return false;
}

// See Impl::starts_at_line_break.
bool StartsAtLineBreak(std::string_view pattern, unsigned flags) {
  if (flags & (Regex::kMultiline | Regex::kVerbose)) return false;
  for (std::string_view prefix : {std::string_view("(^|\\n)"), std::string_view("(?:^|\\n)")})
    if (pattern.starts_with(prefix)) {
      std::string_view rest = pattern.substr(prefix.size());
      bool quantified = !rest.empty() && std::string_view("?*+{").find(rest[0]) != std::string_view::npos;
      return !quantified && !HasTopLevelAlternation(rest);
    }
  return false;
}

// Whether JIT compilation of `code` succeeded.
bool HasJitCode(const pcre2_code* code) {
  size_t size = 0;
  return pcre2_pattern_info(code, PCRE2_INFO_JITSIZE, &size) == 0 && size > 0;
}

}  // namespace

Regex::Regex(std::string_view pattern, unsigned flags) : pattern_(pattern), impl_(new Impl) {
  uint32_t options = PCRE2_UTF | PCRE2_UCP | PCRE2_NO_UTF_CHECK;
  if (flags & kIgnoreCase) options |= PCRE2_CASELESS;
  if (flags & kMultiline) options |= PCRE2_MULTILINE;
  if (flags & kDotAll) options |= PCRE2_DOTALL;
  if (flags & kVerbose) options |= PCRE2_EXTENDED;
  impl_->translated = TranslatePattern(pattern);
  impl_->options = options;
  impl_->code = Compile(0);
  impl_->code_jitted = HasJitCode(impl_->code);
  impl_->starts_at_line_break = StartsAtLineBreak(pattern, flags);
  pcre2_pattern_info(impl_->code, PCRE2_INFO_CAPTURECOUNT, &impl_->capture_count);
}

pcre2_code* Regex::Compile(uint32_t extra_options) const {
  int err = 0;
  PCRE2_SIZE erroff = 0;
  pcre2_code* code =
      pcre2_compile(reinterpret_cast<PCRE2_SPTR>(impl_->translated.data()), impl_->translated.size(),
                    impl_->options | extra_options, &err, &erroff, nullptr);
  if (!code) {
    PCRE2_UCHAR buf[256];
    pcre2_get_error_message(err, buf, sizeof buf);
    std::fprintf(stderr, "internal error: bad regex at %zu: %s\n  %s\n", static_cast<size_t>(erroff),
                 reinterpret_cast<char*>(buf), pattern_.c_str());
    std::abort();
  }
  pcre2_jit_compile(code, PCRE2_JIT_COMPLETE);  // falls back to the interpreter on failure
  return code;
}

// PCRE2's start-up optimisations (first and last required code unit) scan
// ahead in the subject; for a match anchored at one position that scan
// could run to the end of the subject on every call, so they are off.
pcre2_code* Regex::AnchoredCode() const {
  std::call_once(impl_->anchored_once,
                 [this] {
                   impl_->anchored = Compile(PCRE2_ANCHORED | PCRE2_NO_START_OPTIMIZE);
                   impl_->anchored_jitted = HasJitCode(impl_->anchored);
                 });
  return impl_->anchored;
}

Regex::~Regex() {
  if (!impl_) return;
  if (impl_->code) pcre2_code_free(impl_->code);
  if (impl_->anchored) pcre2_code_free(impl_->anchored);
}

Regex::Regex(Regex&&) noexcept = default;

std::optional<Match> Regex::Run(std::string_view s, size_t pos, size_t endpos,
                                unsigned options) const {
  if (endpos > s.size()) endpos = s.size();
  if (pos > endpos) return std::nullopt;
  const pcre2_code* code = impl_->code;
  bool jitted = impl_->code_jitted;
  if (options & PCRE2_ANCHORED) {
    code = AnchoredCode();
    jitted = impl_->anchored_jitted;
    options &= ~PCRE2_ANCHORED;
  }
  pcre2_match_data* md = ThreadMatchData(impl_->capture_count);
  // Without match-time options, the JIT's own entry point skips
  // pcre2_match's checks and set-up (the subject is valid UTF-8 already).
  int rc = jitted && options == 0
               ? pcre2_jit_match(code, reinterpret_cast<PCRE2_SPTR>(s.data()), endpos, pos, 0, md, nullptr)
               : pcre2_match(code, reinterpret_cast<PCRE2_SPTR>(s.data()), endpos, pos,
                             options | PCRE2_NO_UTF_CHECK, md, nullptr);
  if (rc == PCRE2_ERROR_JIT_STACKLIMIT) {
    // The JIT's stack is small; long subjects finish in the interpreter,
    // whose backtracking lives on the heap.
    rc = pcre2_match(code, reinterpret_cast<PCRE2_SPTR>(s.data()), endpos, pos,
                     options | PCRE2_NO_UTF_CHECK | PCRE2_NO_JIT, md, nullptr);
  }
  if (rc < 0) return std::nullopt;
  std::optional<Match> result(std::in_place);
  Match& m = *result;
  m.re_ = this;
  m.subject_ = s;
  m.count_ = static_cast<int>(impl_->capture_count) + 1;
  if (m.count_ > Match::kSmallGroups) m.large_.resize(2 * static_cast<size_t>(m.count_));
  PCRE2_SIZE* ov = pcre2_get_ovector_pointer(md);
  size_t* out = m.ov();
  std::copy(ov, ov + 2 * m.count_, out);
  // Groups beyond the highest one that matched are left unset by PCRE2.
  for (int g = rc; g < m.count_; ++g) out[2 * g] = out[2 * g + 1] = Match::kUnset;
  return result;
}

std::optional<Match> Regex::Search(std::string_view s, size_t pos, size_t endpos) const {
  if (impl_->starts_at_line_break) return SearchLineStarts(s, pos, endpos);
  return Run(s, pos, endpos, 0);
}

// Search for a pattern whose matches start at 0 or at a '\n': an anchored
// match at each such place from `pos` on, leftmost first, is exactly the
// leftmost match a search would find.
std::optional<Match> Regex::SearchLineStarts(std::string_view s, size_t pos, size_t endpos) const {
  if (endpos > s.size()) endpos = s.size();
  if (pos > endpos) return std::nullopt;
  if (pos == 0) {
    if (auto m = Run(s, 0, endpos, PCRE2_ANCHORED)) return m;
  }
  std::string_view window = s.substr(0, endpos);
  for (size_t at = window.find('\n', pos); at != std::string_view::npos; at = window.find('\n', at + 1))
    if (auto m = Run(s, at, endpos, PCRE2_ANCHORED)) return m;
  return std::nullopt;
}

std::optional<Match> Regex::MatchAt(std::string_view s, size_t pos, size_t endpos) const {
  return Run(s, pos, endpos, PCRE2_ANCHORED);
}

std::optional<Match> Regex::FullMatch(std::string_view s) const {
  auto m = Run(s, 0, s.size(), PCRE2_ANCHORED | PCRE2_ENDANCHORED);
  return m;
}

int Regex::GroupIndex(std::string_view name) const {
  std::string n(name);
  int rc = pcre2_substring_number_from_name(impl_->code, reinterpret_cast<PCRE2_SPTR>(n.c_str()));
  return rc < 0 ? -1 : rc;
}

std::vector<Match> Regex::FindAll(std::string_view s) const {
  std::vector<Match> out;
  size_t pos = 0;
  while (pos <= s.size()) {
    auto m = Search(s, pos);
    if (!m) break;
    size_t end = m->End();
    if (end == m->Start()) {
      // Empty match: step over one code point so the scan always advances.
      end = m->Start() + 1;
      while (end < s.size() && (static_cast<unsigned char>(s[end]) & 0xC0) == 0x80) ++end;
    }
    out.push_back(std::move(*m));
    pos = end;
  }
  return out;
}

// Python 3.7+ semantics: empty matches are allowed right after a non-empty
// one, and the scan advances by one code point after an empty match.
std::string Regex::Sub(std::string_view s, const std::function<std::string(const Match&)>& repl,
                       int count) const {
  std::string out;
  size_t pos = 0, last = 0;
  bool reserved = false;  // room for the whole text once there is a match
  int n = 0;
  while (pos <= s.size() && (count == 0 || n < count)) {
    auto m = Search(s, pos);
    if (!m) break;
    if (!reserved) {
      out.reserve(s.size());
      reserved = true;
    }
    out.append(s.substr(last, m->Start() - last));
    out.append(repl(*m));
    last = m->End();
    ++n;
    if (m->End() == m->Start()) {
      if (m->End() >= s.size()) break;
      size_t step = m->End() + 1;
      while (step < s.size() && (static_cast<unsigned char>(s[step]) & 0xC0) == 0x80) ++step;
      out.append(s.substr(m->End(), step - m->End()));
      last = pos = step;
    } else {
      pos = m->End();
    }
  }
  if (last < s.size()) out.append(s.substr(last));
  return out;
}

std::string Regex::SubTemplate(std::string_view s, std::string_view tmpl, int count) const {
  return Sub(s, [&](const Match& m) { return ExpandTemplate(m, tmpl); }, count);
}

std::vector<std::string> Regex::Split(std::string_view s) const {
  std::vector<std::string> out;
  size_t last = 0;
  for (const Match& m : FindAll(s)) {
    if (m.End() == m.Start() && m.Start() == last && last == 0 && false) continue;
    out.emplace_back(s.substr(last, m.Start() - last));
    for (int g = 1; g <= m.GroupCount(); ++g) out.emplace_back(m.Group(g));
    last = m.End();
  }
  out.emplace_back(s.substr(last));
  return out;
}

bool Match::Has(std::string_view name) const {
  int g = re_->GroupIndex(name);
  return g >= 0 && Has(g);
}

std::string_view Match::Group(int g) const {
  if (!Has(g)) return {};
  return subject_.substr(ov()[2 * g], ov()[2 * g + 1] - ov()[2 * g]);
}

std::string_view Match::Group(std::string_view name) const {
  int g = re_->GroupIndex(name);
  return g < 0 ? std::string_view{} : Group(g);
}

size_t Match::Start(std::string_view name) const { return Start(re_->GroupIndex(name)); }
size_t Match::End(std::string_view name) const { return End(re_->GroupIndex(name)); }

std::string ExpandTemplate(const Match& m, std::string_view t) {
  std::string out;
  for (size_t i = 0; i < t.size(); ++i) {
    char c = t[i];
    if (c != '\\' || i + 1 >= t.size()) {
      out.push_back(c);
      continue;
    }
    char n = t[++i];
    if (n >= '0' && n <= '9') {
      int g = n - '0';
      if (i + 1 < t.size() && t[i + 1] >= '0' && t[i + 1] <= '9') g = g * 10 + (t[++i] - '0');
      out.append(m.Group(g));
    } else if (n == 'g' && i + 1 < t.size() && t[i + 1] == '<') {
      size_t close = t.find('>', i);
      std::string_view ref = t.substr(i + 2, close - i - 2);
      bool numeric = !ref.empty() && ref.find_first_not_of("0123456789") == std::string_view::npos;
      out.append(numeric ? m.Group(std::stoi(std::string(ref))) : m.Group(ref));
      i = close;
    } else if (n == 'n') {
      out.push_back('\n');
    } else if (n == 't') {
      out.push_back('\t');
    } else if (n == '\\') {
      out.push_back('\\');
    } else {
      out.push_back('\\');
      out.push_back(n);
    }
  }
  return out;
}

}  // namespace stacks::markdown
