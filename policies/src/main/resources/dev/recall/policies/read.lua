-- The shared body of every read script, sent after the policy's on_hit fragment: the whole hit path in one
-- round trip.
-- KEYS[1] data hash (field -> encoded result), KEYS[2] order sorted set, KEYS[3] expiry sorted set
--   (field -> expiry time in ms), KEYS[4] sequence counter, KEYS[5] this field's lease key
-- ARGV[1] field, ARGV[2] lease time in ms ('0': take no lease), ARGV[3] lease token,
--   ARGV[4] '1' when entries may expire,
--   ARGV[5] to ARGV[7], only from a cache that refreshes ahead, serves stale values or keeps a near cache (the
--   extended mode): the refresh age in ms ('0': no refresh), a refresh lease's time in ms, and '1' when every hit
--   should say how long its entry stays fresh (for a near cache's copy)
-- Returns the value on a hit. On a miss: nil when no lease is asked for, 0 when the caller now holds the lease
-- (it computes and stores), or the milliseconds left on another caller's lease (it waits for that value).
-- In the extended mode a hit may instead be {value, kind, n}: kind 'h' a hit (only when ARGV[7] is '1'), 'r' a hit
-- whose caller now holds the lease to refresh it, both with n the ms until the entry turns stale, expires or is due
-- for a refresh (-1: never); or 's' a stale entry (past the stale time in its stamp, see store.lua, but kept for the stale window):
-- a miss whose value is the caller's fallback, with n the miss reply.
local field = ARGV[1]
local now = false

local value = redis.call('HGET', KEYS[1], field)
local expires = false
if value and ARGV[4] == '1' then
  expires = redis.call('ZSCORE', KEYS[3], field)
  if expires then
    local t = redis.call('TIME')
    now = t[1] * 1000 + math.floor(t[2] / 1000)
    if tonumber(expires) <= now then
      -- An expired entry is a miss, and it leaves the bookkeeping at once so the size never drifts. No near cache
      -- holds it past this time: a copy lives at most as long as the entry had left when it was read.
      redis.call('HDEL', KEYS[1], field)
      redis.call('ZREM', KEYS[2], field)
      redis.call('ZREM', KEYS[3], field)
      value = false
    end
  end
end
local written, stale = false, false
local kept = false
if value and ARGV[5] then
  if not now then
    local t = redis.call('TIME')
    now = t[1] * 1000 + math.floor(t[2] / 1000)
  end
  written, stale = string.match(value, '^t(%d+):(%d*):')
  if stale and stale ~= '' and tonumber(stale) <= now then
    -- Past its stale time but kept for the stale window: a miss, whose value is the caller's fallback.
    kept = value
    value = false
  end
end
if not value then
  local reply = false
  if ARGV[2] ~= '0' then
    if redis.call('SET', KEYS[5], ARGV[3], 'NX', 'PX', ARGV[2]) then
      reply = 0
    else
      reply = redis.call('PTTL', KEYS[5])
      if reply < 1 then
        reply = 1
      end
    end
  end
  if kept then
    return {kept, 's', reply}
  end
  return reply
end
on_hit(KEYS[2], KEYS[4], field)
if not ARGV[5] then
  return value
end
local fresh = -1
if stale and stale ~= '' then
  fresh = tonumber(stale) - now
elseif expires then
  fresh = tonumber(expires) - now
end
-- A near copy must not outlive the moment its entry is due for a refresh either, or hot keys served locally would
-- never be refreshed.
if ARGV[5] ~= '0' then
  local due = 0
  if written then
    due = math.max(0, tonumber(written) + tonumber(ARGV[5]) - now)
  end
  if fresh < 0 or due < fresh then
    fresh = due
  end
end
-- An entry without a stamp was written by a process configured without these options: its age is unknown.
if ARGV[5] ~= '0' and (not written or now - tonumber(written) >= tonumber(ARGV[5]))
    and redis.call('SET', KEYS[5], ARGV[3], 'NX', 'PX', ARGV[6]) then
  return {value, 'r', fresh}
end
if ARGV[7] == '1' then
  return {value, 'h', fresh}
end
return value
