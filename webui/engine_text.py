"""The engine's Chinese texts on the pages, in the reader's language.

The engine imports no Flask and so no Babel (tests/engine/test_layering.py): its refusals, form problems and
labels are Chinese. The pages pass such a text through :func:`engine_text` (also the template filter of that
name), which finds it below by its exact words, or by its pattern when the engine put names or numbers into
it, and returns the translation with those names and numbers put back. A text not listed is shown as it is.

Each entry repeats the engine's wording, with ``%(name)s`` where the engine inserts a value, so the entries
must follow the engine's texts when they change (tests/webui/test_pages_language.py walks the listed ones).
The terms of the Measures that the engine takes from ``engine.vocabulary`` (stages, warning types, outcomes,
roles) are not listed: they stay Chinese in both languages (webui/i18n.py).
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from collections.abc import Mapping
from typing import TypeVar

from flask_babel import gettext

K = TypeVar("K")
_PLACEHOLDER = re.compile(r"%\((\w+)\)s")


def N_(text: str) -> str:
    """Mark an engine text for the catalogue (pybabel extracts ``N_`` by default); it is translated when shown."""
    return text


#: engine.operations.admin: units, accounts, roles and the holiday calendar
_ADMIN = (
    N_("请填写文号前缀"),
    N_("不能为空"),
    N_("文号前缀无效"),
    N_("不超过%(n)s个字,且不能含空格"),
    N_("2–64位小写字母、数字或 . _ -,以字母或数字开头"),
    N_("用户名「%(name)s」已被使用"),
    N_("不能超过%(n)s个字"),
    N_("请选择您管理范围内的单位"),
    N_("初始密码至少%(n)s位"),
    N_("初始密码不能与用户名相同"),
    N_("邮箱地址格式不正确"),
    N_("请选择您管理范围内的干部"),
    N_("干部不存在或不在您管理的范围内"),
    N_("该干部已关联其他账号"),
    N_("干部「%(cadre)s」已关联账号「%(name)s」(%(username)s),请先解除"),
    N_("新建用户的信息有误,请修改后重新提交"),
    N_("请选择角色"),
    N_("%(user)s已在%(unit)s担任%(role)s"),
    N_("授予角色的信息有误"),
    N_("第%(line)s行「%(text)s」:应为“YYYY-MM-DD 名称”或“YYYY-MM-DD~YYYY-MM-DD 名称”"),
    N_("第%(line)s行:起止日期有误"),
    N_("第%(line)s行:%(day)s不在%(year)s年"),
    N_("请填写%(first)s–%(last)s之间的年份"),
    N_("请填写依据的国务院办公厅通知"),
    N_("请至少填写一天法定节假日"),
    N_("以下日期同时填为节假日和调休上班日:%(days)s"),
    N_("节假日安排有误,未保存"),
)

#: engine.operations.cadres and engine.spreadsheets: the roster import, cell by cell
_ROSTER = (
    N_("有%(n)s行数据有误,未导入任何干部;请按提示修改后重新上传"),
    N_("第%(row)s行(表头)"),
    N_("第%(row)s行 %(column)s列(%(header)s)"),
    N_("「%(title)s」列出现了两次"),
    N_("缺少「%(title)s」列"),
    N_("缺少「%(first)s」或「%(second)s」列"),
    N_("「%(first)s」和「%(second)s」只能保留一列"),
    N_("表头与导入模板不符,请使用下载的导入模板"),
    N_("「%(text)s」不是已有的单位编码"),
    N_("名为「%(text)s」的单位有%(n)s个,请改用单位编码"),
    N_("「%(text)s」不是已有的单位名称"),
    N_("「%(kind)s」不是可选的职务类别:%(choices)s"),
    N_("「%(unit)s」不在您管理的单位范围内,无权导入其干部"),
    N_("「%(manager)s」不是「%(unit)s」或其上级单位,不能作为管理单位(第三、十四条)"),
    N_("表格是空的,请按导入模板填写后上传"),
    N_("表格中只有表头,没有干部数据"),
    N_("这是模板中的示例行,请删除后再导入"),
    N_("与第%(row)s行重复(同一单位同名的干部只能出现一次)"),
    N_("系统中「%(unit)s」已有%(n)s名叫「%(name)s」的干部,无法确定更新哪一位,请先在系统中核对"),
    N_("文件不是有效的 Excel(.xlsx)文件"),
    N_("表格超过%(n)s行,请分批导入"),
)

#: engine.operations.oversight and the conflicts a supervisor's action may meet (engine.runtime)
_OVERSIGHT = (
    N_("该环节已办理完毕,无需督办"),
    N_("督办留言过长(上限%(n)s字)"),
    N_("内容过长"),
    N_("该环节目前没有可提醒的办理人员,请先改派或联系系统管理员配置岗位人员"),
    N_("改派理由过长(上限%(n)s字)"),
    N_("请选择在岗的办理人员"),
    N_("人员不存在或已停用"),
    N_("%(name)s是本案预警对象,不得办理本案任何环节"),
    N_("%(name)s不具有「%(step)s」的办理岗位(%(roles)s),不能改派给其办理"),
    N_("%(name)s已办理本案提出建议或填表环节,提出建议或填表的人员不得审批同一事项(第十七条),不能改派给其办理"),
    N_("「%(step)s」已由%(name)s签收办理"),
    N_("请填写督办意见"),
    N_("督办意见过长(上限%(n)s字)"),
    N_("该环节已不在待办状态,请刷新后查看最新情况"),
    N_("该案件已被他人同时办理,请刷新后重试"),
    N_("数据已被他人修改,请刷新后重试"),
)

#: engine.supervision_queries: the ageing buckets of the due board and the case without a type yet
_SUPERVISION = (
    N_("逾期1–3天"),
    N_("逾期4–7天"),
    N_("逾期8–15天"),
    N_("逾期15天以上"),
    N_("类型待定"),
    # engine.overdue: the rule a clue waiting to be screened is tracked under (issue 15 §3)
    N_("线索接到后及时筛选分流,超过%(n)s日列入督办(%(articles)s)"),
)

#: engine.audit and processes.measures.inspection: chain problems, audit actions, case facts, step states
_INSPECTION = (
    N_("第%(seq)s号事件缺失或被删除"),
    N_("第%(seq)s号事件的前序哈希不符,链条被改动"),
    N_("第%(seq)s号事件内容被改动"),
    N_("链尾记录与事件不符,末尾事件可能被删除"),
    N_("登记线索"),
    N_("启动流程"),
    N_("消息送达"),
    N_("消息待接收"),
    N_("发送消息"),
    N_("信号送达"),
    N_("发出信号"),
    N_("办结环节"),
    N_("签收环节"),
    N_("退回签收"),
    N_("督办提醒"),
    N_("督办改派"),
    N_("督办意见"),
    N_("期限届满(定时器)"),
    N_("流程故障"),
    N_("重新执行故障任务"),
    N_("重新执行故障未成功"),
    N_("上传附件"),
    N_("导出案件档案"),
    N_("越权访问被拒绝"),
    N_("违反规定被拒绝"),
    N_("登录成功"),
    N_("登录失败"),
    N_("登录受限"),
    N_("签发接口令牌"),
    N_("新建用户"),
    N_("启用用户"),
    N_("停用用户"),
    N_("关联干部"),
    N_("解除干部关联"),
    N_("导入组织机构"),
    N_("修改密码"),
    N_("升级密码存储"),
    N_("授予角色"),
    N_("撤销角色"),
    N_("修改单位"),
    N_("导入干部名册"),
    N_("录入节假日安排"),
    N_("调整演示时钟"),
    N_("执行到期任务"),
    N_("部署流程定义"),
    N_("拒绝部署流程定义"),
    N_("新建流程草稿"),
    N_("保存流程草稿"),
    N_("检查流程草稿"),
    N_("提交流程审核"),
    N_("发布流程"),
    N_("退回流程草稿"),
    N_("案件编号"),
    N_("线索编号"),
    N_("预警对象"),
    N_("预警类型"),
    N_("承办单位"),
    N_("状态"),
    N_("所处阶段"),
    N_("办理结果"),
    N_("线索来源"),
    N_("来源部门"),
    N_("接到线索"),
    N_("线索摘要"),
    N_("登记"),
    N_("批准"),
    N_("报告县委主要领导"),
    N_("开始实施"),
    N_("谈话"),
    N_("送达通知"),
    N_("对象签收"),
    N_("原定期限"),
    N_("现行期限"),
    N_("报告/说明提交"),
    N_("解除预警"),
    N_("办结"),
    N_("办理中"),
    N_("已办结"),
    N_("已取消"),
    N_("待定"),
    N_("(未填写)"),
    N_("保存流程表单"),
    N_("按节假日安排重算期限"),
    N_("表单校验失败被拒绝"),
    N_("接口令牌无效被拒绝"),
    N_("吊销接口令牌"),
    N_("吊销全部接口令牌"),
    N_("新建单位"),
    N_("解除账户锁定"),
    N_("申请授予管理员角色"),
    N_("驳回管理员角色申请"),
    N_("再次验证密码成功"),
    N_("再次验证密码失败"),
    N_("再次验证密码受限"),
    N_("修改密码时验证成功"),
    N_("修改密码时验证失败"),
    N_("修改密码时验证受限"),
    N_("迁移流程实例到新版本"),
    N_("撤销流程实例迁移"),
    N_("报送预警信息"),
    N_("核实预警信息"),
    N_("评定预警信息等级"),
    N_("反馈预警信息"),
    N_("设置预警扣分阈值"),
    N_("新增廉政风险点"),
    N_("修订廉政风险点"),
    N_("启动风险点排查"),
    N_("暂停定时发起"),
    N_("定时发起时无单位担任该角色,未发起"),
    N_("预警信息移交为预警线索"),
    N_("启动预警信息分级处置"),
    N_("布设预警网络节点"),
    N_("指定预警信息员"),
    N_("撤下预警信息员"),
    N_("选聘特邀预警信息员"),
    N_("记录特邀信息员培训或考核"),
    N_("结束特邀信息员聘期"),
    N_("特邀信息员聘任"),
    N_("恢复定时发起"),
    # what an event is about (processes.measures.inspection.OBJECT_LABELS)
    N_("接口令牌"),
    N_("附件"),
    N_("干部"),
    N_("节假日安排"),
    N_("案件"),
    N_("演示时钟"),
    N_("线索"),
    N_("流程定义"),
    N_("流程草稿"),
    N_("预警信息"),
    N_("流程实例"),
    N_("定时任务"),
    N_("定时发起计划"),
    N_("消息"),
    N_("请求"),
    N_("廉政风险点"),
    N_("风险点排查"),
    N_("系统设置"),
    N_("环节"),
    N_("单位"),
    N_("用户"),
    N_("页面"),
    N_("文书"),
    # the BPMN elements an event names (processes.measures.inspection.STEP_KEYS)
    N_("办理环节"),
    N_("定时器"),
    N_("出错环节"),
    N_("后续环节"),
)

#: processes.measures.clues: what the clerk is told about the same cadre when registering a clue
_CLUES = (
    N_("%(name)s已有未办结的预警案件:%(cases)s"),
    N_("%(name)s近%(days)s日内已有线索:%(clues)s"),
)


def _pattern(template: str) -> re.Pattern[str]:
    """The regular expression matching what the engine writes from ``template``."""
    parts = _PLACEHOLDER.split(template)
    # split() alternates literal text and placeholder names: text, name, text, name, ..., text
    return re.compile("".join(re.escape(p) if i % 2 == 0 else f"(?P<{p}>.+?)" for i, p in enumerate(parts)),
                      re.DOTALL)


def _index(templates: Iterable[str]) -> tuple[frozenset[str], tuple[tuple[re.Pattern[str], str], ...]]:
    exact: set[str] = set()
    patterns: list[tuple[re.Pattern[str], str]] = []
    for template in templates:
        if _PLACEHOLDER.search(template):
            patterns.append((_pattern(template), template))
        else:
            exact.add(template)
    # The wordiest pattern first: 缺少「x」列 would also match 缺少「x」或「y」列 with x = "x」或「y".
    patterns.sort(key=lambda entry: -len(_PLACEHOLDER.sub("", entry[1])))
    return frozenset(exact), tuple(patterns)


#: engine.incidents: a process held at an element that failed at run time (issue 11 §5)
_INCIDENTS = (
    N_("定时器%(element)s无法计算到期时间:流程数据中没有变量“%(variable)s”,没有任何表单或步骤写入它。"),
    N_("定时器%(element)s无法计算到期时间:算出的时间超出可计算的范围。"),
    N_("定时器%(element)s无法计算到期时间:定时器的值不是带时区的ISO 8601时间或时长。"),
    N_("网关%(element)s没有可走的出口:所有出口条件都不成立,也没有默认流。"),
    N_("%(element)s的条件无法计算:流程数据中没有变量“%(variable)s”,没有任何表单或步骤写入它。"),
    N_("%(element)s的条件无法计算:条件无法用当前的流程数据计算。"),
    N_("业务规则任务%(element)s无法决策:决策表没有适用于当前流程数据的结果。"),
    N_("决策表无法决策"),
    N_("会签环节%(element)s无人可分派:本单位没有在职人员担任“%(role)s”角色,请先任命后重新执行。"),
    N_("会签无人"),
    N_("定时任务失败"),
    N_("循环次数超限"),
    N_("条件无法计算"),
    N_("定时器无法计算"),
    N_("网关无出口"),
)

#: engine.operations.instances: starting a process from 发起事项 (issue 11 §3)
_STARTS = (
    N_("流程不存在或尚未发布"),
    N_("流程“%(name)s”不能由人员发起"),
    N_("您没有发起“%(name)s”的岗位"),
    N_("您在该单位没有可发起此流程的岗位"),
    N_("该流程没有发起表单,不应提交表单数据"),
    N_("该流程没有发起表单"),
    # engine.start_schedules: holding and resuming timer starts
    N_("只有系统管理员可以暂停或恢复定时发起"),
    N_("定时发起计划不存在"),
    N_("该定时发起已处于暂停状态"),
    N_("该定时发起正在运行,无需恢复"),
)
#: engine.authentication: signing in, confirming the password, changing it (issue 14 §3.7: the lockout says
#: when the user may try again, in the reader's language)
_AUTHENTICATION = (
    N_("用户名或密码错误"),
    N_("密码不正确"),
    N_("当前密码不正确"),
    N_("新密码至少%(n)s位,且不能与用户名相同"),
    N_("登录失败次数过多,账户已暂时锁定,请%(minutes)s分钟后再试或联系系统管理员解锁"),
    N_("登录失败次数过多,账户已暂时锁定,请%(seconds)s秒后再试或联系系统管理员解锁"),
    N_("登录失败次数过多,账户已暂时锁定,请24小时后再试或联系系统管理员解锁"),
    N_("登录失败次数过多,请%(minutes)s分钟后再试"),
    N_("登录失败次数过多,请%(seconds)s秒后再试"),
    N_("登录失败次数过多,请24小时后再试"),
)
#: processes.risk_points.subject: opening a unit's identification round (「004 十」第一步)
_RISK_ROUNDS = (
    N_("只有本单位主要领导或风险防控领导小组可以启动风险点查找(004 十 第一步)"),
    N_("年度不正确,未启动"),
    N_("年度应在%(low)s至%(high)s之间"),
    N_("本单位该年度的风险点查找正在进行,未重复启动"),
    N_("%(year)s年度已有一轮查找正在进行(始于%(started)s),请在待办中继续办理"),
)
#: processes.risk_points.power_list: a unit's power list import, cell by cell (「000 第二篇 二」, DOMAIN.md §5)
_POWER_LIST = (
    N_("有%(n)s行数据有误,未导入任何权力事项;请按提示修改后重新上传"),
    N_("表格中只有表头,没有权力事项"),
    N_("单元格格式不对:应为文字,不能是是非值(TRUE/FALSE)"),
    N_("单元格格式不对:应为文字,不能是日期或时间"),
    N_("「%(text)s」不是可选的事项类别:%(choices)s"),
    N_("编码不能含空格"),
    N_("「%(text)s」不是有效的电话号码:只能含数字和连字符“-”,如0554-4022001、12388"),
    N_("与第%(row)s行编码重复(同一单位的编码只能出现一次)"),
    N_("与第%(row)s行权力名称重复(同一权力只能登记一次)"),
    N_("本单位权力清单中已有同名事项(编码%(code)s),请使用该编码以更新它"),
    N_("权力清单已被他人同时修改,请刷新后重试"),
    N_("单位不存在"),
    N_("风险点不存在或无权查看"),
    N_("只有本单位主要领导、分管领导、科室负责人或风险防控领导小组可以登记、修改风险点"),
    N_("变更原因过长,未保存"),
    N_("最多500个字"),
    N_("新增权力事项"),
    N_("修改权力事项"),
    N_("新建权力运行流程图"),
    N_("修改权力运行流程图"),
    N_("权力事项"),
    # processes.risk_points.reidentification: a change of power or post flags its points (「004 六」)
    N_("权力或岗位变动,提请重新查找风险点"),
    N_("办结风险点重新查找"),
    N_("风险点重新查找"),
    N_("权力事项变更"),
    N_("干部岗位变动"),
    N_("已修订风险点"),
    N_("经核查无需调整"),
    N_("职务"),
    N_("职务类别"),
    N_("重新查找事项不存在"),
    N_("请填写核查意见,未保存"),
    N_("确认无需调整须写明理由"),
    N_("核查意见过长,未保存"),
    N_("该重新查找已办结,请刷新页面"),
)
#: the effects a diagram's step may call (engine.registry EffectSpec.label_zh), as the designer offers them
#: (issue 15 §10: no code or Chinese label left untranslated in English mode)
_EFFECTS = (
    N_("审核答复结论:办结、升级或移交(第二十八、二十九条)"),
    N_("批准或不批准延期,不超过一个月上限(第三十条)"),
    N_("逾期处理:记录迟交或升级处理(第二十八、二十九、三十一条)"),
    N_("登记拟预警类型(第十五、十六条)"),
    N_("向线索来源单位反馈办理结果(第十四条)"),
    N_("风险点签字备案(「004 十」第八步)"),
    N_("移交案件线索或转组织处理(第十四、三十一条)"),
    N_("填制预警对象审批表并编号(第十七条)"),
    N_("制发延期通知书,期限改为批准日期(第三十条)"),
    N_("填写回访登记表及预警办意见(第三十条)"),
    N_("填写预警登记表:承诺或整改要求(第二十五条)"),
    N_("书面通知谈话时间和地点(第二十二条(二)3)"),
    N_("核对谈话人并制定谈话方案(第二十条、第二十二条(二)1、2)"),
    N_("制发质询函或通知书;责令纠错同时书面通报限制(第二十二至二十五条、第三十一条)"),
    N_("领导批准回访结果后解除预警,限制终止、存档(第三十、三十一条)"),
    N_("记录审批意见;批准之日起7日内开始实施(第十七条)"),
    N_("记录了解、初核或调查结论(第十六条)"),
    N_("记录回访:听取汇报、查阅资料、座谈(第三十条)"),
    N_("记录责令纠错已报县委主要领导(第十七条)"),
    N_("登记整改报告或延期申请(第三十条)"),
    N_("登记书面说明或整改报告(第二十七、二十八、二十九条)"),
    N_("归档经本人签字的谈话记录,主谈人须参加(第二十二条(二)4)"),
    N_("填写延期审批表,超过一个月上限的不予受理(第三十条)"),
    N_("按干部管理权限分流线索:上报或本级办理(第十四条)"),
    N_("记录开始实施的时间和方式;责令纠错须先报县委主要领导(第十七条)"),
    N_("自签收之日起计算答复或整改期限(第二十八、二十九、三十条)"),
)
#: engine.data_forms: a designer-made form's references
_DATA_FORMS = (
    N_("所选干部不在您办理本环节所在单位的管理范围内,请从列表中选择"),
)
#: processes.risk_points.flow_chart: a power item's flow chart and the risk points marked on it (「004 十」第三步)
_POWER_CHARTS = (
    N_("流程图未保存"),
    N_("不是BPMN流程图(根元素应为bpmn:definitions)"),
    N_("流程图应只含一个流程,且不能修改流程标识"),
    N_("权力运行流程图仅作说明,不能设为可执行;需要在系统中运行审批的,请由流程设计员另行设计发布"),
    N_("流程图不得包含脚本任务或脚本"),
    N_("流程图应为XML文本"),
    N_("流程图未保存:以下风险点标注的元素已被删除,请先修改这些风险点"),
    N_("该元素不在此权力事项的权力运行流程图中(004 十 第三步:对照权力运行流程图查找风险点)"),
    N_("标注流程图元素须先选择权力事项"),
    N_("该权力事项还没有权力运行流程图"),
    N_("该权力事项的流程图已由流程设计员发布为可运行流程,请在流程设计中修改"),
    N_("权力事项不存在"),
    N_("该权力事项还没有流程图"),
)
#: the integrity file's and the unit timeline's lines, as each regulation files them (engine.registry.FileEntry)
_INTEGRITY_FILE = (
    N_("预警案件"),
    N_("责令纠错"),
    N_("解除预警"),
    N_("移交处理"),
    N_("廉政风险防范管理"),
    N_("风险点备案"),
    N_("风险台账变更"),
    N_("廉情预警信息网络"),
    N_("预警信息"),
    N_("预警信息定级"),
    N_("扣分预警"),
    N_("分层追责"),
    N_("本单位尚无签字备案的风险点,不能生成公示(「004 十」第八步:签字备案后公示)"),
)
#: processes.info_network: the network's words on its pages (issue 13, English mode) — the nine categories
#: 「002 二(一)」, the sources 「002 二(二)」, the three levels and their responses 「002 四」, the periodic
#: report's kinds 「001 三、1」 and who may read it (whole labels: translated with ``patterns=False``)
_INFO_NETWORK = (
    N_("思想、工作、生活作风方面问题"),
    N_("遵纪守法、依法办事方面问题"),
    N_("人事、财物、资产等行政事务管理违规"),
    N_("工程建设、土地出让、政府采购、资源开发、专项资金管理违规"),
    N_("部门和行业不正之风的新情况、新特点"),
    N_("损害群众利益的突出问题"),
    N_("党和国家政策落实中存在的问题"),
    N_("违反廉政规定的苗头性、倾向性问题"),
    N_("其他违反党风廉政建设规定的反映"),
    N_("纪委执纪执法工作中发现(信访举报、执法监察、纠风、案件查办、专项治理、检查考核)"),
    N_("上级交办"),
    N_("下级报送"),
    N_("新闻媒体披露"),
    N_("特邀信息员提供"),
    N_("社会各界反映"),
    N_("其他信息来源"),
    N_("一级预警"),
    N_("二级预警"),
    N_("三级预警"),
    N_("未定级"),
    N_("廉情监察建议"),
    N_("廉情预警质询"),
    N_("廉情预警告知"),
    N_("预警分析"),
    N_("工作总结"),
    N_("只有县预警中心和督办人员可以查看季度分析和半年总结"),
)
TEMPLATES: tuple[str, ...] = (_ADMIN + _ROSTER + _OVERSIGHT + _SUPERVISION + _INSPECTION + _INCIDENTS
                              + _STARTS + _AUTHENTICATION + _CLUES + _RISK_ROUNDS + _POWER_LIST + _EFFECTS
                              + _DATA_FORMS + _POWER_CHARTS + _INTEGRITY_FILE + _INFO_NETWORK)
_EXACT, _PATTERNS = _index(TEMPLATES)


def engine_text(text: str | None, *, patterns: bool = True) -> str:
    """Return an engine text in the reader's language (unchanged when it is not listed here).

    ``patterns=False`` translates whole labels only: for values that may be what a person typed, which
    must never be rewritten because part of them looks like an engine message.
    """
    if not text:
        return text or ""
    if text in _EXACT:
        return gettext(text)
    if patterns:
        for pattern, template in _PATTERNS:
            found = pattern.fullmatch(text)
            if found:
                return gettext(template, **found.groupdict())
    return text


def engine_labels(labels: Mapping[K, str]) -> dict[K, str]:
    """A mapping of codes to a regulation's labels, its labels in the reader's language (whole labels only)."""
    return {key: engine_text(label, patterns=False) for key, label in labels.items()}


def engine_texts(texts: Iterable[str]) -> list[str]:
    """Translate a list of engine texts (the problems of one form field)."""
    return [engine_text(t) for t in texts]


def engine_problems(details: object) -> dict[str, list[str]]:
    """Translate a ``FormInvalid.details`` mapping, its keys (field or cell names) and its messages."""
    if not isinstance(details, dict):
        return {}
    return {engine_text(str(key)): engine_texts(messages) for key, messages in details.items()}
