import Mustache

/// The console's pages. Plain HTML forms, no script, one small stylesheet: they must load
/// over a weak 3G signal on a cheap phone. `{{…}}` escapes everything it prints. Every
/// form that changes something carries the session's form token.
enum ConsoleTemplates {
    static func library() throws -> MustacheLibrary {
        var library = MustacheLibrary()
        let templates = [
            ("header", header), ("footer", footer), ("csrf", csrf), ("login", login), ("home", home), ("broadcasts", broadcasts),
            ("form", form), ("message", message), ("radio-list", radioList), ("radio-quiz", radioQuiz), ("radio-draw", radioDraw),
            ("question", question), ("inbox", inbox), ("questions", questions), ("accountability", accountability),
            ("accountability-commune", accountabilityCommune), ("windows", windows), ("figures", figures), ("delay-note", delayNote), ("backlog", backlog),
        ]
        for (name, text) in templates {
            try library.register(text, named: name)
        }
        return library
    }

    static let header = """
        <!doctype html>
        <html lang="fr"><head><meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        {{#layout.refresh}}<meta http-equiv="refresh" content="{{layout.refresh}}">{{/layout.refresh}}
        <title>{{layout.title}} · Tama</title>
        <link rel="stylesheet" href="/style.css">
        </head><body>
        {{#layout.signedIn}}<nav><a href="/console">Accueil</a>
        {{#layout.readBroadcasts}}<a href="/console/broadcasts">Diffusions</a>{{/layout.readBroadcasts}}
        {{#layout.manageBroadcasts}}<a href="/console/broadcasts/new">Nouvelle diffusion</a>{{/layout.manageBroadcasts}}
        {{#layout.readQuizResults}}<a href="/radio">Quiz radio</a>{{/layout.readQuizResults}}
        {{#layout.moderateQuestions}}<a href="/console/questions">Questions</a>{{/layout.moderateQuestions}}
        {{#layout.answerQuestions}}<a href="/inbox">Mes questions</a>{{/layout.answerQuestions}}
        <form class="inline" method="post" action="/console/logout">{{> csrf}}<button class="secondary">Sortir ({{layout.label}})</button></form></nav>{{/layout.signedIn}}
        """

    static let footer = "</body></html>\n"

    static let csrf = #"<input type="hidden" name="csrf" value="{{layout.csrf}}">"#

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

    static let home = """
        {{> header}}
        <h1>Bienvenue, {{layout.label}}</h1>
        <p class="note">Rôle : {{role}}.</p>
        {{> backlog}}
        {{#broadcasts}}<ul><li><a href="/console/broadcasts">Diffusions</a> : leur avancement, pause, reprise, annulation.</li>
        {{#layout.manageBroadcasts}}<li><a href="/console/broadcasts/new">Nouvelle diffusion</a> : aperçu du coût et de la durée, puis programmation.</li>{{/layout.manageBroadcasts}}</ul>{{/broadcasts}}
        {{#quizResults}}<ul id="role-page"><li><a href="/radio">Quiz radio</a> : ouvrir et fermer les questions, les résultats en direct, le tirage au sort.</li></ul>{{/quizResults}}
        {{#questions}}<ul id="role-page"><li><a href="/inbox">Mes questions</a> : les questions des citoyens qui vous sont adressées, et vos réponses.</li></ul>{{/questions}}
        {{#layout.moderateQuestions}}<ul><li><a href="/console/questions">Questions des citoyens</a> : celles à transmettre, celles qui attendent trop, les communes à modérer.</li></ul>{{/layout.moderateQuestions}}
        {{> footer}}
        """

    /// The queue per route; nothing when it is empty.
    static let backlog = """
        {{^empty(backlog)}}<h2>Envois en attente</h2><div class="scroll"><table id="backlog"><tr><th>Route</th><th>Messages</th><th>Le plus ancien attend depuis</th></tr>
        {{#backlog}}<tr><td>{{route}}</td><td class="n">{{waiting}}</td><td>{{#late}}<span class="status status-waiting">{{wait}}</span>{{/late}}{{^late}}{{wait}}{{/late}}{{#lastError}}<br><span class="note">dernier échec : {{lastError}}</span>{{/lastError}}</td></tr>{{/backlog}}
        </table></div>{{/empty(backlog)}}
        """

