"""Run the site builder on the generated Markdown, and replace site/ only when the whole build succeeded.

mkdocs-static-i18n builds the second language as a nested build after the first, so one `mkdocs build` uses
one core. Here each language is built by its own process, in parallel, each into its own folder, and the two
folders are merged into exactly what the serial build writes (a test compares them byte for byte):

* pages: nb at the root, nn under nn/ (the plugin already puts them there);
* theme and docs assets: written identically by both;
* 404.html: the serial build keeps the one written last, by the nn build;
* search/search_index.json: one index, nb entries then nn entries (`reconfigure_search: false`, so the plugin
  does not de-duplicate), with the nb build's search config;
* sitemap.xml(.gz): the serial build writes it last from both languages' pages: nb <url> entries, then nn.

FORLOPSINFO_PLAIN_BUILD=1 runs the plain serial `mkdocs build` instead (levers.py).

The public face of the site builder for the rest of the package: LanguageBuilder, build_site and data_epoch here,
write_config in config.py (build/mkdocs.yml, written for each build from the project), serve in preview.py.
"""

from __future__ import annotations

import datetime as dt
import gzip
import json
import logging
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from forlopsinfo.generate.searchentries import SEARCH_ENTRIES
from forlopsinfo.layout import Layout
from forlopsinfo.project import Project
from forlopsinfo.sitebuilder import levers
from forlopsinfo.sitebuilder.config import config_path

def data_epoch(dates: list[dt.date]) -> int:
    """SOURCE_DATE_EPOCH for a reproducible build: midnight UTC of the newest date in the data, so the same input
    gives the same sitemap dates and gzip headers on any day, in any checkout."""
    newest = max(dates)
    return int(dt.datetime(newest.year, newest.month, newest.day, tzinfo=dt.timezone.utc).timestamp())


def builder_env(source_date_epoch: int | None = None) -> dict[str, str]:
    env = dict(os.environ)
    if source_date_epoch is not None:
        env.setdefault("SOURCE_DATE_EPOCH", str(source_date_epoch))
    # Material and mkdocs-gen-files print banners about MkDocs 2.0 on every run; they are not build problems.
    env.setdefault("NO_MKDOCS_2_WARNING", "1")
    env.setdefault("DISABLE_MKDOCS_2_WARNING", "true")
    return env


def _quiet(stderr: str) -> str:
    return "".join(line for line in stderr.splitlines(keepends=True) if not line.startswith("INFO"))


def run_mkdocs_serial(
    project: Project, site_dir: Path, *, quiet: bool = True, source_date_epoch: int | None = None
) -> subprocess.CompletedProcess[str]:
    # Never pass --quiet: it raises the log level above WARNING, and strict mode then has no warnings to count.
    cmd = [sys.executable, "-m", "mkdocs", "build", "--strict", "--config-file", str(config_path(project)),
           "--site-dir", str(site_dir)]
    result = subprocess.run(cmd, cwd=project.root, env=builder_env(source_date_epoch), text=True, capture_output=True)
    if quiet:
        result.stderr = _quiet(result.stderr)
    return result


class LanguageBuilder:
    """One process that loads the site builder (MkDocs, its plugins, the theme's Python side, Python-Markdown and our
    hook) and then, when the Markdown is ready, forks one process per language that builds at once.

    `forlopsinfo build` starts it before it checks the data files: while those are read and checked, only one of the
    two cores is busy, and the loading (~0.3 s of CPU) fits in the other. Loading once and forking also saves a second
    copy of that work. Used as a context manager: a builder that was never given work is stopped on exit.
    The configuration (build/mkdocs.yml, config.write_config) must be written before it starts."""

    def __init__(self, project: Project):
        self._stderr = tempfile.TemporaryFile("w+", encoding="utf-8")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "forlopsinfo.sitebuilder.build", "--wait-for-work",
             "--config-file", str(config_path(project))],
            cwd=project.root, env=builder_env(), text=True, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            stderr=self._stderr,
        )

    @classmethod
    def early(cls, project: Project) -> "LanguageBuilder | None":
        """Started now, while the data is checked; None in a plain build (levers.py)."""
        return None if levers.plain() else cls(project)

    def build(self, parts: dict[str, Path], logs: dict[str, Path], env: dict[str, str]) -> dict[str, int]:
        """Build each language into parts[lang], its output into logs[lang]; the exit code of each."""
        work = {"parts": {k: str(v) for k, v in parts.items()}, "logs": {k: str(v) for k, v in logs.items()}, "env": env}
        out, _ = self.proc.communicate(json.dumps(work) + "\n")
        try:
            return {lang: int(code) for lang, code in json.loads(out).items()}
        except ValueError:
            self._stderr.seek(0)
            raise RuntimeError(f"Nettstedsbyggeren stoppet uventet:\n{self._stderr.read()[-4000:]}") from None

    def __enter__(self) -> "LanguageBuilder":
        return self

    def __exit__(self, *exc: object) -> None:
        if self.proc.poll() is None:
            try:
                self.proc.communicate("", timeout=30)  # no work: it exits
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self._stderr.close()


