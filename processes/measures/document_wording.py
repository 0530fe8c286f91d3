"""The wording of every official document (文书, DOMAIN.md §7): one template per document kind.

A template is body paragraphs with ``{placeholders}`` and, for forms (审批表、登记表、记录), a table of
label → placeholder rows. ``processes.measures.rendering`` fills the placeholders from the case's facts as they stood
when the document was issued (``COMMON_PLACEHOLDERS``) and from the fields recorded with the document (the
issuing step's form data, ``form_key``, plus what the effect added, ``extra_fields``). A value that is
missing prints as ``BLANK``, a line to fill in by hand, never as "None".

The wording follows 《领导干部廉洁自律预警机制实施办法》 (seeds/003, "the Measures"); each template names
the articles it serves, and the body cites them where the subject is told what to do.
"""
from __future__ import annotations

import string
from dataclasses import dataclass

#: what a value nobody recorded prints as: a line to fill in by hand
BLANK = "＿＿＿＿＿＿"

#: the full title of the Measures as documents quote it
MEASURES = "《领导干部廉洁自律预警机制实施办法》"

#: placeholders every document may use, filled by processes.measures.rendering from the case at issue time
COMMON_PLACEHOLDERS: dict[str, str] = {
    "subject": "预警对象姓名",
    "unit": "预警对象所在单位",
    "position": "预警对象职务",
    "position_kind": "职务类别(主要负责人、班子其他成员、其他干部;第二十条)",
    "warning_type": "发文时的预警方式(谈话函询、警示诫勉、责令纠错)",
    "case_number": "台帐编号(一案一例,第二十六条)",
    "clue_number": "线索编号",
    "clue_summary": "线索反映的问题",
    "source_channel": "线索来源渠道(第十条)",
    "source_unit": "线索来源部门(第十四条)",
    "clue_received_on": "接到线索日期",
    "transfer_form_number": "预警线索移送表编号(第十三条)",
    "transferring_body": "移送机关(第十三条)",
    "transferred_on": "移送日期(第十三条)",
    "problem": "主要问题事实(排查建议,第十五条;未排查的为线索内容)",
    "grounds": "排查建议的依据",
    "check_method": "了解、初核或调查(第十六条)",
    "check_findings": "核查情况(第十六条)",
    "approved_on": "批准日期(第十七条)",
    "method": "实施方式(书面、谈话,第二十一条)",
    "implementer": "实施人(第十八至二十条)",
    "lead_talker": "主谈人(第二十二条)",
    "talk_at": "谈话时间(第二十二条)",
    "place": "谈话地点(第二十二条)",
    "talked_on": "谈话日期",
    "commitment": "承诺情况(谈话函询,第二十五条)",
    "rectification_requirements": "整改要求(警示诫勉、责令纠错,第二十五条)",
    "notice_number": "询问函或通知书的文号",
    "notice_issued_on": "询问函或通知书的发出日期",
    "notice_received_on": "接到询问函、通知书或接受谈话的日期(期限起算日,第二十八至三十条)",
    "original_due_date": "原定整改期限(第三十条)",
    "due_date": "发文时的整改期限",
    "extension_cap_date": "延期最迟日期(原定期限后1个月,第三十条)",
    "extension_requested_on": "预警对象申请延期日期(第三十条)",
    "report_submitted_on": "书面说明或整改报告提交日期(第二十七至三十条)",
    "report_summary": "书面说明或整改报告内容(第二十七至三十条)",
    "visited_on": "回访日期(第三十条)",
    "visit_methods": "回访方式(第三十条)",
    "visit_findings": "回访情况(第三十条)",
    "leader_opinion": "领导审批意见(已签批的,审批结果、审批人及日期)",
    "issuer": "发文机关简称,如“寿县纪委”",
    "blank": "留待手填的空白",
}