    static let broadcasts = """
        {{> header}}
        <h1>Diffusions</h1>
        {{> backlog}}
        {{^rows}}<p>Aucune diffusion pour l'instant.</p>{{/rows}}
        {{^empty(rows)}}<div class="scroll"><table><tr><th>Nom</th><th>État</th><th>Prévue</th><th>En file</th><th>Envoyés</th><th>Reçus</th><th>Échecs</th><th>STOP</th><th></th></tr>{{/empty(rows)}}
        {{#rows}}<tr id="broadcast-{{id}}"><td>{{name}}<div class="bar"><span style="width:{{percent}}%"></span></div></td>
        <td><span class="status status-{{statusCode}}">{{status}}</span>{{#failure}}<br><span class="problem">{{failure}}</span>{{/failure}}</td>
        <td>{{scheduled}}</td><td class="n">{{queued}}</td><td class="n">{{sent}}</td><td class="n">{{delivered}}</td><td class="n">{{failed}}</td><td class="n">{{skipped}}</td><td>
        {{#canPause}}<form class="inline" method="post" action="/console/broadcasts/{{id}}/pause">{{> csrf}}<button>Pause</button></form>{{/canPause}}
        {{#canResume}}<form class="inline" method="post" action="/console/broadcasts/{{id}}/resume">{{> csrf}}<button>Reprendre</button></form>{{/canResume}}
        {{#canCancel}}<form class="inline" method="post" action="/console/broadcasts/{{id}}/cancel">{{> csrf}}<button class="secondary">Annuler</button></form>{{/canCancel}}
        </td></tr>{{/rows}}
        {{^empty(rows)}}</table></div>{{/empty(rows)}}
        <p class="note">Mise à jour toutes les {{refresh}} secondes.</p>
        {{> footer}}
        """

    static let form = """
        {{> header}}
        <h1>Nouvelle diffusion</h1>
        {{^empty(problems)}}<ul id="problems">{{/empty(problems)}}{{#problems}}<li class="problem">{{.}}</li>{{/problems}}{{^empty(problems)}}</ul>{{/empty(problems)}}
        <form method="post" action="/console/broadcasts">{{> csrf}}
        <label for="name">Nom</label><input id="name" name="name" value="{{input.name}}" required>
        <label for="campaign">Campagne</label><input id="campaign" name="campaign" value="{{input.campaign}}" required>
        <label for="communes">Communes (séparées par des virgules; vide : toutes)</label><input id="communes" name="communes" value="{{input.communes}}">
        <label for="tags">Étiquettes (séparées par des virgules; vide : toutes)</label><input id="tags" name="tags" value="{{input.tags}}">
        <label><input type="checkbox" id="subscribersOnly" name="subscribersOnly" value="1" {{#input.subscribersOnly}}checked{{/input.subscribersOnly}}> Abonnés à la campagne seulement (jamais ceux qui l'ont quittée ni ceux qui ont envoyé STOP)</label>
        {{#input.texts}}<label for="text-{{language}}">Texte ({{language}})</label><textarea id="text-{{language}}" name="texts[{{language}}]" rows="3">{{text}}</textarea>{{/input.texts}}
        <label for="fallback">Langue de repli</label><select id="fallback" name="fallback">{{#input.texts}}<option {{#isFallback}}selected{{/isFallback}}>{{language}}</option>{{/input.texts}}</select>
        <label for="scheduledAt">Quand (AAAA-MM-JJ HH:MM, heure de {{zone}}; vide : maintenant)</label><input id="scheduledAt" name="scheduledAt" value="{{input.scheduledAt}}">
        <p><button id="preview" name="action" value="preview" class="secondary">Aperçu</button> <button id="schedule" name="action" value="schedule">Programmer</button></p>
        </form>
        {{#preview}}<div id="preview-result"><h2>Aperçu</h2>
        <p><span id="recipients">{{recipients}}</span> destinataires, <span id="parts">{{parts}}</span> SMS, coût estimé <span id="cost">{{cost}}</span> {{currency}}, fin estimée {{finish}}.</p>
        <div class="scroll"><table><tr><th>Texte</th><th>Destinataires</th><th>Codage</th><th>SMS par message</th><th>Repli pour</th></tr>
        {{#variants}}<tr><td>{{language}}</td><td class="n">{{recipients}}</td><td>{{encoding}}</td><td class="n">{{parts}}</td><td>{{fallbackFor}}</td></tr>{{/variants}}</table></div>
        {{#leftOut}}<p id="left-out">Laissés de côté : {{optedOut}} ont envoyé STOP, {{leftCampaign}} ont quitté la campagne, {{notSubscribed}} ne sont pas abonnés à la campagne.</p>{{/leftOut}}</div>{{/preview}}
        {{> footer}}
        """

