#include "tidy_normalize.h"

#include <tidy/tidy.h>
#include <tidy/tidybuffio.h>

#include <utility>

namespace stacks::markdown::testing {
namespace {

// pytidylib's base options, then the ones Python-Markdown's test_tools adds,
// then what tidy_fragment and unicode input add (body only, UTF-8 both ways).
constexpr std::pair<const char*, const char*> kTidyOptions[] = {
    {"indent", "1"},           {"tidy-mark", "0"},        {"wrap", "0"},
    {"alt-text", ""},          {"doctype", "strict"},     {"force-output", "1"},
    {"drop-empty-paras", "0"}, {"fix-backslash", "0"},    {"fix-bad-comments", "0"},
    {"fix-uri", "0"},          {"join-styles", "0"},      {"lower-literals", "0"},
    {"merge-divs", "0"},       {"output-xhtml", "1"},     {"quote-ampersand", "0"},
    {"newline", "LF"},         {"show-body-only", "1"},   {"input-encoding", "utf8"},
    {"output-encoding", "utf8"},
};

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

// Python's str.strip() for the ASCII whitespace tidy can emit.
std::string Stripped(std::string s) {
  size_t begin = 0, end = s.size();
  while (begin < end && IsSpace(s[begin])) ++begin;
  while (end > begin && IsSpace(s[end - 1])) --end;
  return s.substr(begin, end - begin);
}

}  // namespace

std::string TidyNormalize(std::string_view html) {
  TidyDoc doc = tidyCreate();
  TidyBuffer errors;
  tidyBufInit(&errors);
  tidySetErrorBuffer(doc, &errors);  // keeps diagnostics off stderr
  for (const auto& [name, value] : kTidyOptions) tidyOptParseValue(doc, name, value);
  std::string input(html);
  tidyParseString(doc, input.c_str());
  tidyCleanAndRepair(doc);
  TidyBuffer output;
  tidyBufInit(&output);
  tidySaveBuffer(doc, &output);
  std::string result;
  if (output.bp) result.assign(reinterpret_cast<const char*>(output.bp), output.size);
  tidyBufFree(&output);
  tidyBufFree(&errors);
  tidyRelease(doc);
  return Stripped(std::move(result));
}

}  // namespace stacks::markdown::testing
