// Port of CPython 3.11's html.parser / _markupbase with Python-Markdown
// 3.4.1's patches (markdown/htmlparser.py), and of its HTMLExtractor.
#include "markdown/html_parser.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <functional>

#include "base/base.h"
#include "markdown/core.h"
#include "markdown/regex.h"
#include "markdown/util.h"

namespace stacks::markdown {

namespace {

// Python's `\s` for str patterns, as the body of a character class.
#define PY_WS                                                                     \
  "\\t\\n\\x0b\\x0c\\r\\x1c-\\x20\\x85\\xa0\\x{1680}\\x{2000}-\\x{200a}\\x{2028}" \
  "\\x{2029}\\x{202f}\\x{205f}\\x{3000}"

const Regex& TagFindTolerant() {
  static const Regex re("([a-zA-Z][^\\t\\n\\r\\f />\\x00]*)(?:[" PY_WS "]|/(?!>))*");
  return re;
}
const Regex& AttrFindTolerant() {
  static const Regex re("((?<=['\"" PY_WS "/])[^" PY_WS "/>][^" PY_WS "/=>]*)([" PY_WS
                        "]*=+[" PY_WS "]*('[^']*'|\"[^\"]*\"|(?!['\"])[^>" PY_WS
                        "]*))?(?:[" PY_WS "]|/(?!>))*");
  return re;
}
// One attribute of Python-Markdown's patched locatestarttagend_tolerant (no
// backticks in names or bare values, commas allowed after a value).
const Regex& LocateOneAttribute() {
  static const Regex re("(?<=['\"" PY_WS "/])[^`" PY_WS "/>][^" PY_WS "/=>]*(?:[" PY_WS
                        "]*=+[" PY_WS "]*(?:'[^']*'|\"[^\"]*\"|(?!['\"])[^`>" PY_WS "]*)(?:[" PY_WS
                        "]*,)*)?(?:[" PY_WS "]|/(?!>))*");
  return re;
}
const Regex& EndTagFind() {
  static const Regex re("</[" PY_WS "]*([a-zA-Z][-.a-zA-Z0-9:_]*)[" PY_WS "]*>");
  return re;
}
const Regex& CharRef() {
  static const Regex re("&#(?:[0-9]+|[xX][0-9a-fA-F]+)([^0-9a-fA-F])");
  return re;
}
// Patched by Python-Markdown: a reference needs its semicolon.
const Regex& EntityRef() {
  static const Regex re("&([a-zA-Z][-.a-zA-Z0-9]*);");
  return re;
}
const Regex& DeclName() {
  static const Regex re("[a-zA-Z][-_.a-zA-Z0-9]*[" PY_WS "]*");
  return re;
}
const Regex& CommentClose() {
  static const Regex re("--[" PY_WS "]*>");
  return re;
}
const Regex& MarkedSectionClose() {
  static const Regex re("][" PY_WS "]*][" PY_WS "]*>");
  return re;
}
const Regex& MsMarkedSectionClose() {
  static const Regex re("][" PY_WS "]*>");
  return re;
}
const Regex& CdataEnd(std::string_view elem) {
  static const Regex script("</[" PY_WS "]*script[" PY_WS "]*>", Regex::kIgnoreCase);
  static const Regex style("</[" PY_WS "]*style[" PY_WS "]*>", Regex::kIgnoreCase);
  return elem == "script" ? script : style;
}

bool IsAsciiLetter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

bool StartsWith(std::string_view s, size_t at, std::string_view prefix) {
  return at <= s.size() && s.substr(at).substr(0, prefix.size()) == prefix;
}

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

/// Python `s.find(...)` results as size_t/long.
long AsLong(size_t pos) { return pos == std::string_view::npos ? -1 : static_cast<long>(pos); }

// A forward search whose last answer is remembered: a later search starting
// between the previous start and the previous hit has the same answer. The
// parser searches from every '<' for the next '>' (or comment end, ...), so on
// text where that never comes this turns a quadratic scan into a linear one.
class CachedSearch {
 public:
  struct Hit {
    size_t start;
    size_t end;
  };
  using SearchFn = std::function<std::optional<Hit>(size_t from)>;
  explicit CachedSearch(SearchFn fn) : fn_(std::move(fn)) {}

  std::optional<Hit> Search(size_t from) {
    if (valid_ && from >= from_ && (!hit_ || from <= hit_->start)) return hit_;
    hit_ = fn_(from);
    from_ = from;
    valid_ = true;
    return hit_;
  }

