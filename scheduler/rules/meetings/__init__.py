"""The rules of meeting problems only, one file each: loaded by the registry when something asks for
meeting rules (:data:`scheduler.rules.registry.RULES`), never by a unit table's commands.
A rule that also holds unit tables lives one folder up."""
