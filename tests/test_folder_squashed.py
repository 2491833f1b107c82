"""A corpus folder is named as people and scrapers name an outlet: squashed ('lemonde/', 'nytimes/') or as its
domain's first label. Such a folder is the outlet; a folder no outlet squashes to stays as written."""

from __future__ import annotations

import random
from collections import Counter

from searchnews.extract.outlet_table import load_outlets
from searchnews.extract.outlets import folder_outlet
from searchnews.extract.site_identity import squash


def test_every_unambiguous_domain_label_folder_names_its_outlet():
    table = load_outlets()
    labels = [(domain.partition(".")[0], outlet) for domain, outlet in table.by_domain.items()]
    shared = Counter(squash(label) for label, _ in labels)
    names = {squash(name): outlet for name, outlet in table.by_name.items()}
    checked = 0
    for label, outlet in labels:
        key = squash(label)
        if len(key) < 4 or shared[key] > 1 or names.get(key, outlet) != outlet:
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
