from tests.admin.conftest import analyst, analyst_client, editor, editor_client, tree  # noqa: F401  (fixtures)
from tests.reviews.conftest import lineage  # noqa: F401  (fixture)
