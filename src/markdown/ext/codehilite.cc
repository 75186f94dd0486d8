// The codehilite extension and the plain-text printing of code blocks.
#include "markdown/ext/codehilite.h"

#include <cstdio>
#include <cstdlib>
#include <set>

#include "base/base.h"
#include "markdown/regex.h"

namespace stacks::markdown {

// ---- configuration values ---------------------------------------------------

nlohmann::json ParseHlLines(std::string_view expr) {
  nlohmann::json out = nlohmann::json::array();
  std::string text(expr);
  for (const std::string& word : SplitOn(text, " ")) {
    std::string_view w = PyStrip(word);
    if (w.empty()) continue;
    // Python int(): optional sign, digits and underscores between digits.
    static const Regex kInt(R"([+-]?[0-9]+(?:_[0-9]+)*)");
    if (!kInt.FullMatch(w)) return nlohmann::json::array();
    std::string digits;
    for (char c : w)
      if (c != '_') digits.push_back(c);
    try {
      out.push_back(std::stoll(digits));
    } catch (...) {
      return nlohmann::json::array();
    }
  }
  return out;
}

bool JsonTruthy(const nlohmann::json& value) {
  if (value.is_null()) return false;
  if (value.is_boolean()) return value.get<bool>();
  if (value.is_number()) return value.get<double>() != 0;
  if (value.is_string()) return !value.get_ref<const std::string&>().empty();
  return !value.empty();
}

nlohmann::json JsonBoolValue(const nlohmann::json& value, bool preserve_none, bool* ok) {
  if (ok) *ok = true;
  if (!value.is_string()) {
    if (preserve_none && value.is_null()) return nullptr;
    return JsonTruthy(value);
  }
  std::string lower = AsciiLower(value.get<std::string>());
  if (preserve_none && lower == "none") return nullptr;
  if (lower == "true" || lower == "yes" || lower == "y" || lower == "on" || lower == "1") return true;
  if (lower == "false" || lower == "no" || lower == "n" || lower == "off" || lower == "0" ||
      lower == "none")
    return false;
  if (ok) *ok = false;
  return nullptr;
}

std::string EscapeAttribHtml(std::string_view text) {
  static const Regex kAmp(R"(&(?!(?:\#[0-9]+|\#x[0-9a-f]+|[0-9a-z]+);))", Regex::kIgnoreCase);
  std::string out = kAmp.Sub(text, [](const Match&) { return std::string("&amp;"); });
  out = ReplaceAll(out, "<", "&lt;");
  out = ReplaceAll(out, ">", "&gt;");
  return ReplaceAll(out, "\"", "&quot;");
}

namespace {

// ---- Pygments option readers (pygments.util) --------------------------------

bool GetBoolOpt(const nlohmann::json& o, const char* key, bool fallback) {
  auto it = o.find(key);
  if (it == o.end()) return fallback;
  if (it->is_boolean()) return it->get<bool>();
  if (it->is_number_integer()) return it->get<long long>() != 0;
  if (!it->is_string()) return fallback;  // Pygments raises OptionError
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
      return std::stoll(std::string(PyStrip(it->get<std::string>())));
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
    for (const std::string& w : SplitOn(it->get<std::string>(), " "))
      if (!PyStrip(w).empty()) items.push_back(std::string(PyStrip(w)));
  } else if (it->is_array()) {
    items = *it;
  }
  for (const auto& v : items) {
    if (v.is_number()) lines.insert(v.get<long long>());
    else if (v.is_string()) {
      try {
        size_t used = 0;
        std::string s(PyStrip(v.get<std::string>()));
        long long n = std::stoll(s, &used);
        if (used == s.size()) lines.insert(n);
      } catch (...) {
      }
    }
  }
  return lines;
}

// ---- the HtmlFormatter for plain text ---------------------------------------

// The colors of a Pygments style that plain-text output shows (noclasses).
struct StyleColors {
  const char* name;
  const char* background;
  const char* highlight;
  const char* lineno;
  const char* lineno_background;
  const char* special;
  const char* special_background;
};
constexpr StyleColors kStyles[] = {
#include "markdown/ext/codehilite_styles.inc"
};

// Pygments looks styles up by name (an unknown name is an error there);
// unknown names fall back to "default".
const StyleColors& FindStyle(std::string_view name) {
  const StyleColors* fallback = nullptr;
  for (const StyleColors& s : kStyles) {
    if (name == s.name) return s;
    if (std::string_view(s.name) == "default") fallback = &s;
  }
  return *fallback;
}

std::string LinenoStyleText(const char* color, const char* background) {
  return std::string("color: ") + (color ? color : "None") + "; background-color: " +
         (background ? background : "None") + "; padding-left: 5px; padding-right: 5px;";
}

// Copies runs of plain bytes whole; only the five special ones are replaced.
void AppendEscapedHtmlPygments(std::string& out, std::string_view s) {
  static constexpr ByteSet kSpecial("&<>\"'");
  size_t run = 0;
  for (size_t i = kSpecial.FindIn(s); i != std::string_view::npos; i = kSpecial.FindIn(s, i + 1)) {
    out.append(s, run, i - run);
    switch (s[i]) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out += "&#39;"; break;
    }
    run = i + 1;
  }
  out.append(s, run);
}