def run_mkdocs_parallel(
    project: Project, site_dir: Path, languages: tuple[str, ...], *, quiet: bool = True,
    source_date_epoch: int | None = None, builder: LanguageBuilder | None = None,
) -> subprocess.CompletedProcess[str]:
    """Both languages at once, one process each, merged into `site_dir` (which must be empty or missing)."""
    env = {k: v for k, v in builder_env(source_date_epoch).items() if k == "SOURCE_DATE_EPOCH"}
    parts = {lang: site_dir.parent / f"{site_dir.name}.{lang}" for lang in languages}
    # Output goes to files, not pipes: a full pipe would stop one build until the other has finished.
    with tempfile.TemporaryDirectory(prefix=".logs-", dir=site_dir.parent) as log_dir:
        logs = {lang: Path(log_dir) / f"{lang}.log" for lang in languages}
        try:
            with builder or LanguageBuilder(project) as started:
                codes = started.build(parts, logs, env)
            returncode = max(codes.values())
            output = "".join(logs[lang].read_text("utf-8") if logs[lang].exists() else "" for lang in languages)
            if quiet:
                output = _quiet(output)
            if returncode == 0:
                merge_language_builds([parts[lang] for lang in languages], site_dir)
            return subprocess.CompletedProcess(["forlopsinfo.sitebuilder.build"], returncode, "", output)
        finally:
            for part in parts.values():
                shutil.rmtree(part, ignore_errors=True)


def run_mkdocs(
    project: Project, site_dir: Path, languages: tuple[str, ...], *, quiet: bool = True,
    source_date_epoch: int | None = None, builder: LanguageBuilder | None = None,
) -> subprocess.CompletedProcess[str]:
    if levers.plain():
        return run_mkdocs_serial(project, site_dir, quiet=quiet, source_date_epoch=source_date_epoch)
    return run_mkdocs_parallel(project, site_dir, languages, quiet=quiet, source_date_epoch=source_date_epoch,
                               builder=builder)


def _sitemap_parts(text: str) -> tuple[str, str, str]:
    """(head, the <url> entries with their indentation, tail) of a sitemap.xml."""
    start = text.rindex("\n", 0, text.index("<url>")) + 1
    end = text.index("\n", text.rindex("</url>")) + 1
    return text[:start], text[start:end], text[end:]


def merge_language_builds(parts: list[Path], site_dir: Path) -> None:
    """Merge per-language builds (default language first) into what one serial static-i18n build writes.
    The parts are moved, not copied, and are gone afterwards. `site_dir` must not exist yet."""
    # One search index: entries of each language in build order; config of the default language.
    index = json.loads((parts[0] / "search" / "search_index.json").read_text("utf-8"))
    for part in parts[1:]:
        index["docs"] += json.loads((part / "search" / "search_index.json").read_text("utf-8"))["docs"]
    # One sitemap with every language's pages, gzipped as MkDocs does (the header time comes from the
    # last-written language's .gz, which MkDocs took from SOURCE_DATE_EPOCH).
    head, body, tail = _sitemap_parts((parts[0] / "sitemap.xml").read_text("utf-8"))
    for part in parts[1:]:
        body += _sitemap_parts((part / "sitemap.xml").read_text("utf-8"))[1]
    sitemap = (head + body + tail).encode("utf-8")
    with open(parts[-1] / "sitemap.xml.gz", "rb") as fh:
        mtime = int.from_bytes(fh.read(8)[4:8], "little")

    # Files: the default language's folder becomes the site; each later language's own folder (nn/) is moved in;
    # what both wrote (theme assets, 404.html) is taken from the later build, as in the serial build.
    os.replace(parts[0], site_dir)
    for part in parts[1:]:
        _move_into(part, site_dir)

    (site_dir / "search" / "search_index.json").write_text(
        json.dumps(index, separators=(",", ":"), default=str), "utf-8"
    )
    (site_dir / "sitemap.xml").write_bytes(sitemap)
    gz_path = site_dir / "sitemap.xml.gz"
    with open(gz_path, "wb") as fh, gzip.GzipFile(fileobj=fh, filename=str(gz_path), mode="wb", mtime=mtime) as gz:
        gz.write(sitemap)


def _move_into(source: Path, target: Path) -> None:
    """Move everything in `source` into `target`, replacing files that are in both. Renames only: no file's
    content is copied (the theme assets alone are 2.5 MB, and writing is slow on the CI machines)."""
    for entry in source.iterdir():
        dest = target / entry.name
        if entry.is_dir() and dest.is_dir():
            _move_into(entry, dest)
        else:
            os.replace(entry, dest)


