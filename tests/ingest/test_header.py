"""A document's own 文号, issuer and level, read from its header: never a number it cites."""

from __future__ import annotations

import pytest
from conftest import SEED, shared
from innokg.graph.model.names import doc_number, doc_numbers
from innokg.graph.model.vocab import AdminLevel
from innokg.ingest import parse_document, parse_text
from innokg.ingest.issuers import code_issuer, name_level, title_level


def test_a_number_cited_in_the_header_is_not_the_documents_own():
    text = (
        "武汉市人民政府关于印发《武汉市科技创新行动方案》的通知\n"
        "为贯彻落实《国务院办公厅关于完善科技成果评价机制的指导意见》（国办发〔2021〕26号），现将方案印发给你们。\n"
        "武政规〔2022〕5号\n"
        "一、主要目标\n1.建设平台。内容\n"
    )
    info = parse_text(text).info
    assert info.doc_number == "武政规〔2022〕5号"
    assert (info.issuer, info.level) == ("武汉市人民政府", AdminLevel.CITY)


def test_a_header_that_only_cites_has_no_number_of_its_own():
    text = (
        "关于进一步扩大有效投资的实施意见\n"
        "为贯彻落实《关于进一步扩大有效投资的若干意见》（闽政〔2015〕12号）和按照岚综管办〔2015〕3号要求，提出如下意见。\n"
        "一、总体要求\n1.扩大投资。内容\n"
    )
    assert parse_text(text).info.doc_number is None


def test_a_forwarding_notice_does_not_take_the_forwarded_number():
    """It quotes the forwarded notice's header (its title, then its number) after citing it."""
    text = (
        "平潭综合实验区管委会办公室转发福建省人民政府办公厅关于印发若干措施的通知\n"
        "现将《福建省人民政府办公厅关于印发若干措施的通知》（闽政办〔2023〕2号）转发给你们。\n"
        "福建省人民政府办公厅关于印发若干措施的通知闽政办〔2023〕2号\n"
        "一、支持创业\n1.资金。内容\n"
    )
    info = parse_text(text).info
    assert info.doc_number is None
    assert (info.issuer, info.level) == ("平潭综合实验区管委会办公室", AdminLevel.COUNTY)


def test_a_page_note_is_read_only_when_the_document_writes_no_number():
    note = "# title: 某县人民政府关于印发方案的通知（落实赣府发〔2017〕12号）\n"
    assert parse_text(note + "某县工作方案\n一、目标\n1.内容。内容\n").info.doc_number is None
    own = "# title: 某县人民政府关于印发方案的通知（长政办发〔2023〕7号，某县人民政府）\n"
    assert parse_text(own + "某县工作方案\n一、目标\n1.内容。内容\n").info.doc_number == "长政办发〔2023〕7号"


def test_seed_level_comes_from_its_title():
    info = parse_document(SEED).info
    assert (info.doc_number, info.issuer, info.level) == (None, None, AdminLevel.CITY)


@pytest.mark.parametrize(
    ("relative", "number", "issuer", "level"),
    [
        # the header's own number, not the one it cites right after it (闽委办发〔2020〕8号)
        ("corpus/dev/04_pingtan-2021-ip-protection.txt", None, "平潭综合实验区党工委办公室平潭综合实验区管委会办公室", "county"),
        # a forwarding notice: the forwarded notice's number is not its own
        ("corpus/dev/01_fujian-2023-college-innovation-entrepreneurship.txt", None, "平潭综合实验区管委会办公室", "county"),
        # a site's name in the 发文机关 field gives way to the title's issuer
        ("corpus/dev/05_pingtan-2017-admin-reform-six-measures.txt", "岚综管综〔2017〕192号", "平潭综合实验区管委会", "county"),
        ("corpus/html/state-council-06_local_incentive_support.html", "国办发〔2018〕117号", "国务院办公厅", "national"),
        ("corpus/wild/08_liaoning_2023_zfgzbg_renwu_fenjie.txt", "辽政发〔2023〕2号", "辽宁省人民政府", "provincial"),
        # spam in the issuer's place: the code names it (辽政发 → 辽宁省人民政府)
        ("corpus/wild/38_liaoning_2026_liaozhengfa2_fengong_spam_injected_mirror.txt", "辽政发〔2026〕2号", "辽宁省人民政府", "provincial"),
        ("corpus/wild/37_liaoning_shenyang_liaozhong_2024_zfgzbg_fenjiebiao_cells_zeren_lingdao.txt", "沈辽中政发〔2024〕1号", "沈阳市辽中区人民政府", "county"),
        # a reply whose number writes 第 before the serial; it cites 冀政[2010]135号 after a 《title》
        ("corpus/wild/34_hebei_shangwuting_2014_jianyi_dafu_lingdao_qianfa.txt", "冀商办案字〔2014〕12号", None, None),
        # 文号：无, and a number cited in the reply
        ("corpus/wild/21_hubei_xianning_kjj_2021_jianyi_huiban_yijian.txt", None, "咸宁市科学技术局", "city"),
        # the number inside the issued title (贯彻落实襄发[2011]23号文件…) is cited, not its own
        ("corpus/wild/17_hubei_xiangyang_2011_xiangfa23_zeren_fengong.txt", None, "市委办公室市政府办公室", "city"),
    ],
)
def test_header_of_real_documents(relative, number, issuer, level):
    info = parse_document(shared(relative)).info
    assert (info.doc_number, info.issuer, info.level) == (number, issuer, level)


