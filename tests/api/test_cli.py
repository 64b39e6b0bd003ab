"""The ``innokg`` command as a user runs it: answers in Chinese with evidence, and clean failures."""

from __future__ import annotations

import re
import shutil

import pytest
from conftest import SEED, run_cli, run_cli_process, shared, write_pdf

SNAPSHOT = "graph.sqlite"


def test_who_answers_with_lead_co_and_quoted_evidence(seed_data):
    result = run_cli_process("--data", str(seed_data), "who", "建设重大科技基础设施群")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert "牵头单位  市发改委" in lines
    assert "责任单位  市科技局、市财政局、市自然资源和规划局、东湖高新区管委会" in lines
    assert (
        "“(牵头单位:市发改委;责任单位:市科技局、市财政局、市自然资源和规划局,东湖高新区管委会)”"
        in result.stdout
    )
    assert "二、重点任务 › （一）建设一批高能级创新平台" in result.stdout


def test_who_with_a_partial_title(seed_data):
    result = run_cli("--data", str(seed_data), "who", "知识产权", "强市")
    assert "牵头单位  市市场监管局" in result.stdout.splitlines()


def test_tasks_of_a_unit(seed_data):
    result = run_cli("--data", str(seed_data), "tasks", "招才局")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("市招才局：牵头 3 项，责任 0 项")
    for title in ("引育高端创新人才", "壮大青年科技人才队伍", "培养高素质技能型人才"):
        assert title in result.stdout
    assert "依据：“(牵头单位:市招才局;" in result.stdout


def test_chain_of_a_unit(seed_data):
    result = run_cli("--data", str(seed_data), "chain", "市招才局")
    assert result.returncode == 0, result.stderr
    for part in (
        "市招才局",
        "武汉市创新发展三年行动方案(2022——2024年)",
        "二、重点任务",
        "（五）引育一批高层次创新人才",
        "培养高素质技能型人才 (二/(五)/3) 牵头",
    ):
        assert part in result.stdout


def test_stats(seed_data):
    result = run_cli("--data", str(seed_data), "stats")
    assert result.returncode == 0, result.stderr
    assert "有分工的任务" in result.stdout and "“牵头”关系" in result.stdout
    assert not re.search(r"\b(LEADS|MENTIONS|BUILDS|SERVES)\b", result.stdout)  # Chinese only


def test_data_folder_from_the_environment(seed_data):
    result = run_cli("who", "基础设施", env={"INNOKG_DATA": str(seed_data)})
    assert "牵头单位  市发改委" in result.stdout.splitlines()


def test_questions_on_an_empty_graph_say_build_first(tmp_path):
    result = run_cli("--data", str(tmp_path), "who", "基础设施")
    assert result.returncode == 1
    assert "innokg build" in result.stderr and "Traceback" not in result.stderr


def test_unknown_unit_and_task(seed_data):
    for args in (("tasks", "国家航天局"), ("who", "航天发射场建设")):
        result = run_cli("--data", str(seed_data), *args)
        assert result.returncode == 1 and "错误" in result.stderr and "Traceback" not in result.stderr


def test_build_is_idempotent(tmp_path):
    for _ in range(2):
        assert run_cli("--data", str(tmp_path), "build").returncode == 0
    first = (tmp_path / SNAPSHOT).read_bytes()
    assert run_cli("--data", str(tmp_path), "build", str(SEED)).returncode == 0
    assert (tmp_path / SNAPSHOT).read_bytes() == first


