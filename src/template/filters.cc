// Jinja's built-in filters (jinja2.filters.FILTERS), one function each.
#include <algorithm>
#include <cmath>
#include <cstring>
#include <optional>
#include <random>
#include <unordered_map>

#include "base/base.h"
#include "template/bigint.h"
#include "template/interp.h"
#include "template/runtime.h"

namespace stacks::tmpl {

std::string ApplyFormatSpec(Interp& in, const Value& v, std::string_view spec);

ArgReader::ArgReader(const Args& args, std::string_view fn, std::vector<const char*> names)
    : args_(args), names_(std::move(names)) {
  if (args.positional.size() > names_.size())
    ThrowTypeError(std::string(fn) + "() takes up to " + std::to_string(names_.size() + 1) + " positional arguments but " +
                   std::to_string(args.positional.size() + 1) + " were given");
  for (const auto& [k, v] : args.keywords) {
    bool known = false;
    for (const char* n : names_) known |= k == n;
    if (!known) ThrowTypeError(std::string(fn) + "() got an unexpected keyword argument " + ReprString(k));
  }
}

const Value* ArgReader::Get(size_t index) const {
  if (index < args_.positional.size()) return &args_.positional[index];
  if (index < names_.size())
    if (const Value* v = args_.Keyword(names_[index])) return v;
  return nullptr;
}

Value ArgReader::GetOr(size_t index, Value dflt) const {
  const Value* v = Get(index);
  return v ? *v : dflt;
}

namespace {

Value Like(const Value& subject, std::string s) {
  return subject.IsMarkup() ? Value::Markup(std::move(s)) : Value(std::move(s));
}

bool IsPySpace(char32_t c) {
  return c == ' ' || (c >= 9 && c <= 13) || (c >= 0x1c && c <= 0x1f) || c == 0x85 || c == 0xA0 || c == 0x1680 ||
         (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029 || c == 0x202F || c == 0x205F || c == 0x3000;
}

bool IsWordChar(char32_t c) {
  if (c < 0x80) return std::isalnum(static_cast<int>(c)) || c == '_';
  if (IsPySpace(c)) return false;
  if (c >= 0xA1 && c <= 0xBF && c != 0xAA && c != 0xB5 && c != 0xBA && c != 0xB2 && c != 0xB3 && c != 0xB9 && c != 0xBC && c != 0xBD && c != 0xBE) return false;
  if (c == 0xD7 || c == 0xF7) return false;
  if (c >= 0x2010 && c <= 0x206F) return false;
  if (c >= 0x3000 && c <= 0x303F) return false;
  return true;
}

std::u32string StripPy(std::u32string s) {
  size_t b = 0, e = s.size();
  while (b < e && IsPySpace(s[b])) ++b;
  while (e > b && IsPySpace(s[e - 1])) --e;
  return s.substr(b, e - b);
}

int64_t ToInt(const Value& v, const char* what = "integer") {
  if (v.IsInt() || v.IsBool()) return v.AsInt();
  if (v.IsFloat()) return static_cast<int64_t>(v.AsDouble());
  if (v.IsUndefined()) ThrowUndefined(v);
  ThrowTypeError(std::string("'") + v.TypeName() + "' object cannot be interpreted as an " + what);
}

// Jinja's attribute paths: "a.b.0" -> getitem chain with int parts.
std::vector<Value> AttributeParts(const Value& attr) {
  std::vector<Value> parts;
  if (attr.IsNone() || attr.IsUndefined()) return parts;
  if (!attr.IsString()) {
    parts.push_back(attr);
    return parts;
  }
  for (const auto& p : Split(attr.AsString(), '.')) {
    bool digits = !p.empty() && std::all_of(p.begin(), p.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
    parts.push_back(digits ? Value(static_cast<int64_t>(std::stoll(p))) : Value(p));
  }
  return parts;
}

Value IgnoreCase(const Value& v) {
  if (v.IsString()) return Value(ToLowerUtf8(v.AsString()));
  return v;
}

Value GetPath(Interp& in, Value item, const std::vector<Value>& parts, const Value* dflt = nullptr) {
  for (const Value& p : parts) {
    item = in.GetItem(item, p);
    if (dflt && !dflt->IsNone() && item.IsUndefined()) item = *dflt;
  }
  return item;
}

void SortValues(List& items, bool reverse, const std::function<Value(const Value&)>& key) {
  std::vector<std::pair<Value, Value>> keyed;
  keyed.reserve(items.size());
  for (auto& v : items) keyed.emplace_back(key(v), v);
  std::stable_sort(keyed.begin(), keyed.end(), [&](const auto& a, const auto& b) {
    return reverse ? CompareValues(b.first, a.first) < 0 : CompareValues(a.first, b.first) < 0;
  });
  for (size_t i = 0; i < items.size(); ++i) items[i] = std::move(keyed[i].second);
}

// ---- string filters ----------------------------------------------------------

Value FUpper(Interp& in, const Value& s, Args&) { return Like(s, ToUpperUtf8(in.Str(s))); }
Value FLower(Interp& in, const Value& s, Args&) { return Like(s, ToLowerUtf8(in.Str(s))); }

Value FCapitalize(Interp& in, const Value& s, Args&) {
  std::u32string u = ToU32(ToLowerUtf8(in.Str(s)));
  if (!u.empty()) u = ToU32(ToUpperUtf8(FromU32(u.substr(0, 1)))) + u.substr(1);
  return Like(s, FromU32(u));
}

// Title-cases each piece after a run of whitespace or one of - ( { [ <.
Value FTitle(Interp& in, const Value& s, Args&) {
  std::u32string u = ToU32(in.Str(s));
  std::string out;
  bool start = true;
  for (char32_t c : u) {
    bool sep = IsPySpace(c) || c == '-' || c == '(' || c == '{' || c == '[' || c == '<';
    std::string ch = FromU32(std::u32string(1, c));
    if (sep) {
      out += ch;
      start = true;
    } else {
      out += start ? ToUpperUtf8(ch) : ToLowerUtf8(ch);
      start = false;
    }
  }
  return Value(out);
}

Value FTrim(Interp& in, const Value& s, Args& args) {
  ArgReader r(args, "do_trim", {"chars"});
  std::u32string u = ToU32(in.Str(s));
  const Value* chars = r.Get(0);
  if (!chars || chars->IsNone()) return Like(s, FromU32(StripPy(u)));
  std::u32string set = ToU32(chars->Str());
  size_t b = 0, e = u.size();
  while (b < e && set.find(u[b]) != std::u32string::npos) ++b;
  while (e > b && set.find(u[e - 1]) != std::u32string::npos) --e;
  return Like(s, FromU32(u.substr(b, e - b)));
}

struct Entity {
  const char* name;
  const char* text;
};
constexpr Entity kEntities[] = {
#include "template/entities.inc"
};

const char* FindEntity(std::string_view name) {
  auto it = std::lower_bound(std::begin(kEntities), std::end(kEntities), name,
                             [](const Entity& e, std::string_view n) { return std::string_view(e.name) < n; });
  if (it != std::end(kEntities) && name == it->name) return it->text;
  return nullptr;
}

// Python's html._invalid_charrefs: numeric references to C1 controls read
// as Windows-1252 (and a few others), sorted by code point.
constexpr std::pair<char32_t, char32_t> kInvalidCharrefs[] = {
    {0x00, 0xFFFD}, {0x0D, 0x0D},   {0x80, 0x20AC}, {0x81, 0x81},   {0x82, 0x201A}, {0x83, 0x0192},
    {0x84, 0x201E}, {0x85, 0x2026}, {0x86, 0x2020}, {0x87, 0x2021}, {0x88, 0x02C6}, {0x89, 0x2030},
    {0x8A, 0x0160}, {0x8B, 0x2039}, {0x8C, 0x0152}, {0x8D, 0x8D},   {0x8E, 0x017D}, {0x8F, 0x8F},
    {0x90, 0x90},   {0x91, 0x2018}, {0x92, 0x2019}, {0x93, 0x201C}, {0x94, 0x201D}, {0x95, 0x2022},
    {0x96, 0x2013}, {0x97, 0x2014}, {0x98, 0x02DC}, {0x99, 0x2122}, {0x9A, 0x0161}, {0x9B, 0x203A},
    {0x9C, 0x0153}, {0x9D, 0x9D},   {0x9E, 0x017E}, {0x9F, 0x0178},
};

// Python's html._invalid_codepoints: references to them produce nothing.
bool IsInvalidCodepoint(char32_t cp) {
  return (cp >= 0x1 && cp <= 0x8) || cp == 0xB || (cp >= 0xE && cp <= 0x1F) || (cp >= 0x7F && cp <= 0x9F) ||
         (cp >= 0xFDD0 && cp <= 0xFDEF) || (cp <= 0x10FFFF && (cp & 0xFFFE) == 0xFFFE);
}

// The text a numeric reference stands for, as html._replace_charref maps it.
std::string NumericCharref(char32_t cp) {
  std::string out;
  auto it = std::lower_bound(std::begin(kInvalidCharrefs), std::end(kInvalidCharrefs), cp,
                             [](const auto& entry, char32_t c) { return entry.first < c; });
  if (it != std::end(kInvalidCharrefs) && it->first == cp) AppendUtf8(out, it->second);
  else if ((cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF) AppendUtf8(out, 0xFFFD);
  else if (!IsInvalidCodepoint(cp)) AppendUtf8(out, cp);
  return out;
}

// A numeric reference at s[i] (`&#123`, `&#x1F`, the `;` optional, as
// html.unescape's pattern reads them): its text, and where it ends. The
// value saturates above 0x10FFFF, which is all the mapping needs to know.
std::optional<std::pair<std::string, size_t>> ReadNumericCharref(const std::string& s, size_t i) {
  if (i + 1 >= s.size() || s[i + 1] != '#') return std::nullopt;
  size_t k = i + 2;
  bool hex = k < s.size() && (s[k] == 'x' || s[k] == 'X');
  if (hex) ++k;
  size_t digits_start = k;
  char32_t cp = 0;
  for (; k < s.size(); ++k) {
    auto c = static_cast<unsigned char>(s[k]);
    int digit = std::isdigit(c) ? c - '0' : hex && std::isxdigit(c) ? (c | 0x20) - 'a' + 10 : -1;
    if (digit < 0) break;
    cp = std::min<char32_t>(cp * (hex ? 16 : 10) + static_cast<char32_t>(digit), 0x110000);
  }
  if (k == digits_start) return std::nullopt;
  if (k < s.size() && s[k] == ';') ++k;
  return std::make_pair(NumericCharref(cp), k);
}

// html.unescape for the references striptags meets: numeric ones with
// Python's replacements for invalid code points, and `&name;`.
std::string Unescape(const std::string& s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '&') {
      size_t amp = s.find('&', i);
      if (amp == std::string::npos) amp = s.size();
      out.append(s, i, amp - i);
      i = amp - 1;
      continue;
    }
    if (auto numeric = ReadNumericCharref(s, i)) {
      out += numeric->first;
      i = numeric->second - 1;
      continue;
    }
    size_t semi = s.find(';', i);
    if (semi != std::string::npos && semi - i <= 34) {
      std::string name = s.substr(i + 1, semi - i - 1);
      if (const char* text = FindEntity(name)) {
        out += text;
        i = semi;
        continue;
      }
    }
    out += '&';
  }
  return out;
}

// The code point of the UTF-8 sequence at s[i] and its length in bytes
// (an invalid byte stands for itself, length 1).
std::pair<char32_t, size_t> DecodeAt(std::string_view s, size_t i) {
  auto b = static_cast<unsigned char>(s[i]);
  size_t len = b < 0x80 ? 1 : b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1;
  if (i + len > s.size()) return {b, 1};
  if (len == 1) return {b, 1};
  char32_t c = b & (0x7F >> len);
  for (size_t k = 1; k < len; ++k) c = (c << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
  return {c, len};
}

// markupsafe's first pass: every `<!--...-->` removed (shortest match).
std::string RemoveHtmlComments(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  size_t i = 0;
  for (;;) {
    size_t open = text.find("<!--", i);
    size_t close = open == std::string_view::npos ? open : text.find("-->", open + 4);
    if (close == std::string_view::npos) break;
    out.append(text, i, open - i);
    i = close + 3;
  }
  out.append(text, i);
  return out;
}

// markupsafe's Markup.striptags: comments removed, then tags (`<` to the
// next `>`), words split on Python whitespace (Unicode included) rejoined
// with single spaces, then HTML entities unescaped. One pass over UTF-8:
// a tag is skipped, whitespace sets a pending separator written before the
// next word.
Value FStriptags(Interp& in, const Value& s, Args&) {
  std::string text = in.Str(s);
  std::string decommented;
  std::string_view src = text;
  if (text.find("<!--") != std::string::npos) {
    decommented = RemoveHtmlComments(text);
    src = decommented;
  }
  std::string out;
  out.reserve(src.size());
  bool pending_space = false;
  for (size_t i = 0; i < src.size();) {
    char c = src[i];
    // A run of ASCII word characters is copied at once.
    size_t run = i;
    while (run < src.size()) {
      auto b = static_cast<unsigned char>(src[run]);
      if (b <= ' ' || b == '<' || b >= 0x80) break;
      ++run;
    }
    if (run > i) {
      if (pending_space && !out.empty()) out += ' ';
      pending_space = false;
      out.append(src.data() + i, run - i);
      i = run;
      continue;
    }
    if (c == '<') {
      size_t end = src.find('>', i + 1);
      if (end != std::string_view::npos) {
        i = end + 1;
        continue;
      }
    }
    size_t len = 1;
    bool space;
    if (static_cast<unsigned char>(c) < 0x80) {
      space = c == ' ' || (c >= 9 && c <= 13) || (c >= 0x1c && c <= 0x1f);
    } else {
      auto [cp, n] = DecodeAt(src, i);
      len = n;
      space = IsPySpace(cp);
    }
    if (space) {
      pending_space = true;
    } else {
      if (pending_space && !out.empty()) out += ' ';
      pending_space = false;
      out.append(src.data() + i, len);
    }
    i += len;
  }
  if (out.find('&') == std::string::npos) return Value(std::move(out));
  return Value(Unescape(out));
}

// Number of code points in UTF-8 text: bytes minus continuation bytes
// (10xxxxxx), counted eight bytes at a time.
size_t CodePoints(std::string_view s) {
  size_t continuation = 0, i = 0;
  for (; i + 8 <= s.size(); i += 8) {
    uint64_t w;
    std::memcpy(&w, s.data() + i, 8);
    // 1 in each byte whose top bit is set and next bit clear, then summed
    // by multiplying (the sum lands in the top byte)
    uint64_t ones = ((w & ~(w << 1)) >> 7) & 0x0101010101010101ull;
    continuation += static_cast<size_t>((ones * 0x0101010101010101ull) >> 56);
  }
  for (; i < s.size(); ++i) continuation += (static_cast<unsigned char>(s[i]) & 0xC0) == 0x80;
  return s.size() - continuation;
}

// Byte length of the first `count` code points of UTF-8 text.
size_t PrefixBytes(std::string_view s, size_t count) {
  size_t i = 0;
  for (; i < s.size(); ++i) {
    if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) {
      if (count == 0) break;
      --count;
    }
  }
  return i;
}

// Jinja's do_truncate: text longer than length + leeway code points is cut
// to length - len(end), back to the last space unless killwords, plus end.
Value FTruncate(Interp& in, const Value& s, Args& args) {
  ArgReader r(args, "do_truncate", {"length", "killwords", "end", "leeway"});
  std::string text = in.Str(s);
  int64_t length = ToInt(r.GetOr(0, Value(255)));
  bool killwords = r.GetOr(1, Value(false)).Truthy();
  Value end_value = r.GetOr(2, Value("..."));
  std::string end = in.Str(end_value);
  int64_t end_len = static_cast<int64_t>(CodePoints(end));
  int64_t leeway = ToInt(r.GetOr(3, Value(5)).IsNone() ? Value(5) : r.GetOr(3, Value(5)));
  if (length < end_len)
    Throw("AssertionError", "expected length >= " + std::to_string(end_len) + ", got " + std::to_string(length));
  if (leeway < 0) Throw("AssertionError", "expected leeway >= 0, got " + std::to_string(leeway));
  if (static_cast<int64_t>(CodePoints(text)) <= length + leeway) return s.IsMarkup() ? s : Value(std::move(text));
  std::string_view head(text.data(), PrefixBytes(text, static_cast<size_t>(length - end_len)));
  if (!killwords) {
    size_t sp = head.rfind(' ');
    if (sp != std::string_view::npos) head = head.substr(0, sp);
  }
  if (s.IsMarkup() && !end_value.IsMarkup()) end = EscapeHtml(end);
  return Like(s, std::string(head) + end);
}

Value FWordcount(Interp& in, const Value& s, Args&) {
  int64_t n = 0;
  bool in_word = false;
  for (char32_t c : ToU32(in.Str(s))) {
    bool w = IsWordChar(c);
    if (w && !in_word) ++n;
    in_word = w;
  }
  return Value(n);
}

Value FReplace(Interp& in, const Value& s, Args& args) {
  ArgReader r(args, "do_replace", {"old", "new", "count"});
  const Value* oldv = r.Get(0);
  const Value* newv = r.Get(1);
  if (!oldv || !newv) ThrowTypeError("do_replace() missing required argument");
  int64_t count = r.GetOr(2, Value::None()).IsNone() ? -1 : ToInt(*r.Get(2));
  std::string text, from = in.Str(*oldv), to = in.Str(*newv);
  bool markup = false;
  if (in.autoescape()) {
    if ((oldv->IsMarkup() || newv->IsMarkup()) && !s.IsMarkup()) {
      text = EscapeHtml(in.Str(s));
      markup = true;
    } else {
      text = in.Str(s);
      markup = s.IsMarkup();
    }
    if (markup) {
      if (!oldv->IsMarkup()) from = EscapeHtml(from);
      if (!newv->IsMarkup()) to = EscapeHtml(to);
    }
  } else {
    text = in.Str(s);
  }
  std::string out;
  if (from.empty()) {
    std::u32string u = ToU32(text);
    int64_t done = 0;
    for (size_t i = 0; i <= u.size(); ++i) {
      if (count < 0 || done < count) {
        out += to;
        ++done;
      }
      if (i < u.size()) out += FromU32(u.substr(i, 1));
    }
  } else {
    size_t pos = 0;
    int64_t done = 0;
    while (count < 0 || done < count) {
      size_t hit = text.find(from, pos);
      if (hit == std::string::npos) break;
      out.append(text, pos, hit - pos);
      out += to;
      pos = hit + from.size();
      ++done;
    }
    out.append(text, pos, std::string::npos);
  }
  return markup ? Value::Markup(out) : Value(out);
}

Value FFormat(Interp& in, const Value& s, Args& args) {
  if (!args.positional.empty() && !args.keywords.empty())
    Throw("FilterArgumentError", "can't handle positional and keyword arguments at the same time");
  Value fmt_args;
  if (!args.keywords.empty()) {
    fmt_args = Value::MakeDict();
    for (auto& [k, v] : args.keywords) fmt_args.AsDict().Set(Value(k), v);
  } else {
    fmt_args = Value::MakeTuple(args.positional);
  }
  std::string out = PercentFormat(in, in.Str(s), fmt_args, s.IsMarkup());
  return Like(s, out);
}

Value FCenter(Interp& in, const Value& s, Args& args) {
  ArgReader r(args, "do_center", {"width"});
  int64_t width = ToInt(r.GetOr(0, Value(80)));
  std::string text = in.Str(s);
  int64_t len = static_cast<int64_t>(CountCodePoints(text));
  if (width <= len) return Like(s, text);
  int64_t marg = width - len;
  int64_t left = marg / 2 + (marg & width & 1);
  return Like(s, std::string(static_cast<size_t>(left), ' ') + text + std::string(static_cast<size_t>(marg - left), ' '));
}

// Python's str.splitlines() keeps no line ends; splits on \n, \r, \r\n and
// a few Unicode separators.
std::vector<std::string> SplitLines(const std::string& s) {
  std::vector<std::string> lines;
  std::string cur;
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c == '\n' || c == '\r' || c == '\v' || c == '\f' || c == '\x1c' || c == '\x1d' || c == '\x1e') {
      lines.push_back(cur);
      cur.clear();
      if (c == '\r' && i + 1 < s.size() && s[i + 1] == '\n') ++i;
    } else {
      cur += c;
    }
  }
  if (!cur.empty()) lines.push_back(cur);
  return lines;
}

Value FIndent(Interp& in, const Value& s, Args& args) {
  ArgReader r(args, "do_indent", {"width", "first", "blank"});
  Value w = r.GetOr(0, Value(4));
  std::string indention = w.IsString() ? w.AsString() : std::string(static_cast<size_t>(std::max<int64_t>(0, ToInt(w))), ' ');
  bool first = r.GetOr(1, Value(false)).Truthy();
  bool blank = r.GetOr(2, Value(false)).Truthy();
  std::string text = in.Str(s);
  if (s.IsMarkup() && w.IsString() && !w.IsMarkup()) indention = EscapeHtml(indention);
  text += "\n";
  std::vector<std::string> lines = SplitLines(text);
  std::string rv;
  if (blank) {
    for (size_t i = 0; i < lines.size(); ++i) rv += (i ? "\n" + indention : "") + lines[i];
  } else {
    rv = lines.empty() ? "" : lines[0];
    for (size_t i = 1; i < lines.size(); ++i) rv += "\n" + (lines[i].empty() ? "" : indention + lines[i]);
  }
  if (first) rv = indention + rv;
  return Like(s, rv);
}

// textwrap.wrap with expand_tabs/replace_whitespace off: chunks of
// whitespace and words (split after hyphens), packed greedily; leading
// whitespace of each line dropped, long words broken when allowed.
std::vector<std::u32string> TextWrap(const std::u32string& text, size_t width, bool break_long, bool break_hyphens) {
  std::vector<std::u32string> chunks;
  std::u32string cur;
  int kind = -1;  // 0 space, 1 word
  for (size_t i = 0; i < text.size(); ++i) {
    char32_t c = text[i];
    int k = IsPySpace(c) ? 0 : 1;
    if (k != kind && !cur.empty()) {
      chunks.push_back(cur);
      cur.clear();
    }
    kind = k;
    cur.push_back(c);
    if (k == 1 && break_hyphens && c == U'-' && i + 1 < text.size() && !IsPySpace(text[i + 1]) && cur.size() > 1 &&
        cur[cur.size() - 2] != U'-') {
      bool letters_before = false;
      for (char32_t x : cur)
        if (IsWordChar(x)) letters_before = true;
      if (letters_before && IsWordChar(text[i + 1])) {
        chunks.push_back(cur);
        cur.clear();
      }
    }
  }
  if (!cur.empty()) chunks.push_back(cur);
  std::reverse(chunks.begin(), chunks.end());
  std::vector<std::u32string> lines;
  auto is_space = [](const std::u32string& s) { return !s.empty() && std::all_of(s.begin(), s.end(), IsPySpace); };
  while (!chunks.empty()) {
    std::vector<std::u32string> line;
    size_t len = 0;
    if (!lines.empty() && is_space(chunks.back())) chunks.pop_back();
    if (lines.empty() && !chunks.empty() && is_space(chunks.back()) && false) chunks.pop_back();
    while (!chunks.empty()) {
      size_t l = chunks.back().size();
      if (len + l <= width) {
        line.push_back(chunks.back());
        len += l;
        chunks.pop_back();
      } else break;
    }
    if (!chunks.empty() && chunks.back().size() > width) {
      size_t space_left = width > len ? width - len : 1;
      if (width < 1) space_left = 1;
      if (break_long) {
        std::u32string& big = chunks.back();
        line.push_back(big.substr(0, space_left));
        big = big.substr(space_left);
      } else if (line.empty()) {
        line.push_back(chunks.back());
        chunks.pop_back();
      }
    }
    while (!line.empty() && is_space(line.back())) line.pop_back();
    if (!line.empty()) {
      std::u32string joined;
      for (auto& p : line) joined += p;
      lines.push_back(joined);
    }
  }
  return lines;
}

Value FWordwrap(Interp& in, const Value& s, Args& args) {
  ArgReader r(args, "do_wordwrap", {"width", "break_long_words", "wrapstring", "break_on_hyphens"});
  size_t width = static_cast<size_t>(std::max<int64_t>(1, ToInt(r.GetOr(0, Value(79)))));
  bool break_long = r.GetOr(1, Value(true)).Truthy();
  Value ws = r.GetOr(2, Value::None());
  std::string wrap = ws.IsNone() ? "\n" : in.Str(ws);
  bool hyphens = r.GetOr(3, Value(true)).Truthy();
  std::string out;
  bool first_para = true;
  for (const auto& para : SplitLines(in.Str(s))) {
    if (!first_para) out += wrap;
    first_para = false;
    bool first_line = true;
    for (const auto& line : TextWrap(ToU32(para), width, break_long, hyphens)) {
      if (!first_line) out += wrap;
      first_line = false;
      out += FromU32(line);
    }
  }
  return Value(out);
}

Value FString(Interp& in, const Value& s, Args&) {
  if (s.IsMarkup()) return s;
  return Value(in.Str(s));
}

Value FEscape(Interp& in, const Value& s, Args&) { return in.Escape(s); }
Value FSafe(Interp& in, const Value& s, Args&) { return Value::Markup(in.Str(s)); }
Value FForceescape(Interp& in, const Value& s, Args&) { return Value::Markup(EscapeHtml(in.Str(s))); }

std::string UrlQuote(const std::string& s, bool for_qs) {
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '_' || c == '.' || c == '-' || c == '~' || (!for_qs && c == '/')) out += static_cast<char>(c);
    else if (for_qs && c == ' ') out += '+';
    else {
      char buf[4];
      std::snprintf(buf, sizeof buf, "%%%02X", c);
      out += buf;
    }
  }
  return out;
}

