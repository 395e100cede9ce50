import PlannerCommands

await Planner.runMain()