def test_build_with_html_and_gb18030(tmp_path):
    gb = tmp_path / "docs" / "plan-gb18030.txt"
    gb.parent.mkdir()
    gb.write_bytes(SEED.read_text(encoding="utf-8").encode("gb18030"))
    shutil.copy(shared("corpus/html/state-council-04_agri_mechanization_upgrade.html"), gb.parent)
    result = run_cli("--data", str(tmp_path / "data"), "build", str(gb.parent))
    assert result.returncode == 0, result.stderr
    answer = run_cli("--data", str(tmp_path / "data"), "who", "健全组织实施机制")
    assert "牵头单位  农业农村部、工业和信息化部" in answer.stdout.splitlines()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("empty.txt", b"", "文件为空"),
        ("binary.txt", bytes(range(256)) * 4, "二进制"),
        ("image.html", b"\x89PNG\r\n\x1a\n\x00\x00", "二进制"),
    ],
)
def test_bad_input_fails_the_build_and_keeps_the_snapshot(seed_data, tmp_path, name, content, message):
    data = tmp_path / "data"
    shutil.copytree(seed_data, data)
    before = (data / SNAPSHOT).read_bytes()
    bad = tmp_path / name
    bad.write_bytes(content)
    result = run_cli("--data", str(data), "build", str(SEED), str(bad))
    assert result.returncode == 1
    assert str(bad) in result.stderr and message in result.stderr and "图谱未改动" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert (data / SNAPSHOT).read_bytes() == before


def test_skip_bad_builds_the_rest(tmp_path):
    bad = tmp_path / "empty.txt"
    bad.write_bytes(b"")
    result = run_cli("--data", str(tmp_path / "data"), "build", "--skip-bad", str(SEED), str(bad))
    assert result.returncode == 0
    assert "已跳过" in result.stderr and "empty.txt" in result.stderr
    assert (tmp_path / "data" / SNAPSHOT).exists()


@pytest.mark.parametrize("where", ["under-a-file", "a-file", "lock-is-a-folder"])
def test_a_data_folder_that_cannot_be_written_is_named(tmp_path, where):
    """``--data`` inside a file's path, a file itself, or a folder whose lock cannot be opened:
    one line naming the folder, not a traceback, and nothing written."""
    from innokg.graph.embedded import LOCK

    blocker = tmp_path / "file"
    blocker.write_text("x")
    data = {"under-a-file": blocker / "data", "a-file": blocker, "lock-is-a-folder": tmp_path / "data"}[where]
    if where == "lock-is-a-folder":
        (data / LOCK).mkdir(parents=True)
    result = run_cli("--data", str(data), "build", str(SEED))
    assert result.returncode == 1
    assert f"错误  {data}: " in result.stderr and "Traceback" not in result.stderr
    assert blocker.read_text() == "x" and not (tmp_path / "data" / SNAPSHOT).exists()


def test_document_without_attributions_warns_by_name(tmp_path):
    plain = tmp_path / "notice.txt"
    plain.write_text(
        "关于加强宣传的通知\n一、加强宣传。营造氛围。\n二、压实责任。强化考核。\n", encoding="utf-8"
    )
    result = run_cli("--data", str(tmp_path / "data"), "build", str(plain))
    assert result.returncode == 0
    assert "notice.txt" in result.stderr and "没有找到任何责任分工" in result.stderr


def test_unclosed_bracket_warns_by_name(tmp_path):
    text = "某市方案\n一、重点任务\n1.建设平台。推进。(牵头单位:市科技局;责任单位:市财政局\n2.培育企业。推进。(牵头单位:市经信局)\n"
    doc = tmp_path / "unclosed.txt"
    doc.write_text(text, encoding="utf-8")
    result = run_cli("extract", str(doc))
    assert result.returncode == 0
    assert "unclosed.txt" in result.stderr and "括号未闭合" in result.stderr
    assert "市财政局" in result.stdout


def test_extract_on_a_missing_file(tmp_path):
    result = run_cli("extract", str(tmp_path / "missing.txt"), "--json")
    assert result.returncode == 1
    assert "missing.txt" in result.stderr and "不存在" in result.stderr and result.stdout == ""


def test_corrupt_snapshot_is_reported_not_traced(tmp_path):
    (tmp_path / SNAPSHOT).write_text("{broken", encoding="utf-8")
    result = run_cli("--data", str(tmp_path), "stats")
    assert result.returncode == 1 and SNAPSHOT in result.stderr and "Traceback" not in result.stderr


