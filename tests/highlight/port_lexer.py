#!/usr/bin/python3
"""Writes a Pygments 2.14 RegexLexer's state table as C++ for RuleLexer
(src/highlight/rule_lexer.h): src/highlight/ported_<name>.inc.

It reads the lexer's processed token definitions (includes already
expanded, `combined` states already named `_tmp_N`), so the rules, their
order and the state changes are exactly Pygments'. Supported actions: token
types (non-standard ones become their nearest standard ancestor, as a
stylesheet sees them), `bygroups` of token types and `using(this)` /
`using(OtherLexer)` without options, and an ExtendedRegexLexer's callbacks
defined in the lexer class (by name: the method `opening_brace_callback`, or
the factory `brackets_callback(Token)`, becomes
`Action(OpeningBraceCallback)` / `Action(BracketsCallback, T::k...)`, a C++
function the including file defines). Anything else stops the port.

  port_lexer.py ALIAS FUNCTION_NAME     (run from the repository root)
  port_lexer.py MODULE:CLASS FUNCTION_NAME  (a lexer without aliases)
"""
import importlib
import re
import sys

from pygments.lexer import ExtendedRegexLexer
from pygments.lexers import get_lexer_by_name


def our_types():
    """The dotted names of our TokenType enumerators (token_types.inc)."""
    with open("src/highlight/token_types.inc") as f:
        return {"Token." + n if n else "Token" for n in re.findall(r'^X\(\w+, "([^"]*)"', f.read(), re.M)}


OUR_TYPES = our_types()


def standard(ttype):
    """The type itself when we have it, else its nearest ancestor we have."""
    while str(ttype) not in OUR_TYPES:
        ttype = ttype.parent
    return ttype


def enum_name(ttype):
    parts = str(standard(ttype)).split(".")[1:] or ["Token"]
    if parts[0] == "Literal" and len(parts) > 1:
        parts = parts[1:]
    return "T::k" + "".join(parts)


def lexer_class(alias):
    """The lexer class for an alias, or for "module:Class" (a lexer without
    aliases, such as pygments.lexers.templates:GenshiMarkupLexer)."""
    if ":" in alias:
        module, name = alias.split(":")
        cls = getattr(importlib.import_module(module), name)
        cls()  # processes the token definitions into _tokens
        return cls
    return type(get_lexer_by_name(alias))


def alias_of(lexer_cls):
    return lexer_cls.aliases[0]


def callback_code(action):
    """An Action calling the C++ twin of a callback defined in the lexer's
    class: the method's name in CamelCase, with the token type the factory
    that made it was given (if any)."""
    method = action.__qualname__.split(".")[1]
    function = "".join(word.capitalize() for word in method.split("_"))
    token_types = [c.cell_contents for c in action.__closure__ or ()
                   if type(c.cell_contents).__name__ == "_TokenType"]
    return ["Action(%s)" % ", ".join([function] + [enum_name(t) for t in token_types])]


def action_code(action, this_alias, cls=None):
    """C++ Action list for one rule's action."""
    name = getattr(action, "__qualname__", "")
    if action is None:  # default(): an empty match that only changes state
        return ["T::kText"]
    if not callable(action) or type(action).__name__ == "_TokenType":
        return [enum_name(action)]
    if name.startswith("bygroups"):
        out = []
        for a in action.__closure__[0].cell_contents:
            if a is None:
                raise SystemExit("bygroups with None is not supported")
            out.extend(action_code(a, this_alias))
        return out
    if name.startswith("using"):
        cells = dict(zip(action.__code__.co_freevars, (c.cell_contents for c in action.__closure__)))
        if cells.get("kwargs"):
            raise SystemExit("using(..., options) is not supported")
        other = cells.get("_other")
        alias = this_alias if other is None or "this" in repr(other) else alias_of(other)
        return ['"%s"' % alias]
    if cls is not None and name.startswith(cls.__name__ + "."):
        return callback_code(action)
    raise SystemExit("unsupported action %r" % (action,))


