"""Jinja2 environment that renders Markdown pages.

Safety rule: every value printed with ``{{ }}`` is escaped for Markdown *and* HTML unless it is a ``Markup``
instance. Only our own code makes Markup: the texts in templates/tekst/ and filters that build safe output.
So text from a kommune file can never become HTML, a link, a heading or any other Markdown syntax, even if a
template forgets a filter.
"""

from __future__ import annotations

import datetime as dt
import functools
import html
import json
import re
from pathlib import Path
from typing import Any, Iterable
from urllib.parse import quote, urlsplit

import jinja2
import phonenumbers
from markupsafe import Markup

from forlopsinfo.validate.fieldtypes import format_phone
from forlopsinfo.validate.model import DAYS, LANG_CODE, Hours

# Markdown syntax that counts anywhere in a line, with the extensions the site builder uses (sitebuilder/mkdocs.base.yml): backslash escapes, code,
# emphasis, link and image brackets, attribute lists, and closing hashes (dropped from the end of a heading).
# Escaped wherever it occurs in a value.
_MD_INLINE = re.compile(r"([\\`*_{}\[\]#])")
# Syntax that only counts at the start of a line: headings, block quotes, lists, admonitions. Whitespace is folded
# out of every value, so a value can only be at a line's start with its first character; that one is escaped.
# Other punctuation is left alone: each backslash escape costs the site builder a pattern match, and `|`, which
# Python-Markdown cannot escape without the tables extension, was shown as «\|».
_MD_LINE_START = re.compile(r"^([#>+\-!])|^(\d+)\.")

# A Markdown link target that is relative (not a scheme, not an anchor): rewritten per page depth.
_RELATIVE_LINK = re.compile(r"\]\((?![a-z]+:|#|/)")

_BLANK_RUNS = re.compile(r"\n[ \t]*\n(?:[ \t]*\n)+")

Texts = dict[str, str]  # the texts of one language: templates/tekst/<lang>.yaml


@functools.lru_cache(maxsize=64)
def _names(listed: str) -> tuple[str, ...]:
    """«mandag, tirsdag, …» (a text of templates/tekst/) -> the names."""
    return tuple(name.strip() for name in listed.split(","))


def md_escape(value: Any) -> Markup:
    """Inline-safe Markdown for any untrusted value: whitespace folded, HTML and Markdown syntax neutralised."""
    text = " ".join(str(value).split())
    text = text.replace("&", "&amp;").replace("<", "&lt;")
    text = _MD_INLINE.sub(r"\\\1", text)
    return Markup(_MD_LINE_START.sub(lambda m: f"\\{m[1]}" if m[1] else f"{m[2]}\\.", text, count=1))


def _finalize(value: Any) -> Any:
    if isinstance(value, Markup):
        return value
    if value is None:
        raise ValueError("None printed in a template: guard optional fields with {% if %}")
    return md_escape(value)


def _join(items: list[str], t: Texts) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + f" {t['og']} " + items[-1]


def format_days(days: Iterable[str], t: Texts) -> str:
    """Days as a reader says them, in the language of `t`: «mandag–fredag», «mandag, onsdag og fredag»."""
    numbers = sorted({DAYS[d] for d in days})
    runs: list[list[int]] = []
    for n in numbers:
        if runs and runs[-1][-1] == n - 1:
            runs[-1].append(n)
        else:
            runs.append([n])
    names = _names(t["ukedager"])
    parts = [names[r[0]] if len(r) == 1 else f"{names[r[0]]}–{names[r[-1]]}" for r in runs]
    return _join(parts, t)


def says_same(a: Any, b: Any) -> bool:
    """Two names that say the same to a reader: equal but for case, spaces and punctuation, or one is the other with
    a definite ending («Psykisk helse- og rustjeneste» / «Psykisk helse- og rustjenesten»)."""
    x, y = (re.sub(r"\W", "", str(v).casefold()) for v in (a, b))
    short, long = sorted((x, y), key=len)
    return bool(short) and long.startswith(short) and len(long) - len(short) <= 2


def format_time(value: str) -> str:
    return value.replace(":", ".")


def format_hours_row(row: Hours, t: Texts) -> str:
    """«mandag–fredag kl. 09.00–15.00», without the kommune's note."""
    return f"{format_days(row.days, t)} {t['klokka']} {format_time(row.opens)}–{format_time(row.closes)}"


def format_hours(rows: list[Hours], t: Texts) -> list[str]:
    return [format_hours_row(row, t) + (f" ({row.note})" if row.note else "") for row in rows]


def format_date(value: dt.date, t: Texts) -> str:
    return f"{value.day}. {_names(t['maneder'])[value.month - 1]} {value.year}"