def test_links_of_a_965_industry(seed_data):
    result = run_cli("--data", str(seed_data), "links", "光电子信息")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert out.startswith("光电子信息（“965”产业）")
    assert "国家信息光电子创新中心" in out and "助力集成电路、光电信息、智能制造等优势产业做大做强" in out
    assert "建设国家级创新平台" in out and "牵头：市科技局" in out


def test_links_of_an_industry_word(seed_data):
    result = run_cli("--data", str(seed_data), "links", "集成电路")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("集成电路（产业）") and "中试平台(基地)" in result.stdout


def test_targets_of_a_unit(seed_data):
    result = run_cli("--data", str(seed_data), "targets", "市招才局")
    assert result.returncode == 0, result.stderr
    assert "量化目标 — 市招才局（7 项）" in result.stdout
    assert "首席技师" in result.stdout and "20名" in result.stdout


def test_targets_of_a_task(seed_data):
    result = run_cli("--data", str(seed_data), "targets", "推动高新技术企业培育量质齐升")
    assert "高新技术企业数量" in result.stdout and "12000家" in result.stdout and "突破" in result.stdout


def test_entity_shows_names_and_relations_with_evidence(seed_data):
    result = run_cli("--data", str(seed_data), "entity", "武汉市科学技术局")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("市科技局") and "全称  武汉市科学技术局" in result.stdout
    assert "牵头 ← 建设高水平实验室体系" in result.stdout


def test_stats_lists_entities_and_unmapped_industries(seed_data):
    result = run_cli("--data", str(seed_data), "stats")
    assert "平台" in result.stdout and "“965”产业" in result.stdout
    assert "未归入“965”产业体系的产业/技术领域：" in result.stdout and "区块链" in result.stdout


def test_extract_json_has_entities_and_targets():
    record = __import__("json").loads(run_cli("extract", str(SEED), "--json").stdout)
    types = {e["type"] for e in record["entities"]}
    assert {"Unit", "Platform", "Enterprise", "TalentProgram", "Industry", "Fund", "Policy"} <= types
    target = next(t for t in record["targets"] if t["value"] == 12000)
    assert (target["unit"], target["metric"], target["comparator"]) == ("家", "高新技术企业数量", "突破")
    assert {r["type"] for r in record["relations"]} == {"MENTIONS", "BUILDS", "SERVES", "SETS"}


def test_who_on_a_pdf_document(tmp_path):
    path = tmp_path / "pdf-plan.pdf"
    write_pdf(
        path,
        [
            "某市科技创新行动方案",
            "一、重点任务",
            "1.建设实验室。加快建设。(牵头单位:市科技局;责任单位:市财政局、市教育局)",
        ],
    )
    assert run_cli("--data", str(tmp_path / "data"), "build", str(path)).returncode == 0
    answer = run_cli("--data", str(tmp_path / "data"), "who", "建设实验室")
    assert "牵头单位  市科技局" in answer.stdout.splitlines()
    assert "责任单位  市财政局、市教育局" in answer.stdout.splitlines()


def test_who_says_when_no_lead_is_designated(layouts_data):
    from conftest import NO_LEAD_TASK

    result = run_cli("--data", str(layouts_data), "who", NO_LEAD_TASK)
    assert result.returncode == 0, result.stderr
    lines = dict(line.split(None, 1) for line in result.stdout.splitlines() if line.strip() and len(line.split(None, 1)) == 2)
    assert lines["牵头单位"] == "未明确牵头单位"
    assert lines["责任单位"] == "县农业农村局、县林业局"
    led = run_cli("--data", str(layouts_data), "who", "推进农村人居环境整治").stdout
    assert "未明确牵头单位" not in led and "县住房城乡建设局" in led