    static let radioList = """
        {{> header}}
        <h1>Quiz radio</h1>
        {{#seasons}}<section><h2>Campagne {{campaign}}</h2>
        <ul class="big">{{#quizzes}}<li><a href="/radio/{{id}}">{{title}}</a></li>{{/quizzes}}</ul>
        <h3>Classement de la saison</h3>
        {{^empty(leaders)}}<div class="scroll"><table><tr><th>Rang</th><th>Numéro</th><th>Points</th></tr>
        {{#leaders}}<tr><td class="n">{{rank}}</td><td>{{phone}}</td><td class="n">{{score}}</td></tr>{{/leaders}}</table></div>{{/empty(leaders)}}
        {{#empty(leaders)}}<p>Personne n'a encore répondu.</p>{{/empty(leaders)}}</section>{{/seasons}}
        {{#empty(seasons)}}<p>Les menus ne définissent aucun quiz.</p>{{/empty(seasons)}}
        {{#layout.markAnsweredOnAir}}<section><h2>Questions aux élus</h2>
        {{#onAir}}<p class="done" id="on-air-done">La question n° {{.}} compte comme répondue à l'antenne.</p>{{/onAir}}
        <form id="on-air-form" method="post" action="/radio/questions/on-air">{{> csrf}}<p>Une question de citoyen a reçu sa réponse à l'antenne ? Elle comptera comme répondue sur la page publique.</p>
        <label for="on-air-number">Numéro de la question</label><input id="on-air-number" name="number" inputmode="numeric" required maxlength="9">
        <label for="on-air-text">Ce qui a été répondu (facultatif)</label><textarea id="on-air-text" name="text" maxlength="1000" rows="3"></textarea>
        <button id="on-air">Répondue à l'antenne</button></form></section>{{/layout.markAnsweredOnAir}}
        {{> footer}}
        """

