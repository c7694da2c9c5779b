"""Pure-Python rule engines (no Django, no app imports).

Modules:

* :mod:`jiandu.engines.uscc` — 统一社会信用代码 (GB 32100-2015) validation.
* :mod:`jiandu.engines.workdays` — working-day (工作日) deadline arithmetic.
"""
