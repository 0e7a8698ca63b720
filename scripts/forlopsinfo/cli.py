"""Command line: `forlopsinfo <subcommand>`. Messages are Norwegian: kommune editors read them."""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import os
import sys
import time
from pathlib import Path

from forlopsinfo.validate import schema
from forlopsinfo.validate.dataset import NATIONAL_FILE, Dataset, load_dataset
from forlopsinfo.load.problems import Problem, safe_line, show_value
from forlopsinfo.layout import Layout
from forlopsinfo.project import Project

# generate/build (Jinja2, subprocesses) are imported where used, so `validate` starts fast.


def find_root(start: Path) -> Path:
    for candidate in [start, *start.parents]:
        if (candidate / "pyproject.toml").is_file() and (candidate / "municipalities").is_dir():
            return candidate
    raise SystemExit("Fant ikke prosjektmappen (en mappe med pyproject.toml og municipalities/). Stå i prosjektmappen.")


def report(problems: list[Problem], out=sys.stderr) -> None:
    # Every part of a problem is made inert by Problem.format/github_annotation (load/problems.py): no file name, key
    # or value can start a line, hide text or become a workflow command. The only `::` lines are our annotations.
    files = sorted({p.file for p in problems})
    for p in problems:
        print(p.format(), file=out)
    if os.environ.get("GITHUB_ACTIONS") == "true":
        for p in problems:
            print(p.github_annotation())
    nynorsk = all(p.lang == "nn" for p in problems)
    print(
        f"\n{len(problems)} feil i {len(files)} fil{'er' if len(files) != 1 else ''}. "
        + ("Rett feila over og prøv igjen. Ingenting vart publisert." if nynorsk else
           "Rett feilene over og prøv igjen. Ingenting ble publisert."),
        file=out,
    )


def _dataset(project: Project, files: list[str] | None = None, today: dt.date | None = None) -> Dataset | None:
    from forlopsinfo.load.problems import inert

    # The folder is resolved, the file itself is not: a symbolic link is refused as a link (validate/files.py),
    # never checked as the file it points at.
    only = [Path(f).absolute().parent.resolve() / Path(f).name for f in files] if files else None
    if only:
        missing = [f for f, p in zip(files or [], only) if not p.exists() and not p.is_symlink()]
        if missing:
            print(f"Finner ikke filen: {', '.join(inert(f) for f in missing)}", file=sys.stderr)
            return None
        outside = [f for f, p in zip(files or [], only)
                   if not p.is_relative_to(project.municipalities.resolve()) or p.suffix not in (".yaml", ".yml")]
        if outside:
            print(f"Ikke en kommunefil: {', '.join(inert(f) for f in outside)}. Kommunefiler ligger i municipalities/ "
                  "og slutter på .yaml.",
                  file=sys.stderr)
            return None
        # The national file and shared services are always checked; only kommune files are picked out.
        only = [p for p in only if p.parent == project.municipalities.resolve() and p.name != NATIONAL_FILE]
    data, problems = load_dataset(project.municipalities, project.root, only=only, today=today,
                                  languages=Layout.of(project).codes)
    if problems:
        report(problems)
        return None
    return data


def cmd_validate(project: Project, args: argparse.Namespace) -> int:
    started = time.perf_counter()
    data = _dataset(project, args.files)
    if data is None:
        return 1
    stale = schema.stale(project.municipalities)
    if stale:
        print("Skjemaet er utdatert: kjør «forlopsinfo schema».", file=sys.stderr)
        return 1
    elapsed = time.perf_counter() - started
    files = f"{len(data.kommuner)} kommunefil{'' if len(data.kommuner) == 1 else 'er'}"
    shared = f"{len(data.shared)} interkommunal{'' if len(data.shared) == 1 else 'e'} tjeneste{'' if len(data.shared) == 1 else 'r'}"
    print(f"OK: {files} og {shared} er gyldige "
          f"({elapsed:.2f} s).")
    return 0


