// Tests of `stacks build` pieces whose expected results are checked by
// hand: relative paths, deletion safety, the summary line, and small whole
// builds (ordering, relative URLs, render errors, atomic writes).
#include "site/site.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

namespace stacks::site {
namespace {

namespace fs = std::filesystem;

TEST(RelativePathToRoot, DepthOfTheOutputFile) {
  EXPECT_EQ(RelativePathToRoot("index.html"), ".");
  EXPECT_EQ(RelativePathToRoot("tag/a.html"), "..");
  EXPECT_EQ(RelativePathToRoot("posts/2020/01/x/index.html"), "../../../..");
}

TEST(SummaryLine, PluralsAsPelican) {
  BuildResult r;
  r.counts.articles = 1;
  r.counts.drafts = 2;
  r.counts.pages = 1;
  r.seconds = 0.5;
  EXPECT_EQ(SummaryLine(r),
            "Done: Processed 1 article, 2 drafts, 0 hidden articles, 1 page, 0 hidden pages and 0 draft pages in "
            "0.50 seconds.");
}

// A scratch folder: content/, a tiny theme and an output folder.
class BuildTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("stacks-build-test-" + std::to_string(::getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_ / "content");
    fs::create_directories(dir_ / "theme" / "templates");
    for (const char* name : {"tags", "categories", "authors", "archives", "tag", "category", "author", "page"})
      Write(std::string("theme/templates/") + name + ".html", "");
    Write("theme/templates/index.html", "{% for a in articles %}{{ a.title }};{% endfor %}");
    Write("theme/templates/article.html",
          "{{ SITEURL }}|{{ article.category.url }}|{{ article.content }}|{{ output_file }}");
  }
  void TearDown() override { fs::remove_all(dir_); }

  void Write(const std::string& name, const std::string& text) {
    fs::create_directories((dir_ / name).parent_path());
    std::ofstream(dir_ / name) << text;
  }
  std::string Read(const std::string& name) {
    std::ifstream in(dir_ / name);
    return std::string(std::istreambuf_iterator<char>(in), {});
  }

  BuildResult Run(Json overrides = Json::object()) {
    LoadOptions options;
    overrides["PATH"] = (dir_ / "content").string();
    overrides["OUTPUT_PATH"] = (dir_ / "output").string();
    overrides["THEME"] = (dir_ / "theme").string();
    overrides["TIMEZONE"] = "UTC";
    overrides["STATIC_PATHS"] = Json::array();
    options.overrides = overrides;
    LoadResult loaded = LoadSettings(options);
    EXPECT_TRUE(loaded.ok);
    BuildOptions build;
    build.threads = 2;
    return Build(loaded.settings, build);
  }

