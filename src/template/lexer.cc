#include "template/lexer.h"

#include <cstdlib>
#include <cstring>

#include "base/base.h"
#include "template/value.h"

namespace stacks::tmpl {
namespace {

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsNameStart(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || static_cast<unsigned char>(c) >= 0x80;
}
bool IsNameChar(char c) { return IsNameStart(c) || IsDigit(c); }

std::string_view RStrip(std::string_view s) {
  while (!s.empty() && IsSpace(s.back())) s.remove_suffix(1);
  return s;
}

size_t SkipSpaces(std::string_view s, size_t pos) {
  while (pos < s.size() && IsSpace(s[pos])) ++pos;
  return pos;
}

bool StartsWith(std::string_view s, size_t pos, std::string_view what) {
  return s.size() >= pos + what.size() && s.compare(pos, what.size(), what) == 0;
}

// Decodes a string literal body as Python's unicode-escape codec does.
std::string DecodeString(std::string_view body, size_t offset) {
  std::string out;
  for (size_t i = 0; i < body.size(); ++i) {
    char c = body[i];
    if (c != '\\' || i + 1 >= body.size()) {
      out += c;
      continue;
    }
    char e = body[++i];
    auto hex = [&](int n) -> bool {
      uint32_t cp = 0;
      for (int k = 1; k <= n; ++k) {
        if (i + k >= body.size()) return false;
        char h = body[i + k];
        int d = IsDigit(h) ? h - '0' : (h >= 'a' && h <= 'f') ? h - 'a' + 10 : (h >= 'A' && h <= 'F') ? h - 'A' + 10 : -1;
        if (d < 0) return false;
        cp = cp * 16 + static_cast<uint32_t>(d);
      }
      if (cp > 0x10FFFF) return false;
      AppendUtf8(out, cp);
      i += n;
      return true;
    };
    switch (e) {
      case '\n': break;
      case '\\': out += '\\'; break;
      case '\'': out += '\''; break;
      case '"': out += '"'; break;
      case 'a': out += '\a'; break;
      case 'b': out += '\b'; break;
      case 'f': out += '\f'; break;
      case 'n': out += '\n'; break;
      case 'r': out += '\r'; break;
      case 't': out += '\t'; break;
      case 'v': out += '\v'; break;
      case 'x':
        if (!hex(2)) throw LexError{"truncated \\xXX escape", offset};
        break;
      case 'u':
        if (!hex(4)) throw LexError{"truncated \\uXXXX escape", offset};
        break;
      case 'U':
        if (!hex(8)) throw LexError{"truncated \\UXXXXXXXX escape", offset};
        break;
      default:
        if (e >= '0' && e <= '7') {
          uint32_t cp = static_cast<uint32_t>(e - '0');
          for (int k = 0; k < 2 && i + 1 < body.size() && body[i + 1] >= '0' && body[i + 1] <= '7'; ++k)
            cp = cp * 8 + static_cast<uint32_t>(body[++i] - '0');
          AppendUtf8(out, cp);
        } else {
          out += '\\';
          out += e;
        }
    }
  }
  return out;
}

// Operators, longest first so "**" wins over "*".
constexpr const char* kOperators[] = {"**", "//", "==", "!=", ">=", "<=", "+", "-", "/", "*", "%", "~", "[",
                                      "]",  "(",  ")",  "{",  "}",  ">",  "<", "=", ".", ":", "|", ",", ";"};

// Matches Jinja's float_re at `pos`: digits with '_' separators, then a
// fraction and/or an exponent. Returns the length, 0 when no match.
size_t MatchDigits(std::string_view s, size_t pos) {
  size_t i = pos;
  if (i >= s.size() || !IsDigit(s[i])) return 0;
  while (i < s.size()) {
    if (IsDigit(s[i])) ++i;
    else if (s[i] == '_' && i + 1 < s.size() && IsDigit(s[i + 1])) ++i;
    else break;
  }
  return i - pos;
}

size_t MatchFloat(std::string_view s, size_t pos) {
  if (pos > 0 && s[pos - 1] == '.') return 0;
  size_t n = MatchDigits(s, pos);
  if (!n) return 0;
  size_t i = pos + n;
  bool frac = false;
  if (i < s.size() && s[i] == '.') {
    size_t f = MatchDigits(s, i + 1);
    if (f) {
      i += 1 + f;
      frac = true;
    }
  }
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    size_t j = i + 1;
    if (j < s.size() && (s[j] == '+' || s[j] == '-')) ++j;
    size_t e = MatchDigits(s, j);
    if (e) return j + e - pos;
  }
  return frac ? i - pos : 0;
}

// Matches Jinja's integer_re: 0b/0o/0x prefixed digits or a decimal, each
// digit optionally preceded by '_'.
size_t MatchInteger(std::string_view s, size_t pos, int64_t& value) {
  auto digit_value = [](char c) {
    return IsDigit(c) ? c - '0' : (c >= 'a' && c <= 'f') ? c - 'a' + 10 : (c >= 'A' && c <= 'F') ? c - 'A' + 10 : 99;
  };
  auto run = [&](size_t start, int base, bool leading_zero_only) -> size_t {
    size_t i = start;
    uint64_t v = 0;
    while (i < s.size()) {
      size_t j = i;
      if (s[j] == '_' && j > pos) ++j;
      if (j >= s.size()) break;
      int d = digit_value(s[j]);
      if (d >= base || (leading_zero_only && d != 0)) break;
      v = v * static_cast<uint64_t>(base) + static_cast<uint64_t>(d);
      i = j + 1;
    }
    value = static_cast<int64_t>(v);
    return i;
  };
  if (s[pos] == '0' && pos + 1 < s.size()) {
    char p = static_cast<char>(s[pos + 1] | 0x20);
    int base = p == 'b' ? 2 : p == 'o' ? 8 : p == 'x' ? 16 : 0;
    if (base) {
      size_t end = run(pos + 2, base, false);
      if (end > pos + 2) return end - pos;
    }
    return run(pos + 1, 10, true) - pos;  // "0", "00", "0_0"
  }
  return run(pos, 10, false) - pos;
}

size_t MatchString(std::string_view s, size_t pos) {
  char q = s[pos];
  for (size_t i = pos + 1; i < s.size(); ++i) {
    if (s[i] == '\\') ++i;
    else if (s[i] == q) return i + 1 - pos;
  }
  return 0;
}

// The lexer proper: a loop over the root state (data up to the next tag)
// and the tag states (tokens up to the closing delimiter).
class Lexer {
 public:
  Lexer(std::string_view src, const LexOptions& o) : s_(src), opt_(o) {}