Value FUrlencode(Interp& in, const Value& v, Args&) {
  if (v.IsString() || (!v.IsDict() && !v.IsSequence())) return Value(UrlQuote(in.Str(v), false));
  std::string out;
  auto add = [&](const Value& k, const Value& x) {
    if (!out.empty()) out += '&';
    out += UrlQuote(in.Str(k), true) + "=" + UrlQuote(in.Str(x), true);
  };
  if (v.IsDict())
    for (const auto& [k, x] : v.AsDict().items()) add(k, x);
  else
    for (const Value& pair : v.AsList()) {
      List kv = in.Iterate(pair);
      if (kv.size() == 2) add(kv[0], kv[1]);
    }
  return Value(out);
}

bool MatchesHttp(const std::string& m) {
  std::string lower = ToLowerUtf8(m);
  auto rest_ok = [&](size_t pos) {
    // optional :port, then optional [/?#]\S*
    if (pos < m.size() && m[pos] == ':') {
      size_t d = pos + 1;
      while (d < m.size() && std::isdigit(static_cast<unsigned char>(m[d])) && d - pos <= 5) ++d;
      if (d == pos + 1) return false;
      pos = d;
    }
    if (pos == m.size()) return true;
    return m[pos] == '/' || m[pos] == '?' || m[pos] == '#';
  };
  auto label_char = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '%' || c == '-' || static_cast<unsigned char>(c) >= 0x80; };
  size_t start = 0;
  bool scheme = false;
  if (lower.rfind("https://", 0) == 0) start = 8, scheme = true;
  else if (lower.rfind("http://", 0) == 0) start = 7, scheme = true;
  else if (lower.rfind("www.", 0) == 0) start = 4, scheme = true;
  // host: labels separated by dots; the last one the TLD.
  size_t end = start;
  while (end < m.size() && (label_char(m[end]) || m[end] == '.')) ++end;
  std::string host = lower.substr(start, end - start);
  std::vector<std::string> labels = Split(host, '.');
  if (scheme) {
    if (!labels.empty()) {
      std::string tld = labels.back();
      bool alpha = tld.size() >= 2 && tld.size() <= 63 && std::all_of(tld.begin(), tld.end(), [](char c) { return c >= 'a' && c <= 'z'; });
      bool ok_labels = true;
      for (size_t i = 0; i + 1 < labels.size(); ++i) ok_labels &= !labels[i].empty();
      if ((alpha || tld.rfind("xn--", 0) == 0) && ok_labels && rest_ok(end)) return true;
      // IPv4
      if (lower.rfind("http", 0) == 0 && labels.size() == 4 && std::all_of(labels.begin(), labels.end(), [](const std::string& l) {
            return !l.empty() && l.size() <= 3 && std::all_of(l.begin(), l.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
          }) && rest_ok(end))
        return true;
    }
    if (lower.rfind("www.", 0) != 0) return false;
  }
  static const char* kTlds[] = {"com", "net", "int", "edu", "gov", "org", "info", "mil"};
  if (labels.size() >= 2) {
    bool ok = false;
    for (const char* t : kTlds) ok |= labels.back() == t;
    for (size_t i = 0; i + 1 < labels.size(); ++i) ok &= labels[i].size() >= 2 && labels[i].size() <= 63;
    if (ok && rest_ok(end)) return true;
  }
  return false;
}