std::string EscapeHtmlPygments(std::string_view s) {
  std::string out;
  out.reserve(s.size() + s.size() / 8);
  AppendEscapedHtmlPygments(out, s);
  return out;
}

std::string PadNumber(long long n, size_t width) {
  std::string s = std::to_string(n);
  if (s.size() < width) s.insert(0, width - s.size(), ' ');
  return s;
}

// A piece of formatter output: `source` pieces are lines of the code, the
// others are wrapping markup (Pygments' (1, text) and (0, text) tuples).
struct Piece {
  bool source;
  std::string text;
};

// The formatter's settings, read once.
struct Formatter {
  explicit Formatter(const nlohmann::json& o)
      : nowrap(GetBoolOpt(o, "nowrap", false)),
        noclasses(GetBoolOpt(o, "noclasses", false)),
        wrapcode(GetBoolOpt(o, "wrapcode", false)),
        nobackground(GetBoolOpt(o, "nobackground", false)),
        anchorlinenos(GetBoolOpt(o, "anchorlinenos", false)),
        cssclass(GetStrOpt(o, "cssclass", "highlight")),
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
        style(FindStyle(GetStrOpt(o, "style", "default"))),
        stripall(GetBoolOpt(o, "stripall", false)),
        stripnl(GetBoolOpt(o, "stripnl", true)),
        ensurenl(GetBoolOpt(o, "ensurenl", true)),
        tabsize(GetIntOpt(o, "tabsize", 0)) {
    auto it = o.find("linenos");
    if (it != o.end() && it->is_string() && it->get<std::string>() == "inline") linenos = 2;
    else if (it != o.end() && JsonTruthy(*it)) linenos = 1;
    MakeWrappers();
  }

  // The markup WrapDiv and WrapPreAndTable put around the code when there
  // is no line-number table, made once per formatter.
  void MakeWrappers() {
    std::string style;
    if (noclasses && !nobackground && this->style.background)
      style = "background: " + std::string(this->style.background);
    if (!cssstyles.empty()) style += (style.empty() ? "" : "; ") + cssstyles;
    div_open = "<div";
    if (!cssclass.empty()) div_open += " class=\"" + cssclass + "\"";
    if (!style.empty()) div_open += " style=\"" + style + "\"";
    div_open += ">";
    std::string pre_style = prestyles;
    if (noclasses) pre_style += (pre_style.empty() ? "" : "; ") + std::string("line-height: 125%;");
    if (!filename.empty() && linenos != 1) pre_open += "<span class=\"filename\">" + filename + "</span>";
    pre_open += "<pre" + (pre_style.empty() ? "" : " style=\"" + pre_style + "\"") + "><span></span>";
    if (wrapcode) pre_open += "<code>";
    if (wrapcode) pre_close += "</code>";
    pre_close += "</pre>";
  }

  std::string LinenoStyle(bool special, const char* normal_class, const char* special_class) const {
    if (noclasses)
      return " style=\"" +
             (special ? LinenoStyleText(style.special, style.special_background)
                      : LinenoStyleText(style.lineno, style.lineno_background)) +
             "\"";
    return std::string(" class=\"") + (special ? special_class : normal_class) + "\"";
  }
  bool Special(long long n) const { return linenospecial && n % linenospecial == 0; }
  // Python's `i % st == 0` with st == 0 raises; treat it as "never printed".
  bool Printed(long long n) const { return linenostep && n % linenostep == 0; }

