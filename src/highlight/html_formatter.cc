// Pygments 2.14's HtmlFormatter over our tokens, and its style sheets.
//
// format_unencoded chains generators: tokens become lines of spans (a span
// stays open across tokens of the same class and is closed at each line
// end), then inline line numbers, highlighted lines, line anchors and spans,
// <pre>/<code>, the line-number table and the <div> wrap the lines in turn.
#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <tuple>

#include "base/base.h"
#include "highlight/highlight.h"
#include "markdown/ext/codehilite.h"
#include "markdown/util.h"

namespace stacks::highlight {

namespace {

constexpr size_t kTypeCount = 0
#define X(e, name, cls) +1
#include "highlight/token_types.inc"
#undef X
    ;

struct Style {
  const char* name;
  const char* inline_css[kTypeCount];
  const char* css;
};
const Style kStyles[] = {
#include "highlight/styles.inc"
};

// The colors plain-text output needs (shared with the Markdown side).
struct StyleColors {
  const char* name;
  const char* background;
  const char* highlight;
  const char* lineno;
  const char* lineno_background;
  const char* special;
  const char* special_background;
};
constexpr StyleColors kStyleColors[] = {
#include "markdown/ext/codehilite_styles.inc"
};

template <typename S>
const S& FindByName(const S* begin, const S* end, std::string_view name) {
  const S* fallback = begin;
  for (const S* s = begin; s != end; ++s) {
    if (name == s->name) return *s;
    if (std::string_view(s->name) == "default") fallback = s;
  }
  return *fallback;
}

// ---- Pygments option readers (pygments.util) ----------------------------------

bool GetBoolOpt(const nlohmann::json& o, const char* key, bool fallback) {
  auto it = o.find(key);
  if (it == o.end()) return fallback;
  if (it->is_boolean()) return it->get<bool>();
  if (it->is_number_integer()) return it->get<long long>() != 0;
  if (!it->is_string()) return fallback;
  std::string s = AsciiLower(it->get<std::string>());
  if (s == "1" || s == "yes" || s == "true" || s == "on") return true;
  if (s == "0" || s == "no" || s == "false" || s == "off") return false;
  return fallback;
}

long long GetIntOpt(const nlohmann::json& o, const char* key, long long fallback) {
  auto it = o.find(key);
  if (it == o.end()) return fallback;
  if (it->is_boolean()) return it->get<bool>() ? 1 : 0;
  if (it->is_number()) return it->get<long long>();
  if (it->is_string()) {
    try {
      return std::stoll(std::string(markdown::PyStrip(it->get<std::string>())));
    } catch (...) {
    }
  }
  return fallback;
}

std::string GetStrOpt(const nlohmann::json& o, const char* key, std::string fallback) {
  auto it = o.find(key);
  if (it == o.end()) return fallback;
  if (it->is_string()) return it->get<std::string>();
  if (it->is_null()) return "";
  return it->dump();
}

std::set<long long> GetHlLines(const nlohmann::json& o) {
  std::set<long long> lines;
  auto it = o.find("hl_lines");
  if (it == o.end()) return lines;
  nlohmann::json items = nlohmann::json::array();
  if (it->is_string()) {
    for (const std::string& w : markdown::SplitOn(it->get<std::string>(), " "))
      if (!markdown::PyStrip(w).empty()) items.push_back(std::string(markdown::PyStrip(w)));
  } else if (it->is_array()) {
    items = *it;
  }
  for (const auto& v : items) {
    if (v.is_number()) {
      lines.insert(v.get<long long>());
    } else if (v.is_string()) {
      try {
        size_t used = 0;
        std::string s(markdown::PyStrip(v.get<std::string>()));
        long long n = std::stoll(s, &used);
        if (used == s.size()) lines.insert(n);
      } catch (...) {
      }
    }
  }
  return lines;
}

std::string PadNumber(long long n, size_t width) {
  std::string s = std::to_string(n);
  if (s.size() < width) s.insert(0, width - s.size(), ' ');
  return s;
}

std::string LinenoStyleText(const char* color, const char* background) {
  return std::string("color: ") + (color ? color : "None") + "; background-color: " +
         (background ? background : "None") + "; padding-left: 5px; padding-right: 5px;";
}

// A piece of output: `source` pieces are lines of code, the others markup.
struct Piece {
  bool source;
  std::string text;
};

// Each token type's span opener for one (noclasses, style, classprefix),
// numbered so that equal openers share a number (Pygments compares the
// opener strings: equal ones share a span).
struct SpanTable {
  SpanTable(bool noclasses, const Style& style, const std::string& classprefix) {
    for (size_t i = 0; i < kTypeCount; ++i) {
      openers[i] = SpanOpener(static_cast<TokenType>(i), noclasses, style, classprefix);
      id[i] = static_cast<uint8_t>(i);
      for (size_t j = 0; j < i; ++j)
        if (openers[j] == openers[i]) {
          id[i] = id[j];
          break;
        }
      longest = std::max(longest, openers[i].size());
      std::memcpy(padded[i], openers[i].data(), std::min(openers[i].size(), kPadded));
    }
    for (size_t i = 0; i < kTypeCount && empty_span == kNoSpan; ++i)
      if (openers[i].empty()) empty_span = id[i];
  }

