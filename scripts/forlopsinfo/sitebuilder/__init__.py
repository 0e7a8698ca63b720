"""Stage 4, the site builder: build/ -> site/ with MkDocs, Material for MkDocs and mkdocs-static-i18n.

The only package that imports them (tests/check/test_boundaries.py fails otherwise). Replacing the site builder
means replacing this folder: what it must accept from the generator is written down in HACKING.md.
"""
