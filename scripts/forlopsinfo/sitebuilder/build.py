"""Run the site builder on the generated Markdown, and replace site/ only when the whole build succeeded.

mkdocs-static-i18n builds the second language as a nested build after the first, so one `mkdocs build` uses
one core. Here each language is built by its own process, in parallel, each into its own folder, and the two
folders are merged into exactly what the serial build writes (a test compares them byte for byte):

* pages: nb at the root, nn under nn/ (the plugin already puts them there);
* theme and docs assets: written identically by both;
* 404.html: the serial build keeps the one written last, by the nn build;
* sitemap.xml(.gz): the serial build writes it last from both languages' pages: nb <url> entries, then nn.

FORLOPSINFO_PLAIN_BUILD=1 runs the plain serial `mkdocs build` instead (levers.py).

The swap deletes whatever stood at the site's place, so build_site first refuses a folder it must not replace
(`site_dir_refusal`): the project or a folder holding it, the project's own folders, and any non-empty folder no
build made. The folders a build made are recorded in build/site-folders.json (never inside the site, which must stay
byte for byte the same). Temporary folders carry the builder's process id (`.site-<pid>-…`), so the next build can
remove what a killed build left behind, and never what a running one is using.

The public face of the site builder for the rest of the package: LanguageBuilder, build_site and data_epoch here,
write_config in config.py (build/mkdocs.yml, written for each build from the project), serve in preview.py.
"""

from __future__ import annotations

import datetime as dt
import errno
import gzip
import json
import logging
import os
import re
import shutil
import stat
import subprocess
import sys
import tempfile
from pathlib import Path

from forlopsinfo.layout import Layout
from forlopsinfo.load.problems import inert
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
    with tempfile.TemporaryDirectory(prefix=f".logs-{os.getpid()}-", dir=site_dir.parent) as log_dir:
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

    _write(site_dir / "sitemap.xml", sitemap)
    gz_path = site_dir / "sitemap.xml.gz"
    with _naming(gz_path), open(gz_path, "wb") as fh, \
            gzip.GzipFile(fileobj=fh, filename=str(gz_path), mode="wb", mtime=mtime) as gz:
        gz.write(sitemap)


class _naming:
    """Adds the file's name to an OSError that has none (a failed write() names no file), so the message can say
    which file could not be written."""

    def __init__(self, path: Path):
        self.path = path

    def __enter__(self) -> None:
        return None

    def __exit__(self, kind: object, err: BaseException | None, tb: object) -> None:
        if isinstance(err, OSError) and err.filename is None:
            raise OSError(err.errno, err.strerror, str(self.path)) from err


def _write(path: Path, data: bytes) -> None:
    with _naming(path):
        path.write_bytes(data)


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


# --- Where a site may be built, and what a killed build left behind ---------------------------------------------

SITE_RECORD = "site-folders.json"  # in build/: the folders earlier builds made (path, device, inode)
# The project's own folders: never a site, nor anything inside them.
PROTECTED = ("municipalities", "docs", "templates", "scripts", "tests", ".github", ".git", "build")
_TEMPORARY = re.compile(r"\.(site|site-old|logs)-([0-9]+)-.+")  # .site-<pid>-…, made by the process <pid>
_CHOOSE = "Ingenting er endret. Velg en ny eller tom mappe med --site-dir (eller la den være, så bygges site/)."


def _record_file(project: Project) -> Path:
    return project.build_docs.parent / SITE_RECORD


def _recorded(project: Project) -> list[dict]:
    try:
        entries = json.loads(_record_file(project).read_text("utf-8"))
    except (OSError, ValueError):
        return []
    if not isinstance(entries, list):
        return []
    return [e for e in entries if isinstance(e, dict) and isinstance(e.get("path"), str)
            and isinstance(e.get("dev"), int) and isinstance(e.get("ino"), int)]


