// Shared pieces of the Markdown engine: placeholders, the raw-HTML stash and
// Python string semantics (Unicode whitespace, expandtabs) the rules rely on.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "markdown/etree.h"

namespace stacks::markdown {

inline constexpr char kStx = '\x02';
inline constexpr char kEtx = '\x03';
inline constexpr std::string_view kInlinePlaceholderPrefix = "\x02klzzwxh:";
inline constexpr std::string_view kAmpSubstitute = "\x02" "amp" "\x03";

/// A set of bytes, for scanning text for any of them with one table lookup
/// per byte (std::string_view::find_first_of calls memchr once per byte;
/// one memchr per member would rescan the text after the hit each time).
/// A set of at most kMaxMembers bytes is scanned 16 bytes at a time (SSE2
/// compares with each member) up to the block holding the first hit.
class ByteSet {
 public:
  constexpr ByteSet() = default;
  constexpr explicit ByteSet(std::string_view chars) { Add(chars); }
  constexpr void Add(std::string_view chars) {
    for (char c : chars) {
      bool& present = table_[static_cast<unsigned char>(c)];
      if (present) continue;
      present = true;
      if (count_ < kMaxMembers) members_[count_] = c;
      ++count_;
    }
  }
  constexpr bool Has(char c) const { return table_[static_cast<unsigned char>(c)]; }
  /// Whether any byte of `chars` is in the set.
  constexpr bool HasAny(std::string_view chars) const {
    for (char c : chars)
      if (Has(c)) return true;
    return false;
  }
  /// The first position at or after `pos` whose byte is in the set, or npos.
  size_t FindIn(std::string_view s, size_t pos = 0) const {
#if defined(__SSE2__)
    if (count_ <= kMaxMembers) pos = SkipBlocksWithout(s, pos);
#endif
    for (; pos < s.size(); ++pos)
      if (Has(s[pos])) return pos;
    return std::string_view::npos;
  }

 private:
  static constexpr size_t kMaxMembers = 6;

#if defined(__SSE2__)
  // Skips whole 16-byte blocks holding no member; returns where the block
  // with the first member (or the tail shorter than a block) starts.
  size_t SkipBlocksWithout(std::string_view s, size_t pos) const {
    for (; pos + 16 <= s.size(); pos += 16) {
      __m128i block = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s.data() + pos));
      __m128i hits = _mm_setzero_si128();
      for (size_t i = 0; i < count_; ++i)
        hits = _mm_or_si128(hits, _mm_cmpeq_epi8(block, _mm_set1_epi8(members_[i])));
      if (_mm_movemask_epi8(hits) != 0) return pos;
    }
    return pos;
  }
#endif

  bool table_[256] = {};
  char members_[kMaxMembers] = {};
  size_t count_ = 0;  ///< distinct members (may exceed kMaxMembers)
};

/// STX "klzzwxh:<n>" ETX
std::string InlinePlaceholder(size_t n);
/// STX "wzxhzdk:<n>" ETX
std::string HtmlPlaceholder(size_t n);
/// STX "hzzhzkh:<n>" ETX
std::string TagPlaceholder(size_t n);

/// Raw HTML (or a finished element, for md_in_html) kept out of the way of
/// the parser and put back by the raw_html postprocessor.
class HtmlStash {
 public:
  struct Item {
    std::string html;
    ElementPtr element;  ///< set instead of `html` for stashed elements
  };
  /// Stores `html` and returns its placeholder.
  std::string Store(std::string html);
  std::string StoreElement(ElementPtr element);
  std::string GetPlaceholder(size_t key) const { return HtmlPlaceholder(key); }
  void Reset();
  size_t html_counter() const { return items_.size(); }
  const Item& at(size_t i) const { return items_[i]; }
  Item& at(size_t i) { return items_[i]; }

  struct TagData {
    std::string tag;
    std::vector<std::pair<std::string, std::string>> attrs;
    size_t left_index = 0;
    size_t right_index = 0;
  };
  std::string StoreTag(std::string tag, std::vector<std::pair<std::string, std::string>> attrs,
                       size_t left_index, size_t right_index);
  std::vector<TagData> tag_data;

 private:
  std::vector<Item> items_;
};

// ---- Python str semantics ---------------------------------------------------

/// Python `str.isspace()` for one code point.
bool IsPySpace(char32_t cp);
/// Python `s.strip()` / `lstrip()` / `rstrip()` with no argument (Unicode whitespace).
std::string_view PyStrip(std::string_view s);
std::string_view PyLStrip(std::string_view s);
std::string_view PyRStrip(std::string_view s);
/// Python `s.strip(chars)` etc. with an ASCII set of characters.
std::string_view PyStripChars(std::string_view s, std::string_view chars);
std::string_view PyLStripChars(std::string_view s, std::string_view chars);
std::string_view PyRStripChars(std::string_view s, std::string_view chars);
/// Python `str.expandtabs(tabsize)`: columns counted in code points, reset at \n and \r.
std::string ExpandTabs(std::string_view s, int tabsize);
/// Python `str.lower()` for ASCII and the common Latin letters; enough for tags and ids.
std::string PyLower(std::string_view s);
/// Python `str.split('\n')` etc. `spare` reserves room for that many more
/// parts (with a one-byte `sep`), for callers that will append some.
std::vector<std::string> SplitOn(std::string_view s, std::string_view sep, size_t spare = 0);
std::string JoinWith(const std::vector<std::string>& parts, std::string_view sep);
/// The first `i >= pos` where s[i] is a newline and s[i + 1] is `a` or `b`,
/// or npos (16 places at a time with SSE2): finds the lines that start with
/// either byte without stopping at every line.
size_t FindNewlineBefore(std::string_view s, size_t pos, char a, char b);
/// Python `not s.strip()`: whether `s` is all white space (or empty).
inline bool IsBlank(std::string_view s) { return PyLStrip(s).empty(); }
/// Whether some line of `block` has `c` after at most `max_spaces` spaces:
/// a cheap necessary condition for a block pattern `(^|\n)[ ]{0,n}c`.
bool SomeLineStartsWith(std::string_view block, char c, size_t max_spaces);

/// The `unescape` treeprocessor's rule: STX<decimal code point>ETX -> the character.
std::string UnescapeStx(const std::string& text);

/// Python-Markdown's `code_escape`: & < > only.
std::string CodeEscape(std::string_view text);

/// Python-Markdown's `parseBoolValue` for configuration strings.
bool ParseBoolValue(std::string_view value, bool* ok = nullptr);

}  // namespace stacks::markdown
