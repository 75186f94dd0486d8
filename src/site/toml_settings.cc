// stacks.toml: the same keys as pelicanconf.py, in TOML.
#include <toml++/toml.h>

#include <algorithm>
#include <sstream>
#include <tuple>

#include "site/settings_internal.h"

namespace stacks::site {
namespace {

// Byte offset of a 1-based line and column (columns count code points).
size_t OffsetOf(const std::string& text, size_t line, size_t column) {
  size_t offset = 0;
  for (size_t l = 1; l < line && offset < text.size(); ++l) {
    size_t nl = text.find('\n', offset);
    if (nl == std::string::npos) return text.size();
    offset = nl + 1;
  }
  for (size_t c = 1; c < column && offset < text.size() && text[offset] != '\n'; ++c) DecodeUtf8(text, offset);
  return offset;
}

template <typename T>
std::string ToText(const T& value) {
  std::ostringstream out;
  out << value;
  return out.str();
}

struct Entry {
  std::string key;
  const toml::node* node;
  size_t line;
  size_t column;
};

// A table's entries in the order the file gives them (toml++ keeps them
// sorted), so that dicts keep their order as they do in Python.
std::vector<Entry> InSourceOrder(const toml::table& table) {
  std::vector<Entry> entries;
  for (const auto& [key, value] : table)
    entries.push_back({std::string(key.str()), &value, key.source().begin.line, key.source().begin.column});
  std::stable_sort(entries.begin(), entries.end(),
                   [](const Entry& a, const Entry& b) { return std::tie(a.line, a.column) < std::tie(b.line, b.column); });
  return entries;
}

// Strings, numbers and booleans map to themselves, arrays to lists, tables to
// dicts; dates and times become their TOML text.
Json NodeToJson(const toml::node& node) {
  switch (node.type()) {
    case toml::node_type::string: return *node.value<std::string>();
    case toml::node_type::integer: return *node.value<int64_t>();
    case toml::node_type::floating_point: return *node.value<double>();
    case toml::node_type::boolean: return *node.value<bool>();
    case toml::node_type::date: return ToText(*node.as_date());
    case toml::node_type::time: return ToText(*node.as_time());
    case toml::node_type::date_time: return ToText(*node.as_date_time());
    case toml::node_type::array: {
      Json out = Json::array();
      for (const toml::node& item : *node.as_array()) out.push_back(NodeToJson(item));
      return out;
    }
    case toml::node_type::table: {
      Json out = Json::object();
      for (const Entry& e : InSourceOrder(*node.as_table())) out[e.key] = NodeToJson(*e.node);
      return out;
    }
    default: return nullptr;
  }
}

}  // namespace

bool ReadTomlFile(const std::string& path, FileSettings* out, std::vector<SettingsMessage>* messages) {
  std::string error;
  std::optional<std::string> text = ReadFile(path, &error);
  if (!text) {
    messages->push_back({Severity::kError, path + ": error: cannot read the settings file: " + error + "\n"});
    return false;
  }
  auto source = std::make_shared<const std::string>(std::move(*text));
  toml::table table;
  try {
    table = toml::parse(*source, path);
  } catch (const toml::parse_error& e) {
    size_t offset = OffsetOf(*source, e.source().begin.line, e.source().begin.column);
    Diagnostic d{Severity::kError, path, std::string(e.description()), offset};
    messages->push_back({Severity::kError, FormatDiagnostic(d, *source)});
    return false;
  }
  for (const Entry& e : InSourceOrder(table)) {
    if (e.key == "NONE") continue;
    out->values[e.key] = NodeToJson(*e.node);
    out->origins[e.key] = Origin{path, source, OffsetOf(*source, e.line, e.column)};
  }
  if (const toml::array* none = table["NONE"].as_array()) {
    for (const toml::node& item : *none) {
      std::optional<std::string> name = item.value<std::string>();
      if (!name) {
        size_t offset = OffsetOf(*source, item.source().begin.line, item.source().begin.column);
        Diagnostic d{Severity::kError, path, "NONE must list setting names (strings)", offset};
        messages->push_back({Severity::kError, FormatDiagnostic(d, *source)});
        return false;
      }
      // "KEY" or "KEY.sub.key": the value there becomes None (keys that
      // hold dots themselves cannot be named this way).
      std::vector<std::string> keys = Split(*name, '.');
      Json* target = &out->values;
      for (size_t i = 0; i + 1 < keys.size() && target; ++i)
        target = target->is_object() && target->contains(keys[i]) ? &(*target)[keys[i]] : nullptr;
      if (!target || !target->is_object()) {
        size_t offset = OffsetOf(*source, item.source().begin.line, item.source().begin.column);
        Diagnostic d{Severity::kError, path,
                     "NONE: '" + *name + "' names no table of this file", offset};
        messages->push_back({Severity::kError, FormatDiagnostic(d, *source)});
        return false;
      }
      (*target)[keys.back()] = nullptr;
    }
  }
  return true;
}

}  // namespace stacks::site
