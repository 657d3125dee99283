-- Shared by the wrk scripts (loaded with dofile from the repository's top folder):
-- numbered threads, form encoding, and the result line `scripts/bench` reads.

threads = {}
local next_id = 0

function setup(thread)
  thread:set("id", next_id)
  next_id = next_id + 1
  table.insert(threads, thread)
end

-- Everything but unreserved characters and `*` (USSD codes keep it) is escaped.
function encode(text)
  return (text:gsub("[^%w%-%._~*]", function(c) return string.format("%%%02X", string.byte(c)) end))
end

function write_result(summary, latency)
  io.write(string.format("result requests=%d duration_us=%d p50_us=%d p99_us=%d socket_errors=%d non_2xx=%d\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    summary.errors.status))
end