    /// The studio's page: large numbers, bars, one button per question. The small script
    /// only follows the server's events; without it a refresh gives the same page.
    static let radioQuiz = """
        {{> header}}
        <noscript><p class="note">Rechargez la page pour les derniers chiffres.</p></noscript>
        <div class="radio">
        <h1>{{title}}</h1>
        <p class="big"><span id="participants">{{participants}}</span> participants</p>
        {{#questions}}<section id="q{{number}}" class="question">
        <h2>Question {{number}} <span id="q{{number}}-state" class="status status-{{state}}">{{stateWords}}</span></h2>
        <p>{{text}}</p>
        {{#choices}}<div class="choice{{#right}} right{{/right}}"><span>{{letter}} · {{label}}</span> <b id="q{{number}}-{{letter}}">{{share}} %</b>
        <div class="bar"><span id="q{{number}}-{{letter}}-bar" style="width:{{share}}%"></span></div></div>{{/choices}}
        <p><span id="q{{number}}-answers">{{answers}}</span> réponses, <span id="q{{number}}-right">{{rightShare}}</span> % justes · <span id="q{{number}}-late">{{late}}</span> hors délai</p>
        {{#canOpen}}<form method="post" action="/radio/{{quiz}}/questions/{{number}}/open">{{> csrf}}<button id="open-{{number}}">Ouvrir la question {{number}}</button></form>{{/canOpen}}
        {{#canClose}}<form method="post" action="/radio/{{quiz}}/questions/{{number}}/close">{{> csrf}}<button id="close-{{number}}" class="secondary">Fermer la question {{number}}</button></form>{{/canClose}}
        </section>{{/questions}}
        <h2>Meilleurs scores</h2>
        <div class="scroll"><table><thead><tr><th>Rang</th><th>Numéro</th><th>Points</th></tr></thead><tbody id="leaders">
        {{#leaders}}<tr><td class="n">{{rank}}</td><td>{{phone}}</td><td class="n">{{score}}</td></tr>{{/leaders}}
        </tbody></table></div>
        <h2>Par commune</h2>
        {{^empty(communes)}}<div class="scroll"><table><tr><th>Commune</th><th>Réponses</th><th>Justes</th></tr>
        {{#communes}}<tr><td>{{name}}</td><td class="n">{{answers}}</td><td class="n">{{rightShare}} %</td></tr>{{/communes}}</table></div>{{/empty(communes)}}
        {{#empty(communes)}}<p>Pas encore de réponses.</p>{{/empty(communes)}}
        <h2>Lire à l'antenne</h2>
        <div class="card">{{#card}}<p>{{.}}</p>{{/card}}</div>
        {{#run}}<h2>Tirage au sort</h2>
        <form method="post" action="/radio/{{quiz}}/draws">{{> csrf}}
        <label for="among">Parmi</label><select id="among" name="among"><option value="all-correct">ceux qui ont tout juste</option><option value="participants">tous les participants</option></select>
        <label for="count">Gagnants</label><input id="count" name="count" value="1" inputmode="numeric">
        <p><button id="draw">Tirer au sort</button></p></form>{{/run}}
        </div>
        <script>
        (function () {
          if (!window.EventSource) return;
          var words = {waiting: "en attente", open: "ouverte", closed: "fermée"};
          function set(id, value) { var e = document.getElementById(id); if (e) e.textContent = value; }
          var events = new EventSource(location.pathname + "/events");
          events.onmessage = function (event) {
            var results = JSON.parse(event.data);
            set("participants", results.participants);
            results.questions.forEach(function (q) {
              var p = "q" + q.number;
              set(p + "-answers", q.answers); set(p + "-right", q.rightShare); set(p + "-late", q.late);
              var state = document.getElementById(p + "-state");
              if (state) { state.textContent = words[q.state]; state.className = "status status-" + q.state; }
              q.choices.forEach(function (c) {
                set(p + "-" + c.letter, c.share + " %");
                var bar = document.getElementById(p + "-" + c.letter + "-bar");
                if (bar) bar.style.width = c.share + "%";
              });
            });
            var leaders = document.getElementById("leaders");
            if (leaders) {
              while (leaders.firstChild) leaders.removeChild(leaders.firstChild);
              results.leaders.forEach(function (l) {
                var row = leaders.insertRow();
                [l.rank, l.phone, l.score].forEach(function (v, i) { var cell = row.insertCell(); cell.textContent = v; if (i !== 1) cell.className = "n"; });
              });
            }
          };
        })();
        </script>
        {{> footer}}
        """

    static let radioDraw = """
        {{> header}}
        <div class="radio">
        <h1>Tirage au sort</h1>
        <p class="big">{{#winners}}<span class="winner">{{.}}</span> {{/winners}}</p>
        <h2>Lire à l'antenne</h2>
        <div class="card">{{#card}}<p>{{.}}</p>{{/card}}</div>
        <h2>Pour vérifier</h2>
        <p class="note">Avant le tirage, Tama a publié la liste et les empreintes ci-dessous ; la graine, révélée après, donne les gagnants à partir de la liste seule. Gardez ce texte : <code>tama quiz verify-draw</code> le vérifie.</p>
        <p class="note">Liste : <code id="list-hash">{{listHash}}</code><br>Graine (empreinte) : <code>{{seedHash}}</code><br>Graine : <code id="seed">{{seed}}</code></p>
        <pre id="published">{{text}}</pre>
        <p><a href="/radio/{{quiz}}">Retour au quiz</a></p>
        </div>
        {{> footer}}
        """

