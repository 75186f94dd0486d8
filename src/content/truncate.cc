// pelican.utils.truncate_html_words. An html.parser walk counts words in
// text (a word is one CJK-like character or \w followed by \w, ' and -) and
// keeps the stack of open tags; entity and character references continue
// or end the current word by the character they stand for. At the
// max_words-th word the walk stops: the text is cut after that word, the
// suffix added and the open tags closed, innermost first.
#include <unicode/uchar.h>

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include "base/base.h"
#include "content/content.h"
#include "markdown/html_parser.h"

namespace stacks::content {
namespace {

struct Html4Entity {
  uint32_t codepoint;
  const char* name;
};
constexpr Html4Entity kHtml4Entities[] = {
#include "markdown/codepoint2name.inc"
};

bool IsCjkLike(char32_t c) {
  return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) || (c >= 0xF900 && c <= 0xFAFF) ||
         (c >= 0x20000 && c <= 0x2A6DF) || (c >= 0x2F800 && c <= 0x2FA1F) || (c >= 0x3040 && c <= 0x30FF) ||
         (c >= 0x1100 && c <= 0x11FF) || (c >= 0xAC00 && c <= 0xD7FF) || (c >= 0x3130 && c <= 0x318F);
}

// Python's \w for str patterns: alphanumeric (letters and numbers) or '_'.
bool IsWordChar(char32_t c) {
  if (c == '_') return true;
  if (c < 0x80) return std::isalnum(static_cast<int>(c)) != 0;
  int8_t type = u_charType(static_cast<UChar32>(c));
  return type == U_UPPERCASE_LETTER || type == U_LOWERCASE_LETTER || type == U_TITLECASE_LETTER ||
         type == U_MODIFIER_LETTER || type == U_OTHER_LETTER || type == U_DECIMAL_DIGIT_NUMBER ||
         type == U_LETTER_NUMBER || type == U_OTHER_NUMBER;
}

// _word_regex.search(data, from): [start, end) in bytes, or npos.
std::pair<size_t, size_t> SearchWord(std::string_view data, size_t from) {
  size_t i = from;
  while (i < data.size()) {
    size_t start = i;
    char32_t c = DecodeUtf8(data, i);
    if (IsCjkLike(c)) return {start, i};
    if (!IsWordChar(c)) continue;
    size_t end = i;
    while (end < data.size()) {
      size_t next = end;
      char32_t d = DecodeUtf8(data, next);
      if (!IsWordChar(d) && d != '\'' && d != '-') break;
      end = next;
    }
    return {start, end};
  }
  return {std::string::npos, std::string::npos};
}

struct TruncationCompleted {
  size_t truncate_at;
};

class WordTruncator : public markdown::HtmlParser {
 public:
  explicit WordTruncator(int max_words) : max_words_(max_words) {}
  std::vector<std::string> open_tags;  // innermost first

 protected:
  void HandleStartTag(const std::string& tag, markdown::HtmlAttrs&) override {
    AddLastWord();
    static const char* const kSinglets[] = {"br", "col", "link", "base", "img", "param", "area", "hr", "input"};
    if (std::none_of(std::begin(kSinglets), std::end(kSinglets), [&](const char* s) { return tag == s; }))
      open_tags.insert(open_tags.begin(), tag);
  }
  void HandleEndTag(const std::string& tag) override {
    AddLastWord();
    auto it = std::find(open_tags.begin(), open_tags.end(), tag);
    if (it != open_tags.end()) open_tags.erase(open_tags.begin(), it + 1);
  }
  void HandleData(std::string_view data) override {
    size_t offset = TokenStart();
    size_t word_end = 0;
    while (words_found_ < max_words_) {
      auto [start, end] = SearchWord(data, word_end);
      if (start == std::string::npos) break;
      if (start > 0) AddLastWord();
      word_end = end;
      last_word_end_ = offset + word_end;
    }
    if (word_end < data.size()) AddLastWord();
  }
  void HandleEntityRef(std::string_view name) override {
    std::string ch;
    for (const Html4Entity& e : kHtml4Entities)
      if (name == e.name) AppendUtf8(ch, e.codepoint);
    HandleRef(name, ch);
  }
  void HandleCharRef(std::string_view name) override {
    std::string ch;
    bool hex = !name.empty() && (name[0] == 'x' || name[0] == 'X');
    std::string digits(name.substr(hex ? 1 : 0));
    char* end = nullptr;
    unsigned long long cp = digits.empty() ? 0 : std::strtoull(digits.c_str(), &end, hex ? 16 : 10);
    bool valid = !digits.empty() && end && *end == '\0' && cp <= 0x10FFFF &&
                 (hex || digits.find_first_not_of("0123456789") == std::string::npos);
    if (valid) AppendUtf8(ch, static_cast<char32_t>(cp));
    HandleRef("#" + std::string(name), ch);
  }

 private:
  // getoffset(): where the current token starts, in bytes of the text.
  size_t TokenStart() const {
    size_t line_start = lineno() <= 1 ? 0 : newlines_[lineno() - 2] + 1;
    size_t pos = line_start;
    std::string_view all = text();
    for (size_t n = 0; n < offset() && pos < all.size(); ++n) DecodeUtf8(all, pos);
    return pos;
  }

  void HandleRef(std::string_view name, const std::string& ch) {
    size_t ref_end = TokenStart() + name.size() + 1;
    if (ref_end < text().size() && text()[ref_end] == ';') ++ref_end;
    size_t i = 0;
    char32_t c = ch.empty() ? 0 : DecodeUtf8(ch, i);
    bool word_prefix = !ch.empty() && IsWordChar(c);
    bool word = !ch.empty() && (IsWordChar(c) || IsCjkLike(c));
    if (last_word_end_ == std::string::npos) {
      if (word_prefix) last_word_end_ = ref_end;
    } else if (word) {
      last_word_end_ = ref_end;
    } else {
      AddLastWord();
    }
  }

  void AddLastWord() {
    if (last_word_end_ != std::string::npos) AddWord(last_word_end_);
  }
  void AddWord(size_t word_end) {
    ++words_found_;
    last_word_end_ = std::string::npos;
    if (words_found_ == max_words_) throw TruncationCompleted{word_end};
  }

  int max_words_;
  int words_found_ = 0;
  size_t last_word_end_ = std::string::npos;
};

}  // namespace

std::string TruncateHtmlWords(std::string_view html, int words, std::string_view end_text) {
  if (words <= 0) return "";
  WordTruncator truncator(words);
  size_t truncate_at = std::string::npos;
  try {
    truncator.Feed(html);
  } catch (const TruncationCompleted& done) {
    truncate_at = done.truncate_at;
  }
  if (truncate_at == std::string::npos) return std::string(html);
  std::string out(html.substr(0, truncate_at));
  if (!end_text.empty()) out += " " + std::string(end_text);
  for (const std::string& tag : truncator.open_tags) out += "</" + tag + ">";
  return out;
}

}  // namespace stacks::content
