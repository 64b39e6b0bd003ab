"""Citations between documents (graph.lineage): a district's opinion we wrote cites the seed plan
by title and two national documents by 文号; the seed plan cites one of them too. Built with the
whole pipeline: what is asserted is what innokg read."""

from __future__ import annotations

import pytest
from conftest import CITED_PAGE, SHARED
from innokg.graph import answers, lineage, questions
from innokg.graph.embedded import EmbeddedStore
from innokg.graph.model import AdminLevel, CitationKind
from innokg.graph.model.errors import NotFound

DISTRICT = "江夏区"
SEED_TITLE = "武汉市创新发展三年行动方案(2022——2024年)"
PAGE_BUILT = (SHARED / CITED_PAGE).exists()


@pytest.fixture(scope="module")
def library(lineage_data) -> EmbeddedStore:
    return EmbeddedStore(lineage_data)


def district_id(store) -> str:
    return next(d.id for d in store.documents() if DISTRICT in d.title)


def seed_id(store) -> str:
    return next(d.id for d in store.documents() if d.title == SEED_TITLE)


def test_a_document_knows_what_it_is_and_what_it_cites(library):
    answer = questions.cites(library, DISTRICT)
    assert answer.policy is not None and answer.policy.doc_number == "夏政发〔2023〕5号"
    assert answer.document.level is AdminLevel.COUNTY
    by_number = {c.policy.doc_number: c for c in answer.cites if c.policy.doc_number}
    assert {"国发〔2018〕42号", "国办发〔2021〕26号", "夏政规〔2020〕2号"} <= set(by_number)
    assert by_number["夏政规〔2020〕2号"].kinds == [CitationKind.REPLACES]  # 同时废止
    assert CitationKind.BASIS in by_number["国发〔2018〕42号"].kinds  # 根据《…》（国发〔2018〕42号）
    assert by_number["国办发〔2021〕26号"].policy.level is AdminLevel.NATIONAL
    assert len(by_number["国发〔2018〕42号"].evidence) >= 2  # by title and number, then "按照国发〔2018〕42号文件"
    for citation in answer.cites:
        for ev in citation.evidence:
            assert library.document_text(ev.doc_id)[ev.start : ev.end] == ev.quote


def test_a_policy_cited_by_title_is_the_document_the_library_holds(library):
    """The district cites the seed plan by its title alone: the citation reaches the seed document."""
    seed = next(c for c in questions.cites(library, DISTRICT).cites if c.policy.name == SEED_TITLE)
    assert [d.id for d in seed.policy.documents] == [seed_id(library)]
    assert CitationKind.IMPLEMENTS in seed.kinds  # 为贯彻落实《…》


@pytest.mark.skipif(not PAGE_BUILT, reason=f"../shared/{CITED_PAGE} is not on this machine")
def test_a_policy_cited_by_number_is_the_state_council_page_the_library_holds(library):
    page = next(d for d in library.documents() if "农业机械化" in d.title)
    cited = next(c for c in questions.cites(library, DISTRICT).cites if c.policy.doc_number == "国发〔2018〕42号")
    assert [d.id for d in cited.policy.documents] == [page.id]
    assert questions.cites(library, page.id).policy.doc_number == "国发〔2018〕42号"
    assert page.level is AdminLevel.NATIONAL


def test_cited_by_is_direct_and_transitive(library):
    seed, district = seed_id(library), district_id(library)
    answer = questions.cited_by(library, "国办发[2021]26号")  # written as people type it
    assert {(c.document.id, c.depth) for c in answer.citing} == {(seed, 1), (district, 1)}
    assert [c.document.id for c in questions.cited_by(library, seed).citing] == [district]
    with pytest.raises(NotFound):
        questions.cited_by(library, "没有这份文件")


def test_lineage_climbs_from_a_district_task_to_the_national_policy(library):
    answer = questions.lineage(library, "推进农机装备产业转型升级")
    assert answer.task is not None and answer.document.id == district_id(library)
    first = answer.chains[0]  # the task's own citation: 按照国发〔2018〕42号文件要求
    assert first.in_task and first.steps[0].citation.policy.doc_number == "国发〔2018〕42号"
    assert first.steps[-1].citation.policy.level is AdminLevel.NATIONAL
    assert [c.in_task for c in answer.chains].count(True) == 1
    through_seed = next(c.steps for c in answer.chains if c.steps[0].citation.policy.name == SEED_TITLE)
    assert [step.document.id for step in through_seed] == [district_id(library), seed_id(library)]
    assert through_seed[-1].citation.policy.doc_number == "国办发〔2021〕26号"


def test_a_library_without_citations_answers_with_none(seed_store):
    answer = answers.document_lineage(seed_store, seed_store.documents()[0].id)
    assert all(len(chain.steps) == 1 and not chain.in_task for chain in answer.chains)  # the seed cites, nothing it cites is in the library
    view = seed_store.queries().citation_facts()
    with pytest.raises(NotFound):
        lineage.find_policy(view, "某某条例")