def link_static_outputs(docs: Path, site: Path, static_outputs: dict[str, str]) -> int:
    """Put the generated plain files the builder leaves out (STATIC_OUTPUTS) into `site`: as hard links when both
    are on one file system (nothing is copied), else as copies. Returns the number of files."""
    count = 0
    for source_folder, target_folder in static_outputs.items():
        source = docs / source_folder
        if not source.is_dir():
            continue
        for path in source.rglob("*"):
            if not path.is_file():
                continue
            target = site / target_folder / path.relative_to(source)
            if target.exists():
                raise FileExistsError(f"{target} er skrevet både av nettstedsbyggeren og av generatoren")
            target.parent.mkdir(parents=True, exist_ok=True)
            try:
                os.link(path, target)
            except OSError:
                shutil.copy2(path, target)
            count += 1
    return count


def build_site(
    project: Project, site: Path, layout: Layout, *, quiet: bool = True, source_date_epoch: int | None = None,
    builder: LanguageBuilder | None = None,
) -> subprocess.CompletedProcess[str]:
    """Build into a fresh temporary folder next to `site`, then swap it in. On failure `site` is untouched."""
    site.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".site-", dir=site.parent))
    try:
        result = run_mkdocs(project, tmp / "site", layout.codes, quiet=quiet, source_date_epoch=source_date_epoch,
                            builder=builder)
        if result.returncode != 0:
            return result
        # The kommune pages' search entries come from the generator (searchentries.py), not from the builder.
        add_to_index(tmp / "site", project.build_docs.parent / SEARCH_ENTRIES)
        link_static_outputs(project.build_docs, tmp / "site", layout.static_outputs)
        old = None
        if site.exists():
            old = Path(tempfile.mkdtemp(prefix=".site-old-", dir=site.parent))
            os.replace(site, old / "site")
        os.replace(tmp / "site", site)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
        return result
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)


def add_to_index(site: Path, entries_file: Path) -> int:
    """Append the generator's search entries (one per kommune page, language by language in the site's order) to
    site/search/search_index.json; returns how many were added."""
    if not entries_file.is_file():
        return 0
    entries = json.loads(entries_file.read_text("utf-8"))
    index_path = site / "search" / "search_index.json"
    index = json.loads(index_path.read_text("utf-8"))
    added = [e for items in entries.values() for e in items]
    index["docs"] += added
    index_path.write_text(json.dumps(index, separators=(",", ":"), default=str), "utf-8")
    return len(added)


def build_one_language(config_file: Path, site_dir: Path, lang: str) -> int:
    """`mkdocs build --strict` of one language only, laid out as in the full build (nn pages under nn/)."""
    from mkdocs.__main__ import ColorFormatter
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, ConfigurationError

    logger = logging.getLogger("mkdocs")
    logger.setLevel(logging.INFO)
    logger.propagate = False
    handler = logging.StreamHandler()
    handler.setFormatter(ColorFormatter())
    logger.addHandler(handler)
    try:
        config = load_config(config_file=str(config_file), site_dir=str(site_dir), strict=True)
        i18n = config.plugins["i18n"]
        i18n.current_language = lang  # the language this build starts with (normally the default)
        i18n.building = True  # tells the plugin a nested build is running: it will not start the others
        build(config)
    except (Abort, ConfigurationError) as err:
        logger.error(str(err))
        return 1
    return 0


def _preload(config_file: Path) -> None:
    """Import what a language build needs, so each forked language process has it already. Best effort: any
    problem shows up again, with its proper message, in the language builds."""
    try:
        import markdown
        from mkdocs.commands import build  # noqa: F401
        from mkdocs.config import load_config

        config = load_config(config_file=str(config_file))  # imports the plugins, the theme and the hooks
        markdown.Markdown(extensions=config.markdown_extensions, extension_configs=config.mdx_configs)
    except Exception:  # noqa: BLE001
        pass


def _fork_language_build(config_file: Path, lang: str, part: str, log: str, env: dict[str, str]) -> int:
    sys.stdout.flush()
    sys.stderr.flush()
    pid = os.fork()
    if pid:
        return pid
    code = 1
    try:
        os.environ.update(env)
        fd = os.open(log, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        os.dup2(fd, 1)
        os.dup2(fd, 2)
        code = build_one_language(config_file, Path(part), lang)
    except BaseException:  # noqa: BLE001
        import traceback

        traceback.print_exc()
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)


def wait_for_work(config_file: Path) -> int:
    """The LanguageBuilder process: load, wait for one line of work on stdin, fork the language builds, and print
    their exit codes as JSON. An empty stdin means there is no work."""
    _preload(config_file)
    line = sys.stdin.readline()
    if not line.strip():
        return 0
    work = json.loads(line)
    pids = {lang: _fork_language_build(config_file, lang, part, work["logs"][lang], work["env"])
            for lang, part in work["parts"].items()}
    codes = {lang: os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]) for lang, pid in pids.items()}
    print(json.dumps(codes), flush=True)
    return 0


def main(argv: list[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(description="Intern: nettstedsbyggeren som LanguageBuilder starter.")
    parser.add_argument("--config-file", type=Path, required=True)
    parser.add_argument("--wait-for-work", action="store_true", required=True,
                        help="last inn, vent på arbeid på stdin (LanguageBuilder)")
    args = parser.parse_args(argv)
    return wait_for_work(args.config_file)


if __name__ == "__main__":
    raise SystemExit(main())
