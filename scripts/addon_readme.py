"""Write each addon's README.rst from its manifest and readme/ fragments.

Usage: python scripts/addon_readme.py [--check]
With --check, exit 1 when a README.rst is not what the fragments make.
"""

import ast
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ADDONS = ("crm_idic", "crm_care", "crm_qci", "crm_reports")
SECTIONS = (
    ("DESCRIPTION.md", None),
    ("CONFIGURE.md", "Configuration"),
    ("USAGE.md", "Usage"),
)


def _rst(markdown):
    # The fragments use the markdown both languages share; inline code differs.
    return re.sub(r"(?<!`)`([^`]+)`(?!`)", r"``\1``", markdown).strip()


def render(addon):
    manifest = ast.literal_eval((ROOT / addon / "__manifest__.py").read_text())
    title = manifest["name"]
    parts = [
        "=" * len(title),
        title,
        "=" * len(title),
        "",
        f"*{manifest['summary']}*",
        "",
        f"``{addon}`` {manifest['version']} — {manifest['license']} — "
        f"depends on {', '.join(f'``{dep}``' for dep in manifest['depends'])}.",
        "",
    ]
    for filename, heading in SECTIONS:
        fragment = ROOT / addon / "readme" / filename
        if not fragment.exists():
            continue
        if heading:
            parts += [heading, "=" * len(heading), ""]
        parts += [_rst(fragment.read_text()), ""]
    return "\n".join(parts)


def main():
    check = "--check" in sys.argv
    stale = []
    for addon in ADDONS:
        target = ROOT / addon / "README.rst"
        text = render(addon)
        if check:
            if not target.exists() or target.read_text() != text:
                stale.append(addon)
        else:
            target.write_text(text)
    if stale:
        sys.stderr.write(
            f"README.rst out of date in {', '.join(stale)}: run make readme\n"
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
