// A thin wrapper over PCRE2 that reads patterns written for Python's `re`
// module, so the rules of Python-Markdown can be carried over as written.
//
// Subjects are UTF-8 and all offsets are byte offsets. Patterns are compiled
// with UTF and UCP, so \w, \d, \s and \b are Unicode-aware as in Python 3.
// Python's `\Z` (end of subject) is rewritten to PCRE2's `\z`.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <initializer_list>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

struct pcre2_real_code_8;  // pcre2_code, from <pcre2.h>

namespace stacks::markdown {

class Regex;

/// The result of a successful match; refers to the subject, which must
/// outlive it.
class Match {
 public:
  /// Whether group `g` took part in the match (Python: group is not None).
  bool Has(int g) const { return g < count_ && ov()[2 * g] != kUnset; }
  bool Has(std::string_view name) const;
  /// The text of group `g`; empty when it did not take part.
  std::string_view Group(int g = 0) const;
  std::string_view Group(std::string_view name) const;
  size_t Start(int g = 0) const { return ov()[2 * g]; }
  size_t End(int g = 0) const { return ov()[2 * g + 1]; }
  size_t Start(std::string_view name) const;
  size_t End(std::string_view name) const;
  int GroupCount() const { return count_ - 1; }
  std::string_view Subject() const { return subject_; }

  /// A match made by a hand-written matcher standing in for a regex: the
  /// spans are start, end of group 0, then of each group in turn (kUnset
  /// for a group that did not take part). Named groups are not available.
  static Match FromSpans(std::string_view subject, std::initializer_list<size_t> spans) {
    Match m;
    m.subject_ = subject;
    m.count_ = static_cast<int>(spans.size() / 2);
    size_t* out = m.small_;
    for (size_t v : spans) *out++ = v;
    return m;
  }
  static constexpr size_t kUnset = ~size_t{0};

 private:
  friend class Regex;
  // Offsets live in `small_` when the pattern has few groups (no allocation
  // per match), in `large_` otherwise.
  static constexpr int kSmallGroups = 10;
  const size_t* ov() const { return count_ <= kSmallGroups ? small_ : large_.data(); }
  size_t* ov() { return count_ <= kSmallGroups ? small_ : large_.data(); }
  const Regex* re_ = nullptr;
  std::string_view subject_;
  size_t small_[2 * kSmallGroups] = {};
  std::vector<size_t> large_;
  int count_ = 0;
};

class Regex {
 public:
  enum Flags : unsigned {
    kNone = 0,
    kIgnoreCase = 1,
    kMultiline = 2,
    kDotAll = 4,
    kVerbose = 8,
  };

  /// Compiles a Python-style pattern; a bad pattern is a programming error
  /// and aborts with a message naming it.
  explicit Regex(std::string_view pattern, unsigned flags = kNone);
  ~Regex();
  Regex(const Regex&) = delete;
  Regex& operator=(const Regex&) = delete;
  Regex(Regex&&) noexcept;

  /// Python `pattern.search(s, pos, endpos)`.
  std::optional<Match> Search(std::string_view s, size_t pos = 0,
                              size_t endpos = std::string_view::npos) const;
  /// Python `pattern.match(s, pos, endpos)`: anchored at `pos`.
  std::optional<Match> MatchAt(std::string_view s, size_t pos = 0,
                               size_t endpos = std::string_view::npos) const;
  /// Python `pattern.fullmatch(s)`.
  std::optional<Match> FullMatch(std::string_view s) const;

  /// Python `pattern.sub(repl, s, count)` with a function replacement.
  std::string Sub(std::string_view s, const std::function<std::string(const Match&)>& repl,
                  int count = 0) const;
  /// Python `pattern.sub(template, s, count)`: `\1`, `\g<1>`, `\g<name>` and
  /// the usual backslash escapes in the template.
  std::string SubTemplate(std::string_view s, std::string_view tmpl, int count = 0) const;
  /// Python `pattern.split(s)`, including captured groups (unset ones as "").
  std::vector<std::string> Split(std::string_view s) const;
  /// Every non-overlapping match, as Python's `finditer`.
  std::vector<Match> FindAll(std::string_view s) const;

  int GroupIndex(std::string_view name) const;
  const std::string& pattern() const { return pattern_; }

 private:
  std::optional<Match> Run(std::string_view s, size_t pos, size_t endpos, unsigned options) const;
  std::optional<Match> SearchLineStarts(std::string_view s, size_t pos, size_t endpos) const;
  ::pcre2_real_code_8* Compile(uint32_t extra_options) const;
  ::pcre2_real_code_8* AnchoredCode() const;
  std::string pattern_;
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

/// Expands a Python `re` replacement template for one match.
std::string ExpandTemplate(const Match& m, std::string_view tmpl);

}  // namespace stacks::markdown
