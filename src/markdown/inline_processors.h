// The core inline pattern classes of Python-Markdown (inlinepatterns.py) and
// the `inline` treeprocessor that applies them (treeprocessors.InlineProcessor).
// Extensions subclass these exactly as their Python counterparts subclass the
// Python classes.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "markdown/core.h"
#include "markdown/inlinepatterns.h"

namespace stacks::markdown {

class SinglePassLegacyPattern;

// ---- regular expressions of the core patterns (Python names) ---------------

inline constexpr std::string_view kBacktickRe =
    R"((?:(?<!\\)((?:\\{2})+)(?=`+)|(?<!\\)(`+)(.+?)(?<!`)\2(?!`)))";
inline constexpr std::string_view kEscapeRe = R"(\\(.))";
inline constexpr std::string_view kEmphasisRe = R"((\*)([^\*]+)\1)";
inline constexpr std::string_view kStrongRe = R"((\*{2})(.+?)\1)";
inline constexpr std::string_view kSmartStrongRe = R"((?<!\w)(_{2})(?!_)(.+?)(?<!_)\1(?!\w))";
inline constexpr std::string_view kSmartEmphasisRe = R"((?<!\w)(_)(?!_)(.+?)(?<!_)\1(?!\w))";
inline constexpr std::string_view kSmartStrongEmRe =
    R"((?<!\w)(\_)\1(?!\1)(.+?)(?<!\w)\1(?!\1)(.+?)\1{3}(?!\w))";
inline constexpr std::string_view kEmStrongRe = R"((\*)\1{2}(.+?)\1(.*?)\1{2})";
inline constexpr std::string_view kEmStrong2Re = R"((_)\1{2}(.+?)\1(.*?)\1{2})";
inline constexpr std::string_view kStrongEmRe = R"((\*)\1{2}(.+?)\1{2}(.*?)\1)";
inline constexpr std::string_view kStrongEm2Re = R"((_)\1{2}(.+?)\1{2}(.*?)\1)";
inline constexpr std::string_view kStrongEm3Re = R"((\*)\1(?!\1)([^*]+?)\1(?!\1)(.+?)\1{3})";
inline constexpr std::string_view kLinkRe = R"((?<!\!)\[)";
inline constexpr std::string_view kImageLinkRe = R"(\!\[)";
inline constexpr std::string_view kReferenceRe = kLinkRe;
inline constexpr std::string_view kImageReferenceRe = kImageLinkRe;
inline constexpr std::string_view kNotStrongRe = R"(((^|\s)(\*|_)(\s|$)))";
inline constexpr std::string_view kAutolinkRe = R"(<((?:[Ff]|[Hh][Tt])[Tt][Pp][Ss]?://[^<>]*)>)";
inline constexpr std::string_view kAutomailRe = R"(<([^<> !]+@[^@<> ]+)>)";
inline constexpr std::string_view kHtmlRe =
    R"((<(\/?[a-zA-Z][^<>@ ]*( [^<>]*)?|!--(?:(?!<!--|-->).)*--)>))";
inline constexpr std::string_view kEntityRe = R"((&(?:\#[0-9]+|\#x[0-9a-fA-F]+|[a-zA-Z0-9]+);))";
inline constexpr std::string_view kLineBreakRe = "  \n";
/// The github_emoji extension's short code `:name:` (a single-pass legacy pattern).
inline constexpr std::string_view kEmojiShortCodeRe = R"((:)((?:[\+\-])?[_0-9a-zA-Z]*?):)";

/// Python `dequote`: strips one pair of matching outer quotes.
std::string Dequote(std::string_view s);

/// While the inline treeprocessor applies patterns to a text, that text does
/// not change between two of its replacements. This returns a number naming
/// the current unchanged state when `data` is exactly (same bytes, same
/// place) the text being processed, and 0 otherwise, so patterns can keep
/// the results of scans over it (see LinkInlineProcessor::GetText).
uint64_t StableTextId(std::string_view data);

// ---- the inline treeprocessor ----------------------------------------------

/// Python `treeprocessors.InlineProcessor`. Runs a registry of inline
/// patterns over every non-atomic text and tail of the tree. Matches are
/// replaced by placeholders whose nodes sit in a stash, then the placeholders
/// are expanded back into elements and text.
class InlineTreeprocessor : public Treeprocessor {
 public:
  /// Uses `patterns` (not owned), or `md.inline_patterns` when null.
  explicit InlineTreeprocessor(Markdown* md, Registry<InlinePattern>* patterns = nullptr);
  ElementPtr Run(Element* root) override { return Run(root, {}); }
  /// `ancestors`: tags of the elements above `root`, outermost first.
  ElementPtr Run(Element* root, std::vector<std::string> ancestors);

