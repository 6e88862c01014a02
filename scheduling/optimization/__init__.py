"""The optimizer in the product: a board read as the solver's problem (`convert`,
`selectors.board_problem`), runs on Celery with live progress (`services`, `tasks`), and the
comparison of the current board with the proposal before it is applied.

`convert` is pure (no database); `selectors` reads, `services` writes, as elsewhere.
"""