  fs::path dir_;
};

TEST_F(BuildTest, ArticlesOrderedByDateNewestFirst) {
  Write("content/b.md", "Title: Bravo\nDate: 2020-01-02\n\nB");
  Write("content/a.md", "Title: Alpha\nDate: 2020-01-03\n\nA");
  Write("content/c.md", "Title: Charlie\nDate: 2020-01-01\n\nC");
  BuildResult r = Run();
  EXPECT_TRUE(r.ok);
  EXPECT_EQ(r.counts.articles, 3);
  EXPECT_EQ(Read("output/index.html"), "Alpha;Bravo;Charlie;");
}

TEST_F(BuildTest, ArticleOrderBySetting) {
  Write("content/b.md", "Title: Bravo\nDate: 2020-01-02\n\nB");
  Write("content/a.md", "Title: Alpha\nDate: 2020-01-03\n\nA");
  Write("content/c.md", "Title: Charlie\nDate: 2020-01-01\n\nC");
  BuildResult r = Run({{"ARTICLE_ORDER_BY", "reversed-title"}});
  EXPECT_EQ(Read("output/index.html"), "Charlie;Bravo;Alpha;");
}

// RELATIVE_URLS: SITEURL becomes the way back to the root, and intra-site
// links in the content are joined to it.
TEST_F(BuildTest, RelativeUrlsPerOutputFile) {
  Write("content/a.md", "Title: Alpha\nDate: 2020-01-03\nCategory: News\n\n[b]({filename}b.md)");
  Write("content/b.md", "Title: Bravo\nDate: 2020-01-02\n\nB");
  BuildResult r = Run({{"RELATIVE_URLS", true}, {"ARTICLE_SAVE_AS", "posts/{slug}/index.html"},
                       {"ARTICLE_URL", "posts/{slug}/"}, {"SITEURL", "https://example.org"}});
  EXPECT_TRUE(r.ok);
  EXPECT_EQ(Read("output/posts/alpha/index.html"),
            "../..|category/news.html|<p><a href=\"../../posts/bravo/\">b</a></p>|posts/alpha/index.html");
}

// A template error skips that file (an older copy stays untouched, no
// temporary file is left) and the build goes on with the others.
TEST_F(BuildTest, RenderErrorSkipsTheFileOnly) {
  Write("content/a.md", "Title: Alpha\nDate: 2020-01-03\nTemplate: broken\n\nA");
  Write("content/b.md", "Title: Bravo\nDate: 2020-01-02\n\nB");
  Write("theme/templates/broken.html", "{{ article.title }}\n{{ 1 + }}");
  Write("output/alpha.html", "old");
  BuildResult r = Run();
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.failed_files, 1);
  EXPECT_EQ(Read("output/alpha.html"), "old");
  EXPECT_EQ(Read("output/bravo.html"), "|category/misc.html|<p>B</p>|bravo.html");
  bool has_error = false;
  for (const BuildMessage& m : r.messages) has_error |= m.text.find("broken.html:2:") != std::string::npos;
  EXPECT_TRUE(has_error);
  for (const auto& e : fs::directory_iterator(dir_ / "output"))
    EXPECT_EQ(e.path().filename().string().find(".tmp"), std::string::npos) << e.path();
}

TEST_F(BuildTest, DeleteOutputKeepsRetainedNames) {
  Write("content/a.md", "Title: Alpha\nDate: 2020-01-03\n\nA");
  Write("output/stale.html", "x");
  Write("output/.git/config", "keep");
  BuildResult r = Run({{"DELETE_OUTPUT_DIRECTORY", true}, {"OUTPUT_RETENTION", {".git"}}});
  EXPECT_TRUE(r.ok);
  EXPECT_FALSE(fs::exists(dir_ / "output/stale.html"));
  EXPECT_EQ(Read("output/.git/config"), "keep");
  EXPECT_TRUE(fs::exists(dir_ / "output/alpha.html"));
}

TEST_F(BuildTest, UnsafeToDeleteFoldersHoldingSources) {
  std::string content = (dir_ / "content").string();
  EXPECT_NE(UnsafeToDelete(dir_.string(), content, ""), "");               // parent of the content
  EXPECT_NE(UnsafeToDelete(content, content, ""), "");                     // the content itself
  EXPECT_NE(UnsafeToDelete("/", content, ""), "");                         // the root
  EXPECT_NE(UnsafeToDelete((dir_ / "out").string(), content, (dir_ / "out/conf.py").string()), "");
  EXPECT_EQ(UnsafeToDelete((dir_ / "out").string(), content, (dir_ / "conf.py").string()), "");
}

// A symbolic link in the output folder is removed, never followed.
TEST_F(BuildTest, CleanOutputNeverLeavesTheFolder) {
  Write("elsewhere/precious.txt", "keep");
  Write("output/a/b.html", "x");
  fs::create_directory_symlink(dir_ / "elsewhere", dir_ / "output/link");
  std::vector<BuildMessage> messages;
  CleanOutputDir((dir_ / "output").string(), {}, &messages);
  EXPECT_TRUE(messages.empty());
  EXPECT_TRUE(fs::is_empty(dir_ / "output"));
  EXPECT_EQ(Read("elsewhere/precious.txt"), "keep");
}

}  // namespace
}  // namespace stacks::site
