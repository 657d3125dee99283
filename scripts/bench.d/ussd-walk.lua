-- wrk script: every connection walks the whole #EngageonsNous menu as a new caller,
-- in three USSD sessions: language + 3 quiz answers, subscribe, a question to the mayor.
-- Run it with as many threads as connections (-t N -c N): a wrk thread then drives one
-- connection, so each hop is sent after the previous one was answered, as on a phone.
--
-- Arguments: the callback path, then "check" to require the right CON/END answer at
-- each hop (Tama), or "any" to accept any 200 (the bare route, which answers a constant),
-- then the USSD code dialled (*384*77#, the shipped menu's, unless given).

local question = "Le forage de Kayes est en panne depuis 3 mois"
local walk_sessions = {
  {"", "1", "1*1", "1*1*2", "1*1*2*1", "1*1*2*1*3"},
  {"", "2"},
  {"", "3", "3*1", "3*1*1", "3*1*1*1", "3*1*1*1*" .. question},
}

dofile("scripts/bench.d/common.lua")

function init(args)
  path, check = args[1], args[2] ~= "any"
  walk, session, hop, completed, failed = 0, 1, 1, 0, ""
  headers = {["Content-Type"] = "application/x-www-form-urlencoded"}
  -- Encoded once: the load generator's cost per request should be small next to the server's.
  encoded = {}
  for s, hops in ipairs(walk_sessions) do
    encoded[s] = {}
    for h, text in ipairs(hops) do encoded[s][h] = "&networkCode=61002&text=" .. encode(text) end
  end
  prefix = "sessionId=ATUid_bench_" .. id .. "_"
  code = "&serviceCode=" .. encode(args[3] or "*384*77#") .. "&phoneNumber=%2B2237" .. string.format("%02d", id)
end

function request()
  local body = prefix .. walk .. "_" .. session .. code .. string.format("%05d", walk) .. encoded[session][hop]
  return wrk.format("POST", path, headers, body)
end

function response(status, headers, body)
  local last = hop == #walk_sessions[session]
  if status ~= 200 or (check and body:sub(1, 4) ~= (last and "END " or "CON ")) then
    failed = failed .. walk .. " "
    walk, session, hop = walk + 1, 1, 1
    return
  end
  if not last then
    hop = hop + 1
  elseif session < #walk_sessions then
    session, hop = session + 1, 1
  else
    completed = completed + 1
    walk, session, hop = walk + 1, 1, 1
  end
end

function done(summary, latency, requests)
  for _, thread in ipairs(threads) do
    io.write(string.format("walks thread=%d completed=%d next=%d failed=%s\n",
      thread:get("id"), thread:get("completed"), thread:get("walk"), thread:get("failed")))
  end
  write_result(summary, latency)
end
