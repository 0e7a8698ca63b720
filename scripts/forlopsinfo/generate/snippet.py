"""Embeddable snippet: the contact box and acute help of one kommune as a self-contained HTML fragment that a kommune
can put on its own website (Helsedirektoratet asks kommuner to publish this information there).

The fragment has inline styles only, inherits the host page's font and text colour, runs no script and loads
nothing. For each kommune with data and each målform the generator writes, under build/docs/<lang>/innbygging/ (so they
are served at innbygging/ and nn/innbygging/, like every other page):
  <slug>.html        a page for kommune web editors: the snippet as it looks, the code to copy, the <iframe> code
  <slug>-ramme.html  the same snippet as a whole small document, for an <iframe> of fixed height
Every value is HTML-escaped here; nothing from a data file becomes markup. The fixed texts are the innbygging_*
keys of templates/tekst/<lang>.yaml (plain text, escaped too), so the nb/nn key check and `forlopsinfo lix` cover them.
"""

from __future__ import annotations

from html import escape
from typing import Any

from forlopsinfo.validate.dataset import Dataset
from forlopsinfo.validate.fieldtypes import format_phone
from forlopsinfo.validate.model import LANG_CODE
from forlopsinfo.layout import Layout
from forlopsinfo.generate.parts import WHOLE, Part
from forlopsinfo.project import Project
from forlopsinfo.generate.render import format_hours, tel_link
from forlopsinfo.generate.texts import Texts


FOLDER = "innbygging"
IFRAME_HEIGHT = 1060  # px; tests/generate/test_snippet.py checks that every compact snippet fits at 320 px width
# Nothing to load: no scripts, no images, no fonts; styles are inline.
CSP = ("default-src 'self'; script-src 'none'; style-src 'unsafe-inline'; img-src 'self'; connect-src 'self'; "
       "object-src 'none'; base-uri 'none'; form-action 'none'")
LINK = "color:#0b5394;text-decoration:underline"
# A phone number is a call button: a tap target of at least 44 x 44 CSS px (WCAG 2.5.5), as on the site's pages.
CALL = ("display:inline-block;min-width:44px;min-height:44px;box-sizing:border-box;padding:0.55em 0.6em;"
        "border:2px solid #0b5394;border-radius:4px;color:#0b5394;font-weight:bold;text-decoration:none;"
        "line-height:1.1;vertical-align:middle;margin:0.1em 0")
BOX = ("font:inherit;color:inherit;border:2px solid #1f4e79;border-radius:6px;padding:0.6em 1em 0.8em;"
       "margin:1em 0;max-width:40em;box-sizing:border-box;overflow-wrap:anywhere")
H = "font-family:inherit;color:inherit;line-height:1.25;margin:0.3em 0 0.4em;font-weight:bold"
UL = "margin:0 0 0.5em;padding-left:1.3em"


def _own(value: Any, source: str, lang: str) -> str:
    """Kommune text, escaped, marked with its own language when it differs from the snippet's."""
    text = escape(str(value))
    return f'<span lang="{source}">{text}</span>' if source != lang else text


