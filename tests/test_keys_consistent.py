"""Keys that agree with the kit's own lessons: where the lessons make two answers
defensible, the key accepts both, or the case is worded so that only one is."""

from __future__ import annotations

from course.chapter import load_chapter
from course.exercises.definitions import DEFAULT_DEFINITIONS_DIR, load_bank

BANK = load_bank(DEFAULT_DEFINITIONS_DIR)


def test_the_kits_qa_engineer_tests_before_release_and_does_not_watch_production():
    # 01.map-duties keys monitoring (after release) to the MLOps engineer; the kit's QA
    # additions must not claim it ("catch drift before users do" is monitoring).
    qa = load_chapter().role("QA")
    for duty in qa.mlops_responsibility:
        assert "users" not in duty.lower(), duty
        if "drift" in duty.lower():
            assert "before it is released" in duty, duty


def test_a_shared_data_engineer_is_accepted_where_products_share_data():
    staffing = BANK.get("06.staffing")
    topology = BANK.get("06.topology")
    shares_data = any("share data" in fact for _, fact in topology.profile)
    data_engineer = next(i for i in staffing.items if i.text == "Data Engineer")
    assert shares_data
    assert data_engineer.accepted == {"product", "platform"}


def test_the_research_mapping_follows_the_studys_descriptions_not_its_names():
    # Kreuzberger et al.'s ML/MLOps engineer "builds up and operates the ML infrastructure": the platform
    # engineer's nearest counterpart there; their business stakeholder lists product owner among its
    # similar roles. Where the descriptions make two research roles defensible, both are accepted.
    exercise = BANK.get("02.research-roles")
    accepted = {item.id: item.accepted for item in exercise.items}
    assert accepted["pe"] == {"ml-mlops"}
    assert accepted["mle"] == {"software", "ml-mlops"}
    assert accepted["mlops"] == {"ml-mlops", "devops"}
    assert accepted["pm"] == {"business"}
    assert accepted["qa"] == accepted["validator"] == {"none"}


def test_ravel_options_name_only_people_ravel_has():
    # Ravel: two data scientists, an ML engineer, a data engineer, an MLOps engineer and a founder.
    handoff = BANK.get("01.handoff")
    assert not any("platform engineer" in c.text.lower() for c in handoff.choices)
