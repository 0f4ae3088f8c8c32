-- Removes one field of a hash and returns its value, atomically (HGETDEL for servers before 8.0).
-- KEYS[1] the hash
-- ARGV[1] the field
-- Returns the field's value, or false (nil) when it had none.
local value = redis.call('HGET', KEYS[1], ARGV[1])
if value then
  redis.call('HDEL', KEYS[1], ARGV[1])
end
return value