def fragment(
    dataset: Dataset, texts: Texts, number: str, lang: str, layout: Layout, *, level: int = 2, compact: bool = False
) -> str:
    """The snippet. `level`: heading level of its title in the host page (the acute part gets level + 1).
    `compact`: for the fixed-height iframe, without the explanation and the «when to call» texts."""
    assert dataset.national is not None
    entry = dataset.kommuner[number]
    k, kommune = entry.data, entry.kommune
    ke = k.coordinating_unit
    src = LANG_CODE[k.language_form]
    t = texts[lang]
    ident = f"forlopsinfo-{kommune.number}-{lang}"
    box = BOX.replace("margin:1em 0", "margin:0.3em 0") if compact else BOX
    out = [f'<section lang="{lang}" aria-labelledby="{ident}" style="{box}">']
    if k.example:
        out.append('<p style="margin:0.4em 0;padding:0.4em 0.6em;border-left:5px solid #8a4b00;background:#fff3e0;'
                   f'color:#1a1a1a;font-weight:bold">{escape(t["innbygging_eksempel"])}</p>')
    title = t["innbygging_kontakt"].format(kommune=kommune.name)
    out.append(f'<h{level} id="{ident}" style="{H};font-size:1.3em">{escape(title)}</h{level}>')
    out.append(urgent_line(dataset, t, lang))
    unit = f"<strong>{_own(ke.name, src, lang)}</strong>"
    if ke.placement:
        unit += f" ({_own(ke.placement, src, lang)})"
    out.append(f'<p style="margin:0 0 0.3em">{unit}</p>')
    items = [f'<strong>{escape(t["innbygging_telefon"])}: '
             f'<a href="{escape(tel_link(ke.phone))}" style="{CALL};font-size:1.15em">'
             f'{escape(format_phone(ke.phone))}</a></strong>']
    items += [f"{escape(t['innbygging_telefontid'])}: {escape(h)}" for h in format_hours(ke.phone_hours, t)]
    items.append(escape(t["innbygging_utenfor"]))
    if ke.secure_message:
        items.append(f'<a href="{escape(ke.secure_message)}" style="{LINK}">{escape(t["innbygging_sikker"])}</a> '
                     f'{escape(t["innbygging_sikker_om"])}')
    if ke.email:
        items.append(f'{escape(t["innbygging_epost"])}: '
                     f'<a href="mailto:{escape(ke.email)}" style="{LINK}">{escape(ke.email)}</a>')
    out.append(f'<ul style="{UL}">' + "".join(f"<li>{i}</li>" for i in items) + "</ul>")
    if not compact:
        out.append(f'<p style="margin:0 0 0.5em">{escape(t["innbygging_forklaring"])}</p>')
    # the acute help lines that the urgent line at the top does not already give
    out.append(f'<h{level + 1} style="{H};font-size:1.1em;border-top:1px solid #bdbdbd;padding-top:0.4em">'
               f'{escape(t["innbygging_akutt"])}</h{level + 1}>')
    lines = [
        f'<strong>{escape(line.name[lang])}: <a href="{escape(tel_link(line.number))}" style="{CALL}">'
        f"{escape(line.number)}</a></strong>" + ("" if compact else f" – {escape(line.when[lang])}")
        for line in dataset.national.help_lines if line.acute and not line.top
    ]
    out.append(f'<ul style="{UL}">' + "".join(f'<li style="margin:{0 if compact else 0.2}em 0">{i}</li>' for i in lines) + "</ul>")
    if not compact:
        out.append(f'<p style="margin:0 0 0.5em">{escape(t["akutt_svarer_ikke"])}</p>')
    out.append(f'<p style="margin:0.5em 0 0"><a href="{escape(layout.kommune_url(lang, kommune))}" style="{LINK}">'
               f"{escape(t['innbygging_les_mer'].format(kommune=kommune.name))}</a></p>")
    out.append("</section>")
    return "\n".join(out)


def urgent_line(dataset: Dataset, t: dict[str, str], lang: str) -> str:
    """The short urgent-help line that comes before the kommune's contact details: the help lines marked «øverst» in
    the national data, and what to do at suicide risk (templates/_akutt_kort.md.j2 is the same for the site)."""
    assert dataset.national is not None
    numbers = " · ".join(
        f'{escape(line.name[lang])} <a href="{escape(tel_link(line.number))}" style="{CALL}">'
        f"{escape(line.number)}</a>"
        for line in dataset.national.help_lines if line.top
    )
    return (f'<p style="margin:0 0 0.5em;padding:0.3em 0.6em;border-left:5px solid #b00020;background:#fdecea;'
            f'color:#1a1a1a"><strong>{escape(t["akutt_kort"])}:</strong> {numbers}'
            f'<strong style="display:block;margin-top:0.3em">{escape(t["akutt_selvmord"])}</strong></p>')