def _made_by_a_build(project: Project, site: Path, info: os.stat_result) -> bool:
    """True when `site` is the very folder an earlier build put there, and still holds a site: same path, same
    device and inode (a folder made again by hand at the same path is someone else's), and MkDocs' index.html and
    sitemap.xml (a built folder emptied and filled with other files is someone else's too)."""
    return (any(e["path"] == str(site) and (e["dev"], e["ino"]) == (info.st_dev, info.st_ino)
                for e in _recorded(project))
            and (site / "index.html").is_file() and (site / "sitemap.xml").is_file())


def _record(project: Project, site: Path, info: os.stat_result) -> None:
    """Remember that the folder with this inode, about to be swapped in at `site`, is ours to replace next time."""
    entries = [e for e in _recorded(project) if e["path"] != str(site) and os.path.lexists(e["path"])]
    entries.append({"path": str(site), "dev": info.st_dev, "ino": info.st_ino})
    target = _record_file(project)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f"{target.name}.{os.getpid()}.tmp")
    _write(tmp, (json.dumps(entries, indent=1) + "\n").encode("ascii"))  # ascii: any path survives (\udcxx)
    os.replace(tmp, target)


def site_dir_refusal(project: Project, site: Path) -> str | None:
    """Why the build must not put a site at `site` (a Norwegian message), or None when it may. The build replaces
    the whole folder, so it may only be one that does not exist yet, an empty one, the project's own site/, or one
    an earlier build made (build/site-folders.json)."""
    root = project.root.resolve()
    site = site.resolve()
    shown = inert(site.relative_to(root).as_posix() if site.is_relative_to(root) and site != root else site)
    if site == root or root.is_relative_to(site):
        return (f"Kan ikke bygge nettstedet i {shown}: det er prosjektmappen, eller en mappe som inneholder den. "
                f"Byggingen erstatter hele mappen, så alle filene der ville blitt slettet. {_CHOOSE}")
    for name in PROTECTED:
        own = (root / name).resolve()
        if site == own or site.is_relative_to(own):
            return (f"Kan ikke bygge nettstedet i {shown}: det er prosjektets egen mappe {name}/, eller en mappe inni "
                    f"den. Byggingen erstatter hele mappen, så filene der ville blitt slettet. {_CHOOSE}")
    if site == (root / "site").resolve():
        return None
    try:
        info = os.lstat(site)
        if not stat.S_ISDIR(info.st_mode):
            return (f"Kan ikke bygge nettstedet i {shown}: det er en fil, ikke en mappe. Byggingen ville slettet den. "
                    f"{_CHOOSE}")
        with os.scandir(site) as entries:
            empty = next(entries, None) is None
    except FileNotFoundError:
        return None
    except OSError as err:
        return f"Kan ikke bygge nettstedet i {shown}: mappen kan ikke leses ({inert(err.strerror)}). {_CHOOSE}"
    if empty or _made_by_a_build(project, site, info):
        return None
    return (f"Kan ikke bygge nettstedet i {shown}: mappen finnes og er ikke tom, og den er ikke laget av en tidligere "
            f"bygging. Byggingen erstatter hele mappen, så alt som ligger der ville blitt slettet. {_CHOOSE}")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OverflowError:  # no process can have that number
        return False
    except PermissionError:  # someone else's process: alive
        return True
    return True


def remove_leftovers(folder: Path, site: Path) -> list[str]:
    """Remove the temporary folders (`.site-<pid>-…`, `.site-old-<pid>-…`, `.logs-<pid>-…`) in `folder` whose
    build process no longer runs (killed during MkDocs, say); never those of a running build. When a build died
    between moving the old site away and moving the new one in, the old site is put back first. Returns the names."""
    removed = []
    try:
        entries = list(folder.iterdir())
    except OSError:
        return removed
    for entry in entries:
        match = _TEMPORARY.fullmatch(entry.name)
        if match is None or entry.is_symlink() or not entry.is_dir():
            continue
        pid = int(match.group(2))
        if pid <= 0 or pid == os.getpid() or _alive(pid):
            continue
        kept = entry / site.name
        if match.group(1) == "site-old" and not os.path.lexists(site) and kept.is_dir() and not kept.is_symlink():
            os.replace(kept, site)
        shutil.rmtree(entry, ignore_errors=True)
        removed.append(entry.name)
    return removed


