-- Counts a pair's live entries: all entries minus those expired but not yet trimmed. O(log n).
-- KEYS[1] data hash, KEYS[2] expiry sorted set
-- Returns the number of live entries.
local t = redis.call('TIME')
local now = t[1] * 1000 + math.floor(t[2] / 1000)
return redis.call('HLEN', KEYS[1]) - redis.call('ZCOUNT', KEYS[2], '-inf', now)
