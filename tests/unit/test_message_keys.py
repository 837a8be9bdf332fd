"""The UI strings (web/messages/): every key the templates and the code ask for exists, in Chinese and English,
with the same placeholders in both; the areas do not define a key twice (a later area would silently win)."""

import re
import string
from collections import Counter
from pathlib import Path

import pytest

from web.messages import AREAS, MESSAGES

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = sorted((ROOT / "web" / "templates").rglob("*.html"))
CODE = sorted(path for package in ("web", "cli") for path in (ROOT / package).rglob("*.py"))
KEY = r"[a-z_]+(?:\.[A-Za-z0-9_]+)+"
# {{ t('case.use') }} and {{ t("x.y", n=1) }} in templates; translate("flash.approved", ...) in code
TEMPLATE_CALL = re.compile(rf"""\bt\(\s*['"]({KEY})['"]\s*[,)]""")
CODE_CALL = re.compile(rf"""\btranslate\(\s*['"]({KEY})['"]\s*[,)]""")
# keys a template hands to t() through a variable: ('owner_name', 'search.owner_name', 100) in a loop
TEMPLATE_KEY_LITERAL = re.compile(r"""['"]((?:search)\.[a-z_]+)['"]""")
# {{ value|label('state') }} looks up 'state.<value>', {{ t('mkind.' ~ kind) }} a key starting 'mkind.' and
# translate(f"claims.relief_{claimed}") one starting 'claims.relief_': at least one such key must exist
LABEL_KIND = re.compile(r"""\|label\(\s*['"]([a-z_]+)['"]""")
TEMPLATE_PREFIX = re.compile(r"""\bt\(\s*['"]([a-z_][a-z_.]*)['"]\s*~""")
CODE_PREFIX = re.compile(r"""\btranslate\(\s*f['"]([a-z_][a-z_.]*)\{""")


def keys_used(paths: list[Path], *patterns: re.Pattern) -> dict[str, set[str]]:
    used: dict[str, set[str]] = {}
    for path in paths:
        text = path.read_text(encoding="utf-8")
        for pattern in patterns:
            for key in pattern.findall(text):
                used.setdefault(key, set()).add(str(path.relative_to(ROOT)))
    return used


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def test_the_scan_finds_the_keys_templates_and_code_use():
    """Guards the patterns themselves: a pattern that matches nothing would make the tests below pass vacuously."""
    assert len(keys_used(TEMPLATES, TEMPLATE_CALL)) > 300
    assert len(keys_used(CODE, CODE_CALL)) >= 25
    assert {"search.owner_name", "case.use"} <= set(keys_used(TEMPLATES, TEMPLATE_CALL, TEMPLATE_KEY_LITERAL))


def test_every_key_the_templates_use_exists():
    missing = {key: where for key, where in keys_used(TEMPLATES, TEMPLATE_CALL, TEMPLATE_KEY_LITERAL).items()
               if key not in MESSAGES}
    assert missing == {}


def test_every_key_the_code_uses_exists():
    missing = {key: where for key, where in keys_used(CODE, CODE_CALL).items() if key not in MESSAGES}
    assert missing == {}


def test_every_label_kind_and_key_prefix_the_templates_and_code_use_has_wording():
    kinds = set(keys_used(TEMPLATES, LABEL_KIND))
    assert kinds - {key.split(".")[0] for key in MESSAGES} == set()
    prefixes = set(keys_used(TEMPLATES, TEMPLATE_PREFIX)) | set(keys_used(CODE, CODE_PREFIX))
    assert {"mkind.", "claims.kind.", "claims.relief_"} <= prefixes
    assert {prefix for prefix in prefixes if not any(key.startswith(prefix) for key in MESSAGES)} == set()


@pytest.mark.parametrize("language", ["zh", "en"])
def test_every_message_has_a_non_empty_text_in_each_language(language):
    assert [key for key, entry in MESSAGES.items() if not entry.get(language, "").strip()] == []


def test_chinese_and_english_have_the_same_keys():
    zh = {key for key, entry in MESSAGES.items() if "zh" in entry}
    en = {key for key, entry in MESSAGES.items() if "en" in entry}
    assert zh ^ en == set()
    assert {language for entry in MESSAGES.values() for language in entry} == {"zh", "en"}


def test_chinese_and_english_fill_in_the_same_placeholders():
    def both(entry: dict[str, str]) -> tuple[set[str], set[str]]:
        return placeholders(entry.get("zh", "")), placeholders(entry.get("en", ""))

    assert {key: both(entry) for key, entry in MESSAGES.items() if len(set(map(frozenset, both(entry)))) > 1} == {}


def test_no_key_is_defined_in_two_areas():
    counts = Counter(key for area in AREAS.values() for key in area)
    assert [key for key, n in counts.items() if n > 1] == []
    assert len(MESSAGES) == sum(len(area) for area in AREAS.values())


@pytest.mark.parametrize("path", sorted((ROOT / "web" / "messages").glob("*.py")), ids=lambda p: p.name)
def test_each_area_module_stays_small(path):
    assert len(path.read_text(encoding="utf-8").splitlines()) < 300


def test_every_message_the_inboxes_record_can_be_worded():
    recorded = set(re.findall(r"""['"](inbox\.[a-z_]+)['"]""", (ROOT / "projections" / "inbox.py").read_text()))
    assert len(recorded) > 10
    assert recorded - set(MESSAGES) == set()