def _generate(project: Project, kommune_filter: frozenset[str] | None = None) -> Dataset | None:
    from forlopsinfo.generate.texts import TextsError
    from forlopsinfo.generate.writer import generate

    data = _dataset(project)
    if data is None:
        return None
    try:
        stats = generate(data, project, kommune_filter=kommune_filter)
    except TextsError as err:
        print(err, file=sys.stderr)
        return None
    print(f"Generert: {stats.total} filer i build/docs ({stats.written} endret, {stats.removed} fjernet).")
    return data


def _kommune_filter(project: Project, given: str | list[str] | None) -> frozenset[str] | None:
    """`3305` or `municipalities/3305-ringerike.yaml` (or several) -> {"3305"}; None when no kommune was given.
    Exits with a Norwegian message when a kommune is not in the register."""
    if not given:
        return None
    import re

    from forlopsinfo.layout import register_path
    from forlopsinfo.load.register import Register

    register = Register.load(register_path(project.municipalities))
    numbers = set()
    for one in [given] if isinstance(given, str) else given:
        match = re.match(r"(\d{4})(?:-|$)", Path(one).name)
        if match is None or match.group(1) not in register.by_number:
            raise SystemExit(
                f"Fant ikke kommunen {show_value(one)}. Skriv kommunenummeret med fire sifre (for eksempel 3305) "
                "eller navnet på kommunefilen (for eksempel municipalities/3305-ringerike.yaml)."
            )
        numbers.add(match.group(1))
    return frozenset(numbers)


def cmd_generate(project: Project, args: argparse.Namespace) -> int:
    from forlopsinfo.sitebuilder.build import write_advice, write_failure

    try:
        return 0 if _generate(project, _kommune_filter(project, args.kommune)) else 1
    except OSError as err:  # a full disk, a file size limit, no access: build/docs is redone by the next run
        print(f"{write_failure(err, project.root)} Nettstedet (site/) er ikke endret. {write_advice(err)}",
              file=sys.stderr)
        return 1


def cmd_build(project: Project, args: argparse.Namespace) -> int:
    from forlopsinfo.generate.texts import TextsError
    from forlopsinfo.load.problems import inert
    from forlopsinfo.sitebuilder.build import (LanguageBuilder, build_site, data_epoch, site_dir_refusal,
                                               write_advice, write_failure)
    from forlopsinfo.sitebuilder.config import write_config

    started = time.perf_counter()
    kommune_filter = _kommune_filter(project, args.kommune)
    site = (args.site_dir or project.root / "site").resolve()
    shown = inert(_shown(project, site))
    # The new site replaces the whole folder: refuse the project, its own folders and anyone else's files first.
    refusal = site_dir_refusal(project, site)
    if refusal is not None:
        print(refusal, file=sys.stderr)
        return 1
    try:
        try:
            write_config(project)  # build/mkdocs.yml, from the languages, their texts and the address
        except TextsError as err:
            print(err, file=sys.stderr)
            return 1
        # The site builder loads while the files are checked (build.LanguageBuilder).
        with LanguageBuilder.early(project) or contextlib.nullcontext() as builder:
            data = _generate(project, kommune_filter)
            if data is None:
                return 1
            result = build_site(project, site, Layout.of(project), quiet=not args.verbose,
                                source_date_epoch=data_epoch(data.dates()), builder=builder)
    except OSError as err:  # a full disk, a file size limit, no access: the old site is kept
        print(f"{write_failure(err, project.root)} {shown}/ er ikke endret. {write_advice(err)}", file=sys.stderr)
        return 1
    except RuntimeError as err:  # the site builder's process stopped (LanguageBuilder.build)
        print(f"{err}\nByggingen feilet. {shown}/ er ikke endret.", file=sys.stderr)
        return 1
    sys.stderr.write(result.stderr)
    if result.returncode != 0:
        print(f"Byggingen feilet. {shown}/ er ikke endret.", file=sys.stderr)
        return 1
    if kommune_filter:
        print(f"Avgrenset bygg: nasjonale sider, forside og fylkessider, og bare kommunesiden for "
              f"{', '.join(sorted(kommune_filter))}. Bare til forhåndsvisning, ikke publiser det.")
    print(f"Ferdig: nettstedet ligger i {shown}/ ({time.perf_counter() - started:.1f} s).")
    return 0