bool MatchesEmail(const std::string& m) {
  size_t at = m.find('@');
  if (at == std::string::npos || at == 0) return false;
  for (size_t i = 0; i < at; ++i)
    if (std::isspace(static_cast<unsigned char>(m[i]))) return false;
  std::string dom = m.substr(at + 1);
  if (dom.empty() || !(std::isalnum(static_cast<unsigned char>(dom[0])) || dom[0] == '_')) return false;
  size_t dot = dom.rfind('.');
  if (dot == std::string::npos || dot == dom.size() - 1) return false;
  for (char c : dom)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.' || c == '-')) return false;
  for (size_t i = dot + 1; i < dom.size(); ++i)
    if (!(std::isalnum(static_cast<unsigned char>(dom[i])) || dom[i] == '_')) return false;
  return true;
}

Value FUrlize(Interp& in, const Value& v, Args& args) {
  ArgReader r(args, "do_urlize", {"trim_url_limit", "nofollow", "target", "rel", "extra_schemes"});
  Value limit = r.GetOr(0, Value::None());
  bool nofollow = r.GetOr(1, Value(false)).Truthy();
  Value target = r.GetOr(2, Value::None());
  Value relv = r.GetOr(3, Value::None());
  std::vector<std::string> rel_parts;
  if (!relv.IsNone()) rel_parts = Split(in.Str(relv), ' ');
  if (nofollow) rel_parts.push_back("nofollow");
  rel_parts.push_back("noopener");
  std::sort(rel_parts.begin(), rel_parts.end());
  rel_parts.erase(std::unique(rel_parts.begin(), rel_parts.end()), rel_parts.end());
  rel_parts.erase(std::remove(rel_parts.begin(), rel_parts.end(), std::string()), rel_parts.end());
  std::string rel = Join(rel_parts, " ");
  std::string rel_attr = rel.empty() ? "" : " rel=\"" + EscapeHtml(rel) + "\"";
  std::string target_attr = target.IsNone() || !target.Truthy() ? "" : " target=\"" + EscapeHtml(in.Str(target)) + "\"";
  auto trim = [&](const std::string& x) {
    if (limit.IsNone()) return x;
    std::u32string u = ToU32(x);
    size_t n = static_cast<size_t>(ToInt(limit));
    return u.size() > n ? FromU32(u.substr(0, n)) + "..." : x;
  };
  std::string text = v.IsMarkup() ? v.Str() : EscapeHtml(in.Str(v));
  std::string out;
  size_t i = 0;
  while (i < text.size()) {
    size_t j = i;
    while (j < text.size() && std::isspace(static_cast<unsigned char>(text[j]))) ++j;
    out.append(text, i, j - i);
    if (j >= text.size()) break;
    size_t k = j;
    while (k < text.size() && !std::isspace(static_cast<unsigned char>(text[k]))) ++k;
    std::string middle = text.substr(j, k - j), head, tail;
    i = k;
    while (true) {
      if (!middle.empty() && (middle[0] == '(' || middle[0] == '<')) head += middle[0], middle.erase(0, 1);
      else if (middle.rfind("&lt;", 0) == 0) head += "&lt;", middle.erase(0, 4);
      else break;
    }
    while (!middle.empty()) {
      char c = middle.back();
      if (c == ')' || c == '>' || c == '.' || c == ',' || c == '\n') {
        tail.insert(tail.begin(), c);
        middle.pop_back();
      } else if (middle.size() >= 4 && middle.compare(middle.size() - 4, 4, "&gt;") == 0) {
        tail.insert(0, "&gt;");
        middle.resize(middle.size() - 4);
      } else break;
    }
    auto count = [](const std::string& s, const std::string& what) {
      size_t n = 0;
      for (size_t p = s.find(what); p != std::string::npos; p = s.find(what, p + what.size())) ++n;
      return n;
    };
    for (auto [sc, ec] : {std::pair<std::string, std::string>{"(", ")"}, {"<", ">"}, {"&lt;", "&gt;"}}) {
      size_t start_count = count(middle, sc);
      if (start_count <= count(middle, ec)) continue;
      for (size_t n = std::min(start_count, count(tail, ec)); n > 0; --n) {
        size_t end_index = tail.find(ec) + ec.size();
        middle += tail.substr(0, end_index);
        tail = tail.substr(end_index);
      }
    }
    if (MatchesHttp(middle)) {
      std::string lower = ToLowerUtf8(middle);
      std::string href = (middle.rfind("https://", 0) == 0 || middle.rfind("http://", 0) == 0) ? middle : "https://" + middle;
      middle = "<a href=\"" + href + "\"" + rel_attr + target_attr + ">" + trim(middle) + "</a>";
    } else if (middle.rfind("mailto:", 0) == 0 && MatchesEmail(middle.substr(7))) {
      middle = "<a href=\"" + middle + "\">" + middle.substr(7) + "</a>";
    } else if (middle.find('@') != std::string::npos && middle.rfind("www.", 0) != 0 &&
               middle.find(':') == std::string::npos && MatchesEmail(middle)) {
      middle = "<a href=\"mailto:" + middle + "\">" + middle + "</a>";
    }
    out += head + middle + tail;
  }
  return in.MarkupIfAutoescape(out);
}

