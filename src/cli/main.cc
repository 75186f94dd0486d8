// stacks: a static site generator that builds Pelican sites.
//
// main() looks the first argument up in one table of subcommands and hands
// the rest of the arguments to that command.
#include <cstdio>
#include <cstring>
#include <string_view>

#include "cli/commands.h"

#ifndef STACKS_VERSION
#define STACKS_VERSION "0.0.0"
#endif

namespace stacks::cli {
namespace {

struct Command {
  const char* name;
  const char* summary;
  int (*run)(int argc, char** argv);
};

constexpr Command kCommands[] = {
    {"markdown", "convert Markdown to HTML as Python-Markdown 3.4.1 does", RunMarkdown},
    {"highlight", "highlight source code as Pygments 2.14 does", RunHighlight},
    {"theme", "theme helpers: 'theme css --style NAME' writes a Pygments style sheet", RunTheme},
    {"template", "render a Jinja2 template with a JSON context", RunTemplate},
    {"build", "build a Pelican site (the default: 'stacks PATH ...')", RunBuild},
};

void PrintHelp(FILE* out) {
  std::fprintf(out,
               "usage: stacks <command> [options]\n\n"
               "A static site generator that builds Pelican sites.\n\ncommands:\n");
  for (const Command& c : kCommands) std::fprintf(out, "  %-10s %s\n", c.name, c.summary);
  std::fprintf(out,
               "\noptions:\n  -h, --help     show this help\n  --version      show the version\n\n"
               "Run 'stacks <command> --help' for a command's options.\n");
}

int Main(int argc, char** argv) {
  if (argc < 2) {
    PrintHelp(stderr);
    return 2;
  }
  std::string_view first = argv[1];
  if (first == "-h" || first == "--help" || first == "help") {
    PrintHelp(stdout);
    return 0;
  }
  if (first == "--version") {
    std::printf("stacks %s\n", STACKS_VERSION);
    return 0;
  }
  for (const Command& c : kCommands)
    if (first == c.name) return c.run(argc - 1, argv + 1);
  // Anything else (a path, an option) is `stacks build`, as `pelican` is.
  return RunBuild(argc, argv);
}

}  // namespace
}  // namespace stacks::cli

int main(int argc, char** argv) { return stacks::cli::Main(argc, argv); }
