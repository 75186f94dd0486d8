// The core block processors of Python-Markdown (`blockprocessors.py`), one
// class per Python class with the same rules, so extensions can subclass
// them exactly as their Python counterparts do (sane_lists, def_list).
#pragma once

#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "markdown/blockparser.h"
#include "markdown/etree.h"
#include "markdown/regex.h"

namespace stacks::markdown {

/// Whether `el` is an element (not a comment) whose tag is one of `tags`.
bool HasTagIn(const Element* el, const std::vector<std::string>& tags);
/// Whether `el` is an element (not a comment) with tag `tag`.
bool HasTag(const Element* el, std::string_view tag);
/// Python's `'{}'.format(x)` of an optional string: None prints "None".
std::string PyFormatOptional(const std::optional<std::string>& s);

/// Blocks that are empty or start with a blank line ('empty', 100).
class EmptyBlockProcessor : public BlockProcessor {
 public:
  using BlockProcessor::BlockProcessor;
  bool Test(Element* parent, const std::string& block) override;
  bool Run(Element* parent, std::deque<std::string>& blocks) override;
  bool SurelyDeclines(Element*, std::string_view block) const override {
    return !block.empty() && block[0] != '\n';
  }
};

/// Indented blocks that continue a list item ('indent', 90).
class ListIndentProcessor : public BlockProcessor {
 public:
  explicit ListIndentProcessor(BlockParser* parser);
  bool Test(Element* parent, const std::string& block) override;
  bool Run(Element* parent, std::deque<std::string>& blocks) override;
  bool SurelyDeclines(Element* parent, std::string_view block) const override;

 protected:
  /// Python `create_item`: a new item under `parent` holding `block`.
  virtual void CreateItem(Element* parent, const std::string& block);
  /// Python `get_level`: the nesting level of `block` and the element it belongs to.
  std::pair<int, Element*> GetLevel(Element* parent, const std::string& block);

  std::vector<std::string> item_types_ = {"li"};
  std::vector<std::string> list_types_ = {"ul", "ol"};
  std::unique_ptr<Regex> indent_re_;
};

/// Indented code ('code', 80).
class CodeBlockProcessor : public BlockProcessor {
 public:
  using BlockProcessor::BlockProcessor;
  bool Test(Element* parent, const std::string& block) override;
  bool Run(Element* parent, std::deque<std::string>& blocks) override;
  bool SurelyDeclines(Element* parent, std::string_view block) const override;
};

/// `# Header` lines ('hashheader', 70).
class HashHeaderProcessor : public BlockProcessor {
 public:
  explicit HashHeaderProcessor(BlockParser* parser);
  bool Test(Element* parent, const std::string& block) override;
  bool Run(Element* parent, std::deque<std::string>& blocks) override;
  bool DeclinesLineSuffixes() const override { return true; }

 protected:
  void AddHeader(Element* parent, const Match& m);
  Regex re_;

 private:
  // The match Test found, as offsets into the block it tested (Run gets
  // the same block right after; `tested_` and its size confirm it).
  struct Found {
    size_t start, end, level_size, header_start, header_end;
  };
  const std::string* tested_ = nullptr;
  size_t tested_size_ = 0;
  Found found_{};
  void AddHeader(Element* parent, size_t level_size, std::string_view header);
  /// The pattern matched at `at` (0 or a newline), by hand.
  static std::optional<Found> MatchHeaderAt(std::string_view block, size_t at);
  /// The pattern searched for in `block`: its leftmost match.
  static std::optional<Found> SearchHeader(std::string_view block);
};

/// Underlined headers ('setextheader', 60).
class SetextHeaderProcessor : public BlockProcessor {
 public:
  explicit SetextHeaderProcessor(BlockParser* parser);
  bool Test(Element* parent, const std::string& block) override;
  bool Run(Element* parent, std::deque<std::string>& blocks) override;
  bool SurelyDeclines(Element* parent, std::string_view block) const override;

 protected:
  Regex re_;
};

/// Horizontal rules on any line of a block ('hr', 50).
class HRProcessor : public BlockProcessor {
 public:
  explicit HRProcessor(BlockParser* parser);
  bool Test(Element* parent, const std::string& block) override;
  bool Run(Element* parent, std::deque<std::string>& blocks) override;
  bool DeclinesLineSuffixes() const override { return true; }

 protected:
  static bool MayHoldRule(std::string_view block);
  Regex search_re_;
  /// Span of the rule found by the last successful Test (Python `self.match`).
  size_t match_start_ = 0;
  size_t match_end_ = 0;
};

/// Ordered lists ('olist', 40); also the base of UListProcessor.
class OListProcessor : public BlockProcessor {
 public:
  explicit OListProcessor(BlockParser* parser);
  bool Test(Element* parent, const std::string& block) override;
  bool Run(Element* parent, std::deque<std::string>& blocks) override;
  bool SurelyDeclines(Element* parent, std::string_view block) const override;

 protected:
  /// Python `get_items`: the block cut into list items.
  virtual std::vector<std::string> GetItems(const std::string& block);

  std::string tag_ = "ol";
  std::string startswith_ = "1";
  bool lazy_ol_ = true;
  std::vector<std::string> sibling_tags_ = {"ol", "ul"};
  std::unique_ptr<Regex> re_;
  std::unique_ptr<Regex> child_re_;
  std::unique_ptr<Regex> indent_re_;
  /// The three patterns are the core ones, which lines are matched against
  /// by hand (see ReadItemStart); a subclass with patterns of its own
  /// clears this.
  bool core_patterns_ = true;

 private:
  bool MatchesRe(std::string_view block) const;
};

/// Unordered lists ('ulist', 30).
class UListProcessor : public OListProcessor {
 public:
  explicit UListProcessor(BlockParser* parser);
};

/// `> ` quotes ('quote', 20).
class BlockQuoteProcessor : public BlockProcessor {
 public:
  explicit BlockQuoteProcessor(BlockParser* parser);
  bool Test(Element* parent, const std::string& block) override;
  bool Run(Element* parent, std::deque<std::string>& blocks) override;
  bool DeclinesLineSuffixes() const override { return true; }

 protected:
  std::string Clean(const std::string& line) const;
  Regex re_;
};

/// `[id]: url "title"` definitions, stored in md.references ('reference', 15).
class ReferenceProcessor : public BlockProcessor {
 public:
  explicit ReferenceProcessor(BlockParser* parser);
  bool Test(Element* parent, const std::string& block) override;
  bool Run(Element* parent, std::deque<std::string>& blocks) override;
  bool DeclinesLineSuffixes() const override { return true; }

 protected:
  void Store(const Match& m);
  Regex re_;
};

/// Everything else ('paragraph', 10).
class ParagraphProcessor : public BlockProcessor {
 public:
  using BlockProcessor::BlockProcessor;
  bool Test(Element* parent, const std::string& block) override;
  bool Run(Element* parent, std::deque<std::string>& blocks) override;
};

}  // namespace stacks::markdown
