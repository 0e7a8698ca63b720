"""The fixed texts of every page (templates/tekst/<lang>.yaml): Markdown written by the project, never kommune data.

One file per language of the site (layout.Layout.codes), with the same keys in every file. A text missing in one
language stops the build with a message naming it: a page never falls back to another language's text.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from forlopsinfo.layout import Layout
from forlopsinfo.load.yamlload import load_file
from forlopsinfo.project import Project

Texts = dict[str, dict[str, str]]  # language -> key -> text, in the order of the site's languages


class TextsError(Exception):
    pass


def load_texts(templates: Path, languages: Sequence[str]) -> Texts:
    texts: Texts = {}
    for lang in languages:
        path = templates / "tekst" / f"{lang}.yaml"
        if not path.is_file():
            raise TextsError(f"{path.as_posix()} finnes ikke. Hvert språk i [tool.forlopsinfo] languages i "
                             "pyproject.toml trenger sin egen tekstfil med de samme nøklene som de andre.")
        loaded, problems = load_file(path, path.as_posix())
        if problems or loaded is None or not isinstance(loaded.data, dict):
            raise TextsError("\n".join(p.format() for p in problems) or f"{path}: ikke lesbar")
        texts[lang] = {k: str(v) for k, v in loaded.data.items()}
    every_key = set().union(*(set(t) for t in texts.values()))
    missing = [f"templates/tekst/{lang}.yaml mangler {', '.join(sorted(every_key - set(t)))}"
               for lang, t in texts.items() if every_key - set(t)]
    if missing:
        raise TextsError("Tekster som ikke finnes på alle språkene: " + "; ".join(missing)
                         + ". Skriv teksten på hvert språk: ingen side viser tekst på et annet språk i stedet.")
    return texts


def texts_of(project: Project) -> Texts:
    """The texts of every language of the site, in the site's order (the root language first)."""
    return load_texts(project.templates, Layout.of(project).codes)


def fill(text: str, **values: object) -> str:
    """A text with its {placeholders} filled in as plain text (no other braces are touched)."""
    for name, value in values.items():
        text = text.replace("{" + name + "}", str(value))
    return text
