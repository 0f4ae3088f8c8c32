-- Releases a stampede lease, only if the caller still holds it (after a failed computation).
-- KEYS[1] the lease key
-- ARGV[1] the caller's lease token
-- Returns 1 when released, 0 when the lease was gone or someone else's.
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0
