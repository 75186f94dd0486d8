// The Markdown engine's pipeline, laid out as Python-Markdown lays it out:
//
//   source --preprocessors--> lines --block parser--> element tree
//          --treeprocessors (inline patterns, prettify, unescape)--> tree
//          --serializer--> html text --postprocessors--> output
//
// Every stage is a registry of named processors with priorities, so
// extensions add, replace and remove steps exactly as their Python
// counterparts do.
#pragma once

#include <array>
#include <deque>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "markdown/etree.h"
#include "markdown/markdown.h"
#include "markdown/registry.h"
#include "markdown/util.h"

namespace stacks::markdown {

class Markdown;
class BlockParser;
class InlinePattern;

// A preprocessor sees the document as Python's list of lines. The engine
// hands it the lines joined with "\n" (RunText): Python's preprocessors all
// join, work on the text and split again, and the block parser joins the
// final lines, so one text in place saves a split and a join per step.
// A subclass overrides either form; each default goes through the other.
class Preprocessor {
 public:
  explicit Preprocessor(Markdown* md) : md_(md) {}
  virtual ~Preprocessor() = default;
  /// Python `run(lines)`. Default: RunText on the joined lines, split again.
  virtual std::vector<std::string> Run(std::vector<std::string> lines);
  /// `Run` on `text`, the lines joined with "\n", rewritten in place.
  /// Default: split, Run, join.
  virtual void RunText(std::string& text);

 protected:
  Markdown* md_;
};

class Treeprocessor {
 public:
  explicit Treeprocessor(Markdown* md) : md_(md) {}
  virtual ~Treeprocessor() = default;
  /// May return a new root to replace `root`; usually returns null.
  virtual ElementPtr Run(Element* root) = 0;

 protected:
  Markdown* md_;
};

class Postprocessor {
 public:
  explicit Postprocessor(Markdown* md) : md_(md) {}
  virtual ~Postprocessor() = default;
  virtual std::string Run(std::string text) = 0;

 protected:
  Markdown* md_;
};

/// A Markdown extension: registers its processors on a Markdown instance.
class Extension {
 public:
  virtual ~Extension() = default;
  virtual void ExtendMarkdown(Markdown& md) = 0;
  /// Called before each conversion (Python's `reset`).
  virtual void Reset() {}
};

/// A link reference definition: `[id]: href "title"`.
struct Reference {
  std::string href;
  std::string title;
  bool has_title = false;
};

class Markdown {
 public:
  /// Builds the core processors, then registers `options.extensions`.
  /// Unknown extension names are reported through `error`.
  explicit Markdown(const Options& options);
  ~Markdown();

  /// Python `Markdown.convert` (the source must be valid UTF-8, BOM removed).
  std::string Convert(std::string_view source);
  /// Python `Markdown.reset`.
  void Reset();
  bool IsBlockLevel(std::string_view tag) const;
  bool IsBlockLevel(const Element& el) const {
    return el.kind == Element::Kind::kElement && IsBlockLevel(el.tag);
  }

  // ---- configuration, as in Python-Markdown ----
  int tab_length = 4;
  std::string output_format = "xhtml";  ///< "html" or "xhtml" (digits stripped)
  std::vector<char> escaped_chars;      ///< ESCAPED_CHARS
  std::vector<std::string> block_level_elements;
  bool strip_top_level_tags = true;
  const Options& options() const { return options_; }
  /// Configuration of one extension (an object; empty when none was given).
  const nlohmann::json& ExtensionConfig(std::string_view name) const;

  // ---- the pipeline ----
  Registry<Preprocessor> preprocessors;
  std::unique_ptr<BlockParser> parser;
  Registry<InlinePattern> inline_patterns;
  Registry<Treeprocessor> treeprocessors;
  Registry<Postprocessor> postprocessors;

  // ---- per-conversion state ----
  HtmlStash html_stash;
  std::map<std::string, Reference> references;
  /// Results extensions leave for the caller (toc, meta).
  Result* result = nullptr;

  /// Extensions call this to be reset before every conversion.
  void RegisterExtension(Extension* ext) { reset_extensions_.push_back(ext); }
  /// Owned extension objects.
  std::vector<std::unique_ptr<Extension>> extensions;
  /// Serializes a tree the way this instance's output format does.
  std::string Serialize(const Element& root) const;

  /// Registers one extension by any of its accepted names; false if unknown.
  bool AddExtension(std::string_view name, const nlohmann::json& config);
  /// Whether an extension of this canonical name was registered.
  bool HasExtension(std::string_view canonical) const;
  /// Problems met while setting up (unknown extension, bad output format).
  const std::vector<std::string>& construction_errors() const { return construction_errors_; }

 private:
  void BuildParser();
  // block_level_elements hashed into buckets by length, first and last letter;
  // made at the start of a conversion when the list has changed since
  // (extensions change it only while they are set up), used by IsBlockLevel
  // inside Convert.
  static constexpr size_t kBlockLevelBuckets = 256;
  static size_t BlockLevelBucket(std::string_view tag);
  void IndexBlockLevelElements();
  std::array<std::vector<std::string>, kBlockLevelBuckets> block_level_index_;
  std::vector<std::string> block_level_index_source_;  ///< the list the index was built from
  bool block_level_indexed_ = false;
  void LimitTreeDepth(Element& root);
  static std::string AsciiLowerCopy(std::string_view s);
  Options options_;
  std::vector<std::string> construction_errors_;
  std::vector<Extension*> reset_extensions_;
  std::vector<std::string> loaded_;
};

/// Python-Markdown's serializer (`to_html_string` / `to_xhtml_string`).
std::string SerializeHtml(const Element& root, bool xhtml);

// Builders of the core processors (each defined beside its processors).
void BuildPreprocessors(Markdown& md);
std::unique_ptr<BlockParser> BuildBlockParser(Markdown& md);
void BuildInlinePatterns(Markdown& md);
void BuildTreeprocessors(Markdown& md);
void BuildPostprocessors(Markdown& md);
/// The `inline` treeprocessor (runs inline_patterns over the tree).
std::unique_ptr<Treeprocessor> MakeInlineTreeprocessor(Markdown& md);
/// The `html_block` preprocessor (stashes raw HTML blocks).
std::unique_ptr<Preprocessor> MakeHtmlBlockPreprocessor(Markdown& md);

/// Canonical name for any spelling Python-Markdown accepts
/// ("toc", "markdown.extensions.toc", "markdown.extensions.toc:TocExtension").
std::string CanonicalExtensionName(std::string_view name);
/// Builds the extension with a canonical name, or null when unknown.
std::unique_ptr<Extension> MakeExtension(std::string_view canonical, const nlohmann::json& config);

}  // namespace stacks::markdown
