-- The MRU policy's part of the store script, sent before the shared body in store.lua.
-- Victim: the most recently read or written entry other than the new one (highest sequence number).
local function pick_victim(data, order)
  return redis.call('ZRANGE', order, -1, -1)[1]
end

local function on_insert(order, seq, field, now)
  redis.call('ZADD', order, redis.call('INCR', seq), field)
end

local function on_rewrite(order, seq, field, now)
  redis.call('ZADD', order, redis.call('INCR', seq), field)
end

