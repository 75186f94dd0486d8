// libFuzzer target: lexes and parses arbitrary template source under every
// combination of the whitespace options. Any outcome but a clean parse or a
// syntax error (a crash, a sanitizer report, a stack overflow) is a bug.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "template/template.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  stacks::tmpl::Options options;
  options.trim_blocks = data[0] & 1;
  options.lstrip_blocks = data[0] & 2;
  options.keep_trailing_newline = data[0] & 4;
  std::string source(reinterpret_cast<const char*>(data) + 1, size - 1);
  auto loader = std::make_unique<stacks::tmpl::MapLoader>();
  loader->Add("t.html", source);
  stacks::tmpl::Environment env(options, std::move(loader));
  (void)env.Check("t.html");
  return 0;
}
