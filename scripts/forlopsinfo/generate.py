"""Plain-Python step: validated data -> real Markdown files in build/docs/{nb,nn}/.

It knows nothing about MkDocs; any site builder that reads a folder of Markdown (MkDocs, ProperDocs, Zensical)
can take it from there. Files are written only when their content changed, so a live-reloading server watching
the folder does not loop, and files that no longer belong are removed.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from markupsafe import Markup

from .dataset import Dataset
from .model import LANG_CODE, ServiceCategory
from .opendata import add_reuse
from .parts import WHOLE, Part
from .project import Project
from .register import Kommune
from .render import Renderer, md_escape
from .searchentries import SEARCH_ENTRIES, all_entries, write_entries
from .yamlload import load_file

LANGS = ("nb", "nn")
# Sami languages of the kommuner in the administrative area for Sami languages (samelova; domain brief §6.3).
# A name after " / " in the register is Kven (fkv). Outside the area no language is claimed for a name.
SAMI_LANG = {
    "5610": "se", "5612": "se", "5628": "se", "5622": "se", "5636": "se", "5540": "se", "5518": "se", "5512": "se",
    "1875": "smj",
    "1826": "sma", "5043": "sma", "5025": "sma", "5041": "sma",
}  # fmt: skip
NATIONAL_PAGES = ("forlop", "akutt-hjelp", "rettigheter", "parorende")
CATEGORY_ORDER = list(ServiceCategory.__args__)  # type: ignore[attr-defined]


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


def sami_name(kommune: Kommune) -> Markup:
    """The Sami (and Kven) name, language-tagged only where the language is known."""
    if not kommune.sami_name:
        return Markup("")
    parts = [p.strip() for p in kommune.sami_name.split(" / ")]
    sami = SAMI_LANG.get(kommune.number)
    if sami is None:
        return md_escape(kommune.sami_name)
    tagged = [Markup(f'<span lang="{sami}">') + md_escape(parts[0]) + Markup("</span>")]
    tagged += [Markup('<span lang="fkv">') + md_escape(p) + Markup("</span>") for p in parts[1:]]
    return Markup(" / ").join(tagged)


def kommune_href(kommune: Kommune, dataset: Dataset, lang: str, md_prefix: str, url_prefix: str) -> str:
    """Link to a kommune page in the kommune's own målform.

    md_prefix: from the page's source file to its language root (for .md links, which the builder resolves);
    url_prefix: from the page's URL folder to its language root (for plain URLs into the other language, which is
    a separate build and so cannot be an .md link; the build test checks every such link resolves).
    """
    entry = dataset.kommuner.get(kommune.number)
    target = LANG_CODE[entry.data.language_form] if entry else lang
    if target == lang:
        return f"{md_prefix}kommune/{kommune.slug}.md"
    to_site_root = url_prefix + ("../" if lang != "nb" else "")
    return f"{to_site_root}{'' if target == 'nb' else target + '/'}kommune/{kommune.slug}/"


def _listing(
    kommuner: tuple[Kommune, ...],
    dataset: Dataset,
    lang: str,
    md_prefix: str,
    url_prefix: str,
    kommune_filter: frozenset[str] | None = None,
) -> list[dict[str, Any]]:
    """The kommuner of a list page. In a restricted build (`kommune_filter`) kommuner whose pages are not
    generated get no link (href None): the list stays complete, and no link points at a missing page."""
    return [
        {
            "name": k.name,
            "sami_name": sami_name(k) if k.sami_name else None,
            "href": kommune_href(k, dataset, lang, md_prefix, url_prefix)
            if kommune_filter is None or k.number in kommune_filter
            else None,
            "published": k.number in dataset.kommuner and not dataset.kommuner[k.number].data.example,
            "example": k.number in dataset.kommuner and dataset.kommuner[k.number].data.example,
        }
        for k in kommuner
    ]


def _services_by_category(number: str, dataset: Dataset) -> list[tuple[str, list[tuple[Any, str, str | None]]]]:
    entry = dataset.kommuner[number]
    own_lang = LANG_CODE[entry.data.language_form]
    items: list[tuple[Any, str, str | None]] = [(s, own_lang, None) for s in entry.data.services]
    for shared in dataset.shared_for(number):
        names = [dataset.register.by_number[n].name for n in shared.data.kommuner]
        items.append((shared.data, LANG_CODE[shared.data.language_form], ", ".join(names)))
    grouped: dict[str, list[tuple[Any, str, str | None]]] = {}
    for item in items:
        grouped.setdefault(item[0].category, []).append(item)
    return [(c, grouped[c]) for c in CATEGORY_ORDER if c in grouped]


def plan_pages(
    dataset: Dataset,
    project: Project,
    texts: dict[str, dict[str, str]],
    *,
    renderer: Renderer | None = None,
    only: tuple[str, str] | None = None,
    kommune_filter: frozenset[str] | None = None,
    part: Part = WHOLE,
) -> dict[str, str]:
    """Every generated page: relative path under build/docs -> Markdown text.
    `only=(lang, template)` renders just the pages made from that template in that language (used by lix.py).
    `kommune_filter` (kommunenumre): a restricted build for a fast preview: all national, front and fylke pages,
    but kommune pages only for these kommuner (in both languages); the lists name the others without a link.
    `part`: only the pages of that share of the work (parts.py)."""
    assert dataset.national is not None
    renderer = renderer or Renderer(project.templates, texts)
    if only is not None:
        renderer = _Filtered(renderer, *only)
    common = {"national": dataset.national}
    pages: dict[str, str | None] = {}
    register = dataset.register
    for lang in LANGS:
        if part.national:
            pages[f"{lang}/index.md"] = renderer.render(
                "forside.md.j2",
                lang,
                counties=[
                    {"county": c, "href": f"fylke/{c.slug}.md", "kommuner": _listing(c.kommuner, dataset, lang, "", "", kommune_filter)}
                    for c in register.counties
                ],
                published_count=sum(1 for e in dataset.kommuner.values() if not e.data.example),
                total=len(register.kommuner),
                **common,
            )
            for name in NATIONAL_PAGES:
                pages[f"{lang}/{name}.md"] = renderer.render(f"{name}.md.j2", lang, **common)
            for county in register.counties:
                pages[f"{lang}/fylke/{county.slug}.md"] = renderer.render(
                    "fylke.md.j2", lang, prefix="../", county=county,
                    items=_listing(county.kommuner, dataset, lang, "../", "../../", kommune_filter), **common,
                )
        for kommune in register.kommuner:
            if (kommune_filter is not None and kommune.number not in kommune_filter) or not part.takes(kommune.number):
                continue
            path = f"{lang}/kommune/{kommune.slug}.md"
            entry = dataset.kommuner.get(kommune.number)
            if entry is None:
                pages[path] = renderer.render(
                    "ikke-publisert.md.j2", lang, prefix="../", kommune=kommune, sami_name=sami_name(kommune), **common
                )
                continue
            pages[path] = renderer.render(
                "kommune.md.j2",
                lang,
                prefix="../",
                k=entry.data,
                kommune=kommune,
                sami_name=sami_name(kommune),
                src=LANG_CODE[entry.data.language_form],
                services_by_category=_services_by_category(kommune.number, dataset),
                edit_url=f"{project.repo_url}/edit/{project.branch}/{entry.file}",
                **common,
            )
    return {path: text for path, text in pages.items() if text is not None}


class _Filtered:
    """A renderer that only renders one template in one language and skips (None) the rest."""

    def __init__(self, renderer: Renderer, lang: str, template: str):
        self.renderer, self.lang, self.template = renderer, lang, template

    def render(self, template: str, lang: str, **context: Any) -> str | None:  # type: ignore[override]
        if (lang, template) != (self.lang, self.template):
            return None
        return self.renderer.render(template, lang, **context)


def _hand_written(docs: Path) -> dict[str, bytes]:
    return {p.relative_to(docs).as_posix(): p.read_bytes() for p in sorted(docs.rglob("*")) if p.is_file()}


@dataclass
class WriteStats:
    written: int = 0
    unchanged: int = 0
    removed: int = 0

    @property
    def total(self) -> int:
        return self.written + self.unchanged


def write_files(out: Path, files: dict[str, bytes]) -> WriteStats:
    """Write `files` under `out`, touching only what changed."""
    stats = WriteStats()
    for rel, content in files.items():
        target = out / rel
        exists = target.is_file()
        if exists and target.read_bytes() == content:
            stats.unchanged += 1
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        if exists:  # replaced in one step, so a server watching the folder never reads half a file
            tmp = target.with_name(target.name + ".tmp")
            tmp.write_bytes(content)
            tmp.replace(target)
        else:  # a new file: nothing reads it before generate() returns (half the cost of a cold run's writing)
            target.write_bytes(content)
        stats.written += 1
    return stats


def remove_others(out: Path, keep: set[str]) -> int:
    """Remove the files under `out` that are not in `keep`, and empty folders; returns how many files."""
    removed = 0
    for path in sorted(out.rglob("*"), reverse=True):
        if path.is_file() and path.relative_to(out).as_posix() not in keep:
            path.unlink()
            removed += 1
        elif path.is_dir() and not any(path.iterdir()):
            path.rmdir()
    return removed


def with_acute_help(files: dict[str, bytes], dataset: Dataset, renderer: Renderer) -> None:
    """Append the acute-help block to every hand-written page, so it is on every page of the site."""
    for rel in [r for r in files if r.endswith(".md") and r.split("/")[0] in LANGS]:
        lang = rel.split("/")[0]
        prefix = "../" * (rel.count("/") - 1)
        block = renderer.render("_akutt.md.j2", lang, prefix=prefix, national=dataset.national)
        files[rel] = files[rel].rstrip() + b"\n\n" + block.encode("utf-8")


# Below this many kommune files, starting worker processes costs more than it saves.
PARALLEL_FROM = 40
SHARES_PER_WORKER = 4
_SHARED: tuple[Any, ...] | None = None  # what forked workers need (set only while they run)


def part_files(
    dataset: Dataset, project: Project, texts: dict[str, dict[str, str]], kommune_filter: frozenset[str] | None,
    part: Part = WHOLE, renderer: Renderer | None = None,
) -> dict[str, bytes]:
    """Every file of build/docs that belongs to `part` (parts.py): path -> content."""
    part = dataclasses.replace(part, only=kommune_filter)
    renderer = renderer or Renderer(project.templates, texts)
    files = _hand_written(project.docs) if part.national else {}
    if part.national:
        with_acute_help(files, dataset, renderer)
    for rel, text in plan_pages(dataset, project, texts, renderer=renderer, kommune_filter=kommune_filter,
                                part=part).items():
        if rel in files:
            raise TextsError(f"docs/{rel} finnes både som håndskrevet og generert side")
        files[rel] = text.encode("utf-8")
    add_reuse(files, dataset, project, texts, part)  # open data, JSON-LD and print QR (opendata.py)
    return files


def _workers(count: int) -> int:
    """How many processes to share the work of `count` kommune pages between: 1 when that does not pay."""
    import multiprocessing
    import os

    if count < PARALLEL_FROM or "fork" not in multiprocessing.get_all_start_methods():
        return 1
    return max(1, min(os.cpu_count() or 1, 4))


def _map_shares(task: Any, shared: tuple[Any, ...], count: int) -> list[Any]:
    """Run `task(part)` for every share in forked worker processes (they get the validated data without copying
    it), or for the whole in this process when one share is enough."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    global _SHARED
    workers = _workers(count)
    # Four shares per worker, handed out as workers become free: share 0 also has the national pages, so equal
    # halves would leave one core idle for a quarter of the time.
    shares = SHARES_PER_WORKER * workers
    _SHARED = shared  # type: ignore[assignment]
    try:
        if workers == 1:
            return [task(WHOLE)]
        with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
            return list(pool.map(task, [Part(i, shares) for i in range(shares)]))
    finally:
        _SHARED = None