 private:
  SearchFn fn_;
  bool valid_ = false;
  size_t from_ = 0;
  std::optional<Hit> hit_;
};

CachedSearch::SearchFn FindString(const std::string& text, std::string needle) {
  return [&text, needle](size_t from) -> std::optional<CachedSearch::Hit> {
    size_t pos = text.find(needle, from);
    if (pos == std::string::npos) return std::nullopt;
    return CachedSearch::Hit{pos, pos + needle.size()};
  };
}

CachedSearch::SearchFn FindRegex(const std::string& text, const Regex& re) {
  return [&text, &re](size_t from) -> std::optional<CachedSearch::Hit> {
    auto m = re.Search(text, from);
    if (!m) return std::nullopt;
    return CachedSearch::Hit{m->Start(), m->End()};
  };
}

// The tag name class of locatestarttagend_tolerant is the complement of these bytes.
bool EndsTagName(char c) {
  switch (c) {
    case '`': case '\t': case '\n': case '\r': case '\f': case ' ': case '/': case '>': case '\0':
      return true;
    default:
      return false;
  }
}

}  // namespace

// ---- Python html.unescape -----------------------------------------------------

namespace {

struct NamedEntity {
  std::string_view name;
  std::string_view text;
};

constexpr NamedEntity kEntities[] = {
#include "markdown/html_entities.inc"
};

const NamedEntity* FindEntity(std::string_view name) {
  auto it = std::lower_bound(std::begin(kEntities), std::end(kEntities), name,
                             [](const NamedEntity& e, std::string_view n) { return e.name < n; });
  if (it != std::end(kEntities) && it->name == name) return it;
  return nullptr;
}

// Python's _invalid_charrefs: C1 controls read as Windows-1252, and NUL/CR.
std::optional<char32_t> InvalidCharRef(unsigned long num) {
  static const std::array<char32_t, 32> kC1 = {
      0x20AC, 0x81,   0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
      0x2039, 0x0152, 0x8D,   0x017D, 0x8F,   0x90,   0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
      0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x9D,   0x017E, 0x0178};
  if (num == 0x00) return 0xFFFD;
  if (num == 0x0D) return 0x0D;
  if (num >= 0x80 && num <= 0x9F) return kC1[num - 0x80];
  return std::nullopt;
}

bool IsInvalidCodePoint(unsigned long cp) {
  if ((cp >= 0x1 && cp <= 0x8) || (cp >= 0xE && cp <= 0x1F) || (cp >= 0x7F && cp <= 0x9F) ||
      (cp >= 0xFDD0 && cp <= 0xFDEF) || cp == 0xB)
    return true;
  return (cp & 0xFFFF) == 0xFFFE || (cp & 0xFFFF) == 0xFFFF;
}

std::string NumericReference(std::string_view digits, int base) {
  // Python ints do not overflow; anything past 0x10FFFF decodes the same.
  unsigned long num = 0;
  for (char c : digits) {
    int d = (c >= '0' && c <= '9') ? c - '0' : (c | 0x20) - 'a' + 10;
    num = num * base + d;
    if (num > 0x10FFFF) num = 0x110000;
  }
  std::string out;
  if (auto replacement = InvalidCharRef(num)) {
    AppendUtf8(out, *replacement);
  } else if ((num >= 0xD800 && num <= 0xDFFF) || num > 0x10FFFF) {
    AppendUtf8(out, 0xFFFD);
  } else if (!IsInvalidCodePoint(num)) {
    AppendUtf8(out, static_cast<char32_t>(num));
  }
  return out;
}

// A named reference: the whole name (with ';') if known, else the longest
// known prefix (legacy names such as "&ampx"), else left as it was.
std::string NamedReference(std::string_view s) {
  if (const NamedEntity* e = FindEntity(s)) return std::string(e->text);
  for (size_t x = s.size() - 1; x > 1; --x) {
    if (const NamedEntity* e = FindEntity(s.substr(0, x)))
      return std::string(e->text) + std::string(s.substr(x));
  }
  return "&" + std::string(s);
}

}  // namespace

// Python's `_charref` pattern, `&(#[0-9]+;?|#[xX][0-9a-fA-F]+;?|[^\t\n\f <&#;]{1,32};?)`,
// with each match replaced as `_replace_charref` does.
std::string HtmlUnescape(std::string_view s) {
  if (s.find('&') == std::string_view::npos) return std::string(s);
  static const Regex kCharRef("&(#[0-9]+;?|#[xX][0-9a-fA-F]+;?|[^\\t\\n\\f <&#;]{1,32};?)");
  return kCharRef.Sub(s, [](const Match& m) -> std::string {
    std::string_view ref = m.Group(1);
    if (ref[0] != '#') return NamedReference(ref);
    bool hex = ref[1] == 'x' || ref[1] == 'X';
    std::string_view digits = ref.substr(hex ? 2 : 1);
    if (!digits.empty() && digits.back() == ';') digits.remove_suffix(1);
    return NumericReference(digits, hex ? 16 : 10);
  });
}

// ---- the scanner: cached searches and the start-tag locator -------------------

// Python-Markdown's locatestarttagend_tolerant always succeeds once `<` and a
// letter matched: everything after the tag name is optional, so the regex
// engine never backtracks into an earlier part. Its end therefore depends
// only on where the tag name stops, and, inside the attribute list, only on
// where each attribute starts. Both are memoized, so a run of unterminated
// tags (`<a<a<a...`, `<div\n<div\n...`), which Python rescans from every `<`,
// is scanned once.
class HtmlParser::Scanner {
  const std::string& text_;

