// The tables extension (Python-Markdown 3.4.1): a block whose first row has
// cells separated by `|` and whose second row is a `---|:--:` separator
// becomes a <table>; pipes inside backtick code spans do not split cells.
#include <algorithm>

#include "markdown/blockprocessors.h"
#include "markdown/core.h"
#include "markdown/util.h"

namespace stacks::markdown {

namespace {

constexpr int kPipeLeft = 1;
constexpr int kPipeRight = 2;

std::string_view StripSpaces(std::string_view s) { return PyStripChars(s, " "); }

// Python's RE_END_BORDER, `(?<!\\)(?:\\\\)*\|$`, on a row (no newline): it
// matches a final '|' after an even run of backslashes, the run included
// (an odd run escapes the pipe). Returns the length of that match, or 0.
size_t EndBorderLength(std::string_view row) {
  if (row.empty() || row.back() != '|') return 0;
  size_t run = 0;
  while (run + 1 < row.size() && row[row.size() - 2 - run] == '\\') ++run;
  return run % 2 == 0 ? run + 1 : 0;
}

class TableProcessor : public BlockProcessor {
 public:
  TableProcessor(BlockParser* parser, bool use_align_attribute)
      : BlockProcessor(parser),
        use_align_attribute_(use_align_attribute) {}

  // The header row must have two or more cells (or, with a border, every row
  // a pipe at one end), and the second row must be a separator with as many
  // cells. Remembers the border and the separator for Run.
  // A header row without a pipe has one cell and no border: no table.
  bool SurelyDeclines(Element*, std::string_view block) const override {
    return block.substr(0, block.find('\n')).find('|') == std::string_view::npos;
  }

  // Rows are cut from the block only as far as the test reads them.
  bool Test(Element* parent, const std::string& block) override {
    if (SurelyDeclines(parent, block)) return false;
    std::string_view rest = block;
    auto next_row = [&rest]() {
      size_t newline = rest.find('\n');
      std::string_view row = rest.substr(0, newline);
      rest = newline == std::string_view::npos ? std::string_view() : rest.substr(newline + 1);
      return StripSpaces(row);
    };
    if (block.find('\n') == std::string::npos) return false;
    const std::string header(next_row());
    const std::string_view rows_after_header = rest;
    border_ = 0;
    if (!header.empty() && header[0] == '|') border_ |= kPipeLeft;
    if (EndBorderLength(header) > 0) border_ |= kPipeRight;
    size_t row0_len = SplitRow(header).size();
    bool is_table = row0_len > 1;
    if (!is_table && row0_len == 1 && border_ != 0) {
      bool more = true;
      while (more) {
        more = rest.find('\n') != std::string_view::npos;
        std::string_view row = next_row();
        is_table = (!row.empty() && row[0] == '|') || EndBorderLength(row) > 0;
        if (!is_table) break;
      }
    }
    if (is_table) {
      rest = rows_after_header;
      std::vector<std::string_view> separator = SplitRow(next_row());
      is_table = separator.size() == row0_len && AllSeparatorChars(separator);
      if (is_table) separator_.assign(separator.begin(), separator.end());
    }
    return is_table;
  }

  bool Run(Element* parent, std::deque<std::string>& blocks) override {
    std::vector<std::string> lines = SplitOn(blocks.front(), "\n");
    blocks.pop_front();
    // Each column's alignment attribute value ("" for none), made once.
    std::vector<std::string> align;
    for (const std::string& cell : separator_) {
      std::string_view c = StripSpaces(cell);
      bool left = !c.empty() && c.front() == ':';
      bool right = !c.empty() && c.back() == ':';
      std::string side = left && right ? "center" : left ? "left" : right ? "right" : "";
      if (side.empty() || use_align_attribute_) align.push_back(std::move(side));
      else align.push_back("text-align: " + side + ";");
    }
    Element* table = parent->SubElement("table");
    BuildRow(StripSpaces(lines[0]), table->SubElement("thead"), align);
    Element* tbody = table->SubElement("tbody");
    if (lines.size() < 3) {
      Element* tr = tbody->SubElement("tr");
      for (size_t i = 0; i < align.size(); ++i) tr->SubElement("td");
    } else {
      for (size_t i = 2; i < lines.size(); ++i) BuildRow(StripSpaces(lines[i]), tbody, align);
    }
    return true;
  }

 private:
  static bool AllSeparatorChars(const std::vector<std::string_view>& cells) {
    for (std::string_view cell : cells)
      for (char c : cell)
        if (c != '|' && c != ':' && c != '-' && c != ' ') return false;
    return true;
  }

  // `align` holds each column's attribute value (see Run).
  void BuildRow(std::string_view row, Element* parent, const std::vector<std::string>& align) {
    Element* tr = parent->SubElement("tr");
    const char* tag = parent->tag == "thead" ? "th" : "td";
    const char* attribute = use_align_attribute_ ? "align" : "style";
    std::vector<std::string_view> cells = SplitRow(row);
    for (size_t i = 0; i < align.size(); ++i) {
      Element* c = tr->SubElement(tag);
      c->text = i < cells.size() ? std::string(StripSpaces(cells[i])) : std::string();
      if (!align[i].empty()) c->Set(attribute, align[i]);
    }
  }

