// markdown_render_batch: converts every *.md file of a folder with one
// configuration, for the differential test (which compares the results with
// Python-Markdown's).
//
//   markdown_render_batch [--timeout SECONDS] CONFIG.json IN_DIR OUT_DIR
//
// CONFIG.json holds Python-Markdown keyword arguments (`extensions`,
// `extension_configs`, `output_format`, `tab_length`). IN_DIR/NAME.md becomes
// OUT_DIR/NAME.html, or OUT_DIR/NAME.error (why it failed: crash, timeout,
// exception) when the conversion did not finish. Each document is converted
// in a forked child of the process that built the converter once.
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "base/base.h"
#include "isolated_convert.h"
#include "markdown/markdown.h"

namespace fs = std::filesystem;
using stacks::markdown::testing::ConvertIsolated;
using stacks::markdown::testing::OptionsFromKwargs;

namespace {

std::vector<fs::path> MarkdownFiles(const fs::path& dir) {
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(dir))
    if (entry.is_regular_file() && entry.path().extension() == ".md") files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  return files;
}

bool WriteOrComplain(const fs::path& path, std::string_view data) {
  std::string error;
  if (stacks::WriteFileAtomic(path.string(), data, &error)) return true;
  std::fprintf(stderr, "markdown_render_batch: cannot write %s: %s\n", path.c_str(), error.c_str());
  return false;
}

}  // namespace

int main(int argc, char** argv) {
  unsigned timeout = 10;
  std::vector<std::string> args;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--timeout" && i + 1 < argc) timeout = static_cast<unsigned>(std::stoul(argv[++i]));
    else args.push_back(arg);
  }
  if (args.size() != 3) {
    std::fprintf(stderr, "usage: markdown_render_batch [--timeout SECONDS] CONFIG.json IN_DIR OUT_DIR\n");
    return 2;
  }
  std::string error;
  auto config = stacks::ReadFile(args[0], &error);
  if (!config) {
    std::fprintf(stderr, "markdown_render_batch: cannot read %s: %s\n", args[0].c_str(), error.c_str());
    return 2;
  }
  stacks::markdown::Converter converter(OptionsFromKwargs(nlohmann::json::parse(*config)));
  for (const auto& e : converter.errors())
    std::fprintf(stderr, "markdown_render_batch: warning: configuration: %s (converting anyway)\n", e.c_str());
  // Lazily built state (compiled patterns, tables) then stays in this parent
  // process instead of being rebuilt in every child.
  converter.Convert("# Warm *up* :smile:\n\n- a\n\n> b\n\n    c\n\n| a |\n|---|\n| b |\n");
  fs::path out_dir = args[2];
  fs::create_directories(out_dir);
  for (const fs::path& input : MarkdownFiles(args[1])) {
    auto source = stacks::ReadFile(input.string(), &error);
    if (!source) {
      std::fprintf(stderr, "markdown_render_batch: cannot read %s: %s\n", input.c_str(), error.c_str());
      return 2;
    }
    auto result = ConvertIsolated(*source, converter, timeout);
    fs::path stem = out_dir / input.stem();
    fs::remove(fs::path(stem) += ".error");
    fs::remove(fs::path(stem) += ".html");
    bool written = result.ok ? WriteOrComplain(fs::path(stem) += ".html", result.html)
                             : WriteOrComplain(fs::path(stem) += ".error", result.error);
    if (!written) return 2;
  }
  return 0;
}
