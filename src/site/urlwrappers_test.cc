#include "site/urlwrappers.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <sstream>

namespace stacks::site {
namespace {

Json LoadExpected() {
  const char* dir = std::getenv("STACKS_SOURCE_DIR");
  std::ifstream in(std::string(dir ? dir : ".") + "/tests/site/urlwrappers/expected.json");
  std::stringstream ss;
  ss << in.rdbuf();
  return Json::parse(ss.str());
}

UrlWrapperKind KindNamed(const std::string& name) {
  if (name == "category") return UrlWrapperKind::kCategory;
  if (name == "tag") return UrlWrapperKind::kTag;
  return UrlWrapperKind::kAuthor;
}

// Names, slugs, URLs, sort order and comparisons against pelican.urlwrappers
// for each settings variant of tests/site/taxonomy_oracle.py.
TEST(UrlWrappersTest, MatchPelican) {
  Json expected = LoadExpected();
  std::vector<std::string> names = expected["names"];
  int checked = 0;
  for (const Json& variant : expected["variants"]) {
    Settings settings;
    settings.values = DefaultSettings();
    for (const auto& [key, value] : variant["settings"].items()) settings.values[key] = value;
    for (const auto& [kind_name, e] : variant["kinds"].items()) {
      std::string what = variant["settings"].dump() + " " + kind_name;
      std::vector<UrlWrapper> wrappers;
      for (const std::string& n : names) wrappers.emplace_back(KindNamed(kind_name), n, &settings);
      for (size_t i = 0; i < wrappers.size(); ++i) {
        const Json& w = e["wrappers"][i];
        EXPECT_EQ(wrappers[i].name(), w["name"]) << what;
        EXPECT_EQ(wrappers[i].slug(), w["slug"]) << what << " " << names[i];
        EXPECT_EQ(wrappers[i].url(), w["url"]) << what;
        EXPECT_EQ(wrappers[i].save_as(), w["save_as"]) << what;
        EXPECT_EQ(wrappers[i].page_name(), w["page_name"]) << what;
        for (size_t j = 0; j < wrappers.size(); ++j) {
          EXPECT_EQ(int(wrappers[i] == wrappers[j]), e["eq"][i][j].get<int>()) << what;
          EXPECT_EQ(int(wrappers[i] < wrappers[j]), e["lt"][i][j].get<int>()) << what;
          EXPECT_EQ(int(wrappers[i].Equals(names[j])), e["eq_str"][i][j].get<int>()) << what;
          EXPECT_EQ(int(wrappers[i].Less(names[j])), e["lt_str"][i][j].get<int>()) << what;
        }
        ++checked;
      }
      std::vector<size_t> order(names.size());
      for (size_t i = 0; i < order.size(); ++i) order[i] = i;
      std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return wrappers[a] < wrappers[b]; });
      EXPECT_EQ(Json(order), e["sorted"]) << what;
    }
  }
  EXPECT_EQ(checked, 4 * 3 * 18);
}

TEST(UrlWrappersTest, KindsNeverCompareEqual) {
  Settings settings;
  settings.values = DefaultSettings();
  UrlWrapper category(UrlWrapperKind::kCategory, "misc", &settings);
  UrlWrapper tag(UrlWrapperKind::kTag, "misc", &settings);
  EXPECT_FALSE(category == tag);
  EXPECT_FALSE(category < tag);
  EXPECT_FALSE(tag < category);
}

TEST(UrlWrappersTest, ExplicitSlugSurvivesRename) {
  Settings settings;
  settings.values = DefaultSettings();
  UrlWrapper w(UrlWrapperKind::kCategory, "Misc", &settings);
  w.set_slug("other");
  w.set_name("New Name");
  EXPECT_EQ(w.slug(), "other");
  EXPECT_EQ(w.url(), "category/other.html");
  UrlWrapper v(UrlWrapperKind::kAuthor, "Misc", &settings);
  v.set_name("New Name");
  EXPECT_EQ(v.slug(), "new-name");
  EXPECT_EQ(v.Hash(), std::hash<std::string>()("new-name"));
}

}  // namespace
}  // namespace stacks::site
