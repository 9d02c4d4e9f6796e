"""A page into articles: boundaries, headlines before or after the body, titles, kinds, issuers and dates."""

from datetime import date

import pytest

from tests.parsing.documents import LAW, SPEECH, STATE_COUNCIL_OPINION
from tracker.parsing import parse_text


def articles(text):
    return parse_text(text).articles


def test_policy_document_metadata():
    (article,) = articles(STATE_COUNCIL_OPINION)
    assert article.title == "国务院关于加强耕地保护和改进占补平衡的意见"
    assert (article.kind, article.doc_type, article.document_number) == ("policy_document", "意见", "国发〔2019〕3号")
    assert article.issuers == ("国务院",)
    assert article.date_written == date(2019, 1, 24)  # from the signature at the foot
    assert article.date_published is None


def test_a_laws_adoption_note_gives_its_written_date():
    law = "中华人民共和国乡村振兴促进法\n（2021年4月29日第十三届全国人民代表大会常务委员会第二十八次会议通过）\n" \
          "第一章　总则\n第一条　为了全面实施乡村振兴战略，制定本法。\n第二条　本法适用于乡村振兴活动。\n"
    (article,) = articles(law)
    assert (article.title, article.kind, article.date_written) == ("中华人民共和国乡村振兴促进法", "law", date(2021, 4, 29))
    assert [m.path for m in article.measures] == ["第一章", "第一章/第一条", "第一章/第二条"]


def test_issuers_date_and_a_dateline_whose_year_follows_the_written_date():
    page = (
        "中共中央 国务院\n# 关于实现巩固拓展脱贫攻坚成果同乡村振兴有效衔接的意见\n(2020年12月16日)\n\n"
        "## 一、重大意义\n\n脱贫攻坚取得全面胜利。\n\n新华社北京3月22日电\n\n"
        "## 老挝国会选举 通伦为国家主席\n\n据新华社万象3月22日电(记者 章建华) 老挝第九届国会第一次会议22日召开。\n"
    )
    opinion, laos = articles(page)
    assert opinion.title == "关于实现巩固拓展脱贫攻坚成果同乡村振兴有效衔接的意见"
    assert opinion.issuers == ("中共中央", "国务院")
    assert (opinion.date_written, opinion.date_published) == (date(2020, 12, 16), date(2021, 3, 22))
    assert (laos.title, laos.kind) == ("老挝国会选举 通伦为国家主席", "news")
    assert laos.date_published == date(2021, 3, 22)  # the same page's dateline of the same day gives the year


def test_a_dateline_without_any_year_on_the_page_stays_unknown():
    (article,) = articles("新华社北京3月22日电 外交部发言人华春莹22日表示，对话是及时的、有益的。\n")
    assert article.date_published is None
    assert article.kind == "news"


HEADLINES_AFTER_BODIES = """新华社北京3月22日电 3月22日，国家主席习近平同科威特埃米尔纳瓦夫互致贺电，庆祝两国建交50周年。

习近平在贺电中指出，中科建交半个世纪以来，两国传统友谊历久弥坚。

习近平同科威特埃米尔纳瓦夫就中科建交50周年互致贺电

新华社北京3月22日电（记者 温馨 成欣）外交部发言人华春莹22日表示，中美高层战略对话是及时的、有益的，加深了相互理解。

首先，双方同意保持对话沟通。其次，中方阐明了坚定立场。

外交部：

中美高层战略对话是及时的、有益的
"""


def test_headlines_printed_after_their_bodies():
    greetings, briefing = articles(HEADLINES_AFTER_BODIES)
    assert greetings.title == "习近平同科威特埃米尔纳瓦夫就中科建交50周年互致贺电"
    assert briefing.title == "中美高层战略对话是及时的、有益的"
    assert briefing.measures == ()  # 首先、其次 are not numbered items


def test_headlines_before_a_body_and_after_the_previous_one_are_shared_out():
    page = (
        "新华社电 国家主席习近平27日应约同美国总统特朗普通电话。\n\n两国元首同意就共同关心的问题保持沟通。\n\n"
        "习近平应约同美国总统特朗普通电话\n\n习近平主持召开中共中央政治局会议\n\n"
        "新华社电 中共中央政治局3月27日召开会议，中共中央总书记习近平主持会议。\n\n"
        "会议强调，要继续抓紧抓实抓细疫情防控各项重点工作。\n\n会议指出，要加大宏观政策调节和实施力度。\n"
    )
    call, meeting = articles(page)
    assert (call.title, call.kind) == ("习近平应约同美国总统特朗普通电话", "phone_call_readout")
    assert (meeting.title, meeting.kind) == ("习近平主持召开中共中央政治局会议", "meeting_readout")
    assert meeting.measures == ()  # 会议强调/会议指出 are not numbered items


