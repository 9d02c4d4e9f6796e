from tests.admin.conftest import analyst, analyst_client, editor, editor_client, tree  # noqa: F401
