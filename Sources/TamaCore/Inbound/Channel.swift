/// How a message reached Tama; kept with each effect so a campaign can tell USSD from SMS.
public enum Channel: String, Sendable {
    case ussd
    case sms
}
