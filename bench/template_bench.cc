// template_bench: per-render time of stacks' template engine on a theme.
//
//   template_bench --contexts DIR --theme DIR [--theme DIR]... [--repeat N] [--out DIR] [--only NAME]
//
// Renders article.html and index.html (contexts DIR/article.json and
// DIR/index.json, made by template_bench.py) as Pelican configures Jinja2:
// trim_blocks and lstrip_blocks, templates searched in the theme folders in
// order, parsed once and cached by one Environment, one thread. One warm-up
// render per template (written to --out for the comparison with Jinja2),
// then N renders (default 200), each timed alone. Prints one line per template:
//   stacks TEMPLATE: median <us> us CPU, <us> us wall, best <us> us CPU, <N> renders, <bytes> bytes
// Times are CPU time of this process (the machine may be shared) and wall time.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "base/base.h"
#include "template/template.h"

namespace fs = std::filesystem;
namespace tmpl = stacks::tmpl;

namespace {

const char* const kTemplates[] = {"article.html", "index.html"};

struct Flags {
  std::string contexts;
  std::vector<std::string> themes;
  std::string out;
  int repeat = 200;
  std::string only;  // render just this template (profiling)
};

[[noreturn]] void Die(const std::string& message) {
  std::fprintf(stderr, "template_bench: %s\n", message.c_str());
  std::exit(2);
}

Flags ParseFlags(int argc, char** argv) {
  Flags flags;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    bool has_value = i + 1 < argc;
    if (arg == "--contexts" && has_value) flags.contexts = argv[++i];
    else if (arg == "--theme" && has_value) flags.themes.push_back(argv[++i]);
    else if (arg == "--out" && has_value) flags.out = argv[++i];
    else if (arg == "--repeat" && has_value) flags.repeat = std::max(1, std::stoi(argv[++i]));
    else if (arg == "--only" && has_value) flags.only = argv[++i];
    else Die("usage: template_bench --contexts DIR --theme DIR [--theme DIR]... [--repeat N] [--out DIR] [--only NAME]");
  }
  if (flags.contexts.empty() || flags.themes.empty()) Die("--contexts and --theme are required");
  return flags;
}

tmpl::Value LoadContext(const std::string& path) {
  std::string error;
  auto text = stacks::ReadFile(path, &error);
  if (!text) Die("cannot read " + path + ": " + error);
  auto j = nlohmann::ordered_json::parse(*text, nullptr, false);
  if (j.is_discarded() || !j.is_object()) Die(path + ": the context must be a JSON object");
  return tmpl::ValueFromJson(j);
}

double CpuMicros() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) * 1e6 + static_cast<double>(ts.tv_nsec) / 1e3;
}

double Median(std::vector<double> xs) {
  std::sort(xs.begin(), xs.end());
  size_t n = xs.size();
  return n % 2 ? xs[n / 2] : (xs[n / 2 - 1] + xs[n / 2]) / 2;
}

struct Samples {
  std::vector<double> cpu, wall;  // microseconds per render
};

// Times `repeat` renders one by one; `sink` keeps the work observable.
Samples TimeRenders(tmpl::Environment& env, const std::string& name, const tmpl::Value& context, int repeat,
                    size_t& sink) {
  Samples samples;
  for (int i = 0; i < repeat; ++i) {
    auto wall_start = std::chrono::steady_clock::now();
    double cpu_start = CpuMicros();
    tmpl::RenderResult result = env.Render(name, context);
    samples.cpu.push_back(CpuMicros() - cpu_start);
    std::chrono::duration<double, std::micro> wall = std::chrono::steady_clock::now() - wall_start;
    samples.wall.push_back(wall.count());
    sink += result.output.size();
  }
  return samples;
}

// Renders once (errors are fatal), keeping the output for the comparison.
std::string WarmUp(tmpl::Environment& env, const std::string& name, const tmpl::Value& context, const Flags& flags) {
  tmpl::RenderResult result = env.Render(name, context);
  if (!result.ok) Die("rendering " + name + " failed:\n" + result.error.formatted);
  if (!flags.out.empty()) {
    fs::create_directories(flags.out);
    std::string error;
    if (!stacks::WriteFileAtomic((fs::path(flags.out) / name).string(), result.output, &error))
      Die("cannot write output: " + error);
  }
  return result.output;
}

}  // namespace

int main(int argc, char** argv) {
  Flags flags = ParseFlags(argc, argv);
  tmpl::Options options;
  options.trim_blocks = true;  // Pelican's default JINJA_ENVIRONMENT
  options.lstrip_blocks = true;
  tmpl::Environment env(options, std::make_unique<tmpl::FileLoader>(flags.themes));
  size_t sink = 0;
  for (const std::string name : kTemplates) {
    if (!flags.only.empty() && name != flags.only) continue;
    std::string stem = name.substr(0, name.find('.'));
    tmpl::Value context = LoadContext((fs::path(flags.contexts) / (stem + ".json")).string());
    std::string output = WarmUp(env, name, context, flags);
    Samples s = TimeRenders(env, name, context, flags.repeat, sink);
    std::printf("stacks %s: median %.1f us CPU, %.1f us wall, best %.1f us CPU, %d renders, %zu bytes\n",
                name.c_str(), Median(s.cpu), Median(s.wall), *std::min_element(s.cpu.begin(), s.cpu.end()),
                flags.repeat, output.size());
    std::fflush(stdout);
  }
  return sink == 0 ? 1 : 0;
}
