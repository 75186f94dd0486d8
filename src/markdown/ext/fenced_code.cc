// The fenced_code extension (Python-Markdown 3.4.1): blocks between ``` or
// ~~~ fences, with an optional language or `{ attribute list }`, are printed
// (through codehilite when that extension is loaded) and stashed before the
// block parser sees them.
#include <algorithm>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "base/base.h"
#include "markdown/core.h"
#include "markdown/ext/attr_list.h"
#include "markdown/ext/codehilite.h"
#include "markdown/regex.h"

namespace stacks::markdown {

namespace {

// Settings given in a fence's attribute list, in the order first given.
using BlockConfig = std::vector<std::pair<std::string, nlohmann::json>>;

void SetConfig(BlockConfig& config, const std::string& key, nlohmann::json value) {
  for (auto& [k, v] : config) {
    if (k == key) {
      v = std::move(value);
      return;
    }
  }
  config.emplace_back(key, std::move(value));
}

const nlohmann::json* FindConfig(const BlockConfig& config, std::string_view key) {
  for (const auto& [k, v] : config)
    if (k == key) return &v;
  return nullptr;
}

// How Python's f-string prints a setting's value in an attribute: strings
// escaped, lists as their repr. (Python itself fails on a boolean here.)
std::string AttributeText(const nlohmann::json& v) {
  if (v.is_string()) return EscapeAttribHtml(v.get<std::string>());
  if (v.is_boolean()) return v.get<bool>() ? "True" : "False";
  if (v.is_null()) return "None";
  if (v.is_array()) {
    std::string out = "[";
    for (size_t i = 0; i < v.size(); ++i) out += (i ? ", " : "") + AttributeText(v[i]);
    return out + "]";
  }
  return v.dump();
}

// What RenderBlock needs of a fenced block: its span in the text and the
// groups `attrs` (empty when unset), `lang`, `hl_lines` and `code`.
struct FencedBlock {
  size_t start = 0, end = 0;
  std::string_view attrs, lang, hl_lines, code;
};

class FencedBlockPreprocessor : public Preprocessor {
 public:
  FencedBlockPreprocessor(Markdown* md, std::string lang_prefix)
      : Preprocessor(md), lang_prefix_(std::move(lang_prefix)) {}

  // The regex is Python's FENCED_BLOCK_RE with `(?P<code>.*?)(?<=\n)` written
  // as whole lines, `(?P<code>(?:[^\n]*\n)*?)`: the lazy code could only end
  // right after a newline (the header's own, or one of its own lines), so
  // both try the same ends in the same order, and PCRE2 skips a line at once.
  //
  // Python `FencedBlockPreprocessor.run`: repeatedly finds the first fenced
  // block in the joined text and replaces it by a stash placeholder on a
  // line of its own. Python searches again from the start after each
  // replacement; no match can start before the placeholder (an earlier
  // opening fence found no closing fence before, and the placeholder adds
  // none), so the search goes on from the end of the block instead. A block
  // spans whole lines (it starts at a line start, ends at a line end), and
  // its lines become "", the placeholder, "": in the joined text the block
  // is replaced by "\n" placeholder "\n". The result is built in one pass.
  void RunText(std::string& text) override {
    static const Regex kFenced(
        R"((?P<fence>^(?:~{3,}|`{3,}))[ ]*((\{(?P<attrs>[^\}\n]*)\})|)"
        R"((\.?(?P<lang>[\w#.+-]*)[ ]*)?(hl_lines=(?P<quot>"|')(?P<hl_lines>.*?)(?P=quot)[ ]*)?)\n)"
        R"((?P<code>(?:[^\n]*\n)*?)(?P=fence)[ ]*$)",
        Regex::kMultiline | Regex::kDotAll);
    FindDependencies();
    std::string out;
    size_t copied = 0;  // `text` before this offset is in `out`
    size_t pos = 0;
    while (auto block = SearchFenced(kFenced, text, pos)) {
      std::string placeholder = md_->html_stash.Store(RenderBlock(*block));
      if (out.empty()) out.reserve(text.size());
      out.append(text, copied, block->start - copied);
      out.append("\n").append(placeholder).append("\n");
      copied = block->end;
      pos = block->end;
    }
    if (copied == 0) return;
    out.append(text, copied);
    text = std::move(out);
  }

