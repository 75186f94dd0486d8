// markdown_bench: single-threaded Markdown throughput of stacks.
//
//   markdown_bench [--config FILE.json] [--repeat N] [--dump DIR] [--no-toc-outputs] FILE_OR_DIR...
//
// Reads every .md file given (folders: their *.md, not recursive) into
// memory, builds one converter from the configuration (Python-Markdown
// keyword arguments, default: no extensions) and converts all documents N
// times (default 5). Prints one line per round and a summary line:
//   stacks markdown: <MB> MB, <docs> docs, best <s> s, median <s> s, <MB/s> MB/s (median, CPU time)
// Times are CPU seconds of this process (the machine may be shared); wall
// time is printed per round. --dump writes each document's HTML to
// DIR/NAME.html (before timing), to check results. --no-toc-outputs turns
// off Options::toc_outputs (md.toc and md.toc_tokens, which a site that
// never reads them need not build). No highlighter is attached: code blocks print as Pygments prints plain text.
#include <algorithm>
#include <chrono>
#include <ctime>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "base/base.h"
#include "markdown/markdown.h"

namespace fs = std::filesystem;

namespace {

struct Flags {
  std::string config;
  int repeat = 5;
  std::string dump;
  bool toc_outputs = true;
  std::vector<std::string> inputs;
};

[[noreturn]] void Die(const std::string& message) {
  std::fprintf(stderr, "markdown_bench: %s\n", message.c_str());
  std::exit(2);
}

Flags ParseFlags(int argc, char** argv) {
  Flags flags;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--config" && i + 1 < argc) flags.config = argv[++i];
    else if (arg == "--repeat" && i + 1 < argc) flags.repeat = std::max(1, std::stoi(argv[++i]));
    else if (arg == "--dump" && i + 1 < argc) flags.dump = argv[++i];
    else if (arg == "--no-toc-outputs") flags.toc_outputs = false;
    else if (arg.starts_with("--"))
      Die("usage: markdown_bench [--config FILE.json] [--repeat N] [--dump DIR] [--no-toc-outputs] FILE_OR_DIR...");
    else flags.inputs.push_back(arg);
  }
  if (flags.inputs.empty()) Die("no input files");
  return flags;
}

std::vector<fs::path> DocumentPaths(const std::vector<std::string>& inputs) {
  std::vector<fs::path> files;
  for (const auto& input : inputs) {
    if (!fs::is_directory(input)) {
      files.push_back(input);
      continue;
    }
    for (const auto& entry : fs::directory_iterator(input))
      if (entry.is_regular_file() && entry.path().extension() == ".md") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

std::vector<std::string> ReadDocuments(const std::vector<fs::path>& files) {
  std::vector<std::string> docs;
  for (const auto& file : files) {
    std::string error;
    auto text = stacks::ReadFile(file.string(), &error);
    if (!text) Die("cannot read " + file.string() + ": " + error);
    docs.push_back(std::move(*text));
  }
  return docs;
}

stacks::markdown::Options LoadOptions(const std::string& path) {
  stacks::markdown::Options options;
  if (path.empty()) return options;
  std::string error;
  auto text = stacks::ReadFile(path, &error);
  if (!text) Die("cannot read " + path + ": " + error);
  auto j = nlohmann::json::parse(*text);
  if (j.contains("extensions"))
    for (const auto& e : j["extensions"]) options.extensions.push_back(e.get<std::string>());
  if (j.contains("extension_configs")) options.extension_configs = j["extension_configs"];
  if (j.contains("output_format")) options.output_format = j["output_format"].get<std::string>();
  if (j.contains("tab_length")) options.tab_length = j["tab_length"].get<int>();
  return options;
}

double CpuSeconds() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
}

struct Round {
  double cpu = 0;
  double wall = 0;
};

// Times converting every document once; `sink` keeps the work observable.
Round TimeOneRound(stacks::markdown::Converter& converter, const std::vector<std::string>& docs, size_t& sink) {
  auto wall_start = std::chrono::steady_clock::now();
  double cpu_start = CpuSeconds();
  for (const auto& doc : docs) sink += converter.Convert(doc).html.size();
  std::chrono::duration<double> wall = std::chrono::steady_clock::now() - wall_start;
  return {CpuSeconds() - cpu_start, wall.count()};
}

// Writes each document's HTML to dir/NAME.html.
void DumpResults(stacks::markdown::Converter& converter, const std::vector<fs::path>& files,
                 const std::vector<std::string>& docs, const std::string& dir) {
  fs::create_directories(dir);
  for (size_t i = 0; i < docs.size(); ++i) {
    std::string error;
    fs::path out = fs::path(dir) / files[i].filename().replace_extension(".html");
    if (!stacks::WriteFileAtomic(out.string(), converter.Convert(docs[i]).html, &error))
      Die("cannot write " + out.string() + ": " + error);
  }
}

}  // namespace

int main(int argc, char** argv) {
  Flags flags = ParseFlags(argc, argv);
  std::vector<fs::path> files = DocumentPaths(flags.inputs);
  std::vector<std::string> docs = ReadDocuments(files);
  double megabytes = 0;
  for (const auto& d : docs) megabytes += static_cast<double>(d.size()) / 1e6;
  stacks::markdown::Options options = LoadOptions(flags.config);
  options.toc_outputs = flags.toc_outputs;
  stacks::markdown::Converter converter(options);
  for (const auto& e : converter.errors())
    std::fprintf(stderr, "markdown_bench: warning: configuration: %s (measuring anyway)\n", e.c_str());
  if (!flags.dump.empty()) DumpResults(converter, files, docs, flags.dump);
  std::vector<double> rounds;
  size_t sink = 0;
  for (int i = 0; i < flags.repeat; ++i) {
    Round round = TimeOneRound(converter, docs, sink);
    rounds.push_back(round.cpu);
    std::printf("  round %d: %.3f s CPU, %.3f s wall\n", i + 1, round.cpu, round.wall);
  }
  std::vector<double> sorted = rounds;
  std::sort(sorted.begin(), sorted.end());
  double median = sorted[sorted.size() / 2];
  std::printf("stacks markdown: %.2f MB, %zu docs, best %.3f s, median %.3f s, %.1f MB/s (median, CPU time) [%zu bytes out]\n",
              megabytes, docs.size(), sorted.front(), median, megabytes / median, sink / rounds.size());
  return 0;
}