@functools.lru_cache(maxsize=4096)  # the same numbers recur on every page and snippet; parsing is the cost
def tel_link(number: str) -> Markup:
    """tel: target in E.164 for ordinary numbers ('22 40 00 40' -> tel:+4722400040); short codes stay as dialled."""
    parsed = phonenumbers.parse(number, "NO")
    if phonenumbers.is_valid_number(parsed):
        return Markup("tel:" + phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164))
    return Markup("tel:" + re.sub(r"[^0-9]", "", number))


def url_target(url: str) -> Markup:
    """A validated URL made safe as a Markdown link target."""
    return Markup(quote(url, safe=":/?#[]@!$&+,;=%-._~*"))


class Renderer:
    """Renders one page template for one language."""

    def __init__(self, templates: Path, texts: dict[str, dict[str, Any]]):
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(str(templates)),
            undefined=jinja2.StrictUndefined,
            auto_reload=False,  # a Renderer lives for one generation; no need to stat each include per page
            autoescape=False,  # Markdown, not HTML: _finalize does the escaping
            finalize=_finalize,
            keep_trailing_newline=True,
            trim_blocks=True,
            lstrip_blocks=True,
        )
        self.texts = texts
        self.used_keys: set[str] | None = None  # set to a set() to record which texts a render uses (lix.py)
        f = self.env.filters
        f["md"] = md_escape
        f["phone"] = lambda e164: format_phone(e164)
        f["tel"] = tel_link
        f["url"] = url_target
        f["host"] = lambda url: urlsplit(url).hostname or url  # «www.bergen.kommune.no»: a link's text, escaped
        f["date"] = jinja2.pass_context(lambda ctx, value: format_date(value, self.texts[ctx["lang"]]))
        # «Ørsta og Volda», «mandag kl. 9–15 og fredag kl. 9–12»: each item escaped unless it is our own Markup
        f["and_list"] = jinja2.pass_context(lambda ctx, items: Markup(_join(
            [str(i if isinstance(i, Markup) else md_escape(i)) for i in items], self.texts[ctx["lang"]])))
        f["isodate"] = lambda d: d.isoformat()
        f["says_same"] = says_same
        f["yamlstr"] = lambda s: Markup(json.dumps(str(s), ensure_ascii=False))
        f["trusted"] = Markup  # only for our own texts, never for kommune data
        # front-matter values the theme prints inside an HTML attribute (<meta name="description" content="…">)
        # as they are: a «"» in a register name must not end the attribute (& and < are escaped by md_escape)
        f["attribute"] = lambda value: Markup(str(value).replace('"', "&quot;").replace(">", "&gt;"))

    def compile_all(self) -> "Renderer":
        """Compile every template now: forked workers then inherit them instead of each compiling its own."""
        for name in self.env.list_templates(extensions=["j2"]):
            self.env.get_template(name)
        return self

    def render(self, template: str, lang: str, *, prefix: str = "", **context: Any) -> str:
        """Render `template` in `lang`. `prefix` is the relative path from the page to the language root."""
        texts = self.texts[lang]

        def user_text(value: Any, source_lang: str | None = None) -> Markup:
            """Kommune text inline, marked with its own language when it differs from the page's."""
            escaped = md_escape(value)
            if source_lang and source_lang != lang:
                return Markup(f'<span lang="{source_lang}">') + escaped + Markup("</span>")
            return escaped

        def paragraphs(value: Any, source_lang: str | None = None) -> Markup:
            """Kommune text as HTML paragraphs (blank line = new paragraph), HTML-escaped, never Markdown."""
            attr = f' lang="{source_lang}"' if source_lang and source_lang != lang else ""
            pars = [" ".join(p.split()) for p in re.split(r"\n\s*\n", str(value)) if p.strip()]
            return Markup("\n\n".join(f"<p{attr}>{html.escape(p, quote=False)}</p>" for p in pars))

        def hours(rows: list[Hours], source_lang: str | None = None) -> list[Markup]:
            """Opening hours in the page's words; the kommune's note («ikke i juli») marked with its own language."""
            return [md_escape(format_hours_row(row, texts))
                    + (Markup(" (") + user_text(row.note, source_lang) + Markup(")") if row.note else Markup(""))
                    for row in rows]

        def t(key: str, **fill: Any) -> Markup:
            """A text from templates/tekst/<lang>.yaml (trusted Markdown), with {placeholders} escaped."""
            if self.used_keys is not None:
                self.used_keys.add(key)
            value = _RELATIVE_LINK.sub("](" + prefix, texts[key])
            for name, replacement in fill.items():
                value = value.replace("{" + name + "}", str(replacement if isinstance(replacement, Markup) else md_escape(replacement)))
            return Markup(value)

        template_obj = self.env.get_template(template)
        text = template_obj.render(
            lang=lang,
            T=t,
            ut=user_text,
            avsnitt=paragraphs,
            timer=hours,
            lang_of=lambda form: LANG_CODE[form],
            prefix=prefix,
            **context,
        )
        return _BLANK_RUNS.sub("\n\n", text).lstrip()
