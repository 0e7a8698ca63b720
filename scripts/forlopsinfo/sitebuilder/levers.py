"""The speed levers of the site builder, and the one switch that turns off every lever that could change the output.

Each lever makes the build faster and must give exactly the bytes the plain build gives:

* languages built in parallel, one process each, merged into what one serial mkdocs-static-i18n build writes
  (build.py);
* inline Markdown syntax the generated kommune and fylke pages never contain is skipped on them (mdtrim.py);
* text marked <!-- felles --> is converted to HTML once per folder and reused (sharedhtml.py);
* the theme's navigation, search, footer and script settings are rendered once per folder of kommune pages
  (themeparts.py);
* the builder is loaded while the data is checked, and forked per language (build.LanguageBuilder).

FORLOPSINFO_PLAIN_BUILD=1 turns all of them off: the plain MkDocs + mkdocs-static-i18n build, one language after
the other. tests/sitebuilder/test_build.py builds the site both ways and requires the same bytes (404.html aside),
and `make bench` measures the two.
"""

from __future__ import annotations

import os

SWITCH = "FORLOPSINFO_PLAIN_BUILD"


def plain() -> bool:
    """True when every lever is off."""
    return os.environ.get(SWITCH) == "1"
