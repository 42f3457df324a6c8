"""The first stage: every snippet module evaluated (each in a process of its own, cached),
its claims and figures held in one ``Store`` for the stages after it."""
