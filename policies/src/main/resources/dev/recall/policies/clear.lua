-- Deletes a whole pair atomically (clear a cache, or one function in the multiple layout).
-- KEYS[1] data hash, KEYS[2] order sorted set, KEYS[3] expiry sorted set, KEYS[4] sequence counter
-- Returns how many live entries the pair held.
local t = redis.call('TIME')
local now = t[1] * 1000 + math.floor(t[2] / 1000)
local live = redis.call('HLEN', KEYS[1]) - redis.call('ZCOUNT', KEYS[3], '-inf', now)
redis.call('DEL', KEYS[1], KEYS[2], KEYS[3], KEYS[4])
return live
