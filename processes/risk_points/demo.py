"""The demo county's risk registers: the county finance bureau and 正阳关镇 (issue 12 "Demo and proof").

The points are drawn from the kinds of risk the seeds name — approval, enforcement, personnel and money
powers (「004 九」), the five types (「004 七」) and seed 000's examples (procurement, fees, funds, staff
recruitment, subsidies). Three measures are past their check date in autumn 2026 (the quarterly payment
check, the enforcement files, the nomination notices), so the overdue-measures view has something to show.
The finance bureau also has two power items (「000 第二篇 二」 制定职权目录); the budget allocation has a
documentation-only flow chart on which its level-1 point is marked (「004 十」第三步), naming the bureau's 局长
and filed (第八步 签字备案, 记入干部廉政档案), so the chart shows a ★ and the cadre's page a risk entry.
Idempotent: a unit whose register already has points keeps them; a power item whose code exists is left alone.
"""
from __future__ import annotations

from sqlalchemy import func
from sqlalchemy import select
from sqlalchemy.orm import Session

from engine.actors import SYSTEM
from engine.clock import Clock
from engine.clock import local_today
from engine.models import Cadre
from engine.models import Unit
from engine.seed import add_people
from processes.risk_points.flow_chart import create_chart
from processes.risk_points.flow_chart import save_chart
from processes.risk_points.models import PowerItem
from processes.risk_points.models import RiskPoint
from processes.risk_points.register import create_risk_point
from processes.risk_points.register import record_change
from processes.risk_points.register import revise_risk_point
from processes.risk_points.register import snapshot

#: (username, display name, unit code, roles there)
DEMO_USERS = (
    ("cz.principal", "县财政局局长", "dept-finance", ("unit_principal", "risk_leading_group")),
    ("cz.leader", "县财政局分管副局长", "dept-finance", ("unit_leader_in_charge", "risk_leading_group")),
    ("cz.head", "预算股股长", "dept-finance", ("office_head", "unit_staff")),
    ("cz.staff1", "预算股科员甲", "dept-finance", ("unit_staff",)),
    ("cz.staff2", "国库股科员乙", "dept-finance", ("unit_staff",)),
    ("zy.principal", "正阳关镇党委书记", "town-zhengyang", ("unit_principal", "risk_leading_group")),
    ("zy.head", "正阳关镇财政所所长", "town-zhengyang", ("office_head", "unit_staff")),
    ("zy.staff", "正阳关镇民政办干事", "town-zhengyang", ("unit_staff",)),
)


def _measure(text: str, owner: str, check: str, due: str | None = None) -> dict:
    return {"text": text, "owner": owner, "check_method": check, "check_due": due}