// ---- numbers ------------------------------------------------------------------

Value FAbs(Interp& in, const Value& v, Args&) {
  if (v.IsInt() || v.IsBool()) {
    if (v.IsBigInt() || v.AsInt() == INT64_MIN) {
      BigInt b = v.ToBig();
      return Value::FromBig(b.IsNegative() ? -b : b);
    }
    return Value(static_cast<int64_t>(std::llabs(v.AsInt())));
  }
  if (v.IsFloat()) return Value(std::fabs(v.AsDouble()));
  if (v.IsUndefined()) ThrowUndefined(v);
  ThrowTypeError("bad operand type for abs(): '" + v.TypeName() + "'");
}

std::optional<double> ParseFloat(const std::string& raw) {
  std::string s = FromU32(StripPy(ToU32(raw)));
  std::string t;
  for (char c : s)
    if (c != '_') t += c;
  std::string lower = ToLowerUtf8(t);
  if (lower == "inf" || lower == "+inf" || lower == "infinity" || lower == "+infinity") return INFINITY;
  if (lower == "-inf" || lower == "-infinity") return -INFINITY;
  if (lower == "nan" || lower == "+nan" || lower == "-nan") return NAN;
  if (t.empty()) return std::nullopt;
  char* end = nullptr;
  double d = std::strtod(t.c_str(), &end);
  if (end != t.c_str() + t.size()) return std::nullopt;
  if (lower.find("x") != std::string::npos || lower.find("n") != std::string::npos) return std::nullopt;
  return d;
}

