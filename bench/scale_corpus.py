"""A policy library of any size, generated: documents in the real plans' shapes.

Each document is a plan of one city or district: a title, an issuer and date, an opening
section of running text, numbered task sections and a closing one. Tasks name platforms,
enterprises, talent programmes, industries and targets, and carry their units in every
attribution layout innokg reads — (牵头单位：A；责任单位：B、C), (A牵头，B、C配合), a
责任单位 list with no lead, field lines under the task, (A、B等负责) — and a quarter of the
documents are scraped into one line, as half the development set is. Running text is
recombined from the sentences of the bundled corpus (and ../shared/corpus when it is beside
the repository); units come from the gazetteers' short forms, industries from the industry
tables. Names grow as a library's do: a new platform or enterprise is made now and then,
and the ones made earlier are named again, the first ones most often.

Deterministic: the same size and seed give the same files.

    python bench/scale_corpus.py N DIR [--seed 7]
"""

from __future__ import annotations

import argparse
import random
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
SHARED = ROOT.parent / "shared" / "corpus"

PLATFORM_HEADS = ("创新中心", "重点实验室", "技术创新中心", "产业园", "中试基地", "公共服务平台", "研究院", "孵化器", "产业创新中心")
ENTERPRISE_HEADS = ("有限公司", "股份有限公司", "集团")
PROGRAM_FORMS = ("“{}英才”计划", "“{}学者”计划", "{}青年人才培育工程", "“{}工匠”计划")
TOPICS = ("创新发展", "科技成果转化", "数字经济发展", "制造业高质量发展", "人才发展", "科技金融", "开放合作", "营商环境优化")
KINDS = ("三年行动方案", "实施方案", "若干措施", "工作方案", "行动计划")
SECTION_TOPICS = ("建设高能级创新平台", "培育创新型企业", "壮大优势产业", "集聚创新人才", "优化创新生态", "推进开放合作", "强化金融支撑")
NUMERALS = "一二三四五六七八九十"
VERBS = ("建设", "打造", "支持建设", "加快建设", "推动组建", "布局建设")
ATTRIBUTION_LAYOUTS = ("fields", "lead-co", "responsible-only", "field-lines", "listed")
SYLLABLES = "华信达联通科创云智汇博睿航新光宏泰安盛恒远星辰海源金瑞中天佳合力德正昌明"


class Pool:
    """Names that grow as a library's do: each draw makes a new name with probability ``fresh``,
    otherwise names one made before, the earlier ones more often."""

    def __init__(self, rng: random.Random, make, fresh: float) -> None:
        self.rng, self.make, self.fresh = rng, make, fresh
        self.names: list[str] = []
        self.known: set[str] = set()  # a list scan per draw would make 10,000 documents quadratic

    def draw(self) -> str:
        if not self.names or self.rng.random() < self.fresh:
            name = self.make()
            if name not in self.known:
                self.known.add(name)
                self.names.append(name)
            return name
        return self.names[int(len(self.names) * self.rng.random() ** 2)]


