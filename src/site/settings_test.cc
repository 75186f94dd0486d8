#include "site/settings.h"
#include "site/pyvalue.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

namespace stacks::site {
namespace {

namespace fs = std::filesystem;

// A scratch folder with a content/ folder, removed at the end of the test.
class SettingsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("stacks-settings-test-" + std::to_string(::getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(dir_ / "content");
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string Write(const std::string& name, const std::string& text) {
    fs::path p = dir_ / name;
    std::ofstream(p) << text;
    return p.string();
  }

  // Loads `text` as pelicanconf.py (PATH set to content/) and returns the result.
  LoadResult Load(const std::string& text, const std::string& name = "pelicanconf.py") {
    LoadOptions options;
    options.settings_path = Write(name, text);
    options.overrides["PATH"] = (dir_ / "content").string();
    return LoadSettings(options);
  }

  // Messages with the scratch folder replaced by "DIR".
  std::string Messages(const LoadResult& r) {
    std::string out;
    for (const auto& m : r.messages) out += m.text;
    std::string prefix = dir_.string();
    for (size_t at; (at = out.find(prefix)) != std::string::npos;) out.replace(at, prefix.size(), "DIR");
    return out;
  }

  fs::path dir_;
};

TEST_F(SettingsTest, DefaultsHaveEveryPelicanKey) {
  const Json& d = DefaultSettings();
  EXPECT_EQ(d.size(), 121u);  // len(pelican.settings.DEFAULT_CONFIG)
  EXPECT_EQ(d["ARTICLE_URL"], "{slug}.html");
  EXPECT_EQ(d["SUMMARY_END_SUFFIX"], "…");
  EXPECT_EQ(d["FILENAME_METADATA"], "(?P<date>\\d{4}-\\d{2}-\\d{2}).*");
  EXPECT_EQ(d["THEME"], "default");
  EXPECT_EQ(d["PLUGINS"], nullptr);
}

TEST_F(SettingsTest, LiteralsAndNames) {
  LoadResult r = Load(
      "SITENAME = 'a' \"b\" r'\\d'\n"
      "X = 1\n"
      "Y = X + 2 * 3\n"
      "URL = 'posts/{slug}/'\n"
      "SAVE = URL + 'index.html'\n"
      "LINKS = (('a', 'b'),)\n"
      "TIMEZONE = 'UTC'\n");
  ASSERT_TRUE(r.ok) << Messages(r);
  EXPECT_EQ(r.settings["SITENAME"], "ab\\d");
  EXPECT_EQ(r.settings["Y"], 7);
  EXPECT_EQ(r.settings["SAVE"], "posts/{slug}/index.html");
  EXPECT_TRUE(r.settings.IsTuple("/LINKS"));
  EXPECT_TRUE(r.settings.IsTuple("/LINKS/0"));
  EXPECT_FALSE(r.settings.IsTuple("/DIRECT_TEMPLATES"));
  EXPECT_EQ(Messages(r), "");
}

TEST_F(SettingsTest, CallWarnsAndKeepsDefault) {
  LoadResult r = Load("TIMEZONE = 'UTC'\nimport datetime\nSITENAME = make_name()\n");
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(Messages(r),
            "DIR/pelicanconf.py:3:12: error: NameError: name 'make_name' is not defined\n"
            "SITENAME = make_name()\n"
            "           ^\n");
}

TEST_F(SettingsTest, ImportedExtensionCallIsLeftOut) {
  LoadResult r = Load(
      "from foo.bar import Ext\n"
      "TIMEZONE = 'UTC'\n"
      "STATIC_PATHS = ['a', Ext()]\n"
      "SITENAME = Ext.name\n");
  ASSERT_TRUE(r.ok) << Messages(r);
  EXPECT_EQ(r.settings["STATIC_PATHS"], Json::array({"a"}));
  EXPECT_EQ(r.settings["SITENAME"], "A Pelican Blog");
  EXPECT_EQ(Messages(r),
            "DIR/pelicanconf.py:1:1: warning: import of 'foo.bar' is ignored: stacks does not run Python modules; "
            "names it binds are unknown to stacks\n"
            "from foo.bar import Ext\n"
            "^\n"
            "DIR/pelicanconf.py:3:22: warning: STATIC_PATHS: `Ext()` is a call, and stacks does not run Python code; it "
            "is left out of STATIC_PATHS\n"
            "STATIC_PATHS = ['a', Ext()]\n"
            "                     ^\n"
            "DIR/pelicanconf.py:4:12: warning: SITENAME: `Ext.name` comes from `from foo.bar import Ext`, which "
            "stacks does not run; SITENAME keeps Pelican's default\n"
            "SITENAME = Ext.name\n"
            "           ^\n");
}

TEST_F(SettingsTest, GithubEmojiExtensionBecomesBuiltin) {
  LoadResult r = Load(
      "from python_markdown_gh_emoji import GheEmoji\n"
      "TIMEZONE = 'UTC'\n"
      "MARKDOWN = {'extensions': [GheEmoji.load_from_github()], 'output_format': 'html5'}\n");
  ASSERT_TRUE(r.ok) << Messages(r);
  EXPECT_EQ(r.settings["MARKDOWN"]["extensions"], Json::array({"github_emoji"}));
  EXPECT_NE(Messages(r).find("DIR/pelicanconf.py:3:28: warning: MARKDOWN: `GheEmoji.load_from_github()` is not run; "
                             "stacks uses its built-in github_emoji Markdown extension instead\n"),
            std::string::npos);
}

TEST_F(SettingsTest, SyntaxErrors) {
  EXPECT_EQ(Messages(Load("SITENAME = 'abc\n")),
            "DIR/pelicanconf.py:1:12: error: unterminated string literal (detected at line 1)\n"
            "SITENAME = 'abc\n"
            "           ^\n");
  EXPECT_EQ(Messages(Load("LINKS = [1, 2\nX = 3\n")),
            "DIR/pelicanconf.py:1:9: error: '[' was never closed\n"
            "LINKS = [1, 2\n"
            "        ^\n");
  EXPECT_EQ(Messages(Load("X = 1 +\n")),
            "DIR/pelicanconf.py:1:8: error: invalid syntax: expected a value\n"
            "X = 1 +\n"
            "       ^\n");
  EXPECT_EQ(Messages(Load("X = 'a' + 1\n")),
            "DIR/pelicanconf.py:1:9: error: TypeError: unsupported operand type(s) for +: 'a' and 1\n"
            "X = 'a' + 1\n"
            "        ^\n");
}

TEST_F(SettingsTest, CompoundStatementIsSkippedWithWarning) {
  LoadResult r = Load("TIMEZONE = 'UTC'\nif True:\n    SITENAME = 'x'\n    Y = 2\nZ = 3\n");
  ASSERT_TRUE(r.ok);
  EXPECT_EQ(r.settings["SITENAME"], "A Pelican Blog");
  EXPECT_EQ(r.settings["Z"], 3);
  EXPECT_EQ(Messages(r),
            "DIR/pelicanconf.py:2:1: warning: `if` statement is not run: stacks reads settings files without running "
            "Python; settings assigned inside it are ignored\n"
            "if True:\n"
            "^\n");
}

TEST_F(SettingsTest, FromSiblingImportStar) {
  Write("pelicanconf.py", "SITEURL = ''\nTIMEZONE = 'UTC'\nFEED_ALL_ATOM = None\n");
  LoadResult r = Load(
      "import os\nimport sys\nsys.path.append(os.curdir)\nfrom pelicanconf import *\n"
      "SITEURL = 'https://example.com/'\nFEED_ALL_ATOM = 'feeds/all.atom.xml'\n",
      "publishconf.py");
  ASSERT_TRUE(r.ok) << Messages(r);
  EXPECT_EQ(r.settings["SITEURL"], "https://example.com");
  EXPECT_EQ(r.settings["FEED_DOMAIN"], "https://example.com");
  EXPECT_EQ(r.settings["TIMEZONE"], "UTC");
  EXPECT_EQ(Messages(r),
            "DIR/publishconf.py:5:1: warning: Removed extraneous trailing slash from SITEURL.\n"
            "SITEURL = 'https://example.com/'\n"
            "^\n");
}

TEST_F(SettingsTest, PathsAreRelativeToTheSettingsFile) {
  fs::create_directories(dir_ / "site" / "content");
  fs::create_directories(dir_ / "site" / "theme");
  LoadOptions options;
  options.settings_path = Write("site/pelicanconf.py",
                                "PATH = 'content'\nOUTPUT_PATH = '../out/'\nTHEME = 'theme'\nTIMEZONE = 'UTC'\n");
  LoadResult r = LoadSettings(options);
  ASSERT_TRUE(r.ok) << Messages(r);
  EXPECT_EQ(r.settings["PATH"], (dir_ / "site" / "content").string());
  EXPECT_EQ(r.settings["OUTPUT_PATH"], (dir_ / "out").string());
  EXPECT_EQ(r.settings["THEME"], (dir_ / "site" / "theme").string());
}

TEST_F(SettingsTest, MissingThemeAndPathAreErrors) {
  LoadResult r = Load("TIMEZONE = 'UTC'\nTHEME = 'themes/Papyrus'\n");
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(Messages(r),
            "DIR/pelicanconf.py:2:1: error: THEME: could not find the theme 'themes/Papyrus' (no such folder, and "
            "no Pelican theme of that name is installed; the theme built into stacks is named 'default')\n"
            "THEME = 'themes/Papyrus'\n"
            "^\n");
  LoadOptions options;
  options.overrides["PATH"] = (dir_ / "nowhere").string();
  LoadResult no_path = LoadSettings(options);
  EXPECT_FALSE(no_path.ok);
  EXPECT_EQ(Messages(no_path),
            "error: PATH 'DIR/nowhere' is not a folder: you need to specify a path containing the content (see "
            "stacks --help for more information)\n");
}

// Pelican looks a THEME that is not a folder up among the themes of its own
// package; so does stacks, where Pelican is installed.
TEST_F(SettingsTest, ThemeNamedAfterPelicansBundledTheme) {
  std::optional<std::string> simple = PelicanBundledTheme("simple");
  if (!simple) GTEST_SKIP() << "Pelican is not installed";
  LoadResult r = Load("THEME = 'simple'\n");
  ASSERT_TRUE(r.ok) << Messages(r);
  EXPECT_EQ(r.settings["THEME"], *simple);
  EXPECT_FALSE(PelicanBundledTheme("../simple"));
  EXPECT_FALSE(PelicanBundledTheme("no-such-theme"));
}

TEST_F(SettingsTest, ParseOverrideIsJson) {
  std::string error;
  auto kv = ParseOverride("DEFAULT_PAGINATION=5", &error);
  ASSERT_TRUE(kv);
  EXPECT_EQ(kv->first, "DEFAULT_PAGINATION");
  EXPECT_EQ(kv->second, 5);
  kv = ParseOverride("SITENAME=\"a=b\"", &error);
  ASSERT_TRUE(kv);
  EXPECT_EQ(kv->second, "a=b");
  EXPECT_FALSE(ParseOverride("SITENAME=plain", &error));
  EXPECT_EQ(error,
            "Invalid JSON value: plain. Values specified via -e / --extra-settings flags must be in JSON notation. "
            "Use -e KEY='\"string\"' to specify a string value; -e KEY=null to specify None; -e KEY=false (or "
            "true) to specify False (or True).");
  EXPECT_FALSE(ParseOverride("NOVALUE", &error));
  EXPECT_EQ(error, "Extra settings must be specified as KEY=VALUE pairs but you specified NOVALUE");
}

TEST_F(SettingsTest, TomlSettings) {
  LoadResult r = Load(
      "SITENAME = \"Toml site\"\n"
      "TIMEZONE = \"UTC\"\n"
      "DEFAULT_PAGINATION = 3\n"
      "NONE = [\"FEED_ALL_ATOM\"]\n"
      "[MARKDOWN]\n"
      "output_format = \"html5\"\n"
      "[MARKDOWN.extension_configs.\"markdown.extensions.toc\"]\n"
      "permalink = true\n",
      "stacks.toml");
  ASSERT_TRUE(r.ok) << Messages(r);
  EXPECT_EQ(r.settings["SITENAME"], "Toml site");
  EXPECT_EQ(r.settings["DEFAULT_PAGINATION"], 3);
  EXPECT_EQ(r.settings["FEED_ALL_ATOM"], nullptr);
  EXPECT_EQ(r.settings["MARKDOWN"]["extension_configs"]["markdown.extensions.toc"]["permalink"], true);
  LoadResult bad = Load("SITENAME = \"x\nY = 1\n", "stacks.toml");
  EXPECT_FALSE(bad.ok);
  EXPECT_EQ(Messages(bad).substr(0, 18), "DIR/stacks.toml:1:");
  EXPECT_NE(Messages(bad).find(": error: "), std::string::npos);
}

TEST_F(SettingsTest, PaginationPatternsAreSortedTuples) {
  LoadResult r = Load(
      "TIMEZONE = 'UTC'\n"
      "PAGINATION_PATTERNS = [(2, '{name}/{number}/', '{name}/{number}/index.html'), (1, '{name}/', "
      "'{name}/index.html')]\n");
  ASSERT_TRUE(r.ok) << Messages(r);
  EXPECT_EQ(r.settings["PAGINATION_PATTERNS"][0][0], 1);
  EXPECT_TRUE(r.settings.IsTuple("/PAGINATION_PATTERNS/1"));
  LoadResult bad = Load("TIMEZONE = 'UTC'\nPAGINATION_PATTERNS = [(1, 'a')]\n");
  EXPECT_FALSE(bad.ok);
}

TEST_F(SettingsTest, StringWhereListIsExpectedFallsBack) {
  LoadResult r = Load("TIMEZONE = 'UTC'\nSTATIC_PATHS = 'images'\n");
  ASSERT_TRUE(r.ok);
  EXPECT_EQ(r.settings["STATIC_PATHS"], Json::array({"images"}));
  EXPECT_EQ(Messages(r),
            "DIR/pelicanconf.py:2:1: warning: Detected misconfiguration with STATIC_PATHS setting (must be a list), "
            "falling back to the default\n"
            "STATIC_PATHS = 'images'\n"
            "^\n");
}

// Idioms from real settings files; the messages were checked by hand.
TEST_F(SettingsTest, CommonIdiomsWarnAndContinue) {
  LoadResult r = Load(
      "import os\n"
      "from datetime import date\n"
      "CURRENT_YEAR = date.today().year\n"
      "def my_filter(x):\n"
      "    return x\n"
      "JINJA_FILTERS = {'my_filter': my_filter}\n"
      "try:\n"
      "    from local_settings import *\n"
      "except ImportError:\n"
      "    LOCAL = False\n"
      "COPYRIGHT_YEAR = CURRENT_YEAR\n"
      "THEME_DIR = os.path.join(os.path.dirname('/a/b/pelicanconf.py'), 'theme')\n"
      "TIMEZONE = 'UTC'\n");
  ASSERT_TRUE(r.ok) << Messages(r);
  EXPECT_EQ(r.settings["JINJA_FILTERS"], Json::object());
  EXPECT_EQ(r.settings["THEME_DIR"], "/a/b/theme");
  EXPECT_FALSE(r.settings.Has("CURRENT_YEAR"));
  EXPECT_FALSE(r.settings.Has("LOCAL"));
  EXPECT_EQ(Messages(r),
            "DIR/pelicanconf.py:3:16: warning: CURRENT_YEAR: `date.today().year` is a call, and stacks does not run "
            "Python code; CURRENT_YEAR is left unset\n"
            "CURRENT_YEAR = date.today().year\n"
            "               ^\n"
            "DIR/pelicanconf.py:4:1: warning: `def my_filter` is not run: stacks reads settings files without running "
            "Python\n"
            "def my_filter(x):\n"
            "^\n"
            "DIR/pelicanconf.py:6:31: warning: JINJA_FILTERS: `my_filter` is defined by `def`, which stacks does not "
            "run; templates that use it will fail\n"
            "JINJA_FILTERS = {'my_filter': my_filter}\n"
            "                              ^\n"
            "DIR/pelicanconf.py:7:1: warning: `try` statement is not run: stacks reads settings files without running "
            "Python; settings assigned inside it are ignored\n"
            "try:\n"
            "^\n"
            "DIR/pelicanconf.py:11:18: warning: COPYRIGHT_YEAR: `CURRENT_YEAR` was not computed (`date.today().year` "
            "is a call, and stacks does not run Python code); COPYRIGHT_YEAR is left unset\n"
            "COPYRIGHT_YEAR = CURRENT_YEAR\n"
            "                 ^\n");
}

// Python builtins in JINJA_FILTERS/TESTS/GLOBALS become {"$python": NAME}
// markers (the templates implement them); every other function gets one
// warning per entry. Messages checked by hand.
TEST_F(SettingsTest, JinjaTablesKeepPythonBuiltins) {
  LoadResult r = Load(
      "import os\n"
      "from os.path import basename\n"
      "JINJA_FILTERS = {'n': len, 'up': str.upper, 'base': basename, 'cwd': os.getcwd, 'f': lambda x: x}\n"
      "JINJA_FILTERS['srt'] = sorted\n"
      "JINJA_FILTERS.update({'mx': max}, top=str.title)\n"
      "JINJA_TESTS = {'yes': bool, 'digits': str.isdigit}\n"
      "JINJA_GLOBALS = {'size': len, 'names': [len], 'motto': 'x'}\n"
      "X = sorted([2, 1])\n"
      "TIMEZONE = 'UTC'\n");
  ASSERT_TRUE(r.ok) << Messages(r);
  EXPECT_EQ(r.settings["JINJA_FILTERS"],
            Json::parse(R"({"n": {"$python": "len"}, "up": {"$python": "str.upper"},
                            "base": {"$python": "os.path.basename"}, "srt": {"$python": "sorted"},
                            "mx": {"$python": "max"}, "top": {"$python": "str.title"}})"));
  EXPECT_EQ(r.settings["JINJA_TESTS"],
            Json::parse(R"({"yes": {"$python": "bool"}, "digits": {"$python": "str.isdigit"}})"));
  EXPECT_EQ(r.settings["JINJA_GLOBALS"], Json::parse(R"({"size": {"$python": "len"}, "names": [], "motto": "x"})"));
  EXPECT_EQ(TemplateBuiltinName(r.settings["JINJA_FILTERS"]["up"]), "str.upper");
  EXPECT_EQ(TemplateBuiltinName(Json::parse(R"({"$python": "eval"})")), std::nullopt);
  EXPECT_EQ(Messages(r),
            "DIR/pelicanconf.py:3:70: warning: JINJA_FILTERS: `os.getcwd` is a Python function stacks does not "
            "implement; templates that use it will fail\n"
            "JINJA_FILTERS = {'n': len, 'up': str.upper, 'base': basename, 'cwd': os.getcwd, 'f': lambda x: x}\n"
            "                                                                     ^\n"
            "DIR/pelicanconf.py:3:86: warning: JINJA_FILTERS: `lambda x: x` is a lambda, which stacks does not run; "
            "templates that use it will fail\n"
            "JINJA_FILTERS = {'n': len, 'up': str.upper, 'base': basename, 'cwd': os.getcwd, 'f': lambda x: x}\n"
            "                                                                                     ^\n"
            "DIR/pelicanconf.py:7:41: warning: JINJA_GLOBALS: `len` is a Python function inside a value; stacks only "
            "runs builtins that are entries of JINJA_GLOBALS, so it is left out\n"
            "JINJA_GLOBALS = {'size': len, 'names': [len], 'motto': 'x'}\n"
            "                                        ^\n"
            "DIR/pelicanconf.py:8:5: warning: X: `sorted([2, 1])` is a call, and stacks does not run Python code; X is "
            "left unset\n"
            "X = sorted([2, 1])\n"
            "    ^\n");
}

TEST_F(SettingsTest, PluginsAreNamedInAWarning) {
  LoadResult r = Load("TIMEZONE = 'UTC'\nPLUGINS = ['sitemap', 'assets']\n");
  ASSERT_TRUE(r.ok);
  EXPECT_EQ(Messages(r),
            "DIR/pelicanconf.py:2:1: warning: PLUGINS: stacks does not run Pelican plugins; 'sitemap', 'assets' are "
            "ignored\n"
            "PLUGINS = ['sitemap', 'assets']\n"
            "^\n");
}

TEST_F(SettingsTest, PathologicalNestingIsAnErrorNotACrash) {
  EXPECT_EQ(Messages(Load("X = " + std::string(100000, '[') + "\n")).substr(0, 56),
            "DIR/pelicanconf.py:1:205: error: too many nested parenth");
  std::string minus;
  for (int i = 0; i < 100000; ++i) minus += "- ";
  EXPECT_NE(Messages(Load("X = " + minus + "1\n")).find("error: expression too deeply nested"), std::string::npos);
  std::string long_list = "X = [";
  for (int i = 0; i < 100000; ++i) long_list += "'item', ";
  LoadResult r = Load(long_list + "]\nTIMEZONE = 'UTC'\n");
  ASSERT_TRUE(r.ok);
  EXPECT_EQ(r.settings["X"].size(), 100000u);
}

}  // namespace
}  // namespace stacks::site
