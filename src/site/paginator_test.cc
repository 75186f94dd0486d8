#include "site/paginator.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

namespace stacks::site {
namespace {

Json LoadExpected() {
  const char* dir = std::getenv("STACKS_SOURCE_DIR");
  std::ifstream in(std::string(dir ? dir : ".") + "/tests/site/paginator/expected.json");
  std::stringstream ss;
  ss << in.rdbuf();
  return Json::parse(ss.str());
}

// Each page's figures as tests/site/taxonomy_oracle.py writes them.
Json PageFigures(const PaginatedPage& page) {
  return Json::array({page.number(), page.size() ? Json(page.begin()) : Json(nullptr), page.size(), page.has_next(),
                      page.has_previous(), page.has_other_pages(), page.next_page_number(),
                      page.previous_page_number(), page.start_index(), page.end_index()});
}

// Every (count, per_page, orphans) combination against pelican.paginator.
TEST(PaginatorTest, FiguresMatchPelican) {
  Json expected = LoadExpected();
  int combos = 0;
  for (const Json& c : expected["counts"]) {
    Paginator p("index.html", "", c["count"].get<size_t>(), c["per_page"].get<int>(), c["orphans"].get<int>(), {});
    std::string what = c.dump(-1).substr(0, 60);
    ASSERT_EQ(p.num_pages(), c["num_pages"].get<int>()) << what;
    EXPECT_EQ(Json(p.page_range()), c["page_range"]) << what;
    for (const Json& page : c["pages"]) EXPECT_EQ(PageFigures(p.page(page[0].get<int>())), page) << what;
    ++combos;
  }
  EXPECT_EQ(combos, 770);
}

// url/save_as/name/extension/base_name for several names and rule sets.
TEST(PaginatorTest, UrlsMatchPelican) {
  Json expected = LoadExpected();
  int pages = 0;
  for (const Json& c : expected["urls"]) {
    std::vector<PaginationRule> rules;
    for (const Json& r : c["rules"]) rules.push_back({r[0].get<int>(), r[1], r[2]});
    Paginator p(c["name"], c["url"], c["count"].get<size_t>(), c["per_page"].get<int>(), c["orphans"].get<int>(),
                rules);
    for (const Json& e : c["pages"]) {
      PaginatedPage page = p.page(e["number"].get<int>());
      std::string what = c["name"].get<std::string>() + " " + c["rules"].dump() + " page " + e["number"].dump();
      // null: Pelican raises IndexError on an empty result; stacks gives "".
      EXPECT_EQ(page.url(), e["url"].is_null() ? "" : e["url"].get<std::string>()) << what;
      EXPECT_EQ(page.save_as(), e["save_as"].is_null() ? "" : e["save_as"].get<std::string>()) << what;
      EXPECT_EQ(page.name(), e["name"]) << what;
      EXPECT_EQ(page.extension(), e["extension"]) << what;
      EXPECT_EQ(page.base_name(), e["base_name"]) << what;
      ++pages;
    }
  }
  EXPECT_EQ(pages, 4 * 8 * 4);
}

TEST(PaginatorTest, RulesFromSettings) {
  Settings settings;
  settings.values = DefaultSettings();
  std::vector<PaginationRule> rules = PaginationRules(settings);
  ASSERT_EQ(rules.size(), 2u);
  EXPECT_EQ(rules[1].min_page, 2);
  EXPECT_EQ(rules[1].url, "{name}{number}{extension}");
  Paginator p("category/misc.html", "category/misc.html", 25, 10, 0, rules);
  EXPECT_EQ(p.page(1).url(), "category/misc.html");
  EXPECT_EQ(p.page(3).save_as(), "category/misc3.html");
}

}  // namespace
}  // namespace stacks::site
