"""The pure matcher and the relation rules, on small tables (no database)."""

import time
from dataclasses import replace

import pytest

from tests.conftest import REPO
from tracker.lineage.clauses import concept_word, content_words, corpus_idf, own_ranges, split_clauses
from tracker.lineage.matching import DEFAULT_SETTINGS, ClausePair, Item, heading_named, match_items, related_pair
from tracker.lineage.relations import relation_of

EARLIER = ("三/（四）做好易地扶贫搬迁后续扶持工作。聚焦原深度贫困地区、大型特大型安置区，从就业需要、产业发展和后续配套设施"
           "建设提升完善等方面加大扶持力度，完善后续扶持政策体系。")
LATER = "（十）守牢不发生规模性返贫致贫底线。持续巩固提升饮水安全保障成果，加强易地扶贫搬迁后续扶持。"
OTHER = "（一）深入推进粮油作物大面积单产提升行动。稳定粮食播种面积，主攻单产和品质提升。"


PLAN = REPO / "tests" / "fixtures" / "lineage-dev" / "docs" / "shiwuwu-guihua-jianyi-2025.txt"
# A corpus for the words' IDF: a rare word is rare among many items, not among three.
NO1_LINES = [line for line in (PLAN.parent / "zhongyang-yihao-wenjian-2025.txt").read_text("utf-8").splitlines()
             if len(line) > 20 and "搬迁" not in line]
BACKGROUND = [line for line in PLAN.read_text("utf-8").splitlines() if len(line) > 60 and "搬迁" not in line][:40]


def idf_of(*texts):
    return corpus_idf(split_clauses(text) for text in (*texts, *BACKGROUND))


@pytest.mark.parametrize(("later", "earlier", "local", "relation"), [
    ("自2026年起同时废止原实施意见", "实施原有帮扶政策", False, "supersedes"),
    ("过渡期结束后纳入常态化帮扶", "过渡期内保持主要帮扶政策总体稳定", False, "relaxes"),
    ("过渡期结束后纳入常态化帮扶", "设立5年过渡期", False, "supersedes"),  # the standing support replaces it
    ("资金使用比例由县级自主确定", "衔接资金用于产业发展的比例不低于55%", False, "relaxes"),
    ("达到退出标准的农户退出帮扶", "开展定期检查、动态管理", False, "relaxes"),
    ("风险消除之后，实行动态退出", "开展定期检查、动态管理", False, "relaxes"),
    ("赋予县级更大资金使用自主权", "合理安排财政投入规模", False, "relaxes"),
    ("全省开展易地搬迁后续扶持", "做好易地扶贫搬迁后续扶持工作", True, "localises"),
    ("坚决守住18亿亩耕地红线", "守住耕地红线", False, "strengthens"),
    ("扩大以工代赈项目实施规模", "广泛采取以工代赈方式", False, "strengthens"),
    ("防止返贫致贫监测帮扶覆盖全体农村人口", "对脱贫不稳定户、边缘易致贫户开展定期检查", False, "strengthens"),
    ("严守耕地红线", "坚决守住18亿亩耕地红线", False, "restates"),
    ("建立统一的资产登记管理台账", "摸清资产底数", False, "elaborates"),
    ("制定衔接资金使用管理办法", "加强衔接资金使用管理", False, "elaborates"),
    ("深化快递进村", "实施快递进村工程", False, "restates"),
    # after the transition period
    ("把常态化帮扶纳入乡村振兴战略统筹实施", "脱贫攻坚目标任务完成后,设立5年过渡期", True, "supersedes"),
    ("健全农村低收入人口常态化帮扶机制", "健全农村低收入人口常态化帮扶机制，设立5年过渡期", False, "restates"),
    ("对离开帮扶政策会出现返贫风险的继续实施帮扶", "摘帽不摘帮扶,防止急刹车", True, "relaxes"),
    ("对离开帮扶政策会出现返贫风险的继续实施帮扶", "开展定期检查、动态管理", False, "restates"),
    # how many units were designated, where the earlier passage designated a batch, is no harder target
    ("分别确定160个国家乡村振兴重点帮扶县", "确定一批国家乡村振兴重点帮扶县", False, "restates"),
    ("确定160个国家乡村振兴重点帮扶县", "支持国家乡村振兴重点帮扶县", False, "strengthens"),
])
def test_relation_rules(later, earlier, local, relation):
    assert relation_of(later, earlier, local) == relation


