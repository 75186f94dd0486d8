// pelican.utils.truncate_html_words. An html.parser walk counts words in
// text (a word is one CJK-like character or \w followed by \w, ' and -) and
// keeps the stack of open tags; entity and character references continue
// or end the current word by the character they stand for. At the
// max_words-th word the walk stops: the text is cut after that word, the
// suffix added and the open tags closed, innermost first.
//
// Speed: the walk first runs over a prefix of the text, growing it (x4)
// until the word limit is reached inside it, and only then over the whole
// text. A prefix walk gives the whole walk's answer because every token the
// parser completes inside the prefix is read the same way, and a word cut
// by the prefix end is never counted. The constructs whose reading depends
// on text past the prefix end make the prefix walk give up: a start tag
// left unterminated ('<' handed over as text), an '&' handed over as text,
// a declaration, and a start tag holding a quote with no quote of the same
// kind after it in the prefix (its value may close past the end).
#include <unicode/uchar.h>

#include <algorithm>
#include <cstdint>
#include <optional>
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

// DecodeUtf8 with ASCII bytes read in place.
char32_t NextChar(std::string_view data, size_t& i) {
  auto byte = static_cast<unsigned char>(data[i]);
  if (byte < 0x80) {
    ++i;
    return byte;
  }
  return DecodeUtf8(data, i);
}

// _word_regex.search(data, from): [start, end) in bytes, or npos.
std::pair<size_t, size_t> SearchWord(std::string_view data, size_t from) {
  size_t i = from;
  while (i < data.size()) {
    size_t start = i;
    char32_t c = NextChar(data, i);
    if (IsCjkLike(c)) return {start, i};
    if (!IsWordChar(c)) continue;
    size_t end = i;
    while (end < data.size()) {
      size_t next = end;
      char32_t d = NextChar(data, next);
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
struct PrefixUndecided {};

class WordTruncator : public markdown::HtmlParser {
 public:
  WordTruncator(int max_words, bool is_prefix) : max_words_(max_words), is_prefix_(is_prefix) {}
  std::vector<std::string> open_tags;  // innermost first

 protected:
  void HandleStartTag(const std::string& tag, markdown::HtmlAttrs&) override {
    AddLastWord();
    if (is_prefix_) CheckStartTagQuotes();
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
    if (is_prefix_) CheckDataIsFinal(data);
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

  long ParseHtmlDeclaration(size_t i) override {
    if (is_prefix_) throw PrefixUndecided{};
    return HtmlParser::ParseHtmlDeclaration(i);
  }

 private:
  // A lone '<' before a letter is an unterminated start tag and a lone '&'
  // an unmatched reference: either may read differently with more text.
  void CheckDataIsFinal(std::string_view data) {
    if (data.empty() || data[0] == '&') throw PrefixUndecided{};
    if (data.size() == 1 && data[0] == '<') {
      size_t next = TokenStart() + 1;
      if (next >= text().size() || IsAsciiLetter(text()[next])) throw PrefixUndecided{};
    }
  }

  // Each quote inside the tag must have a quote of its kind after it in the
  // prefix, so any quoted value the tag opens is closed inside the prefix.
  void CheckStartTagQuotes() {
    const std::string& tag_text = get_starttag_text();
    size_t tag_start = TokenStart();
    for (char quote : {'"', '\''}) {
      size_t last_in_tag = tag_text.rfind(quote);
      if (last_in_tag == std::string::npos) continue;
      size_t last_in_text = LastQuote(quote);
      if (last_in_text == std::string::npos || last_in_text <= tag_start + last_in_tag) throw PrefixUndecided{};
    }
  }

  size_t LastQuote(char quote) {
    size_t& last = quote == '"' ? last_double_quote_ : last_single_quote_;
    if (last == kUnknown) last = text().rfind(quote);
    return last;
  }

  static bool IsAsciiLetter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

  // getoffset(): where the current token starts, in bytes of the text.
  // Tokens come in text order, so the walk over the line resumes from the
  // previous token's place when it is on the same line.
  size_t TokenStart() {
    std::string_view all = text();
    if (lineno() != cached_line_ || offset() < cached_offset_) {
      cached_line_ = lineno();
      cached_offset_ = 0;
      cached_pos_ = lineno() <= 1 ? 0 : newlines_[lineno() - 2] + 1;
    }
    for (; cached_offset_ < offset() && cached_pos_ < all.size(); ++cached_offset_) {
      ++cached_pos_;
      while (cached_pos_ < all.size() && (static_cast<unsigned char>(all[cached_pos_]) & 0xC0) == 0x80)
        ++cached_pos_;
    }
    return cached_pos_;
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

  static constexpr size_t kUnknown = std::string::npos - 1;
  int max_words_;
  bool is_prefix_;
  size_t last_double_quote_ = kUnknown;
  size_t last_single_quote_ = kUnknown;
  size_t cached_line_ = 0;
  size_t cached_offset_ = 0;
  size_t cached_pos_ = 0;
  int words_found_ = 0;
  size_t last_word_end_ = std::string::npos;
};


struct Truncation {
  size_t truncate_at = std::string::npos;  // npos: the text has fewer words
  std::vector<std::string> open_tags;
};

// Walks `text`; as a prefix walk, nullopt when the answer needs more text.
std::optional<Truncation> WalkWords(std::string_view text, int words, bool is_prefix) {
  WordTruncator truncator(words, is_prefix);
  Truncation result;
  try {
    truncator.Feed(text);
  } catch (const TruncationCompleted& done) {
    result.truncate_at = done.truncate_at;
  } catch (const PrefixUndecided&) {
    return std::nullopt;
  }
  if (is_prefix && result.truncate_at == std::string::npos) return std::nullopt;
  result.open_tags = std::move(truncator.open_tags);
  return result;
}

// The longest prefix of `html` not longer than `size` that ends between
// UTF-8 characters.
std::string_view Utf8Prefix(std::string_view html, size_t size) {
  while (size > 0 && (static_cast<unsigned char>(html[size]) & 0xC0) == 0x80) --size;
  return html.substr(0, size);
}

Truncation FindTruncation(std::string_view html, int words) {
  for (size_t size = 4096; size < html.size(); size *= 4) {
    if (auto found = WalkWords(Utf8Prefix(html, size), words, true)) return std::move(*found);
  }
  return *WalkWords(html, words, false);
}

}  // namespace

std::string TruncateHtmlWords(std::string_view html, int words, std::string_view end_text) {
  if (words <= 0) return "";
  Truncation found = FindTruncation(html, words);
  if (found.truncate_at == std::string::npos) return std::string(html);
  std::string out(html.substr(0, found.truncate_at));
  if (!end_text.empty()) {
    out += ' ';
    out += end_text;
  }
  for (const std::string& tag : found.open_tags) {
    out += "</";
    out += tag;
    out += '>';
  }
  return out;
}

}  // namespace stacks::content
