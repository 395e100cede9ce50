import Foundation
import TestSupport
import Testing

@Suite struct FoundationCommandTests {
    @Test func helpShowsTheSubcommandGroups() throws {
        let result = try CLI.run("--help")
        #expect(result.status == 0)
        for group in ["init", "status", "curriculum"] {
            #expect(result.stdout.contains("  \(group)"), "help lists \(group)")
        }
    }

    @Test func initThenStatusInTheCurrentFolder() throws {
        let folder = try TemporaryFolder()
        let created = try CLI.run("init", in: folder.url)
        #expect(created.status == 0)
        #expect(created.stdout.contains("Created workspace"))
        let status = try CLI.run("status", "--format", "json", in: folder.url)
        #expect(status.status == 0)
        let json = try JSONSerialization.jsonObject(with: Data(status.stdout.utf8)) as? [String: Any]
        #expect(json?["curricula"] as? Int == 0)
        #expect(json?["scheduledSessions"] as? Int == 0)
        let table = try CLI.run("status", in: folder.url)
        #expect(table.stdout.contains("certificates"))
    }

    @Test func workspaceResolutionOptionThenEnvironmentThenCurrentFolder() throws {
        let folder = try TemporaryFolder()
        let a = folder.url.appendingPathComponent("a")
        let b = folder.url.appendingPathComponent("b")
        #expect(try CLI.run("init", a.path).status == 0)
        #expect(try CLI.run("init", b.path).status == 0)
        // --workspace wins over the environment.
        let explicit = try CLI.run("status", "--workspace", a.path, environment: ["PLANNER_WORKSPACE": b.path])
        #expect(explicit.status == 0)
        #expect(explicit.stdout.contains(a.path))
        let fromEnvironment = try CLI.run("status", in: folder.url, environment: ["PLANNER_WORKSPACE": b.path])
        #expect(fromEnvironment.status == 0)
        #expect(fromEnvironment.stdout.contains(b.path))
        let current = try CLI.run("status", in: a)
        #expect(current.status == 0)
        #expect(current.stdout.contains(a.path))
    }

    @Test func outsideAWorkspaceEveryCommandSaysHowToCreateOne() throws {
        let folder = try TemporaryFolder()
        let result = try CLI.run("status", in: folder.url)
        #expect(result.status == 1)
        #expect(result.stderr.contains("is not a TrainingPlanner workspace"))
        #expect(result.stderr.contains("planner init"))
        #expect(!FileManager.default.fileExists(atPath: folder.url.appendingPathComponent("planner.sqlite").path))
    }

    @Test func usageErrorsExitWithTwo() throws {
        let unknown = try CLI.run("status", "--format", "yaml")
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("yaml"))
        #expect(try CLI.run("no-such-command").status == 2)
    }

    @Test func completionScriptsAreGenerated() throws {
        let result = try CLI.run("--generate-completion-script", "bash")
        #expect(result.status == 0)
        #expect(result.stdout.contains("_planner"))
    }

    @Test func twoProcessesCreatingTheSameWorkspaceAtOnceBothSucceed() throws {
        let folder = try TemporaryFolder()
        let target = folder.url.appendingPathComponent("shared").path
        let first = try CLI.launch(["init", target])
        let second = try CLI.launch(["init", target])
        let results = [CLI.finish(first), CLI.finish(second)]
        #expect(results.map(\.status) == [0, 0], "\(results.map(\.stderr))")
        #expect(try CLI.run("status", "--workspace", target).status == 0)
    }
}

/// Tried as a new user would, with an installed binary: the demo needs no repository around it.
@Suite struct DemoAnywhereTests {
    @Test func theDemoRunsInAnEmptyFolderOnTheCompiledInCurricula() throws {
        let folder = try TemporaryFolder()
        let run = try CLI.run(
            ["demo", "--participants", "20", "--seconds", "1"], in: folder.url,
            environment: ["PLANNER_NOW": "2027-07-01T10:00:00Z"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.contains("• imported 6 curriculum files"))
        let demo = folder.url.appendingPathComponent("planner-demo-1")
        let list = try CLI.run(["curriculum", "list", "--format", "json", "--workspace", demo.path])
        let curricula = try #require(try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [[String: Any]])
        #expect(curricula.count >= 6)
        let none = folder.url.appendingPathComponent("none").path
        let elsewhere = try CLI.run(["demo", "--curricula", none], in: folder.url)
        #expect(elsewhere.status == 1 && elsewhere.stderr.contains("error: no curricula in"))
    }
}
