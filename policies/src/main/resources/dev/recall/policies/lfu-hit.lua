-- The LFU policy's part of the read script, sent before the shared body in read.lua.
-- The order score is hits * 2^32 + sequence: fewest hits first, ties to the least recently used. Hits count up
-- to 2^20 - 1; after 2^32 uses of one pair, recency starts to outweigh a single hit (a gentle aging).
local function on_hit(order, seq, field)
  local hits = math.floor(tonumber(redis.call('ZSCORE', order, field) or '0') / 4294967296)
  if hits < 1048575 then
    hits = hits + 1
  end
  redis.call('ZADD', order, hits * 4294967296 + redis.call('INCR', seq), field)
end
