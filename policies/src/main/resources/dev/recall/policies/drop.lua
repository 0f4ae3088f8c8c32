-- Deletes a pair whatever its keys hold (one of them was found holding another type, written by another tool), and
-- says so on the pair's invalidation channel ('*': every entry). Unlike clear.lua it reads nothing first, as
-- reading a key of a foreign type fails.
-- KEYS[1] data hash, KEYS[2] order sorted set, KEYS[3] expiry sorted set, KEYS[4] sequence counter,
--   KEYS[5] invalidation channel
-- ARGV[1] the command to publish with (PUBLISH, or SPUBLISH on a cluster)
-- Returns how many of the four keys existed.
local deleted = redis.call('DEL', KEYS[1], KEYS[2], KEYS[3], KEYS[4])
redis.pcall(ARGV[1], KEYS[5], '*')
return deleted
