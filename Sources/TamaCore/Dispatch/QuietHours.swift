import Foundation

/// The hours when no broadcast goes out (default 21:00–07:00, Africa/Bamako): a phone
/// that buzzes at night gets its owner's STOP. Replies still go: someone is waiting.
public struct QuietHours: Sendable, Equatable {
    /// Minutes after midnight, local time. `start == end` means never quiet.
    public var start: Int
    public var end: Int
    public var timeZone: TimeZone

    public init(start: Int = 21 * 60, end: Int = 7 * 60, timeZone: TimeZone = TimeZone(identifier: "Africa/Bamako")!) {
        self.start = start
        self.end = end
        self.timeZone = timeZone
    }

    /// Reads `21:00-07:00`.
    public init?(_ text: String, timeZone: TimeZone) {
        let bounds = text.split(separator: "-").map { $0.trimmingCharacters(in: .whitespaces) }
        guard bounds.count == 2, let start = Self.minutes(bounds[0]), let end = Self.minutes(bounds[1]) else { return nil }
        self.init(start: start, end: end, timeZone: timeZone)
    }

    public func contains(_ date: Date) -> Bool {
        let minute = minuteOfDay(date)
        if start == end { return false }
        return start < end ? (start..<end).contains(minute) : minute >= start || minute < end
    }

    /// When the quiet period that holds `date` ends (`date` itself if it is not quiet).
    public func end(after date: Date) -> Date {
        guard contains(date) else { return date }
        let wait = (end - minuteOfDay(date) + 24 * 60) % (24 * 60)
        let startOfMinute = calendar.dateInterval(of: .minute, for: date)!.start
        return startOfMinute.addingTimeInterval(TimeInterval(wait * 60))
    }

    /// Local midnight before `date`, where daily caps start counting.
    public func startOfDay(_ date: Date) -> Date {
        calendar.startOfDay(for: date)
    }

    /// Local midnight after `date`, when a daily cap lifts.
    public func nextDay(after date: Date) -> Date {
        calendar.date(byAdding: .day, value: 1, to: startOfDay(date))!
    }

    private var calendar: Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        return calendar
    }

    private func minuteOfDay(_ date: Date) -> Int {
        let parts = calendar.dateComponents([.hour, .minute], from: date)
        return parts.hour! * 60 + parts.minute!
    }

    private static func minutes(_ text: String) -> Int? {
        let parts = text.split(separator: ":")
        guard parts.count == 2, let hour = Int(parts[0]), let minute = Int(parts[1]), (0..<24).contains(hour), (0..<60).contains(minute)
        else { return nil }
        return hour * 60 + minute
    }
}