def test_an_unchanged_document_is_not_read_again(tmp_path):
    from conftest import LAYOUTS

    data = tmp_path / "data"
    first = run_cli("--data", str(data), "build", str(LAYOUTS))
    assert first.returncode == 0, first.stderr
    snapshot = (data / SNAPSHOT).read_bytes()
    again = run_cli("--data", str(data), "build", str(LAYOUTS))
    assert "3 个文档内容未变" in again.stdout and (data / SNAPSHOT).read_bytes() == snapshot
    edited = tmp_path / "edited"
    shutil.copytree(LAYOUTS, edited)
    plan = edited / "binjiang-2023-rural-revitalization-fields.txt"
    plan.write_text(plan.read_text(encoding="utf-8").replace("县林业局", "县水利局"), encoding="utf-8")
    changed = run_cli("--data", str(data), "build", str(edited))
    assert "2 个文档内容未变" in changed.stdout
    assert "县水利局" in run_cli("--data", str(data), "who", "发展乡村特色产业").stdout
    forced = run_cli("--data", str(data), "build", "--force", str(edited))
    assert "未变" not in forced.stdout


def test_two_processes_read_what_one_reads(tmp_path):
    from conftest import LAYOUTS

    one, two = tmp_path / "one", tmp_path / "two"
    assert run_cli("--data", str(one), "build", str(LAYOUTS), str(SEED)).returncode == 0
    assert run_cli("--data", str(two), "build", "--jobs", "2", str(LAYOUTS), str(SEED)).returncode == 0
    from innokg.graph.embedded import dump_rows

    assert dump_rows(one) == dump_rows(two)


@pytest.mark.parametrize("command", ["tasks", "chain"])
@pytest.mark.parametrize("name", ["武汉市科学技术局", "市科技局", "武汉市科技局"])
def test_a_unit_answers_to_its_full_and_short_names(seed_data, command, name):
    result = run_cli("--data", str(seed_data), command, name)
    assert result.returncode == 0, result.stderr
    assert "市科技局" in result.stdout.splitlines()[0]


def test_traditional_characters_are_accepted_in_questions(seed_data):
    result = run_cli("--data", str(seed_data), "who", "實驗室體系")
    assert result.returncode == 0 and "建设高水平实验室体系" in result.stdout


def test_a_965_industry_no_document_names_opens_empty(seed_data):
    result = run_cli("--data", str(seed_data), "links", "量子科技")
    assert result.returncode == 0, result.stderr
    assert "没有平台或任务支撑" in result.stdout and "平台（0 个）" in result.stdout


