-- wrk script: Africa's Talking inbound SMS webhooks, each with a new message id, from
-- numbers that text what people do (JOIN, a quiz answer, a question, a stray word).
-- Argument: the callback path. Prints the result line `scripts/bench` reads.

local texts = {"JOIN", "B", "Q2 A", "Q Le forage de Kayes est en panne depuis 3 mois", "bonjour", "STOP"}
local threads = {}
local next_id = 0

function setup(thread)
  thread:set("id", next_id)
  next_id = next_id + 1
  table.insert(threads, thread)
end

local function encode(text)
  return (text:gsub("[^%w%-%._~]", function(c) return string.format("%%%02X", string.byte(c)) end))
end

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
  io.write(string.format("result requests=%d duration_us=%d p50_us=%d p99_us=%d socket_errors=%d non_2xx=%d\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    summary.errors.status))
end
