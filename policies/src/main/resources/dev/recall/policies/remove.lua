-- Removes entries from a pair (invalidate one call, or clear one function of a shared pair).
-- KEYS[1] data hash, KEYS[2] order sorted set, KEYS[3] expiry sorted set
-- ARGV the fields to remove
-- Returns how many of them held an entry.
local removed = redis.call('HDEL', KEYS[1], unpack(ARGV))
redis.call('ZREM', KEYS[2], unpack(ARGV))
redis.call('ZREM', KEYS[3], unpack(ARGV))
return removed
