-- Store body shared by every policy: make room, store the value, release the caller's lease, atomically.
-- It is sent after the policy's fragment (<policy>-store.lua), which defines three local functions:
--   pick_victim(data, order) -> the member to evict when no entry has expired
--   on_insert(order, seq, field, now) and on_rewrite(order, seq, field, now) -> the order bookkeeping of a new
--   and of an existing entry (seq is the pair's sequence counter key)
-- KEYS[1] data hash, KEYS[2] order sorted set, KEYS[3] expiry sorted set, KEYS[4] sequence counter,
--   KEYS[5] this field's lease key, KEYS[6] the pair's invalidation channel, KEYS[7] the cache's registry hash
--   (pair prefix -> 1), optional
-- ARGV[1] field, ARGV[2] encoded value, ARGV[3] max size, ARGV[4] TTL in ms ('0': none),
--   ARGV[5] lease token ('': none held), ARGV[6] this pair's registry member, ARGV[7] most expired entries to trim,
--   ARGV[8] the command to publish invalidations with (PUBLISH, or SPUBLISH on a cluster),
--   ARGV[9] and ARGV[10], only from a cache that refreshes ahead or serves stale values: the entry's TTL in ms before
--   it turns stale ('0': never), and the stale window in ms ('0': none; then ARGV[4] is that TTL plus the window).
--   The value is then stored behind a stamp, 't<write time>:<stale time or empty>:', both in ms of the server's
--   clock, which the read script and the engine's decoder understand, and stale entries are evicted first.
-- Every entry this removes or overwrites is named in one message on the channel (fields separated by spaces), so
-- near caches drop their copies; a new field is not named, as no near cache can hold it. The publish is a pcall: a
-- server that lacks the command (SPUBLISH before Redis 7.0) must not fail the write; no near cache can subscribe
-- there either, so none is served.
-- Returns how many entries the policy evicted (expired entries removed on the way are not counted).
local data, order, expiry = KEYS[1], KEYS[2], KEYS[3]
local field = ARGV[1]
local t = redis.call('TIME')
local now = t[1] * 1000 + math.floor(t[2] / 1000)

local gone = {}
local function remove(member)
  redis.call('HDEL', data, member)
  redis.call('ZREM', order, member)
  redis.call('ZREM', expiry, member)
  gone[#gone + 1] = member
end

-- Expired entries leave every structure, a bounded batch per store, so the size count never drifts.
for _, member in ipairs(redis.call('ZRANGEBYSCORE', expiry, '-inf', now, 'LIMIT', 0, tonumber(ARGV[7]))) do
  remove(member)
end

local evicted = 0
if redis.call('HEXISTS', data, field) == 0 then
  -- First evict, then insert: the size never exceeds the max after this script.
  local max = tonumber(ARGV[3])
  -- An entry whose expiry is less than a stale window away is already stale (past its stamp's stale time).
  local dead = now
  if ARGV[10] then
    dead = now + tonumber(ARGV[10])
  end
  while redis.call('HLEN', data) >= max do
    local victim = redis.call('ZRANGEBYSCORE', expiry, '-inf', dead, 'LIMIT', 0, 1)[1]
    if not victim then
      victim = pick_victim(data, order)
      if not victim then
        break
      end
      evicted = evicted + 1
    end
    remove(victim)
  end
  on_insert(order, KEYS[4], field, now)
else
  on_rewrite(order, KEYS[4], field, now)
  gone[#gone + 1] = field
end
if ARGV[9] then
  local stale = ''
  if ARGV[9] ~= '0' then
    stale = string.format('%.0f', now + tonumber(ARGV[9]))
  end
  redis.call('HSET', data, field, 't' .. string.format('%.0f', now) .. ':' .. stale .. ':' .. ARGV[2])
else
  redis.call('HSET', data, field, ARGV[2])
end
if ARGV[4] ~= '0' then
  redis.call('ZADD', expiry, now + tonumber(ARGV[4]), field)
else
  redis.call('ZREM', expiry, field)
end
if ARGV[5] ~= '' and redis.call('GET', KEYS[5]) == ARGV[5] then
  redis.call('DEL', KEYS[5])
end
-- Without KEYS[7] (a cluster's per-function pair, on another slot than the registry) the caller registers it.
if KEYS[7] then
  redis.call('HSET', KEYS[7], ARGV[6], '1')
end
if #gone > 0 then
  redis.pcall(ARGV[8], KEYS[6], table.concat(gone, ' '))
end
return evicted
