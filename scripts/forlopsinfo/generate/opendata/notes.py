"""The sentence that marks example data in machine-readable outputs (JSON-LD, HSDS)."""

EXAMPLE_NOTE = {
    "nb": "EKSEMPEL: oppdiktede opplysninger, ikke ekte kontaktinformasjon.",
    "nn": "DØME: oppdikta opplysningar, ikkje ekte kontaktinformasjon.",
}
