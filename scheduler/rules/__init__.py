"""The scheduling rules, one file each (see :mod:`scheduler.rules.base` and :mod:`scheduler.rules.registry`)."""
