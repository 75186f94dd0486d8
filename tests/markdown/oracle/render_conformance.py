#!/usr/bin/python3
"""Renders every conformance input with Python-Markdown 3.4.1, as upstream's
legacy runner calls it, into OUTDIR/<folder>/<base name>.out.

Used to check the C++ runner itself: `markdown_conformance --actual-dir OUTDIR`
must then report what the conformance README reports for Python-Markdown.

    /usr/bin/python3 render_conformance.py CONFORMANCE_DIR OUTDIR
"""
import json
import os
import sys

import markdown


def kwargs_for(folder, name):
    kwargs = dict(folder.get("default", {}))
    kwargs.update(folder.get("tests", {}).get(name, {}))
    return kwargs


def main():
    data, out = sys.argv[1], sys.argv[2]
    with open(os.path.join(data, "options.json"), encoding="utf-8") as f:
        options = json.load(f)
    for folder_name, folder in options.items():
        if folder_name.startswith("_"):
            continue
        src_dir = os.path.join(data, folder_name)
        dst_dir = os.path.join(out, folder_name)
        os.makedirs(dst_dir, exist_ok=True)
        for file in sorted(os.listdir(src_dir)):
            stem, ext = os.path.splitext(file)
            if ext != folder["input_ext"] or not os.path.isfile(os.path.join(src_dir, file)):
                continue
            name = stem.replace(" ", "_").replace("-", "_")
            with open(os.path.join(src_dir, file), encoding="utf-8") as f:
                source = f.read()
            html = markdown.markdown(source, **kwargs_for(folder, name))
            with open(os.path.join(dst_dir, stem + ".out"), "w", encoding="utf-8", newline="") as f:
                f.write(html)


if __name__ == "__main__":
    main()
