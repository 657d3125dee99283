import ArgumentParser
import Foundation
import TamaCore
import TamaMenus

/// The menus to run, with their problems printed the way `tama menus check` prints them;
/// a menu with an error stops the command.
func loadMenus(_ path: String, format: ScreenFormat) throws -> MenuCatalog {
    let folder = MenuFolder.load(path, format: format)
    for diagnostic in folder.diagnostics where diagnostic.severity == .error {
        FileHandle.standardError.write(Data("\(diagnostic)\n".utf8))
    }
    guard let catalog = folder.catalog else {
        FileHandle.standardError.write(Data("refusing to start: the menus in \(path) have errors (tama menus check \(path))\n".utf8))
        throw ExitCode.failure
    }
    return catalog
}
