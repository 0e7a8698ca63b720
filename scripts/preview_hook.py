"""MkDocs hook used only by `forlopsinfo preview`: re-run the generator (as a subprocess, so edits to the
generator's own code are picked up too) before each rebuild. In normal builds it does nothing."""

import os
import subprocess
import sys


def on_pre_build(config, **kwargs):
    if os.environ.get("FORLOPSINFO_PREVIEW") != "1":
        return
    if config.theme["language"] != "nb":  # mkdocs-static-i18n runs a nested build per extra language
        return
    result = subprocess.run([sys.executable, "-m", "forlopsinfo.cli", "generate"], capture_output=True, text=True)
    sys.stderr.write(result.stdout + result.stderr)
