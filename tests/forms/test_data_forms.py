"""Forms defined as data (issue 11 §4): the definition's strict schema and what each field type compiles to,
at the boundaries of its limits; conditional fields are required only when shown and refused when hidden."""
from __future__ import annotations

import datetime as dt

import pytest

import forms
from engine.errors import FormInvalid
from forms.data import compile_definition
from forms.data import definition_problems

TODAY = dt.date(2026, 11, 2)
CONTEXT = forms.FormContext(today=TODAY)
RESULT_CHOICES = [{"value": "no_objection", "label": "无异议"}, {"value": "objection", "label": "有异议"}]


def form(*fields: dict, key: str = "publicity_result", title: str = "公示结果登记") -> dict:
    return {"key": key, "title": title, "fields": list(fields)}


def field(name: str, kind: str, label: str = "字段", **settings) -> dict:
    return {"name": name, "type": kind, "label": label, **settings}


def load(definition: dict, **payload):
    schema = compile_definition(definition)
    return forms.load(definition["key"], payload, CONTEXT, {definition["key"]: schema})


def refused(definition: dict, **payload) -> dict[str, list[str]]:
    with pytest.raises(FormInvalid) as caught:
        load(definition, **payload)
    assert caught.value.message_zh == f"「{definition['title']}」填写有误,请按提示修改"
    return caught.value.details


def messages(definition) -> list[str]:
    return [p.message_zh for p in definition_problems(definition)]


# --- the definition's own schema ---------------------------------------------------------------------------


def test_a_valid_definition_has_no_problems():
    assert definition_problems(form(field("result", "choice", "公示结果", required=True, choices=RESULT_CHOICES),
                                    field("note", "long_text", "说明", help="如有", max_length=500))) == []


def test_every_problem_of_a_definition_is_reported_at_once_in_chinese():
    bad = {"key": "1bad", "title": "", "fields": [
        field("name", "text", max_length=0, colour="red"),
        field("name", "number", min=5, max=1),
        field("when", "date", min="2026-13-01"),
        field("pick", "choice", choices=[{"value": "a", "label": "甲"}, {"value": "a", "label": "乙"}]),
        field("_secret", "rating"),
    ], "style": "x"}
    assert messages(bad) == [
        "表单定义中不允许的项:style",
        "表单标识须以英文字母开头,只含英文字母、数字和下划线,不超过64个字符,且不能是保留字",
        "表单名称不能为空",
        "字段“name”(单行文字)不允许设置“colour”",
        "字段“name”的最多字数应为1到200之间的整数",
        "第2个字段的字段标识“name”重复",
        "第2个字段的最小值(5)大于最大值(1)",
        "字段“when”的最早日期应为YYYY-MM-DD格式的日期或“today”(填写当天)",
        "字段“pick”的选项取值“a”重复",
        "第5个字段的字段标识须以英文字母开头,只含英文字母、数字和下划线,不超过64个字符,且不能是保留字",
        "第5个字段的类型应为以下之一:单行文字、多行文字、数字、日期、单项选择、多项选择、人员(系统用户)、多名人员(系统用户)、单位、干部、附件",
    ]


@pytest.mark.parametrize("name", ["print", "class", "match", "_x", "a-b", "名称", "a" * 65])
def test_field_names_are_identifiers_that_expressions_may_read(name):
    problems = definition_problems(form(field(name, "text")))
    assert len(problems) == 1 and "字段标识须以英文字母开头" in problems[0].message_zh


def test_a_form_key_of_a_python_form_is_taken():
    problems = definition_problems(form(field("a", "text"), key="approval_decision"), taken_keys=forms.REGISTRY)
    assert [p.message_zh for p in problems] == [
        "表单标识“approval_decision”已被使用(系统表单或本草稿的其他表单),请换一个"]


def test_a_condition_names_an_earlier_choice_field_and_its_values():
    result = field("result", "choice", choices=RESULT_CHOICES)
    assert messages(form(field("note", "text", show_when={"field": "result", "equals": ["objection"]}), result)) \
        == ["字段“note”的显示条件须依据排在它前面的单项或多项选择字段"]
    plain = field("plain", "text")
    assert messages(form(plain, field("note", "text", show_when={"field": "plain", "equals": ["x"]}))) \
        == ["字段“note”的显示条件所依据的字段“plain”不是选择字段"]
    assert messages(form(result, field("note", "text", show_when={"field": "result", "equals": ["maybe"]}))) \
        == ["字段“note”的显示条件取值“maybe”不是“result”的选项"]
    assert messages(form(result, field("note", "text", show_when={"field": "result", "equals": []}))) \
        == ["字段“note”的显示条件至少要选一个取值"]
    assert messages(form(result, field("note", "text", show_when={"field": "result"}))) \
        == ["字段“note”的显示条件须写明依据的字段(field)和取值(equals)"]


