#!/usr/bin/python3
"""Writes tests/highlight/heldout/<alias>.txt from files installed on the
build machine (Debian 12 packages, the JDK sources, the Google Cloud SDK,
Node's npm tree, pyenv's Python sources, this repository's git history for
diffs), so the held-out snippets are real code nobody wrote to fit our
tables. Languages with no installed sources get hand-written snippets in
heldout/manual/<alias>.txt, which this script appends unchanged.

How a snippet is cut: files matching the language's patterns are listed in
sorted order and shuffled with a fixed seed; from each picked file a start
line at top level (no indentation, not blank) is picked, and lines are taken
until about 25 lines or 1,200 characters, then back to the last blank line;
trailing blank lines are dropped. Snippets shorter than 4 non-blank lines,
or ending inside a block comment or a triple-quoted string, are skipped.

  make_heldout.py [ALIAS ...]      (run once; the output is committed)

The figures on heldout/ must not be used to tune the lexers or tables.
"""
import glob
import os
import random
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "heldout")
SEPARATOR = "--8<--"
WANT = 12

SOURCES = {
    "python": ["/usr/lib/python3/dist-packages/*/*.py", "/usr/lib/python3.11/*.py"],
    "bash": ["/usr/share/bash-completion/completions/*", "/etc/init.d/*", "/usr/lib/bats-core/*.bash",
             "/usr/share/ucf/*.sh", "/usr/bin/*.sh"],
    "yaml": ["/usr/lib/google-cloud-sdk/lib/surface/*/*.yaml", "/usr/lib/google-cloud-sdk/lib/surface/*/*/*.yaml"],
    "json": ["/usr/share/doc/nodejs/api/*.json", "/usr/lib/node_modules/npm/node_modules/*/package.json"],
    "go": ["/usr/share/doc/git/contrib/persistent-https/*.go", "/usr/lib/google-cloud-sdk/**/*.go"],
    "terraform": [],
    "dockerfile": ["/usr/lib/google-cloud-sdk/platform/ext-runtime/*/data/Dockerfile",
                   "/usr/lib/x86_64-linux-gnu/qt5/mkspecs/features/data/testserver/Dockerfile"],
    "javascript": ["/usr/lib/node_modules/npm/lib/*.js", "/usr/lib/node_modules/npm/lib/*/*.js",
                   "/usr/share/clang/scan-build-14/share/scan-build/*.js"],
    "sql": ["/usr/share/postgresql/15/extension/*.sql", "/usr/share/postgresql/15/*.sql"],
    "toml": ["/usr/share/doc/libtomlplusplus-dev/examples/*.toml", "/usr/lib/python3/dist-packages/**/*.toml",
             "/root/.pyenv/versions/*/lib/python3*/**/*.toml"],
    "ini": ["/usr/lib/google-cloud-sdk/platform/gsutil/third_party/*/tox.ini", "/lib/systemd/system/*.service",
            "/etc/systemd/*.conf", "/root/.pyenv/versions/3.13.0/lib/python3.13/**/mypy.ini"],
    "diff": [],  # from git history, see diff_snippets
    "html": ["/usr/share/doc/*/*.html", "/usr/share/doc/*/html/*.html"],
    "css": ["/usr/share/doc/python3/_static/*.css", "/usr/share/clang/scan-build-14/share/scan-build/*.css",
            "/usr/lib/python3.11/pydoc_data/*.css", "/usr/share/javascript/*/*.css", "/usr/share/doc/*/*.css",
            "/usr/share/docutils/writers/s5_html/themes/default/*.css",
            "/usr/lib/google-cloud-sdk/platform/google_appengine/google/appengine/tools/devappserver2/admin/assets/*.css",
            "/usr/lib/python3/dist-packages/pelican/themes/*/static/css/*.css"],
    "c": ["/usr/share/doc/*/examples/*.c", "/usr/lib/python3/dist-packages/**/*.c", "/usr/include/*.h"],
    "cpp": ["/usr/include/c++/12/bits/*.h", "/usr/share/doc/**/*.cpp", "/usr/include/KF5/**/*.h"],
    "java": [],  # from the JDK's src.zip, see java_snippets
    "rust": ["/root/.rustup/toolchains/stable-*/share/doc/rust/html/error_codes/*.rs"],
    "ruby": [],
    "php": ["/usr/lib/google-cloud-sdk/platform/google_appengine/**/*.php"],
    "make": ["/usr/share/dpkg/*.mk", "/usr/share/vim/vim90/macros/maze/Makefile",
             "/usr/share/doc/ca-certificates/examples/**/Makefile", "/usr/lib/x86_64-linux-gnu/qt5/mkspecs/**/*.mk",
             "/usr/share/postgresql-common/**/Makefile", "/usr/lib/postgresql/15/lib/pgxs/src/*.mk",
             "/usr/lib/postgresql/15/lib/pgxs/src/makefiles/*.mk"],
    "nginx": [],
    "powershell": ["/usr/lib/node_modules/**/*.ps1", "/usr/lib/google-cloud-sdk/**/*.ps1"],
    "jinja": ["/usr/lib/python3/dist-packages/pelican/themes/*/templates/*.html"],
    "console": [],
    "typescript": [],
}