def test_each_document_cites_its_own_edition_of_a_recurring_title(tmp_path):
    """《政府工作报告》 with no 文号, issuer or year: two provinces' divisions do not cite one report."""
    from innokg import building

    for name, place in (("a.txt", "甲省"), ("b.txt", "乙省")):
        (tmp_path / name).write_text(
            f"{place}人民政府关于印发2023年《政府工作报告》重点工作分工方案的通知\n\n"
            f"为落实《政府工作报告》确定的目标任务，现分工如下。\n一、稳定经济增长。（牵头单位：{place}发展改革委）\n",
            encoding="utf-8",
        )
    store = EmbeddedStore(tmp_path / "data")
    building.build(store, [tmp_path / "a.txt", tmp_path / "b.txt"])
    cited = [c for doc in store.documents() for c in questions.cites(store, doc.id).cites]
    assert len(cited) == 2 and cited[0].policy.id != cited[1].policy.id
    for citation in cited:
        assert len(questions.cited_by(store, citation.policy.id).citing) == 1


#: a real pair of the shared corpus: the 2016 eco-environment work points cite the 2015 water
#: pollution action plan by its 文号 alone (岚综管综〔2015〕278号), in rows of their table
CITING, CITED = "dev2/14_pingtan-2016-eco-environment-work-points.txt", "dev2/09_pingtan-2015-water-pollution-action.txt"


@pytest.fixture(scope="module")
def pingtan(tmp_path_factory) -> EmbeddedStore:
    from conftest import shared
    from innokg import building

    store = EmbeddedStore(tmp_path_factory.mktemp("pingtan"))
    building.build(store, [shared("corpus/" + CITING), shared("corpus/" + CITED)])
    return store


def test_a_real_plan_cited_by_its_number_is_the_document_the_library_holds(pingtan):
    citing = next(d for d in pingtan.documents() if "14_pingtan" in d.id)
    cited = next(d for d in pingtan.documents() if "09_pingtan" in d.id)
    assert cited.doc_number == "岚综管综〔2015〕278号"
    found = next(c for c in questions.cites(pingtan, citing.id).cites if c.policy.doc_number == cited.doc_number)
    assert [d.id for d in found.policy.documents] == [cited.id]
    assert [c.document.id for c in questions.cited_by(pingtan, cited.doc_number).citing] == [citing.id]
    chains = questions.lineage(pingtan, citing.id).chains
    assert any([s.document.id for s in c.steps][:2] == [citing.id, cited.id] for c in chains)  # and on up from the plan


def test_a_policy_asked_by_its_id_is_that_policy_not_a_number_in_its_title(tmp_path):
    """A title holding a 文号 (关于贯彻落实国发〔2018〕42号文件的…) names its own policy; asked by
    its id, cited-by answers for it, not for the number it quotes."""
    from innokg import building

    path = tmp_path / "a.txt"
    path.write_text("甲市关于贯彻落实国发〔2018〕42号文件的实施意见\n\n一、推进农机装备升级。（牵头单位：甲市农业农村局）\n", encoding="utf-8")
    store = EmbeddedStore(tmp_path / "data")
    building.build(store, [path])
    own = questions.cites(store, "甲市").policy
    assert own is not None and own.doc_number is None
    assert questions.cited_by(store, own.id).policy.id == own.id
    assert questions.cited_by(store, "国发〔2018〕42号").policy.doc_number == "国发〔2018〕42号"


def test_a_document_titled_by_a_recurring_title_is_its_own_policy(tmp_path):
    from innokg import building

    path = tmp_path / "report.txt"
    path.write_text("政府工作报告\n\n一、稳定经济增长。（牵头单位：甲省发展改革委）\n", encoding="utf-8")
    store = EmbeddedStore(tmp_path / "data")
    building.build(store, [path])
    answer = questions.cites(store, store.documents()[0].id)
    assert answer.policy is not None and answer.policy.name == "政府工作报告"


@pytest.mark.skipif(not PAGE_BUILT, reason=f"../shared/{CITED_PAGE} is not on this machine")
def test_a_policy_cited_by_number_alone_is_named_by_the_title_the_library_gives_it(tmp_path):
    from innokg import building

    path = tmp_path / "a.txt"
    path.write_text("甲县农机工作要点\n\n一、按照国发〔2018〕42号要求推进农机化。（牵头单位：甲县农业农村局）\n", encoding="utf-8")
    store = EmbeddedStore(tmp_path / "data")
    building.build(store, [path, SHARED / CITED_PAGE])
    cited = next(c for c in questions.cites(store, "甲县").cites if c.policy.doc_number == "国发〔2018〕42号")
    assert "农业机械化" in cited.policy.name and cited.policy.documents
