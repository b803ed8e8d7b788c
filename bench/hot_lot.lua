-- The hot lot under wrk: every request delivers one unit of HOT-1 from lot
-- HOT-L1 of warehouse WH-KYIV to the recipient MU-A1234, each with an
-- Idempotency-Key of its own (a run id, the thread and a counter), as the
-- acceptance of the write path plays it. deliveries_bench --wrk runs it; by
-- hand, on a server with that item, lot and recipient:
--
--   wrk -t2 -c16 -d8s -s bench/hot_lot.lua http://127.0.0.1:8080 -- TOKEN RUN
--
-- TOKEN: a bearer token of a warehouse user (POST /api/v1/sessions);
-- RUN: any word not used before on that database (keys are never reused).
-- At the end it prints one line the benchmark reads:
--   hot_lot requests=N non2xx=N errors=N p50_ms=X p99_ms=X max_ms=X

local threads = {}

function setup(thread)
  thread:set("id", #threads + 1)
  table.insert(threads, thread)
end

local token, run, counter
local body = '{"warehouse":"WH-KYIV","recipient":"MU-A1234","date":"2026-11-27",' ..
             '"lines":[{"sku":"HOT-1","quantity":"1","lot":"HOT-L1"}]}'

function init(args)
  token = args[1] or ""
  run = args[2] or tostring(os.time())
  counter = 0
end

function request()
  counter = counter + 1
  return wrk.format("POST", "/api/v1/deliveries", {
    ["Authorization"] = "Bearer " .. token,
    ["Content-Type"] = "application/json",
    ["Idempotency-Key"] = "wrk-" .. run .. "-" .. id .. "-" .. counter,
  }, body)
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "hot_lot requests=%d non2xx=%d errors=%d p50_ms=%.3f p99_ms=%.3f max_ms=%.3f\n",
    summary.requests, e.status, e.connect + e.read + e.write + e.timeout,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
end
