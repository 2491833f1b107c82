"""Companies and persons as they are written in wire and broadcast news (issue 13): the person written
in full once and then 'Mr X', legal forms of every major jurisdiction, institutions that are no company,
fragments of longer names, and products that are no alias of their maker.

The texts are written for these tests in the style of such news; the figures on real third-party news
(Reuters-21578, BBC) come from benchmarks/entities_real.py.
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from searchnews.extract.entities import extract_entities, load_gazetteer

BBC = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "bbc" / "articles.jsonl.gz"


def extract(text: str):
    return extract_entities(text, load_gazetteer())


def test_full_name_then_mr_surname_is_one_person():
    found = extract("Prime Minister Tony Blair opened the debate.\n\nMr Blair said the plan was fair. "
                    "Later Blair said he would not resign.")
    assert found.persons == ["Tony Blair"]


def test_bare_surname_said_takes_the_full_name_from_elsewhere_in_the_article():
    found = extract("The report was sent to the White House. Ronald Reagan has read it. Reagan said it was fair.")
    assert found.persons == ["Ronald Reagan"]


def test_titled_surname_without_a_full_name_keeps_one_surname_form():
    found = extract("President Kastor met bankers. Mr Kastor said talks went well. Kastor said more later.")
    assert found.persons == ["Kastor"]


def test_bare_x_said_without_any_person_cue_names_nobody():
    assert extract("Texaco said it would appeal. Exxon said the same.").persons == []


def test_nationality_and_job_words_are_not_part_of_a_name():
    found = extract("Australian Lynton Crosby said the campaign was over. Attorney Scott Christie said he agreed.")
    assert found.persons == ["Lynton Crosby", "Scott Christie"]


def test_a_company_with_a_legal_form_is_never_a_person():
    found = extract("Fisons Plc said profits rose. Glaxo Holdings Plc said nothing.")
    assert "Fisons" in found.companies and found.persons == []


@pytest.mark.parametrize("name, suffix", [
    ("Montedison", "SpA"), ("Electrolux", "AB"), ("Novo Industri", "A/S"), ("Norsk Hydro", "ASA"),
    ("Nokia", "Oyj"), ("Kuhne", "GmbH"), ("Sime Darby", "Bhd"), ("Astra International", "Tbk"),
    ("Broken Hill", "Pty"), ("Siemens", "AG"), ("Akzo", "NV"), ("Fisons", "Plc"), ("Vale do Rio", "Ltda"),
])
def test_legal_forms_of_major_jurisdictions(name, suffix):
    found = extract(f"Shareholders of {name} {suffix} approved the sale on Tuesday.")
    assert any(company.startswith(name) or name.startswith(company) for company in found.companies), found


def test_connectors_keep_a_name_whole():
    found = extract("American Telephone and Telegraph Co and Harken Oil and Gas Inc signed the deal.")
    assert "Telegraph" not in found.companies and "Gas" not in found.companies
    assert any("Harken Oil and Gas" in company for company in found.companies)


def test_and_co_is_a_legal_form_not_part_of_the_name():
    assert "Eli Lilly" in extract("The drug is sold by Eli Lilly and Co under another name.").companies


def test_a_known_company_before_and_is_its_own_name():
    found = extract("The venture of Tencent and Foobar Ltd was approved.")
    assert "Tencent" in found.companies and "Foobar" in found.companies


def test_country_possessive_is_not_part_of_a_company():
    assert "Electrolux" in extract("Gillette and Sweden's Electrolux AB said they would form a venture.").companies


def test_partners_names_give_no_fragment():
    assert "Sachs" not in extract("The issue was led by Goldman, Sachs and Co on Monday.").companies


@pytest.mark.parametrize("text, junk", [
    ("The World Bank said it would lend 200 mln dlrs.", "World Bank"),
    ("The Reserve Bank of Australia raised rates.", "Reserve Bank"),
    ("A spokesman for the Central Bank said rates were steady.", "Central Bank"),
    ("The Commodity Credit Corp will accept bids.", "Commodity Credit"),
    ("Organisation for Economic Co-operation and Development data show growth.", "Economic"),
    ("UKIP said it would stand in every seat.", "UKIP"),
    ("The Consumer Electronics Show opened in Las Vegas.", "Consumer Electronics"),
    ("The Asian Development Bank approved the loan.", "Asian Development Bank"),
])
def test_institutions_parties_and_fragments_are_not_companies(text, junk):
    assert not any(junk in company for company in extract(text).companies)


@pytest.mark.parametrize("text, company", [
    ("Swissair said it was confirming six orders.", "Swissair"),
    ("The fund bought shares of Chevron last week.", "Chevron"),
    ("Vendex, the Dutch retailer, said sales rose.", "Vendex"),
])
def test_companies_without_a_suffix_from_what_is_said_of_them(text, company):
    assert company in extract(text).companies


def test_a_product_is_not_an_alias_of_its_maker():
    gazetteer = load_gazetteer()
    assert "WeChat" not in gazetteer.aliases["Tencent"] and "YouTube" not in gazetteer.aliases["Google"]
    assert extract("Tencent reported higher profit.").companies == ["Tencent"]
    wechat = extract("Users of WeChat can now pay with a smile.").companies
    assert wechat == ["WeChat"]


@pytest.mark.skipif(not BBC.exists(), reason="needs ../shared/data/bbc")
def test_bbc_person_lists_never_hold_mr_x_beside_its_full_name():
    """Real BBC politics stories (2004-05): 'Tony Blair' once, then 'Mr Blair': one person in each list."""
    with gzip.open(BBC, "rt", encoding="utf-8") as handle:
        records = [json.loads(line) for line in handle if '"politics/' in line][:200]
    assert len(records) == 200
    for record in records:
        persons = extract(f"{record['title']}\n\n{record['body']}").persons
        surnames = {person.split()[-1] for person in persons if len(person.split()) >= 2}
        assert not [p for p in persons if p.startswith(("Mr ", "Mrs ", "Ms "))], (record["id"], persons)
        assert not [p for p in persons if " " not in p and p in surnames], (record["id"], persons)