def next_code(new_state):
    if new_state is None:
        return ""
    if isinstance(new_state, int):
        return "#pop" if new_state == -1 else "#pop:%d" % -new_state
    if isinstance(new_state, str):
        return new_state
    return ",".join(new_state)


def cpp_string(s):
    for tag in ("PYG", "PYG1", "PYG2"):
        if ")%s\"" % tag not in s:
            return 'R"%s(%s)%s"' % (tag, s, tag)
    raise SystemExit("cannot quote %r" % s)


def main():
    alias, function = sys.argv[1], sys.argv[2]
    cls = lexer_class(alias)
    this_alias = cls.aliases[0] if cls.aliases else cls.__name__.lower().replace("lexer", "")
    flags = []
    if cls.flags & re.IGNORECASE:
        flags.append("Regex::kIgnoreCase")
    if cls.flags & re.MULTILINE:
        flags.append("Regex::kMultiline")
    if cls.flags & re.DOTALL:
        flags.append("Regex::kDotAll")
    states = []
    # RuleLexer starts in its first state: root goes first.
    ordered = sorted(cls._tokens.items(), key=lambda item: item[0] != "root")
    for state, rules in ordered:
        lines = []
        for rexmatch, action, new_state in rules:
            pattern = rexmatch.__self__.pattern
            # Python reads `{,n}` as `{0,n}`; PCRE2 10.42 as literal text.
            pattern = re.sub(r"(?<!\\)\{,(\d+)\}", r"{0,\1}", pattern)
            if pattern.startswith("@"):
                pattern = "[@]" + pattern[1:]
            actions = action_code(action, this_alias, cls)
            nxt = next_code(new_state)
            lines.append("         {%s, {%s}%s}" % (cpp_string(pattern), ", ".join(actions),
                                                    ', "%s"' % nxt if nxt else ""))
        states.append('       {"%s",\n        {\n%s}}' % (state, ",\n".join(lines)))
    kind = ", RuleLexer::kExtendedRegexLexer" if issubclass(cls, ExtendedRegexLexer) else ""
    out = ["// Generated by tests/highlight/port_lexer.py from Pygments 2.14's %s; do not edit.\n" % cls.__name__,
           "const RuleLexer& %s() {\n" % function,
           "  static const RuleLexer lexer(\n      {\n",
           ",\n".join(states),
           "},\n      %s%s);\n" % (" | ".join(flags) or "Regex::kNone", kind),
           "  return lexer;\n}\n"]
    # CFamilyLexer retypes these names as Keyword.Type after lexing.
    if hasattr(cls, "stdlib_types"):
        names = sorted(cls.stdlib_types | cls.c99_types | cls.c11_atomic_types | cls.linux_types)
        out.append("constexpr std::string_view k%sTypeNames[] = {%s};\n" % (
            function, ", ".join('"%s"' % n for n in names)))
    # Perl6Lexer's pairs of opening and closing brackets, as code points.
    if hasattr(cls, "PERL6_BRACKETS"):
        pairs = sorted((ord(o), ord(c)) for o, c in cls.PERL6_BRACKETS.items())
        out.append("constexpr std::pair<char32_t, char32_t> k%sBrackets[] = {\n%s};\n" % (
            function, "".join("    {0x%04x, 0x%04x},\n" % p for p in pairs)))
    path = "src/highlight/ported_%s.inc" % this_alias
    with open(path, "w") as f:
        f.write("".join(out))
    print("wrote", path, sum(len(r) for r in cls._tokens.values()), "rules in", len(cls._tokens), "states")


def port_as(alias, function, header, edit=lambda body: body):
    """For the gen_*.py wrappers: runs main() for ALIAS (after they have
    patched this module), then rewrites src/highlight/ported_<alias>.inc with
    HEADER in place of main()'s first line and `edit` applied to the rest."""
    sys.argv = [sys.argv[0], alias, function]
    main()
    path = "src/highlight/ported_%s.inc" % alias
    with open(path) as f:
        body = f.read().split("\n", 1)[1]
    with open(path, "w") as f:
        f.write(header + edit(body))


if __name__ == "__main__":
    main()
