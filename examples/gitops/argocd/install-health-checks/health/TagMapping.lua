-- Argo CD health of a plantops TagMapping: valid (Healthy), invalid (Degraded), or not yet checked.
local hs = {}
local valid = nil
if obj.status ~= nil and obj.status.conditions ~= nil then
  for _, c in ipairs(obj.status.conditions) do
    if c.type == "Valid" then valid = c end
  end
end
if obj.status == nil or valid == nil then
  hs.status = "Progressing"
  hs.message = "Waiting for the plantops operator to validate"
  return hs
end
if obj.metadata ~= nil and obj.metadata.generation ~= nil and obj.status.observedGeneration ~= nil
    and obj.status.observedGeneration < obj.metadata.generation then
  hs.status = "Progressing"
  hs.message = "Waiting for the operator to validate generation " .. obj.metadata.generation
  return hs
end
if valid.status == "True" then
  hs.status = "Healthy"
  hs.message = valid.message or "Valid"
elseif valid.status == "False" then
  hs.status = "Degraded"
  hs.message = valid.message or valid.reason
else
  hs.status = "Progressing"
  hs.message = valid.message or "Validation pending"
end
return hs
