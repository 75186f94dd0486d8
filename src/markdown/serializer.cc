// Python-Markdown's serializer: ElementTree written as HTML or XHTML.
//
// Attributes are written in sorted order; `&` is escaped only where it does
// not already start an entity or character reference; <script> and <style>
// text is written raw; void elements get " />" in XHTML and no end tag in
// HTML.
#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>

#include "markdown/core.h"

namespace stacks::markdown {

namespace {

bool IsAlnumAscii(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsHex(char c) {
  return IsDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

// Whether the `&` at s[i] starts `&#123;`, `&#x1F;` or `&name;`
// (RE_AMP's negative lookahead, case-insensitive).
bool StartsReference(std::string_view s, size_t i) {
  size_t j = i + 1;
  if (j < s.size() && s[j] == '#') {
    size_t k = j + 1;
    if (k < s.size() && IsDigit(s[k])) {
      while (k < s.size() && IsDigit(s[k])) ++k;
      if (k < s.size() && s[k] == ';') return true;
    }
    k = j + 1;
    if (k < s.size() && (s[k] == 'x' || s[k] == 'X')) {
      ++k;
      size_t start = k;
      while (k < s.size() && IsHex(s[k])) ++k;
      if (k > start && k < s.size() && s[k] == ';') return true;
    }
    return false;
  }
  size_t start = j;
  while (j < s.size() && IsAlnumAscii(s[j])) ++j;
  return j > start && j < s.size() && s[j] == ';';
}

// Whether the 8 bytes of `x` hold the byte `c`: the classic zero-byte test
// (v - 0x01..) & ~v & 0x80.. on v = x ^ c repeated.
constexpr bool WordHasByte(uint64_t x, unsigned char c) {
  constexpr uint64_t kOnes = 0x0101010101010101ULL;
  constexpr uint64_t kHighs = 0x8080808080808080ULL;
  uint64_t v = x ^ (kOnes * c);
  return ((v - kOnes) & ~v & kHighs) != 0;
}

// The first position at or after `i` that may hold & < > (or " in an
// attribute): whole 8-byte words without them are skipped; the caller
// checks the bytes from there one by one.
size_t SkipPlainWords(std::string_view s, size_t i, bool attribute) {
  for (; i + 8 <= s.size(); i += 8) {
    uint64_t x;
    std::memcpy(&x, s.data() + i, 8);
    if (WordHasByte(x, '&') || WordHasByte(x, '<') || WordHasByte(x, '>') ||
        (attribute && WordHasByte(x, '"')))
      return i;
  }
  return i;
}

// Copies the runs between special characters in one piece each.
void Escape(std::string& out, std::string_view s, bool attribute) {
  // 1: special everywhere, 2: special in attributes only.
  static constexpr auto kSpecial = [] {
    std::array<unsigned char, 256> table{};
    table['&'] = table['<'] = table['>'] = 1;
    table['"'] = 2;
    return table;
  }();
  const unsigned char mask = attribute ? 3 : 1;
  for (size_t i = 0; i < s.size(); ++i) {
    size_t next = SkipPlainWords(s, i, attribute);
    while (next < s.size() && !(kSpecial[static_cast<unsigned char>(s[next])] & mask)) {
      ++next;
      if ((next & 7) == 0) next = SkipPlainWords(s, next, attribute);
    }
    out.append(s.data() + i, next - i);
    i = next;
    if (i == s.size()) break;
    char c = s[i];
    switch (c) {
      case '&':
        out.append(StartsReference(s, i) ? "&" : "&amp;");
        break;
      case '<': out.append("&lt;"); break;
      case '>': out.append("&gt;"); break;
      case '"':
        if (attribute) out.append("&quot;");
        else out.push_back(c);
        break;
      default: out.push_back(c);
    }
  }
}

// ASCII case-insensitive `tag == lower_name` (`lower_name` is lower case).
bool SameTag(std::string_view tag, std::string_view lower_name) {
  if (tag.size() != lower_name.size()) return false;
  for (size_t i = 0; i < tag.size(); ++i) {
    char c = tag[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
    if (c != lower_name[i]) return false;
  }
  return true;
}

// Void elements, compared case-insensitively; only names of the tag's
// length are tried.
bool IsHtmlEmpty(std::string_view tag) {
  static constexpr std::string_view kEmpty[] = {"area", "base", "basefont", "br", "col",
                                                "frame", "hr", "img", "input", "isindex",
                                                "link", "meta", "param"};
  if (tag.size() < 2 || tag.size() > 8) return false;
  for (std::string_view name : kEmpty)
    if (SameTag(tag, name)) return true;
  return false;
}

// Whether Escape(s, attribute) would copy `s` unchanged.
bool NeedsNoEscape(std::string_view s, bool attribute) {
  size_t i = SkipPlainWords(s, 0, attribute);
  for (; i < s.size(); ++i) {
    char c = s[i];
    if (c == '&' || c == '<' || c == '>' || (attribute && c == '"')) return false;
  }
  return true;
}

// ` name="value"`, or ` name` for a boolean attribute (value == name) in HTML.
// A value without special characters is written straight from the element.
void WriteAttribute(std::string& out, const std::pair<std::string, std::string>& kv, bool xhtml) {
  if (NeedsNoEscape(kv.second, true)) {
    out.push_back(' ');
    out.append(kv.first);
    if (kv.first == kv.second && !xhtml) return;
    out.append("=\"");
    out.append(kv.second);
    out.push_back('"');
    return;
  }
  std::string value;
  Escape(value, kv.second, true);
  out.push_back(' ');
  if (kv.first == value && !xhtml) {
    out.append(value);
  } else {
    out.append(kv.first);
    out.append("=\"");
    out.append(value);
    out.push_back('"');
  }
}

void SerializeElement(std::string& out, const Element& el, bool xhtml) {
  if (el.kind == Element::Kind::kComment) {
    out.append("<!--");
    Escape(out, el.TextOrEmpty(), false);
    out.append("-->");
  } else if (el.kind == Element::Kind::kProcessingInstruction) {
    out.append("<?");
    Escape(out, el.TextOrEmpty(), false);
    out.append("?>");
  } else {
    const bool empty_tag = IsHtmlEmpty(el.tag);
    out.push_back('<');
    out.append(el.tag);
    if (el.attrib.size() == 1) {
      WriteAttribute(out, el.attrib.front(), xhtml);
    } else if (!el.attrib.empty()) {
      std::vector<const std::pair<std::string, std::string>*> items;
      items.reserve(el.attrib.size());
      for (const auto& kv : el.attrib) items.push_back(&kv);
      std::sort(items.begin(), items.end(), [](auto* a, auto* b) { return *a < *b; });
      for (const auto* kv : items) WriteAttribute(out, *kv, xhtml);
    }
    if (xhtml && empty_tag) {
      out.append(" />");
    } else {
      out.push_back('>');
      if (el.text && !el.text->empty()) {
        if (SameTag(el.tag, "script") || SameTag(el.tag, "style")) out.append(*el.text);
        else Escape(out, *el.text, false);
      }
      for (const auto& child : el.children) SerializeElement(out, *child, xhtml);
      if (!empty_tag) {
        out.append("</");
        out.append(el.tag);
        out.push_back('>');
      }
    }
  }
  if (el.tail && !el.tail->empty()) Escape(out, *el.tail, false);
}

}  // namespace

std::string SerializeHtml(const Element& root, bool xhtml) {
  std::string out;
  out.reserve(4096);
  SerializeElement(out, root, xhtml);
  return out;
}

}  // namespace stacks::markdown
