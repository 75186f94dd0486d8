// Runs our port of Pygments' guess_lexer over texts, for guess_oracle.py:
// reads a JSON array of strings on stdin, prints a JSON array of the lexer
// names chosen for them.
//   guess_tool --lex NAME: lexes each text with our own lexer for Pygments
//   lexer NAME (lexer.h's FindOwnLexer) and prints, per text, the
//   [type name, text] tokens (guess_oracle_lexers.py).
#include <iostream>
#include <iterator>
#include <string>

#include <nlohmann/json.hpp>

#include "highlight/highlight.h"
#include "highlight/lexer.h"

namespace {

nlohmann::json GuessAll(const nlohmann::json& texts) {
  nlohmann::json names = nlohmann::json::array();
  for (const auto& text : texts)
    names.push_back(std::string(stacks::highlight::GuessLexer(text.get<std::string>()).name));
  return names;
}

nlohmann::json LexAll(const nlohmann::json& texts, const std::string& name) {
  stacks::highlight::Language language;
  language.name = name;
  language.lex = stacks::highlight::FindOwnLexer(name);
  nlohmann::json all = nlohmann::json::array();
  for (const auto& text : texts) {
    nlohmann::json tokens = nlohmann::json::array();
    for (const auto& token : stacks::highlight::Tokenize(text.get<std::string>(), &language))
      tokens.push_back({std::string(stacks::highlight::TokenTypeName(token.type)), token.text});
    all.push_back(tokens);
  }
  return all;
}

}  // namespace

int main(int argc, char** argv) {
  std::string input((std::istreambuf_iterator<char>(std::cin)), std::istreambuf_iterator<char>());
  nlohmann::json texts = nlohmann::json::parse(input);
  if (argc == 3 && std::string(argv[1]) == "--lex") {
    if (!stacks::highlight::FindOwnLexer(argv[2])) {
      std::cerr << "no own lexer named " << argv[2] << "\n";
      return 2;
    }
    std::cout << LexAll(texts, argv[2]).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
    return 0;
  }
  std::cout << GuessAll(texts).dump() << "\n";
  return 0;
}
