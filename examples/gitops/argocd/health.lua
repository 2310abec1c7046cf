-- Argo CD health check for dbmigrate.io/DatabaseMigration.
-- Ready -> Healthy, Migrating/Reconciling -> Progressing, Failed/Stalled -> Degraded,
-- AwaitingApproval -> Suspended. A status that has not caught up with the spec is Progressing.
local hs = {}
if obj.status == nil then
  hs.status = "Progressing"
  hs.message = "Waiting for the operator to pick up the migration"
  return hs
end

local generation = obj.metadata.generation
local observed = obj.status.observedGeneration
if observed == nil or (generation ~= nil and observed < generation) then
  hs.status = "Progressing"
  hs.message = "Waiting for the operator to observe the latest spec"
  return hs
end

local ready, stalled
if obj.status.conditions ~= nil then
  for _, condition in ipairs(obj.status.conditions) do
    if condition.type == "Ready" then
      ready = condition
    elseif condition.type == "Stalled" then
      stalled = condition
    end
  end
end
local message = (ready ~= nil and ready.message) or obj.status.phase or ""

if obj.status.phase == "AwaitingApproval" then
  hs.status = "Suspended"
elseif obj.status.phase == "Failed" or (stalled ~= nil and stalled.status == "True") then
  hs.status = "Degraded"
elseif ready ~= nil and ready.status == "True" then
  hs.status = "Healthy"
else
  hs.status = "Progressing"
end
hs.message = message
return hs
