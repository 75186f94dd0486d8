// Prints what stacks::site::LoadSettings makes of a settings file and
// command-line options, as JSON, for tests/site/settings_oracle.py.
//   settings_dump [-s FILE] [-o OUTPUT] [-t THEME] [PATH] [-e KEY=VALUE]...
#include <cstdio>
#include <filesystem>
#include <iostream>

#include "site/settings.h"

namespace fs = std::filesystem;
using stacks::site::Json;

int main(int argc, char** argv) {
  stacks::site::LoadOptions options;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    auto next = [&]() -> std::string { return i + 1 < argc ? argv[++i] : ""; };
    if (arg == "-s") {
      options.settings_path = next();
    } else if (arg == "-o") {
      options.overrides["OUTPUT_PATH"] = fs::absolute(next()).lexically_normal().string();
    } else if (arg == "-t") {
      std::string theme = next();
      fs::path abs = fs::absolute(theme).lexically_normal();
      options.overrides["THEME"] = fs::exists(abs) ? abs.string() : theme;
    } else if (arg == "-e") {
      std::string error;
      auto kv = stacks::site::ParseOverride(next(), &error);
      if (!kv) {
        std::cerr << error << "\n";
        return 2;
      }
      options.overrides[kv->first] = kv->second;
    } else {
      options.overrides["PATH"] = fs::absolute(arg).lexically_normal().string();
    }
  }
  stacks::site::LoadResult result = stacks::site::LoadSettings(options);
  Json out;
  out["ok"] = result.ok;
  out["settings"] = result.settings.values;
  out["tuples"] = result.settings.tuples;
  if (result.ok) out["markdown_reader"] = stacks::site::MarkdownReaderConfig(result.settings["MARKDOWN"]);
  out["messages"] = Json::array();
  for (const auto& m : result.messages) out["messages"].push_back(m.text);
  std::cout << out.dump(1) << "\n";
  return result.ok ? 0 : 1;
}
