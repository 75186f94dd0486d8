// Token type names and the registry of languages by Pygments alias and
// filename pattern.
#include <fnmatch.h>

#include <algorithm>
#include <memory>
#include <unordered_map>

#include "markdown/util.h"
#include "highlight/lexer.h"

namespace stacks::highlight {

namespace {

struct TypeInfo {
  std::string_view name;
  std::string_view css_class;
};
constexpr TypeInfo kTypes[] = {
#define X(e, name, cls) {name, cls},
#include "highlight/token_types.inc"
#undef X
};

struct PygmentsLexer {
  const char* name;
  const char* aliases;
  const char* filenames;
};
constexpr PygmentsLexer kPygmentsLexers[] = {
#include "highlight/pygments_lexers.inc"
};

// Names people use that Pygments 2.14 does not know, and the lexer we give them.
constexpr std::pair<const char*, const char*> kExtraAliases[] = {
    {"hcl", "Terraform"}, {"yml", "YAML"}, {"tfvars", "Terraform"}, {"nginxconf", "Nginx configuration file"},
};

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

std::vector<std::string> Words(const char* text) {
  std::vector<std::string> out;
  for (const std::string& w : markdown::SplitOn(text, " "))
    if (!w.empty()) out.push_back(w);
  return out;
}

// Every Pygments lexer becomes a Language: our own lexer when we have one,
// else a KSyntaxHighlighting definition with a mapping table, else plain
// text (no lexer at all).
struct Registry {
  Registry() {
    languages.reserve(std::size(kPygmentsLexers));
    for (const PygmentsLexer& p : kPygmentsLexers) {
      auto lang = std::make_unique<Language>();
      lang->name = p.name;
      lang->aliases = Words(p.aliases);
      lang->filenames = Words(p.filenames);
      lang->lex = FindOwnLexer(p.name);
      if (!lang->lex) lang->ksh = FindKshSpec(p.name);
      for (const std::string& a : lang->aliases) by_alias.emplace(Lower(a), lang.get());
      by_name.emplace(p.name, lang.get());
      languages.push_back(std::move(lang));
    }
    for (const auto& [alias, name] : kExtraAliases) {
      auto it = by_name.find(name);
      if (it != by_name.end()) by_alias.emplace(alias, it->second);
    }
  }
  std::vector<std::unique_ptr<Language>> languages;
  std::unordered_map<std::string, const Language*> by_alias;
  std::unordered_map<std::string, const Language*> by_name;
};

const Registry& TheRegistry() {
  static const Registry registry;
  return registry;
}

}  // namespace

std::string_view TokenTypeName(TokenType type) { return kTypes[static_cast<size_t>(type)].name; }

std::string_view TokenClass(TokenType type) { return kTypes[static_cast<size_t>(type)].css_class; }

std::optional<TokenType> TokenTypeFromName(std::string_view name) {
  if (name.substr(0, 6) == "Token.") name.remove_prefix(6);
  if (name == "Token") name = "";
  for (size_t i = 0; i < std::size(kTypes); ++i)
    if (kTypes[i].name == name) return static_cast<TokenType>(i);
  return std::nullopt;
}

const Language* FindLanguage(std::string_view alias) {
  const Registry& r = TheRegistry();
  auto it = r.by_alias.find(Lower(alias));
  return it == r.by_alias.end() ? nullptr : it->second;
}

// Pygments `find_lexer_class_for_filename` matches the base name against
// each pattern with fnmatch (case-sensitive on POSIX); the first lexer wins
// here where Pygments would rank candidates by analyse_text.
const Language* FindLanguageForFile(std::string_view filename) {
  std::string base(filename.substr(filename.find_last_of('/') == std::string_view::npos
                                       ? 0
                                       : filename.find_last_of('/') + 1));
  for (const auto& lang : TheRegistry().languages)
    for (const std::string& pattern : lang->filenames)
      if (fnmatch(pattern.c_str(), base.c_str(), 0) == 0) return lang.get();
  return nullptr;
}

std::string_view LanguageName(const Language& language) { return language.name; }

}  // namespace stacks::highlight
