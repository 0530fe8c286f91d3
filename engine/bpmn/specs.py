"""Parse a bundle of BPMN files into SpiffWorkflow specs, and read the engine metadata of user tasks.

Every file goes through :func:`engine.bpmn.loader.parse_xml` first; the parsed tree is then handed to
``SpiffBpmnParser`` (XSD-validating) with ``add_bpmn_xml``. Every executable process is parsed eagerly,
so SpiffWorkflow's own structural errors surface here as :class:`DefinitionRejected`, never later in a
running case. Deploy-time convention checks live in :mod:`engine.bpmn.validation`.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from lxml import etree
from SpiffWorkflow.bpmn.parser.util import full_tag
from SpiffWorkflow.bpmn.specs.mixins.user_task import UserTask as UserTaskMixin
from SpiffWorkflow.exceptions import SpiffWorkflowException
from SpiffWorkflow.spiff.parser.process import VALIDATOR

from engine.bpmn.business_rules import DecisionAwareParser
from engine.bpmn.decisions import decision_problems
from engine.bpmn.decisions import is_decision_document
from engine.bpmn.loader import parse_xml
from engine.errors import DefinitionRejected

#: property names read from ``spiffworkflow:properties`` of a user task (docs/ARCHITECTURE.md)
PROPERTY_NAMES = ("role", "scope", "formKey", "stage", "article", "dueRule", "notSameAs", "effect", "assignee",
                  "cosignersFromRole")

_DEFINITIONS_TAG = full_tag("definitions")
_CALLED_DECISION_TAG = "{http://spiffworkflow.org/bpmn/schema/1.0/core}calledDecisionId"


@dataclass(frozen=True)
class TaskMeta:
    """What the engine reads from a user task's properties: who, where, which form, which stage."""

    roles: tuple[str, ...]
    scope: str
    form_key: str
    stage: str
    article: str
    due_rule: str | None
    not_same_as: tuple[str, ...]
    effect: str | None
    #: the task-data variable holding the user id this task is assigned to (each child of a co-sign), or None
    assignee: str | None = None
    #: a multi-instance task's role whose active holders in the step's unit become its collection (engine/cosigners.py)
    cosigners_from_role: str | None = None


def _split(value: str | None, separator: str) -> tuple[str, ...]:
    if not value:
        return ()
    return tuple(part.strip() for part in value.split(separator) if part.strip())


def _optional(value: str | None) -> str | None:
    value = (value or "").strip()
    return value or None


def task_meta(task_spec) -> TaskMeta | None:
    """Return the metadata of a user task spec, or None for other specs or a task without the properties.

    Deploy validation guarantees that deployed user tasks carry role, scope, formKey, stage and article;
    a spec lacking any of these yields None (the runtime then refuses to assign the task).
    """
    if not isinstance(task_spec, UserTaskMixin):
        return None
    extensions = getattr(task_spec, "extensions", None) or {}
    properties = extensions.get("properties") or {}
    if not isinstance(properties, Mapping):
        return None
    roles = _split(properties.get("role"), "|")
    scope = _optional(properties.get("scope"))
    form_key = _optional(properties.get("formKey"))
    stage = _optional(properties.get("stage"))
    article = _optional(properties.get("article"))
    if not roles or scope is None or form_key is None or stage is None or article is None:
        return None
    return TaskMeta(
        roles=roles,
        scope=scope,
        form_key=form_key,
        stage=stage,
        article=article,
        due_rule=_optional(properties.get("dueRule")),
        not_same_as=_split(properties.get("notSameAs"), ","),
        effect=_optional(properties.get("effect")),
        assignee=_optional(properties.get("assignee")),
        cosigners_from_role=_optional(properties.get("cosignersFromRole")),
    )


def _spiff_details(exc: Exception, filename: str | None) -> list[dict]:
    detail = {"element_id": getattr(exc, "id", None) or None, "code": "bpmn_invalid",
              "message": str(exc)[:1000]}
    file_name = getattr(exc, "file_name", None) or filename
    if file_name:
        detail["file"] = file_name
    line = getattr(exc, "line_number", None)
    if line:
        detail["line"] = line
    return [detail]


