import Mustache

/// The console's pages. Plain HTML forms, no script, one small stylesheet: they must load
/// over a weak 3G signal on a cheap phone. `{{…}}` escapes everything it prints.
enum ConsoleTemplates {
    static func library() throws -> MustacheLibrary {
        var library = MustacheLibrary()
        for (name, text) in [("header", header), ("footer", footer), ("login", login), ("broadcasts", broadcasts), ("form", form), ("message", message)] {
            try library.register(text, named: name)
        }
        return library
    }

    static let header = """
        <!doctype html>
        <html lang="fr"><head><meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        {{#refresh}}<meta http-equiv="refresh" content="{{refresh}}">{{/refresh}}
        <title>{{title}} · Tama</title>
        <style>
        body{font:16px/1.4 sans-serif;margin:0 auto;max-width:46em;padding:.5em;color:#222}
        h1{font-size:1.3em}table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #ccc;padding:.3em;text-align:left}
        input,select,textarea,button{font:inherit;max-width:100%;box-sizing:border-box}textarea{width:100%}label{display:block;margin:.6em 0 .2em}
        .problem{color:#a00}.note{color:#555;font-size:.9em}form.inline{display:inline}nav{margin-bottom:1em}
        </style></head><body>
        {{#signedIn}}<nav><a href="/console">Diffusions</a> · <a href="/console/broadcasts/new">Nouvelle diffusion</a>
        <form class="inline" method="post" action="/console/logout"><button>Sortir ({{label}})</button></form></nav>{{/signedIn}}
        """

    static let footer = "</body></html>\n"

    static let login = """
        {{> header}}
        <h1>Tama · connexion</h1>
        {{#error}}<p class="problem">{{error}}</p>{{/error}}
        <form method="post" action="/console/login">
        <label for="token">Jeton d'accès</label>
        <input id="token" name="token" type="password" autocomplete="off" required size="40">
        <p><button id="login">Entrer</button></p>
        </form>
        <p class="note">Un jeton se crée sur le serveur : tama token create --role campaign --label "Votre nom".</p>
        {{> footer}}
        """

    static let broadcasts = """
        {{> header}}
        <h1>Diffusions</h1>
        {{^broadcasts}}<p>Aucune diffusion pour l'instant.</p>{{/broadcasts}}
        {{#hasBroadcasts}}
        <table><tr><th>Nom</th><th>État</th><th>Prévue</th><th>En file</th><th>Envoyés</th><th>Reçus</th><th>Échecs</th><th>STOP</th><th></th></tr>
        {{#broadcasts}}<tr id="broadcast-{{id}}"><td>{{name}}</td><td>{{status}}{{#failure}}<br><span class="problem">{{failure}}</span>{{/failure}}</td><td>{{scheduled}}</td><td>{{queued}}</td><td>{{sent}}</td>
        <td>{{delivered}}</td><td>{{failed}}</td><td>{{skipped}}</td><td>
        {{#canPause}}<form class="inline" method="post" action="/console/broadcasts/{{id}}/pause"><button>Pause</button></form>{{/canPause}}
        {{#canResume}}<form class="inline" method="post" action="/console/broadcasts/{{id}}/resume"><button>Reprendre</button></form>{{/canResume}}
        {{#canCancel}}<form class="inline" method="post" action="/console/broadcasts/{{id}}/cancel"><button>Annuler</button></form>{{/canCancel}}
        </td></tr>{{/broadcasts}}
        </table>
        {{/hasBroadcasts}}
        <p class="note">Mise à jour toutes les {{refresh}} secondes.</p>
        {{> footer}}
        """

    static let form = """
        {{> header}}
        <h1>Nouvelle diffusion</h1>
        {{#hasProblems}}<ul id="problems">{{#problems}}<li class="problem">{{.}}</li>{{/problems}}</ul>{{/hasProblems}}
        <form method="post" action="/console/broadcasts">
        <label for="name">Nom</label><input id="name" name="name" value="{{input.name}}" required>
        <label for="campaign">Campagne</label><input id="campaign" name="campaign" value="{{input.campaign}}" required>
        <label for="communes">Communes (séparées par des virgules; vide : toutes)</label><input id="communes" name="communes" value="{{input.communes}}">
        <label for="tags">Étiquettes (séparées par des virgules; vide : toutes)</label><input id="tags" name="tags" value="{{input.tags}}">
        <label><input type="checkbox" name="subscribersOnly" value="1" {{#input.subscribersOnly}}checked{{/input.subscribersOnly}}> Abonnés à la campagne seulement</label>
        {{#input.texts}}<label for="text-{{language}}">Texte ({{language}})</label><textarea id="text-{{language}}" name="text-{{language}}" rows="3">{{text}}</textarea>{{/input.texts}}
        <label for="fallback">Langue de repli</label><select id="fallback" name="fallback">{{#input.texts}}<option {{#isFallback}}selected{{/isFallback}}>{{language}}</option>{{/input.texts}}</select>
        <label for="scheduledAt">Quand (AAAA-MM-JJ HH:MM, heure de {{zone}}; vide : maintenant)</label><input id="scheduledAt" name="scheduledAt" value="{{input.scheduledAt}}">
        <p><button id="preview" name="action" value="preview">Aperçu</button> <button id="schedule" name="action" value="schedule">Programmer</button></p>
        </form>
        {{#preview}}<div id="preview-result"><h2>Aperçu</h2>
        <p><span id="recipients">{{recipients}}</span> destinataires, <span id="parts">{{parts}}</span> SMS, coût estimé <span id="cost">{{cost}}</span> {{currency}}, fin estimée {{finish}}.</p>
        <table><tr><th>Texte</th><th>Destinataires</th><th>Codage</th><th>SMS par message</th><th>Repli pour</th></tr>
        {{#variants}}<tr><td>{{language}}</td><td>{{recipients}}</td><td>{{encoding}}</td><td>{{parts}}</td><td>{{fallbackFor}}</td></tr>{{/variants}}</table>
        {{#leftOut}}<p id="left-out">Laissés de côté : {{optedOut}} ont envoyé STOP, {{leftCampaign}} ont quitté la campagne, {{notSubscribed}} ne sont pas abonnés à la campagne.</p>{{/leftOut}}</div>{{/preview}}
        {{> footer}}
        """

    static let message = """
        {{> header}}
        <h1>{{title}}</h1><p class="problem">{{text}}</p><p><a href="/console">Retour</a></p>
        {{> footer}}
        """
}
