-- The LRU and MRU policies' part of the touch script, sent after their on_hit fragment and before touch.lua.
-- Many hits at once (a near cache's replay): the entry moves to the most recent end once, as the last of them would.
local function on_hits(order, seq, field, count)
  on_hit(order, seq, field)
end
