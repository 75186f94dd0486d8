// Unit tests of the template engine; expected strings were produced by
// Jinja2 3.1.2 (/usr/bin/python3) or checked by hand.
#include <gtest/gtest.h>

#include "template/template.h"

namespace stacks::tmpl {
namespace {

std::string Render(const std::string& src, Value ctx = Value::MakeDict(), Options o = {}) {
  Environment env(o);
  RenderResult r = env.RenderSource(src, ctx, "t.html");
  return r.ok ? r.output : "ERROR " + r.error.formatted;
}

TEST(Template, Basics) {
  EXPECT_EQ(Render("Hello {{ 'w' ~ 1 }}!"), "Hello w1!");
  EXPECT_EQ(Render("{% for x in [1,2,3] %}{{ loop.index }}{{ x }}{% endfor %}"), "112233");
  EXPECT_EQ(Render("{{ 1.0 }} {{ 1e16 }} {{ 0.1 + 0.2 }}"), "1.0 1e+16 0.30000000000000004");
}

TEST(Template, NestingError) {
  EXPECT_EQ(Render("{% if x %}\n{% endfor %}"),
            "ERROR t.html:2:4: error: Encountered unknown tag 'endfor'. Jinja was looking for the following tags: "
            "'elif' or 'else' or 'endif'. The innermost block that needs to be closed is 'if'.\n{% endfor %}\n   ^\n");
}

}  // namespace
}  // namespace stacks::tmpl
