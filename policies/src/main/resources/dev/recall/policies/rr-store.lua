-- The RR policy's part of the store script, sent before the shared body in store.lua.
-- Victim: a uniformly random entry (HRANDFIELD); the order set stays empty.
local function pick_victim(data, order)
  return redis.call('HRANDFIELD', data)
end

local function on_insert(order, seq, field, now)
  -- no bookkeeping: victims are picked at random from the data hash
end

local function on_rewrite(order, seq, field, now)
  -- no bookkeeping
end