 private:
  // `fenced.Search(text, pos)`, trying only where a match can start: a
  // match starts at a line start with ``` or ~~~, so the regex runs
  // anchored at each such line start from `pos` on, leftmost first (the
  // first that matches is the leftmost match the search would find). Such
  // lines are found as a newline followed by ` or ~ (FindNewlineBefore).
  static std::optional<FencedBlock> SearchFenced(const Regex& fenced, std::string_view text, size_t pos) {
    auto try_at = [&](size_t at) -> std::optional<FencedBlock> {
      std::string_view rest = text.substr(at);
      if (!rest.starts_with("```") && !rest.starts_with("~~~")) return std::nullopt;
      if (auto simple = MatchSimpleFence(text, at)) return simple;
      if (auto m = fenced.MatchAt(text, at)) return FromMatch(*m);
      return std::nullopt;
    };
    if (pos == 0 || (pos <= text.size() && text[pos - 1] == '\n')) {
      if (auto m = try_at(pos)) return m;
    }
    for (size_t newline = FindNewlineBefore(text, pos, '`', '~'); newline != std::string_view::npos;
         newline = FindNewlineBefore(text, newline + 1, '`', '~')) {
      if (auto m = try_at(newline + 1)) return m;
    }
    return std::nullopt;
  }

  static FencedBlock FromMatch(const Match& m) {
    FencedBlock block;
    block.start = m.Start();
    block.end = m.End();
    if (m.Has("attrs")) block.attrs = m.Group("attrs");
    block.lang = m.Group("lang");
    block.hl_lines = m.Group("hl_lines");
    block.code = m.Group("code");
    return block;
  }

  // Hand matcher for the common fences, standing in for kFenced anchored at
  // `at` (a line start holding ``` or ~~~). It handles only headers of the
  // form `[ ]*(\.?(?P<lang>[\w#.+-]*)[ ]*)?\n` over ASCII; any header holding
  // `{`, `hl_lines=` or a non-ASCII byte goes to the regex (nullopt here means
  // "ask the regex"). Why it gives the regex's match: the fence is the whole
  // run of ` or ~ (a shorter fence would leave a fence character as the
  // header's first byte, which no header branch takes); such a header can
  // only end at the first newline; the lazy `(?P<code>(?:[^\n]*\n)*?)` then
  // tries line starts in order, and the first line that is the fence text
  // followed by spaces up to a newline or the end closes the block
  // (`(?P=fence)[ ]*$`). One pass over the lines: linear.
  static std::optional<FencedBlock> MatchSimpleFence(std::string_view text, size_t at) {
    char fence_char = text[at];
    size_t p = at;
    while (p < text.size() && text[p] == fence_char) ++p;
    std::string_view fence = text.substr(at, p - at);
    size_t header_end = text.find('\n', p);
    if (header_end == std::string_view::npos) return std::nullopt;
    std::string_view header = text.substr(p, header_end - p);
    size_t h = 0;
    while (h < header.size() && header[h] == ' ') ++h;
    if (h < header.size() && header[h] == '.') ++h;
    size_t lang_start = h;
    while (h < header.size() && IsLangByte(header[h])) ++h;
    std::string_view lang = header.substr(lang_start, h - lang_start);
    while (h < header.size() && header[h] == ' ') ++h;
    if (h != header.size()) return std::nullopt;
    size_t code_start = header_end + 1;
    for (size_t line = code_start; line <= text.size();) {
      std::string_view rest = text.substr(line);
      if (rest.starts_with(fence)) {
        size_t e = line + fence.size();
        while (e < text.size() && text[e] == ' ') ++e;
        if (e == text.size() || text[e] == '\n') {
          FencedBlock block;
          block.start = at;
          block.end = e;
          block.lang = lang;
          block.code = text.substr(code_start, line - code_start);
          return block;
        }
      }
      size_t newline = text.find('\n', line);
      if (newline == std::string_view::npos) break;
      line = newline + 1;
    }
    return std::nullopt;
  }

  // `[\w#.+-]` on ASCII bytes.
  static bool IsLangByte(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '#' ||
           c == '.' || c == '+' || c == '-';
  }

  void FindDependencies() {
    if (checked_for_deps_) return;
    for (const auto& ext : md_->extensions)
      if (auto* hilite = dynamic_cast<const CodeHiliteExtension*>(ext.get())) codehilite_conf_ = hilite->configs();
    use_attr_list_ = md_->HasExtension("attr_list");
    checked_for_deps_ = true;
  }

  std::string RenderBlock(const FencedBlock& m) {
    std::optional<std::string> lang;
    std::string id;
    std::vector<std::string> classes;
    BlockConfig config;
    if (!m.attrs.empty()) {
      HandleAttrs(ParseAttrList(m.attrs), id, classes, config);
      if (!classes.empty()) {
        lang = classes.front();
        classes.erase(classes.begin());
      }
    } else {
      if (!m.lang.empty()) lang = std::string(m.lang);
      if (!m.hl_lines.empty()) SetConfig(config, "hl_lines", ParseHlLines(m.hl_lines));
    }
    std::string code(m.code);
    const nlohmann::json* block_pygments = FindConfig(config, "use_pygments");
    if (!codehilite_conf_.is_null() && JsonTruthy(codehilite_conf_["use_pygments"]) &&
        (!block_pygments || JsonTruthy(*block_pygments)))
      return Highlighted(std::move(code), lang, classes, config);
    return Plain(code, lang, id, classes, config);
  }

