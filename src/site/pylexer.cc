#include <cstdio>

#include <unicode/uchar.h>

#include "base/base.h"
#include "site/pyconf.h"

namespace stacks::site {
namespace {

bool IsIdentStart(unsigned char c) { return std::isalpha(c) || c == '_' || c >= 0x80; }
bool IsIdentChar(unsigned char c) { return std::isalnum(c) || c == '_' || c >= 0x80; }

// Three-, two- and one-character operators, longest first.
constexpr std::string_view kOperators[] = {
    "**=", "//=", ">>=", "<<=", "...", "**", "//", "==", "!=", "<=", ">=", "+=", "-=", "*=", "/=",
    "%=",  "&=",  "|=",  "^=",  "->",  ":=", "<<", ">>", "(",  ")",  "[",  "]",  "{",  "}",  ",",
    ":",   ".",   ";",   "@",   "=",   "+",  "-",  "*",  "/",  "%",  "<",  ">",  "&",  "|",  "^", "~"};

class Lexer {
 public:
  explicit Lexer(std::string_view src) : src_(src) {
    if (src_.substr(0, 3) == "\xEF\xBB\xBF") pos_ = 3;
  }

  LexResult Run() {
    while (result_.ok) {
      if (at_line_start_ && depth_ == 0 && !ReadIndent()) continue;
      if (pos_ >= src_.size()) break;
      char c = src_[pos_];
      if (c == '#') {
        while (pos_ < src_.size() && src_[pos_] != '\n') ++pos_;
      } else if (c == '\n') {
        ++pos_;
        if (depth_ == 0 && !at_line_start_) Push(TokKind::kNewline, pos_ - 1, 1);
        if (depth_ == 0) at_line_start_ = true;
      } else if (c == ' ' || c == '\t' || c == '\f' || c == '\r') {
        ++pos_;
      } else if (c == '\\') {
        ReadContinuation();
      } else {
        ReadToken();
      }
    }
    if (result_.ok && !at_line_start_) Push(TokKind::kNewline, src_.size(), 0);
    if (result_.ok && depth_ > 0) Fail(open_brackets_.back(), "'" + std::string(1, src_[open_brackets_.back()]) + "' was never closed");
    Push(TokKind::kEnd, src_.size(), 0);
    return std::move(result_);
  }

 private:
  // Measures the indentation of a new line; blank and comment-only lines
  // return false so that they produce no tokens.
  bool ReadIndent() {
    size_t col = 0;
    while (pos_ < src_.size() && (src_[pos_] == ' ' || src_[pos_] == '\t' || src_[pos_] == '\f')) {
      col = src_[pos_] == '\t' ? (col / 8 + 1) * 8 : col + 1;
      ++pos_;
    }
    if (pos_ < src_.size() && src_[pos_] == '\r') ++pos_;
    if (pos_ >= src_.size()) return true;
    char c = src_[pos_];
    if (c == '\n') {
      ++pos_;
      return false;
    }
    if (c == '#') {
      while (pos_ < src_.size() && src_[pos_] != '\n') ++pos_;
      return false;
    }
    indent_ = col;
    return true;
  }

  void ReadContinuation() {
    size_t p = pos_ + 1;
    if (p < src_.size() && src_[p] == '\r') ++p;
    if (p < src_.size() && src_[p] == '\n') {
      pos_ = p + 1;
      return;
    }
    Fail(pos_, "unexpected character after line continuation character");
  }

  void ReadToken() {
    unsigned char c = src_[pos_];
    if (IsIdentStart(c)) {
      size_t start = pos_;
      while (pos_ < src_.size() && IsIdentChar(src_[pos_])) ++pos_;
      std::string_view word = src_.substr(start, pos_ - start);
      if (pos_ < src_.size() && (src_[pos_] == '\'' || src_[pos_] == '"') && IsStringPrefix(word)) {
        ReadString(start, word);
        return;
      }
      Push(TokKind::kName, start, pos_ - start);
      return;
    }
    if (std::isdigit(c) || (c == '.' && pos_ + 1 < src_.size() && std::isdigit(static_cast<unsigned char>(src_[pos_ + 1])))) {
      ReadNumber();
      return;
    }
    if (c == '\'' || c == '"') {
      ReadString(pos_, {});
      return;
    }
    for (std::string_view op : kOperators) {
      if (src_.substr(pos_, op.size()) == op) {
        TrackBrackets(op);
        if (!result_.ok) return;
        Push(TokKind::kOp, pos_, op.size());
        pos_ += op.size();
        return;
      }
    }
    size_t i = pos_;
    char32_t cp = DecodeUtf8(src_, i);
    char buf[16];
    std::snprintf(buf, sizeof buf, "U+%04X", static_cast<unsigned>(cp));
    Fail(pos_, "invalid character '" + std::string(src_.substr(pos_, i - pos_)) + "' (" + buf + ")");
  }

