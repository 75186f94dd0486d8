// The build manifest's pieces: its file format, the tree scan and the
// change check, for both CHECK_MODIFIED_METHOD kinds. Expected stamps are
// the files' own stat data, and the changes are made by hand.
#include "site/manifest.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>

namespace stacks::site {
namespace {

namespace fs = std::filesystem;

class ManifestTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = (fs::temp_directory_path() / ("stacks-manifest-test-" + std::to_string(::getpid()) + "-" +
                                         ::testing::UnitTest::GetInstance()->current_test_info()->name()))
               .string();
    fs::remove_all(dir_);
    Write("a.md", "alpha");
    Write("sub/b.md", "bravo");
    Write("sub/deeper/c.md", "charlie");
    Write("out/index.html", "index");
    Tick();
  }
  void TearDown() override { fs::remove_all(dir_); }

  void Write(const std::string& name, const std::string& text) {
    fs::create_directories(fs::path(dir_ + "/" + name).parent_path());
    std::ofstream(dir_ + "/" + name, std::ios::binary | std::ios::trunc) << text;
  }
  std::vector<std::string> Paths(const std::vector<PathStamp>& stamps) const {
    std::vector<std::string> paths;
    for (const PathStamp& s : stamps) paths.push_back(s.path.substr(dir_.size()));
    return paths;
  }
  // Makes later writes get another mtime than earlier ones.
  static void Tick() { std::this_thread::sleep_for(std::chrono::milliseconds(20)); }

  std::string dir_;
};

TEST_F(ManifestTest, ScanListsFilesAndFoldersSortedWithoutSkippedTrees) {
  std::vector<PathStamp> stamps = ScanTree(dir_, {dir_ + "/out"}, ChangeCheck::kStat);
  EXPECT_EQ(Paths(stamps), (std::vector<std::string>{"", "/a.md", "/sub", "/sub/b.md", "/sub/deeper",
                                                      "/sub/deeper/c.md"}));
  struct stat st {};
  ASSERT_EQ(::stat((dir_ + "/sub/b.md").c_str(), &st), 0);
  const PathStamp& b = stamps[3];
  EXPECT_EQ(b.kind, PathStamp::Kind::kFile);
  EXPECT_EQ(b.size, 5u);
  EXPECT_EQ(b.inode, st.st_ino);
  EXPECT_EQ(b.mtime_ns, static_cast<uint64_t>(st.st_mtim.tv_sec) * 1000000000ull + st.st_mtim.tv_nsec);
  EXPECT_EQ(stamps[2].kind, PathStamp::Kind::kFolder);
  EXPECT_EQ(ScanTree(dir_ + "/none", {}, ChangeCheck::kStat)[0].kind, PathStamp::Kind::kMissing);
}

TEST_F(ManifestTest, StatCheckSeesEditsAdditionsRemovalsAndTouches) {
  auto scan = [&] { return ScanTree(dir_, {}, ChangeCheck::kStat); };
  auto changed = [&](const std::vector<PathStamp>& stamps) {
    std::optional<size_t> i = FirstChanged(stamps, ChangeCheck::kStat, 2);
    return i ? stamps[*i].path.substr(dir_.size()) : std::string("none");
  };
  std::vector<PathStamp> stamps = scan();
  EXPECT_EQ(changed(stamps), "none");
  Tick();
  Write("sub/b.md", "BRAVO");  // same size
  EXPECT_EQ(changed(stamps), "/sub/b.md");
  stamps = scan();
  Tick();
  Write("sub/deeper/new.md", "new");
  EXPECT_EQ(changed(stamps), "/sub/deeper");
  stamps = scan();
  Tick();
  fs::remove(dir_ + "/a.md");
  std::optional<size_t> removed = FirstChanged(stamps, ChangeCheck::kStat, 1);
  ASSERT_TRUE(removed);  // the folder or the file, whichever comes first
  EXPECT_TRUE(stamps[*removed].path == dir_ || stamps[*removed].path == dir_ + "/a.md");
  stamps = scan();
  Tick();
  fs::last_write_time(dir_ + "/sub/deeper/c.md", fs::file_time_type::clock::now());
  EXPECT_EQ(changed(stamps), "/sub/deeper/c.md");
}

// CHECK_MODIFIED_METHOD other than 'mtime': the bytes decide, a touch is
// no change, an edit of the same size is.
TEST_F(ManifestTest, HashCheckComparesBytes) {
  std::vector<PathStamp> stamps = ScanTree(dir_, {}, ChangeCheck::kHash);
  Tick();
  fs::last_write_time(dir_ + "/sub/b.md", fs::file_time_type::clock::now());
  EXPECT_FALSE(FirstChanged(stamps, ChangeCheck::kHash, 2));
  Write("sub/b.md", "BRAVO");
  std::optional<size_t> i = FirstChanged(stamps, ChangeCheck::kHash, 2);
  ASSERT_TRUE(i);
  EXPECT_EQ(stamps[*i].path, dir_ + "/sub/b.md");
  stamps = ScanTree(dir_, {}, ChangeCheck::kHash);
  Write("sub/b2.md", "x");
  i = FirstChanged(stamps, ChangeCheck::kHash, 2);
  ASSERT_TRUE(i);
  EXPECT_EQ(stamps[*i].path, dir_ + "/sub");
}

TEST_F(ManifestTest, EncodesAndDecodes) {
  Manifest m;
  m.key = 42;
  m.check = ChangeCheck::kHash;
  m.future_naive = 123456;
  m.counts.articles = 3;
  m.counts.draft_pages = 1;
  m.messages.push_back({Severity::kWarning, "careful"});
  m.inputs = ScanTree(dir_, {dir_ + "/out"}, ChangeCheck::kHash);
  m.outputs = ScanTree(dir_ + "/out", {}, ChangeCheck::kStat);
  std::string data = EncodeManifest(m);
  std::optional<Manifest> back = DecodeManifest(data);
  ASSERT_TRUE(back);
  EXPECT_EQ(back->key, 42u);
  EXPECT_EQ(back->check, ChangeCheck::kHash);
  EXPECT_EQ(back->future_aware, INT64_MAX);
  EXPECT_EQ(back->future_naive, 123456);
  EXPECT_EQ(back->counts.articles, 3);
  EXPECT_EQ(back->counts.draft_pages, 1);
  ASSERT_EQ(back->messages.size(), 1u);
  EXPECT_EQ(back->messages[0].text, "careful");
  EXPECT_EQ(Paths(back->inputs), Paths(m.inputs));
  EXPECT_EQ(back->inputs[1].hash, m.inputs[1].hash);
  EXPECT_NE(m.inputs[1].hash, 0u);
  EXPECT_EQ(Paths(back->outputs), Paths(m.outputs));
  // Damaged or cut short: no manifest.
  EXPECT_FALSE(DecodeManifest(data.substr(0, data.size() - 1)));
  EXPECT_FALSE(DecodeManifest(data + "x"));
  EXPECT_FALSE(DecodeManifest("stacks build manifest 0\n"));
}

}  // namespace
}  // namespace stacks::site
