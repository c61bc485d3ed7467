"""`modelcfg lsp`: a language server for modelcfg projects, a front end beside the CLI.

It uses the compiler's public API only (the compiler and the runtime never import it) and
needs the `lsp` extra (pygls). `analysis` compiles and lints a project per environment from
the editor's buffers (`overlay`); `hover`, `completion`, `definition` and `actions` answer
requests; `session` holds the state and `server` wires LSP messages to it.
"""