def test_the_condition_of_limited_support_is_read_in_the_later_passages_sentence():
    sentence = "对于离开帮扶政策会出现返贫风险的，要继续实施帮扶。"
    assert relation_of("要继续实施帮扶", "摘帽不摘帮扶", False) == "restates"
    assert relation_of("要继续实施帮扶", "摘帽不摘帮扶", False, sentence) == "relaxes"


def test_a_cue_the_earlier_passage_has_is_no_change():
    assert relation_of("健全防止返贫监测机制", "健全防止返贫动态监测和帮扶机制") == "restates"


def test_clauses_cut_at_sentence_and_comma_and_keep_spans():
    clauses = split_clauses(LATER)
    assert [c.text for c in clauses] == ["（十）守牢不发生规模性返贫致贫底线", "持续巩固提升饮水安全保障成果", "加强易地扶贫搬迁后续扶持"]
    assert all(LATER[c.start:c.end] == c.text for c in clauses)


def test_own_ranges_leave_out_sub_items():
    parent = "二、总体要求。（一）指导思想。坚持党的领导。（二）主要原则。尾段。"
    ranges = own_ranges(parent, ["（一）指导思想。坚持党的领导。", "（二）主要原则。"])
    assert [parent[s:e] for s, e in ranges] == ["二、总体要求。", "尾段。"]


def test_a_restated_clause_of_a_long_item_is_found_with_its_passages():
    idf = idf_of(EARLIER, LATER, OTHER)
    matches = match_items([Item("later", "b", LATER)], [Item("earlier", "a", EARLIER), Item("other", "a", OTHER)], idf)
    assert [(m.later, m.earlier) for m in matches] == [("later", "earlier")]
    match = matches[0]
    assert "易地扶贫搬迁后续扶持" in LATER[slice(*match.later_span)]
    assert "易地扶贫搬迁后续扶持" in EARLIER[slice(*match.earlier_span)]
    assert 0 < match.score <= 1


def test_a_later_item_is_compared_with_its_own_candidates_only():
    """The index's candidates are per later item: another item's candidate is not this one's."""
    idf = idf_of(EARLIER, LATER, OTHER)
    later, earlier = [Item("later", "b", LATER), Item("other later", "b", OTHER)], [Item("earlier", "a", EARLIER)]
    assert [m.earlier for m in match_items(later, earlier, idf, candidates={"later": {"earlier"}})] == ["earlier"]
    assert match_items(later, earlier, idf, candidates={"other later": {"earlier"}}) == []


def test_items_of_one_document_are_never_matched():
    idf = idf_of(EARLIER, LATER)
    assert match_items([Item("later", "same", LATER)], [Item("earlier", "same", EARLIER)], idf) == []


def test_empty_input_gives_no_matches():
    assert match_items([Item("empty", "b", "")], [Item("earlier", "a", EARLIER)], idf_of(EARLIER)) == []
    assert match_items([], [], {}) == []


def test_a_document_of_5000_items_finishes_in_reasonable_time():
    """Every 100th item of a 5,000-item document restates the earlier item; the others are other policy text."""
    plan_lines = [line for line in PLAN.read_text("utf-8").splitlines() if len(line) > 20]
    # The restating items open with LATER: a plan line first may be one that narrates (取得重大成就), never matched.
    later = [Item(n, "big", (LATER if n % 100 == 0 else "") + plan_lines[n % len(plan_lines)]) for n in range(5000)]
    earlier = [Item("earlier", "old", EARLIER), *(Item(f"e{n}", "old", line) for n, line in enumerate(NO1_LINES))]
    idf = corpus_idf(split_clauses(item.text) for item in (*later, *earlier))
    started = time.perf_counter()
    every_one = replace(DEFAULT_SETTINGS, max_links_per_earlier=100, earlier_runner_up_share=0.0)  # all 50 wanted
    matches = match_items(later, earlier, idf, every_one)
    assert time.perf_counter() - started < 60
    assert {m.later for m in matches if m.earlier == "earlier"} == set(range(0, 5000, 100))


# A later clause that restates one earlier passage, and two earlier items that both hold it more or less well.
CLOSE = "（四）做好易地扶贫搬迁后续扶持工作。完善后续扶持政策体系。"
LOOSE = "（九）加强安置区管理。易地搬迁群众就业帮扶。"