@dataclass(frozen=True)
class DocumentTemplate:
    """How one kind of document reads."""

    #: the article(s) of the Measures the document serves
    article: str
    #: the form whose data is recorded with the document (None: issued from the clue itself)
    form_key: str | None
    #: body paragraphs, each indented two characters when printed
    paragraphs: tuple[str, ...] = ()
    #: (label, placeholder text) rows of a form's table
    table: tuple[tuple[str, str], ...] = ()
    #: lines after the body, e.g. "特此通知。"
    closing: tuple[str, ...] = ()
    #: whether the document is addressed to someone above the body ("张三同志:")
    addressed: bool = True
    #: the recipient is the subject, a person: "同志" follows the name
    to_subject: bool = False
    #: a record the office keeps (审批表、登记表、谈话方案、谈话记录), never issued outward: printed without the
    #: red masthead (版头, GB/T 9704-2012 7.2) and without a seal; an issued document keeps both
    internal: bool = False
    #: fields beyond the form's: recorded by the issuing effect (the due dates of an extension) or named by
    #: processes.measures.rendering from the form's ids (talker_names from talker_ids)
    extra_fields: frozenset[str] = frozenset()

    def placeholders(self) -> set[str]:
        """Return every placeholder name the template uses."""
        texts = [*self.paragraphs, *(text for _, text in self.table), *self.closing]
        return {name for text in texts for _, name, _, _ in string.Formatter().parse(text) if name is not None}


_SUBJECT_ROWS: tuple[tuple[str, str], ...] = (
    ("预警对象", "{subject}"),
    ("单位及职务", "{unit}{position}"),
    ("台帐编号", "{case_number}"),
)

_NOTICE = "notice_issue"

def _correction_notification(article: str, addressee: str, asked: str) -> DocumentTemplate:
    """The written notice of an ordered correction (第三十一条): the same facts and restrictions to each recipient,
    ending with what that recipient is asked to do."""
    return DocumentTemplate(
        article=article, form_key=_NOTICE,
        paragraphs=(
            (addressee + "同志,经{issuer}研究批准,于{notice_issued_on}对其发出责令纠错通知书({notice_number}),"
             "责令其自接到通知书之日起1个月内整改到位(第三十条)。主要问题:{problem}"),
            "根据" + MEASURES + "第三十一条规定,在整改期限内,该同志不得评选评优,暂缓提拔使用" + asked,
        ),
        closing=("特此通报。",))


