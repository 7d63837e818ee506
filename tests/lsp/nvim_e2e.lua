-- nvim_e2e.lua: Neovim's built-in LSP client against `bscc lsp`.
-- Run by nvim_e2e.sh with BSCC (the binary) and WS (a copy of
-- tests/lsp/ws) in the environment; exits 0 when every check passes.
local bscc, ws = os.getenv('BSCC'), os.getenv('WS')
local passed, failed = 0, 0

local function check(ok, name, info)
  if ok then
    passed = passed + 1
  else
    failed = failed + 1
    io.stdout:write('FAIL: ' .. name .. (info and (': ' .. tostring(info)) or '') .. '\n')
  end
end

local function finish()
  io.stdout:write(string.format('nvim: %d passed, %d failed\n', passed, failed))
  vim.cmd(failed == 0 and 'qall!' or 'cquit! 1')
end

local ok, err = pcall(function()
  local client_id = vim.lsp.start_client({
    name = 'bscc',
    cmd = { bscc, 'lsp' },
    root_dir = ws,
  })
  check(client_id ~= nil, 'start_client')

  local function open(name)
    vim.cmd('edit ' .. vim.fn.fnameescape(ws .. '/' .. name))
    local buf = vim.api.nvim_get_current_buf()
    vim.lsp.buf_attach_client(buf, client_id)
    return buf
  end

  -- 1. diagnostics on a file with a known error
  local bad = open('bad.bsc')
  local got = vim.wait(10000, function() return #vim.diagnostic.get(bad) > 0 end, 20)
  check(got, 'diagnostics arrive')
  local e010
  for _, d in ipairs(vim.diagnostic.get(bad)) do
    if d.code == 'E010' then e010 = d end
  end
  check(e010 ~= nil, 'an E010 diagnostic', vim.inspect(vim.diagnostic.get(bad)))
  if e010 then
    -- `objective o "😀客" in customr {`: the server says character 21
    -- (UTF-16); Neovim turns it into byte column 25.
    check(e010.lnum == 4 and e010.col == 25 and e010.end_col == 32,
          'E010 at line 5, byte columns 25..32', vim.inspect(e010))
    check(e010.severity == vim.diagnostic.severity.ERROR and e010.source == 'bscc', 'E010 severity and source')
    check(e010.message:find('did you mean `customer`', 1, true) ~= nil, 'E010 message with help', e010.message)
    -- the "did you mean" as a quick fix, applied by Neovim's own code
    local params = { textDocument = { uri = vim.uri_from_bufnr(bad) },
                     range = { start = { line = 4, character = 21 }, ['end'] = { line = 4, character = 21 } },
                     context = { diagnostics = {} } }
    local r = vim.lsp.buf_request_sync(bad, 'textDocument/codeAction', params, 10000)
    local actions = r and r[client_id] and r[client_id].result or {}
    check(#actions == 1 and actions[1].kind == 'quickfix' and actions[1].title == 'Replace `customr` with `customer`',
          'code action: one quick fix', vim.inspect(actions))
    if actions[1] then
      vim.lsp.util.apply_workspace_edit(actions[1].edit, 'utf-16')
      local line = vim.api.nvim_buf_get_lines(bad, 4, 5, false)[1]
      check(line:find('in customer {', 1, true) ~= nil, 'code action: the edit applied', line)
      -- the server syncs incrementally (change: 2): Neovim sent the edit as
      -- a range in UTF-16 units after the emoji; applied at the right bytes,
      -- the server's text now resolves `customer` and the E010 goes away
      local fixed = vim.wait(10000, function()
        for _, d in ipairs(vim.diagnostic.get(bad)) do if d.code == 'E010' then return false end end
        return true
      end, 20)
      check(fixed, 'incremental sync: the fixed line checks clean', vim.inspect(vim.diagnostic.get(bad)))
    end
  end

  -- 2. hover on an objective
  local main = open('main.bsc')
  vim.wait(10000, function() return vim.diagnostic.get(main) ~= nil end, 20)
  vim.api.nvim_win_set_cursor(0, { 9, 11 })          -- on `nps` in `objective nps`
  local res = vim.lsp.buf_request_sync(main, 'textDocument/hover', vim.lsp.util.make_position_params(), 10000)
  local hover = res and res[client_id] and res[client_id].result
  local text = hover and hover.contents and hover.contents.value or ''
  check(text:find('Customers recommend us', 1, true) and text:find('owner: VP Customer', 1, true)
        and text:find('`nps_score`', 1, true), 'hover shows the objective', text)

  -- 3. go to definition across files: `triage_h` in the check-ins is
  -- defined in team.bsc, line 6
  vim.api.nvim_win_set_cursor(0, { 41, 4 })
  res = vim.lsp.buf_request_sync(main, 'textDocument/definition', vim.lsp.util.make_position_params(), 10000)
  local loc = res and res[client_id] and res[client_id].result
  if loc and loc[1] then loc = loc[1] end
  check(loc and loc.uri and loc.uri:match('/team%.bsc$') and loc.range.start.line == 5 and loc.range.start.character == 5,
        'definition in team.bsc', vim.inspect(loc))
  vim.lsp.buf.definition()
  local jumped = vim.wait(10000, function() return vim.api.nvim_buf_get_name(0):match('team%.bsc$') ~= nil end, 20)
  check(jumped and vim.api.nvim_win_get_cursor(0)[1] == 6, 'the definition request jumps to team.bsc:6',
        vim.api.nvim_buf_get_name(0) .. ' ' .. vim.inspect(vim.api.nvim_win_get_cursor(0)))

  -- document highlight of `nps` in main.bsc: its definition and two link ends
  local hp = { textDocument = { uri = vim.uri_from_bufnr(main) }, position = { line = 8, character = 10 } }
  local hr = vim.lsp.buf_request_sync(main, 'textDocument/documentHighlight', hp, 10000)
  local hl = hr and hr[client_id] and hr[client_id].result or {}
  check(#hl == 3 and hl[1].kind == 3, 'document highlight of nps', vim.inspect(hl))

  -- 4. formatting through the server
  local messy = open('messy.bsc')
  vim.lsp.buf.formatting_sync(nil, 10000)
  local want = vim.fn.readfile(ws .. '/messy.expected')
  local have = vim.api.nvim_buf_get_lines(messy, 0, -1, false)
  check(vim.deep_equal(want, have), 'formatting', table.concat(have, '\n'))

  -- 5. code lens over the objectives of main.bsc (vim.lsp.codelens)
  vim.cmd('buffer ' .. main)
  vim.lsp.codelens.refresh()
  local lensed = vim.wait(10000, function() return #vim.lsp.codelens.get(main) == 4 end, 20)
  local lenses = vim.lsp.codelens.get(main)
  local title
  for _, l in ipairs(lenses) do
    if l.range.start.line == 8 and l.command then title = l.command.title end
  end
  check(lensed and title == 'score 0.32 · behind · 1 KR behind', 'code lens over nps', vim.inspect(lenses))

  -- 5b. the simulate lens over an initiative (sim.bsc: examples/phased_sim.bsc)
  local simb = open('sim.bsc')
  vim.lsp.codelens.refresh()
  local simmed = vim.wait(10000, function()
    for _, l in ipairs(vim.lsp.codelens.get(simb)) do
      if l.range.start.line == 34 and l.command then return true end
    end
    return false
  end, 20)
  local simt
  for _, l in ipairs(vim.lsp.codelens.get(simb)) do
    if l.range.start.line == 34 and l.command then simt = l.command.title end
  end
  check(simmed and simt == 'simulate: 0.710 → 0.741 alone (+0.031) · gain/1M 0.3125 · 1000 samples',
        'code lens: simulate coach', vim.inspect(vim.lsp.codelens.get(simb)))

  -- 6. completion with text edits: `aligns np|` in team.bsc, the edit applied
  local team = open('team.bsc')
  vim.api.nvim_buf_set_lines(team, 3, 4, false, { '  aligns np' })
  local cp = { textDocument = { uri = vim.uri_from_bufnr(team) }, position = { line = 3, character = 11 } }
  local cr = vim.lsp.buf_request_sync(team, 'textDocument/completion', cp, 10000)
  local list = cr and cr[client_id] and cr[client_id].result or {}
  local nps_item
  for _, it in ipairs(list.items or {}) do
    if it.label == 'nps' then nps_item = it end
  end
  check(nps_item and nps_item.textEdit and list.isIncomplete == false, 'completion: nps with a text edit', vim.inspect(list))
  if nps_item then
    vim.lsp.util.apply_text_edits({ nps_item.textEdit }, team, 'utf-16')
    local line = vim.api.nvim_buf_get_lines(team, 3, 4, false)[1]
    check(line == '  aligns nps', 'completion: the text edit applied', line)
  end

  -- 7. workspace symbols (what vim.lsp.buf.workspace_symbol lists)
  local wr = vim.lsp.buf_request_sync(team, 'workspace/symbol', { query = 'triage' }, 10000)
  local syms = wr and wr[client_id] and wr[client_id].result or {}
  check(#syms == 2 and syms[1].name == 'cs_triage' and syms[2].name == 'triage_h', 'workspace symbols', vim.inspect(syms))

  -- 8. range formatting (vim.lsp.buf.range_formatting) of one declaration
  local rf = open('rangefmt.bsc')
  vim.lsp.buf.range_formatting({}, { 5, 0 }, { 5, 0 })
  local fmtd = vim.wait(10000, function()
    return vim.api.nvim_buf_get_lines(rf, 4, 5, false)[1] == '  owner "y"' end, 20)
  local lines = vim.api.nvim_buf_get_lines(rf, 0, -1, false)
  check(fmtd and lines[2] == 'owner   "x"', 'range formatting: only the declaration in the range', table.concat(lines, '\n'))

  -- 9. inlay hints and semantic tokens: Neovim 0.7 has no UI for them;
  -- the requests go through its client and the answers are checked
  local ir = vim.lsp.buf_request_sync(main, 'textDocument/inlayHint',
    { textDocument = { uri = vim.uri_from_bufnr(main) },
      range = { start = { line = 8, character = 0 }, ['end'] = { line = 9, character = 0 } } }, 10000)
  local hints = ir and ir[client_id] and ir[client_id].result or {}
  check(#hints == 1 and hints[1].label == '0.32 · behind', 'inlay hint of nps', vim.inspect(hints))
  local sr = vim.lsp.buf_request_sync(main, 'textDocument/semanticTokens/full',
    { textDocument = { uri = vim.uri_from_bufnr(main) } }, 10000)
  local toks = sr and sr[client_id] and sr[client_id].result or {}
  check(toks.data and #toks.data > 0 and #toks.data % 5 == 0, 'semantic tokens', vim.inspect(toks))

  vim.lsp.stop_client(client_id)
  vim.wait(5000, function() return vim.lsp.get_client_by_id(client_id) == nil end, 50)
end)
if not ok then check(false, 'lua error', err) end
finish()