def test_a_later_clause_links_its_best_earlier_item_and_not_a_weaker_one():
    idf = idf_of(CLOSE, LOOSE, LATER)
    later = [Item("later", "b", LATER)]
    matches = match_items(later, [Item("close", "a", CLOSE), Item("loose", "a", LOOSE)], idf,
                          replace(DEFAULT_SETTINGS, threshold=0.0))
    assert [m.earlier for m in matches] == ["close"]
    everything = match_items(later, [Item("close", "a", CLOSE), Item("loose", "a", LOOSE)], idf,
                             replace(DEFAULT_SETTINGS, threshold=0.0, runner_up_share=0.0))
    assert {m.earlier for m in everything} == {"close", "loose"}  # the rule, not the threshold, left it out


def test_two_earlier_items_equally_good_for_a_clause_are_both_linked():
    idf = idf_of(CLOSE, LATER)
    twin = Item("twin", "a", CLOSE.replace("（四）", "（五）"))
    matches = match_items([Item("later", "b", LATER)], [Item("close", "a", CLOSE), twin], idf,
                          replace(DEFAULT_SETTINGS, threshold=0.0))
    assert {m.earlier for m in matches} == {"close", "twin"}


PART = "三、做好易地扶贫搬迁后续扶持\n" + CLOSE


def test_a_part_heading_is_not_matched_but_its_sub_item_is():
    idf = idf_of(PART, CLOSE, LATER)
    part = Item("part", "a", PART, own_ranges(PART, [CLOSE]))
    sub_item = Item("sub", "a", CLOSE, parent="part")
    matches = match_items([Item("later", "b", LATER)], [part, sub_item], idf, replace(DEFAULT_SETTINGS, threshold=0.0))
    assert [m.earlier for m in matches] == ["sub"]


def test_an_earlier_item_enclosing_a_linked_one_is_not_linked_too():
    """The part's own closing paragraph restates the later clause as well as its sub-item does."""
    part_text = PART + "\n加强易地扶贫搬迁后续扶持。"
    idf = idf_of(part_text, CLOSE, LATER)
    part = Item("part", "a", part_text, own_ranges(part_text, [CLOSE]))
    sub_item = Item("sub", "a", CLOSE, parent="part")
    settings = replace(DEFAULT_SETTINGS, threshold=0.0)
    assert [m.earlier for m in match_items([Item("later", "b", LATER)], [part, sub_item], idf, settings)] == ["sub"]
    assert [m.earlier for m in match_items([Item("later", "b", LATER)], [part], idf, settings)] == ["part"]


def test_items_about_the_same_subject_score_higher_for_one_shared_clause():
    """One clause (做好易地扶贫搬迁后续扶持工作) in an earlier item about resettlement and in one about grain."""
    shared = "（四）做好易地扶贫搬迁后续扶持工作。"
    same_subject = Item("same", "a", shared + "聚焦大型特大型安置区，完善后续扶持政策体系。")
    other_subject = Item("other", "c", shared + "稳定粮食播种面积，主攻单产和品质提升。")
    later = [Item("later", "b", LATER + "聚焦安置区，完善后续扶持政策。")]
    idf = idf_of(same_subject.text, other_subject.text, LATER, OTHER)
    settings = replace(DEFAULT_SETTINGS, threshold=0.0, runner_up_share=0.0, second_clause_bonus=0.0, full_context=1.0)

    def scores(context_weight):
        matches = match_items(later, [same_subject, other_subject], idf, replace(settings, context_weight=context_weight))
        return {m.earlier: m.score for m in matches}

    assert scores(0.0)["same"] == scores(0.0)["other"]
    assert scores(0.35)["same"] > scores(0.35)["other"]


def test_an_earlier_item_is_carried_by_its_best_later_item_and_not_a_weaker_one():
    idf = idf_of(EARLIER, LATER, OTHER)
    close = Item("close", "b", LATER)
    loose = Item("loose", "b", "（十二）做好后续扶持。稳定粮食播种面积。")
    settings = replace(DEFAULT_SETTINGS, threshold=0.0)
    assert [m.later for m in match_items([close, loose], [Item("earlier", "a", EARLIER)], idf, settings)] == ["close"]
    everything = match_items([close, loose], [Item("earlier", "a", EARLIER)], idf,
                             replace(settings, earlier_runner_up_share=0.0))
    assert {m.later for m in everything} == {"close", "loose"}


