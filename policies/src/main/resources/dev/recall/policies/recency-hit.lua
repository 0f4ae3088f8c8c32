-- The LRU and MRU policies' part of the read script, sent before the shared body in read.lua.
-- A hit moves the entry to the most recent end of the order set (score: the pair's sequence counter, so the
-- order is exact).
local function on_hit(order, seq, field)
  redis.call('ZADD', order, redis.call('INCR', seq), field)
end
