// Shared pieces of the Markdown engine: placeholders, the raw-HTML stash and
// Python string semantics (Unicode whitespace, expandtabs) the rules rely on.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "markdown/etree.h"

namespace stacks::markdown {

inline constexpr char kStx = '\x02';
inline constexpr char kEtx = '\x03';
inline constexpr std::string_view kInlinePlaceholderPrefix = "\x02klzzwxh:";
inline constexpr std::string_view kAmpSubstitute = "\x02" "amp" "\x03";

/// A set of bytes, for scanning text for any of them with one table lookup
/// per byte (std::string_view::find_first_of calls memchr once per byte;
/// one memchr per member would rescan the text after the hit each time).
class ByteSet {
 public:
  constexpr ByteSet() = default;
  constexpr explicit ByteSet(std::string_view chars) { Add(chars); }
  constexpr void Add(std::string_view chars) {
    for (char c : chars) table_[static_cast<unsigned char>(c)] = true;
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
    for (; pos < s.size(); ++pos)
      if (Has(s[pos])) return pos;
    return std::string_view::npos;
  }

 private:
  bool table_[256] = {};
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
/// Python `str.split('\n')` etc.
std::vector<std::string> SplitOn(std::string_view s, std::string_view sep);
std::string JoinWith(const std::vector<std::string>& parts, std::string_view sep);
/// Python `bool(s.strip())`.
inline bool IsBlank(std::string_view s) { return PyStrip(s).empty(); }

/// The `unescape` treeprocessor's rule: STX<decimal code point>ETX -> the character.
std::string UnescapeStx(const std::string& text);

/// Python-Markdown's `code_escape`: & < > only.
std::string CodeEscape(std::string_view text);

/// Python-Markdown's `parseBoolValue` for configuration strings.
bool ParseBoolValue(std::string_view value, bool* ok = nullptr);

}  // namespace stacks::markdown