  /// A stashed node: an element (owned until it is put into the tree) or a string.
  struct Stashed {
    ElementPtr owned;
    Element* element = nullptr;
    std::string text;
  };
  /// The node a placeholder id (the digits, e.g. "0003") stands for, or null.
  const Stashed* FindStashed(std::string_view id) const;

 private:
  struct Text {
    std::string s;
    bool atomic = false;
  };
  struct Placed {
    ElementPtr node;
    std::vector<std::string> ancestors;
  };

  std::string StashNode(Stashed node);
  Text HandleInline(Text data, size_t pattern_index = 0);
  std::string StashResult(InlineResult result, size_t pattern_index);
  bool ApplyInOnePass(SinglePassLegacyPattern* pattern, std::string& data,
                      size_t pattern_index, size_t start_index);
  // `clean` is the length of the text's prefix known to hold no character
  // a match of the pattern can start with (see ResumeAfterReplacement).
  bool ApplyPattern(InlinePattern* pattern, std::string& data, size_t pattern_index,
                    size_t& start_index, size_t& clean);
  bool Excluded(const InlinePattern& pattern) const;
  /// `not_strong`: the pattern is not_strong (searched by SearchNotStrong).
  static InlineResult SearchNewStyle(InlinePattern& pattern, std::string_view data, size_t pos,
                                     bool not_strong);
  bool ApplyEverywhere(InlinePattern* pattern, std::string& data, size_t pattern_index,
                       std::string_view start_chars);
  void ProcessNewNode(Element* node, size_t pattern_index);
  void ProcessNewNodeTexts(Element* child, size_t pattern_index);
  void ExpandNodeTexts(Element* node);
  std::vector<Placed> ProcessPlaceholders(Text data, Element* parent, bool is_text);
  void ProcessElementText(Element* node, Element* subnode, bool is_text);
  ElementPtr TakeStashed(size_t index);
  void BuildAncestors(Element* parent, std::vector<std::string>& parents) const;

  Registry<InlinePattern>* patterns_;
  std::vector<InlinePattern*> items_;
  void AssignRequiredBits();
  std::vector<uint64_t> required_bits_;  // RequiredChars as bits of byte_bits_, one per item (0: none)
  uint64_t byte_bits_[256] = {};         // the bit standing for each required byte, or 0
  char bit_bytes_[64] = {};              // the byte each bit stands for
  uint64_t placeholder_bits_ = 0;        // the bits of the bytes a placeholder holds
  std::vector<bool (*)(std::string_view)> may_match_;  // see MayMatchFilter, one per item
  std::vector<std::string_view> start_chars_;           // see MatchStartChars, one per item
  std::vector<bool> not_strong_;                        // whether each item is not_strong
  std::vector<Stashed> stash_;
  std::vector<std::string> ancestors_;
  bool track_ancestors_ = false;  ///< some pattern has ancestor_excludes
  std::unordered_map<const Element*, Element*> parent_map_;
};

// ---- core pattern classes ----------------------------------------------------

/// Returns group 1 as plain text (NOT_STRONG).
class SimpleTextInlineProcessor : public InlinePattern {
 public:
  explicit SimpleTextInlineProcessor(std::string_view pattern, Markdown* md = nullptr)
      : InlinePattern(pattern, md) {}
  InlineResult HandleMatch(const Match& m, std::string_view data) override;
};

/// A backslash escape of one of `md.escaped_chars` becomes STX<code>ETX.
class EscapeInlineProcessor : public InlinePattern {
 public:
  EscapeInlineProcessor(std::string_view pattern, Markdown* md) : InlinePattern(pattern, md) {}
  InlineResult HandleMatch(const Match& m, std::string_view data) override;
};

/// An element `tag` whose text is group 2.
class SimpleTagInlineProcessor : public InlinePattern {
 public:
  SimpleTagInlineProcessor(std::string_view pattern, std::string tag, Markdown* md = nullptr)
      : InlinePattern(pattern, md), tag(std::move(tag)) {}
  InlineResult HandleMatch(const Match& m, std::string_view data) override;
  std::string tag;
};

/// An empty element `tag` (line breaks).
class SubstituteTagInlineProcessor : public SimpleTagInlineProcessor {
 public:
  using SimpleTagInlineProcessor::SimpleTagInlineProcessor;
  InlineResult HandleMatch(const Match& m, std::string_view data) override;
};

/// `tag` = "outer,inner": <outer><inner>group 2</inner>group 3</outer>.
class DoubleTagInlineProcessor : public SimpleTagInlineProcessor {
 public:
  using SimpleTagInlineProcessor::SimpleTagInlineProcessor;
  InlineResult HandleMatch(const Match& m, std::string_view data) override;
};

/// Code spans, and pairs of backslashes before backticks.
class BacktickInlineProcessor : public InlinePattern {
 public:
  explicit BacktickInlineProcessor(std::string_view pattern, Markdown* md = nullptr)
      : InlinePattern(pattern, md) {}
  InlineResult HandleMatch(const Match& m, std::string_view data) override;
};

/// Raw inline HTML (and entities): stored in the HTML stash.
class HtmlInlineProcessor : public InlinePattern {
 public:
  HtmlInlineProcessor(std::string_view pattern, Markdown* md) : InlinePattern(pattern, md) {}
  InlineResult HandleMatch(const Match& m, std::string_view data) override;
  /// Placeholders become the serialized HTML of their nodes.
  std::string Unescape(std::string_view text) const override;
};

/// One emphasis/strong rule of the asterisk and underscore processors.
/// Make them with AsteriskProcessor::Item, which anchors the pattern (\G).
struct EmStrongItem {
  enum class Builder { kSingle, kDouble, kDouble2 };
  std::shared_ptr<const Regex> pattern;
  /// A hand-written matcher doing exactly what `pattern` does, or null.
  InlinePattern::Finder matcher = nullptr;
  Builder builder;
  std::string tags;  ///< "strong" or "strong,em"
  /// Every match starts with `lead_run` copies of `lead` (0: not known);
  /// a text without them there is not searched.
  char lead = 0;
  size_t lead_run = 0;
};

/// Emphasis and strong with `*`, trying each EmStrongItem in order.
class AsteriskProcessor : public InlinePattern {
 public:
  explicit AsteriskProcessor(std::string_view pattern, Markdown* md = nullptr);
  AsteriskProcessor(std::string_view pattern, std::vector<EmStrongItem> items,
                    Markdown* md = nullptr)
      : InlinePattern(pattern, md), items_(std::move(items)) {}
  InlineResult HandleMatch(const Match& m, std::string_view data) override;

