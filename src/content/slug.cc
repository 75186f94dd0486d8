// Pelican's slugify and the text helpers it leans on.
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include <unicode/normalizer2.h>
#include <unicode/uniset.h>
#include <unicode/unistr.h>
#include <unicode/locid.h>

#include <algorithm>
#include <memory>
#include <string_view>
#include <unordered_map>

#include "base/base.h"
#include "content/content.h"

namespace stacks::content {
namespace {

// ---- unidecode --------------------------------------------------------------

struct UnidecodeSection {
  int section;
  const char* entries;  // joined by \037
};

const UnidecodeSection kUnidecodeSections[] = {
#include "content/unidecode_table.inc"
};

// Each section's entries split once, on first use.
const std::vector<std::string_view>* SectionTable(int section) {
  static const auto* tables = [] {
    auto* map = new std::unordered_map<int, std::vector<std::string_view>>();
    for (const UnidecodeSection& s : kUnidecodeSections) {
      std::vector<std::string_view>& entries = (*map)[s.section];
      std::string_view all(s.entries);
      size_t start = 0;
      while (true) {
        size_t sep = all.find('\037', start);
        entries.push_back(all.substr(start, sep == std::string_view::npos ? std::string_view::npos : sep - start));
        if (sep == std::string_view::npos) break;
        start = sep + 1;
      }
    }
    return map;
  }();
  auto it = tables->find(section);
  return it == tables->end() ? nullptr : &it->second;
}

// ---- HTML character references (html.unescape) ----------------------------------

struct Entity {
  const char* name;
  const char* value;
};
const Entity kEntities[] = {
#include "content/html_entities.inc"
};

const char* LookupEntity(std::string_view name) {
  auto it = std::lower_bound(std::begin(kEntities), std::end(kEntities), name,
                             [](const Entity& e, std::string_view n) { return std::string_view(e.name) < n; });
  if (it != std::end(kEntities) && std::string_view(it->name) == name) return it->value;
  return nullptr;
}

// What a numeric reference to 0x80..0x9F means (Windows-1252), as HTML5 says.
char32_t InvalidCharref(uint32_t n) {
  static const char32_t k80[32] = {0x20ac, 0x81,   0x201a, 0x192,  0x201e, 0x2026, 0x2020, 0x2021,
                                   0x2c6,  0x2030, 0x160,  0x2039, 0x152,  0x8d,   0x17d,  0x8f,
                                   0x90,   0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014,
                                   0x2dc,  0x2122, 0x161,  0x203a, 0x153,  0x9d,   0x17e,  0x178};
  if (n == 0) return 0xfffd;
  if (n == 0x0d) return '\r';
  if (n >= 0x80 && n <= 0x9f) return k80[n - 0x80];
  return 0;
}

bool IsInvalidCodepoint(uint32_t n) {
  return (n >= 0x1 && n <= 0x8) || (n >= 0xe && n <= 0x1f) || (n >= 0x7f && n <= 0x9f) ||
         (n >= 0xfdd0 && n <= 0xfdef) || n == 0xb || (n & 0xfffe) == 0xfffe;
}

// One reference starting at s[i] == '&'; appends its text and returns the
// length consumed, or 0 when nothing matches html's pattern there.
size_t DecodeCharref(std::string_view s, size_t i, std::string* out) {
  size_t j = i + 1;
  if (j < s.size() && s[j] == '#') {
    bool hex = j + 1 < s.size() && (s[j + 1] == 'x' || s[j + 1] == 'X');
    size_t k = j + (hex ? 2 : 1);
    size_t digits_start = k;
    uint64_t num = 0;
    while (k < s.size() && (hex ? std::isxdigit(static_cast<unsigned char>(s[k])) : std::isdigit(static_cast<unsigned char>(s[k])))) {
      int d = std::isdigit(static_cast<unsigned char>(s[k])) ? s[k] - '0' : std::tolower(s[k]) - 'a' + 10;
      num = std::min<uint64_t>(num * (hex ? 16 : 10) + d, 0x7fffffff);
      ++k;
    }
    if (k == digits_start) return 0;
    if (k < s.size() && s[k] == ';') ++k;
    if (char32_t replacement = InvalidCharref(static_cast<uint32_t>(num)); replacement || num == 0) {
      AppendUtf8(*out, replacement);
    } else if ((num >= 0xd800 && num <= 0xdfff) || num > 0x10ffff) {
      AppendUtf8(*out, 0xfffd);
    } else if (!IsInvalidCodepoint(static_cast<uint32_t>(num))) {
      AppendUtf8(*out, static_cast<char32_t>(num));
    }
    return k - i;
  }
  size_t k = j;
  while (k < s.size() && k - j < 32 && std::string_view("\t\n\f <&#;").find(s[k]) == std::string_view::npos) ++k;
  if (k == j) return 0;
  if (k < s.size() && s[k] == ';') ++k;
  std::string_view name = s.substr(j, k - j);
  if (const char* value = LookupEntity(name)) {
    out->append(value);
    return k - i;
  }
  // The longest known prefix (legacy names without ';'), then the rest as is.
  for (size_t len = name.size() - 1; len > 1; --len) {
    if (const char* value = LookupEntity(name.substr(0, len))) {
      out->append(value);
      out->append(name.substr(len));
      return k - i;
    }
  }
  out->push_back('&');
  out->append(name);
  return k - i;
}

std::string HtmlUnescape(std::string_view s) {
  if (s.find('&') == std::string_view::npos) return std::string(s);
  std::string out;
  for (size_t i = 0; i < s.size();) {
    if (s[i] == '&') {
      if (size_t used = DecodeCharref(s, i, &out)) {
        i += used;
        continue;
      }
    }
    out.push_back(s[i++]);
  }
  return out;
}

// str.isspace(): the code points Python splits and strips on.
bool IsPyWhitespace(char32_t c) {
  return (c >= 0x09 && c <= 0x0d) || (c >= 0x1c && c <= 0x20) || c == 0x85 || c == 0xa0 || c == 0x1680 ||
         (c >= 0x2000 && c <= 0x200a) || c == 0x2028 || c == 0x2029 || c == 0x202f || c == 0x205f || c == 0x3000;
}

std::vector<std::string_view> PySplit(std::string_view s) {
  std::vector<std::string_view> words;
  size_t i = 0, start = std::string_view::npos;
  while (i < s.size()) {
    size_t at = i;
    char32_t c = DecodeUtf8(s, i);
    if (IsPyWhitespace(c)) {
      if (start != std::string_view::npos) words.push_back(s.substr(start, at - start));
      start = std::string_view::npos;
    } else if (start == std::string_view::npos) {
      start = at;
    }
  }
  if (start != std::string_view::npos) words.push_back(s.substr(start));
  return words;
}

std::string PyStrip(std::string_view s) {
  size_t begin = 0, end = s.size();
  while (begin < end) {
    size_t i = begin;
    if (!IsPyWhitespace(DecodeUtf8(s, i))) break;
    begin = i;
  }
  while (end > begin) {
    size_t back = end - 1;
    while (back > begin && (static_cast<unsigned char>(s[back]) & 0xc0) == 0x80) --back;
    size_t i = back;
    if (!IsPyWhitespace(DecodeUtf8(s, i))) break;
    end = back;
  }
  return std::string(s.substr(begin, end - begin));
}

std::string PyLower(std::string_view s) {
  bool ascii = std::all_of(s.begin(), s.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
  if (ascii) return AsciiLower(s);
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(icu::StringPiece(s.data(), static_cast<int32_t>(s.size())));
  u.toLower(icu::Locale::getRoot());
  std::string out;
  u.toUTF8String(out);
  return out;
}

// ---- Python regular expressions on PCRE2 --------------------------------------

// Rewrites the parts of Python's `re` syntax PCRE2 spells differently:
// (?P<name>...) and (?P=name), \Z, and the u/a/L inline flags (Unicode is
// PCRE2_UCP here, as it is the default for Python str patterns).
// \s becomes the exact set str.isspace() accepts (PCRE2 counts U+180E too).
std::string TranslatePattern(std::string_view p) {
  static const std::string kSpaces =
      "\\t\\n\\x0b\\f\\r\\x1c-\\x1f \\x85\\xa0\\x{1680}\\x{2000}-\\x{200a}\\x{2028}\\x{2029}\\x{202f}\\x{205f}\\x{3000}";
  std::string out;
  bool in_class = false;
  for (size_t i = 0; i < p.size(); ++i) {
    if (p[i] == '\\' && i + 1 < p.size()) {
      char e = p[i + 1];
      if (e == 'Z') out += "\\z";
      else if (e == 's') out += in_class ? kSpaces : "[" + kSpaces + "]";
      else if (e == 'S' && !in_class) out += "[^" + kSpaces + "]";
      else out += std::string(p.substr(i, 2));
      ++i;
    } else if (in_class) {
      if (p[i] == ']') in_class = false;
      out.push_back(p[i]);
    } else if (p[i] == '[') {
      in_class = true;
      out.push_back('[');
      // A `]` or `^]` right after the opening bracket is a literal.
      if (i + 1 < p.size() && p[i + 1] == '^') out.push_back(p[++i]);
      if (i + 1 < p.size() && p[i + 1] == ']') out.push_back(p[++i]);
    } else if (p.substr(i, 4) == "(?P<") {
      out += "(?<";
      i += 3;
    } else if (p.substr(i, 4) == "(?P=") {
      size_t close = p.find(')', i);
      out += "\\k<" + std::string(p.substr(i + 4, close - i - 4)) + ">";
      i = close;
    } else if (p.substr(i, 2) == "(?" && i + 2 < p.size() && std::isalpha(static_cast<unsigned char>(p[i + 2]))) {
      size_t j = i + 2;
      std::string flags;
      while (j < p.size() && std::isalpha(static_cast<unsigned char>(p[j]))) {
        if (p[j] != 'u' && p[j] != 'a' && p[j] != 'L') flags.push_back(p[j]);
        ++j;
      }
      if (j < p.size() && p[j] == ')' && flags.empty()) {
        i = j;
      } else {
        out += "(?" + flags;
        i = j - 1;
      }
    } else {
      out.push_back(p[i]);
    }
  }
  return out;
}

struct CodeDeleter {
  void operator()(pcre2_code* c) const { pcre2_code_free(c); }
};
struct MatchDataDeleter {
  void operator()(pcre2_match_data* m) const { pcre2_match_data_free(m); }
};

// Expands a Python replacement template (\1, \g<1>, \g<name>, \n, \\) for
// one match; groups that did not take part give "".
std::optional<std::string> ExpandTemplate(std::string_view repl, pcre2_code* code, const PCRE2_SIZE* ovector,
                                          uint32_t pairs, std::string_view subject, std::string* error) {
  auto group = [&](long n) -> std::optional<std::string_view> {
    if (n < 0 || static_cast<uint32_t>(n) >= pairs) return std::nullopt;
    if (ovector[2 * n] == PCRE2_UNSET) return std::string_view();
    return subject.substr(ovector[2 * n], ovector[2 * n + 1] - ovector[2 * n]);
  };
  uint32_t capture_count = 0;
  pcre2_pattern_info(code, PCRE2_INFO_CAPTURECOUNT, &capture_count);
  std::string out;
  for (size_t i = 0; i < repl.size(); ++i) {
    if (repl[i] != '\\' || i + 1 == repl.size()) {
      out.push_back(repl[i]);
      continue;
    }
    char c = repl[++i];
    if (std::isdigit(static_cast<unsigned char>(c))) {
      long n = c - '0';
      if (i + 1 < repl.size() && std::isdigit(static_cast<unsigned char>(repl[i + 1]))) n = n * 10 + (repl[++i] - '0');
      if (n == 0 || static_cast<uint32_t>(n) > capture_count) {
        *error = "invalid group reference " + std::to_string(n);
        return std::nullopt;
      }
      out.append(group(n).value_or(""));
    } else if (c == 'g' && i + 1 < repl.size() && repl[i + 1] == '<') {
      size_t close = repl.find('>', i);
      if (close == std::string_view::npos) {
        *error = "missing >, unterminated name";
        return std::nullopt;
      }
      std::string name(repl.substr(i + 2, close - i - 2));
      long n = -1;
      if (!name.empty() && std::all_of(name.begin(), name.end(), ::isdigit)) n = std::stol(name);
      else n = pcre2_substring_number_from_name(code, reinterpret_cast<PCRE2_SPTR>(name.c_str()));
      if (n < 0 || static_cast<uint32_t>(n) > capture_count) {
        *error = "unknown group name '" + name + "'";
        return std::nullopt;
      }
      out.append(group(n).value_or(""));
      i = close;
    } else {
      static const std::string_view kEscapes = "abfnrtv\\";
      static const char kValues[] = "\a\b\f\n\r\t\v\\";
      size_t e = kEscapes.find(c);
      if (e != std::string_view::npos) {
        out.push_back(kValues[e]);
      } else if (std::isalpha(static_cast<unsigned char>(c))) {
        *error = std::string("bad escape \\") + c;
        return std::nullopt;
      } else {
        out.push_back('\\');
        out.push_back(c);
      }
    }
  }
  return out;
}

// One SLUG_REGEX_SUBSTITUTIONS pair, compiled once: the pattern (NFKC, as
// slugify normalizes it) with IGNORECASE, or the message of why it does not
// compile.
struct CompiledSub {
  std::string pattern;      // after NFKC, as error messages quote it
  std::string replacement;  // after NFKC
  std::unique_ptr<pcre2_code, CodeDeleter> code;
  std::unique_ptr<pcre2_match_data, MatchDataDeleter> match;
  std::string compile_error;
};

CompiledSub CompileSub(const std::string& pattern, const std::string& replacement) {
  CompiledSub sub;
  sub.pattern = NormalizeNfkc(pattern);
  sub.replacement = NormalizeNfkc(replacement);
  int code_error = 0;
  PCRE2_SIZE error_offset = 0;
  std::string translated = TranslatePattern(sub.pattern);
  sub.code.reset(pcre2_compile(reinterpret_cast<PCRE2_SPTR>(translated.data()), translated.size(),
                               PCRE2_UTF | PCRE2_UCP | PCRE2_CASELESS, &code_error, &error_offset, nullptr));
  if (!sub.code) {
    PCRE2_UCHAR buf[256];
    pcre2_get_error_message(code_error, buf, sizeof buf);
    sub.compile_error = "bad slug substitution pattern '" + sub.pattern + "': " + reinterpret_cast<char*>(buf);
    return sub;
  }
  sub.match.reset(pcre2_match_data_create_from_pattern(sub.code.get(), nullptr));
  return sub;
}

// re.sub(pattern, repl, subject, flags=re.IGNORECASE) with Python 3.7's rule
// for empty matches: one is replaced even right after a non-empty match, but
// never twice at the same place.
std::optional<std::string> RegexSub(const CompiledSub& sub, const std::string& subject, std::string* error) {
  if (!sub.code) {
    *error = sub.compile_error;
    return std::nullopt;
  }
  pcre2_code* code = sub.code.get();
  pcre2_match_data* match = sub.match.get();
  std::string out;
  size_t pos = 0;
  size_t copied = 0;
  uint32_t options = 0;
  auto subject_ptr = reinterpret_cast<PCRE2_SPTR>(subject.data());
  while (pos <= subject.size()) {
    // The subject's UTF-8 is checked on the first call only (checking it on
    // every call would make many matches quadratic).
    uint32_t utf_check = pos == 0 && copied == 0 && options == 0 ? 0 : PCRE2_NO_UTF_CHECK;
    int rc = pcre2_match(code, subject_ptr, subject.size(), pos, options | utf_check, match, nullptr);
    if (rc == PCRE2_ERROR_NOMATCH) {
      if (options == 0) break;
      // No non-empty match here: step over one character and search on.
      options = 0;
      if (pos >= subject.size()) break;
      size_t next = pos;
      DecodeUtf8(subject, next);
      pos = next;
      continue;
    }
    if (rc < 0) {
      *error = "regex match failed";
      return std::nullopt;
    }
    const PCRE2_SIZE* ov = pcre2_get_ovector_pointer(match);
    std::optional<std::string> piece =
        ExpandTemplate(sub.replacement, code, ov, pcre2_get_ovector_count(match), subject, error);
    if (!piece) return std::nullopt;
    out.append(subject, copied, ov[0] - copied);
    out += *piece;
    copied = ov[1];
    pos = ov[1];
    options = ov[0] == ov[1] ? (PCRE2_NOTEMPTY_ATSTART | PCRE2_ANCHORED) : 0;
  }
  out.append(subject, copied, std::string::npos);
  return out;
}

// Everything one set of SlugOptions needs, for one thread: the compiled
// substitutions and the slugs already made. Tags, categories and authors
// repeat across thousands of articles, so most slugs are found here.
struct Slugger {
  std::vector<CompiledSub> subs;
  std::unordered_map<std::string, std::string> slugs;
};

// The cache key of a set of options: the two flags, then each pattern and
// replacement prefixed by its length (so no two option sets share a key).
std::string OptionsKey(const SlugOptions& options) {
  std::string key;
  key.push_back(options.preserve_case ? 'p' : '-');
  key.push_back(options.use_unicode ? 'u' : '-');
  for (const auto& [pattern, replacement] : options.regex_subs) {
    key += std::to_string(pattern.size());
    key.push_back('\x1f');
    key += pattern;
    key += std::to_string(replacement.size());
    key.push_back('\x1f');
    key += replacement;
  }
  return key;
}

// This thread's Slugger for `options`, made (and its patterns compiled) on
// first use. The caches are bounded: a site has a few option sets and
// thousands of distinct values, a test may feed far more.
Slugger& SluggerFor(const SlugOptions& options) {
  static constexpr size_t kMaxOptionSets = 32;
  thread_local std::unordered_map<std::string, std::unique_ptr<Slugger>> sluggers;
  std::string key = OptionsKey(options);
  auto found = sluggers.find(key);
  if (found != sluggers.end()) return *found->second;
  if (sluggers.size() >= kMaxOptionSets) sluggers.clear();
  auto slugger = std::make_unique<Slugger>();
  for (const auto& [pattern, replacement] : options.regex_subs)
    slugger->subs.push_back(CompileSub(pattern, replacement));
  return *sluggers.emplace(std::move(key), std::move(slugger)).first->second;
}

bool IsAscii(std::string_view text) {
  return std::all_of(text.begin(), text.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

}  // namespace

std::string Transliterate(std::string_view text) {
  std::string out;
  for (size_t i = 0; i < text.size();) {
    size_t start = i;
    char32_t cp = DecodeUtf8(text, i);
    if (cp < 0x80) {
      out.append(text.substr(start, i - start));
      continue;
    }
    if (cp > 0xeffff) continue;
    const std::vector<std::string_view>* table = SectionTable(static_cast<int>(cp >> 8));
    if (table && (cp & 0xff) < table->size()) out.append((*table)[cp & 0xff]);
  }
  return out;
}

// ICU 72 knows Unicode 15; Python 3.11's unicodedata is Unicode 14.0, so
// the normalizer is limited to the characters Unicode 14 had assigned.
const icu::Normalizer2* Unicode14Nfkc() {
  static const icu::Normalizer2* normalizer = []() -> const icu::Normalizer2* {
    UErrorCode status = U_ZERO_ERROR;
    const icu::Normalizer2* nfkc = icu::Normalizer2::getNFKCInstance(status);
    if (U_FAILURE(status)) return nullptr;
    auto* assigned = new icu::UnicodeSet(icu::UnicodeString(u"[:age=14.0:]"), status);
    if (U_FAILURE(status)) return nfkc;
    assigned->freeze();
    return new icu::FilteredNormalizer2(*nfkc, *assigned);
  }();
  return normalizer;
}

// ASCII text is its own NFKC form (no ASCII character decomposes or
// composes), so it is returned without a trip through UTF-16.
std::string NormalizeNfkc(std::string_view text) {
  if (IsAscii(text)) return std::string(text);
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfkc = Unicode14Nfkc();
  if (!nfkc) return std::string(text);
  icu::UnicodeString in = icu::UnicodeString::fromUTF8(icu::StringPiece(text.data(), static_cast<int32_t>(text.size())));
  icu::UnicodeString normalized = nfkc->normalize(in, status);
  if (U_FAILURE(status)) return std::string(text);
  std::string out;
  normalized.toUTF8String(out);
  return out;
}

// Comments go first, then anything from `<` to the next `>`; the words left
// are joined by single spaces and character references decoded.
std::string StripTags(std::string_view text) {
  // Once a search for the closing text fails, no later opening can match
  // either, so the rest is copied (this keeps `<<<<...` linear).
  std::string no_comments;
  for (size_t i = 0; i < text.size();) {
    if (text.substr(i, 4) == "<!--") {
      size_t end = text.find("-->", i + 4);
      if (end == std::string_view::npos) {
        no_comments.append(text.substr(i));
        break;
      }
      i = end + 3;
      continue;
    }
    no_comments.push_back(text[i++]);
  }
  std::string no_tags;
  for (size_t i = 0; i < no_comments.size();) {
    if (no_comments[i] == '<') {
      size_t end = no_comments.find('>', i + 1);
      if (end == std::string::npos) {
        no_tags.append(no_comments, i, std::string::npos);
        break;
      }
      i = end + 1;
      continue;
    }
    no_tags.push_back(no_comments[i++]);
  }
  std::vector<std::string_view> words = PySplit(no_tags);
  std::string joined;
  for (size_t i = 0; i < words.size(); ++i) {
    if (i) joined.push_back(' ');
    joined.append(words[i]);
  }
  return HtmlUnescape(joined);
}

std::vector<std::pair<std::string, std::string>> DefaultSlugSubstitutions() {
  return {{"[^\\w\\s-]", ""}, {"(?u)\\A\\s*", ""}, {"(?u)\\s*\\Z", ""}, {"[-\\s]+", "-"}};
}

// Markup stripped, NFKC, ASCII transliteration (unless use_unicode), each
// substitution applied case-insensitively, lower-cased (unless
// preserve_case), stripped. Slugs of short values are remembered per
// thread and option set (a value's slug depends on nothing else).
std::optional<std::string> Slugify(std::string_view value, const SlugOptions& options, std::string* error) {
  static constexpr size_t kMaxRememberedLength = 512;
  static constexpr size_t kMaxRemembered = 1 << 14;
  Slugger& slugger = SluggerFor(options);
  bool remember = value.size() <= kMaxRememberedLength;
  std::string key;
  if (remember) {
    key.assign(value);
    auto found = slugger.slugs.find(key);
    if (found != slugger.slugs.end()) return found->second;
  }
  std::string text = NormalizeNfkc(StripTags(value));
  if (!options.use_unicode) text = Transliterate(text);
  std::string ignored;
  if (!error) error = &ignored;
  for (const CompiledSub& sub : slugger.subs) {
    std::optional<std::string> next = RegexSub(sub, text, error);
    if (!next) return std::nullopt;
    text = std::move(*next);
  }
  if (!options.preserve_case) text = PyLower(text);
  std::string slug = PyStrip(text);
  if (remember) {
    if (slugger.slugs.size() >= kMaxRemembered) slugger.slugs.clear();
    slugger.slugs.emplace(std::move(key), slug);
  }
  return slug;
}

}  // namespace stacks::content

namespace stacks::content {
// Shared with regex_match.cc (declared in regex_match.h).
std::string TranslatePythonRegex(std::string_view pattern) { return TranslatePattern(pattern); }
}  // namespace stacks::content
