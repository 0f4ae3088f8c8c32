-- The FIFO and RR policies' part of the read script, sent before the shared body in read.lua.
-- A hit changes no bookkeeping: FIFO keeps insertion order, RR picks victims at random.
local function on_hit(order, seq, field)
end
