-- bscc language server config for Neovim 0.11+ (vim.lsp.config):
--   vim.lsp.enable('bscc')
-- Needs a bscc that has the `lsp` subcommand.
return {
  cmd = { 'bscc', 'lsp' },
  filetypes = { 'bsc' },
  root_markers = { '.git', '.hg' },
}
