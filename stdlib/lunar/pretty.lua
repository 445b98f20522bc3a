-- lunar.pretty: the REPL's value printer. Nested tables with sorted keys, cycles marked, depth and length
-- limits with counts of what was left out; userdata and tables with __tostring print their summary.
local M = {}

M.options = {
  depth = 3,        -- nested tables deeper than this print as {…N items}
  items = 40,       -- entries printed per table before "… (N more)"
  width = 100,      -- a table fitting in this many columns prints on one line
  string = 4000,    -- longer strings are cut (the REPL never floods the terminal)
}

local keywords = {}
for w in ([[and break do else elseif end false for function goto if in local nil not or repeat return then true
  until while]]):gmatch("%a+") do keywords[w] = true end

local function is_identifier(s)
  return type(s) == "string" and s:match("^[%a_][%w_]*$") ~= nil and not keywords[s]
end

local type_order = { number = 1, string = 2, boolean = 3 }

local function key_less(a, b)
  local ta, tb = type(a), type(b)
  if ta ~= tb then return (type_order[ta] or 9) < (type_order[tb] or 9) or
      ((type_order[ta] or 9) == (type_order[tb] or 9) and ta < tb) end
  if ta == "number" or ta == "string" then return a < b end
  return tostring(a) < tostring(b)
end

local function quote(s, limit)
  if #s > limit then
    return string.format("%q", s:sub(1, limit)) .. string.format("…(%d more bytes)", #s - limit)
  end
  return (string.format("%q", s):gsub("\\\n", "\\n"))
end

local function has_tostring(v)
  local mt = getmetatable(v)
  return type(mt) == "table" and rawget(mt, "__tostring") ~= nil
end

local function count_entries(t)
  local n = 0
  for _ in next, t do n = n + 1 end
  return n
end

local format

local function format_table(t, opts, depth, path, indent)
  if path[t] then return "<cycle: " .. tostring(t) .. ">" end
  local total = count_entries(t)
  if total == 0 then return "{}" end
  if depth >= opts.depth then return string.format("{…%d items}", total) end
  path[t] = true
  local n = rawlen(t)
  local parts, shown = {}, 0
  for i = 1, n do
    if shown >= opts.items then break end
    parts[#parts + 1] = format(rawget(t, i), opts, depth + 1, path, indent .. "  ")
    shown = shown + 1
  end
  local keys = {}
  for k in next, t do
    if not (math.type(k) == "integer" and k >= 1 and k <= n) then keys[#keys + 1] = k end
  end
  table.sort(keys, key_less)
  for _, k in ipairs(keys) do
    if shown >= opts.items then break end
    local ks = is_identifier(k) and k or ("[" .. format(k, opts, opts.depth, path, indent) .. "]")
    parts[#parts + 1] = ks .. " = " .. format(rawget(t, k), opts, depth + 1, path, indent .. "  ")
    shown = shown + 1
  end
  path[t] = nil
  if total > shown then parts[#parts + 1] = string.format("… (%d more)", total - shown) end
  local one_line = "{" .. table.concat(parts, ", ") .. "}"
  if #one_line + #indent <= opts.width and not one_line:find("\n") then return one_line end
  return "{\n" .. indent .. "  " .. table.concat(parts, ",\n" .. indent .. "  ") .. "\n" .. indent .. "}"
end

format = function(v, opts, depth, path, indent)
  local t = type(v)
  if t == "string" then return quote(v, opts.string) end
  if t == "table" then
    if has_tostring(v) then return tostring(v) end
    return format_table(v, opts, depth, path, indent)
  end
  if t == "number" then
    if math.type(v) == "float" and v == math.floor(v) and math.abs(v) < 1e15 then
      return string.format("%.1f", v)
    end
    return tostring(v)
  end
  return tostring(v)
end

--- format(v [, opts]): the printed form of a value, as the REPL shows it.
function M.format(v, opts)
  opts = setmetatable(opts or {}, { __index = M.options })
  return format(v, opts, 0, {}, "")
end

--- summary(v): a one-line description (type and size), used by who().
function M.summary(v)
  local t = type(v)
  if t == "table" and not has_tostring(v) then return string.format("table (%d entries)", count_entries(v)) end
  if t == "string" then return string.format("string (%d bytes)", #v) end
  local s = M.format(v, { depth = 1, items = 5 })
  if #s > 60 then s = s:sub(1, 57) .. "..." end
  return s
end

--- print(...): prints each value on its own line; a top-level string prints without quotes, as in lua.
function M.print(...)
  local n = select("#", ...)
  for i = 1, n do
    local v = select(i, ...)
    local s
    if type(v) == "string" then
      s = #v > M.options.string and (v:sub(1, M.options.string) ..
        string.format("…(%d more bytes)", #v - M.options.string)) or v
    else
      s = M.format(v)
    end
    io.write(s, "\n")
  end
  io.flush()
end

return M
