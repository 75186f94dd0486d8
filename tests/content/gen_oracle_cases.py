#!/usr/bin/python3
"""Regenerates the oracle data for src/content/content_oracle_test.cc from the
reference implementations (Debian 12: pelican 4.8, python-dateutil 2.8.2,
Unidecode 1.3.6, MarkupSafe 2.1.2). Run with the system Python:

    /usr/bin/python3 tests/content/gen_oracle_cases.py

Writes tests/content/{slugify,dates,strftime}.json. The C++ test only reads
these files, so the expectations never come from stacks itself.
"""
import datetime
import json
import os

import dateutil.parser
from pelican.settings import DEFAULT_CONFIG
from pelican.utils import slugify, strftime

HERE = os.path.dirname(os.path.abspath(__file__))

TITLES = [
    "Hello World", "  leading and trailing  ", "Python 3.11: what's new?", "C++ & Rust -- a comparison",
    "Ünïcödé Çafé déjà vu", "Straße und Fußgänger", "Æsir, Œuvre, Ørsted", "naïve coöperation",
    "Привет, мир", "Ελληνικά γράμματα", "北京欢迎你", "東京タワー", "한국어 제목", "Đà Nẵng", "Łódź Kraków",
    "ﬁne ﬂowers", "Ｆｕｌｌｗｉｄｔｈ", "x² + y³ = z½", "emoji 🎉 party 🚀", "smart “quotes” and ‘single’",
    "em—dash – en-dash", "<b>bold</b> and <a href='x'>link</a>", "Tom &amp; Jerry &lt;3", "&eacute;t&eacute; &#233;",
    "&copy 2020 &notit; &#x41;&#65", "<!-- comment -->visible", "tab\tand\nnewline", "multiple   spaces",
    "under_score and-hyphen", "---dashes---", "MiXeD CaSe TiTlE", "100% pure", "a/b\\c", "dots...and,commas",
    "العربية", "עברית", "हिन्दी", "ไทย", "Türkçe İstanbul ılık", "Ǆemal", "ÀÉÎÕÜ", "number 42 and 007",
    "", "   ", "!!!", "Ω≈ç√∫", "¡Hola! ¿Qué tal?", "Ça va?", "l'été", "nbsp\u00a0here", "zero\u200bwidth",
    "Kelvin \u212a sign", "angstrom \u212b", "Σίσυφος ΟΔΟΣ", "ǅ ǈ ǋ", "\u1e9e capital sharp s",
]

SUBS_CUSTOM = [(r"C\+\+", "cpp"), (r"(?P<n>\d+)%", r"\g<n>-percent"), (r"&", "and")] + list(
    DEFAULT_CONFIG["SLUG_REGEX_SUBSTITUTIONS"])
SUBS_EMPTY_MATCH = [(r"x*", "-")]
SUBS_BACKREF = [(r"(\w)(\w*)", r"\2\1")]


def fuzz_titles(count, seed):
    """Random strings over ASCII, the BMP and the supplementary planes."""
    import random
    rng = random.Random(seed)
    titles = []
    for _ in range(count):
        chars = []
        for _ in range(rng.randint(1, 12)):
            r = rng.random()
            cp = (rng.randint(0x20, 0x7e) if r < 0.3 else rng.randint(0xa0, 0x2fff) if r < 0.6
                  else rng.randint(0x3000, 0xd7ff) if r < 0.8 else rng.randint(0xe000, 0x1ffff))
            c = chr(cp)
            if not c.isspace() or c in " \t":
                chars.append(c)
        titles.append("".join(chars))
    return titles


DEFAULT_SUBS = list(DEFAULT_CONFIG["SLUG_REGEX_SUBSTITUTIONS"])
SUBSTITUTIONS = {"default": DEFAULT_SUBS, "custom": SUBS_CUSTOM, "empty_match": SUBS_EMPTY_MATCH,
                 "backref": SUBS_BACKREF}
SUBS_NAMES = {id(v): k for k, v in SUBSTITUTIONS.items()}


def slug_cases():
    """The first line holds the substitution lists the cases name."""
    cases = [{"substitutions": SUBSTITUTIONS}]
    default_subs = DEFAULT_SUBS
    for title in TITLES:
        for name, subs, preserve, uni in [
            ("default", default_subs, False, False),
            ("unicode", default_subs, False, True),
            ("preserve_case", default_subs, True, False),
            ("custom", SUBS_CUSTOM, False, False),
            ("unicode_preserve", default_subs, True, True),
        ]:
            cases.append({"value": title, "subs": SUBS_NAMES[id(subs)], "preserve_case": preserve, "use_unicode": uni,
                          "expected": slugify(title, regex_subs=subs, preserve_case=preserve, use_unicode=uni),
                          "name": name})
    for title in fuzz_titles(400, 2026):
        for uni in (False, True):
            cases.append({"value": title, "subs": "default", "preserve_case": False, "use_unicode": uni,
                          "expected": slugify(title, regex_subs=default_subs, use_unicode=uni), "name": "random"})
    for subs in (SUBS_EMPTY_MATCH, SUBS_BACKREF):
        for title in ["abxd", "hello world", "xx"]:
            cases.append({"value": title, "subs": SUBS_NAMES[id(subs)], "preserve_case": True, "use_unicode": False,
                          "expected": slugify(title, regex_subs=subs, preserve_case=True), "name": "regex"})
    return cases