  int linenos = 0;
  bool nowrap, noclasses, wrapcode, nobackground, anchorlinenos;
  std::string cssclass, cssstyles, prestyles, filename, lineseparator, lineanchors, linespans;
  long long linenostart, linenostep, linenospecial;
  std::set<long long> hl_lines;
  const StyleColors& style;
  // The lexer's options (read here too, so a block reads no setting twice).
  bool stripall, stripnl, ensurenl;
  long long tabsize;
  std::string div_open, pre_open, pre_close;  ///< see MakeWrappers
};

// Pygments `Lexer.get_tokens` preprocessing of the text.
std::string LexerText(std::string_view code, const Formatter& f) {
  std::string text = code.find('\r') == std::string_view::npos
                         ? std::string(code)
                         : ReplaceAll(ReplaceAll(code, "\r\n", "\n"), "\r", "\n");
  if (f.stripall) text = std::string(PyStrip(text));
  else if (f.stripnl) text = std::string(PyStripChars(text, "\n"));
  if (f.tabsize > 0) text = ExpandTabs(text, static_cast<int>(f.tabsize));
  if (f.ensurenl && (text.empty() || text.back() != '\n')) text += "\n";
  return text;
}

// `_format_lines` for one Text token: escaped lines, each ending in the
// line separator.
std::vector<Piece> FormatLines(const std::string& text, const Formatter& f) {
  std::vector<Piece> out;
  std::vector<std::string> parts = SplitOn(EscapeHtmlPygments(text), "\n");
  for (size_t i = 0; i + 1 < parts.size(); ++i) out.push_back({true, parts[i] + f.lineseparator});
  if (!parts.back().empty()) out.push_back({true, parts.back() + f.lineseparator});
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
    if (f.anchorlinenos)
      linenos = "<a href=\"#" + anchor + "-" + std::to_string(num) + "\">" + linenos + "</a>";
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
      attr = f.style.highlight ? " style=\"background-color: " + std::string(f.style.highlight) + "\"" : "";
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

// The formatted lines as one text.
std::string JoinPieces(const std::vector<Piece>& lines) {
  size_t size = 0;
  for (const Piece& p : lines) size += p.text.size();
  std::string out;
  out.reserve(size);
  for (const Piece& p : lines) out += p.text;
  return out;
}

// FormatLines joined, built in one string: the escaped text with each
// newline replaced by the line separator, which also ends a last line that
// has no newline.
std::string FormatLinesJoined(const std::string& text, const Formatter& f) {
  std::string escaped = EscapeHtmlPygments(text);
  if (escaped.empty()) return escaped;
  if (f.lineseparator != "\n") escaped = ReplaceAll(escaped, "\n", f.lineseparator);
  if (text.back() != '\n') escaped += f.lineseparator;
  return escaped;
}

// `wrap` (code and pre) plus the table of line numbers when linenos=table;
// `code` is the formatted lines joined, `count` their number.
std::string WrapPreAndTable(const std::string& code, size_t line_count, const Formatter& f) {
  std::string pre_style = f.prestyles;
  if (f.noclasses) pre_style += (pre_style.empty() ? "" : "; ") + std::string("line-height: 125%;");
  std::string body;
  if (!f.filename.empty() && f.linenos != 1)
    body += "<span class=\"filename\">" + f.filename + "</span>";
  body += "<pre" + (pre_style.empty() ? "" : " style=\"" + pre_style + "\"") + "><span></span>";
  if (f.wrapcode) body += "<code>";
  body += code;
  if (f.wrapcode) body += "</code>";
  body += "</pre>";
  if (f.linenos != 1) return body;

  long long count = static_cast<long long>(line_count);
  size_t width = std::to_string(count + f.linenostart - 1).size();
  const std::string& anchor = f.lineanchors.empty() ? f.linespans : f.lineanchors;
  std::string numbers;
  for (long long i = f.linenostart; i < f.linenostart + count; ++i) {
    std::string line = f.Printed(i) ? PadNumber(i, width) : std::string(width, ' ');
    if (f.Printed(i) && f.anchorlinenos)
      line = "<a href=\"#" + anchor + "-" + std::to_string(i) + "\">" + line + "</a>";
    if (!numbers.empty()) numbers += "\n";
    numbers += "<span" + f.LinenoStyle(f.Special(i), "normal", "special") + ">" + line + "</span>";
  }
  std::string filename_row;
  if (!f.filename.empty())
    filename_row = "<tr><th colspan=\"2\" class=\"filename\"><span class=\"filename\">" + f.filename +
                   "</span></th></tr>";
  return "<table class=\"" + f.cssclass + "table\">" + filename_row +
         "<tr><td class=\"linenos\"><div class=\"linenodiv\"><pre>" + numbers +
         "</pre></div></td><td class=\"code\"><div>" + body + "</div></td></tr></table>";
}

std::string WrapDiv(const std::string& inner, const Formatter& f) {
  std::string style;
  if (f.noclasses && !f.nobackground && f.style.background)
    style = "background: " + std::string(f.style.background);
  if (!f.cssstyles.empty()) style += (style.empty() ? "" : "; ") + f.cssstyles;
  std::string open = "<div";
  if (!f.cssclass.empty()) open += " class=\"" + f.cssclass + "\"";
  if (!style.empty()) open += " style=\"" + style + "\"";
  return open + ">" + inner + "</div>\n";
}

}  // namespace

