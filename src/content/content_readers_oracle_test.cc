// Differential test of the readers and content objects: every fixture under
// tests/content/fixtures read and built as Pelican 4.8 does, compared field
// by field with tests/content/readers.json (written by readers_oracle.py).
#include <gtest/gtest.h>

#include <cstdlib>
#include <ctime>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>

#include "base/base.h"
#include "content/content.h"
#include "site/settings.h"

namespace stacks::content {
namespace {

using Json = nlohmann::ordered_json;

std::string SourceDir() {
  const char* root = std::getenv("STACKS_SOURCE_DIR");
  return root ? root : ".";
}

Json PlainValue(const MetaValue& v) {
  if (v.kind == MetaValue::Kind::kList) return Json(v.list);
  if (v.kind == MetaValue::Kind::kDate) return IsoFormat(v.date);
  return v.text;
}

Json PlainMetadata(const Metadata& metadata) {
  Json out = Json::array();
  for (const auto& [key, value] : metadata.entries()) out.push_back(Json::array({key, PlainValue(value)}));
  return out;
}

ItemKind KindOf(const std::string& kind) {
  return kind == "article" ? ItemKind::kArticle : kind == "page" ? ItemKind::kPage : ItemKind::kStatic;
}

// "path:1:2: warning: Unable to find..." -> "Unable to find...".
Json StripPlaces(const std::vector<std::string>& warnings) {
  Json out = Json::array();
  for (const std::string& w : warnings) {
    size_t at = w.find(": warning: ");
    out.push_back(at == std::string::npos ? w : w.substr(at + 11));
  }
  return out;
}

struct Checker {
  std::string path;
  int failures = 0;
  int checks = 0;
  void Check(const std::string& field, const Json& have, const Json& want) {
    ++checks;
    if (have == want) return;
    ++failures;
    ADD_FAILURE() << path << " " << field << ":\n  stacks: " << have.dump() << "\n  Pelican: " << want.dump();
  }
};

TEST(ContentReadersOracle, FixturesAsPelicanReadsThem) {
  std::ifstream in(SourceDir() + "/tests/content/readers.json");
  ASSERT_TRUE(in.good());
  Json expected = Json::parse(in);
  std::string fixtures = SourceDir() + "/tests/content/fixtures";

  site::LoadOptions load;
  load.overrides = expected["settings"];
  load.overrides["PATH"] = fixtures;
  site::LoadResult loaded = site::LoadSettings(load);
  ASSERT_TRUE(loaded.ok);
  const SettingsJson& settings = loaded.settings.values;

  ReaderOptions options;
  std::time_t now = std::time(nullptr);
  std::tm tm{};
  localtime_r(&now, &tm);
  options.today.year = tm.tm_year + 1900;
  options.today.month = tm.tm_mon + 1;
  options.today.day = tm.tm_mday;

  // First pass: read every file and build its content object.
  std::vector<std::unique_ptr<Item>> items;
  std::vector<ReadResult> reads;
  LinkContext context;
  context.siteurl = settings["SITEURL"];
  context.settings = &settings;
  for (const Json& record : expected["items"]) {
    std::string rel = record["path"];
    ItemKind kind = KindOf(record["kind"]);
    ReadResult read = ReadContentFile(fixtures, rel, settings, options, kind == ItemKind::kStatic);
    EXPECT_TRUE(read.ok) << rel << ": " << read.error;
    std::string error;
    items.push_back(std::make_unique<Item>(MakeItem(kind, read, fixtures + "/" + rel, settings, &error)));
    EXPECT_EQ(error, "") << rel;
    if (kind == ItemKind::kStatic) context.statics[rel] = items.back().get();
    else context.generated[rel] = items.back().get();
    reads.push_back(std::move(read));
  }

  // Second pass: links, summaries and attributes, in the oracle's order.
  int failures = 0, checks = 0;
  for (size_t i = 0; i < items.size(); ++i) {
    const Json& want = expected["items"][i];
    const Item& item = *items[i];
    Checker check{want["path"]};
    // Pelican names files by their full path; the oracle drops the fixtures folder.
    Json read_warnings = Json::array();
    for (const std::string& w : reads[i].warnings) read_warnings.push_back(ReplaceAll(w, fixtures + "/", ""));
    check.Check("read_warnings", read_warnings, want["read_warnings"]);
    if (item.kind != ItemKind::kStatic) {
      std::vector<std::string> warnings;
      std::string content = ReplaceLinks(item, item.raw_content, context, &warnings);
      check.Check("content", content, want["content"]);
      check.Check("summary", Summary(item, content, settings), want["summary"]);
      check.Check("link_warnings", StripPlaces(warnings), want["link_warnings"]);
    }
    check.Check("metadata", PlainMetadata(item.metadata), want["metadata"]);
    check.Check("title", item.title, want.value("title", ""));
    check.Check("slug", item.slug, want.value("slug", ""));
    check.Check("lang", item.lang, want["lang"]);
    check.Check("status", item.status, want["status"]);
    check.Check("category", item.category, want.value("category", ""));
    check.Check("template", item.template_name, want["template"]);
    check.Check("date_format", item.date_format, want["date_format"]);
    check.Check("locale_date", item.locale_date, want.value("locale_date", ""));
    check.Check("locale_modified", item.locale_modified, want.value("locale_modified", ""));
    check.Check("date", item.date ? IsoFormat(*item.date) : "", want.value("date", ""));
    check.Check("modified", item.modified ? IsoFormat(*item.modified) : "", want.value("modified", ""));
    check.Check("authors", Json(item.authors), want["authors"]);
    check.Check("tags", Json(item.tags), want["tags"]);
    check.Check("in_default_lang", item.in_default_lang, want["in_default_lang"]);
    failures += check.failures;
    checks += check.checks;
  }
  for (size_t i = 0; i < items.size(); ++i) {
    const Json& want = expected["items"][i];
    Checker check{want["path"]};
    check.Check("url", items[i]->Url(settings), want["url"]);
    check.Check("save_as", items[i]->SaveAs(settings), want["save_as"]);
    failures += check.failures;
    checks += check.checks;
  }
  EXPECT_EQ(failures, 0);
  std::printf("content readers oracle: %d/%d fields equal over %zu files\n", checks - failures, checks,
              items.size());
}

TEST(ContentReadersOracle, RstIsNotReadYet) {
  std::string fixtures = SourceDir() + "/tests/content/fixtures";
  ReadResult read = ReadContentFile(fixtures, "sample/article1.rst", SettingsJson::object(), ReaderOptions());
  EXPECT_FALSE(read.ok);
  ASSERT_EQ(read.warnings.size(), 1u);
  EXPECT_EQ(read.warnings[0],
            "sample/article1.rst: reStructuredText is not read yet (stacks reads Markdown and HTML); skipped");
}

TEST(ContentTruncate, PelicanExamples) {
  // Outputs of pelican.utils.truncate_html_words.
  EXPECT_EQ(TruncateHtmlWords("short text", 20, "…"), "short text");
  EXPECT_EQ(TruncateHtmlWords("<p>one two three four</p>", 2, "…"), "<p>one two …</p>");
  EXPECT_EQ(TruncateHtmlWords("<p>a <b>b c</b> d</p>", 2, "..."), "<p>a <b>b ...</b></p>");
  EXPECT_EQ(TruncateHtmlWords("word&mdash;word word", 2, "…"), "word&mdash;word …");
  EXPECT_EQ(TruncateHtmlWords("caf&eacute; au lait", 1, "…"), "caf&eacute; …");
  EXPECT_EQ(TruncateHtmlWords("中文字符", 2, "…"), "中文 …");
  EXPECT_EQ(TruncateHtmlWords("x", 0, "…"), "");
}

// Texts longer than the first prefix the walk tries (4096 bytes), with the
// prefix end inside a quoted attribute value, an entity and a start tag.
// Each expectation was checked against pelican.utils.truncate_html_words.
std::string Repeat(std::string_view piece, int times) {
  std::string out;
  for (int i = 0; i < times; ++i) out += piece;
  return out;
}

TEST(ContentTruncate, LongTextsMatchPelican) {
  std::string words = "<p>" + Repeat("w ", 3000) + "</p>";
  EXPECT_EQ(TruncateHtmlWords(words, 50, "…"), "<p>" + Repeat("w ", 49) + "w …</p>");

  std::string quoted = "<p>one <a title = \"" + Repeat("x>y ", 1500) + "\">two</a> three four</p>";
  EXPECT_EQ(TruncateHtmlWords(quoted, 3, "…"), quoted.substr(0, quoted.find("three") + 5) + " …</p>");

  std::string entity = "<p>" + Repeat("-", 4086) + " caf&eacute; au lait</p>";
  EXPECT_EQ(TruncateHtmlWords(entity, 1, "…"), entity.substr(0, entity.find(" au")) + " …</p>");

  std::string tag = "<p>" + Repeat(".", 4090) + " <em class=\"a\">word</em> more</p>";
  EXPECT_EQ(TruncateHtmlWords(tag, 1, "…"), "<p>" + Repeat(".", 4090) + " <em class=\"a\">word …</em></p>");
}

}  // namespace
}  // namespace stacks::content
