-- Moves one pending entry of a consumer group to the dead-letter stream and acknowledges it, atomically, so an
-- entry is never both dead-lettered and lost, nor acknowledged without its dead letter.
-- KEYS[1]: the channel's stream; KEYS[2]: its dead-letter stream (same hash slot by construction)
-- ARGV[1]: group; ARGV[2]: entry id; ARGV[3]: error text; ARGV[4]: delivery count; ARGV[5]: channel name
-- Returns the dead-letter entry id, or false when the entry no longer exists (it is acknowledged all the same).
local found = redis.call('XRANGE', KEYS[1], ARGV[2], ARGV[2])
if #found == 0 then
  redis.call('XACK', KEYS[1], ARGV[1], ARGV[2])
  return false
end
local fields = found[1][2]
local name, body = field_of(fields, 'name') or '', field_of(fields, 'body') or ''
local id = redis.call('XADD', KEYS[2], '*', 'name', name, 'body', body, 'source-id', ARGV[2], 'group', ARGV[1],
  'channel', ARGV[5], 'error', ARGV[3], 'deliveries', ARGV[4])
redis.call('XACK', KEYS[1], ARGV[1], ARGV[2])
return id
