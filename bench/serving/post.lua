-- wrk script: POSTs a JSON {"text": ...} body, cycling through a few sentences, and prints a
-- machine-readable summary line at the end:
--   RESULT {"requests":N,"duration_s":S,"rps":R,"p50_ms":..,"p90_ms":..,"p99_ms":..,"non_2xx_3xx":N,
--           "connect_errors":N,"read_errors":N,"write_errors":N,"timeouts":N}
-- Usage: wrk -t2 -c32 -d10s --latency -s bench/serving/post.lua http://127.0.0.1:PORT/api/v1/models/sentiment/predict

local sentences = {
    "The food was great and the service was excellent.",
    "Terrible battery life, it died after two days.",
    "I would not recommend this place to anyone.",
    "Works perfectly, very happy with this phone.",
    "The waiter was rude and the fries were cold.",
    "Great value for the money, highly recommended!",
    "It broke the first time I dropped it.",
    "Best burger I have had in years.",
}

local bodies = {}
for i, s in ipairs(sentences) do
    bodies[i] = '{"text":"' .. s .. '"}'
end

local counter = 0

request = function()
    counter = counter + 1
    local body = bodies[(counter % #bodies) + 1]
    return wrk.format("POST", nil, { ["Content-Type"] = "application/json" }, body)
end

done = function(summary, latency, requests)
    local seconds = summary.duration / 1e6
    local e = summary.errors
    io.write(string.format(
        'RESULT {"requests":%d,"duration_s":%.3f,"rps":%.1f,"mean_ms":%.3f,"p50_ms":%.3f,"p90_ms":%.3f,"p99_ms":%.3f,"max_ms":%.3f,'
            .. '"non_2xx_3xx":%d,"connect_errors":%d,"read_errors":%d,"write_errors":%d,"timeouts":%d}\n',
        summary.requests, seconds, summary.requests / seconds, latency.mean / 1000,
        latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
        e.status, e.connect, e.read, e.write, e.timeout))
end
