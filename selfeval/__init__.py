"""selfeval: read Chinese budget-performance self-evaluation forms (绩效自评表) and
re-check their arithmetic.

The repository keeps one folder per stage (``extract/``, ``normalize/``, ``scoring/``,
``corpus/``); they are installed as the subpackages ``selfeval.extract``,
``selfeval.normalize``, ``selfeval.scoring`` and ``selfeval.corpus`` (see
``[tool.setuptools]`` in pyproject.toml), so the distribution claims only the
``selfeval`` name.
"""
