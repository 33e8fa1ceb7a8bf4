"""Write each addon's README.rst and Apps page (static/description/index.html) from
its manifest, its readme/ fragments and its screenshots.

Usage: python scripts/addon_readme.py [--check]
With --check, exit 1 when a README.rst or index.html is not what they make.
"""

import ast
import html
import re
import sys
from pathlib import Path

from docutils.core import publish_parts

ROOT = Path(__file__).resolve().parent.parent
ADDONS = ("crm_idic", "crm_care", "crm_qci", "crm_reports")
SECTIONS = (
    ("DESCRIPTION.md", None),
    ("CONFIGURE.md", "Configuration"),
    ("USAGE.md", "Usage"),
)


# Screenshots of each Apps page, taken by scripts/screenshots.py in English and
# Vietnamese: static/description/<name>_en.png and <name>_vi.png.
SCREENSHOTS = {
    "crm_idic": [
        ("idic_tab", "The IDIC tab of a customer: score, tier and their parts"),
        ("idic_profiles", "IDIC profiles of every customer"),
    ],
    "crm_care": [
        ("care_tickets", "Care tickets by stage, with their SLA"),
        ("contracts", "Contracts and their state"),
    ],
    "crm_qci": [
        ("qci_targets", "Targets against actuals"),
        ("qci_daily_reports", "Daily work reports"),
    ],
    "crm_reports": [
        ("dashboard", "The dashboard, for a sales manager"),
        ("aging", "Aged receivables as of a date"),
    ],
}
LANGUAGES = (("en", "English"), ("vi", "Tiếng Việt"))


def _rst(markdown):
    # The fragments use the markdown both languages share; inline code and
    # tables differ.
    text = re.sub(r"(?<!`)`([^`]+)`(?!`)", r"``\1``", markdown)
    return _rst_tables(text).strip()


def _table_cells(line):
    return [cell.strip() for cell in line.strip().strip("|").split("|")]


def _rst_tables(text):
    """A markdown pipe table (header, ``|---|`` rule, rows) becomes a
    ``list-table`` at the same indentation."""
    lines = text.split("\n")
    out = []
    index = 0
    while index < len(lines):
        line = lines[index]
        rule = lines[index + 1] if index + 1 < len(lines) else ""
        if line.lstrip().startswith("|") and re.fullmatch(r"\s*\|[-:| ]+\|\s*", rule):
            indent = line[: len(line) - len(line.lstrip())]
            rows = [_table_cells(line)]
            index += 2
            while index < len(lines) and lines[index].lstrip().startswith("|"):
                rows.append(_table_cells(lines[index]))
                index += 1
            out += [f"{indent}.. list-table::", f"{indent}   :header-rows: 1", ""]
            for row in rows:
                out += [
                    f"{indent}   {'*' if col == 0 else ' '} - {cell}"
                    for col, cell in enumerate(row)
                ]
            continue
        out.append(line)
        index += 1
    return "\n".join(out)


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


def render_index(addon, readme):
    """The Apps page: the README as HTML, then the screenshots in both languages."""
    manifest = ast.literal_eval((ROOT / addon / "__manifest__.py").read_text())
    body = publish_parts(
        readme,
        writer_name="html5",
        # A markup error stops here rather than garble the Apps page.
        settings_overrides={"report_level": 5, "halt_level": 2, "doctitle_xform": True},
    )["body"]
    shots = []
    folder = ROOT / addon / "static" / "description"
    for name, caption in SCREENSHOTS[addon]:
        figures = [
            f'<figure style="flex: 1; margin: 0 8px;">'
            f'<img src="{name}_{code}.png" alt="{html.escape(caption)} ({label})" '
            f'style="width: 100%; border: 1px solid #ddd;"/>'
            f"<figcaption>{label}</figcaption></figure>"
            for code, label in LANGUAGES
            if (folder / f"{name}_{code}.png").exists()
        ]
        if figures:
            shots.append(
                f"<h3>{html.escape(caption)}</h3>\n"
                f'<div style="display: flex;">{"".join(figures)}</div>'
            )
    return "\n".join(
        [
            '<section class="oe_container">',
            '<div class="oe_row oe_spaced">',
            f'<h2 class="oe_slogan">{html.escape(manifest["name"])}</h2>',
            body.strip(),
            "</div>",
            "</section>",
            '<section class="oe_container">',
            '<div class="oe_row oe_spaced">',
            "<h2>Screenshots</h2>",
            *shots,
            "</div>",
            "</section>",
            "",
        ]
    )


def main():
    check = "--check" in sys.argv
    stale = []
    for addon in ADDONS:
        readme = render(addon)
        targets = {
            ROOT / addon / "README.rst": readme,
            ROOT / addon / "static" / "description" / "index.html": render_index(
                addon, readme
            ),
        }
        for target, text in targets.items():
            if check:
                if not target.exists() or target.read_text() != text:
                    stale.append(str(target.relative_to(ROOT)))
            else:
                target.write_text(text)
    if stale:
        sys.stderr.write(f"Out of date: {', '.join(stale)}: run make readme\n")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
