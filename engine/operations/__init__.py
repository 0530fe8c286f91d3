"""Domain verbs and the effects the diagrams name; importing this package registers every effect."""
from engine.operations import approval  # noqa: F401
from engine.operations import execution  # noqa: F401
from engine.operations import routing  # noqa: F401
from engine.operations import supervision  # noqa: F401
