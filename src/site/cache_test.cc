// The content cache and the unchanged-output rule, on small whole builds:
// a rebuild with nothing changed reads nothing again and rewrites no file;
// a changed source or setting re-renders what changed, and the output then
// equals a clean build's. Expected outputs are whole clean builds (the
// cache must make no difference) and mtimes checked by hand.
#include "site/cache.h"

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <thread>

#include "content/regex_match.h"
#include "site/build_internal.h"
#include "site/site.h"

namespace stacks::site {
namespace {

namespace fs = std::filesystem;

using Tree = std::map<std::string, std::string>;
using Stamps = std::map<std::string, fs::file_time_type>;

class CacheTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("stacks-cache-test-" + std::to_string(::getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    for (const char* name : {"tags", "categories", "authors", "archives", "tag", "category", "author", "page"})
      Write(std::string("theme/templates/") + name + ".html", "{{ output_file }}");
    Write("theme/templates/index.html", "{% for a in articles %}{{ a.title }};{% endfor %}");
    Write("theme/templates/article.html", "{{ article.title }}|{{ article.content }}");
    Write("content/a.md", "Title: Alpha\nDate: 2020-01-03\nTags: x\n\nAlpha *text*, [b]({filename}b.md).");
    Write("content/b.md", "Title: Bravo\nDate: 2020-01-02\n\nBravo text.\n\n    :::python\n    x = 1\n");
    Write("content/c.md", "Title: Charlie\nDate: 2020-01-01\n\nCharlie text.");
  }
  void TearDown() override { fs::remove_all(dir_); }

  void Write(const std::string& name, const std::string& text) {
    fs::create_directories((dir_ / name).parent_path());
    std::ofstream(dir_ / name) << text;
  }

  BuildResult Run(const std::string& output, Json overrides = Json::object(), bool ignore_cache = false) {
    LoadOptions options;
    overrides["PATH"] = (dir_ / "content").string();
    overrides["OUTPUT_PATH"] = (dir_ / output).string();
    overrides["THEME"] = (dir_ / "theme").string();
    overrides["CACHE_PATH"] = (dir_ / "cache").string();
    overrides["TIMEZONE"] = "UTC";
    overrides["STATIC_PATHS"] = Json::array();
    overrides["FEED_ALL_ATOM"] = "feeds/all.atom.xml";
    options.overrides = overrides;
    LoadResult loaded = LoadSettings(options);
    EXPECT_TRUE(loaded.ok);
    BuildOptions build;
    build.threads = 2;
    build.ignore_cache = ignore_cache;
    BuildResult r = Build(loaded.settings, build);
    EXPECT_TRUE(r.ok);
    return r;
  }
  BuildResult RunCached(Json overrides = Json::object(), bool ignore_cache = false) {
    overrides["CACHE_CONTENT"] = true;
    overrides["LOAD_CONTENT_CACHE"] = true;
    return Run("output", overrides, ignore_cache);
  }

  Tree ReadTree(const std::string& name) {
    Tree tree;
    for (const auto& e : fs::recursive_directory_iterator(dir_ / name)) {
      if (!e.is_regular_file()) continue;
      std::ifstream in(e.path(), std::ios::binary);
      tree[fs::relative(e.path(), dir_ / name).string()] = std::string(std::istreambuf_iterator<char>(in), {});
    }
    return tree;
  }
  Stamps ReadStamps(const std::string& name) {
    Stamps stamps;
    for (const auto& e : fs::recursive_directory_iterator(dir_ / name))
      if (e.is_regular_file()) stamps[fs::relative(e.path(), dir_ / name).string()] = e.last_write_time();
    return stamps;
  }
  // The files whose mtime differs between two stamp sets.
  static std::vector<std::string> Touched(const Stamps& before, const Stamps& after) {
    std::vector<std::string> touched;
    for (const auto& [name, time] : after) {
      auto it = before.find(name);
      if (it == before.end() || it->second != time) touched.push_back(name);
    }
    return touched;
  }
  // The counts of the "read content" step ("3 files, 3 from the cache").
  static std::string ReadCounts(const BuildResult& r) {
    for (size_t i = 0; i < r.timings.size(); ++i)
      if (r.timings[i].first == "read content") return r.timing_counts.at(i);
    return "";
  }
  // The build manifest lets a rebuild with nothing changed stop before
  // reading; tests of the content cache itself remove it first.
  void DropManifest() { fs::remove(dir_ / "cache" / "stacks-build.manifest"); }
  static std::vector<std::string> StepNames(const BuildResult& r) {
    std::vector<std::string> names;
    for (const auto& [name, seconds] : r.timings) names.push_back(name);
    return names;
  }
  static std::string SummaryWithoutSeconds(BuildResult r) {
    r.seconds = 0;
    return SummaryLine(r);
  }
  // Makes later writes get a different mtime than earlier ones.
  static void Tick() { std::this_thread::sleep_for(std::chrono::milliseconds(20)); }

  fs::path dir_;
};

// The link matches found run by run equal re.finditer's over the whole
// text (the content library's FindAllMatches), on random tag soup made of
// the pieces that matter: tags, attributes, quotes, markers, '>' and
// newlines.
TEST(IntrasiteLinkMatches, EqualFinditerOverTheWholeText) {
  LoadResult loaded = LoadSettings(LoadOptions{});
  ASSERT_TRUE(loaded.ok);
  const Settings& settings = loaded.settings;
  const std::vector<std::string> pieces = {"<a ", "<img ", "<", ">", " href=", "src = ", "title=", "\"", "'",
                                           "{filename}", "{static}", "|attach|", "{tag}", "{", "|", "}",
                                           "x.md", "/y z.png", "#f", "text", " ", "\n", "é",
                                           "<a href=\"{filename}x.md\"", " src='{static}/y z.png'",
                                           " data=\"|tag|t>x\"", " content='{author}", "=\"{"};
  std::mt19937 random(6);
  int with_links = 0;
  for (int round = 0; round < 3000; ++round) {
    std::string html;
    int length = 1 + static_cast<int>(random() % 60);
    for (int i = 0; i < length; ++i) html += pieces[random() % pieces.size()];
    std::string error;
    std::vector<content::RegexMatch> expected =
        content::FindAllMatches(IntrasiteLinkPattern(settings), html, false, &error);
    std::optional<std::vector<LinkMatch>> found = IntrasiteLinkMatches(html, settings);
    ASSERT_TRUE(found.has_value());
    ASSERT_EQ(found->size(), expected.size()) << html;
    with_links += !expected.empty();
    for (size_t i = 0; i < expected.size(); ++i) {
      EXPECT_EQ((*found)[i].begin, expected[i].groups[0].first) << html;
      EXPECT_EQ((*found)[i].end, expected[i].groups[0].second) << html;
      EXPECT_EQ((*found)[i].what, expected[i].Named(html, "what")) << html;
      EXPECT_EQ((*found)[i].value, expected[i].Named(html, "value")) << html;
    }
  }
  EXPECT_GT(with_links, 300);  // the soup does hold links
}

TEST(HashBytes, StableAndSeeded) {
  EXPECT_EQ(HashBytes("abc"), HashBytes(std::string("abc")));
  EXPECT_NE(HashBytes("abc"), HashBytes("abd"));
  EXPECT_NE(HashBytes("abc", 1), HashBytes("abc", 2));
}

TEST_F(CacheTest, NoChangeRebuildReadsNothingAndRewritesNothing) {
  BuildResult first = RunCached();
  EXPECT_EQ(ReadCounts(first), "3 files, 0 from the cache");
  ASSERT_TRUE(fs::exists(dir_ / "cache" / "stacks-content.cache"));
  Tree tree = ReadTree("output");
  Stamps stamps = ReadStamps("output");
  Tick();
  DropManifest();
  BuildResult second = RunCached();
  EXPECT_EQ(ReadCounts(second), "3 files, 3 from the cache");
  EXPECT_EQ(Touched(stamps, ReadStamps("output")), std::vector<std::string>{});
  EXPECT_EQ(ReadTree("output"), tree);
}

TEST_F(CacheTest, ChangedSourceRerendersWhatChangedOnly) {
  RunCached();
  Stamps stamps = ReadStamps("output");
  Tick();
  Write("content/c.md", "Title: Charlie\nDate: 2020-01-01\n\nCharlie's new text.");
  BuildResult second = RunCached();
  EXPECT_EQ(ReadCounts(second), "3 files, 2 from the cache");
  // c's page and the feeds holding its content (all, all-en, its category
  // misc) change; the index (titles only) and the other articles do not.
  EXPECT_EQ(Touched(stamps, ReadStamps("output")),
            (std::vector<std::string>{"charlie.html", "feeds/all-en.atom.xml", "feeds/all.atom.xml",
                                      "feeds/misc.atom.xml"}));
  Run("clean");
  EXPECT_EQ(ReadTree("output"), ReadTree("clean"));
}

TEST_F(CacheTest, ChangedSettingInvalidatesTheCache) {
  RunCached();
  BuildResult second = RunCached({{"DEFAULT_CATEGORY", "General"}});
  EXPECT_EQ(ReadCounts(second), "3 files, 0 from the cache");
  Run("clean", {{"DEFAULT_CATEGORY", "General"}});
  // The output folder also keeps the first build's misc pages (Pelican
  // deletes nothing either); every file of the clean build is identical.
  Tree clean = ReadTree("clean"), output = ReadTree("output");
  for (const auto& [name, text] : clean) EXPECT_EQ(output[name], text) << name;
  EXPECT_EQ(output.count("category/misc.html"), 1u);
}

TEST_F(CacheTest, IgnoreCacheAndDamagedCacheReadEverything) {
  RunCached();
  EXPECT_EQ(ReadCounts(RunCached({}, true)), "3 files, 0 from the cache");
  std::ofstream(dir_ / "cache" / "stacks-content.cache", std::ios::binary | std::ios::trunc)
      << "stacks content cache 1\n\x01\x02";
  DropManifest();
  BuildResult r = RunCached();
  EXPECT_EQ(ReadCounts(r), "3 files, 0 from the cache");
  Run("clean");
  EXPECT_EQ(ReadTree("output"), ReadTree("clean"));
}

// With the manifest of the last build matching the file system, the build
// stops after checking it: same counts and summary, nothing read or written.
TEST_F(CacheTest, NoChangeRebuildStopsAtTheManifest) {
  Tick();  // the sources must be older than the build's start
  BuildResult first = RunCached();
  ASSERT_TRUE(fs::exists(dir_ / "cache" / "stacks-build.manifest"));
  Tree tree = ReadTree("output");
  Stamps stamps = ReadStamps("output");
  Tick();
  BuildResult second = RunCached();
  EXPECT_EQ(StepNames(second), std::vector<std::string>{"check build manifest"});
  EXPECT_EQ(SummaryWithoutSeconds(second), SummaryWithoutSeconds(first));
  EXPECT_EQ(second.counts.files_written, first.counts.files_written);
  EXPECT_EQ(Touched(stamps, ReadStamps("output")), std::vector<std::string>{});
  EXPECT_EQ(ReadTree("output"), tree);
  // --ignore-cache builds as usual.
  EXPECT_EQ(ReadCounts(RunCached({}, true)), "3 files, 0 from the cache");
}

// The fast path reports the warnings the build it stands for reported.
TEST_F(CacheTest, ManifestReplaysWarnings) {
  Write("content/d.md", "Title: Delta\nDate: 2020-01-04\n\n[gone]({filename}gone.md)");
  Tick();
  BuildResult first = RunCached();
  ASSERT_FALSE(first.messages.empty());
  Tick();
  BuildResult second = RunCached();
  EXPECT_EQ(StepNames(second), std::vector<std::string>{"check build manifest"});
  ASSERT_EQ(second.messages.size(), first.messages.size());
  for (size_t i = 0; i < first.messages.size(); ++i) {
    EXPECT_EQ(second.messages[i].severity, first.messages[i].severity);
    EXPECT_EQ(second.messages[i].text, first.messages[i].text);
  }
}

// An edited source, a changed setting or a changed output: no fast path,
// and the output is a clean build's.
TEST_F(CacheTest, ManifestSeesChanges) {
  Tick();
  RunCached();
  Tick();
  Write("content/c.md", "Title: Charlie\nDate: 2020-01-01\n\nCharlie text!");
  EXPECT_EQ(ReadCounts(RunCached()), "3 files, 2 from the cache");
  Tick();
  EXPECT_EQ(ReadCounts(RunCached({{"SITENAME", "Other"}})), "3 files, 0 from the cache");
  Tick();
  std::ofstream(dir_ / "output" / "charlie.html", std::ios::trunc) << "tampered";
  EXPECT_EQ(ReadCounts(RunCached({{"SITENAME", "Other"}})), "3 files, 3 from the cache");
  Run("clean", {{"SITENAME", "Other"}});
  EXPECT_EQ(ReadTree("output"), ReadTree("clean"));
}

// Pelican's defaults (CACHE_CONTENT and LOAD_CONTENT_CACHE False): no cache.
TEST_F(CacheTest, OffByDefault) {
  BuildResult r = Run("output");
  EXPECT_EQ(ReadCounts(r), "3 files");
  EXPECT_FALSE(fs::exists(dir_ / "cache"));
}

}  // namespace
}  // namespace stacks::site
