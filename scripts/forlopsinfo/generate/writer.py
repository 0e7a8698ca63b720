"""Generate: validated data -> every file of build/ (Markdown pages, open data, snippets, search index).

Plain Python. Files are written only when their content changed, so a live-reloading server watching the folder
does not loop, and files that no longer belong are removed. What the Markdown assumes of the site builder is
written down in HACKING.md ("The generator's contract with the site builder").
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from forlopsinfo.generate.formspec import spec_files
from forlopsinfo.generate.opendata import add_open_data
from forlopsinfo.generate.pages import plan_pages
from forlopsinfo.generate.parts import WHOLE, Part
from forlopsinfo.generate.render import Renderer
from forlopsinfo.generate.searchindex import index_files
from forlopsinfo.generate.texts import Texts, TextsError, texts_of
from forlopsinfo.layout import Layout
from forlopsinfo.project import Project
from forlopsinfo.validate.dataset import Dataset


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
        try:
            if exists:  # replaced in one step, so a server watching the folder never reads half a file
                tmp = target.with_name(target.name + ".tmp")
                tmp.write_bytes(content)
                tmp.replace(target)
            else:  # a new file: nothing reads it before generate() returns (half the cost of a cold run's writing)
                target.write_bytes(content)
        except OSError as err:  # a failed write() names no file: name it, so the message can (cli.py)
            if err.filename is None:
                raise OSError(err.errno, err.strerror, str(target)) from err
            raise
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


_FIRST_HEADING = re.compile(rb"^# .*\n", re.M)


def with_acute_help(files: dict[str, bytes], dataset: Dataset, renderer: Renderer) -> None:
    """Put urgent help on every hand-written page, as on the generated ones: the short line under the page's title
    (before anything else when it has none), and the full acute-help block at the end."""
    for rel in [r for r in files if r.endswith(".md") and r.split("/")[0] in renderer.texts]:
        lang = rel.split("/")[0]
        prefix = "../" * (rel.count("/") - 1)
        short = renderer.render("_akutt_kort.md.j2", lang, prefix=prefix, national=dataset.national).encode("utf-8")
        block = renderer.render("_akutt.md.j2", lang, prefix=prefix, national=dataset.national)
        page = files[rel]
        title = _FIRST_HEADING.search(page)
        at = title.end() if title else 0
        page = page[:at] + b"\n" + short + b"\n" + page[at:]
        files[rel] = page.rstrip() + b"\n\n" + block.encode("utf-8")


# Below this many kommune files, starting worker processes costs more than it saves.
PARALLEL_FROM = 40
SHARES_PER_WORKER = 4
_SHARED: tuple[Any, ...] | None = None  # what forked workers need (set only while they run)


def part_files(
    dataset: Dataset, project: Project, texts: Texts, kommune_filter: frozenset[str] | None,
    part: Part = WHOLE, renderer: Renderer | None = None,
) -> dict[str, bytes]:
    """Every file of build/docs that belongs to `part` (parts.py): path -> content."""
    part = dataclasses.replace(part, only=kommune_filter)
    renderer = renderer or Renderer(project.templates, texts)
    files = _hand_written(project.docs) if part.national else {}
    if part.national:
        with_acute_help(files, dataset, renderer)
        files.update(spec_files(dataset, project, texts))  # the kommune form's fields and messages (formspec.py)
    for rel, text in plan_pages(dataset, project, texts, renderer=renderer, kommune_filter=kommune_filter,
                                part=part).items():
        if rel in files:
            raise TextsError(f"docs/{rel} finnes både som håndskrevet og generert side")
        files[rel] = text.encode("utf-8")
    add_open_data(files, dataset, project, texts, part)  # open data, snippets, JSON-LD and print QR (opendata/)
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
    dataset: Dataset, project: Project, texts: Texts, kommune_filter: frozenset[str] | None = None
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
    texts = texts_of(project)
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
    # The search index of each language, made from the pages just written (searchindex.py).
    index = index_files(out, dataset, Layout.of(project), texts, kommune_filter)
    index_stats = write_files(out, index)
    stats.written += index_stats.written
    stats.unchanged += index_stats.unchanged
    stats.removed = remove_others(out, keep | set(index))
    return stats