 public:
  explicit Scanner(const std::string& text)
      : text_(text),
        gt_(FindString(text, ">")),
        lt_(FindString(text, "<")),
        pi_close_(FindString(text, "?>")),
        comment_close_(FindRegex(text, CommentClose())),
        marked_close_(FindRegex(text, MarkedSectionClose())),
        ms_marked_close_(FindRegex(text, MsMarkedSectionClose())),
        script_end_(FindRegex(text, CdataEnd("script"))),
        style_end_(FindRegex(text, CdataEnd("style"))) {}

  size_t Find(CachedSearch& search, size_t from) {
    auto hit = search.Search(from);
    return hit ? hit->start : std::string::npos;
  }

  /// End of locatestarttagend_tolerant matched at `i` (text[i] is '<' and
  /// text[i+1] an ASCII letter).
  size_t LocateStartTagEnd(size_t i) {
    size_t name_end = TagNameEnd(i + 2);
    return AttributeListEnd(name_end);
  }

  CachedSearch gt_;
  CachedSearch lt_;
  CachedSearch pi_close_;
  CachedSearch comment_close_;
  CachedSearch marked_close_;
  CachedSearch ms_marked_close_;
  CachedSearch script_end_;
  CachedSearch style_end_;

 private:
  static constexpr uint32_t kUnknown = UINT32_MAX;

  // First byte at or after `from` that ends a tag name; cached like CachedSearch.
  size_t TagNameEnd(size_t from) {
    if (name_end_valid_ && from >= name_end_from_ && from <= name_end_) return name_end_;
    size_t j = from;
    while (j < text_.size() && !EndsTagName(text_[j])) ++j;
    name_end_valid_ = true;
    name_end_from_ = from;
    name_end_ = j;
    return j;
  }

  // `(?:[\s/]*(?:attribute)*)?\s*` from `p`, memoized by `p`.
  size_t AttributeListEnd(size_t p) {
    EnsureMemo();
    if (list_memo_[p] != kUnknown) return list_memo_[p];
    size_t q = SkipSpaceAndSlash(p);
    size_t end = AttributesEnd(q);
    list_memo_[p] = static_cast<uint32_t>(end);
    return end;
  }

  // `(?:attribute)*\s*` from `q`: follows the chain of attribute starts
  // until one fails or one whose answer is known, then records the answer
  // for every start on the way.
  size_t AttributesEnd(size_t q) {
    std::vector<size_t> chain;
    size_t end = 0;
    for (;;) {
      if (iter_memo_[q] != kUnknown) {
        end = iter_memo_[q];
        break;
      }
      chain.push_back(q);
      auto m = LocateOneAttribute().MatchAt(text_, q);
      if (!m || m->End() == q) {
        end = SkipSpace(q);
        break;
      }
      q = m->End();
    }
    for (size_t start : chain) iter_memo_[start] = static_cast<uint32_t>(end);
    return end;
  }

  size_t SkipSpace(size_t p) const {
    while (p < text_.size()) {
      size_t next = p;
      if (!IsPySpace(DecodeUtf8(text_, next))) break;
      p = next;
    }
    return p;
  }

  size_t SkipSpaceAndSlash(size_t p) const {
    while (p < text_.size()) {
      if (text_[p] == '/') {
        ++p;
        continue;
      }
      size_t next = p;
      if (!IsPySpace(DecodeUtf8(text_, next))) break;
      p = next;
    }
    return p;
  }

  void EnsureMemo() {
    if (!list_memo_.empty()) return;
    list_memo_.assign(text_.size() + 1, kUnknown);
    iter_memo_.assign(text_.size() + 1, kUnknown);
  }