@pytest.mark.slow  # two real processes racing: `make check` leaves it out
def test_two_builds_at_once_keep_every_document(tmp_path):
    import subprocess

    from conftest import INNOKG, LAYOUTS

    data = tmp_path / "data"
    runs = [
        subprocess.Popen([str(INNOKG), "--data", str(data), "build", str(path)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        for path in (SEED, LAYOUTS)
    ]
    assert [run.wait(timeout=180) for run in runs] == [0, 0]
    from innokg.graph.embedded import EmbeddedStore

    assert len(EmbeddedStore(data).fragments) == 4  # the plan and the three layout documents


def test_documents_and_a_documents_tasks(seed_data):
    listed = run_cli("--data", str(seed_data), "doc")
    assert listed.returncode == 0 and "doc:wuhan-innovation-action-plan-2022-2024" in listed.stdout.replace("\n", "").replace("│", "").replace(" ", "")
    one = run_cli("--data", str(seed_data), "doc", "武汉市创新发展")
    assert "18 项有分工的任务" in one.stdout and "建设重大科技基础设" in one.stdout
    assert run_cli("--data", str(seed_data), "doc", "没有这个文件").returncode == 1


def test_targets_of_a_unit_say_its_role_and_centrality_sorts(seed_data):
    result = run_cli("--data", str(seed_data), "targets", "市招才局")
    assert "角色" in result.stdout and "牵头" in result.stdout
    ranked = run_cli("--data", str(seed_data), "analyze", "centrality", "--sort", "co", "--format", "csv", "--top", "1")
    assert ranked.stdout.splitlines()[1].split(",")[1] == "各区人民政府"  # shares the most tasks
    assert run_cli("--data", str(seed_data), "analyze", "centrality", "--sort", "nonsense").returncode == 1


@pytest.mark.parametrize(("words", "title"), [("中试", "建设科技成果转化平台"), ("410工程", "主要目标")])
def test_who_finds_words_in_the_text_of_tasks_not_only_their_titles(seed_data, words, title):
    result = run_cli("--data", str(seed_data), "who", words)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0].split(None, 1)[1] == title


def test_a_short_name_that_fits_several_units_says_so(seed_data, tmp_path):
    data = tmp_path / "data"
    shutil.copytree(seed_data, data)
    district = tmp_path / "district-plan.txt"
    district.write_text("某区科技创新工作要点\n一、建设区级实验室。（牵头单位：区科技局）\n", encoding="utf-8")
    assert run_cli("--data", str(data), "build", str(district)).returncode == 0
    result = run_cli("--data", str(data), "tasks", "科技局")
    first = result.stdout.splitlines()[0]
    assert "可指" in first and "市科技局" in first and "区科技局（district-plan）" in first
    assert "以下回答 市科技局（wuhan-innovation-action-plan-2022-2024）" in first
    assert "牵头 11 项" in result.stdout  # the city bureau's answer, not the district's


def test_file_names_and_names_from_documents_print_as_text(tmp_path):
    hostile = tmp_path / "[bold]\x1b[31mplan.txt"
    hostile.write_text("某市方案\n一、建设[red]实验室[/b]。（牵头单位：市科技局）\n", encoding="utf-8")
    data = tmp_path / "data"
    built = run_cli("--data", str(data), "build", str(hostile))
    assert built.returncode == 0, built.stderr
    assert "\x1b" not in built.stdout + built.stderr and "Traceback" not in built.stderr
    answer = run_cli("--data", str(data), "who", "建设")
    assert answer.returncode == 0 and "[red]实验室[/b]" in answer.stdout  # shown, not applied (nor an error)
    missing = run_cli("--data", str(data), "build", str(tmp_path / "[bold]missing.txt"))
    assert missing.returncode == 1 and "[bold]missing.txt" in missing.stderr


def test_help_speaks_chinese():
    for args, panels in ((["--help"], ("选项", "命令")), (["who", "--help"], ("参数", "选项"))):
        result = run_cli(*args)
        assert "显示本帮助并退出" in result.stdout and "Show this message" not in result.stdout
        assert all(f"─ {title} ─" in result.stdout for title in panels), result.stdout
        assert not any(f"─ {title} ─" in result.stdout for title in ("Options", "Arguments", "Commands"))


def test_the_readmes_eval_example_runs_on_a_fresh_clone():
    from conftest import ROOT

    golds = sorted(str(p) for p in (ROOT / "data" / "gold" / "layouts").glob("*.json"))
    result = run_cli("eval", *golds, "--corpus", str(ROOT / "data" / "layouts"))
    assert result.returncode == 0, result.stderr
    assert "责任三元组" in result.stdout and "36/36" in result.stdout


def test_targets_fit_an_80_column_terminal_without_cutting_values(seed_data):
    from rich.cells import cell_len

    result = run_cli("--data", str(seed_data), "targets", env={"COLUMNS": "80"})
    assert all(cell_len(line) <= 80 for line in result.stdout.splitlines())
    assert "12000家" in result.stdout and "1300亿元" in result.stdout  # values whole, not cut or split


def test_a_long_answer_shows_a_page_and_says_how_to_see_the_rest(seed_data):
    paged = run_cli("--data", str(seed_data), "tasks", "市科技局", "--limit", "3")
    assert paged.returncode == 0 and "此处显示第 1–3 项" in paged.stdout and "--offset" in paged.stdout
    assert paged.stdout.count("依据：") == 3
    everything = run_cli("--data", str(seed_data), "tasks", "市科技局", "--limit", "0")
    assert "此处显示" not in everything.stdout and everything.stdout.count("依据：") > 10
    # an industry's pages count entries (a task once per thing it names); its headings, distinct ones
    links = run_cli("--data", str(seed_data), "links", "光电子信息", "--limit", "2")
    whole = run_cli("--data", str(seed_data), "links", "光电子信息", "--limit", "0")
    assert "此处显示第 1–2 条" in links.stdout and "此处显示" not in whole.stdout
    heading = next(line for line in whole.stdout.splitlines() if line.startswith("相关任务"))
    assert heading in links.stdout


def test_build_and_who_say_which_tasks_were_inferred_and_how_many_role_words_reached_one(tmp_path):
    notice = tmp_path / "flood-notice.txt"
    notice.write_text(
        "关于做好防汛工作的通知\n各乡镇：\n加强堤防巡查，落实值守制度。（县水利局牵头，县应急局配合）\n"
        "各单位要主要负责同志亲自抓，密切配合。\n",
        encoding="utf-8",
    )
    data = tmp_path / "data"
    built = run_cli("--data", str(data), "build", str(notice))
    assert built.returncode == 0, built.stderr
    row = next(line for line in built.stdout.splitlines() if "关于做好防汛" in line)
    cells = [c.strip() for c in row.strip("│ ").split("│")]
    assert cells[4] == "1" and cells[5] == "2/3"  # one inferred task; 牵头, 配合 reached it, 配合 after 密切 did not
    assert "责任分工覆盖率 2/3" in built.stderr and "密切配合" in built.stderr
    who = run_cli("--data", str(data), "who", "堤防巡查")
    assert "县水利局" in who.stdout and "推断" in who.stdout


def test_a_library_build_shows_its_first_documents_and_the_totals_of_all(tmp_path):
    """Hundreds of rows help nobody: the table stops after its first documents, says how many
    more there are, and sums up every document."""
    from innokg import building
    from innokg.api import render
    from innokg.graph.embedded import EmbeddedStore
    from rich.console import Console

    root = building.bundled_corpus().parent  # data/: the plan, our editions and our district opinion
    files = building.document_paths([building.bundled_corpus(), root / "editions", root / "lineage"])
    report = building.build(EmbeddedStore(tmp_path / "kg"), files)
    console = Console(width=200, record=True)
    console.print(render.build_table(report.documents, "here", rows=2))
    text = console.export_text()
    lines = text.splitlines()
    assert len(report.documents) == len(files) > 3
    assert [line for line in lines if any(d.title[:8] in line for d in report.documents)] == [
        line for line in lines if report.documents[0].title[:8] in line or report.documents[1].title[:8] in line
    ]
    total = next(line for line in lines if line.startswith("│ 合计"))
    cells = [c.strip() for c in total.strip("│ ").split("│")]
    docs = report.documents
    assert cells[1:5] == [str(sum(getattr(d, f) for d in docs)) for f in ("sections", "tasks", "attributed_tasks", "uncertain_tasks")]
    assert cells[5] == f"{sum(d.role_words_placed for d in docs)}/{sum(d.role_words for d in docs)}"
    assert cells[6:8] == ["—", "—"]  # a unit two documents name is one unit: not summed
    assert cells[8:] == [str(sum(d.targets for d in docs)), str(sum(len(d.warnings) for d in docs))]
    assert f"另有 {len(files) - 2} 个" in text


# --------------------------------------------------------------------------- honest answers


PLAN = "武汉市创新发展三年行动方案"  # the bundled plan's short title


def test_who_names_the_document_and_how_well_the_question_matched(seed_data):
    result = run_cli_process("--data", str(seed_data), "who", "基础设施")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].split(None, 1)[1] == "建设重大科技基础设施群"
    assert f"位置      {PLAN} › 二、重点任务 › （一）建设一批高能级创新平台,增强创新策源功能" in lines
    assert "匹配度    100%  （问题中的字出现在任务标题中的比例）" in lines


