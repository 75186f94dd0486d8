"""Reads the template conformance cases (cases/*.txt) and writes them to disk.

A case file is a list of cases. Lines before the first case header are comments.

    ### NAME [OPTION ...] [KEY=VALUE ...] [{JSON context on the rest of the line}]
    main template text ...
    --- context
    {"multi": "line JSON context"}
    --- file NAME
    another template, reachable by include/extends/import ...

Each section's text runs up to the next line starting with '### ' or '--- ' (a
marker); the newline just before a marker or the end of the file belongs to the
marker, so a template that ends with a newline is written with one empty line
after it. (So no template line can start with '### ' or '--- '.)

OPTION is one of trim_blocks, lstrip_blocks, autoescape, keep_trailing_newline,
strict_undefined (the Jinja environment settings), or `error` (the case is meant
to fail; make_expected.py checks that the oracle agrees).
KEY=VALUE: theme=DIR[,DIR...] (render template NAME found in these folders, relative to
this folder and searched in order, instead of a main template), template=NAME, context=FILE (JSON context read from FILE, relative
to this folder).

A JSON context may hold three special objects, for the host values Pelican passes:
  {"__datetime__": "2012-11-30T10:00:00"}   a date with time (isoformat(), strftime(), ...)
  {"__callable__": VALUE}                   a method returning VALUE whatever its arguments
  {"__object__": "TEXT", "key": VALUE, ...} an object with attributes, printed as TEXT,
                                            equal to and ordered like other objects by TEXT
"""

import json
import os
import re

HERE = os.path.dirname(os.path.abspath(__file__))
CASES_DIR = os.path.join(HERE, "cases")
EXPECTED_DIR = os.path.join(HERE, "expected")
MAIN_TEMPLATE = "main.html"

ENV_OPTIONS = ("trim_blocks", "lstrip_blocks", "autoescape", "keep_trailing_newline",
               "strict_undefined")
FLAGS = ENV_OPTIONS + ("error",)
KEYS = ("theme", "template", "context")
_NAME = re.compile(r"^[A-Za-z0-9_.-]+$")


class CaseError(Exception):
    pass


class Case:
    def __init__(self, area, name, line):
        self.area = area
        self.name = name
        self.line = line          # header line in the case file, for messages
        self.flags = set()
        self.keys = {}
        self.context_text = "{}"
        self.files = {}           # template name -> text

    @property
    def id(self):
        return f"{self.area}/{self.name}"

    @property
    def template_name(self):
        return self.keys.get("template", MAIN_TEMPLATE)

    def context(self):
        if "context" in self.keys:
            with open(os.path.join(HERE, self.keys["context"]), encoding="utf-8") as f:
                return json.load(f)
        return json.loads(self.context_text)

    def search_dirs(self, workdir):
        """Folders holding the case's templates, searched in order: the theme's, or
        workdir after write_files."""
        if "theme" in self.keys:
            return [os.path.join(HERE, d) for d in self.keys["theme"].split(",")]
        return [workdir]

    def write_files(self, workdir):
        for name, text in self.files.items():
            path = os.path.join(workdir, name)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "w", encoding="utf-8", newline="") as f:
                f.write(text)


def _parse_header(case, rest):
    brace = rest.find("{")
    if brace >= 0:
        case.context_text = rest[brace:]
        json.loads(case.context_text)
        rest = rest[:brace]
    for word in rest.split():
        if "=" in word:
            key, value = word.split("=", 1)
            if key not in KEYS:
                raise CaseError(f"unknown key {key!r}")
            case.keys[key] = value
        elif word in FLAGS:
            case.flags.add(word)
        else:
            raise CaseError(f"unknown option {word!r}")


def _close_section(case, section, lines):
    # The newline before the next marker belongs to the marker.
    text = "\n".join(lines)
    if section is None:
        return
    if section == "context":
        case.context_text = text
        json.loads(text)
    else:
        case.files[section] = text


def parse_file(path):
    """Returns the cases of one case file, in order."""
    area = os.path.splitext(os.path.basename(path))[0]
    with open(path, encoding="utf-8", newline="") as f:
        raw_lines = f.read().split("\n")
    if raw_lines and raw_lines[-1] == "":
        raw_lines.pop()
    cases, case, section, lines = [], None, None, []
    for number, line in enumerate(raw_lines, 1):
        try:
            if line.startswith("### "):
                if case:
                    _close_section(case, section, lines)
                head = line[4:].split(None, 1)
                if not head or not _NAME.match(head[0]):
                    raise CaseError("bad case name")
                case = Case(area, head[0], number)
                _parse_header(case, head[1] if len(head) > 1 else "")
                section = None if "theme" in case.keys else MAIN_TEMPLATE
                lines = []
                cases.append(case)
            elif line.startswith("--- ") and case:
                _close_section(case, section, lines)
                words = line[4:].split()
                if words == ["context"]:
                    section = "context"
                elif len(words) == 2 and words[0] == "file":
                    section = words[1]
                else:
                    raise CaseError(f"bad section marker {line!r}")
                lines = []
            elif case:
                if section is None:
                    if line.strip():
                        raise CaseError("theme cases take no main template")
                    continue
                lines.append(line)
        except (CaseError, ValueError) as e:
            raise CaseError(f"{path}:{number}: {e}") from None
    if case:
        _close_section(case, section, lines)
    return cases


def load_all(selected_areas=None):
    """All cases of all case files, sorted by file name; names are unique per file."""
    result = []
    for entry in sorted(os.listdir(CASES_DIR)):
        if not entry.endswith(".txt"):
            continue
        if selected_areas and entry[:-4] not in selected_areas:
            continue
        cases = parse_file(os.path.join(CASES_DIR, entry))
        seen = set()
        for c in cases:
            if c.name in seen:
                raise CaseError(f"{entry}: duplicate case name {c.name}")
            seen.add(c.name)
        result.extend(cases)
    return result


def expected_path(area):
    return os.path.join(EXPECTED_DIR, area + ".json")


def load_expected(area):
    path = expected_path(area)
    if not os.path.exists(path):
        return {}
    with open(path, encoding="utf-8") as f:
        return json.load(f)
