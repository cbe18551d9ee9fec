-- wrk script for ingest.sh: every request is a signed GitHub delivery of the same body with its own X-GitHub-Delivery id,
-- so de-duplication never short-cuts one. The HMAC covers only the body, so one signature serves the whole run.
--
--   wrk -t1 -c32 -d10s -s ingest.lua URL -- BODY-FILE SIGNATURE [EVENT]
--
-- done() prints one line, `result requests=N seconds=S rate=R p50_ms=A p99_ms=B errors=E`, for ingest.sh to read.

local before, after
local counter = 0
local run

function init(args)
   local file = assert(io.open(args[1], "rb"))
   local body = file:read("*a")
   file:close()
   -- Unique across runs too (a shared Redis remembers ids for days): the start time and the thread's address.
   run = string.format("%08x", (os.time() + tonumber(tostring({}):match("0x(%x+)") or "0", 16)) % 0xffffffff)
   local host = wrk.headers["Host"] or (wrk.host .. ":" .. wrk.port)
   -- The request is built from two constant halves around the id: one string concatenation per request.
   before = "POST " .. wrk.path .. " HTTP/1.1\r\nHost: " .. host .. "\r\nX-GitHub-Delivery: "
   after = "\r\nX-GitHub-Event: " .. (args[3] or "pull_request") ..
      "\r\nX-Hub-Signature-256: " .. args[2] ..
      "\r\nUser-Agent: GitHub-Hookshot/wrk\r\nContent-Type: application/json\r\nContent-Length: " .. #body ..
      "\r\n\r\n" .. body
end

function request()
   counter = counter + 1
   return before .. string.format("%s-0000-4000-8000-%012d", run, counter) .. after
end

function done(summary, latency, requests)
   local seconds = summary.duration / 1e6
   local errors = summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout + summary.errors.status
   io.write(string.format("result requests=%d seconds=%.2f rate=%.0f p50_ms=%.2f p99_ms=%.2f errors=%d status_errors=%d\n",
      summary.requests, seconds, summary.requests / seconds, latency:percentile(50) / 1000, latency:percentile(99) / 1000,
      errors, summary.errors.status))
end
