// Pieces of site/settings shared by its .cc files (private to src/site).
#pragma once

#include <map>
#include <string>
#include <vector>

#include "site/pyconf.h"
#include "site/settings.h"

namespace stacks::site {

/// What one settings file gave, with where each key was assigned.
struct FileSettings {
  Json values = Json::object();
  std::map<std::string, std::vector<std::string>> tuples;  // key -> JSON pointers of tuples
  std::map<std::string, Origin> origins;
};

bool ReadPythonFile(const std::string& path, FileSettings* out, std::vector<SettingsMessage>* messages);
bool ReadTomlFile(const std::string& path, FileSettings* out, std::vector<SettingsMessage>* messages);

}  // namespace stacks::site
