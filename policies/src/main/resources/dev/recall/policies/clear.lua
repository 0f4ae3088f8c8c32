-- Deletes a whole pair atomically (clear a cache, or one function in the multiple layout), and says so on the
-- pair's invalidation channel ('*': every entry), so near caches drop all their copies of it.
-- KEYS[1] data hash, KEYS[2] order sorted set, KEYS[3] expiry sorted set, KEYS[4] sequence counter,
--   KEYS[5] invalidation channel
-- ARGV[1] the command to publish with (PUBLISH, or SPUBLISH on a cluster)
-- Returns how many live entries the pair held.
local t = redis.call('TIME')
local now = t[1] * 1000 + math.floor(t[2] / 1000)
local held = redis.call('HLEN', KEYS[1])
local live = held - redis.call('ZCOUNT', KEYS[3], '-inf', now)
redis.call('DEL', KEYS[1], KEYS[2], KEYS[3], KEYS[4])
if held > 0 then
  redis.pcall(ARGV[1], KEYS[5], '*')
end
return live
