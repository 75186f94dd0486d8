#include "site/builtin_theme.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>

namespace stacks::site {
namespace {

namespace fs = std::filesystem;

fs::path ThemeDir() {
  const char* dir = std::getenv("STACKS_SOURCE_DIR");
  return fs::path(dir ? dir : ".") / "themes" / "default";
}

std::string ReadBytes(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Every regular file under themes/default, by '/'-separated relative path.
std::map<std::string, std::string> FilesOnDisk() {
  std::map<std::string, std::string> files;
  for (const auto& entry : fs::recursive_directory_iterator(ThemeDir())) {
    if (!entry.is_regular_file()) continue;
    files[fs::relative(entry.path(), ThemeDir()).generic_string()] = ReadBytes(entry.path());
  }
  return files;
}

TEST(BuiltinTheme, UnknownNameIsNull) {
  EXPECT_EQ(BuiltinThemeFiles("simple"), nullptr);
  EXPECT_EQ(BuiltinThemeFiles(""), nullptr);
  EXPECT_EQ(BuiltinThemeFiles("Default"), nullptr);
}

TEST(BuiltinTheme, SameListOnEveryCall) {
  EXPECT_EQ(BuiltinThemeFiles("default"), BuiltinThemeFiles("default"));
}

TEST(BuiltinTheme, EveryFileOfTheFolderIsEmbeddedByteIdentically) {
  const auto* embedded = BuiltinThemeFiles("default");
  ASSERT_NE(embedded, nullptr);
  std::map<std::string, std::string> on_disk = FilesOnDisk();
  ASSERT_FALSE(on_disk.empty()) << "no files under " << ThemeDir();
  std::map<std::string, std::string> in_binary;
  for (const EmbeddedFile& file : *embedded) {
    EXPECT_TRUE(in_binary.emplace(std::string(file.path), std::string(file.data)).second)
        << "embedded twice: " << file.path;
  }
  for (const auto& [path, bytes] : on_disk) {
    auto it = in_binary.find(path);
    if (it == in_binary.end()) {
      ADD_FAILURE() << "not embedded: " << path;
      continue;
    }
    EXPECT_EQ(it->second.size(), bytes.size()) << path;
    EXPECT_TRUE(it->second == bytes) << "bytes differ: " << path;
  }
  for (const auto& [path, bytes] : in_binary) {
    EXPECT_TRUE(on_disk.count(path)) << "embedded but not in the folder: " << path;
  }
}

TEST(BuiltinTheme, HasEveryTemplateOfPelicansThemeContract) {
  const auto* embedded = BuiltinThemeFiles("default");
  ASSERT_NE(embedded, nullptr);
  for (const char* name : {"base.html", "index.html", "article.html", "page.html", "category.html",
                           "categories.html", "tag.html", "tags.html", "author.html", "authors.html",
                           "archives.html", "period_archives.html"}) {
    std::string path = std::string("templates/") + name;
    bool found = std::any_of(embedded->begin(), embedded->end(),
                             [&](const EmbeddedFile& f) { return f.path == path; });
    EXPECT_TRUE(found) << path;
  }
}

}  // namespace
}  // namespace stacks::site
