"""The route table of ``/api/v1``: every URL of the API in one place (STYLE rule 2).

Handlers live by subject in ``people``, ``tasks``, ``cases`` and ``admin``; each is load → authorize →
act → respond inside one transaction, and carries the ``Operation`` the OpenAPI document is built from.
"""
from webui.api import admin
from webui.api import bp
from webui.api import cases
from webui.api import incidents
from webui.api import info_network
from webui.api import info_network_layout
from webui.api import info_periodic
from webui.api import people
from webui.api import processes
from webui.api import risk_points
from webui.api import tasks
from webui.api import tokens

ROUTES = (
    ("GET", "/me", people.me),
    ("POST", "/clues", tasks.register_clue),
    ("GET", "/tasks", tasks.list_tasks),
    ("GET", "/tasks/<int:task_id>", tasks.get_task),
    ("POST", "/tasks/<int:task_id>/claim", tasks.claim_task),
    ("POST", "/tasks/<int:task_id>/unclaim", tasks.unclaim_task),
    ("POST", "/tasks/<int:task_id>/complete", tasks.complete_task),
    ("GET", "/processes", processes.list_startable),
    ("POST", "/processes/<key>/instances", processes.start_process),
    ("GET", "/cases", cases.list_cases),
    ("GET", "/cases/<int:case_id>", cases.get_case),
    ("GET", "/cases/<int:case_id>/events", cases.case_events),
    ("GET", "/cadres/<int:cadre_id>/restrictions", people.cadre_restrictions),
    ("GET", "/risk-points", risk_points.list_points),
    ("POST", "/risk-points", risk_points.create_point),
    ("PUT", "/risk-points/<int:risk_point_id>", risk_points.update_point),
    ("POST", "/risk-rounds", risk_points.start_round),
    ("GET", "/risk-measures/overdue", risk_points.list_overdue_measures),
    ("GET", "/power-lists/<int:unit_id>", risk_points.export_power_list_xlsx),
    ("POST", "/power-lists/<int:unit_id>", risk_points.import_power_list_xlsx),
    ("GET", "/info-items", info_network.list_info_items),
    ("POST", "/info-items", info_network.create_info_item),
    ("POST", "/info-items/<int:item_id>/verify", info_network.verify_info_item),
    ("POST", "/info-items/<int:item_id>/grade", info_network.grade_info_item),
    ("POST", "/info-items/<int:item_id>/hand-over", info_network.hand_over_info_item),
    ("POST", "/info-items/<int:item_id>/response", info_network.start_info_response),
    ("GET", "/info-scores", info_network.info_scores),
    ("GET", "/info-reports", info_network.info_reports),
    ("GET", "/info-periodic", info_periodic.info_periodic),
    ("GET", "/info-network", info_network_layout.info_network_layout),
    ("GET", "/tokens", tokens.list_tokens),
    ("POST", "/tokens/fresh", tokens.fresh_token),
    ("POST", "/tokens/<int:token_id>/revoke", tokens.revoke),
    ("GET", "/incidents", incidents.list_incidents),
    ("POST", "/incidents/<int:incident_id>/retry", incidents.retry_incident),
    ("GET", "/audit/verify", admin.verify_audit),
    ("POST", "/admin/clock", admin.set_clock),
    ("POST", "/admin/jobs/run", admin.run_jobs),
    ("GET", "/openapi.json", admin.openapi_document),
)

for _method, _rule, _view in ROUTES:
    bp.add_url_rule(_rule, endpoint=_view.__name__, view_func=_view, methods=[_method])
