#include <cstdio>

#include "cli/commands.h"

namespace stacks::cli {

int RunTemplate(int argc, char** argv) {
  std::fprintf(stderr, "stacks template: not built yet\n");
  return 2;
}

}  // namespace stacks::cli
