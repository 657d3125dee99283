"""Checks that every menu walk wrk completed left all its effects in the database, once.

Usage: verify-ussd.py DATABASE WRK_OUTPUT
"""
import re
import sqlite3
import sys

QUESTION = "Le forage de Kayes est en panne depuis 3 mois"

database, output = sys.argv[1], open(sys.argv[2]).read()
db = sqlite3.connect(database)
expected = []
for thread, completed, next_walk, failed in re.findall(r"walks thread=(\d+) completed=(\d+) next=(\d+) failed=([\d ]*)", output):
    failed = {int(w) for w in failed.split()}
    if failed:
        print(f"thread {thread}: walks {sorted(failed)} got an unexpected answer")
    done = [w for w in range(int(next_walk)) if w not in failed]
    assert len(done) == int(completed), (thread, completed, len(done))
    expected += [f"+2237{int(thread):02d}{w:05d}" for w in done]

rows = {
    phone: (language, answers, subscribed, questions)
    for phone, language, answers, subscribed, questions in db.execute(
        """
        SELECT s.phone, s.language,
               (SELECT group_concat(choice, '') FROM (SELECT choice FROM quizAnswer q WHERE q.subscriberId = s.id ORDER BY question)),
               (SELECT status FROM subscription c WHERE c.subscriberId = s.id AND campaign = 'engageons-nous'),
               (SELECT count(*) FROM questionAsker a JOIN citizenQuestion q ON q.id = a.questionId
                WHERE a.subscriberId = s.id AND commune = 'kayes' AND topic = 'eau' AND text = ? AND anonymous AND signedBy IS NULL)
        FROM subscriber s
        """,
        (QUESTION,),
    )
}
missing = [p for p in expected if rows.get(p) != ("fr", "BAC", "active", 1)]
duplicated = [p for p, row in rows.items() if row[3] > 1]
for phone in missing[:10]:
    print(f"  {phone}: {rows.get(phone)}")
print(f"verified {len(expected)} completed walks: {len(expected) - len(missing)} with every effect, "
      f"{len(missing)} missing, {len(duplicated)} with a duplicated question")
sys.exit(1 if missing or duplicated or not expected else 0)
