// The md_in_html extension (Python-Markdown 3.4.1): Markdown inside raw HTML
// blocks that carry a `markdown` attribute.
//
// Its HTML extractor builds an element tree for such a block instead of
// stashing the raw text, and stashes the element itself; the
// `markdown_block` block processor then takes the element out of the stash,
// parses the text inside it as Markdown (blocks or spans, as the attribute
// says) and puts it in the document. Elements left in the stash are
// serialized by the raw_html postprocessor.
#include <algorithm>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "base/base.h"
#include "markdown/blockparser.h"
#include "markdown/core.h"
#include "markdown/html_parser.h"
#include "markdown/regex.h"

namespace stacks::markdown {

namespace {

using AttrDict = std::vector<std::pair<std::string, std::string>>;

// Python `{k: v if v is not None else k for k, v in attrs}`: a valueless
// attribute gets its name as value; a repeated name keeps its first place
// and its last value.
AttrDict ToDict(const HtmlAttrs& attrs) {
  AttrDict dict;
  for (const auto& [key, value] : attrs) {
    const std::string& v = value ? *value : key;
    auto it = std::find_if(dict.begin(), dict.end(), [&name = key](const auto& kv) { return kv.first == name; });  // clang 14 cannot capture a binding
    if (it != dict.end())
      it->second = v;
    else
      dict.emplace_back(key, v);
  }
  return dict;
}

const std::string* DictGet(const AttrDict& dict, std::string_view key) {
  for (const auto& kv : dict)
    if (kv.first == key) return &kv.second;
  return nullptr;
}

bool DictPop(AttrDict& dict, std::string_view key) {
  auto it = std::find_if(dict.begin(), dict.end(), [&](const auto& kv) { return kv.first == key; });
  if (it == dict.end()) return false;
  dict.erase(it);
  return true;
}

// `etree.tostring(Element(tag, attrs), method='html')` for a void element.
std::string VoidElementHtml(const std::string& tag, const AttrDict& attrs) {
  std::string out = "<" + tag;
  for (const auto& [key, value] : attrs) {
    std::string escaped = ReplaceAll(value, "&", "&amp;");
    escaped = ReplaceAll(escaped, ">", "&gt;");
    escaped = ReplaceAll(escaped, "\"", "&quot;");
    out += " " + key + "=\"" + escaped + "\"";
  }
  return out + ">";
}

// xml.etree's TreeBuilder: start/end/data events into one element tree.
// Text goes to the last opened element's text, or after an end tag to the
// last closed element's tail.
class TreeBuilder {
 public:
  void Start(const std::string& tag, AttrDict attrs) {
    Flush();
    ElementPtr el = MakeElement(tag);
    el->attrib = std::move(attrs);
    Element* raw = el.get();
    if (!open_.empty())
      open_.back()->Append(std::move(el));
    else if (!root_)
      root_ = std::move(el);
    open_.push_back(raw);
    last_ = raw;
    tail_ = false;
  }
  void End() {
    Flush();
    last_ = open_.back();
    open_.pop_back();
    tail_ = true;
  }
  void Data(std::string_view data) {
    data_.append(data);
    has_data_ = true;
  }
  /// The finished tree; the builder is ready for the next one.
  ElementPtr Close() {
    Flush();
    ElementPtr root = std::move(root_);
    open_.clear();
    last_ = nullptr;
    tail_ = false;
    return root;
  }

 private:
  void Flush() {
    if (!has_data_) return;
    if (last_) (tail_ ? last_->tail : last_->text) = data_;
    data_.clear();
    has_data_ = false;
  }
  ElementPtr root_;
  std::vector<Element*> open_;
  Element* last_ = nullptr;
  bool tail_ = false;
  std::string data_;
  bool has_data_ = false;
};

// Python's HTMLExtractorExtra.
class HtmlExtractorExtra : public HtmlExtractor {
 public:
  explicit HtmlExtractorExtra(Markdown& md)
      : HtmlExtractor(md),
        tags_(TagSetsFor(md.block_level_elements)),
        block_level_tags_(tags_.block_level),
        span_tags_(tags_.span),
        raw_tags_(tags_.raw),
        block_tags_(tags_.block),
        span_and_block_tags_(tags_.span_and_block) {}

  void Close() override {
    HtmlExtractor::Close();
    if (!mdstack_.empty()) HandleEndTag(std::string(mdstack_.front()));
  }