    /// One question, as the inbox and the moderation page show it.
    static let question = """
        <div class="question" id="question-{{number}}"><h2>Question n° {{number}} <span class="status status-{{statusCode}}">{{status}}</span>
        {{#escalated}}<span class="status status-failed">en attente depuis longtemps</span>{{/escalated}}</h2>
        <p class="note">{{commune}}{{#topic}} · {{topic}}{{/topic}} · {{askedAt}} · {{#signedBy}}signée {{signedBy}}{{/signedBy}}{{^signedBy}}anonyme{{/signedBy}}</p>
        <blockquote>{{text}}</blockquote>
        {{#answers}}<p class="answer"><b>{{by}}</b>, {{at}} : {{text}}</p>{{/answers}}
        {{#rating}}<p class="note">Avis du citoyen : {{rating}}</p>{{/rating}}
        """

    static let inbox = """
        {{> header}}
        <h1>Questions des citoyens</h1>
        <p class="note">{{official}}. Répondez ici ou par SMS : R, le numéro, votre réponse. Le citoyen la reçoit par SMS, dans sa langue ; vous ne voyez jamais son numéro s'il ne l'a pas choisi.</p>
        {{^questions}}<p>Aucune question ne vous a été adressée pour l'instant.</p>{{/questions}}
        {{#questions}}{{> question}}
        {{#canAnswer}}<form method="post" action="/inbox/{{number}}/answer">{{> csrf}}
        <label for="answer-{{number}}">Votre réponse (1000 caractères au plus)</label>
        <textarea id="answer-{{number}}" name="text" rows="3" maxlength="1000" required></textarea>
        <p><button id="send-{{number}}">Envoyer au citoyen</button></p></form>{{/canAnswer}}
        </div>{{/questions}}
        {{> footer}}
        """

    static let questions = """
        {{> header}}
        <h1>Questions des citoyens</h1>
        <h2>À transmettre</h2>
        {{^held}}<p class="note">Aucune question retenue.</p>{{/held}}
        {{#held}}{{> question}}
        <form class="inline" method="post" action="/console/questions/{{number}}/approve">{{> csrf}}<button id="approve-{{number}}">Transmettre</button></form>
        <form method="post" action="/console/questions/{{number}}/hide">{{> csrf}}<label for="reason-{{number}}">Raison pour ne pas la transmettre</label>
        <input id="reason-{{number}}" name="reason" required maxlength="500"><button class="secondary" id="hide-{{number}}">Masquer</button></form></div>{{/held}}
        <h2>En attente depuis longtemps</h2>
        {{^escalated}}<p class="note">Aucune.</p>{{/escalated}}
        {{#escalated}}{{> question}}</div>{{/escalated}}
        <h2>Récentes</h2>
        {{#recent}}{{> question}}
        {{#canHide}}<form class="inline" method="post" action="/console/questions/{{number}}/public">{{> csrf}}
        {{#isPublic}}<button class="secondary" name="public" value="0" id="private-{{number}}">Retirer de la page publique</button>{{/isPublic}}{{^isPublic}}<button class="secondary" name="public" value="1" id="public-{{number}}">Rendre publique</button>{{/isPublic}}</form>{{/canHide}}
        {{#draftable}} <a href="/console/broadcasts/new?question={{number}}" id="draft-{{number}}">En faire une diffusion</a>{{/draftable}}
        {{#canHide}}<form method="post" action="/console/questions/{{number}}/hide">{{> csrf}}<label for="reason-{{number}}">Raison pour la masquer</label>
        <input id="reason-{{number}}" name="reason" required maxlength="500"><button class="secondary" id="hide-{{number}}">Masquer</button></form>{{/canHide}}</div>{{/recent}}
        <h2>Modération par commune</h2>
        <div class="scroll"><table><tr><th>Commune</th><th>Questions</th><th></th></tr>
        {{#communes}}<tr><td>{{name}}</td><td>{{#held}}retenues pour approbation{{/held}}{{^held}}transmises aussitôt{{/held}}</td>
        <td><form class="inline" method="post" action="/console/questions/communes/{{id}}">{{> csrf}}
        {{#held}}<button class="secondary" name="hold" value="0">Transmettre aussitôt</button>{{/held}}{{^held}}<button class="secondary" name="hold" value="1">Retenir</button>{{/held}}</form></td></tr>{{/communes}}
        </table></div>
        {{> footer}}
        """

