"""Age × category profiles: from a CSV beside the scenario, or inline (how the app stores uploads)."""

import dataclasses

import pytest

from sim import run
from sim.inputs import resolve
from sim.scenario import ScenarioError, age_profile_from_csv, dumps, loads

HEAD = 'schema_version = 1\n[metadata]\nname = "x"\n'
CSV = "age,admin,technical,digital\n" + "\n".join(f"{a},{3 if a <= 60 else 0},1,{1 if a == 35 else 0}"
                                                  for a in range(18, 61))


def test_uploaded_csv_is_stored_inline_and_round_trips():
    profile = age_profile_from_csv(CSV.encode("utf-8-sig"))
    sc = loads(HEAD)
    sc = dataclasses.replace(sc, municipality=dataclasses.replace(sc.municipality, age_profile=profile))
    text = dumps(sc)
    assert "[municipality.age_profile]" in text
    again = loads(text)
    assert dumps(again) == text
    staff = resolve(again).staff0.sum(axis=1)
    assert staff.tolist() == [129, 43, 1]
    assert run(again).series["staff_regular"][0, 0] == 173


@pytest.mark.parametrize("snippet,message", [
    ("[municipality.age_profile]\nadmin = [1, 2]\ntechnical = []\ndigital = []\n", "expected 53 staff counts"),
    ("[municipality.age_profile]\nadmin = " + str([1] * 52 + [-1]) + "\ntechnical = " + str([0] * 53)
     + "\ndigital = " + str([0] * 53) + "\n", "age 70: expected a finite count"),
    ("[municipality]\nstaff_admin = 5\n[municipality.age_profile]\nadmin = " + str([1] * 53) + "\ntechnical = "
     + str([0] * 53) + "\ndigital = " + str([0] * 53) + "\n", "not both"),
    ("[municipality]\nage_profile = 3\n", "expected a table of admin, technical, digital"),
])
def test_bad_inline_profiles(snippet, message):
    with pytest.raises(ScenarioError, match=message):
        loads(HEAD + snippet)


def test_bad_csv_upload_lists_every_bad_row():
    bad = "age,admin,technical,digital\n20,1,1,x\n15,1,1,1\n20,1,1,1\n"
    with pytest.raises(ScenarioError) as info:
        age_profile_from_csv(bad.encode(), "mine.csv")
    assert len(info.value.problems) == 3 and "mine.csv" in str(info.value)
