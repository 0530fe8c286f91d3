"""Regulations, one package each: the diagrams beside the code that gives them meaning (docs/ARCHITECTURE.md)."""
