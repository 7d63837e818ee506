-- bscc language server config for Neovim 0.11+ (vim.lsp.config):
--   vim.lsp.enable('bscc')
-- Needs a bscc that has the `lsp` subcommand.
return {
  cmd = { 'bscc', 'lsp' },
  filetypes = { 'bsc' },
  -- no VCS markers: an enclosing git repository is not the strategy's root
  -- (the server finds the root file, docs/lsp.md); the file's directory is
  root_dir = function(bufnr, on_dir)
    on_dir(vim.fs.dirname(vim.api.nvim_buf_get_name(bufnr)))
  end,
}
