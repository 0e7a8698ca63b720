"""Stage 2, validate: the data model (one definition; the editors' JSON Schemas and field reference come from it),
the field types checked with the libraries made for them, Norwegian messages with a fix, and the checks that span
files (register, shared services, invented contact details). load_dataset() collects every problem first."""
