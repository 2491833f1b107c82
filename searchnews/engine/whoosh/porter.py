"""The Porter stemmer as Martin Porter's reference implementation stems (issue 14).

Whoosh's whoosh.lang.porter is a port of Porter's JavaScript version with three slips: step 1b tests
"ends in a double consonant" and "ends in at/bl/iz" with re.match (anchored at the word's start), so
'shipping' -> 'shipp' (not 'ship': never the same term as 'ships') and 'operating' -> 'operat' (not
'oper', as 'operate' and 'operation'); and its measure patterns leave out 'y' ('payable', 'physical'
keep their suffix). Over the 55,882 words of ../shared/data, 1,684 (1.0 % of tokens) stemmed
otherwise than SQLite FTS5's porter tokenizer (Porter's C code) and 1,683 otherwise than OpenSearch's
porter_stem (Lucene's PorterStemmer, our OpenSearch mapping); this module agrees with FTS5 on every
word and with OpenSearch on all but 'eed'.

It keeps Porter's two published departures from the 1980 paper ('bli' -> 'ble', 'logi' -> 'log'),
as FTS5 and Lucene do; Snowball's 'porter' (PyStemmer) follows the paper and differs on 80 words
('technology'). Pure Python, no Whoosh import: the index schema pickles a reference to `stem`.
"""

from __future__ import annotations

import re

_STEP2 = {
    "ational": "ate", "tional": "tion", "enci": "ence", "anci": "ance", "izer": "ize", "bli": "ble",
    "alli": "al", "entli": "ent", "eli": "e", "ousli": "ous", "ization": "ize", "ation": "ate",
    "ator": "ate", "alism": "al", "iveness": "ive", "fulness": "ful", "ousness": "ous", "aliti": "al",
    "iviti": "ive", "biliti": "ble", "logi": "log",
}
_STEP3 = {"icate": "ic", "ative": "", "alize": "al", "iciti": "ic", "ical": "ic", "ful": "", "ness": ""}

# Porter's definitions: a consonant is not a vowel, and 'y' after a consonant is a vowel
# (the word's first 'y' is written 'Y' while stemming, so it always counts as a consonant).
_C = "[^aeiou][^aeiouy]*"  # a consonant sequence
_V = "[aeiouy][aeiou]*"  # a vowel sequence
_M_GT_0 = re.compile(f"^({_C})?{_V}{_C}")
_M_EQ_1 = re.compile(f"^({_C})?{_V}{_C}({_V})?$")
_M_GT_1 = re.compile(f"^({_C})?{_V}{_C}{_V}{_C}")
_HAS_VOWEL = re.compile(f"^({_C})?[aeiouy]")
_CVC = re.compile(f"^{_C}[aeiouy][^aeiouwxy]$")  # *o: consonant-vowel-consonant, the last not w, x or y

_ES = re.compile("^(.+?)(ss|i)es$")
_S = re.compile("^(.+?)([^s])s$")
_EED = re.compile("^(.+?)eed$")
_ED_ING = re.compile("^(.+?)(ed|ing)$")
_AT_BL_IZ = re.compile("(at|bl|iz)$")
_DOUBLE = re.compile(r"([^aeiouylsz])\1$")  # a double consonant other than ll, ss, zz
_Y = re.compile("^(.+?)y$")
_STEP2_SUFFIX = re.compile("^(.+?)(" + "|".join(_STEP2) + ")$")
_STEP3_SUFFIX = re.compile("^(.+?)(" + "|".join(_STEP3) + ")$")
_STEP4_SUFFIX = re.compile("^(.+?)(al|ance|ence|er|ic|able|ible|ant|ement|ment|ent|ou|ism|ate|iti|ous|ive|ize)$")
_STEP4_ION = re.compile("^(.+?)([st])ion$")
_E = re.compile("^(.+?)e$")


def stem(word: str) -> str:
    """`word` (lower-case) without its English suffixes: 'shipping', 'ships' and 'shipped' -> 'ship'."""
    if len(word) < 3:
        return word
    first_is_y = word[0] == "y"
    w = "Y" + word[1:] if first_is_y else word

    # Step 1a: plurals
    if (m := _ES.match(w)) or (m := _S.match(w)):
        w = m.group(1) + m.group(2)

    # Step 1b: -eed, -ed, -ing
    if m := _EED.match(w):
        if _M_GT_0.match(m.group(1)):
            w = w[:-1]
    elif (m := _ED_ING.match(w)) and _HAS_VOWEL.match(m.group(1)):
        w = m.group(1)
        if _AT_BL_IZ.search(w):
            w += "e"
        elif _DOUBLE.search(w):
            w = w[:-1]
        elif _CVC.match(w):
            w += "e"

    # Step 1c: y -> i after a vowel in the stem
    if (m := _Y.match(w)) and _HAS_VOWEL.match(m.group(1)):
        w = m.group(1) + "i"

    # Steps 2 and 3: double and single suffixes, where the stem has m > 0
    if (m := _STEP2_SUFFIX.match(w)) and _M_GT_0.match(m.group(1)):
        w = m.group(1) + _STEP2[m.group(2)]
    if (m := _STEP3_SUFFIX.match(w)) and _M_GT_0.match(m.group(1)):
        w = m.group(1) + _STEP3[m.group(2)]

    # Step 4: suffixes removed where the stem has m > 1
    if m := _STEP4_SUFFIX.match(w):
        if _M_GT_1.match(m.group(1)):
            w = m.group(1)
    elif (m := _STEP4_ION.match(w)) and _M_GT_1.match(m.group(1) + m.group(2)):
        w = m.group(1) + m.group(2)

    # Step 5: a final -e, and -ll -> -l
    if m := _E.match(w):
        base = m.group(1)
        if _M_GT_1.match(base) or (_M_EQ_1.match(base) and not _CVC.match(base)):
            w = base
    if w.endswith("ll") and _M_GT_1.match(w):
        w = w[:-1]

    return "y" + w[1:] if first_is_y else w
