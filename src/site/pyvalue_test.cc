// Expected strings come from Python 3.11 (the oracle) for the same expressions.
#include "site/pyvalue.h"

#include <gtest/gtest.h>

namespace stacks::site {
namespace {

std::string Percent(const std::string& format, const PyValue& args) {
  std::string error;
  std::optional<std::string> out = PercentFormat(format, args, &error);
  return out ? *out : "ERROR " + error;
}

std::string Brace(const std::string& format, std::vector<PyValue> args,
                  std::vector<std::pair<std::string, PyValue>> named = {}) {
  std::string error;
  std::optional<std::string> out = BraceFormat(format, args, named, &error);
  return out ? *out : "ERROR " + error;
}

TEST(PyValue, FloatReprMatchesPython) {
  EXPECT_EQ(FloatRepr(1e16), "1e+16");
  EXPECT_EQ(FloatRepr(1.5e-5), "1.5e-05");
  EXPECT_EQ(FloatRepr(0.1 + 0.2), "0.30000000000000004");
  EXPECT_EQ(FloatRepr(100.0), "100.0");
  EXPECT_EQ(FloatRepr(-0.0), "-0.0");
  EXPECT_EQ(FloatRepr(1e22), "1e+22");
  EXPECT_EQ(FloatRepr(123456789012345678.0), "1.2345678901234568e+17");
  EXPECT_EQ(FloatRepr(0.0001), "0.0001");
}

TEST(PyValue, ReprOfContainers) {
  PyValue list = PyValue::List({PyValue::Int(1), PyValue::Str("x"), PyValue::Tuple({PyValue::Int(2)})});
  EXPECT_EQ(Repr(list), "[1, 'x', (2,)]");
  EXPECT_EQ(Repr(PyValue::Str("a'b")), "\"a'b\"");
  EXPECT_EQ(Repr(PyValue::Str("a'b\"c")), "'a\\'b\"c'");
  EXPECT_EQ(Repr(PyValue::Str("tab\there\x01")), "'tab\\there\\x01'");
  PyValue dict = PyValue::Dict();
  dict.Set(PyValue::Str("k"), PyValue::None());
  dict.Set(PyValue::Int(1), PyValue::Bool(true));
  EXPECT_EQ(Repr(dict), "{'k': None, 1: True}");
}

TEST(PyValue, PercentFormatting) {
  PyValue args = PyValue::Tuple({PyValue::Float(3.14159), PyValue::Int(42), PyValue::Int(7), PyValue::Int(255),
                                 PyValue::Int(8), PyValue::Float(12345.678), PyValue::Float(0.0001), PyValue::Int(65),
                                 PyValue::Str("a'b"),
                                 PyValue::List({PyValue::Int(1), PyValue::Str("x"), PyValue::Tuple({PyValue::Int(2)})})});
  EXPECT_EQ(Percent("%5.2f|%-5d|%+d|%x|%o|%e|%g|%c|%r|%s", args),
            " 3.14|42   |+7|ff|10|1.234568e+04|0.0001|A|\"a'b\"|[1, 'x', (2,)]");
  EXPECT_EQ(Percent("%s and %s", PyValue::Str("one")), "ERROR not enough arguments for format string");
  EXPECT_EQ(Percent("%s", PyValue::Tuple({PyValue::Int(1), PyValue::Int(2)})),
            "ERROR not all arguments converted during string formatting");
  EXPECT_EQ(Percent("100%%", PyValue::Tuple({})), "100%");
  PyValue mapping = PyValue::Dict();
  mapping.Set(PyValue::Str("slug"), PyValue::Str("x"));
  EXPECT_EQ(Percent("%(slug)s.html", mapping), "x.html");
  EXPECT_EQ(Percent("%d", PyValue::Str("x")), "ERROR %d format: a real number is required, not str");
}

TEST(PyValue, BraceFormatting) {
  EXPECT_EQ(Brace("{:>6}|{:<4}|{:^7}|{:05d}|{:.3f}|{!r}|{:x}",
                  {PyValue::Str("ab"), PyValue::Str("c"), PyValue::Str("mid"), PyValue::Int(42), PyValue::Float(2.5),
                   PyValue::Str("q"), PyValue::Int(255)}),
            "    ab|c   |  mid  |00042|2.500|'q'|ff");
  EXPECT_EQ(Brace("{0}{1}{0}", {PyValue::Str("a"), PyValue::Str("b")}), "aba");
  EXPECT_EQ(Brace("{name}-{{literal}}", {}, {{"name", PyValue::Str("n")}}), "n-{literal}");
  EXPECT_EQ(Brace("{}", {PyValue::Float(2.0)}), "2.0");
  EXPECT_EQ(Brace("{} {}", {PyValue::Int(1)}), "ERROR Replacement index 1 out of range for positional args tuple");
  EXPECT_EQ(Brace("{missing}", {}), "ERROR KeyError: 'missing'");
}

TEST(PyValue, JsonRecordsTuples) {
  PyValue v = PyValue::Tuple({PyValue::Tuple({PyValue::Str("a"), PyValue::Str("b")}), PyValue::List({})});
  std::vector<std::string> tuples;
  nlohmann::ordered_json j = ToJson(v, "/LINKS", &tuples);
  EXPECT_EQ(j.dump(), "[[\"a\",\"b\"],[]]");
  EXPECT_EQ(tuples, (std::vector<std::string>{"/LINKS", "/LINKS/0"}));
}

}  // namespace
}  // namespace stacks::site