  // The cells of a row, as views into it.
  std::vector<std::string_view> SplitRow(std::string_view row) const {
    if (border_ != 0) {
      if (!row.empty() && row[0] == '|') row.remove_prefix(1);
      row.remove_suffix(EndBorderLength(row));
    }
    return Split(row);
  }

  // Python `_split`: finds backtick runs and unescaped pipes; pairs each
  // opening run with the next run of the same length (an escaped opening
  // counts one tick less) to form code regions; splits at the pipes outside
  // every region.
  std::vector<std::string_view> Split(std::string_view row) const {
    std::vector<Tic>& tics = tics_;
    std::vector<size_t>& pipes = pipes_;
    std::vector<std::pair<size_t, size_t>>& regions = regions_;
    tics.clear();
    pipes.clear();
    regions.clear();
    // The matches of Python's RE_CODE_PIPES, `(\\\\)|(\\`+)|(`+)|(\\\|)|(\|)`,
    // left to right as finditer finds them, scanned by hand: an escaped
    // backslash or pipe is passed over, a backtick run (after a backslash or
    // not) is a tic, any other pipe is kept.
    auto run_end = [&row](size_t i) {
      while (i < row.size() && row[i] == '`') ++i;
      return i;
    };
    for (size_t i = 0; i < row.size();) {
      char c = row[i];
      char next = i + 1 < row.size() ? row[i + 1] : '\0';
      if (c == '\\' && (next == '\\' || next == '|')) {
        i += 2;
      } else if (c == '\\' && next == '`') {
        size_t end = run_end(i + 1);
        tics.push_back({end - i - 1, i, end - 1, 1});
        i = end;
      } else if (c == '`') {
        size_t end = run_end(i);
        tics.push_back({end - i, i, end - 1, 0});
        i = end;
      } else {
        if (c == '|') pipes.push_back(i);
        ++i;
      }
    }
    for (size_t pos = 0; pos < tics.size();) {
      // The length may go "negative" in Python; it then never matches a run.
      long size = static_cast<long>(tics[pos].length) - static_cast<long>(tics[pos].escape);
      size_t close = pos + 1;
      while (size != 0 && close < tics.size() && static_cast<long>(tics[close].length) != size)
        ++close;
      if (size == 0 || close >= tics.size()) {
        ++pos;
        continue;
      }
      regions.emplace_back(tics[pos].start, tics[close].end);
      pos = close + 1;
    }
    std::vector<std::string_view> elements;
    elements.reserve(pipes.size() + 1);
    size_t start = 0;
    for (size_t pipe : pipes) {
      bool in_code = false;
      for (const auto& [from, to] : regions) {
        if (pipe < from) break;
        if (pipe <= to) {
          in_code = true;
          break;
        }
      }
      if (in_code) continue;
      elements.push_back(row.substr(start, pipe - start));
      start = pipe + 1;
    }
    elements.push_back(row.substr(start));
    return elements;
  }

  bool use_align_attribute_;

  int border_ = 0;
  std::vector<std::string> separator_;
  // Split's working lists, kept so that each row reuses their room.
  struct Tic {
    size_t length;
    size_t start;
    size_t end;
    size_t escape;
  };
  mutable std::vector<Tic> tics_;
  mutable std::vector<size_t> pipes_;
  mutable std::vector<std::pair<size_t, size_t>> regions_;
};

class TableExtension : public Extension {
 public:
  explicit TableExtension(bool use_align_attribute) : use_align_attribute_(use_align_attribute) {}
  void ExtendMarkdown(Markdown& md) override {
    if (std::find(md.escaped_chars.begin(), md.escaped_chars.end(), '|') == md.escaped_chars.end())
      md.escaped_chars.push_back('|');
    BlockParser* parser = md.parser.get();
    parser->blockprocessors.Register(std::make_unique<TableProcessor>(parser, use_align_attribute_),
                                     "table", 75);
  }

 private:
  bool use_align_attribute_;
};

}  // namespace

// Option `use_align_attribute` (bool, or a string Python's parseBoolValue
// reads); any other option is an error (null).
std::unique_ptr<Extension> MakeTablesExtension(const nlohmann::json& config) {
  bool use_align_attribute = false;
  if (config.is_object()) {
    for (auto it = config.begin(); it != config.end(); ++it) {
      if (it.key() != "use_align_attribute") return nullptr;
      const nlohmann::json& v = it.value();
      if (v.is_boolean()) {
        use_align_attribute = v.get<bool>();
      } else if (v.is_string()) {
        bool ok = true;
        use_align_attribute = ParseBoolValue(v.get<std::string>(), &ok);
        if (!ok) return nullptr;
      } else if (v.is_number()) {
        use_align_attribute = v.get<double>() != 0;
      } else if (v.is_null()) {
        use_align_attribute = false;
      } else {
        return nullptr;
      }
    }
  }
  return std::make_unique<TableExtension>(use_align_attribute);
}

}  // namespace stacks::markdown