  // Python `handle_attrs`: #id, .classes, hl_lines, boolean options and the rest.
  static void HandleAttrs(const std::vector<std::pair<std::string, std::string>>& attrs, std::string& id,
                          std::vector<std::string>& classes, BlockConfig& config) {
    for (const auto& [k, v] : attrs) {
      if (k == "id") id = v;
      else if (k == ".") classes.push_back(v);
      else if (k == "hl_lines") SetConfig(config, k, ParseHlLines(v));
      else if (k == "linenums" || k == "guess_lang" || k == "noclasses" || k == "use_pygments")
        SetConfig(config, k, JsonBoolValue(v, true));
      else SetConfig(config, k, v);
    }
  }

  // Most fences set nothing but the language: their settings are
  // codehilite's alone, parsed once into `plain_hiliter_` and shared.
  std::string Highlighted(std::string code, const std::optional<std::string>& lang,
                          const std::vector<std::string>& classes, const BlockConfig& config) {
    if (config.empty() && classes.empty()) {
      if (!plain_hiliter_) plain_hiliter_.emplace("", HiliteOptions(classes, config));
      return plain_hiliter_->WithSource(std::move(code), lang).Hilite(false, md_->options().highlight);
    }
    nlohmann::json options = HiliteOptions(classes, config);
    options["lang"] = lang ? nlohmann::json(*lang) : nlohmann::json(nullptr);
    CodeHilite hiliter(std::move(code), std::move(options));
    return hiliter.Hilite(false, md_->options().highlight);
  }

  // The CodeHilite settings of a block, but for its language.
  nlohmann::json HiliteOptions(const std::vector<std::string>& classes, const BlockConfig& config) const {
    nlohmann::json options = codehilite_conf_;
    for (const auto& [k, v] : config) options[k] = v;
    if (!classes.empty()) {
      const nlohmann::json& css = options["css_class"];
      options["css_class"] = JoinWith(classes, " ") + " " + (css.is_string() ? css.get<std::string>() : css.dump());
    }
    nlohmann::json style = options.contains("pygments_style") ? options["pygments_style"] : nlohmann::json("default");
    options.erase("pygments_style");
    options["style"] = style;
    return options;
  }

  std::string Plain(const std::string& code, const std::optional<std::string>& lang, const std::string& id,
                    const std::vector<std::string>& classes, const BlockConfig& config) const {
    std::string id_attr, lang_attr, class_attr, kv_pairs;
    if (lang) lang_attr = " class=\"" + lang_prefix_ + EscapeAttribHtml(*lang) + "\"";
    if (!classes.empty()) class_attr = " class=\"" + EscapeAttribHtml(JoinWith(classes, " ")) + "\"";
    if (!id.empty()) id_attr = " id=\"" + EscapeAttribHtml(id) + "\"";
    const nlohmann::json* block_pygments = FindConfig(config, "use_pygments");
    if (use_attr_list_ && !config.empty() && !(block_pygments && JsonTruthy(*block_pygments)))
      for (const auto& [k, v] : config)
        if (k != "use_pygments") kv_pairs += " " + k + "=\"" + AttributeText(v) + "\"";
    std::string escaped = ReplaceAll(code, "&", "&amp;");
    escaped = ReplaceAll(escaped, "<", "&lt;");
    escaped = ReplaceAll(escaped, ">", "&gt;");
    escaped = ReplaceAll(escaped, "\"", "&quot;");
    return "<pre" + id_attr + class_attr + "><code" + lang_attr + kv_pairs + ">" + escaped + "</code></pre>";
  }

  std::string lang_prefix_;
  bool checked_for_deps_ = false;
  nlohmann::json codehilite_conf_;  ///< null when codehilite is not loaded
  std::optional<CodeHilite> plain_hiliter_;  ///< for blocks with no settings of their own
  bool use_attr_list_ = false;
};

class FencedCodeExtension : public Extension {
 public:
  explicit FencedCodeExtension(std::string lang_prefix) : lang_prefix_(std::move(lang_prefix)) {}
  void ExtendMarkdown(Markdown& md) override {
    md.RegisterExtension(this);
    md.preprocessors.Register(std::make_unique<FencedBlockPreprocessor>(&md, lang_prefix_),
                              "fenced_code_block", 25);
  }

 private:
  std::string lang_prefix_;
};

}  // namespace

std::unique_ptr<Extension> MakeFencedCodeExtension(const nlohmann::json& config) {
  std::string lang_prefix = "language-";
  if (config.is_object()) {
    for (auto it = config.begin(); it != config.end(); ++it) {
      if (it.key() != "lang_prefix") return nullptr;  // Python raises KeyError
      lang_prefix = it->is_string() ? it->get<std::string>() : it->dump();
    }
  }
  return std::make_unique<FencedCodeExtension>(std::move(lang_prefix));
}

}  // namespace stacks::markdown
