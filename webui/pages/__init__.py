"""The officials' pages: server-rendered (Jinja), thin over the same engine services as the API."""
from flask import Blueprint

bp = Blueprint("pages", __name__)

from webui.pages import views  # noqa: E402, F401  (registers the route table on bp)
