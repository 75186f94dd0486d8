// HTMLReader: a walk over html.parser events that keeps the <title>, the
// <meta> tags of the head and rebuilds the body's markup from the events
// (tags re-serialized, entity and character references kept as written).
#include "content/reader_html.h"

#include <algorithm>
#include <optional>

#include "markdown/html_parser.h"

namespace stacks::content {
namespace {

// html.escape(s, quote).
std::string Escape(std::string_view s, bool quote) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += quote ? "&quot;" : "\""; break;
      case '\'': out += quote ? "&#x27;" : "'"; break;
      default: out.push_back(c);
    }
  }
  return out;
}

class PelicanHtmlParser : public markdown::HtmlParser {
 public:
  explicit PelicanHtmlParser(std::string filename) : filename_(std::move(filename)) {}
  HtmlReaderOutput output;

 protected:
  void HandleStartTag(const std::string& tag, markdown::HtmlAttrs& attrs) override {
    if (tag == "head" && in_top_level_) {
      in_top_level_ = false;
      in_head_ = true;
    } else if (tag == "title" && in_head_) {
      in_title_ = true;
      buffer_.clear();
    } else if (tag == "body" && in_top_level_) {
      in_top_level_ = false;
      in_body_ = true;
      buffer_.clear();
    } else if (tag == "meta" && in_head_) {
      HandleMeta(attrs);
    } else if (in_body_) {
      buffer_ += BuildTag(tag, attrs, false);
    }
  }
  void HandleEndTag(const std::string& tag) override {
    if (tag == "head") {
      if (in_head_) {
        in_head_ = false;
        in_top_level_ = true;
      }
    } else if (in_head_ && tag == "title") {
      in_title_ = false;
      SetMeta("title", buffer_, true);
    } else if (tag == "body") {
      output.body = buffer_;
      in_body_ = false;
      in_top_level_ = true;
    } else if (in_body_) {
      buffer_ += "</" + Escape(tag, true) + ">";
    }
  }
  void HandleStartEndTag(const std::string& tag, markdown::HtmlAttrs& attrs) override {
    if (tag == "meta" && in_head_) HandleMeta(attrs);
    if (in_body_) buffer_ += BuildTag(tag, attrs, true);
  }
  void HandleComment(std::string_view data) override { buffer_ += "<!--" + std::string(data) + "-->"; }
  void HandleData(std::string_view data) override { buffer_ += data; }
  void HandleEntityRef(std::string_view name) override { buffer_ += "&" + std::string(name) + ";"; }
  void HandleCharRef(std::string_view name) override { buffer_ += "&#" + std::string(name) + ";"; }

 private:
  static std::string BuildTag(const std::string& tag, const markdown::HtmlAttrs& attrs, bool close) {
    std::string out = "<" + Escape(tag, true);
    for (const auto& [k, v] : attrs) {
      out += " " + Escape(k, true);
      if (!v) continue;
      if (v->find('"') != std::string::npos) out += "='" + Escape(*v, false) + "'";
      else out += "=\"" + Escape(*v, false) + "\"";
    }
    return out + (close ? " />" : ">");
  }

  static std::optional<std::string> AttrValue(const markdown::HtmlAttrs& attrs, std::string_view name) {
    for (const auto& [k, v] : attrs)
      if (k == name) return v.value_or("None");
    return std::nullopt;
  }

  // A repeated name collects its values in a list; `keywords` is `tags`.
  void HandleMeta(const markdown::HtmlAttrs& attrs) {
    std::optional<std::string> name = AttrValue(attrs, "name");
    if (!name) {
      std::string listed;
      for (const auto& [k, v] : attrs) listed += (listed.empty() ? "" : ", ") + k + "=\"" + v.value_or("None") + "\"";
      output.warnings.push_back("Meta tag in file " + filename_ +
                                " does not have a 'name' attribute, skipping. Attributes: " + listed);
      return;
    }
    std::string key;
    for (char c : *name) key.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
    std::string contents = AttrValue(attrs, "content").value_or("");
    if (contents.empty()) {
      contents = AttrValue(attrs, "contents").value_or("");
      if (!contents.empty())
        output.warnings.push_back("Meta tag attribute 'contents' used in file " + filename_ +
                                  ", should be changed to 'content'");
    }
    if (key == "keywords") key = "tags";
    SetMeta(key, contents, false);
  }

  void SetMeta(const std::string& key, const std::string& value, bool replace) {
    for (auto& [k, values] : output.metadata) {
      if (k != key) continue;
      if (replace) values = {value};
      else values.push_back(value);
      return;
    }
    output.metadata.emplace_back(key, std::vector<std::string>{value});
  }

  std::string filename_;
  std::string buffer_;
  bool in_top_level_ = true, in_head_ = false, in_title_ = false, in_body_ = false;
};

}  // namespace

HtmlReaderOutput ParseHtmlSource(std::string_view text, const std::string& filename) {
  PelicanHtmlParser parser(filename);
  parser.Feed(text);
  parser.Close();
  return std::move(parser.output);
}

}  // namespace stacks::content
