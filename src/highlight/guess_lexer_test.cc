// Unit tests of the guess_lexer port; every expected lexer is what
// Pygments 2.14's `guess_lexer` returns for the same text (checked with
// /usr/bin/python3). tests/highlight/guess_oracle.py compares a large corpus.
#include <gtest/gtest.h>

#include "highlight/lexer.h"
#include "highlight/highlight.h"

namespace stacks::highlight {
namespace {

std::string_view Guess(std::string_view text) { return GuessLexer(text).name; }

TEST(GuessLexer, NothingClaimsPlainText) {
  EXPECT_EQ(GuessLexer("").name, "Text only");
  EXPECT_EQ(GuessLexer("").alias, "text");
  EXPECT_EQ(Guess("hello world"), "Text only");
}

TEST(GuessLexer, Shebangs) {
  EXPECT_EQ(Guess("#!/bin/bash\necho hi"), "Bash");
  EXPECT_EQ(GuessLexer("#!/usr/bin/env python3\nprint(1)").alias, "python");
}

TEST(GuessLexer, MarkupDeclarations) {
  EXPECT_EQ(Guess("<?xml version=\"1.0\"?>\n<a/>"), "XML");
  EXPECT_EQ(Guess("<!DOCTYPE html>\n<html></html>"), "HTML");
}

TEST(GuessLexer, WeakSignals) {
  EXPECT_EQ(Guess("$ ls -l"), "Bash");
  EXPECT_EQ(Guess("import os"), "Python");
  EXPECT_EQ(Guess("foo :- bar."), "cplint");  // Prolog's 1.0, first in registry order
  EXPECT_EQ(Guess("SELECT [name] FROM [table]"), "Transact-SQL");
  EXPECT_EQ(Guess("while true do"), "Tera Term macro");
  EXPECT_EQ(Guess("10 PRINT"), "CBM BASIC V2");
  EXPECT_EQ(Guess(".SH"), "GAS");
  EXPECT_EQ(Guess("const x = load(y)"), "GDScript");
  EXPECT_EQ(Guess("a := 1"), "Maxima");
  EXPECT_EQ(Guess("[core]\nx = 1"), "INI");
  EXPECT_EQ(Guess("diff --git a/x b/x"), "Diff");
  EXPECT_EQ(Guess("x <- c(1, 2)"), "S");
  EXPECT_EQ(Guess("my $x = 1;"), "Perl");
  EXPECT_EQ(Guess("GET / HTTP/1.1"), "HTTP");
}

TEST(GuessLexer, Modelines) {
  EXPECT_EQ(Guess("x = 1 # vim: set ft=ruby :"), "Ruby");
  EXPECT_EQ(Guess("# vim: ft=nosuchlexer\nx = 1"), "Text only");
}

// Python counts characters, not UTF-8 bytes.
TEST(GuessLexer, LengthsAreInCharacters) {
  EXPECT_EQ(Guess("Title\n=====\ntext"), "reStructuredText");
  EXPECT_EQ(Guess("\u00e9\u00e9\n==\nx"), "reStructuredText");
  EXPECT_EQ(Guess("\u00e9\u00e9\n--"), "Text only");
  EXPECT_EQ(Guess(".ab x"), "Groff");
  EXPECT_EQ(Guess(".\u00e9b x"), "Groff");
  EXPECT_EQ(Guess(".ab"), "GAS");
  EXPECT_EQ(Guess("[\u00e9]\nk=v"), "INI");
}

// The guess is looked up by its first alias: that must find the same lexer.
TEST(GuessLexer, GuessedAliasesFindTheirLexer) {
  for (std::string_view text : {"#!/bin/bash\n", "import os", "foo :- bar.", "while true do", "10 PRINT",
                                "<!DOCTYPE html>", "[a]\nb=c", "x <- 1", "a := 1", ".SH", "$ ls"}) {
    GuessedLexer guess = GuessLexer(text);
    const Language* language = FindLanguage(guess.alias);
    ASSERT_NE(language, nullptr) << guess.alias;
    EXPECT_EQ(LanguageName(*language), guess.name);
  }
}

// The lexers ported from Pygments' tables for guessed languages; the
// expected tokens are Pygments' get_tokens.
std::string Tokens(std::string_view pygments_name, std::string_view code) {
  Language language;
  language.name = pygments_name;
  language.lex = FindOwnLexer(pygments_name);
  std::string out;
  for (const Token& t : Tokenize(code, &language)) out += std::string(TokenTypeName(t.type)) + "|" + std::string(t.text) + ";";
  return out;
}

TEST(GuessedLexers, LexAsPygments) {
  EXPECT_EQ(Tokens("XML", "<a x=\"1\">t</a>"),
            "Name.Tag|<a;Text.Whitespace| ;Name.Attribute|x=;Literal.String|\"1\";Name.Tag|>;Text|t;"
            "Name.Tag|</a>;Text.Whitespace|\n;");
  EXPECT_EQ(Tokens("Tera Term macro", "find . -exec stat"),
            "Name.Variable|find;Text.Whitespace| ;Text|.;Text.Whitespace| ;Operator|-;Keyword|exec;"
            "Text.Whitespace| ;Name.Variable|stat;Text.Whitespace|\n;");
  EXPECT_EQ(Tokens("Transact-SQL", "SELECT @x"), "Keyword|SELECT;Text.Whitespace| ;Name.Variable|@x;Text.Whitespace|\n;");
  EXPECT_EQ(Tokens("GDScript", "var x = 1"),
            "Keyword|var;Text.Whitespace| ;Name|x;Text.Whitespace| ;Operator|=;Text.Whitespace| ;"
            "Literal.Number.Integer|1;Text.Whitespace|\n;");
  EXPECT_EQ(Tokens("GDScript", "var x: int"),
            "Keyword|var;Text.Whitespace| ;Name|x;Punctuation|:;Text.Whitespace| ;Name.Builtin.Type|int;"
            "Text.Whitespace|\n;");
  EXPECT_EQ(Tokens("Genshi", "<p py:if=\"x\">${y}</p>"),
            "Name.Tag|<p;Text| ;Name.Attribute|py:if=;Literal.String|\";Name|x;Literal.String|\";Name.Tag|>;"
            "Comment.Preproc|${;Name|y;Comment.Preproc|};Name.Tag|</p>;Text.Whitespace|\n;");
}

}  // namespace
}  // namespace stacks::highlight