def departments() -> list[str]:
    """Short forms of municipal departments (科技局, 财政局 …) from the gazetteers."""
    found = set()
    for path in sorted((DATA / "gazetteers").glob("*.tsv")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.startswith("#") or "\t" not in line:
                continue
            for alias in line.split("\t")[2].split("|"):
                if re.fullmatch(r"市[\u4e00-\u9fff]{2,8}[局委办]", alias) and not alias.startswith("市场"):
                    found.add(alias[1:])
    return sorted(found)


def industries() -> list[str]:
    words = set()
    for path in sorted((DATA / "industries").glob("*.tsv")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.startswith("#") and "\t" in line:
                fields = line.split("\t")
                words.add(fields[2] if path.name == "965.tsv" else fields[0])
    return sorted(w for w in words if 2 <= len(w) <= 8)


def running_sentences() -> list[str]:
    """Sentences of running text from the corpora: no attribution words, no numbering."""
    texts = [p.read_text(encoding="utf-8") for p in sorted((DATA / "corpus").glob("*.txt"))]
    texts += [p.read_text(encoding="utf-8") for p in sorted((DATA / "layouts").glob("*.txt"))]
    texts += [p.read_text(encoding="utf-8") for p in sorted((SHARED / "dev").glob("*.txt"))]
    found = set()
    for text in texts:
        for sentence in re.findall(r"(?:^|(?<=[。；\n]))([^。；\n]{12,90}。)", text):
            sentence = sentence.strip()
            if not re.search(r"牵头|责任|负责|配合|单位|部门|^[（(]?[一二三四五六七八九十\d]", sentence):
                found.add(sentence)
    return sorted(found)


class Library:
    def __init__(self, seed: int) -> None:
        self.rng = rng = random.Random(seed)
        self.departments = departments()
        self.industries = industries()
        self.sentences = running_sentences()
        self.places = Pool(rng, lambda: self._word(2) + rng.choice("市区县"), fresh=0.15)
        self.platforms = Pool(
            rng, lambda: self._word(2) + rng.choice(self.industries) + rng.choice(PLATFORM_HEADS), fresh=0.35
        )
        self.enterprises = Pool(
            rng, lambda: self._word(2) + rng.choice(self.industries) + rng.choice(ENTERPRISE_HEADS), fresh=0.4
        )
        self.programs = Pool(rng, lambda: rng.choice(PROGRAM_FORMS).format(self._word(2)), fresh=0.3)

    def _word(self, size: int) -> str:
        return "".join(self.rng.choice(SYLLABLES) for _ in range(size))

    def document(self, number: int) -> str:
        rng = self.rng
        place = self.places.draw()
        level = place[-1]
        year = rng.randrange(2015, 2026)
        lines = [
            f"{place}{rng.choice(TOPICS)}{rng.choice(KINDS)}（{year}—{year + 2}年）",
            f"{place}人民政府办公室  {year}年{rng.randrange(1, 13)}月{rng.randrange(1, 29)}日",
            "一、总体要求",
            self._paragraph(5),
            "二、重点任务",
        ]
        task = 0
        for s in range(rng.randrange(3, 7)):
            lines.append(f"（{NUMERALS[s]}）{rng.choice(SECTION_TOPICS)}")
            for _ in range(rng.randrange(4, 10)):
                task += 1
                lines.extend(self._task(task, level, year))
        lines += ["三、保障措施", self._paragraph(4)]
        if rng.random() < 0.25:  # scraped into one line
            return " ".join(lines) + "\n"
        return "\n".join(lines) + "\n"

    def _paragraph(self, sentences: int) -> str:
        return "".join(self.rng.choice(self.sentences) for _ in range(sentences))

    def _task(self, number: int, level: str, year: int) -> list[str]:
        rng = self.rng
        kind = rng.random()
        if kind < 0.45:
            subject = f"{rng.choice(VERBS)}{self.platforms.draw()}"
        elif kind < 0.65:
            subject = f"支持{self.enterprises.draw()}做大做强"
        elif kind < 0.8:
            subject = f"实施{self.programs.draw()}"
        else:
            subject = f"壮大{rng.choice(self.industries)}产业"
        body = self._paragraph(rng.randrange(1, 4))
        if rng.random() < 0.4:
            body += f"到{year + 2}年，{rng.choice(('高新技术企业', '科技型中小企业', '新型研发机构'))}达到{rng.randrange(10, 3000)}家。"
        units = [level + d for d in rng.sample(self.departments, rng.randrange(2, 5))]
        layout = rng.choice(ATTRIBUTION_LAYOUTS)
        lead, others = units[0], "、".join(units[1:])
        if layout == "fields":
            return [f"{number}.{subject}。{body}（牵头单位：{lead}；责任单位：{others}）"]
        if layout == "lead-co":
            return [f"{number}.{subject}。{body}（{lead}牵头，{others}配合）"]
        if layout == "responsible-only":
            return [f"{number}.{subject}。{body}（责任单位：{'、'.join(units)}）"]
        if layout == "listed":
            return [f"{number}.{subject}。{body}（{'、'.join(units)}等负责）"]
        return [f"{number}.{subject}。{body}", f"牵头单位：{lead}", f"配合单位：{others}"]


def generate(count: int, folder: Path, seed: int = 7) -> list[Path]:
    """Write ``count`` documents to ``folder`` (plan-00000.txt …) and return their paths."""
    folder.mkdir(parents=True, exist_ok=True)
    library = Library(seed)
    paths = []
    for number in range(count):
        path = folder / f"plan-{number:05d}.txt"
        path.write_text(library.document(number), encoding="utf-8")
        paths.append(path)
    return paths


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", type=int)
    parser.add_argument("folder", type=Path)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    paths = generate(args.count, args.folder, args.seed)
    print(f"{len(paths)} documents, {sum(p.stat().st_size for p in paths) / 1e6:.1f} MB → {args.folder}")


if __name__ == "__main__":
    main()
