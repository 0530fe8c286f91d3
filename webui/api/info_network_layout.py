"""The network's layout through the API (issue 13 §1): read-only, the same tree as the page /info/network.

Who may read it is who may open the page: the administrator, the county centre, and a unit's information
office (which manages its invited officers, 「002 一(三)2」); anyone else 403.
"""
from __future__ import annotations

from flask import g
from marshmallow import Schema
from marshmallow import fields

from engine.errors import NotPermitted
from processes.info_network.network import NODE_KIND_LABELS
from processes.info_network.network import layout
from processes.info_network.network import may_lay_out
from processes.info_network.officers import CONSTITUENCY_LABELS
from webui.api.auth import authenticated
from webui.extensions import db
from webui.openapi import operation
from webui.uow import transactional


class PersonSchema(Schema):
    """An officer or an information office's holder."""

    user_id = fields.Integer()
    name = fields.String()


class InvitedSchema(PersonSchema):
    """An invited officer in term, with whom they were chosen among and the term (「002 一(三)2」)."""

    appointment_id = fields.Integer()
    constituency = fields.String()
    constituency_label = fields.String()
    term_start = fields.Date()
    term_end = fields.Date()


class NodeSchema(Schema):
    """One unit of the tree and its place in the network (「001 第一篇(四)一是」)."""

    unit_id = fields.Integer()
    unit_name = fields.String()
    parent_id = fields.Integer(allow_none=True)
    kind = fields.String(allow_none=True, metadata={"description": "centre/office/reporting_point/"
                                                                   "collection_point;未布设为null"})
    kind_label = fields.String(allow_none=True)
    officers = fields.List(fields.Nested(PersonSchema))
    offices = fields.List(fields.Nested(PersonSchema))
    invited = fields.List(fields.Nested(InvitedSchema))
    officers_over_limit = fields.Boolean(metadata={"description": "超过1—2名(002 一(三)1)"})


class LayoutSchema(Schema):
    """The whole tree in path order."""

    units = fields.List(fields.Nested(NodeSchema))


@operation("预警网络布局", tag="info-network", response=LayoutSchema, errors=(403,),
           description="单位树上的预警网络(种子001 第一篇(四)一是:预警中心、预警信息办公室、预警信息报送点、"
                       "预警信息采集点、预警信息员;种子002 一(三):每单位1—2名信息员,特邀信息员谁选聘、谁负责)。"
                       "系统管理员、县预警中心和单位预警信息办公室可读,其他人 403。")
@transactional
@authenticated
def info_network_layout():
    """Return the network laid over the unit tree."""
    if not may_lay_out(db.session, g.user) and not any(r.role == "info_office" for r in g.user.roles):
        raise NotPermitted("只有系统管理员、县预警中心或单位预警信息办公室可以查看预警网络布局")
    units = [{
        "unit_id": node.unit.id, "unit_name": node.unit.name, "parent_id": node.unit.parent_id, "kind": node.kind,
        "kind_label": NODE_KIND_LABELS.get(node.kind) if node.kind else None,
        "officers": [{"user_id": u.id, "name": u.display_name} for u in node.officers],
        "offices": [{"user_id": u.id, "name": u.display_name} for u in node.offices],
        "invited": [{"user_id": u.id, "name": u.display_name, "appointment_id": a.id,
                     "constituency": a.constituency, "constituency_label": CONSTITUENCY_LABELS[a.constituency],
                     "term_start": a.term_start, "term_end": a.term_end} for a, u in node.invited],
        "officers_over_limit": node.officers_over_limit,
    } for node in layout(db.session)]
    return LayoutSchema().dump({"units": units})
