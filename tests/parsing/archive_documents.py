"""Documents of the genre as news and web archives save them (Markdown), and in the plain layout they print in.

The plain texts follow the conventions of real central documents (a No. 1 document's 一、/（一） with headings
that run into their text; a five-year-plan proposal's arabic items that run on across its parts, under an
adoption note; a plan released inside a news item, 主要内容如下); `archive_markdown` and `heading_markdown`
re-set them as archives do, so a test can ask that both layouts give the same outline.
"""

from __future__ import annotations

import re

NO1_DOCUMENT = """中共中央 国务院关于锚定农业强国目标扎实推进乡村全面振兴的意见

（2026年1月3日）

做好2026年“三农”工作，要坚持农业农村优先发展，守牢确保粮食安全、不发生规模性返贫致贫底线。现提出如下意见。

一、持续增强粮食等重要农产品供给保障能力

（一）稳定粮食播种面积。坚持稳面积、增单产两端发力，粮食产量稳定在1.4万亿斤左右。每年开展省级党委和政府耕地保护和粮食安全责任制考核。

（二）加强高标准农田建设。完成高标准农田新建和改造提升年度任务，力争用3年时间整区域推进。农机总动力11亿千瓦左右。

二、巩固拓展脱贫攻坚成果

（三）健全常态化防止返贫致贫机制。过渡期内保持主要帮扶政策总体稳定。过渡期结束后，推动防止返贫帮扶政策和农村低收入人口常态化帮扶政策衔接并轨。

（四）提高帮扶产业发展质量。中央财政衔接推进乡村振兴补助资金用于产业发展的比重保持在60%以上，每3年开展一次帮扶项目资产清查。

三、加强党对“三农”工作的全面领导

（五）压实五级书记抓乡村振兴责任。健全党委农村工作领导小组统筹协调机制，每年农历秋分日举办中国农民丰收节。

让我们更加紧密地团结在以习近平同志为核心的党中央周围，为加快建设农业强国而努力奋斗！
"""

FIVE_YEAR_PROPOSAL = """中共中央关于制定国民经济和社会发展第十五个五年规划的建议

（2025年10月23日中国共产党第二十届中央委员会第四次全体会议通过）

中国共产党第二十届中央委员会第四次全体会议，研究了制定国民经济和社会发展第十五个五年规划问题，提出以下建议。

一、“十四五”时期我国发展取得重大成就，“十五五”时期我国发展环境面临深刻复杂变化

1.“十四五”时期我国发展取得重大成就。“十四五”时期是我国发展进程中极不寻常、极不平凡的五年。

2.“十五五”时期在基本实现社会主义现代化进程中具有承前启后的重要地位。“十五五”时期是夯实基础、全面发力的关键时期。

二、“十五五”时期经济社会发展的指导方针和主要目标

3.“十五五”时期经济社会发展的指导思想。坚持以习近平新时代中国特色社会主义思想为指导，完整准确全面贯彻新发展理念。

4.“十五五”时期经济社会发展的主要目标。到2030年，居民收入增长和经济增长同步，城镇调查失业率控制在5.5%以内。

三、加快农业农村现代化，扎实推进乡村全面振兴

5.增强农业综合生产能力和质量效益。全方位夯实粮食安全根基，严守18亿亩耕地红线，新建高标准农田不少于1亿亩。

6.巩固拓展脱贫攻坚成果。统筹建立农村防止返贫致贫机制，每5年开展一次农村低收入人口动态监测评估。
"""