def _files_of(part: Part) -> dict[str, bytes]:
    assert _SHARED is not None
    dataset, project, texts, kommune_filter, renderer = _SHARED[:5]
    return part_files(dataset, project, texts, kommune_filter, part, renderer)


def _write_share(part: Part) -> tuple[WriteStats, set[str]]:
    """In a worker: make the files of this share and write them (no need to send them back to the parent)."""
    assert _SHARED is not None
    files = _files_of(part)
    return write_files(_SHARED[5], files), set(files)


def _page_count(dataset: Dataset, kommune_filter: frozenset[str] | None) -> int:
    return len(dataset.register.kommuner) if kommune_filter is None else len(kommune_filter)


def all_files(
    dataset: Dataset, project: Project, texts: dict[str, dict[str, str]], kommune_filter: frozenset[str] | None = None
) -> dict[str, bytes]:
    """Every file of build/docs, made by one process per CPU core at national scale."""
    files: dict[str, bytes] = {}
    renderer = Renderer(project.templates, texts).compile_all()
    for share in _map_shares(_files_of, (dataset, project, texts, kommune_filter, renderer),
                             _page_count(dataset, kommune_filter)):
        files.update(share)
    return files


def generate(
    dataset: Dataset, project: Project, out: Path | None = None, *, kommune_filter: frozenset[str] | None = None
) -> WriteStats:
    """Write build/docs (or `out`), touching only what changed, and remove what no longer belongs there.
    `kommune_filter`: a restricted build, see plan_pages. At national scale each share of the work (parts.py) is
    made and written by its own process."""
    texts = load_texts(project.templates)
    out = out or project.build_docs
    out.mkdir(parents=True, exist_ok=True)
    renderer = Renderer(project.templates, texts).compile_all()  # once, before the workers are forked
    results = _map_shares(_write_share, (dataset, project, texts, kommune_filter, renderer, out),
                          _page_count(dataset, kommune_filter))
    stats, keep = WriteStats(), set()
    for share_stats, share_files in results:
        if keep & share_files:
            raise RuntimeError(f"written by two shares: {sorted(keep & share_files)[:5]}")
        keep |= share_files
        stats.written += share_stats.written
        stats.unchanged += share_stats.unchanged
    stats.removed = remove_others(out, keep)
    write_entries(out.parent / SEARCH_ENTRIES, all_entries(dataset, texts, kommune_filter))  # see searchentries.py
    return stats
