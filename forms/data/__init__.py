"""Forms defined as data by process designers (issue 11 §4): a strict JSON schema, compiled to FormSchema."""
from forms.data.compiler import DataFormSchema
from forms.data.compiler import compile_definition
from forms.data.compiler import shown_fields
from forms.data.definition import FIELD_TYPES
from forms.data.definition import DefinitionProblem
from forms.data.definition import definition_problems

__all__ = ["FIELD_TYPES", "DataFormSchema", "DefinitionProblem", "compile_definition", "definition_problems",
           "shown_fields"]
