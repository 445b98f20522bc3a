local T = require "lunar.tester"
local suite = T.suite("host")

function suite.version_is_set()
  T.ok(type(lunar.version) == "string" and lunar.version:match("^%d+%.%d+%.%d+"), tostring(lunar.version))
end

function suite.core_module_is_documented()
  T.ok(lunar.core.doc("lunar.core.doc"):find("doc(x)", 1, true))
  T.ok(lunar.core.doc(lunar.core.doc):find("help text", 1, true))
  T.eq(lunar.core.doc("no.such.thing"), nil)
end

function suite.swift_errors_have_positions()
  local ok, err = pcall(lunar.core.listdir, 42)
  T.ok(ok) -- numbers convert to strings, as in Lua
  T.raises(function() lunar.core.listdir({}) end, "bad argument #1 to 'listdir' (string expected, got table)")
end

function suite.unknown_submodule_is_nil()
  T.eq(lunar.nosuchmodule, nil)
end

return suite
