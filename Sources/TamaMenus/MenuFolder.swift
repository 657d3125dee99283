import Foundation
import TamaCore

/// The menus of a folder (every `*.yaml` and `*.yml` in it), parsed and checked together.
public struct MenuFolder: Sendable {
    public let path: String
    public let menus: [Menu]
    public let diagnostics: [Diagnostic]

    /// Reads and checks every menu file under `path` (or the one file `path` names).
    public static func load(_ path: String, format: ScreenFormat = ScreenFormat()) -> MenuFolder {
        let files: [String]
        do {
            files = try menuFiles(at: path)
        } catch {
            return MenuFolder(path: path, menus: [], diagnostics: [Diagnostic(file: path, line: nil, message: "\(error)")])
        }
        var parsed: [ParsedMenu] = []
        var diagnostics: [Diagnostic] = []
        for file in files {
            guard let data = FileManager.default.contents(atPath: file), let yaml = String(data: data, encoding: .utf8) else {
                diagnostics.append(Diagnostic(file: file, line: nil, message: "cannot be read as UTF-8 text"))
                continue
            }
            let (menu, problems) = MenuParser.parse(yaml, file: file)
            diagnostics += problems
            if let menu { parsed.append(menu) }
        }
        diagnostics += MenuLinter.check(parsed, format: format)
        let ordered = diagnostics.enumerated().sorted { a, b in
            (a.element.file, a.element.line ?? 0, a.offset) < (b.element.file, b.element.line ?? 0, b.offset)
        }
        return MenuFolder(path: path, menus: parsed.map(\.menu), diagnostics: ordered.map(\.element))
    }

    /// The catalog to serve, or nil when any menu has an error.
    public var catalog: MenuCatalog? {
        diagnostics.hasErrors ? nil : MenuCatalog(menus)
    }

    static func menuFiles(at path: String) throws(MenuFolderError) -> [String] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw .missing
        }
        guard isDirectory.boolValue else { return [path] }
        let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
        let files = names.filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }.sorted()
        guard !files.isEmpty else { throw .empty }
        return files.map { (path as NSString).appendingPathComponent($0) }
    }
}

enum MenuFolderError: Error, CustomStringConvertible {
    case missing
    case empty

    var description: String {
        switch self {
        case .missing: "no such file or folder; point --menus (or TAMA_MENUS) at the folder of menu files"
        case .empty: "no menu files (*.yaml) in this folder"
        }
    }
}