  std::vector<Token> Run() {
    while (pos_ < s_.size()) LexRoot();
    Emit(Tok::kEof, s_.size(), "");
    return std::move(tokens_);
  }

 private:
  void Emit(Tok type, size_t offset, std::string value) {
    Token t;
    t.type = type;
    t.offset = offset;
    t.value = std::move(value);
    tokens_.push_back(std::move(t));
  }

  // Finds the next "{{", "{%" or "{#" and applies whitespace control to the
  // text before it.
  void LexRoot() {
    size_t p = pos_;
    while (true) {
      p = s_.find('{', p);
      if (p == std::string_view::npos || p + 1 >= s_.size()) {
        EmitData(pos_, s_.substr(pos_));
        pos_ = s_.size();
        return;
      }
      char k = s_[p + 1];
      if (k == '{' || k == '%' || k == '#') break;
      ++p;
    }
    char kind = s_[p + 1];
    size_t after = p + 2;
    char sign = 0;
    if (after < s_.size() && (s_[after] == '-' || s_[after] == '+')) sign = s_[after++];
    std::string_view text = s_.substr(pos_, p - pos_);
    if (sign == '-') {
      text = RStrip(text);
    } else if (sign != '+' && opt_.lstrip_blocks && kind != '{') {
      size_t l_pos = text.rfind('\n');
      l_pos = l_pos == std::string_view::npos ? 0 : l_pos + 1;
      if (l_pos > 0 || line_starting_) {
        std::string_view tail = text.substr(l_pos);
        if (!tail.empty() && RStrip(tail).empty()) text = text.substr(0, l_pos);
      }
    }
    EmitData(pos_, text);
    line_starting_ = false;
    if (kind == '%' && TryRaw(p, after)) return;
    if (kind == '#') {
      LexComment(after);
      return;
    }
    Emit(kind == '{' ? Tok::kVariableBegin : Tok::kBlockBegin, p, "");
    pos_ = after;
    LexTag(kind == '{');
  }

