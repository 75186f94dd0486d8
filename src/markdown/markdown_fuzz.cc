// libFuzzer target for the Markdown engine (built with -DSTACKS_FUZZ=ON and
// clang; see tests/markdown/run_fuzz.sh).
//
// How it works: the first input byte picks one of a few configurations (the
// reference blog's, no extensions, every extension, odd tab lengths); the
// rest, with bytes that are not valid UTF-8 replaced by '?', is converted by
// a converter built once per configuration and reused across inputs, as a
// site build reuses it. Any crash, sanitizer report or hang is a finding.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "base/base.h"
#include "markdown/markdown.h"

namespace {

using stacks::markdown::Converter;
using stacks::markdown::Options;

Options ReferenceConfig() {
  Options o;
  o.extensions = {"extra", "codehilite", "toc", "meta", "github_emoji"};
  o.extension_configs = {{"codehilite", {{"css_class", "highlight"}}}};
  o.output_format = "html5";
  return o;
}

Options EveryExtension() {
  Options o;
  o.extensions = {"extra",        "toc",      "meta",       "admonition", "sane_lists",
                  "nl2br",        "smarty",   "wikilinks",  "legacy_attrs", "legacy_em",
                  "github_emoji", "codehilite"};
  o.extension_configs = {{"toc", {{"permalink", true}, {"anchorlink", true}, {"baselevel", 2}}},
                         {"smarty", {{"smart_angled_quotes", true}}},
                         {"github_emoji", {{"unicode", true}}}};
  return o;
}

Options Plain(int tab_length, const char* format) {
  Options o;
  o.tab_length = tab_length;
  o.output_format = format;
  return o;
}

// Drops the extensions this build does not have yet (or rejects), so the
// fuzzer exercises what exists instead of stopping at a configuration error.
Options WithoutUnknownExtensions(Options o) {
  std::vector<std::string> kept;
  for (const auto& name : o.extensions) {
    Options single = o;
    single.extensions = {name};
    if (Converter(single).errors().empty()) kept.push_back(name);
  }
  o.extensions = kept;
  return o;
}

std::vector<std::unique_ptr<Converter>> MakeConverters() {
  std::vector<Options> configs = {ReferenceConfig(), Plain(4, "xhtml"), EveryExtension(), Plain(2, "html5"),
                                  Plain(8, "xhtml")};
  std::vector<std::unique_ptr<Converter>> converters;
  for (auto& config : configs) {
    Options usable = WithoutUnknownExtensions(config);
    std::string names;
    for (const auto& name : usable.extensions) names += " " + name;
    std::fprintf(stderr, "markdown_fuzz: configuration %zu:%s\n", converters.size(), names.c_str());
    converters.push_back(std::make_unique<Converter>(usable));
  }
  return converters;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static std::vector<std::unique_ptr<Converter>> converters = MakeConverters();
  if (size == 0) return 0;
  Converter& converter = *converters[data[0] % converters.size()];
  std::string source(reinterpret_cast<const char*>(data + 1), size - 1);
  for (size_t pos = 0; pos < source.size();) {  // one pass: resume after each bad byte
    auto bad = stacks::FindInvalidUtf8(std::string_view(source).substr(pos));
    if (!bad) break;
    source[pos + *bad] = '?';
    pos += *bad + 1;
  }
  converter.Convert(source);
  return 0;
}
