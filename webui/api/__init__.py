"""The JSON API blueprint, ``/api/v1``: handlers, supervisors, auditors and administrators as API clients."""
from flask import Blueprint

bp = Blueprint("api", __name__, url_prefix="/api/v1")

from webui.api import views  # noqa: E402, F401  (registers the route table on bp)