  static EmStrongItem Item(std::string_view re, EmStrongItem::Builder builder, std::string tags);
  /// `item.pattern` matched at `pos` of `data` (its hand matcher when it has one).
  static std::optional<Match> MatchItem(const EmStrongItem& item, std::string_view data, size_t pos);

 protected:
  ElementPtr BuildElement(const Match& m, EmStrongItem::Builder builder, const std::string& tags,
                          size_t index);
  void ParseSubPatterns(std::string_view data, Element* parent, Element* last, size_t index);

  std::vector<EmStrongItem> items_;
};

/// Emphasis and strong with `_` (word-boundary aware).
class UnderscoreProcessor : public AsteriskProcessor {
 public:
  explicit UnderscoreProcessor(std::string_view pattern, Markdown* md = nullptr);
};

/// `[text](href "title")` with nested brackets and parentheses.
class LinkInlineProcessor : public InlinePattern {
 public:
  LinkInlineProcessor(std::string_view pattern, Markdown* md) : InlinePattern(pattern, md) {}
  InlineResult HandleMatch(const Match& m, std::string_view data) override;

 protected:
  struct TextResult {
    std::string text;
    size_t index;
    bool handled;
  };
  struct LinkResult {
    std::string href;
    std::optional<std::string> title;
    size_t index;
    bool handled;
  };
  /// The text between `[` and its matching `]`, starting at `index`.
  TextResult GetText(std::string_view data, size_t index) const;
  /// The `(href "title")` part starting at `index`.
  LinkResult GetLink(std::string_view data, size_t index) const;

 private:
  /// Scans of the text named `id` (see StableTextId), made at most once per
  /// id, and only after the plain scans over it have done `work` steps
  /// worth twice its size (so making them never costs more than was spent).
  struct Scans {
    uint64_t id = 0;
    std::vector<size_t> bracket_ends;  ///< where GetText's scan from i ends, or npos
    std::vector<size_t> paren_ends;    ///< the same for `(` `)` (GetLink without quotes)
    std::vector<size_t> next_quote;    ///< the first `'` or `"` at or after i, or npos
    uint64_t work_id = 0;
    size_t work = 0;
  };
  /// The scans of `data` when they are made, else null.
  const Scans* ReadyScans(std::string_view data) const;
  /// Counts a plain scan of `scanned` characters over `data`.
  void CountScan(std::string_view data, size_t scanned) const;
  /// GetLink's bracket scan from `start` when the scans decide it (no quote
  /// before the end); nullopt when the full scan is needed.
  std::optional<LinkResult> QuickLinkScan(std::string_view data, size_t start) const;
  mutable Scans scans_;
};

/// `![alt](src "title")`.
class ImageInlineProcessor : public LinkInlineProcessor {
 public:
  using LinkInlineProcessor::LinkInlineProcessor;
  InlineResult HandleMatch(const Match& m, std::string_view data) override;
};

/// `[text][id]` looked up in `md.references`.
class ReferenceInlineProcessor : public LinkInlineProcessor {
 public:
  using LinkInlineProcessor::LinkInlineProcessor;
  InlineResult HandleMatch(const Match& m, std::string_view data) override;