 protected:
  void HandleStartTag(const std::string& tag, HtmlAttrs& attrs) override;
  void HandleEndTag(const std::string& tag) override;
  void HandleStartEndTag(const std::string& tag, HtmlAttrs& attrs) override;
  void HandleData(std::string_view data) override;
  void HandleEmptyTag(std::string data, bool is_block) override;
  long ParsePi(size_t i) override;
  long ParseHtmlDeclaration(size_t i) override;

 private:
  std::string GetState(const std::string& tag, const AttrDict& attrs) const;
  /// Start/end tag text that stays literal inside the tree (stashed when
  /// Markdown is off there).
  void HandleLiteralTag(const std::string& text);
  /// The text of an <hr>, rebuilt without its `markdown` attribute if it had one.
  std::string EmptyTagText(const std::string& tag, const HtmlAttrs& attrs);
  bool Contains(const std::set<std::string>& set, const std::string& tag) const {
    return set.count(tag) != 0;
  }
  bool InMdStack(const std::string& tag) const { return mdstack_.Contains(tag); }

  // The tag classes, made once per list of block-level elements (an
  // extractor is made for every document).
  struct TagSets {
    std::vector<std::string> from;  // the md.block_level_elements they were made from
    std::set<std::string> block_level;
    std::set<std::string> span = {"address", "dd", "dt", "h1", "h2", "h3", "h4", "h5",
                                  "h6", "legend", "li", "p", "summary", "td", "th"};
    std::set<std::string> raw = {"canvas", "math", "option", "pre", "script", "style", "textarea"};
    std::set<std::string> block;
    std::set<std::string> span_and_block;
  };
  static const TagSets& TagSetsFor(const std::vector<std::string>& block_level_elements) {
    thread_local std::vector<std::unique_ptr<TagSets>> made;
    for (const auto& sets : made)
      if (sets->from == block_level_elements) return *sets;
    auto sets = std::make_unique<TagSets>();
    sets->from = block_level_elements;
    sets->block_level.insert(block_level_elements.begin(), block_level_elements.end());
    for (const std::string& tag : sets->block_level)
      if (!sets->span.count(tag) && !sets->raw.count(tag) && !IsEmptyTag(tag)) sets->block.insert(tag);
    sets->span_and_block = sets->block;
    sets->span_and_block.insert(sets->span.begin(), sets->span.end());
    made.push_back(std::move(sets));
    return *made.back();
  }

