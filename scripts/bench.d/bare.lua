-- wrk script for the bare route: the same request shape as a hop, a constant answer.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.body = "sessionId=ATUid_bench_0_0_1&serviceCode=%2A384%2A77%23&phoneNumber=%2B22370000000&networkCode=61002&text=1%2A1%2A2"

function done(summary, latency, requests)
  io.write(string.format("result requests=%d duration_us=%d p50_us=%d p99_us=%d socket_errors=%d non_2xx=%d\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    summary.errors.status))
end
