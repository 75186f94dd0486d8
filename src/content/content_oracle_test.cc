// Differential tests: inputs and expected outputs recorded from Pelican 4.8,
// python-dateutil and Python's strftime by tests/content/gen_oracle_cases.py.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>

#include "content/content.h"

namespace stacks::content {
namespace {

using Json = nlohmann::json;

Json LoadCases(const std::string& name) {
  const char* root = std::getenv("STACKS_SOURCE_DIR");
  std::ifstream in(std::string(root ? root : ".") + "/tests/content/" + name);
  EXPECT_TRUE(in.good()) << "cannot read tests/content/" << name;
  if (!in.good()) return Json::array();
  return Json::parse(in);
}

DateTime FromIso(const std::string& iso) {
  DateTime d;
  std::sscanf(iso.c_str(), "%d-%d-%dT%d:%d:%d", &d.year, &d.month, &d.day, &d.hour, &d.minute, &d.second);
  size_t dot = iso.find('.');
  if (dot != std::string::npos) d.microsecond = std::stoi(iso.substr(dot + 1));
  return d;
}

TEST(ContentOracle, Slugify) {
  Json cases = LoadCases("slugify.json");
  ASSERT_FALSE(cases.empty());
  const Json substitutions = cases[0]["substitutions"];
  cases.erase(cases.begin());
  int failures = 0;
  for (const Json& c : cases) {
    SlugOptions options;
    for (const Json& pair : substitutions[c["subs"].get<std::string>()]) options.regex_subs.emplace_back(pair[0], pair[1]);
    options.preserve_case = c["preserve_case"];
    options.use_unicode = c["use_unicode"];
    std::string error;
    std::optional<std::string> slug = Slugify(c["value"].get<std::string>(), options, &error);
    std::string expected = c["expected"];
    if (!slug || *slug != expected) {
      ++failures;
      ADD_FAILURE() << c["name"].get<std::string>() << " slugify(" << c["value"] << "): got '"
                    << slug.value_or("ERROR " + error) << "', Pelican '" << expected << "'";
    }
  }
  EXPECT_EQ(failures, 0) << "of " << cases.size();
}

TEST(ContentOracle, ParseDate) {
  Json cases = LoadCases("dates.json");
  int failures = 0;
  for (const Json& c : cases) {
    std::string text = c["text"];
    std::string error;
    std::optional<DateTime> got = ParseDate(text, FromIso(c["default"]), &error);
    std::string want = c.contains("error") ? "error: " + c["error"].get<std::string>()
                                           : c["iso"].get<std::string>() + " " + c["offset"].dump();
    std::string have;
    if (got) {
      DateTime naive = *got;
      naive.utc_offset.reset();
      have = IsoFormat(naive) + " " + (got->utc_offset ? std::to_string(*got->utc_offset) : "null");
    } else {
      have = "error: " + error;
    }
    if (have != want) {
      ++failures;
      ADD_FAILURE() << "parse('" << text << "'): got '" << have << "', dateutil '" << want << "'";
    }
  }
  EXPECT_EQ(failures, 0) << "of " << cases.size();
}

TEST(ContentOracle, Strftime) {
  Json cases = LoadCases("strftime.json");
  int failures = 0;
  for (const Json& c : cases) {
    DateTime d = FromIso(c["date"]);
    if (!c["offset"].is_null()) {
      d.utc_offset = c["offset"].get<int>();
      d.tz_name = c["tzname"];
    }
    std::string format = c["format"];
    std::string python = PyStrftime(d, format);
    if (python != c["python"].get<std::string>()) {
      ++failures;
      ADD_FAILURE() << c["date"] << " strftime('" << format << "'): got '" << python << "', Python '"
                    << c["python"].get<std::string>() << "'";
    }
    if (!c.contains("pelican")) continue;
    std::string pelican = Strftime(d, format);
    if (pelican != c["pelican"].get<std::string>()) {
      ++failures;
      ADD_FAILURE() << c["date"] << " pelican strftime('" << format << "'): got '" << pelican << "', Pelican '"
                    << c["pelican"].get<std::string>() << "'";
    }
  }
  EXPECT_EQ(failures, 0) << "of " << cases.size();
}

TEST(ContentOracle, TimeZones) {
  Json cases = LoadCases("zones.json");
  int failures = 0;
  for (const Json& c : cases) {
    DateTime d = FromIso(c["date"]);
    std::string zone = c["zone"], error;
    std::optional<DateTime> got;
    if (c["op"] == "localize") {
      got = Localize(d, zone, &error);
    } else {
      d.utc_offset = 0;
      got = ToZone(d, zone, &error);
    }
    std::string have = got ? IsoFormat(*got) + " " + got->tz_name : "error: " + error;
    std::string want = c["iso"].get<std::string>() + " " + c["tzname"].get<std::string>();
    if (have != want) {
      ++failures;
      ADD_FAILURE() << c["op"].get<std::string>() << "(" << c["date"] << ", " << zone << "): got '" << have
                    << "', pytz '" << want << "'";
    }
  }
  EXPECT_EQ(failures, 0) << "of " << cases.size();
}

}  // namespace
}  // namespace stacks::content
