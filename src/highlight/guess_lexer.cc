// Pygments 2.14 `guess_lexer`: which lexer Pygments picks for a text with no
// language.
//
// A vim/emacs-style modeline (`vim: ft=python`) in the first or last five
// lines names the lexer directly when Pygments knows that alias. Otherwise
// every lexer, in Pygments' registry order, scores the text with its
// `analyse_text` (clamped to 0..1): a 1.0 wins at once, else the first of the
// highest scores wins. The plain-text lexer scores 0.01, so a text nothing
// else claims is plain text.
//
// The analysers are ported one by one from Pygments (the table of lexers and
// the patterns they keep as constants are generated into guess_lexer.inc).
// They test Python strings, so the helpers below give Python's semantics on
// UTF-8: lengths and slices count code points, `splitlines` knows every
// Python line break, and patterns run through markdown::Regex, which reads
// Python's `re` syntax.
#include <algorithm>
#include <array>
#include <cstddef>

#include "highlight/highlight.h"
#include "markdown/regex.h"
#include "markdown/util.h"

namespace stacks::highlight {

namespace {

using markdown::Regex;

// ---- patterns ----------------------------------------------------------------

/// A pattern as Python compiled it: the source and the `re` flag bits.
struct PyPattern {
  const char* pattern;
  int flags;
};

#include "highlight/guess_lexer.inc"

unsigned RegexFlags(int python_flags) {
  unsigned flags = Regex::kNone;
  if (python_flags & 2) flags |= Regex::kIgnoreCase;
  if (python_flags & 8) flags |= Regex::kMultiline;
  if (python_flags & 16) flags |= Regex::kDotAll;
  if (python_flags & 64) flags |= Regex::kVerbose;
  return flags;
}

// A pattern compiled once, on first use, where it is written.
#define STATIC_RE(pattern, flags)                         \
  ([]() -> const Regex& {                                 \
    static const Regex compiled_re((pattern), (flags));   \
    return compiled_re;                                   \
  }())
#define CONSTANT_RE(py_pattern)                                                       \
  ([]() -> const Regex& {                                                             \
    static const Regex compiled_re((py_pattern).pattern, RegexFlags((py_pattern).flags)); \
    return compiled_re;                                                               \
  }())

constexpr unsigned kI = Regex::kIgnoreCase;
constexpr unsigned kM = Regex::kMultiline;
constexpr unsigned kS = Regex::kDotAll;

/// Python `re.search(pattern, text)`.
bool Found(const Regex& re, std::string_view text) { return re.Search(text).has_value(); }
/// Python `re.match(pattern, text)` (anchored at the start).
bool StartsWithMatch(const Regex& re, std::string_view text) { return re.MatchAt(text, 0).has_value(); }
/// Python `len(re.findall(pattern, text))`.
size_t CountMatches(const Regex& re, std::string_view text) { return re.FindAll(text).size(); }

bool Contains(std::string_view text, std::string_view part) { return text.find(part) != std::string_view::npos; }

// ---- Python str semantics on UTF-8 -----------------------------------------------

bool IsContinuationByte(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

// The code point starting at byte `i`, and the byte after it. A stray byte
// reads as itself.
char32_t DecodeAt(std::string_view s, size_t i, size_t* next) {
  auto byte = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  unsigned char lead = byte(i);
  int extra = lead >= 0xF0 ? 3 : lead >= 0xE0 ? 2 : lead >= 0xC0 ? 1 : 0;
  if (extra && i + extra >= s.size()) extra = 0;
  char32_t cp = extra == 0 ? lead : lead & (0x3F >> extra);
  for (int k = 1; k <= extra; ++k) cp = (cp << 6) | (byte(i + k) & 0x3F);
  *next = i + 1 + extra;
  return cp;
}

/// Python `len(s)`.
size_t CharCount(std::string_view s) {
  return static_cast<size_t>(std::count_if(s.begin(), s.end(), [](char c) { return !IsContinuationByte(c); }));
}

/// Python `s[:n]`.
std::string_view FirstChars(std::string_view s, size_t n) {
  size_t i = 0;
  for (size_t seen = 0; i < s.size(); ++i) {
    if (IsContinuationByte(s[i])) continue;
    if (seen++ == n) break;
  }
  return s.substr(0, i);
}

/// Python `s.find(c, start)` for an ASCII `c`, in code points (-1: none).
long FindCharIndex(std::string_view s, char c, long start = 0) {
  long index = 0;
  for (char b : s) {
    if (IsContinuationByte(b)) continue;
    if (b == c && index >= start) return index;
    ++index;
  }
  return -1;
}

/// Python `s[index]` as a code point (0 when out of range).
char32_t CharAt(std::string_view s, long index) {
  long seen = 0;
  for (size_t i = 0; i < s.size();) {
    size_t next;
    char32_t cp = DecodeAt(s, i, &next);
    if (seen++ == index) return cp;
    i = next;
  }
  return 0;
}

// Python `str.splitlines()`: \n, \r, \r\n, \v, \f, \x1c-\x1e, U+0085,
// U+2028 and U+2029 end lines; no empty line after a final break.
std::vector<std::string_view> SplitLines(std::string_view s) {
  std::vector<std::string_view> lines;
  size_t start = 0;
  for (size_t i = 0; i < s.size();) {
    size_t next;
    char32_t cp = DecodeAt(s, i, &next);
    bool is_break = cp == '\n' || cp == '\r' || cp == '\v' || cp == '\f' || (cp >= 0x1C && cp <= 0x1E) ||
                    cp == 0x85 || cp == 0x2028 || cp == 0x2029;
    if (is_break) {
      lines.push_back(s.substr(start, i - start));
      if (cp == '\r' && next < s.size() && s[next] == '\n') ++next;
      start = next;
    }
    i = next;
  }
  if (start < s.size()) lines.push_back(s.substr(start));
  return lines;
}

/// Python `s.split()`: the runs of non-whitespace.
std::vector<std::string_view> SplitWords(std::string_view s) {
  std::vector<std::string_view> words;
  size_t start = std::string_view::npos;
  for (size_t i = 0; i < s.size();) {
    size_t next;
    bool space = markdown::IsPySpace(DecodeAt(s, i, &next));
    if (space && start != std::string_view::npos) {
      words.push_back(s.substr(start, i - start));
      start = std::string_view::npos;
    } else if (!space && start == std::string_view::npos) {
      start = i;
    }
    i = next;
  }
  if (start != std::string_view::npos) words.push_back(s.substr(start));
  return words;
}

std::string AsciiLower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

// ---- Pygments' shared tests (pygments.util) -----------------------------------

// `shebang_matches`: the last word of a `#!` first line (split at `/`, `\`
// and spaces, options starting with `-` skipped) must match the whole of
// `interpreter`, optionally followed by a Windows executable extension.
bool ShebangMatches(std::string_view text, const Regex& interpreter) {
  std::string first_line = AsciiLower(text.substr(0, text.find('\n')));
  if (first_line.substr(0, 2) != "#!") return false;
  std::string_view rest = markdown::PyStrip(std::string_view(first_line).substr(2));
  std::string_view last;
  size_t start = 0;
  for (size_t i = 0; i <= rest.size(); ++i) {
    if (i < rest.size() && rest[i] != '/' && rest[i] != '\\' && rest[i] != ' ') continue;
    std::string_view part = rest.substr(start, i - start);
    if (!part.empty() && part[0] != '-') last = part;
    start = i + 1;
  }
  return !last.empty() && Found(interpreter, last);
}
#define SHEBANG(text, interpreter) \
  ShebangMatches((text), STATIC_RE("^" interpreter R"((\.(exe|cmd|bat|bin))?$)", kI))

const Regex& DoctypeLookup() {
  return STATIC_RE(R"(
    <!DOCTYPE\s+(
     [a-zA-Z_][a-zA-Z0-9]*
     (?: \s+      # optional in HTML5
     [a-zA-Z_][a-zA-Z0-9]*\s+
     "[^"]*")?
     )
     [^>]*>
)",
                   Regex::kDotAll | Regex::kMultiline | Regex::kVerbose);
}

// `html_doctype_matches`: a <!DOCTYPE whose first word starts with "html".
bool HtmlDoctypeMatches(std::string_view text) {
  auto m = DoctypeLookup().Search(text);
  if (!m) return false;
  return AsciiLower(markdown::PyStrip(m->Group(1)).substr(0, 4)) == "html";
}

// `looks_like_xml`: an XML declaration at the start, a doctype, or a closed
// tag within the first 1000 characters. A dozen analysers ask about the same
// text and the tag search can backtrack a lot, so the last answer is kept
// (per thread), as Pygments keeps its answers.
bool LooksLikeXml(std::string_view text) {
  thread_local std::string last_text;
  thread_local bool last_answer = false;
  thread_local bool has_last = false;
  if (has_last && text == last_text) return last_answer;
  bool answer = StartsWithMatch(STATIC_RE(R"(\s*<\?xml[^>]*\?>)", kI), text) || Found(DoctypeLookup(), text) ||
                Found(STATIC_RE(R"(<(.+?)(\s.*?)?>.*?</.+?>)", kI | kS | kM), FirstChars(text, 1000));
  last_text.assign(text);
  last_answer = answer;
  has_last = true;
  return answer;
}

/// `make_analysator`: scores are clamped to 0..1.
double Clamp(double score) { return std::min(1.0, std::max(0.0, score)); }

bool HasErbTags(std::string_view text) { return Contains(text, "<%") && Contains(text, "%>"); }

// ---- the analysers, one per Pygments class defining analyse_text -----------------
// Each returns what the Python function returns (True is 1, None is 0);
// calls to another lexer's analyser go through Clamp, as in Pygments.

double AnalyseActionScript3Lexer(std::string_view text) {
  return StartsWithMatch(STATIC_RE(R"(\w+\s*:\s*\w)", 0), text) ? 0.3 : 0;
}
double AnalyseActionScriptLexer(std::string_view) { return 0; }

// The ANTLR analysers return a match object, which the float conversion of
// make_analysator rejects: they always score 0.
double AnalyseAntlrLexer(std::string_view) { return 0; }
double AnalyseAntlrActionScriptLexer(std::string_view) { return 0; }
double AnalyseAntlrCSharpLexer(std::string_view) { return 0; }
double AnalyseAntlrCppLexer(std::string_view) { return 0; }
double AnalyseAntlrJavaLexer(std::string_view) { return 0; }
double AnalyseAntlrObjectiveCLexer(std::string_view) { return 0; }
double AnalyseAntlrPerlLexer(std::string_view) { return 0; }
double AnalyseAntlrPythonLexer(std::string_view) { return 0; }
double AnalyseAntlrRubyLexer(std::string_view) { return 0; }

double AnalyseCppLexer(std::string_view text) {
  if (Found(STATIC_RE("#include <[a-z_]+>", 0), text)) return 0.2;
  if (Contains(text, "using namespace ")) return 0.4;
  return 0;
}

double AnalyseAscLexer(std::string_view text) {
  return Found(STATIC_RE(R"(^-----BEGIN [^\n]+-----\r?\n)", 0), text) ? 1 : 0;
}

double AnalyseBBCBasicLexer(std::string_view text) {
  return text.starts_with("10REM >") || text.starts_with("REM >") ? 0.9 : 0;
}

double AnalyseBashLexer(std::string_view text) {
  if (SHEBANG(text, "(ba|z|)sh")) return 1;
  return text.starts_with("$ ") ? 0.2 : 0;
}

// Brainfuck: mostly + - or < > (over at least 256 characters), or `[-]`.
double AnalyseBrainfuckLexer(std::string_view text) {
  double range_to_check = static_cast<double>(std::max<size_t>(256, CharCount(text)));
  size_t plus_minus = 0, greater_less = 0;
  for (char c : text) {
    if (c == '+' || c == '-') ++plus_minus;
    if (c == '<' || c == '>') ++greater_less;
  }
  if (static_cast<double>(plus_minus) > 0.25 * range_to_check) return 1.0;
  if (static_cast<double>(greater_less) > 0.25 * range_to_check) return 1.0;
  return Contains(text, "[-]") ? 0.5 : 0;
}

double AnalyseBugsLexer(std::string_view text) {
  return Found(STATIC_RE(R"(^\s*model\s*{)", kM), text) ? 0.7 : 0.0;
}

double AnalyseCLexer(std::string_view text) {
  if (Found(STATIC_RE(R"(^\s*#include [<"])", kM), text)) return 0.1;
  if (Found(STATIC_RE(R"(^\s*#ifn?def )", kM), text)) return 0.1;
  return 0;
}

double AnalyseCMakeLexer(std::string_view text) {
  return Found(STATIC_RE(R"(^[ \t]*CMAKE_MINIMUM_REQUIRED[ \t]*)"
                         R"(\([ \t]*VERSION[ \t]*\d+(\.\d+)*[ \t]*)"
                         R"(([ \t]FATAL_ERROR)?[ \t]*\)[ \t]*)"
                         R"((#[^\n]*)?$)",
                         kM | kI),
               text)
             ? 0.8
             : 0.0;
}

double AnalyseCSharpAspxLexer(std::string_view text) {
  if (Found(STATIC_RE(R"(Page\s*Language="C#")", kI), text)) return 0.2;
  if (Found(STATIC_RE(R"(script[^>]+language=["\']C#)", kI), text)) return 0.15;
  return 0;
}

double AnalyseCbmBasicV2Lexer(std::string_view text) {
  return StartsWithMatch(STATIC_RE(R"(^\d+)", 0), text) ? 0.2 : 0;
}

double AnalyseComponentPascalLexer(std::string_view text) {
  double result = 0;
  if (Contains(text, "BEGIN")) result += 0.01;
  if (Contains(text, "END")) result += 0.01;
  if (Contains(text, "PROCEDURE")) result += 0.01;
  if (Contains(text, "END")) result += 0.01;
  return result;
}

double AnalyseCoqLexer(std::string_view text) {
  return Contains(text, "Qed") && Contains(text, "Proof") ? 1 : 0;
}

double AnalysePrologLexer(std::string_view text) { return Contains(text, ":-") ? 1 : 0; }

double AnalyseDjangoLexer(std::string_view text) {
  double rv = 0.0;
  if (Found(STATIC_RE(R"(\{%\s*(block|extends))", 0), text)) rv += 0.4;
  if (Found(STATIC_RE(R"(\{%\s*if\s*.*?%\})", 0), text)) rv += 0.1;
  if (Found(STATIC_RE(R"(\{\{.*?\}\})", 0), text)) rv += 0.1;
  return rv;
}

double AnalyseErbLexer(std::string_view text) { return HasErbTags(text) ? 0.4 : 0; }

double AnalyseXmlLexer(std::string_view text) { return LooksLikeXml(text) ? 0.45 : 0; }

double AnalyseGenshiLexer(std::string_view text) {
  double rv = 0.0;
  if (Found(STATIC_RE(R"(\$\{.*?\})", 0), text)) rv += 0.2;
  if (Found(STATIC_RE(R"(py:(.*?)=["\'])", 0), text)) rv += 0.2;
  return rv + Clamp(AnalyseXmlLexer(text)) - 0.01;
}

double AnalysePhpLexer(std::string_view text) {
  if (SHEBANG(text, "php")) return 1;
  double rv = 0.0;
  if (Found(STATIC_RE(R"(<\?(?!xml))", 0), text)) rv += 0.3;
  return rv;
}

double AnalyseSmartyLexer(std::string_view text) {
  double rv = 0.0;
  if (Found(STATIC_RE(R"(\{if\s+.*?\}.*?\{/if\})", 0), text)) rv += 0.15;
  if (Found(STATIC_RE(R"(\{include\s+file=.*?\})", 0), text)) rv += 0.15;
  if (Found(STATIC_RE(R"(\{foreach\s+.*?\}.*?\{/foreach\})", 0), text)) rv += 0.15;
  if (Found(STATIC_RE(R"(\{\$.*?\})", 0), text)) rv += 0.01;
  return rv;
}

double AnalyseCssDjangoLexer(std::string_view text) { return Clamp(AnalyseDjangoLexer(text)) - 0.05; }
double AnalyseCssErbLexer(std::string_view text) { return Clamp(AnalyseErbLexer(text)) - 0.05; }
double AnalyseCssGenshiLexer(std::string_view text) { return Clamp(AnalyseGenshiLexer(text)) - 0.05; }
double AnalyseCssPhpLexer(std::string_view text) { return Clamp(AnalysePhpLexer(text)) - 0.05; }
double AnalyseCssSmartyLexer(std::string_view text) { return Clamp(AnalyseSmartyLexer(text)) - 0.05; }

double AnalyseDiffLexer(std::string_view text) {
  if (text.starts_with("Index: ")) return 1;
  if (text.starts_with("diff ")) return 1;
  if (text.starts_with("--- ")) return 0.9;
  return 0;
}

double AnalyseDtdLexer(std::string_view text) {
  bool declarations = Contains(text, "<!ELEMENT") || Contains(text, "<!ATTLIST") || Contains(text, "<!ENTITY");
  return !LooksLikeXml(text) && declarations ? 0.8 : 0;
}

double AnalyseECLLexer(std::string_view text) {
  double result = 0;
  if (Contains(text, "->")) result += 0.01;
  if (Contains(text, "BEGIN")) result += 0.01;
  if (Contains(text, "END")) result += 0.01;
  return result;
}

// Easytrieve: skip leading blank and `*` comment lines; a MACRO header, or
// PARM/FILE/JOB/PROC/END-PROC/REPORT statements in the expected order.
// (Pygments indexes the first remaining line, so a text of only blank or
// comment lines raises and scores 0.)
double AnalyseEasytrieveLexer(std::string_view text) {
  std::vector<std::string> lines = markdown::SplitOn(text, "\n");
  size_t first = 0;
  bool header_comment = false;
  const Regex& comment_line = CONSTANT_RE(kEasytrieveCommentLine);
  while (first < lines.size() && (markdown::IsBlank(lines[first]) || StartsWithMatch(comment_line, lines[first]))) {
    if (!markdown::IsBlank(lines[first])) header_comment = true;
    ++first;
  }
  if (first == lines.size()) return 0;
  double result = 0.0;
  if (StartsWithMatch(CONSTANT_RE(kEasytrieveMacroHeader), lines[first])) {
    result = 0.4;
    if (header_comment) result += 0.4;
    return result;
  }
  bool has_end_proc = false, has_file = false, has_job = false, has_proc = false, has_parm = false,
       has_report = false;
  for (size_t i = first; i < lines.size(); ++i) {
    std::vector<std::string_view> words = SplitWords(lines[i]);
    if (words.size() < 2 || has_report) continue;
    std::string_view word = words[0];
    if (!has_job) {
      if (!has_file) {
        if (!has_parm && word == "PARM") has_parm = true;
        if (word == "FILE") has_file = true;
      }
      if (word == "JOB") has_job = true;
    } else if (word == "PROC") {
      has_proc = true;
    } else if (word == "END-PROC") {
      has_end_proc = true;
    } else if (word == "REPORT") {
      has_report = true;
    }
  }
  if (has_job && has_proc == has_end_proc) {
    if (header_comment) result += 0.1;
    if (has_parm) {
      result += has_proc ? 0.8 : 0.5;
    } else {
      result += 0.11;
      if (has_file) result += 0.01;
      if (has_report) result += 0.01;
    }
  }
  return result;
}

double AnalyseEvoqueLexer(std::string_view text) { return Contains(text, "$evoque") ? 1 : 0; }
double AnalyseEvoqueHtmlLexer(std::string_view text) { return Clamp(AnalyseEvoqueLexer(text)); }
double AnalyseEvoqueXmlLexer(std::string_view text) { return Clamp(AnalyseEvoqueLexer(text)); }

double AnalyseExeclineLexer(std::string_view text) { return SHEBANG(text, "execlineb") ? 1 : 0; }

// Ezhil: more than ten characters of the Tamil block.
double AnalyseEzhilLexer(std::string_view text) {
  size_t tamil = 0;
  for (size_t i = 0; i < text.size();) {
    size_t next;
    char32_t cp = DecodeAt(text, i, &next);
    if (cp >= 0x0B80 && cp <= 0x0BFF) ++tamil;
    i = next;
  }
  return tamil > 10 ? 0.25 : 0;
}

double AnalyseFSharpLexer(std::string_view text) {
  double result = 0;
  if (Contains(text, "|>")) result += 0.05;
  if (Contains(text, "<|")) result += 0.05;
  return result;
}

double AnalyseForthLexer(std::string_view text) {
  return Found(STATIC_RE("\n:[^\n]+;\n", 0), text) ? 0.3 : 0;
}

double AnalyseGAPConsoleLexer(std::string_view text) {
  return Found(STATIC_RE(R"(^gap> )", 0), text) ? 0.9 : 0.0;
}

double AnalyseGAPLexer(std::string_view text) {
  double score = 0.0;
  if (Found(STATIC_RE(R"((InstallTrueMethod|Declare(Attribute|Category|Filter|Operation)"
                      R"(|GlobalFunction|Synonym|SynonymAttr|Property)))",
                      0),
            text))
    score += 0.7;
  if (Found(STATIC_RE(R"((DeclareRepresentation|Install(GlobalFunction|Method|)"
                      R"(ImmediateMethod|OtherMethod)|New(Family|Type)|Objectify))",
                      0),
            text))
    score += 0.7;
  return std::min(score, 1.0);
}

double AnalyseGDScriptLexer(std::string_view text) {
  double score = 0.0;
  if (Found(STATIC_RE(R"(func (_ready|_init|_input|_process|_unhandled_input))", 0), text)) score += 0.8;
  if (Found(STATIC_RE(R"((extends |class_name |onready |preload|load|setget|func [^_]))", 0), text))
    score += 0.4;
  if (Found(STATIC_RE(R"((var|const|enum|export|signal|tool))", 0), text)) score += 0.2;
  return std::min(score, 1.0);
}

double AnalyseGasLexer(std::string_view text) {
  if (Found(STATIC_RE(R"(^\.(text|data|section))", kM), text)) return 1;
  if (Found(STATIC_RE(R"(^\.\w+)", kM), text)) return 0.1;
  return 0;
}

// Groff: a first line `.\"`, `.TH ` or a two-letter request. Python raises
// (score 0) when the request is the whole text.
double AnalyseGroffLexer(std::string_view text) {
  if (!text.starts_with(".")) return 0;
  if (text.starts_with(".\\\"")) return 1;
  if (text.starts_with(".TH ")) return 1;
  std::string_view after_dot = FirstChars(text.substr(1), 2);
  if (!Found(STATIC_RE(R"(^[^\W_]+\Z)", 0), after_dot)) return 0;
  if (CharCount(text) < 4) return 0;
  return markdown::IsPySpace(CharAt(text, 3)) ? 0.9 : 0;
}

double AnalyseGroovyLexer(std::string_view text) { return SHEBANG(text, "groovy") ? 1 : 0; }

double AnalyseHaxeLexer(std::string_view text) {
  return StartsWithMatch(STATIC_RE(R"(\w+\s*:\s*\w)", 0), text) ? 0.3 : 0;
}

double AnalyseHtmlLexer(std::string_view text) { return HtmlDoctypeMatches(text) ? 0.5 : 0; }

double AnalyseHtmlDjangoLexer(std::string_view text) {
  double rv = Clamp(AnalyseDjangoLexer(text)) - 0.01;
  if (HtmlDoctypeMatches(text)) rv += 0.5;
  return rv;
}

double AnalyseHtmlGenshiLexer(std::string_view text) {
  double rv = 0.0;
  if (Found(STATIC_RE(R"(\$\{.*?\})", 0), text)) rv += 0.2;
  if (Found(STATIC_RE(R"(py:(.*?)=["\'])", 0), text)) rv += 0.2;
  return rv + Clamp(AnalyseHtmlLexer(text)) - 0.01;
}

double AnalyseHtmlPhpLexer(std::string_view text) {
  double rv = Clamp(AnalysePhpLexer(text)) - 0.01;
  if (HtmlDoctypeMatches(text)) rv += 0.5;
  return rv;
}

double AnalyseHtmlSmartyLexer(std::string_view text) {
  double rv = Clamp(AnalyseSmartyLexer(text)) - 0.01;
  if (HtmlDoctypeMatches(text)) rv += 0.5;
  return rv;
}

double AnalyseHttpLexer(std::string_view text) {
  for (std::string_view start : {"GET /", "POST /", "PUT /", "DELETE /", "HEAD /", "OPTIONS /", "TRACE /",
                                 "PATCH /", "CONNECT "})
    if (text.starts_with(start)) return 1;
  return 0;
}

double AnalyseHyLexer(std::string_view text) {
  return Contains(text, "(import ") || Contains(text, "(defn ") ? 0.9 : 0;
}

double AnalyseHybrisLexer(std::string_view text) {
  return Found(STATIC_RE(R"(\b(?:public|private)\s+method\b)", 0), text) ? 0.01 : 0;
}

double AnalyseIDLLexer(std::string_view text) {
  double result = 0;
  if (Contains(text, "endelse")) result += 0.2;
  if (Contains(text, "endswitch")) result += 0.01;
  return result;
}

// Pygments writes this pattern as a plain (not raw) string, so its `\b` are
// backspace characters.
double AnalyseInform6Lexer(std::string_view text) {
  return Found(STATIC_RE("\borigsource\b", kI), text) ? 0.05 : 0;
}

// INI: the first line (at least three characters) is `[...]`.
double AnalyseIniLexer(std::string_view text) {
  long npos = FindCharIndex(text, '\n');
  if (npos < 3) return 0;
  size_t newline = text.find('\n');
  return text[0] == '[' && text[newline - 1] == ']' ? 1 : 0;
}

double AnalyseJagsLexer(std::string_view text) {
  if (!Found(STATIC_RE(R"(^\s*model\s*\{)", kM), text)) return 0;
  if (Found(STATIC_RE(R"(^\s*data\s*\{)", kM), text)) return 0.9;
  if (Found(STATIC_RE(R"(^\s*var)", kM), text)) return 0.9;
  return 0.3;
}

double AnalyseJasminLexer(std::string_view text) {
  double score = 0;
  if (Found(STATIC_RE(R"(^\s*\.class\s)", kM), text)) {
    score += 0.5;
    if (Found(STATIC_RE(R"(^\s*[a-z]+_[a-z]+\b)", kM), text)) score += 0.3;
  }
  if (Found(STATIC_RE(R"(^\s*\.(attribute|bytecode|debug|deprecated|enclosing|)"
                      R"(inner|interface|limit|set|signature|stack)\b)",
                      kM),
            text))
    score += 0.6;
  return std::min(score, 1.0);
}

double AnalyseJavascriptDjangoLexer(std::string_view text) { return Clamp(AnalyseDjangoLexer(text)) - 0.05; }
double AnalyseJavascriptErbLexer(std::string_view text) { return Clamp(AnalyseErbLexer(text)) - 0.05; }
double AnalyseJavascriptGenshiLexer(std::string_view text) { return Clamp(AnalyseGenshiLexer(text)) - 0.05; }
double AnalyseJavascriptPhpLexer(std::string_view text) { return Clamp(AnalysePhpLexer(text)); }
double AnalyseJavascriptSmartyLexer(std::string_view text) { return Clamp(AnalyseSmartyLexer(text)) - 0.05; }

double AnalyseJclLexer(std::string_view text) {
  std::string_view first_line = text.substr(0, text.find('\n'));
  return StartsWithMatch(CONSTANT_RE(kJclJobHeader), first_line) ? 1.0 : 0.0;
}

// JSP: the Java lexer has no analyser (0).
double AnalyseJspLexer(std::string_view text) {
  double rv = 0.0 - 0.01;
  if (LooksLikeXml(text)) rv += 0.4;
  if (HasErbTags(text)) rv += 0.1;
  return rv;
}

double AnalyseJuliaLexer(std::string_view text) { return SHEBANG(text, "julia") ? 1 : 0; }

double AnalyseLassoLexer(std::string_view text) {
  double rv = 0.0;
  if (Contains(text, "bin/lasso9")) rv += 0.8;
  if (Found(STATIC_RE(R"(<\?lasso)", kI), text)) rv += 0.4;
  if (Found(STATIC_RE(R"(local\()", kI), text)) rv += 0.4;
  return rv;
}

double AnalyseLassoCssLexer(std::string_view text) {
  double rv = Clamp(AnalyseLassoLexer(text)) - 0.05;
  if (Found(STATIC_RE(R"(\w+:[^;]+;)", 0), text)) rv += 0.1;
  if (Contains(text, "padding:")) rv += 0.1;
  return rv;
}

double AnalyseLassoHtmlLexer(std::string_view text) {
  double rv = Clamp(AnalyseLassoLexer(text)) - 0.01;
  if (HtmlDoctypeMatches(text)) rv += 0.5;
  return rv;
}

double AnalyseLassoJavascriptLexer(std::string_view text) { return Clamp(AnalyseLassoLexer(text)) - 0.05; }

double AnalyseLassoXmlLexer(std::string_view text) {
  double rv = Clamp(AnalyseLassoLexer(text)) - 0.01;
  if (LooksLikeXml(text)) rv += 0.4;
  return rv;
}

double AnalyseLimboLexer(std::string_view text) {
  return Found(STATIC_RE(R"(^implement \w+;)", kM), text) ? 0.7 : 0;
}

double AnalyseLogosLexer(std::string_view text) { return Found(CONSTANT_RE(kLogosKeywords), text) ? 1.0 : 0; }

double AnalyseLogtalkLexer(std::string_view text) {
  if (Contains(text, ":- object(") || Contains(text, ":- protocol(") || Contains(text, ":- category(")) return 1.0;
  return Found(STATIC_RE(R"(^:-\s[a-z])", kM), text) ? 0.9 : 0.0;
}

double AnalyseMakefileLexer(std::string_view text) {
  return Found(STATIC_RE(R"(\$\([A-Z_]+\))", 0), text) ? 0.1 : 0;
}

double AnalyseMasonLexer(std::string_view text) {
  if (Found(STATIC_RE(R"(</%(class|doc|init)>)", 0), text)) return 1.0;
  if (Found(STATIC_RE(R"(<&.+&>)", kS), text)) return 0.11;
  return 0.0;
}

// MATLAB: Pygments tests the whole text (not each line) for a leading `%`
// comment, so the "first non-comment line" is the first line or nothing.
double AnalyseMatlabLexer(std::string_view text) {
  std::string_view first_non_comment;
  if (!StartsWithMatch(STATIC_RE(R"(^\s*%)", 0), text)) {
    std::vector<std::string_view> lines = SplitLines(text);
    if (!lines.empty()) first_non_comment = markdown::PyStrip(lines[0]);
  }
  if (first_non_comment.starts_with("function") && !Contains(first_non_comment, "{")) return 1.0;
  if (Found(STATIC_RE(R"(^\s*%)", kM), text)) return 0.2;
  if (Found(STATIC_RE(R"(^!\w+)", kM), text)) return 0.2;
  return 0;
}

double AnalyseMaximaLexer(std::string_view text) {
  double strength = 0.0;
  if (Found(STATIC_RE(R"(\$\s*$)", kM), text)) strength += 0.05;
  if (Contains(text, ":=")) strength += 0.02;
  return strength;
}

double AnalyseModula2Lexer(std::string_view text) {
  if (!(Contains(text, "(*") && Contains(text, "*)") && Contains(text, ":="))) return 0;
  double result = 0;
  if (Found(STATIC_RE(R"(\bPROCEDURE\b)", 0), text)) result += 0.6;
  if (Found(STATIC_RE(R"(\bFUNCTION\b)", 0), text)) result = 0.0;
  return result;
}

double AnalyseMySqlLexer(std::string_view text) {
  size_t backtick = CountMatches(CONSTANT_RE(kNameBetweenBacktick), text);
  size_t bracket = CountMatches(CONSTANT_RE(kNameBetweenBracket), text);
  if (backtick + bracket >= 1 && backtick >= 2 * bracket) return 0.5;
  if (backtick > bracket) return 0.2;
  if (backtick > 0) return 0.1;
  return 0;
}

// NASM returns False or None: always 0.
double AnalyseNasmLexer(std::string_view) { return 0; }

double AnalyseNemerleLexer(std::string_view text) { return Contains(text, "@if") ? 0.1 : 0; }

double AnalyseNixLexer(std::string_view text) {
  double rv = 0.0;
  if (Found(STATIC_RE(R"(import.+?<[^>]+>)", 0), text)) rv += 0.4;
  if (Found(STATIC_RE(R"(mkDerivation\s+(\(|\{|rec))", 0), text)) rv += 0.4;
  if (Found(STATIC_RE(R"(=\s+mkIf\s+)", 0), text)) rv += 0.4;
  if (Found(STATIC_RE(R"(\{[a-zA-Z,\s]+\}:)", 0), text)) rv += 0.1;
  return rv;
}

double AnalyseNotmuchLexer(std::string_view text) { return text.starts_with("\fmessage{") ? 1.0 : 0.0; }

bool PythonShebang(std::string_view text) { return SHEBANG(text, R"(pythonw?(3(\.\d)?)?)"); }

double AnalyseNumPyLexer(std::string_view text) {
  std::string_view head = FirstChars(text, 1000);
  bool python = PythonShebang(text) || Contains(head, "import ");
  return python && (Contains(head, "import numpy") || Contains(head, "from numpy import")) ? 1 : 0;
}

double AnalyseGeneratedObjectiveCVariant(std::string_view text) {
  if (Found(CONSTANT_RE(kObjectiveCKeywords), text)) return 1.0;
  if (Contains(text, "@\"")) return 0.8;
  if (Found(STATIC_RE("@[0-9]+", 0), text)) return 0.7;
  if (Found(CONSTANT_RE(kObjectiveCMessage), text)) return 0.8;
  return 0;
}

double AnalyseObjectiveJLexer(std::string_view text) {
  return Found(STATIC_RE(R"(^\s*@import\s+[<"])", kM), text) ? 1 : 0;
}

double AnalyseOctaveLexer(std::string_view) { return 0; }

double AnalyseOpenEdgeLexer(std::string_view text) {
  double result = 0;
  if (Contains(text, "END.")) result += 0.05;
  if (Contains(text, "END PROCEDURE.")) result += 0.05;
  if (Contains(text, "ELSE DO:")) result += 0.05;
  return result;
}

double AnalysePawnLexer(std::string_view text) { return Contains(text, "tagof") ? 0.01 : 0; }

// Raku: drop POD blocks, then a shebang, a `my`/`our`/`has` declaration, or
// leading `use v6;` / class-like declarations decide.
double AnalysePerl6Lexer(std::string_view text) {
  std::vector<std::string_view> lines;
  bool in_pod = false;
  for (std::string_view line : SplitLines(text)) {
    if (StartsWithMatch(STATIC_RE(R"(^=(?:end|cut))", 0), line)) in_pod = false;
    else if (StartsWithMatch(STATIC_RE(R"(^=\w+)", 0), line)) in_pod = true;
    else if (!in_pod) lines.push_back(line);
  }
  std::string joined;
  for (size_t i = 0; i < lines.size(); ++i) {
    if (i) joined += '\n';
    joined += lines[i];
  }
  if (SHEBANG(joined, "perl6|rakudo|niecza|pugs")) return 1;
  bool saw_perl_decl = false;
  double rating = 0;
  if (Found(STATIC_RE(R"((?:my|our|has)\s+(?:['\w:-]+\s+)?[$@%&(])", 0), joined)) {
    rating = 0.8;
    saw_perl_decl = true;
  }
  for (std::string_view raw : lines) {
    std::string line(raw.substr(0, raw.find('#')));
    if (StartsWithMatch(STATIC_RE(R"(^\s*$)", 0), line)) continue;
    if (StartsWithMatch(STATIC_RE(R"(^\s*(?:use\s+)?v6(?:\.\d(?:\.\d)?)?;)", 0), line)) return 1;
    auto decl = STATIC_RE(R"(^\s*(?:(?P<scope>my|our)\s+)?(?:module|class|role|enum|grammar))", 0).MatchAt(line, 0);
    if (!decl) break;
    if (saw_perl_decl || decl->Has("scope")) return 1;
    rating = 0.05;
  }
  if (Contains(joined, ":=")) rating /= 2;
  return rating;
}

double AnalysePerlLexer(std::string_view text) {
  if (SHEBANG(text, "perl")) return 1;
  double result = 0;
  if (Found(STATIC_RE(R"((?:my|our)\s+[$@%(])", 0), text)) result += 0.9;
  if (Contains(text, ":=")) result /= 2;
  return result;
}

double AnalysePovrayLexer(std::string_view text) {
  double result = 0;
  if (Contains(text, "#version")) result += 0.05;
  if (Contains(text, "#declare")) result += 0.05;
  if (Contains(text, "camera")) result += 0.05;
  if (Contains(text, "light_source")) result += 0.1;
  return result;
}

double AnalysePython2Lexer(std::string_view text) { return SHEBANG(text, R"(pythonw?2(\.\d)?)") ? 1 : 0; }

double AnalysePythonLexer(std::string_view text) {
  return PythonShebang(text) || Contains(FirstChars(text, 1000), "import ") ? 1 : 0;
}

double AnalyseQBasicLexer(std::string_view text) {
  return Contains(text, "$DYNAMIC") || Contains(text, "$STATIC") ? 0.9 : 0;
}

double AnalyseRagelCLexer(std::string_view text) { return Contains(text, "@LANG: c") ? 1 : 0; }
double AnalyseRagelCppLexer(std::string_view text) { return Contains(text, "@LANG: c++") ? 1 : 0; }
double AnalyseRagelDLexer(std::string_view text) { return Contains(text, "@LANG: d") ? 1 : 0; }
double AnalyseRagelEmbeddedLexer(std::string_view text) { return Contains(text, "@LANG: indep") ? 1 : 0; }
double AnalyseRagelJavaLexer(std::string_view text) { return Contains(text, "@LANG: java") ? 1 : 0; }
double AnalyseRagelObjectiveCLexer(std::string_view text) { return Contains(text, "@LANG: objc") ? 1 : 0; }
double AnalyseRagelRubyLexer(std::string_view text) { return Contains(text, "@LANG: ruby") ? 1 : 0; }

double AnalyseRebolLexer(std::string_view text) {
  if (StartsWithMatch(STATIC_RE(R"(^\s*REBOL\s*\[)", kI), text)) return 1.0;
  if (Found(STATIC_RE(R"(\s*REBOL\s*\[)", kI), text)) return 0.5;
  return 0;
}

double AnalyseRegeditLexer(std::string_view text) { return text.starts_with("Windows Registry Editor") ? 1 : 0; }

double AnalyseResourceLexer(std::string_view text) { return text.starts_with("root:table") ? 1.0 : 0; }

// Rexx: a `/* rexx` header, or a C comment first and Rexx-looking lines.
double AnalyseRexxLexer(std::string_view text) {
  if (Found(STATIC_RE(R"(/\*\**\s*rexx)", kI), text)) return 1.0;
  if (!text.starts_with("/*")) return 0;
  std::string lower = AsciiLower(text);
  const std::array<const Regex*, 7> patterns = {
      &CONSTANT_RE(kRexxPattern0), &CONSTANT_RE(kRexxPattern1), &CONSTANT_RE(kRexxPattern2),
      &CONSTANT_RE(kRexxPattern3), &CONSTANT_RE(kRexxPattern4), &CONSTANT_RE(kRexxPattern5),
      &CONSTANT_RE(kRexxPattern6)};
  double result = 0;
  for (size_t i = 0; i < patterns.size(); ++i)
    if (Found(*patterns[i], lower)) result += kRexxWeights[i];
  return std::min(result + 0.01, 1.0);
}

double AnalyseRhtmlLexer(std::string_view text) {
  double rv = Clamp(AnalyseErbLexer(text)) - 0.01;
  if (HtmlDoctypeMatches(text)) rv += 0.5;
  return rv;
}

double AnalyseRslLexer(std::string_view text) {
  return Found(STATIC_RE(R"(scheme\s*.*?=\s*class\s*type)", kI), text) ? 1.0 : 0;
}

// reStructuredText: a leading `..` directive, or a first line underlined by
// a line of the same length starting and ending with `-` or `=`.
double AnalyseRstLexer(std::string_view text) {
  if (text.starts_with("..") && !text.substr(2).starts_with(".")) return 0.3;
  long p1 = FindCharIndex(text, '\n');
  long p2 = FindCharIndex(text, '\n', p1 + 1);
  if (p2 > -1 && p1 * 2 + 1 == p2) {
    char32_t underline = CharAt(text, p1 + 1);
    if ((underline == '-' || underline == '=') && underline == CharAt(text, p2 - 1)) return 0.5;
  }
  return 0;
}

double AnalyseRubyLexer(std::string_view text) { return SHEBANG(text, R"(ruby(1\.\d)?)") ? 1 : 0; }

double AnalyseSLexer(std::string_view text) {
  return Found(STATIC_RE(R"([a-z0-9_\])\s]<-(?!-))", 0), text) ? 0.11 : 0;
}

double AnalyseScdocLexer(std::string_view text) {
  double result = 0;
  if (Contains(text, "\\*")) result += 0.01;
  if (Contains(text, "\\_")) result += 0.01;
  return result;
}

double AnalyseScilabLexer(std::string_view text) {
  double score = 0.0;
  if (Found(STATIC_RE(R"(^\s*//)", 0), text)) score += 0.1;
  if (Found(STATIC_RE(R"(^\s*/\*)", 0), text)) score += 0.1;
  return std::min(score, 1.0);
}

double AnalyseSingularityLexer(std::string_view text) {
  double result = 0;
  if (Found(STATIC_RE(R"(\b(?:osversion|includecmd|mirrorurl)\b)", kI), text)) result += 0.5;
  if (Found(CONSTANT_RE(kSingularitySection), text)) result += 0.49;
  return result;
}

double AnalyseSmaliLexer(std::string_view text) {
  double score = 0;
  if (Found(STATIC_RE(R"(^\s*\.class\s)", kM), text)) {
    score += 0.5;
    if (Found(STATIC_RE(R"(\b((check-cast|instance-of|throw-verification-error)"
                        R"()\b|(-to|add|[ais]get|[ais]put|and|cmpl|const|div|)"
                        R"(if|invoke|move|mul|neg|not|or|rem|return|rsub|shl|)"
                        R"(shr|sub|ushr)[-/])|{|})",
                        kM),
              text))
      score += 0.3;
  }
  if (Found(STATIC_RE(R"((\.(catchall|epilogue|restart local|prologue)|)"
                      R"(\b(array-data|class-change-error|declared-synchronized|)"
                      R"((field|inline|vtable)@0x[0-9a-fA-F]|generic-error|)"
                      R"(illegal-class-access|illegal-field-access|)"
                      R"(illegal-method-access|instantiation-error|no-error|)"
                      R"(no-such-class|no-such-field|no-such-method|)"
                      R"(packed-switch|sparse-switch))\b)",
                      kM),
            text))
    score += 0.6;
  return score;
}

double AnalyseSourcesListLexer(std::string_view text) {
  for (std::string_view line : SplitLines(text)) {
    line = markdown::PyStrip(line);
    if (line.starts_with("deb ") || line.starts_with("deb-src ")) return 1;
  }
  return 0;
}

double AnalyseSqlJinjaLexer(std::string_view text) {
  double rv = 0.0;
  if (Found(STATIC_RE(R"(\{\{\s*ref\(.*\)\s*\}\})", 0), text)) rv += 0.4;
  if (Found(STATIC_RE(R"(\{\{\s*source\(.*\)\s*\}\})", 0), text)) rv += 0.25;
  if (Found(STATIC_RE(R"(\{%-?\s*macro \w+\(.*\)\s*-?%\}\s+.*\s+\{%-?\s*endmacro\s*-?%\})", kS), text))
    rv += 0.15;
  return rv;
}

double AnalyseSspLexer(std::string_view text) {
  double rv = 0.0;
  if (Found(STATIC_RE(R"(val \w+\s*:)", 0), text)) rv += 0.6;
  if (LooksLikeXml(text)) rv += 0.2;
  if (HasErbTags(text)) rv += 0.1;
  return rv;
}

double AnalyseStanLexer(std::string_view text) {
  return Found(STATIC_RE(R"(^\s*parameters\s*\{)", kM), text) ? 1.0 : 0.0;
}

double AnalyseSuperColliderLexer(std::string_view text) {
  return Contains(text, "SinOsc") || Contains(text, "thisFunctionDef") ? 0.1 : 0;
}

// SWIG: `%directive` at the start of a line; a known one scores 0.98, an
// unknown one 0.91 unless a known one follows.
double AnalyseSwigLexer(std::string_view text) {
  double rv = 0;
  for (const markdown::Match& m : STATIC_RE(R"(^\s*(%[a-z_][a-z0-9_]*))", kM).FindAll(text)) {
    std::string_view name = m.Group(1);
    if (std::find(std::begin(kSwigDirectives), std::end(kSwigDirectives), name) != std::end(kSwigDirectives))
      return 0.98;
    rv = 0.91;
  }
  return rv;
}

double AnalyseTads3Lexer(std::string_view text) {
  double result = 0;
  if (Contains(text, "__TADS") || Contains(text, "GameMainDef")) result += 0.2;
  if (Contains(text, "versionInfo") && Contains(text, "IFID")) result += 0.1;
  return result;
}

double AnalyseTalLexer(std::string_view text) { return Contains(FirstChars(text, 500), "|0100") ? 1 : 0; }

double AnalyseTasmLexer(std::string_view text) { return StartsWithMatch(STATIC_RE("PROC", kI), text) ? 1 : 0; }

double AnalyseTclLexer(std::string_view text) { return SHEBANG(text, "(tcl)") ? 1 : 0; }

// Tea templates: the Tea language lexer has no analyser (0).
double AnalyseTeaTemplateLexer(std::string_view text) {
  double rv = 0.0 - 0.01;
  if (LooksLikeXml(text)) rv += 0.4;
  if (HasErbTags(text)) rv += 0.1;
  return rv;
}

double AnalyseTeraTermLexer(std::string_view text) {
  return Found(CONSTANT_RE(kTeraTermCommands), text) ? 0.01 : 0;
}

double AnalyseTexLexer(std::string_view text) {
  for (std::string_view start : {"\\documentclass", "\\input", "\\documentstyle", "\\relax"})
    if (text.starts_with(start)) return 1;
  return 0;
}

/// The plain-text lexer's priority.
double AnalyseTextLexer(std::string_view) { return 0.01; }

double AnalyseTransactSqlLexer(std::string_view text) {
  if (Found(CONSTANT_RE(kTsqlDeclare), text)) return 1.0;
  double rating = 0;
  size_t backtick = CountMatches(CONSTANT_RE(kNameBetweenBacktick), text);
  size_t bracket = CountMatches(CONSTANT_RE(kNameBetweenBracket), text);
  if (backtick + bracket >= 1 && bracket >= 2 * backtick) rating += 0.5;
  else if (bracket > backtick) rating += 0.2;
  else if (bracket > 0) rating += 0.1;
  if (Found(CONSTANT_RE(kTsqlVariable), text)) rating += 0.1;
  if (Found(CONSTANT_RE(kTsqlGo), text)) rating += 0.1;
  return rating;
}

double AnalyseTurtleLexer(std::string_view text) {
  if (Found(STATIC_RE(R"(^\s*@base )", 0), text) || Found(STATIC_RE(R"(^\s*BASE )", 0), text) ||
      Found(STATIC_RE(R"(^\s*@prefix )", 0), text) || Found(STATIC_RE(R"(^\s*PREFIX )", 0), text))
    return 0.80;
  return 0;
}

double AnalyseUcodeLexer(std::string_view text) {
  double result = 0;
  if (Contains(text, "endsuspend")) result += 0.1;
  if (Contains(text, "endrepeat")) result += 0.1;
  if (Contains(text, ":=")) result += 0.01;
  if (Contains(text, "procedure") && Contains(text, "end")) result += 0.01;
  if (Contains(text, "\\self") && Contains(text, "/self")) result += 0.5;
  return result;
}

double AnalyseUrbiscriptLexer(std::string_view text) {
  double result = 0;
  if (Contains(text, "freezeif")) result += 0.05;
  if (Contains(text, "waituntil")) result += 0.05;
  return result;
}

double AnalyseVCLLexer(std::string_view text) {
  if (text.starts_with("vcl 4.0;")) return 1.0;
  return Contains(FirstChars(text, 1000), "\nvcl 4.0;") ? 0.9 : 0;
}

double AnalyseVCLSnippetLexer(std::string_view) { return 0; }

double AnalyseVbNetAspxLexer(std::string_view text) {
  if (Found(STATIC_RE(R"(Page\s*Language="Vb")", kI), text)) return 0.2;
  if (Found(STATIC_RE(R"(script[^>]+language=["\']vb)", kI), text)) return 0.15;
  return 0;
}

double AnalyseVbNetLexer(std::string_view text) {
  return Found(STATIC_RE(R"(^\s*(#If|Module|Namespace))", kM), text) ? 0.5 : 0;
}

double AnalyseVelocityLexer(std::string_view text) {
  double rv = 0.0;
  if (Found(STATIC_RE(R"(#\{?macro\}?\(.*?\).*?#\{?end\}?)", kS), text)) rv += 0.25;
  if (Found(STATIC_RE(R"(#\{?if\}?\(.+?\).*?#\{?end\}?)", kS), text)) rv += 0.15;
  if (Found(STATIC_RE(R"(#\{?foreach\}?\(.+?\).*?#\{?end\}?)", kS), text)) rv += 0.15;
  if (Found(STATIC_RE(R"(\$!?\{?[a-zA-Z_]\w*(\([^)]*\))?(\.\w+(\([^)]*\))?)*\}?)", 0), text)) rv += 0.01;
  return rv;
}

double AnalyseVelocityXmlLexer(std::string_view text) {
  double rv = Clamp(AnalyseVelocityLexer(text)) - 0.01;
  if (LooksLikeXml(text)) rv += 0.4;
  return rv;
}

double AnalyseVerilogLexer(std::string_view text) {
  double result = 0;
  if (Contains(text, "reg")) result += 0.1;
  if (Contains(text, "wire")) result += 0.1;
  if (Contains(text, "assign")) result += 0.1;
  return result;
}

// WoW TOC: an `## Interface: 100207`-style tag, and listed .lua/.xml files.
double AnalyseWoWTocLexer(std::string_view text) {
  double result = 0;
  auto tag = STATIC_RE(R"((?i)^(##)( *)(Interface)( *)(:)( *)(.*?)( *)$)", 0).Search(text);
  if (tag && StartsWithMatch(STATIC_RE(R"((\d+)(\d{2})(\d{2}))", 0), tag->Group(7))) result += 0.8;
  std::string folded = AsciiLower(text);
  if (Contains(folded, ".lua")) result += 0.1;
  if (Contains(folded, ".xml")) result += 0.05;
  return result;
}

double AnalyseXmlDjangoLexer(std::string_view text) {
  double rv = Clamp(AnalyseDjangoLexer(text)) - 0.01;
  if (LooksLikeXml(text)) rv += 0.4;
  return rv;
}

double AnalyseXmlErbLexer(std::string_view text) {
  double rv = Clamp(AnalyseErbLexer(text)) - 0.01;
  if (LooksLikeXml(text)) rv += 0.4;
  return rv;
}

double AnalyseXmlPhpLexer(std::string_view text) {
  double rv = Clamp(AnalysePhpLexer(text)) - 0.01;
  if (LooksLikeXml(text)) rv += 0.4;
  return rv;
}

double AnalyseXmlSmartyLexer(std::string_view text) {
  double rv = Clamp(AnalyseSmartyLexer(text)) - 0.01;
  if (LooksLikeXml(text)) rv += 0.4;
  return rv;
}

double AnalyseXsltLexer(std::string_view text) {
  return LooksLikeXml(text) && Contains(text, "<xsl") ? 0.8 : 0;
}

// ---- the registry and the guess ---------------------------------------------------

using Analyser = double (*)(std::string_view);

struct GuessRow {
  std::string_view name;
  std::string_view aliases;  ///< space-separated, the first is the main one
  Analyser analyse;          ///< nullptr: Pygments' default (0)
};

constexpr GuessRow kGuessRows[] = {
#define GUESS_LEXER_ROW(name, aliases, analyser) {name, aliases, analyser},
#include "highlight/guess_lexer.inc"
#undef GUESS_LEXER_ROW
};

std::string_view FirstAlias(std::string_view aliases) { return aliases.substr(0, aliases.find(' ')); }

// Pygments `get_lexer_by_name`: the first lexer listing the alias.
const GuessRow* FindRowByAlias(std::string_view alias) {
  std::string lower = AsciiLower(alias);
  for (const GuessRow& row : kGuessRows)
    for (const std::string& a : markdown::SplitOn(row.aliases, " "))
      if (a == lower) return &row;
  return nullptr;
}

// Pygments `get_filetype_from_buffer`: the last five lines (last first),
// then lines 5 down to 0, are searched for a vim modeline's filetype.
std::optional<std::string_view> ModelineFiletype(std::string_view text) {
  const Regex& modeline = STATIC_RE(R"(
    (?: vi | vim | ex ) (?: [<=>]? \d* )? :
    .* (?: ft | filetype | syn | syntax ) = ( [^:\s]+ )
)",
                                    Regex::kVerbose);
  std::vector<std::string_view> lines = SplitLines(text);
  constexpr size_t kMaxLines = 5;
  std::vector<std::string_view> candidates;
  for (size_t k = 0; k < kMaxLines && k < lines.size(); ++k) candidates.push_back(lines[lines.size() - 1 - k]);
  for (size_t i = kMaxLines + 1; i-- > 0;)
    if (i < lines.size()) candidates.push_back(lines[i]);
  for (std::string_view line : candidates)
    if (auto m = modeline.Search(line)) return m->Group(1);
  return std::nullopt;
}

const GuessRow& TextRow() {
  static const GuessRow* text = FindRowByAlias("text");
  return *text;
}

}  // namespace

// The loop of Pygments `guess_lexer` (see the comment at the top).
GuessedLexer GuessLexer(std::string_view text) {
  const GuessRow* chosen = nullptr;
  if (std::optional<std::string_view> filetype = ModelineFiletype(text)) chosen = FindRowByAlias(*filetype);
  if (!chosen) {
    double best = 0.0;
    for (const GuessRow& row : kGuessRows) {
      if (!row.analyse) continue;
      double score = Clamp(row.analyse(text));
      if (score == 1.0) {
        chosen = &row;
        break;
      }
      if (score > best) {
        best = score;
        chosen = &row;
      }
    }
  }
  if (!chosen) chosen = &TextRow();
  return {chosen->name, FirstAlias(chosen->aliases)};
}

}  // namespace stacks::highlight
