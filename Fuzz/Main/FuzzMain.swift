import Foundation
import TamaFuzzTargets

#if FUZZING
/// libFuzzer's entry: `scripts/fuzz` builds this with `-sanitize=fuzzer,address` and
/// names the target in `TAMA_FUZZ_TARGET`. A broken property traps, like a crash, so
/// libFuzzer keeps the input.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ bytes: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    if let broken = target.check(Data(bytes: bytes, count: count)) {
        fatalError("\(target.rawValue): \(broken)")
    }
    return 0
}

/// SwiftPM links an executable's entry point as `tama_fuzz_main`, so libFuzzer's own
/// `main` is not used: this one hands over to libFuzzer's driver.
@_cdecl("tama_fuzz_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> CInt {
    var count = argc
    var arguments: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = argv
    return LLVMFuzzerRunDriver(&count, &arguments, fuzzOneInput)
}

@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ test: @convention(c) (UnsafePointer<UInt8>, Int) -> CInt
) -> CInt

private let target: FuzzTarget = {
    guard let name = ProcessInfo.processInfo.environment["TAMA_FUZZ_TARGET"], let target = FuzzTarget(rawValue: name) else {
        fatalError("set TAMA_FUZZ_TARGET to one of \(FuzzTarget.allCases.map(\.rawValue).joined(separator: ", "))")
    }
    return target
}()
#else
/// Built without libFuzzer (a plain `swift build`): says how to run it.
@main
struct FuzzHelp {
    static func main() {
        FileHandle.standardError.write(Data("tama-fuzz runs under libFuzzer: scripts/fuzz TARGET [SECONDS]\n".utf8))
        exit(2)
    }
}
#endif
