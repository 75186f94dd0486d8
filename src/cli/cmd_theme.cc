// `stacks theme css --style NAME`: the style sheet Pygments writes for a
// style (`pygmentize -S NAME -f html -a SELECTOR`), for a theme's
// pygments.css.
#include <cstdio>
#include <string>

#include <CLI/CLI.hpp>

#include "cli/commands.h"
#include "highlight/highlight.h"

namespace stacks::cli {

int RunTheme(int argc, char** argv) {
  CLI::App app{"Theme helpers.", "stacks theme"};
  app.require_subcommand(1);
  CLI::App* css = app.add_subcommand("css", "print a Pygments style sheet");
  std::string style = "default", selector = ".highlight";
  bool list = false;
  css->add_option("-s,--style", style, "Pygments style name (default, monokai, friendly, ...)");
  css->add_option("-a,--selector", selector, "CSS selector the rules are scoped to (codehilite uses .codehilite)");
  css->add_flag("--list", list, "list the style names");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  if (list) {
    for (const std::string& name : highlight::StyleNames()) std::printf("%s\n", name.c_str());
    return 0;
  }
  std::optional<std::string> text = highlight::StyleCss(style, selector);
  if (!text) {
    std::fprintf(stderr, "stacks theme: error: unknown style '%s' (see 'stacks theme css --list')\n", style.c_str());
    return 2;
  }
  std::fputs(text->c_str(), stdout);
  return 0;
}

}  // namespace stacks::cli
