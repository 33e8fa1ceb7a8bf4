"""Every user-facing term is in its .pot, translated in vi.po and th.po."""

import re
import tempfile
import unittest
from pathlib import Path

import polib

from odoo.tests import tagged
from odoo.tools import config

from .suite import ROOT, SUITE_ADDONS, odoo_conf, run_odoo

LANGS = ("vi", "th")
# Both languages translate every term of the suite.
COMPLETE = ("vi", "th")
# Names written the same in every language (po linters drop msgstr equal to msgid).
SAME_EVERYWHERE = {
    "Email",
    "Email cc",
    "SMS",
    "IDIC",
    "Lead",
    "QCI",
    "%(start)s-%(end)s",
    "1-%(days)s",
    "Excel",
    "PDF",
    "DSO",
    "'QCI - %s' % object.name",
    "RFM",
    "ARR",
    "SLA",
    "SLA %(status)s: %(ticket)s",
    "%(action)s: %(document)s.",
    '<option value="">—</option>',
    # The parameters of the future-value models, named as in the literature.
    "s",
    "β (beta)",
    "p",
    "q",
    "r",
    "α (alpha)",
    "γ (gamma)",
}
PLACEHOLDER = re.compile(r"%\(\w+\)s|%s|%d|\{\w*\}")


def _msgids(path):
    return {entry.msgid for entry in polib.pofile(str(path)) if entry.msgid}


@tagged("post_install", "-at_install", "crm_suite")
class TestTranslations(unittest.TestCase):
    def test_pot_files_hold_every_term_of_the_code(self):
        for addon in SUITE_ADDONS:
            with self.subTest(addon=addon), tempfile.TemporaryDirectory() as tmp:
                exported = Path(tmp) / f"{addon}.pot"
                code, log = run_odoo(
                    "i18n",
                    "export",
                    "-c",
                    odoo_conf(),
                    "-d",
                    config["db_name"][0],
                    addon,
                    "-o",
                    str(exported),
                )
                self.assertEqual(code, 0, log[-2000:])
                committed = ROOT / addon / "i18n" / f"{addon}.pot"
                expected = _msgids(exported) if exported.exists() else set()
                self.assertEqual(
                    _msgids(committed),
                    expected,
                    f"{committed} is stale: export it again "
                    "(odoo i18n export -d <db> " + addon + ")",
                )

    def test_vietnamese_and_thai_translate_every_term(self):
        for addon in SUITE_ADDONS:
            pot_terms = _msgids(ROOT / addon / "i18n" / f"{addon}.pot")
            for lang in LANGS:
                with self.subTest(addon=addon, lang=lang):
                    po = polib.pofile(str(ROOT / addon / "i18n" / f"{lang}.po"))
                    self.assertEqual({e.msgid for e in po if e.msgid}, pot_terms)
                    for entry in po:
                        if not entry.msgid:
                            continue
                        if lang in COMPLETE and entry.msgid not in SAME_EVERYWHERE:
                            self.assertTrue(
                                entry.msgstr, f"{lang}: untranslated {entry.msgid!r}"
                            )
                        if not entry.msgstr:
                            continue
                        self.assertEqual(
                            sorted(PLACEHOLDER.findall(entry.msgid)),
                            sorted(PLACEHOLDER.findall(entry.msgstr)),
                            f"{lang}: placeholders differ in {entry.msgid!r}",
                        )
