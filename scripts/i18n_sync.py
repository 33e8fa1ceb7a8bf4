"""make i18n: export each addon's .pot from a database with the suite installed,
then bring vi.po and th.po in line with it, keeping every translation already made
in any addon of the suite (terms that move from one addon to another keep theirs).

    python scripts/i18n_sync.py --config .run/odoo.conf --database DB

Prints the terms left untranslated, per file: translate them by hand.
"""

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
ADDONS = ("crm_idic", "crm_care", "crm_qci", "crm_reports")
LANGS = ("vi", "th")


def export_pot(config, database, addon, target):
    subprocess.run(
        [
            sys.executable,
            "-m",
            "odoo",
            "i18n",
            "export",
            "-c",
            config,
            "-d",
            database,
            addon,
            "-o",
            str(target),
        ],
        check=True,
        capture_output=True,
    )


def msgid_of(entry):
    return entry.msgid


def known_translations(lang):
    """Every msgid -> msgstr of the suite's files of ``lang``."""
    known = {}
    for addon in ADDONS:
        path = ROOT / addon / "i18n" / f"{lang}.po"
        if path.exists():
            for entry in polib.pofile(str(path)):
                if entry.msgstr:
                    known.setdefault(entry.msgid, entry.msgstr)
    return known


def sync(pot_path, po_path, known):
    po = polib.pofile(str(po_path)) if po_path.exists() else polib.POFile()
    po.merge(polib.pofile(str(pot_path)))
    missing = []
    for entry in po:
        if entry.obsolete:
            continue
        if not entry.msgstr and entry.msgid in known:
            entry.msgstr = known[entry.msgid]
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
        if not entry.msgstr:
            missing.append(entry.msgid)
    # The layout the OCA checks expect: sorted by msgid, no msgstr equal to msgid.
    po[:] = sorted((entry for entry in po if not entry.obsolete), key=msgid_of)
    for entry in po:
        if entry.msgstr == entry.msgid:
            entry.msgstr = ""
    po_path.write_text(str(po), encoding="utf-8")
    return missing


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--config", required=True)
    parser.add_argument("--database", required=True)
    args = parser.parse_args()
    known = {lang: known_translations(lang) for lang in LANGS}
    with tempfile.TemporaryDirectory() as tmp:
        for addon in ADDONS:
            exported = Path(tmp) / f"{addon}.pot"
            export_pot(args.config, args.database, addon, exported)
            pot = ROOT / addon / "i18n" / f"{addon}.pot"
            exported_pot = polib.pofile(str(exported))
            exported_pot.sort(key=msgid_of)
            pot.write_text(str(exported_pot), encoding="utf-8")
            for lang in LANGS:
                po_path = ROOT / addon / "i18n" / f"{lang}.po"
                for msgid in sync(pot, po_path, known[lang]):
                    print(f"{po_path.relative_to(ROOT)}: untranslated {msgid!r}")


if __name__ == "__main__":
    main()
