import ArgumentParser

@main
struct Tama: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Tama: an SMS and USSD gateway for civic campaigns on basic phones.",
        subcommands: [ServeCommand.self, MenusCommand.self, SimulateCommand.self, SubscribersCommand.self, TokenCommand.self, BroadcastCommand.self, QuizCommand.self, HostsCommand.self, OfficialsCommand.self, BackupCommand.self, FakeAggregatorCommand.self]
    )
}
