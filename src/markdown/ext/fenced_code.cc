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
    while (auto m = SearchFenced(kFenced, text, pos)) {
      std::string placeholder = md_->html_stash.Store(RenderBlock(*m));
      if (out.empty()) out.reserve(text.size());
      out.append(text, copied, m->Start() - copied);
      out.append("\n").append(placeholder).append("\n");
      copied = m->End();
      pos = m->End();
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
  static std::optional<Match> SearchFenced(const Regex& fenced, std::string_view text, size_t pos) {
    auto try_at = [&](size_t at) -> std::optional<Match> {
      std::string_view rest = text.substr(at);
      if (!rest.starts_with("```") && !rest.starts_with("~~~")) return std::nullopt;
      return fenced.MatchAt(text, at);
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

  void FindDependencies() {
    if (checked_for_deps_) return;
    for (const auto& ext : md_->extensions)
      if (auto* hilite = dynamic_cast<const CodeHiliteExtension*>(ext.get())) codehilite_conf_ = hilite->configs();
    use_attr_list_ = md_->HasExtension("attr_list");
    checked_for_deps_ = true;
  }

  std::string RenderBlock(const Match& m) {
    std::optional<std::string> lang;
    std::string id;
    std::vector<std::string> classes;
    BlockConfig config;
    if (m.Has("attrs") && !m.Group("attrs").empty()) {
      HandleAttrs(ParseAttrList(m.Group("attrs")), id, classes, config);
      if (!classes.empty()) {
        lang = classes.front();
        classes.erase(classes.begin());
      }
    } else {
      if (!m.Group("lang").empty()) lang = std::string(m.Group("lang"));
      if (!m.Group("hl_lines").empty()) SetConfig(config, "hl_lines", ParseHlLines(m.Group("hl_lines")));
    }
    std::string code(m.Group("code"));
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
