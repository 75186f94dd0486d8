// The block parser: Python-Markdown's `BlockParser`. The source is cut into
// blocks at blank lines ("\n\n"); each block is offered to the registered
// block processors in priority order, and the first whose `Test` accepts it
// and whose `Run` does not decline consumes it, appending to the tree.
#pragma once

#include <deque>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "markdown/etree.h"
#include "markdown/registry.h"

namespace stacks::markdown {

class Markdown;
class BlockParser;

/// Thrown where Python-Markdown would die of Python's RecursionError (very
/// deeply nested lists): the document cannot be converted.
class RecursionError : public std::runtime_error {
 public:
  RecursionError() : std::runtime_error("maximum recursion depth exceeded") {}
};

/// Python-Markdown's parser `State`: a stack of names ("list", "detabbed",
/// "looselist", ...) that processors push while they parse nested content.
class State {
 public:
  void Set(std::string state) { stack_.push_back(std::move(state)); }
  void Reset() {
    if (!stack_.empty()) stack_.pop_back();
  }
  void Clear() { stack_.clear(); }
  bool IsState(std::string_view state) const { return !stack_.empty() && stack_.back() == state; }
  size_t depth() const { return stack_.size(); }

 private:
  std::vector<std::string> stack_;
};

/// A block processor (Python `BlockProcessor`).
class BlockProcessor {
 public:
  explicit BlockProcessor(BlockParser* parser);
  virtual ~BlockProcessor() = default;

  /// Whether this processor handles `block` (the first of the remaining blocks).
  virtual bool Test(Element* parent, const std::string& block) = 0;
  /// Consumes blocks from the front of `blocks` (`blocks.front()` is the one
  /// tested). Returns false to decline (Python returning False), in which
  /// case `blocks` must be left unchanged and the next processor is tried.
  virtual bool Run(Element* parent, std::deque<std::string>& blocks) = 0;

  /// True when, having declined a block (Test false, or Run declining), this
  /// processor declines every part of it that starts right after a newline:
  /// its decision is a search for a line pattern anywhere in the block.
  virtual bool DeclinesLineSuffixes() const { return false; }
  /// A cheap, conservative check: true only when this processor would
  /// decline `block` under `parent`; false when it cannot tell.
  virtual bool SurelyDeclines(Element* /*parent*/, std::string_view /*block*/) const {
    return false;
  }

 protected:
  /// Python `lastChild`: the last child of `parent`, or null.
  static Element* LastChild(Element* parent) { return parent->Last(); }
  /// Python `detab`: removes `length` (default tab_length) spaces of indent
  /// from the leading lines that have it (blank lines count); returns the
  /// detabbed part and the rest.
  std::pair<std::string, std::string> Detab(std::string_view text, int length = -1) const;
  /// Python `looseDetab`: removes `level` indents from every line that has them.
  std::string LooseDetab(std::string_view text, int level = 1) const;

  BlockParser* parser_;
  int tab_length_;
};

class BlockParser {
 public:
  explicit BlockParser(Markdown* md);
  ~BlockParser();

  Registry<BlockProcessor> blockprocessors;
  State state;
  Markdown* md;
  /// The document root while a document is being parsed.
  Element* root = nullptr;

  /// Python `parseDocument`: a new root `<div>` holding the parsed lines.
  ElementPtr ParseDocument(const std::vector<std::string>& lines);
  /// ParseDocument of the lines joined with "\n".
  ElementPtr ParseText(std::string_view text);
  /// Python `parseChunk`: splits `text` at "\n\n" and parses the blocks.
  void ParseChunk(Element* parent, std::string_view text);
  /// Python `parseBlocks`.
  void ParseBlocks(Element* parent, std::deque<std::string>& blocks);
  /// `ParseBlocks` of a single block (Python `parseBlocks(parent, [block])`).
  void ParseBlock(Element* parent, std::string block);

  /// For use in `me`'s Run: whether every processor ranked above `me` would
  /// decline `rest`, a part of the block being run that starts right after
  /// a newline, so that Python, handed `rest` as the next block, would come
  /// to `me` again. Conservative: false when it cannot tell.
  bool AllAboveDecline(const BlockProcessor* me, Element* parent, std::string_view rest) const;

  // ---- Python's call depth ----
  // Python-Markdown's output for deep nesting depends on Python's stack: the
  // blockquote processor stops nesting within 100 frames of the recursion
  // limit, and deeper recursion raises RecursionError. The parser counts the
  // frames the Python parser would have on its stack at each point.

  /// One simulated Python frame for as long as it lives; throws
  /// RecursionError past the limit.
  class Frame {
   public:
    explicit Frame(BlockParser* parser);
    ~Frame() { --parser_->python_depth_; }
    Frame(const Frame&) = delete;
    Frame& operator=(const Frame&) = delete;

   private:
    BlockParser* parser_;
  };
  /// Throws RecursionError when Python, running `frames` calls deeper than
  /// the current frame (builtin calls count too), would exceed its limit.
  void Reach(int frames) const;
  /// Python `util.nearing_recursion_limit()` called from a processor's test.
  bool NearingRecursionLimit() const;
  /// Python frames below `parseDocument` when the conversion starts (those of
  /// the caller). Both `pelican` and `python -m markdown` have 7.
  int python_base_depth = kDefaultPythonBaseDepth;
  static constexpr int kDefaultPythonBaseDepth = 7;
  static constexpr int kPythonRecursionLimit = 1000;
  int python_depth() const { return python_depth_; }

 private:
  // The processors offered the block being run, in order. Every one
  // before the processor running has declined the block (the first to
  // accept and not decline ends the round).
  using Offered = std::vector<BlockProcessor*>;
  int python_depth_ = 0;
  const Offered* offered_ = nullptr;
  // Emptied containers kept for the next (nested or later) ParseBlocks, so
  // each keeps its room instead of allocating anew (see Borrowed).
  std::vector<std::unique_ptr<std::deque<std::string>>> spare_blocks_;
  std::vector<std::unique_ptr<Offered>> spare_offered_;
};

}  // namespace stacks::markdown
