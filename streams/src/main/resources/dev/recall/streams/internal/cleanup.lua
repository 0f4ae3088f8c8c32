-- Deletes, from one page of the stream, the entries every consumer group has acknowledged: those at or below the
-- lowest last-delivered id of all groups (so every group has read them) and pending in no group. Atomic, so a
-- group cannot read or claim an entry between the check and the delete.
-- KEYS[1]: the channel's stream
-- ARGV[1]: the start of the page, '-' or an exclusive '(id'; ARGV[2]: the page size
-- Returns {deleted, next}: how many entries were deleted and where the next page starts ('' when done).
if redis.call('EXISTS', KEYS[1]) == 0 then
  return {0, ''}
end
local groups = groups_of(KEYS[1])
if #groups == 0 then
  return {0, ''}
end

local names = {}
local bound = nil
for _, group in ipairs(groups) do
  names[#names + 1] = group.name
  if bound == nil or id_before(group.last, bound) then
    bound = group.last
  end
end
if bound == '0-0' then
  return {0, ''}
end

local entries = redis.call('XRANGE', KEYS[1], ARGV[1], bound, 'COUNT', ARGV[2])
if #entries == 0 then
  return {0, ''}
end
local first, last = entries[1][1], entries[#entries][1]
local pending = {}
for _, name in ipairs(names) do
  local from = first
  while true do
    local page = redis.call('XPENDING', KEYS[1], name, from, last, 1000)
    for _, item in ipairs(page) do
      pending[item[1]] = true
    end
    if #page < 1000 then
      break
    end
    from = '(' .. page[#page][1]
  end
end

local victims = {}
for _, entry in ipairs(entries) do
  if not pending[entry[1]] then
    victims[#victims + 1] = entry[1]
  end
end
local deleted = 0
for i = 1, #victims, 500 do
  deleted = deleted + redis.call('XDEL', KEYS[1], unpack(victims, i, math.min(i + 499, #victims)))
end
local nextStart = ''
if #entries >= tonumber(ARGV[2]) then
  nextStart = '(' .. last
end
return {deleted, nextStart}