 protected:
  struct IdResult {
    std::string id;
    size_t end;
    bool handled;
  };
  virtual IdResult EvalId(std::string_view data, size_t index, const std::string& text) const;
  virtual ElementPtr MakeTag(const std::string& href, const std::string& title,
                             const std::string& text) const;
};

/// `[id]`.
class ShortReferenceInlineProcessor : public ReferenceInlineProcessor {
 public:
  using ReferenceInlineProcessor::ReferenceInlineProcessor;

 protected:
  IdResult EvalId(std::string_view data, size_t index, const std::string& text) const override;
};

/// `![alt][id]`.
class ImageReferenceInlineProcessor : public ReferenceInlineProcessor {
 public:
  using ReferenceInlineProcessor::ReferenceInlineProcessor;

 protected:
  ElementPtr MakeTag(const std::string& href, const std::string& title,
                     const std::string& text) const override;
};

/// `![id]`.
class ShortImageReferenceInlineProcessor : public ImageReferenceInlineProcessor {
 public:
  using ImageReferenceInlineProcessor::ImageReferenceInlineProcessor;

 protected:
  IdResult EvalId(std::string_view data, size_t index, const std::string& text) const override;
};

/// `<http://...>`.
class AutolinkInlineProcessor : public InlinePattern {
 public:
  AutolinkInlineProcessor(std::string_view pattern, Markdown* md) : InlinePattern(pattern, md) {}
  InlineResult HandleMatch(const Match& m, std::string_view data) override;
};

/// `<me@example.com>`, written with character references.
class AutomailInlineProcessor : public InlinePattern {
 public:
  AutomailInlineProcessor(std::string_view pattern, Markdown* md) : InlinePattern(pattern, md) {}
  InlineResult HandleMatch(const Match& m, std::string_view data) override;
};

// ---- legacy (Pattern) classes, for extensions ------------------------------

/// A legacy pattern that the inline treeprocessor applies in one
/// left-to-right pass, instead of matching again from the start of the text
/// after each replacement as Python does. The result is the same when no
/// match of the bare pattern can start before an earlier match and run into
/// its placeholder (true when the pattern cannot match the STX control
/// character, as `:name:` short codes): the next match is then always after
/// the previous placeholder.
/// The hand matcher standing in for the bare regex `re` of a
/// SinglePassLegacyPattern (a search from a position), or null.
InlinePattern::Finder SinglePassMatcherFor(std::string_view re);

class SinglePassLegacyPattern : public InlinePattern {
 public:
  SinglePassLegacyPattern(std::string_view pattern, Markdown* md)
      : InlinePattern(pattern, md, /*legacy=*/true),
        bare_(pattern, Regex::kDotAll),
        bare_finder_(SinglePassMatcherFor(pattern)) {}
  const Regex& bare_regex() const { return bare_; }
  /// The first match of the bare pattern at or after `pos` (by its hand
  /// matcher when it has one, see SinglePassMatcherFor).
  std::optional<Match> SearchBare(std::string_view data, size_t pos) const {
    return bare_finder_ ? bare_finder_(data, pos) : bare_.Search(data, pos);
  }
  /// The result for `m`, a match of the bare pattern (its groups numbered
  /// one less than in HandleMatch); the result's offsets are ignored.
  virtual InlineResult HandleBareMatch(const Match& m) = 0;

 private:
  Regex bare_;
  InlinePattern::Finder bare_finder_;
};

/// Legacy: group 2 of the wrapped pattern (the pattern's own group 1) as text.
class SimpleTextPattern : public InlinePattern {
 public:
  explicit SimpleTextPattern(std::string_view pattern, Markdown* md = nullptr)
      : InlinePattern(pattern, md, /*legacy=*/true) {}
  InlineResult HandleMatch(const Match& m, std::string_view data) override;
};

/// Legacy: element `tag` with group 3 (the pattern's own group 2) as text.
class SimpleTagPattern : public InlinePattern {
 public:
  SimpleTagPattern(std::string_view pattern, std::string tag, Markdown* md = nullptr)
      : InlinePattern(pattern, md, /*legacy=*/true), tag(std::move(tag)) {}
  InlineResult HandleMatch(const Match& m, std::string_view data) override;
  std::string tag;
};

/// Legacy: an empty element `tag`.
class SubstituteTagPattern : public SimpleTagPattern {
 public:
  using SimpleTagPattern::SimpleTagPattern;
  InlineResult HandleMatch(const Match& m, std::string_view data) override;
};

/// Legacy: `tag` = "outer,inner".
class DoubleTagPattern : public SimpleTagPattern {
 public:
  using SimpleTagPattern::SimpleTagPattern;
  InlineResult HandleMatch(const Match& m, std::string_view data) override;
};

}  // namespace stacks::markdown