  void EmitData(size_t offset, std::string_view text) {
    if (!text.empty()) Emit(Tok::kData, offset, std::string(text));
  }

  // `{% raw %}...{% endraw %}`: the body is data, untouched.
  bool TryRaw(size_t start, size_t after) {
    size_t i = SkipSpaces(s_, after);
    if (!StartsWith(s_, i, "raw")) return false;
    i = SkipSpaces(s_, i + 3);
    if (StartsWith(s_, i, "-%}")) {
      i = SkipSpaces(s_, i + 3);
    } else if (StartsWith(s_, i, "%}")) {
      i += 2;
    } else {
      return false;
    }
    size_t body_start = i;
    size_t search = i;
    while (true) {
      size_t p = s_.find("{%", search);
      if (p == std::string_view::npos) throw LexError{"Missing end of raw directive", start};
      size_t j = p + 2;
      char sign = 0;
      if (j < s_.size() && (s_[j] == '-' || s_[j] == '+')) sign = s_[j++];
      j = SkipSpaces(s_, j);
      if (!StartsWith(s_, j, "endraw")) {
        search = p + 1;
        continue;
      }
      j = SkipSpaces(s_, j + 6);
      size_t end;
      if (StartsWith(s_, j, "+%}")) end = j + 3;
      else if (StartsWith(s_, j, "-%}")) end = SkipSpaces(s_, j + 3);
      else if (StartsWith(s_, j, "%}")) end = j + 2 + (opt_.trim_blocks && StartsWith(s_, j + 2, "\n") ? 1 : 0);
      else {
        search = p + 1;
        continue;
      }
      std::string_view text = s_.substr(body_start, p - body_start);
      if (sign == '-') {
        text = RStrip(text);
      } else if (sign != '+' && opt_.lstrip_blocks) {
        size_t l_pos = text.rfind('\n');
        l_pos = l_pos == std::string_view::npos ? 0 : l_pos + 1;
        if (l_pos > 0) {
          std::string_view tail = text.substr(l_pos);
          if (!tail.empty() && RStrip(tail).empty()) text = text.substr(0, l_pos);
        }
      }
      EmitData(body_start, text);
      pos_ = end;
      line_starting_ = end > 0 && s_[end - 1] == '\n';
      return true;
    }
  }

  void LexComment(size_t after) {
    size_t p = after;
    while (true) {
      p = s_.find("#}", p);
      if (p == std::string_view::npos) throw LexError{"Missing end of comment tag", after};
      if (p > after && s_[p - 1] == '+') {
        pos_ = p + 2;
      } else if (p > after && s_[p - 1] == '-') {
        pos_ = SkipSpaces(s_, p + 2);
      } else {
        pos_ = p + 2 + (opt_.trim_blocks && StartsWith(s_, p + 2, "\n") ? 1 : 0);
      }
      line_starting_ = pos_ > 0 && s_[pos_ - 1] == '\n';
      return;
    }
  }

  // Returns the end of the closing delimiter at pos_, or 0.
  size_t MatchTagEnd(bool variable) {
    if (!balance_.empty()) return 0;
    if (variable) {
      if (StartsWith(s_, pos_, "-}}")) return SkipSpaces(s_, pos_ + 3);
      if (StartsWith(s_, pos_, "}}")) return pos_ + 2;
      return 0;
    }
    if (StartsWith(s_, pos_, "+%}")) return pos_ + 3;
    if (StartsWith(s_, pos_, "-%}")) return SkipSpaces(s_, pos_ + 3);
    if (StartsWith(s_, pos_, "%}")) return pos_ + 2 + (opt_.trim_blocks && StartsWith(s_, pos_ + 2, "\n") ? 1 : 0);
    return 0;
  }

  void LexTag(bool variable) {
    while (pos_ < s_.size()) {
      if (size_t end = MatchTagEnd(variable)) {
        Emit(variable ? Tok::kVariableEnd : Tok::kBlockEnd, pos_, "");
        pos_ = end;
        line_starting_ = s_[end - 1] == '\n';
        return;
      }
      LexTagToken();
    }
  }