DATES = [
    "2010-12-03 10:20", "2010-12-03", "2012-11-30", "December 1, 2020", "June 30, 2020", "2010/12/03 10:20:33",
    "2010-12-03T10:20:33", "2010-12-03T10:20:33Z", "2010-12-03T10:20:33+01:00", "2010-12-03 10:20:33-0500",
    "2010-12-03T10:20:33.123456", "2010-12-03 10:20:33.5 +05:30", "Dec 3, 2010", "3 Dec 2010", "3 December 2010 10:20",
    "Friday, December 3, 2010", "Fri, 03 Dec 2010 10:20:33 +0000", "Fri, 03 Dec 2010 10:20:33 GMT",
    "2010-12-03 10:20 UTC", "12/03/2010", "03/12/2010", "12/3/10", "2010.12.03", "20101203", "20101203T102033",
    "201012031020", "10:20", "10:20:33", "10am", "10 pm", "10:20 PM", "December 2020", "Dec 2020", "2020",
    "June", "1st of June 2020", "June 1st, 2020", "2nd March 2019 at 5pm", "Sept. 20, 2009", "Sep.20.2009",
    "2010-Dec-03", "03-Dec-2010", "Tuesday", "2020-02-30", "2020-13-01", "not a date", "", "25:00",
    "2010-12-03 10:20:60", "May 5", "5 May", "31 Jan", "2019-06-30  10:00", "2010-12-03T10:20:33-08:00",
    "Thu Jul 16 10:20:33 2020", "16 Jul 2020 10h20m", "10h", "2010-12-03 10:20 EST", "99-12-31", "01-02-03",
    "2010-12-03 10:20:33 +01", "1999-12-31 23:59:59.999999", "0001-01-01", "January 1st 2000 12am",
    "2000-01-01 12:00 AM", "2000-01-01 12:30 PM", "2024-02-29", "2023-02-29", "11:59:59.5",
    "2010-12-03 10:20 (CET)", "at 5pm on June 1 2020",
]


# Forms people write, applied to a spread of dates (day <= 12 and > 12,
# single-digit fields, noon and midnight, leap days).
WRITTEN_FORMS = [
    "%Y-%m-%d %H:%M", "%Y-%m-%d", "%Y/%m/%d %H:%M:%S", "%B %-d, %Y", "%b %-d, %Y", "%-d %B %Y", "%d %b %Y %H:%M",
    "%A, %B %-d, %Y", "%a, %d %b %Y %H:%M:%S +0000", "%Y-%m-%dT%H:%M:%S+02:00", "%Y-%m-%dT%H:%M:%SZ",
    "%m/%d/%Y", "%-m/%-d/%Y %-I:%M %p", "%d.%m.%Y", "%Y%m%d", "%B %Y", "%Y-%m-%d %H:%M:%S.%f", "%-d %b",
    "%b %-d %Y %H:%M", "%Y-%m-%d %-I%p", "%d-%b-%Y", "%Y.%m.%d %H.%M", "%Y-%m-%d %H:%M:%S -0730",
]
WRITTEN_DATES = [datetime.datetime(2010, 12, 3, 10, 20, 33), datetime.datetime(2021, 1, 5, 0, 0, 0),
                 datetime.datetime(2016, 2, 29, 12, 5, 0), datetime.datetime(1998, 7, 24, 23, 59, 1),
                 datetime.datetime(2030, 11, 11, 7, 7, 7, 1234)]


# Random strings of the tokens dateutil's lexer and parser react to, to reach
# the corners of its rules (two-digit years are read against the current
# year, as dateutil does, so the data holds only until about 2070).
FUZZ_TOKENS = [
    "2010", "12", "03", "3", "31", "10", "20", "33", "99", "2020", "1", "0", "13", "24", "60", "123", "20101203",
    "102033", "1020", "10.5", "33.25", "-", "/", ".", ":", ",", " ", "  ", "T", "Z", "+", "+01:00", "-0500", "UTC",
    "GMT", "EST", "CET", "am", "pm", "AM", "PM", "a", "p", "Dec", "December", "June", "Sept", "of", "at", "on", "st",
    "nd", "th", "Friday", "Mon", "h", "m", "s", "hours", "minutes", "(", ")", "'", "x", "foo", "ad", "and", ";"]


def fuzz_dates(count, seed):
    import random
    rng = random.Random(seed)
    return ["".join(rng.choice(FUZZ_TOKENS) for _ in range(rng.randint(1, 9))) for _ in range(count)]


