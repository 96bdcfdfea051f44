-- Argo CD health of a plantops SiteDeployment, from its conditions and live phase.
-- Degraded: the operator cannot run it (phase Failed), or it fell back or works below its level
-- (Degraded=True), or its inputs are not covered. Progressing: not yet reconciled at this
-- generation, Pending, or a promotion under way. Healthy: Ready=True.
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
local degraded = condition("Degraded")
local inputs = condition("InputsCovered")
local ready = condition("Ready")
local promoting = condition("Promoting")
if obj.status.phase == "Failed" then
  hs.status = "Degraded"
  hs.message = (ready ~= nil and ready.message) or "The site deployment cannot run"
  return hs
end
if degraded ~= nil and degraded.status == "True" then
  hs.status = "Degraded"
  hs.message = degraded.message or degraded.reason
  return hs
end
if inputs ~= nil and inputs.status == "False" then
  hs.status = "Degraded"
  hs.message = inputs.message or "Inputs not covered"
  return hs
end
if ready ~= nil and ready.status == "True" then
  hs.status = "Healthy"
  hs.message = "Live in " .. (obj.status.phase or "?")
  if promoting ~= nil and promoting.status == "True" then
    hs.message = hs.message .. "; " .. (promoting.message or "promotion under way")
  end
  return hs
end
hs.status = "Progressing"
hs.message = (ready ~= nil and ready.message) or ("Phase " .. (obj.status.phase or "Pending"))
return hs
