-- Argo CD health of a plantops Plant: its workloads and onboarding.
local hs = {}
local function condition(t)
  if obj.status ~= nil and obj.status.conditions ~= nil then
    for _, c in ipairs(obj.status.conditions) do
      if c.type == t then return c end
    end
  end
  return nil
end
if obj.status == nil then
  hs.status = "Progressing"
  hs.message = "Waiting for the plantops operator"
  return hs
end
if obj.metadata ~= nil and obj.metadata.generation ~= nil and obj.status.observedGeneration ~= nil
    and obj.status.observedGeneration < obj.metadata.generation then
  hs.status = "Progressing"
  hs.message = "Waiting for the operator to reconcile generation " .. obj.metadata.generation
  return hs
end
local ready = condition("Ready")
local degraded = condition("Degraded")
if obj.status.phase == "Degraded" or (degraded ~= nil and degraded.status == "True") then
  hs.status = "Degraded"
  hs.message = (degraded ~= nil and degraded.message) or (ready ~= nil and ready.message) or "Plant degraded"
  return hs
end
if obj.status.phase == "Ready" and (ready == nil or ready.status == "True") then
  hs.status = "Healthy"
  hs.message = "Plant ready"
  return hs
end
hs.status = "Progressing"
hs.message = (ready ~= nil and ready.message) or ("Onboarding: phase " .. (obj.status.phase or "Pending"))
return hs