def test_a_definition_that_is_not_an_object_is_refused():
    assert messages(["not", "a", "form"]) == ["表单定义应为对象(键值)"]
    assert messages(form()) == ["表单至少要有一个字段"]


# --- each field type at its boundaries -----------------------------------------------------------------------


def test_text_lengths_at_their_bounds():
    definition = form(field("name", "text", "名称", required=True, min_length=2, max_length=5))
    assert refused(definition) == {"name": ["此项必填"]}
    assert refused(definition, name="甲") == {"name": ["不得少于2个字"]}
    assert load(definition, name="甲乙")["name"] == "甲乙"
    assert load(definition, name=" 甲乙丙丁戊 ")["name"] == "甲乙丙丁戊"
    assert refused(definition, name="甲乙丙丁戊己") == {"name": ["不得超过5个字"]}
    assert refused(definition, name="甲\x00乙") == {"name": ["含有不允许的控制字符"]}


def test_long_text_keeps_its_lines_and_its_cap():
    definition = form(field("note", "long_text", "说明", max_length=5000))
    assert load(definition, note="第一行\n第二行")["note"] == "第一行\n第二行"
    assert load(definition)["note"] is None
    assert refused(definition, note="字" * 5001) == {"note": ["不得超过5000个字"]}
    assert messages(form(field("note", "long_text", max_length=5001))) == ["字段“note”的最多字数应为1到5000之间的整数"]


def test_number_range_and_integers_at_their_bounds():
    definition = form(field("amount", "number", "金额", min=0, max=100))
    assert load(definition, amount=0)["amount"] == 0
    assert load(definition, amount="100")["amount"] == 100
    assert load(definition, amount="12.5")["amount"] == 12.5
    assert refused(definition, amount="-0.01") == {"amount": ["不得小于0"]}
    assert refused(definition, amount=100.5) == {"amount": ["不得大于100"]}
    assert refused(definition, amount="1e3") == {"amount": ["应填写数字"]}
    assert refused(definition, amount=True) == {"amount": ["应填写数字"]}
    whole = form(field("people", "number", "人数", integer=True, min=1))
    assert load(whole, people="3")["people"] == 3
    assert refused(whole, people="2.5") == {"people": ["应填写整数"]}
    assert refused(whole, people=0) == {"people": ["不得小于1"]}


def test_date_range_with_literal_dates_and_today():
    definition = form(field("held_on", "date", "公示日期", min="2026-10-01", max="today"))
    assert load(definition, held_on="2026-10-01")["held_on"] == "2026-10-01"
    assert load(definition, held_on="2026-11-02")["held_on"] == "2026-11-02"
    assert refused(definition, held_on="2026-09-30") == {"held_on": ["日期不得早于2026-10-01"]}
    assert refused(definition, held_on="2026-11-03") == {"held_on": ["日期不得晚于今天(2026-11-02)"]}
    assert refused(definition, held_on="2026/11/01") == {"held_on": ["日期格式应为YYYY-MM-DD"]}
    future = form(field("visit_on", "date", "回访日期", min="today"))
    assert load(future, visit_on="2027-01-05")["visit_on"] == "2027-01-05"
    assert refused(future, visit_on="2026-11-01") == {"visit_on": ["日期不得早于今天(2026-11-02)"]}


def test_single_choice_accepts_only_its_values():
    definition = form(field("result", "choice", "公示结果", required=True, choices=RESULT_CHOICES))
    assert load(definition, result="objection")["result"] == "objection"
    assert refused(definition, result="unknown") == {"result": ["应为以下选项之一:无异议、有异议"]}


def test_multiple_choice_counts_at_their_bounds():
    choices = [{"value": v, "label": label} for v, label in (("a", "走访"), ("b", "座谈"), ("c", "查阅"))]
    definition = form(field("ways", "multi_choice", "方式", choices=choices, min_items=2, max_items=2))
    assert load(definition, ways=["a", "c"])["ways"] == ["a", "c"]
    assert refused(definition, ways=["a"]) == {"ways": ["至少选择2项"]}
    assert refused(definition, ways=["a", "b", "c"]) == {"ways": ["最多选择2项"]}
    assert refused(definition, ways=["a", "a"]) == {"ways": ["选项不得重复"]}
    assert refused(definition, ways="a") == {"ways": ["应为选项列表"]}
    assert load(definition)["ways"] is None


