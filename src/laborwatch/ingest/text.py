"""Plain text and Markdown: the body, and the optional leading line of tags.

A first non-empty line such as `russia, overseas labor, workers` is the document's tags, not
its body, when it is a short comma-separated list of lower-case keywords and text follows it.
"""

from __future__ import annotations

import re

from laborwatch.model import RawDocument

# a keyword: lower-case words (letters of any script, digits), joined by spaces, - ' & or /
KEYWORD = re.compile(r"[^\W_A-Z][^\W_A-Z]*(?:[ \-'&/.][^\W_A-Z]+)*", re.UNICODE)
MAX_TAG_LINE = 300
MAX_KEYWORD_WORDS = 5
MAX_TAGS = 30
MARKDOWN_TITLE = re.compile(r"^#\s+(.+?)\s*#*\s*$")


def tags_of_line(line: str) -> tuple[str, ...] | None:
    """The tags in `line` when it reads as a tag line, else None."""
    stripped = line.strip()
    if len(stripped) > MAX_TAG_LINE or "," not in stripped or stripped.endswith("."):
        return None
    parts = [part.strip() for part in stripped.split(",")]
    if len(parts) > MAX_TAGS or any(not _is_keyword(part) for part in parts):
        return None
    return tuple(dict.fromkeys(parts))


def _is_keyword(part: str) -> bool:
    if not part or part != part.lower() or len(part.split()) > MAX_KEYWORD_WORDS:
        return False
    return KEYWORD.fullmatch(part) is not None


def split_tag_line(text: str) -> tuple[tuple[str, ...], str]:
    """(tags, body): the tags of a leading tag line and the text after it, or ((), text)."""
    stripped = text.lstrip()
    first, newline, rest = stripped.partition("\n")
    if not newline or not rest.strip():
        return (), text
    tags = tags_of_line(first)
    return (tags, rest) if tags is not None else ((), text)


def markdown_title(body: str) -> str | None:
    """The text of a leading `# Title` line, if the body opens with one."""
    first = body.lstrip().partition("\n")[0]
    match = MARKDOWN_TITLE.match(first)
    return match.group(1) if match else None


def read_text(source: str, text: str, *, markdown: bool = False) -> RawDocument:
    tags, body = split_tag_line(text)
    title = markdown_title(body) if markdown else None
    return RawDocument(source=source, text=body, title=title, tags=tags)
