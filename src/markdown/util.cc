#include "markdown/util.h"

#include "base/base.h"

namespace stacks::markdown {

namespace {
std::string Placeholder(std::string_view kind, size_t n) {
  std::string s;
  s.push_back(kStx);
  s.append(kind);
  s.append(std::to_string(n));
  s.push_back(kEtx);
  return s;
}
}  // namespace

std::string InlinePlaceholder(size_t n) { return Placeholder("klzzwxh:", n); }
std::string HtmlPlaceholder(size_t n) { return Placeholder("wzxhzdk:", n); }
std::string TagPlaceholder(size_t n) { return Placeholder("hzzhzkh:", n); }

std::string HtmlStash::Store(std::string html) {
  items_.push_back({std::move(html), nullptr});
  return HtmlPlaceholder(items_.size() - 1);
}

std::string HtmlStash::StoreElement(ElementPtr element) {
  items_.push_back({std::string(), std::move(element)});
  return HtmlPlaceholder(items_.size() - 1);
}

void HtmlStash::Reset() { items_.clear(); }

std::string HtmlStash::StoreTag(std::string tag,
                                std::vector<std::pair<std::string, std::string>> attrs,
                                size_t left_index, size_t right_index) {
  tag_data.push_back({std::move(tag), std::move(attrs), left_index, right_index});
  return TagPlaceholder(tag_data.size() - 1);
}

// Python's str.isspace(): the Unicode White_Space characters plus the ASCII
// separators \x1c-\x1f that Python also counts.
bool IsPySpace(char32_t c) {
  if (c <= 0x20) return c == ' ' || (c >= 0x09 && c <= 0x0D) || (c >= 0x1C && c <= 0x1F);
  if (c < 0x85) return false;
  switch (c) {
    case 0x85: case 0xA0: case 0x1680: case 0x2028: case 0x2029: case 0x202F: case 0x205F:
    case 0x3000:
      return true;
    default:
      return c >= 0x2000 && c <= 0x200A;
  }
}

// Both strips test ASCII bytes directly and decode only the others.
std::string_view PyLStrip(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    const unsigned char byte = static_cast<unsigned char>(s[i]);
    if (byte < 0x80) {
      if (!IsPySpace(byte)) break;
      ++i;
      continue;
    }
    size_t j = i;
    if (!IsPySpace(DecodeUtf8(s, j))) break;
    i = j;
  }
  return s.substr(i);
}

std::string_view PyRStrip(std::string_view s) {
  size_t end = s.size();
  while (end > 0) {
    const unsigned char byte = static_cast<unsigned char>(s[end - 1]);
    if (byte < 0x80) {
      if (!IsPySpace(byte)) break;
      --end;
      continue;
    }
    size_t start = end - 1;
    while (start > 0 && (static_cast<unsigned char>(s[start]) & 0xC0) == 0x80) --start;
    size_t j = start;
    if (!IsPySpace(DecodeUtf8(s, j))) break;
    end = start;
  }
  return s.substr(0, end);
}

std::string_view PyStrip(std::string_view s) { return PyRStrip(PyLStrip(s)); }

std::string_view PyLStripChars(std::string_view s, std::string_view chars) {
  size_t i = s.find_first_not_of(chars);
  return i == std::string_view::npos ? std::string_view{} : s.substr(i);
}

std::string_view PyRStripChars(std::string_view s, std::string_view chars) {
  size_t i = s.find_last_not_of(chars);
  return i == std::string_view::npos ? std::string_view{} : s.substr(0, i + 1);
}

std::string_view PyStripChars(std::string_view s, std::string_view chars) {
  return PyRStripChars(PyLStripChars(s, chars), chars);
}

std::string ExpandTabs(std::string_view s, int tabsize) {
  if (s.find('\t') == std::string_view::npos) return std::string(s);
  std::string out;
  out.reserve(s.size() + 16);
  size_t col = 0;
  for (char c : s) {
    if (c == '\t') {
      if (tabsize > 0) {
        size_t n = tabsize - (col % tabsize);
        out.append(n, ' ');
        col += n;
      }
    } else {
      out.push_back(c);
      if (c == '\n' || c == '\r') col = 0;
      else if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++col;
    }
  }
  return out;
}

