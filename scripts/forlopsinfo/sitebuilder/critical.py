"""The CSS a page needs for its first paint, inlined in its <head>; all the style sheets follow, as one file, at the end
of <body>.

On a slow phone connection a style sheet in <head> holds back the first paint until it has arrived: Material's
137 KB sheet made the kommune's number appear 2.3 × as late as the same HTML without CSS (issue 18). A page uses a
small part of that sheet. This module keeps, for each page, the rules that can match something in it, and links the
sheets, joined into one file, after the content, where they no longer hold back what stands above them.

Which rules «can match» is decided as PurgeCSS decides it, from names rather than layout: a selector is kept when
every element name, class, id and attribute it requires occurs somewhere in the page. That keeps more than the page
uses (descendant order and pseudo-classes are not checked), never less: whatever is inside :not(), :is(), :where(),
:has() and other functional pseudo-classes counts as required by nobody, and states like :hover or [open] that the
page does not have yet are covered by the full sheets once they arrive. Because the full sheets come after the
inline copy and repeat every rule in the original order, the final cascade is exactly the one of the original page:
nothing moves when they arrive (tests/sitebuilder/test_critical.py checks both).

tinycss2 (Kozea, the parser of WeasyPrint) reads the CSS; the selectors are only walked, never interpreted.
"""

from __future__ import annotations

import functools
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

import tinycss2
from tinycss2 import ast

# What a page offers: element names, classes, ids, attribute names, and attribute=value pairs.
Tokens = frozenset[str]

_TAG = re.compile(r"<([a-zA-Z][a-zA-Z0-9-]*)(\s[^>]*)?>")
_ATTR = re.compile(r"""([^\s"'>/=]+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s"'>]+))?""")
_SOURCE_MAP = re.compile(rb"/\*# sourceMappingURL=[^*]*\*/")
_STYLESHEET = re.compile(r'<link rel="stylesheet" href="([^"]+)">')


def page_tokens(html: str) -> Tokens:
    """Every name a selector could require of this page."""
    out: set[str] = set()
    for match in _TAG.finditer(html):
        out.add("t:" + match.group(1).lower())
        for name, value in _ATTR.findall(match.group(2) or ""):
            name = name.lower()
            value = value[1:-1] if value[:1] in "\"'" else value
            out.add("a:" + name)
            out.add(f"a:{name}={value}")
            if name == "class":
                out.update("c:" + c for c in value.split())
            elif name == "id":
                out.add("i:" + value)
    return frozenset(out)


def _split_selectors(prelude: list[ast.Node]) -> list[list[ast.Node]]:
    parts: list[list[ast.Node]] = [[]]
    for token in prelude:
        if token.type == "literal" and token.value == ",":
            parts.append([])
        else:
            parts[-1].append(token)
    return [p for p in parts if any(t.type not in ("whitespace", "comment") for t in p)]


def _required(selector: list[ast.Node]) -> Tokens | None:
    """The names `selector` requires of a page; None when it cannot be read (then it is always kept)."""
    out: set[str] = set()
    previous: ast.Node | None = None
    for token in selector:
        kind = token.type
        after = previous.value if previous is not None and previous.type == "literal" else None
        if kind == "ident":
            if after == ".":
                out.add("c:" + token.value)
            elif after != ":":  # an element name (a pseudo-class or -element after «:» is never required)
                out.add("t:" + token.value.lower())
        elif kind == "hash":
            out.add("i:" + token.value)
        elif kind == "[] block":
            inner = [t for t in token.content if t.type not in ("whitespace", "comment")]
            if not inner or inner[0].type != "ident":
                return None
            name = inner[0].value.lower()
            out.add("a:" + name)
            if len(inner) == 3 and inner[1].type == "literal" and inner[1].value == "=" and inner[2].type in ("ident", "string"):
                out.add(f"a:{name}={inner[2].value}")
        previous = token
    return frozenset(out)


@dataclass(frozen=True)
class _Declaration:
    text: str  # "color:var(--md-typeset-color)"
    defines: str | None  # the custom property it sets, if it sets one
    uses: frozenset[str]  # the custom properties its value reads


@dataclass(frozen=True)
class _Rule:
    selectors: tuple[tuple[str, Tokens | None], ...]  # (text, required names) of each selector in the list
    declarations: tuple[_Declaration, ...]


@dataclass(frozen=True)
class _Block:
    head: str  # "@media print" and the like
    children: tuple["_Rule | _Block | str", ...]


_GROUPING = {"media", "supports", "layer", "container", "document"}


def _parse(nodes: list[ast.Node]) -> tuple:
    out: list = []
    for node in nodes:
        if node.type == "qualified-rule":
            selectors = tuple(
                (tinycss2.serialize(s).strip(), _required(s)) for s in _split_selectors(node.prelude)
            )
            out.append(_Rule(selectors, _declarations(node.content)))
        elif node.type == "at-rule":
            keyword = node.lower_at_keyword
            if keyword == "charset":
                continue
            if keyword in _GROUPING and node.content is not None:
                inner = tinycss2.parse_rule_list(node.content, skip_comments=True, skip_whitespace=True)
                out.append(_Block("@" + keyword + tinycss2.serialize(node.prelude), _parse(inner)))
            else:
                out.append(tinycss2.serialize([node]))
    return tuple(out)


def _uses(nodes: list[ast.Node]) -> set[str]:
    out: set[str] = set()
    for node in nodes:
        if node.type == "function":
            if node.lower_name == "var":
                names = [t for t in node.arguments if t.type == "ident"]
                if names:
                    out.add(names[0].value)
            out |= _uses(node.arguments)
        elif node.type in ("() block", "[] block", "{} block"):
            out |= _uses(node.content)
    return out


