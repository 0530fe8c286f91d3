"""The route table of the pages: every URL a person opens in a browser, in one place (STYLE rule 2).

Handlers live by subject; each wears ``page`` (sign-in, one transaction, read-only roles refused on
changes) except sign-in itself. Every non-GET route is checked for the CSRF token before it runs.
"""
from webui.i18n import set_language
from webui.pages import account_tokens
from webui.pages import admin
from webui.pages import audit
from webui.pages import bp
from webui.pages import cadres
from webui.pages import cases
from webui.pages import clues
from webui.pages import design_forms
from webui.pages import design_versions
from webui.pages import designer
from webui.pages import document_downloads
from webui.pages import inbox
from webui.pages import info_network
from webui.pages import info_network_layout
from webui.pages import info_periodic
from webui.pages import notifications
from webui.pages import power_charts
from webui.pages import power_lists
from webui.pages import risk_point_page
from webui.pages import risks
from webui.pages import session_views
from webui.pages import start_schedules
from webui.pages import starts
from webui.pages import supervision
from webui.pages import tasks
from webui.pages import training
from webui.pages import unit_records

ROUTES = (
    (("GET", "POST"), "/login", session_views.login),
    (("POST",), "/logout", session_views.logout),
    (("POST",), "/language", set_language),
    (("GET", "POST"), "/reauth", session_views.reauth),
    (("GET", "POST"), "/account/password", session_views.password),
    (("GET", "POST"), "/account/tokens", account_tokens.account_tokens),
    (("POST",), "/account/tokens/<int:token_id>/revoke", account_tokens.revoke_account_token),
    (("GET",), "/", inbox.inbox),
    (("GET",), "/tasks/<int:task_id>", tasks.show_task),
    (("GET",), "/tasks/<int:task_id>/diagram.bpmn", tasks.task_diagram_xml),
    (("POST",), "/tasks/<int:task_id>/claim", tasks.claim),
    (("POST",), "/tasks/<int:task_id>/unclaim", tasks.unclaim),
    (("POST",), "/tasks/<int:task_id>/submit", tasks.submit),
    (("POST",), "/tasks/<int:task_id>/attachments", tasks.upload_attachment),
    (("GET", "POST"), "/clues/new", clues.new_clue),
    (("GET", "POST"), "/start", starts.start_process),
    (("GET",), "/risks", risks.risk_register),
    (("GET",), "/risks/overdue", risks.overdue_risk_measures),
    (("POST",), "/risks/reidentifications/<int:reidentification_id>/confirm", risks.confirm_reidentification),
    (("GET",), "/risks/points/<int:risk_point_id>", risk_point_page.show_risk_point),
    (("GET",), "/risks/units/<int:unit_id>/register.docx", unit_records.risk_register_docx),
    (("GET",), "/risks/units/<int:unit_id>/notice.docx", unit_records.risk_notice_docx),
    (("GET",), "/units/<int:unit_id>/timeline", unit_records.unit_timeline),
    (("GET", "POST"), "/risks/rounds/new", risks.open_risk_round),
    (("GET",), "/risks/powers", power_lists.power_list),
    (("POST",), "/risks/powers/import", power_lists.import_power_list_page),
    (("GET",), "/risks/powers/export.xlsx", power_lists.export_power_list_xlsx),
    (("GET",), "/risks/powers/template.xlsx", power_lists.power_list_template_xlsx),
    (("GET",), "/risks/powers/<int:power_item_id>/chart", power_charts.power_chart),
    (("POST",), "/risks/powers/<int:power_item_id>/chart", power_charts.create_power_chart),
    (("GET",), "/risks/powers/<int:power_item_id>/chart/edit", power_charts.edit_power_chart),
    (("GET",), "/risks/powers/<int:power_item_id>/chart.bpmn", power_charts.power_chart_xml),
    (("POST",), "/risks/powers/<int:power_item_id>/chart/xml", power_charts.save_power_chart),
    (("POST",), "/risks/powers/<int:power_item_id>/chart/marks", power_charts.mark_risk_point),
    (("GET",), "/cases", cases.ledger),
    (("GET",), "/cases/export.xlsx", cases.export_ledger_xlsx),
    (("GET",), "/cases/<int:case_id>", cases.show_case),
    (("GET",), "/cases/<int:case_id>/diagrams/<int:definition_id>.bpmn", cases.case_diagram_xml),
    (("GET",), "/documents/<int:document_id>", document_downloads.preview_document),
    (("GET",), "/documents/<int:document_id>.docx", document_downloads.download_document),
    (("GET",), "/attachments/<int:attachment_id>", document_downloads.download_attachment),
    (("GET",), "/notifications", notifications.notifications),
    (("POST",), "/notifications/<int:notification_id>/open", notifications.open_notification),
    (("POST",), "/notifications/read-all", notifications.read_all_notifications),
    (("GET", "POST"), "/training/clock", training.demo_clock),
    (("GET",), "/cadres", cadres.cadres),
    (("GET",), "/info", info_network.info_home),
    (("GET",), "/info/reports", info_network.info_reports),
    (("GET",), "/info/periodic", info_periodic.info_periodic),
    (("GET",), "/info/periodic/export.xlsx", info_periodic.info_periodic_xlsx),
    (("GET",), "/info/periodic/report.docx", info_periodic.info_periodic_docx),
    (("GET",), "/info/items/<int:item_id>", info_network.info_item),
    (("POST",), "/info/items/<int:item_id>/hand-over", info_network.hand_over_info_item),
    (("POST",), "/info/items/<int:item_id>/response", info_network.start_info_response),
    (("POST",), "/info/items/<int:item_id>/feedback", info_network_layout.record_info_feedback),
    (("GET", "POST"), "/info/items/new", info_network_layout.new_info_item),
    (("GET",), "/info/network", info_network_layout.info_network),
    (("POST",), "/info/network/nodes", info_network_layout.set_network_node),
    (("POST",), "/info/network/officers", info_network_layout.name_network_officer),
    (("POST",), "/info/network/officers/remove", info_network_layout.remove_network_officer),
    (("POST",), "/info/network/invited", info_network_layout.appoint_invited_officer),
    (("GET",), "/info/invited/<int:appointment_id>", info_network_layout.invited_officer),
    (("POST",), "/info/invited/<int:appointment_id>/records", info_network_layout.record_invited_training),
    (("POST",), "/info/invited/<int:appointment_id>/end", info_network_layout.end_invited_term),
    (("GET",), "/cadres/check", cadres.check_cadre),
    (("GET",), "/cadres/<int:cadre_id>", cadres.show_cadre),
    (("GET",), "/admin/units", admin.admin_units),
    (("POST",), "/admin/units/<int:unit_id>", admin.update_unit),
    (("GET",), "/admin/users", admin.admin_users),
    (("POST",), "/admin/users", admin.create_user),
    (("POST",), "/admin/users/<int:user_id>/roles", admin.grant_role),
    (("POST",), "/admin/roles/<int:assignment_id>/revoke", admin.revoke_role),
    (("POST",), "/admin/users/<int:user_id>/active", admin.set_user_active),
    (("POST",), "/admin/users/<int:user_id>/unlock", admin.unlock_user),
    (("POST",), "/admin/role-requests/<int:request_id>", admin.decide_role_grant),
    (("POST",), "/admin/users/<int:user_id>/tokens/revoke", admin.revoke_user_tokens),
    (("POST",), "/admin/users/<int:user_id>/cadre", admin.link_user_cadre),
    (("GET",), "/admin/cadres", admin.admin_cadres),
    (("POST",), "/admin/cadres/import", admin.import_cadres_page),
    (("GET",), "/admin/cadres/template.xlsx", admin.cadre_template_xlsx),
    (("GET", "POST"), "/admin/settings", admin.admin_settings),
    (("GET",), "/admin/schedules", start_schedules.admin_schedules),
    (("POST",), "/admin/schedules/<int:schedule_id>/pause", start_schedules.pause_start_schedule),
    (("POST",), "/admin/schedules/<int:schedule_id>/resume", start_schedules.resume_start_schedule),
    (("GET",), "/supervise", supervision.supervise),
    (("POST",), "/supervise/tasks/<int:task_id>/remind", supervision.supervise_remind),
    (("POST",), "/supervise/tasks/<int:task_id>/reassign", supervision.supervise_reassign),
    (("POST",), "/supervise/tasks/<int:task_id>/comment", supervision.supervise_comment),
    (("GET",), "/supervise/compliance", supervision.supervise_compliance),
    (("GET",), "/supervise/steps", supervision.supervise_steps),
    (("GET",), "/supervise/processes/<key>/diagram.bpmn", supervision.supervise_process_xml),
    (("GET",), "/supervise/statistics", supervision.supervise_statistics),
    (("GET",), "/supervise/statistics.xlsx", supervision.supervise_statistics_xlsx),
    (("GET",), "/supervise/incidents", supervision.supervise_incidents),
    (("POST",), "/supervise/incidents/<int:incident_id>/retry", supervision.supervise_retry_incident),
    (("GET",), "/designer", designer.designer_home),
    (("GET", "POST"), "/designer/drafts/new", designer.new_design_draft),
    (("POST",), "/designer/decisions/new", designer.new_decision_draft),
    (("POST",), "/designer/processes/new", designer.new_process_draft),
    (("GET",), "/designer/drafts/<int:draft_id>", designer.design_draft),
    (("POST",), "/designer/drafts/<int:draft_id>", designer.save_design_draft),
    (("GET",), "/designer/drafts/<int:draft_id>/diagram.bpmn", designer.design_draft_xml),
    (("POST",), "/designer/drafts/<int:draft_id>/check", designer.check_design_draft),
    (("POST",), "/designer/drafts/<int:draft_id>/submit", designer.submit_design_draft),
    (("POST",), "/designer/drafts/<int:draft_id>/approve", designer.approve_design_draft),
    (("POST",), "/designer/drafts/<int:draft_id>/reject", designer.reject_design_draft),
    (("GET",), "/designer/drafts/<int:draft_id>/diff", design_versions.design_draft_diff),
    (("POST",), "/designer/drafts/<int:draft_id>/forms", design_forms.save_design_forms),
    (("POST",), "/designer/drafts/<int:draft_id>/forms/preview", design_forms.preview_design_form),
    (("GET",), "/designer/processes/<key>", designer.design_process),
    (("GET",), "/designer/processes/<key>/diff", design_versions.design_version_diff),
    (("GET",), "/designer/definitions/<int:definition_id>.bpmn", designer.design_definition_xml),
    (("GET", "POST"), "/designer/definitions/<int:definition_id>/migration", design_versions.design_migration),
    (("POST",), "/designer/definitions/<int:definition_id>/migration/revert", design_versions.revert_design_migration),
    (("GET",), "/audit", audit.audit_home),
    (("GET",), "/audit/verify", audit.audit_verify),
    (("GET",), "/audit/cases/<int:case_id>", audit.audit_case),
    (("GET",), "/audit/cases/<int:case_id>/archive.zip", audit.audit_case_archive),
)

for _methods, _rule, _view in ROUTES:
    bp.add_url_rule(_rule, endpoint=_view.__name__, view_func=_view, methods=list(_methods))