// Pygments' HtmlFormatter.format_unencoded for a single Text token: the
// lines are formatted, then wrapped step by step (inline numbers, highlighted
// lines, anchors and spans, code/pre, number table, div) as Pygments chains
// its generators.
namespace {

// The formatter for `options`. Building one reads some twenty settings, and
// the blocks of a site mostly share theirs, so the last one built is kept
// (per thread) and handed out again while the options are equal. Options
// shared between blocks (CodeHilite::WithSource) are known equal by their
// address, without comparing them.
struct FormatterCache {
  nlohmann::json options;
  std::shared_ptr<const nlohmann::json> shared;  ///< what `options` was copied from, if shared
  std::optional<Formatter> formatter;
};

const Formatter& FormatterFor(const nlohmann::json& options,
                              const std::shared_ptr<const nlohmann::json>& shared = nullptr) {
  thread_local FormatterCache cache;
  if (shared && cache.formatter && cache.shared == shared) return *cache.formatter;
  if (!cache.formatter || cache.options != options) {
    cache.formatter.reset();
    cache.formatter.emplace(options);
    cache.options = options;
  }
  cache.shared = shared;
  return *cache.formatter;
}

std::string PlainHtmlWith(std::string_view code, const nlohmann::json& options, const Formatter& f);

}  // namespace

std::string PygmentsPlainHtml(std::string_view code, const nlohmann::json& options) {
  return PlainHtmlWith(code, options, FormatterFor(options));
}

namespace {

std::string PlainHtmlWith(std::string_view code, const nlohmann::json& /*options*/, const Formatter& f) {
  // Common case: no step rewrites single lines, so they are built joined,
  // escaped straight into the output between the wrappers (what WrapDiv
  // and WrapPreAndTable would add around them).
  if (!f.nowrap && f.linenos == 0 && f.hl_lines.empty() && f.lineanchors.empty() && f.linespans.empty()) {
    if (f.lineseparator != "\n")
      return WrapDiv(WrapPreAndTable(FormatLinesJoined(LexerText(code, f), f), 0, f), f);
    const std::string text = LexerText(code, f);
    std::string out;
    out.reserve(f.div_open.size() + f.pre_open.size() + text.size() + text.size() / 8 +
                f.pre_close.size() + 8);
    out.append(f.div_open).append(f.pre_open);
    AppendEscapedHtmlPygments(out, text);
    if (!text.empty() && text.back() != '\n') out.push_back('\n');
    out.append(f.pre_close).append("</div>\n");
    return out;
  }
  std::vector<Piece> lines = FormatLines(LexerText(code, f), f);
  if (!f.nowrap && f.linenos == 2) lines = WrapInlineLinenos(std::move(lines), f);
  if (!f.hl_lines.empty()) lines = HighlightLines(std::move(lines), f);
  if (f.nowrap) {
    std::string out;
    for (const Piece& p : lines) out += p.text;
    return out;
  }
  lines = WrapLineAnchorsAndSpans(std::move(lines), f);
  return WrapDiv(WrapPreAndTable(JoinPieces(lines), lines.size(), f), f);
}

}  // namespace

