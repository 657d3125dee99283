/// What an official was elected or appointed as. A question whose topic no official of
/// its commune takes goes to the commune's mayor.
public enum Office: String, Sendable, CaseIterable, Codable {
    case mayor
    case deputyMayor = "deputy-mayor"
    case councillor
    case deputy
    case other

    /// Offices as a sheet writes them, in English or French, folded (`Député` is `DEPUTE`).
    public init?(written text: String) {
        let names: [String: Office] = [
            "MAYOR": .mayor, "MAIRE": .mayor, "DEPUTY_MAYOR": .deputyMayor, "ADJOINT": .deputyMayor, "ADJOINT_AU_MAIRE": .deputyMayor,
            "MAIRE_ADJOINT": .deputyMayor, "COUNCILLOR": .councillor, "CONSEILLER": .councillor, "CONSEILLERE": .councillor,
            "CONSEILLER_COMMUNAL": .councillor, "DEPUTY": .deputy, "DEPUTE": .deputy, "DEPUTEE": .deputy, "OTHER": .other, "AUTRE": .other,
        ]
        guard let office = names[Folding.fold(text).replacingOccurrences(of: " ", with: "_").replacingOccurrences(of: "-", with: "_")] else {
            return nil
        }
        self = office
    }

    /// How the answer a citizen gets names who gave it (`Réponse du maire de Diéma`).
    public var french: String {
        switch self {
        case .mayor: "maire"
        case .deputyMayor: "maire adjoint"
        case .councillor: "conseiller"
        case .deputy: "député"
        case .other: "élu"
        }
    }
}
