-- wrk script: Africa's Talking inbound SMS webhooks, each with a new message id, from
-- numbers that text what people do (JOIN, a quiz answer, a question, a stray word).
-- Argument: the callback path. Prints the result line `scripts/bench` reads.

local texts = {"JOIN", "B", "Q2 A", "Q Le forage de Kayes est en panne depuis 3 mois", "bonjour", "STOP"}
dofile("scripts/bench.d/common.lua")

function init(args)
  path = args[1]
  n = 0
  headers = {["Content-Type"] = "application/x-www-form-urlencoded"}
  encoded = {}
  for i, text in ipairs(texts) do encoded[i] = encode(text) end
end

function request()
  n = n + 1
  local body = "from=%2B2237" .. string.format("%02d%05d", id, n % 20000) .. "&to=384&networkCode=61002&id=ATXid_bench_" .. id .. "_" .. n
    .. "&date=2026-11-21T10%3A00%3A00.000Z&text=" .. encoded[(n % #texts) + 1]
  return wrk.format("POST", path, headers, body)
end

function done(summary, latency, requests)
  write_result(summary, latency)
end
