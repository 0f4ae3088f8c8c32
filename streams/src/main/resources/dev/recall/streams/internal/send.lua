-- Appends messages to a channel's stream, all of them or none, and once however often the same request is sent: a
-- sender resends it when the connection was cut before the reply, not knowing whether it ran, and a driver may
-- replay it after a reconnect.
-- KEYS[1]: the channel's stream; KEYS[2]: the request's key (a random id, in the stream's slot), which exists once
-- the messages are appended and holds their entry ids
-- ARGV[1]: how long the request key lives, in ms; ARGV[2]: '' or MAXLEN or MINID, trimmed approximately to ARGV[3]
-- ARGV[4], ARGV[5], ...: each message's name and JSON body
-- Returns the entry ids, in order (the same ones again for a resend).
local sent = redis.call('GET', KEYS[2])
if sent then
  local ids = {}
  for id in string.gmatch(sent, '%S+') do
    ids[#ids + 1] = id
  end
  return ids
end
local ids = {}
for i = 4, #ARGV, 2 do
  if ARGV[2] == '' then
    ids[#ids + 1] = redis.call('XADD', KEYS[1], '*', 'name', ARGV[i], 'body', ARGV[i + 1])
  else
    ids[#ids + 1] = redis.call('XADD', KEYS[1], ARGV[2], '~', ARGV[3], '*', 'name', ARGV[i], 'body', ARGV[i + 1])
  end
end
redis.call('SET', KEYS[2], table.concat(ids, ' '), 'PX', ARGV[1])
return ids
