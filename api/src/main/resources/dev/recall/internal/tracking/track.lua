-- Records one call of a tracked function atomically, so the inputs and outputs lists stay aligned one to one
-- however many callers record at once, and once however often the same record is sent: a client resends it when
-- the connection was cut before the reply, not knowing whether it ran, and a driver may replay it after a reconnect.
-- KEYS[1] the call counter, KEYS[2] the inputs list, KEYS[3] the outputs list
-- KEYS[4] this call's request key (a random id): it exists once the call is recorded, and holds the count returned
-- ARGV[1] '1' to count the call, else '0'
-- ARGV[2] '1' to append the call to the history, else '0'
-- ARGV[3] the encoded inputs, ARGV[4] the encoded output (both ignored when ARGV[2] is '0')
-- ARGV[5] the most calls to keep in the history, '0' for no limit
-- ARGV[6] how long the request key lives, in ms: longer than any resend of the record can come
-- Returns the new count (the same one again for a resend), or 0 when the call is not counted.
local recorded = redis.call('GET', KEYS[4])
if recorded then
  return tonumber(recorded)
end
local count = 0
if ARGV[1] == '1' then
  count = redis.call('INCR', KEYS[1])
end
if ARGV[2] == '1' then
  redis.call('RPUSH', KEYS[2], ARGV[3])
  redis.call('RPUSH', KEYS[3], ARGV[4])
  local max = tonumber(ARGV[5])
  if max > 0 then
    redis.call('LTRIM', KEYS[2], -max, -1)
    redis.call('LTRIM', KEYS[3], -max, -1)
  end
end
redis.call('SET', KEYS[4], count, 'PX', ARGV[6])
return count