// ---- CodeHilite ---------------------------------------------------------------

namespace {

// Removes `key` from `o` and returns its value (or `fallback`).
nlohmann::json Pop(nlohmann::json& o, const char* key, nlohmann::json fallback) {
  auto it = o.find(key);
  if (it == o.end()) return fallback;
  nlohmann::json v = std::move(*it);
  o.erase(it);
  return v;
}

}  // namespace

CodeHilite::CodeHilite(std::string src, nlohmann::json options) : src_(std::move(src)) {
  if (!options.is_object()) options = nlohmann::json::object();
  nlohmann::json lang = Pop(options, "lang", nullptr);
  if (lang.is_string()) lang_ = lang.get<std::string>();
  guess_lang_ = JsonTruthy(Pop(options, "guess_lang", true));
  use_pygments_ = JsonTruthy(Pop(options, "use_pygments", true));
  nlohmann::json prefix = Pop(options, "lang_prefix", "language-");
  lang_prefix_ = prefix.is_string() ? prefix.get<std::string>() : "";
  formatter_ = Pop(options, "pygments_formatter", "html");
  if (!options.contains("linenos")) options["linenos"] = Pop(options, "linenums", nullptr);
  if (!options.contains("cssclass")) options["cssclass"] = Pop(options, "css_class", "codehilite");
  if (!options.contains("wrapcode")) options["wrapcode"] = true;
  options["full"] = false;
  options_ = std::make_shared<const nlohmann::json>(std::move(options));
}

CodeHilite CodeHilite::WithSource(std::string src, std::optional<std::string> lang) const {
  CodeHilite copy = *this;
  copy.src_ = std::move(src);
  copy.lang_ = std::move(lang);
  return copy;
}

nlohmann::json& CodeHilite::MutableOptions() {
  auto own = std::make_shared<nlohmann::json>(*options_);
  options_ = own;
  return *own;
}

const nlohmann::json& CodeHilite::Option(const char* key) const {
  static const nlohmann::json kNull;
  auto it = options_->find(key);
  return it == options_->end() ? kNull : *it;
}