  // `<span class="kn">`, or `<span style="...">` with noclasses, or "".
  // A non-standard type has several classes ("nb nb-Type"); the prefix goes
  // before each of them.
  static std::string SpanOpener(TokenType type, bool noclasses, const Style& style, const std::string& classprefix) {
    if (noclasses) {
      const char* css = style.inline_css[static_cast<size_t>(type)];
      return *css ? "<span style=\"" + std::string(css) + "\">" : "";
    }
    std::string_view classes = TokenClass(type);
    if (classes.empty()) return "";
    std::string prefixed;
    for (const std::string& cls : markdown::SplitOn(classes, " "))
      prefixed += (prefixed.empty() ? "" : " ") + classprefix + cls;
    return "<span class=\"" + prefixed + "\">";
  }

  std::string openers[kTypeCount];
  /// The openers' first kPadded bytes, for fixed-size copies.
  static constexpr size_t kPadded = 64;
  char padded[kTypeCount][kPadded] = {};
  /// Per type, the type whose opener it shares.
  uint8_t id[kTypeCount];
  /// The span id of the empty opener (kNoSpan when every type has one).
  static constexpr int kNoSpan = -1;
  int empty_span = kNoSpan;
  size_t longest = 0;
};

// The span table for these settings: built on a thread's first use of them
// and kept (there are a few settings per site at most).
const SpanTable& SpanTableFor(bool noclasses, const Style& style, const std::string& classprefix) {
  using Key = std::tuple<bool, const Style*, std::string>;
  thread_local std::map<Key, std::unique_ptr<SpanTable>> tables;
  thread_local const SpanTable* last = nullptr;
  thread_local Key last_key;
  Key key(noclasses, noclasses ? &style : nullptr, classprefix);
  if (last && key == last_key) return *last;
  std::unique_ptr<SpanTable>& table = tables[key];
  if (!table) table = std::make_unique<SpanTable>(noclasses, style, classprefix);
  last = table.get();
  last_key = std::move(key);
  return *last;
}

struct Formatter {
  explicit Formatter(const nlohmann::json& o)
      : nowrap(GetBoolOpt(o, "nowrap", false)),
        noclasses(GetBoolOpt(o, "noclasses", false)),
        wrapcode(GetBoolOpt(o, "wrapcode", false)),
        nobackground(GetBoolOpt(o, "nobackground", false)),
        anchorlinenos(GetBoolOpt(o, "anchorlinenos", false)),
        cssclass(GetStrOpt(o, "cssclass", "highlight")),
        classprefix(GetStrOpt(o, "classprefix", "")),
        cssstyles(GetStrOpt(o, "cssstyles", "")),
        prestyles(GetStrOpt(o, "prestyles", "")),
        filename(GetStrOpt(o, "filename", "")),
        lineseparator(GetStrOpt(o, "lineseparator", "\n")),
        lineanchors(GetStrOpt(o, "lineanchors", "")),
        linespans(GetStrOpt(o, "linespans", "")),
        linenostart(std::llabs(GetIntOpt(o, "linenostart", 1))),
        linenostep(std::llabs(GetIntOpt(o, "linenostep", 1))),
        linenospecial(std::llabs(GetIntOpt(o, "linenospecial", 0))),
        hl_lines(GetHlLines(o)),
        style(FindByName(std::begin(kStyles), std::end(kStyles), GetStrOpt(o, "style", "default"))),
        colors(FindByName(std::begin(kStyleColors), std::end(kStyleColors), GetStrOpt(o, "style", "default"))),
        spans(SpanTableFor(noclasses, style, classprefix)) {
    auto it = o.find("linenos");
    if (it != o.end() && it->is_string() && it->get<std::string>() == "inline") linenos = 2;
    else if (it != o.end() && markdown::JsonTruthy(*it)) linenos = 1;
    markup_room = spans.longest + 2 * sizeof("</span>") + lineseparator.size() + SpanTable::kPadded;
  }

