"""Synthetic national data set for measurements: one kommune file for every kommune in the register, shaped like
the richest example file, marked `eksempel: true` and written into a scratch copy of the project. Never shipped."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

from .register import Register

MODEL_FILE = "3305-ringerike.yaml"


def write_synthetic(municipalities: Path, *, count: int | None = None) -> list[Path]:
    register = Register.load(municipalities / "register" / "kommuner.csv")
    model = (municipalities / MODEL_FILE).read_text("utf-8")
    written = []
    for i, kommune in enumerate(register.kommuner[:count]):
        text = model.replace('kommunenummer: "3305"', f'kommunenummer: "{kommune.number}"')
        text = text.replace("ringerike", re.sub(r"^\d+-", "", kommune.slug))
        text = text.replace("# EKSEMPEL:", "# SYNTETISK MÅLEDATA, ALDRI PUBLISER:", 1)
        # Distinct phone numbers per kommune, so no cache can make validation look faster than it is.
        text = re.sub(r'"32 00 00 0(\d)"', lambda m: f'"32 {m.group(1)}{i // 100} {i % 100:02d} 01"', text)
        if i % 3 == 0:  # about a third nynorsk, as in the real country
            text = text.replace("målform: bokmål", "målform: nynorsk")
        path = municipalities / f"{kommune.slug}.yaml"
        path.write_text(text, "utf-8")
        written.append(path)
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description="Skriv syntetiske kommunefiler (bare for målinger).")
    parser.add_argument("municipalities", type=Path, help="municipalities/-mappen i en KOPI av prosjektet")
    parser.add_argument("--count", type=int, default=None)
    args = parser.parse_args()
    print(f"{len(write_synthetic(args.municipalities, count=args.count))} filer skrevet")


if __name__ == "__main__":
    main()