@pytest.mark.parametrize(
    ("args", "what", "nearest"),
    [
        (("who", "量子通信网络建设"), "任务", f"建设国家级创新平台〔{PLAN}〕 25%"),
        (("who", "航天发射场", "建设"), "任务", "〔"),  # several words: asked as one question
        (("tasks", "市科技厅"), "单位", "市科技局 75%"),  # one character of four wrong
        (("chain", "省教育厅"), "单位", "市教育局 50%"),
        (("links", "量子通信"), "产业", ""),  # nothing near: said so
        (("targets", "科技人才资金"), "单位或任务", f"壮大青年科技人才队伍〔{PLAN}〕 66.7%"),
        (("entity", "国家量子实验室"), "实体", "%"),
    ],
)
def test_a_question_that_matches_nothing_well_says_so_with_the_nearest_and_exits_1(seed_data, args, what, nearest):
    result = run_cli("--data", str(seed_data), *args)
    assert result.returncode == 1 and result.stdout == ""
    question = " ".join(args[1:])
    assert f"没有找到与“{question}”相符的{what}（匹配度须达 80%" in result.stderr
    assert nearest in result.stderr and ("最接近的（匹配度）" in result.stderr or "图谱中没有与之相近的" in result.stderr)
    assert len(result.stderr.splitlines()) == 1 and "Traceback" not in result.stderr


