-- The shared body of every touch script, sent after the policy's hit fragment: replays hits a near cache answered
-- locally, so that the policy's order in Redis reflects them, each field's hits with one on_hits call (bounded work
-- however hot the field). Fields no longer held are skipped.
-- KEYS[1] data hash, KEYS[2] order sorted set, KEYS[3] sequence counter
-- ARGV pairs of field and how many hits it had
-- Returns how many of the fields were still held.
local held = 0
for i = 1, #ARGV, 2 do
  local field = ARGV[i]
  if redis.call('HEXISTS', KEYS[1], field) == 1 then
    held = held + 1
    on_hits(KEYS[2], KEYS[3], field, tonumber(ARGV[i + 1]))
  end
end
return held