@pytest.mark.parametrize("kind", ["person", "unit", "cadre", "file"])
def test_reference_fields_take_a_positive_id(kind):
    definition = form(field("ref", kind, "引用", required=True))
    assert load(definition, ref="7")["ref"] == 7
    assert refused(definition, ref="0") == {"ref": ["应填写正整数"]}
    assert refused(definition, ref=2**31) == {"ref": ["编号超出范围"]}
    assert forms.describe("publicity_result", {"publicity_result": compile_definition(definition)}).fields[0].kind \
        == kind


def test_a_people_field_takes_distinct_ids_and_is_rendered_as_a_list_of_ids():
    """The members who co-sign a later step (a multi-instance collection, issue 11 §2 会签) are picked on a form."""
    definition = form(field("signers", "people", "会签人员", required=True))
    assert load(definition, signers=["7", 9])["signers"] == [7, 9]
    assert refused(definition, signers=[7, 7]) == {"signers": ["编号不得重复"]}
    assert refused(definition, signers=[]) == {"signers": ["此项必填"]}
    assert refused(definition, signers=["x"]) == {"signers": ["第1项应为正整数"]}
    assert forms.describe("publicity_result", {"publicity_result": compile_definition(definition)}).fields[0].kind \
        == "int_list"
    assert definition_problems(form(field("signers", "people", "会签人员", max_items=3)))


def test_unknown_keys_are_refused_like_any_form():
    definition = form(field("note", "text"))
    assert refused(definition, note="x", __builtins__="y", approved_by=3) == {
        "__builtins__": ["不允许的字段"], "approved_by": ["不允许的字段"]}


# --- conditional fields ----------------------------------------------------------------------------------------

CONDITIONAL = form(
    field("result", "choice", "公示结果", required=True, choices=RESULT_CHOICES),
    field("objection", "long_text", "异议情况", required=True, show_when={"field": "result", "equals": ["objection"]}),
    field("verified", "choice", "是否核实", required=True, show_when={"field": "result", "equals": ["objection"]},
          choices=[{"value": "yes", "label": "已核实"}, {"value": "no", "label": "未核实"}]),
    field("finding", "text", "核实结论", required=True, show_when={"field": "verified", "equals": ["yes"]}),
)


def test_a_conditional_field_is_required_only_when_shown():
    assert load(CONDITIONAL, result="no_objection") == {"result": "no_objection", "objection": None,
                                                        "verified": None, "finding": None}
    assert refused(CONDITIONAL, result="objection") == {"objection": ["此项必填"], "verified": ["此项必填"]}
    assert load(CONDITIONAL, result="objection", objection="有群众反映", verified="no")["finding"] is None
    assert refused(CONDITIONAL, result="objection", objection="有群众反映", verified="yes") == {
        "finding": ["此项必填"]}


def test_a_hidden_field_is_refused_not_dropped():
    assert refused(CONDITIONAL, result="no_objection", objection="写了也不该收") == {
        "objection": ["此项仅在“公示结果”为“有异议”时填写,请清空"]}
    # hidden because the field it depends on is itself hidden
    assert refused(CONDITIONAL, result="no_objection", finding="x") == {
        "finding": ["此项仅在“是否核实”为“已核实”时填写,请清空"]}


def test_a_field_shown_by_a_multiple_choice_is_shown_when_any_listed_value_is_chosen():
    ways = [{"value": "visit", "label": "走访"}, {"value": "meeting", "label": "座谈"}]
    definition = form(field("ways", "multi_choice", "方式", choices=ways),
                      field("place", "text", "走访地点", required=True,
                            show_when={"field": "ways", "equals": ["visit"]}))
    assert refused(definition, ways=["meeting", "visit"]) == {"place": ["此项必填"]}
    assert load(definition, ways=["meeting"])["place"] is None


def test_the_description_carries_conditions_and_required_when_shown():
    described = forms.describe("publicity_result", {"publicity_result": compile_definition(CONDITIONAL)})
    assert [(f.name, f.kind, f.required, f.show_when) for f in described.fields] == [
        ("result", "choice", True, None),
        ("objection", "textarea", True, ("result", ("objection",))),
        ("verified", "choice", True, ("result", ("objection",))),
        ("finding", "text", True, ("verified", ("yes",))),
    ]


def test_python_forms_win_over_a_data_form_of_the_same_key():
    impostor = compile_definition(form(field("anything", "text"), key="approval_form"))
    assert forms.describe("approval_form", {"approval_form": impostor}).title_zh == "预警对象审批表"
