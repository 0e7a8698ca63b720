"""forløpsinfo: one YAML file per kommune in, a bilingual static site out.

The pipeline, one subpackage per stage, in the order a build runs them:

    load/         1. read the files strictly: YAML 1.2 values, positions for messages, the kommune register
    validate/     2. the data model and every check, across files too; all problems collected, then one failure
    generate/     3. validated data -> Markdown pages, open data, snippets and search entries in build/ (plain Python)
    sitebuilder/  4. build/ -> site/ with MkDocs, Material and mkdocs-static-i18n: the only package that knows them
    (tests/check/ 5. check the built site: links, anchors, HTML, CSP, accessibility; `make check-site`)

Around it: layout.py owns every URL and the language list, project.py the paths of a checkout, cli.py the commands,
editor/ the tools for kommune editors, and measure/ the benchmark and readability figures. HACKING.md has the map.
"""
