-- wrk script: POSTs ~1 KiB ProfileBundles with unique names (TOKEN and NS from the environment).
local counter = 0
local token = os.getenv("TOKEN")
local ns = os.getenv("NS") or "bench"
local run = tostring(os.time()) .. "-" .. tostring(math.random(1, 1000000))

request = function()
  counter = counter + 1
  local body = '{"apiVersion":"spectrocloud.com/v1beta1","kind":"ProfileBundle","metadata":{"name":"w-' .. run .. '-' .. counter ..
    '","namespace":"' .. ns .. '","labels":{"palette.ai/inference-engine":"vllm","shard":"s' .. (counter % 20) ..
    '"},"annotations":{"palette.ai/owner":"team-' .. (counter % 7) .. '@example.com","palette.ai/docs":"https://docs.example.com/bundles/' .. counter ..
    '"}},"spec":{"type":"Fullstack","version":"1.' .. (counter % 10) .. '.0","description":"Llama 3 on vLLM with its own GPU cluster, packaged once and reused for every edge site of the fleet.",' ..
    '"clusterProfiles":[{"name":"edge-gpu"}],"workloadProfiles":[{"name":"vllm"}],"variableSet":{"variables":[{"name":"maxModelLen","variableType":"int32","value":{"int32":8192}}]}}}'
  return wrk.format("POST", "/apis/spectrocloud.com/v1beta1/namespaces/" .. ns .. "/profilebundles",
    { ["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. token }, body)
end

done = function(summary, latency, requests)
  io.write(string.format("RESULT requests=%d seconds=%.3f non2xx=%d p50=%.3f p99=%.3f\n",
    summary.requests, summary.duration / 1e6, summary.errors.status,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
