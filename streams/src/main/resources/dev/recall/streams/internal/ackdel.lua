-- Acknowledges entries for a group and deletes those that every group of the stream has now acknowledged (read,
-- and pending nowhere), as Redis 8.2's XACKDEL ... ACKED does.
-- KEYS[1]: the channel's stream
-- ARGV[1]: group; ARGV[2..]: entry ids (at most a few thousand)
-- Returns how many entries were deleted.
redis.call('XACK', KEYS[1], ARGV[1], unpack(ARGV, 2))
local groups = groups_of(KEYS[1])

local victims = {}
for i = 2, #ARGV do
  local id = ARGV[i]
  local done = true
  for _, group in ipairs(groups) do
    if id_before(group.last, id) or #redis.call('XPENDING', KEYS[1], group.name, id, id, 1) > 0 then
      done = false
      break
    end
  end
  if done then
    victims[#victims + 1] = id
  end
end
if #victims == 0 then
  return 0
end
return redis.call('XDEL', KEYS[1], unpack(victims))