  void LexTagToken() {
    char c = s_[pos_];
    if (IsSpace(c)) {
      pos_ = SkipSpaces(s_, pos_);
      return;
    }
    if (size_t n = MatchFloat(s_, pos_)) {
      std::string text;
      for (size_t i = pos_; i < pos_ + n; ++i)
        if (s_[i] != '_') text += s_[i];
      Emit(Tok::kFloat, pos_, text);
      tokens_.back().float_value = std::strtod(text.c_str(), nullptr);
      pos_ += n;
      return;
    }
    int64_t iv = 0;
    if (IsDigit(c)) {
      size_t n = MatchInteger(s_, pos_, iv);
      Emit(Tok::kInteger, pos_, std::string(s_.substr(pos_, n)));
      tokens_.back().int_value = iv;
      pos_ += n;
      return;
    }
    if (IsNameStart(c)) {
      size_t i = pos_;
      while (i < s_.size() && IsNameChar(s_[i])) ++i;
      Emit(Tok::kName, pos_, std::string(s_.substr(pos_, i - pos_)));
      pos_ = i;
      return;
    }
    if (c == '\'' || c == '"') {
      if (size_t n = MatchString(s_, pos_)) {
        Emit(Tok::kString, pos_, DecodeString(s_.substr(pos_ + 1, n - 2), pos_));
        pos_ += n;
        return;
      }
    }
    for (const char* op : kOperators) {
      if (StartsWith(s_, pos_, op)) {
        Balance(op);
        Emit(Tok::kOperator, pos_, op);
        pos_ += std::strlen(op);
        return;
      }
    }
    std::string ch(1, c);
    if (static_cast<unsigned char>(c) >= 0x80) {
      size_t i = pos_;
      DecodeUtf8(s_, i);
      ch = std::string(s_.substr(pos_, i - pos_));
    }
    throw LexError{"unexpected char " + ReprString(ch) + " at " + std::to_string(CountCodePoints(s_.substr(0, pos_))),
                   pos_};
  }

  void Balance(std::string_view op) {
    if (op == "{") balance_.push_back('}');
    else if (op == "(") balance_.push_back(')');
    else if (op == "[") balance_.push_back(']');
    else if (op == "}" || op == ")" || op == "]") {
      if (balance_.empty()) throw LexError{"unexpected '" + std::string(op) + "'", pos_};
      char expected = balance_.back();
      balance_.pop_back();
      if (expected != op[0])
        throw LexError{"unexpected '" + std::string(op) + "', expected '" + std::string(1, expected) + "'", pos_};
    }
  }

  std::string_view s_;
  LexOptions opt_;
  size_t pos_ = 0;
  bool line_starting_ = true;
  std::vector<char> balance_;
  std::vector<Token> tokens_;
};

}  // namespace

std::string NormalizeSource(std::string_view source, bool keep_trailing_newline) {
  std::string out;
  out.reserve(source.size());
  for (size_t i = 0; i < source.size(); ++i) {
    if (source[i] == '\r') {
      out += '\n';
      if (i + 1 < source.size() && source[i + 1] == '\n') ++i;
    } else {
      out += source[i];
    }
  }
  if (!keep_trailing_newline && !out.empty() && out.back() == '\n') out.pop_back();
  return out;
}

std::vector<Token> Tokenize(std::string_view source, const LexOptions& options) {
  return Lexer(source, options).Run();
}

std::string DescribeTokenType(Tok type) {
  switch (type) {
    case Tok::kData: return "template data / text";
    case Tok::kVariableBegin: return "begin of print statement";
    case Tok::kVariableEnd: return "end of print statement";
    case Tok::kBlockBegin: return "begin of statement block";
    case Tok::kBlockEnd: return "end of statement block";
    case Tok::kName: return "name";
    case Tok::kString: return "string";
    case Tok::kInteger: return "integer";
    case Tok::kFloat: return "float";
    case Tok::kOperator: return "operator";
    case Tok::kEof: return "end of template";
  }
  return "";
}

std::string DescribeToken(const Token& t) {
  if (t.type == Tok::kName || t.type == Tok::kOperator) return t.value;
  return DescribeTokenType(t.type);
}

}  // namespace stacks::tmpl