RELEASED_PLAN = """中共中央办公厅 国务院办公厅印发《数字乡村发展战略纲要》

新华社北京5月16日电 近日，中共中央办公厅、国务院办公厅印发了《数字乡村发展战略纲要》，并发出通知，要求各地区各部门结合实际认真贯彻落实。

《数字乡村发展战略纲要》主要内容如下。

一、重大意义

数字乡村是伴随网络化、信息化和数字化在农业农村经济社会发展中的应用而内生的农业农村现代化发展和转型进程。

二、总体要求

（一）指导思想。以习近平新时代中国特色社会主义思想为指导，全面贯彻党的十九大精神。

（二）发展目标。到2025年，数字乡村建设取得重要进展，城乡“数字鸿沟”明显缩小。

三、重点任务

（三）加快乡村信息基础设施建设。大幅提升乡村网络设施水平，到2020年，全国行政村4G覆盖率超过98%。

（四）发展农村数字经济。夯实数字农业基础，建设农业农村遥感卫星等天基设施。

四、保障措施

（五）加强组织领导。各地区各部门要高度重视，每年召开一次数字乡村建设推进会。
"""

ARCHIVE_DOCUMENTS = {
    "no1_document": NO1_DOCUMENT,
    "five_year_proposal": FIVE_YEAR_PROPOSAL,
    "released_plan": RELEASED_PLAN,
}

_PART = re.compile(r"^(?:[一二三四五六七八九十]+、|\d+\.|（[一二三四五六七八九十]+）)")
_HEADING_SENTENCE = re.compile(
    r"^(?P<heading>(?:[一二三四五六七八九十]+、|\d+\.|（[一二三四五六七八九十]+）)[^。]{1,40}。)(?P<rest>.+)$"
)
_DATE_LINE = re.compile(r"^（(\d{4})年(\d{1,2})月(\d{1,2})日）$")
_CN = "〇一二三四五六七八九"


def archive_markdown(plain: str, published: str, paper: str = "人民日报") -> str:
    """The document as a news archive saves it: front matter, `# ` headline, `> ` source line, bold headings
    (a heading alone in bold, a heading sentence that runs into its text in bold), a `## ` date in Chinese
    numerals."""
    title, *paragraphs = [p for p in plain.split("\n") if p.strip()]
    year, month, day = published.split("-")
    lines = [
        "---",
        f'title: "{title}"',
        f"date: {published}",
        "source: 人民网",
        "---",
        "",
        f"# {title}",
        "",
        f"> 《{paper}》（{year}年{month}月{day}日 第01版）",
        "",
    ]
    for paragraph in paragraphs:
        lines += [_archived(paragraph), ""]
    return "\n".join(lines)


def _archived(paragraph: str) -> str:
    date_line = _DATE_LINE.match(paragraph)
    if date_line:
        return f"## （{_chinese_date(*map(int, date_line.groups()))}）"
    sentence = _HEADING_SENTENCE.match(paragraph)
    if sentence:
        return f"**{sentence['heading']}**{sentence['rest']}"
    if _PART.match(paragraph):
        return f"**{paragraph}**"
    return paragraph


def _chinese_date(year: int, month: int, day: int) -> str:
    return "".join(_CN[int(d)] for d in str(year)) + f"年{_chinese_small(month)}月{_chinese_small(day)}日"


def _chinese_small(number: int) -> str:
    tens, ones = divmod(number, 10)
    return ("" if tens < 2 else _CN[tens]) + ("十" if tens else "") + (_CN[ones] if ones else "")


def heading_markdown(plain: str) -> str:
    """The document with its outline as `#` headings: the title `#`, parts standing alone `##`."""
    title, *paragraphs = [p for p in plain.split("\n") if p.strip()]
    lines = [f"# {title}", ""]
    for paragraph in paragraphs:
        lines += [f"## {paragraph}" if _PART.match(paragraph) and "。" not in paragraph else paragraph, ""]
    return "\n".join(lines)


def spaced_heading_sentences(text: str) -> str:
    """Letter-space each item's number and heading sentence where it runs into its text, as newspapers print it
    (`（ 七 ） 加 强 高 标 准 农 田 建 设。完成…`): wrapped in columns, the spaced heading breaks across lines."""
    return "\n".join(_spaced(line) for line in text.split("\n"))


def _spaced(line: str) -> str:
    sentence = _HEADING_SENTENCE.match(line)
    return " ".join(sentence["heading"]) + sentence["rest"] if sentence else line
