-- The FIFO and RR policies' part of the touch script (never sent: their hits change nothing to replay).
-- Many hits at once change nothing.
local function on_hits(order, seq, field, count)
end
