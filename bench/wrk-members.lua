-- wrk script for logged-in readers: each request carries the cookies of the
-- next of many sessions (one "Cookie" header value per line of the file given
-- as the argument); the report is that of wrk-report.lua.
--   MITREDEN_WRK_REPORT=bench/wrk-report.lua wrk ... -s bench/wrk-members.lua URL -- cookies.txt
local cookies = {}
local next_one = 0

init = function(args)
  for line in io.lines(args[1]) do
    cookies[#cookies + 1] = line
  end
  -- Threads start at different sessions.
  next_one = math.random(#cookies)
end

request = function()
  next_one = next_one % #cookies + 1
  return wrk.format(nil, nil, { ["Cookie"] = cookies[next_one] })
end

dofile(os.getenv("MITREDEN_WRK_REPORT") or "bench/wrk-report.lua")