def test_every_task_a_unit_answer_lists_names_its_document(seed_data):
    tasks = run_cli("--data", str(seed_data), "tasks", "市招才局")
    listed = [line for line in tasks.stdout.splitlines() if line.startswith("  ") and not line.startswith("      ")]
    assert len(listed) == 3 and all(f"〔{PLAN}〕" in line for line in listed)
    links = run_cli("--data", str(seed_data), "links", "光电子信息", "--limit", "0")
    body = links.stdout.split("相关任务", 1)
    platforms = [line for line in body[0].splitlines() if line.startswith("  ") and not line.startswith("      ")]
    tasks_of = [line for line in body[1].splitlines() if line.startswith("  ") and not line.startswith("      ")]
    assert platforms and tasks_of and all(f"〔{PLAN}〕" in line for line in platforms + tasks_of)
    targets = run_cli("--data", str(seed_data), "targets", "市招才局", env={"COLUMNS": "300"})
    rows = [line for line in targets.stdout.splitlines() if "人才" in line or "技师" in line]
    assert targets.stdout.count(f"〔{PLAN}〕") == 7 and rows  # one per target


def test_real_task_titles_of_other_documents_are_found_and_non_questions_are_not(mixed_data):
    """The bundled plan with three shared documents: a task title of another issuer is answered
    with its own document; words its text (not its title) holds find it before a long title that
    holds them scattered; a question nothing covers says so instead of a task titled 设施."""
    for question, title, document in [
        ("取缔十小企业", "取缔“十小”企业", "水污染防治行动计划工作方案"),  # dev2 09
        ("小型工业企业", "取缔“十小”企业", "水污染防治行动计划工作方案"),  # its text, word for word
        ("建设重大科技基础设施群", "建设重大科技基础设施群", PLAN),
        ("城乡电网 建设", "加快城乡电网工程建设", "进一步扩大有效投资的实施意见"),  # dev 03, words apart
        ("加强城镇节水", "加强城镇节水", "水污染防治行动计划工作方案"),
    ]:
        result = run_cli("--data", str(mixed_data), "who", *question.split())
        assert result.returncode == 0, (question, result.stderr)
        lines = result.stdout.splitlines()
        assert lines[0].split(None, 1)[1] == title, question
        assert lines[1].startswith(f"位置      {document}"), question
    for question in ("量子通信网络建设", "航天发射场建设", "今天天气怎么样"):
        result = run_cli("--data", str(mixed_data), "who", question)
        assert result.returncode == 1 and "没有找到" in result.stderr and "设施〔" not in result.stderr, question


