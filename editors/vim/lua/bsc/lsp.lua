-- The bscc language server (`bscc lsp`) for Neovim's built-in LSP client.
--
--   require('bsc.lsp').setup()                       -- in init.lua
--   require('bsc.lsp').setup({ cmd = { '/opt/bscc/bin/bscc', 'lsp' } })
--
-- setup() starts (or reuses) a client for every buffer of filetype `bsc`.
-- Uses vim.lsp.start on Neovim 0.8+, and vim.lsp.start_client +
-- buf_attach_client on 0.7.  On Neovim 0.11+ you can instead use
-- `vim.lsp.enable('bscc')` with the config in lsp/bscc.lua.
--
-- Needs a bscc that has the `lsp` subcommand.
local M = {}

M.defaults = {
  name = 'bscc',
  cmd = { 'bscc', 'lsp' },
  -- When set (e.g. { '.git' }), the client's root is the nearest directory
  -- upwards holding one of these.  By default there are none: the client's
  -- root (and the workspace folder, which widens where imports may reach)
  -- is that of a running bscc client whose root holds the file, else the
  -- file's own directory.  The server finds the file's root file itself,
  -- by the rule `bscc check` uses (docs/lsp.md, "The root file"), so an
  -- enclosing git repository neither widens the imports nor joins strategies.
  root_markers = {},
  settings = {},
  -- e.g. { data = { 'actuals.csv' }, store = 'checkins.db' }: the check-ins
  -- hover, inlay hints and code lenses score (docs/lsp.md), relative to
  -- the workspace folder
  init_options = {},
  -- refresh the code lenses ("score 0.81 · on track · 3 KRs behind" over
  -- each objective, "simulate: 0.710 → 0.741 alone ..." over each
  -- initiative) on BufEnter, InsertLeave and BufWritePost
  codelens = true,
  -- show inlay hints (scores, inferred directions) where Neovim can (0.10+)
  inlay_hints = true,
}

M.opts = vim.deepcopy(M.defaults)

local function find_root(dir, markers)
  if vim.fs and vim.fs.find then
    local found = vim.fs.find(markers, { upward = true, path = dir })[1]
    if found then
      return vim.fs.dirname(found)
    end
    return nil
  end
  -- Neovim 0.7
  for _, marker in ipairs(markers) do
    local hit = vim.fn.finddir(marker, dir .. ';')
    if hit == '' then
      hit = vim.fn.findfile(marker, dir .. ';')
    end
    if hit ~= '' then
      return vim.fn.fnamemodify(hit, ':p:h:h')
    end
  end
  return nil
end

-- The root of a running client named `name` that holds directory `dir`.
local function client_root(dir, name)
  for _, client in pairs(vim.lsp.get_active_clients()) do
    local r = client.config.root_dir
    if client.name == name and r and (dir == r or dir:sub(1, #r + 1) == r .. '/')
        and not (client.is_stopped and client.is_stopped()) then
      return r
    end
  end
  return nil
end

-- The client config for buffer `bufnr` (what vim.lsp.start receives).
function M.config(bufnr, opts)
  opts = vim.tbl_deep_extend('force', M.opts, opts or {})
  bufnr = (bufnr == nil or bufnr == 0) and vim.api.nvim_get_current_buf() or bufnr
  local fname = vim.api.nvim_buf_get_name(bufnr)
  local dir = fname ~= '' and vim.fn.fnamemodify(fname, ':p:h') or vim.fn.getcwd()
  local root = (#opts.root_markers > 0 and find_root(dir, opts.root_markers))
    or client_root(dir, opts.name) or dir
  return {
    name = opts.name,
    cmd = opts.cmd,
    root_dir = root,
    workspace_folders = {
      { uri = vim.uri_from_fname(root), name = root },
    },
    settings = opts.settings,
    init_options = opts.init_options,
    on_attach = opts.on_attach,
    capabilities = opts.capabilities,
  }
end

local warned = false

-- The editor features of a bsc buffer that Neovim does not turn on by
-- itself: code lenses refreshed on a few events, inlay hints (0.10+).
local function buffer_features(bufnr, opts)
  if opts.codelens and vim.lsp.codelens then
    local group = vim.api.nvim_create_augroup('bsc_lsp_buf_' .. bufnr, { clear = true })
    vim.api.nvim_create_autocmd({ 'BufEnter', 'InsertLeave', 'BufWritePost' }, {
      group = group,
      buffer = bufnr,
      callback = function()
        pcall(vim.lsp.codelens.refresh)
      end,
    })
  end
  if opts.inlay_hints and vim.lsp.inlay_hint and vim.lsp.inlay_hint.enable then
    pcall(vim.lsp.inlay_hint.enable, true, { bufnr = bufnr })
  end
end

-- Starts or reuses the bscc client for buffer `bufnr`; returns the client id.
function M.start(bufnr, opts)
  bufnr = (bufnr == nil or bufnr == 0) and vim.api.nvim_get_current_buf() or bufnr
  local config = M.config(bufnr, opts)
  if vim.fn.executable(config.cmd[1]) ~= 1 then
    if not warned then
      warned = true
      vim.notify('bsc.lsp: ' .. config.cmd[1] .. ' is not executable; no language server',
        vim.log.levels.WARN)
    end
    return nil
  end
  local o = vim.tbl_deep_extend('force', M.opts, opts or {})
  if vim.lsp.start then
    local id = vim.lsp.start(config, { bufnr = bufnr })
    if id then buffer_features(bufnr, o) end
    return id
  end
  -- Neovim 0.7: one client per root directory, attached by hand.
  for _, client in pairs(vim.lsp.get_active_clients()) do
    -- the same server (name and command) for the same root, still running:
    -- a client that is shutting down, or runs another command, is not reused
    if client.name == config.name and client.config.root_dir == config.root_dir
        and vim.deep_equal(client.config.cmd, config.cmd)
        and not (client.is_stopped and client.is_stopped()) then
      vim.lsp.buf_attach_client(bufnr, client.id)
      buffer_features(bufnr, o)
      return client.id
    end
  end
  local id = vim.lsp.start_client(config)
  if id then
    vim.lsp.buf_attach_client(bufnr, id)
    buffer_features(bufnr, o)
  end
  return id
end

-- Starts the server for every `bsc` buffer, now and from now on.
function M.setup(opts)
  M.opts = vim.tbl_deep_extend('force', vim.deepcopy(M.defaults), opts or {})
  local group = vim.api.nvim_create_augroup('bsc_lsp', { clear = true })
  vim.api.nvim_create_autocmd('FileType', {
    group = group,
    pattern = 'bsc',
    callback = function(args)
      M.start(args.buf)
    end,
  })
  for _, buf in ipairs(vim.api.nvim_list_bufs()) do
    if vim.api.nvim_buf_is_loaded(buf) and vim.bo[buf].filetype == 'bsc' then
      M.start(buf)
    end
  end
end

return M
