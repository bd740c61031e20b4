-- wrk: each reader opens the page (BENCH_PATH), then its script sends the beacon, as a browser
-- does; every beacon comes with a new User-Agent, so each is a new visitor (the costliest case).
local path = os.getenv("BENCH_PATH") or "/"
local n = 0
math.randomseed(os.time())
local thread_tag = tostring(math.random(1, 1000000000))

request = function()
  n = n + 1
  if n % 2 == 1 then
    return wrk.format("GET", path)
  end
  local headers = {
    ["Content-Type"] = "application/x-www-form-urlencoded",
    ["User-Agent"] = "Mozilla/5.0 (X11; Linux x86_64) Reader/" .. thread_tag .. "." .. n,
  }
  return wrk.format("POST", "/stats/hit/", headers, "p=" .. path)
end
