from tests.admin.conftest import editor, editor_client  # noqa: F401  (the upload page's editor)
