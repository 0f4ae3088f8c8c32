-- Helpers shared by the module's scripts, prepended to each script's body when it is loaded (StreamScripts): a
-- script's KEYS/ARGV header follows this fragment.

-- Whether the stream id a ('ms-seq') comes before b: compared as numbers, since ids are not ordered as text.
local function id_before(a, b)
  local am, as = string.match(a, '^(%d+)-(%d+)$')
  local bm, bs = string.match(b, '^(%d+)-(%d+)$')
  am, as, bm, bs = tonumber(am), tonumber(as), tonumber(bm), tonumber(bs)
  if am ~= bm then
    return am < bm
  end
  return as < bs
end

-- The value of a field in a flat {field, value, field, value...} reply (an entry's fields, one XINFO GROUPS
-- item), or nil; the last one wins when a field repeats.
local function field_of(flat, wanted)
  local value
  for i = 1, #flat, 2 do
    if flat[i] == wanted then
      value = flat[i + 1]
    end
  end
  return value
end

-- The consumer groups of a stream, each as {name = ..., last = its last-delivered id}.
local function groups_of(key)
  local groups = {}
  for _, group in ipairs(redis.call('XINFO', 'GROUPS', key)) do
    groups[#groups + 1] = {name = field_of(group, 'name'), last = field_of(group, 'last-delivered-id')}
  end
  return groups
end

