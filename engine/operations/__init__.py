"""Generic verbs: start, claim, complete, deploy, migrate, retry. A regulation's verbs live in its package."""