std::optional<int64_t> ParseInt(const std::string& raw, int base) {
  if (base < 0 || base == 1 || base > 36) return std::nullopt;
  std::string s = FromU32(StripPy(ToU32(raw)));
  bool neg = false;
  size_t i = 0;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) neg = s[i++] == '-';
  std::string lower = ToLowerUtf8(s.substr(i));
  if (base == 0 || base == 16 || base == 8 || base == 2) {
    if (lower.rfind("0x", 0) == 0 && (base == 0 || base == 16)) base = 16, lower = lower.substr(2);
    else if (lower.rfind("0o", 0) == 0 && (base == 0 || base == 8)) base = 8, lower = lower.substr(2);
    else if (lower.rfind("0b", 0) == 0 && (base == 0 || base == 2)) base = 2, lower = lower.substr(2);
    else if (base == 0) base = 10;
  }
  if (lower.empty() || lower[0] == '_' || lower.back() == '_') return std::nullopt;
  int64_t v = 0;
  for (size_t k = 0; k < lower.size(); ++k) {
    char c = lower[k];
    if (c == '_') {
      if (lower[k - 1] == '_') return std::nullopt;
      continue;
    }
    int d = std::isdigit(static_cast<unsigned char>(c)) ? c - '0' : (c >= 'a' && c <= 'z') ? c - 'a' + 10 : 99;
    if (d >= base) return std::nullopt;
    v = v * base + d;
  }
  return neg ? -v : v;
}

Value FInt(Interp& in, const Value& v, Args& args) {
  ArgReader r(args, "do_int", {"default", "base"});
  Value dflt = r.GetOr(0, Value(0));
  int base = static_cast<int>(ToInt(r.GetOr(1, Value(10))));
  if (v.IsInt() || v.IsBool()) return v.IsBool() ? Value(v.AsInt()) : v;
  if (v.IsFloat()) {
    if (std::isnan(v.AsDouble()) || std::isinf(v.AsDouble())) return dflt;
    return Value(static_cast<int64_t>(v.AsDouble()));
  }
  if (v.IsString()) {
    if (auto i = ParseInt(v.AsString(), base)) return Value(*i);
    if (auto d = ParseFloat(v.AsString()))
      if (!std::isnan(*d) && !std::isinf(*d)) return Value(static_cast<int64_t>(*d));
  }
  return dflt;
}

Value FFloat(Interp& in, const Value& v, Args& args) {
  ArgReader r(args, "do_float", {"default"});
  Value dflt = r.GetOr(0, Value(0.0));
  if (v.IsNumber()) return Value(v.AsDouble());
  if (v.IsString())
    if (auto d = ParseFloat(v.AsString())) return Value(*d);
  return dflt;
}

// Python's round(): round half to even on the decimal value.
double PyRound(double x, int64_t ndigits) {
  double p = std::pow(10.0, static_cast<double>(ndigits));
  double y = x * p;
  double r = std::nearbyint(y);
  if (std::fabs(y - std::trunc(y)) != 0.5) r = std::round(y);
  // Correct by checking the repr of the exact value.
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", static_cast<int>(std::max<int64_t>(0, ndigits)), x);
  if (ndigits >= 0) return std::strtod(buf, nullptr);
  return r / p;
}

Value FRound(Interp& in, const Value& v, Args& args) {
  ArgReader r(args, "do_round", {"precision", "method"});
  int64_t precision = ToInt(r.GetOr(0, Value(0)));
  std::string method = in.Str(r.GetOr(1, Value("common")));
  if (method != "common" && method != "ceil" && method != "floor")
    Throw("FilterArgumentError", "method must be common, ceil or floor");
  if (v.IsUndefined()) ThrowUndefined(v);
  if (!v.IsNumber()) ThrowTypeError("type " + v.TypeName() + " doesn't define __round__ method");
  if (method == "common") {
    if (v.IsInt() || v.IsBool()) {
      if (precision >= 0) return v.IsBool() ? Value(v.AsInt()) : v;
      // round half to even on a multiple of 10**-precision
      int64_t unit = 1;
      for (int64_t i = 0; i < -precision && unit < INT64_MAX / 10; ++i) unit *= 10;
      int64_t x = v.AsInt();
      int64_t q = x / unit, r = x % unit;
      if (r < 0) r += unit, --q;
      if (2 * r > unit || (2 * r == unit && q % 2 != 0)) ++q;
      return Value(q * unit);
    }
    return Value(PyRound(v.AsDouble(), precision));
  }
  double p = std::pow(10.0, static_cast<double>(precision));
  double x = v.AsDouble() * p;
  return Value((method == "ceil" ? std::ceil(x) : std::floor(x)) / p);
}

