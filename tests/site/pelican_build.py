#!/usr/bin/python3
"""Build a site with real Pelican 4.8 (Debian's), reproducibly.

  pelican_build.py CONTENT -o OUT [-s SETTINGS] -t THEME [-e KEY=JSON]...
                   [--locale C] [--fatal warnings|errors]

Runs `/usr/bin/python3 -m pelican` in a child process with:
- LC_ALL set to --locale (default C), so a site without LOCALE formats dates
  the same everywhere; a LOCALE setting still wins, as in Pelican;
- no content cache (LOAD_CONTENT_CACHE and CACHE_CONTENT off, CACHE_PATH in a
  throw-away folder) and an emptied output folder;
- the working folder set to a fresh empty one (or --cwd), so no stray
  pelicanconf.py is picked up when no settings file is given;
- LOCPATH passed through, so locales compiled with localedef outside the
  system folders (run_sites.py does this) can be used;
- tests/site/pelican_shims on PYTHONPATH: it holds an offline stand-in for the
  seed blog's `python_markdown_gh_emoji` module (its settings call
  GheEmoji.load_from_github()), backed by tests/markdown/oracle/gh_emoji.py.

Every -e override is passed in one `-e` group, because Pelican's own parser
keeps only the last group. Prints Pelican's log; the exit status is Pelican's.
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
SHIMS = os.path.join(HERE, "pelican_shims")
PYTHON = "/usr/bin/python3"
NO_CACHE = {"LOAD_CONTENT_CACHE": False, "CACHE_CONTENT": False}
SIMPLE_THEME = os.path.abspath(os.path.join(HERE, "..", "..", "..", "shared", "conformance", "pelican", "themes",
                                            "simple"))


def small_site_settings(sitename):
    """The settings of the small sites the command-line tests build: a
    `simple`-theme site with static images, no HTML reader and only the
    main feeds, so both tools print nothing but what a test looks for."""
    return f"""\
AUTHOR = 'Tester'
SITENAME = '{sitename}'
SITEURL = ''
TIMEZONE = 'UTC'
DEFAULT_LANG = 'en'
STATIC_PATHS = ['images']
READERS = {{'html': None}}
FEED_ALL_ATOM = None
CATEGORY_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
TRANSLATION_FEED_ATOM = None
"""


def pelican_command(content, output, theme, settings, overrides, fatal, cache_path):
    command = [PYTHON, "-m", "pelican", os.path.abspath(content), "-o", os.path.abspath(output),
               "-t", os.path.abspath(theme), "--cache-path", cache_path]
    if settings:
        command += ["-s", os.path.abspath(settings)]
    if fatal:
        command += ["--fatal", fatal]
    merged = dict(NO_CACHE)
    merged.update(overrides)
    command += ["-e"] + ["%s=%s" % (key, json.dumps(value)) for key, value in merged.items()]
    return command


def pelican_environment(locale_name, hash_seed="0"):
    env = dict(os.environ)
    env["LC_ALL"] = locale_name
    env["LANG"] = locale_name
    env.pop("LANGUAGE", None)
    env["PYTHONPATH"] = SHIMS + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    env["PYTHONHASHSEED"] = hash_seed
    env["TZ"] = "UTC"
    env["COLUMNS"] = "200"
    return env


def build(content, output, theme, settings=None, overrides=None, locale_name="C", fatal=None, cwd=None,
          hash_seed="0"):
    """Build into output (emptied first); returns (exit status, Pelican's log).

    cwd: the working folder (default: an empty one); a settings file that does
    `from pelicanconf import *` needs its own folder there. hash_seed: Python's
    PYTHONHASHSEED; Pelican walks content in a set's order, so a site whose
    output changes with it is not a usable fixture."""
    if os.path.isdir(output):
        shutil.rmtree(output)
    os.makedirs(output)
    with tempfile.TemporaryDirectory(prefix="pelican-build-") as scratch:
        cache_path = os.path.join(scratch, "cache")
        workdir = os.path.join(scratch, "cwd")
        os.makedirs(workdir)
        command = pelican_command(content, output, theme, settings, overrides or {}, fatal, cache_path)
        process = subprocess.run(command, cwd=cwd or workdir, env=pelican_environment(locale_name, hash_seed),
                                 stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    return process.returncode, process.stdout


def parse_override(text):
    """KEY=VALUE with VALUE in JSON, as Pelican's -e reads it."""
    key, _, value = text.partition("=")
    return key, json.loads(value)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("content")
    parser.add_argument("-o", "--output", required=True)
    parser.add_argument("-t", "--theme", required=True)
    parser.add_argument("-s", "--settings")
    parser.add_argument("-e", "--extra-setting", action="append", default=[], metavar="KEY=JSON")
    parser.add_argument("--locale", default="C")
    parser.add_argument("--fatal", choices=("warnings", "errors"))
    parser.add_argument("--cwd", help="working folder (default: an empty one)")
    args = parser.parse_args(argv)
    overrides = dict(parse_override(item) for item in args.extra_setting)
    status, log = build(args.content, args.output, args.theme, args.settings, overrides,
                        args.locale, args.fatal, args.cwd)
    sys.stdout.write(log)
    return status


if __name__ == "__main__":
    sys.exit(main())