@pytest.mark.slow  # processes started and killed
def test_a_build_killed_outright_takes_its_workers_with_it(tmp_path):
    """``kill -9`` of ``build --jobs 2`` cannot stop its pool: the workers end by themselves when
    they see the building process gone, instead of reading on for nobody."""
    import os
    import signal
    import subprocess
    import time

    from conftest import INNOKG, SEED

    folder = tmp_path / "plans"
    folder.mkdir()
    text = SEED.read_text(encoding="utf-8")
    for i in range(200):  # enough work that the workers are busy when the build dies
        (folder / f"plan-{i}.txt").write_text(text.replace("武汉市", f"第{i}市"), encoding="utf-8")
    build = subprocess.Popen([str(INNOKG), "--data", str(tmp_path / "kg"), "build", "--jobs", "2", str(folder)],
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    workers: list[int] = []
    deadline = time.monotonic() + 60
    while len(workers) < 2 and time.monotonic() < deadline:
        time.sleep(0.2)
        listed = subprocess.run(["ps", "-o", "pid=", "--ppid", str(build.pid)], capture_output=True, text=True).stdout
        workers = [int(p) for p in listed.split()]
    assert len(workers) >= 2, "the pool did not start"
    time.sleep(1.0)
    os.kill(build.pid, signal.SIGKILL)
    build.wait()
    deadline = time.monotonic() + 10
    alive = workers
    while alive and time.monotonic() < deadline:
        time.sleep(0.2)
        alive = [p for p in workers if _running(p)]
    assert not alive, f"workers {alive} outlived the build"


def _running(pid: int) -> bool:
    """Whether a process runs (a zombie waiting for its new parent to reap it does not)."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False


def test_a_question_and_a_build_load_neither_networkx_nor_jieba(seed_data, tmp_path, monkeypatch):
    """networkx is for analyses and exports: a question or a build started from the command line
    does not spend a tenth of a second importing it. Nor a second loading jieba's dictionary: its
    words are read from the trie cached from it (innokg.nlp.words). Nor typer's rich helpers,
    which draw help screens."""
    import subprocess
    import sys

    from innokg.nlp import words

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))  # the processes below inherit it
    words.words.cache_clear()
    words.words()  # the cache, written once per machine, is there
    words.words.cache_clear()
    assert words.cache_path().exists()

    code = (
        "import sys\nfrom innokg.api.cli import main\n"
        "for args in (['--data', sys.argv[1], 'who', '科技'], ['--data', sys.argv[2], 'build', sys.argv[3]]):\n"
        "    try:\n        main(args)\n    except SystemExit as exit:\n        assert not exit.code, args\n"
        "print('networkx' in sys.modules, 'jieba' in sys.modules, 'typer.rich_utils' in sys.modules)\n"
    )
    plan = tmp_path / "plan.txt"
    plan.write_text("某市创新方案\n一、重点任务\n1.建设创新平台。（牵头单位：市科技局）\n", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-c", code, str(seed_data), str(tmp_path / "data"), str(plan)], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == "False False False"  # typer's rich helpers: for help


def test_the_command_runs_with_the_collector_on_after_an_import_without_it():
    """``innokg`` (innokg.api.launch) imports the command line with the collector paused, runs
    the command with it on again, and freezes what the command made when it is done (returned or
    exited), so the interpreter's last collection does not walk it."""
    import subprocess
    import sys
    from importlib.metadata import entry_points

    assert entry_points(group="console_scripts")["innokg"].value == "innokg.api.launch:main"
    probe = (
        "import gc, sys; import innokg.api.launch as launch; seen = []; "
        "sys.modules['innokg.api.cli'] = type(sys)('stand-in'); "
        "sys.modules['innokg.api.cli'].main = lambda: seen.append(gc.isenabled()); "
        "launch.main(); print(seen, gc.isenabled(), gc.get_freeze_count() > 0)"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["[True]", "True", "True"]
    importing = (  # the real command line, watched as it is imported and as its help runs
        "import gc, sys; seen = []\n"
        "class Watch:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name == 'innokg.api.cli': seen.append(gc.isenabled())\n"
        "sys.meta_path.insert(0, Watch()); sys.argv = ['innokg', '--help']\n"
        "import innokg.api.launch as launch\n"
        "try:\n    launch.main()\nexcept SystemExit as done:\n    print(done.code, seen, gc.isenabled(), gc.get_freeze_count() > 0)\n"
    )
    out = subprocess.run([sys.executable, "-c", importing], capture_output=True, text=True, check=True).stdout
    assert out.split()[-4:] == ["0", "[False]", "True", "True"]
