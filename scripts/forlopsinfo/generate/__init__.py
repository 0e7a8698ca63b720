"""Stage 3, generate: validated data -> every file of build/ in plain Python: Markdown pages (pages.py, rendered by
render.py from templates/), open data and JSON-LD (opendata/), the embeddable snippets (snippet.py) and a
search index per language (searchindex.py). writer.generate() writes what changed. Knows nothing of MkDocs."""
