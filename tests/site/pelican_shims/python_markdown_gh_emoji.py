"""Offline stand-in for the seed blog's `python_markdown_gh_emoji` module.

The blog's pelicanconf.py calls GheEmoji.load_from_github(), which downloads
GitHub's emoji table on every build. This module gives Pelican the same
extension from tests/markdown/oracle/gh_emoji.py, whose table is the repo's
data/github-emojis.json, so no network is used.
"""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "markdown", "oracle"))

from gh_emoji import GithubEmojiExtension  # noqa: E402


class GheEmoji:
    @staticmethod
    def load_from_github():
        return GithubEmojiExtension()
