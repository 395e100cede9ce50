import NIOCore
import NIOPosix
import PlannerCommands

// `planner serve` runs its handlers on the event loops that do its network I/O, rather than hopping to
// Swift's cooperative pool and back for each request (`bench/web.sh`: a verify page 3,700 → 4,400
// requests a second on two cores). Its long work (solving, imports) runs on threads of its own.
if CommandLine.arguments.dropFirst().first == "serve" {
    NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()
}
await Planner.runMain()
