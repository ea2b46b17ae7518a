"""The REST API at /api/v1/ (OpenAPI 3.1 at /api/v1/openapi.json, docs at
/api/v1/docs). Each app contributes the ``router`` of its ``api.py``;
domain apps never import this package (DESIGN.md §3)."""
