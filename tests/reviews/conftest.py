import datetime

import pytest

from tests import factories
from tests.admin.conftest import analyst, analyst_client, editor, editor_client  # noqa: F401  (fixtures)
from tracker import summary
from tracker.models import MeasureLink

OPINION_TEXT = "健全防止返贫动态监测和帮扶机制。对脱贫不稳定户、边缘易致贫户开展定期检查、动态管理。"
LATER_TEXT = "完善覆盖农村人口的常态化防止返贫致贫机制，对有返贫致贫风险的农户开展定期检查、动态管理。"


def suggested_link(later, earlier, score="0.8000", relation="restates") -> MeasureLink:
    """A link as the linker writes it: the last clause of each text as the evidence."""
    later_start, earlier_start = later.text.index("开展定期检查"), earlier.text.index("开展定期检查")
    return written(MeasureLink.objects.create(
        from_measure=later, to_measure=earlier, relation=relation, score=score, provenance="inferred",
        method="test-1", from_span_start=later_start, from_span_end=len(later.text),
        to_span_start=earlier_start, to_span_end=len(earlier.text),
    ))


def whole_text_link(later, earlier, relation="restates", review="suggested") -> MeasureLink:
    """A link as the linker writes it, the two whole texts as the evidence."""
    return written(MeasureLink.objects.create(
        from_measure=later, to_measure=earlier, relation=relation, review=review, score="0.7000",
        provenance="inferred", method="test-1", from_span_start=0, from_span_end=len(later.text), to_span_start=0,
        to_span_end=len(earlier.text),
    ))


def written(link: MeasureLink) -> MeasureLink:
    """The dashboards' count of carrying links kept, as the linker keeps it (tracker.summary)."""
    summary.refresh_carried([link.to_measure.document_id])
    return link


@pytest.fixture
def lineage(db):
    """The 2020 opinion's monitoring measure and a 2025 item that carries it, linked as a suggestion."""
    opinion = factories.document()
    later_document = factories.document("关于进一步深化农村改革扎实推进乡村全面振兴的意见",
                                        date_written=datetime.date(2025, 1, 1))
    earlier = factories.measure(opinion, "三/（二）", text=OPINION_TEXT)
    later = factories.measure(later_document, "二/（五）", text=LATER_TEXT)
    return {"earlier": earlier, "later": later, "link": suggested_link(later, earlier)}