def date_cases():
    default = datetime.datetime(2024, 5, 17)
    cases = []
    texts = list(DATES)
    for d in WRITTEN_DATES:
        for form in WRITTEN_FORMS:
            texts.append(d.strftime(form))
    texts += fuzz_dates(1500, 2026)
    for text in texts:
        try:
            value = dateutil.parser.parse(text, default=default)
            result = {"iso": value.replace(tzinfo=None).isoformat(),
                      "offset": None if value.utcoffset() is None else int(value.utcoffset().total_seconds())}
        except (ValueError, OverflowError) as e:
            result = {"error": str(e)}
        cases.append({"text": text, "default": default.isoformat(), **result})
    # A default on the 31st: a month without that day takes its last day.
    end_of_month = datetime.datetime(2024, 5, 31, 8, 30)
    for text in ["February", "Feb 2023", "April 2020", "2021-06", "June 2021 10:00", "Sunday", "31", "30 Feb"]:
        try:
            value = dateutil.parser.parse(text, default=end_of_month)
            result = {"iso": value.isoformat(), "offset": None}
        except (ValueError, OverflowError) as e:
            result = {"error": str(e)}
        cases.append({"text": text, "default": end_of_month.isoformat(), **result})
    return cases


FORMATS = [
    "%Y-%m-%d", "%a %d %B %Y", "%A, %B %d, %Y", "%-d %b %Y", "%-m/%-d/%y", "%H:%M:%S", "%I:%M %p", "%j", "%U %W",
    "%c", "%x", "%X", "%G-W%V-%u", "%w", "%y", "%%Y", "%f", "%z", "%Z", "%e", "%F %T", "%-H:%M", "%d %B %Y",
    "%b. %-d, %Y", "%-j", "%Q unknown", "%-", "%-I%p", "%s literal?",
]
PY_FORMATS = ["%Y/%m", "%-d", "%_d", "%^a", "%e", "%F", "%T", "%k", "%l", "%P", "%C", "%D", "%R", "%r", "%h",
              "%04Y", "%10B|", "%Ey", "%Od", "%G %g %V", "%q"]


def strftime_cases():
    dates = [datetime.datetime(2010, 12, 3, 10, 20, 33), datetime.datetime(2020, 1, 1, 0, 0, 0),
             datetime.datetime(2021, 1, 3, 23, 5, 7, 42), datetime.datetime(2024, 2, 29, 12, 0, 0),
             datetime.datetime(2019, 12, 30, 7, 8, 9), datetime.datetime(1999, 7, 4, 13, 45, 0),
             datetime.datetime(2015, 10, 5, 9, 0, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=2), "CEST")),
             datetime.datetime(2015, 10, 5, 9, 0, 0, tzinfo=datetime.timezone.utc)]
    cases = []
    for d in dates:
        base = {"date": d.replace(tzinfo=None).isoformat(),
                "offset": None if d.utcoffset() is None else int(d.utcoffset().total_seconds()),
                "tzname": d.tzname() or ""}
        for f in FORMATS:
            cases.append({**base, "format": f, "pelican": strftime(d, f), "python": d.strftime(f)})
        for f in PY_FORMATS:
            cases.append({**base, "format": f, "python": d.strftime(f)})
    return cases


ZONES = ["America/Los_Angeles", "Europe/Paris", "Europe/London", "Europe/Dublin", "Australia/Lord_Howe",
         "Asia/Kolkata", "America/St_Johns", "Pacific/Apia", "Africa/Casablanca", "Asia/Tokyo", "UTC", "GMT",
         "Etc/GMT+5", "America/Sao_Paulo", "Antarctica/Troll", "Europe/Moscow", "America/New_York"]


def zone_cases():
    """pytz localize (Pelican's set_date_tzinfo) and astimezone around each
    zone's transitions, in the far past and after 2037."""
    import pytz
    cases = []
    for name in ZONES:
        tz = pytz.timezone(name)
        naive = [datetime.datetime(1850, 6, 1, 12), datetime.datetime(1950, 1, 1), datetime.datetime(2045, 7, 1, 9),
                 datetime.datetime(2021, 1, 15, 12, 30, 15, 250)]
        for t in getattr(tz, "_utc_transition_times", [])[1:]:
            if t.year in (1916, 1970, 2000, 2021, 2037):
                for minutes in (-150, -90, -61, -30, 0, 30, 59, 60, 90, 150):
                    naive.append(t + datetime.timedelta(minutes=minutes))
        for d in naive:
            local = tz.localize(d)
            cases.append({"zone": name, "op": "localize", "date": d.isoformat(), "iso": local.isoformat(),
                          "tzname": local.tzname()})
            utc = d.replace(tzinfo=datetime.timezone.utc)
            other = utc.astimezone(tz)
            cases.append({"zone": name, "op": "astimezone", "date": d.isoformat(), "iso": other.isoformat(),
                          "tzname": other.tzname()})
    return cases


def write(name, data):
    # One case per line keeps the files small and their diffs readable.
    with open(os.path.join(HERE, name), "w", encoding="utf-8") as f:
        f.write("[\n" + ",\n".join(json.dumps(case, ensure_ascii=False) for case in data) + "\n]\n")


if __name__ == "__main__":
    import locale
    locale.setlocale(locale.LC_ALL, "C")
    write("slugify.json", slug_cases())
    write("dates.json", date_cases())
    write("strftime.json", strftime_cases())
    write("zones.json", zone_cases())