def _shown(project: Project, path: Path) -> str:
    try:
        return path.relative_to(project.root.resolve()).as_posix()
    except ValueError:
        return str(path)


def cmd_schema(project: Project, args: argparse.Namespace) -> int:
    """The JSON Schemas and the generated pages of the editor guide: everything derived from the data model."""
    from forlopsinfo.editor import guide as editorguide

    if args.check:
        stale = schema.stale(project.municipalities) + editorguide.stale(project)
        for p in stale:
            print(f"Utdatert: {p.relative_to(project.root)}. Kjør «forlopsinfo schema».", file=sys.stderr)
        return 1 if stale else 0
    written = schema.write(project.municipalities) + editorguide.write(project)
    for p in written:
        print(f"Skrev {p.relative_to(project.root)}")
    if not written:
        print("Alt er allerede oppdatert.")
    return 0


def cmd_register(project: Project, args: argparse.Namespace) -> int:
    from forlopsinfo.editor.register_run import Options, run

    options = Options(date=args.date, kommuner_file=args.from_file, fylker_file=args.fylker_file,
                      enheter_files=tuple(args.enheter_file or ()), kilde=args.kilde, write=args.write,
                      markdown=args.markdown)
    return run(project.root, options, sys.stdout, sys.stderr)


def cmd_preview(project: Project, args: argparse.Namespace) -> int:
    from forlopsinfo.sitebuilder.preview import serve

    return serve(project, kommune_filter=_kommune_filter(project, args.kommune), port=args.port)


def cmd_lix(project: Project, args: argparse.Namespace) -> int:
    from forlopsinfo.measure.lix import print_report, report

    data = _dataset(project)
    if data is None:
        return 1
    over = print_report(report(data, project), args.max)
    print(f"\nMål: LIX {args.max:g} eller lavere for faste tekster. {over} sidetyper er over.")
    return 1 if over and args.check else 0


def cmd_new(project: Project, args: argparse.Namespace) -> int:
    from forlopsinfo.editor.newfile import NewFileError, create

    try:
        path = create(project, args.kommune, nynorsk=args.nynorsk)
    except NewFileError as err:
        print(err, file=sys.stderr)
        return 1
    rel = path.relative_to(project.root).as_posix()
    if args.nynorsk:
        print(
            f"Skreiv {rel}.\n"
            "Slik går du vidare:\n"
            f"  1. Opne {rel} og byt ut døma med opplysningane til kommunen.\n"
            f"  2. Sjekk fila: .venv/bin/forlopsinfo validate {rel}\n"
            f"  3. Sjå sida: .venv/bin/forlopsinfo preview {path.stem[:4]}\n"
            "  4. Fjern lina «eksempel: true» når alt er ekte og kontrollert, og føreslå endringa (pull request)."
        )
        return 0
    print(
        f"Skrev {rel}.\n"
        "Slik går du videre:\n"
        f"  1. Åpne {rel} og bytt ut eksempelverdiene med kommunens egne opplysninger.\n"
        f"  2. Sjekk filen: .venv/bin/forlopsinfo validate {rel}\n"
        f"  3. Se siden: .venv/bin/forlopsinfo preview {path.stem[:4]}\n"
        "  4. Fjern linjen «eksempel: true» når alt er ekte og kontrollert, og foreslå endringen (pull request)."
    )
    return 0


def _date_arg(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"«{text}» er ikke en dato. Skriv ÅÅÅÅ-MM-DD, for eksempel 2026-11-24.") from None


def cmd_report(project: Project, args: argparse.Namespace) -> int:
    from forlopsinfo.editor.report import format_markdown, format_text, rows

    today = args.today or dt.date.today()
    data = _dataset(project, today=today)
    if data is None:
        return 1
    table = rows(data, today)
    print(format_markdown(table, today) if args.markdown else format_text(table, today), end="")
    return 0


def cmd_changes(project: Project, args: argparse.Namespace) -> int:
    from forlopsinfo.editor.changes import GitError, summarize
    from forlopsinfo.load.problems import inert

    # Every file name, key and value in the summary is made inert for Markdown, and one bad file cannot stop it
    # (editor/changes.py); what is left is git or the disk failing.
    try:
        print(summarize(project.root, args.base), end="")
    except (GitError, OSError) as err:
        print(f"Kunne ikke sammenligne med «{inert(args.base)}»: {inert(err)}", file=sys.stderr)
        return 1
    return 0


