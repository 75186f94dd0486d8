// Python-Markdown's BlockParser: cuts text into blocks at blank lines and
// hands the first remaining block to the first processor that accepts it,
// until no block is left.
#include "markdown/blockparser.h"

#include "markdown/core.h"
#include "markdown/util.h"

namespace stacks::markdown {

BlockProcessor::BlockProcessor(BlockParser* parser)
    : parser_(parser), tab_length_(parser->md->tab_length) {}

// Takes whole lines from the front while they carry `length` spaces of indent
// (stripping it) or are blank (emptied); stops at the first other line.
std::pair<std::string, std::string> BlockProcessor::Detab(std::string_view text, int length) const {
  if (length < 0) length = tab_length_;
  const std::string indent(static_cast<size_t>(length), ' ');
  std::vector<std::string> lines = SplitOn(text, "\n");
  std::vector<std::string> detabbed;
  for (const std::string& line : lines) {
    if (line.compare(0, indent.size(), indent) == 0) {
      detabbed.push_back(line.substr(indent.size()));
    } else if (IsBlank(line)) {
      detabbed.emplace_back();
    } else {
      break;
    }
  }
  std::vector<std::string> rest(lines.begin() + static_cast<long>(detabbed.size()), lines.end());
  return {JoinWith(detabbed, "\n"), JoinWith(rest, "\n")};
}

std::string BlockProcessor::LooseDetab(std::string_view text, int level) const {
  const std::string indent(static_cast<size_t>(tab_length_ * level), ' ');
  std::vector<std::string> lines = SplitOn(text, "\n");
  for (std::string& line : lines)
    if (line.compare(0, indent.size(), indent) == 0) line.erase(0, indent.size());
  return JoinWith(lines, "\n");
}

BlockParser::BlockParser(Markdown* md) : md(md) {}
BlockParser::~BlockParser() = default;

BlockParser::Frame::Frame(BlockParser* parser) : parser_(parser) {
  ++parser_->python_depth_;
  if (parser_->python_base_depth + parser_->python_depth_ > kPythonRecursionLimit) {
    --parser_->python_depth_;
    throw RecursionError();
  }
}

void BlockParser::Reach(int frames) const {
  if (python_base_depth + python_depth_ + frames > kPythonRecursionLimit) throw RecursionError();
}

// Python counts the frames of test, nearing_recursion_limit and
// _get_stack_depth's starting point above the caller's parseBlocks.
bool BlockParser::NearingRecursionLimit() const {
  constexpr int kFramesOfTheCheck = 2;
  return kPythonRecursionLimit - (python_base_depth + python_depth_ + kFramesOfTheCheck) < 100;
}

// A RecursionError leaves processors' states pushed; they are dropped so the
// parser can be used again.
ElementPtr BlockParser::ParseDocument(const std::vector<std::string>& lines) {
  return ParseText(JoinWith(lines, "\n"));
}

ElementPtr BlockParser::ParseText(std::string_view text) {
  Frame frame(this);
  ElementPtr doc = MakeElement("div");
  root = doc.get();
  try {
    ParseChunk(root, text);
  } catch (const RecursionError&) {
    state.Clear();
    root = nullptr;
    throw;
  }
  root = nullptr;
  return doc;
}

namespace {

// Lends a container from `pool` (a new one when the pool is empty) and hands
// it back emptied, with its room kept, when it goes out of scope.
template <typename T>
class Borrowed {
 public:
  explicit Borrowed(std::vector<std::unique_ptr<T>>& pool) : pool_(pool) {
    if (pool.empty()) {
      item_ = std::make_unique<T>();
    } else {
      item_ = std::move(pool.back());
      pool.pop_back();
    }
  }
  ~Borrowed() {
    item_->clear();
    pool_.push_back(std::move(item_));
  }
  Borrowed(const Borrowed&) = delete;
  Borrowed& operator=(const Borrowed&) = delete;
  T& operator*() { return *item_; }

 private:
  std::vector<std::unique_ptr<T>>& pool_;
  std::unique_ptr<T> item_;
};

// Python `text.split("\n\n")`, each part appended to `blocks`.
void SplitBlocksInto(std::string_view text, std::deque<std::string>& blocks) {
  size_t start = 0;
  while (true) {
    size_t pos = text.find("\n\n", start);
    if (pos == std::string_view::npos) {
      blocks.emplace_back(text.substr(start));
      return;
    }
    blocks.emplace_back(text.substr(start, pos - start));
    start = pos + 2;
  }
}

}  // namespace

void BlockParser::ParseChunk(Element* parent, std::string_view text) {
  Frame frame(this);
  Borrowed<std::deque<std::string>> blocks(spare_blocks_);
  SplitBlocksInto(text, *blocks);
  ParseBlocks(parent, *blocks);
}

void BlockParser::ParseBlock(Element* parent, std::string block) {
  Borrowed<std::deque<std::string>> blocks(spare_blocks_);
  (*blocks).push_back(std::move(block));
  ParseBlocks(parent, *blocks);
}

// Offers the first block to each processor in priority order; the first
// whose Test accepts and whose Run does not decline has consumed it. A block
// nobody takes (only possible when 'paragraph' was removed) is dropped
// instead of looping forever as Python would. Python iterates a fresh
// snapshot of the registry for every block; the snapshot here is retaken
// only when the registry has changed since.
void BlockParser::ParseBlocks(Element* parent, std::deque<std::string>& blocks) {
  Frame frame(this);
  Reach(2);  // Python's loop over the registry: its __iter__ and _sort frames
  const Offered* outer = offered_;
  Borrowed<Offered> borrowed_items(spare_offered_);
  Offered& items = *borrowed_items;
  unsigned long generation = 0;
  while (!blocks.empty()) {
    if (items.empty() || generation != blockprocessors.generation()) {
      blockprocessors.ItemsInto(items);
      generation = blockprocessors.generation();
    }
    bool consumed = false;
    for (BlockProcessor* processor : items) {
      if (!processor->Test(parent, blocks.front())) continue;
      Frame run_frame(this);
      offered_ = &items;
      bool ran = processor->Run(parent, blocks);
      offered_ = outer;
      if (ran) {
        consumed = true;
        break;
      }
    }
    if (!consumed && !blocks.empty()) blocks.pop_front();
  }
}

// The processors above `me` declined the block `rest` comes from: those
// whose decline carries over to line suffixes decline `rest` too; each
// other one must be sure from its own cheap check.
bool BlockParser::AllAboveDecline(const BlockProcessor* me, Element* parent,
                                  std::string_view rest) const {
  if (!offered_) return false;
  for (BlockProcessor* above : *offered_) {
    if (above == me) return true;
    if (above->DeclinesLineSuffixes()) continue;
    if (!above->SurelyDeclines(parent, rest)) return false;
  }
  return false;
}

}  // namespace stacks::markdown
