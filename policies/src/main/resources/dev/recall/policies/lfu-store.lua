-- The LFU policy's part of the store script, sent before the shared body in store.lua.
-- Victim: the fewest hits, ties to the least recently used (score hits * 2^32 + sequence).
local function pick_victim(data, order)
  return redis.call('ZRANGE', order, 0, 0)[1]
end

local function on_insert(order, seq, field, now)
  redis.call('ZADD', order, redis.call('INCR', seq), field)
end

local function on_rewrite(order, seq, field, now)
  local hits = math.floor(tonumber(redis.call('ZSCORE', order, field) or '0') / 4294967296)
  redis.call('ZADD', order, hits * 4294967296 + redis.call('INCR', seq), field)
end