  void TrackBrackets(std::string_view op) {
    char c = op[0];
    if (op.size() != 1) return;
    if (c == '(' || c == '[' || c == '{') {
      if (depth_ >= 200) {  // Python's tokenizer limit (MAXLEVEL)
        Fail(pos_, "too many nested parentheses");
        return;
      }
      ++depth_;
      open_brackets_.push_back(pos_);
    } else if (c == ')' || c == ']' || c == '}') {
      if (depth_ == 0) {
        Fail(pos_, std::string("unmatched '") + c + "'");
        return;
      }
      char open = src_[open_brackets_.back()];
      char expected = open == '(' ? ')' : open == '[' ? ']' : '}';
      if (c != expected) {
        Fail(pos_, std::string("closing parenthesis '") + c + "' does not match opening parenthesis '" + open + "'");
        return;
      }
      --depth_;
      open_brackets_.pop_back();
    }
  }

  static bool IsStringPrefix(std::string_view word) {
    if (word.size() > 2) return false;
    std::string lower = AsciiLower(word);
    static const char* kPrefixes[] = {"r", "u", "b", "f", "br", "rb", "fr", "rf"};
    for (const char* p : kPrefixes)
      if (lower == p) return true;
    return false;
  }

  void ReadNumber() {
    size_t start = pos_;
    auto digits = [&](auto pred) {
      while (pos_ < src_.size() && (pred(static_cast<unsigned char>(src_[pos_])) || src_[pos_] == '_')) ++pos_;
    };
    if (src_[pos_] == '0' && pos_ + 1 < src_.size() && std::strchr("xXoObB", src_[pos_ + 1])) {
      pos_ += 2;
      digits([](unsigned char ch) { return std::isxdigit(ch) != 0; });
    } else {
      digits([](unsigned char ch) { return std::isdigit(ch) != 0; });
      if (pos_ < src_.size() && src_[pos_] == '.') {
        ++pos_;
        digits([](unsigned char ch) { return std::isdigit(ch) != 0; });
      }
      if (pos_ < src_.size() && (src_[pos_] == 'e' || src_[pos_] == 'E')) {
        size_t save = pos_++;
        if (pos_ < src_.size() && (src_[pos_] == '+' || src_[pos_] == '-')) ++pos_;
        if (pos_ < src_.size() && std::isdigit(static_cast<unsigned char>(src_[pos_])))
          digits([](unsigned char ch) { return std::isdigit(ch) != 0; });
        else
          pos_ = save;
      }
      if (pos_ < src_.size() && (src_[pos_] == 'j' || src_[pos_] == 'J')) ++pos_;
    }
    Push(TokKind::kNumber, start, pos_ - start);
  }

  // Reads a string literal whose prefix (possibly empty) starts at `start`;
  // escapes are decoded unless the prefix has `r`.
  void ReadString(size_t start, std::string_view prefix) {
    std::string lower = AsciiLower(prefix);
    bool raw = lower.find('r') != std::string::npos;
    char quote = src_[pos_];
    bool triple = src_.substr(pos_, 3) == std::string(3, quote);
    pos_ += triple ? 3 : 1;
    std::string body;
    while (true) {
      if (pos_ >= src_.size() || (!triple && src_[pos_] == '\n')) {
        Fail(start, std::string(triple ? "unterminated triple-quoted string literal" : "unterminated string literal") +
                        " (detected at line " + std::to_string(LineColAt(src_, pos_).line) + ")");
        return;
      }
      char c = src_[pos_];
      if (c == quote && (!triple || src_.substr(pos_, 3) == std::string(3, quote))) {
        pos_ += triple ? 3 : 1;
        break;
      }
      if (c == '\\' && pos_ + 1 < src_.size()) {
        if (raw) {
          body.push_back(c);
          body.push_back(src_[pos_ + 1]);
          pos_ += 2;
        } else if (!ReadEscape(&body)) {
          return;
        }
        continue;
      }
      if (c == '\r') {
        ++pos_;
        if (pos_ >= src_.size() || src_[pos_] != '\n') body.push_back('\n');
        continue;
      }
      body.push_back(c);
      ++pos_;
    }
    Push(TokKind::kString, start, pos_ - start);
    Token& t = result_.tokens.back();
    t.value = std::move(body);
    t.is_bytes = lower.find('b') != std::string::npos;
    t.is_fstring = lower.find('f') != std::string::npos;
  }

