"""The route table of the pages: every URL a person opens in a browser, in one place (STYLE rule 2).

Handlers live by subject; each wears ``page`` (sign-in, one transaction, read-only roles refused on
changes) except sign-in itself. Every non-GET route is checked for the CSRF token before it runs.
"""
from webui.i18n import set_language
from webui.pages import bp
from webui.pages import cases
from webui.pages import clues
from webui.pages import documents
from webui.pages import inbox
from webui.pages import notifications
from webui.pages import session_views
from webui.pages import tasks
from webui.pages import training

ROUTES = (
    (("GET", "POST"), "/login", session_views.login),
    (("POST",), "/logout", session_views.logout),
    (("POST",), "/language", set_language),
    (("GET", "POST"), "/reauth", session_views.reauth),
    (("GET", "POST"), "/account/password", session_views.password),
    (("GET",), "/", inbox.inbox),
    (("GET",), "/tasks/<int:task_id>", tasks.show_task),
    (("GET",), "/tasks/<int:task_id>/diagram.bpmn", tasks.task_diagram_xml),
    (("POST",), "/tasks/<int:task_id>/claim", tasks.claim),
    (("POST",), "/tasks/<int:task_id>/unclaim", tasks.unclaim),
    (("POST",), "/tasks/<int:task_id>/submit", tasks.submit),
    (("POST",), "/tasks/<int:task_id>/attachments", tasks.upload_attachment),
    (("GET", "POST"), "/clues/new", clues.new_clue),
    (("GET",), "/cases", cases.ledger),
    (("GET",), "/cases/export.xlsx", cases.export_ledger_xlsx),
    (("GET",), "/cases/<int:case_id>", cases.show_case),
    (("GET",), "/cases/<int:case_id>/diagrams/<int:definition_id>.bpmn", cases.case_diagram_xml),
    (("GET",), "/documents/<int:document_id>", documents.preview_document),
    (("GET",), "/documents/<int:document_id>.docx", documents.download_document),
    (("GET",), "/attachments/<int:attachment_id>", documents.download_attachment),
    (("GET",), "/notifications", notifications.notifications),
    (("POST",), "/notifications/<int:notification_id>/open", notifications.open_notification),
    (("POST",), "/notifications/read-all", notifications.read_all_notifications),
    (("GET", "POST"), "/training/clock", training.demo_clock),
)

for _methods, _rule, _view in ROUTES:
    bp.add_url_rule(_rule, endpoint=_view.__name__, view_func=_view, methods=list(_methods))
