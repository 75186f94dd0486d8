// Python's html.parser.HTMLParser (CPython 3.11) as Python-Markdown 3.4.1
// patches and extends it in markdown/htmlparser.py, and the HTMLExtractor
// built on it, which cuts raw HTML blocks out of a Markdown source.
//
// The port keeps Python's quirks on purpose, because the output must match:
//   - positions handed to the handlers come from Python's line/offset
//     bookkeeping, which counts code points and which goes wrong once the
//     first pass stops early and the buffer is sliced (lineno is not reset);
//   - an incomplete start tag is plain data, `<?` and `<!` only open markup
//     at the start of a line (or in a block's tail), entity references need
//     their `;`, processing instructions end at `?>`;
//   - a comment whose end the extractor misreads sends the parser back to
//     the start of its buffer (bounded here, see HtmlExtractor::UpdatePos).
// Unlike Python, scanning stays linear on hostile input: searches that run to
// the end of the text are cached, and the start-tag scanner memoizes where a
// tag that runs on would end (see HtmlParser::Scanner in the .cc).
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace stacks::markdown {

class Markdown;

/// A start tag's attributes as html.parser reports them: lower-cased names,
/// values unquoted and entity-decoded, nullopt for a valueless attribute.
using HtmlAttrs = std::vector<std::pair<std::string, std::optional<std::string>>>;

/// Python `html.unescape`: decodes named (HTML5 table) and numeric character
/// references the way a browser does.
std::string HtmlUnescape(std::string_view s);

class HtmlParser {
 public:
  HtmlParser();
  virtual ~HtmlParser();
  HtmlParser(const HtmlParser&) = delete;
  HtmlParser& operator=(const HtmlParser&) = delete;

  /// Python `feed` (called once with the whole text).
  void Feed(std::string_view data);
  /// Python `close`: parses what is left as if the text ended there.
  virtual void Close();

 protected:
  static constexpr long kIncomplete = -1;

  // ---- handlers (Python's handle_* methods) ----
  virtual void HandleStartTag(const std::string& tag, HtmlAttrs& attrs) {}
  virtual void HandleEndTag(const std::string& tag) {}
  virtual void HandleStartEndTag(const std::string& tag, HtmlAttrs& attrs) {
    HandleStartTag(tag, attrs);
    HandleEndTag(tag);
  }
  virtual void HandleData(std::string_view data) {}
  virtual void HandleCharRef(std::string_view name) {}
  virtual void HandleEntityRef(std::string_view name) {}
  virtual void HandleComment(std::string_view data) {}
  virtual void HandleDecl(std::string_view decl) {}
  virtual void HandlePi(std::string_view data) {}
  virtual void UnknownDecl(std::string_view data) {}

  // ---- overridable parsing steps; `i` and results are byte offsets into
  // the whole fed text, kIncomplete when the construct is not terminated ----
  virtual long ParsePi(size_t i) { return BaseParsePi(i); }
  virtual long ParseHtmlDeclaration(size_t i) { return BaseParseHtmlDeclaration(i); }
  virtual long ParseBogusComment(size_t i) { return BaseParseBogusComment(i, true); }
  /// Python `updatepos`; returns `j`.
  virtual size_t UpdatePos(size_t i, size_t j);

  long BaseParsePi(size_t i);
  long BaseParseHtmlDeclaration(size_t i);
  long BaseParseBogusComment(size_t i, bool report);
  long ParseComment(size_t i);
  long ParseMarkedSection(size_t i);

  void SetCdataMode(const std::string& elem);
  void ClearCdataMode();
  bool in_cdata() const { return !cdata_elem_.empty(); }
  static bool IsCdataContentElement(std::string_view tag) {
    return tag == "script" || tag == "style";
  }
  const std::string& get_starttag_text() const { return starttag_text_; }

  // ---- Python's view of the buffer ----
  /// `self.rawdata`: the unparsed rest of the text (a suffix of what was fed).
  std::string_view rawdata() const { return std::string_view(raw_).substr(base_); }
  /// `self.rawdata[start:]` with `start` in code points, clamped as Python slices.
  std::string_view RawFromCp(size_t start_cp) const;
  /// `self.rawdata[start:end]` with code-point indexes.
  std::string_view RawSliceCp(size_t start_cp, size_t end_cp) const;
  /// Byte offset (into the fed text) of code-point index `cp` of rawdata, clamped.
  size_t AbsByteOfRawCp(size_t cp) const;
  /// The whole fed text; parse positions index it.
  std::string_view text() const { return raw_; }
  /// Python HTMLExtractor's `line_offset`: code-point index in rawdata where
  /// line `lineno` starts, found by counting newlines from the start of
  /// rawdata (so it is off once rawdata was sliced, as in Python).
  size_t LineOffset() const;
  size_t lineno() const { return lineno_; }
  /// Where rawdata starts in text().
  size_t window_start() const { return base_; }
  size_t offset() const { return offset_; }

  /// Finds '>' at or after byte `from`, as `str.find` (npos when absent).
  size_t FindGt(size_t from);

 private:
  class Scanner;
  void GoAhead(bool end);
  long ParseStartTag(size_t i);
  long ParseEndTag(size_t i);
  long CheckForWholeStartTag(size_t i);
  bool HandleAmpersand(size_t& i);
  size_t CpIndex(size_t abs_byte) const;
  void IndexText();

  std::string raw_;
  size_t base_ = 0;  ///< where Python's rawdata starts in raw_
  size_t lineno_ = 1;
  size_t offset_ = 0;  ///< in code points, as Python counts
  std::string cdata_elem_;
  std::string starttag_text_;
  // Code-point <-> byte maps; empty when the text is ASCII.
  std::vector<uint32_t> byte_to_cp_;
  std::vector<uint32_t> cp_to_byte_;

 protected:
  std::vector<size_t> newlines_;  ///< byte offsets of every '\n' in raw_
  std::unique_ptr<Scanner> scanner_;
};

/// A stack of tag names that also answers "is `tag` anywhere in it" in
/// constant time (Python's `tag in stack` on a list is a scan, and deep
/// nesting made that quadratic).
class TagStack {
 public:
  void Push(const std::string& tag) {
    items_.push_back(tag);
    ++counts_[tag];
  }
  std::string Pop() {
    std::string top = std::move(items_.back());
    items_.pop_back();
    if (--counts_[top] == 0) counts_.erase(top);
    return top;
  }
  bool Contains(const std::string& tag) const { return counts_.count(tag) != 0; }
  bool empty() const { return items_.empty(); }
  const std::string& front() const { return items_.front(); }

 private:
  std::vector<std::string> items_;
  std::unordered_map<std::string, size_t> counts_;
};

class HtmlExtractor;

/// Feeds `source` to a fresh extractor from `make` and closes it; returns
/// the cleaned text. Should the extractor loop where Python never finishes,
/// it is run again with the comment rewind replaced by a step forward.
std::string ExtractRawHtml(const std::function<std::unique_ptr<HtmlExtractor>()>& make,
                           std::string_view source);

/// Python-Markdown's HTMLExtractor: keeps the text, replacing each raw HTML
/// block (and standalone comments, declarations, ...) by a stash placeholder.
class HtmlExtractor : public HtmlParser {
 public:
  explicit HtmlExtractor(Markdown& md);
  /// Thrown when the comment rewind (see UpdatePos) keeps coming back,
  /// where Python would loop forever.
  struct RewindLoop {};
  /// Handle a comment that does not end in a plain "-->" by moving on past
  /// its '<' instead of rewinding as Python does.
  void set_sane_comment_rewind(bool sane) { sane_comment_rewind_ = sane; }
  void Close() override;
  /// The text with raw HTML stashed (`''.join(cleandoc)`).
  std::string CleanDoc() const;

 protected:
  bool AtLineStart() const;
  /// line_offset + offset: where Python believes the current token starts.
  size_t CurrentCp() const { return LineOffset() + offset(); }
  std::string GetEndTagText(const std::string& tag);
  /// blank_line_re.match(rawdata[line_offset + offset + len(text):]).
  bool BlankLineAfter(std::string_view text) const;

  void HandleStartTag(const std::string& tag, HtmlAttrs& attrs) override;
  void HandleEndTag(const std::string& tag) override;
  void HandleData(std::string_view data) override;
  virtual void HandleEmptyTag(std::string data, bool is_block);
  void HandleStartEndTag(const std::string& tag, HtmlAttrs& attrs) override;
  void HandleCharRef(std::string_view name) override;
  void HandleEntityRef(std::string_view name) override;
  void HandleComment(std::string_view data) override;
  void HandleDecl(std::string_view data) override;
  void HandlePi(std::string_view data) override;
  void UnknownDecl(std::string_view data) override;
  size_t UpdatePos(size_t i, size_t j) override;
  long ParsePi(size_t i) override;
  long ParseHtmlDeclaration(size_t i) override;
  long ParseBogusComment(size_t i) override;
  /// The #1534 work-around both ParseHtmlDeclaration overrides share.
  long ParseDeclarationAtBlockStart(size_t i);

  Markdown& md_;
  bool inraw_ = false;
  bool intail_ = false;
  TagStack stack_;
  std::vector<std::string> cache_;
  std::vector<std::string> cleandoc_;
  bool override_comment_update_ = false;
  bool sane_comment_rewind_ = false;
  size_t rewound_bytes_ = 0;
  static bool IsEmptyTag(std::string_view tag) { return tag == "hr"; }
  std::string JoinCache();
};

}  // namespace stacks::markdown