  bool name_end_valid_ = false;
  size_t name_end_from_ = 0;
  size_t name_end_ = 0;
  std::vector<uint32_t> list_memo_;
  std::vector<uint32_t> iter_memo_;
};

// ---- HtmlParser ------------------------------------------------------------------

HtmlParser::HtmlParser() = default;
HtmlParser::~HtmlParser() = default;

void HtmlParser::Feed(std::string_view data) {
  raw_.append(data);
  IndexText();
  GoAhead(false);
}

void HtmlParser::Close() { GoAhead(true); }

// Newline offsets, and the code-point maps Python's indexes need (only when
// the text is not pure ASCII, otherwise byte and code-point indexes agree).
void HtmlParser::IndexText() {
  newlines_.clear();
  for (size_t p = raw_.find('\n'); p != std::string::npos; p = raw_.find('\n', p + 1))
    newlines_.push_back(p);
  byte_to_cp_.clear();
  cp_to_byte_.clear();
  bool ascii = std::all_of(raw_.begin(), raw_.end(),
                           [](char c) { return static_cast<unsigned char>(c) < 0x80; });
  if (!ascii) {
    byte_to_cp_.resize(raw_.size() + 1);
    uint32_t cp = 0;
    for (size_t b = 0; b < raw_.size(); ++b) {
      bool continuation = (static_cast<unsigned char>(raw_[b]) & 0xC0) == 0x80;
      if (!continuation) {
        cp_to_byte_.push_back(static_cast<uint32_t>(b));
        byte_to_cp_[b] = cp++;
      } else {
        byte_to_cp_[b] = cp;  // inside a character: never asked for
      }
    }
    byte_to_cp_[raw_.size()] = cp;
    cp_to_byte_.push_back(static_cast<uint32_t>(raw_.size()));
  }
  scanner_ = std::make_unique<Scanner>(raw_);
}

size_t HtmlParser::CpIndex(size_t abs_byte) const {
  return byte_to_cp_.empty() ? abs_byte : byte_to_cp_[abs_byte];
}

size_t HtmlParser::AbsByteOfRawCp(size_t cp) const {
  size_t total = CpIndex(raw_.size());
  size_t c = CpIndex(base_) + cp;
  if (c > total) c = total;
  return cp_to_byte_.empty() ? c : cp_to_byte_[c];
}

std::string_view HtmlParser::RawFromCp(size_t start_cp) const {
  return std::string_view(raw_).substr(AbsByteOfRawCp(start_cp));
}

std::string_view HtmlParser::RawSliceCp(size_t start_cp, size_t end_cp) const {
  if (end_cp <= start_cp) return {};
  size_t a = AbsByteOfRawCp(start_cp);
  size_t b = AbsByteOfRawCp(end_cp);
  return std::string_view(raw_).substr(a, b - a);
}

// Python's HTMLExtractor.line_offset: where line `lineno` starts in rawdata,
// found by counting newlines from the start of rawdata. After the buffer was
// sliced, lineno still counts from the start of the whole text, so this
// lands on a later line (or on the last newline), exactly as in Python.
size_t HtmlParser::LineOffset() const {
  if (lineno_ <= 1) return 0;
  auto first = std::lower_bound(newlines_.begin(), newlines_.end(), base_);
  size_t count = static_cast<size_t>(newlines_.end() - first);
  if (count == 0) return 0;
  size_t need = lineno_ - 1;
  size_t abs = need <= count ? *(first + (need - 1)) + 1 : newlines_.back();
  return CpIndex(abs) - CpIndex(base_);
}

size_t HtmlParser::FindGt(size_t from) { return scanner_->Find(scanner_->gt_, from); }

// _markupbase.updatepos: moves the line/column bookkeeping over raw[i:j].
size_t HtmlParser::UpdatePos(size_t i, size_t j) {
  if (i >= j) return j;
  auto lo = std::lower_bound(newlines_.begin(), newlines_.end(), i);
  auto hi = std::lower_bound(newlines_.begin(), newlines_.end(), j);
  size_t nlines = static_cast<size_t>(hi - lo);
  if (nlines) {
    lineno_ += nlines;
    size_t pos = *(hi - 1);
    offset_ = CpIndex(j) - CpIndex(pos + 1);
  } else {
    offset_ += CpIndex(j) - CpIndex(i);
  }
  return j;
}

void HtmlParser::SetCdataMode(const std::string& elem) { cdata_elem_ = PyLower(elem); }
void HtmlParser::ClearCdataMode() { cdata_elem_.clear(); }

// html.parser's goahead: hands text to handle_data up to the next '<' or '&'
// (or, inside <script>/<style>, up to the matching end tag), then parses the
// markup there. Without `end`, stops at the first construct that is not
// terminated, leaving the rest (rawdata) for close().
void HtmlParser::GoAhead(bool end) {
  const std::string_view raw = raw_;
  size_t i = base_;
  const size_t n = raw.size();
  while (i < n) {
    size_t j;
    if (in_cdata()) {
      auto hit = (cdata_elem_ == "script" ? scanner_->script_end_ : scanner_->style_end_).Search(i);
      if (!hit) break;
      j = hit->start;
    } else {
      static constexpr ByteSet kMarkup("<&");
      j = kMarkup.FindIn(raw, i);
      if (j == std::string_view::npos) j = n;
    }
    if (i < j) HandleData(raw.substr(i, j - i));
    i = UpdatePos(i, j);
    if (i == n) break;
    if (raw[i] == '<') {
      long k;
      if (i + 1 < n && IsAsciiLetter(raw[i + 1])) {
        k = ParseStartTag(i);
      } else if (StartsWith(raw, i, "</")) {
        k = ParseEndTag(i);
      } else if (StartsWith(raw, i, "<!--")) {
        k = ParseComment(i);
      } else if (StartsWith(raw, i, "<?")) {
        k = ParsePi(i);
      } else if (StartsWith(raw, i, "<!")) {
        k = ParseHtmlDeclaration(i);
      } else if (i + 1 < n) {
        HandleData("<");
        k = static_cast<long>(i + 1);
      } else {
        break;
      }
      if (k < 0) {
        if (!end) break;
        k = AsLong(FindGt(i + 1));
        if (k < 0) {
          k = AsLong(scanner_->Find(scanner_->lt_, i + 1));
          if (k < 0) k = static_cast<long>(i + 1);
        } else {
          k += 1;
        }
        HandleData(raw.substr(i, static_cast<size_t>(k) - i));
      }
      i = UpdatePos(i, static_cast<size_t>(k));
    } else if (!HandleAmpersand(i)) {
      break;
    }
  }
  if (end && i < n && !in_cdata()) {
    HandleData(raw.substr(i, n - i));
    i = UpdatePos(i, n);
  }
  base_ = i;
}

// The '&' branch of goahead. Returns false to leave the loop (as Python's
// `break`); `i` is moved past what was consumed.
bool HtmlParser::HandleAmpersand(size_t& i) {
  const std::string_view raw = raw_;
  if (StartsWith(raw, i, "&#")) {
    if (auto m = CharRef().MatchAt(raw, i)) {
      size_t last = m->Start(1);
      HandleCharRef(raw.substr(i + 2, last - (i + 2)));
      size_t k = m->Group(1) == ";" ? m->End() : last;
      i = UpdatePos(i, k);
      return true;
    }
    if (raw.find(';', i) != std::string_view::npos) {
      HandleData(raw.substr(i, 2));
      i = UpdatePos(i, i + 2);
    }
    return false;
  }
  if (auto m = EntityRef().MatchAt(raw, i)) {
    HandleEntityRef(m->Group(1));
    i = UpdatePos(i, m->End());
    return true;
  }
  if (i + 1 < raw.size()) {
    HandleData("&");
    i = UpdatePos(i, i + 1);
    return true;
  }
  return false;
}

// HTMLExtractor's parse_starttag (html.parser's, except that an incomplete
// tag is a literal '<' and cdata mode is set before handle_starttag).
long HtmlParser::ParseStartTag(size_t i) {
  const std::string_view raw = raw_;
  starttag_text_.clear();
  long endpos_l = CheckForWholeStartTag(i);
  if (endpos_l < 0) {
    HandleData(raw.substr(i, 1));
    return static_cast<long>(i + 1);
  }
  size_t endpos = static_cast<size_t>(endpos_l);
  starttag_text_ = std::string(raw.substr(i, endpos - i));
  if (raw[endpos - 1] != '>') {
    // The locator stopped inside the tag (at a backtick, say); what it read
    // never ends in '>' outside quotes, so Python's attribute loop below
    // always ends in handle_data. Skipping it keeps `<a`<a`<a`...` linear.
    HandleData(raw.substr(i, endpos - i));
    return endpos_l;
  }

  HtmlAttrs attrs;
  auto tag_match = TagFindTolerant().MatchAt(raw, i + 1);
  size_t k = tag_match->End();
  std::string tag = PyLower(tag_match->Group(1));
  while (k < endpos) {
    auto m = AttrFindTolerant().MatchAt(raw, k);
    if (!m) break;
    std::optional<std::string> value;
    if (m->Has(2) && !m->Group(2).empty()) {
      std::string_view v = m->Group(3);
      if (v.size() >= 2 && ((v.front() == '\'' && v.back() == '\'') ||
                            (v.front() == '"' && v.back() == '"')))
        v = v.substr(1, v.size() - 2);
      else if (v.size() == 1 && (v == "'" || v == "\""))
        v = {};
      value = v.empty() ? std::string() : HtmlUnescape(v);
    }
    attrs.emplace_back(PyLower(m->Group(1)), std::move(value));
    k = m->End();
  }
  std::string_view rest = k < endpos ? PyStrip(raw.substr(k, endpos - k)) : std::string_view();
  if (rest != ">" && rest != "/>") {
    HandleData(raw.substr(i, endpos - i));
    return endpos_l;
  }
  if (EndsWith(rest, "/>")) {
    HandleStartEndTag(tag, attrs);
  } else {
    if (IsCdataContentElement(tag)) SetCdataMode(tag);
    HandleStartTag(tag, attrs);
  }
  return endpos_l;
}

// Where a start tag at `i` ends, or kIncomplete when the text runs out (or
// stops at a letter, '=' or a lone '/') inside it.
long HtmlParser::CheckForWholeStartTag(size_t i) {
  const std::string_view raw = raw_;
  size_t j = scanner_->LocateStartTagEnd(i);
  if (j >= raw.size()) return kIncomplete;
  char next = raw[j];
  if (next == '>') return static_cast<long>(j + 1);
  if (next == '/') {
    if (StartsWith(raw, j, "/>")) return static_cast<long>(j + 2);
    return kIncomplete;
  }
  if (IsAsciiLetter(next) || next == '=') return kIncomplete;
  return static_cast<long>(j > i ? j : i + 1);
}

long HtmlParser::ParseEndTag(size_t i) {
  const std::string_view raw = raw_;
  size_t gt = FindGt(i + 1);
  if (gt == std::string_view::npos) return kIncomplete;
  size_t gtpos = gt + 1;
  auto match = EndTagFind().MatchAt(raw, i);
  if (!match) {
    if (in_cdata()) {
      HandleData(raw.substr(i, gtpos - i));
      return static_cast<long>(gtpos);
    }
    auto namematch = TagFindTolerant().MatchAt(raw, i + 2);
    if (!namematch) {
      if (StartsWith(raw, i, "</>")) return static_cast<long>(i + 3);
      return ParseBogusComment(i);
    }
    std::string tagname = PyLower(namematch->Group(1));
    size_t close = FindGt(namematch->End());
    HandleEndTag(tagname);
    return AsLong(close) + 1;
  }
  std::string elem = PyLower(match->Group(1));
  if (in_cdata() && elem != cdata_elem_) {
    HandleData(raw.substr(i, gtpos - i));
    return static_cast<long>(gtpos);
  }
  HandleEndTag(elem);
  ClearCdataMode();
  return static_cast<long>(gtpos);
}

long HtmlParser::ParseComment(size_t i) {
  auto hit = scanner_->comment_close_.Search(i + 4);
  if (!hit) return kIncomplete;
  HandleComment(std::string_view(raw_).substr(i + 4, hit->start - (i + 4)));
  return static_cast<long>(hit->end);
}

long HtmlParser::BaseParsePi(size_t i) {
  auto hit = scanner_->pi_close_.Search(i + 2);
  if (!hit) return kIncomplete;
  HandlePi(std::string_view(raw_).substr(i + 2, hit->start - (i + 2)));
  return static_cast<long>(hit->end);
}

long HtmlParser::BaseParseHtmlDeclaration(size_t i) {
  const std::string_view raw = raw_;
  if (StartsWith(raw, i, "<!--")) return ParseComment(i);
  if (StartsWith(raw, i, "<![")) return ParseMarkedSection(i);
  if (AsciiLower(raw.substr(i, 9)) == "<!doctype") {
    size_t gt = FindGt(i + 9);
    if (gt == std::string_view::npos) return kIncomplete;
    HandleDecl(raw.substr(i + 2, gt - (i + 2)));
    return static_cast<long>(gt + 1);
  }
  return ParseBogusComment(i);
}

long HtmlParser::BaseParseBogusComment(size_t i, bool report) {
  size_t pos = FindGt(i + 2);
  if (pos == std::string_view::npos) return kIncomplete;
  if (report) HandleComment(std::string_view(raw_).substr(i + 2, pos - (i + 2)));
  return static_cast<long>(pos + 1);
}

// _markupbase.parse_marked_section. Only `<![CDATA[` reaches it here (the
// extractor turns other `<![` into bogus comments), so the keyword is known.
long HtmlParser::ParseMarkedSection(size_t i) {
  const std::string_view raw = raw_;
  size_t start = i + 3;
  if (start >= raw.size()) return kIncomplete;
  auto name = DeclName().MatchAt(raw, start);
  if (!name || name->End() == raw.size()) return kIncomplete;
  std::string sect = AsciiLower(PyStrip(name->Group(0)));
  std::optional<CachedSearch::Hit> hit;
  if (sect == "temp" || sect == "cdata" || sect == "ignore" || sect == "include" ||
      sect == "rcdata") {
    hit = scanner_->marked_close_.Search(start);
  } else if (sect == "if" || sect == "else" || sect == "endif") {
    hit = scanner_->ms_marked_close_.Search(start);
  } else {
    return ParseBogusComment(i);  // Python raises AssertionError here
  }
  if (!hit) return kIncomplete;
  UnknownDecl(raw.substr(start, hit->start - start));
  return static_cast<long>(hit->end);
}

// ---- HtmlExtractor -----------------------------------------------------------

namespace {
// blank_line_re = ^([ ]*\n){2}
bool StartsWithBlankLines(std::string_view s) {
  size_t p = 0;
  for (int line = 0; line < 2; ++line) {
    while (p < s.size() && s[p] == ' ') ++p;
    if (p >= s.size() || s[p] != '\n') return false;
    ++p;
  }
  return true;
}
}  // namespace

HtmlExtractor::HtmlExtractor(Markdown& md) : md_(md) {}

void HtmlExtractor::Close() {
  HtmlParser::Close();
  if (!rawdata().empty()) HandleData(rawdata());
  if (!cache_.empty()) cleandoc_.push_back(md_.html_stash.Store(JoinCache()));
}

std::string HtmlExtractor::CleanDoc() const {
  size_t total = 0;
  for (const auto& s : cleandoc_) total += s.size();
  std::string out;
  out.reserve(total);
  for (const auto& s : cleandoc_) out += s;
  return out;
}

std::string HtmlExtractor::JoinCache() {
  std::string out;
  for (const auto& s : cache_) out += s;
  cache_.clear();
  return out;
}

// Up to three spaces (any Unicode whitespace, as str.strip) before the token.
bool HtmlExtractor::AtLineStart() const {
  if (offset() == 0) return true;
  if (offset() > 3) return false;
  size_t lo = LineOffset();
  return PyStrip(RawSliceCp(lo, lo + offset())).empty();
}

std::string HtmlExtractor::GetEndTagText(const std::string& tag) {
  size_t start = AbsByteOfRawCp(CurrentCp());
  size_t gt = FindGt(start);
  if (gt == std::string::npos) return "</" + tag + ">";
  return std::string(std::string_view(text()).substr(start, gt + 1 - start));
}

bool HtmlExtractor::BlankLineAfter(std::string_view text) const {
  return StartsWithBlankLines(RawFromCp(CurrentCp() + CountCodePoints(text)));
}

void HtmlExtractor::HandleStartTag(const std::string& tag, HtmlAttrs& attrs) {
  if (IsEmptyTag(tag)) {
    HandleStartEndTag(tag, attrs);
    return;
  }
  if (md_.IsBlockLevel(tag) && (intail_ || (AtLineStart() && !inraw_))) {
    inraw_ = true;
    cleandoc_.push_back("\n");
  }
  const std::string& text = get_starttag_text();
  if (inraw_) {
    stack_.Push(tag);
    cache_.push_back(text);
  } else {
    cleandoc_.push_back(text);
    if (IsCdataContentElement(tag)) ClearCdataMode();
  }
}

void HtmlExtractor::HandleEndTag(const std::string& tag) {
  std::string text = GetEndTagText(tag);
  if (!inraw_) {
    cleandoc_.push_back(std::move(text));
    return;
  }
  cache_.push_back(text);
  if (stack_.Contains(tag)) {
    while (!stack_.empty()) {
      if (stack_.Pop() == tag) break;
    }
  }
  if (!stack_.empty()) return;
  if (BlankLineAfter(text))
    cache_.push_back("\n");
  else
    intail_ = true;
  inraw_ = false;
  cleandoc_.push_back(md_.html_stash.Store(JoinCache()));
  cleandoc_.push_back("\n\n");
}

void HtmlExtractor::HandleData(std::string_view data) {
  if (intail_ && data.find('\n') != std::string_view::npos) intail_ = false;
  if (inraw_)
    cache_.emplace_back(data);
  else
    cleandoc_.emplace_back(data);
}

void HtmlExtractor::HandleEmptyTag(std::string data, bool is_block) {
  if (inraw_ || intail_) {
    cache_.push_back(std::move(data));
    return;
  }
  if (!(AtLineStart() && is_block)) {
    cleandoc_.push_back(std::move(data));
    return;
  }
  if (BlankLineAfter(data))
    data += '\n';
  else
    intail_ = true;
  std::string_view last = cleandoc_.empty() ? std::string_view() : cleandoc_.back();
  if (!EndsWith(last, "\n\n") && EndsWith(last, "\n")) cleandoc_.push_back("\n");
  cleandoc_.push_back(md_.html_stash.Store(std::move(data)));
  cleandoc_.push_back("\n\n");
}

void HtmlExtractor::HandleStartEndTag(const std::string& tag, HtmlAttrs&) {
  HandleEmptyTag(get_starttag_text(), md_.IsBlockLevel(tag));
}

void HtmlExtractor::HandleCharRef(std::string_view name) {
  HandleEmptyTag("&#" + std::string(name) + ";", false);
}

void HtmlExtractor::HandleEntityRef(std::string_view name) {
  HandleEmptyTag("&" + std::string(name) + ";", false);
}

// A comment closed by anything but a plain "-->" (say "-- >"), or one that
// the off-track position bookkeeping misreads, is not taken as a comment: its
// '<' is text, and the next position update sends the parser back to the
// second character of rawdata (Python's `updatepos(0, 1)`), so it parses
// that text again. Python never finishes when this repeats itself; after a
// budget of re-read text the conversion is redone with a step past the '<' instead.
void HtmlExtractor::HandleComment(std::string_view data) {
  size_t close = CurrentCp() + CountCodePoints(data) + 4;
  if (RawSliceCp(close, close + 3) != "-->") {
    HandleData("<");
    override_comment_update_ = true;
    return;
  }
  HandleEmptyTag("<!--" + std::string(data) + "-->", true);
}

size_t HtmlExtractor::UpdatePos(size_t i, size_t j) {
  if (!override_comment_update_) return HtmlParser::UpdatePos(i, j);
  override_comment_update_ = false;
  if (sane_comment_rewind_) return HtmlParser::UpdatePos(i, i + 1);
  // Python may rewind many times and still finish; allow some twenty
  // re-reads of the text (plus a floor for short texts) before giving up.
  rewound_bytes_ += i - window_start();
  if (rewound_bytes_ > 2000000 + 20 * text().size()) throw RewindLoop{};
  return HtmlParser::UpdatePos(window_start(), window_start() + 1);
}

std::string ExtractRawHtml(const std::function<std::unique_ptr<HtmlExtractor>()>& make,
                           std::string_view source) {
  try {
    std::unique_ptr<HtmlExtractor> parser = make();
    parser->Feed(source);
    parser->Close();
    return parser->CleanDoc();
  } catch (const HtmlExtractor::RewindLoop&) {
    // Placeholders stashed by the abandoned run stay unused in the stash.
    std::unique_ptr<HtmlExtractor> parser = make();
    parser->set_sane_comment_rewind(true);
    parser->Feed(source);
    parser->Close();
    return parser->CleanDoc();
  }
}

void HtmlExtractor::HandleDecl(std::string_view data) {
  HandleEmptyTag("<!" + std::string(data) + ">", true);
}

void HtmlExtractor::HandlePi(std::string_view data) {
  HandleEmptyTag("<?" + std::string(data) + "?>", true);
}

void HtmlExtractor::UnknownDecl(std::string_view data) {
  std::string_view end = data.substr(0, 6) == "CDATA[" ? "]]>" : "]>";
  HandleEmptyTag("<![" + std::string(data) + std::string(end), true);
}

long HtmlExtractor::ParsePi(size_t i) {
  if (AtLineStart() || intail_) return BaseParsePi(i);
  HandleData("<?");
  return static_cast<long>(i + 2);
}

long HtmlExtractor::ParseHtmlDeclaration(size_t i) {
  if (AtLineStart() || intail_) return ParseDeclarationAtBlockStart(i);
  HandleData("<!");
  return static_cast<long>(i + 2);
}

// Python-Markdown's work-around for CPython gh-77057: `<![` other than
// `<![CDATA[` is a bogus comment (or a literal '<' when never closed).
long HtmlExtractor::ParseDeclarationAtBlockStart(size_t i) {
  std::string_view raw = text();
  if (StartsWith(raw, i, "<![") && !StartsWith(raw, i, "<![CDATA[")) {
    long result = ParseBogusComment(i);
    if (result == kIncomplete) {
      HandleData(raw.substr(i, 1));
      return static_cast<long>(i + 1);
    }
    return result;
  }
  return BaseParseHtmlDeclaration(i);
}

// Bogus comments (`<!x>`, `</ x>`) pass through unchanged, as inline HTML.
long HtmlExtractor::ParseBogusComment(size_t i) {
  long pos = BaseParseBogusComment(i, false);
  if (pos == kIncomplete) return kIncomplete;
  HandleEmptyTag(std::string(text().substr(i, static_cast<size_t>(pos) - i)), false);
  return pos;
}

}  // namespace stacks::markdown