def cmd_codeowners(project: Project, args: argparse.Namespace) -> int:
    from forlopsinfo.editor import codeowners

    data = _dataset(project)
    if data is None:
        return 1
    target = codeowners.path(project.root).relative_to(project.root)
    if args.notice:  # a kommune's pull request: the editor cannot run the command, so this is a note, never a failure
        if codeowners.is_stale(project.root, data):
            text = (f"{target} må oppdateres fordi vedlikeholderne i en kommunefil er endret. Du trenger ikke gjøre "
                    "noe: prosjektet oppdaterer filen etter flettingen. Til da godkjenner de gamle eierne.")
            print(f"::notice title=CODEOWNERS::{text}" if os.environ.get("GITHUB_ACTIONS") == "true" else text)
            for line in codeowners.needed_edits(project.root, data):
                print(safe_line(f"  {line}"))
        return 0
    if args.check:
        if codeowners.is_stale(project.root, data):
            print(f"Utdatert: {target}. Vedlikeholderne i en kommunefil er endret. Kjør «forlopsinfo codeowners», "
                  f"eller rett {target} i nettleseren slik (- fjern linjen, + legg til linjen):", file=sys.stderr)
            for line in codeowners.needed_edits(project.root, data):
                print(safe_line(f"  {line}"), file=sys.stderr)
            return 1
        return 0
    print(f"Skrev {target}." if codeowners.write(project.root, data) else f"{target} er allerede oppdatert.")
    return 0


