"""A corpus folder is named as people and scrapers name an outlet: squashed ('lemonde/', 'nytimes/') or as its
domain's first label. Such a folder is the outlet; a folder no outlet squashes to stays as written."""

from __future__ import annotations

import random
from collections import Counter

from searchnews.extract.outlet_table import load_outlets
from searchnews.extract.outlets import GENERIC_FOLDERS, folder_outlet
from searchnews.extract.site_identity import site_label, squash


def test_every_unambiguous_domain_label_folder_names_its_outlet():
    table = load_outlets()
    labels = [(label, outlet) for domain, outlet in table.by_domain.items() if (label := site_label(domain))]
    shared = Counter(squash(label) for label, _ in labels)
    names = {squash(name): outlet for name, outlet in table.by_name.items()}
    checked = 0
    for label, outlet in labels:
        key = squash(label)
        if len(key) < 4 or shared[key] > 1 or names.get(key, outlet) != outlet or label in GENERIC_FOLDERS:
            continue  # too short to be a name, or two outlets share it
        assert folder_outlet(f"{label}/2025-06-11-story.txt") == outlet, label
        checked += 1
    assert checked > 100


def test_le_monde_folder_and_unknown_folders():
    assert folder_outlet("lemonde/article.html") == "Le Monde"
    rng = random.Random(7)
    for _ in range(50):
        name = "".join(rng.choice("bcdfghjklmnpqrstvwxz") for _ in range(9))  # no outlet is called this
        assert folder_outlet(f"{name}/a.txt") == name


def test_a_hosts_first_label_is_no_outlet_folder():
    """'asia/', 'english/', 'money/' are sections (asia.nikkei.com, english.cw.com.tw, money.163.com)."""
    table = load_outlets()
    names = {squash(name) for name in table.by_name}
    for domain in table.by_domain:
        first = domain.partition(".")[0]
        if (first != site_label(domain) and len(first) >= 4 and squash(first) not in names
                and first not in GENERIC_FOLDERS):
            assert folder_outlet(f"{first}/a.txt") == first, domain
