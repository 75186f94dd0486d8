// markdown_conformance: runs Python-Markdown 3.4.1's file-based conformance
// data (tests/markdown/conformance, a copy of its tests/ folders) through
// stacks::markdown, with the options and comparison rules of options.json.
//
//   markdown_conformance [--data DIR] [--min-pass N] [--include-skipped]
//                        [--filter TEXT] [--diff NAME] [--actual-dir DIR]
//
// How it works: every folder named in options.json is listed; each file with
// the folder's input extension is a case whose expected output is the file of
// the same base name with the output extension. The case's keyword arguments
// are the folder default, with the per-test entry replacing whole keys. Each
// conversion runs in a child process (a crash fails one case). Folders marked
// "normalize" compare both sides after HTML Tidy, as upstream does.
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "base/base.h"
#include "isolated_convert.h"
#include "markdown/markdown.h"
#include "tidy_normalize.h"

#ifndef STACKS_CONFORMANCE_DIR
#define STACKS_CONFORMANCE_DIR "tests/markdown/conformance"
#endif

namespace fs = std::filesystem;
using stacks::markdown::testing::ConvertIsolated;
using stacks::markdown::testing::OptionsFromKwargs;
using stacks::markdown::testing::TidyNormalize;

namespace {

constexpr unsigned kCaseTimeoutSeconds = 20;

struct Case {
  std::string id;  ///< "folder/test_name" (test name as upstream spells it)
  fs::path input;
  fs::path expected;
  bool normalize = false;
  bool skipped = false;  ///< upstream does not run it
  nlohmann::json kwargs = nlohmann::json::object();
};

struct Flags {
  fs::path data = STACKS_CONFORMANCE_DIR;
  long min_pass = -1;  ///< -1: every case run must pass
  bool include_skipped = false;
  std::string filter;
  std::string diff;
  fs::path actual_dir;  ///< read outputs from here instead of converting
};

// Upstream's test name: the base name with spaces and dashes as underscores.
std::string TestName(const std::string& stem) {
  std::string name = stem;
  std::replace(name.begin(), name.end(), ' ', '_');
  std::replace(name.begin(), name.end(), '-', '_');
  return name;
}

bool Contains(const nlohmann::json& list, const std::string& name) {
  return std::find(list.begin(), list.end(), name) != list.end();
}

// The folder default with the per-test entry replacing whole keys.
nlohmann::json KwargsFor(const nlohmann::json& folder, const std::string& name) {
  nlohmann::json kwargs = folder.value("default", nlohmann::json::object());
  if (folder.contains("tests") && folder["tests"].contains(name))
    for (const auto& [key, value] : folder["tests"][name].items()) kwargs[key] = value;
  return kwargs;
}

std::vector<Case> CasesOfFolder(const fs::path& data, const std::string& folder_name, const nlohmann::json& folder) {
  std::vector<Case> cases;
  fs::path dir = data / folder_name;
  std::string input_ext = folder.value("input_ext", ".txt");
  std::string output_ext = folder.value("output_ext", ".html");
  bool disabled = folder.value("upstream_disabled", false);
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (!entry.is_regular_file() || entry.path().extension() != input_ext) continue;
    Case c;
    std::string stem = entry.path().stem().string();
    std::string name = TestName(stem);
    c.id = folder_name + "/" + name;
    c.input = entry.path();
    c.expected = dir / (stem + output_ext);
    c.normalize = folder.value("normalize", false);
    c.skipped = disabled || Contains(folder.value("skip", nlohmann::json::array()), name);
    c.kwargs = KwargsFor(folder, name);
    cases.push_back(std::move(c));
  }
  std::sort(cases.begin(), cases.end(), [](const Case& a, const Case& b) { return a.id < b.id; });
  return cases;
}

std::vector<Case> LoadCases(const fs::path& data) {
  std::string error;
  auto text = stacks::ReadFile((data / "options.json").string(), &error);
  if (!text) {
    std::fprintf(stderr, "markdown_conformance: cannot read %s/options.json: %s\n", data.c_str(), error.c_str());
    std::exit(2);
  }
  nlohmann::json options = nlohmann::json::parse(*text);
  std::vector<Case> cases;
  for (const auto& [folder_name, folder] : options.items()) {
    if (folder_name.starts_with("_")) continue;
    auto folder_cases = CasesOfFolder(data, folder_name, folder);
    cases.insert(cases.end(), folder_cases.begin(), folder_cases.end());
  }
  return cases;
}

// Python's universal newlines, as upstream reads the expected file.
std::string UniversalNewlines(std::string_view s) {
  return stacks::ReplaceAll(stacks::ReplaceAll(s, "\r\n", "\n"), "\r", "\n");
}