def test_the_genres_standing_phrases_are_no_words_of_a_clause():
    assert split_clauses("坚持稳中求进工作总基调，以习近平新时代中国特色社会主义思想为指导") == ()  # nothing else in it
    (clause,) = split_clauses("坚持稳中求进工作总基调，健全防止返贫动态监测")
    assert "返贫" in clause.words and not {"稳中求进", "总基调", "基调"} & clause.words


def test_two_items_sharing_only_standing_phrases_are_not_linked():
    guidance = "（一）指导思想。以习近平新时代中国特色社会主义思想为指导，坚持稳中求进工作总基调。"
    plan = "（4）坚持稳中求进工作总基调，以习近平新时代中国特色社会主义思想为指导。"
    idf = idf_of(guidance, plan, LATER, OTHER)
    settings = replace(DEFAULT_SETTINGS, threshold=0.0)
    assert match_items([Item("plan", "b", plan)], [Item("guidance", "a", guidance)], idf, settings) == []


def test_numbered_slogans_are_kept_whole():
    assert {"三保障", "保障"} <= content_words("巩固提升“三保障”和饮水安全保障成果")
    assert "四个" in content_words("严格落实“四个不摘”要求")  # jieba keeps this one whole itself


def test_a_later_item_naming_the_earlier_items_subject_scores_higher():
    """One shared phrase (提高…服务质量) in a later item about social assistance and in one about tourism."""
    earlier = Item("earlier", "a", "（十一）分层分类实施社会救助。完善残疾人康复救助制度，提高救助服务质量。")
    assistance = Item("assistance", "b", "（二十）健全分层分类的社会救助体系。提高服务质量。")
    tourism = Item("tourism", "c", "（三十五）发展乡村旅游。提高旅游服务质量。")
    idf = idf_of(earlier.text, assistance.text, tourism.text, OTHER)
    settings = replace(DEFAULT_SETTINGS, threshold=0.0, second_clause_bonus=0.0, context_weight=0.0)

    def scores(heading_weight):
        matches = match_items([assistance, tourism], [earlier], idf,
                              replace(settings, heading_weight=heading_weight, earlier_runner_up_share=0.0))
        return {m.later: m.score for m in matches}

    assert heading_named(content_words(assistance.text), earlier, idf) >= DEFAULT_SETTINGS.full_heading_idf
    assert heading_named(content_words(tourism.text), earlier, idf) == 0.0
    assert scores(0.3)["tourism"] == pytest.approx(scores(0.0)["tourism"] * 0.7, abs=1e-3)
    assert scores(0.3)["assistance"] == scores(0.0)["assistance"]


@pytest.mark.parametrize("narrative", ["一、重大意义\n党的十八大以来，做好易地扶贫搬迁后续扶持工作，成就举世瞩目。",
                                       "（1）“十四五”时期我国发展取得重大成就。做好易地扶贫搬迁后续扶持工作。"])
def test_an_item_that_narrates_is_matched_on_neither_side(narrative):
    idf = idf_of(narrative, EARLIER, LATER, OTHER)
    settings = replace(DEFAULT_SETTINGS, threshold=0.0)
    assert match_items([Item("later", "b", LATER)], [Item("story", "a", narrative)], idf, settings) == []
    assert match_items([Item("story", "b", narrative)], [Item("earlier", "a", EARLIER)], idf, settings) == []
    measure = narrative.replace("重大意义", "加强后续扶持").replace("取得重大成就", "加强后续扶持")
    assert match_items([Item("later", "b", LATER)], [Item("measure", "a", measure)], idf, settings)


HEADED = Item("headed", "a", "（七）促进脱贫人口稳定就业。搭建用工信息平台，培育区域劳务品牌。")
RESTATING = Item("restating", "b", "（十）促进脱贫人口稳岗就业。深入开展就业攻坚行动。")


def common_idf(*items):
    """Every word in more than a tenth of the items (`Settings.anchor_share`): none is an anchor."""
    return {word: 1.5 for item in items for clause in split_clauses(item.text) for word in clause.words}