    static let windows = """
        <p class="windows">{{#windows}}{{#current}}<b>{{days}} jours</b>{{/current}}{{^current}}<a href="?jours={{days}}">{{days}} jours</a>{{/current}} {{/windows}}</p>
        """

    /// Received, answered with its share as a bar, the median wait: counts beside every share.
    static let figures = """
        <td class="n">{{received}}</td><td class="n">{{answered}}</td><td>{{percent}}<div class="bar"><span style="width:{{width}}%"></span></div></td><td class="n">{{median}}</td>
        """

    static let delayNote = "Délai : le délai médian, de la transmission de la question à sa première réponse. Aucun numéro de téléphone n'apparaît ici."

    static let accountability = """
        {{> header}}
        <h1>Les élus répondent-ils ?</h1>
        <p>Les questions que les citoyens ont posées à leurs élus par téléphone (USSD ou SMS), celles qui ont reçu une réponse, et le temps qu'il a fallu, sur les {{days}} derniers jours.</p>
        {{> windows}}
        {{^communes}}<p class="note">Aucune question transmise sur cette période.</p>{{/communes}}
        {{^empty(communes)}}<div class="scroll"><table><tr><th>Commune</th><th>Reçues</th><th>Répondues</th><th>Part</th><th>Délai</th></tr>{{/empty(communes)}}
        {{#communes}}<tr id="commune-{{id}}"><td><a href="/redevabilite/{{id}}?jours={{days}}">{{name}}</a></td>{{#figures}}{{> figures}}{{/figures}}</tr>{{/communes}}
        {{^empty(communes)}}</table></div>{{/empty(communes)}}
        <p class="note">{{> delay-note}} <a href="/redevabilite/donnees.csv?jours={{days}}">Les chiffres en CSV</a>.</p>
        {{> footer}}
        """

    static let accountabilityCommune = """
        {{> header}}
        <h1>{{name}} : les élus répondent-ils ?</h1>
        {{> windows}}
        {{^figures}}<p class="note">Aucune question transmise sur les {{days}} derniers jours.</p>{{/figures}}
        {{#figures}}<p class="big" id="share">{{percent}}</p><p id="counts">Questions reçues : {{received}} · répondues : {{answered}} · délai médian : {{median}} (sur les {{days}} derniers jours)</p>{{/figures}}
        {{^empty(officials)}}<h2>Par élu</h2><div class="scroll"><table id="officials"><tr><th>Rang</th><th>Élu</th><th>Reçues</th><th>Répondues</th><th>Part</th><th>Délai</th></tr>
        {{#officials}}<tr><td>{{rank}}</td><td>{{name}}</td>{{#figures}}{{> figures}}{{/figures}}</tr>{{/officials}}</table></div>
        <p class="note">Un élu qui a reçu moins de {{minimum}} questions n'a ni part ni rang : trop peu pour juger.</p>{{/empty(officials)}}
        {{^empty(topics)}}<h2>Par sujet</h2><div class="scroll"><table id="topics"><tr><th>Sujet</th><th>Reçues</th><th>Répondues</th><th>Part</th><th>Délai</th></tr>
        {{#topics}}<tr><td>{{name}}</td>{{#figures}}{{> figures}}{{/figures}}</tr>{{/topics}}</table></div>{{/empty(topics)}}
        {{^empty(questions)}}<h2>Questions et réponses rendues publiques</h2>{{/empty(questions)}}
        {{#questions}}<div class="question" id="question-{{number}}"><p class="note">n° {{number}} · {{topic}}</p><blockquote>{{text}}</blockquote>
        {{#answers}}<p class="answer"><b>{{by}}</b>, {{at}} : {{text}}</p>{{/answers}}</div>{{/questions}}
        <p class="note">{{> delay-note}}</p>
        <p><a href="/redevabilite?jours={{days}}">Toutes les communes</a></p>
        {{> footer}}
        """