def cmd_rules(project: Project, args: argparse.Namespace) -> int:
    from forlopsinfo.editor.repo_rules import report_from_file

    text, complete = report_from_file(args.from_file, args.branch or project.branch)
    print(text, end="")
    return 0 if complete else 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="forlopsinfo", description="Bygg og sjekk nettstedet forløpsinfo.")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("validate", help="sjekk kommunefilene (alle, eller dem du nevner)")
    p.add_argument("files", nargs="*", help="kommunefiler å sjekke (standard: alle)")
    p.set_defaults(func=cmd_validate)
    p = sub.add_parser("generate", help="lag Markdown-sidene i build/docs")
    p.add_argument("--kommune", action="append",
                   help="bare kommunesiden for denne kommunen (avgrenset bygg, se build); kan gjentas")
    p.set_defaults(func=cmd_generate)
    p = sub.add_parser("build", help="sjekk, generer og bygg hele nettstedet i site/")
    p.add_argument("--verbose", action="store_true", help="vis alt byggeverktøyet skriver")
    p.add_argument("--kommune", metavar="KOMMUNENUMMER", action="append",
                   help="raskt, avgrenset bygg til forhåndsvisning: nasjonale sider og bare denne kommunen")
    p.add_argument("--site-dir", type=Path, help="bygg hit i stedet for site/")
    p.set_defaults(func=cmd_build)
    p = sub.add_parser("schema", help="skriv JSON-skjemaene og feltreferansen og «Vanlige feil» fra datamodellen")
    p.add_argument("--check", action="store_true", help="bare sjekk at de er oppdatert")
    p.set_defaults(func=cmd_schema)
    p = sub.add_parser(
        "register", help="sammenlign registrene med SSBs kommuneliste (KLASS) og Enhetsregisteret",
        description="Sammenligner kommuneregisteret (municipalities/register/kommuner.csv) med SSBs kommune- og "
        "fylkesliste (KLASS), og kommunenes oppføringer (municipalities/register/enhetsregisteret.yaml) med "
        "Enhetsregisteret hos Brønnøysundregistrene (organisasjonsform KOMM). Viser hva som er endret; skriver "
        "bare med --write. Begge delene kjøres, KLASS først. Et valg som hører til bare én del, velger den delen: "
        "--date, --from-file og --fylker-file hører til KLASS, --enheter-file til Enhetsregisteret.")
    p.add_argument("--kilde", choices=["klass", "enhetsregisteret"],
                   help="kjør bare denne delen (standard: begge, eller den delen valgene hører til)")
    p.add_argument("--date", metavar="ÅÅÅÅ-MM-DD", help="KLASS: datoen listene skal gjelde for (standard: i dag)")
    p.add_argument("--from-file", type=Path, metavar="KOMMUNER.json",
                   help="KLASS: lagret svar fra klassifikasjon 131 (kommuner) i stedet for å hente fra SSB")
    p.add_argument("--fylker-file", type=Path, metavar="FYLKER.json",
                   help="KLASS: lagret svar fra klassifikasjon 104 (fylker), sammen med --from-file")
    p.add_argument("--enheter-file", type=Path, action="append", metavar="SIDE.json",
                   help="Enhetsregisteret: lagret svar på GET /enhetsregisteret/api/enheter?organisasjonsform=KOMM, "
                   "én fil per side; gjenta for hver side (alle sidene må være med)")
    p.add_argument("--write", action="store_true",
                   help="skriv kommuner.csv og enhetsregisteret.yaml når noe er endret (uten: bare vis endringene)")
    p.add_argument("--markdown", action="store_true",
                   help="skriv rapporten som Markdown (for pull request og jobboppsummering i CI)")
    p.set_defaults(func=cmd_register)
    p = sub.add_parser("lix", help="lesbarhet (LIX) for de faste tekstene per sidetype og målform")
    p.add_argument("--max", type=float, default=40.0, help="målet (standard 40)")
    p.add_argument("--check", action="store_true", help="avslutt med feil hvis en sidetype er over målet")
    p.set_defaults(func=cmd_lix)
    p = sub.add_parser("preview", help="forhåndsvis med automatisk oppdatering når en fil endres")
    p.add_argument("kommune", nargs="?", metavar="KOMMUNENUMMER",
                   help="bygg bare denne kommunen og de nasjonale sidene (rask, ca. 2 s per endring)")
    p.add_argument("--port", type=int, default=8000)
    p.set_defaults(func=cmd_preview)
    p = sub.add_parser("new", help="lag en ny kommunefil fra malen (overskriver aldri)")
    p.add_argument("kommune", help="kommunenummeret, for eksempel 4601 (eller kommunenavnet)")
    p.add_argument("--nynorsk", action="store_true", help="kommunen har nynorsk som målform: malen på nynorsk (templates/kommune-mal-nn.yaml)")
    p.set_defaults(func=cmd_new)
    p = sub.add_parser("report", help="status per kommune: publisert, sist kontrollert, manglende anbefalte felt")
    p.add_argument("--markdown", action="store_true", help="skriv Markdown (for jobboppsummering i CI)")
    p.add_argument("--today", type=_date_arg, default=None, help="regn alder fra denne datoen (ÅÅÅÅ-MM-DD)")
    p.set_defaults(func=cmd_report)
    p = sub.add_parser("changes", help="hvilke kommunesider en endring påvirker, og hva som er endret (Markdown)")
    p.add_argument("--base", default="origin/main", help="sammenlign med denne grenen eller committen")
    p.set_defaults(func=cmd_changes)
    p = sub.add_parser("codeowners", help="skriv .github/CODEOWNERS fra vedlikeholderne i kommunefilene")
    p.add_argument("--check", action="store_true", help="bare sjekk at filen er oppdatert")
    p.add_argument("--notice", action="store_true",
                   help="bare si fra (som merknad, ikke feil) hvis filen er utdatert; for pull requests fra kommuner")
    p.set_defaults(func=cmd_codeowners)
    p = sub.add_parser("rules", help="sjekk at reglene for grenen (regelsett på GitHub) er slått på (Markdown)")
    p.add_argument("--from-file", type=Path, required=True, metavar="REGLER.json",
                   help="lagret svar fra GitHub: GET /repos/{eier}/{navn}/rules/branches/{gren}")
    p.add_argument("--branch", help="grenen svaret gjelder (standard: branch i pyproject.toml)")
    p.set_defaults(func=cmd_rules)
    args = parser.parse_args(argv)
    project = Project.load(find_root(Path.cwd()))
    return args.func(project, args)


if __name__ == "__main__":
    raise SystemExit(main())
