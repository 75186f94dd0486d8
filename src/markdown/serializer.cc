// Python-Markdown's serializer: ElementTree written as HTML or XHTML.
//
// Attributes are written in sorted order; `&` is escaped only where it does
// not already start an entity or character reference; <script> and <style>
// text is written raw; void elements get " />" in XHTML and no end tag in
// HTML.
#include <algorithm>

#include "markdown/core.h"
#include "markdown/util.h"

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

// The bytes Escape rewrites: & < > in text, and " too in attribute values.
constexpr ByteSet kTextSpecials("&<>");
constexpr ByteSet kAttributeSpecials("&<>\"");

// Copies the runs between special characters in one piece each; the next
// special character is found 16 bytes at a time (ByteSet::FindIn).
void Escape(std::string& out, std::string_view s, bool attribute) {
  const ByteSet& specials = attribute ? kAttributeSpecials : kTextSpecials;
  size_t i = 0;
  while (true) {
    size_t next = specials.FindIn(s, i);
    if (next == std::string_view::npos) {
      out.append(s.data() + i, s.size() - i);
      return;
    }
    out.append(s.data() + i, next - i);
    switch (s[next]) {
      case '&': out.append(StartsReference(s, next) ? "&" : "&amp;"); break;
      case '<': out.append("&lt;"); break;
      case '>': out.append("&gt;"); break;
      default: out.append("&quot;"); break;  // '"', in an attribute
    }
    i = next + 1;
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
  return (attribute ? kAttributeSpecials : kTextSpecials).FindIn(s) == std::string_view::npos;
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
