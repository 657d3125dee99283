import Foundation

public let bamako = TimeZone(identifier: "Africa/Bamako")!

/// `yyyy-MM-dd HH:mm` in Bamako (UTC+0, no daylight saving), for tests of quiet hours
/// and daily caps that read like the campaign's own calendar.
public func bamakoTime(_ text: String) -> Date {
    let formatter = DateFormatter()
    formatter.locale = Locale(identifier: "en_US_POSIX")
    formatter.timeZone = bamako
    formatter.dateFormat = "yyyy-MM-dd HH:mm"
    return formatter.date(from: text)!
}
