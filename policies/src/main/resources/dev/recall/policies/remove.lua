-- Removes entries from a pair (invalidate one call, clear one function of a shared pair, or drop an unreadable
-- entry), and names them on the pair's invalidation channel, so near caches drop their copies.
-- KEYS[1] data hash, KEYS[2] order sorted set, KEYS[3] expiry sorted set, KEYS[4] invalidation channel
-- ARGV[1] the command to publish with (PUBLISH, or SPUBLISH on a cluster), ARGV[2...] the fields to remove
-- Returns how many of them held an entry.
local fields = {unpack(ARGV, 2)}
local removed = redis.call('HDEL', KEYS[1], unpack(fields))
redis.call('ZREM', KEYS[2], unpack(fields))
redis.call('ZREM', KEYS[3], unpack(fields))
if removed > 0 then
  redis.pcall(ARGV[1], KEYS[4], table.concat(fields, ' '))
end
return removed
