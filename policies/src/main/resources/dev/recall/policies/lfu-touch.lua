-- The LFU policy's part of the touch script, sent after its on_hit fragment and before touch.lua.
-- Many hits at once (a near cache's replay): the count grows by all of them, with one write.
local function on_hits(order, seq, field, count)
  local hits = math.floor(tonumber(redis.call('ZSCORE', order, field) or '0') / 4294967296)
  hits = math.min(hits + count, 1048575)
  redis.call('ZADD', order, hits * 4294967296 + redis.call('INCR', seq), field)
end
