// Lexers of our own for languages KSyntaxHighlighting lacks or lexes far
// from Pygments: console sessions, Dockerfile, Terraform/HCL, TOML, INI,
// nginx and Jinja. Each is a state table (rule_lexer.h) following the
// token choices of the Pygments 2.14 lexer of the same name.
#include <map>

#include "highlight/rule_lexer.h"

namespace stacks::highlight {

namespace {

using T = TokenType;
using markdown::Regex;

// Dockerfile: instructions are keywords; shell parts are lexed as Bash and
// JSON arrays as JSON.
const RuleLexer& Docker() {
  static const std::string lb = R"((?:\s*\\?\s*))";
  static const RuleLexer lexer(
      {{"root",
        {{R"(#.*)", {T::kComment}},
         {R"((FROM)([ \t]*)(\S*)([ \t]*)(?:(AS)([ \t]*)(\S*))?)",
          {T::kKeyword, T::kTextWhitespace, T::kString, T::kTextWhitespace, T::kKeyword, T::kTextWhitespace, T::kString}},
         {"(ONBUILD)(\\s+)(" + lb + ")", {T::kKeyword, T::kTextWhitespace, "bash"}},
         {"(HEALTHCHECK)(\\s+)((" + lb + "--\\w+=\\w+" + lb + ")*)", {T::kKeyword, T::kTextWhitespace, "bash"}},
         {"(VOLUME|ENTRYPOINT|CMD|SHELL)(\\s+)(" + lb + ")(\\[.*?\\])",
          {T::kKeyword, T::kTextWhitespace, "bash", "json"}},
         {"(LABEL|ENV|ARG)(\\s+)((" + lb + "\\w+=\\w+" + lb + ")*)", {T::kKeyword, T::kTextWhitespace, "bash"}},
         {R"(((?:MAINTAINER|EXPOSE|WORKDIR|USER|STOPSIGNAL)|VOLUME)\b(\s+)(.*))",
          {T::kKeyword, T::kTextWhitespace, T::kString}},
         {R"(((?:RUN|CMD|ENTRYPOINT|ENV|ARG|LABEL|ADD|COPY))(\s+))", {T::kKeyword, T::kTextWhitespace}},
         {R"((.*\\\n)*.+)", {"bash"}}}}},
      Regex::kIgnoreCase | Regex::kMultiline);
  return lexer;
}

const RuleLexer& Terraform() {
  static const std::string builtins =
      "(abs|ceil|floor|log|max|mix|parseint|pow|signum|chomp|format|formatlist|indent|join|lower|regex|"
      "regexall|replace|split|strrev|substr|title|trim|trimprefix|trimsuffix|trimspace|upper|alltrue|anytrue|"
      "chunklist|coalesce|coalescelist|compact|concat|contains|distinct|element|flatten|index|keys|length|"
      "list|lookup|map|matchkeys|merge|range|reverse|setintersection|setproduct|setsubtract|setunion|slice|"
      "sort|sum|transpose|values|zipmap|base64decode|base64encode|base64gzip|csvdecode|jsondecode|"
      "jsonencode|textdecodebase64|textencodebase64|urlencode|yamldecode|yamlencode|abspath|dirname|"
      "pathexpand|basename|file|fileexists|fileset|filebase64|templatefile|formatdate|timeadd|timestamp|"
      "base64sha256|base64sha512|bcrypt|filebase64sha256|filebase64sha512|filemd5|filesha1|filesha256|"
      "filesha512|md5|rsadecrypt|sha1|sha256|sha512|uuid|uuidv5|cidrhost|cidrnetmask|cidrsubnet|"
      "cidrsubnets|can|defaults|tobool|tolist|tomap|tonumber|toset|tostring|try)";
  static const RuleLexer lexer(
      {{"root",
        {{"@basic", {}},
         {"@whitespace", {}},
         {R"((".*"))", {T::kStringDouble}},
         {R"(\b(?:true|false)\b)", {T::kNameConstant}},
         {R"(\b(?:string|number|bool|list|tuple|map|set|object|null)\b)", {T::kKeywordType}},
         {"@identifier", {}},
         {"@punctuation", {}},
         {R"([0-9]+)", {T::kNumber}}}},
       {"basic",
        {{R"(\s*/\*)", {T::kCommentMultiline}, "comment"},
         {R"(\s*(#|//).*\n)", {T::kCommentSingle}},
         {"@whitespace", {}},
         {R"((\s*)([0-9a-zA-Z-_]+)(\s*)(=?)(\s*)(\{))",
          {T::kTextWhitespace, T::kNameBuiltin, T::kTextWhitespace, T::kOperator, T::kTextWhitespace, T::kPunctuation}},
         {R"((\s*)([0-9a-zA-Z-_]+)(\s*)(=)(\s*))",
          {T::kTextWhitespace, T::kNameAttribute, T::kTextWhitespace, T::kOperator, T::kTextWhitespace}},
         {R"((\s*)("\S+")(\s*)([=:])(\s*))",
          {T::kTextWhitespace, T::kStringDouble, T::kTextWhitespace, T::kOperator, T::kTextWhitespace}},
         {builtins + R"((\())", {T::kNameFunction, T::kPunctuation}},
         {R"((\[)([a-z_,\s]+)(\]))", {T::kPunctuation, T::kNameBuiltin, T::kPunctuation}},
         {R"((backend|data|module|output|provider|provisioner|resource|variable)(\s+)("[0-9a-zA-Z-_]+")?(\s*)("[0-9a-zA-Z-_]+")(\s+)(\{))",
          {T::kKeywordReserved, T::kTextWhitespace, T::kNameClass, T::kTextWhitespace, T::kNameVariable,
           T::kTextWhitespace, T::kPunctuation}},
         {R"((<<-?)\s*([a-zA-Z_]\w*)(.*?\n))", {T::kOperator, T::kStringDelimiter, T::kStringHeredoc}}}},
       {"identifier",
        {{R"(\b(var\.[0-9a-zA-Z-_\.\[\]]+)\b)", {T::kNameVariable}},
         {R"(\b([0-9a-zA-Z-_\[\]]+\.[0-9a-zA-Z-_\.\[\]]+)\b)", {T::kNameVariable}}}},
       {"punctuation", {{R"([\[\]()\{\},.?:!=])", {T::kPunctuation}}}},
       {"comment",
        {{R"([^*/])", {T::kCommentMultiline}},
         {R"(/\*)", {T::kCommentMultiline}, "#push"},
         {R"(\*/)", {T::kCommentMultiline}, "#pop"},
         {R"([*/])", {T::kCommentMultiline}}}},
       {"whitespace",
        {{R"(\n)", {T::kTextWhitespace}}, {R"(\s+)", {T::kTextWhitespace}}, {R"((\\)(\n))", {T::kText, T::kTextWhitespace}}}}});
  return lexer;
}

const RuleLexer& Toml() {
  static const RuleLexer lexer({{"root",
                                 {{R"(^(\s*)(\[.*?\])$)", {T::kTextWhitespace, T::kKeyword}},
                                  {R"([ \t]+)", {T::kTextWhitespace}},
                                  {R"(\n)", {T::kTextWhitespace}},
                                  {R"(#.*?$)", {T::kCommentSingle}},
                                  {R"("(\\\\|\\[^\\]|[^"\\])*")", {T::kString}},
                                  {R"('''(.*)''')", {T::kString}},
                                  {R"('[^']*')", {T::kString}},
                                  {R"((true|false)$)", {T::kKeywordConstant}},
                                  {R"([a-zA-Z_][\w\-]*)", {T::kName}},
                                  {R"(\d{4}-\d{2}-\d{2}(?:T| )\d{2}:\d{2}:\d{2}(?:Z|[-+]\d{2}:\d{2}))", {T::kNumberInteger}},
                                  {R"((\d+\.\d*|\d*\.\d+)([eE][+-]?[0-9]+)?j?)", {T::kNumberFloat}},
                                  {R"(\d+[eE][+-]?[0-9]+j?)", {T::kNumberFloat}},
                                  {R"([+-]?(?:(inf(?:inity)?)|nan))", {T::kNumberFloat}},
                                  {R"([+-]?\d+)", {T::kNumberInteger}},
                                  {R"([]{}:(),;[])", {T::kPunctuation}},
                                  {R"(\.)", {T::kPunctuation}},
                                  {R"(=)", {T::kOperator}}}}});
  return lexer;
}

const RuleLexer& Ini() {
  static const RuleLexer lexer(
      {{"root",
        {{R"(\s+)", {T::kTextWhitespace}},
         {R"([;#].*)", {T::kCommentSingle}},
         {R"((\[.*?\])([ \t]*)$)", {T::kKeyword, T::kTextWhitespace}},
         {R"((.*?)([  \t]*)([=:])([ \t]*)([^;#\n]*)(\\)(\s+))",
          {T::kNameAttribute, T::kTextWhitespace, T::kOperator, T::kTextWhitespace, T::kString, T::kText,
           T::kTextWhitespace},
          "value"},
         {R"((.*?)([  \t]*)([=:])([  \t]*)([^ ;#\n]*(?: +[^ ;#\n]+)*))",
          {T::kNameAttribute, T::kTextWhitespace, T::kOperator, T::kTextWhitespace, T::kString}},
         {R"((.+?)$)", {T::kNameAttribute}}}},
       {"value",
        {{R"(\s+)", {T::kTextWhitespace}},
         {R"((\s*)(.*)(\\)([ \t]*))", {T::kTextWhitespace, T::kString, T::kText, T::kTextWhitespace}},
         {R"(.*$)", {T::kString}, "#pop"}}}});
  return lexer;
}

const RuleLexer& Nginx() {
  static const RuleLexer lexer({{"root",
                                 {{R"((include)(\s+)([^\s;]+))", {T::kKeyword, T::kTextWhitespace, T::kName}},
                                  {R"([^\s;#]+)", {T::kKeyword}, "stmt"},
                                  {"@base", {}}}},
                                {"block",
                                 {{R"(\})", {T::kPunctuation}, "#pop:2"},
                                  {R"([^\s;#]+)", {T::kKeywordNamespace}, "stmt"},
                                  {"@base", {}}}},
                                {"stmt",
                                 {{R"(\{)", {T::kPunctuation}, "block"},
                                  {R"(;)", {T::kPunctuation}, "#pop"},
                                  {"@base", {}}}},
                                {"base",
                                 {{R"(#.*\n)", {T::kCommentSingle}},
                                  {R"(on|off)", {T::kNameConstant}},
                                  {R"(\$[^\s;#()]+)", {T::kNameVariable}},
                                  {R"(([a-z0-9.-]+)(:)([0-9]+))", {T::kName, T::kPunctuation, T::kNumberInteger}},
                                  {R"([a-z-]+/[a-z-+]+)", {T::kString}},
                                  {R"([0-9]+[km]?\b)", {T::kNumberInteger}},
                                  {R"((~)(\s*)([^\s{]+))", {T::kPunctuation, T::kTextWhitespace, T::kStringRegex}},
                                  {R"([:=~])", {T::kPunctuation}},
                                  {R"([^\s;#{}$]+)", {T::kString}},
                                  {R"(/[^\s;#]*)", {T::kName}},
                                  {R"(\s+)", {T::kTextWhitespace}},
                                  {R"([$;])", {T::kText}}}}});
  return lexer;
}

const RuleLexer& Jinja() {
  static const RuleLexer lexer(
      {{"root",
        {{R"([^{]+)", {T::kOther}},
         {R"(\{\{)", {T::kCommentPreproc}, "var"},
         {R"(\{#.*?#\})", {T::kComment}},
         {R"((\{%)(-?\s*)(comment)(\s*-?)(%\})(.*?)(\{%)(-?\s*)(endcomment)(\s*-?)(%\}))",
          {T::kCommentPreproc, T::kText, T::kKeyword, T::kText, T::kCommentPreproc, T::kComment, T::kCommentPreproc,
           T::kText, T::kKeyword, T::kText, T::kCommentPreproc}},
         {R"((\{%)(-?\s*)(raw)(\s*-?)(%\})(.*?)(\{%)(-?\s*)(endraw)(\s*-?)(%\}))",
          {T::kCommentPreproc, T::kText, T::kKeyword, T::kText, T::kCommentPreproc, T::kText, T::kCommentPreproc,
           T::kText, T::kKeyword, T::kText, T::kCommentPreproc}},
         {R"((\{%)(-?\s*)(filter)(\s+)([a-zA-Z_]\w*))",
          {T::kCommentPreproc, T::kText, T::kKeyword, T::kText, T::kNameFunction},
          "block"},
         {R"((\{%)(-?\s*)([a-zA-Z_]\w*))", {T::kCommentPreproc, T::kText, T::kKeyword}, "block"},
         {R"(\{)", {T::kOther}}}},
       {"varnames",
        {{R"((\|)(\s*)([a-zA-Z_]\w*))", {T::kOperator, T::kText, T::kNameFunction}},
         {R"((is)(\s+)(not)?(\s+)?([a-zA-Z_]\w*))", {T::kKeyword, T::kText, T::kKeyword, T::kText, T::kNameFunction}},
         {R"((_|true|false|none|True|False|None)\b)", {T::kKeywordPseudo}},
         {R"((in|as|reversed|recursive|not|and|or|is|if|else|import|with(?:(?:out)?\s*context)?|scoped|ignore\s+missing)\b)",
          {T::kKeyword}},
         {R"((loop|block|super|forloop)\b)", {T::kNameBuiltin}},
         {R"([a-zA-Z_][\w-]*)", {T::kNameVariable}},
         {R"(\.\w+)", {T::kNameVariable}},
         {R"(:?"(\\\\|\\[^\\]|[^"\\])*")", {T::kStringDouble}},
         {R"(:?'(\\\\|\\[^\\]|[^'\\])*')", {T::kStringSingle}},
         {R"(([{}()\[\]+\-*/%,:~]|[><=]=?|!=))", {T::kOperator}},
         {R"([0-9](\.[0-9]*)?(eE[+-][0-9])?[flFLdD]?|0[xX][0-9a-fA-F]+[Ll]?)", {T::kNumber}}}},
       {"var", {{R"(\s+)", {T::kText}}, {R"((-?)(\}\}))", {T::kText, T::kCommentPreproc}, "#pop"}, {"@varnames", {}}}},
       {"block",
        {{R"(\s+)", {T::kText}},
         {R"((-?)(%\}))", {T::kText, T::kCommentPreproc}, "#pop"},
         {"@varnames", {}},
         {R"(.)", {T::kPunctuation}}}}},
      Regex::kMultiline | Regex::kDotAll);
  return lexer;
}

// Unified and context diffs: one token per line, by its first character.
const RuleLexer& Diff() {
  static const RuleLexer lexer({{"root",
                                 {{R"(( )(.*)(\n))", {T::kTextWhitespace, T::kText, T::kTextWhitespace}},
                                  {R"((\+.*)(\n))", {T::kGenericInserted, T::kTextWhitespace}},
                                  {R"((-.*)(\n))", {T::kGenericDeleted, T::kTextWhitespace}},
                                  {R"((!.*)(\n))", {T::kGenericStrong, T::kTextWhitespace}},
                                  {R"((@.*)(\n))", {T::kGenericSubheading, T::kTextWhitespace}},
                                  {R"(((?:[Ii]ndex|diff).*)(\n))", {T::kGenericHeading, T::kTextWhitespace}},
                                  {R"((=.*)(\n))", {T::kGenericHeading, T::kTextWhitespace}},
                                  {R"((.*)(\n))", {T::kTextWhitespace}}}}});
  return lexer;
}

// Console sessions (Pygments' BashSessionLexer): a line starting with a
// prompt is a command (lexed as Bash, with backslash continuations), an
// optional "(venv)" before the prompt is a prompt too; other lines are
// output.
void LexConsole(std::string_view text, std::vector<Token>* out) {
  static const Regex kVenv(R"(^(\([^)]*\))(\s*))");
  static const Regex kPrompt(
      R"(^((?:(?:\[.*?\])|(?:\(\S+\))?(?:| |sh\S*?|\w+\S+[@:]\S+(?:\s+\S+)?|\[\S+[@:][^\n]+\].+))\s*[$#%]\s*)(.*\n?))");
  std::string code;
  std::vector<std::pair<size_t, Token>> prompts;  // (offset in code, prompt token)
  bool continuation = false;
  auto flush = [&]() {
    if (prompts.empty()) return;
    std::vector<Token> lexed;
    LexUnprocessed("bash", code, &lexed);
    // Interleaves the prompts with the command tokens at their offsets.
    size_t at = 0, next = 0;
    for (const Token& t : lexed) {
      size_t begin = 0;
      while (next < prompts.size() && prompts[next].first < at + t.text.size()) {
        size_t cut = prompts[next].first - at;
        Emit(out, t.type, std::string_view(t.text).substr(begin, cut - begin));
        Emit(out, prompts[next].second.type, prompts[next].second.text);
        begin = cut;
        ++next;
      }
      Emit(out, t.type, std::string_view(t.text).substr(begin));
      at += t.text.size();
    }
    for (; next < prompts.size(); ++next) Emit(out, prompts[next].second.type, prompts[next].second.text);
    prompts.clear();
    code.clear();
  };
  size_t pos = 0;
  while (pos < text.size()) {
    size_t nl = text.find('\n', pos);
    size_t end = nl == std::string_view::npos ? text.size() : nl + 1;
    std::string_view line = text.substr(pos, end - pos);
    pos = end;
    std::vector<std::pair<size_t, Token>> venv;
    if (auto m = kVenv.MatchAt(line)) {
      venv.push_back({code.size(), {T::kGenericPrompt, std::string(m->Group(1))}});
      if (!m->Group(2).empty()) venv.push_back({code.size(), {T::kText, std::string(m->Group(2))}});
      line.remove_prefix(m->End(0));
    }
    if (auto m = kPrompt.MatchAt(line)) {
      prompts.insert(prompts.end(), venv.begin(), venv.end());
      prompts.push_back({code.size(), {T::kGenericPrompt, std::string(m->Group(1))}});
      code += m->Group(2);
      continuation = code.size() >= 2 && code.compare(code.size() - 2, 2, "\\\n") == 0;
    } else if (continuation) {
      prompts.insert(prompts.end(), venv.begin(), venv.end());
      if (line.substr(0, 2) == "> ") {
        prompts.push_back({code.size(), {T::kGenericPrompt, "> "}});
        line.remove_prefix(2);
      }
      code += line;
      continuation = code.size() >= 2 && code.compare(code.size() - 2, 2, "\\\n") == 0;
    } else {
      flush();
      for (auto& v : venv) Emit(out, v.second.type, v.second.text);
      Emit(out, T::kGenericOutput, line);
    }
  }
  flush();
}

}  // namespace

LexFunction FindOwnLexer(std::string_view pygments_name) {
  static const std::map<std::string_view, LexFunction> lexers = {
      {"Bash Session", LexConsole},
      {"Diff", [](std::string_view t, std::vector<Token>* o) { Diff().Lex(t, o); }},
      {"Docker", [](std::string_view t, std::vector<Token>* o) { Docker().Lex(t, o); }},
      {"Terraform", [](std::string_view t, std::vector<Token>* o) { Terraform().Lex(t, o); }},
      {"TOML", [](std::string_view t, std::vector<Token>* o) { Toml().Lex(t, o); }},
      {"INI", [](std::string_view t, std::vector<Token>* o) { Ini().Lex(t, o); }},
      {"Nginx configuration file", [](std::string_view t, std::vector<Token>* o) { Nginx().Lex(t, o); }},
      {"Django/Jinja", [](std::string_view t, std::vector<Token>* o) { Jinja().Lex(t, o); }},
  };
  auto it = lexers.find(pygments_name);
  return it == lexers.end() ? nullptr : it->second;
}

}  // namespace stacks::highlight
