#include "markdown/core.h"

#include <algorithm>

#include "markdown/blockparser.h"
#include "markdown/inlinepatterns.h"

namespace stacks::markdown {

Markdown::Markdown(const Options& options) : options_(options) {
  tab_length = options.tab_length;
  escaped_chars = {'\\', '`', '*', '_', '{', '}', '[', ']', '(', ')', '>', '#', '+', '-', '.', '!'};
  block_level_elements = {
      "address", "article", "aside", "blockquote", "details", "div", "dl", "fieldset",
      "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header",
      "hgroup", "hr", "main", "menu", "nav", "ol", "p", "pre", "section", "table", "ul",
      "canvas", "colgroup", "dd", "body", "dt", "group", "iframe", "li", "legend", "math", "map",
      "noscript", "output", "object", "option", "progress", "script", "style", "summary",
      "tbody", "td", "textarea", "tfoot", "th", "thead", "tr", "video"};
  BuildParser();
  for (const std::string& name : options.extensions) {
    const nlohmann::json* config = nullptr;
    if (options.extension_configs.is_object()) {
      auto it = options.extension_configs.find(name);
      if (it != options.extension_configs.end()) {
        config = &*it;
      } else {
        std::string canonical = CanonicalExtensionName(name);
        for (auto& [key, value] : options.extension_configs.items())
          if (CanonicalExtensionName(key) == canonical) config = &value;
      }
    }
    static const nlohmann::json kEmpty = nlohmann::json::object();
    AddExtension(name, config ? *config : kEmpty);
  }
  // Python: format.lower().rstrip('145')
  std::string format = AsciiLowerCopy(options.output_format);
  while (!format.empty() && (format.back() == '1' || format.back() == '4' || format.back() == '5'))
    format.pop_back();
  output_format = format;
  if (format != "html" && format != "xhtml")
    construction_errors_.push_back("Invalid Output Format: \"" + format +
                                   "\". Use one of \"html\", \"xhtml\".");
  Reset();
}

Markdown::~Markdown() = default;

std::vector<std::string> Preprocessor::Run(std::vector<std::string> lines) {
  std::string text = JoinWith(lines, "\n");
  RunText(text);
  return SplitOn(text, "\n");
}

void Preprocessor::RunText(std::string& text) {
  text = JoinWith(Run(SplitOn(text, "\n")), "\n");
}

std::string Markdown::AsciiLowerCopy(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
  return out;
}

void Markdown::BuildParser() {
  BuildPreprocessors(*this);
  parser = BuildBlockParser(*this);
  BuildInlinePatterns(*this);
  BuildTreeprocessors(*this);
  BuildPostprocessors(*this);
}

bool Markdown::AddExtension(std::string_view name, const nlohmann::json& config) {
  std::string canonical = CanonicalExtensionName(name);
  std::unique_ptr<Extension> ext = MakeExtension(canonical, config);
  if (!ext) {
    construction_errors_.push_back("Failed loading extension \"" + std::string(name) + "\".");
    return false;
  }
  loaded_.push_back(canonical);
  ext->ExtendMarkdown(*this);
  extensions.push_back(std::move(ext));
  return true;
}

bool Markdown::HasExtension(std::string_view canonical) const {
  return std::find(loaded_.begin(), loaded_.end(), canonical) != loaded_.end();
}

const nlohmann::json& Markdown::ExtensionConfig(std::string_view name) const {
  static const nlohmann::json kEmpty = nlohmann::json::object();
  const auto& all = options_.extension_configs;
  if (!all.is_object()) return kEmpty;
  for (auto it = all.begin(); it != all.end(); ++it)
    if (CanonicalExtensionName(it.key()) == name) return it.value();
  return kEmpty;
}

void Markdown::Reset() {
  html_stash.Reset();
  html_stash.tag_data.clear();
  references.clear();
  for (Extension* ext : reset_extensions_) ext->Reset();
}

// Whether `lowered` equals `tag` with its ASCII capitals lowered (the
// sizes being equal).
static bool EqualsLowered(std::string_view lowered, std::string_view tag) {
  for (size_t i = 0; i < tag.size(); ++i) {
    char c = tag[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
    if (c != lowered[i]) return false;
  }
  return true;
}

// The bucket of a tag: its length, first and last letter, ASCII case folded
// (so a tag and its lowered form share a bucket). The default list of
// Python-Markdown spreads to at most two names a bucket.
size_t Markdown::BlockLevelBucket(std::string_view tag) {
  if (tag.empty()) return 0;
  unsigned first = static_cast<unsigned char>(tag.front()) | 0x20;
  unsigned last = static_cast<unsigned char>(tag.back()) | 0x20;
  return (tag.size() * 37 + first * 5 + last) % kBlockLevelBuckets;
}

// The index is rebuilt only when the list differs from the one it was
// built from (extensions change it while they are set up, if at all).
void Markdown::IndexBlockLevelElements() {
  if (block_level_index_source_ != block_level_elements) {
    for (auto& bucket : block_level_index_) bucket.clear();
    for (const std::string& name : block_level_elements)
      block_level_index_[BlockLevelBucket(name)].push_back(name);
    block_level_index_source_ = block_level_elements;
  }
  block_level_indexed_ = true;
}

// Python `tag.lower().rstrip('/') in block_level_elements`, compared in
// place (it is asked for every element, several times). During a
// conversion only the names in the tag's bucket are compared.
bool Markdown::IsBlockLevel(std::string_view tag) const {
  while (!tag.empty() && tag.back() == '/') tag.remove_suffix(1);
  const std::vector<std::string>& names =
      block_level_indexed_ ? block_level_index_[BlockLevelBucket(tag)] : block_level_elements;
  for (const std::string& name : names)
    if (name.size() == tag.size() && EqualsLowered(name, tag)) return true;
  return false;
}

std::string Markdown::Serialize(const Element& root) const {
  return SerializeHtml(root, output_format == "xhtml");
}

// The treeprocessors and the serializer walk the tree recursively, as Python
// does; Python gives up (RecursionError) on trees about a thousand levels
// deep. Deeper trees are cut at kMaxTreeDepth, with an error for the caller,
// so no input can exhaust the stack.
void Markdown::LimitTreeDepth(Element& root) {
  constexpr size_t kMaxTreeDepth = 2000;
  if (TreeDepth(root) <= kMaxTreeDepth) return;
  PruneDeeperThan(root, kMaxTreeDepth);
  if (result)
    result->errors.push_back("the document nests blocks more than " +
                             std::to_string(kMaxTreeDepth) +
                             " levels deep; the deeper content was left out");
}

namespace {

// Keeps only `part` (a view into `text`), in place.
void KeepOnly(std::string& text, std::string_view part) {
  size_t from = static_cast<size_t>(part.data() - text.data());
  text.erase(from + part.size());
  text.erase(0, from);
}

}  // namespace

// Python-Markdown's convert: preprocess lines, parse blocks into a tree, run
// the treeprocessors, serialize, cut the wrapping <div> off, postprocess.
std::string Markdown::Convert(std::string_view source) {
  if (PyStrip(source).empty()) return "";
  // The bucket index serves this conversion only (see IndexBlockLevelElements).
  IndexBlockLevelElements();
  struct Unindex {
    bool& flag;
    ~Unindex() { flag = false; }
  } unindex{block_level_indexed_};
  // The lines travel joined (see Preprocessor); normalize_whitespace
  // appends two lines.
  std::string text;
  text.reserve(source.size() + 2);
  text.append(source);
  for (Preprocessor* p : preprocessors.Items()) p->RunText(text);
  ElementPtr root = parser->ParseText(text);
  LimitTreeDepth(*root);
  for (Treeprocessor* t : treeprocessors.Items()) {
    ElementPtr replacement = t->Run(root.get());
    if (replacement) root = std::move(replacement);
  }
  std::string output = Serialize(*root);
  if (strip_top_level_tags) {
    size_t start = output.find("<div>");
    size_t end = output.rfind("</div>");
    if (start != std::string::npos && end != std::string::npos && end >= start + 5) {
      KeepOnly(output, PyStrip(std::string_view(output).substr(start + 5, end - start - 5)));
    } else {
      output.clear();  // "<div />": an empty document
    }
  }
  for (Postprocessor* p : postprocessors.Items()) output = p->Run(std::move(output));
  KeepOnly(output, PyStrip(output));
  return output;
}

}  // namespace stacks::markdown