TOP_LEVEL_ANYWHERE = {"json", "html", "css", "sql", "ini", "toml", "yaml", "jinja", "dockerfile"}


def files_for(alias):
    out = set()
    for pattern in SOURCES[alias]:
        out.update(p for p in glob.glob(pattern, recursive=True) if os.path.isfile(p))
    return sorted(out)


def read(path):
    try:
        with open(path, encoding="utf-8") as f:
            return f.read()
    except (UnicodeDecodeError, OSError):
        return None


def cut(alias, text, rng):
    lines = text.replace("\r\n", "\n").split("\n")
    starts = [i for i, l in enumerate(lines) if l.strip() and (alias in TOP_LEVEL_ANYWHERE or not l[0].isspace())]
    if not starts:
        return None
    start = rng.choice(starts[: max(1, len(starts) - 3)])
    taken, size = [], 0
    for line in lines[start:]:
        if len(taken) >= 25 or size + len(line) > 1200:
            break
        taken.append(line)
        size += len(line) + 1
    # End at the last blank line (a paragraph boundary) when there is one.
    blanks = [i for i, l in enumerate(taken) if not l.strip() and i >= 4]
    if blanks and size >= 1200 or len(taken) >= 25:
        taken = taken[: blanks[-1]] if blanks else taken
    while taken and not taken[-1].strip():
        taken.pop()
    piece = "\n".join(taken)
    if sum(1 for l in taken if l.strip()) < 4 or any(l == SEPARATOR for l in taken) or not balanced(alias, piece):
        return None
    return piece


# A cut must not end inside a block comment or a long string (a snippet in a
# blog post never does).
def balanced(alias, piece):
    if alias in ("c", "cpp", "java", "javascript", "css", "php", "go", "rust", "typescript"):
        if piece.count("/*") != piece.count("*/"):
            return False
    if alias == "python" and (piece.count('"""') % 2 or piece.count("\'\'\'") % 2):
        return False
    if alias in ("html", "php", "jinja") and piece.count("<!--") != piece.count("-->"):
        return False
    if alias == "jinja" and piece.count("{#") != piece.count("#}"):
        return False
    return True


def file_snippets(alias, rng):
    files = files_for(alias)
    rng.shuffle(files)
    out = []
    for path in files:
        text = read(path)
        if not text:
            continue
        piece = text.strip("\n") if alias == "json" and len(text) < 1200 else cut(alias, text, rng)
        if piece:
            out.append(piece)
        if len(out) >= WANT:
            break
    return out


def diff_snippets(rng):
    log = subprocess.run(["git", "-C", os.path.dirname(os.path.dirname(HERE)), "log", "--format=%H", "-n", "400"],
                         capture_output=True, text=True, check=True).stdout.split()
    rng.shuffle(log)
    out = []
    for commit in log:
        show = subprocess.run(["git", "-C", os.path.dirname(os.path.dirname(HERE)), "show", "--format=", commit],
                              capture_output=True, text=True).stdout
        if "\n--8<--" in show or not show:
            continue
        lines = show.split("\n")[:22]
        out.append("\n".join(lines).rstrip("\n"))
        if len(out) >= WANT:
            break
    return out


def java_snippets(rng):
    import zipfile
    z = zipfile.ZipFile("/usr/lib/jvm/temurin-25-jdk-amd64/lib/src.zip")
    names = sorted(n for n in z.namelist() if n.endswith(".java") and n.startswith("java.base/java/util/"))
    rng.shuffle(names)
    out = []
    for n in names:
        text = z.read(n).decode("utf-8", "replace")
        # Skip the licence header: start after the package line.
        text = text[text.find("\npackage ") + 1:] if "\npackage " in text else text
        piece = cut("java", "\n".join(l for l in text.split("\n")), rng)
        if piece:
            out.append(piece)
        if len(out) >= WANT:
            break
    return out


def main():
    os.makedirs(OUT, exist_ok=True)
    for alias in sys.argv[1:] or sorted(SOURCES):
        rng = random.Random("heldout-" + alias)
        if alias == "diff":
            snippets = diff_snippets(rng)
        elif alias == "java":
            snippets = java_snippets(rng)
        else:
            snippets = file_snippets(alias, rng)
        manual = os.path.join(OUT, "manual", alias + ".txt")
        text = ("\n" + SEPARATOR + "\n").join(snippets)
        if os.path.exists(manual):
            extra = open(manual, encoding="utf-8").read().strip("\n")
            text = text + "\n" + SEPARATOR + "\n" + extra if text else extra
        with open(os.path.join(OUT, alias + ".txt"), "w", encoding="utf-8") as f:
            f.write(text + "\n")
        print("%-11s %3d from files%s" % (alias, len(snippets), " + manual" if os.path.exists(manual) else ""))


if __name__ == "__main__":
    main()