Value FFilesizeformat(Interp& in, const Value& v, Args& args) {
  ArgReader r(args, "do_filesizeformat", {"binary"});
  bool binary = r.GetOr(0, Value(false)).Truthy();
  double bytes;
  if (v.IsNumber()) bytes = v.AsDouble();
  else if (auto d = v.IsString() ? ParseFloat(v.AsString()) : std::nullopt) bytes = *d;
  else Throw("ValueError", "could not convert string to float: " + ReprString(in.Str(v)));
  double base = binary ? 1024 : 1000;
  static const char* kBin[] = {"KiB", "MiB", "GiB", "TiB", "PiB", "EiB", "ZiB", "YiB"};
  static const char* kDec[] = {"kB", "MB", "GB", "TB", "PB", "EB", "ZB", "YB"};
  if (bytes == 1) return Value("1 Byte");
  if (bytes < base) return Value(std::to_string(static_cast<int64_t>(bytes)) + " Bytes");
  double unit = base;
  const char* prefix = "";
  for (int i = 0; i < 8; ++i) {
    unit = std::pow(base, i + 2);
    prefix = binary ? kBin[i] : kDec[i];
    if (bytes < unit) break;
  }
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.1f %s", base * bytes / unit, prefix);
  return Value(buf);
}

// ---- sequences ----------------------------------------------------------------

Value FLength(Interp& in, const Value& v, Args&) {
  switch (v.type()) {
    case Type::kString: return Value(CountCodePoints(v.AsString()));
    case Type::kList:
    case Type::kTuple: return Value(v.AsList().size());
    case Type::kDict: return Value(v.AsDict().size());
    case Type::kUndefined:
      if (in.strict()) ThrowUndefined(v);
      return Value(0);
    case Type::kObject:
      if (auto n = v.AsObject()->Length()) return Value(*n);
      if (auto items = v.AsObject()->Iterate()) return Value(items->size());
      [[fallthrough]];
    default: ThrowTypeError("object of type '" + v.TypeName() + "' has no len()");
  }
}

Value FList(Interp& in, const Value& v, Args&) { return Value::MakeList(in.Iterate(v)); }

Value FFirst(Interp& in, const Value& v, Args&) {
  List items = in.Iterate(v);
  if (items.empty()) return Value::UndefinedHint("No first item, sequence was empty.");
  return items.front();
}

Value FLast(Interp& in, const Value& v, Args&) {
  List items = in.Iterate(v);
  if (items.empty()) return Value::UndefinedHint("No last item, sequence was empty.");
  return items.back();
}

Value FRandom(Interp& in, const Value& v, Args&) {
  List items = in.Iterate(v);
  if (items.empty()) return Value::UndefinedHint("No random item, sequence was empty.");
  static std::mt19937 rng(12345);
  return items[rng() % items.size()];
}

Value FReverse(Interp& in, const Value& v, Args&) {
  if (v.IsString()) {
    std::u32string u = ToU32(v.AsString());
    std::reverse(u.begin(), u.end());
    return Like(v, FromU32(u));
  }
  List items = in.Iterate(v);
  std::reverse(items.begin(), items.end());
  return Value::MakeList(std::move(items));
}

Value FJoin(Interp& in, const Value& v, Args& args) {
  ArgReader r(args, "do_join", {"d", "attribute"});
  Value d = r.GetOr(0, Value(""));
  List items = in.Iterate(v);
  if (const Value* attr = r.Get(1); attr && !attr->IsNone()) {
    auto parts = AttributeParts(*attr);
    for (auto& x : items) x = GetPath(in, x, parts);
  }
  if (!in.autoescape()) {
    std::string out;
    for (size_t i = 0; i < items.size(); ++i) out += (i ? in.Str(d) : "") + in.Str(items[i]);
    return Value(out);
  }
  bool any_markup = d.IsMarkup();
  for (const auto& x : items) any_markup |= x.IsMarkup();
  if (!any_markup) {
    std::string out;
    for (size_t i = 0; i < items.size(); ++i) out += (i ? in.Str(d) : "") + in.Str(items[i]);
    return Value(out);
  }
  std::string sep = d.IsMarkup() ? d.Str() : EscapeHtml(in.Str(d));
  std::string out;
  for (size_t i = 0; i < items.size(); ++i) out += (i ? sep : "") + in.Escape(items[i]).Str();
  return Value::Markup(out);
}

Value FSort(Interp& in, const Value& v, Args& args) {
  ArgReader r(args, "do_sort", {"reverse", "case_sensitive", "attribute"});
  bool reverse = r.GetOr(0, Value(false)).Truthy();
  bool cs = r.GetOr(1, Value(false)).Truthy();
  Value attr = r.GetOr(2, Value::None());
  std::vector<std::vector<Value>> paths;
  if (attr.IsString()) {
    for (const auto& a : Split(attr.AsString(), ',')) paths.push_back(AttributeParts(Value(a)));
  } else {
    paths.push_back(AttributeParts(attr));
  }
  List items = in.Iterate(v);
  SortValues(items, reverse, [&](const Value& x) {
    List key;
    for (const auto& p : paths) {
      Value k = GetPath(in, x, p);
      key.push_back(cs ? k : IgnoreCase(k));
    }
    return Value::MakeList(std::move(key));
  });
  return Value::MakeList(std::move(items));
}

Value FDictsort(Interp& in, const Value& v, Args& args) {
  ArgReader r(args, "do_dictsort", {"case_sensitive", "by", "reverse"});
  bool cs = r.GetOr(0, Value(false)).Truthy();
  std::string by = in.Str(r.GetOr(1, Value("key")));
  bool reverse = r.GetOr(2, Value(false)).Truthy();
  if (by != "key" && by != "value") Throw("FilterArgumentError", "You can only sort by either \"key\" or \"value\"");
  if (!v.IsDict()) ThrowTypeError("'" + v.TypeName() + "' object has no attribute 'items'");
  List items;
  for (const auto& [k, x] : v.AsDict().items()) items.push_back(Value::MakeTuple({k, x}));
  size_t pos = by == "key" ? 0 : 1;
  SortValues(items, reverse, [&](const Value& t) {
    const Value& k = t.AsList()[pos];
    return cs ? k : IgnoreCase(k);
  });
  return Value::MakeList(std::move(items));
}

Value FItems(Interp& in, const Value& v, Args&) {
  if (v.IsUndefined()) return Value::MakeList();
  if (!v.IsDict()) ThrowTypeError("Can only get item pairs from a mapping.");
  List items;
  for (const auto& [k, x] : v.AsDict().items()) items.push_back(Value::MakeTuple({k, x}));
  return Value::MakeList(std::move(items));
}

Value FUnique(Interp& in, const Value& v, Args& args) {
  ArgReader r(args, "do_unique", {"case_sensitive", "attribute"});
  bool cs = r.GetOr(0, Value(false)).Truthy();
  auto parts = AttributeParts(r.GetOr(1, Value::None()));
  List out;
  std::vector<std::string> seen;
  for (const Value& x : in.Iterate(v)) {
    Value key = GetPath(in, x, parts);
    if (!cs) key = IgnoreCase(key);
    std::string h = HashKey(key);
    if (std::find(seen.begin(), seen.end(), h) != seen.end()) continue;
    seen.push_back(h);
    out.push_back(x);
  }
  return Value::MakeList(std::move(out));
}

Value MinMax(Interp& in, const Value& v, Args& args, bool want_max) {
  ArgReader r(args, want_max ? "do_max" : "do_min", {"case_sensitive", "attribute"});
  bool cs = r.GetOr(0, Value(false)).Truthy();
  auto parts = AttributeParts(r.GetOr(1, Value::None()));
  List items = in.Iterate(v);
  if (items.empty()) return Value::UndefinedHint("No aggregated item, sequence was empty.");
  auto key = [&](const Value& x) {
    Value k = GetPath(in, x, parts);
    return cs ? k : IgnoreCase(k);
  };
  size_t best = 0;
  Value best_key = key(items[0]);
  for (size_t i = 1; i < items.size(); ++i) {
    Value k = key(items[i]);
    int c = CompareValues(k, best_key);
    if (want_max ? c > 0 : c < 0) {
      best = i;
      best_key = k;
    }
  }
  return items[best];
}