def test_an_earlier_heading_is_compared_in_the_genres_common_words():
    """促进脱贫人口稳岗就业 restates the heading （七）促进脱贫人口稳定就业 in words every item of the genre uses."""
    settings = replace(DEFAULT_SETTINGS, threshold=0.0)
    (match,) = match_items([RESTATING], [HEADED], common_idf(HEADED, RESTATING), settings)
    assert match.earlier == "headed" and "促进脱贫人口稳定就业" in HEADED.text[slice(*match.earlier_span)]


def test_a_clause_in_the_body_is_not_compared_in_common_words_alone():
    body = Item("body", "a", "（七）搭建用工信息平台。促进脱贫人口稳定就业，培育区域劳务品牌。")
    settings = replace(DEFAULT_SETTINGS, threshold=0.0)
    assert match_items([RESTATING], [body], common_idf(body, RESTATING), settings) == []


def test_shared_candidates_are_compared_with_every_later_item():
    """On PostgreSQL the items of the documents a later document draws on most are every later item's
    candidates (store.SOURCE_DOCUMENTS), whatever the item's own rare words brought."""
    idf = common_idf(HEADED, RESTATING)
    assert match_items([RESTATING], [HEADED], idf, DEFAULT_SETTINGS, candidates={}) == []
    (match,) = match_items([RESTATING], [HEADED], idf, DEFAULT_SETTINGS, candidates={}, shared={"headed"})
    assert match.earlier == "headed"


def test_the_programmes_name_is_a_standing_phrase():
    assert split_clauses("认真落实关于巩固拓展脱贫攻坚成果同乡村振兴有效衔接的决策部署")[0].words == content_words("认真落实关于的决策部署")


def test_the_partys_exhortations_are_standing_phrases():
    clauses = split_clauses("增强“四个意识”、坚定“四个自信”、做到“两个维护”，集中力量办好自己的事，健全防止返贫动态监测")
    words = frozenset().union(*(clause.words for clause in clauses))
    assert "返贫" in words and not {"意识", "自信", "维护", "集中", "力量"} & words


SUBJECT_ITEMS = [Item(f"opinion {number}", "opinion", f"（{number}）巩固脱贫成果，健全帮扶{topic}。") for number, topic in
                 enumerate(["机制", "政策", "队伍", "资金", "项目"])]
ASSISTANCE = Item("assistance", "opinion", "（十一）分层分类实施社会救助。巩固脱贫成果，提高救助服务质量。")


def subject_scores(later_items, earlier_items, **changes):
    texts = [item.text for item in (*later_items, *earlier_items)]
    settings = replace(DEFAULT_SETTINGS, threshold=0.0, context_weight=0.0, heading_weight=0.0, **changes)
    return {m.later: m.score for m in match_items(later_items, earlier_items, idf_of(*texts, OTHER), settings)}


def test_a_later_item_whose_headings_do_not_name_the_earlier_documents_subject_scores_lower():
    """A broad plan mentions 提高…服务质量 in its part on culture and in its part on poverty; the opinion's items
    all speak of 脱贫 and 帮扶, so only the second part's item is about the opinion's subject."""
    culture_part = Item("culture part", "plan", "十、繁荣文化事业")
    culture = Item("culture", "plan", "（35）加快发展文化产业。提高旅游服务质量。", parent="culture part")
    poverty_part = Item("poverty part", "plan", "八、巩固脱贫成果，健全常态化帮扶")
    poverty = Item("poverty", "plan", "（27）提高惠农政策效能。提高救助服务质量。", parent="poverty part")
    later_items = [Item("guidance", "plan", "一、总体要求"), culture_part, culture, poverty_part, poverty]
    earlier_items = [*SUBJECT_ITEMS, ASSISTANCE]
    scaled = subject_scores(later_items, earlier_items, earlier_runner_up_share=0.0)
    unscaled = subject_scores(later_items, earlier_items, earlier_runner_up_share=0.0, subject_weight=0.0)
    assert scaled["culture"] == pytest.approx(unscaled["culture"] * 0.7, abs=1e-3)
    assert scaled["poverty"] == unscaled["poverty"]
    # a later document of fewer items (a press report's 一是…三是) has no parts off the subject to tell apart
    few = later_items[1:]
    assert subject_scores(few, earlier_items, earlier_runner_up_share=0.0)["culture"] == subject_scores(
        few, earlier_items, earlier_runner_up_share=0.0, subject_weight=0.0)["culture"]