  bool ReadEscape(std::string* out) {
    char e = src_[pos_ + 1];
    pos_ += 2;
    switch (e) {
      case '\n': return true;
      case '\r':
        if (pos_ < src_.size() && src_[pos_] == '\n') ++pos_;
        return true;
      case '\\': out->push_back('\\'); return true;
      case '\'': out->push_back('\''); return true;
      case '"': out->push_back('"'); return true;
      case 'a': out->push_back('\a'); return true;
      case 'b': out->push_back('\b'); return true;
      case 'f': out->push_back('\f'); return true;
      case 'n': out->push_back('\n'); return true;
      case 'r': out->push_back('\r'); return true;
      case 't': out->push_back('\t'); return true;
      case 'v': out->push_back('\v'); return true;
      case 'x': return ReadHexEscape(2, out);
      case 'u': return ReadHexEscape(4, out);
      case 'U': return ReadHexEscape(8, out);
      default: break;
    }
    if (e >= '0' && e <= '7') {
      unsigned value = e - '0';
      for (int k = 0; k < 2 && pos_ < src_.size() && src_[pos_] >= '0' && src_[pos_] <= '7'; ++k)
        value = value * 8 + (src_[pos_++] - '0');
      AppendUtf8(*out, value);
      return true;
    }
    if (e == 'N') return ReadNamedEscape(out);
    // Unknown escapes keep their backslash, as Python does.
    out->push_back('\\');
    pos_ -= 1;
    return true;
  }

  // \N{NAME}: a character by its Unicode name or name alias, in any case.
  bool ReadNamedEscape(std::string* out) {
    size_t start = pos_ - 2;
    size_t close = src_.find('}', pos_);
    if (pos_ >= src_.size() || src_[pos_] != '{' || close == std::string_view::npos) {
      Fail(start, "(unicode error) malformed \\N character escape");
      return false;
    }
    std::string name(src_.substr(pos_ + 1, close - pos_ - 1));
    UErrorCode status = U_ZERO_ERROR;
    UChar32 cp = u_charFromName(U_UNICODE_CHAR_NAME, name.c_str(), &status);
    if (U_FAILURE(status)) {
      status = U_ZERO_ERROR;
      cp = u_charFromName(U_CHAR_NAME_ALIAS, name.c_str(), &status);
    }
    if (U_FAILURE(status) || cp < 0) {
      Fail(start, "(unicode error) unknown Unicode character name '" + name +
                      "' (stacks reads names and corrected names, not the other aliases)");
      return false;
    }
    AppendUtf8(*out, static_cast<char32_t>(cp));
    pos_ = close + 1;
    return true;
  }

  bool ReadHexEscape(int digits, std::string* out) {
    size_t start = pos_ - 2;
    unsigned long value = 0;
    for (int k = 0; k < digits; ++k) {
      if (pos_ >= src_.size() || !std::isxdigit(static_cast<unsigned char>(src_[pos_]))) {
        Fail(start, "(unicode error) truncated \\" + std::string(1, src_[start + 1]) + " escape");
        return false;
      }
      value = value * 16 + std::stoul(std::string(1, src_[pos_++]), nullptr, 16);
    }
    if (value > 0x10FFFF) {
      Fail(start, "(unicode error) illegal Unicode character");
      return false;
    }
    AppendUtf8(*out, static_cast<char32_t>(value));
    return true;
  }

  void Push(TokKind kind, size_t offset, size_t len) {
    Token t;
    t.kind = kind;
    t.offset = offset;
    t.text = src_.substr(offset, len);
    if (kind != TokKind::kNewline && kind != TokKind::kEnd && at_line_start_) {
      t.line_start = true;
      t.indent = indent_;
      at_line_start_ = false;
    }
    result_.tokens.push_back(std::move(t));
  }

  void Fail(size_t offset, std::string message) {
    if (!result_.ok) return;
    result_.ok = false;
    result_.error_offset = offset;
    result_.error = std::move(message);
  }

  std::string_view src_;
  size_t pos_ = 0;
  size_t depth_ = 0;
  std::vector<size_t> open_brackets_;
  bool at_line_start_ = true;
  size_t indent_ = 0;
  LexResult result_;
};

}  // namespace

LexResult TokenizePython(std::string_view source) { return Lexer(source).Run(); }

}  // namespace stacks::site