  std::string LinenoStyle(bool special, const char* normal_class, const char* special_class) const {
    if (noclasses)
      return " style=\"" +
             (special ? LinenoStyleText(colors.special, colors.special_background)
                      : LinenoStyleText(colors.lineno, colors.lineno_background)) +
             "\"";
    return std::string(" class=\"") + (special ? special_class : normal_class) + "\"";
  }
  bool Special(long long n) const { return linenospecial && n % linenospecial == 0; }
  bool Printed(long long n) const { return linenostep && n % linenostep == 0; }

  int linenos = 0;
  bool nowrap, noclasses, wrapcode, nobackground, anchorlinenos;
  std::string cssclass, classprefix, cssstyles, prestyles, filename, lineseparator, lineanchors, linespans;
  long long linenostart, linenostep, linenospecial;
  std::set<long long> hl_lines;
  const Style& style;
  const StyleColors& colors;
  const SpanTable& spans;
  /// Room for the markup around one piece of text: an opener, two
  /// closers and a line separator.
  size_t markup_room = 0;
};

// The formatter for `options`: a thread keeps the last one it built and
// hands it out again while the options are equal (a site's code blocks
// mostly share theirs), comparing the options instead of reading them.
const Formatter& FormatterFor(const nlohmann::json& options) {
  thread_local std::optional<Formatter> last;
  thread_local nlohmann::json last_options;
  if (!last || last_options != options) {
    last.reset();
    last.emplace(options);
    last_options = options;
  }
  return *last;
}

// The output, written through a raw pointer: a caller first makes room for
// what it is about to write (Reserve), then writes it unchecked. Short
// pieces are copied as fixed-size blocks from padded sources (the room
// reserved covers the padding).
class HtmlBuffer {
 public:
  HtmlBuffer() : at_(data_.data()), end_(data_.data()) {}
  HtmlBuffer(const HtmlBuffer&) = delete;
  HtmlBuffer& operator=(const HtmlBuffer&) = delete;
  void Reserve(size_t room) {
    if (static_cast<size_t>(end_ - at_) < room) Grow(room);
  }
  void Put(std::string_view s) {
    std::memcpy(at_, s.data(), s.size());
    at_ += s.size();
  }
  /// Put(s), copying N bytes from `padded` (s's first bytes, at least N
  /// readable) when s is no longer.
  template <size_t N>
  void PutPadded(std::string_view s, const char* padded) {
    if (s.size() > N) return Put(s);
    std::memcpy(at_, padded, N);
    at_ += s.size();
  }
  /// See the definition.
  size_t PutEscapedLine(std::string_view s);
  /// Put with its own Reserve.
  void Append(std::string_view s) {
    Reserve(s.size());
    Put(s);
  }
  size_t size() const { return static_cast<size_t>(at_ - data_.data()); }
  std::string_view Written() const { return {data_.data(), size()}; }
  std::string Take() {
    data_.resize(size());
    at_ = end_ = nullptr;
    return std::move(data_);
  }

