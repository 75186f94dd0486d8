// `stacks highlight` without the rest of the CLI, for tests and benchmarks:
// `highlight_tool highlight [options]`.
#include "cli/commands.h"

int main(int argc, char** argv) { return argc < 2 ? 2 : stacks::cli::RunHighlight(argc - 1, argv + 1); }