class ParsedBundle:
    """The SpiffWorkflow specs of a set of files that may call each other.

    * ``process_ids`` — executable process ids, in file order;
    * ``files_by_process`` — process id → filename (every process, executable or not);
    * ``trees`` — filename → parsed root element (for :mod:`engine.bpmn.validation`);
    * ``files_by_decision`` — DMN decision id → filename;
    * ``missing_decisions`` — decision id (None: none named) → business rule tasks calling a decision that is
      not in the bundle (filled as specs are built; the deploy check refuses those not deployed).
    """

    def __init__(self, parser: DecisionAwareParser, trees: dict[str, etree._Element]):
        self._parser = parser
        self.trees: dict[str, etree._Element] = trees
        self.files_by_process: dict[str, str] = {
            pid: process_parser.filename for pid, process_parser in parser.process_parsers.items()
        }
        self.process_ids: tuple[str, ...] = tuple(parser.get_process_ids())
        self.files_by_decision: dict[str, str] = {
            decision_id: dmn_parser.filename for decision_id, dmn_parser in parser.dmn_parsers.items()
        }
        self.missing_decisions: dict[str | None, set[str]] = parser.missing_decisions

    def get_spec(self, process_id: str):
        """Return the spec of an executable process of the bundle."""
        if process_id not in self.process_ids:
            raise DefinitionRejected(f"流程“{process_id}”不存在或不可执行", code="process_not_found",
                                     details=[{"element_id": process_id, "code": "process_not_found",
                                               "message": f"known: {', '.join(self.process_ids)}"}])
        try:
            return self._parser.get_spec(process_id)
        except (SpiffWorkflowException, KeyError, ValueError, TypeError, AttributeError, IndexError) as exc:
            raise DefinitionRejected("流程定义解析失败", code="bpmn_invalid",
                                     details=_spiff_details(exc, None)) from None

    def decisions_called_by(self, process_ids) -> set[str]:
        """Return the decision ids the business rule tasks of these processes call."""
        called: set[str] = set()
        for process_id in process_ids:
            root = self.trees.get(self.files_by_process.get(process_id, ""))
            if root is None:
                continue
            for process in root.iter(full_tag("process")):
                if process.get("id") == process_id:
                    called |= {(ref.text or "").strip() for ref in process.iter(_CALLED_DECISION_TAG)}
        return called

    def get_subprocess_specs(self, process_id: str) -> dict:
        """Return the specs of every process ``process_id`` calls, recursively (by calledElement)."""
        self.get_spec(process_id)
        try:
            return dict(self._parser.get_subprocess_specs(process_id))
        except SpiffWorkflowException as exc:
            raise DefinitionRejected("调用活动引用的流程不存在或无法解析", code="called_process_missing",
                                     details=_spiff_details(exc, None)) from None


def _add_decision(parser: DecisionAwareParser, root: etree._Element, filename: str) -> None:
    """Check a DMN document per element, then hand it to the parser (SPIFFWORKFLOW-2.md §1.1)."""
    problems = decision_problems(root)
    if problems:
        raise DefinitionRejected(f"决策表未通过校验,共{len(problems)}处问题:{filename}", code="decision_invalid",
                                 details=[{"element_id": p.element_id, "code": p.code, "message": p.message_zh,
                                           "file": filename} for p in problems])
    decision_id = next(child.get("id") for child in root if isinstance(child.tag, str)
                       and etree.QName(child).localname == "decision")
    if decision_id in parser.dmn_parsers:
        raise DefinitionRejected(f"决策标识“{decision_id}”与同批的另一决策表重复:{filename}",
                                 code="duplicate_decision")
    try:
        parser.add_dmn_xml(root, filename=filename)
    except SpiffWorkflowException as exc:
        raise DefinitionRejected(f"决策表未通过DMN结构校验:{filename}", code="decision_invalid",
                                 details=_spiff_details(exc, filename)) from None
    except (KeyError, ValueError, TypeError, AttributeError, IndexError, etree.LxmlError) as exc:
        raise DefinitionRejected(f"决策表无法解析:{filename}", code="decision_invalid",
                                 details=_spiff_details(exc, filename)) from None


def parse_bundle(files: Mapping[str, bytes]) -> ParsedBundle:
    """Parse and XSD-validate every file with the hardened loader and ``SpiffBpmnParser``.

    DMN documents (any DMN namespace) are checked by :func:`engine.bpmn.decisions.decision_problems` and
    give the bundle's business rule tasks their tables. Raises :class:`DefinitionRejected` with a Chinese
    message (and SpiffWorkflow's details) on any problem. Calls between files are resolved only by
    :meth:`ParsedBundle.get_subprocess_specs`.
    """
    if not files:
        raise DefinitionRejected("未提供流程定义文件", code="no_files")
    parser = DecisionAwareParser(validator=VALIDATOR)
    trees: dict[str, etree._Element] = {}
    for filename, data in files.items():
        root = parse_xml(data, filename=filename)
        if is_decision_document(root):
            _add_decision(parser, root, filename)
            trees[filename] = root
            continue
        if root.tag != _DEFINITIONS_TAG:
            raise DefinitionRejected("流程定义的根元素必须是bpmn:definitions", code="not_bpmn", details=[
                {"element_id": None, "code": "not_bpmn", "message": str(root.tag)[:200], "file": filename}])
        try:
            parser.add_bpmn_xml(root, filename=filename)
        except SpiffWorkflowException as exc:
            raise DefinitionRejected(f"流程定义未通过BPMN结构校验:{filename}", code="bpmn_invalid",
                                     details=_spiff_details(exc, filename)) from None
        except (KeyError, ValueError, TypeError, AttributeError, IndexError, etree.LxmlError) as exc:
            raise DefinitionRejected(f"流程定义无法解析:{filename}", code="bpmn_invalid",
                                     details=_spiff_details(exc, filename)) from None
        trees[filename] = root
    bundle = ParsedBundle(parser, trees)
    for process_id in bundle.process_ids:
        filename = bundle.files_by_process.get(process_id)
        try:
            parser.get_spec(process_id)
        except SpiffWorkflowException as exc:
            raise DefinitionRejected(f"流程“{process_id}”未通过BPMN结构校验", code="bpmn_invalid",
                                     details=_spiff_details(exc, filename)) from None
        except (KeyError, ValueError, TypeError, AttributeError, IndexError, etree.LxmlError) as exc:
            raise DefinitionRejected(f"流程“{process_id}”无法解析", code="bpmn_invalid",
                                     details=_spiff_details(exc, filename)) from None
    return bundle
