#!/usr/bin/python3
"""Renders every template conformance case with Jinja2 (the oracle) into expected/*.json.

Run with Debian's /usr/bin/python3 and python3-jinja2 3.1.2:

    /usr/bin/python3 tests/template/make_expected.py           # rewrite expected/
    /usr/bin/python3 tests/template/make_expected.py --check   # fail if expected/ is stale

Each case is written to a temporary folder and rendered through a FileSystemLoader
with the case's environment options and the `do` and `loopcontrols` extensions (as
Pelican's JINJA_ENVIRONMENT can enable them). The expected entry is either
{"output": text} or {"error": {...}} with the line the oracle blames: the
TemplateSyntaxError's lineno, or for an error raised while rendering the line of the
innermost template frame in the traceback (Jinja rewrites tracebacks so that
template frames carry template lines).
"""

import argparse
import datetime
import json
import os
import sys
import tempfile
import traceback

sys.dont_write_bytecode = True  # keep the source tree clean when run by CTest
import cases as case_files  # noqa: E402

import jinja2

REQUIRED_VERSION = "3.1.2"


class HostObject:
    """A Pelican-like object (URLWrapper, ...): attributes, a string form, and
    equality and ordering by that string form."""

    def __init__(self, text, attributes):
        self.__dict__.update(attributes)
        self.__text = text

    def __str__(self):
        return self.__text

    def __eq__(self, other):
        return isinstance(other, HostObject) and str(other) == self.__text

    def __lt__(self, other):
        return self.__text < str(other)

    def __hash__(self):
        return hash(self.__text)


class Constant:
    """A method that returns the same value whatever its arguments."""

    def __init__(self, value):
        self.value = value

    def __call__(self, *args, **kwargs):
        return self.value


def decode_context(value):
    """Turns the special objects of a JSON context into Python values:
    {"__datetime__": ISO} -> datetime, {"__callable__": V} -> a function returning V,
    {"__object__": TEXT, KEY: V...} -> an object with attributes KEY, printed as TEXT."""
    if isinstance(value, dict):
        if set(value) == {"__datetime__"}:
            return datetime.datetime.fromisoformat(value["__datetime__"])
        if set(value) == {"__callable__"}:
            return Constant(decode_context(value["__callable__"]))
        decoded = {k: decode_context(v) for k, v in value.items() if k != "__object__"}
        if "__object__" in value:
            return HostObject(value["__object__"], decoded)
        return decoded
    if isinstance(value, list):
        return [decode_context(v) for v in value]
    return value


def make_environment(case, search_dirs):
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(search_dirs),
        trim_blocks="trim_blocks" in case.flags,
        lstrip_blocks="lstrip_blocks" in case.flags,
        autoescape="autoescape" in case.flags,
        keep_trailing_newline="keep_trailing_newline" in case.flags,
        undefined=jinja2.StrictUndefined if "strict_undefined" in case.flags
        else jinja2.Undefined,
        extensions=["jinja2.ext.do", "jinja2.ext.loopcontrols"],
    )


def innermost_template_frame(tb, search_dirs):
    """(template file, line) of the last traceback frame that runs a template."""
    found = None
    roots = [os.path.realpath(d) + os.sep for d in search_dirs]
    for frame in traceback.extract_tb(tb):
        path = os.path.realpath(frame.filename) if os.path.exists(frame.filename) else ""
        for root in roots:
            if path.startswith(root):
                found = (os.path.relpath(path, root), frame.lineno)
                break
    return found


def error_entry(exc, search_dirs):
    entry = {"type": type(exc).__name__, "message": str(exc)}
    if isinstance(exc, jinja2.TemplateSyntaxError):
        name = exc.name
        if name and os.path.isabs(name):
            name = os.path.basename(name)
        entry.update(kind="syntax", template=name, line=exc.lineno)
    else:
        frame = innermost_template_frame(exc.__traceback__, search_dirs)
        entry.update(kind="runtime", template=frame[0] if frame else None,
                     line=frame[1] if frame else None)
    if isinstance(exc, RecursionError):
        # Where Python's recursion limit strikes (which template, which wording) varies;
        # the cases keep every template on line 1, so only the line is recorded.
        entry.update(message="maximum recursion depth exceeded", template=None)
    return entry


def render_case(case):
    with tempfile.TemporaryDirectory() as workdir:
        case.write_files(workdir)
        search_dirs = case.search_dirs(workdir)
        env = make_environment(case, search_dirs)
        try:
            template = env.get_template(case.template_name)
            return {"output": template.render(decode_context(case.context()))}
        except Exception as exc:  # every oracle error is a recorded expectation
            return {"error": error_entry(exc, search_dirs)}


def intent_warning(case, entry):
    wants_error = "error" in case.flags
    if wants_error and "output" in entry:
        return "marked `error` but Jinja2 rendered it"
    if not wants_error and "error" in entry:
        return f"Jinja2 failed: {entry['error']['type']}: {entry['error']['message']}"
    if wants_error and entry["error"]["line"] is None:
        return "error without a template line"
    return None


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true",
                        help="compare with the committed files instead of writing them")
    parser.add_argument("areas", nargs="*", help="case files to process (default: all)")
    args = parser.parse_args()
    if jinja2.__version__ != REQUIRED_VERSION:
        sys.exit(f"make_expected.py: Jinja2 {REQUIRED_VERSION} required, "
                 f"found {jinja2.__version__}")

    by_area, problems = {}, 0
    for case in case_files.load_all(args.areas):
        entry = render_case(case)
        warning = intent_warning(case, entry)
        if warning:
            problems += 1
            print(f"{case.id}: {warning}", file=sys.stderr)
        by_area.setdefault(case.area, {})[case.name] = entry

    stale = 0
    os.makedirs(case_files.EXPECTED_DIR, exist_ok=True)
    for area, entries in by_area.items():
        text = json.dumps(entries, indent=1, ensure_ascii=False) + "\n"
        path = case_files.expected_path(area)
        if args.check:
            old = open(path, encoding="utf-8").read() if os.path.exists(path) else ""
            if old != text:
                stale += 1
                print(f"{path}: differs from the oracle's output", file=sys.stderr)
        else:
            with open(path, "w", encoding="utf-8") as f:
                f.write(text)
    if not args.areas:
        for entry in sorted(os.listdir(case_files.EXPECTED_DIR)):
            if entry.endswith(".json") and entry[:-5] not in by_area:
                stale += 1
                print(f"expected/{entry}: no case file cases/{entry[:-5]}.txt", file=sys.stderr)
    total = sum(len(e) for e in by_area.values())
    print(f"{total} cases in {len(by_area)} files; {problems} intent warnings; "
          f"{stale} stale files")
    return 1 if stale or problems else 0


if __name__ == "__main__":
    sys.exit(main())
