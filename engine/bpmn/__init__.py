"""BPMN layer: the hardened XML loader, the expression allowlist, spec parsing and deploy validation.

* ``loader``      — the only place in the project that parses XML (SECURITY.md 18).
* ``expressions`` — the condition/timer grammar and the guarded script engine (SECURITY.md 14, 15).
* ``specs``       — SpiffWorkflow parsing of a bundle of files and the engine metadata of user tasks.
* ``validation``  — deploy-time checks of a diagram against the conventions (SECURITY.md 13, 19).
"""