    static let message = """
        {{> header}}
        <h1>{{layout.title}}</h1><p class="problem">{{text}}</p><p><a href="/console">Retour</a></p>
        {{> footer}}
        """

    /// The one stylesheet of every page Tama serves: small, no web font, no framework.
    static let stylesheet = """
        :root{--ink:#1d2327;--muted:#5f6b73;--line:#d5dadd;--accent:#0b6e4f;--warn:#9a5800;--bad:#b00020;--good:#1b7f3b}
        *{box-sizing:border-box}
        body{font:16px/1.45 system-ui,sans-serif;margin:0 auto;max-width:46em;padding:.6em;color:var(--ink);background:#fff}
        h1{font-size:1.35em;margin:.4em 0 .6em}h2{font-size:1.1em;margin:1.2em 0 .4em}
        a{color:var(--accent)}
        nav{display:flex;flex-wrap:wrap;gap:.3em .9em;align-items:center;padding-bottom:.5em;margin-bottom:1em;border-bottom:2px solid var(--accent)}
        nav form{margin-left:auto}
        .scroll{overflow-x:auto}table{border-collapse:collapse;width:100%;font-size:.95em}
        th,td{border-bottom:1px solid var(--line);padding:.35em .3em;text-align:left;vertical-align:top}
        th{color:var(--muted);font-weight:600}td.n{text-align:right;font-variant-numeric:tabular-nums}
        label{display:block;margin:.7em 0 .2em;font-weight:600}
        input,select,textarea,button{font:inherit;max-width:100%}
        input,select,textarea{width:100%;padding:.35em;border:1px solid #9aa4ab;border-radius:3px}
        input[type=checkbox]{width:auto;margin-right:.4em}
        button{padding:.4em .9em;border:1px solid var(--accent);background:var(--accent);color:#fff;border-radius:3px;cursor:pointer}
        button.secondary{background:#fff;color:var(--accent)}
        form.inline{display:inline}
        .problem{color:var(--bad)}.done{color:var(--good)}.note{color:var(--muted);font-size:.9em}
        .status{display:inline-block;padding:0 .45em;border-radius:3px;font-size:.85em;background:#eef1f2}
        .status-sending,.status-fanning_out{background:#e3f1ea;color:var(--accent)}
        .status-paused,.status-scheduled{background:#fdf0dc;color:var(--warn)}
        .status-failed,.status-cancelled{background:#fbe3e6;color:var(--bad)}
        .status-finished,.status-open{background:#e6f4ea;color:var(--good)}.status-waiting{background:#fdf0dc;color:var(--warn)}
        .status-closed{background:#eceff1;color:var(--muted)}
        .bar{background:#eef1f2;border-radius:3px;height:.5em;overflow:hidden;margin-top:.25em}
        .bar span{display:block;height:100%;background:var(--accent)}
        .radio{font-size:1.15em}.radio h1{font-size:1.6em}.big{font-size:1.8em;font-weight:700;margin:.3em 0}
        .question{border-top:2px solid var(--line);padding:.4em 0}.question form{display:inline-block;margin:.2em .4em .2em 0}
        .choice{margin:.35em 0}.choice b{float:right}.choice .bar{height:.9em}.choice.right span:first-child{font-weight:700;color:var(--good)}
        .choice.right .bar span{background:var(--good)}
        .card{background:#f4f7f5;border-left:4px solid var(--accent);padding:.2em .8em}.winner{display:inline-block;margin-right:.6em}
        blockquote{margin:.3em 0;padding:.3em .7em;border-left:4px solid var(--line);background:#f8f9fa}.answer{margin:.3em 0 .3em 1em}
        .status-held,.status-awaiting_commune{background:#fdf0dc;color:var(--warn)}.status-routed{background:#e3f1ea;color:var(--accent)}
        .status-answered{background:#e6f4ea;color:var(--good)}.status-hidden{background:#eceff1;color:var(--muted)}
        .windows b,.windows a{margin-right:.8em}
        pre{white-space:pre-wrap;word-break:break-all;font-size:.8em;background:#f6f6f6;padding:.5em}code{word-break:break-all}

        """
}
