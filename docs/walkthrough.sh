#!/usr/bin/env bash
# A correction case from clue to lifting through the JSON API with curl, as in the README.
# Needs the app running in demo mode (`make run`, manual clock) at $BASE; uses python3 only to read JSON.
# Run it on a freshly seeded demo: it sets the shared demo clock to 2 November 2026 and moves it forward.
set -euo pipefail
BASE=${BASE:-http://127.0.0.1:5000/api/v1}
LJ=${LJ:-.venv/bin/lianjing}
declare -A TOKEN
for u in wang.clerk xu.clerk li.deputy zhang.secretary wu.partychief zheng.org liu.auditor admin; do
  TOKEN[$u]=$($LJ token "$u" | tail -n1)
done
json() { python3 -c "import json,sys; d=json.load(sys.stdin); print(eval(sys.argv[1], {'d': d}))" "$1"; }
api() {  # api USER METHOD PATH [JSON]
  curl -sS -X "$2" -H "Authorization: Bearer ${TOKEN[$1]}" -H 'Content-Type: application/json' \
    ${4:+--data "$4"} "${@:5}" "$BASE$3"
}
# A decision step (审批, 报县委主要领导) takes a short-lived token issued for the password (docs/SECURITY.md S9).
DEMO_PASSWORD=${DEMO_PASSWORD:-lianjing2026}
for u in li.deputy zhang.secretary wu.partychief; do
  TOKEN[$u]=$(api "$u" POST /tokens/fresh "{\"password\": \"$DEMO_PASSWORD\"}" | json "d['token']")
done
# step USER BPMN_ID DATA_JSON [OPINION]: complete the open step of the case as USER
step() {
  local task
  task=$(api "$1" GET "/tasks?view=all&case_number=$CASE_Q" | json "[t['id'] for t in d['items'] if t['bpmn_id']=='$2'][0]")
  api "$1" POST "/tasks/$task/complete" "{\"data\": $3, \"opinion\": \"${4:-}\"}" \
    | json "'$2 -> ' + ', '.join(t['bpmn_id'] for t in d['next_tasks']) + (' | ' + d['case']['stage_label'] if d['case'] else '')"
}

api admin POST /admin/clock '{"now": "2026-11-02T09:00:00+08:00"}' > /dev/null
CADRE=${CADRE_ID:-2}   # the demo county's cadre 2: 正阳关镇镇长 (principal leader, managed by the county)
REGISTERED=$(api wang.clerk POST /clues "{\"source_channel\": \"letters_visits\", \"received_on\": \"2026-11-01\",
  \"source_unit_name\": \"县信访局\", \"summary\": \"群众反映该镇长违规收受礼金\", \"subject_cadre_id\": $CADRE}")
CASE=$(json "d['case']['number']" <<< "$REGISTERED")
CASE_ID=$(json "d['case']['id']" <<< "$REGISTERED")
CASE_Q=$(python3 -c "import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1]))" "$CASE")
echo "registered case $CASE (id $CASE_ID: GET $BASE/cases/$CASE_ID)"
step wang.clerk screen_clue '{"routing": "handle_here", "reason": "县管干部,本级处理"}'
step wang.clerk propose_subject '{"warning_type": "correction", "facts": "违规收受礼金", "grounds": "第九条"}'
step wang.clerk preliminary_check '{"method": "preliminary_check", "finished_on": "2026-11-02", "findings": "基本属实", "check_conclusion": "confirmed"}'
step xu.clerk fill_approval_form '{"proposal": "建议责令纠错", "basis": "第九条、第十七条"}'
step zhang.secretary approve_correction '{"approval_decision": "approved", "decided_on": "2026-11-02", "opinion": "同意"}'
step wu.partychief report_to_party_chief '{"acknowledged_on": "2026-11-02"}'
step wang.clerk plan_implementation '{"method": "written_and_talk", "started_on": "2026-11-02", "implementer": "县纪委书记"}'
SEC=$(api zhang.secretary GET /me | json "d['id']"); DEP=$(api li.deputy GET /me | json "d['id']")
step wang.clerk draft_talk_plan "{\"outline\": \"指出错误事实\", \"lead_talker_id\": $SEC, \"co_talker_ids\": [$DEP]}"
step wang.clerk notify_talk '{"talk_at": "2026-11-02T15:00:00+08:00", "place": "县纪委谈话室", "notified_on": "2026-11-02"}'
step wang.clerk record_talk "{\"talked_on\": \"2026-11-02\", \"talker_ids\": [$SEC, $DEP], \"record_summary\": \"本人承认错误\", \"recorder\": \"王干事\", \"subject_signed\": true}"
step xu.clerk fill_registration_form '{"rectification_requirements": "一个月内退还礼金并书面检查"}'
step li.deputy approve_registration '{"approval_decision": "approved", "decided_on": "2026-11-02"}'
step wang.clerk issue_notice '{"issued_on": "2026-11-02", "delivery_method": "in_person"}'
api admin POST /admin/clock '{"now": "2026-11-03T10:00:00+08:00"}' > /dev/null
step wang.clerk record_receipt '{"received_on": "2026-11-03"}'
api zheng.org GET "/cadres/$CADRE/restrictions" | json "d['answer']"
api admin POST /admin/clock '{"now": "2026-11-20T10:00:00+08:00"}' > /dev/null
step wang.clerk await_rectification '{"progress": "extension_requested", "requested_on": "2026-11-20", "reason": "退赔款项需分期筹措"}'
step xu.clerk fill_extension_form '{"reason": "特殊情况", "requested_due_date": "2026-12-20"}'
step li.deputy approve_extension '{"extension_decision": "approved", "approved_due_date": "2026-12-20", "decided_on": "2026-11-20"}'
step wang.clerk issue_extension_notice '{"issued_on": "2026-11-20", "delivery_method": "in_person"}'
step wang.clerk await_rectification '{"progress": "extension_requested", "requested_on": "2026-11-20", "reason": "再次申请"}'
echo "second extension past the cap:"
TASK=$(api xu.clerk GET "/tasks?view=all&case_number=$CASE_Q" | json "d['items'][0]['id']")
REFUSED=$(api xu.clerk POST "/tasks/$TASK/complete" '{"data": {"reason": "再次申请", "requested_due_date": "2027-02-01"}}' \
  -w '\n%{http_code}')
echo "  HTTP ${REFUSED##*$'\n'}: $(json "d['error']['code'] + ' ' + d['error']['message']" <<< "${REFUSED%$'\n'*}")"
step xu.clerk fill_extension_form '{"reason": "再次申请", "requested_due_date": "2026-12-31"}'
step li.deputy approve_extension '{"extension_decision": "rejected", "decided_on": "2026-11-20", "opinion": "理由不充分,不予延期"}'
echo "the deadline passes without a report:"
api admin POST /admin/clock '{"now": "2026-12-21T09:00:00+08:00"}' > /dev/null
api admin POST /admin/jobs/run '{}' > /dev/null  # the background worker may have fired it already
api wang.clerk GET "/cases/$CASE_ID" | json "'  ' + d['stage_label'] + ', overdue: ' + str(d['overdue'])"
step wang.clerk decide_correction_overdue '{"supervision_outcome": "late_submission", "submitted_on": "2026-12-21", "summary": "逾期一日提交整改报告"}' "逾期补交,记录在案"
step wang.clerk follow_up_visit '{"visited_on": "2026-12-21", "methods": ["hearing_report", "reviewing_materials"], "findings": "整改到位", "requirements_met": true}'
step xu.clerk fill_follow_up_form '{"opinion": "已达到整改要求,建议解除预警"}'
step zhang.secretary approve_lifting '{"approval_decision": "approved", "decided_on": "2026-12-21"}'
step wang.clerk feedback_to_source '{"notified_on": "2026-12-21", "feedback": "已责令纠错并整改到位,解除预警"}'
api wang.clerk GET "/cases/$CASE_ID" | json "(d['number'], d['status'], d['outcome_label'])"
api zheng.org GET "/cadres/$CADRE/restrictions" | json "d['answer']"
api liu.auditor GET "/cases/$CASE_ID/events" \
  | json "f\"{len(d['items'])} events of the case, from {d['items'][0]['action']} to {d['items'][-1]['action']}\""
api admin GET /audit/verify | json "d"