def _document(lang: str, title: str, body: str, *, extra_style: str = "") -> str:
    return (
        f'<!doctype html>\n<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">\n'
        '<meta name="referrer" content="no-referrer">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(title)}</title>\n"
        f'</head>\n<body style="margin:0;padding:0 0.5em;font-family:system-ui,-apple-system,\'Segoe UI\',Roboto,Arial,sans-serif;'
        f'color:#1a1a1a;background:#fff;line-height:1.5{extra_style}">\n{body}\n</body>\n</html>\n'
    )


def iframe_document(dataset: Dataset, texts: Texts, number: str, lang: str, layout: Layout) -> str:
    kommune = dataset.kommuner[number].kommune
    body = f"<main>\n{fragment(dataset, texts, number, lang, layout, level=1, compact=True)}\n</main>"
    title = texts[lang]["innbygging_ramme_tittel"].format(kommune=kommune.name)
    return _document(lang, title, body, extra_style=";font-size:14px")


def iframe_code(dataset: Dataset, texts: Texts, number: str, lang: str, layout: Layout) -> str:
    kommune = dataset.kommuner[number].kommune
    src = layout.snippet_url(lang, kommune, frame=True)
    title = texts[lang]["innbygging_ramme_tittel"].format(kommune=kommune.name)
    return (f'<iframe src="{escape(src)}" title="{escape(title)}" width="100%" height="{IFRAME_HEIGHT}" '
            'style="border:0;max-width:40em" loading="lazy" referrerpolicy="no-referrer"></iframe>')


def editor_page(dataset: Dataset, texts: Texts, number: str, lang: str, layout: Layout) -> str:
    entry = dataset.kommuner[number]
    kommune = entry.kommune
    t = texts[lang]
    code = fragment(dataset, texts, number, lang, layout)
    frame = iframe_code(dataset, texts, number, lang, layout)
    title = t["innbygging_side_tittel"].format(kommune=kommune.name)
    back = t["innbygging_tilbake"].format(kommune=kommune.name)
    warning = (f'<p style="padding:0.5em 0.8em;border-left:5px solid #8a4b00;background:#fff3e0;font-weight:bold">'
               f'{escape(t["innbygging_eksempel"])}</p>\n' if entry.data.example else "")
    area = "width:100%;max-width:48em;font-family:ui-monospace,Menlo,Consolas,monospace;font-size:0.85em;box-sizing:border-box"
    body = f"""<main style="max-width:52em;margin:0 auto;padding:0.5em">
<h1>{escape(title)}</h1>
{warning}<p>{escape(t["innbygging_ingress"].format(kommune=kommune.name))}</p>
<h2>{escape(t["innbygging_slik_ser"])}</h2>
{fragment(dataset, texts, number, lang, layout, level=3)}
<h2>{escape(t["innbygging_kopier"])}</h2>
<p>{escape(t["innbygging_kopier_hjelp"])}</p>
<label for="kode" style="display:block;font-weight:bold">{escape(t["innbygging_kode"])}</label>
<textarea id="kode" readonly rows="14" style="{area}">{escape(code)}</textarea>
<h2>{escape(t["innbygging_ramme"])}</h2>
<p>{escape(t["innbygging_ramme_hjelp"].format(hoyde=IFRAME_HEIGHT))}</p>
<label for="ramme" style="display:block;font-weight:bold">{escape(t["innbygging_ramme_kode"])}</label>
<textarea id="ramme" readonly rows="4" style="{area}">{escape(frame)}</textarea>
<p><a href="{escape(layout.kommune_url(lang, kommune))}" style="{LINK}">{escape(back)}</a></p>
</main>"""
    return _document(lang, title, body)


def add_snippets(
    files: dict[str, bytes], dataset: Dataset, project: Project, texts: Texts, part: Part = WHOLE
) -> None:
    layout = Layout.of(project)
    for number, entry in dataset.kommuner.items():
        if not part.takes(number):
            continue
        for lang in layout.codes:
            files[layout.snippet_source(lang, entry.kommune)] = editor_page(dataset, texts, number, lang, layout).encode("utf-8")
            files[layout.snippet_source(lang, entry.kommune, frame=True)] = iframe_document(
                dataset, texts, number, lang, layout).encode("utf-8")
