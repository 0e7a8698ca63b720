"""The fixed texts of every page (templates/tekst/<lang>.yaml): Markdown written by the project, never kommune data."""

from __future__ import annotations

from pathlib import Path

from forlopsinfo.load.yamlload import load_file

LANGS = ("nb", "nn")


class TextsError(Exception):
    pass


def load_texts(templates: Path) -> dict[str, dict[str, str]]:
    texts: dict[str, dict[str, str]] = {}
    for lang in LANGS:
        path = templates / "tekst" / f"{lang}.yaml"
        loaded, problems = load_file(path, path.as_posix())
        if problems or loaded is None or not isinstance(loaded.data, dict):
            raise TextsError("\n".join(p.format() for p in problems) or f"{path}: ikke lesbar")
        texts[lang] = {k: str(v) for k, v in loaded.data.items()}
    missing = set(texts["nb"]) ^ set(texts["nn"])
    if missing:
        raise TextsError(f"templates/tekst: nøkler som bare finnes på én målform: {', '.join(sorted(missing))}")
    return texts

