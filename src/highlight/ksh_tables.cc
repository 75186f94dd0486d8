// Per-language tables mapping KSyntaxHighlighting formats to Pygments token
// types. Formats no rule names fall back to a default by text style (see
// ksh_lexer.cc). The rules were written by comparing both on the corpus in
// tests/highlight (tests/highlight/agreement.py shows the differences).
#include <deque>
#include <map>
#include <mutex>

#include "highlight/lexer.h"

namespace stacks::highlight {

namespace {

using T = TokenType;

struct CorpusRule {
  const char* lexer;
  FormatRule rule;
};
// The rules measured on the corpus (tests/highlight/gen_ksh_rules.py).
constexpr CorpusRule kCorpusRules[] = {
#include "highlight/ksh_rules.inc"
};

// Hand-written rules come first; the measured ones follow them.
std::map<std::string_view, KshSpec> WithCorpusRules(std::map<std::string_view, KshSpec> specs) {
  for (const CorpusRule& r : kCorpusRules) {
    auto it = specs.find(r.lexer);
    if (it != specs.end()) it->second.rules.push_back(r.rule);
  }
  return specs;
}

// Pygments lexer name -> how KSyntaxHighlighting lexes it.
const std::map<std::string_view, KshSpec>& Specs() {
  static const std::map<std::string_view, KshSpec> specs = WithCorpusRules({
      // Pygments 2.14's Python lexer gives spaces Text; only newlines are
      // Whitespace, which never shows in the HTML.
      {"Python",
       {"Python",
        {},
        T::kText,
        true,
        {{"True", T::kKeywordConstant}, {"False", T::kKeywordConstant}, {"None", T::kKeywordConstant}},
        {{"def", T::kNameFunction}, {"class", T::kNameClass}, {"import", T::kNameNamespace, true},
         {"from", T::kNameNamespace, true}},
        "+-*/%=<>!&|^~.@"}},
      {"Bash",
       {"Bash", {}, T::kText, false, {{"in", T::kKeyword}}, {}, "=[]{}()&|", ";"}},
      {"YAML", {"YAML", {}, T::kTextWhitespace}},
      {"JSON", {"JSON", {}, T::kTextWhitespace}},
      {"Go", {"Go", {}, T::kTextWhitespace}},
      {"Terraform", {"Terraform", {}, T::kTextWhitespace}},
      {"Docker", {"Dockerfile", {}, T::kText}},
      {"JavaScript", {"JavaScript", {}, T::kTextWhitespace}},
      {"TypeScript",
       {"TypeScript",
        {},
        T::kTextWhitespace,
        true,
        {{"void", T::kOperatorWord}, {"new", T::kOperatorWord}, {"typeof", T::kOperatorWord},
         {"null", T::kKeywordConstant}, {"undefined", T::kKeywordConstant}, {"true", T::kKeywordConstant},
         {"false", T::kKeywordConstant}},
        {},
        "+-*/%=<>!&|^~:?"}},
      {"SQL",
       {"SQL",
        {},
        T::kTextWhitespace,
        true,
        {{"id", T::kName}, {"TIMESTAMP", T::kKeyword}, {"OFFSET", T::kKeyword}, {"VACUUM", T::kKeyword}}}},
      {"TOML", {"TOML", {}, T::kTextWhitespace}},
      {"INI", {"INI Files", {}, T::kTextWhitespace}},
      {"Diff", {"Diff", {}, T::kText, false}},
      {"HTML", {"HTML", {}, T::kText, true, {}, {}, "+-*/%=<>!&|^~", "", true}},
      {"CSS", {"CSS", {}, T::kTextWhitespace}},
      {"C", {"C", {}, T::kTextWhitespace}},
      {"C++", {"C++", {}, T::kTextWhitespace}},
      {"Java", {"Java", {}, T::kTextWhitespace}},
      {"Rust",
       {"Rust",
        {},
        T::kTextWhitespace,
        true,
        {{"i8", T::kKeywordType}, {"i16", T::kKeywordType}, {"i32", T::kKeywordType}, {"i64", T::kKeywordType},
         {"i128", T::kKeywordType}, {"u8", T::kKeywordType}, {"u16", T::kKeywordType}, {"u32", T::kKeywordType},
         {"u64", T::kKeywordType}, {"u128", T::kKeywordType}, {"f32", T::kKeywordType}, {"f64", T::kKeywordType},
         {"usize", T::kKeywordType}, {"isize", T::kKeywordType}, {"str", T::kKeywordType}, {"bool", T::kKeywordType},
         {"char", T::kKeywordType}},
        {{"fn", T::kNameFunction}, {"mod", T::kNameNamespace}, {"struct", T::kNameClass}, {"enum", T::kNameClass},
         {"trait", T::kNameClass}},
        "+-*/%=<>!|^~?"}},
      {"Ruby",
       {"Ruby",
        {},
        T::kTextWhitespace,
        true,
        {{"nil", T::kKeywordPseudo}},
        {{"def", T::kNameFunction}, {"class", T::kNameClass}, {"module", T::kNameNamespace}},
        "+-*/%=<>!&|^~."}},
      {"PHP", {"PHP (HTML)", {}, T::kText, true, {{"<?php", T::kCommentPreproc}}, {{"function", T::kNameFunction}, {"class", T::kNameClass}}, "+-*/%=<>!&|^~.", "", true}},
      {"Makefile",
       {"Makefile",
        {},
        T::kText,
        false,
        {{"=", T::kOperator}, {":=", T::kOperator}, {"?=", T::kOperator}, {"+=", T::kOperator},
         {"$@", T::kNameVariable}, {"$<", T::kNameVariable}, {"$^", T::kNameVariable}},
        {},
        "=:+?",
        "",
        false,
        true}},
      {"PowerShell", {"PowerShell", {}, T::kText}},
      {"Django/Jinja", {"Django HTML Template", {}, T::kText}},
  });
  return specs;
}

// A KSyntaxHighlighting definition with the Pygments lexer's name (any
// case), for the languages without a table of their own. The names come
// from a list (ksh_definitions.inc), so building the registry does not load
// KSyntaxHighlighting's repository; lexing does, on first use.
constexpr const char* kKshDefinitions[] = {
#include "highlight/ksh_definitions.inc"
};

const KshSpec* SpecByDefinitionName(std::string_view pygments_name) {
  static std::mutex mutex;
  static std::deque<KshSpec> made;
  static const std::map<std::string, const char*> names = [] {
    std::map<std::string, const char*> m;
    for (const char* name : kKshDefinitions) {
      std::string lower(name);
      for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      m[lower] = name;
    }
    return m;
  }();
  std::string lower(pygments_name);
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  auto it = names.find(lower);
  if (it == names.end()) return nullptr;
  std::lock_guard<std::mutex> lock(mutex);
  made.push_back(KshSpec{it->second, {}, T::kText});
  return &made.back();
}

}  // namespace

const KshSpec* FindKshSpec(std::string_view pygments_name) {
  auto it = Specs().find(pygments_name);
  if (it != Specs().end()) return &it->second;
  return SpecByDefinitionName(pygments_name);
}

}  // namespace stacks::highlight
