/// Secrets (a callback path, a signature) are compared in time that depends only on the
/// lengths, so response timing does not reveal how much of a guess was right.
public enum ConstantTime {
    public static func equals(_ candidate: some StringProtocol, _ secret: some StringProtocol) -> Bool {
        let a = Array(candidate.utf8), b = Array(secret.utf8)
        var difference = UInt8(a.count == b.count ? 0 : 1)
        for index in 0..<max(a.count, b.count) {
            difference |= (index < a.count ? a[index] : 0) ^ (index < b.count ? b[index] : 0)
        }
        return difference == 0
    }
}