 private:
  void Grow(size_t room) {
    size_t used = size();
    data_.resize(std::max({data_.size() * 2, used + room, size_t{256}}));
    at_ = data_.data() + used;
    end_ = data_.data() + data_.size();
  }
  std::string data_;
  char* at_;
  char* end_;
};

// HTML escapes (Pygments' escape_html) per byte, padded to 8 bytes for
// fixed-size copies; length 0 for the bytes that stay, kNewline for '\n'.
constexpr uint8_t kNewline = 0xff;
struct EscapeTable {
  constexpr EscapeTable() {
    Set('&', "&amp;");
    Set('<', "&lt;");
    Set('>', "&gt;");
    Set('"', "&quot;");
    Set('\'', "&#39;");
    length[static_cast<unsigned char>('\n')] = kNewline;
  }
  constexpr void Set(unsigned char c, std::string_view entity) {
    length[c] = static_cast<uint8_t>(entity.size());
    for (size_t i = 0; i < entity.size(); ++i) text[c][i] = entity[i];
  }
  uint8_t length[256] = {};
  char text[256][8] = {};
};
constexpr EscapeTable kEscapes;
constexpr size_t kLongestEscape = 8;  // with the padding
constexpr char kPaddedClose[16] = "</span>";
constexpr std::string_view kClose = "</span>";

// Escapes `s` up to its first newline, byte by byte (tokens are mostly a
// few bytes long, where a call to memcpy per run would cost more); returns
// the bytes done. Needs room for kLongestEscape bytes per byte.
size_t HtmlBuffer::PutEscapedLine(std::string_view s) {
  char* at = at_;
  size_t i = 0;
  for (; i < s.size(); ++i) {
    auto byte = static_cast<unsigned char>(s[i]);
    uint8_t length = kEscapes.length[byte];
    if (!length) {
      *at++ = s[i];
      continue;
    }
    if (length == kNewline) break;
    std::memcpy(at, kEscapes.text[byte], 8);
    at += length;
  }
  at_ = at;
  return i;
}

// `_format_lines`, written into `out`: the open span (`lspan`) carries over
// to the next token when it has the same opener, so equal neighbours share
// one span; every line closes its span before the separator. Each token is
// escaped straight into the output, a line at a time; `line_done()` is
// called after each line's separator. (Pygments keeps `lspan` unchanged
// when a line ends in another span; that value is never read before the
// next line sets it, so here every opened span becomes `lspan`.)
template <typename LineDone>
void FormatLinesInto(const std::vector<Token>& tokens, const Formatter& f, HtmlBuffer& out, LineDone&& line_done) {
  bool have_line = false;
  const SpanTable& spans = f.spans;
  int lspan = spans.empty_span;
  auto close = [&] {
    if (lspan != spans.empty_span) out.PutPadded<sizeof kPaddedClose>(kClose, kPaddedClose);
  };
  const std::string_view sep = f.lineseparator;
  for (const Token& token : tokens) {
    int cspan = spans.id[static_cast<size_t>(token.type)];
    std::string_view text = token.text;
    while (!text.empty()) {
      out.Reserve(text.size() * kLongestEscape + f.markup_room);
      if (text[0] != '\n') {
        if (!have_line || lspan != cspan) {
          if (have_line) close();
          out.PutPadded<SpanTable::kPadded>(spans.openers[cspan], spans.padded[cspan]);
          lspan = cspan;
          have_line = true;
        }
        text.remove_prefix(out.PutEscapedLine(text));
        if (text.empty()) break;
      }
      // At a newline: the line ends.
      if (have_line) close();
      out.Put(sep);
      line_done();
      have_line = false;
      text.remove_prefix(1);
    }
  }
  if (have_line) {
    out.Reserve(f.markup_room);
    close();
    out.Put(sep);
    line_done();
  }
}

// The lines as pieces, for the wrappers that work line by line.
std::vector<Piece> FormatLines(const std::vector<Token>& tokens, const Formatter& f) {
  HtmlBuffer buffer;
  std::vector<size_t> ends;
  FormatLinesInto(tokens, f, buffer, [&] { ends.push_back(buffer.size()); });
  std::vector<Piece> out;
  out.reserve(ends.size());
  size_t begin = 0;
  for (size_t end : ends) {
    out.push_back({true, std::string(buffer.Written().substr(begin, end - begin))});
    begin = end;
  }
  return out;
}

std::vector<Piece> WrapInlineLinenos(std::vector<Piece> lines, const Formatter& f) {
  long long num = f.linenostart;
  size_t width = std::to_string(static_cast<long long>(lines.size()) + num - 1).size();
  const std::string& anchor = f.lineanchors.empty() ? f.linespans : f.lineanchors;
  for (Piece& p : lines) {
    std::string number = f.Printed(num) ? PadNumber(num, width) : std::string(width, ' ');
    std::string linenos =
        "<span" + f.LinenoStyle(f.Special(num), "linenos", "linenos special") + ">" + number + "</span>";
    if (f.anchorlinenos) linenos = "<a href=\"#" + anchor + "-" + std::to_string(num) + "\">" + linenos + "</a>";
    p.text = linenos + p.text;
    ++num;
  }
  return lines;
}

std::vector<Piece> HighlightLines(std::vector<Piece> lines, const Formatter& f) {
  for (size_t i = 0; i < lines.size(); ++i) {
    if (!f.hl_lines.count(static_cast<long long>(i) + 1)) continue;
    std::string attr = " class=\"hll\"";
    if (f.noclasses)
      attr = f.colors.highlight ? " style=\"background-color: " + std::string(f.colors.highlight) + "\"" : "";
    lines[i].text = "<span" + attr + ">" + lines[i].text + "</span>";
  }
  return lines;
}

std::vector<Piece> WrapLineAnchorsAndSpans(std::vector<Piece> lines, const Formatter& f) {
  long long i = f.linenostart - 1;
  if (!f.lineanchors.empty()) {
    for (Piece& p : lines) {
      if (!p.source) continue;
      ++i;
      std::string n = f.lineanchors + "-" + std::to_string(i);
      std::string href = f.linenos ? "" : " href=\"#" + n + "\"";
      p.text = "<a id=\"" + n + "\" name=\"" + n + "\"" + href + "></a>" + p.text;
    }
  }
  i = f.linenostart - 1;
  if (!f.linespans.empty()) {
    for (Piece& p : lines) {
      if (!p.source) continue;
      ++i;
      p.text = "<span id=\"" + f.linespans + "-" + std::to_string(i) + "\">" + p.text + "</span>";
    }
  }
  return lines;
}

// What comes before the lines in `<pre>` (with the file name), and after.
std::string PreOpening(const Formatter& f) {
  std::string pre_style = f.prestyles;
  if (f.noclasses) pre_style += (pre_style.empty() ? "" : "; ") + std::string("line-height: 125%;");
  std::string opening;
  if (!f.filename.empty() && f.linenos != 1) opening += "<span class=\"filename\">" + f.filename + "</span>";
  opening += "<pre" + (pre_style.empty() ? "" : " style=\"" + pre_style + "\"") + "><span></span>";
  if (f.wrapcode) opening += "<code>";
  return opening;
}

std::string_view PreClosing(const Formatter& f) { return f.wrapcode ? "</code></pre>" : "</pre>"; }

std::string WrapPreAndTable(const std::vector<Piece>& lines, const Formatter& f) {
  std::string body = PreOpening(f);
  size_t total = body.size() + 32;
  for (const Piece& p : lines) total += p.text.size();
  body.reserve(total);
  for (const Piece& p : lines) body += p.text;
  body += PreClosing(f);
  if (f.linenos != 1) return body;

  long long count = static_cast<long long>(lines.size());
  size_t width = std::to_string(count + f.linenostart - 1).size();
  const std::string& anchor = f.lineanchors.empty() ? f.linespans : f.lineanchors;
  std::string numbers;
  for (long long i = f.linenostart; i < f.linenostart + count; ++i) {
    std::string line = f.Printed(i) ? PadNumber(i, width) : std::string(width, ' ');
    if (f.Printed(i) && f.anchorlinenos) line = "<a href=\"#" + anchor + "-" + std::to_string(i) + "\">" + line + "</a>";
    if (i != f.linenostart) numbers += "\n";
    numbers += "<span" + f.LinenoStyle(f.Special(i), "normal", "special") + ">" + line + "</span>";
  }
  std::string filename_row;
  if (!f.filename.empty())
    filename_row = "<tr><th colspan=\"2\" class=\"filename\"><span class=\"filename\">" + f.filename + "</span></th></tr>";
  return "<table class=\"" + f.cssclass + "table\">" + filename_row +
         "<tr><td class=\"linenos\"><div class=\"linenodiv\"><pre>" + numbers + "</pre></div></td><td class=\"code\"><div>" +
         body + "</div></td></tr></table>";
}

std::string DivOpening(const Formatter& f) {
  std::string style;
  if (f.noclasses && !f.nobackground && f.colors.background) style = "background: " + std::string(f.colors.background);
  if (!f.cssstyles.empty()) style += (style.empty() ? "" : "; ") + f.cssstyles;
  std::string open = "<div";
  if (!f.cssclass.empty()) open += " class=\"" + f.cssclass + "\"";
  if (!style.empty()) open += " style=\"" + style + "\"";
  return open + ">";
}

constexpr std::string_view kDivClosing = "</div>\n";

std::string WrapDiv(const std::string& inner, const Formatter& f) { return DivOpening(f) + inner + std::string(kDivClosing); }

}  // namespace

std::string FormatHtml(const std::vector<Token>& tokens, const nlohmann::json& options) {
  const Formatter& f = FormatterFor(options);
  // The common case (no line numbers, highlighted lines, anchors or line
  // spans) writes the lines straight into one string.
  if (!f.nowrap && !f.linenos && f.hl_lines.empty() && f.lineanchors.empty() && f.linespans.empty()) {
    // Room for the text and a span per token, and some escapes and line
    // ends: mostly enough not to grow.
    size_t size = 0;
    for (const Token& t : tokens) size += t.text.size() + f.spans.openers[f.spans.id[static_cast<size_t>(t.type)]].size();
    HtmlBuffer out;
    out.Reserve(size + size / 4 + tokens.size() * kClose.size() + 256);
    out.Append(DivOpening(f));
    out.Append(PreOpening(f));
    FormatLinesInto(tokens, f, out, [] {});
    out.Append(PreClosing(f));
    out.Append(kDivClosing);
    return out.Take();
  }
  std::vector<Piece> lines = FormatLines(tokens, f);
  if (!f.nowrap && f.linenos == 2) lines = WrapInlineLinenos(std::move(lines), f);
  if (!f.hl_lines.empty()) lines = HighlightLines(std::move(lines), f);
  if (f.nowrap) {
    std::string out;
    for (const Piece& p : lines) out += p.text;
    return out;
  }
  lines = WrapLineAnchorsAndSpans(std::move(lines), f);
  return WrapDiv(WrapPreAndTable(lines, f), f);
}

std::optional<std::string> StyleCss(std::string_view name, std::string_view selector) {
  for (const Style& s : kStyles)
    if (name == s.name) return ReplaceAll(s.css, "@SEL@", selector);
  return std::nullopt;
}

std::vector<std::string> StyleNames() {
  std::vector<std::string> names;
  for (const Style& s : kStyles) names.push_back(s.name);
  return names;
}

}  // namespace stacks::highlight
