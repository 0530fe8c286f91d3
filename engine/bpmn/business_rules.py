"""Business rule tasks run by :class:`engine.bpmn.decisions.GuardedDecisionEngine`, never by Spiff's DMN engine.

``SpiffBpmnParser`` builds each ``bpmn:businessRuleTask`` (``spiffworkflow:calledDecisionId``) around
``DMNEngine``, whose expressions are concatenated Python source (SPIFFWORKFLOW-2.md §1.3). Our parser hands it
a guarded engine built from the table as :mod:`engine.bpmn.decisions` reads and checks it, and its task spec
lets a :class:`~engine.errors.DecisionFailed` leave ``do_engine_steps`` as it is, in Chinese, instead of
wrapped in an English ``WorkflowTaskException``.

A decision the bundle does not contain is recorded instead of failing the parse, so the deploy check can
report it per task beside every other problem (a file is checked alone; the deployed tables are known to the
session, not to the parser). Such a task can never run: its engine refuses.
"""
from __future__ import annotations

import dataclasses

from SpiffWorkflow.bpmn.parser.util import full_tag
from SpiffWorkflow.dmn.specs import BusinessRuleTaskMixin
from SpiffWorkflow.spiff.parser.process import SpiffBpmnParser
from SpiffWorkflow.spiff.parser.task_spec import BusinessRuleTaskParser
from SpiffWorkflow.spiff.serializer.config import SPIFF_CONFIG
from SpiffWorkflow.spiff.serializer.task_spec import SpiffBpmnTaskConverter
from SpiffWorkflow.spiff.specs.defaults import BusinessRuleTask
from SpiffWorkflow.util.deep_merge import DeepMerge

from engine.bpmn.decisions import GuardedDecisionEngine
from engine.bpmn.decisions import read_decision
from engine.errors import DecisionFailed


class GuardedBusinessRuleTask(BusinessRuleTask):
    """A business rule task whose table failures stay :class:`DecisionFailed` (an incident, not a 500)."""

    def _run_hook(self, my_task):
        my_task.data = DeepMerge.merge(my_task.data, self.dmnEngine.result(my_task))
        # past the mixin, whose own hook would run the table a second time
        return super(BusinessRuleTaskMixin, self)._run_hook(my_task)


class _GuardedBusinessRuleTaskParser(BusinessRuleTaskParser):
    def create_task(self):
        return GuardedBusinessRuleTask(
            self.spec, self.bpmn_id,
            dmnEngine=self.process_parser.parser.get_engine(self.get_decision_ref(self.node), self.node),
            **self.bpmn_attributes,
        )


class _UndeployedDecision:
    """Stands for a decision the parsed files do not contain: it refuses to run."""

    def __init__(self, decision_id: str | None):
        self.decision_id = decision_id

    def result(self, task) -> dict:
        raise DecisionFailed(f"业务规则任务引用的决策表“{self.decision_id or ''}”未部署", code="decision_missing",
                             details={"decision": self.decision_id})


class DecisionAwareParser(SpiffBpmnParser):
    """SpiffBpmnParser whose business rule tasks evaluate tables through the guarded engine."""

    OVERRIDE_PARSER_CLASSES = {
        **SpiffBpmnParser.OVERRIDE_PARSER_CLASSES,
        full_tag("businessRuleTask"): (_GuardedBusinessRuleTaskParser, GuardedBusinessRuleTask),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        #: decision id (None when the task names none) → ids of the business rule tasks that call it
        self.missing_decisions: dict[str | None, set[str]] = {}
        self._engines: dict[str, GuardedDecisionEngine] = {}

    def get_engine(self, decision_ref, node):
        decision_ref = (decision_ref or "").strip() or None
        if decision_ref is None or decision_ref not in self.dmn_parsers:
            self.missing_decisions.setdefault(decision_ref, set()).add(node.get("id") or "")
            return _UndeployedDecision(decision_ref)
        engine = self._engines.get(decision_ref)
        if engine is None:
            table, problems = read_decision(self.dmn_parsers[decision_ref].node)
            if table is None or problems:
                # parse_bundle checks each table before adding it; this guards any other way in
                return _UndeployedDecision(decision_ref)
            engine = self._engines[decision_ref] = GuardedDecisionEngine(table)
        return engine


class GuardedBusinessRuleTaskConverter(SpiffBpmnTaskConverter):
    """Serialise a guarded business rule task with its table, for comparing specs (instance migration).

    Instances never store their spec (engine/persistence.py), so a spec is never restored from this form;
    restoring one would bypass the parse-time check, and is refused.
    """

    def to_dict(self, spec):
        dct = super().to_dict(spec)
        engine = spec.dmnEngine
        table = getattr(engine, "table", None)
        dct["decision_table"] = dataclasses.asdict(table) if table is not None else {
            "decision_id": getattr(engine, "decision_id", None)}
        return dct

    def from_dict(self, dct):
        raise DecisionFailed("业务规则任务不能从序列化的流程定义恢复,须由已部署的决策表重新解析",
                             code="decision_not_restorable")


#: SpiffWorkflow's serializer configuration plus the guarded business rule task (engine/persistence.py and
#: engine/operations/instance_migration.py build their registries from it)
SERIALIZER_CONFIG = {**SPIFF_CONFIG, GuardedBusinessRuleTask: GuardedBusinessRuleTaskConverter}
