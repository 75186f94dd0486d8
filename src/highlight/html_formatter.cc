// Pygments 2.14's HtmlFormatter over our tokens, and its style sheets.
//
// format_unencoded chains generators: tokens become lines of spans (a span
// stays open across tokens of the same class and is closed at each line
// end), then inline line numbers, highlighted lines, line anchors and spans,
// <pre>/<code>, the line-number table and the <div> wrap the lines in turn.
#include <cstdlib>
#include <set>

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
        colors(FindByName(std::begin(kStyleColors), std::end(kStyleColors), GetStrOpt(o, "style", "default"))) {
    auto it = o.find("linenos");
    if (it != o.end() && it->is_string() && it->get<std::string>() == "inline") linenos = 2;
    else if (it != o.end() && markdown::JsonTruthy(*it)) linenos = 1;
    for (size_t i = 0; i < kTypeCount; ++i) span_openers[i] = SpanOpener(static_cast<TokenType>(i));
  }

  // `<span class="kn">`, or `<span style="...">` with noclasses, or "".
  // A non-standard type has several classes ("nb nb-Type"); the prefix goes
  // before each of them.
  std::string SpanOpener(TokenType type) const {
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
  std::string span_openers[kTypeCount];
};

void AppendEscaped(std::string* out, std::string_view s) {
  size_t done = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    const char* entity;
    switch (s[i]) {
      case '&': entity = "&amp;"; break;
      case '<': entity = "&lt;"; break;
      case '>': entity = "&gt;"; break;
      case '"': entity = "&quot;"; break;
      case '\'': entity = "&#39;"; break;
      default: continue;
    }
    out->append(s.data() + done, i - done);
    out->append(entity);
    done = i + 1;
  }
  out->append(s.data() + done, s.size() - done);
}

// `_format_lines`: one piece per line. The open span (`lspan`) carries over
// to the next token when its class is the same, so equal neighbours share
// one span; every line closes its span before the separator. Each token is
// cut at its newlines and escaped straight into the line being built.
// `emit(std::string& line)` takes each finished line (and may leave it
// empty for reuse).
template <typename Emitter>
void FormatLinesTo(const std::vector<Token>& tokens, const Formatter& f, Emitter&& emit) {
  std::string line;
  std::string piece;
  bool have_line = false;
  const std::string* lspan = nullptr;
  auto close = [&](std::string* to) {
    if (lspan && !lspan->empty()) to->append("</span>");
  };
  auto differs = [&](const std::string& cspan) {
    return lspan ? lspan != &cspan && *lspan != cspan : !cspan.empty();
  };
  for (const Token& token : tokens) {
    const std::string& cspan = f.span_openers[static_cast<size_t>(token.type)];
    std::string_view text = token.text;
    size_t nl;
    while ((nl = text.find('\n')) != std::string_view::npos) {
      std::string_view part = text.substr(0, nl);
      text.remove_prefix(nl + 1);
      if (have_line) {
        if (differs(cspan) && !part.empty()) {
          close(&line);
          line += cspan;
          AppendEscaped(&line, part);
          if (!cspan.empty()) line += "</span>";
        } else {
          AppendEscaped(&line, part);
          close(&line);
        }
        line += f.lineseparator;
        emit(line);
        line.clear();
        have_line = false;
      } else if (!part.empty()) {
        piece = cspan;
        AppendEscaped(&piece, part);
        if (!cspan.empty()) piece += "</span>";
        piece += f.lineseparator;
        emit(piece);
      } else {
        piece = f.lineseparator;
        emit(piece);
      }
    }
    if (text.empty()) continue;
    if (have_line) {
      if (differs(cspan)) {
        close(&line);
        line += cspan;
        lspan = &cspan;
      }
      AppendEscaped(&line, text);
    } else {
      line = cspan;
      AppendEscaped(&line, text);
      have_line = true;
      lspan = &cspan;
    }
  }
  if (have_line) {
    close(&line);
    line += f.lineseparator;
    emit(line);
  }
}

std::vector<Piece> FormatLines(const std::vector<Token>& tokens, const Formatter& f) {
  std::vector<Piece> out;
  FormatLinesTo(tokens, f, [&out](std::string& line) { out.push_back({true, std::move(line)}); });
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

std::string WrapPreAndTable(const std::vector<Piece>& lines, const Formatter& f) {
  std::string pre_style = f.prestyles;
  if (f.noclasses) pre_style += (pre_style.empty() ? "" : "; ") + std::string("line-height: 125%;");
  std::string body;
  if (!f.filename.empty() && f.linenos != 1) body += "<span class=\"filename\">" + f.filename + "</span>";
  body += "<pre" + (pre_style.empty() ? "" : " style=\"" + pre_style + "\"") + "><span></span>";
  if (f.wrapcode) body += "<code>";
  size_t total = body.size() + 32;
  for (const Piece& p : lines) total += p.text.size();
  body.reserve(total);
  for (const Piece& p : lines) body += p.text;
  if (f.wrapcode) body += "</code>";
  body += "</pre>";
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

std::string WrapDiv(const std::string& inner, const Formatter& f) {
  std::string style;
  if (f.noclasses && !f.nobackground && f.colors.background) style = "background: " + std::string(f.colors.background);
  if (!f.cssstyles.empty()) style += (style.empty() ? "" : "; ") + f.cssstyles;
  std::string open = "<div";
  if (!f.cssclass.empty()) open += " class=\"" + f.cssclass + "\"";
  if (!style.empty()) open += " style=\"" + style + "\"";
  return open + ">" + inner + "</div>\n";
}

}  // namespace

std::string FormatHtml(const std::vector<Token>& tokens, const nlohmann::json& options) {
  Formatter f(options);
  // The common case (no line numbers, highlighted lines, anchors or line
  // spans) writes the lines straight into one string.
  if (!f.nowrap && !f.linenos && f.hl_lines.empty() && f.lineanchors.empty() && f.linespans.empty()) {
    std::vector<Piece> one(1, Piece{true, std::string()});
    std::string& body = one[0].text;
    size_t size = 0;
    for (const Token& t : tokens) size += t.text.size();
    body.reserve(size * 2 + 64);
    FormatLinesTo(tokens, f, [&body](std::string& line) { body += line; });
    return WrapDiv(WrapPreAndTable(one, f), f);
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
