// Python `re` matching on PCRE2 (see regex_match.h).
#define PCRE2_CODE_UNIT_WIDTH 8
#include "content/regex_match.h"

#include <pcre2.h>

#include <algorithm>
#include <map>
#include <memory>

namespace stacks::content {
namespace {

struct CodeDeleter {
  void operator()(pcre2_code* c) const { pcre2_code_free(c); }
};
struct MatchDataDeleter {
  void operator()(pcre2_match_data* m) const { pcre2_match_data_free(m); }
};
using Code = std::unique_ptr<pcre2_code, CodeDeleter>;

Code Compile(const std::string& pattern, uint32_t flags, std::string* error) {
  int code_error = 0;
  PCRE2_SIZE error_offset = 0;
  std::string translated = TranslatePythonRegex(pattern);
  Code code(pcre2_compile(reinterpret_cast<PCRE2_SPTR>(translated.data()), translated.size(),
                          PCRE2_UTF | PCRE2_UCP | flags, &code_error, &error_offset, nullptr));
  if (!code) {
    PCRE2_UCHAR buf[256];
    pcre2_get_error_message(code_error, buf, sizeof buf);
    *error = "bad regular expression '" + pattern + "': " + reinterpret_cast<char*>(buf);
  }
  return code;
}

// The (name, number) table of the pattern's named groups, in pattern order.
std::vector<std::pair<std::string, int>> GroupNames(pcre2_code* code) {
  uint32_t count = 0, entry_size = 0;
  PCRE2_SPTR table = nullptr;
  pcre2_pattern_info(code, PCRE2_INFO_NAMECOUNT, &count);
  pcre2_pattern_info(code, PCRE2_INFO_NAMEENTRYSIZE, &entry_size);
  pcre2_pattern_info(code, PCRE2_INFO_NAMETABLE, &table);
  std::vector<std::pair<std::string, int>> names;
  for (uint32_t i = 0; i < count; ++i) {
    PCRE2_SPTR entry = table + i * entry_size;
    int number = (entry[0] << 8) | entry[1];
    names.emplace_back(reinterpret_cast<const char*>(entry + 2), number);
  }
  std::sort(names.begin(), names.end(), [](const auto& a, const auto& b) { return a.second < b.second; });
  return names;
}

// A compiled pattern with its group names and match data, for one thread.
struct CompiledPattern {
  Code code;
  std::vector<std::pair<std::string, int>> names;
  std::unique_ptr<pcre2_match_data, MatchDataDeleter> data;
};

// Compiling (and translating) a pattern costs far more than matching it on
// a short text, and the readers match the same few patterns for every file:
// each thread keeps what it compiled, keyed by flags and pattern. Patterns
// that fail to compile are not kept (the error is reported on every call).
// Returns nullptr (with `error`) when the pattern does not compile.
CompiledPattern* CompileCached(const std::string& pattern, uint32_t flags, std::string* error) {
  static constexpr size_t kMaxPatterns = 256;
  thread_local std::map<std::pair<uint32_t, std::string>, CompiledPattern> cache;
  auto key = std::make_pair(flags, pattern);
  auto found = cache.find(key);
  if (found != cache.end()) return &found->second;
  Code code = Compile(pattern, flags, error);
  if (!code) return nullptr;
  if (cache.size() >= kMaxPatterns) cache.clear();
  // JIT code matches the same as the interpreter, several times faster
  // (the link pattern backtracks over every tag); without JIT support the
  // interpreter runs.
  pcre2_jit_compile(code.get(), PCRE2_JIT_COMPLETE);
  CompiledPattern compiled;
  compiled.names = GroupNames(code.get());
  compiled.data.reset(pcre2_match_data_create_from_pattern(code.get(), nullptr));
  compiled.code = std::move(code);
  return &cache.emplace(std::move(key), std::move(compiled)).first->second;
}

// pcre2_match; when the JIT code runs out of its stack on a long subject,
// the interpreter (which has no such limit) matches again.
int Match(const CompiledPattern& compiled, std::string_view subject, size_t start, uint32_t options) {
  auto text = reinterpret_cast<PCRE2_SPTR>(subject.data());
  int rc = pcre2_match(compiled.code.get(), text, subject.size(), start, options, compiled.data.get(), nullptr);
  if (rc == PCRE2_ERROR_JIT_STACKLIMIT)
    rc = pcre2_match(compiled.code.get(), text, subject.size(), start, options | PCRE2_NO_JIT, compiled.data.get(),
                     nullptr);
  return rc;
}

RegexMatch ToMatch(pcre2_match_data* data, const std::vector<std::pair<std::string, int>>& names) {
  RegexMatch m;
  m.names = names;
  const PCRE2_SIZE* ov = pcre2_get_ovector_pointer(data);
  uint32_t n = pcre2_get_ovector_count(data);
  for (uint32_t i = 0; i < n; ++i) {
    if (ov[2 * i] == PCRE2_UNSET) m.groups.emplace_back(std::string::npos, std::string::npos);
    else m.groups.emplace_back(ov[2 * i], ov[2 * i + 1]);
  }
  return m;
}

}  // namespace

std::string_view RegexMatch::Group(std::string_view subject, int group) const {
  if (group >= static_cast<int>(groups.size()) || !Took(group)) return {};
  return subject.substr(groups[group].first, groups[group].second - groups[group].first);
}

std::string_view RegexMatch::Named(std::string_view subject, std::string_view name) const {
  for (const auto& [n, number] : names)
    if (n == name) return Group(subject, number);
  return {};
}

std::optional<std::vector<std::pair<std::string, std::optional<std::string>>>> MatchNamedGroups(
    const std::string& pattern, const std::string& subject, std::string* error) {
  CompiledPattern* compiled = CompileCached(pattern, PCRE2_ANCHORED, error);
  if (!compiled) return std::nullopt;
  int rc = Match(*compiled, subject, 0, 0);
  if (rc < 0) return std::nullopt;
  RegexMatch m = ToMatch(compiled->data.get(), compiled->names);
  std::vector<std::pair<std::string, std::optional<std::string>>> out;
  for (const auto& [name, number] : m.names) {
    if (m.Took(number)) out.emplace_back(name, std::string(m.Group(subject, number)));
    else out.emplace_back(name, std::nullopt);
  }
  return out;
}

// finditer: after an empty match the next search starts one code point on.
std::vector<RegexMatch> FindAllMatches(const std::string& pattern, std::string_view subject, bool verbose,
                                       std::string* error) {
  std::vector<RegexMatch> out;
  CompiledPattern* compiled = CompileCached(pattern, verbose ? PCRE2_EXTENDED : 0, error);
  if (!compiled) return out;
  size_t pos = 0;
  while (pos <= subject.size()) {
    int rc = Match(*compiled, subject, pos, pos == 0 ? 0 : PCRE2_NO_UTF_CHECK);
    if (rc < 0) break;
    RegexMatch m = ToMatch(compiled->data.get(), compiled->names);
    size_t end = m.groups[0].second;
    if (end == m.groups[0].first) {
      ++end;
      while (end < subject.size() && (static_cast<unsigned char>(subject[end]) & 0xC0) == 0x80) ++end;
    }
    out.push_back(std::move(m));
    pos = end;
  }
  return out;
}

}  // namespace stacks::content