Value FMin(Interp& in, const Value& v, Args& args) { return MinMax(in, v, args, false); }
Value FMax(Interp& in, const Value& v, Args& args) { return MinMax(in, v, args, true); }

Value FSum(Interp& in, const Value& v, Args& args) {
  ArgReader r(args, "do_sum", {"attribute", "start"});
  auto parts = AttributeParts(r.GetOr(0, Value::None()));
  Value total = r.GetOr(1, Value(0));
  for (const Value& x : in.Iterate(v)) {
    Value item = GetPath(in, x, parts);
    if (total.IsString()) ThrowTypeError("sum() can't sum strings [use ''.join(seq) instead]");
    int64_t small_sum;
    if ((total.IsInt() || total.IsBool()) && (item.IsInt() || item.IsBool())) {
      bool small = !total.IsBigInt() && !item.IsBigInt() &&
                   !__builtin_add_overflow(total.AsInt(), item.AsInt(), &small_sum);
      total = small ? Value(small_sum) : Value::FromBig(total.ToBig() + item.ToBig());
    }
    else if (total.IsNumber() && item.IsNumber()) total = Value(total.AsDouble() + item.AsDouble());
    else if (total.IsList() && item.IsList()) {
      List l = total.AsList();
      l.insert(l.end(), item.AsList().begin(), item.AsList().end());
      total = Value::MakeList(std::move(l));
    } else {
      if (item.IsUndefined()) ThrowUndefined(item);
      ThrowTypeError("unsupported operand type(s) for +: '" + total.TypeName() + "' and '" + item.TypeName() + "'");
    }
  }
  return total;
}

Value FBatch(Interp& in, const Value& v, Args& args) {
  ArgReader r(args, "do_batch", {"linecount", "fill_with"});
  const Value* lc = r.Get(0);
  if (!lc) ThrowTypeError("do_batch() missing 1 required positional argument: 'linecount'");
  int64_t n = ToInt(*lc);
  Value fill = r.GetOr(1, Value::None());
  List out, tmp;
  for (const Value& x : in.Iterate(v)) {
    if (static_cast<int64_t>(tmp.size()) == n) {
      out.push_back(Value::MakeList(std::move(tmp)));
      tmp.clear();
    }
    tmp.push_back(x);
  }
  if (!tmp.empty()) {
    if (!fill.IsNone())
      while (static_cast<int64_t>(tmp.size()) < n) tmp.push_back(fill);
    out.push_back(Value::MakeList(std::move(tmp)));
  }
  return Value::MakeList(std::move(out));
}

Value FSlice(Interp& in, const Value& v, Args& args) {
  ArgReader r(args, "do_slice", {"slices", "fill_with"});
  const Value* sl = r.Get(0);
  if (!sl) ThrowTypeError("do_slice() missing 1 required positional argument: 'slices'");
  int64_t slices = ToInt(*sl);
  if (slices == 0) Throw("ZeroDivisionError", "integer division or modulo by zero");
  Value fill = r.GetOr(1, Value::None());
  List seq = in.Iterate(v);
  int64_t length = static_cast<int64_t>(seq.size());
  int64_t per = length / slices, extra = length % slices, offset = 0;
  List out;
  for (int64_t s = 0; s < slices; ++s) {
    int64_t start = offset + s * per;
    if (s < extra) ++offset;
    int64_t end = offset + (s + 1) * per;
    List tmp(seq.begin() + std::min(start, length), seq.begin() + std::min(end, length));
    if (!fill.IsNone() && s >= extra) tmp.push_back(fill);
    out.push_back(Value::MakeList(std::move(tmp)));
  }
  return Value::MakeList(std::move(out));
}

Value FGroupby(Interp& in, const Value& v, Args& args) {
  ArgReader r(args, "do_groupby", {"attribute", "default", "case_sensitive"});
  const Value* attr = r.Get(0);
  if (!attr) ThrowTypeError("do_groupby() missing 1 required positional argument: 'attribute'");
  Value dflt = r.GetOr(1, Value::None());
  bool cs = r.GetOr(2, Value(false)).Truthy();
  auto parts = AttributeParts(*attr);
  List items = in.Iterate(v);
  auto key = [&](const Value& x) {
    Value k = GetPath(in, x, parts, &dflt);
    return cs ? k : IgnoreCase(k);
  };
  SortValues(items, false, key);
  List out;
  size_t i = 0;
  while (i < items.size()) {
    Value k = key(items[i]);
    List group;
    size_t j = i;
    while (j < items.size() && key(items[j]).Equals(k)) group.push_back(items[j++]);
    Value grouper = cs ? k : GetPath(in, group[0], parts, &dflt);
    List pair = {grouper, Value::MakeList(std::move(group))};
    std::string repr = Value::MakeTuple(pair).Repr();
    out.push_back(Value::MakeObject(
        std::make_shared<SequenceObject>("tuple", std::move(pair), std::move(repr), true, std::vector<std::string>{"grouper", "list"})));
    i = j;
  }
  return Value::MakeList(std::move(out));
}

Value FMap(Interp& in, const Value& v, Args& args) {
  List items = in.Iterate(v);
  List out;
  if (args.positional.empty() && args.Keyword("attribute")) {
    auto parts = AttributeParts(*args.Keyword("attribute"));
    const Value* dflt = args.Keyword("default");
    for (const auto& [k, x] : args.keywords)
      if (k != "attribute" && k != "default") Throw("FilterArgumentError", "Unexpected keyword argument " + ReprString(k));
    for (const Value& x : items) out.push_back(GetPath(in, x, parts, dflt));
    return Value::MakeList(std::move(out));
  }
  if (args.positional.empty()) Throw("FilterArgumentError", "map requires a filter argument");
  std::string name = in.Str(args.positional[0]);
  Args rest;
  rest.positional.assign(args.positional.begin() + 1, args.positional.end());
  rest.keywords = args.keywords;
  if (!in.env().FindFilter(name)) Throw("TemplateRuntimeError", "No filter named " + ReprString(name) + ".");
  for (const Value& x : items) {
    Args a = rest;
    out.push_back(in.CallFilter(name, x, a));
  }
  return Value::MakeList(std::move(out));
}

Value SelectReject(Interp& in, const Value& v, Args& args, bool select, bool lookup_attr) {
  List items = in.Iterate(v);
  List out;
  if (items.empty()) return Value::MakeList();
  size_t off = 0;
  std::vector<Value> parts;
  if (lookup_attr) {
    if (args.positional.empty()) Throw("FilterArgumentError", "Missing parameter for attribute name");
    parts = AttributeParts(args.positional[0]);
    off = 1;
  }
  std::string test;
  bool has_test = args.positional.size() > off;
  if (has_test) {
    test = in.Str(args.positional[off]);
    if (!in.env().FindTest(test)) Throw("TemplateRuntimeError", "No test named " + ReprString(test) + ".");
  }
  Args rest;
  if (has_test) rest.positional.assign(args.positional.begin() + static_cast<long>(off) + 1, args.positional.end());
  rest.keywords = args.keywords;
  for (const Value& x : items) {
    Value subject = lookup_attr ? GetPath(in, x, parts) : x;
    bool ok;
    if (has_test) {
      Args a = rest;
      ok = in.CallTest(test, subject, a);
    } else {
      if (subject.IsUndefined() && in.strict()) ThrowUndefined(subject);
      ok = subject.Truthy();
    }
    if (ok == select) out.push_back(x);
  }
  return Value::MakeList(std::move(out));
}

Value FSelect(Interp& in, const Value& v, Args& a) { return SelectReject(in, v, a, true, false); }
Value FReject(Interp& in, const Value& v, Args& a) { return SelectReject(in, v, a, false, false); }
Value FSelectattr(Interp& in, const Value& v, Args& a) { return SelectReject(in, v, a, true, true); }
Value FRejectattr(Interp& in, const Value& v, Args& a) { return SelectReject(in, v, a, false, true); }

