// Python `re` matching on PCRE2 for the readers and intra-site links
// (private to stacks_content).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace stacks::content {

/// Python `re` syntax rewritten for PCRE2 (defined in slug.cc).
std::string TranslatePythonRegex(std::string_view pattern);

/// One match: byte ranges of every group (npos start when it did not take
/// part) and the names of the named groups.
struct RegexMatch {
  std::vector<std::pair<size_t, size_t>> groups;  ///< [0] is the whole match
  std::vector<std::pair<std::string, int>> names;  ///< name -> group number, in pattern order

  bool Took(int group) const { return groups[group].first != std::string::npos; }
  std::string_view Group(std::string_view subject, int group) const;
  std::string_view Named(std::string_view subject, std::string_view name) const;
};

/// re.match(pattern, subject).groupdict(): nullopt when it does not match,
/// `error` set when the pattern does not compile.
std::optional<std::vector<std::pair<std::string, std::optional<std::string>>>> MatchNamedGroups(
    const std::string& pattern, const std::string& subject, std::string* error);

/// re.finditer with re.X when `verbose`.
std::vector<RegexMatch> FindAllMatches(const std::string& pattern, std::string_view subject, bool verbose,
                                       std::string* error);

}  // namespace stacks::content
