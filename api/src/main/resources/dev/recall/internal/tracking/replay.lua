-- Reads a tracked name's count and history in one atomic step, so a call recorded meanwhile is either wholly in
-- the result or wholly absent.
-- KEYS[1] the call counter, KEYS[2] the inputs list, KEYS[3] the outputs list
-- Returns { count or false, inputs (array), outputs (array) }.
return { redis.call('GET', KEYS[1]), redis.call('LRANGE', KEYS[2], 0, -1), redis.call('LRANGE', KEYS[3], 0, -1) }
