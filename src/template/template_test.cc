// Unit tests of the template engine. Expected strings come from Jinja2 3.1.2
// (/usr/bin/python3) or were checked by hand; the differential suite in
// tests/template covers the language feature by feature.
#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "template/template.h"

namespace stacks::tmpl {
namespace {

std::string Render(const std::string& src, Value ctx = Value::MakeDict(), Options o = {}) {
  Environment env(o);
  RenderResult r = env.RenderSource(src, ctx, "t.html");
  return r.ok ? r.output : "ERROR " + r.error.formatted;
}

std::string ErrorOf(const std::string& src) {
  Environment env;
  RenderResult r = env.RenderSource(src, Value::MakeDict(), "t.html");
  return r.ok ? "no error" : r.error.formatted;
}

TEST(Template, Basics) {
  EXPECT_EQ(Render("Hello {{ 'w' ~ 1 }}!"), "Hello w1!");
  EXPECT_EQ(Render("{% for x in [1,2,3] %}{{ loop.index }}{{ x }}{% endfor %}"), "112233");
  EXPECT_EQ(Render("{{ 1.0 }} {{ 1e16 }} {{ 0.1 + 0.2 }} {{ 1e-5 }} {{ 123456.5 }}"),
            "1.0 1e+16 0.30000000000000004 1e-05 123456.5");
  EXPECT_EQ(Render("{{ {'a': [1, 'x', none, true]} }} {{ (1,) }}"), "{'a': [1, 'x', None, True]} (1,)");
}

TEST(Template, Whitespace) {
  Options o;
  o.trim_blocks = o.lstrip_blocks = true;
  EXPECT_EQ(Render("<ul>\n  {% for x in [1, 2] %}\n  <li>{{ x }}</li>\n  {% endfor %}\n</ul>", Value::MakeDict(), o),
            "<ul>\n  <li>1</li>\n  <li>2</li>\n</ul>");
  EXPECT_EQ(Render("a  {%- if true -%}  b  {%- endif %}  c"), "ab  c");
}

// Whole messages, as Jinja words them, with the line and a caret.
TEST(Template, SyntaxErrors) {
  EXPECT_EQ(ErrorOf("{% if x %}\n{% endfor %}"),
            "t.html:2:4: error: Encountered unknown tag 'endfor'. Jinja was looking for the following tags: "
            "'elif' or 'else' or 'endif'. The innermost block that needs to be closed is 'if'.\n{% endfor %}\n   ^\n");
  EXPECT_EQ(ErrorOf("{% for x in y %}\n{% endif %}"),
            "t.html:2:4: error: Encountered unknown tag 'endif'. Jinja was looking for the following tags: "
            "'endfor' or 'else'. The innermost block that needs to be closed is 'for'.\n{% endif %}\n   ^\n");
  EXPECT_EQ(ErrorOf("{% if x %}\n{% for y in z %}"),
            "t.html:2:15: error: Unexpected end of template. Jinja was looking for the following tags: 'endfor' or "
            "'else'. The innermost block that needs to be closed is 'for'.\n{% for y in z %}\n              ^\n");
  EXPECT_EQ(ErrorOf("{{ x + }}"), "t.html:1:8: error: unexpected 'end of print statement'\n{{ x + }}\n       ^\n");
  EXPECT_EQ(ErrorOf("{% for x in y %}{% endfor %}{% endfor %}"),
            "t.html:1:32: error: Encountered unknown tag 'endfor'.\n{% for x in y %}{% endfor %}{% endfor %}\n"
            "                               ^\n");
  EXPECT_EQ(ErrorOf("{{ x.1a }}"),
            "t.html:1:7: error: expected token 'end of print statement', got 'a'\n{{ x.1a }}\n      ^\n");
  EXPECT_EQ(ErrorOf("{{ x|nope }}"), "t.html:1:6: error: No filter named 'nope'.\n{{ x|nope }}\n     ^\n");
  EXPECT_EQ(ErrorOf("{% block a %}{% endblock %}{% block a %}{% endblock %}"),
            "t.html:1:31: error: block 'a' defined twice\n{% block a %}{% endblock %}{% block a %}{% endblock %}\n"
            "                              ^\n");
  EXPECT_EQ(ErrorOf("{% macro m(a=1, b) %}{% endmacro %}"),
            "t.html:1:18: error: non-default argument follows default argument\n"
            "{% macro m(a=1, b) %}{% endmacro %}\n                 ^\n");
  EXPECT_EQ(ErrorOf("{{ (1, 2 }}"), "t.html:1:10: error: unexpected '}', expected ')'\n{{ (1, 2 }}\n         ^\n");
}

TEST(Template, RuntimeErrorsNameTheIncludeChain) {
  auto loader = std::make_unique<MapLoader>();
  loader->Add("main.html", "a\n{% include 'p.html' %}");
  loader->Add("p.html", "x\n{{ 1 // 0 }}");
  Environment env({}, std::move(loader));
  RenderResult r = env.Render("main.html", Value::MakeDict());
  ASSERT_FALSE(r.ok);
  EXPECT_EQ(r.error.formatted,
            "p.html:2:4: error: ZeroDivisionError: integer division or modulo by zero\n{{ 1 // 0 }}\n   ^\n"
            "  included from main.html:2\n");
}

// Worst cases end with an error, never a crash, and in linear time.
TEST(Template, DeepNestingIsAnError) {
  std::string deep = "{{ " + std::string(100000, '(') + "1" + std::string(100000, ')') + " }}";
  EXPECT_NE(ErrorOf(deep).find("maximum recursion depth exceeded"), std::string::npos);
  std::string ifs;
  for (int i = 0; i < 5000; ++i) ifs += "{% if 1 %}";
  EXPECT_NE(ErrorOf(ifs).find("maximum recursion depth exceeded"), std::string::npos);
}

TEST(Template, RecursiveMacroAndIncludeAreErrors) {
  EXPECT_NE(ErrorOf("{% macro f() %}{{ f() }}{% endmacro %}{{ f() }}").find("maximum recursion depth exceeded"),
            std::string::npos);
  auto loader = std::make_unique<MapLoader>();
  loader->Add("self.html", "{% include 'self.html' %}");
  Environment env({}, std::move(loader));
  RenderResult r = env.Render("self.html", Value::MakeDict());
  EXPECT_FALSE(r.ok);
  EXPECT_NE(r.error.formatted.find("maximum recursion depth exceeded"), std::string::npos);
}

TEST(Template, PathologicalInputsAreLinear) {
  auto start = std::chrono::steady_clock::now();
  std::string many;
  for (int i = 0; i < 50000; ++i) many += "{{ x }}";
  Value ctx = Value::MakeDict();
  ctx.AsDict().Set(Value("x"), Value("y"));
  EXPECT_EQ(Render(many, ctx), std::string(50000, 'y'));
  EXPECT_NE(ErrorOf(std::string(50000, '{') + "%").find("error"), std::string::npos);
  EXPECT_NE(ErrorOf(std::string(100000, '{')).find("error"), std::string::npos);
  EXPECT_EQ(Render(std::string(100000, '}')), std::string(100000, '}'));
  std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;
  EXPECT_LT(took.count(), 5.0);
}

TEST(Template, ParsedTemplatesAreCached) {
  auto loader = std::make_unique<MapLoader>();
  MapLoader* raw = loader.get();
  loader->Add("main.html", "{% include 'p.html' %}{% include 'p.html' %}");
  loader->Add("p.html", "p");
  Environment env({}, std::move(loader));
  EXPECT_EQ(env.Render("main.html", Value::MakeDict()).output, "pp");
  EXPECT_EQ(env.Render("main.html", Value::MakeDict()).output, "pp");
  EXPECT_EQ(raw->loads(), 2);
}

TEST(Template, HostObjects) {
  auto dt = MakeDateTime("2012-02-29T23:05:09");
  ASSERT_TRUE(dt);
  Value ctx = Value::MakeDict();
  ctx.AsDict().Set(Value("d"), *dt);
  EXPECT_EQ(Render("{{ d }} {{ d.year }} {{ d.strftime('%A %d %B %Y') }} {{ d.isoformat() }}", ctx),
            "2012-02-29 23:05:09 2012 Wednesday 29 February 2012 2012-02-29T23:05:09");
}

}  // namespace
}  // namespace stacks::tmpl
