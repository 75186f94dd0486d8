// The core block processors, ported rule for rule from Python-Markdown 3.4.1.
#include "markdown/blockprocessors.h"

#include "markdown/core.h"
#include "markdown/util.h"

namespace stacks::markdown {

bool HasTag(const Element* el, std::string_view tag) {
  return el != nullptr && el->kind == Element::Kind::kElement && el->tag == tag;
}

bool HasTagIn(const Element* el, const std::vector<std::string>& tags) {
  if (el == nullptr || el->kind != Element::Kind::kElement) return false;
  for (const std::string& tag : tags)
    if (el->tag == tag) return true;
  return false;
}

std::string PyFormatOptional(const std::optional<std::string>& s) { return s ? *s : "None"; }

namespace {

bool StartsWithSpaces(std::string_view text, int count) {
  if (text.size() < static_cast<size_t>(count)) return false;
  for (int i = 0; i < count; ++i)
    if (text[static_cast<size_t>(i)] != ' ') return false;
  return true;
}

bool Truthy(const std::optional<std::string>& s) { return s && !s->empty(); }

// Whether `el` is a <pre> whose first child is <code> (an indented code block).
bool IsCodeBlock(const Element* el) {
  return HasTag(el, "pre") && !el->empty() && HasTag((*el)[0], "code");
}

// Moves the text of list item `li` into a <p> inserted as its first child.
void WrapItemTextInParagraph(Element* li) {
  ElementPtr p = MakeElement("p");
  p->text = li->text;
  li->text = "";
  li->Insert(0, std::move(p));
}

}  // namespace

// ---- EmptyBlockProcessor ----------------------------------------------------

bool EmptyBlockProcessor::Test(Element*, const std::string& block) {
  return block.empty() || block[0] == '\n';
}

// Drops an empty block (or the first, empty line of one); after a code block
// the dropped line breaks are kept in the code.
bool EmptyBlockProcessor::Run(Element* parent, std::deque<std::string>& blocks) {
  parser_->Reach(2);  // lastChild -> len
  std::string block = std::move(blocks.front());
  blocks.pop_front();
  std::string filler = "\n\n";
  if (!block.empty()) {
    filler = "\n";
    std::string rest = block.substr(1);
    if (!rest.empty()) blocks.push_front(std::move(rest));
  }
  Element* sibling = LastChild(parent);
  if (IsCodeBlock(sibling)) {
    Element* code = (*sibling)[0];
    if (!code->text) code->text = "None";  // Python formats a missing text as "None"
    code->text->append(filler);
    code->text_atomic = true;
  }
  return true;
}

// ---- ListIndentProcessor ----------------------------------------------------

ListIndentProcessor::ListIndentProcessor(BlockParser* parser) : BlockProcessor(parser) {
  indent_re_ = std::make_unique<Regex>("^(([ ]{" + std::to_string(tab_length_) + "})+)");
}

bool ListIndentProcessor::Test(Element* parent, const std::string& block) {
  if (!StartsWithSpaces(block, tab_length_)) return false;
  parser_->Reach(3);  // test -> isstate -> len
  return !parser_->state.IsState("detabbed") &&
         (HasTagIn(parent, item_types_) ||
          (!parent->empty() && HasTagIn(parent->Last(), list_types_)));
}

// Detabs the block by its nesting level and parses it inside the list item
// it continues (creating that item when the list has none).
bool ListIndentProcessor::Run(Element* parent, std::deque<std::string>& blocks) {
  std::string block = std::move(blocks.front());
  blocks.pop_front();
  parser_->Reach(3);  // get_level -> isstate -> len
  auto [level, sibling] = GetLevel(parent, block);
  block = LooseDetab(block, level);

  parser_->state.Set("detabbed");
  if (HasTagIn(parent, item_types_)) {
    if (!parent->empty() && HasTagIn(parent->Last(), list_types_)) {
      parser_->ParseBlock(parent->Last(), block);
    } else {
      parser_->ParseBlock(parent, block);
    }
  } else if (HasTagIn(sibling, item_types_)) {
    parser_->ParseBlock(sibling, block);
  } else if (!sibling->empty() && HasTagIn(sibling->Last(), item_types_)) {
    Element* item = sibling->Last();
    if (Truthy(item->text)) WrapItemTextInParagraph(item);
    parser_->ParseChunk(item, block);
  } else {
    CreateItem(sibling, block);
  }
  parser_->state.Reset();
  return true;
}

void ListIndentProcessor::CreateItem(Element* parent, const std::string& block) {
  BlockParser::Frame frame(parser_);
  Element* li = parent->SubElement("li");
  parser_->ParseBlock(li, block);
}

// Counts the block's indent in tabs, then walks down the last children
// (lists and items) one list level per tab to find the element it belongs to.
std::pair<int, Element*> ListIndentProcessor::GetLevel(Element* parent, const std::string& block) {
  int indent_level = 0;
  if (auto m = indent_re_->MatchAt(block))
    indent_level = static_cast<int>(m->Group(1).size()) / tab_length_;
  int level = parser_->state.IsState("list") ? 1 : 0;
  while (indent_level > level) {
    Element* child = LastChild(parent);
    if (child != nullptr && (HasTagIn(child, list_types_) || HasTagIn(child, item_types_))) {
      if (HasTagIn(child, list_types_)) ++level;
      parent = child;
    } else {
      break;
    }
  }
  return {level, parent};
}

// ---- CodeBlockProcessor -----------------------------------------------------

bool CodeBlockProcessor::Test(Element*, const std::string& block) {
  return StartsWithSpaces(block, tab_length_);
}

bool CodeBlockProcessor::SurelyDeclines(Element*, std::string_view block) const {
  return !StartsWithSpaces(block, tab_length_);
}

bool ListIndentProcessor::SurelyDeclines(Element*, std::string_view block) const {
  return !StartsWithSpaces(block, tab_length_);
}

// Detabs the indented lines into a <pre><code> (continuing the previous code
// block if the last child is one); unindented lines go back as a new block.
bool CodeBlockProcessor::Run(Element* parent, std::deque<std::string>& blocks) {
  parser_->Reach(2);  // detab -> str.startswith
  Element* sibling = LastChild(parent);
  std::string block = std::move(blocks.front());
  blocks.pop_front();
  auto [code_text, rest] = Detab(block);
  Element* code;
  if (IsCodeBlock(sibling)) {
    code = (*sibling)[0];
    // Appended in place: Python's copy-and-concatenate is quadratic on long
    // runs of code blocks.
    if (!code->text) code->text = "None";
    code->text->append("\n").append(CodeEscape(PyRStrip(code_text))).append("\n");
  } else {
    Element* pre = parent->SubElement("pre");
    code = pre->SubElement("code");
    code->text = CodeEscape(PyRStrip(code_text)) + "\n";
  }
  code->text_atomic = true;
  if (!rest.empty()) blocks.push_front(std::move(rest));
  return true;
}

// ---- BlockQuoteProcessor ----------------------------------------------------

BlockQuoteProcessor::BlockQuoteProcessor(BlockParser* parser)
    : BlockProcessor(parser), re_(R"((^|\n)[ ]{0,3}>[ ]?(.*))") {}

bool BlockQuoteProcessor::Test(Element*, const std::string& block) {
  if (!SomeLineStartsWith(block, '>', 3) || !re_.Search(block)) return false;
  parser_->Reach(4);  // test -> nearing_recursion_limit -> _get_stack_depth -> sys._getframe
  return !parser_->NearingRecursionLimit();
}

// Parses the lines before the first quoted line on their own, strips one
// level of `>` from the rest and parses it inside a <blockquote> (the
// previous one when the last child already is a blockquote).
bool BlockQuoteProcessor::Run(Element* parent, std::deque<std::string>& blocks) {
  parser_->Reach(2);  // state.set -> list.append
  std::string block = std::move(blocks.front());
  blocks.pop_front();
  if (auto m = re_.Search(block)) {
    parser_->ParseBlock(parent, block.substr(0, m->Start()));
    std::vector<std::string> lines = SplitOn(std::string_view(block).substr(m->Start()), "\n");
    for (std::string& line : lines) line = Clean(line);
    block = JoinWith(lines, "\n");
  }
  Element* sibling = LastChild(parent);
  Element* quote = HasTag(sibling, "blockquote") ? sibling : parent->SubElement("blockquote");
  parser_->state.Set("blockquote");
  parser_->ParseChunk(quote, block);
  parser_->state.Reset();
  return true;
}

std::string BlockQuoteProcessor::Clean(const std::string& line) const {
  if (PyStrip(line) == ">") return "";
  if (auto m = re_.MatchAt(line)) return std::string(m->Group(2));
  return line;
}

// ---- OListProcessor / UListProcessor ----------------------------------------

namespace {

// The core list patterns, read by hand (T is tab_length):
//   ol re_      ^[ ]{0,T-1}\d+\.[ ]+(.*)
//   ul re_      ^[ ]{0,T-1}[*+-][ ]+(.*)
//   child_re_   ^[ ]{0,T-1}((\d+\.)|[*+-])[ ]+(.*)
//   indent_re_  ^[ ]{T,2T-1}((\d+\.)|[*+-])[ ]+.*
// The indent is read greedily (with fewer spaces a space would have to be
// a marker), then the marker, then at least one space; `(.*)` is the rest
// of the line after the spaces. `\d` is any Unicode digit: where a digit
// may be a non-ASCII character the answer is kUnknown and the caller asks
// the regex.
enum class Markers { kNumbers, kBullets, kBoth };
enum class Read { kNo, kYes, kUnknown };
struct ItemStart {
  std::string_view marker;  ///< "12." or "*"
  std::string_view text;    ///< after the marker and its spaces, to the line's end
};

bool IsAsciiDigit(char c) { return c >= '0' && c <= '9'; }

Read ReadItemStart(std::string_view line, size_t min_indent, size_t max_indent, Markers markers,
                   ItemStart* out = nullptr) {
  size_t i = 0;
  while (i < line.size() && i < max_indent && line[i] == ' ') ++i;
  if (i < min_indent || i >= line.size()) return Read::kNo;
  const size_t marker_start = i;
  const char c = line[i];
  if (IsAsciiDigit(c) || static_cast<unsigned char>(c) >= 0x80) {
    if (markers == Markers::kBullets) return Read::kNo;
    while (i < line.size() && IsAsciiDigit(line[i])) ++i;
    if (i < line.size() && static_cast<unsigned char>(line[i]) >= 0x80) return Read::kUnknown;
    if (i == marker_start || i >= line.size() || line[i] != '.') return Read::kNo;
    ++i;
  } else if (c == '*' || c == '+' || c == '-') {
    if (markers == Markers::kNumbers) return Read::kNo;
    ++i;
  } else {
    return Read::kNo;
  }
  const size_t marker_end = i;
  if (i >= line.size() || line[i] != ' ') return Read::kNo;
  while (i < line.size() && line[i] == ' ') ++i;
  if (out) {
    out->marker = line.substr(marker_start, marker_end - marker_start);
    size_t newline = line.find('\n', i);
    out->text = line.substr(i, newline == std::string_view::npos ? std::string_view::npos : newline - i);
  }
  return Read::kYes;
}

}  // namespace

OListProcessor::OListProcessor(BlockParser* parser) : BlockProcessor(parser) {
  const std::string max_indent = std::to_string(tab_length_ - 1);
  re_ = std::make_unique<Regex>(R"(^[ ]{0,)" + max_indent + R"(}\d+\.[ ]+(.*))");
  child_re_ = std::make_unique<Regex>(R"(^[ ]{0,)" + max_indent + R"(}((\d+\.)|[*+-])[ ]+(.*))");
  indent_re_ = std::make_unique<Regex>("^[ ]{" + std::to_string(tab_length_) + "," +
                                       std::to_string(tab_length_ * 2 - 1) +
                                       R"(}((\d+\.)|[*+-])[ ]+.*)");
}

UListProcessor::UListProcessor(BlockParser* parser) : OListProcessor(parser) {
  tag_ = "ul";
  re_ = std::make_unique<Regex>(R"(^[ ]{0,)" + std::to_string(tab_length_ - 1) +
                                R"(}[*+-][ ]+(.*))");
}

bool OListProcessor::Test(Element* parent, const std::string& block) {
  return !SurelyDeclines(parent, block) && MatchesRe(block);
}

// `re_.match(block)`, by hand for the core patterns.
bool OListProcessor::MatchesRe(std::string_view block) const {
  if (core_patterns_) {
    Markers markers = tag_ == "ol" ? Markers::kNumbers : Markers::kBullets;
    Read read = ReadItemStart(block, 0, static_cast<size_t>(tab_length_ - 1), markers);
    if (read != Read::kUnknown) return read == Read::kYes;
  }
  return re_->MatchAt(block).has_value();
}

// Items start, after the indent, with a digit (any Unicode digit: \d) or a
// bullet; an ASCII character that is neither rules both lists out.
bool OListProcessor::SurelyDeclines(Element*, std::string_view block) const {
  size_t i = block.find_first_not_of(' ');
  if (i == std::string_view::npos) return true;
  unsigned char c = static_cast<unsigned char>(block[i]);
  return c < 0x80 && !(c >= '0' && c <= '9') && c != '*' && c != '+' && c != '-';
}

// Continues the list just before (making its last item loose) or starts a
// new one, then parses each item into its own <li>; indented items belong to
// the item before them.
bool OListProcessor::Run(Element* parent, std::deque<std::string>& blocks) {
  parser_->Reach(2);  // state.set -> list.append
  std::vector<std::string> items = GetItems(blocks.front());
  blocks.pop_front();
  Element* sibling = LastChild(parent);
  Element* lst;
  size_t next_item = 0;
  if (sibling != nullptr && HasTagIn(sibling, sibling_tags_)) {
    lst = sibling;
    if (!lst->empty()) {
      Element* last_item = lst->Last();
      if (Truthy(last_item->text)) WrapItemTextInParagraph(last_item);
      Element* lch = LastChild(last_item);
      if (lch != nullptr && Truthy(lch->tail)) {
        Element* p = last_item->SubElement("p");
        p->text = std::string(PyLStrip(*lch->tail));
        lch->tail = "";
      }
    }
    Element* li = lst->SubElement("li");
    parser_->state.Set("looselist");
    parser_->ParseBlock(li, items[next_item++]);
    parser_->state.Reset();
  } else if (HasTag(parent, "ol") || HasTag(parent, "ul")) {
    lst = parent;
  } else {
    lst = parent->SubElement(tag_);
    if (!lazy_ol_ && startswith_ != "1") lst->Set("start", startswith_);
  }

  parser_->state.Set("list");
  for (; next_item < items.size(); ++next_item) {
    std::string& item = items[next_item];
    if (StartsWithSpaces(item, tab_length_) && !lst->empty()) {
      parser_->ParseBlock(lst->Last(), std::move(item));
    } else {
      Element* li = lst->SubElement("li");
      parser_->ParseBlock(li, std::move(item));
    }
  }
  parser_->state.Reset();
  return true;
}

// A line starting an item (of either kind) opens a new item; an indented
// item line opens one too unless the previous item is itself indented; any
// other line continues the previous item.
std::vector<std::string> OListProcessor::GetItems(const std::string& block) {
  BlockParser::Frame frame(parser_);
  parser_->Reach(tag_ == "ol" ? 3 : 1);  // re.compile -> _compile -> type(), or RE.match
  std::vector<std::string> items;
  const size_t tab = static_cast<size_t>(tab_length_);
  // child_re_ and indent_re_ on one line, by hand when possible.
  auto child_start = [&](std::string_view line, ItemStart& start) {
    if (core_patterns_) {
      Read read = ReadItemStart(line, 0, tab - 1, Markers::kBoth, &start);
      if (read != Read::kUnknown) return read == Read::kYes;
    }
    auto m = child_re_->MatchAt(line);
    if (m) start = {m->Group(1), m->Group(3)};
    return m.has_value();
  };
  auto indented_start = [&](std::string_view line) {
    if (core_patterns_) {
      Read read = ReadItemStart(line, tab, 2 * tab - 1, Markers::kBoth);
      if (read != Read::kUnknown) return read == Read::kYes;
    }
    return indent_re_->MatchAt(line).has_value();
  };
  std::string_view rest = block;
  while (true) {
    size_t newline = rest.find('\n');
    std::string_view line = rest.substr(0, newline);
    ItemStart start;
    if (child_start(line, start)) {
      if (items.empty() && tag_ == "ol") {
        std::string_view marker = start.marker;
        size_t digits = 0;
        while (digits < marker.size() && marker[digits] != '.') ++digits;
        startswith_ = std::string(marker.substr(0, digits));
      }
      items.emplace_back(start.text);
    } else if (indented_start(line)) {
      if (!items.empty() && StartsWithSpaces(items.back(), tab_length_)) {
        items.back().append("\n").append(line);
      } else {
        items.emplace_back(line);
      }
    } else if (!items.empty()) {
      items.back().append("\n").append(line);
    } else {
      items.emplace_back(line);
    }
    if (newline == std::string_view::npos) break;
    rest.remove_prefix(newline + 1);
  }
  return items;
}

// ---- HashHeaderProcessor ----------------------------------------------------

HashHeaderProcessor::HashHeaderProcessor(BlockParser* parser)
    : BlockProcessor(parser),
      re_(R"((?:^|\n)(?P<level>#{1,6})(?P<header>(?:\\.|[^\\])*?)#*(?:\n|$))") {}

bool HashHeaderProcessor::Test(Element*, const std::string& block) {
  tested_ = nullptr;
  if (!SomeLineStartsWith(block, '#', 0)) return false;
  auto found = SearchHeader(block);
  if (!found) return false;
  found_ = *found;
  tested_ = &block;
  tested_size_ = block.size();
  return true;
}

// The header pattern `(?:^|\n)(?P<level>#{1,6})(?P<header>(?:\\.|[^\\])*?)#*(?:\n|$)`
// read by hand at `at` (0, or a newline, which the match then starts with).
// The lazy header grows one unit at a time (a backslash with the character
// after it unless that is a newline, or any other character, newlines
// included) until a run of '#' ended by a newline or the end follows;
// `(?:\n|$)` prefers the newline, which the match then ends with. A
// backslash before a newline or at the end stops the header, and no
// shorter level could get past it either, so there is no match here.
std::optional<HashHeaderProcessor::Found> HashHeaderProcessor::MatchHeaderAt(std::string_view block,
                                                                              size_t at) {
  size_t i = at;
  if (at > 0 || (!block.empty() && block[0] == '\n')) {
    if (at >= block.size() || block[at] != '\n') return std::nullopt;
    ++i;
  }
  size_t level_start = i;
  while (i < block.size() && i - level_start < 6 && block[i] == '#') ++i;
  if (i == level_start) return std::nullopt;
  const size_t level_size = i - level_start;
  const size_t header_start = i;
  while (true) {
    size_t hashes_end = i;
    while (hashes_end < block.size() && block[hashes_end] == '#') ++hashes_end;
    if (hashes_end == block.size()) return Found{at, hashes_end, level_size, header_start, i};
    if (block[hashes_end] == '\n') return Found{at, hashes_end + 1, level_size, header_start, i};
    if (block[i] == '\\') {
      if (i + 1 >= block.size() || block[i + 1] == '\n') return std::nullopt;
      i += 2;
    } else {
      ++i;
    }
  }
}

// Leftmost first: the start of the block, then each newline.
std::optional<HashHeaderProcessor::Found> HashHeaderProcessor::SearchHeader(std::string_view block) {
  if (!block.empty() && block[0] != '\n') {
    if (auto found = MatchHeaderAt(block, 0)) return found;
  }
  for (size_t at = block.find('\n'); at != std::string_view::npos; at = block.find('\n', at + 1))
    if (at + 1 < block.size() && block[at + 1] == '#')
      if (auto found = MatchHeaderAt(block, at)) return found;
  return std::nullopt;
}

// Lines before the header are parsed first; lines after it go back as the
// next block.
//
// Python hands the rest back to every processor; while the rest starts
// with another header line and the processors above would all decline it,
// that header is taken here at once (same result, without copying the rest
// once per header).
bool HashHeaderProcessor::Run(Element* parent, std::deque<std::string>& blocks) {
  parser_->Reach(1);  // a builtin call
  const bool tested = tested_ == &blocks.front() && tested_size_ == blocks.front().size();
  tested_ = nullptr;
  std::string block = std::move(blocks.front());
  blocks.pop_front();
  std::optional<Found> found = tested ? std::optional<Found>(found_) : SearchHeader(block);
  if (!found) return true;
  std::string before = block.substr(0, found->start);
  if (!before.empty()) parser_->ParseBlock(parent, before);
  auto add = [&](const Found& f) {
    AddHeader(parent, f.level_size, std::string_view(block).substr(f.header_start, f.header_end - f.header_start));
  };
  add(*found);
  size_t end = found->end;
  while (end < block.size() && block[end - 1] == '\n') {
    // At end - 1 the pattern's `\n` branch matches where `^` would in the rest.
    auto next = MatchHeaderAt(block, end - 1);
    if (!next || !parser_->AllAboveDecline(this, parent, std::string_view(block).substr(end))) break;
    add(*next);
    end = next->end;
  }
  if (end < block.size()) blocks.push_front(block.substr(end));
  return true;
}

void HashHeaderProcessor::AddHeader(Element* parent, const Match& m) {
  AddHeader(parent, m.Group("level").size(), m.Group("header"));
}

void HashHeaderProcessor::AddHeader(Element* parent, size_t level_size, std::string_view header) {
  Element* h = parent->SubElement("h" + std::to_string(level_size));
  h->text = std::string(PyStrip(header));
}

// ---- SetextHeaderProcessor --------------------------------------------------

SetextHeaderProcessor::SetextHeaderProcessor(BlockParser* parser)
    : BlockProcessor(parser), re_(R"(^.*?\n[=-]+[ ]*(\n|$))", Regex::kMultiline) {}

bool SetextHeaderProcessor::Test(Element* parent, const std::string& block) {
  return !SurelyDeclines(parent, block) && re_.MatchAt(block).has_value();
}

// The second line must start with '=' or '-'.
bool SetextHeaderProcessor::SurelyDeclines(Element*, std::string_view block) const {
  size_t newline = block.find('\n');
  return newline == std::string_view::npos || newline + 1 >= block.size() ||
         (block[newline + 1] != '=' && block[newline + 1] != '-');
}

bool SetextHeaderProcessor::Run(Element* parent, std::deque<std::string>& blocks) {
  parser_->Reach(1);  // a builtin call
  std::vector<std::string> lines = SplitOn(blocks.front(), "\n");
  blocks.pop_front();
  int level = (!lines[1].empty() && lines[1][0] == '=') ? 1 : 2;
  Element* h = parent->SubElement("h" + std::to_string(level));
  h->text = std::string(PyStrip(lines[0]));
  if (lines.size() > 2) {
    std::vector<std::string> rest(lines.begin() + 2, lines.end());
    blocks.push_front(JoinWith(rest, "\n"));
  }
  return true;
}

// ---- HRProcessor ------------------------------------------------------------

HRProcessor::HRProcessor(BlockParser* parser)
    : BlockProcessor(parser),
      search_re_(
          R"(^[ ]{0,3}(?=(?P<atomicgroup>(-+[ ]{0,2}){3,}|(_+[ ]{0,2}){3,}|(\*+[ ]{0,2}){3,}))(?P=atomicgroup)[ ]*$)",
          Regex::kMultiline) {}

// Whether some line of `block` could be a rule: up to three spaces, then
// one of - _ * followed only by that character and spaces. Every line the
// rule regex matches has this shape, so blocks without one skip the regex.
bool HRProcessor::MayHoldRule(std::string_view block) {
  size_t start = 0;
  while (start <= block.size()) {
    size_t end = block.find('\n', start);
    if (end == std::string_view::npos) end = block.size();
    size_t i = start;
    while (i < end && i - start < 3 && block[i] == ' ') ++i;
    if (i < end && (block[i] == '-' || block[i] == '_' || block[i] == '*')) {
      char rule = block[i];
      size_t count = 0;
      for (; i < end && (block[i] == rule || block[i] == ' '); ++i) count += block[i] == rule;
      if (i == end && count >= 3) return true;
    }
    start = end + 1;
  }
  return false;
}

bool HRProcessor::Test(Element*, const std::string& block) {
  if (!MayHoldRule(block)) return false;
  auto m = search_re_.Search(block);
  if (!m) return false;
  match_start_ = m->Start();
  match_end_ = m->End();
  return true;
}

bool HRProcessor::Run(Element* parent, std::deque<std::string>& blocks) {
  parser_->Reach(1);  // a builtin call
  std::string block = std::move(blocks.front());
  blocks.pop_front();
  // Parsing the lines before the rule runs Test again: keep this match's span.
  const size_t start = match_start_;
  const size_t end = match_end_;
  std::string prelines(PyRStripChars(std::string_view(block).substr(0, start), "\n"));
  if (!prelines.empty()) parser_->ParseBlock(parent, prelines);
  parent->SubElement("hr");
  std::string postlines(PyLStripChars(std::string_view(block).substr(end), "\n"));
  if (!postlines.empty()) blocks.push_front(std::move(postlines));
  return true;
}

// ---- ReferenceProcessor -----------------------------------------------------

ReferenceProcessor::ReferenceProcessor(BlockParser* parser)
    : BlockProcessor(parser),
      re_(R"(^[ ]{0,3}\[([^\[\]]*)\]:[ ]*\n?[ ]*([^\s]+)[ ]*(?:\n[ ]*)?((["'])(.*)\4[ ]*|\((.*)\)[ ]*)?$)",
          Regex::kMultiline) {}

bool ReferenceProcessor::Test(Element*, const std::string&) { return true; }

// Stores the first definition found in the block; the text after and before
// it goes back as separate blocks. Declines when the block has none.
// When nothing comes before the definition, the definitions that follow
// it are taken too, each as Python would take it from the rest handed back
// (see HashHeaderProcessor::Run).
bool ReferenceProcessor::Run(Element* parent, std::deque<std::string>& blocks) {
  parser_->Reach(1);  // a builtin call
  // Every definition holds "]:"; a block without one is declined unsearched.
  if (blocks.front().find("]:") == std::string::npos || !re_.Search(blocks.front())) return false;
  const std::string block = std::move(blocks.front());
  blocks.pop_front();
  auto m = re_.Search(block);
  Store(*m);
  std::string_view before = std::string_view(block).substr(0, m->Start());
  size_t end = m->End();
  while (IsBlank(before) && !IsBlank(std::string_view(block).substr(end))) {
    size_t next_start = block.find_first_not_of('\n', end);
    auto next = re_.MatchAt(block, next_start);
    if (!next ||
        !parser_->AllAboveDecline(this, parent, std::string_view(block).substr(next_start)))
      break;
    Store(*next);
    end = next->End();
  }
  std::string_view after = std::string_view(block).substr(end);
  if (!IsBlank(after)) blocks.emplace_front(PyLStripChars(after, "\n"));
  if (!IsBlank(before)) blocks.emplace_front(PyRStripChars(before, "\n"));
  return true;
}

void ReferenceProcessor::Store(const Match& m) {
  std::string id = PyLower(PyStrip(m.Group(1)));
  Reference ref;
  ref.href = std::string(PyRStripChars(PyLStripChars(m.Group(2), "<"), ">"));
  if (!m.Group(5).empty()) {
    ref.title = std::string(m.Group(5));
    ref.has_title = true;
  } else if (m.Has(6)) {
    ref.title = std::string(m.Group(6));
    ref.has_title = true;
  }
  parser_->md->references[id] = std::move(ref);
}

// ---- ParagraphProcessor -----------------------------------------------------

bool ParagraphProcessor::Test(Element*, const std::string&) { return true; }

// A non-blank block becomes a <p>; inside a tight list it is added to the
// item's text (or the tail of its last child) instead.
bool ParagraphProcessor::Run(Element* parent, std::deque<std::string>& blocks) {
  parser_->Reach(2);  // isstate -> len
  std::string block = std::move(blocks.front());
  blocks.pop_front();
  if (IsBlank(block)) return true;
  if (parser_->state.IsState("list")) {
    Element* sibling = LastChild(parent);
    if (sibling != nullptr) {
      if (Truthy(sibling->tail)) {
        sibling->tail->append("\n").append(block);
      } else {
        sibling->tail = "\n" + block;
      }
    } else if (Truthy(parent->text)) {
      parent->text->append("\n").append(block);
    } else {
      parent->text = std::string(PyLStrip(block));
    }
  } else {
    Element* p = parent->SubElement("p");
    block.erase(0, block.size() - PyLStrip(block).size());  // in place: no copy of the block
    p->text = std::move(block);
  }
  return true;
}

// ---- the core parser ----------------------------------------------------------

std::unique_ptr<BlockParser> BuildBlockParser(Markdown& md) {
  auto parser = std::make_unique<BlockParser>(&md);
  BlockParser* p = parser.get();
  auto& reg = parser->blockprocessors;
  reg.Register(std::make_unique<EmptyBlockProcessor>(p), "empty", 100);
  reg.Register(std::make_unique<ListIndentProcessor>(p), "indent", 90);
  reg.Register(std::make_unique<CodeBlockProcessor>(p), "code", 80);
  reg.Register(std::make_unique<HashHeaderProcessor>(p), "hashheader", 70);
  reg.Register(std::make_unique<SetextHeaderProcessor>(p), "setextheader", 60);
  reg.Register(std::make_unique<HRProcessor>(p), "hr", 50);
  reg.Register(std::make_unique<OListProcessor>(p), "olist", 40);
  reg.Register(std::make_unique<UListProcessor>(p), "ulist", 30);
  reg.Register(std::make_unique<BlockQuoteProcessor>(p), "quote", 20);
  reg.Register(std::make_unique<ReferenceProcessor>(p), "reference", 15);
  reg.Register(std::make_unique<ParagraphProcessor>(p), "paragraph", 10);
  return parser;
}

}  // namespace stacks::markdown