  const TagSets& tags_;
  const std::set<std::string>& block_level_tags_;
  const std::set<std::string>& span_tags_;
  const std::set<std::string>& raw_tags_;
  const std::set<std::string>& block_tags_;
  const std::set<std::string>& span_and_block_tags_;
  TagStack mdstack_;
  std::vector<std::string> mdstate_;
  TreeBuilder treebuilder_;
};

// 'block', 'span' or 'off' from the tag and its `markdown` attribute; a
// parent's state wins when it is more restrictive.
std::string HtmlExtractorExtra::GetState(const std::string& tag, const AttrDict& attrs) const {
  const std::string* given = DictGet(attrs, "markdown");
  std::string md_attr = given ? *given : "0";
  if (md_attr == "markdown") md_attr = "1";
  std::string parent = mdstate_.empty() ? "" : mdstate_.back();
  if (parent == "off" || (parent == "span" && md_attr != "0")) md_attr = parent;
  if ((md_attr == "1" && Contains(block_tags_, tag)) ||
      (md_attr == "block" && Contains(span_and_block_tags_, tag)))
    return "block";
  if ((md_attr == "1" && Contains(span_tags_, tag)) ||
      (md_attr == "span" && Contains(span_and_block_tags_, tag)))
    return "span";
  return "off";  // only block-level tags are asked about
}

std::string HtmlExtractorExtra::EmptyTagText(const std::string& tag, const HtmlAttrs& attrs) {
  AttrDict dict = ToDict(attrs);
  if (DictPop(dict, "markdown")) return VoidElementHtml(tag, dict);
  return get_starttag_text();
}

void HtmlExtractorExtra::HandleLiteralTag(const std::string& text) {
  if (!mdstate_.empty() && mdstate_.back() == "off")
    HandleData(md_.html_stash.Store(text));
  else
    HandleData(text);
}

void HtmlExtractorExtra::HandleStartTag(const std::string& tag, HtmlAttrs& attrs) {
  bool block_start = AtLineStart() || intail_;
  if (IsEmptyTag(tag) && block_start) {
    HandleEmptyTag(EmptyTagText(tag, attrs), true);
    return;
  }
  if (!Contains(block_level_tags_, tag) || !block_start) {
    // A span-level tag (or a block tag in the middle of a line).
    if (inraw_) {
      HtmlExtractor::HandleStartTag(tag, attrs);
      return;
    }
    HandleLiteralTag(get_starttag_text());
    if (IsCdataContentElement(tag)) ClearCdataMode();
    return;
  }
  AttrDict dict = ToDict(attrs);
  std::string state = GetState(tag, dict);
  if (inraw_ || (state == "off" && mdstack_.empty())) {
    HtmlExtractor::HandleStartTag(tag, attrs);
    return;
  }
  if (InMdStack("p")) HandleEndTag("p");  // a block closes an open <p>
  mdstate_.push_back(state);
  mdstack_.Push(tag);
  bool had = false;
  for (auto& kv : dict)
    if (kv.first == "markdown") kv.second = state, had = true;
  if (!had) dict.emplace_back("markdown", state);
  treebuilder_.Start(tag, std::move(dict));
}

void HtmlExtractorExtra::HandleEndTag(const std::string& tag) {
  if (!Contains(block_level_tags_, tag) || inraw_) {
    if (inraw_) {
      HtmlExtractor::HandleEndTag(tag);
      return;
    }
    HandleLiteralTag(GetEndTagText(tag));
    return;
  }
  if (!InMdStack(tag)) {
    HandleLiteralTag(GetEndTagText(tag));  // an orphan end tag
    return;
  }
  // Close the element and any unclosed children.
  while (!mdstack_.empty()) {
    std::string item = mdstack_.Pop();
    mdstate_.pop_back();
    treebuilder_.End();
    if (item == tag) break;
  }
  if (!mdstack_.empty()) return;
  ElementPtr element = treebuilder_.Close();
  std::string_view last = cleandoc_.empty() ? std::string_view() : cleandoc_.back();
  bool one_newline = last.size() >= 1 && last.back() == '\n' &&
                     !(last.size() >= 2 && last[last.size() - 2] == '\n');
  if (one_newline) cleandoc_.push_back("\n");
  cleandoc_.push_back(md_.html_stash.StoreElement(std::move(element)));
  cleandoc_.push_back("\n\n");
  if (!BlankLineAfter(GetEndTagText(tag))) intail_ = true;
}

void HtmlExtractorExtra::HandleStartEndTag(const std::string& tag, HtmlAttrs& attrs) {
  std::string data = IsEmptyTag(tag) ? EmptyTagText(tag, attrs) : get_starttag_text();
  HandleEmptyTag(std::move(data), md_.IsBlockLevel(tag));
}

void HtmlExtractorExtra::HandleData(std::string_view data) {
  if (intail_ && data.find('\n') != std::string_view::npos) intail_ = false;
  if (inraw_ || mdstack_.empty())
    HtmlExtractor::HandleData(data);
  else
    treebuilder_.Data(data);
}

void HtmlExtractorExtra::HandleEmptyTag(std::string data, bool is_block) {
  if (inraw_ || mdstack_.empty()) {
    HtmlExtractor::HandleEmptyTag(std::move(data), is_block);
  } else if (AtLineStart() && is_block) {
    HandleData("\n" + md_.html_stash.Store(std::move(data)) + "\n\n");
  } else {
    HandleData(md_.html_stash.Store(std::move(data)));
  }
}

long HtmlExtractorExtra::ParsePi(size_t i) {
  if (AtLineStart() || intail_ || !mdstack_.empty()) return BaseParsePi(i);
  HandleData("<?");
  return static_cast<long>(i + 2);
}

long HtmlExtractorExtra::ParseHtmlDeclaration(size_t i) {
  if (AtLineStart() || intail_ || !mdstack_.empty()) return ParseDeclarationAtBlockStart(i);
  HandleData("<!");
  return static_cast<long>(i + 2);
}

// Python md_in_html's HtmlBlockPreprocessor: the core one with the extractor above.
class MdInHtmlBlockPreprocessor : public Preprocessor {
 public:
  using Preprocessor::Preprocessor;
  void RunText(std::string& text) override {
    // Without a '<' or "&#" the extractor only hands the text through
    // (a character reference would come back with a ';' added).
    if (text.find('<') == std::string::npos && text.find("&#") == std::string::npos) return;
    auto make = [this]() -> std::unique_ptr<HtmlExtractor> {
      return std::make_unique<HtmlExtractorExtra>(*md_);
    };
    text = ExtractRawHtml(make, text);
  }
};

// Python's MarkdownInHtmlProcessor ('markdown_block', 105): a block that
// starts with the placeholder of a stashed element becomes that element,
// with its content parsed as its `markdown` attribute says.
class MarkdownInHtmlProcessor : public BlockProcessor {
 public:
  using BlockProcessor::BlockProcessor;
  bool Test(Element*, const std::string&) override { return true; }
  bool SurelyDeclines(Element*, std::string_view block) const override {
    return block.empty() || block[0] != '\x02';
  }