# --- What a kommune editor reads when a disk is full ---------------------------------------------------------------

_WRITE_REASONS = {
    errno.ENOSPC: ("ingen plass igjen på disken", "Frigjør plass på disken"),
    errno.EDQUOT: ("diskkvoten er brukt opp", "Frigjør plass på disken"),
    errno.EFBIG: ("filen ble for stor", "Sjekk grensen for filstørrelse (ulimit -f)"),
    errno.EACCES: ("ingen tilgang", "Sjekk at du har lov til å skrive i mappen"),
    errno.EPERM: ("ingen tilgang", "Sjekk at du har lov til å skrive i mappen"),
    errno.EROFS: ("disken kan bare leses", "Bygg på en disk du kan skrive til"),
}


def write_failure(err: OSError, root: Path | None = None) -> str:
    """«Kunne ikke skrive (ingen plass igjen på disken): <path>.» for an OSError while generating or building; the
    path relative to `root` when it is inside it."""
    reason = _WRITE_REASONS.get(err.errno or 0, (inert(err.strerror or err), ""))[0]
    # A copy or a rename names its target second (shutil.copyfile: filename2 is where it was writing).
    target = err.filename2 if err.filename2 is not None else err.filename
    where = ""
    if isinstance(target, (str, bytes, os.PathLike)):
        path = Path(os.fsdecode(target))
        if root is not None and path.is_absolute() and path.is_relative_to(root.resolve()):
            path = path.relative_to(root.resolve())
        where = f": {inert(path.as_posix())}"
    verb = "skrive" if err.errno in _WRITE_REASONS else "lese eller skrive"
    return f"Kunne ikke {verb} ({reason}){where}."


def write_advice(err: OSError) -> str:
    """What to do about it, as one sentence."""
    return f"{_WRITE_REASONS.get(err.errno or 0, ('', 'Rett feilen'))[1]}, og prøv igjen."


def build_site(
    project: Project, site: Path, layout: Layout, *, quiet: bool = True, source_date_epoch: int | None = None,
    builder: LanguageBuilder | None = None,
) -> subprocess.CompletedProcess[str]:
    """Build into a fresh temporary folder next to `site`, then swap it in. On failure `site` is untouched, and a
    folder the build must not replace (site_dir_refusal) is refused before anything is done."""
    refusal = site_dir_refusal(project, site)
    if refusal is not None:
        return subprocess.CompletedProcess(["forlopsinfo.sitebuilder.build"], 1, "", refusal + "\n")
    site = site.resolve()
    site.parent.mkdir(parents=True, exist_ok=True)
    remove_leftovers(site.parent, site)
    tmp = Path(tempfile.mkdtemp(prefix=f".site-{os.getpid()}-", dir=site.parent))
    try:
        result = run_mkdocs(project, tmp / "site", layout.codes, quiet=quiet, source_date_epoch=source_date_epoch,
                            builder=builder)
        if result.returncode != 0:
            return result
        link_static_outputs(project.build_docs, tmp / "site", layout.static_outputs)
        if site != (project.root / "site").resolve():
            _record(project, site, os.stat(tmp / "site"))  # before the swap: a later build may replace it
        old = None
        if os.path.lexists(site):
            old = Path(tempfile.mkdtemp(prefix=f".site-old-{os.getpid()}-", dir=site.parent))
            os.replace(site, old / site.name)
        os.replace(tmp / "site", site)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
        return result
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)


def build_one_language(config_file: Path, site_dir: Path, lang: str) -> int:
    """`mkdocs build --strict` of one language only, laid out as in the full build (nn pages under nn/)."""
    from mkdocs.__main__ import ColorFormatter
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, BuildError, ConfigurationError

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
    except (Abort, BuildError, ConfigurationError) as err:  # BuildError: what a hook refuses (PluginError)
        logger.error(str(err))
        return 1
    except OSError as err:  # a full disk, a file size limit, no access: said in Norwegian, not as a traceback
        logger.error(f"{write_failure(err)} {write_advice(err)}")
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
