"""Synthetic national data set for measurements: one kommune file for every kommune in the register, shaped like
the richest example file, marked `eksempel: true` and written into a scratch copy of the project. Never shipped.

With `mix=True` every third file keeps only the required fields (like the Ørsta example), so page sizes vary as
they will when real kommuner fill in their files; the others are as rich as the Ringerike example."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

from forlopsinfo.load.register import Register
from forlopsinfo.layout import register_path

MODEL_FILE = "3305-ringerike.yaml"


def write_synthetic(
    municipalities: Path, *, count: int | None = None, mix: bool = False, replace: bool = False, spread: bool = False
) -> list[Path]:
    """Write `count` (default: all) synthetic kommune files: the first `count` kommuner of the register, or with
    `spread` kommuner spread over the whole register (every fylke).
    `replace`: first remove the kommune files already there, so exactly `count` kommuner have a file."""
    register = Register.load(register_path(municipalities))
    model = (municipalities / MODEL_FILE).read_text("utf-8")
    if replace:
        for path in municipalities.glob("[0-9][0-9][0-9][0-9]-*.yaml"):
            path.unlink()
    kommuner = register.kommuner
    if count is not None and spread and count < len(kommuner):
        kommuner = tuple(kommuner[j * len(kommuner) // count] for j in range(count))
    elif count is not None:
        kommuner = kommuner[:count]
    written = []
    for i, kommune in enumerate(kommuner):
        text = model.replace('kommunenummer: "3305"', f'kommunenummer: "{kommune.number}"')
        text = text.replace("ringerike", re.sub(r"^\d+-", "", kommune.slug))
        text = text.replace("# EKSEMPEL:", "# SYNTETISK MÅLEDATA, ALDRI PUBLISER:", 1)
        # Distinct phone numbers per kommune, so no cache can make validation look faster than it is.
        text = re.sub(r'"32 00 00 0(\d)"', lambda m: f'"32 {m.group(1)}{i // 100} {i % 100:02d} 01"', text)
        if i % 3 == 0:  # about a third nynorsk, as in the real country
            text = text.replace("målform: bokmål", "målform: nynorsk")
        if mix and i % 3 == 1:  # only the required fields: cut before the first optional section
            text = text[: text.index("\nforløpskoordinering:") + 1]
        path = municipalities / f"{kommune.slug}.yaml"
        path.write_text(text, "utf-8")
        written.append(path)
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description="Skriv syntetiske kommunefiler (bare for målinger).")
    parser.add_argument("municipalities", type=Path, help="municipalities/-mappen i en KOPI av prosjektet")
    parser.add_argument("--count", type=int, default=None)
    parser.add_argument("--mix", action="store_true", help="hver tredje fil med bare de påkrevde feltene")
    parser.add_argument("--replace", action="store_true", help="fjern kommunefilene som ligger der fra før")
    parser.add_argument("--spread", action="store_true", help="kommuner fra hele registeret, ikke de første")
    args = parser.parse_args()
    written = write_synthetic(args.municipalities, count=args.count, mix=args.mix, replace=args.replace,
                              spread=args.spread)
    print(f"{len(written)} filer skrevet")


if __name__ == "__main__":
    main()
