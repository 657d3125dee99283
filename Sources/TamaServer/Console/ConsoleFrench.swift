import TamaCore
import TamaStore

/// The console speaks French: the domain's problems and states in the words a campaign
/// team in Kayes reads.
extension BroadcastProblem {
    var french: String {
        switch self {
        case .noName: "La diffusion n'a pas de nom."
        case .emptyText(let language): "Le texte « \(language) » est vide."
        case .uncovered(let language, let count, let fallback):
            "\(count) destinataire(s) lisent « \(language?.rawValue ?? "une langue inconnue") », qui n'a pas de texte, et la langue de repli « \(fallback) » n'en a pas non plus."
        case .emptyAudience: "Personne ne correspond à ces critères."
        case .scheduledInPast: "L'heure prévue est passée."
        case .unreadableTime(let text): "L'heure « \(text.prefix(40)) » n'est pas de la forme 2026-11-22 08:00."
        case .noSendingRoute: "Aucun opérateur d'envoi n'est configuré sur le serveur."
        case .tooLong(let field, let limit): "« \(field) » dépasse \(limit) caractères."
        case .tooMany(let field, let limit): "« \(field) » a plus de \(limit) éléments."
        case .tooManyParts(let language, let parts, let limit): "Le texte « \(language) » fait \(parts) SMS par message ; le maximum est \(limit)."
        case .invalidCharacter(let field): "« \(field) » contient un caractère interdit."
        }
    }
}

extension BroadcastStatus {
    var french: String {
        switch self {
        case .scheduled: "programmée"
        case .fanningOut: "en préparation"
        case .sending: "en envoi"
        case .paused: "en pause"
        case .finished: "terminée"
        case .cancelled: "annulée"
        case .failed: "échouée"
        }
    }
}

extension BroadcastChangeError {
    var french: String {
        switch self {
        case .notFound(let id): "La diffusion \(id) n'existe pas."
        case .notAllowed(let id, let status, let action):
            "La diffusion \(id) est \(status.french) : impossible de la \(action.french)."
        }
    }
}

extension BroadcastStatus.Action {
    /// As in « impossible de la … ».
    var french: String {
        switch self {
        case .pause: "mettre en pause"
        case .resume: "reprendre"
        case .cancel: "annuler"
        }
    }
}

extension Role {
    var french: String {
        switch self {
        case .admin: "administration"
        case .campaign: "équipe de campagne"
        case .host: "animation radio"
        case .official: "élu"
        }
    }
}

extension Permission {
    /// As in « ne peut pas … ».
    var french: String {
        switch self {
        case .manageTokens: "gérer les jetons"
        case .readSubscribers: "voir les abonnés"
        case .importSubscribers: "importer des abonnés"
        case .eraseSubscribers: "effacer des abonnés"
        case .readBroadcasts: "voir les diffusions"
        case .manageBroadcasts: "créer ou modifier des diffusions"
        case .readQuizResults: "voir les résultats des quiz"
        case .runQuizzes: "ouvrir et fermer les questions des quiz"
        case .manageHosts: "enregistrer les animateurs"
        case .readWinners: "voir les numéros des gagnants"
        case .manageOfficials: "enregistrer les élus"
        case .readQuestions: "lire les questions des citoyens"
        case .answerQuestions: "répondre aux citoyens"
        case .moderateQuestions: "modérer les questions des citoyens"
        case .markAnsweredOnAir: "marquer une question répondue à l'antenne"
        }
    }
}

extension QuestionProblem {
    var french: String {
        switch self {
        case .unknown(let number): "Il n'y a pas de question n° \(number)."
        case .notHeld(let number, let status): "La question n° \(number) n'est pas retenue (elle est \(status.french))."
        case .notPassedOn(let number, let status): "La question n° \(number) n'a pas été transmise aux élus (elle est \(status.french))."
        case .notPublic(let number): "La question n° \(number) n'est pas répondue et publique : seules celles-là deviennent des diffusions."
        case .hidden(let number): "La question n° \(number) est déjà masquée."
        case .reason: "Donnez la raison, 500 caractères au plus : le journal la garde."
        case .unknownCommune(let commune, let known): "Il n'y a pas de commune « \(commune.prefix(40)) » ; les menus ont \(known.joined(separator: ", "))."
        case .answer(let problem): problem.description
        }
    }
}
