"""`forlopsinfo register`: which parts run (SSB's KLASS, then Enhetsregisteret), and the report as text or Markdown.

Both parts run by default. An option that belongs to one part only selects that part when `--kilde` is not given:
`--date`, `--from-file` and `--fylker-file` belong to KLASS (editor/register_update.py), `--enheter-file` to
Enhetsregisteret (editor/enhetsregisteret.py). KLASS runs first, so with `--write` a new kommune register is what the
enheter are matched against. One part failing does not stop the other; the exit code is the worst of the two.

With `markdown=True` the report is Markdown for a pull request or a job summary: every line from the parts goes
through `editor.changes.md_text` (invisible characters visible, Markdown and HTML syntax escaped); error messages
go to stderr as usual and into the Markdown too, so the pull request says what failed.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

KLASS = "klass"
ENHETSREGISTERET = "enhetsregisteret"
PARTS = (KLASS, ENHETSREGISTERET)
TITLES = {KLASS: "Kommuneregisteret (SSB, KLASS)", ENHETSREGISTERET: "Enhetsregisteret (Brønnøysundregistrene)"}
HEADING = "## Oppdatering av registrene"


@dataclass(frozen=True)
class Options:
    date: str | None = None
    kommuner_file: Path | None = None
    fylker_file: Path | None = None
    enheter_files: tuple[Path, ...] = ()
    kilde: str | None = None
    write: bool = False
    markdown: bool = False


def select(options: Options) -> list[str] | str:
    """The parts to run, or a Norwegian message when the options contradict each other."""
    klass_options = options.date is not None or options.kommuner_file is not None or options.fylker_file is not None
    if options.kilde == KLASS and options.enheter_files:
        return "--enheter-file hører til Enhetsregisteret, men --kilde klass kjører bare KLASS-delen."
    if options.kilde == ENHETSREGISTERET and klass_options:
        return ("--date, --from-file og --fylker-file hører til KLASS, men --kilde enhetsregisteret kjører bare "
                "Enhetsregisteret-delen.")
    if options.kilde:
        return [options.kilde]
    if klass_options and not options.enheter_files:
        return [KLASS]
    if options.enheter_files and not klass_options:
        return [ENHETSREGISTERET]
    return list(PARTS)


def _run_part(part: str, root: Path, options: Options, out, err) -> int:
    if part == KLASS:
        from forlopsinfo.editor import register_update

        return register_update.run(root, options.date, options.kommuner_file, options.fylker_file, options.write,
                                   out, err)
    from forlopsinfo.editor import enhetsregisteret

    return enhetsregisteret.run(root, list(options.enheter_files) or None, options.write, out, err)


def markdown(sections: list[tuple[str, str, str]]) -> str:
    """(part, its report, its error messages) -> one Markdown document."""
    from forlopsinfo.editor.changes import md_text

    lines = [HEADING, ""]
    for part, text, errors in sections:
        lines += [f"### {TITLES[part]}", ""]
        for line in errors.splitlines():
            if line.strip():
                lines += [f"**Feil:** {md_text(line.strip())}", ""]
        for line in text.splitlines():
            if not line.strip():
                continue
            if line.startswith("  - "):
                lines.append(f"- {md_text(line[4:])}")
            else:
                if lines[-1] != "":
                    lines.append("")
                lines += [md_text(line), ""]
        if lines[-1] != "":
            lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


def run(root: Path, options: Options, out, err) -> int:
    parts = select(options)
    if isinstance(parts, str):
        print(parts, file=err)
        return 2
    codes: list[int] = []
    sections: list[tuple[str, str, str]] = []
    for i, part in enumerate(parts):
        if options.markdown:
            part_out, part_err = io.StringIO(), io.StringIO()
            codes.append(_run_part(part, root, options, part_out, part_err))
            err.write(part_err.getvalue())
            sections.append((part, part_out.getvalue(), part_err.getvalue()))
        else:
            if i:
                print(file=out)
            codes.append(_run_part(part, root, options, out, err))
    if options.markdown:
        out.write(markdown(sections))
    return max(codes)