TEMPLATES: dict[str, DocumentTemplate] = {
    # 第十三条: law-enforcement bodies send a clue needing a warning with a 预警线索移送表.
    "clue_transfer_form": DocumentTemplate(
        internal=True, article="第十条、第十三条", form_key=None, addressed=False,
        table=(
            ("移送表编号", "{transfer_form_number}"),
            ("移送机关", "{transferring_body}"),
            ("移送日期", "{transferred_on}"),
            ("接收机关", "{issuer}"),
            ("接收日期", "{clue_received_on}"),
            ("线索编号", "{clue_number}"),
            ("反映对象", "{subject}"),
            ("单位及职务", "{unit}{position}"),
            ("线索来源渠道", "{source_channel}"),
            ("反映的主要问题", "{clue_summary}"),
            ("接收机关意见", "{blank}"),
        )),
    # 第十七条: after screening the warning office fills the subject approval form with its proposal; an
    # inquiry goes to the deputy secretary or secretary, an admonition to the secretary (or the standing
    # committee), a correction to the secretary or the standing committee and then the county party chief.
    "approval_form": DocumentTemplate(
        internal=True, article="第十五条至第十七条", form_key="approval_form", addressed=False,
        table=(
            *_SUBJECT_ROWS,
            ("职务类别", "{position_kind}"),
            ("线索来源", "{source_unit}({source_channel})"),
            ("反映的主要问题", "{clue_summary}"),
            ("核查情况", "{check_findings}"),
            ("主要问题事实", "{problem}"),
            ("拟预警方式", "{warning_type}"),
            ("预警建议", "{proposal}"),
            ("依据", "{basis}"),
            ("领导审批意见", "{leader_opinion}"),
        )),
    # 第七条、第二十二条: the inquiry letter tells the subject what was reported; 第二十七、二十八条: a written
    # explanation within 10 days of receipt; a problem still reported and found true becomes an admonition
    # or a correction (第二十八条).
    "inquiry_letter": DocumentTemplate(
        article="第七条、第二十二条、第二十七条、第二十八条", form_key=_NOTICE, to_subject=True,
        paragraphs=(
            "{issuer}收到反映你有关问题的线索。根据" + MEASURES + "第七条、第二十二条规定,经研究,决定对你进行"
            "函询。现将反映的主要问题函告如下:{problem}",
            ("请你本着对组织忠诚老实的态度,对上述问题逐项作出实事求是的说明,自接到本函之日起10日内以书面形式"
             "交{issuer}预警办(第二十七条、第二十八条)。说明材料须由本人签名。"),
            "经调查问题属实的,将按规定转为警示诫勉或责令纠错(第二十八条)。",
        ),
        closing=("特此函询。",)),
    # 第八条、第二十三条: the admonition notice ends a budding or tendency problem; 第二十九条: a written
    # rectification report within 10 days of receipt; weak rectification → correction or organisational
    # handling, a case → filed.
    "admonition_notice": DocumentTemplate(
        article="第八条、第二十三条、第二十五条、第二十九条", form_key=_NOTICE, to_subject=True,
        paragraphs=(
            "经了解核实,你在廉洁自律方面存在以下苗头性、倾向性问题:{problem}",
            "根据" + MEASURES + "第八条、第二十三条规定,经批准,决定对你进行警示诫勉。请你认真对照检查,深刻"
            "反思,立即终止有关错误行为,并按以下要求整改:{rectification_requirements}",
            ("请你自接到本通知书之日起10日内,将个人整改情况以书面形式交{issuer}预警办(第二十九条)。如整改不力、"
             "错误蔓延的,将转为责令纠错或组织处理;构成立案条件的,按有关规定立案查处(第二十九条)。"),
        ),
        closing=("特此通知。",)),
    # 第九条、第二十四条: the correction notice states the violation and orders it corrected; 第三十条: within
    # one month of receipt, the rectification report in writing, an extension of at most one month in
    # special circumstances; 第三十一条: no awards, promotion deferred, and organisational handling or a
    # filed case once the period ends uncorrected.
    "correction_notice": DocumentTemplate(
        article="第九条、第二十四条、第二十五条、第三十条、第三十一条", form_key=_NOTICE, to_subject=True,
        paragraphs=(
            "经调查核实,你存在以下问题:{problem}",
            "上述问题已构成轻微违规违纪。根据" + MEASURES + "第九条、第二十四条规定,经批准,决定对你责令纠错。"
            "请你认清问题的性质及其危害,深刻剖析错误根源,按以下要求纠正错误:{rectification_requirements}",
            ("请你自接到本通知书之日起1个月内整改到位,并将整改报告以书面形式交{issuer}预警办(第三十条)。特殊情况"
             "需延期的,应在整改期限届满前向预警办说明情况,经批准后延期,延长整改期限不得超过1个月(第三十条)。"),
            ("在整改期限内,你不得评选评优,暂缓提拔使用;整改期限届满,错误没有得到纠正的,将按有关规定转组织处理"
             "或立案查处(第三十一条)。"),
        ),
        closing=("特此通知。",)),
    # 第二十二条(二)1、2: the office lists the problems, main facts and requirements for the lead talker;
    # at least two people take part in the talk.
    "talk_plan": DocumentTemplate(
        internal=True, article="第二十一条、第二十二条", form_key="talk_plan", addressed=False,
        extra_fields=frozenset({"talker_names"}),
        table=(
            *_SUBJECT_ROWS,
            ("预警方式", "{warning_type}"),
            ("主谈人", "{lead_talker}"),
            ("谈话人员", "{talker_names}"),
            ("存在问题及主要错误事实", "{problem}"),
            ("谈话提纲", "{outline}"),
            ("备注", "谈话必须有两人以上参加;谈话记录须经预警对象本人核实签字后归档(第二十二条)。"),
        )),
    # 第二十二条(二)3: the office notifies the subject in writing to come at the set time and place.
    "talk_notice": DocumentTemplate(
        article="第二十二条", form_key="talk_notice", to_subject=True,
        paragraphs=(
            "根据" + MEASURES + "第二十二条规定,经研究,定于{talk_at}在{place}与你进行预警谈话。请你按时到达,"
            "如实说明有关情况。",
            ("谈话时请携带本通知书。谈话记录须经你本人核实签字(第二十二条)。因特殊情况不能按时参加的,请事先向"
             "{issuer}预警办说明。"),
        ),
        closing=("特此通知。",)),
    # 第二十二条(二)4: the talk is recorded (by the recorder it names); the record is checked and signed by the
    # subject and archived.
    "talk_record": DocumentTemplate(
        internal=True, article="第二十二条", form_key="talk_record", addressed=False,
        extra_fields=frozenset({"talker_names"}),
        table=(
            *_SUBJECT_ROWS,
            ("预警方式", "{warning_type}"),
            ("谈话日期", "{talked_on}"),
            ("谈话地点", "{place}"),
            ("谈话人员", "{talker_names}"),
            ("记录人", "{recorder}"),
            ("谈话内容", "{record_summary}"),
            ("本人已核实签字", "{subject_signed}"),
            ("谈话对象签名", "{blank}"),
            ("谈话人签名", "{blank}"),
        )),
    # 第二十五条: after the warning the office fills the registration form: an inquiry subject's commitment,
    # or an admonition or correction subject's rectification requirements for the leader to approve;
    # 第二十六条: one ledger entry per case.
    "registration_form": DocumentTemplate(
        internal=True, article="第二十五条、第二十六条", form_key="registration_form", addressed=False,
        table=(
            *_SUBJECT_ROWS,
            ("职务类别", "{position_kind}"),
            ("线索来源", "{source_unit}({source_channel})"),
            ("主要问题", "{problem}"),
            ("预警方式", "{warning_type}"),
            ("批准日期", "{approved_on}"),
            ("实施方式", "{method}"),
            ("实施人", "{implementer}"),
            ("谈话日期", "{talked_on}"),
            ("承诺情况(谈话函询)", "{commitment}"),
            ("整改要求(警示诫勉、责令纠错)", "{rectification_requirements}"),
            ("领导审批意见", "{leader_opinion}"),
        )),
    # 第三十条: in special circumstances the subject explains; the office fills the extension approval form
    # for the leader; all extensions together at most one month.
    "extension_approval_form": DocumentTemplate(
        internal=True, article="第三十条", form_key="extension_request", addressed=False,
        table=(
            *_SUBJECT_ROWS,
            ("责令纠错通知书", "{notice_number}"),
            ("接到通知书日期", "{notice_received_on}"),
            ("原定整改期限", "{original_due_date}"),
            ("现整改期限", "{due_date}"),
            ("申请日期", "{extension_requested_on}"),
            ("申请延长至", "{requested_due_date}"),
            ("延期最迟不超过", "{extension_cap_date}(延长整改期限不得超过1个月,第三十条)"),
            ("延期理由", "{reason}"),
            ("领导审批意见", "{leader_opinion}"),
        )),
    # 第三十条: once the leader approves, the extension notice gives the new due date.
    "extension_notice": DocumentTemplate(
        article="第三十条、第三十一条", form_key=_NOTICE, to_subject=True,
        extra_fields=frozenset({"previous_due_date", "new_due_date"}),
        paragraphs=(
            "你于{extension_requested_on}提出的延期整改申请收悉。根据" + MEASURES + "第三十条规定,经批准,同意将"
            "你的整改期限由{previous_due_date}延长至{new_due_date}。",
            ("请你抓紧整改,于{new_due_date}前整改到位,并将整改报告以书面形式交{issuer}预警办。延长整改期限不得超过"
             "1个月(第三十条);整改期限届满,错误没有得到纠正的,将按有关规定转组织处理或立案查处(第三十一条)。"),
        ),
        closing=("特此通知。",)),
    # 第三十条: the office visits back (hearing reports, reviewing materials, a symposium); when the
    # requirements are met it fills the follow-up form with its opinion for the leader to approve lifting.
    "follow_up_form": DocumentTemplate(
        internal=True, article="第三十条", form_key="follow_up_registration", addressed=False,
        table=(
            *_SUBJECT_ROWS,
            ("预警方式", "{warning_type}"),
            ("责令纠错通知书", "{notice_number}"),
            ("接到通知书日期", "{notice_received_on}"),
            ("整改期限", "{due_date}"),
            ("整改报告提交日期", "{report_submitted_on}"),
            ("整改情况", "{report_summary}"),
            ("回访日期", "{visited_on}"),
            ("回访方式", "{visit_methods}"),
            ("回访情况", "{visit_findings}"),
            ("回访意见", "{opinion}"),
            ("领导审批意见", "{leader_opinion}"),
        )),
    # 第三十条: the leader's approval lifts the warning; 第三十一条: the restrictions of the rectification
    # period end and the result goes into the personal integrity file.
    "lifting_approval": DocumentTemplate(
        article="第三十条、第三十一条", form_key="approval_decision", to_subject=True,
        paragraphs=(
            ("{issuer}预警办于{visited_on}通过{visit_methods}等形式,对你的整改情况进行了回访。经回访,你已达到整改"
             "要求。"),
            "根据" + MEASURES + "第三十条规定,经领导批准,决定自{decided_on}起解除对你的{warning_type}预警。",
            ("自解除之日起,整改期限内不得评选评优、暂缓提拔使用的限制相应终止(第三十一条)。解除情况存入你的个人"
             "廉政档案(第三十一条)。望你引以为戒,严格遵守廉洁自律各项规定。"),
        ),
        closing=("特此通知。",)),
    # 第三十一条: an ordered correction is notified in writing to the organisation department, the personnel
    # department and the subject's unit party organisation; during the period no awards, promotion deferred.
    "notification_organisation": _correction_notification(
        "第三十一条", "{unit}{position}{subject}",
        "。请你部在干部选拔任用、评选评优等工作中予以掌握。解除预警或转其他处理后,将另行通报。"),
    "notification_personnel": _correction_notification(
        "第三十一条", "{unit}{position}{subject}",
        "。请你单位在评选评优、职务职级晋升等工作中予以掌握。解除预警或转其他处理后,将另行通报。"),
    "notification_unit": _correction_notification(
        "第三十条、第三十一条", "你单位{position}{subject}",
        ",结果存入其个人廉政档案。请你单位党组织督促其认真整改,按期将整改报告交{issuer}预警办,并配合做好回访工作"
        "(第三十条)。"),
    # 第十四条: when the warning ends, the office tells the department the clue came from how it ended.
    "source_feedback": DocumentTemplate(
        article="第十四条", form_key="source_feedback", extra_fields=frozenset({"outcome", "outcome_label"}),
        paragraphs=(
            ("{clue_received_on},{issuer}收到你单位反映的{unit}{position}{subject}同志有关问题的线索"
             "(线索编号{clue_number})。"),
            "{issuer}按照干部管理权限进行了筛选、处理,处理结果为:{outcome_label}。{feedback}",
            "根据" + MEASURES + "第十四条规定,现将有关情况通报你单位。",
        ),
        closing=("特此通报。",)),
    # 第十四条: a case clue may not be handled as a warning and goes to case handling; 第二十九条、第三十一条:
    # weak or failed rectification goes to organisational handling or a filed case.
    "handover_letter": DocumentTemplate(
        article="第十四条、第二十九条、第三十一条", form_key="handover",
        paragraphs=(
            ("{unit}{position}{subject}同志有关问题(台帐编号{case_number}),经{issuer}办理,处理意见为:"
             "{handover_kind}。主要问题:{problem}"),
            "根据" + MEASURES + "第十四条、第二十九条、第三十一条规定,现将有关线索及材料移交你单位,请依照有关规定"
            "处理,并将处理结果反馈{issuer}。",
            "备注:{note}",
        ),
        closing=("特此函告。",)),
}