def _declarations(content: list[ast.Node]) -> tuple[_Declaration, ...]:
    out = []
    for d in tinycss2.parse_blocks_contents(content, skip_comments=True, skip_whitespace=True):
        if d.type != "declaration":
            return (_Declaration(tinycss2.serialize(content), None, frozenset(_uses(content))),)  # nested CSS: as is
        custom = d.name.startswith("--")
        name = d.name if custom else d.lower_name
        value = tinycss2.serialize(d.value).strip()
        text = f"{name}:{value}{'!important' if d.important else ''}"
        out.append(_Declaration(text, name if custom else None, frozenset(_uses(d.value))))
    return tuple(out)


@functools.lru_cache(maxsize=16)
def _sheet(path: Path) -> tuple:
    text = path.read_text(encoding="utf-8")
    return _parse(tinycss2.parse_stylesheet(text, skip_comments=True, skip_whitespace=True))


def _matching(items: tuple, tokens: Tokens) -> list:
    """The items that can match, each rule cut down to its selectors that can match: [(selectors, rule) | str |
    (head, [...])]."""
    out: list = []
    for item in items:
        if isinstance(item, str):
            out.append(item)
        elif isinstance(item, _Rule):
            kept = [text for text, needs in item.selectors if needs is None or "*" in tokens or needs <= tokens]
            if kept:
                out.append((",".join(kept), item))
        else:
            inner = _matching(item.children, tokens)
            if inner:
                out.append((item.head, inner))
    return out


def _used_properties(matched: list) -> set[str]:
    """Custom properties read by the kept rules, directly or through other custom properties."""
    reads: set[str] = set()
    defined: dict[str, set[str]] = {}

    def walk(items: list) -> None:
        for item in items:
            if isinstance(item, str):
                reads.update(re.findall(r"var\(\s*(--[A-Za-z0-9_-]+)", item))
            elif isinstance(item[1], _Rule):
                for d in item[1].declarations:
                    if d.defines:
                        defined.setdefault(d.defines, set()).update(d.uses)
                    else:
                        reads.update(d.uses)
            else:
                walk(item[1])

    walk(matched)
    todo = list(reads)
    while todo:
        for name in defined.get(todo.pop(), ()):
            if name not in reads:
                reads.add(name)
                todo.append(name)
    return reads


def _serialize(matched: list, used: set[str]) -> str:
    out: list[str] = []
    for item in matched:
        if isinstance(item, str):
            out.append(item)
        elif isinstance(item[1], _Rule):
            body = ";".join(d.text for d in item[1].declarations if d.defines is None or d.defines in used)
            if body:
                out.append(item[0] + "{" + body + "}")
        else:
            inner = _serialize(item[1], used)
            if inner:
                out.append(item[0] + "{" + inner + "}")
    return "".join(out)


@functools.lru_cache(maxsize=16)
def _mentioned(sheets: tuple[Path, ...]) -> Tokens:
    """Every name some selector of `sheets` requires: the only part of a page that decides what is kept."""
    out: set[str] = set()

    def walk(items: tuple) -> None:
        for item in items:
            if isinstance(item, _Rule):
                for _, needs in item.selectors:
                    out.update(needs or ())
            elif isinstance(item, _Block):
                walk(item.children)

    for path in sheets:
        walk(_sheet(path))
    return frozenset(out)


@functools.lru_cache(maxsize=256)
def critical_css(sheets: tuple[Path, ...], tokens: Tokens, whole: frozenset[Path] = frozenset()) -> str:
    """The rules of `sheets`, in order, that can match a page offering `tokens`; the sheets in `whole` are kept
    whole (the site's own sheet also styles what its scripts add to a page, which the page's HTML does not show)."""
    everything = frozenset({"*"})
    matched = [m for path in sheets for m in _matching(_sheet(path), everything if path in whole else tokens)]
    return _serialize(matched, _used_properties(matched))


def combined(sheets: tuple[Path, ...]) -> tuple[str, bytes]:
    """One file with `sheets` in order, and its name (`forlopsinfo-alle.<hash>.css`). It is the one late sheet of
    a page: as one file it arrives whole, so the page never passes through a state where some sheets are there and
    others not (with three separate files, Material's sheet alone would briefly override the site's own)."""
    parts = (_SOURCE_MAP.sub(b"", path.read_bytes()).rstrip(b"\n") for path in sheets)  # maps of one file only
    data = b"\n".join(parts) + b"\n"
    return f"forlopsinfo-alle.{hashlib.sha256(data).hexdigest()[:8]}.css", data


def inline_first_paint(html: str, resolve, late, whole=lambda path: False) -> str:
    """`html` with its style sheet links replaced by the CSS it needs inline, and one link to all of them together
    at the end of <body>. `resolve(href)` gives the file behind a link, or None (then the page is left as it is);
    `late(sheets, first_href)` the address of the combined sheet, written like `first_href`; the sheets for which
    `whole(path)` is true are inlined whole."""
    links = _STYLESHEET.findall(html)
    head_end = html.find("</head>")
    body_end = html.rfind("</body>")
    if not links or head_end < 0 or body_end < 0:
        return html
    paths = tuple(resolve(href) for href in links)
    if any(p is None for p in paths):
        return html
    css = critical_css(paths, page_tokens(html) & _mentioned(paths),  # type: ignore[arg-type]
                       frozenset(p for p in paths if whole(p)))
    if "</style" in css.lower():  # never from our own sheets; refuse rather than end the <style> early
        return html
    head, middle, tail = html[:head_end], html[head_end:body_end], html[body_end:]
    first = head.find('<link rel="stylesheet"')
    head = head[:first] + f"<style>{css}</style>" + _STYLESHEET.sub("", head[first:])
    return head + middle + f'<link rel="stylesheet" href="{late(paths, links[0])}">' + tail