def test_too_few_items_of_an_earlier_document_show_no_subject():
    culture = Item("culture", "plan", "（35）加快发展文化产业。提高旅游服务质量。")
    earlier_items = [*SUBJECT_ITEMS[:3], ASSISTANCE]  # 4 < Settings.subject_min_items
    assert subject_scores([culture], earlier_items) == subject_scores([culture], earlier_items, subject_weight=0.0)


@pytest.mark.parametrize(("before", "after", "concept"), [
    ("摘帽不摘帮扶，防止急刹车", "要继续实施帮扶", "后续帮扶"),
    ("脱贫攻坚目标任务完成后，设立5年过渡期", "把常态化帮扶纳入乡村振兴战略统筹实施", "帮扶期限"),
    ("防止急刹车", "避免出现政策“悬崖效应”", "防止断崖"),
    ("建立农户主动申请、部门信息比对、基层干部定期跟踪回访相结合的发现和核查机制", "1.农户自主申报。", "发现渠道"),
    ("建立农户主动申请、部门信息比对、基层干部定期跟踪回访相结合的发现和核查机制", "3.行业部门筛查预警。", "发现渠道"),
])
def test_a_concept_of_the_genre_is_a_word_of_the_clauses_naming_it(before, after, concept):
    def words(text):
        return frozenset().union(*(clause.words for clause in split_clauses(text)))

    assert concept_word(concept) in words(before) & words(after)
    assert concept_word(concept) not in words("开展定期检查、动态管理")


def test_passages_naming_one_transition_concept_in_other_words_are_linked():
    earlier = Item("earlier", "a", "（一）保持主要帮扶政策总体稳定。过渡期内严格落实“四个不摘”要求，摘帽不摘帮扶，防止一撤了之。")
    later = Item("later", "b", "一是实行动态管理。对于原建档立卡脱贫人口实行分类管理，对离开帮扶政策会出现返贫风险的继续实施帮扶。")
    idf = idf_of(earlier.text, later.text)
    assert [(m.earlier, m.relation) for m in match_items([later], [earlier], idf)] == [("earlier", "relaxes")]
    without = replace(DEFAULT_SETTINGS, concept_idf=0.0)
    assert match_items([later], [earlier], idf, without) == []


def test_an_ending_relation_in_any_aligned_clause_pair_is_the_pairs_relation():
    later = split_clauses("保持财政投入政策总体稳定。县级可根据帮扶任务合理安排资金。")
    earlier = split_clauses("过渡期内在保持财政支持政策总体稳定的前提下，合理安排财政投入规模。")
    best, loosening = ClausePair(0.8, later[0], earlier[0]), ClausePair(0.5, later[1], earlier[1])
    assert related_pair([best, loosening], True) == ("relaxes", loosening)
    assert related_pair([best], True) == ("localises", best)


def test_a_sub_item_names_the_earlier_items_subject_in_the_headings_above_it():
    earlier = Item("earlier", "a", "（二）健全防止返贫动态监测和帮扶机制。建立农户主动申请、部门信息比对、基层干部定期跟踪回访"
                   "相结合的易返贫致贫人口发现和核查机制。")
    part = Item("part", "b", "二、监测方式和程序。1.农户自主申报。", own=((0, 10),), local=True)
    sub_item = Item("sub", "b", "1.农户自主申报。", local=True, parent="part")
    idf = idf_of(earlier.text, part.text)
    settings = replace(DEFAULT_SETTINGS, threshold=0.0)
    under_heading = [m.score for m in match_items([part, sub_item], [earlier], idf, settings) if m.later == "sub"]
    alone = [m.score for m in match_items([replace(sub_item, parent=None)], [earlier], idf, settings)]
    assert under_heading[0] > alone[0]


def test_a_local_documents_items_all_carry_the_earlier_item_they_implement():
    earlier = [Item("earlier", "a", EARLIER)]
    close, loose = LATER, "（十二）做好后续扶持。稳定粮食播种面积。"
    idf = idf_of(EARLIER, LATER, OTHER)
    settings = replace(DEFAULT_SETTINGS, threshold=0.0)

    def carried(local, **changes):
        later = [Item("close", "b", close, local=local), Item("loose", "b", loose, local=local)]
        return {m.later for m in match_items(later, earlier, idf, replace(settings, **changes))}

    assert carried(local=False) == {"close"}
    assert carried(local=True) == {"close", "loose"}
    assert carried(local=True, local_links_per_earlier=1) == {"close"}
