// The subcommands of `stacks`, one function each; main.cc holds the table.
#pragma once

namespace stacks::cli {

/// Each command gets the arguments after its name (argv[0] is the command
/// name) and returns the process exit code.
int RunMarkdown(int argc, char** argv);
int RunTemplate(int argc, char** argv);
int RunBuild(int argc, char** argv);
int RunHighlight(int argc, char** argv);
int RunTheme(int argc, char** argv);

}  // namespace stacks::cli
