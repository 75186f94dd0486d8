// Lexers of our own for languages KSyntaxHighlighting lacks or lexes far
// from Pygments: console sessions, Bash, JSON, JavaScript, TypeScript, Makefiles,
// Dockerfile, Terraform/HCL, TOML, INI, nginx and Jinja. Each is a state table (rule_lexer.h) following the
// token choices of the Pygments 2.14 lexer of the same name.
#include <algorithm>
#include <map>
#include <utility>

#include "highlight/rule_lexer.h"
#include "markdown/util.h"

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
         // The lookahead only fails lines without a backslash early.
         {R"((?=.*\\)(.*?)([  \t]*)([=:])([ \t]*)([^;#\n]*)(\\)(\s+))",
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

// Bash as Pygments' BashLexer: keywords and builtins by name, strings with
// `$` interpolation, `$(...)`, `$((...))` and `${...}` as nested states;
// everything else is plain text.
const RuleLexer& Bash() {
  static const RuleLexer lexer(
      {{"root", {{"@basic", {}}, {"`", {T::kStringBacktick}, "backticks"}, {"@data", {}}, {"@interp", {}}}},
       {"interp",
        {{R"(\$\(\()", {T::kKeyword}, "math"},
         {R"(\$\()", {T::kKeyword}, "paren"},
         {R"(\$\{#?)", {T::kStringInterpol}, "curly"},
         {R"(\$[a-zA-Z_]\w*)", {T::kNameVariable}},
         {R"(\$(?:\d+|[#$?!_*@-]))", {T::kNameVariable}},
         {R"(\$)", {T::kText}}}},
       {"basic",
        {{R"(\b(if|fi|else|while|in|do|done|for|then|return|function|case|select|continue|until|esac|elif)(\s*)\b)",
          {T::kKeyword, T::kTextWhitespace}},
         {R"(\b(alias|bg|bind|break|builtin|caller|cd|command|compgen|complete|declare|dirs|disown|echo|enable|)"
          R"(eval|exec|exit|export|false|fc|fg|getopts|hash|help|history|jobs|kill|let|local|logout|popd|printf|)"
          R"(pushd|pwd|read|readonly|set|shift|shopt|source|suspend|test|time|times|trap|true|type|typeset|)"
          R"(ulimit|umask|unalias|unset|wait)(?=[\s)`]))",
          {T::kNameBuiltin}},
         {R"(\A#!.+\n)", {T::kCommentHashbang}},
         {R"(#.*\n)", {T::kCommentSingle}},
         {R"(\\[\w\W])", {T::kStringEscape}},
         {R"((\b\w+)(\s*)(\+?=))", {T::kNameVariable, T::kTextWhitespace, T::kOperator}},
         {R"([\[\]{}()=])", {T::kOperator}},
         {R"(<<<)", {T::kOperator}},
         {R"(<<-?\s*(\'?)\\?(\w+)[\w\W]+?\2)", {T::kString}},
         {R"(&&|\|\|)", {T::kOperator}}}},
       {"data",
        {{R"((?s)\$?"(\\.|[^"\\$])*")", {T::kStringDouble}},
         {R"(")", {T::kStringDouble}, "string"},
         {R"((?s)\$'(\\\\|\\[0-7]+|\\.|[^'\\])*')", {T::kStringSingle}},
         {R"((?s)'.*?')", {T::kStringSingle}},
         {R"(;)", {T::kPunctuation}},
         {R"(&)", {T::kPunctuation}},
         {R"(\|)", {T::kPunctuation}},
         {R"(\s+)", {T::kTextWhitespace}},
         {R"(\d+\b)", {T::kNumber}},
         {R"([^=\s\[\]{}()$"\'`\\<&|;]+)", {T::kText}},
         {R"(<)", {T::kText}}}},
       {"string",
        {{R"(")", {T::kStringDouble}, "#pop"},
         {R"((?s)(\\\\|\\[0-7]+|\\.|[^"\\$])+)", {T::kStringDouble}},
         {"@interp", {}}}},
       {"curly",
        {{R"(\})", {T::kStringInterpol}, "#pop"},
         {R"(:-)", {T::kKeyword}},
         {R"(\w+)", {T::kNameVariable}},
         {R"([^}:"\'`$\\]+)", {T::kPunctuation}},
         {R"(:)", {T::kPunctuation}},
         {"@root", {}}}},
       {"paren", {{R"(\))", {T::kKeyword}, "#pop"}, {"@root", {}}}},
       {"math",
        {{R"(\)\))", {T::kKeyword}, "#pop"},
         {R"([-+*/%^|&]|\*\*|\|\|)", {T::kOperator}},
         {R"(\d+#\d+)", {T::kNumber}},
         {R"(\d+#(?! ))", {T::kNumber}},
         {R"(\d+)", {T::kNumber}},
         {"@root", {}}}},
       {"backticks", {{"`", {T::kStringBacktick}, "#pop"}, {"@root", {}}}}});
  return lexer;
}

// JavaScript identifiers as ECMAScript defines them (Pygments' JS_IDENT).
const std::string& JsIdent() {
  static const std::string ident =
      R"((?:[$_\p{Lu}\p{Ll}\p{Lt}\p{Lm}\p{Lo}\p{Nl}]|\\u[a-fA-F0-9]{4}))"
      R"((?:(?:[$\p{Lu}\p{Ll}\p{Lt}\p{Lm}\p{Lo}\p{Nl}\p{Mn}\p{Mc}\p{Nd}\p{Pc}\x{200c}\x{200d}]|\\u[a-fA-F0-9]{4}))*)";
  return ident;
}

// The states of Pygments' JavascriptLexer; `root_prefix` are the rules a
// dialect puts before the JavaScript root rules (TypeScript's `inherit`).
std::vector<RuleState> JavascriptStates(std::vector<Rule> root_prefix) {
  std::vector<Rule> root = std::move(root_prefix);
  std::vector<Rule> js_root = {
      {R"(\A#! ?/.*?$)", {T::kCommentHashbang}},
      {R"(^(?=\s|/|<!--))", {T::kText}, "slashstartsregex"},
      {"@commentsandwhitespace", {}},
      {R"(0[bB][01]+n?)", {T::kNumberBin}},
      {R"(0[oO]?[0-7]+n?)", {T::kNumberOct}},
      {R"(0[xX][0-9a-fA-F]+n?)", {T::kNumberHex}},
      {R"([0-9]+n)", {T::kNumberInteger}},
      {R"((\.[0-9]+|[0-9]+\.[0-9]*|[0-9]+)([eE][-+]?[0-9]+)?)", {T::kNumberFloat}},
      {R"(\.\.\.|=>)", {T::kPunctuation}},
      {R"(\+\+|--|~|\?\?=?|\?|:|\\(?=\n)|(<<|>>>?|==?|!=?|(?:\*\*|\|\||&&|[-<>+*%&|^/]))=?)", {T::kOperator},
       "slashstartsregex"},
      {R"([{(\[;,])", {T::kPunctuation}, "slashstartsregex"},
      {R"([})\].])", {T::kPunctuation}},
      {R"((typeof|instanceof|in|void|delete|new)\b)", {T::kOperatorWord}, "slashstartsregex"},
      {R"(\b(constructor|from|as)\b)", {T::kKeywordReserved}},
      {R"((for|in|while|do|break|return|continue|switch|case|default|if|else|throw|try|catch|finally|yield|)"
       R"(await|async|this|of|static|export|import|debugger|extends|super)\b)",
       {T::kKeyword}, "slashstartsregex"},
      {R"((var|let|const|with|function|class)\b)", {T::kKeywordDeclaration}, "slashstartsregex"},
      {R"((abstract|boolean|byte|char|double|enum|final|float|goto|implements|int|interface|long|native|)"
       R"(package|private|protected|public|short|synchronized|throws|transient|volatile)\b)",
       {T::kKeywordReserved}},
      {R"((true|false|null|NaN|Infinity|undefined)\b)", {T::kKeywordConstant}},
      {R"((Array|Boolean|Date|BigInt|Function|Math|ArrayBuffer|Number|Object|RegExp|String|Promise|Proxy|)"
       R"(decodeURI|decodeURIComponent|encodeURI|encodeURIComponent|eval|isFinite|isNaN|parseFloat|parseInt|)"
       R"(DataView|document|window|globalThis|global|Symbol|Intl|WeakSet|WeakMap|Set|Map|Reflect|JSON|Atomics|)"
       R"(Int(?:8|16|32)Array|BigInt64Array|Float32Array|Float64Array|Uint8ClampedArray|Uint(?:8|16|32)Array|)"
       R"(BigUint64Array)\b)",
       {T::kNameBuiltin}},
      {R"(((?:Eval|Internal|Range|Reference|Syntax|Type|URI)?Error)\b)", {T::kNameException}},
      {R"((super)(\s*)(\([\w,?.$\s]+\s*\)))", {T::kKeyword, T::kTextWhitespace}, "slashstartsregex"},
      {R"(([a-zA-Z_?.$][\w?.$]*)(?=\(\) \{))", {T::kNameOther}, "slashstartsregex"},
      {JsIdent(), {T::kNameOther}},
      {R"("(\\\\|\\[^\\]|[^"\\])*")", {T::kStringDouble}},
      {R"('(\\\\|\\[^\\]|[^'\\])*')", {T::kStringSingle}},
      {"`", {T::kStringBacktick}, "interp"}};
  root.insert(root.end(), js_root.begin(), js_root.end());
  return {{"root", root},
          {"commentsandwhitespace",
           {{R"(\s+)", {T::kTextWhitespace}},
            {R"(<!--)", {T::kComment}},
            {R"(//.*?$)", {T::kCommentSingle}},
            {R"(/\*.*?\*/)", {T::kCommentMultiline}}}},
          {"slashstartsregex",
           {{"@commentsandwhitespace", {}},
            {R"(/(\\.|[^[/\\\n]|\[(\\.|[^\]\\\n])*])+/([gimuysd]+\b|\B))", {T::kStringRegex}, "#pop"},
            {R"((?=/))", {T::kText}, "#pop,badregex"},
            {"", {T::kText}, "#pop"}}},
          {"badregex", {{R"(\n)", {T::kTextWhitespace}, "#pop"}}},
          {"interp",
           {{"`", {T::kStringBacktick}, "#pop"},
            {R"(\\.)", {T::kStringBacktick}},
            {R"(\$\{)", {T::kStringInterpol}, "interp-inside"},
            {R"(\$)", {T::kStringBacktick}},
            {R"([^`\\$]+)", {T::kStringBacktick}}}},
          {"interp-inside", {{R"(\})", {T::kStringInterpol}, "#pop"}, {"@root", {}}}}};
}

const RuleLexer& Javascript() {
  static const RuleLexer lexer(JavascriptStates({}), Regex::kDotAll | Regex::kMultiline);
  return lexer;
}

// TypeScript: Pygments' TypeScriptLexer puts these rules before the
// JavaScript ones.
const RuleLexer& Typescript() {
  static const RuleLexer lexer(
      JavascriptStates({{R"((abstract|implements|private|protected|public|readonly)\b)", {T::kKeyword}, "slashstartsregex"},
                        {R"((enum|interface|override)\b)", {T::kKeywordDeclaration}, "slashstartsregex"},
                        {R"(\b(declare|type)\b)", {T::kKeywordReserved}},
                        {R"(\b(string|boolean|number)\b)", {T::kKeywordType}},
                        {R"(\b(module)(\s*)([\w?.$]+)(\s*))",
                         {T::kKeywordReserved, T::kTextWhitespace, T::kNameOther, T::kTextWhitespace},
                         "slashstartsregex"},
                        {R"(([\w?.$]+)(\s*)(:)(\s*)([\w?.$]+))",
                         {T::kNameOther, T::kTextWhitespace, T::kOperator, T::kTextWhitespace, T::kKeywordType}},
                        {"[@]" + JsIdent(), {T::kKeywordDeclaration}}}),
      Regex::kDotAll | Regex::kMultiline);
  return lexer;
}

// Makefiles without the preprocessor lines (Pygments' BaseMakefileLexer):
// recipes are Bash, assignments' values too.
const RuleLexer& BaseMakefile() {
  static const RuleLexer lexer(
      {{"root",
        {{R"(^(?:[\t ]+.*\n|\n)+)", {"bash"}},
         {R"(\$[<@$+%?|*])", {T::kKeyword}},
         {R"(\s+)", {T::kTextWhitespace}},
         {R"(#.*?\n)", {T::kComment}},
         {R"(((?:un)?export)(\s+)(?=[\w${}\t -]+\n))", {T::kKeyword, T::kTextWhitespace}, "export"},
         {R"((?:un)?export\s+)", {T::kKeyword}},
         {R"(([\w${}().-]+)(\s*)([!?:+]?=)([ \t]*)((?:.*\\\n)+|.*\n))",
          {T::kNameVariable, T::kTextWhitespace, T::kOperator, T::kTextWhitespace, "bash"}},
         {R"("(\\\\|\\[^\\]|[^"\\])*")", {T::kStringDouble}},
         {R"('(\\\\|\\[^\\]|[^'\\])*')", {T::kStringSingle}},
         {R"(([^\n:]+)(:+)([ \t]*))", {T::kNameFunction, T::kOperator, T::kTextWhitespace}, "block-header"},
         {R"(\$\()", {T::kKeyword}, "expansion"}}},
       {"expansion",
        {{R"([^\w$().-]+)", {T::kText}},
         {R"([\w.-]+)", {T::kNameVariable}},
         {R"(\$)", {T::kKeyword}},
         {R"(\()", {T::kKeyword}, "#push"},
         {R"(\))", {T::kKeyword}, "#pop"}}},
       {"export", {{R"([\w${}-]+)", {T::kNameVariable}}, {R"(\n)", {T::kText}, "#pop"}, {R"(\s+)", {T::kTextWhitespace}}}},
       {"block-header",
        {{R"([,|])", {T::kPunctuation}},
         {R"(#.*?\n)", {T::kComment}, "#pop"},
         {R"(\\\n)", {T::kText}},
         {R"(\$\()", {T::kKeyword}, "expansion"},
         {R"([a-zA-Z_]+)", {T::kName}},
         {R"(\n)", {T::kTextWhitespace}, "#pop"},
         {R"(.)", {T::kText}}}}});
  return lexer;
}

// Makefiles (Pygments' MakefileLexer): conditionals, includes and define
// blocks (with their backslash continuations) are whole Comment.Preproc
// lines, comment lines whole Comment lines; the rest is lexed as one text
// by BaseMakefile and the lines put back in place.
void LexMakefile(std::string_view text, std::vector<Token>* out) {
  static const Regex kSpecial(
      R"(^(?:\.\s*(include|undef|error|warning|if|else|elif|endif|for|endfor)|)"
      R"(\s*(ifeq|ifneq|ifdef|ifndef|else|endif|-?include|define|endef|:|vpath)|\s*(if|else|endif))(?=\s))",
      Regex::kNone);
  static const Regex kComment(R"(^\s*@?#)", Regex::kNone);
  std::vector<Insertion> insertions;
  std::string rest;
  bool continued = false;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t nl = text.find('\n', pos);
    size_t end = nl == std::string_view::npos ? text.size() : nl + 1;
    std::string_view line = text.substr(pos, end - pos);
    pos = end;
    if (continued || kSpecial.MatchAt(line)) {
      insertions.push_back({rest.size(), {{T::kCommentPreproc, line}}});
      std::string_view stripped = markdown::PyStrip(line);
      continued = !stripped.empty() && stripped.back() == '\\';
    } else if (kComment.MatchAt(line)) {
      insertions.push_back({rest.size(), {{T::kComment, line}}});
    } else {
      rest += line;
    }
  }
  std::vector<Token> lexed;
  BaseMakefile().Lex(rest, &lexed);
  DoInsertions(lexed, insertions, out);
}

// JSON as Pygments' JsonLexer: one pass over the characters with a few
// flags. Strings, whitespace and comments wait in a queue until the next
// significant character: a ':' makes the queued strings object keys
// (Name.Tag), anything else leaves them strings. All decisions are on ASCII
// characters, so walking UTF-8 bytes gives the same tokens.
// A byte set as a table, for testing a character with one load.
struct ByteSet {
  constexpr explicit ByteSet(std::string_view members) {
    for (char c : members) has[static_cast<unsigned char>(c)] = true;
  }
  bool has[256] = {};
};

bool IsIn(char c, const ByteSet& set) { return set.has[static_cast<unsigned char>(c)]; }

void LexJson(std::string_view text, std::vector<Token>* out) {
  static constexpr ByteSet kIntegers("-0123456789"), kFloats(".eE+"), kConstants("truefalsenul"),
      kHex("0123456789abcdefABCDEF"), kPunctuation("{}[],"), kWhitespace(" \n\r\t");
  struct Queued {
    TokenType type;
    std::string_view text;
  };
  std::vector<Queued> queue;
  auto flush = [&](bool keys) {
    for (const Queued& q : queue)
      Emit(out, keys && q.type == T::kStringDouble ? T::kNameTag : q.type, q.text);
    queue.clear();
  };
  auto put = [&](TokenType type, std::string_view piece) {
    if (queue.empty()) Emit(out, type, piece);
    else queue.push_back({type, piece});
  };
  bool in_string = false, in_escape = false, in_whitespace = false, in_constant = false, in_number = false,
       in_float = false, in_punctuation = false, in_comment_single = false, in_comment_multiline = false,
       second_opener = false, second_closer = false;
  int unicode_escape = 0;
  size_t start = 0;
  const size_t n = text.size();
  static constexpr ByteSet kStringEnds("\"\\");
  for (size_t stop = 0; stop < n; ++stop) {
    // Plain string characters and whitespace runs are skipped at once.
    if (in_string && !unicode_escape && !in_escape)
      while (stop < n && !IsIn(text[stop], kStringEnds)) ++stop;
    else if (in_whitespace)
      while (stop < n && IsIn(text[stop], kWhitespace)) ++stop;
    if (stop == n) break;
    char c = text[stop];
    if (in_string) {
      if (unicode_escape) {
        if (IsIn(c, kHex)) {
          if (!--unicode_escape) in_escape = false;
        } else {
          unicode_escape = 0;
          in_escape = false;
        }
      } else if (in_escape) {
        if (c == 'u') unicode_escape = 4;
        else in_escape = false;
      } else if (c == '\\') {
        in_escape = true;
      } else if (c == '"') {
        queue.push_back({T::kStringDouble, text.substr(start, stop + 1 - start)});
        in_string = in_escape = false;
        unicode_escape = 0;
      }
      continue;
    } else if (in_whitespace) {
      if (IsIn(c, kWhitespace)) continue;
      put(T::kTextWhitespace, text.substr(start, stop - start));
      in_whitespace = false;
    } else if (in_constant) {
      if (IsIn(c, kConstants)) continue;
      Emit(out, T::kKeywordConstant, text.substr(start, stop - start));
      in_constant = false;
    } else if (in_number) {
      if (IsIn(c, kIntegers)) continue;
      if (IsIn(c, kFloats)) {
        in_float = true;
        continue;
      }
      Emit(out, in_float ? T::kNumberFloat : T::kNumberInteger, text.substr(start, stop - start));
      in_number = in_float = false;
    } else if (in_punctuation) {
      if (IsIn(c, kPunctuation)) continue;
      Emit(out, T::kPunctuation, text.substr(start, stop - start));
      in_punctuation = false;
    } else if (in_comment_single) {
      if (c != '\n') continue;
      put(T::kCommentSingle, text.substr(start, stop - start));
      in_comment_single = false;
    } else if (in_comment_multiline) {
      if (c == '*') {
        second_closer = true;
      } else if (second_closer) {
        second_closer = false;
        if (c == '/') {
          put(T::kCommentMultiline, text.substr(start, stop + 1 - start));
          in_comment_multiline = false;
        }
      }
      continue;
    } else if (second_opener) {
      second_opener = false;
      if (c == '/') {
        in_comment_single = true;
        continue;
      }
      if (c == '*') {
        in_comment_multiline = true;
        continue;
      }
      flush(false);
      Emit(out, T::kError, text.substr(start, stop - start));
    }
    start = stop;
    if (c == '"') {
      in_string = true;
    } else if (IsIn(c, kWhitespace)) {
      in_whitespace = true;
    } else if (c == 'f' || c == 'n' || c == 't') {
      flush(false);
      in_constant = true;
    } else if (IsIn(c, kIntegers)) {
      flush(false);
      in_number = true;
    } else if (c == ':') {
      flush(true);
      in_punctuation = true;
    } else if (IsIn(c, kPunctuation)) {
      flush(false);
      in_punctuation = true;
    } else if (c == '/') {
      second_opener = true;
    } else {
      flush(false);
      Emit(out, T::kError, text.substr(stop, 1));
    }
  }
  flush(false);
  std::string_view rest = text.substr(std::min(start, text.size()));
  if (in_string) Emit(out, T::kError, rest);
  else if (in_float) Emit(out, T::kNumberFloat, rest);
  else if (in_number) Emit(out, T::kNumberInteger, rest);
  else if (in_constant) Emit(out, T::kKeywordConstant, rest);
  else if (in_whitespace) Emit(out, T::kTextWhitespace, rest);
  else if (in_punctuation) Emit(out, T::kPunctuation, rest);
  else if (in_comment_single) Emit(out, T::kCommentSingle, rest);
  else if (in_comment_multiline || second_opener) Emit(out, T::kError, rest);
}

// Lexers whose Pygments state tables tests/highlight/port_lexer.py writes
// out as they are: Python, Go, Rust, CSS, Java, SQL, PowerShell, HTML, XML,
// C, C++, and languages guess_lexer picks for plain code blocks (GDScript,
// Tera Term macro, Transact-SQL, Genshi's markup).
#include "highlight/ported_c.inc"
#include "highlight/ported_cpp.inc"
#include "highlight/ported_css.inc"
#include "highlight/ported_gdscript.inc"
#include "highlight/ported_genshimarkup.inc"
#include "highlight/ported_go.inc"
#include "highlight/ported_html.inc"
#include "highlight/ported_java.inc"
#include "highlight/ported_powershell.inc"
#include "highlight/ported_python.inc"
#include "highlight/ported_rust.inc"
#include "highlight/ported_sql.inc"
#include "highlight/ported_teratermmacro.inc"
#include "highlight/ported_tsql.inc"
#include "highlight/ported_xml.inc"

// Pygments' DelegatingLexer: `language` lexes the text; what it calls Other
// is joined and lexed by `root`, and the language's own tokens are put back
// at their places in that stream.
void LexDelegating(const RuleLexer& root, const RuleLexer& language, std::string_view text,
                   std::vector<Token>* out) {
  std::vector<Token> tokens;
  language.Lex(text, &tokens);
  std::string buffered;
  std::vector<Insertion> insertions;
  for (Token& t : tokens) {
    if (t.type == T::kOther) {
      buffered += t.text;
      continue;
    }
    if (insertions.empty() || insertions.back().offset != buffered.size()) insertions.push_back({buffered.size(), {}});
    insertions.back().tokens.push_back(std::move(t));
  }
  std::vector<Token> root_tokens;
  root.Lex(buffered, &root_tokens);
  DoInsertions(root_tokens, insertions, out);
}

// C and C++ as Pygments' CFamilyLexer: after the state table, names of the
// standard, C99, C11-atomic and Linux types are Keyword.Type.
template <size_t N>
void LexCFamily(const RuleLexer& lexer, const std::string_view (&type_names)[N], std::string_view text,
                std::vector<Token>* out) {
  size_t first = out->size();
  lexer.Lex(text, out);
  for (size_t i = first; i < out->size(); ++i) {
    Token& t = (*out)[i];
    if (t.type == T::kName && std::find(std::begin(type_names), std::end(type_names), t.text) != std::end(type_names))
      t.type = T::kKeywordType;
  }
}

// Console sessions (Pygments' BashSessionLexer): a line starting with a
// prompt is a command (lexed as Bash, with backslash continuations), a
// leading "(venv)" is Generic.Prompt.VirtualEnv; other lines are output.
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
      venv.push_back({code.size(), {T::kGenericPromptVirtualEnv, m->Group(1)}});
      if (!m->Group(2).empty()) venv.push_back({code.size(), {T::kText, m->Group(2)}});
      line.remove_prefix(m->End(0));
    }
    if (auto m = kPrompt.MatchAt(line)) {
      prompts.insert(prompts.end(), venv.begin(), venv.end());
      prompts.push_back({code.size(), {T::kGenericPrompt, m->Group(1)}});
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

// Lexers in files of their own (lexer_<language>.cc).
void LexPerl6(std::string_view text, std::vector<Token>* out);
void LexLasso(std::string_view text, std::vector<Token>* out);
void LexCssLasso(std::string_view text, std::vector<Token>* out);
void LexRuby(std::string_view text, std::vector<Token>* out);
void LexPhp(std::string_view text, std::vector<Token>* out);

LexFunction FindOwnLexer(std::string_view pygments_name) {
  static const std::map<std::string_view, LexFunction> lexers = {
      {"Bash", [](std::string_view t, std::vector<Token>* o) { Bash().Lex(t, o); }},
      {"Bash Session", LexConsole},
      {"JSON", LexJson},
      {"Python", [](std::string_view t, std::vector<Token>* o) { PortedPython().Lex(t, o); }},
      {"Go", [](std::string_view t, std::vector<Token>* o) { PortedGo().Lex(t, o); }},
      {"Rust", [](std::string_view t, std::vector<Token>* o) { PortedRust().Lex(t, o); }},
      {"CSS", [](std::string_view t, std::vector<Token>* o) { PortedCss().Lex(t, o); }},
      {"Java", [](std::string_view t, std::vector<Token>* o) { PortedJava().Lex(t, o); }},
      {"SQL", [](std::string_view t, std::vector<Token>* o) { PortedSql().Lex(t, o); }},
      {"PowerShell", [](std::string_view t, std::vector<Token>* o) { PortedPowershell().Lex(t, o); }},
      {"HTML", [](std::string_view t, std::vector<Token>* o) { PortedHtml().Lex(t, o); }},
      {"XML", [](std::string_view t, std::vector<Token>* o) { PortedXml().Lex(t, o); }},
      {"GDScript", [](std::string_view t, std::vector<Token>* o) { PortedGdscript().Lex(t, o); }},
      {"Tera Term macro", [](std::string_view t, std::vector<Token>* o) { PortedTeratermmacro().Lex(t, o); }},
      {"Transact-SQL", [](std::string_view t, std::vector<Token>* o) { PortedTsql().Lex(t, o); }},
      // Pygments' GenshiLexer: XML with Genshi markup.
      {"Genshi",
       [](std::string_view t, std::vector<Token>* o) { LexDelegating(PortedXml(), PortedGenshiMarkup(), t, o); }},
      {"C", [](std::string_view t, std::vector<Token>* o) { LexCFamily(PortedC(), kPortedCTypeNames, t, o); }},
      {"C++", [](std::string_view t, std::vector<Token>* o) { LexCFamily(PortedCpp(), kPortedCppTypeNames, t, o); }},
      {"JavaScript", [](std::string_view t, std::vector<Token>* o) { Javascript().Lex(t, o); }},
      {"TypeScript", [](std::string_view t, std::vector<Token>* o) { Typescript().Lex(t, o); }},
      {"Makefile", LexMakefile},
      {"Diff", [](std::string_view t, std::vector<Token>* o) { Diff().Lex(t, o); }},
      {"Docker", [](std::string_view t, std::vector<Token>* o) { Docker().Lex(t, o); }},
      {"Terraform", [](std::string_view t, std::vector<Token>* o) { Terraform().Lex(t, o); }},
      {"TOML", [](std::string_view t, std::vector<Token>* o) { Toml().Lex(t, o); }},
      {"INI", [](std::string_view t, std::vector<Token>* o) { Ini().Lex(t, o); }},
      {"Nginx configuration file", [](std::string_view t, std::vector<Token>* o) { Nginx().Lex(t, o); }},
      {"Django/Jinja", [](std::string_view t, std::vector<Token>* o) { Jinja().Lex(t, o); }},
      {"Perl6", LexPerl6},
      {"Lasso", LexLasso},
      {"CSS+Lasso", LexCssLasso},
      {"Ruby", LexRuby},
      {"PHP", LexPhp},
  };
  auto it = lexers.find(pygments_name);
  return it == lexers.end() ? nullptr : it->second;
}

}  // namespace stacks::highlight