def test_doc_number_finds_the_codes_left_edge():
    assert doc_number("根据国办发〔2021〕26号") == "国办发〔2021〕26号"
    assert doc_number("贯彻落实襄发[2011]23号文件") == "襄发〔2011〕23号"
    assert doc_number("文号为襄发[2011]23号") == "襄发〔2011〕23号"
    assert doc_number("印发福建省若干措施的通知闽政办〔2023〕2号") == "闽政办〔2023〕2号"
    assert doc_number("省人民政府办公厅闽政办〔2021〕29号") == "闽政办〔2021〕29号"
    assert doc_number("工信部联科〔2019〕3号") == "工信部联科〔2019〕3号"
    text = "按照《通知》（岚综管综〔2015〕278号）和鄂政发（２０２２）１２号"
    spans = doc_numbers(text)
    assert [text[s.start : s.end] for s in spans] == ["岚综管综〔2015〕278号", "鄂政发（２０２２）１２号"]


def test_issuers_and_levels_from_codes_and_names():
    assert code_issuer("国办发") == ("国务院办公厅", AdminLevel.NATIONAL)
    assert code_issuer("鄂政发") == ("湖北省人民政府", AdminLevel.PROVINCIAL)
    assert code_issuer("闽政办") == ("福建省人民政府办公厅", AdminLevel.PROVINCIAL)
    assert code_issuer("赣府厅发") == ("江西省人民政府办公厅", AdminLevel.PROVINCIAL)  # 府, not 政, for 江西
    # never guessed: a department (闽海渔), a city's code (苏府: 苏州), a code innokg does not know
    assert code_issuer("闽海渔") == code_issuer("苏府") == code_issuer("岚综管综") == (None, None)
    assert name_level("北京市人民政府") == AdminLevel.PROVINCIAL  # a province-level city
    assert name_level("武汉市人民政府") == AdminLevel.CITY
    assert name_level("武汉东湖新技术开发区管委会") == AdminLevel.COUNTY
    assert name_level("长兴县人民政府办公室") == AdminLevel.COUNTY
    assert name_level("宁夏回族自治区人民政府办公厅") == AdminLevel.PROVINCIAL
    assert name_level("工业和信息化部") == AdminLevel.NATIONAL
    assert title_level("九江市支持大南昌都市圈发展行动方案") == AdminLevel.CITY


@pytest.mark.parametrize(
    "header",
    [
        "天明区人民政府办公室  2022年9月16日",  # issuer and date on one line
        "2019年6月19日",  # the date alone
    ],
)
def test_a_line_ending_in_a_date_is_not_part_of_the_title(header):
    """A title run ends at the issuer's date line, above or below it (dev2/13 and wild/14 had
    their title glued to it and were titled by neither)."""
    for text in (
        f"天明区制造业高质量发展实施方案（2022—2024年）\n{header}\n一、总体要求\n1.建设平台。内容\n",
        f"{header}\n天明区制造业高质量发展实施方案（2022—2024年）\n一、总体要求\n1.建设平台。内容\n",
    ):
        assert parse_text(text).info.title == "天明区制造业高质量发展实施方案（2022—2024年）"


@pytest.mark.parametrize(
    "title",
    [
        "关于做好2024年1月1日\n起施行的《天明区科技创新促进条例》贯彻实施工作的通知",
        "天明区关于延长2023年12月31日\n到期的科技创新支持政策执行期限的实施方案",
    ],
)
def test_a_title_wrapped_after_a_date_it_names_stays_whole(title):
    text = f"{title}\n各区人民政府，区政府各部门：\n一、总体要求\n1.建设平台。内容\n"
    assert parse_text(text).info.title == title.replace("\n", "")


def test_a_date_line_in_the_header_is_the_documents_date():
    """The issuer's date above the title (a notice that issues the document) is when it was
    published, and so the year of the policy it is."""
    from datetime import date

    from innokg.nlp.citations import own_policy

    info = parse_text(
        "平潭综合实验区党工委    平潭综合实验区管委会\n2023年10月24日\n平潭综合实验区关于促进民营经济发展壮大的若干措施\n"
        "一、总体要求\n1.建设平台。内容\n"
    ).info
    assert info.title == "平潭综合实验区关于促进民营经济发展壮大的若干措施"  # dev2/13's layout
    assert info.published == date(2023, 10, 24)
    assert own_policy(info).year == 2023
