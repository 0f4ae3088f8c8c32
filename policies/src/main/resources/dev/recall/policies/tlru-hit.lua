-- The TLRU policy's part of the read script, sent before the shared body in read.lua.
-- A hit stamps the entry with the server's clock in ms (no counter to bump; entries used in the same
-- millisecond tie).
local function on_hit(order, seq, field)
  local t = redis.call('TIME')
  redis.call('ZADD', order, t[1] * 1000 + math.floor(t[2] / 1000), field)
end