#: unit code → risk points (the fields of register.validate)
DEMO_REGISTERS: dict[str, tuple[dict, ...]] = {
    "dept-finance": (
        {"scope": "unit", "risk_type": "institutional", "level": 1, "title": "预算资金分配(资金管理)",
         "manifestations": "预算分配不经集体研究,个人决定资金投向;优亲厚友、收受好处。",
         "measures": [_measure("预算分配方案经局党组会集体研究(三重一大)", "局长", "查阅党组会议纪要", "2026-12-31"),
                      _measure("预算安排结果在局网站公开", "预算股股长", "检查公开记录", "2026-12-31")]},
        {"scope": "office", "office": "政府采购股", "risk_type": "business_process", "level": 1,
         "title": "政府采购审批(物资采购供应)",
         "manifestations": "规避公开招标、拆分采购;在采购方式审批中接受请托或回扣。",
         "measures": [_measure("采购方式变更须两人审核、分管领导审批", "分管副局长", "抽查审批单", "2027-03-31")]},
        {"scope": "post", "post": "国库支付岗", "office": "国库股", "risk_type": "post_duty", "level": 2,
         "title": "国库集中支付审核",
         "manifestations": "审核不严,虚报冒领;资金拨付中吃拿卡要。",
         "measures": [_measure("支付审核双人复核、系统留痕", "国库股股长", "每季度抽查支付凭证", "2026-09-30")]},
        {"scope": "post", "post": "会计核算岗", "office": "会计核算中心", "risk_type": "moral", "level": 3,
         "title": "公务用车与办公经费报销",
         "manifestations": "公车私用、虚开发票报销。",
         "measures": [_measure("报销单据经办、审核、审批三人签字", "会计核算中心主任", "年终审计")]},
    ),
    "town-zhengyang": (
        {"scope": "unit", "risk_type": "post_duty", "level": 1, "title": "惠民补贴资金发放(资金管理)",
         "manifestations": "不及时、足额发放或变相截留补贴资金;套取国家资金。",
         "measures": [_measure("补贴名单村、镇两级公示七日", "镇党委书记", "检查公示记录", "2026-12-31"),
                      _measure("资金通过“一卡通”直接发放到户", "财政所所长", "核对发放台账")]},
        {"scope": "office", "office": "综合执法办", "risk_type": "external", "level": 2,
         "title": "违法建设查处(行政执法)",
         "manifestations": "执法中接受吃请、说情,选择性执法、降低处罚标准。",
         "measures": [_measure("执法全过程记录、处罚决定集体研究", "分管副镇长", "抽查执法案卷", "2026-10-20")]},
        {"scope": "post", "post": "人事干事", "office": "党政办", "risk_type": "institutional", "level": 2,
         "title": "村级后备干部推荐(组织人事)",
         "manifestations": "推荐不公示、任人唯亲。",
         "measures": [_measure("推荐人选公示不少于五个工作日", "党委副书记", "检查公示材料", "2026-06-30")]},
        {"scope": "post", "post": "民政干事", "office": "民政办", "risk_type": "moral", "level": 3,
         "title": "低保对象审核",
         "manifestations": "优亲厚友、人情保。",
         "measures": [_measure("低保审核入户调查两人同行,结果张榜公布", "民政办主任", "年度复核")]},
    ),
}


#: the finance bureau's power list (「000 第二篇 二」: 认真梳理权力 … 制定职权目录), with DOMAIN §5's fields
DEMO_POWERS: tuple[dict, ...] = (
    {"code": "CZ-YSFP-001", "name": "预算资金分配审批", "major": True, "service_object": "县直预算单位",
     "legal_basis": "《中华人民共和国预算法》", "handling_body": "县财政局", "responsible_office": "预算股",
     "responsible_person": "预算股股长", "time_limit": "按年度预算编制时间",
     "procedure": "拟定方案、党组会集体研究、公开"},
    {"code": "CZ-FSSJ-001", "name": "非税收入收缴管理", "major": False, "service_object": "缴款单位和个人",
     "legal_basis": "《政府非税收入管理办法》", "charging_basis": "经批准的收费项目和标准",
     "handling_body": "县财政局", "responsible_office": "国库股", "responsible_person": "国库股股长",
     "time_limit": "即时办结"},
)
#: the budget allocation's chart: its steps in order (id, name); the level-1 point is marked on the collective one
CHART_ITEM = "CZ-YSFP-001"
CHART_STEPS = (("Task_draft", "预算股拟定分配方案"), ("Task_collective", "局党组会集体研究(三重一大)"),
               ("Task_publish", "分配结果公开"))
MARKED_TITLE = "预算资金分配(资金管理)"
MARKED_ELEMENT = "Task_collective"
#: the cadre the marked point names: the bureau's principal leader, owner of a level-1 point (「004 九」)
MARKED_CADRE_TITLE = "局长"