// ---- other -----------------------------------------------------------------------

Value FDefault(Interp& in, const Value& v, Args& args) {
  ArgReader r(args, "do_default", {"default_value", "boolean"});
  Value dflt = r.GetOr(0, Value(""));
  bool boolean = r.GetOr(1, Value(false)).Truthy();
  if (v.IsUndefined() || (boolean && !v.Truthy())) return dflt;
  return v;
}

Value FAttr(Interp& in, const Value& v, Args& args) {
  ArgReader r(args, "do_attr", {"name"});
  const Value* name = r.Get(0);
  if (!name) ThrowTypeError("do_attr() missing 1 required positional argument: 'name'");
  std::string n = in.Str(*name);
  if (v.IsUndefined()) ThrowUndefined(v);
  if (v.IsObject()) {
    if (auto x = v.AsObject()->GetAttr(n)) return *x;
  } else if (auto m = BuiltinMethod(v, n)) {
    return *m;
  }
  return Value::Undefined(n, v.TypeRepr());
}

Value FTojson(Interp& in, const Value& v, Args& args) {
  ArgReader r(args, "do_tojson", {"indent"});
  Value indent = r.GetOr(0, Value::None());
  return Value::Markup(ToJson(v, indent.IsNone() ? -1 : static_cast<int>(ToInt(indent))));
}

// pprint.pformat for values that fit on one line: repr with dict keys sorted.
std::string PrettyRepr(const Value& v) {
  if (v.IsDict()) {
    std::vector<std::pair<Value, Value>> items(v.AsDict().items().begin(), v.AsDict().items().end());
    std::stable_sort(items.begin(), items.end(), [](const auto& a, const auto& b) {
      try {
        return CompareValues(a.first, b.first) < 0;
      } catch (...) {
        return a.first.TypeName() < b.first.TypeName();
      }
    });
    std::string out = "{";
    for (size_t i = 0; i < items.size(); ++i) out += (i ? ", " : "") + PrettyRepr(items[i].first) + ": " + PrettyRepr(items[i].second);
    return out + "}";
  }
  if (v.IsSequence()) {
    std::string out = v.IsList() ? "[" : "(";
    const List& l = v.AsList();
    for (size_t i = 0; i < l.size(); ++i) out += (i ? ", " : "") + PrettyRepr(l[i]);
    if (v.IsTuple() && l.size() == 1) out += ",";
    return out + (v.IsList() ? "]" : ")");
  }
  return v.Repr();
}

// pprint.pformat (width 80): a value whose repr does not fit is broken into
// one item per line, each nested value formatted the same way.
void PrettyFormat(const Value& v, size_t indent, size_t allowance, std::string& out);

void PrettyItems(const List& items, size_t indent, size_t allowance, std::string& out) {
  indent += 1;
  std::string delimnl = ",\n" + std::string(indent, ' ');
  for (size_t i = 0; i < items.size(); ++i) {
    bool last = i + 1 == items.size();
    if (i) out += delimnl;
    PrettyFormat(items[i], indent, last ? allowance : 1, out);
  }
}

void PrettyFormat(const Value& v, size_t indent, size_t allowance, std::string& out) {
  std::string rep = PrettyRepr(v);
  size_t max_width = 80 > indent + allowance ? 80 - indent - allowance : 0;
  if (CountCodePoints(rep) <= max_width || !(v.IsSequence() || v.IsDict()) || (v.IsDict() ? v.AsDict().empty() : v.AsList().empty())) {
    out += rep;
    return;
  }
  if (v.IsList()) {
    out += '[';
    PrettyItems(v.AsList(), indent, allowance + 1, out);
    out += ']';
    return;
  }
  if (v.IsTuple()) {
    std::string end = v.AsList().size() == 1 ? ",)" : ")";
    out += '(';
    PrettyItems(v.AsList(), indent, allowance + end.size(), out);
    out += end;
    return;
  }
  std::vector<std::pair<Value, Value>> items(v.AsDict().items().begin(), v.AsDict().items().end());
  std::stable_sort(items.begin(), items.end(), [](const auto& a, const auto& b) {
    try {
      return CompareValues(a.first, b.first) < 0;
    } catch (...) {
      return a.first.TypeName() < b.first.TypeName();
    }
  });
  out += '{';
  size_t inner = indent + 1;
  for (size_t i = 0; i < items.size(); ++i) {
    bool last = i + 1 == items.size();
    std::string key = PrettyRepr(items[i].first);
    out += key + ": ";
    PrettyFormat(items[i].second, inner + CountCodePoints(key) + 2, last ? allowance + 1 : 1, out);
    if (!last) out += ",\n" + std::string(inner, ' ');
  }
  out += '}';
}

Value FPprint(Interp& in, const Value& v, Args&) {
  std::string out;
  PrettyFormat(v, 0, 0, out);
  return Value(out);
}

Value FXmlattr(Interp& in, const Value& v, Args& args) {
  ArgReader r(args, "do_xmlattr", {"autospace"});
  bool autospace = r.GetOr(0, Value(true)).Truthy();
  if (!v.IsDict()) ThrowTypeError("'" + v.TypeName() + "' object has no attribute 'items'");
  std::string out;
  for (const auto& [k, x] : v.AsDict().items()) {
    if (x.IsNone() || x.IsUndefined()) continue;
    std::string key = in.Str(k);
    if (key.find_first_of(" \t\n\r\f\v/>=") != std::string::npos)
      Throw("ValueError", "Invalid character in attribute name: " + ReprString(key));
    if (!out.empty()) out += ' ';
    out += in.Escape(k).Str() + "=\"" + in.Escape(x).Str() + "\"";
  }
  if (autospace && !out.empty()) out = " " + out;
  return in.MarkupIfAutoescape(out);
}

Value FCount(Interp& in, const Value& v, Args& a) { return FLength(in, v, a); }

const std::unordered_map<std::string, FilterFn>& Filters() {
  static const std::unordered_map<std::string, FilterFn> kFilters = {
      {"abs", FAbs},           {"attr", FAttr},         {"batch", FBatch},         {"capitalize", FCapitalize},
      {"center", FCenter},     {"count", FCount},       {"d", FDefault},           {"default", FDefault},
      {"dictsort", FDictsort}, {"e", FEscape},          {"escape", FEscape},       {"filesizeformat", FFilesizeformat},
      {"first", FFirst},       {"float", FFloat},       {"forceescape", FForceescape}, {"format", FFormat},
      {"groupby", FGroupby},   {"indent", FIndent},     {"int", FInt},             {"join", FJoin},
      {"last", FLast},         {"length", FLength},     {"list", FList},           {"lower", FLower},
      {"items", FItems},       {"map", FMap},           {"min", FMin},             {"max", FMax},
      {"pprint", FPprint},     {"random", FRandom},     {"reject", FReject},       {"rejectattr", FRejectattr},
      {"replace", FReplace},   {"reverse", FReverse},   {"round", FRound},         {"safe", FSafe},
      {"select", FSelect},     {"selectattr", FSelectattr}, {"slice", FSlice},     {"sort", FSort},
      {"string", FString},     {"striptags", FStriptags}, {"sum", FSum},           {"title", FTitle},
      {"trim", FTrim},         {"truncate", FTruncate}, {"unique", FUnique},       {"upper", FUpper},
      {"urlencode", FUrlencode}, {"urlize", FUrlize},   {"wordcount", FWordcount}, {"wordwrap", FWordwrap},
      {"xmlattr", FXmlattr},   {"tojson", FTojson},
  };
  return kFilters;
}

}  // namespace

const FilterFn* FindBuiltinFilter(const std::string& name) {
  auto it = Filters().find(name);
  return it == Filters().end() ? nullptr : &it->second;
}

const FilterFunc* FindBuiltinFilterFunc(const std::string& name) {
  static const auto* wrapped = [] {
    auto* m = new std::unordered_map<std::string, FilterFunc>;
    for (const auto& [k, fn] : Filters()) m->emplace(k, fn);
    return m;
  }();
  auto it = wrapped->find(name);
  return it == wrapped->end() ? nullptr : &it->second;
}

}  // namespace stacks::tmpl
