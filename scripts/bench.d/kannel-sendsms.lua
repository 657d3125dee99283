-- wrk script: Kannel's sendsms interface (smsbox), one message per request to a new
-- number, the outbound twin of Tama's inbound webhook in `scripts/bench kannel`.
-- Arguments: the sendsms user's name and password. Prints the result line `scripts/bench` reads.

dofile("scripts/bench.d/common.lua")

function init(args)
  prefix = "/cgi-bin/sendsms?username=" .. args[1] .. "&password=" .. args[2] .. "&from=384&text=" .. encode("Le forage de Kayes est en panne depuis 3 mois") .. "&to=%2B2237"
  n = 0
end

function request()
  n = n + 1
  return wrk.format("GET", prefix .. string.format("%02d%05d", id, n % 20000))
end

function done(summary, latency, requests)
  write_result(summary, latency)
end
