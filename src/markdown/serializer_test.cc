// Expected strings were produced by Python-Markdown 3.4.1's serializers
// (to_html_string / to_xhtml_string) on the same tree.
#include "markdown/core.h"

#include <gtest/gtest.h>

namespace stacks::markdown {
namespace {

ElementPtr SampleTree() {
  auto d = MakeElement("div");
  d->text = "a & b &amp; &#12; &#x1f; &foo &X1;<";
  Element* hr = d->SubElement("hr");
  hr->Set("z", "1");
  hr->Set("a", "\"q\" & <>");
  hr->tail = "t";
  d->SubElement("input")->Set("checked", "checked");
  d->SubElement("script")->text = "a<b&&";
  return d;
}

TEST(Serializer, Html) {
  EXPECT_EQ(SerializeHtml(*SampleTree(), false),
            "<div>a &amp; b &amp; &#12; &#x1f; &amp;foo &X1;&lt;<hr a=\"&quot;q&quot; &amp; "
            "&lt;&gt;\" z=\"1\">t<input checked><script>a<b&&</script></div>");
}

TEST(Serializer, Xhtml) {
  EXPECT_EQ(SerializeHtml(*SampleTree(), true),
            "<div>a &amp; b &amp; &#12; &#x1f; &amp;foo &X1;&lt;<hr a=\"&quot;q&quot; &amp; "
            "&lt;&gt;\" z=\"1\" />t<input checked=\"checked\" /><script>a<b&&</script></div>");
}

TEST(PythonStrings, ExpandTabsCountsCodePoints) {
  EXPECT_EQ(ExpandTabs("a\tb\n\tc", 4), "a   b\n    c");
  EXPECT_EQ(ExpandTabs("\xC3\xA9\tx", 4), "\xC3\xA9   x");
}

TEST(PythonStrings, StripIsUnicodeAware) {
  EXPECT_EQ(PyStrip("\xC2\xA0 x \xE3\x80\x80"), "x");
  EXPECT_EQ(PyStrip("\x1c"), "");
}

}  // namespace
}  // namespace stacks::markdown