def chart_xml(key: str, name: str) -> str:
    """The demo chart: start, the steps, end, in a row, laid out for bpmn-js; documentation only."""
    nodes = [("StartEvent_1", "startEvent", "申请受理"), *((i, "task", n) for i, n in CHART_STEPS),
             ("End_1", "endEvent", "办结")]
    body, shapes, x = [], [], 100
    for index, (node_id, kind, label) in enumerate(nodes):
        body.append(f'<bpmn:{kind} id="{node_id}" name="{label}" />')
        width, height = (36, 36) if kind != "task" else (120, 80)
        shapes.append((node_id, x, 120 - height // 2, width, height))
        x += width + 50
        if index:
            body.append(f'<bpmn:sequenceFlow id="Flow_{index}" sourceRef="{nodes[index - 1][0]}" '
                        f'targetRef="{node_id}" />')
    di = [f'<bpmndi:BPMNShape id="{i}_di" bpmnElement="{i}"><dc:Bounds x="{sx}" y="{sy}" width="{w}" '
          f'height="{h}" /></bpmndi:BPMNShape>' for i, sx, sy, w, h in shapes]
    for index in range(1, len(shapes)):
        (_, ax, _, aw, _), (_, bx, _, _, _) = shapes[index - 1], shapes[index]
        di.append(f'<bpmndi:BPMNEdge id="Flow_{index}_di" bpmnElement="Flow_{index}"><di:waypoint x="{ax + aw}" '
                  f'y="120" /><di:waypoint x="{bx}" y="120" /></bpmndi:BPMNEdge>')
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<bpmn:definitions '
            'xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" '
            'xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI" '
            'xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" xmlns:di="http://www.omg.org/spec/DD/20100524/DI" '
            f'id="Definitions_{key}" targetNamespace="http://lianjing.example/power-charts">'
            f'<bpmn:process id="{key}" name="{name}" isExecutable="false">'
            f'<bpmn:documentation>{name}:权力运行流程图(仅作说明,不运行)</bpmn:documentation>{"".join(body)}'
            f'</bpmn:process><bpmndi:BPMNDiagram id="BPMNDiagram_{key}"><bpmndi:BPMNPlane id="BPMNPlane_{key}" '
            f'bpmnElement="{key}">{"".join(di)}</bpmndi:BPMNPlane></bpmndi:BPMNDiagram></bpmn:definitions>\n')


def _seed_powers(session: Session, clock: Clock, unit: Unit) -> int:
    """The finance bureau's power items, the chart of the budget allocation and its marked, filed level-1 point."""
    existing = set(session.execute(select(PowerItem.code).where(PowerItem.unit_id == unit.id)).scalars())
    created = 0
    for fields in DEMO_POWERS:
        if fields["code"] in existing:
            continue
        item = PowerItem(unit_id=unit.id, **fields)
        session.add(item)
        session.flush()
        created += 1
        if fields["code"] == CHART_ITEM:
            chart = create_chart(session, clock, SYSTEM, item.id)
            save_chart(session, clock, SYSTEM, item.id, chart_xml(chart.key, item.name))
            _mark_and_file(session, clock, unit, item)
    return created


def _mark_and_file(session: Session, clock: Clock, unit: Unit, item: PowerItem) -> None:
    point = session.execute(select(RiskPoint).where(RiskPoint.unit_id == unit.id, RiskPoint.title == MARKED_TITLE,
                                                    RiskPoint.power_item_id.is_(None))).scalar_one_or_none()
    cadre = session.execute(select(Cadre).where(Cadre.unit_id == unit.id, Cadre.position_title == MARKED_CADRE_TITLE)
                            .order_by(Cadre.id).limit(1)).scalar_one_or_none()
    if point is None:
        return
    data = {k: v for k, v in snapshot(point).items() if k not in ("round_id", "filed_on", "owner_role")}
    revise_risk_point(session, clock, SYSTEM, point.id,
                      {**data, "power_item_id": item.id, "flow_element_id": MARKED_ELEMENT,
                       "cadre_id": cadre.id if cadre is not None else None},
                      "演示数据:对照权力运行流程图查找(004 十 第三步)")
    point.filed_on = local_today(clock)  # 「004 十」第八步: signed, filed, entered in the integrity file
    record_change(session, clock, SYSTEM, point, "演示数据:领导小组集体审议、主要领导签字备案(004 十 第八步)")


def seed_risk_demo(session: Session, clock: Clock, *, password_hash: str) -> dict[str, int]:
    """Create the demo users of the two units and their registers; return counts of what was created."""
    units = {u.code: u for u in session.execute(select(Unit).where(Unit.code.in_(DEMO_REGISTERS))).scalars()}
    created = {"risk_users": 0, "risk_points": 0, "power_items": 0}
    created["risk_users"] = add_people(session, DEMO_USERS, password_hash=password_hash)
    for unit_code, points in DEMO_REGISTERS.items():
        unit = units.get(unit_code)
        if unit is None or session.execute(select(func.count()).select_from(RiskPoint)
                                           .where(RiskPoint.unit_id == unit.id)).scalar_one():
            continue
        for point in points:
            create_risk_point(session, clock, SYSTEM, unit.id, point, "演示数据:首次登记")
            created["risk_points"] += 1
    if "dept-finance" in units:
        created["power_items"] = _seed_powers(session, clock, units["dept-finance"])
    return created