std::string PyLower(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    unsigned char c = s[i];
    if (c < 0x80) {
      out.push_back(static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c));
      ++i;
      continue;
    }
    char32_t cp = DecodeUtf8(s, i);
    // Latin-1 Supplement, Latin Extended-A, Greek and Cyrillic capitals.
    if (cp >= 0xC0 && cp <= 0xDE && cp != 0xD7) cp += 0x20;
    else if (cp >= 0x100 && cp <= 0x137 && cp % 2 == 0 && cp != 0x130) cp += 1;
    else if (cp >= 0x139 && cp <= 0x148 && cp % 2 == 1) cp += 1;
    else if (cp >= 0x14A && cp <= 0x177 && cp % 2 == 0) cp += 1;
    else if (cp >= 0x179 && cp <= 0x17E && cp % 2 == 1) cp += 1;
    else if (cp == 0x178) cp = 0xFF;
    else if (cp >= 0x391 && cp <= 0x3AB && cp != 0x3A2) cp += 0x20;
    else if (cp >= 0x410 && cp <= 0x42F) cp += 0x20;
    else if (cp >= 0x400 && cp <= 0x40F) cp += 0x50;
    AppendUtf8(out, cp);
  }
  return out;
}

std::vector<std::string> SplitOn(std::string_view s, std::string_view sep, size_t spare) {
  std::vector<std::string> out;
  if (sep.size() == 1) {  // one allocation for the vector: count the parts first (memchr)
    size_t parts = 1;
    for (size_t at = s.find(sep[0]); at != std::string_view::npos; at = s.find(sep[0], at + 1)) ++parts;
    out.reserve(parts + spare);
  }
  size_t start = 0;
  while (true) {
    size_t pos = s.find(sep, start);
    if (pos == std::string_view::npos) {
      out.emplace_back(s.substr(start));
      return out;
    }
    out.emplace_back(s.substr(start, pos - start));
    start = pos + sep.size();
  }
}

// Finds each `c` (memchr; usually there is none) and looks back over at
// most `max_spaces` spaces for the start of its line.
size_t FindNewlineBefore(std::string_view s, size_t pos, char a, char b) {
#if defined(__SSE2__)
  const __m128i newline = _mm_set1_epi8('\n');
  const __m128i first = _mm_set1_epi8(a);
  const __m128i second = _mm_set1_epi8(b);
  for (; pos + 17 <= s.size(); pos += 16) {
    __m128i here = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s.data() + pos));
    __m128i next = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s.data() + pos + 1));
    __m128i wanted = _mm_or_si128(_mm_cmpeq_epi8(next, first), _mm_cmpeq_epi8(next, second));
    int hits = _mm_movemask_epi8(_mm_and_si128(_mm_cmpeq_epi8(here, newline), wanted));
    if (hits != 0) return pos + static_cast<size_t>(__builtin_ctz(static_cast<unsigned>(hits)));
  }
#endif
  for (; pos + 1 < s.size(); ++pos)
    if (s[pos] == '\n' && (s[pos + 1] == a || s[pos + 1] == b)) return pos;
  return std::string_view::npos;
}

bool SomeLineStartsWith(std::string_view block, char c, size_t max_spaces) {
  for (size_t at = block.find(c); at != std::string_view::npos; at = block.find(c, at + 1)) {
    size_t i = at;
    while (i > 0 && block[i - 1] == ' ' && at - i < max_spaces) --i;
    if (i == 0 || block[i - 1] == '\n') return true;
  }
  return false;
}

std::string JoinWith(const std::vector<std::string>& parts, std::string_view sep) {
  size_t total = 0;
  for (const auto& p : parts) total += p.size() + sep.size();
  std::string out;
  out.reserve(total);
  for (size_t i = 0; i < parts.size(); ++i) {
    if (i) out.append(sep);
    out.append(parts[i]);
  }
  return out;
}

std::string CodeEscape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&': out.append("&amp;"); break;
      case '<': out.append("&lt;"); break;
      case '>': out.append("&gt;"); break;
      default: out.push_back(c);
    }
  }
  return out;
}

bool ParseBoolValue(std::string_view value, bool* ok) {
  std::string v = AsciiLower(value);
  if (ok) *ok = true;
  if (v == "true" || v == "yes" || v == "y" || v == "on" || v == "1") return true;
  if (v == "false" || v == "no" || v == "n" || v == "off" || v == "0" || v == "none") return false;
  if (ok) *ok = false;
  return false;
}

}  // namespace stacks::markdown
