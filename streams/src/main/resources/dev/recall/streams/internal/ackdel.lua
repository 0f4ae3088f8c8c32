-- Acknowledges entries for a group and deletes those that every group of the stream has now acknowledged (read,
-- and pending nowhere): what XACKDEL ... ACKED does on Redis 8.2 and later, for older servers.
-- KEYS[1]: the channel's stream
-- ARGV[1]: group; ARGV[2..]: entry ids (at most a few thousand)
-- Returns how many entries were deleted.
redis.call('XACK', KEYS[1], ARGV[1], unpack(ARGV, 2))
local groups = redis.call('XINFO', 'GROUPS', KEYS[1])

local function before(a, b)
  local am, as = string.match(a, '^(%d+)-(%d+)$')
  local bm, bs = string.match(b, '^(%d+)-(%d+)$')
  am, as, bm, bs = tonumber(am), tonumber(as), tonumber(bm), tonumber(bs)
  if am ~= bm then
    return am < bm
  end
  return as < bs
end

local victims = {}
for i = 2, #ARGV do
  local id = ARGV[i]
  local done = true
  for _, group in ipairs(groups) do
    local name, last
    for j = 1, #group, 2 do
      if group[j] == 'name' then
        name = group[j + 1]
      elseif group[j] == 'last-delivered-id' then
        last = group[j + 1]
      end
    end
    if before(last, id) or #redis.call('XPENDING', KEYS[1], name, id, id, 1) > 0 then
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