// Python `_parseHeader`: a first line `:::lang` or `#!lang` names the
// language (and `hl_lines`); a `#!` without a path also turns on line
// numbers. A first line with a path (`#!/usr/bin/python`) stays in the code.
void CodeHilite::ParseHeader() {
  std::vector<std::string> lines = SplitOn(src_, "\n");
  std::string first = lines.front();
  lines.erase(lines.begin());
  static const Regex kHeader(
      R"((?:(?:^::+)|(?P<shebang>^[#]!))(?P<path>(?:/\w+)*[/ ])?(?P<lang>[\w#.+-]*)\s*)"
      R"((hl_lines=(?P<quot>"|')(?P<hl_lines>.*?)(?P=quot))?)");
  if (auto m = kHeader.Search(first)) {
    lang_ = PyLower(m->Group("lang"));
    if (m->Has("path")) lines.insert(lines.begin(), first);
    nlohmann::json& options = MutableOptions();
    if (options["linenos"].is_null() && m->Has("shebang")) options["linenos"] = true;
    options["hl_lines"] = ParseHlLines(m->Group("hl_lines"));
  } else {
    lines.insert(lines.begin(), first);
  }
  src_ = std::string(PyStripChars(JoinWith(lines, "\n"), "\n"));
}

std::string CodeHilite::PlainPre() const {
  std::string txt = ReplaceAll(src_, "&", "&amp;");
  txt = ReplaceAll(txt, "<", "&lt;");
  txt = ReplaceAll(txt, ">", "&gt;");
  txt = ReplaceAll(txt, "\"", "&quot;");
  std::vector<std::string> classes;
  if (lang_ && !lang_->empty()) classes.push_back(lang_prefix_ + *lang_);
  if (JsonTruthy(Option("linenos"))) classes.push_back("linenums");
  std::string class_str;
  if (!classes.empty()) class_str = " class=\"" + JoinWith(classes, " ") + "\"";
  const nlohmann::json& css = Option("cssclass");
  std::string cssclass = css.is_string() ? css.get<std::string>() : css.dump();
  return "<pre class=\"" + cssclass + "\"><code" + class_str + ">" + txt + "\n</code></pre>\n";
}

std::string CodeHilite::Hilite(bool shebang, const CodeBlockCallback& highlight) {
  // src.strip('\n'), in place.
  size_t first = src_.find_first_not_of('\n');
  if (first == std::string::npos) {
    src_.clear();
  } else {
    src_.erase(src_.find_last_not_of('\n') + 1);
    src_.erase(0, first);
  }
  if (!lang_ && shebang) ParseHeader();
  if (!use_pygments_) return PlainPre();
  if (highlight) {
    CodeBlock block;
    block.code = src_;
    block.lang = lang_.value_or("");
    block.options = *options_;
    block.options["guess_lang"] = guess_lang_;
    block.options["lang_prefix"] = lang_prefix_;
    block.options["pygments_formatter"] = formatter_;
    if (std::optional<std::string> html = highlight(block)) return *html;
  }
  return PlainHtmlWith(src_, *options_, FormatterFor(*options_, options_));
}

// ---- the extension ------------------------------------------------------------

namespace {

// Python `HiliteTreeprocessor`: every <pre> holding a single <code> becomes
// a paragraph holding the stash placeholder of the highlighted block.
class HiliteTreeprocessor : public Treeprocessor {
 public:
  HiliteTreeprocessor(Markdown* md, nlohmann::json config) : Treeprocessor(md), config_(std::move(config)) {}

  ElementPtr Run(Element* root) override {
    Visit(root);
    return nullptr;
  }

 private:
  // Document order, as Python's live `root.iter('pre')`; a replaced block's
  // former children are gone before the walk would reach them.
  void Visit(Element* el) {
    if (el->kind == Element::Kind::kElement && el->tag == "pre" && el->size() == 1 &&
        (*el)[0]->kind == Element::Kind::kElement && (*el)[0]->tag == "code") {
      Highlight(el);
      return;
    }
    for (size_t i = 0; i < el->size(); ++i) Visit((*el)[i]);
  }

  void Highlight(Element* block) {
    nlohmann::json options = config_;
    options["style"] = Pop(options, "pygments_style", "default");
    options["tab_length"] = md_->tab_length;
    CodeHilite code(CodeUnescape((*block)[0]->TextOrEmpty()), std::move(options));
    std::string placeholder = md_->html_stash.Store(code.Hilite(true, md_->options().highlight));
    block->children.clear();
    block->attrib.clear();
    block->tail.reset();
    block->tag = "p";
    block->text = placeholder;
    block->text_atomic = false;
  }

  static std::string CodeUnescape(const std::string& text) {
    return ReplaceAll(ReplaceAll(ReplaceAll(text, "&lt;", "<"), "&gt;", ">"), "&amp;", "&");
  }
  nlohmann::json config_;
};

}  // namespace

void CodeHiliteExtension::ExtendMarkdown(Markdown& md) {
  md.treeprocessors.Register(std::make_unique<HiliteTreeprocessor>(&md, config_), "hilite", 30);
  md.RegisterExtension(this);
}

// Python `CodeHiliteExtension.__init__`: known settings are parsed as their
// defaults' types (bools, None-or-bool); unknown ones are kept, strings that
// read as booleans becoming booleans. A bad boolean fails the extension.
std::unique_ptr<Extension> MakeCodehiliteExtension(const nlohmann::json& config) {
  nlohmann::json conf = {{"linenums", nullptr},        {"guess_lang", true},
                         {"css_class", "codehilite"},  {"pygments_style", "default"},
                         {"noclasses", false},         {"use_pygments", true},
                         {"lang_prefix", "language-"}, {"pygments_formatter", "html"}};
  if (config.is_object()) {
    for (auto it = config.begin(); it != config.end(); ++it) {
      const std::string& key = it.key();
      bool ok = true;
      if (!conf.contains(key)) {
        nlohmann::json parsed = it->is_string() ? JsonBoolValue(*it, true, &ok) : *it;
        conf[key] = ok ? parsed : *it;
        continue;
      }
      const nlohmann::json& fallback = conf[key];
      if (fallback.is_boolean()) conf[key] = JsonBoolValue(*it, false, &ok);
      else if (fallback.is_null()) conf[key] = JsonBoolValue(*it, true, &ok);
      else conf[key] = *it;
      if (!ok) return nullptr;
    }
  }
  return std::make_unique<CodeHiliteExtension>(std::move(conf));
}

}  // namespace stacks::markdown