std::string ReadOrDie(const fs::path& path) {
  std::string error;
  auto text = stacks::ReadFile(path.string(), &error);
  if (!text) {
    std::fprintf(stderr, "markdown_conformance: cannot read %s: %s\n", path.c_str(), error.c_str());
    std::exit(2);
  }
  return *text;
}

struct Outcome {
  bool passed = false;
  std::string expected;  ///< after normalization, when compared
  std::string actual;
  std::string error;
};

Outcome RunCase(const Case& c, const Flags& flags) {
  Outcome outcome;
  std::string source = ReadOrDie(c.input);
  outcome.expected = UniversalNewlines(ReadOrDie(c.expected));
  if (!flags.actual_dir.empty()) {
    fs::path relative = fs::relative(c.input, flags.data);
    outcome.actual = ReadOrDie((flags.actual_dir / relative).replace_extension(".out"));
  } else {
    auto result = ConvertIsolated(source, OptionsFromKwargs(c.kwargs), kCaseTimeoutSeconds);
    if (!result.ok) {
      outcome.error = result.error;
      return outcome;
    }
    outcome.actual = std::move(result.html);
  }
  if (c.normalize) {
    outcome.expected = TidyNormalize(outcome.expected);
    outcome.actual = TidyNormalize(outcome.actual);
  }
  outcome.passed = outcome.expected == outcome.actual;
  return outcome;
}

// Prints both sides and the first line where they differ.
void PrintDiff(const Case& c, const Outcome& o) {
  std::printf("==== %s (%s)\n", c.id.c_str(), c.kwargs.dump().c_str());
  if (!o.error.empty()) {
    std::printf("error: %s\n", o.error.c_str());
    return;
  }
  auto expected = stacks::Split(o.expected, '\n');
  auto actual = stacks::Split(o.actual, '\n');
  size_t line = 0;
  while (line < expected.size() && line < actual.size() && expected[line] == actual[line]) ++line;
  std::printf("first difference at line %zu\n  expected: %s\n  actual:   %s\n", line + 1,
              line < expected.size() ? expected[line].c_str() : "<end>",
              line < actual.size() ? actual[line].c_str() : "<end>");
  std::printf("---- expected\n%s\n---- actual\n%s\n", o.expected.c_str(), o.actual.c_str());
}

[[noreturn]] void Usage() {
  std::fprintf(stderr,
               "usage: markdown_conformance [--data DIR] [--min-pass N] [--include-skipped]\n"
               "                            [--filter TEXT] [--diff NAME] [--actual-dir DIR]\n");
  std::exit(2);
}

Flags ParseFlags(int argc, char** argv) {
  Flags flags;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) Usage();
      return argv[++i];
    };
    if (arg == "--data") flags.data = value();
    else if (arg == "--min-pass") flags.min_pass = std::stol(value());
    else if (arg == "--include-skipped") flags.include_skipped = true;
    else if (arg == "--filter") flags.filter = value();
    else if (arg == "--diff") flags.diff = value();
    else if (arg == "--actual-dir") flags.actual_dir = value();
    else Usage();
  }
  return flags;
}

}  // namespace

int main(int argc, char** argv) {
  Flags flags = ParseFlags(argc, argv);
  std::vector<std::string> failures, skipped_passing;
  size_t passed = 0, skipped = 0;
  for (const Case& c : LoadCases(flags.data)) {
    if (!flags.filter.empty() && c.id.find(flags.filter) == std::string::npos) continue;
    if (c.skipped && !flags.include_skipped) {
      ++skipped;
      continue;
    }
    Outcome o = RunCase(c, flags);
    if (c.id == flags.diff || (flags.diff == "all" && !o.passed)) PrintDiff(c, o);
    if (c.skipped) {
      ++skipped;
      if (o.passed) skipped_passing.push_back(c.id);
    } else if (o.passed) {
      ++passed;
    } else {
      failures.push_back(o.error.empty() ? c.id : c.id + " [" + o.error + "]");
    }
  }
  std::printf("markdown conformance: %zu passed, %zu failed (%zu skipped as upstream skips them)\n", passed,
              failures.size(), skipped);
  for (const auto& name : failures) std::printf("  FAIL %s\n", name.c_str());
  if (flags.include_skipped)
    for (const auto& name : skipped_passing) std::printf("  skipped upstream, passes: %s\n", name.c_str());
  bool ok = flags.min_pass >= 0 ? static_cast<long>(passed) >= flags.min_pass : failures.empty();
  if (flags.min_pass >= 0)
    std::printf("minimum required: %ld -> %s\n", flags.min_pass, ok ? "ok" : "NOT MET");
  return ok ? 0 : 1;
}
