#include <cstdio>

#include "cli/commands.h"

namespace stacks::cli {

int RunMarkdown(int argc, char** argv) {
  std::fprintf(stderr, "stacks markdown: not built yet\n");
  return 2;
}

}  // namespace stacks::cli