  bool Run(Element* parent, std::deque<std::string>& blocks) override {
    static const Regex kPlaceholder("\x02wzxhzdk:([0-9]+)\x03");
    if (SurelyDeclines(parent, blocks.front())) return false;  // no regex run for ordinary blocks
    auto m = kPlaceholder.MatchAt(blocks.front());
    if (!m) return false;
    HtmlStash& stash = parser_->md->html_stash;
    size_t index = std::stoul(std::string(m->Group(1)));
    if (index >= stash.html_counter() || !stash.at(index).element) return false;
    blocks.pop_front();
    ElementPtr element = std::move(stash.at(index).element);
    stash.at(index) = HtmlStash::Item{};  // '' in the stash
    ParseElementContent(element.get());
    parent->Append(std::move(element));
    return true;
  }

 private:
  // Parses `text` as blocks into a scratch <div> and returns its children.
  std::vector<ElementPtr> ParseBlocksOf(const std::string& text) {
    Element dummy("div");
    std::deque<std::string> blocks;
    for (std::string& b : SplitOn(PyRStripChars(text, "\n"), "\n\n")) blocks.push_back(std::move(b));
    parser_->ParseBlocks(&dummy, blocks);
    return std::move(dummy.children);
  }

  // Python `parse_element_content`: children first, then the tails of the
  // children, then the element's own text, so that Markdown-made elements are
  // never taken for raw HTML; the `markdown` attribute is removed on the way.
  void ParseElementContent(Element* element) {
    BlockParser::Frame frame(parser_);  // Python recurses here too
    std::string md_attr = element->GetOr("markdown", "off");
    element->RemoveAttribute("markdown");
    if (md_attr == "block") {
      ParseBlockContent(element);
    } else if (md_attr == "span") {
      for (Element* child : ChildList(element)) ParseElementContent(child);
    } else {
      if (!element->text) element->text = "";
      element->text_atomic = true;
      for (Element* child : ChildList(element)) {
        ParseElementContent(child);
        if (child->tail && !child->tail->empty()) child->tail_atomic = true;
      }
    }
  }

  void ParseBlockContent(Element* element) {
    for (Element* child : ChildList(element)) ParseElementContent(child);
    std::vector<std::pair<size_t, std::vector<ElementPtr>>> tails;
    for (size_t pos = 0; pos < element->size(); ++pos) {
      Element* child = (*element)[pos];
      if (!child->tail || child->tail->empty()) continue;
      std::string block = *child->tail;
      child->tail = "";
      tails.emplace_back(pos + 1, ParseBlocksOf(block));
    }
    for (auto it = tails.rbegin(); it != tails.rend(); ++it) {
      size_t pos = it->first;
      for (auto& item : it->second) element->Insert(pos++, std::move(item));
    }
    if (element->text && !element->text->empty()) {
      std::string block = *element->text;
      element->text = "";
      size_t pos = 0;
      for (auto& item : ParseBlocksOf(block)) element->Insert(pos++, std::move(item));
    }
  }

  static std::vector<Element*> ChildList(Element* element) {
    std::vector<Element*> out;
    for (auto& c : element->children) out.push_back(c.get());
    return out;
  }
};

class MdInHtmlExtension : public Extension {
 public:
  void ExtendMarkdown(Markdown& md) override {
    md.preprocessors.Register(std::make_unique<MdInHtmlBlockPreprocessor>(&md), "html_block", 20);
    md.parser->blockprocessors.Register(
        std::make_unique<MarkdownInHtmlProcessor>(md.parser.get()), "markdown_block", 105);
    // The core raw_html postprocessor already serializes stashed elements,
    // which is all Python's MarkdownInHTMLPostprocessor adds.
  }
};

}  // namespace

std::unique_ptr<Extension> MakeMdInHtmlExtension(const nlohmann::json& config) {
  if (config.is_object() && !config.empty()) return nullptr;  // no settings
  return std::make_unique<MdInHtmlExtension>();
}

}  // namespace stacks::markdown
