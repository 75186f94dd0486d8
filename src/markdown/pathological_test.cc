// Pathological inputs must take time linear in their size: 10,000 nested
// quotes and lists, 100k runs of the characters that open inline syntax.
//
// How it works: each input shape is converted at size n and at 4n with the
// reference configuration; a linear engine takes about 4 times as long, a
// quadratic one 16 times. The test allows a ratio up to 12 (generous, so a
// busy machine does not make it flaky), and ignores ratios when the large
// input takes under 100 ms (too short to time on a shared machine: cache
// effects alone gave ratios of 10 to 30 there for work linear in
// instructions, e.g. runs of '<'). No absolute time limit,
// except that an input of size n taking over 5 s is reported at once
// instead of waiting for the 4n run.
//
// A test stays DISABLED_ until the engine passes it (run those with
// --gtest_also_run_disabled_tests); then the prefix goes.
#include <gtest/gtest.h>

#include <chrono>
#include <functional>
#include <string>

#include "markdown/markdown.h"

namespace stacks::markdown {
namespace {

Options ReferenceOptions() {
  Options o;
  o.extensions = {"extra", "codehilite", "toc", "meta", "github_emoji"};
  o.extension_configs = {{"codehilite", {{"css_class", "highlight"}}}};
  o.output_format = "html5";
  return o;
}

std::string Repeat(std::string_view unit, size_t n) {
  std::string out;
  out.reserve(unit.size() * n);
  for (size_t i = 0; i < n; ++i) out += unit;
  return out;
}

// Seconds one conversion took, or a negative number (and a test failure)
// when the converter threw.
double SecondsToConvert(Converter& converter, const std::string& name, const std::string& text) {
  auto start = std::chrono::steady_clock::now();
  try {
    converter.Convert(text);
  } catch (const std::exception& e) {
    ADD_FAILURE() << name << ": " << text.size() << " bytes: threw " << e.what();
    return -1;
  }
  std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - start;
  return elapsed.count();
}

// Converts make(n) and make(4n) and checks that the time grew about linearly.
void ExpectLinear(const std::string& name, const std::function<std::string(size_t)>& make, size_t n) {
  Converter converter(ReferenceOptions());
  for (const auto& e : converter.errors()) std::printf("  note: configuration: %s (timing anyway)\n", e.c_str());
  std::string small_input = make(n), large_input = make(4 * n);
  double small = SecondsToConvert(converter, name, small_input);
  if (small < 0) return;
  ASSERT_LT(small, 5.0) << name << ": " << small_input.size() << " bytes took " << small << " s";
  small = std::min(small, SecondsToConvert(converter, name, small_input));
  double large = SecondsToConvert(converter, name, large_input);
  if (large < 0) return;
  if (large < 2.0) large = std::min(large, SecondsToConvert(converter, name, large_input));  // cheap: less noise
  double ratio = large / std::max(small, 1e-6);
  std::printf("  %-34s n=%-7zu %8.4f s   4n: %8.4f s   ratio %5.1f\n", name.c_str(), n, small, large, ratio);
  if (large < 0.1) return;
  EXPECT_LT(ratio, 12.0) << name << ": " << small_input.size() << " bytes took " << small << " s, "
                         << large_input.size() << " bytes took " << large << " s";
}

void ExpectRunLinear(const std::string& unit, size_t n = 25000) {
  ExpectLinear("run of '" + unit + "'", [&](size_t k) { return Repeat(unit, k); }, n);
}

TEST(Pathological, NestedQuotes) {
  ExpectLinear("nested quotes '> > > x'", [](size_t k) { return Repeat("> ", k) + "x\n"; }, 2500);
  ExpectLinear("nested quotes '>>>x'", [](size_t k) { return Repeat(">", k) + "x\n"; }, 2500);
  ExpectLinear("quote per line, deeper each line", [](size_t k) {
    std::string s;
    for (size_t i = 1; i <= k; ++i) s += std::string(i % 64, '>') + " line\n";
    return s;
  }, 2500);
}

TEST(Pathological, NestedLists) {
  ExpectLinear("nested lists '- - - x'", [](size_t k) { return Repeat("- ", k) + "x\n"; }, 2500);
  ExpectLinear("nested lists '1. 1. 1. x'", [](size_t k) { return Repeat("1. ", k) + "x\n"; }, 2500);
  ExpectLinear("list items, indentation cycling", [](size_t k) {
    std::string s;
    for (size_t i = 0; i < k; ++i) s += std::string(4 * (i % 16), ' ') + "* item\n";
    return s;
  }, 2500);
  ExpectLinear("lists inside quotes '> - > - x'", [](size_t k) { return Repeat("> - ", k) + "x\n"; }, 2500);
}

TEST(Pathological, RunsOfOpeners) {
  for (const char* unit : {"*", "_", "[", "<", "`", "**", "__", "![", "]", "(", ":"}) ExpectRunLinear(unit);
}

TEST(Pathological, RunsWithText) {
  for (const char* unit : {"_a", "[a", "<a", "[a](", "[a]", "<a ", ":a", "[^a", "{: ", "<div>"})
    ExpectRunLinear(unit);
}

// Each replacement edits the text near the match only (SplitText), and
// anchored matches do not scan ahead for a required character.
TEST(Pathological, RunsWithTextReplacedOften) {
  for (const char* unit : {"*a", "`a", "*a**", "&a", "\\*", "</div>"}) ExpectRunLinear(unit);
}

TEST(Pathological, ManyLines) {
  ExpectLinear("many short lines 'a\\n'", [](size_t k) { return Repeat("a\n", k); }, 25000);
  ExpectLinear("many blank-separated paragraphs", [](size_t k) { return Repeat("a\n\n", k); }, 25000);
  ExpectLinear("many reference definitions", [](size_t k) {
    std::string s;
    for (size_t i = 0; i < k; ++i) s += "[r" + std::to_string(i) + "]: http://x/" + std::to_string(i) + "\n";
    return s;
  }, 10000);
  ExpectLinear("many headings (toc ids)", [](size_t k) { return Repeat("# same\n", k); }, 5000);
  ExpectLinear("many footnotes", [](size_t k) {
    std::string s;
    for (size_t i = 0; i < k; ++i) s += "x[^" + std::to_string(i) + "]\n\n[^" + std::to_string(i) + "]: n\n\n";
    return s;
  }, 2500);
  ExpectLinear("unclosed html block", [](size_t k) { return "<div>\n" + Repeat("a\n\n", k); }, 10000);
}

}  // namespace
}  // namespace stacks::markdown
