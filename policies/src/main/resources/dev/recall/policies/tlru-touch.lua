-- The TLRU policy's part of the touch script, sent after its on_hit fragment and before touch.lua.
-- Many hits at once (a near cache's replay): one stamp, as the last of them would leave.
local function on_hits(order, seq, field, count)
  on_hit(order, seq, field)
end