def test_continuation_marks_and_trailing_datelines_separate_articles():
    page = (
        "关于《决议》的说明\n\n习近平\n\n受中央政治局委托，我作说明。\n\n一、关于议题\n\n我们党历来重视总结历史经验。\n\n"
        "（新华社北京11月16日电）\n\n（上接第一版）\n\n习近平强调，中美应该着力推动四个方面的优先事项。两国元首都认为，此次会晤是建设性的。\n"
    )
    speech, readout = articles(page)
    assert (speech.title, speech.kind, speech.issuers) == ("关于《决议》的说明", "speech", ("习近平",))
    assert [m.path for m in speech.measures] == ["一"]
    assert readout.title_inferred and readout.title == "习近平强调，中美应该着力推动四个方面的优先事项"
    assert readout.kind == "meeting_readout"


@pytest.mark.parametrize(
    ("page", "kind"),
    [
        (LAW, "law"),
        (SPEECH, "speech"),
        (
            "习近平在陕西考察时强调 扎实做好“六稳”工作\n习近平近日在陕西考察。4月20日至23日，习近平先后来到商洛、安康等地。\n",
            "inspection_report",
        ),
        (
            "团结合作是最有力武器\n习近平\n一、病毒没有国界\n我一直讲，人类是一个命运共同体。\n（2020年2月20日给比尔·盖茨的回信）\n"
            "公共卫生安全是共同挑战。\n（2020年2月23日《在部署会议上的讲话》）\n人类是休戚与共的命运共同体。\n（2020年3月12日同古特雷斯通电话）\n",
            "quote_compilation",
        ),
        (
            "（上接第一版）\n“我很想念王老师。”她小声啜泣着。\n是的，我们相信，王玉一定去了没有病痛的天堂。\n",
            "feature_story",
        ),
    ],
    ids=["law", "speech", "inspection", "quotes", "feature"],
)
def test_kinds(page, kind):
    assert articles(page)[0].kind == kind


def test_articles_cover_their_spans_of_the_normalised_text():
    source = parse_text(HEADLINES_AFTER_BODIES)
    for article in source.articles:
        start, end = article.span
        assert source.text[start:end].strip() == source.text[start:end]
    assert source.articles[0].span[1] < source.articles[1].span[0]


def test_a_title_broken_over_lines_and_a_qualified_document_type():
    (article,) = articles(
        "国务院办公厅关于印发\n全国农业现代化规划（2016—2020年）的通知\n国办发〔2016〕58号\n"
        "各省、自治区、直辖市人民政府：\n现将《全国农业现代化规划（2016—2020年）》印发给你们，请认真贯彻执行。\n"
        "国务院办公厅\n2016年10月17日\n"
    )
    assert article.title == "国务院办公厅关于印发全国农业现代化规划（2016—2020年）的通知"
    assert (article.issuers, article.doc_type, article.document_number) == (
        ("国务院办公厅",),
        "通知",
        "国办发〔2016〕58号",
    )
    assert article.date_written == date(2016, 10, 17)


def test_a_news_paragraph_opening_with_a_list_of_months_is_not_an_item():
    (article,) = articles("新华社北京5月6日电 国家统计局6日发布数据。\n三、四月份，全国规模以上工业增加值同比增长。\n")
    assert article.measures == ()


def test_a_single_issuer_above_the_title_is_not_part_of_it():
    (article,) = articles("国务院\n关于进一步加强耕地保护的通知\n一、严格控制建设占用耕地。加强规划管控。\n")
    assert (article.title, article.issuers, article.kind) == (
        "关于进一步加强耕地保护的通知",
        ("国务院",),
        "policy_document",
    )


def test_a_page_of_news_items_each_with_its_headline_before_the_dateline():
    page = (
        "李克强会见新加坡总理李显龙\n新华社北京3月22日电 国务院总理李克强22日在人民大会堂会见新加坡总理李显龙。\n"
        "李克强表示，中方愿同新方深化合作。\n王毅同俄罗斯外长通电话\n"
        "新华社北京3月22日电 国务委员兼外长王毅22日应约同俄罗斯外长拉夫罗夫通电话。\n王毅表示，中俄要加强战略协作。\n"
        "全国春播粮食面积稳中有增\n本报北京3月22日讯（记者 张三）农业农村部22日发布数据，全国春播粮食面积稳中有增。\n"
    )
    assert [(a.title, a.kind) for a in articles(page)] == [
        ("李克强会见新加坡总理李显龙", "meeting_readout"),
        ("王毅同俄罗斯外长通电话", "phone_call_readout"),
        ("全国春播粮食面积稳中有增", "news"),
    ]
